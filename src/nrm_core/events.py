"""The events that happen to a case.

Each event is a frozen value dated ``on`` (the calendar day it happened) and
declares, in one place, everything about itself: its fields, its JSON tag
(:attr:`Event.TAG`, the ``"event"`` value in the interchange format), the
:class:`EventKind` (or kinds) the lifecycle's transition table is keyed on, and
its effect on what the case's history establishes (decisions, who decides,
disqualification status). A :class:`DecisionMade` with stage RG and outcome
negative has kind ``EventKind.RG_NEGATIVE``.

Every kind can be built from its name: :meth:`EventKind.build` fills in what the
kind already says (stage and outcome for a decision), so the kinds that
:func:`~nrm_core.available_events` returns can be turned into events directly.

Free-text fields (reasons) may hold personal data and are excluded from ``repr``.

>>> import attrs
>>> import datetime as dt
>>> from nrm_core import DecisionMade, DecisionMaker, EventKind, Outcome, Stage
>>> event = DecisionMade(dt.date(2026, 3, 20), stage=Stage.REASONABLE_GROUNDS,
...                      outcome=Outcome.NEGATIVE, by=DecisionMaker.sca(),
...                      reasons="free text about the child")
>>> event.kind
<EventKind.RG_NEGATIVE: 'rg-negative'>
>>> "free text" in repr(event)
False
>>> EventKind.RG_NEGATIVE.build(dt.date(2026, 3, 20), by=DecisionMaker.sca()) == attrs.evolve(
...     event, reasons="")
True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from nrm_core._doc import Documented
from nrm_core._facts import Facts
from nrm_core._validate import (
    enum_member,
    identifier,
    instance_of,
    is_date,
    optional_str,
    owner_name,
    repr_pretty,
    to_tuple,
    tuple_of,
)
from nrm_core.checks import Finding
from nrm_core.decision import Decision, DecisionMaker, Outcome, Stage
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.panel import Panel
from nrm_core.referral import PodStatus
from nrm_core.states import State

__all__ = [
    "EVENT_TYPES",
    "AgeDisputed",
    "CombinedDecisionMade",
    "ConsentedToContinue",
    "DecisionMade",
    "DecisionServed",
    "Event",
    "EventKind",
    "Merged",
    "PodApplied",
    "PodConsidered",
    "PodGround",
    "PodNotApplied",
    "PodNotAppliedReason",
    "ReReferred",
    "ReconsiderationAccepted",
    "ReconsiderationRefused",
    "ReconsiderationRequested",
    "Resumed",
    "RouteOverride",
    "RoutedToPanel",
    "RoutedToSca",
    "ScaReviewAgreed",
    "ScaReviewReturned",
    "Suspended",
    "SuspensionReason",
    "TransferredToSca",
    "TurnedEighteen",
    "WithdrawalReason",
    "Withdrawn",
]


class EventKind(enum.Enum):
    """What kind of event happened: the key of the lifecycle's transition table."""

    # Hashed by identity, in C (an Enum hashes its name in Python): a member equals only
    # itself, and the transition table is looked up by (state, kind) at every step.
    __hash__ = object.__hash__

    ROUTED_TO_PANEL = "routed-to-panel"
    ROUTED_TO_SCA = "routed-to-sca"
    TRANSFERRED_TO_SCA = "transferred-to-sca"
    RG_POSITIVE = "rg-positive"
    RG_NEGATIVE = "rg-negative"
    CG_POSITIVE = "cg-positive"
    CG_NEGATIVE = "cg-negative"
    COMBINED_CG_POSITIVE = "combined-rg-positive-cg-positive"
    COMBINED_CG_NEGATIVE = "combined-rg-positive-cg-negative"
    SCA_REVIEW_AGREED = "sca-review-agreed"
    SCA_REVIEW_RETURNED = "sca-review-returned"
    DECISION_SERVED = "decision-served"
    RECONSIDERATION_REQUESTED = "reconsideration-requested"
    RECONSIDERATION_ACCEPTED = "reconsideration-accepted"
    RECONSIDERATION_REFUSED = "reconsideration-refused"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    TURNED_EIGHTEEN = "turned-eighteen"
    CONSENTED_TO_CONTINUE = "consented-to-continue"
    WITHDRAWN = "withdrawn"
    POD_CONSIDERED = "pod-considered"
    POD_APPLIED = "pod-applied"
    POD_NOT_APPLIED = "pod-not-applied"
    AGE_DISPUTED = "age-disputed"
    RE_REFERRED = "re-referred"
    MERGED = "merged"

    @property
    def event_type(self) -> type[Event]:
        """The event class that records this kind."""
        return _BY_KIND[self][0]

    @property
    def preset(self) -> Mapping[str, Any]:
        """The fields this kind fixes (e.g. stage and outcome of a decision)."""
        return _BY_KIND[self][1]

    @property
    def recorded_as(self) -> str:
        """How the JSON format records this kind: its ``"event"`` value and the fields
        that make it (the same words ``nrm-core explain`` and the validator use).

        >>> from nrm_core.events import EventKind
        >>> EventKind.RG_POSITIVE.recorded_as
        '"event": "decision-made" with "stage": "reasonable-grounds", "outcome": "positive"'
        >>> EventKind.SUSPENDED.recorded_as
        '"event": "suspended"'
        """
        text = f'"event": "{self.event_type.TAG}"'
        if self.preset:
            fields = ", ".join(
                f'"{name}": "{value.value if isinstance(value, enum.Enum) else value}"'
                for name, value in self.preset.items()
            )
            text += f" with {fields}"
        return text

    def build(self, on: dt.date, **fields: Any) -> Event:
        """An event of this kind dated ``on``; ``fields`` are the event's other fields.

        >>> import datetime as dt
        >>> from nrm_core.events import SuspensionReason, EventKind
        >>> event = EventKind.SUSPENDED.build(
        ...     dt.date(2026, 4, 1), reason=SuspensionReason.CHILD_MISSING)
        >>> type(event).__name__, event.reason.value
        ('Suspended', 'child-missing')
        """
        clash = sorted(set(fields) & set(self.preset))
        if clash:
            raise InvalidValueError(
                f"EventKind.{self.name}.build",
                clash[0],
                f"is fixed by the kind {self.value!r}; leave it out",
            )
        return self.event_type(on, **self.preset, **fields)


