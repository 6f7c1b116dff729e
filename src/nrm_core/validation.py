"""Validate case data: every problem in a record, every record in a file.

:func:`validate_data` checks one case document (parsed JSON): its shape
(strict: see :mod:`nrm_core.interchange`), then the domain: the safeguarding
authority's code on the referral date, the dates, and the history replayed
through the lifecycle's rules. :func:`validate_path` streams a file (JSON,
JSON Lines or the flat referral CSV) and yields one :class:`RecordReport` per
record. Bad input never raises: malformed JSON, wrong types, deep nesting,
huge records, empty files and wrong encodings are all reported as problems.

Each :class:`~nrm_core.interchange.Problem` has a stable ``code`` (listed,
with examples, by :data:`ERROR_CODES`), a JSON ``path``, a plain ``message``
that never echoes personal data, a ``severity`` (``error``: invalid;
``query``: to confirm) and the ``citation`` of the rule where there is one.

>>> from nrm_core.interchange import unstructure
>>> from nrm_core import Case
>>> from nrm_core.samples import example_referral
>>> document = unstructure(Case(example_referral()))
>>> document["history"] = [{"event": "decision-served", "on": "2026-03-03"}]
>>> case, problems = validate_data(document)
>>> [(p.code, p.path) for p in problems]
[('no-such-transition', '$.history[0]')]
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from nrm_core._sources import MSA_2015, NRM_LIBRARY, ONS_CODE_HISTORY, P, U, cite
from nrm_core._spec import BAD, Problem, Severity
from nrm_core.authority import is_gss_code
from nrm_core.child import is_treated_as_child
from nrm_core.eligibility import route
from nrm_core.errors import TransitionRefused
from nrm_core.events import RoutedToPanel, RoutedToSca
from nrm_core.interchange import CASE_DOCUMENT, CASE_FORMAT, FORMAT_VERSION, CaseParts
from nrm_core.lifecycle import TRANSITIONS, Case
from nrm_core.policy import DEFAULT_POLICY, NRM_START, NRM_START_CITATION, Policy
from nrm_core.registry import AuthorityRegister, SiteRegistry, UnknownAuthorityError

__all__ = [
    "CSV_COLUMNS",
    "ERROR_CODES",
    "MAX_FILE_BYTES",
    "MAX_RECORD_BYTES",
    "CodeInfo",
    "RecordReport",
    "replay",
    "validate_data",
    "validate_path",
    "validate_text",
]

MAX_RECORD_BYTES = 4 * 1024 * 1024
"""The largest single record (a JSON Lines line, a CSV row) read."""
MAX_FILE_BYTES = 256 * 1024 * 1024
"""The largest ``.json`` file read whole; use JSON Lines beyond that."""

_AUTHORITY = cite(ONS_CODE_HISTORY, "code history", P)
_CHILD = cite(MSA_2015, "s.51", P)


@attrs.frozen
class RecordReport:
    """The result of validating one record."""

    location: str
    """Where the record is: ``file.jsonl:12`` (line), ``file.json`` or ``file.json[3]``."""
    case_id: str | None
    problems: tuple[Problem, ...]
    case: Case | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def valid(self) -> bool:
        """No problem of severity ``error`` (queries allowed)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "case_id": self.case_id,
            "valid": self.valid,
            "problems": [problem.to_json() for problem in self.problems],
        }


def replay(parts: CaseParts, policy: Policy = DEFAULT_POLICY) -> tuple[Case | None, list[Problem]]:
    """Replay a structured document's history; problems for the refused event."""
    try:
        return Case(parts.referral, parts.history, policy=policy), []
    except TransitionRefused as refusal:
        index = refusal.index if refusal.index is not None else 0
        problems = [
            Problem(r.code, f"$.history[{index}]", r.message, Severity.ERROR, r.citation)
            for r in refusal.reasons
        ]
        if index < len(parts.history) - 1:
            problems.append(
                Problem(
                    "history-not-checked",
                    f"$.history[{index + 1}]",
                    f"events after history[{index}] were not checked (the history stops being "
                    "valid there)",
                    Severity.QUERY,
                )
            )
        return None, problems


