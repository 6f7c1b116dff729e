"""Validate case data: every problem in a record, every record in a file.

:func:`validate_data` checks one case document (parsed JSON): its shape
(strict: see :mod:`nrm_core.io.interchange`), then the domain: the safeguarding
authority's code on the referral date, the dates, and the history replayed
through the lifecycle's rules. :func:`validate_path` reads a file (JSON, JSON
Lines or the flat referral CSV, through :mod:`nrm_core.io.readers`) and yields
one :class:`RecordReport` per record; :func:`validate_paths` does it for several
files, marking a referral id used twice. Bad input never raises.
:func:`write_problems_csv` writes the problems as a CSV table, one row per problem.

Each :class:`~nrm_core.io.interchange.Problem` has a stable ``code`` (listed,
with examples, by :data:`nrm_core.io.catalogue.ERROR_CODES`), a JSON ``path``,
a plain ``message`` that never echoes personal data, a ``severity``
(``error``: invalid; ``query``: to confirm) and the ``citation`` of the rule
where there is one. Every rule comes from one :class:`~nrm_core.Rules`
(``rules=None``: the bundled rules).

>>> import json
>>> from nrm_core.io.validation import validate_data
>>> from nrm_core import Case, to_json
>>> from nrm_core.samples import example_referral
>>> document = json.loads(to_json(Case(example_referral())))
>>> document["history"] = [{"event": "decision-served", "on": "2026-03-03"}]
>>> case, problems = validate_data(document)
>>> [(p.code, p.path) for p in problems]
[('no-such-transition', '$.history[0]')]
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TextIO, TypeVar

import attrs

from nrm_core._sources import FR_TOOLKIT_2026, NRM_LIBRARY, ONS_CODE_HISTORY, P, U, cite
from nrm_core._validate import check_day, is_identifier
from nrm_core.authority import is_gss_code
from nrm_core.checks import (
    Check,
    CheckTable,
    Citation,
    Code,
    Finding,
    Outcome,
    Severity,
)
from nrm_core.child import age_presumption, is_treated_as_child
from nrm_core.eligibility import (
    AUTHORITY_NOT_IN_USE,
    AUTHORITY_UNKNOWN,
    DATE_OF_BIRTH_UNKNOWN,
    NOT_A_CHILD,
    cutoff_days,
    route,
)
from nrm_core.errors import PolicyRangeError
from nrm_core.events import Merged, RoutedToPanel, RoutedToSca, WithdrawalReason, Withdrawn
from nrm_core.io._seen import DigestTable
from nrm_core.io._spec import BAD, SUGGEST_LIMIT, Problem
from nrm_core.io.home_office import read_submission
from nrm_core.io.interchange import CASE_DOCUMENT, HISTORY_NOT_CHECKED, CaseParts, replay
from nrm_core.io.migrate import upgrade
from nrm_core.io.readers import Record, read_path, read_text
from nrm_core.lifecycle import Case, routed_by_the_rules
from nrm_core.policy import NRM_START, NRM_START_CITATION
from nrm_core.referral import FIRST_RESPONDER_NOT_LISTED, Referral, listing_citation
from nrm_core.registry import AuthorityRegister, UnknownAuthorityError
from nrm_core.rules import Rules, resolve
from nrm_core.worklist import Unread

__all__ = [
    "AUTHORITY_CHECKS",
    "CASE_CHECKS",
    "PROBLEM_CSV_COLUMNS",
    "RECORD_CHECKS",
    "RecordReport",
    "home_office_reports",
    "report_cases",
    "summary_json",
    "summary_text",
    "tally",
    "validate_data",
    "validate_path",
    "validate_paths",
    "validate_text",
    "without_duplicates",
    "write_problems_csv",
]

_AUTHORITY = cite(ONS_CODE_HISTORY, "code history", P)

BEFORE_NRM = Code("before-nrm", "The referral predates the NRM (April 2009).")
AFTER_AS_OF = Code("date-after-as-of", "A date is after the --as-of date.")
CHILD_WITHDRAWAL = Code(
    "child-withdrawal", "A child's case was withdrawn: flagged for review.", severity=Severity.QUERY
)
DUPLICATE_REFERRAL = Code(
    "duplicate-referral-id", "Another record earlier in the file or folder has this referral id."
)
TOO_MANY_PROBLEMS = Code(
    "too-many-problems", "A record has more problems than are listed (the count is given)."
)
MAX_PROBLEMS = SUGGEST_LIMIT
"""The most problems listed for one record; the rest are counted in one more problem."""
ROUTE_DIFFERS = Code(
    "route-differs", "The recorded route differs from the rules'.", severity=Severity.QUERY
)


@attrs.frozen
class RecordReport:
    """The result of validating one record."""

    location: str
    """Where the record is: ``file.jsonl:12`` (line), ``file.json`` or ``file.json[3]``."""
    case_id: str | None = attrs.field(kw_only=True)
    problems: tuple[Problem, ...] = attrs.field(kw_only=True)
    case: Case | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    follow_up: bool = attrs.field(default=False, init=False)
    """A further problem of a record reported before (found across records once all were
    read, e.g. a merge into an id no record has): not a record of its own."""
    rest_unread: bool = attrs.field(default=False, kw_only=True)
    """The file could not be read past this record (see
    :attr:`nrm_core.io.readers.Record.rest_unread`): records after it are missing."""
    form_release: str | None = attrs.field(default=None, kw_only=True)
    """For a Home Office form payload: the release of the form it was read as
    (:class:`nrm_core.io.home_office.FormRelease`), ``None`` for a case record."""

    @property
    def valid(self) -> bool:
        """No problem of severity ``error`` (queries allowed)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def unread(self) -> Unread:
        """How the worklist lists this record when it failed validation (never dropped):
        its location, case id and problem codes, with ``rest-of-file-unread`` when the file
        could not be read past it."""
        codes = tuple(problem.code for problem in self.problems)
        if self.rest_unread:
            codes += ("rest-of-file-unread",)
        return Unread(self.location, case_id=self.case_id, codes=codes)

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "case_id": self.case_id,
            "valid": self.valid,
            "problems": [problem.to_json() for problem in self.problems],
            **({"rest_unread": True} if self.rest_unread else {}),
            **({"form_release": self.form_release} if self.form_release else {}),
        }


