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


FULLWIDTH_YEAR = "\uff12\uff10\uff12\uff16"  # 2026 in full-width digits


@pytest.mark.parametrize(
    "text",
    [
        "2026W403",
        "2026-W40-3",
        "20260930",
        "2026-09-30T00:00",
        f"{FULLWIDTH_YEAR}-09-30",
        "2026-9-30",
    ],
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
    return _ONE_RULE.replace("VERSION", version).replace("PARAM", param).replace("VALUE", value)


def test_the_rules_file_template_is_accepted(tmp_path: Path):
    status, _, err = run("validate", VALID, "--rules", _rules_file(tmp_path, _rule()))
    assert status == 0, err


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (_rule(version="1.0"), "version"),
        (_rule(version="true"), "version"),
        (_rule().replace('"version": 1,', '"version": 1, "version": 1,'), "duplicate key"),
        (
            _rule().replace('"section": "s.1",', '"section": "s.1", "section": "s.2",'),
            "duplicate key",
        ),
        (_rule(version=HUGE_INT), "too large"),
        (_rule(value='{"amount": 1e999, "unit": "calendar-days"}'), "too large"),
    ],
    ids=[
        "version-1.0",
        "version-true",
        "duplicate-top",
        "duplicate-citation",
        "huge-version",
        "infinite-amount",
    ],
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


# --- Nothing lost: read on where the format allows; say so where it does not ---------------

CSV_HEADER = (
    "referral_id,referred_on,child_id,date_of_birth,age_basis,first_responder,referrer_nation,"
    "safeguarding_authority,exploitation_types,exploitation_location"
)


def _csv_row(number: int) -> str:
    return (
        f"R-CSV-{number},2026-03-02,C-CSV-{number},2010-05-17,claimed,police,wales,W06000015,"
        "forced-to-commit-crime,uk"
    )


def _csv_records(tmp_path: Path, text: str) -> list[tuple[str, list[str], str | None]]:
    from nrm_core.io import readers

    table = tmp_path / "quotes.csv"
    table.write_text(text, encoding="utf-8")
    return [
        (
            r.location.rsplit("/", 1)[-1],
            [p.message for p in r.problems],
            None if r.data is None else r.data["referral"]["referral_id"],
        )
        for r in readers.read_path(table)
    ]


def test_a_quote_never_closed_is_a_problem_at_its_line_and_the_rows_after_it_are_read(
    tmp_path: Path,
):
    # The quote took rows 3-5 as the text of one cell: four referrals read as one, with no
    # invalid-csv problem; in the last row the file was even valid.
    rows = [_csv_row(n) for n in range(1, 6)]
    rows[1] = rows[1].replace(",claimed,", ',"claimed,')
    read = _csv_records(tmp_path, "\n".join([CSV_HEADER, *rows]) + "\n")
    assert [(where, ref) for where, _, ref in read] == [
        ("quotes.csv:2", "R-CSV-1"),
        ("quotes.csv:3", None),
        ("quotes.csv:4", "R-CSV-3"),
        ("quotes.csv:5", "R-CSV-4"),
        ("quotes.csv:6", "R-CSV-5"),
    ]
    assert read[1][1] == [
        "a quote opened on line 3 is never closed; the lines after it are read one row a line"
    ]
    last = _csv_records(tmp_path, f'{CSV_HEADER}\n{_csv_row(1)}\n{_csv_row(2)[:-2]}"uk\n')
    assert last[1] == ("quotes.csv:3", ["a quote opened on line 3 is never closed"], None)


def test_a_quote_left_open_until_a_later_quote_breaks_the_row_loses_no_row(tmp_path: Path):
    # The quote opened on line 3 ran on until the quoted cell of line 6 broke the row: one
    # problem, at line 6, and rows 3 to 5 lost without a word.
    rows = [_csv_row(n) for n in range(1, 7)]
    rows[1] = rows[1].replace(",claimed,", ',"claimed,')
    rows[4] = rows[4].replace(",police,", ',"police",')
    read = _csv_records(tmp_path, "\n".join([CSV_HEADER, *rows]) + "\n")
    assert [(where, ref) for where, _, ref in read] == [
        ("quotes.csv:2", "R-CSV-1"),
        ("quotes.csv:3", None),
        ("quotes.csv:4", "R-CSV-3"),
        ("quotes.csv:5", "R-CSV-4"),
        ("quotes.csv:6", "R-CSV-5"),
        ("quotes.csv:7", "R-CSV-6"),
    ]
    assert read[1][1] == [
        "a quote opened on line 3 runs on to line 6: not valid CSV: ',' expected after '\"'; "
        "the lines after it are read one row a line"
    ]