def _authority_problems(
    code: str, referred_on: dt.date, authorities: AuthorityRegister
) -> list[Problem]:
    problems: list[Problem] = []
    try:
        lookup = authorities.lookup(code, referred_on)
        if not lookup.valid:
            problems.append(
                Problem(
                    "authority-code-not-in-use",
                    "$.referral.safeguarding_authority",
                    lookup.message,
                    Severity.ERROR,
                    _AUTHORITY,
                )
            )
    except UnknownAuthorityError:
        problems.append(
            Problem(
                "authority-code-unknown",
                "$.referral.safeguarding_authority",
                f"{code} is not a children's-services authority in the register",
                Severity.ERROR,
                _AUTHORITY,
            )
        )
    return problems


def _partial_problems(data: Any, authorities: AuthorityRegister) -> list[Problem]:
    """Domain checks on the well-formed fields of a record whose shape is invalid."""
    referral = data.get("referral") if isinstance(data, dict) else None
    if not isinstance(referral, dict):
        return []
    code, on = referral.get("safeguarding_authority"), referral.get("referred_on")
    if not (isinstance(code, str) and is_gss_code(code) and isinstance(on, str)):
        return []
    try:
        referred_on = dt.date.fromisoformat(on)
    except ValueError:
        return []
    return _authority_problems(code, referred_on, authorities)


def _domain_problems(
    parts: CaseParts,
    as_of: dt.date | None,
    authorities: AuthorityRegister,
) -> list[Problem]:
    referral = parts.referral
    problems = _authority_problems(
        referral.safeguarding_authority, referral.referred_on, authorities
    )
    if referral.referred_on < NRM_START:
        problems.append(
            Problem(
                "before-nrm",
                "$.referral.referred_on",
                f"is before the NRM began ({NRM_START.isoformat()})",
                Severity.ERROR,
                NRM_START_CITATION,
            )
        )
    if as_of is not None:
        if referral.referred_on > as_of:
            problems.append(
                Problem("date-after-as-of", "$.referral.referred_on", f"is after {as_of}")
            )
        for index, event in enumerate(parts.history):
            if event.on > as_of:
                problems.append(
                    Problem("date-after-as-of", f"$.history[{index}].on", f"is after {as_of}")
                )
    if not is_treated_as_child(referral.child, referral.referred_on, referral.nation):
        problems.append(
            Problem(
                "not-a-child-on-referral",
                "$.referral.child.date_of_birth",
                "by the recorded date of birth the person was 18 or over on the referral date; "
                "confirm the date of birth, or record the age as disputed",
                Severity.QUERY,
                _CHILD,
            )
        )
    return problems


def _route_queries(
    case: Case, sites: SiteRegistry, authorities: AuthorityRegister
) -> list[Problem]:
    for index, event in enumerate(case.history):
        if isinstance(event, RoutedToPanel | RoutedToSca):
            expected = route(case.referral, event.on, sites=sites, authorities=authorities)
            recorded = "SCA" if isinstance(event, RoutedToSca) else f"pilot panel {event.site_id}"
            if str(expected.decision_maker) != recorded:
                why = "; ".join(r.code for r in expected.exclusions) or "all checks passed"
                return [
                    Problem(
                        "route-differs",
                        f"$.history[{index}]",
                        f"recorded as routed to {recorded}, but the routing rules give "
                        f"{expected.decision_maker} ({why}); confirm the route or the site "
                        "register",
                        Severity.QUERY,
                        cite(NRM_LIBRARY, "eligibility.route", U),
                    )
                ]
            return []
    return []


