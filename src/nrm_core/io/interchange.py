"""The JSON interchange format (version 2) for every public type and for a whole case.

A case document (``...`` marks what is left out):

.. code-block:: text

    {"format": "nrm-core/case", "version": 2,
     "referral": {...},
     "history": [{"event": "routed-to-panel", "on": "2026-03-03", "site_id": "P1-01"}, ...]}

The JSON form of each type is derived from its attrs fields (a field's name is
its JSON key; its type and validators choose the JSON type and limits), so the
format, the JSON Schema (:func:`nrm_core.io.schema.json_schema`) and the
Python types cannot disagree. Dates are ISO 8601 calendar dates
(``YYYY-MM-DD``); enum values are the lower-case codes of the Python enums
(``"reasonable-grounds"``); optional fields may be omitted; unknown fields are
errors. A case's rules are not part of the document: pass ``rules`` when
reading it (default: :meth:`Rules.bundled <nrm_core.Rules.bundled>`).

:func:`to_json` / :func:`from_json` convert a value to and from JSON text;
:func:`unstructure` / :func:`structure` work on parsed JSON data. Every
problem is reported at once in a :class:`StructureError`
(``from_json(to_json(x), type(x)) == x`` for every value).

>>> from nrm_core import Referral
>>> from nrm_core.io.interchange import unstructure, structure, StructureError
>>> from nrm_core.samples import example_referral
>>> data = unstructure(example_referral())
>>> data["child"]["age_basis"], data["referred_on"]
('claimed', '2026-03-02')
>>> structure(data, Referral) == example_referral()
True
>>> try:
...     structure({**data, "referred_on": "02/03/2026", "colour": "blue"}, Referral)
... except StructureError as error:
...     print(error)
...
2 problem(s):
  error: $.<key 8>: [unknown-field] Referral has no such field (key 8 of the object; a key
  that is not a near miss of one of the format's keys is not shown, as it may be personal data)
  error: $.referred_on: [invalid-date] is not a valid ISO 8601 date (YYYY-MM-DD)
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import attrs

from nrm_core.authority import LocalAuthority
from nrm_core.checks import Citation, Code, Finding, Severity, Source
from nrm_core.child import Child
from nrm_core.dateranges import DateRange
from nrm_core.decision import Decision, DecisionMaker
from nrm_core.errors import InvalidTypeError, StructureError, TransitionRefused
from nrm_core.events import EVENT_TYPES, Event, EventKind
from nrm_core.io._json import parse_json
from nrm_core.io._spec import BAD, Const, F, Obj, Problem, Seq, Spec, Tagged, derive
from nrm_core.io.migrate import upgrade
from nrm_core.lifecycle import Case
from nrm_core.panel import Panel, PanelMember
from nrm_core.referral import FirstResponder, Referral
from nrm_core.rules import Rules
from nrm_core.site import Site, SiteMember

__all__ = [
    "CASE_FORMAT",
    "FORMAT_VERSION",
    "Problem",
    "Severity",
    "StructureError",
    "from_json",
    "replay",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

CASE_FORMAT = "nrm-core/case"
"""The ``format`` value of a case document."""
CASES_FORMAT = "nrm-core/cases"
"""The ``format`` value of a document holding several cases (``"cases": [...]``)."""
FORMAT_VERSION = 2
"""The version of the interchange format this library writes. It also reads version 1,
through the documented migration (:mod:`nrm_core.io.migrate`)."""

UNSUPPORTED_FORMAT = Code(
    "unsupported-format", "The 'format' is not nrm-core/case.", group="format"
)
UNSUPPORTED_VERSION = Code("unsupported-version", "The 'version' is not 1 or 2.", group="format")
HISTORY_NOT_CHECKED = Code(
    "history-not-checked",
    "Events after a refused one (or a history that could not be read) are unchecked.",
    severity=Severity.QUERY,
)

derive(Source, shared=True)
derive(Citation, shared=True)
derive(Finding, name="Reason")  # a recorded finding's name in the case format
EVENT = Tagged(
    "event",
    [(cls, derive(cls)) for cls in EVENT_TYPES],
    "Something that happened to a case, tagged by 'event'.",
    # The lifecycle's event kinds (what `nrm-core explain` shows) that are recorded under
    # another "event" value, with the fields that make them: one vocabulary, two spellings.
    other_names={
        kind.value: f"record it as {kind.recorded_as}"
        for kind in EventKind
        if kind.value != kind.event_type.TAG
    },
)


@attrs.frozen
class CaseParts:
    """A case document whose shape is valid, before its history is replayed."""

    referral: Referral
    history: tuple[Event, ...]


CASE_DOCUMENT = Obj(
    "Case",
    [
        F("format", spec=Const(CASE_FORMAT, UNSUPPORTED_FORMAT)),
        F("version", spec=Const(FORMAT_VERSION, UNSUPPORTED_VERSION)),
        F("referral", spec=derive(Referral)),
        F("history", spec=Seq(EVENT, max_items=1_000), default=()),
    ],
    lambda format, version, referral, history: CaseParts(referral, history),
    description="A referral and the ordered history of events applied to it.",
    read=lambda case: {
        "format": CASE_FORMAT,
        "version": FORMAT_VERSION,
        "referral": case.referral,
        "history": case.history,
    },
)

_PUBLIC: tuple[type, ...] = (
    Source,
    Citation,
    Finding,
    DateRange,
    Child,
    FirstResponder,
    Referral,
    DecisionMaker,
    PanelMember,
    Panel,
    Decision,
    LocalAuthority,
    SiteMember,
    Site,
)
SPECS: dict[type, Spec] = {
    **{cls: derive(cls) for cls in _PUBLIC},
    **{cls: derive(cls) for cls in EVENT_TYPES},
    Event: EVENT,
    Case: CASE_DOCUMENT,
}
"""The spec of every type with a JSON form.

