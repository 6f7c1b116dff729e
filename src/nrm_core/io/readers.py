"""Read case files record by record: JSON, JSON Lines and the flat referral CSV.

Each file becomes a stream of :class:`Record` values: where the record is, the
parsed JSON data (a case document), or the problems that stopped it being
read. Nothing here raises for bad input: malformed JSON, wrong encodings,
over-long lines, empty files and CSV errors are all problems. JSON Lines and
CSV are streamed, and so is a ``.json`` array, element by element: memory
stays bounded by the record limit (:data:`MAX_RECORD_BYTES`) whatever the file's size.

>>> from nrm_core.io.readers import read_text
>>> records = list(read_text(b'[{"format": "nrm-core/case"}, 1]', name="two.json"))
>>> [(r.location, r.problems) for r in records]
[('two.json[0]', ()), ('two.json[1]', ())]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from nrm_core.checks import Code
from nrm_core.io._json import parse_json
from nrm_core.io._spec import Problem
from nrm_core.io._stream import RECORD_TOO_LARGE, Stopped, values
from nrm_core.io.interchange import CASE_FORMAT, CASES_FORMAT, FORMAT_VERSION, UNSUPPORTED_FORMAT
from nrm_core.io.migrate import upgrade_types

__all__ = [
    "CSV_COLUMNS",
    "MAX_RECORD_BYTES",
    "Record",
    "read_path",
    "read_text",
]

MAX_RECORD_BYTES = 4 * 1024 * 1024
"""The largest single record read: a JSON Lines line or a CSV row (in bytes), an
element of a ``.json`` array or a whole ``.json`` case document (in characters)."""

EMPTY_FILE = Code("empty-file", "The file (or array) holds no records.", example="", group="file")
INVALID_CSV = Code(
    "invalid-csv",
    "A CSV row cannot be read (a quote never closed or closed mid-cell), or has more or "
    "fewer cells than the header.",
    group="file",
)
UNKNOWN_COLUMN = Code(
    "unknown-column", "A CSV header names a column not in the layout.", group="file"
)
MISSING_COLUMN = Code("missing-column", "A required CSV column is absent.", group="file")


@attrs.frozen
class Record:
    """One record of a file: its location, its JSON data, or why it could not be read."""

    location: str
    """Where the record is: ``file.jsonl:12`` (line), ``file.json`` or ``file.json[3]``."""
    data: Any = attrs.field(default=None, repr=False, kw_only=True)
    problems: tuple[Problem, ...] = attrs.field(default=(), kw_only=True)
    """Problems that stopped the record being read (then ``data`` is ``None``)."""
    notes: tuple[Problem, ...] = attrs.field(default=(), kw_only=True)
    """Queries raised while reading a record that was read (e.g. a migrated value)."""
    rest_unread: bool = attrs.field(default=False, kw_only=True)
    """The file could not be read past this record, and more records may have followed
    (a ``.json`` array stops at its first syntax error): its figures would be partial."""


def _failed(location: str, problem: Problem | None) -> Record:
    return Record(location, problems=(problem,) if problem else ())


def _empty(location: str, message: str) -> Record:
    return Record(location, problems=(Problem(EMPTY_FILE, path="$", message=message),))


_CASES_KEYS = ("format", "version", "cases")


def _cases_document_problem(data: dict[str, Any]) -> Problem | None:
    """Why a cases document cannot be read, or ``None``: its keys are ``format``,
    ``version`` (1 or the current version, a whole number) and ``cases`` (an array);
    another key is named by its position."""
    unknown = [n for n, key in enumerate(data, 1) if key not in _CASES_KEYS]
    version = data.get("version")
    if unknown:
        listed = ", ".join(map(str, unknown))
        message = f"key(s) {listed} of the cases document are not {', '.join(_CASES_KEYS)}"
    elif type(version) is not int or version not in (1, FORMAT_VERSION):
        message = f"a cases document needs version {FORMAT_VERSION} and a 'cases' array"
    elif not isinstance(data.get("cases"), list):
        message = "a cases document's 'cases' must be an array"
    else:
        return None
    return Problem(UNSUPPORTED_FORMAT, path="$", message=message)


def _streamable(members: dict[str, Any]) -> Problem | None:
    """Whether a large top-level object's records may be streamed: only a cases document's."""
    if members.get("format") != CASES_FORMAT:
        return Problem(
            RECORD_TOO_LARGE,
            path="$",
            message=f"the document is over {MAX_RECORD_BYTES:,} characters: a .json file that "
            "large must be an array of cases, or a cases document whose format and version "
            "come before its cases; or use JSON Lines",
        )
    return _cases_document_problem(members)


def _json_documents(name: str, stream: BinaryIO) -> Iterator[Record]:
    """The records of a ``.json`` stream, read value by value (see :mod:`._stream`)."""
    count = 0
    for piece in values(stream, limit=MAX_RECORD_BYTES, check=_streamable):
        if isinstance(piece, Stopped):
            yield Record(name, problems=(piece.problem,), rest_unread=piece.records_lost)
            return
        count += 1
        location = name if piece.index is None else f"{name}[{piece.index}]"
        if piece.problem is not None:
            yield _failed(location, piece.problem)
        elif piece.index is not None:
            yield Record(location, data=piece.value)
        elif piece.value == []:
            yield _empty(name, "the array is empty")
        elif isinstance(piece.value, dict) and piece.value.get("format") == CASES_FORMAT:
            refused = _cases_document_problem(piece.value)
            if refused is not None:
                yield _failed(name, refused)
                return
            cases = piece.value["cases"]
            if not cases:
                yield _empty(name, "the array is empty")
            for index, item in enumerate(cases):
                yield Record(f"{name}[{index}]", data=item)
        else:
            yield Record(location, data=piece.value)
    if not count:
        yield _empty(name, "the file is empty")


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """Lines of a binary stream; ``None`` for a line longer than the record limit."""
    while True:
        line = stream.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = stream.readline(MAX_RECORD_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _json_lines(name: str, stream: BinaryIO) -> Iterator[Record]:
    seen = False
    for number, raw in enumerate(_lines(stream), start=1):
        location = f"{name}:{number}"
        if raw is None:
            yield _failed(
                location,
                Problem(
                    RECORD_TOO_LARGE,
                    path="$",
                    message=f"the line is over {MAX_RECORD_BYTES} bytes",
                ),
            )
            seen = True
            continue
        if not raw.strip():
            continue
        seen = True
        data, problem = parse_json(raw)
        if problem is not None:
            yield _failed(location, problem)
            continue
        yield Record(location, data=data)
    if not seen:
        yield _empty(name, "the file has no records")


CSV_COLUMNS: Mapping[str, str] = {
    "referral_id": "$.referral.referral_id",
    "referred_on": "$.referral.referred_on",
    "child_id": "$.referral.child.child_id",
    "date_of_birth": "$.referral.child.date_of_birth",
    "age_basis": "$.referral.child.age_basis",
    "name": "$.referral.child.name",
    "first_responder": "$.referral.first_responder.organisation",
    "first_responder_other_name": "$.referral.first_responder.other_name",
    "referrer_nation": "$.referral.first_responder.nation",
    "safeguarding_authority": "$.referral.safeguarding_authority",
    "exploitation_types": "$.referral.exploitation.types",
    "exploitation_location": "$.referral.exploitation.location",
    "county_lines": "$.referral.exploitation.county_lines",
    "pod_status": "$.referral.pod_status",
}
"""The flat referral CSV layout: each column and the JSON path it fills.