@attrs.frozen
class Event(metaclass=Documented):
    """Base class of every event: something that happened to a case on a calendar day.

    A subclass sets :attr:`TAG` (its name in the JSON format) and either
    :attr:`KIND` or, when one class records several kinds, :attr:`KINDS`; it
    overrides :meth:`effect` if it changes what the history establishes.
    """

    _repr_pretty_ = repr_pretty

    on: dt.date = attrs.field(validator=is_date)

    TAG: ClassVar[str]
    """The ``"event"`` value of this event in the JSON interchange format."""
    KIND: ClassVar[EventKind]
    """The kind of every event of this class (classes with one kind)."""
    KINDS: ClassVar[Mapping[EventKind, Mapping[str, Any]]] = MappingProxyType({})
    """Classes recording several kinds: each kind and the field values that make it."""

    @property
    def kind(self) -> EventKind:
        """The event's kind: the key of the lifecycle's transition table."""
        if not self.KINDS:
            return self.KIND
        for kind, preset in self.KINDS.items():
            if all(getattr(self, name) == value for name, value in preset.items()):
                return kind
        return self.KIND

    def effect(self, facts: Facts) -> Facts:
        """What the event establishes besides the new state (who decides, decisions...)."""
        return facts


E = TypeVar("E", bound=type[Event])
EVENT_TYPES: tuple[type[Event], ...] = ()
"""Every event class, in declaration order.

:meta hide-value:
"""
_BY_KIND: dict[EventKind, tuple[type[Event], Mapping[str, Any]]] = {}


def how_to_give(field: str, members: Sequence[enum.Enum]) -> str:
    """How to give a closed-list field, in Python and in a case file, for error messages.

    >>> from nrm_core.events import WithdrawalReason, how_to_give
    >>> print(how_to_give("reason", [WithdrawalReason.CHILD_REQUEST, WithdrawalReason.OTHER]))
    reason=nrm_core.WithdrawalReason.CHILD_REQUEST or .OTHER (in a case file, "reason":
    "child-request" or "other")
    """

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"

    names = [f"nrm_core.{type(members[0]).__name__}.{members[0].name}"]
    names += [f".{member.name}" for member in members[1:]]
    values = listed([f'"{member.value}"' for member in members])
    return f'{field}={listed(names)} (in a case file, "{field}": {values})'