:meta hide-value:
"""


def _spec(cls: type, where: str) -> Spec:
    spec = SPECS.get(cls)
    if spec is None:
        names = ", ".join(sorted(c.__name__ for c in SPECS))
        raise InvalidTypeError(where, "type", f"{cls!r} has no JSON form; those that do: {names}")
    return spec


def unstructure(value: Any) -> Any:
    """The JSON form (plain dicts, lists, strings, numbers) of any public value."""
    return _spec(type(value), "unstructure").unstructure(value)


def replay(parts: CaseParts, rules: Rules | None = None) -> tuple[Case | None, list[Problem]]:
    """Replay a structured document's history under ``rules``; problems for the refused event."""
    try:
        return Case(parts.referral, parts.history, rules=rules), []
    except TransitionRefused as refusal:
        index = refusal.index if refusal.index is not None else 0
        problems = [
            Problem(
                r.code,
                path=f"$.history[{index}]",
                message=r.message,
                severity=Severity.ERROR,
                citation=r.citation,
            )
            for r in refusal.reasons
        ]
        if index < len(parts.history) - 1:
            problems.append(
                Problem(
                    HISTORY_NOT_CHECKED,
                    path=f"$.history[{index + 1}]",
                    message=f"events after history[{index}] were not checked (the history stops "
                    "being valid there)",
                    severity=Severity.QUERY,
                )
            )
        return None, problems


def structure(data: Any, cls: type[T], *, rules: Rules | None = None) -> T:
    """The value of type ``cls`` that ``data`` (JSON data) describes.

    For :class:`~nrm_core.Case`, the history is also replayed through the
    lifecycle under ``rules``. Raises :class:`StructureError` listing every problem.
    """
    spec = _spec(cls, "structure")
    if cls is Case:
        data, notes = upgrade(data)
        refused = [note for note in notes if note.severity is Severity.ERROR]
        if refused:  # a version-1 document with version-2 fields
            raise StructureError(refused)
    problems: list[Problem] = []
    value = spec.checked(data, "$", problems)
    if value is BAD or problems:
        raise StructureError(
            problems or [Problem("invalid-value", path="$", message="is not valid")]
        )
    if isinstance(value, CaseParts):
        case, replay_problems = replay(value, rules)
        errors = [p for p in replay_problems if p.severity is Severity.ERROR]
        if case is None or errors:
            raise StructureError(errors or replay_problems)
        value = case
    result: T = value
    return result


def to_json(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON text (a case as a case document).

    >>> from nrm_core.io.interchange import to_json
    >>> from nrm_core.samples import example_referral
    >>> to_json(example_referral().child)[:40]
    '{"child_id": "C-EXAMPLE-1", "date_of_bir'
    """
    return json.dumps(unstructure(value), indent=indent, ensure_ascii=False)


def from_json(text: str | bytes, cls: type[T], *, rules: Rules | None = None) -> T:
    """The value of type ``cls`` that JSON ``text`` describes (see :func:`structure`).

    Text that is not JSON raises :class:`StructureError` with an ``invalid-json`` problem.
    """
    data, problem = parse_json(text)
    if problem is not None:
        raise StructureError([problem])
    return structure(data, cls, rules=rules)


CODES: tuple[Code, ...] = (
    UNSUPPORTED_FORMAT,
    UNSUPPORTED_VERSION,
    HISTORY_NOT_CHECKED,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