``date_of_birth`` is a date or the word ``unknown`` (the date of birth is not known: it
becomes ``null``); an empty cell is a missing date of birth, an error.
``exploitation_types`` holds codes separated by ``;`` (version-1 codes are read through
the documented migration, with a query where the meaning is uncertain);
``county_lines`` is ``true`` or ``false`` (``yes``/``no`` also read). Empty optional
cells (``name``, ``first_responder_other_name``, ``county_lines``, ``pod_status``) are
omitted. Each row is a case with no history yet.
"""
_OPTIONAL_COLUMNS = {"name", "first_responder_other_name", "county_lines", "pod_status"}
_REQUIRED_COLUMNS = set(CSV_COLUMNS) - _OPTIONAL_COLUMNS
_BOOLEANS = {"true": True, "yes": True, "false": False, "no": False}


def _csv_document(row: Mapping[str, str | None]) -> tuple[dict[str, Any], list[Problem]]:
    def cell(column: str) -> str | None:
        value = row.get(column)
        return value if value not in (None, "") else None

    born: Any = cell("date_of_birth")
    child: dict[str, Any] = {
        "child_id": cell("child_id"),
        "date_of_birth": born,
        "age_basis": cell("age_basis"),
    }
    responder: dict[str, Any] = {
        "organisation": cell("first_responder"),
        "nation": cell("referrer_nation"),
    }
    types, notes = upgrade_types(
        [t.strip() for t in (cell("exploitation_types") or "").split(";")]
        if cell("exploitation_types")
        else None,
        "$.referral.exploitation.types",
    )
    county_lines: Any = cell("county_lines")
    if isinstance(county_lines, str):
        county_lines = _BOOLEANS.get(county_lines.strip().lower(), county_lines)
    exploitation: dict[str, Any] = {
        "types": types,
        "location": cell("exploitation_location"),
        "county_lines": county_lines,
    }
    referral: dict[str, Any] = {
        "referral_id": cell("referral_id"),
        "child": child,
        "referred_on": cell("referred_on"),
        "first_responder": responder,
        "safeguarding_authority": cell("safeguarding_authority"),
        "exploitation": exploitation,
    }
    for key, target, column in (
        ("name", child, "name"),
        ("other_name", responder, "first_responder_other_name"),
        ("pod_status", referral, "pod_status"),
    ):
        if cell(column) is not None:
            target[key] = cell(column)
    for mapping in (referral, child, responder, exploitation):
        for key in [k for k, v in mapping.items() if v is None]:
            del mapping[key]
    if isinstance(born, str) and born.strip().lower() == "unknown":
        child["date_of_birth"] = None  # said to be unknown (an empty cell is still missing)
    document = {"format": CASE_FORMAT, "version": FORMAT_VERSION, "referral": referral}
    return {**document, "history": []}, notes


class _RowTooLarge(Exception):
    """A CSV row (one line, or several for quoted line breaks) is over the record limit."""


class _CsvLines:
    """The decoded lines of a CSV stream, for :func:`csv.reader`: no row longer than
    :data:`MAX_RECORD_BYTES` is held (a longer one raises :class:`_RowTooLarge`, its line
    skipped), and a line that is not UTF-8 raises ``UnicodeDecodeError`` for that line
    alone. ``line`` counts the lines read; ``row_bytes`` the bytes of the row so far;
    ``row_line`` is the line the row began on and ``row_next`` the offset of the line after
    it (where reading goes on when a quote opened on that line is never closed); ``ended``
    says the stream's end was reached."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.line = 0
        self.offset = 0
        self.row_bytes = 0
        self.row_line = 0
        self.row_next = 0
        self.ended = False

    def back_to_after_row_start(self) -> bool:
        """Read on from the line after the one the row began on (``False``: the stream
        cannot go back)."""
        if not self.stream.seekable():
            return False
        self.stream.seek(self.row_next)
        self.line, self.offset, self.row_bytes, self.ended = self.row_line, self.row_next, 0, False
        return True

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        raw = self.stream.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            self.ended = True
            raise StopIteration
        self.line += 1
        offset, self.offset = self.offset, self.offset + len(raw)
        if self.row_bytes == 0:  # the first line of a row
            self.row_line, self.row_next = self.line, self.offset
        self.row_bytes += len(raw)
        if self.row_bytes > MAX_RECORD_BYTES:
            while not raw.endswith(b"\n"):  # skip the rest of the line, a chunk at a time
                raw = self.stream.readline(MAX_RECORD_BYTES)
                if not raw:
                    break
                self.offset += len(raw)
            raise _RowTooLarge
        try:
            return raw.decode("utf-8-sig" if offset == 0 else "utf-8")
        except UnicodeDecodeError as error:
            error.start += offset  # where in the file
            raise