def test_quotes_left_open_on_every_line_are_read_in_linear_time(tmp_path: Path):
    # Each line opened a quote that ran to the end of the file; reading went back to the
    # next line each time: 8,000 such lines took 26 s (every line read 4,000 times).
    from nrm_core.io import readers

    class Counted(io.BytesIO):
        lines = 0

        def readline(self, *args):  # type: ignore[override]
            Counted.lines += 1
            return super().readline(*args)

    body = "\n".join(_csv_row(n).replace(",police,", ',a",b,"c,') for n in range(2000))
    stream = Counted(f"{CSV_HEADER}\n{body}\n".encode())
    records = list(readers._csv_rows("quotes.csv", stream))
    assert len(records) == 2000
    assert all(r.problems for r in records)
    assert Counted.lines <= 2 * 2001 + 2  # each line read at most twice


def test_a_csv_row_with_too_few_cells_or_mangled_quotes_is_a_problem(tmp_path: Path):
    short = _csv_row(2).rsplit(",", 1)[0]  # no exploitation_location cell
    mangled = _csv_row(3).replace(",police,", ',"police"x,')  # read as policex before
    spanning = _csv_row(4).replace(",claimed,", ',"clai\nmed",')  # one cell over two lines
    read = _csv_records(
        tmp_path, "\n".join([CSV_HEADER, _csv_row(1), short, mangled, spanning, _csv_row(5)])
    )
    # A cell over two lines, quoted, is CSV: the row is read (its value is checked later).
    assert [r[2] for r in read] == ["R-CSV-1", None, None, "R-CSV-4", "R-CSV-5"]
    assert read[1][1] == ["the row has too few cells: 9, and the header 10"]
    assert read[2][1][0].startswith("not valid CSV: ")
    assert read[3][:2] == ("quotes.csv:6", [])


def test_a_json_array_broken_in_element_two_of_a_thousand_gives_no_figures(tmp_path: Path):
    document = json.loads(_case_text())
    elements = []
    for number in range(1000):
        document["referral"]["referral_id"] = f"R-{number}"
        elements.append(json.dumps(document))
    elements[1] = elements[1][:-1] + " x}"  # a syntax error in element 2
    broken = tmp_path / "cases.json"
    broken.write_text("[" + ",".join(elements) + "]", encoding="utf-8")
    for fmt in ("text", "csv", "json"):
        status, out, err = run("report", broken, "--as-of", "2026-09-30", "--format", fmt)
        assert status == 2
        assert not out  # no figures from part of the file
        assert "the rest of the file cannot be read" in err
        assert "cases.json" in err
    status, out, _ = run("validate", broken)
    assert status == 1
    assert "the rest of the file cannot be read" in out
    status, out, _ = run("validate", broken, "--format", "json")
    assert any(json.loads(line).get("rest_unread") for line in out.splitlines())
    status, _, err = run("explain", broken, "--case", "R-999", "--as-of", "2026-09-30")
    assert status == 2
    assert "cannot be read to its end" in err


def test_json_lines_and_csv_read_on_after_a_bad_record(tmp_path: Path):
    lines = tmp_path / "cases.jsonl"
    lines.write_text(f"{_case_text(referral_id='R-1')}\n{{oops\n{_case_text()}\n", "utf-8")
    table = tmp_path / "cases.csv"
    table.write_bytes(
        (
            f"{CSV_HEADER}\n{_csv_row(1)}\n"
            f"{_csv_row(2)},extra\n"  # extra cells
            + f'R-CSV-3,"{"z" * 200_000}"\n'  # a cell over the csv module's limit
            + _csv_row(4)
            + "\n"
        ).encode()
        + b"R-CSV-5,\xff\xfe\n"  # not UTF-8
        + f"{_csv_row(6)}\n".encode()
    )
    status, out, err = run("validate", table)
    assert status == 1
    assert "3 valid, 3 invalid" in out, out
    for code in ("invalid-csv", "invalid-encoding"):
        assert f"[{code}]" in out
    for path, valid in ((lines, 2), (table, 3)):
        status, out, err = run("report", path, "--as-of", "2026-09-30", "--suppress-below", "0")
        assert status == 0, err
        assert f": {valid} cases;" in out
        left = 1 if path is lines else 3
        assert f"Partial: {left} record" in out  # said in the report's header
        status, out, err = run("report", path, "--as-of", "2026-09-30", "--format", "json")
        assert json.loads(out)["left_out"] == left
        status, out, err = run("report", path, "--as-of", "2026-09-30", "--format", "csv")
        assert out.startswith(f"# {left} record")
        status, out, err = run(
            "report", path, "--as-of", "2026-09-30", "--table", "referrals",
            "--what-if-age-cutoff", "30",  # bands of 30 days since issue 24
        )  # fmt: skip
        assert "Partial:" in out


def test_a_complete_report_says_nothing_was_left_out():
    status, out, _ = run("report", VALID, "--as-of", "2026-09-30", "--format", "json")
    assert status == 0
    assert json.loads(out)["left_out"] == 0
    status, out, _ = run("report", VALID, "--as-of", "2026-09-30")
    assert "Partial" not in out