class _Authority(NamedTuple):
    """What the authority check reads: the code, the referral date and the register."""

    code: str
    on: dt.date
    authorities: AuthorityRegister


_AT_AUTHORITY = "$.referral.safeguarding_authority"


def _authority_in_use(s: _Authority) -> Outcome:
    try:
        lookup = s.authorities.lookup(s.code, s.on)
    except UnknownAuthorityError as error:  # the register's message: codes like it, too
        return (Finding(AUTHORITY_UNKNOWN, message=str(error), citation=_AUTHORITY),)
    if lookup.valid:
        return None
    return (Finding(AUTHORITY_NOT_IN_USE, message=lookup.message, citation=_AUTHORITY),)


AUTHORITY_CHECKS: CheckTable[_Authority] = CheckTable(
    [
        Check(
            AUTHORITY_NOT_IN_USE,
            summary="The safeguarding authority's GSS code is in the register and was in use "
            "on the referral date (else authority-code-unknown, or this code with its "
            "successors).",
            citation=_AUTHORITY,
            test=_authority_in_use,
            location=_AT_AUTHORITY,
        )
    ]
)
"""The record check of a referral's safeguarding authority (also run on a record whose
shape is invalid, where its code and date could be read).

:meta hide-value:
"""


_S = TypeVar("_S")


def _problems(table: CheckTable[_S], subject: _S) -> list[Problem]:
    """``table`` evaluated on ``subject``: lean when every check holds (the usual record:
    nothing built), else explained, each finding a :class:`Problem` of its code's severity
    at its JSON path (its check's, unless it names its own: a check of several places)."""
    if table.holds(subject):
        return []
    return [
        Problem(
            found.code,
            path=found.location or check.location or "$",
            message=found.message,
            severity=found.code.severity if isinstance(found.code, Code) else Severity.ERROR,
            citation=found.citation,
        )
        for check in table
        for found in check.findings(subject)
    ]


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
    return _problems(AUTHORITY_CHECKS, _Authority(code, referred_on, authorities))


