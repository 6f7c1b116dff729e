"""The JSON interchange format (version 1) for every public type and for a whole case.

A case document::

    {"format": "nrm-core/case", "version": 1,
     "referral": {...},
     "history": [{"event": "routed-to-panel", "on": "2026-03-03", "site_id": "P1-01"}, ...]}

Field by field, the format is the JSON Schema :func:`nrm_core.schema.json_schema`
(generated from the same specs as this module). Dates are ISO 8601 calendar
dates (``YYYY-MM-DD``); enum values are the lower-case codes of the Python
enums (``"reasonable-grounds"``); optional fields may be omitted; unknown
fields are errors. A case's policy is not part of the document: cases read
back use :data:`~nrm_core.policy.DEFAULT_POLICY` unless you pass another.

:func:`unstructure` turns a value into plain JSON data; :func:`structure` turns
JSON data back into a value and raises :class:`StructureError` listing every
problem (``structure(unstructure(x), type(x)) == x`` for every value).

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
2 problem(s):
  error: $.colour: [unknown-field] Referral has no field 'colour'
  error: $.referred_on: [invalid-date] is not a valid ISO 8601 date (YYYY-MM-DD)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from nrm_core._spec import (
    BAD,
    Bool,
    Choice,
    Const,
    Date,
    F,
    Nullable,
    Obj,
    Problem,
    Seq,
    Severity,
    Spec,
    Str,
    StrMap,
    Tagged,
)
from nrm_core.authority import LocalAuthority
from nrm_core.child import AgeBasis, Child
from nrm_core.citations import Citation, Confidence, Reason, Source
from nrm_core.dateranges import DateRange
from nrm_core.decision import Decision, DecisionMaker, DecisionMakerKind, Outcome, Stage
from nrm_core.errors import NrmError
from nrm_core.events import (
    CombinedDecisionMade,
    ConsentedToContinue,
    DecisionMade,
    DecisionServed,
    Event,
    PodApplied,
    PodConsidered,
    PodGround,
    PodNotApplied,
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    Resumed,
    RoutedToPanel,
    RoutedToSca,
    ScaReviewAgreed,
    ScaReviewReturned,
    Suspended,
    SuspensionReason,
    TransferredToSca,
    TurnedEighteen,
    Withdrawn,
)
from nrm_core.lifecycle import Case
from nrm_core.nations import Nation
from nrm_core.panel import Panel, PanelMember, PanelRole
from nrm_core.referral import (
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    PodStatus,
    Referral,
)
from nrm_core.site import MemberRole, Site, SiteMember

__all__ = [
    "CASE_FORMAT",
    "FORMAT_VERSION",
    "Problem",
    "Severity",
    "StructureError",
    "structure",
    "unstructure",
]

T = TypeVar("T")

CASE_FORMAT = "nrm-core/case"
"""The ``format`` value of a case document."""
FORMAT_VERSION = 1
"""The version of the interchange format this library reads and writes."""

IDENTIFIER = Str(
    "a pseudonymous identifier (1-64 letters, digits and . _ : / -)",
    pattern=r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}",
    code="invalid-identifier",
    max_length=64,
)
GSS_CODE = Str(
    "a GSS code (a nation letter E, W, S or N and 8 digits, e.g. E09000002)",
    pattern=r"[ENSW]\d{8}",
    code="invalid-gss-code",
    max_length=9,
)
CODE = Str("a kebab-case code", pattern=r"[a-z0-9]+(-[a-z0-9]+)*", max_length=100)
TEXT = Str("text", max_length=10_000)
FREE_TEXT = Str("free text", max_length=100_000, sensitive=True, allow_empty=True)
PERSONAL = Str("personal details", max_length=1_000, sensitive=True)
DATE = Date()

SOURCE = Obj(
    "Source",
    [
        F("key", TEXT),
        F("title", TEXT),
        F("version", TEXT),
        F("url", Nullable(TEXT), None),
    ],
    Source,
    description="A document that rules are taken from.",
    shared=True,
)
CITATION = Obj(
    "Citation",
    [
        F("source", SOURCE),
        F("section", TEXT),
        F("confidence", Choice(Confidence, "a confidence label")),
        F("note", Nullable(TEXT), None),
    ],
    Citation,
    description="A source, a section and how well it was verified.",
    shared=True,
)
REASON = Obj(
    "Reason",
    [
        F("code", CODE),
        F("message", TEXT),
        F("citation", Nullable(CITATION), None),
        F("inputs", StrMap(), ()),
    ],
    Reason,
    description="One explained result of a check.",
)
DATE_RANGE = Obj(
    "DateRange",
    [F("start", Nullable(DATE), None), F("end", Nullable(DATE), None)],
    DateRange,
    description="Half-open range of days [start, end); null means unbounded.",
)
CHILD = Obj(
    "Child",
    [
        F("child_id", IDENTIFIER, description="A stable pseudonymous identifier."),
        F("date_of_birth", DATE, description="As recorded (see age_basis)."),
        F("age_basis", Choice(AgeBasis, "an age basis")),
        F("name", Nullable(PERSONAL), None, description="Optional; never echoed in messages."),
        F("other_details", Seq(PERSONAL, max_items=50), ()),
    ],
    Child,
    description="The child referred.",
)
FIRST_RESPONDER = Obj(
    "FirstResponder",
    [
        F("organisation", Choice(FirstResponderOrganisation, "a First Responder Organisation")),
        F("other_name", Nullable(TEXT), None, description="Only (and always) with 'other'."),
    ],
    FirstResponder,
)
REFERRAL = Obj(
    "Referral",
    [
        F("referral_id", IDENTIFIER),
        F("child", CHILD),
        F("referred_on", DATE),
        F("first_responder", FIRST_RESPONDER),
        F("referrer_nation", Choice(Nation, "a nation of the UK")),
        F("safeguarding_authority", GSS_CODE, description="GSS code (N92000002 for NI)."),
        F(
            "exploitation_types",
            Seq(Choice(ExploitationType, "an exploitation type"), unique=True, min_items=1),
        ),
        F("exploitation_location", Choice(ExploitationLocation, "uk, overseas or both")),
        F(
            "pod_status",
            Choice(PodStatus, "a Public Order Disqualification status"),
            PodStatus.NONE,
        ),
    ],
    Referral,
    description="One NRM referral of one child.",
)
DECISION_MAKER = Obj(
    "DecisionMaker",
    [
        F("kind", Choice(DecisionMakerKind, "sca or pilot-panel")),
        F("site_id", Nullable(IDENTIFIER), None),
    ],
    DecisionMaker,
)
PANEL_MEMBER = Obj(
    "PanelMember",
    [
        F("member_id", IDENTIFIER),
        F("role", Choice(PanelRole, "a panel role")),
        F("organisation", TEXT),
        F("declared_conflicts", Seq(IDENTIFIER, unique=True), frozenset()),
    ],
    PanelMember,
)
PANEL = Obj(
    "Panel",
    [
        F("site_id", IDENTIFIER),
        F("members", Seq(PANEL_MEMBER, min_items=1, max_items=100)),
        F("chair_id", IDENTIFIER),
        F("lead_social_worker_id", Nullable(IDENTIFIER), None),
        F("child_has_ictg", Bool(), False),
        F("ictg_invited", Bool(), False),
    ],
    Panel,
)
DECISION = Obj(
    "Decision",
    [
        F("stage", Choice(Stage, "reasonable-grounds or conclusive-grounds")),
        F("outcome", Choice(Outcome, "positive or negative")),
        F("decided_on", DATE),
        F("decided_by", DECISION_MAKER),
        F("sca_reviewed_on", Nullable(DATE), None),
        F("served_on", Nullable(DATE), None),
        F("reasons", FREE_TEXT, ""),
    ],
    Decision,
)
LOCAL_AUTHORITY = Obj(
    "LocalAuthority",
    [
        F("gss_code", GSS_CODE),
        F("name", TEXT),
        F("nation", Choice(Nation, "a nation of the UK")),
        F("valid", DATE_RANGE, DateRange()),
        F("replaced_by", Seq(GSS_CODE), ()),
    ],
    LocalAuthority,
)
SITE_MEMBER = Obj(
    "SiteMember",
    [
        F("gss_code", GSS_CODE),
        F("role", Choice(MemberRole, "lead, partner or national")),
        F("membership", DATE_RANGE, DateRange()),
        F("name", Nullable(TEXT), None),
    ],
    SiteMember,
)
SITE = Obj(
    "Site",
    [
        F("site_id", IDENTIFIER),
        F("name", TEXT),
        F("nation", Choice(Nation, "a nation of the UK")),
        F("operating", DATE_RANGE),
        F("members", Seq(SITE_MEMBER, min_items=1, max_items=200)),
        F("phase", Nullable(TEXT), None),
        F("start_approximate", Bool(), False),
        F("source", Nullable(TEXT), None),
        F("confidence", Nullable(TEXT), None),
    ],
    Site,
)

REASONS = Seq(REASON, max_items=100)


def _event(cls: type, tag: str, *fields: F, description: str = "") -> tuple[type, Obj]:
    return cls, Obj(
        cls.__name__,
        (F("on", DATE), *fields),
        cls,
        tag=("event", tag),
        description=description or (cls.__doc__ or "").strip().splitlines()[0],
    )


EVENT_VARIANTS: tuple[tuple[type, Obj], ...] = (
    _event(RoutedToPanel, "routed-to-panel", F("site_id", IDENTIFIER), F("reasons", REASONS, ())),
    _event(RoutedToSca, "routed-to-sca", F("reasons", REASONS, ())),
    _event(TransferredToSca, "transferred-to-sca", F("reasons", Seq(REASON, min_items=1))),
    _event(
        DecisionMade,
        "decision-made",
        F("stage", Choice(Stage, "reasonable-grounds or conclusive-grounds")),
        F("outcome", Choice(Outcome, "positive or negative")),
        F("by", DECISION_MAKER),
        F("reasons", FREE_TEXT, ""),
        F("panel", Nullable(PANEL), None),
    ),
    _event(
        CombinedDecisionMade,
        "combined-decision-made",
        F("cg_outcome", Choice(Outcome, "positive or negative")),
        F("by", DECISION_MAKER),
        F("reasons", FREE_TEXT, ""),
        F("panel", Nullable(PANEL), None),
    ),
    _event(ScaReviewAgreed, "sca-review-agreed"),
    _event(ScaReviewReturned, "sca-review-returned", F("reasons", FREE_TEXT, "")),
    _event(DecisionServed, "decision-served"),
    _event(
        ReconsiderationRequested,
        "reconsideration-requested",
        F("further_request_reasons", Nullable(Str("free text", sensitive=True)), None),
    ),
    _event(ReconsiderationAccepted, "reconsideration-accepted"),
    _event(ReconsiderationRefused, "reconsideration-refused"),
    _event(Suspended, "suspended", F("reason", Choice(SuspensionReason, "a suspension reason"))),
    _event(Resumed, "resumed"),
    _event(TurnedEighteen, "turned-eighteen"),
    _event(ConsentedToContinue, "consented-to-continue"),
    _event(Withdrawn, "withdrawn"),
    _event(PodConsidered, "pod-considered"),
    _event(PodApplied, "pod-applied", F("ground", Choice(PodGround, "a disqualification ground"))),
    _event(PodNotApplied, "pod-not-applied"),
)
EVENT = Tagged("event", EVENT_VARIANTS, "Something that happened to a case, tagged by 'event'.")


@attrs.frozen
class CaseParts:
    """A case document whose shape is valid, before its history is replayed."""

    referral: Referral
    history: tuple[Event, ...]


CASE_DOCUMENT = Obj(
    "Case",
    [
        F("format", Const(CASE_FORMAT, "unsupported-format")),
        F("version", Const(FORMAT_VERSION, "unsupported-version")),
        F("referral", REFERRAL),
        F("history", Seq(EVENT, max_items=1_000), ()),
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

SPECS: dict[type, Spec] = {
    Source: SOURCE,
    Citation: CITATION,
    Reason: REASON,
    DateRange: DATE_RANGE,
    Child: CHILD,
    FirstResponder: FIRST_RESPONDER,
    Referral: REFERRAL,
    DecisionMaker: DECISION_MAKER,
    PanelMember: PANEL_MEMBER,
    Panel: PANEL,
    Decision: DECISION,
    LocalAuthority: LOCAL_AUTHORITY,
    SiteMember: SITE_MEMBER,
    Site: SITE,
    Case: CASE_DOCUMENT,
    **dict(EVENT_VARIANTS),
}


class StructureError(NrmError, ValueError):
    """JSON data could not be structured; ``problems`` lists every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s):\n{lines}")


def unstructure(value: Any) -> Any:
    """The JSON form (plain dicts, lists, strings, numbers) of any public value."""
    spec = SPECS.get(type(value))
    if spec is None:
        raise TypeError(f"no JSON form for {type(value).__name__}")
    return spec.unstructure(value)


def structure(data: Any, cls: type[T]) -> T:
    """The value of type ``cls`` that ``data`` (JSON data) describes.

    For :class:`~nrm_core.Case`, the history is also replayed through the
    lifecycle. Raises :class:`StructureError` listing every problem.
    """
    spec = SPECS.get(cls)
    if spec is None:
        raise TypeError(f"no JSON form for {cls.__name__}")
    problems: list[Problem] = []
    value = spec.structure(data, "$", problems)
    if value is BAD or problems:
        raise StructureError(problems or [Problem("invalid-value", "$", "is not valid")])
    if isinstance(value, CaseParts):
        from nrm_core.validation import replay

        case, replay_problems = replay(value)
        errors = [p for p in replay_problems if p.severity is Severity.ERROR]
        if case is None or errors:
            raise StructureError(errors or replay_problems)
        value = case
    result: T = value
    return result