def _registered(cls: E) -> E:
    global EVENT_TYPES
    EVENT_TYPES = (*EVENT_TYPES, cls)
    kinds = cls.KINDS or {cls.KIND: {}}
    for kind, preset in kinds.items():
        _BY_KIND[kind] = (cls, preset)
    return cls


def _reasons_field() -> Any:
    return attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(Finding, "a Finding"),
        metadata={"json": {"max_items": 100}},
    )


def _free_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(owner_name(instance), attribute.name, "expected a str")


def _free_text_field() -> Any:
    return attrs.field(default="", validator=_free_text, repr=False, kw_only=True)


def _optional_panel() -> Any:
    return attrs.field(
        default=None,
        validator=attrs.validators.optional(instance_of(Panel, "a Panel")),
        kw_only=True,
    )


def _dated(pending: tuple[Decision, ...], on: dt.date, *, served: bool) -> tuple[Decision, ...]:
    """The pending decisions reviewed by the SCA, or served, on ``on`` (each built by its
    constructor: ``attrs.evolve`` would look up every field again, at each step of a replay)."""
    return tuple(
        Decision(
            d.stage,
            outcome=d.outcome,
            decided_on=d.decided_on,
            decided_by=d.decided_by,
            sca_reviewed_on=d.sca_reviewed_on if served else on,
            served_on=on if served else d.served_on,
            reasons=d.reasons,
        )
        for d in pending
    )


@_registered
@attrs.frozen
class RoutedToPanel(Event):
    """The case was routed to pilot site ``site_id``'s panel; ``reasons`` explain why."""

    TAG = "routed-to-panel"
    KIND = EventKind.ROUTED_TO_PANEL

    site_id: str = attrs.field(validator=identifier)
    reasons: tuple[Finding, ...] = _reasons_field()

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(decision_maker=DecisionMaker.panel(self.site_id))


class RouteOverride(enum.Enum):
    """Why a case went to the SCA although the routing rules give a pilot panel.

    A closed list, never free text (a note about the child could leak into errors and
    logs). The guidance lists the pilot's exclusions (routing applies those); these are the
    other grounds seen in practice, none of them published as a rule (open questions Q7-Q9
    of the project's domain brief), so each is accepted as stated and shown wherever the
    route is: ``explain``, ``validate`` and the worklist.
    """

    SITE_NOT_TAKING_CASES = "site-not-taking-cases"
    """The site was not taking cases that day, whatever the register says (start dates are
    often approximate)."""
    AGE_IN_QUESTION = "age-in-question"
    """It is uncertain whether the person is a child, though no dispute is recorded yet."""
    LINKED_CASE = "linked-case"
    """The referral is linked to another the SCA is deciding (a sibling, a linked adult)."""
    ANOTHER_AREA = "another-area"
    """Another area is involved: a placement out of area, or exploitation linked to another
    site or area (which authority decides is not published)."""
    IMMIGRATION_LINK = "immigration-link"
    """Immigration detention or other immigration-enforcement involvement."""
    SITE_REQUEST = "site-request"
    """The site asked the SCA to decide (for example a conflict of interest)."""
    OTHER = "other"
    """Another ground, recorded in the case file (never here)."""

    @property
    def meaning(self) -> str:
        """The plain-English meaning (the member's documentation, on one line)."""
        return _OVERRIDE_MEANINGS[self]


_OVERRIDE_MEANINGS = {
    RouteOverride.SITE_NOT_TAKING_CASES: "the site was not taking cases that day",
    RouteOverride.AGE_IN_QUESTION: "it is uncertain whether the person is a child",
    RouteOverride.LINKED_CASE: "linked to another referral the SCA is deciding",
    RouteOverride.ANOTHER_AREA: "another area is involved (placement or exploitation)",
    RouteOverride.IMMIGRATION_LINK: "immigration-enforcement involvement",
    RouteOverride.SITE_REQUEST: "the site asked the SCA to decide",
    RouteOverride.OTHER: "another ground, recorded in the case file",
}