def _history_after_shape_errors(data: Any, rules: Rules) -> list[Problem]:
    """After shape errors: the history's lifecycle problems if the referral and every event
    could still be read (the errors were elsewhere, e.g. a misspelt top-level key), else a
    ``history-not-checked`` notice, so that one error never silently hides the others."""
    if not isinstance(data, dict) or not isinstance(data.get("history"), list):
        return []
    if not data["history"]:
        return []
    scratch: list[Problem] = []
    referral = _REFERRAL.checked(data.get("referral"), "$.referral", scratch)
    history = _HISTORY.checked(data["history"], "$.history", scratch)
    if referral is not BAD and history is not BAD:
        _, replayed = replay(CaseParts(referral, history), rules)
        return replayed
    unread = "the referral" if referral is BAD else "an event"
    return [
        Problem(
            HISTORY_NOT_CHECKED,
            path="$.history",
            message=f"the history was not replayed through the lifecycle because {unread} "
            "could not be read; fix the errors above and validate again to check it",
            severity=Severity.QUERY,
        )
    ]


_REFERRAL = CASE_DOCUMENT.by_name["referral"].spec
_HISTORY = CASE_DOCUMENT.by_name["history"].spec


class _Record(NamedTuple):
    """What the record checks read: the structured document, the ``--as-of`` day, the
    rules."""

    parts: CaseParts
    as_of: dt.date | None
    rules: Rules


def _before_nrm(r: _Record) -> Outcome:
    if r.parts.referral.referred_on < NRM_START:
        return f"is before the NRM began ({NRM_START.isoformat()})"
    return None


def _after_as_of(r: _Record) -> Outcome:
    as_of = r.as_of
    if as_of is None:
        return None
    late = [_AT_REFERRED_ON] if r.parts.referral.referred_on > as_of else []
    late += [f"$.history[{n}].on" for n, e in enumerate(r.parts.history) if e.on > as_of]
    return tuple(Finding(AFTER_AS_OF, message=f"is after {as_of}", location=at) for at in late)


def _responder_not_listed(r: _Record) -> Outcome:
    referral = r.parts.referral
    responder = referral.first_responder
    if responder.organisation.listed(referral.referred_on, responder.nation):
        return None
    found = Finding(
        FIRST_RESPONDER_NOT_LISTED,
        message=f"the referral form did not list {responder.organisation.value!r} for a "
        f"referrer in {responder.nation.value} on {referral.referred_on.isoformat()}; "
        "confirm the organisation (or record it as 'other' with its name)",
        citation=listing_citation(responder.organisation),
    )
    return (found,)


def _birth_date_unknown(r: _Record) -> Outcome:
    referral = r.parts.referral
    if referral.child.date_of_birth is not None:
        return None
    found = Finding(
        DATE_OF_BIRTH_UNKNOWN,
        message=f"no date of birth is recorded: the pilot's {_cutoff(referral, r.rules)} "
        "test and the 18th birthday cannot be worked out (routing assumes what the "
        "policy's pilot_unknown_birth_date says); record it when it is known",
        citation=_unknown_birth_date_citation(referral, r.rules),
    )
    return (found,)


def _adult_on_referral(r: _Record) -> Outcome:
    referral = r.parts.referral
    if is_treated_as_child(referral.child, referral.referred_on, referral.nation, rules=r.rules):
        return None
    found = Finding(
        NOT_A_CHILD,
        message="by the recorded date of birth the person was 18 or over on the "
        "referral date; confirm the date of birth, or record the age as disputed",
        citation=age_presumption(referral.nation),
    )
    return (found,)


_AT_REFERRED_ON = "$.referral.referred_on"
_AT_BIRTH = "$.referral.child.date_of_birth"
RECORD_CHECKS: CheckTable[_Record] = CheckTable(
    [
        Check(BEFORE_NRM, summary=BEFORE_NRM.meaning, citation=NRM_START_CITATION,
              test=_before_nrm, location=_AT_REFERRED_ON),
        Check(AFTER_AS_OF, summary="No date (the referral's, any event's) is after --as-of.",
              citation=None, test=_after_as_of),
        Check(FIRST_RESPONDER_NOT_LISTED, summary=FIRST_RESPONDER_NOT_LISTED.meaning,
              citation=None, test=_responder_not_listed,
              location="$.referral.first_responder.organisation"),
        Check(DATE_OF_BIRTH_UNKNOWN, summary=DATE_OF_BIRTH_UNKNOWN.meaning, citation=None,
              test=_birth_date_unknown, location=_AT_BIRTH),
        Check(NOT_A_CHILD, summary=NOT_A_CHILD.meaning, citation=None,
              test=_adult_on_referral, location=_AT_BIRTH),
    ]
)  # fmt: skip
"""The record checks of a structured case document, in the order they are reported (after
the authority's): each a query or an error, on the JSON path it names. A citation that
depends on the record (the form's listing on the day, the nation's age presumption, the
policy's value) is the finding's own.

:meta hide-value:
"""