def test_a_wide_csv_header_is_checked_in_linear_time_and_listed_briefly(tmp_path: Path):
    """100,000 columns (888 KB) took 83 s: the repeated-column check was quadratic."""
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(["referral_id"] * 100_000) + "\n", encoding="utf-8")
    status, out, _ = run("validate", wide)
    assert status == 1
    assert "99,999 in all" in out  # the repeated columns, in one problem
    assert len(out) < 5_000
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(",".join(f"c{n}" for n in range(100_000)) + "\n", encoding="utf-8")
    status, out, _ = run("validate", unknown)
    assert "100,000 in all" in out
    assert len(out) < 5_000


def test_a_csv_row_over_the_record_limit_is_a_problem_and_reading_goes_on(tmp_path: Path):
    from nrm_core.io import readers

    table = tmp_path / "long.csv"
    long_row = "R-LONG," + ",".join(["x" * 1000] * 5000)  # 5 MB in short cells
    quoted = 'R-QUOTED,"' + "\n".join(["y" * 100_000] * 50) + '"'  # 5 MB over many lines
    table.write_text(
        f"{CSV_HEADER}\n{_csv_row(1)}\n{long_row}\n{_csv_row(2)}\n{quoted}\n{_csv_row(3)}\n",
        encoding="utf-8",
    )
    records = list(readers.read_path(table))
    codes = [[p.code for p in r.problems] for r in records]
    assert ["record-too-large"] in codes
    assert ["invalid-csv"] in codes  # the quoted cell is over the csv module's field limit
    ids = [r.data["referral"].get("referral_id") for r in records if r.data is not None]
    assert {"R-CSV-1", "R-CSV-2", "R-CSV-3"} <= set(ids), codes


def _duplicate_check(name: str, count: int) -> tuple[str, int]:
    """The message of the last of ``count`` records at ``name`` (the last repeats an earlier
    id), and the peak of Python memory while the duplicate check reads them."""
    import tracemalloc

    from nrm_core.io.validation import RecordReport, without_duplicates

    def reports():
        for number in range(count):
            yield RecordReport(f"{name}:{number + 1}", case_id=f"R-{number:06d}", problems=())
        yield RecordReport(f"{name}:{count + 1}", case_id="R-000007", problems=())

    tracemalloc.start()
    try:
        last = None
        for report in without_duplicates(reports()):
            last = report
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert last is not None
    return last.problems[-1].message, peak


def test_the_duplicate_check_keeps_no_path_per_record():
    """A 27 MB file read through a 4 KB path peaked at 1.25 GB: each record's full location
    was kept to name the first use of its id."""
    name = "/" + "d" * 4000 + "/cases.jsonl"
    message, peak = _duplicate_check(name, 20_000)
    assert f"already used at {name}:8;" in message
    assert peak < 10_000_000, peak  # 20,000 x 4 KB would be 80 MB


def test_the_duplicate_check_keeps_under_70_bytes_a_case():
    # Dicts of the ids and their locations kept about 250 bytes a case: a million cases
    # peaked at 451 MB in `nrm-core report`. Now digests in arrays (io._seen); the
    # benchmark (bench_targets.py) measures it at a million, with children.
    message, peak = _duplicate_check("cases.jsonl", 200_000)
    assert "referral id already used at cases.jsonl:8;" in message
    assert peak / 200_000 < 70, peak / 200_000


def test_a_duplicate_id_found_by_digest_says_so(monkeypatch):
    """Ids are kept as 8-byte digests (16 bytes would take the check over 70 bytes a case
    at a million: 61 measured, about 95 computed): two ids sharing a digest are taken for
    one, and the message says the match is by digest, so a reader of a false match can tell."""
    from nrm_core.io import _seen
    from nrm_core.io.validation import RecordReport, without_duplicates

    real = _seen.digest
    monkeypatch.setattr(_seen, "digest", lambda text: real("R-1" if text == "R-2" else text))
    reports = [RecordReport(f"cases.jsonl:{n}", case_id=f"R-{n}", problems=()) for n in (1, 2)]
    [first, second] = list(without_duplicates(reports))
    assert first.problems == ()
    [problem] = second.problems
    assert problem.code == "duplicate-referral-id"
    assert "already used at cases.jsonl:1;" in problem.message
    assert "8-byte digest" in problem.message


def test_explain_with_a_mistyped_id_among_many_long_ids(tmp_path: Path):
    from nrm_core.cli import _near_misses

    assert "r-2026-0008" in _near_misses("R-2026-0009")
    assert "r-2026-0009" in _near_misses("r-2026-009")  # a character left out
    assert "r-2026-0090" in _near_misses("R-2026-0009")  # two swapped
    document = json.loads(_case_text())
    many = tmp_path / "many.jsonl"
    with many.open("w", encoding="utf-8") as out:
        for number in range(3000):
            document["referral"]["referral_id"] = f"R-{'x' * 50}-{number:05d}"
            out.write(json.dumps(document) + "\n")
    typed = f"R-{'x' * 20}y{'x' * 29}-02000"  # one letter wrong
    status, _, err = run("explain", many, "--case", typed, "--as-of", "2026-09-30")
    assert status == 2
    assert f"did you mean 'R-{'x' * 50}-02000'?" in err
    status, _, err = run("explain", many, "--case", "Q-nothing-like", "--as-of", "2026-09-30")
    assert "(3,000 in all)" in err