@_registered
@attrs.frozen
class RoutedToSca(Event):
    """The case was routed to the SCA; ``reasons`` explain why.

    Where the routing rules give a pilot panel that day, ``override`` must say why the
    case went to the SCA instead (a :class:`RouteOverride`: a closed list, no free text).
    """

    TAG = "routed-to-sca"
    KIND = EventKind.ROUTED_TO_SCA

    reasons: tuple[Finding, ...] = _reasons_field()
    override: RouteOverride | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(enum_member(RouteOverride)),
        kw_only=True,
        metadata={
            "json": {
                "omit_default": True,
                "description": "why the case went to the SCA although the routing rules give "
                "a pilot panel that day (required then; absent otherwise)",
            }
        },
    )

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(decision_maker=DecisionMaker.sca())


@_registered
@attrs.frozen
class TransferredToSca(Event):
    """A pilot case left the pilot's scope and passed to the SCA (at least one reason)."""

    TAG = "transferred-to-sca"
    KIND = EventKind.TRANSFERRED_TO_SCA

    reasons: tuple[Finding, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(Finding, "a Finding", non_empty=True)
    )

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(decision_maker=DecisionMaker.sca())


def _check_panel(event: object, by: DecisionMaker, panel: Panel | None) -> None:
    if panel is not None and panel.site_id != by.site_id:
        raise InvalidValueError(
            owner_name(event), "panel", "is not the panel of the deciding site (site ids differ)"
        )


_RG, _CG = Stage.REASONABLE_GROUNDS, Stage.CONCLUSIVE_GROUNDS
_POS, _NEG = Outcome.POSITIVE, Outcome.NEGATIVE


@_registered
@attrs.frozen
class DecisionMade(Event):
    """An RG or CG decision was made by ``by`` (with the ``panel``, for a pilot panel)."""

    TAG = "decision-made"
    KINDS = MappingProxyType(
        {
            EventKind.RG_POSITIVE: {"stage": _RG, "outcome": _POS},
            EventKind.RG_NEGATIVE: {"stage": _RG, "outcome": _NEG},
            EventKind.CG_POSITIVE: {"stage": _CG, "outcome": _POS},
            EventKind.CG_NEGATIVE: {"stage": _CG, "outcome": _NEG},
        }
    )

    stage: Stage = attrs.field(validator=enum_member(Stage), kw_only=True)
    outcome: Outcome = attrs.field(validator=enum_member(Outcome), kw_only=True)
    by: DecisionMaker = attrs.field(
        validator=instance_of(DecisionMaker, "a DecisionMaker"), kw_only=True
    )
    reasons: str = _free_text_field()
    panel: Panel | None = _optional_panel()  # noqa: RUF009 - an attrs field, not a dataclass

    def __attrs_post_init__(self) -> None:
        _check_panel(self, self.by, self.panel)

    def effect(self, facts: Facts) -> Facts:
        decision = Decision(
            self.stage,
            outcome=self.outcome,
            decided_on=self.on,
            decided_by=self.by,
            reasons=self.reasons,
        )
        return facts._replace(decisions=(*facts.decisions, decision), pending=1)


@_registered
@attrs.frozen
class CombinedDecisionMade(Event):
    """A pilot panel made a positive RG and a CG decision at the same meeting."""

    TAG = "combined-decision-made"
    KINDS = MappingProxyType(
        {
            EventKind.COMBINED_CG_POSITIVE: {"cg_outcome": _POS},
            EventKind.COMBINED_CG_NEGATIVE: {"cg_outcome": _NEG},
        }
    )

    cg_outcome: Outcome = attrs.field(validator=enum_member(Outcome), kw_only=True)
    by: DecisionMaker = attrs.field(
        validator=instance_of(DecisionMaker, "a DecisionMaker"), kw_only=True
    )
    reasons: str = _free_text_field()
    panel: Panel | None = _optional_panel()  # noqa: RUF009 - an attrs field, not a dataclass

    def __attrs_post_init__(self) -> None:
        _check_panel(self, self.by, self.panel)

    def effect(self, facts: Facts) -> Facts:
        made = {"decided_on": self.on, "decided_by": self.by, "reasons": self.reasons}
        rg = Decision(_RG, outcome=_POS, **made)  # type: ignore[arg-type]
        cg = Decision(_CG, outcome=self.cg_outcome, **made)  # type: ignore[arg-type]
        return facts._replace(decisions=(*facts.decisions, rg, cg), pending=2)


