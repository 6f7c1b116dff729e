"""The events that happen to a case.

Each event is a frozen value dated ``on`` (the calendar day it happened). Its
:attr:`kind` (an :class:`EventKind`) is what the lifecycle's transition table is
keyed on: for example a :class:`DecisionMade` with stage RG and outcome
negative has kind ``EventKind.RG_NEGATIVE``.

Free-text fields (reasons) may hold personal data and are excluded from ``repr``.

>>> import datetime as dt
>>> from nrm_core import DecisionMade, DecisionMaker, Outcome, Stage
>>> event = DecisionMade(dt.date(2026, 3, 20), Stage.REASONABLE_GROUNDS, Outcome.NEGATIVE,
...                      DecisionMaker.sca(), reasons="free text about the child")
>>> event.kind
<EventKind.RG_NEGATIVE: 'rg-negative'>
>>> "free text" in repr(event)
False
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from typing import Any

import attrs

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
from nrm_core.citations import Reason
from nrm_core.decision import DecisionMaker, Outcome, Stage
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.panel import Panel

__all__ = [
    "CombinedDecisionMade",
    "ConsentedToContinue",
    "DecisionMade",
    "DecisionServed",
    "Event",
    "EventKind",
    "PodApplied",
    "PodConsidered",
    "PodGround",
    "PodNotApplied",
    "ReconsiderationAccepted",
    "ReconsiderationRefused",
    "ReconsiderationRequested",
    "Resumed",
    "RoutedToPanel",
    "RoutedToSca",
    "ScaReviewAgreed",
    "ScaReviewReturned",
    "Suspended",
    "SuspensionReason",
    "TransferredToSca",
    "TurnedEighteen",
    "Withdrawn",
]


class EventKind(enum.Enum):
    """What kind of event happened: the key of the lifecycle's transition table."""

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


@attrs.frozen
class _Dated:
    """Base of the events: every event happened on a calendar day."""

    on: dt.date = attrs.field(validator=is_date)
    _KIND: typing.ClassVar[EventKind]

    @property
    def kind(self) -> EventKind:
        """The event's kind: the key of the lifecycle's transition table."""
        return self._KIND


def _reasons_field() -> tuple[Reason, ...]:
    return attrs.field(default=(), converter=to_tuple, validator=tuple_of(Reason, "a Reason"))


def _free_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(owner_name(instance), attribute.name, "expected a str")


@attrs.frozen
class RoutedToPanel(_Dated):
    """The case was routed to pilot site ``site_id``'s panel; ``reasons`` explain why."""

    _KIND = EventKind.ROUTED_TO_PANEL

    site_id: str = attrs.field(validator=identifier)
    reasons: tuple[Reason, ...] = _reasons_field()


@attrs.frozen
class RoutedToSca(_Dated):
    """The case was routed to the SCA; ``reasons`` explain why."""

    _KIND = EventKind.ROUTED_TO_SCA

    reasons: tuple[Reason, ...] = _reasons_field()


@attrs.frozen
class TransferredToSca(_Dated):
    """A pilot case left the pilot's scope and passed to the SCA (at least one reason)."""

    _KIND = EventKind.TRANSFERRED_TO_SCA

    reasons: tuple[Reason, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(Reason, "a Reason", non_empty=True)
    )


@attrs.frozen
class DecisionMade:
    """An RG or CG decision was made by ``by`` (with the ``panel``, for a pilot panel)."""

    _repr_pretty_ = repr_pretty

    on: dt.date = attrs.field(validator=is_date)
    stage: Stage = attrs.field(validator=enum_member(Stage))
    outcome: Outcome = attrs.field(validator=enum_member(Outcome))
    by: DecisionMaker = attrs.field(validator=instance_of(DecisionMaker, "a DecisionMaker"))
    reasons: str = attrs.field(default="", validator=_free_text, repr=False)
    panel: Panel | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(Panel, "a Panel"))
    )

    def __attrs_post_init__(self) -> None:
        _check_panel(self, self.by, self.panel)

    @property
    def kind(self) -> EventKind:
        if self.stage is Stage.REASONABLE_GROUNDS:
            positive, negative = EventKind.RG_POSITIVE, EventKind.RG_NEGATIVE
        else:
            positive, negative = EventKind.CG_POSITIVE, EventKind.CG_NEGATIVE
        return positive if self.outcome is Outcome.POSITIVE else negative


@attrs.frozen
class CombinedDecisionMade:
    """A pilot panel made a positive RG and a CG decision at the same meeting."""

    _repr_pretty_ = repr_pretty

    on: dt.date = attrs.field(validator=is_date)
    cg_outcome: Outcome = attrs.field(validator=enum_member(Outcome))
    by: DecisionMaker = attrs.field(validator=instance_of(DecisionMaker, "a DecisionMaker"))
    reasons: str = attrs.field(default="", validator=_free_text, repr=False)
    panel: Panel | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(Panel, "a Panel"))
    )

    def __attrs_post_init__(self) -> None:
        _check_panel(self, self.by, self.panel)

    @property
    def kind(self) -> EventKind:
        if self.cg_outcome is Outcome.POSITIVE:
            return EventKind.COMBINED_CG_POSITIVE
        return EventKind.COMBINED_CG_NEGATIVE