def _domain_problems(parts: CaseParts, as_of: dt.date | None, rules: Rules) -> list[Problem]:
    referral = parts.referral
    problems = _problems(
        AUTHORITY_CHECKS,
        _Authority(referral.safeguarding_authority, referral.referred_on, rules.authorities),
    )
    problems += _problems(RECORD_CHECKS, _Record(parts, as_of, rules))
    return problems


def _cutoff(referral: Referral, rules: Rules) -> str:
    """The rules' age cut-off on the referral date (policy ``pilot_age_cutoff``), as words."""
    days = cutoff_days(referral.referred_on, referral.nation, rules=rules)
    return "age cut-off" if days is None else f"{days}-day"  # None: before the pilot's rules


def _unknown_birth_date_citation(referral: Referral, rules: Rules) -> Citation | None:
    try:
        return rules.policy.pilot_unknown_birth_date.at(
            referral.referred_on, referral.nation
        ).citation
    except PolicyRangeError:  # before the pilot: no assumption is needed
        return None


def _child_withdrawn(case: Case) -> Outcome:
    return tuple(
        Finding(
            CHILD_WITHDRAWAL,
            message="a child's case was withdrawn; children may not generally "
            "withdraw: check who asked and why (reason: "
            f"{event.reason.value if event.reason else 'none'})",
            citation=_WITHDRAWAL,
            location=f"$.history[{index}]",
        )
        for index, event in enumerate(case.history)
        if isinstance(event, Withdrawn) and event.reason is not WithdrawalReason.DECLINED_AT_18
    )


def _route_differs(case: Case) -> Outcome:
    """The first recorded route against the rules for the case as it stood then."""
    for index, event in enumerate(case.history):
        if isinstance(event, RoutedToPanel | RoutedToSca):
            if isinstance(event, RoutedToSca) and event.override is not None:
                return None  # against the rules on purpose, with its reason (shown by explain)
            recorded = "SCA" if isinstance(event, RoutedToSca) else f"pilot panel {event.site_id}"
            # None: no route to compare with (authority-code-unknown is reported)
            then, maker = routed_by_the_rules(case, index)  # the replay's answer, if it asked
            if maker is None or str(maker) == recorded:
                return None
            expected = route(then, event.on, rules=case.rules)  # the reasons
            if str(expected.decision_maker) == recorded:
                return None
            why = "; ".join(r.code for r in expected.exclusions) or "all checks passed"
            message = (
                f"recorded as routed to {recorded}, but the routing rules give "
                f"{expected.decision_maker} ({why}); confirm the route or the site register"
            )
            at = f"$.history[{index}]"
            return (Finding(ROUTE_DIFFERS, message=message, citation=_ROUTES, location=at),)
    return None


_WITHDRAWAL = cite(FR_TOOLKIT_2026, "§5", U, "withdrawal rules for children")
_ROUTES = cite(NRM_LIBRARY, "eligibility.route", U)
CASE_CHECKS: CheckTable[Case] = CheckTable(
    [
        Check(ROUTE_DIFFERS, summary=ROUTE_DIFFERS.meaning,
              citation=_ROUTES, test=_route_differs),
        Check(CHILD_WITHDRAWAL, summary=CHILD_WITHDRAWAL.meaning, citation=_WITHDRAWAL,
              test=_child_withdrawn),
    ]
)  # fmt: skip
"""The checks of a case whose history replayed: its first route against the routing rules,
and a child's withdrawal (each a query).

:meta hide-value:
"""


