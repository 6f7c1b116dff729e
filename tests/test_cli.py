"""The nrm-core command, run as a subprocess (as users run it)."""

import datetime as dt
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nrm_core import cli
from nrm_core.cli import main
from nrm_core.errors import InvalidValueError
from nrm_core.events import RouteOverride
from nrm_core.reporting.stats import age_cutoff_rules, report
from nrm_core.rules import Rules

AS_OF = dt.date(2026, 9, 30)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


def nrm_core(*args, check=False):
    return subprocess.run(
        [sys.executable, "-m", "nrm_core", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def test_validate_valid_examples_exits_0():
    result = nrm_core("validate", EXAMPLES / "valid")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 valid, 0 invalid" in result.stdout


def test_validate_invalid_examples_exits_1_with_every_problem():
    result = nrm_core("validate", EXAMPLES / "invalid" / "bad-shapes.json")
    assert result.returncode == 1
    for code in ("invalid-date", "invalid-enum", "unknown-field", "missing-field"):
        assert f"[{code}]" in result.stdout
    assert "Fictional Child" not in result.stdout


def test_broken_and_empty_files_are_reports_not_tracebacks():
    for name, code in (("broken.json", "invalid-json"), ("empty.jsonl", "empty-file")):
        result = nrm_core("validate", EXAMPLES / "invalid" / name)
        assert result.returncode == 1
        assert f"[{code}]" in result.stdout
        assert "Traceback" not in result.stderr


def test_json_output_is_one_object_per_line():
    result = nrm_core("validate", "--format", "json", EXAMPLES / "invalid" / "bad-history.jsonl")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[-1]["summary"]["invalid"] == 4
    assert lines[0]["problems"][0]["code"] == "negative-pilot-decision-not-reviewed"


def test_usage_errors_exit_2():
    assert nrm_core("validate", "no-such-file.json").returncode == 2
    assert nrm_core("validate").returncode == 2
    assert nrm_core("explain", EXAMPLES / "valid" / "cases.jsonl", "--case", "X").returncode == 2
    missing = nrm_core(
        "explain", EXAMPLES / "valid" / "cases.jsonl", "--case", "NOPE", "--as-of", "2026-11-22"
    )
    assert missing.returncode == 2
    assert "no case with id 'NOPE'" in missing.stderr


def test_explain_a_case():
    result = nrm_core(
        "explain",
        EXAMPLES / "valid" / "cases.jsonl",
        "--case",
        "R-2026-0001",
        "--as-of",
        "2026-06-01",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "As of 2026-06-01: awaiting-cg; decision maker: SCA" in out
    assert "NO [authority-not-in-pilot]" in out
    # Referred on Monday 4 May 2026, a bank holiday: 5 working days end on 11 May.
    assert "missed   SCA RG decision: 2026-05-11 (target; england-and-wales calendar)" in out
    assert "pending  Earliest SCA CG decision: 2026-06-11 (earliest)" in out
    assert "Waiting 28 days so far, for: CG decision" in out


def test_explain_json():
    result = nrm_core(
        "explain", EXAMPLES / "valid" / "pilot-case.json", "--case", "R-EXAMPLE-1",
        "--as-of", "2026-04-10", "--format", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["state"] == "awaiting-cg"
    assert data["days_waited"] == 39
    assert {d["code"] for d in data["deadlines"]} == {"turns-eighteen", "rg-decision-due"}


def test_schema_codes_diagram_version():
    schema = json.loads(nrm_core("schema", check=True).stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    codes = json.loads(nrm_core("codes", "--format", "json", check=True).stdout)
    assert {"invalid-date", "negative-pilot-decision-not-reviewed"} <= {c["code"] for c in codes}
    assert nrm_core("diagram", check=True).stdout.startswith("stateDiagram-v2")
    assert "nrm-core" in nrm_core("--version", check=True).stdout


def test_report_on_the_bundled_synthetic_sample():
    result = nrm_core(
        "report", EXAMPLES / "synthetic" / "cases.jsonl", "--as-of", "2026-09-30",
        "--period", "year", "--table", "open-cases",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Cases still waiting on 2026-09-30" in result.stdout
    assert "Definitions:" in result.stdout
    csv_out = nrm_core(
        "report", EXAMPLES / "valid", "--as-of", "2026-11-22", "--format", "csv",
        "--suppress-below", "0", "--table", "referrals",
    )  # fmt: skip
    assert csv_out.returncode == 0
    assert "period,decision_maker,referrals" in csv_out.stdout


def test_synthetic_command_is_deterministic():
    first = nrm_core("synthetic", "5", "--seed", "3", "--no-route-reasons", check=True).stdout
    again = nrm_core("synthetic", "5", "--seed", "3", "--no-route-reasons", check=True).stdout
    assert first == again
    assert len(first.splitlines()) == 5


def test_local_rules_file_changes_the_answer_and_says_so(tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(
        json.dumps(
            {
                "format": "nrm-core/policy",
                "version": 1,
                "source": {"key": "LOCAL-1", "title": "Example Council rules", "version": "v1"},
                "parameters": {
                    "pilot_rg_timescale": {
                        "values": [
                            {
                                "value": {"amount": 30, "unit": "calendar-days"},
                                "citation": {"section": "§2", "confidence": "verified"},
                            }
                        ]
                    }
                },
            }
        )
    )
    args = ("explain", EXAMPLES / "valid" / "pilot-case.json", "--case", "R-EXAMPLE-1")
    args += ("--as-of", "2026-03-10", "--format", "json")
    bundled = json.loads(nrm_core(*args).stdout)
    local = json.loads(nrm_core(*args, "--rules", rules).stdout)
    due = {d["code"]: d for d in bundled["deadlines"]}["rg-decision-due"]
    mine = {d["code"]: d for d in local["deadlines"]}["rg-decision-due"]
    assert (due["due"], mine["due"]) == ("2026-04-16", "2026-04-01")
    assert "local override" in mine["citation"]
    assert "local override" not in due["citation"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "nrm-core/policy", "version": 1, "parameters": {"x": {}}}')
    result = nrm_core("validate", EXAMPLES / "valid", "--rules", broken)
    assert result.returncode == 2
    assert "no such parameter" in result.stderr


def run_main(*args, out=None):
    import io

    from nrm_core.cli import main

    out = out if out is not None else io.StringIO()
    err = io.StringIO()
    code = main([str(a) for a in args], out=out, err=err)
    return code, out.getvalue() if hasattr(out, "getvalue") else "", err.getvalue()


def test_a_fifo_is_not_read_and_does_not_hang(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "case.json").write_text((EXAMPLES / "valid" / "pilot-case.json").read_text())
    code, out, _ = run_main("validate", folder)
    assert code == 0
    assert "Checked 1 record in 1 file:" in out
    code, _, err = run_main("validate", folder / "pipe.jsonl")
    assert code == 2
    assert "not a regular file" in err


def test_ids_keys_and_surrogates_cannot_forge_output_lines(tmp_path):
    document = json.loads((EXAMPLES / "valid" / "pilot-case.json").read_text())
    document["referral"]["referral_id"] = "R-1\n  valid; 0 error(s)\x1b[2J"
    document["referral"]["colour\nvalid"] = "x"
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(document))
    code, out, _ = run_main("validate", path)
    assert code == 1
    assert "\x1b" not in out
    assert not any(line.startswith("  valid") for line in out.splitlines())
    assert "(case R-1" not in out  # an invalid id is not shown at all
    lone = tmp_path / "lone.jsonl"
    lone.write_text('{"referral": {"referral_id": "\\ud800"}}\n')
    code, out, _ = run_main("validate", "--format", "json", lone)
    assert code == 1
    out.encode("utf-8")  # printable: no lone surrogate reaches the output


@pytest.mark.parametrize(
    ("options", "option", "library"),
    [
        (("--round-to", "3"), "--round-to", lambda: report((), as_of=AS_OF, round_to=3)),
        (("--suppress-below", "0", "--round-to", "10"), "--round-to",
         lambda: report((), as_of=AS_OF, suppress_below=0, round_to=10)),
        (("--suppress-below", "-1"), "--suppress-below",
         lambda: report((), as_of=AS_OF, suppress_below=-1)),
        (("--what-if-age-cutoff", "45"), "--what-if-age-cutoff",
         lambda: age_cutoff_rules(Rules.bundled(), 45)),
    ],
)  # fmt: skip
def test_report_options_are_refused_in_the_librarys_words(options, option, library):
    # The command line had its own copies of these checks, with its own words (and no
    # check of --round-to with --suppress-below 0): the library's check is the one.
    with pytest.raises(InvalidValueError) as raised:
        library()
    cases = EXAMPLES / "synthetic" / "cases.jsonl"
    code, out, err = run_main("report", cases, "--as-of", "2026-09-30", *options)
    assert (code, out) == (2, "")
    assert err == f"nrm-core: {option}: {raised.value.problem}\n"


def test_options_are_checked_before_any_work(tmp_path):
    cases = EXAMPLES / "synthetic" / "cases.jsonl"
    code, out, err = run_main(
        "report", cases, "--as-of", "2026-09-30", "--what-if-age-cutoff", "-5"
    )
    assert (code, out) == (2, "")
    assert "--what-if-age-cutoff" in err
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    code, out, err = run_main("report", cases, "--as-of", "2026-09-30", "--plots", a_file)
    assert code == 2
    assert out == ""
    if importlib.util.find_spec("matplotlib") is None:  # the plot extra is checked first
        assert "pip install" in err
    else:
        assert "not a folder" in err
    code, out, err = run_main("synthetic", "3", "--as-of", "2020-01-01")
    assert (code, out) == (2, "")
    assert "pilot" in err


def test_an_internal_error_is_one_line_and_exit_3(monkeypatch):
    import nrm_core.cli as cli

    def broken(*args, **kwargs):
        raise RuntimeError("secret details that must not be printed")

    monkeypatch.setattr(cli, "validate_paths", broken)
    code, _, err = run_main("validate", EXAMPLES / "valid", "--as-of", "2026-09-30")
    assert code == 3
    assert "secret" not in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_a_write_error_is_a_write_error_not_the_inputs():
    class Full:
        def write(self, text):
            raise OSError(28, "No space left on device")

        def flush(self):
            pass

    code, _, err = run_main("validate", "--all", EXAMPLES / "valid", out=Full())
    assert code == 2
    assert "cannot write the output (No space left on device)" in err
    assert "cannot read" not in err


def test_a_duplicate_referral_id_is_flagged_and_not_counted_twice(tmp_path):
    one = (EXAMPLES / "valid" / "pilot-case.json").read_text()
    (tmp_path / "a.json").write_text(one)
    (tmp_path / "b.json").write_text(one)
    code, out, _ = run_main("validate", tmp_path)
    assert code == 1
    assert "duplicate-referral-id" in out
    assert "1 valid, 1 invalid" in out
    # --suppress-below 0: one case is a small count, which the header now hides too.
    args = ("--as-of", "2026-09-30", "--format", "json", "--suppress-below", "0")
    code, out, err = run_main("report", tmp_path, *args)
    assert code == 0
    assert json.loads(out)["cases"] == 1
    assert "1 invalid record left out" in err


def test_explain_redact_gives_away_no_date_of_birth(tmp_path):
    import datetime as dt

    import attrs

    from nrm_core import (
        Case,
        DecisionMade,
        DecisionMaker,
        DecisionServed,
        Outcome,
        RoutedToSca,
        Stage,
        TurnedEighteen,
        apply,
        to_json,
    )
    from nrm_core.samples import example_referral

    base = example_referral()  # born 2010-05-17 in the sample; here 18 on 2027-03-09
    referral = attrs.evolve(
        base,
        referred_on=dt.date(2026, 3, 2),
        child=attrs.evolve(base.child, date_of_birth=dt.date(2009, 3, 9)),
        safeguarding_authority="E10000030",
    )
    case = Case(referral)
    for event in (
        RoutedToSca(dt.date(2026, 3, 2), override=LINKED),
        DecisionMade(dt.date(2026, 3, 9), stage=Stage.REASONABLE_GROUNDS,
                     outcome=Outcome.POSITIVE, by=DecisionMaker.sca()),
        DecisionServed(dt.date(2026, 3, 9)),
        TurnedEighteen(dt.date(2027, 3, 10)),
    ):  # fmt: skip
        case = apply(case, event)
    path = tmp_path / "case.json"
    path.write_text(to_json(case))
    args = ("explain", path, "--case", referral.referral_id, "--as-of", "2027-04-01")
    giveaways = ("2009-03-09", "2027-03-09", "2027-03-10", "372 days")
    code, plain, err = run_main(*args)
    assert code == 0, err
    assert all(text in plain for text in giveaways[1:]), "the test's dates do appear unredacted"
    for output_format in ("text", "json"):
        code, out, _ = run_main(*args, "--redact", "--format", output_format)
        assert code == 0
        assert not [text for text in giveaways if text in out]
        assert "2027-03" in out
    assert "more than 100 days before the 18th birthday" in out
    assert json.loads(out)["redacted"] is True


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_cleared_before_any_other_output(tmp_path, monkeypatch):
    """Progress (count, percentage of a known total, rate) goes to a terminal's stderr and
    is wiped before each report and at the end, so nothing is glued onto it."""
    ticks = iter(range(1_000_000))
    monkeypatch.setattr(cli.time, "monotonic", lambda: float(next(ticks)))
    out, err = io.StringIO(), _Terminal()
    assert main(["synthetic", "600", "--seed", "1"], out=out, err=err) == 0
    shown = err.getvalue()
    assert "256 of 600 (43%) cases written" in shown
    assert "512 of 600 (85%) cases written" in shown
    assert shown.endswith("\r\x1b[K")  # cleared at the end
    path = tmp_path / "cases.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    err = _Terminal()
    out = io.StringIO()
    assert main(["validate", str(path)], out=out, err=err) == 0
    assert "512 records checked" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")
    assert out.getvalue().startswith("Checked 600 records in 1 file: 600 valid, 0 invalid")
    quiet = _Terminal()
    main(["validate", "--quiet", "--as-of", "2026-09-30", str(path)], out=io.StringIO(), err=quiet)
    assert quiet.getvalue() == ""  # --quiet: no progress


def test_explain_suggests_ids_and_needs_no_case_for_a_one_case_file():
    cases = EXAMPLES / "valid" / "cases.jsonl"
    code, _, err = run_main("explain", cases, "--case", "R-2026-0009", "--as-of", "2026-06-01")
    assert code == 2
    assert "no case with id 'R-2026-0009'; did you mean 'R-2026-0008'?" in err
    code, _, err = run_main("explain", cases, "--as-of", "2026-06-01")
    assert code == 2
    assert "holds 8 cases: choose one with --case; the ids there are: R-2026-0001," in err
    code, out, _ = run_main(
        "explain", EXAMPLES / "valid" / "pilot-case.json", "--as-of", "2026-06-01"
    )
    assert code == 0
    assert out.startswith("Case R-EXAMPLE-1:")


def test_explain_an_invalid_one_case_file_without_an_id(tmp_path):
    """The record's id is unreadable and no --case was given: the message says "The case",
    never "Case None"."""
    document = json.loads((EXAMPLES / "valid" / "pilot-case.json").read_text())
    document["referral"]["referral_id"] = "not an id"
    path = tmp_path / "one.json"
    path.write_text(json.dumps(document))
    code, out, _ = run_main("explain", path, "--as-of", "2026-06-01")
    assert code == 1
    assert out.startswith("The case is not valid; fix these first:")
    assert "None" not in out


def test_every_subcommand_has_help_with_examples_that_parse():
    import shlex

    from nrm_core.cli import _parser

    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) == {"validate", "explain", "report", "synthetic", "schema", "codes",
                             "diagram", "import", "worklist"}  # fmt: skip
    for name, sub in commands.items():
        text = sub.format_help()
        assert "examples:" in text, name
        examples = [line.strip() for line in text.split("examples:")[1].splitlines() if line]
        assert examples, name
        for example in examples:
            words = shlex.split(example.split(">")[0].split("(")[0])
            assert words[:2] == ["nrm-core", name]
            parser.parse_args(words[1:])  # exits (a failing test) if an example is wrong


def test_validate_flags_dates_after_today_when_no_day_is_given(tmp_path, monkeypatch):
    # Without --as-of, events dated in the future (2027 in a 2026 file) were accepted.
    import json

    document = json.loads((EXAMPLES / "valid" / "pilot-case.json").read_text(encoding="utf-8"))
    document["history"][-1]["on"] = "2027-01-05"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 6, 1))
    code, out, err = run_main("validate", path)
    assert code == 1
    assert "date-after-as-of" in out
    assert "dates after today, 2026-06-01, are flagged" in err
    code, out, err = run_main("validate", path, "--format", "json")
    assert json.loads(out.splitlines()[-1])["summary"]["as_of"] == "2026-06-01"
    code, out, err = run_main("validate", path, "--as-of", "2027-02-01")
    assert code == 0
    assert err == ""  # a day given: nothing read from the clock


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone (``nrm-core validate ... | head``)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("command", ["validate", "worklist"])
def test_an_output_closed_early_never_says_every_record_was_valid(command: str) -> None:
    # validate ... | head exited 0 on invalid files: a CI step with pipefail passed.
    err = io.StringIO()
    args = [command, str(EXAMPLES / "invalid"), "--as-of", "2026-09-30"]
    assert main(args, out=_ClosedPipe(), err=err) == 2
    assert "cannot say whether every record was valid" in err.getvalue()


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        (["--site", "p1-03"], "no such pilot site (did you mean P1-03?)"),
        (["--site", "P1-3"], "no such pilot site (the sites are P1-01, "),
        (["--authority", "e06000010"], "(did you mean E06000010?)"),
        (["--authority", "Hull"], "(did you mean E06000010 (Kingston upon Hull, City of)?)"),
        (["--authority", "E99999999"], "is not an authority with children's-services"),
    ],
)
def test_a_worklist_filter_the_rules_do_not_know_is_a_usage_error(option, hint) -> None:
    # Each listed no case and exited 0: "nothing due", to a coordinator.
    out, err = io.StringIO(), io.StringIO()
    args = ["worklist", str(EXAMPLES / "synthetic" / "cases.jsonl"), "--as-of", "2026-09-20"]
    assert main([*args, *option], out=out, err=err) == 2
    assert hint in err.getvalue()
    assert not out.getvalue()
    assert main([*args, option[0], {"--site": "P1-03", "--authority": "E06000010"}[option[0]]],
                out=io.StringIO(), err=io.StringIO()) == 0  # fmt: skip


@pytest.mark.parametrize("command", ["validate", "report", "worklist", "explain"])
def test_an_empty_file_name_is_a_usage_error(command: str) -> None:
    # Path("") is the current folder: `nrm-core validate ""` read every case file under it.
    err = io.StringIO()
    args = [command, str(EXAMPLES / "valid"), "", "--as-of", "2026-09-30"]
    if command == "explain":
        args = [command, "", "--as-of", "2026-09-30"]
    assert main(args, out=io.StringIO(), err=err) == 2
    assert "an empty name ('') is not a file or folder" in err.getvalue()


def test_a_diagram_topic_without_svg_is_a_usage_error() -> None:
    # It was ignored: the whole Mermaid diagram came out, whatever the topic asked for.
    err = io.StringIO()
    assert main(["diagram", "--topic", "main"], out=io.StringIO(), err=err) == 2
    assert "--topic goes with --format svg" in err.getvalue()
    out = io.StringIO()
    assert main(["diagram", "--format", "svg"], out=out, err=io.StringIO()) == 0
    topic = io.StringIO()
    assert main(["diagram", "--format", "svg", "--topic", "main"], out=topic) == 0
    assert out.getvalue() == topic.getvalue()  # main, by default


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--as-of", "2026-09-30", "--plots", ""],
        ["validate", "--rules", ""],
        ["validate", "--sites", ""],
        ["report", "--as-of", "2026-09-30", "--format", "xlsx", "--output", ""],
    ],
)
def test_an_empty_option_path_is_a_usage_error(args: list[str], capsys) -> None:
    # --plots '' wrote the charts into the current folder; the others read or named '.'.
    assert main([*args, str(EXAMPLES / "valid")], out=io.StringIO(), err=io.StringIO()) == 2
    assert "an empty name ('') is not a file or folder" in capsys.readouterr().err  # argparse
