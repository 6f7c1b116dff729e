"""The scripts in examples/ run and say what they should."""

import io
import subprocess
import sys
from pathlib import Path

from nrm_core.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_walkthrough_runs_to_a_served_cg_decision():
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "walkthrough.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    out = result.stdout
    assert "Who decides? pilot panel P1-01 (in the pilot's scope: True)" in out
    assert "[before-age-cutoff]" in out
    assert "state: cg-negative " in out
    assert "[negative-pilot-decision-not-reviewed]" in out
    assert "CG negative decided 2026-05-05 by pilot panel P1-01; SCA review 2026-05-12" in out
    assert "met      Pilot panel RG decision: 2026-04-16" in out
    assert "waited 39 days for: CG decision" in out
    assert "Fictional Child" not in out, "the child's name never appears"


def test_the_report_how_to_shows_what_the_command_prints():
    # The how-to's sample output is the command's real output, line for line ("..." skips).
    text = (EXAMPLES.parent / "docs" / "howto" / "report.rst").read_text(encoding="utf-8")
    block = text.split(".. code-block:: console", 1)[1].split("\n\n", 2)[1]
    shown = [
        line.strip()
        for line in block.splitlines()
        if line.strip() != "[...]" and not line.strip().startswith(("$ ", "Charts written"))
    ]
    out = io.StringIO()
    code = main(
        ["report", str(EXAMPLES / "data" / "synthetic" / "cases.jsonl"), "--as-of", "2026-09-30",
         "--period", "year", "--table", "waiting-times", "--table", "open-cases"],
        out=out, err=io.StringIO(),
    )  # fmt: skip
    assert code == 0
    out = out.getvalue()
    printed = [line.strip() for line in out.splitlines()]
    assert len(shown) >= 4
    assert set(shown) <= set(printed), set(shown) - set(printed)


def test_the_hull_referral_script_runs_in_fifty_lines_of_public_names():
    # The how-to "A referral from start to a served decision": create, route, panel RG, serve,
    # deadlines, next events, explain, using only names the index and API pages list.
    import ast

    import nrm_core

    script = EXAMPLES / "hull_referral.py"
    source = script.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 50
    used = {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "nrm"
    }
    assert used <= set(nrm_core.__all__), used - set(nrm_core.__all__)
    assert {"route", "apply", "check_panel", "deadlines_for", "available_events"} <= used
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=120
    )
    out = result.stdout.splitlines()
    assert out[0] == "Hull City Council (E06000010): pilot panel P1-03"
    assert out[1] == "panel problems: ()"
    assert "met      Pilot panel RG decision: 2026-06-18" in result.stdout
    assert out[4].startswith("next: cg-positive, cg-negative")
    assert "As of 2026-06-01: awaiting-cg; decision maker: pilot panel P1-03" in out
    assert "SCA review 2026-05-22; served 2026-05-26" in result.stdout
    how_to = (EXAMPLES.parent / "docs" / "howto" / "hull-referral.rst").read_text()
    assert "literalinclude:: ../../examples/hull_referral.py" in how_to
    index = (EXAMPLES.parent / "docs" / "index.rst").read_text()
    assert "howto/hull-referral" in index
    assert "AuthorityRegister.find" in index