@_registered
@attrs.frozen
class ScaReviewAgreed(Event):
    """The SCA reviewed the pending pilot decision and agreed it can be served."""

    TAG = "sca-review-agreed"
    KIND = EventKind.SCA_REVIEW_AGREED

    def effect(self, facts: Facts) -> Facts:
        reviewed = _dated(facts.pending_decisions, self.on, served=False)
        return facts._replace(decisions=facts.decisions[: facts.settled] + reviewed)


@_registered
@attrs.frozen
class ScaReviewReturned(Event):
    """The SCA did not agree the pending pilot decision; the panel must decide again."""

    TAG = "sca-review-returned"
    KIND = EventKind.SCA_REVIEW_RETURNED

    reasons: str = attrs.field(default="", validator=_free_text, repr=False)

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(decisions=facts.decisions[: facts.settled], pending=0)


@_registered
@attrs.frozen
class DecisionServed(Event):
    """The pending decision (or combined decisions) was served on the child."""

    TAG = "decision-served"
    KIND = EventKind.DECISION_SERVED

    def effect(self, facts: Facts) -> Facts:
        served = _dated(facts.pending_decisions, self.on, served=True)
        return facts._replace(decisions=facts.decisions[: facts.settled] + served, pending=0)


def stage_of_negative(state: State) -> Stage:
    """The stage whose served negative decision a terminal negative state records."""
    return Stage.REASONABLE_GROUNDS if state is State.RG_NEGATIVE else Stage.CONCLUSIVE_GROUNDS


@_registered
@attrs.frozen
class ReconsiderationRequested(Event):
    """Reconsideration of a served negative decision was requested.

    A further request (after one reconsideration of the same stage) needs
    ``further_request_reasons`` ("good reasons": SG 14.232-14.233).
    """

    TAG = "reconsideration-requested"
    KIND = EventKind.RECONSIDERATION_REQUESTED

    further_request_reasons: str | None = attrs.field(
        default=None,
        validator=optional_str,
        repr=False,
        metadata={"json": {"kind": "sensitive-text"}},
    )

    def effect(self, facts: Facts) -> Facts:
        stage = stage_of_negative(facts.state)
        return facts._replace(reconsidered=(*facts.reconsidered, stage))


@_registered
@attrs.frozen
class ReconsiderationAccepted(Event):
    """The competent authority agreed to reconsider; a new decision will follow."""

    TAG = "reconsideration-accepted"
    KIND = EventKind.RECONSIDERATION_ACCEPTED


@_registered
@attrs.frozen
class ReconsiderationRefused(Event):
    """The competent authority refused to reconsider; the negative decision stands."""

    TAG = "reconsideration-refused"
    KIND = EventKind.RECONSIDERATION_REFUSED


class SuspensionReason(enum.Enum):
    """Why a case was suspended (the grounds are not published: a documented default list)."""

    CHILD_MISSING = "child-missing"
    OTHER = "other"


@_registered
@attrs.frozen
class Suspended(Event):
    """The case was suspended."""

    TAG = "suspended"
    KIND = EventKind.SUSPENDED

    reason: SuspensionReason = attrs.field(validator=enum_member(SuspensionReason))


@_registered
@attrs.frozen
class Resumed(Event):
    """A suspended case resumed."""

    TAG = "resumed"
    KIND = EventKind.RESUMED


@_registered
@attrs.frozen
class TurnedEighteen(Event):
    """The child turned 18 with no CG decision; they must consent to continue or withdraw."""

    TAG = "turned-eighteen"
    KIND = EventKind.TURNED_EIGHTEEN

    def __repr__(self) -> str:
        """The month only: the day turning 18 is recorded is at or near the 18th birthday.

        >>> import datetime as dt
        >>> from nrm_core.events import TurnedEighteen
        >>> TurnedEighteen(on=dt.date(2028, 5, 17))
        TurnedEighteen(on='2028-05')
        """
        return f"TurnedEighteen(on={self.on.isoformat()[:7]!r})"

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(turned_eighteen_on=self.on)


@_registered
@attrs.frozen
class ConsentedToContinue(Event):
    """The young person consented to stay in the NRM after turning 18."""

    TAG = "consented-to-continue"
    KIND = EventKind.CONSENTED_TO_CONTINUE


class WithdrawalReason(enum.Enum):
    """Why a case was withdrawn. Children may not generally withdraw: outside the consent asked
    for at 18, a withdrawal must give its reason and is flagged for review."""

    DECLINED_AT_18 = "declined-at-18"
    """The young person did not consent to stay in the NRM after turning 18."""
    CHILD_REQUEST = "child-request"
    """The child asked to withdraw."""
    ON_BEHALF_OF_CHILD = "on-behalf-of-child"
    """Someone acting for the child asked to withdraw."""
    OTHER = "other"


