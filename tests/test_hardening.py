"""Round three of hardening (issue 25): each defect with the input that showed it.

Nothing lost (a record left out always has a line that says so), nothing echoed (no
personal value in any output), nothing crashes (no exit 3, no raw exception).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from nrm_core.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"
VALID = EXAMPLES / "valid"


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --- Dates on the command line: YYYY-MM-DD only -------------------------------------------


@pytest.mark.parametrize(
    "text", ["2026W403", "2026-W40-3", "20260930", "2026-09-30T00:00", "２０２６-09-30", "2026-9-30"]
)
@pytest.mark.parametrize(
    "command",
    [
        ("validate", VALID),
        ("report", VALID),
        ("explain", VALID / "pilot-case.json"),
        ("import", "home-office", EXAMPLES / "home-office" / "payloads.json"),
    ],
    ids=["validate", "report", "explain", "import"],
)
def test_a_date_not_written_yyyy_mm_dd_is_a_usage_error(
    command: tuple[object, ...], text: str, capsys: pytest.CaptureFixture[str]
):
    option = "--submitted-on" if command[0] == "import" else "--as-of"
    status, out, err = run(*command, option, text)
    err += capsys.readouterr().err  # argparse's own message
    assert status == 2, (out, err)
    assert "YYYY-MM-DD" in err
    assert not out


def test_the_strict_date_is_read():
    status, out, _ = run("explain", VALID / "pilot-case.json", "--as-of", "2026-06-01")
    assert status == 0
    assert "2026-06-01" in out