def _listed(numbers: list[int]) -> str:
    """``1, 2, 3``, or the first ten and how many in all."""
    shown = ", ".join(map(str, numbers[:10]))
    return shown if len(numbers) <= 10 else f"{shown}, ... ({len(numbers):,} in all)"


def _header_problems(header: list[str]) -> list[Problem]:
    """Unknown, repeated and missing columns (unknown and repeated ones named by position:
    a "header" may be a first row of personal data, from a file without a header)."""
    unknown, repeated, seen = [], [], set()
    for number, column in enumerate(header, 1):
        if column not in CSV_COLUMNS:
            unknown.append(number)
        elif column in seen:
            repeated.append(number)
        seen.add(column)
    problems = []
    if unknown:
        problems.append(
            Problem(
                UNKNOWN_COLUMN,
                path="$",
                message=f"column(s) {_listed(unknown)} are not in the layout "
                f"(is the first line a header?); the columns are: {', '.join(CSV_COLUMNS)}",
            )
        )
    if repeated:
        problems.append(
            Problem(
                INVALID_CSV,
                path="$",
                message=f"column(s) {_listed(repeated)} repeat an earlier column",
            )
        )
    problems += [
        Problem(MISSING_COLUMN, path="$", message=f"column {c!r} is required")
        for c in sorted(_REQUIRED_COLUMNS - seen)
    ]
    return problems