def validate_data(
    data: Any, *, as_of: dt.date | None = None, rules: Rules | None = None
) -> tuple[Case | None, tuple[Problem, ...]]:
    """Validate one case document (parsed JSON). Returns the case (if valid) and every problem.

    ``as_of`` (optional) flags dates after it; nothing reads the clock.
    """
    rules = resolve(rules, "validate_data")
    if as_of is not None:
        check_day("validate_data", "as_of", as_of)
    authorities = rules.authorities
    data, notes = upgrade(data)
    if any(note.severity is Severity.ERROR for note in notes):  # a version mix: not read
        return None, tuple(notes)
    problems: list[Problem] = list(notes)
    try:
        parts = CASE_DOCUMENT.checked(data, "$", problems)
        if parts is BAD:
            partial = _partial_problems(data, authorities)
            return None, _capped([*problems, *partial, *_history_after_shape_errors(data, rules)])
        problems.extend(_domain_problems(parts, as_of, rules))
        case, replayed = replay(parts, rules)
        problems.extend(replayed)
        if case is not None:
            problems.extend(_problems(CASE_CHECKS, case))
        valid = not any(p.severity is Severity.ERROR for p in problems)
        return (case if valid else None), _capped(problems)
    except RecursionError:
        return None, (Problem("too-deep", path="$", message="the document is nested too deeply"),)


def _capped(problems: list[Problem]) -> tuple[Problem, ...]:
    """At most :data:`MAX_PROBLEMS` problems, then one that says how many more there were."""
    if len(problems) <= MAX_PROBLEMS:
        return tuple(problems)
    more = len(problems) - MAX_PROBLEMS
    errors = any(p.severity is Severity.ERROR for p in problems)
    worst = Severity.ERROR if errors else Severity.QUERY
    summary = Problem(
        TOO_MANY_PROBLEMS,
        path="$",
        message=f"{more:,} more {'problem' if more == 1 else 'problems'} in this record "
        f"{'was' if more == 1 else 'were'} not listed",
        severity=worst,
    )
    return (*problems[:MAX_PROBLEMS], summary)


def _case_id(data: Any) -> str | None:
    if isinstance(data, dict):
        referral = data.get("referral")
        if isinstance(referral, dict):
            value = referral.get("referral_id")
            if is_identifier(value):
                return value  # shown only when it is a valid pseudonymous identifier
    return None


_Checker = Callable[[Any], tuple[Case | None, tuple[Problem, ...]]]


def _unread(record: Record) -> RecordReport:
    """The report of a record that could not be read (its problems say why)."""
    return RecordReport(
        record.location, case_id=None, problems=record.problems, rest_unread=record.rest_unread
    )


def _reports(records: Iterator[Record], check: _Checker) -> Iterator[RecordReport]:
    for record in records:
        if record.problems:
            yield _unread(record)
            continue
        case, problems = check(record.data)
        yield RecordReport(
            record.location,
            case_id=_case_id(record.data),
            problems=(*record.notes, *problems),
            case=case,
        )


_PLACE = re.compile(r"(?::[0-9]+|\[[0-9]+\])$")


def _split_location(location: str) -> tuple[str, str]:
    """``("file.jsonl", ":12")`` for ``file.jsonl:12``; ``("file.json", "")`` for a file."""
    match = _PLACE.search(location)
    return (location[: match.start()], match.group()) if match else (location, "")


CHILD_DOB_CONFLICT = Code(
    "child-dob-conflict",
    "Another record of the same child_id gives a different date of birth.",
    severity=Severity.QUERY,
)
MERGED_INTO_UNKNOWN = Code(
    "merged-into-unknown",
    "A case was merged into a referral id that no record of the files has.",
    severity=Severity.QUERY,
)
MERGE_CYCLE = Code(
    "merge-cycle",
    "Cases were merged into each other in a circle (A into B, B into A): none is the one kept.",
)