def _check_panel(event: object, by: DecisionMaker, panel: Panel | None) -> None:
    if panel is not None and panel.site_id != by.site_id:
        raise InvalidValueError(
            owner_name(event), "panel", "is not the panel of the deciding site (site ids differ)"
        )


@attrs.frozen
class ScaReviewAgreed(_Dated):
    """The SCA reviewed the pending pilot decision and agreed it can be served."""

    _KIND = EventKind.SCA_REVIEW_AGREED


@attrs.frozen
class ScaReviewReturned(_Dated):
    """The SCA did not agree the pending pilot decision; the panel must decide again."""

    _repr_pretty_ = repr_pretty

    _KIND = EventKind.SCA_REVIEW_RETURNED

    reasons: str = attrs.field(default="", validator=_free_text, repr=False)


@attrs.frozen
class DecisionServed(_Dated):
    """The pending decision (or combined decisions) was served on the child."""

    _KIND = EventKind.DECISION_SERVED


@attrs.frozen
class ReconsiderationRequested(_Dated):
    """Reconsideration of a served negative decision was requested.

    A further request (after one reconsideration of the same stage) needs
    ``further_request_reasons`` ("good reasons": SG 14.232-14.233).
    """

    _repr_pretty_ = repr_pretty

    _KIND = EventKind.RECONSIDERATION_REQUESTED

    further_request_reasons: str | None = attrs.field(
        default=None, validator=optional_str, repr=False
    )


@attrs.frozen
class ReconsiderationAccepted(_Dated):
    """The competent authority agreed to reconsider; a new decision will follow."""

    _KIND = EventKind.RECONSIDERATION_ACCEPTED


@attrs.frozen
class ReconsiderationRefused(_Dated):
    """The competent authority refused to reconsider; the negative decision stands."""

    _KIND = EventKind.RECONSIDERATION_REFUSED


class SuspensionReason(enum.Enum):
    """Why a case was suspended (grounds not verified: brief Q6)."""

    CHILD_MISSING = "child-missing"
    OTHER = "other"


@attrs.frozen
class Suspended(_Dated):
    """The case was suspended."""

    _KIND = EventKind.SUSPENDED

    reason: SuspensionReason = attrs.field(validator=enum_member(SuspensionReason))


@attrs.frozen
class Resumed(_Dated):
    """A suspended case resumed."""

    _KIND = EventKind.RESUMED


@attrs.frozen
class TurnedEighteen(_Dated):
    """The child turned 18 with no CG decision; they must consent to continue or withdraw."""

    _KIND = EventKind.TURNED_EIGHTEEN


@attrs.frozen
class ConsentedToContinue(_Dated):
    """The young person consented to stay in the NRM after turning 18."""

    _KIND = EventKind.CONSENTED_TO_CONTINUE


@attrs.frozen
class Withdrawn(_Dated):
    """The person withdrew (or was withdrawn) from the NRM."""

    _KIND = EventKind.WITHDRAWN


class PodGround(enum.Enum):
    """The grounds of a Public Order Disqualification (NABA 2022 s.63(1))."""

    THREAT_TO_PUBLIC_ORDER = "threat-to-public-order"
    BAD_FAITH = "bad-faith"


@attrs.frozen
class PodConsidered(_Dated):
    """A Public Order Disqualification began to be considered."""

    _KIND = EventKind.POD_CONSIDERED


@attrs.frozen
class PodApplied(_Dated):
    """A Public Order Disqualification was applied on ``ground``."""

    _KIND = EventKind.POD_APPLIED

    ground: PodGround = attrs.field(validator=enum_member(PodGround))


@attrs.frozen
class PodNotApplied(_Dated):
    """A Public Order Disqualification was considered and not applied."""

    _KIND = EventKind.POD_NOT_APPLIED


Event = (
    RoutedToPanel
    | RoutedToSca
    | TransferredToSca
    | DecisionMade
    | CombinedDecisionMade
    | ScaReviewAgreed
    | ScaReviewReturned
    | DecisionServed
    | ReconsiderationRequested
    | ReconsiderationAccepted
    | ReconsiderationRefused
    | Suspended
    | Resumed
    | TurnedEighteen
    | ConsentedToContinue
    | Withdrawn
    | PodConsidered
    | PodApplied
    | PodNotApplied
)
"""Any event that can happen to a case."""

EVENT_TYPES: tuple[type, ...] = typing.get_args(Event)