# --- Folder inputs and paths that cannot be looked at ---------------------------------------


def test_a_folder_lists_each_entry_it_skips_with_why(tmp_path: Path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.json").write_text(_case_text(), encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "device.json").symlink_to("/dev/zero")
    (folder / "broken.csv").symlink_to(folder / "missing.csv")
    for command in (("validate", folder), ("report", folder, "--as-of", "2026-09-30")):
        status, _, err = run(*command)
        assert status == 0, err
        assert "pipe.jsonl: skipped (a FIFO" in err
        assert "device.json: skipped (a device" in err
        assert "broken.csv: skipped (a broken symbolic link)" in err


def test_a_path_too_long_is_a_read_error_of_that_file(tmp_path: Path):
    long_name = str(tmp_path / ("x" * 5000 + ".json"))
    for command in (
        ("validate", long_name),
        ("report", long_name, "--as-of", "2026-09-30"),
        ("explain", long_name, "--as-of", "2026-09-30"),
        ("import", "home-office", long_name, "--submitted-on", "2026-05-01"),
    ):
        status, _, err = run(*command)
        assert status == 2, (command[0], err)
        assert "cannot write" not in err
        assert "File name too long" in err or "no such file" in err, err


# --- Outputs: whole or not at all, never an input, a link, a FIFO or a device ----------------

PAYLOADS = EXAMPLES / "home-office" / "payloads.json"


def _import_to(output: Path, *extra: object) -> tuple[int, str, str]:
    return run(
        "import", "home-office", PAYLOADS, "--submitted-on", "2026-05-01", "--output", output,
        *extra,
    )  # fmt: skip


def test_import_output_is_left_whole_when_the_run_fails_half_way(tmp_path: Path, monkeypatch):
    from nrm_core import cli

    output = tmp_path / "cases.jsonl"
    output.write_text("the old records\n", encoding="utf-8")
    real = cli.home_office_reports

    def failing(*args, **kwargs):
        iterator = real(*args, **kwargs)
        yield next(iterator)
        raise RuntimeError("a crash after the first record")

    monkeypatch.setattr(cli, "home_office_reports", failing)
    status, _, err = _import_to(output)
    assert status == 3, err
    assert output.read_text(encoding="utf-8") == "the old records\n"  # not emptied
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.jsonl"]  # no temporary left


def test_two_runs_into_one_file_never_both_succeed(tmp_path: Path, monkeypatch):
    """Another run writes the file while this one runs: this one fails and says so, and the
    other's records stay (both used to say they succeeded, and one run's records were lost)."""
    from nrm_core import cli

    output = tmp_path / "cases.jsonl"
    real = cli.home_office_reports

    def meanwhile(*args, **kwargs):
        for number, report in enumerate(real(*args, **kwargs)):
            if number == 1:
                output.write_text("the other run's records\n", encoding="utf-8")
            yield report

    monkeypatch.setattr(cli, "home_office_reports", meanwhile)
    status, _, err = _import_to(output)
    assert status == 2
    assert "changed by another program" in err
    assert output.read_text(encoding="utf-8") == "the other run's records\n"


def test_import_output_may_not_be_an_input_a_link_a_fifo_or_a_device(tmp_path: Path):
    import os

    rules = _rules_file(tmp_path, _rule())
    sites = tmp_path / "sites.csv"
    sites.write_text((EXAMPLES.parent.parent / "src/nrm_core/data/pilot_sites.csv").read_text())
    before = rules.read_bytes(), sites.read_bytes()
    for output, extra, says in (
        (rules, ("--rules", rules), "is an input"),
        (sites, ("--sites", sites), "is an input"),
        (PAYLOADS, (), "is an input"),
    ):
        status, out, err = _import_to(output, *extra)
        assert status == 2, err
        assert says in err
    assert (rules.read_bytes(), sites.read_bytes()) == before
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "elsewhere.jsonl")
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    for output, says in (
        (link, "symbolic link"),
        (fifo, "not a regular file"),  # refused at once: it used to hang
        (Path("/dev/null"), "not a regular file"),
        (tmp_path, "not a regular file"),
        (tmp_path / "no-such-folder" / "x.jsonl", "does not exist"),
    ):
        status, out, err = _import_to(output)
        assert status == 2, (output, err)
        assert says in err
        assert not out
    assert not (tmp_path / "elsewhere.jsonl").exists()


