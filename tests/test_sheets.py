"""The report as a spreadsheet (GSS layout): every sheet, heading and marker read back.

Writing needs the ``sheets`` extra (gptables, odfpy) and reading back openpyxl; without
them these tests are skipped, unless NRM_REQUIRE_SHEETS=1 (CI) makes them fail.
"""

import datetime as dt
import importlib
import importlib.util
import io
import os
import zipfile

import pytest

from nrm_core.cli import main
from nrm_core.reporting.sheets import NOT_AVAILABLE, workbook, write_spreadsheet
from nrm_core.reporting.stats import SUPPRESSED, report
from nrm_core.reporting.synthetic import synthetic_cases

AS_OF = dt.date(2026, 9, 30)
SYNTHETIC = "examples/data/synthetic/cases.jsonl"


def need(module):
    """Skip unless ``module`` is installed (fail instead with NRM_REQUIRE_SHEETS=1); gptables
    is only looked for, not imported here (the library imports it, with its warnings)."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("NRM_REQUIRE_SHEETS"):
            pytest.fail(f"{module} is not installed (NRM_REQUIRE_SHEETS=1)")
        pytest.skip(f"{module} is not installed")
    return importlib.import_module(module) if module != "gptables" else None


@pytest.fixture(scope="module")
def result():
    cases = list(synthetic_cases(400, seed=24, as_of=AS_OF))
    return report(cases, as_of=AS_OF)


def test_the_layout_has_a_sheet_per_table_and_a_note_per_definition(result):
    book = workbook(result)
    assert [s.table for s in book.sheets] == [t.name for t in result.tables]
    assert [name for name, _ in book.contents] == [f"Table_{i}" for i in range(1, 16)]
    definitions = sum(len(t.definitions) + len(t.notes) for t in result.tables)
    assert len(book.notes) == definitions
    assert [m for m, _ in book.notes] == [f"[note {i}]" for i in range(1, definitions + 1)]
    for sheet, table in zip(book.sheets, result.tables, strict=True):
        texts = [text for marker, text in book.notes if marker in sheet.markers]
        assert all(text.startswith(f"{sheet.name} ({table.name})") for text in texts)
        assert len(texts) == len(table.definitions) + len(table.notes)
    assert any(SUPPRESSED in row for s in book.sheets for row in s.rows)
    assert any(NOT_AVAILABLE in row for s in book.sheets for row in s.rows)
    assert not any(None in row for s in book.sheets for row in s.rows)
    headings = [heading for heading, _ in book.cover]
    assert headings == ["About these tables", "Symbols used", "Small numbers"]


def rows_of(sheet):
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_reads_back_with_every_sheet_heading_and_marker(result, tmp_path):
    need("gptables")
    openpyxl = need("openpyxl")
    path = write_spreadsheet(result, tmp_path / "report.xlsx")
    book = workbook(result)
    read = openpyxl.load_workbook(path)
    assert read.sheetnames == ["Cover", "Contents", "Notes", *(s.name for s in book.sheets)]
    cover = [r[0] for r in rows_of(read["Cover"]) if r and r[0]]
    assert cover[0] == book.title
    for heading, paragraphs in book.cover:
        assert heading in cover or heading == "About these tables"
        assert all(p in cover for p in paragraphs)
    contents = rows_of(read["Contents"])
    for name, title in book.contents:
        assert any(name in str(r[0]) and title in str(r[1]) for r in contents), name
    notes = {f"[note {r[0]}]": r[1] for r in rows_of(read["Notes"]) if isinstance(r[0], int)}
    assert notes == dict(book.notes)
    for sheet in book.sheets:
        cells = rows_of(read[sheet.name])
        assert cells[0][0].startswith(sheet.title)
        assert all(marker in cells[0][0] for marker in sheet.notes)
        # Each heading is the column's name with its definition's note marker.
        pairs = zip(sheet.columns, sheet.column_notes, strict=True)
        headings = tuple(f"{c}\n{m}" for c, m in pairs)
        header = next(i for i, row in enumerate(cells) if row[: len(headings)] == headings)
        body = [tuple(c for c in row[: len(sheet.columns)]) for row in cells[header + 1 :]]
        assert body == [tuple(row) for row in sheet.rows], sheet.name
        text = " ".join(str(c) for row in cells[:header] for c in row if c)
        assert "[c]: confidential" in text
        assert "[x]: not available" in text


def test_ods_reads_back_with_every_sheet_heading_and_marker(result, tmp_path):
    pandas = need("pandas")
    need("odf")
    path = write_spreadsheet(result, tmp_path / "report.ods")
    with zipfile.ZipFile(path) as archive:  # an OpenDocument spreadsheet
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    book = workbook(result)
    read = pandas.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    assert list(read) == ["Cover", "Contents", "Notes", *(s.name for s in book.sheets)]
    cover = [v for v in read["Cover"][0] if isinstance(v, str)]
    assert book.title in cover
    for heading, paragraphs in book.cover:
        assert heading in cover
        assert all(p in cover for p in paragraphs)
    notes = {row[0]: row[1] for row in read["Notes"].itertuples(index=False)}
    for marker, text in book.notes:
        assert notes[marker[1:-1]] == text
    for sheet in book.sheets:
        cells = [
            tuple(None if pandas.isna(v) else v for v in row)
            for row in read[sheet.name].itertuples(index=False)
        ]
        assert cells[0][0] == sheet.title + "".join(f" {m}" for m in sheet.notes)
        header = next(
            i for i, row in enumerate(cells) if row[: len(sheet.columns)] == sheet.columns
        )
        body = [row[: len(sheet.columns)] for row in cells[header + 1 :]]
        expected = [tuple(v if not isinstance(v, float) or v % 1 else int(v) for v in row)
                    for row in sheet.rows]  # fmt: skip
        got = [tuple(int(v) if isinstance(v, float) and v % 1 == 0 else v for v in row)
               for row in body]  # fmt: skip
        assert got == expected, sheet.name
        text = " ".join(str(c) for row in cells[:header] for c in row if c)
        assert "[c]: confidential" in text
        assert all(marker in text for marker in sheet.markers)


def test_the_command_writes_a_spreadsheet_and_checks_its_options(tmp_path):
    need("gptables")
    err = io.StringIO()
    target = tmp_path / "figures.xlsx"
    code = main(
        ["report", SYNTHETIC, "--as-of", "2026-09-30", "--format", "xlsx", "--output",
         str(target)], out=io.StringIO(), err=err,
    )  # fmt: skip
    assert code == 0, err.getvalue()
    assert "Spreadsheet written" in err.getvalue()
    assert zipfile.is_zipfile(target)
    for options in (
        ["--format", "xlsx"],  # no --output
        ["--output", str(tmp_path / "x.xlsx")],  # no spreadsheet format
        ["--format", "ods", "--output", str(tmp_path / "x.xlsx")],  # suffix differs
        ["--format", "xlsx", "--output", SYNTHETIC.replace(".jsonl", ".xlsx") + "/no/such"],
    ):
        err = io.StringIO()
        code = main(["report", SYNTHETIC, "--as-of", "2026-09-30", *options],
                    out=io.StringIO(), err=err)  # fmt: skip
        assert code == 2, (options, err.getvalue())


def test_ods_cover_is_one_page_wide_with_its_text_wrapped(result, tmp_path):
    # pandas writes no column widths: the cover's paragraphs ran off the printed page.
    need("pandas")
    need("odf")
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableColumn

    document = load(str(write_spreadsheet(result, tmp_path / "report.ods")))
    styles = {s.getAttribute("name"): s for s in document.automaticstyles.childNodes}

    def properties(name: str) -> dict[str, str]:
        return {
            key[1]: value
            for child in styles[name].childNodes
            for key, value in child.attributes.items()
        }

    cover = next(
        t
        for t in document.spreadsheet.getElementsByType(Table)
        if t.getAttribute("name") == "Cover"
    )
    column = cover.getElementsByType(TableColumn)[0].getAttribute("stylename")
    assert properties(column)["column-width"] == "17cm"
    cells = [c for c in cover.getElementsByType(TableCell) if c.getAttribute("valuetype")]
    assert len(cells) > 5
    assert all(properties(c.getAttribute("stylename"))["wrap-option"] == "wrap" for c in cells)


@pytest.mark.parametrize(
    ("suppress_below", "round_to", "expected", "never"),
    [
        (0, None, "no small-number protection", "rounded at random"),
        (10, 10, "multiple of 10", "multiple of 5"),
    ],
)
def test_cover_states_the_reports_own_protection(suppress_below, round_to, expected, never):
    # The cover said 'rounded to a multiple of 5' whatever the report did: an exact report
    # (--suppress-below 0) was labelled protected.
    cases = list(synthetic_cases(200, seed=3, as_of=AS_OF))
    result = report(cases, as_of=AS_OF, suppress_below=suppress_below, round_to=round_to)
    book = workbook(result)
    text = " ".join(p for _, paragraphs in book.cover for p in paragraphs)
    assert expected in text
    assert never not in text
    assert any(SUPPRESSED in line for line in book.symbols) == bool(suppress_below)
