"""A report as a spreadsheet in the Government Statistical Service layout (the ``sheets`` extra).

:func:`write_spreadsheet` writes a :class:`~nrm_core.reporting.stats.Report` as ``.xlsx``
(with ``gptables``, the Office for National Statistics' package for good-practice
statistical spreadsheets, writing through XlsxWriter) or ``.ods`` (OpenDocument, through
pandas and odfpy: the same sheets and text, without gptables' styling, which writes xlsx
only). Either way the workbook has:

* a **Cover** sheet: what the figures are, as of which day, how small numbers are
  protected, and that the tables are from case records (with how many left out);
* a **Contents** sheet: each table's sheet name and title;
* a **Notes** sheet: every column's definition and every table note, numbered
  ``[note 1]``..., each with its source (the report's table and column);
* one table a sheet (``Table_1``, ``Table_2``...), titled, with the markers of the
  GSS guidance: ``[c]`` a figure hidden to protect small numbers, ``[x]`` not
  available (a statistic of no cases).

The layout itself (:func:`workbook`) is pure Python; only writing needs the extra
(``pip install 'nrm_core[sheets]'``, or ``'.[sheets]'`` in a checkout).

>>> import datetime as dt
>>> from nrm_core.reporting.sheets import workbook
>>> from nrm_core.reporting.stats import report
>>> book = workbook(report([], as_of=dt.date(2026, 9, 30)))
>>> [sheet.name for sheet in book.sheets][:3]
['Table_1', 'Table_2', 'Table_3']
>>> book.contents[0]
('Table_1', 'Referrals received')
"""

from __future__ import annotations

import gc
import importlib
import io
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from nrm_core._version import __version__
from nrm_core.errors import InvalidValueError, NrmError
from nrm_core.io._output import check_output, write_atomically
from nrm_core.reporting.stats import SUPPRESSED, Report

__all__ = [
    "FORMATS",
    "NOT_AVAILABLE",
    "Sheet",
    "SheetsUnavailableError",
    "Workbook",
    "workbook",
    "write_spreadsheet",
]

NOT_AVAILABLE = "[x]"
"""The GSS marker for a figure that does not exist (a median of no cases)."""
FORMATS = ("xlsx", "ods")
"""The spreadsheet formats :func:`write_spreadsheet` writes, by file suffix."""


def _markers(report: Report) -> tuple[str, ...]:
    """The symbols a sheet may hold, with the report's own threshold (none hidden when it
    has no small-number protection)."""
    missing = f"{NOT_AVAILABLE}: not available (a statistic of no cases)"
    if not report.suppress_below:
        return (missing,)
    return (
        f"{SUPPRESSED}: confidential, a statistic of possibly fewer than "
        f"{report.suppress_below} cases (hidden to protect children's identities)",
        missing,
    )


def _small_numbers(report: Report) -> str:
    """The cover's 'Small numbers' paragraph, from the report's own protection."""
    if not report.suppress_below:
        return (
            "These tables have no small-number protection: every figure is exact, so small "
            "counts can identify children. Do not publish them; read the 'Small numbers' "
            "section of the nrm_core documentation's pitfalls page."
        )
    return (
        "Every count is rounded at random to a multiple of "
        f"{report.round_to or report.suppress_below}; a count from 1 to "
        f"{report.suppress_below - 1} is never shown as itself, and the tables are checked "
        "so that no small count can be worked out from them. Totals are rounded on their "
        "own, so parts may not add up to their total. Read the 'Small numbers' section"
        " of the nrm_core documentation's pitfalls page before publishing."
    )


class SheetsUnavailableError(NrmError, ImportError):
    """Writing a spreadsheet needs the ``sheets`` extra (gptables, or pandas with odfpy)."""


@attrs.frozen
class Sheet:
    """One table's sheet: its name, title, column headings and rows as written."""

    name: str
    title: str = attrs.field(kw_only=True)
    table: str = attrs.field(kw_only=True)
    """The report table's name (``decisions``)."""
    columns: tuple[str, ...] = attrs.field(kw_only=True)
    rows: tuple[tuple[Any, ...], ...] = attrs.field(kw_only=True)
    notes: tuple[str, ...] = attrs.field(kw_only=True)
    """The markers of the table's own notes (``[note 3]``), shown by its title."""
    column_notes: tuple[str, ...] = attrs.field(kw_only=True)
    """The marker of each column's definition, in column order, shown in its heading."""

    @property
    def markers(self) -> tuple[str, ...]:
        """Every note marker of the sheet."""
        return self.notes + self.column_notes