def without_duplicates(
    reports: Iterable[RecordReport], *, ignore_case: bool = False
) -> Iterator[RecordReport]:
    """``reports`` checked across records: every record after the first of a referral id is
    marked invalid (``duplicate-referral-id``; with ``ignore_case``, ids differing only in
    letter case are the same), so that no case is counted twice; a ``child_id`` given two
    dates of birth is a query (``child-dob-conflict``). After the last record come
    follow-up reports (:attr:`RecordReport.follow_up`) for merges into an id that no record
    has (``merged-into-unknown``) and merges in a circle (``merge-cycle``)."""
    # Memory: a million cases must fit in a few tens of MB. Each id is kept as a digest (see
    # io._seen), with where its first record is packed in one number (the file's number in
    # ``names`` and the record's place in it: ":12", "[3]"), never the file's name again for
    # each record (a long path times a million records is gigabytes); for a child, the date
    # of birth as a day number.
    files: dict[str, int] = {}
    names: list[str] = []
    first = DigestTable("q")
    births = DigestTable("i")
    exact = DigestTable("i") if ignore_case else None  # the first records' ids as given
    merges: dict[str, tuple[str, str]] = {}  # id -> (merged into, its record's location)

    def where(key: str) -> str:
        packed = first.get(key)
        assert packed is not None
        return names[packed >> _FILE_SHIFT] + _place(packed & _PLACE_MASK)

    for report in reports:
        case_id = report.case_id
        if case_id is None:
            yield report
            continue
        key = case_id.casefold() if ignore_case else case_id
        if key in first:  # (a digest: see io._seen for the chance of two ids sharing one)
            differs = (
                " (the ids differ only in letter case)"
                if exact is not None and case_id not in exact
                else ""
            )
            duplicate = Problem(
                DUPLICATE_REFERRAL,
                path="$.referral.referral_id",
                message=f"referral id already used at {where(key)}{differs}; each referral is "
                "one record (ids are matched by an 8-byte digest: if that record's id is not "
                "this one, two ids share a digest: a chance of 1 in 2^64 a pair)",
            )
            yield attrs.evolve(report, problems=(*report.problems, duplicate), case=None)
            continue
        name, place = _split_location(report.location)
        number = files.setdefault(name, len(files))
        if number == len(names):
            names.append(name)
        first.add(key, number << _FILE_SHIFT | _packed_place(place))
        if exact is not None:
            exact.add(case_id, 1)
        extra: list[Problem] = []
        case = report.case
        if case is not None:
            child = case.referral.child
            born = -1 if child.date_of_birth is None else child.date_of_birth.toordinal()
            if births.add(child.child_id, born) != born:
                extra.append(
                    Problem(
                        CHILD_DOB_CONFLICT,
                        path="$.referral.child.date_of_birth",
                        message=f"another record of child {child.child_id} gives a different "
                        "date of birth (neither is shown): confirm it, or record the age as "
                        "disputed",
                        severity=Severity.QUERY,
                    )
                )
            for event in case.history:
                if isinstance(event, Merged):
                    merges[key] = (event.into.casefold() if ignore_case else event.into,
                                   report.location)  # fmt: skip
        yield attrs.evolve(report, problems=(*report.problems, *extra)) if extra else report
    yield from _merge_follow_ups(merges, first)


_FILE_SHIFT = 42
_PLACE_MASK = (1 << _FILE_SHIFT) - 1


def _packed_place(place: str) -> int:
    """``":12"`` as 12 * 4 + 1, ``"[3]"`` as 3 * 4 + 2, ``""`` (the whole file) as 0."""
    if not place:
        return 0
    digits = place.strip(":[]")
    number = int(digits)
    if number >= 1 << (_FILE_SHIFT - 2) or str(number) != digits:  # (not written so)
        return 0  # the file alone is named
    return number << 2 | (1 if place[0] == ":" else 2)


def _place(packed: int) -> str:
    number, form = packed >> 2, packed & 3
    return "" if not form else f":{number}" if form == 1 else f"[{number}]"


def _merge_follow_ups(
    merges: dict[str, tuple[str, str]], known: Container[str]
) -> Iterator[RecordReport]:
    in_cycle: set[str] = set()
    for start in sorted(merges):
        seen: list[str] = []
        at = start
        while at in merges and at not in seen and at not in in_cycle:
            seen.append(at)
            at = merges[at][0]
        if at in seen:
            in_cycle.update(seen[seen.index(at) :])
    for case_id in sorted(merges):
        into, location = merges[case_id]
        if case_id in in_cycle:
            problem = Problem(
                MERGE_CYCLE,
                path="$.history",
                message=f"merged into {into}, which is merged back into this case (directly or "
                "through others): one of them must be the case kept",
            )
        elif into not in known:
            problem = Problem(
                MERGED_INTO_UNKNOWN,
                path="$.history",
                message=f"merged into {into}, but no record of these files has that referral id",
                severity=Severity.QUERY,
            )
        else:
            continue
        report = RecordReport(location, case_id=case_id, problems=(problem,))
        object.__setattr__(report, "follow_up", True)  # not an argument: a short signature
        yield report