class _OneLine:
    """The next line of ``lines`` alone, for a :func:`csv.reader` that must read one row a
    line (a quote left open stops at the line's end)."""

    def __init__(self, lines: _CsvLines) -> None:
        self.lines, self.done = lines, False

    def __iter__(self) -> _OneLine:
        return self

    def __next__(self) -> str:
        if self.done:
            raise StopIteration
        self.done = True
        return next(self.lines)


def _csv_rows(name: str, stream: BinaryIO) -> Iterator[Record]:
    """The rows of a CSV file as case documents. A row that cannot be read (over the record
    limit, not UTF-8, not valid CSV, more or fewer cells than the header) is a problem and
    reading goes on with the next line: no row is lost without a problem that says so.

    A quote left open takes the lines after it as the text of one cell, until the end of
    the file or a quote that breaks the row. Such a row is a problem at the line the quote
    was opened on; reading goes back to the line after it and, from there to the end of the
    file, reads one row a line (so each line is read at most twice: never quadratic)."""
    lines = _CsvLines(stream)
    header: list[str] | None = None
    seen = False
    one_a_line = False
    while True:
        # strict: "x"y is an error (not xy), and so is a quote never closed (not a cell
        # taken silently to the end of the file)
        reader = csv.reader(_OneLine(lines) if one_a_line else lines, strict=True)
        read_to = lines.line
        try:
            for cells in reader:
                at = f"{name}:{lines.line}"
                lines.row_bytes = 0
                if header is None:
                    header = cells
                    problems = _header_problems(header) if header else []
                    if problems:
                        yield Record(f"{name}:1", problems=tuple(problems))
                        return
                    continue
                if not cells:  # a blank line
                    continue
                seen = True
                if len(cells) != len(header):
                    more = "extra cells" if len(cells) > len(header) else "too few cells"
                    lines_of = (
                        f" (lines {lines.row_line}-{lines.line}: a quoted cell goes on over lines)"
                        if lines.row_line < lines.line
                        else ""
                    )
                    message = (
                        f"the row has {more}: {len(cells)}, and the header {len(header)}{lines_of}"
                    )
                    yield _failed(at, Problem(INVALID_CSV, path="$", message=message))
                    continue
                row = dict(zip(header, cells, strict=False))
                document, notes = _csv_document(row)
                yield Record(at, data=document, notes=tuple(notes))
            if one_a_line and not lines.ended:
                continue
            break
        except _RowTooLarge:
            detail = f"the row is over {MAX_RECORD_BYTES:,} bytes"
            problem = Problem(RECORD_TOO_LARGE, path="$", message=detail)
        except UnicodeDecodeError as error:
            detail = f"not UTF-8 text (invalid byte at offset {error.start}); save it as UTF-8"
            problem = Problem("invalid-encoding", path="$", message=detail)
        except csv.Error as error:
            detail = f"not valid CSV: {error}"
            if lines.ended and not one_a_line:  # the file ended inside a quoted cell
                detail = f"a quote opened on line {lines.row_line} is never closed"
            elif one_a_line and "end of data" in str(error):  # the line ended inside one
                detail = "a quote opened on this line is not closed on it"
            problem = Problem(INVALID_CSV, path="$", message=detail)
        lines.row_bytes = 0
        if header is None:  # the header itself could not be read: nothing can be
            yield _failed(name, problem)
            return
        seen = True
        opened, last = lines.row_line, lines.line
        if opened < last and not one_a_line:  # a quote opened on `opened` ran on
            if not detail.startswith("a quote"):
                detail = f"a quote opened on line {opened} runs on to line {last}: {detail}"
            again = lines.back_to_after_row_start()
            message = detail + (
                "; the lines after it are read one row a line"
                if again
                else f"; lines {opened + 1}-{last} cannot be read again (not a file)"
            )
            yield _failed(f"{name}:{opened}", Problem(INVALID_CSV, path="$", message=message))
            one_a_line = again
            continue
        yield _failed(f"{name}:{lines.line}", problem)
        if lines.line == read_to:  # no progress (cannot happen; never loop for ever)
            return
    if header is None:
        yield _empty(name, "the file is empty")
    elif not seen:
        yield _empty(name, "the file has no rows")