def validate_data(
    data: Any,
    *,
    as_of: dt.date | None = None,
    sites: SiteRegistry | None = None,
    authorities: AuthorityRegister | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[Case | None, tuple[Problem, ...]]:
    """Validate one case document (parsed JSON). Returns the case (if valid) and every problem.

    ``as_of`` (optional) flags dates after it; nothing reads the clock.
    """
    authorities = authorities or AuthorityRegister.bundled()
    problems: list[Problem] = []
    try:
        parts = CASE_DOCUMENT.structure(data, "$", problems)
        if parts is BAD:
            return None, (*problems, *_partial_problems(data, authorities))
        problems.extend(_domain_problems(parts, as_of, authorities))
        case, replayed = replay(parts, policy)
        problems.extend(replayed)
        if case is not None:
            problems.extend(_route_queries(case, sites or SiteRegistry.bundled(), authorities))
        valid = not any(p.severity is Severity.ERROR for p in problems)
        return (case if valid else None), tuple(problems)
    except RecursionError:
        return None, (Problem("too-deep", "$", "the document is nested too deeply"),)


# ----------------------------------------------------------------------------- reading


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}" if len(key) < 40 else "duplicate key")
        result[key] = value
    return result


def _parse(text: str) -> tuple[Any, Problem | None]:
    try:
        return (
            json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates),
            None,
        )
    except json.JSONDecodeError as error:
        return None, Problem(
            "invalid-json",
            "$",
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
        )
    except RecursionError:
        return None, Problem("too-deep", "$", "the document is nested too deeply")
    except ValueError as error:
        code = "duplicate-key" if "duplicate key" in str(error) else "invalid-json"
        return None, Problem(code, "$", str(error))