@attrs.frozen
class Workbook:
    """The whole workbook's content, sheet by sheet (what both writers write)."""

    title: str
    cover: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(kw_only=True)
    """The cover's sections: (heading, paragraphs)."""
    contents: tuple[tuple[str, str], ...] = attrs.field(kw_only=True)
    """(sheet name, title) for each table sheet."""
    notes: tuple[tuple[str, str], ...] = attrs.field(kw_only=True)
    """(note marker, text), numbered in order."""
    sheets: tuple[Sheet, ...] = attrs.field(kw_only=True)

    @property
    def symbols(self) -> tuple[str, ...]:
        """The cover's 'Symbols used' lines (each sheet repeats them)."""
        return dict(self.cover).get("Symbols used", ())


def _cell(value: Any) -> Any:
    """A figure as written: ``None`` (no figure) as ``[x]``."""
    return NOT_AVAILABLE if value is None else value


def workbook(report: Report) -> Workbook:
    """The GSS layout of ``report``: cover, contents, notes and one sheet a table."""
    day = report.as_of.isoformat()
    title = f"Child referrals to the National Referral Mechanism: figures as of {day}"
    cases = report.cases_shown
    about = [
        f"Figures about {cases:,} cases ({report.protection})."
        if isinstance(cases, int)
        else f"Figures about {cases} cases ({report.protection}).",
        "Counted from case records by nrm_core "
        f"{__version__} (nrm-core report --as-of {day}); each table's columns are defined "
        "on the Notes sheet, with the table and column each note is about.",
    ]
    if report.left_out:
        about.append(f"Partial: {report.left_out_note}.")
    notes: list[tuple[str, str]] = []
    sheets: list[Sheet] = []
    for number, table in enumerate(report.tables, start=1):
        name = f"Table_{number}"
        table_notes = []
        for text in table.notes:  # referenced in the title, so numbered first
            table_notes.append(f"[note {len(notes) + 1}]")
            notes.append((table_notes[-1], f"{name} ({table.name}): {text}"))
        defined = dict(table.definitions)
        column_notes = []
        for column in table.columns:
            column_notes.append(f"[note {len(notes) + 1}]")
            text = defined.get(column, "a label of the row")
            notes.append((column_notes[-1], f"{name} ({table.name}), {column}: {text}"))
        rows = tuple(tuple(_cell(v) for v in row) for row in table.rows)
        sheets.append(
            Sheet(
                name,
                title=table.title,
                table=table.name,
                columns=table.columns,
                rows=rows,
                notes=tuple(table_notes),
                column_notes=tuple(column_notes),
            )
        )
    cover = (
        ("About these tables", tuple(about)),
        ("Symbols used", _markers(report)),
        ("Small numbers", (_small_numbers(report),)),
    )
    contents = tuple((s.name, s.title) for s in sheets)
    return Workbook(title, cover=cover, contents=contents, notes=tuple(notes), sheets=tuple(sheets))


def write_spreadsheet(
    report: Report, path: str | Path, *, inputs: Iterable[str | Path | None] = ()
) -> Path:
    """Write ``report`` to ``path`` (``.xlsx`` or ``.ods``, by its suffix), whole or not at
    all; ``inputs`` are files it must not overwrite. Needs the ``sheets`` extra."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InvalidValueError(
            "write_spreadsheet", "path", f"must end in .xlsx or .ods, not {path.suffix!r}"
        )
    check_output(path, inputs=inputs)
    book = workbook(report)
    data = _xlsx(book) if kind == "xlsx" else _ods(book)
    with write_atomically(path, binary=True, inputs=inputs) as out:
        out.write(data)
    return path


def _module(name: str) -> Any:
    """An optional module of the ``sheets`` extra (imported by name: no stubs needed)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise SheetsUnavailableError(
            f"writing a spreadsheet needs {name} (the sheets extra): pip install "
            "'nrm_core[sheets]', or '.[sheets]' in a checkout"
        ) from None