def validate_path(
    path: str | Path, *, as_of: dt.date | None = None, rules: Rules | None = None
) -> Iterator[RecordReport]:
    """Validate a ``.json``, ``.jsonl`` / ``.ndjson`` or ``.csv`` file, record by record.

    See :func:`nrm_core.io.readers.read_path` for the file forms. Raises
    ``OSError`` only if the file cannot be opened.
    """
    rules = resolve(rules, "validate_path")
    if as_of is not None:
        check_day("validate_path", "as_of", as_of)

    def check(data: Any) -> tuple[Case | None, tuple[Problem, ...]]:
        return validate_data(data, as_of=as_of, rules=rules)

    yield from _reports(read_path(path), check)


def validate_text(
    text: str | bytes,
    *,
    name: str = "<text>",
    as_of: dt.date | None = None,
    rules: Rules | None = None,
) -> list[RecordReport]:
    """Validate a JSON document given as text or bytes (convenience for tests and services)."""
    rules = resolve(rules, "validate_text")
    if as_of is not None:
        check_day("validate_text", "as_of", as_of)

    def check(data: Any) -> tuple[Case | None, tuple[Problem, ...]]:
        return validate_data(data, as_of=as_of, rules=rules)

    return list(_reports(read_text(text, name=name), check))


def validate_paths(
    paths: Iterable[str | Path], *, as_of: dt.date | None = None, rules: Rules | None = None
) -> Iterator[RecordReport]:
    """Validate several files, record by record, in order: :func:`validate_path` for each,
    with every record after the first of a referral id marked ``duplicate-referral-id``
    (within a file or across them). This is what ``nrm-core validate`` reports, and the
    browser checker shows.

    An ``OSError`` reading a file is raised with the file's name as its ``filename``.

    >>> from nrm_core.io.validation import validate_paths
    >>> reports = list(validate_paths(["examples/data/valid/pilot-case.json"]))
    >>> [(r.location, r.valid) for r in reports]
    [('examples/data/valid/pilot-case.json', True)]
    """
    rules = resolve(rules, "validate_paths")
    return without_duplicates(
        _each_file(paths, lambda path: validate_path(path, as_of=as_of, rules=rules))
    )


def _each_file(
    paths: Iterable[str | Path], reports: Callable[[str | Path], Iterator[RecordReport]]
) -> Iterator[RecordReport]:
    """The ``reports`` of each file in turn; an ``OSError`` names the file it was reading."""
    for path in paths:
        try:
            yield from reports(path)
        except OSError as error:
            if error.filename is None:
                error.filename = str(path)
            raise


def home_office_reports(
    paths: Iterable[str | Path], *, submitted_on: dt.date, rules: Rules | None = None
) -> Iterator[RecordReport]:
    """One report per Home Office referral-form payload of the files (see
    :func:`nrm_core.io.home_office.read_submission`), carrying the case (a referral
    with no history yet) when the payload was read without an error; a payload after
    the first with the same referral id is marked ``duplicate-referral-id``. This is
    what ``nrm-core import home-office`` reports, and the browser checker shows.

    An ``OSError`` reading a file is raised with the file's name as its ``filename``.
    """
    rules = resolve(rules, "home_office_reports")

    def payloads(path: str | Path) -> Iterator[RecordReport]:
        for record in read_path(path):
            if record.problems:
                yield _unread(record)
                continue
            result = read_submission(record.data, submitted_on=submitted_on, rules=rules)
            referral = result.referral if result.valid else None
            yield RecordReport(
                record.location,
                case_id=referral.referral_id if referral is not None else None,
                problems=result.problems,
                case=Case(referral, rules=rules) if referral is not None else None,
                form_release=result.release.value if isinstance(record.data, dict) else None,
            )

    # Ids differing only in letter case are one referral (a form's reference, retyped).
    return without_duplicates(_each_file(paths, payloads), ignore_case=True)


def tally(reports: Iterable[RecordReport], totals: Counter[str]) -> Iterator[RecordReport]:
    """``reports``, each counted into ``totals`` as it passes (``records``, ``valid``,
    ``invalid``, ``errors``, ``queries``): the figures of ``nrm-core validate``'s summary,
    kept while the records stream by (:func:`summary_json`, :func:`summary_text`).

    >>> from collections import Counter
    >>> from nrm_core.io.validation import summary_text, tally, validate_paths
    >>> totals = Counter()
    >>> for report in tally(validate_paths(["examples/data/valid/pilot-case.json"]), totals):
    ...     pass
    ...
    >>> summary_text(totals, files=1)
    'Checked 1 record in 1 file: 1 valid, 0 invalid; 0 errors, 0 queries.'
    """
    for report in reports:
        errors = sum(problem.severity is Severity.ERROR for problem in report.problems)
        if not report.follow_up:
            totals.update(records=1, valid=int(report.valid), invalid=int(not report.valid))
        elif not report.valid:  # a further problem of a record counted before makes it invalid
            totals.update(valid=-1, invalid=1)
        totals.update(errors=errors, queries=len(report.problems) - errors)
        yield report


