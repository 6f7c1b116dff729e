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


# --- Huge numbers ---------------------------------------------------------------------------

HUGE_INT = "1" + "0" * 5000
HUGE_NUMBERS = [HUGE_INT, "-" + HUGE_INT, "1e999", "-1e999", "1" * 5000 + ".5", "0." + "1" * 5000]


def _case_text(**referral_changes: object) -> str:
    document = json.loads((VALID / "pilot-case.json").read_text(encoding="utf-8"))
    document["referral"].update(referral_changes)
    return json.dumps(document)


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_a_huge_number_is_a_problem_in_every_reader(number: str, tmp_path: Path):
    from nrm_core.io.interchange import from_json
    from nrm_core.io.validation import validate_text
    from nrm_core.lifecycle import Case

    text = _case_text(referral_id="R-HUGE").replace('"version": 2', f'"version": {number}')
    assert number in text
    [report] = validate_text(text)
    assert [p.code for p in report.problems] == ["number-too-large"]
    with pytest.raises(ValueError, match="number") as caught:
        from_json(text, Case)
    assert type(caught.value).__module__.startswith("nrm_core")  # not Python's ValueError
    lines = tmp_path / "cases.jsonl"
    lines.write_text(f"{text}\n{_case_text()}\n", encoding="utf-8")
    array = tmp_path / "cases.json"
    array.write_text(f"[{text}, {_case_text()}]", encoding="utf-8")
    for path in (lines, array):
        status, out, err = run("validate", path)
        assert status == 1, err
        assert "[number-too-large]" in out
        assert "1 valid, 1 invalid" in out  # the next record is read
        status, out, err = run("report", path, "--as-of", "2026-09-30")
        assert status == 0, err
        assert "1 invalid record left out" in err
        status, out, err = run("explain", path, "--case", "R-EXAMPLE-1", "--as-of", "2026-09-30")
        assert status == 0, err
    payloads = tmp_path / "payloads.jsonl"
    payloads.write_text(f'{{"ExternalId": {number}}}\n', encoding="utf-8")
    status, out, err = run("import", "home-office", payloads, "--submitted-on", "2026-05-01")
    assert status == 1, err
    assert "[number-too-large]" in err


def test_a_long_but_ordinary_number_is_read():
    from nrm_core._strict_json import loads

    assert loads("1" * 100) == int("1" * 100)
    assert loads("1e308") == 1e308


# --- Rules and site files: strict JSON, whole versions, bounded durations ---------------------


def _rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.json"
    path.write_text(text, encoding="utf-8")
    return path


_ONE_RULE = (
    '{"format": "nrm-core/policy", "version": VERSION, "parameters": {"PARAM": {"values": ['
    '{"valid_from": "2009-04-01", "valid_to": null, "value": VALUE, "citation": {"source": '
    '{"key": "L1", "title": "Our rules", "version": "1"}, "section": "s.1", '
    '"confidence": "unverified"}}]}}}'
)


def _rule(version: str = "1", param: str = "sca_rg_target", value: str = "") -> str:
    value = value or '{"amount": 45, "unit": "working-days"}'
    return (
        _ONE_RULE.replace("VERSION", version).replace("PARAM", param).replace("VALUE", value)
    )


def test_the_rules_file_template_is_accepted(tmp_path: Path):
    status, _, err = run("validate", VALID, "--rules", _rules_file(tmp_path, _rule()))
    assert status == 0, err


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (_rule(version="1.0"), "version"),
        (_rule(version="true"), "version"),
        (_rule().replace('"version": 1,', '"version": 1, "version": 1,'), "duplicate key"),
        (_rule().replace('"section": "s.1",', '"section": "s.1", "section": "s.2",'),
         "duplicate key"),  # fmt: skip
        (_rule(version=HUGE_INT), "too large"),
        (_rule(value='{"amount": 1e999, "unit": "calendar-days"}'), "too large"),
    ],
    ids=["version-1.0", "version-true", "duplicate-top", "duplicate-citation", "huge-version",
         "infinite-amount"],  # fmt: skip
)
def test_a_malformed_rules_file_is_refused(tmp_path: Path, text: str, says: str):
    status, out, err = run("validate", VALID, "--rules", _rules_file(tmp_path, text))
    assert status == 2
    assert says in err
    assert not out


@pytest.mark.parametrize("param", ["sca_rg_target", "pilot_rg_timescale", "recovery_period",
                                   "earliest_cg_after_rg", "reconsideration_window",
                                   "reconsideration_reply_target"])  # fmt: skip
@pytest.mark.parametrize("unit", ["calendar-days", "working-days", "months"])
def test_a_duration_too_long_for_the_calendar_is_refused_when_loaded(
    tmp_path: Path, param: str, unit: str
):
    value = f'{{"amount": 999999999999, "unit": "{unit}"}}'
    rules = _rules_file(tmp_path, _rule(param=param, value=value))
    synthetic = EXAMPLES / "synthetic" / "cases.jsonl"
    status, out, err = run("report", synthetic, "--as-of", "2026-09-30", "--rules", rules)
    assert status == 2, err
    assert "100 years" in err
    assert not out


def test_a_duration_of_a_hundred_years_is_accepted(tmp_path: Path):
    value = '{"amount": 1200, "unit": "months"}'
    rules = _rules_file(tmp_path, _rule(param="reconsideration_window", value=value))
    synthetic = EXAMPLES / "synthetic" / "cases.jsonl"
    status, _, err = run("report", synthetic, "--as-of", "2026-09-30", "--rules", rules)
    assert status == 0, err


def test_a_sites_json_file_is_read_strictly(tmp_path: Path):
    sites = tmp_path / "sites.json"
    sites.write_text('{"sites": [], "sites": []}', encoding="utf-8")
    status, _, err = run("validate", VALID, "--sites", sites)
    assert status == 2
    assert "duplicate key" in err
    sites.write_text('{"sites": [{"site_id": 1e999}]}', encoding="utf-8")
    status, _, err = run("validate", VALID, "--sites", sites)
    assert status == 2
    assert "too large" in err