def _frame(pd: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    return pd.DataFrame([list(row) for row in rows], columns=list(columns), dtype=object)


def _xlsx(book: Workbook) -> bytes:
    # gptables 2.0 leaves its theme file open when imported and calls pandas in ways pandas 3
    # deprecates: neither is ours to fix, and neither changes the file, so they are silenced.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = _gptables_xlsx(book)
        gc.collect()  # the file gptables left open is closed here, inside the filter
    return data


def _gptables_xlsx(book: Workbook) -> bytes:
    pd = _module("pandas")
    gpt = _module("gptables")
    source = "Source: case records, counted by nrm_core"
    tables = {}
    for sheet in book.sheets:
        tables[sheet.name] = gpt.GPTable(
            table=_frame(pd, sheet.columns, sheet.rows),
            table_name=sheet.name.lower(),
            title=sheet.title + "".join(f"$${m[1:-1]}$$" for m in sheet.notes),
            subtitles=[
                "Each column's definition is the note in its heading (Notes sheet).",
                *book.symbols,
            ],
            table_notes={i: f"$${m[1:-1]}$$" for i, m in enumerate(sheet.column_notes)},
            source=source,
            instructions="",
        )
    cover = gpt.Cover(
        title=book.title,
        intro=list(book.cover[0][1]),
        about=[
            item
            for heading, paragraphs in book.cover[1:]
            for item in ([{"bold": True, "font_size": 14}, heading], *paragraphs)
        ],
    )
    notes = pd.DataFrame(
        {
            "Note number": [marker[1:-1] for marker, _ in book.notes],
            "Note text": [text for _, text in book.notes],
        }
    )
    buffer = io.BytesIO()
    created = gpt.produce_workbook(
        filename=buffer,  # XlsxWriter writes to a file object too
        sheets=tables,
        cover=cover,
        notes_table=notes,
        contentsheet_options={"title": "Contents", "subtitles": [book.title]},
        workbook_options={"in_memory": True},
    )
    _print_layout(created, book)
    created.close()
    return buffer.getvalue()


_COVER_WIDTH = 85
"""gptables' cover column width, in characters."""


def _print_layout(created: Any, book: Workbook) -> None:
    """Landscape A4, each sheet one page wide when printed (a PDF of the workbook is
    readable), and the cover's rows as tall as their wrapped text (LibreOffice does not
    size rows that XlsxWriter leaves unsized)."""
    narrow = {sheet.name for sheet in book.sheets if len(sheet.columns) <= 6}
    for sheet in created.worksheets():
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        if sheet.get_name() not in narrow:  # (a narrow table prints at full size)
            sheet.fit_to_pages(1, 0)
    about = [p for heading, paragraphs in book.cover[1:] for p in (heading, *paragraphs)]
    texts = [book.title, "Introductory information", *book.cover[0][1], "About these data"]
    cover = created.worksheets()[0]
    for row, text in enumerate([*texts, *about]):
        lines = -(-len(text) // _COVER_WIDTH)
        cover.set_row(row, 16 * max(lines, 1) + (8 if row == 0 else 2))


def _ods(book: Workbook) -> bytes:
    pd = _module("pandas")
    _module("odf")  # odfpy: pandas' writer for .ods
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        cover_rows: list[list[str]] = [[book.title]]
        for section, paragraphs in book.cover:
            cover_rows += [[""], [section], *([p] for p in paragraphs)]
        _frame(pd, ["Cover"], cover_rows).to_excel(writer, sheet_name="Cover", index=False)
        contents = [[name, title] for name, title in book.contents]
        _frame(pd, ["Sheet name", "Table description"], contents).to_excel(
            writer, sheet_name="Contents", index=False
        )
        notes = [[marker[1:-1], text] for marker, text in book.notes]
        _frame(pd, ["Note number", "Note text"], notes).to_excel(
            writer, sheet_name="Notes", index=False
        )
        for sheet in book.sheets:
            heading = [
                [sheet.title + "".join(f" {m}" for m in sheet.notes)],
                [f"This worksheet contains one table. Notes: {', '.join(sheet.markers)} (the "
                 "Notes sheet); the columns' definitions in order."],
                [" ".join(book.symbols)],
                ["Source: case records, counted by nrm_core"],
            ]  # fmt: skip
            _frame(pd, [sheet.name], heading).to_excel(
                writer, sheet_name=sheet.name, index=False, header=False
            )
            _frame(pd, sheet.columns, sheet.rows).to_excel(
                writer, sheet_name=sheet.name, index=False, startrow=len(heading) + 1
            )
    return _wrap_cover(buffer.getvalue())


def _wrap_cover(data: bytes) -> bytes:
    """The ``.ods`` cover's column one page wide with its text wrapped (pandas writes no
    column widths, so each paragraph ran off the printed page in one line)."""
    opendocument, style, table = (
        _module("odf.opendocument"),
        _module("odf.style"),
        _module("odf.table"),
    )
    document = opendocument.load(io.BytesIO(data))
    column = style.Style(name="nrmCoverColumn", family="table-column")
    column.addElement(style.TableColumnProperties(columnwidth=_ODS_COVER_WIDTH))
    wrapped = style.Style(name="nrmCoverCell", family="table-cell")
    wrapped.addElement(style.TableCellProperties(wrapoption="wrap"))
    document.automaticstyles.addElement(column)
    document.automaticstyles.addElement(wrapped)
    for sheet in document.spreadsheet.getElementsByType(table.Table):
        if sheet.getAttribute("name") == "Cover":
            sheet.insertBefore(table.TableColumn(stylename=column), sheet.firstChild)
            for cell in sheet.getElementsByType(table.TableCell):
                cell.setAttribute("stylename", wrapped)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_ODS_COVER_WIDTH = "17cm"
"""The cover column's width in a ``.ods`` file: an A4 page's width inside its margins."""