def report_cases(reports: Iterable[RecordReport], left_out: Counter[str]) -> Iterator[Case]:
    """The cases that figures count (``nrm-core report``): each valid record's, except a
    person 18 or over on the referral date by an age not in dispute (not a child:
    ``not-a-child-on-referral``). Each record left out is counted in ``left_out``, as
    ``invalid`` or ``adults``; a follow-up report (:attr:`RecordReport.follow_up`) is not a
    record of its own and is passed over."""
    for record in reports:
        if record.follow_up:
            continue
        if record.case is None:
            left_out["invalid"] += 1
        elif any(problem.code == NOT_A_CHILD for problem in record.problems):
            left_out["adults"] += 1
        else:
            yield record.case


def summary_json(totals: Counter[str], *, files: int, as_of: dt.date | None) -> dict[str, Any]:
    """The summary line of ``nrm-core validate --format json``: ``files``, the counts of
    :func:`tally` and the ``as_of`` day dates were checked against."""
    counts = {key: totals[key] for key in ("records", "valid", "invalid", "errors", "queries")}
    return {"files": files, **counts, "as_of": as_of.isoformat() if as_of else None}


def summary_text(totals: Counter[str], *, files: int) -> str:
    """The summary sentence of ``nrm-core validate`` (text): counts with thousands commas."""

    def plural(count: int, noun: str, many: str | None = None) -> str:
        return f"{count:,} {noun if count == 1 else (many or noun + 's')}"

    return (
        f"Checked {plural(totals['records'], 'record')} in {plural(files, 'file')}: "
        f"{totals['valid']:,} valid, {totals['invalid']:,} invalid; "
        f"{plural(totals['errors'], 'error')}, {plural(totals['queries'], 'query', 'queries')}."
    )


PROBLEM_CSV_COLUMNS = ("location", "case_id", "severity", "code", "path", "message", "rule")
"""The columns of :func:`write_problems_csv`: where the record is, its referral id (empty if
it has none that could be read), then the problem's severity, code, JSON path, message and
the rule's citation (empty where there is none): the fields of ``RecordReport.to_json()``."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """A CSV cell that a spreadsheet shows as text: one starting like a formula (``=``,
    ``+``, ``-``, ``@``, tab, carriage return; a file name is the user's) is prefixed
    with ``'``, as OWASP advises against CSV injection."""
    if text is None:
        return ""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def write_problems_csv(reports: Iterable[RecordReport], out: TextIO) -> int:
    """Write every problem of ``reports`` to ``out`` as CSV (:data:`PROBLEM_CSV_COLUMNS`,
    with a header row), one row per problem; returns the number of rows. Used by
    ``nrm-core validate --format csv`` and the browser checker's download.

    >>> import io
    >>> from nrm_core.io.validation import validate_text, write_problems_csv
    >>> out = io.StringIO()
    >>> reports = validate_text(b'{"format": "nrm-core/case"}', name="one.json")
    >>> write_problems_csv(reports, out)
    2
    >>> out.getvalue().splitlines()[0]
    'location,case_id,severity,code,path,message,rule'
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PROBLEM_CSV_COLUMNS)
    rows = 0
    for report in reports:
        for problem in report.problems:
            fields = problem.to_json()
            writer.writerow(
                [
                    _cell(report.location),
                    _cell(report.case_id),
                    fields["severity"],
                    fields["code"],
                    _cell(fields["path"]),
                    _cell(fields["message"]),
                    _cell(fields["citation"]),
                ]
            )
            rows += 1
    return rows


CODES: tuple[Code, ...] = (
    BEFORE_NRM,
    AFTER_AS_OF,
    CHILD_WITHDRAWAL,
    DUPLICATE_REFERRAL,
    TOO_MANY_PROBLEMS,
    ROUTE_DIFFERS,
    CHILD_DOB_CONFLICT,
    MERGED_INTO_UNKNOWN,
    MERGE_CYCLE,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