def test_import_writes_its_output_whole(tmp_path: Path):
    output = tmp_path / "cases.jsonl"
    output.write_text("old\n", encoding="utf-8")
    status, _, err = _import_to(output)
    assert status in (0, 1), err
    records = output.read_text(encoding="utf-8").splitlines()
    assert records
    assert all(json.loads(line)["format"] == "nrm-core/case" for line in records)


@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"], ids=["closed", "full"])
def test_a_closed_or_full_standard_output_is_an_error(redirect: str):
    import shlex
    import subprocess
    import sys

    command = shlex.join(
        [sys.executable, "-m", "nrm_core", "import", "home-office", str(PAYLOADS),
         "--submitted-on", "2026-05-01"]
    )  # fmt: skip
    result = subprocess.run(
        ["bash", "-c", f"{command} {redirect}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert "cannot write the output" in result.stderr
    assert "Traceback" not in result.stderr


def test_charts_and_timelines_are_the_same_in_every_run(tmp_path: Path):
    pytest.importorskip("matplotlib")
    synthetic = EXAMPLES / "synthetic" / "cases.jsonl"
    written = []
    for run_number in (1, 2):
        folder = tmp_path / f"run{run_number}"
        status, _, err = run("report", synthetic, "--as-of", "2026-09-30", "--plots", folder)
        assert status == 0, err
        timeline = folder / "timeline.svg"
        status, _, err = run(
            "explain", VALID / "pilot-case.json", "--as-of", "2026-09-30", "--timeline", timeline
        )
        assert status == 0, err
        written.append([(folder / name).read_bytes() for name in
                        ("waiting-times.svg", "waiting-times.png", "timeline.svg")])  # fmt: skip
    assert written[0] == written[1]
    assert b"<dc:date>" not in written[0][0]


def test_a_timeline_as_of_the_last_day_a_date_can_hold(tmp_path: Path):
    pytest.importorskip("matplotlib")
    timeline = tmp_path / "far.svg"
    status, _, err = run(
        "explain", VALID / "pilot-case.json", "--as-of", "9999-12-31", "--timeline", timeline
    )
    assert status == 0, err
    assert timeline.stat().st_size > 0


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_a_report_as_of_the_last_day_a_date_can_hold_is_a_usage_error(period: str):
    # It was an internal error (the period after 9999's last was built: year 10000); without
    # that, tables of up to 95,000 rows (months from 2026 to 9999) would have been built.
    status, _, err = run(
        "report", VALID / "pilot-case.json", "--as-of", "9999-12-31", "--period", period
    )
    assert status == 2, err
    assert "--as-of: gives " in err
    assert f"{period}s from the first referral" in err
    assert "a table lists at most 1,200 periods" in err


def test_a_report_of_cases_in_the_last_year_a_date_can_hold():
    import datetime as dt

    import attrs

    from nrm_core import Case
    from nrm_core.reporting.stats import report
    from nrm_core.samples import example_referral

    late = Case(attrs.evolve(example_referral(), referred_on=dt.date(9999, 11, 2)))
    for period in ("month", "quarter", "year"):
        made = report([late], as_of=dt.date(9999, 12, 31), period=period, suppress_below=0)
        rows = made.table("referrals").to_rows()
        assert {r["period"] for r in rows} == {
            "month": {"9999-11", "9999-12"},
            "quarter": {"9999-Q4"},
            "year": {"9999"},
        }[period]


def test_a_timeline_may_not_replace_the_case_file(tmp_path: Path):
    pytest.importorskip("matplotlib")
    case = tmp_path / "case.svg.json"
    case.write_text(_case_text(), encoding="utf-8")
    link = tmp_path / "t.svg"
    link.symlink_to(case)
    status, _, err = run("explain", case, "--as-of", "2026-09-30", "--timeline", link)
    assert status == 2
    assert "symbolic link" in err
    assert json.loads(case.read_text(encoding="utf-8"))["format"] == "nrm-core/case"


# --- Personal data: repr and --redact give away no date of birth ------------------------------


def test_repr_of_a_case_or_route_gives_no_way_to_the_date_of_birth():
    import datetime as dt

    from nrm_core import Case, deadlines_for, route
    from nrm_core.ages import eighteenth_birthday
    from nrm_core.deadlines import turns_eighteen
    from nrm_core.events import TurnedEighteen
    from nrm_core.io.interchange import from_json
    from nrm_core.samples import example_referral

    referral = example_referral()
    case = from_json((VALID / "pilot-case.json").read_text(encoding="utf-8"), Case)
    the_route = route(referral, dt.date(2026, 3, 3))
    [age_check] = [c for c in the_route.checks if c.location == "age-cutoff"]
    days = dict(age_check.inputs)["days_before_18"]
    birthday = eighteenth_birthday(referral.child.date_of_birth, referral.nation)
    turned = TurnedEighteen(on=birthday)
    # An open case lists the 18th birthday as a deadline: its due date and days left were
    # in repr (the birthday, and the as_of day plus the days left).
    routed = Case(referral, [the_route.to_event()])
    listed = deadlines_for(routed, dt.date(2026, 3, 20))
    assert "turns-eighteen" in {c.deadline.code for c in listed.checks}
    [listed_birthday] = [c for c in listed.checks if c.deadline.code == "turns-eighteen"]
    hidden = (listed, listed_birthday, listed_birthday.deadline)
    shown = (case, the_route, deadlines_for(case, dt.date(2026, 6, 1)), turned, *hidden)
    for value in (*shown, turns_eighteen(referral.child.date_of_birth, referral.nation)):
        text = repr(value)
        assert days not in text, type(value)  # measured_on + days_before_18 = the birthday
        assert birthday.isoformat() not in text
        assert repr(birthday) not in text
        assert repr(referral.child.date_of_birth) not in text
        assert f"days_left={listed_birthday.days_left}" not in text
    turned_on = birthday + dt.timedelta(days=3)  # the day turning 18 was recorded
    [turned_check] = [
        c
        for c in deadlines_for(Case(referral, [the_route.to_event(), TurnedEighteen(turned_on)]),
                               turned_on).checks
        if c.deadline.code == "turns-eighteen"
    ]  # fmt: skip
    assert turned_check.done_on == turned_on
    assert repr(turned_on) not in repr(turned_check)
    assert "before-age-cutoff" in repr(the_route)  # the code is still there to debug with


@pytest.mark.parametrize("month", [4, 5, 12])  # after the referral (2 March 2026)
def test_explain_redact_is_the_same_for_every_birthday_in_a_month(month: int):
    """``--redact`` showed "pending" until the 18th birthday and "passed" from it: run on
    consecutive days it gave the day away. Two children born in the same month now get the
    same redacted explanation every day, before, during and after the birthday's month."""
    import calendar
    import datetime as dt

    from nrm_core import Case
    from nrm_core.io.interchange import from_json

    def case(born: str) -> Case:
        document = json.loads(_case_text())
        document["referral"]["child"]["date_of_birth"] = born
        return from_json(json.dumps(document), Case)

    last = calendar.monthrange(2008, month)[1]
    children = [case(f"2008-{month:02d}-{day:02d}") for day in (1, 2, 15, last)]
    day = dt.date(2026, month, 1) - dt.timedelta(days=20)
    end = dt.date(2026, month, last) + dt.timedelta(days=20)
    while day <= end:
        shown = {c.explain(day, redact=True, format="json") for c in children}
        assert len(shown) == 1, day
        assert len({c.explain(day, redact=True) for c in children}) == 1
        day += dt.timedelta(days=1)


NAME = "Zyxwv Qwertyson"  # a canary: a fictional child's name
CAPITALS = "QWERTYSON"


@pytest.mark.parametrize("value", [CAPITALS, "zyxwv", "QWERTYSON-ZYXWV", "Qwertyson"])
def test_a_name_in_a_council_code_field_is_not_quoted(value: str):
    from nrm_core.io.validation import validate_text

    [report] = validate_text(_case_text(safeguarding_authority=value))
    text = " ".join(p.message + p.path for p in report.problems)
    assert "invalid-gss-code" in {p.code for p in report.problems} | {"invalid-gss-code"}
    assert value not in text
    [report] = validate_text(_case_text(safeguarding_authority="e09000002"))
    assert "did you mean 'E09000002'" in " ".join(p.message for p in report.problems)


def test_a_free_text_key_in_reason_inputs_is_not_in_the_problem_path():
    from nrm_core.io.validation import validate_text

    document = json.loads(_case_text())
    document["history"][0]["reasons"][0]["inputs"] = {NAME: 1}
    [report] = validate_text(json.dumps(document))
    assert report.problems
    assert NAME not in json.dumps(report.to_json())
    assert "inputs.<key 1>" in report.problems[0].path


def _payload(**changes: object) -> dict[str, object]:
    payloads = json.loads(PAYLOADS.read_text(encoding="utf-8"))
    return {**payloads[0], **changes}


def test_a_name_typed_into_agent_organisation_is_never_copied(tmp_path: Path):
    from nrm_core.io.home_office import UNLISTED_ORGANISATION

    source = tmp_path / "payloads.jsonl"
    lines = [_payload(ExternalId="H-1", **{"Agent.Organisation": NAME})]
    lines.append(_payload(ExternalId="H-2", **{"Agent.Organisation": "\ud800 " + NAME}))
    source.write_text(
        "\n".join(json.dumps(p) for p in lines), encoding="utf-8", errors="surrogatepass"
    )
    status, out, err = run("import", "home-office", source, "--submitted-on", "2026-05-01")
    assert status in (0, 1), err
    assert NAME not in out + err
    assert "internal error" not in err  # a lone surrogate was copied, and the write crashed
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 2
    for record in records:
        assert record["referral"]["first_responder"]["other_name"] == UNLISTED_ORGANISATION


@pytest.mark.parametrize(
    "external_id",
    [
        "Zyxwv-Qwertyson-2010-04-05",
        "REF-20100405",
        "05-04-2010-X",
        "REF-2001-01-01",  # any day a year or more before the referral may be a birthday
        "Zyxwv-7",  # a name given in the payload
    ],
)
def test_an_external_id_that_may_hold_a_date_of_birth_or_a_name_is_refused(
    external_id: str, tmp_path: Path
):
    source = tmp_path / "payloads.json"
    payload = _payload(ExternalId=external_id, **{"Customer.DOB": "2010-04-05"})
    payload["Customer.Forename1"] = "Zyxwv"
    source.write_text(json.dumps(payload), encoding="utf-8")
    status, out, err = run("import", "home-office", source, "--submitted-on", "2026-05-01")
    assert status == 1
    assert not out
    assert "[form-id-looks-personal]" in err
    assert external_id not in err
    assert "2010" not in err


@pytest.mark.parametrize("external_id", ["H-2026-05-01-7", "REF-20260430", "NRM-000123"])
def test_an_external_id_with_the_day_it_was_made_is_accepted(external_id: str, tmp_path: Path):
    source = tmp_path / "payloads.json"
    source.write_text(json.dumps(_payload(ExternalId=external_id)), encoding="utf-8")
    status, out, err = run("import", "home-office", source, "--submitted-on", "2026-05-01")
    assert status == 0, err
    assert "form-id-looks-personal" not in err
    assert external_id in out


# --- Text from --rules and --sites: never printed raw -----------------------------------------

HOSTILE_TEXT = [
    pytest.param("Evil \x1b[31mred\x1b[0m", id="terminal-escape"),
    pytest.param("Evil\nnrm_core report as of 2026-09-30: 0 cases", id="forged-line"),
    pytest.param("Evil \u202egnp.exe", id="right-to-left-override"),
    pytest.param("Evil \u2066isolate\u2069", id="bidi-isolate"),
    pytest.param("Evil\u2028line", id="line-separator"),
]
RAW = ("\x1b", "\u202e", "\u2066", "\u2028", "\n0 cases", "\nnrm_core report")


def _sites_csv(tmp_path: Path, name: str) -> Path:
    sites = tmp_path / "sites.csv"
    with sites.open("w", encoding="utf-8", newline="") as out:
        import csv

        writer = csv.writer(out)
        writer.writerow(["site_id", "site_name", "site_start", "gss_code", "nation", "role"])
        writer.writerow(["L-01", name, "2025-01-01", "E06000001", "england", "lead"])
    return sites


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_in_a_sites_or_rules_file_is_refused_and_never_printed_raw(
    tmp_path: Path, text: str
):
    sites = _sites_csv(tmp_path, text)
    note = json.dumps(text)[1:-1]
    rules = _rules_file(tmp_path, _rule().replace('"section": "s.1"', f'"section": "{note}"'))
    for option, path in (("--sites", sites), ("--rules", rules)):
        for command in (
            ("report", EXAMPLES / "synthetic" / "cases.jsonl", "--as-of", "2026-09-30"),
            ("explain", VALID / "pilot-case.json", "--as-of", "2026-09-30"),
            ("validate", VALID),
        ):
            status, out, err = run(*command, option, path)
            assert status == 2, (command[0], option, out[:300], err)
            assert "control character, line break or text-direction override" in err
            for raw in RAW:
                assert raw not in out + err


def test_a_file_path_with_a_line_break_is_escaped(tmp_path: Path):
    weird = tmp_path / "a\nnrm-core: forged.json"
    status, _, err = run("validate", weird)
    assert status == 2
    assert "\nnrm-core: forged" not in err
    assert "\\n" in err


def test_long_distinct_citation_notes_are_not_kept_after_reading(tmp_path: Path):
    """A crafted file of long, all-different citation notes kept about 1 GB of its text in
    the citation caches for the life of the process."""
    import gc
    import tracemalloc

    from nrm_core.io.validation import validate_path

    document = json.loads(_case_text())
    lines = []
    for number in range(400):
        document["referral"]["referral_id"] = f"R-{number}"
        document["history"][0]["reasons"][0]["citation"]["note"] = f"{number} " + "n" * 9_000
        lines.append(json.dumps(document))
    source = tmp_path / "notes.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    tracemalloc.start()
    try:
        assert all(r.valid for r in validate_path(source))
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept < 1_000_000, kept  # the notes were 3.6 MB


# --- Across records ---------------------------------------------------------------------------


def _record(referral_id: str, **child: object) -> dict[str, object]:
    document = json.loads(_case_text(referral_id=referral_id))
    document["referral"]["child"].update(child)
    document["history"] = []  # referred, nothing yet
    return document


def _merged(document: dict[str, object], into: str) -> dict[str, object]:
    history = document["history"]
    assert isinstance(history, list)
    history.append({"event": "merged", "on": "2026-03-05", "into": into})
    return document


def _lines(tmp_path: Path, documents: list[dict[str, object]]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in documents) + "\n", encoding="utf-8")
    return path


def test_merges_into_missing_ids_and_merge_cycles_are_reported(tmp_path: Path):
    path = _lines(
        tmp_path,
        [
            _merged(_record("R-A", child_id="C-A"), "R-B"),
            _merged(_record("R-B", child_id="C-B"), "R-A"),  # a circle
            _merged(_record("R-C", child_id="C-C"), "R-NOWHERE"),
            _merged(_record("R-D", child_id="C-D"), "R-C"),  # fine
        ],
    )
    status, out, _ = run("validate", path)
    assert status == 1
    assert out.count("[merge-cycle]") == 2
    assert out.count("[merged-into-unknown]") == 1
    assert "Checked 4 records" in out
    assert "2 valid, 2 invalid" in out


def test_one_child_with_two_dates_of_birth_is_a_query(tmp_path: Path):
    path = _lines(
        tmp_path,
        [
            _record("R-1", child_id="C-1", date_of_birth="2010-05-17"),
            _record("R-2", child_id="C-1", date_of_birth="2011-01-02"),
            _record("R-3", child_id="C-1", date_of_birth="2010-05-17"),
        ],
    )
    status, out, _ = run("validate", path)
    assert status == 0  # queries only
    assert out.count("[child-dob-conflict]") == 1
    assert "2011" not in out
    assert "2010-05-17" not in out


def test_a_confirmed_adult_is_not_counted_in_the_childrens_report(tmp_path: Path):
    path = _lines(
        tmp_path,
        [
            _record("R-1", child_id="C-1"),
            _record("R-2", child_id="C-2", date_of_birth="1990-01-01", age_basis="confirmed"),
        ],
    )
    status, out, err = run("report", path, "--as-of", "2026-09-30", "--suppress-below", "0")
    assert status == 0, err
    assert ": 1 case;" in out
    assert "Partial: 1 record was left out" in out
    assert "18 or over on the referral date" in err


def test_import_ids_differing_only_in_case_are_one_referral(tmp_path: Path):
    source = tmp_path / "payloads.jsonl"
    source.write_text(
        "\n".join(json.dumps(_payload(ExternalId=i)) for i in ("H-abc", "h-ABC")), "utf-8"
    )
    status, out, err = run("import", "home-office", source, "--submitted-on", "2026-05-01")
    assert status == 1
    assert len(out.splitlines()) == 1
    assert "differ only in letter case" in err
    # The same id twice is a duplicate, but not one of letter case (it was said to be).
    source.write_text(
        "\n".join(json.dumps(_payload(ExternalId=i)) for i in ("H-abc", "H-abc", "h-ABC")),
        "utf-8",
    )
    status, out, err = run("import", "home-office", source, "--submitted-on", "2026-05-01")
    assert status == 1
    assert len(out.splitlines()) == 1
    assert err.count("referral id already used at") == 2
    assert err.count("differ only in letter case") == 1


def test_a_local_site_sharing_an_authority_with_a_bundled_site_is_refused(tmp_path: Path):
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "site_id,site_name,site_start,gss_code,nation,role\n"
        "L-01,Our Cardiff panel,2025-01-01,W06000015,wales,lead\n",
        encoding="utf-8",
    )
    status, _, err = run("validate", VALID, "--sites", sites)
    assert status == 2
    assert "P1-01" in err
    assert "W06000015" in err
    replacing = tmp_path / "replacing.csv"
    replacing.write_text(sites.read_text().replace("L-01", "P1-01"), encoding="utf-8")
    status, _, err = run("validate", VALID, "--sites", replacing)
    assert "also does" not in err


def test_a_version_1_file_with_version_2_fields_is_refused():
    from nrm_core.io.interchange import StructureError, from_json
    from nrm_core.io.validation import validate_text
    from nrm_core.lifecycle import Case

    document = json.loads((EXAMPLES / "v1" / "pilot-case.json").read_text(encoding="utf-8"))
    before = validate_text(json.dumps(document))[0].problems
    assert "version-mixed" not in {p.code for p in before}
    document["referral"]["first_responder"]["nation"] = "england"
    document["referral"]["exploitation"] = {"types": ["forced-labour"], "location": "uk"}
    [report] = validate_text(json.dumps(document))
    assert [p.code for p in report.problems] == ["version-mixed", "version-mixed"]
    with pytest.raises(StructureError, match="version-2 field"):
        from_json(json.dumps(document), Case)


def test_the_library_and_its_command_load_no_network_module():
    # No network, and no memory spent on one: xml.sax.saxutils imported urllib.request, and
    # with it ssl, http.client and socket, into every command (about 3.6 MB resident).
    import subprocess
    import sys

    code = (
        "import sys, nrm_core, nrm_core.cli, nrm_core.diagrams;"
        "print(sorted({'ssl', 'socket', 'http.client', 'urllib.request'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