def _decode(raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return codecs.decode(raw, "utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, Problem(
            "invalid-encoding",
            "$",
            f"not UTF-8 text (invalid byte at offset {error.start}); save the file as UTF-8",
        )


def _case_id(data: Any) -> str | None:
    if isinstance(data, dict):
        referral = data.get("referral")
        if isinstance(referral, dict):
            value = referral.get("referral_id")
            if isinstance(value, str) and len(value) <= 64:
                return value
    return None


_Checker = Callable[[Any], tuple[Case | None, tuple[Problem, ...]]]
"""Validates one parsed record (a case document)."""


def _report(location: str, data: Any, check: _Checker) -> RecordReport:
    case, problems = check(data)
    return RecordReport(location, _case_id(data), problems, case)


def _json_documents(name: str, raw: bytes, check: _Checker) -> Iterator[RecordReport]:
    text, problem = _decode(raw)
    if problem is not None or text is None:
        yield RecordReport(name, None, (problem,) if problem else ())
        return
    if not text.strip():
        yield RecordReport(name, None, (Problem("empty-file", "$", "the file is empty"),))
        return
    data, problem = _parse(text)
    if problem is not None:
        yield RecordReport(name, None, (problem,))
        return
    if isinstance(data, list):
        if not data:
            yield RecordReport(name, None, (Problem("empty-file", "$", "the array is empty"),))
        for index, item in enumerate(data):
            yield _report(f"{name}[{index}]", item, check)
    elif isinstance(data, dict) and data.get("format") == "nrm-core/cases":
        cases = data.get("cases")
        if data.get("version") != FORMAT_VERSION or not isinstance(cases, list):
            yield RecordReport(
                name,
                None,
                (
                    Problem(
                        "unsupported-format",
                        "$",
                        f"a cases document needs version {FORMAT_VERSION} and a 'cases' array",
                    ),
                ),
            )
            return
        for index, item in enumerate(cases):
            yield _report(f"{name}[{index}]", item, check)
    else:
        yield _report(name, data, check)


def _json_lines(name: str, stream: BinaryIO, check: _Checker) -> Iterator[RecordReport]:
    seen = False
    for number, raw in enumerate(_lines(stream), start=1):
        location = f"{name}:{number}"
        if raw is None:
            yield RecordReport(
                location,
                None,
                (Problem("record-too-large", "$", f"the line is over {MAX_RECORD_BYTES} bytes"),),
            )
            seen = True
            continue
        if not raw.strip():
            continue
        seen = True
        text, problem = _decode(raw)
        if problem is not None or text is None:
            yield RecordReport(location, None, (problem,) if problem else ())
            continue
        data, problem = _parse(text)
        if problem is not None:
            yield RecordReport(location, None, (problem,))
            continue
        yield _report(location, data, check)
    if not seen:
        yield RecordReport(name, None, (Problem("empty-file", "$", "the file has no records"),))


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


CSV_COLUMNS: Mapping[str, str] = {
    "referral_id": "$.referral.referral_id",
    "referred_on": "$.referral.referred_on",
    "child_id": "$.referral.child.child_id",
    "date_of_birth": "$.referral.child.date_of_birth",
    "age_basis": "$.referral.child.age_basis",
    "name": "$.referral.child.name",
    "first_responder": "$.referral.first_responder.organisation",
    "first_responder_other_name": "$.referral.first_responder.other_name",
    "referrer_nation": "$.referral.referrer_nation",
    "safeguarding_authority": "$.referral.safeguarding_authority",
    "exploitation_types": "$.referral.exploitation_types",
    "exploitation_location": "$.referral.exploitation_location",
    "pod_status": "$.referral.pod_status",
}
"""The flat referral CSV layout: each column and the JSON path it fills.

``exploitation_types`` holds codes separated by ``;``. Empty optional cells
(``name``, ``first_responder_other_name``, ``pod_status``) are omitted.
Each row is a case with no history yet.
"""
_REQUIRED_COLUMNS = set(CSV_COLUMNS) - {"name", "first_responder_other_name", "pod_status"}


def _csv_document(row: Mapping[str, str | None]) -> dict[str, Any]:
    def cell(column: str) -> str | None:
        value = row.get(column)
        return value if value not in (None, "") else None

    child: dict[str, Any] = {
        "child_id": cell("child_id"),
        "date_of_birth": cell("date_of_birth"),
        "age_basis": cell("age_basis"),
    }
    responder: dict[str, Any] = {"organisation": cell("first_responder")}
    referral: dict[str, Any] = {
        "referral_id": cell("referral_id"),
        "child": child,
        "referred_on": cell("referred_on"),
        "first_responder": responder,
        "referrer_nation": cell("referrer_nation"),
        "safeguarding_authority": cell("safeguarding_authority"),
        "exploitation_types": [t.strip() for t in (cell("exploitation_types") or "").split(";")]
        if cell("exploitation_types")
        else None,
        "exploitation_location": cell("exploitation_location"),
    }
    for key, target, column in (
        ("name", child, "name"),
        ("other_name", responder, "first_responder_other_name"),
        ("pod_status", referral, "pod_status"),
    ):
        if cell(column) is not None:
            target[key] = cell(column)
    for mapping in (referral, child, responder):
        for key in [k for k, v in mapping.items() if v is None]:
            del mapping[key]
    return {"format": CASE_FORMAT, "version": FORMAT_VERSION, "referral": referral, "history": []}


def _csv_rows(name: str, stream: BinaryIO, check: _Checker) -> Iterator[RecordReport]:
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        reader = csv.DictReader(text_stream)
        header = reader.fieldnames or []
        if not header:
            yield RecordReport(name, None, (Problem("empty-file", "$", "the file is empty"),))
            return
        unknown = [column for column in header if column not in CSV_COLUMNS]
        missing = sorted(_REQUIRED_COLUMNS - set(header))
        if unknown or missing:
            problems = [
                Problem(
                    "unknown-column",
                    "$",
                    f"unknown column {c!r}" if len(c) < 40 else "unknown column",
                )
                for c in unknown
            ] + [Problem("missing-column", "$", f"column {c!r} is required") for c in missing]
            yield RecordReport(f"{name}:1", None, tuple(problems))
            return
        seen = False
        for row in reader:
            seen = True
            location = f"{name}:{reader.line_num}"
            if None in row:
                yield RecordReport(
                    location, None, (Problem("invalid-csv", "$", "the row has extra cells"),)
                )
                continue
            yield _report(location, _csv_document(row), check)
        if not seen:
            yield RecordReport(name, None, (Problem("empty-file", "$", "the file has no rows"),))
    except UnicodeDecodeError as error:
        yield RecordReport(
            name,
            None,
            (
                Problem(
                    "invalid-encoding",
                    "$",
                    f"not UTF-8 text (invalid byte at offset {error.start}); save it as UTF-8",
                ),
            ),
        )
    except csv.Error as error:
        yield RecordReport(name, None, (Problem("invalid-csv", "$", f"not valid CSV: {error}"),))
    finally:
        text_stream.detach()


def validate_path(
    path: str | Path,
    *,
    as_of: dt.date | None = None,
    sites: SiteRegistry | None = None,
    authorities: AuthorityRegister | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Iterator[RecordReport]:
    """Validate a ``.json``, ``.jsonl`` / ``.ndjson`` or ``.csv`` file, record by record.

    JSON Lines and CSV are streamed (constant memory). A ``.json`` file holds
    one case document, an array of them, or ``{"format": "nrm-core/cases",
    "version": 1, "cases": [...]}``, and is read whole (up to
    :data:`MAX_FILE_BYTES`). Raises ``OSError`` only if the file cannot be opened.
    """
    path = Path(path)
    sites = sites or SiteRegistry.bundled()
    authorities = authorities or AuthorityRegister.bundled()

    def check(data: Any) -> tuple[Case | None, tuple[Problem, ...]]:
        return validate_data(data, as_of=as_of, sites=sites, authorities=authorities, policy=policy)

    name = str(path)
    suffix = path.suffix.lower()
    with path.open("rb") as stream:
        if suffix in (".jsonl", ".ndjson"):
            yield from _json_lines(name, stream, check)
        elif suffix == ".csv":
            yield from _csv_rows(name, stream, check)
        else:
            raw = stream.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                yield RecordReport(
                    name,
                    None,
                    (
                        Problem(
                            "file-too-large",
                            "$",
                            f"over {MAX_FILE_BYTES} bytes; use JSON Lines (one case per line)",
                        ),
                    ),
                )
                return
            yield from _json_documents(name, raw, check)


def validate_text(text: str | bytes, *, name: str = "<text>", **options: Any) -> list[RecordReport]:
    """Validate a JSON document given as text or bytes (convenience for tests and services)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text

    def check(data: Any) -> tuple[Case | None, tuple[Problem, ...]]:
        return validate_data(data, **options)

    return list(_json_documents(name, raw, check))


# ----------------------------------------------------------------------------- catalogue


@attrs.frozen
class CodeInfo:
    """One problem code: what it means, its usual severity, and an example that produces it."""

    code: str
    severity: Severity
    meaning: str
    example: str | None = None
    """A JSON fragment (or file content) that produces the code, where there is a short one."""


_FORMAT_CODES: tuple[CodeInfo, ...] = (
    CodeInfo("invalid-json", Severity.ERROR, "The text is not valid JSON.", '{"format": '),
    CodeInfo("invalid-encoding", Severity.ERROR, "The bytes are not UTF-8 text."),
    CodeInfo("empty-file", Severity.ERROR, "The file (or array) holds no records.", ""),
    CodeInfo("too-deep", Severity.ERROR, "The JSON is nested too deeply to read."),
    CodeInfo("record-too-large", Severity.ERROR, "A JSON Lines line exceeds the record limit."),
    CodeInfo("file-too-large", Severity.ERROR, "A .json file exceeds the size limit."),
    CodeInfo("duplicate-key", Severity.ERROR, "An object repeats a key.", '{"a": 1, "a": 2}'),
    CodeInfo("invalid-csv", Severity.ERROR, "A CSV row cannot be read or has extra cells."),
    CodeInfo("unknown-column", Severity.ERROR, "A CSV header names a column not in the layout."),
    CodeInfo("missing-column", Severity.ERROR, "A required CSV column is absent."),
    CodeInfo("unsupported-format", Severity.ERROR, "The 'format' is not nrm-core/case."),
    CodeInfo("unsupported-version", Severity.ERROR, "The 'version' is not 1."),
    CodeInfo("wrong-type", Severity.ERROR, "A value has the wrong JSON type (no coercion)."),
    CodeInfo("missing-field", Severity.ERROR, "A required field is absent."),
    CodeInfo("unknown-field", Severity.ERROR, "A field the format does not define."),
    CodeInfo("empty-value", Severity.ERROR, "A string or list that must not be empty is."),
    CodeInfo("too-long", Severity.ERROR, "A string or list exceeds its maximum length."),
    CodeInfo("duplicate-value", Severity.ERROR, "A set-like list repeats an item."),
    CodeInfo("invalid-date", Severity.ERROR, "Not an ISO 8601 calendar date (YYYY-MM-DD)."),
    CodeInfo("invalid-enum", Severity.ERROR, "Not one of the allowed codes (with a suggestion)."),
    CodeInfo("invalid-identifier", Severity.ERROR, "Not a pseudonymous identifier."),
    CodeInfo("invalid-gss-code", Severity.ERROR, "Not a GSS code (letter + 8 digits)."),
    CodeInfo("invalid-format", Severity.ERROR, "A string does not have the required form."),
    CodeInfo("unknown-event-type", Severity.ERROR, "An event's 'event' tag is not known."),
    CodeInfo("invalid-value", Severity.ERROR, "A value breaks a rule of its type."),
)
_DOMAIN_CODES: tuple[CodeInfo, ...] = (
    CodeInfo("referred-before-birth", Severity.ERROR, "The referral is dated before the birth."),
    CodeInfo("other-name-required", Severity.ERROR, "An 'other' First Responder needs a name."),
    CodeInfo("other-name-not-allowed", Severity.ERROR, "A listed First Responder has a name."),
    CodeInfo("gss-code-nation-mismatch", Severity.ERROR, "A GSS code's letter is another nation."),
    CodeInfo("date-out-of-order", Severity.ERROR, "A decision's dates are out of order."),
    CodeInfo("duplicate-id", Severity.ERROR, "Panel member ids repeat."),
    CodeInfo("unknown-chair", Severity.ERROR, "The chair is not a panel member."),
    CodeInfo("authority-code-unknown", Severity.ERROR, "The GSS code is not in the register."),
    CodeInfo("authority-code-not-in-use", Severity.ERROR, "The code was not in use that day."),
    CodeInfo("before-nrm", Severity.ERROR, "The referral predates the NRM (April 2009)."),
    CodeInfo("date-after-as-of", Severity.ERROR, "A date is after the --as-of date."),
    CodeInfo("not-a-child-on-referral", Severity.QUERY, "18 or over on the referral date."),
    CodeInfo("history-not-checked", Severity.QUERY, "Events after a refused one are unchecked."),
    CodeInfo("route-differs", Severity.QUERY, "The recorded route differs from the rules'."),
)


def _lifecycle_codes() -> tuple[CodeInfo, ...]:
    from nrm_core.panel import SAFEGUARDING_PARTNERS

    seen: dict[str, CodeInfo] = {
        "no-such-transition": CodeInfo(
            "no-such-transition", Severity.ERROR, "The event cannot happen in the case's state."
        )
    }
    for row in TRANSITIONS:
        for guard in row.all_guards:
            seen.setdefault(guard.code, CodeInfo(guard.code, Severity.ERROR, guard.summary))
    panel = {
        "member-conflict-of-interest": "A panel member declared a conflict of interest.",
        "chair-is-lead-social-worker": "The chair is the child's lead social worker.",
        "ictg-not-invited": "The child's ICTG was not invited.",
        "panel-below-quorum": "Too few members can take part.",
        **{
            f"missing-{role.value}": f"No {role.value.replace('-', ' ')} member on the panel."
            for role in SAFEGUARDING_PARTNERS
        },
    }
    for code, meaning in panel.items():
        seen.setdefault(code, CodeInfo(code, Severity.ERROR, meaning))
    return tuple(seen.values())


ERROR_CODES: tuple[CodeInfo, ...] = _FORMAT_CODES + _DOMAIN_CODES + _lifecycle_codes()
"""Every problem code the validator can report."""