@_registered
@attrs.frozen
class Withdrawn(Event):
    """The person withdrew (or was withdrawn) from the NRM, with the reason."""

    TAG = "withdrawn"
    KIND = EventKind.WITHDRAWN

    reason: WithdrawalReason | None = attrs.field(
        default=None, validator=attrs.validators.optional(enum_member(WithdrawalReason))
    )


@_registered
@attrs.frozen
class AgeDisputed(Event):
    """The child's age came into dispute (it may take a pilot case out of the pilot's scope:
    see :func:`~nrm_core.eligibility.transfer_if_out_of_scope`)."""

    TAG = "age-disputed"
    KIND = EventKind.AGE_DISPUTED

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(age_disputed_on=self.on)


@_registered
@attrs.frozen
class ReReferred(Event):
    """The person was referred again after their case ended; a further RG decision follows
    (Nationality and Borders Act 2022 s.62; Modern Slavery Act 2015 s.50A(4))."""

    TAG = "re-referred"
    KIND = EventKind.RE_REFERRED

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(re_referred_on=self.on, pending=0)


@_registered
@attrs.frozen
class Merged(Event):
    """This referral duplicates another of the same child and was merged ``into`` it."""

    TAG = "merged"
    KIND = EventKind.MERGED

    into: str = attrs.field(validator=identifier)


class PodGround(enum.Enum):
    """The grounds of a Public Order Disqualification (Nationality and Borders Act 2022 s.63(1))."""

    THREAT_TO_PUBLIC_ORDER = "threat-to-public-order"
    BAD_FAITH = "bad-faith"


class PodNotAppliedReason(enum.Enum):
    """Why a Public Order Disqualification that was considered was not applied."""

    DEFINITION_NOT_MET = "definition-not-met"
    """The person is not a threat to public order as defined (NABA 2022 s.63(3)), nor in bad
    faith."""
    COMPELLING_CIRCUMSTANCES = "compelling-circumstances"
    """There are compelling circumstances (the exception Illegal Migration Act 2023 s.29
    would keep once disqualification is mandatory)."""
    DISCRETION = "discretion"
    """The competent authority chose not to (s.63: it "may" disqualify)."""


@_registered
@attrs.frozen
class PodConsidered(Event):
    """A Public Order Disqualification began to be considered."""

    TAG = "pod-considered"
    KIND = EventKind.POD_CONSIDERED

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(pod_status=PodStatus.UNDER_CONSIDERATION)


@_registered
@attrs.frozen
class PodApplied(Event):
    """A Public Order Disqualification was applied on ``ground``.

    The case stays open: the person is still owed a Conclusive Grounds decision while in
    the UK (R (ABW) v SSHD [2025] EWHC 3280 (Admin), as reported: the High Court held the
    Home Office's approach to these decisions unlawful and that identification must be
    completed); only the recovery period and support end."""

    TAG = "pod-applied"
    KIND = EventKind.POD_APPLIED

    ground: PodGround = attrs.field(validator=enum_member(PodGround))

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(pod_status=PodStatus.APPLIED)


@_registered
@attrs.frozen
class PodNotApplied(Event):
    """A Public Order Disqualification was considered and not applied, with ``reason`` if
    recorded. While the disqualification is discretionary (NABA 2022 s.63: "may") any
    reason, or none, is accepted; with Illegal Migration Act 2023 s.29 in force (policy
    ``pod_disqualification_mandatory``: a prospective rule, not in force) it needs
    ``definition-not-met`` or ``compelling-circumstances``."""

    TAG = "pod-not-applied"
    KIND = EventKind.POD_NOT_APPLIED

    reason: PodNotAppliedReason | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(enum_member(PodNotAppliedReason)),
        metadata={"json": {"omit_default": True}},
    )

    def effect(self, facts: Facts) -> Facts:
        return facts._replace(pod_status=PodStatus.NOT_APPLIED)


_missing = [kind.value for kind in EventKind if kind not in _BY_KIND]
if _missing:  # pragma: no cover - a declaration error, caught at import
    raise RuntimeError(f"event kinds without an event class: {_missing}")