def read_path(path: str | Path) -> Iterator[Record]:
    """The records of a ``.json``, ``.jsonl`` / ``.ndjson`` or ``.csv`` file.

    A ``.json`` file holds one case document, an array of them, or
    ``{"format": "nrm-core/cases", "version": 1, "cases": [...]}``. Raises
    ``OSError`` only if the file cannot be opened or read.
    """
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    with path.open("rb") as stream:
        if suffix in (".jsonl", ".ndjson"):
            yield from _json_lines(name, stream)
        elif suffix == ".csv":
            yield from _csv_rows(name, stream)
        else:
            yield from _json_documents(name, stream)


def read_text(text: str | bytes, *, name: str = "<text>") -> Iterator[Record]:
    """The records of a JSON document given as text or bytes. Text that cannot be UTF-8
    (a lone surrogate) is read as the bytes it stands for, and reported as not UTF-8."""
    raw = _encoded(text) if isinstance(text, str) else text
    yield from _json_documents(name, io.BytesIO(raw))


def _encoded(text: str) -> bytes:
    """UTF-8 of ``text``: bytes decoded with ``surrogateescape`` get their own bytes back; any
    other lone surrogate is kept as its three bytes (not UTF-8: the reader says so)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


CODES: tuple[Code, ...] = (
    EMPTY_FILE,
    INVALID_CSV,
    UNKNOWN_COLUMN,
    MISSING_COLUMN,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
