"""The case lifecycle: states, the transition table, and pure event application.

A :class:`Case` is an immutable value: a :class:`~nrm_core.Referral` and the
ordered history of events applied to it. Its :attr:`Case.state` is not
stored; it is derived by replaying the history through :data:`TRANSITIONS`.
Constructing a case replays every event with every guard, so an invalid history
cannot exist.

* :func:`apply` returns a new case with one more event, or raises
  :class:`~nrm_core.TransitionRefused` listing **every** failed check;
* :func:`available_events` says what can happen next;
* :func:`to_mermaid` and :func:`to_markdown_table` render the table, so the
  diagrams in the docs are generated from the same data the logic reads.

>>> import datetime as dt
>>> from nrm_core import (Case, DecisionMade, DecisionMaker, Outcome, RoutedToPanel,
...     Stage, apply)
>>> from nrm_core.samples import example_panel, example_referral
>>> case = Case(example_referral())
>>> case.state
<State.REFERRED: 'referred'>
>>> case = apply(case, RoutedToPanel(dt.date(2026, 3, 3), "P1-01"))
>>> case = apply(case, DecisionMade(dt.date(2026, 3, 20), Stage.REASONABLE_GROUNDS,
...     Outcome.POSITIVE, DecisionMaker.panel("P1-01"), panel=example_panel()))
>>> case.state
<State.RG_POSITIVE_DECIDED: 'rg-positive-decided'>
>>> [kind.value for kind in available_events(case)][:3]
['sca-review-agreed', 'sca-review-returned', 'decision-served']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable

import attrs

from nrm_core._sources import (
    FR_GUIDE_2025,
    FR_TOOLKIT_2026,
    NABA_2022_S63,
    PILOT_GENERAL_GUIDANCE,
    P,
    U,
    cite,
)
from nrm_core._sources import (
    SECONDARY as S2,
)
from nrm_core._validate import instance_of, to_tuple, tuple_of
from nrm_core.ages import eighteenth_birthday
from nrm_core.citations import Citation, Reason
from nrm_core.decision import Decision, DecisionMaker, Outcome, Stage
from nrm_core.errors import InvalidTypeError, TransitionRefused
from nrm_core.events import (
    EVENT_TYPES,
    CombinedDecisionMade,
    DecisionMade,
    DecisionServed,
    Event,
    EventKind,
    PodApplied,
    PodConsidered,
    PodNotApplied,
    ReconsiderationRequested,
    RoutedToPanel,
    RoutedToSca,
    ScaReviewAgreed,
    ScaReviewReturned,
    TransferredToSca,
    TurnedEighteen,
)
from nrm_core.panel import check_panel
from nrm_core.policy import DEFAULT_POLICY, Policy
from nrm_core.referral import PodStatus, Referral

__all__ = [
    "INITIAL_STATE",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Case",
    "Guard",
    "State",
    "Transition",
    "apply",
    "available_events",
    "to_markdown_table",
    "to_mermaid",
]


class State(enum.Enum):
    """Where a case stands. Derived from the history, never stored."""

    REFERRED = "referred"
    """Referral received; not yet routed to a decision maker."""
    AWAITING_RG = "awaiting-rg"
    """With a decision maker; awaiting the Reasonable Grounds decision."""
    RG_POSITIVE_DECIDED = "rg-positive-decided"
    """Positive RG decided; not yet served."""
    RG_NEGATIVE_DECIDED = "rg-negative-decided"
    """Negative RG decided; not yet served (a pilot negative awaits SCA review)."""
    COMBINED_CG_POSITIVE_DECIDED = "combined-cg-positive-decided"
    """Pilot panel made positive RG and positive CG at one meeting; not yet served."""
    COMBINED_CG_NEGATIVE_DECIDED = "combined-cg-negative-decided"
    """Pilot panel made positive RG and negative CG at one meeting; not yet served."""
    AWAITING_CG = "awaiting-cg"
    """Positive RG served; the recovery period runs; awaiting the Conclusive Grounds decision."""
    CG_POSITIVE_DECIDED = "cg-positive-decided"
    """Positive CG decided; not yet served."""
    CG_NEGATIVE_DECIDED = "cg-negative-decided"
    """Negative CG decided; not yet served (a pilot negative awaits SCA review)."""
    RG_NEGATIVE = "rg-negative"
    """Negative RG served (terminal; left only by reconsideration)."""
    CG_POSITIVE = "cg-positive"
    """Positive CG served: conclusively identified as a victim (terminal)."""
    CG_NEGATIVE = "cg-negative"
    """Negative CG served (terminal; left only by reconsideration)."""
    RG_RECONSIDERATION_REQUESTED = "rg-reconsideration-requested"
    """Reconsideration of the negative RG requested; awaiting the reply."""
    CG_RECONSIDERATION_REQUESTED = "cg-reconsideration-requested"
    """Reconsideration of the negative CG requested; awaiting the reply."""
    SUSPENDED_AT_RG = "suspended-at-rg"
    """Suspended before the RG decision."""
    SUSPENDED_AT_CG = "suspended-at-cg"
    """Suspended before the CG decision."""
    AWAITING_CONSENT_AT_RG = "awaiting-consent-at-rg"
    """Turned 18 before the RG decision; must consent to continue or withdraw."""
    AWAITING_CONSENT_AT_CG = "awaiting-consent-at-cg"
    """Turned 18 before the CG decision; must consent to continue or withdraw."""
    WITHDRAWN = "withdrawn"
    """Withdrawn from the NRM (terminal)."""

    @property
    def is_terminal(self) -> bool:
        """Whether the case has ended (terminal states are left only by reconsideration)."""
        return self in TERMINAL_STATES


INITIAL_STATE = State.REFERRED
"""Every case starts here: the referral has been received."""

TERMINAL_STATES: frozenset[State] = frozenset(
    {State.RG_NEGATIVE, State.CG_POSITIVE, State.CG_NEGATIVE, State.WITHDRAWN}
)
"""States in which the case has ended."""


# --------------------------------------------------------------------------- facts


@attrs.frozen
class _Facts:
    """What the replay of a history has established so far."""

    state: State
    last_event_on: dt.date | None = None
    decision_maker: DecisionMaker | None = None
    decisions: tuple[Decision, ...] = ()
    pending: int = 0  # how many trailing decisions are not yet served
    pod_status: PodStatus = PodStatus.NONE
    reconsidered: tuple[Stage, ...] = ()
    turned_eighteen_on: dt.date | None = None

    @property
    def pending_decisions(self) -> tuple[Decision, ...]:
        return self.decisions[len(self.decisions) - self.pending :] if self.pending else ()


@attrs.frozen
class _Context:
    referral: Referral
    facts: _Facts
    event: Event | None  # None when asking what is available
    policy: Policy


# --------------------------------------------------------------------------- guards


@attrs.frozen
class Guard:
    """A condition a transition requires, with a stable code and its citation.

    ``summary`` states the rule in plain English (for the docs); the check
    returns a specific message when it fails.
    """

    code: str
    summary: str
    citation: Citation | None
    check: Callable[[_Context], str | tuple[Reason, ...] | None] = attrs.field(eq=False, repr=False)
    """Returns ``None`` when satisfied, else a message (reported under this guard's
    code and citation) or the reasons of a delegated check (e.g. :func:`check_panel`)."""

    def failures(self, context: _Context) -> tuple[Reason, ...]:
        result = self.check(context)
        if result is None:
            return ()
        if isinstance(result, str):
            return (Reason(self.code, result, self.citation),)
        return result


def _event_after_referral(ctx: _Context) -> str | None:
    if ctx.event is not None and ctx.event.on < ctx.referral.referred_on:
        return f"the event is dated before the referral ({ctx.referral.referred_on.isoformat()})"
    return None


def _event_in_order(ctx: _Context) -> str | None:
    last = ctx.facts.last_event_on
    if ctx.event is not None and last is not None and ctx.event.on < last:
        return f"the event is dated before the case's previous event ({last.isoformat()})"
    return None


EVENT_AFTER_REFERRAL = Guard(
    "event-before-referral",
    "No event is dated before the referral.",
    None,
    _event_after_referral,
)
EVENT_IN_ORDER = Guard(
    "event-before-previous",
    "Events are recorded in date order: none is dated before the previous one.",
    None,
    _event_in_order,
)
COMMON_GUARDS: tuple[Guard, ...] = (EVENT_AFTER_REFERRAL, EVENT_IN_ORDER)
"""Guards every transition has."""


def _decided_by_current_maker(ctx: _Context) -> str | None:
    event = ctx.event
    if not isinstance(event, DecisionMade | CombinedDecisionMade):
        return None
    if event.by != ctx.facts.decision_maker:
        return (
            f"the decision is recorded as made by {event.by}, but the case is with "
            f"{ctx.facts.decision_maker}"
        )
    return None


def _valid_panel(ctx: _Context) -> str | tuple[Reason, ...] | None:
    event = ctx.event
    if not isinstance(event, DecisionMade | CombinedDecisionMade) or not event.by.is_pilot_panel:
        return None
    if event.panel is None:
        return "a pilot panel decision must record the panel that made it"
    quorum = ctx.policy.panel_quorum.value_at(event.on, ctx.referral.nation)
    return check_panel(event.panel, ctx.referral.referral_id, on=event.on, quorum=quorum) or None


def _positive_reviewed_where_required(ctx: _Context) -> str | None:
    for decision in ctx.facts.pending_decisions:
        site = decision.decided_by.site_id
        if site is None or decision.sca_reviewed_on is not None:
            continue
        sites = ctx.policy.full_positive_review_sites.value_at(
            decision.decided_on, ctx.referral.nation
        )
        if decision.outcome is Outcome.POSITIVE and site in sites:
            return (
                f"site {site} is under full SCA review: its positive "
                f"{decision.stage.abbreviation} decision must be reviewed before it is served"
            )
    return None


def _pilot_maker_only(ctx: _Context) -> str | None:
    maker = ctx.facts.decision_maker
    if maker is None or not maker.is_pilot_panel:
        return f"only a pilot panel can do this; the case is with {maker}"
    return None


def _review_applies(ctx: _Context) -> str | None:
    if any(not d.decided_by.is_pilot_panel for d in ctx.facts.pending_decisions):
        return "the pending decision was made by the SCA, which does not review its own decisions"
    return None


def _not_reviewed_yet(ctx: _Context) -> str | None:
    if any(d.sca_reviewed_on is not None for d in ctx.facts.pending_decisions):
        return "the SCA review of the pending decision is already recorded"
    return None


def _negative_pilot_reviewed(ctx: _Context) -> str | None:
    for decision in ctx.facts.pending_decisions:
        if (
            decision.decided_by.is_pilot_panel
            and decision.outcome is Outcome.NEGATIVE
            and decision.sca_reviewed_on is None
        ):
            return (
                f"the negative {decision.stage.abbreviation} decision of "
                f"{decision.decided_by} has not been reviewed by the SCA"
            )
    return None


def _further_reconsideration(ctx: _Context) -> str | None:
    event = ctx.event
    if not isinstance(event, ReconsiderationRequested) or event.further_request_reasons:
        return None
    stage = _stage_of_negative(ctx.facts.state)
    if stage in ctx.facts.reconsidered:
        return (
            f"the {stage.abbreviation} decision has already been reconsidered once; a further "
            "request must give good reasons (further_request_reasons)"
        )
    return None


def _is_eighteen(ctx: _Context) -> str | None:
    if not isinstance(ctx.event, TurnedEighteen):
        return None
    child, nation = ctx.referral.child, ctx.referral.nation
    birthday = eighteenth_birthday(child.date_of_birth, nation)
    if ctx.event.on < birthday:
        return "the event is dated before the child's 18th birthday (by the recorded date of birth)"
    return None


def _not_turned_eighteen_already(ctx: _Context) -> str | None:
    if ctx.facts.turned_eighteen_on is not None:
        return "turning 18 is already recorded on this case"
    return None


def _pod_not_open(ctx: _Context) -> str | None:
    if ctx.facts.pod_status in (PodStatus.UNDER_CONSIDERATION, PodStatus.APPLIED):
        status = "applied" if ctx.facts.pod_status is PodStatus.APPLIED else "being considered"
        return f"a Public Order Disqualification is already {status}"
    return None


def _pod_under_consideration(ctx: _Context) -> str | None:
    if ctx.facts.pod_status is not PodStatus.UNDER_CONSIDERATION:
        return (
            "no Public Order Disqualification is being considered (consider one first, "
            "with a pod-considered event)"
        )
    return None


def _positive_rg_exists(ctx: _Context) -> str | None:
    if not any(
        d.stage is Stage.REASONABLE_GROUNDS and d.outcome is Outcome.POSITIVE
        for d in ctx.facts.decisions
    ):
        return "a Public Order Disqualification needs a positive RG decision first"
    return None


ALL_DECISIONS_FOR_CHILDREN = cite(
    FR_GUIDE_2025, "§12", P, "outside the pilot all decisions for children are made by the SCA"
)
DECIDED_BY_CURRENT_MAKER = Guard(
    "decision-maker-mismatch",
    "A decision is made by the decision maker the case is routed to.",
    ALL_DECISIONS_FOR_CHILDREN,
    _decided_by_current_maker,
)
VALID_PANEL = Guard(
    "panel-invalid",
    "A pilot panel decision records a properly constituted panel (see check_panel).",
    cite(FR_GUIDE_2025, "§10, §12", P),
    _valid_panel,
)
POSITIVE_REVIEWED_WHERE_REQUIRED = Guard(
    "positive-pilot-decision-not-reviewed",
    "At a site under full review, positive pilot decisions are reviewed by the SCA before "
    "they are served.",
    cite(FR_GUIDE_2025, "§12", P, "which sites: policy parameter full_positive_review_sites"),
    _positive_reviewed_where_required,
)
COMBINED_PILOT_ONLY = Guard(
    "combined-decision-pilot-only",
    "Only a pilot panel may make the RG and CG decisions at one meeting.",
    cite(FR_TOOLKIT_2026, "§1 (flowchart note)", P),
    _pilot_maker_only,
)
SCA_REVIEW_APPLIES = Guard(
    "sca-review-not-applicable",
    "Only pilot panel decisions are reviewed by the SCA.",
    cite(FR_GUIDE_2025, "§12", P),
    _review_applies,
)
SCA_REVIEW_ONCE = Guard(
    "sca-review-already-recorded",
    "A pending decision is reviewed once.",
    None,
    _not_reviewed_yet,
)
NEGATIVE_PILOT_REVIEWED = Guard(
    "negative-pilot-decision-not-reviewed",
    "Every negative pilot decision is reviewed by the SCA before it is served.",
    cite(FR_GUIDE_2025, "§12", P, "all negative pilot decisions are reviewed by the SCA"),
    _negative_pilot_reviewed,
)
TRANSFER_FROM_PILOT_ONLY = Guard(
    "transfer-not-from-pilot",
    "Only a case with a pilot panel can be transferred to the SCA.",
    cite(FR_GUIDE_2025, "§10", P),
    _pilot_maker_only,
)
FURTHER_RECONSIDERATION = Guard(
    "further-reconsideration-needs-reasons",
    "Generally only one reconsideration is allowed; a further one needs good reasons.",
    cite(FR_GUIDE_2025, "§13 and fn 15 (SG paras 14.232-14.233)", P),
    _further_reconsideration,
)
TURNED_EIGHTEEN_ON_BIRTHDAY = Guard(
    "not-yet-eighteen",
    "Turning 18 is recorded on or after the 18th birthday.",
    cite(FR_TOOLKIT_2026, "§5", P, "child to adult transition"),
    _is_eighteen,
)
TURNED_EIGHTEEN_ONCE = Guard(
    "turned-eighteen-already-recorded",
    "A person turns 18 once.",
    None,
    _not_turned_eighteen_already,
)
POD_NOT_OPEN = Guard(
    "pod-already-open",
    "A Public Order Disqualification is considered only when none is under consideration "
    "or applied.",
    None,
    _pod_not_open,
)
POD_UNDER_CONSIDERATION = Guard(
    "pod-not-under-consideration",
    "A Public Order Disqualification is applied or not applied only after it is considered.",
    None,
    _pod_under_consideration,
)
POD_AFTER_POSITIVE_RG = Guard(
    "pod-requires-positive-rg",
    "A Public Order Disqualification applies to a person with a positive RG decision.",
    cite(NABA_2022_S63, "s.63(1)", P),
    _positive_rg_exists,
)


# --------------------------------------------------------------------------- table


@attrs.frozen
class Transition:
    """One row of the transition table: ``source --kind--> target`` under ``guards``."""

    source: State
    kind: EventKind
    target: State
    citation: Citation
    guards: tuple[Guard, ...] = ()

    @property
    def all_guards(self) -> tuple[Guard, ...]:
        """The common guards followed by this row's own."""
        return COMMON_GUARDS + self.guards


_ROUTING = cite(FR_GUIDE_2025, "§10, §12", P)
_RG_CG = cite(PILOT_GENERAL_GUIDANCE, "Introduction", P, "two-stage RG then CG decision")
_COMBINED = cite(FR_TOOLKIT_2026, "§1 (flowchart note)", P, "combined RG and CG decisions")
_REVIEW = cite(FR_GUIDE_2025, "§12", P, "the Home Office quality assures and serves decisions")
_REVIEW_RETURN = cite(
    FR_GUIDE_2025, "§12", U, "escalation when the SCA disagrees is not published (brief Q15)"
)
_RECONSIDER = cite(FR_GUIDE_2025, "§13", P, "reconsideration of negative RG or CG decisions")
_SUSPEND = cite(FR_TOOLKIT_2026, "§1 (flowchart note)", P, "grounds not verified (brief Q6)")
_TURN_18 = cite(FR_TOOLKIT_2026, "§5 and fn 4", P, "consent to stay in or withdraw at 18")
_WITHDRAW_AT_18 = cite(FR_TOOLKIT_2026, "§5", P, "withdrawal on turning 18")
_WITHDRAW_CHILD = cite(
    FR_TOOLKIT_2026, "§5", U, "withdrawal rules for children not found (brief Q5)"
)
_TRANSFER = cite(
    FR_GUIDE_2025,
    "§10",
    S2,
    "pilot scope; hand-back mechanics not published (brief Q12); exclusions per ECPAT 2024",
)
_POD = cite(NABA_2022_S63, "s.63", P)

_DECIDED_SERVED: dict[State, tuple[State, State]] = {
    # pending state: (target when served, target when returned by the SCA)
    State.RG_POSITIVE_DECIDED: (State.AWAITING_CG, State.AWAITING_RG),
    State.RG_NEGATIVE_DECIDED: (State.RG_NEGATIVE, State.AWAITING_RG),
    State.COMBINED_CG_POSITIVE_DECIDED: (State.CG_POSITIVE, State.AWAITING_RG),
    State.COMBINED_CG_NEGATIVE_DECIDED: (State.CG_NEGATIVE, State.AWAITING_RG),
    State.CG_POSITIVE_DECIDED: (State.CG_POSITIVE, State.AWAITING_CG),
    State.CG_NEGATIVE_DECIDED: (State.CG_NEGATIVE, State.AWAITING_CG),
}


def _rows() -> Iterable[Transition]:
    t = Transition
    yield t(State.REFERRED, EventKind.ROUTED_TO_PANEL, State.AWAITING_RG, _ROUTING)
    yield t(State.REFERRED, EventKind.ROUTED_TO_SCA, State.AWAITING_RG, _ROUTING)
    decided = (DECIDED_BY_CURRENT_MAKER, VALID_PANEL)
    yield t(State.AWAITING_RG, EventKind.RG_POSITIVE, State.RG_POSITIVE_DECIDED, _RG_CG, decided)
    yield t(State.AWAITING_RG, EventKind.RG_NEGATIVE, State.RG_NEGATIVE_DECIDED, _RG_CG, decided)
    combined = (COMBINED_PILOT_ONLY, DECIDED_BY_CURRENT_MAKER, VALID_PANEL)
    yield t(
        State.AWAITING_RG,
        EventKind.COMBINED_CG_POSITIVE,
        State.COMBINED_CG_POSITIVE_DECIDED,
        _COMBINED,
        combined,
    )
    yield t(
        State.AWAITING_RG,
        EventKind.COMBINED_CG_NEGATIVE,
        State.COMBINED_CG_NEGATIVE_DECIDED,
        _COMBINED,
        combined,
    )
    yield t(State.AWAITING_CG, EventKind.CG_POSITIVE, State.CG_POSITIVE_DECIDED, _RG_CG, decided)
    yield t(State.AWAITING_CG, EventKind.CG_NEGATIVE, State.CG_NEGATIVE_DECIDED, _RG_CG, decided)
    for pending, (served, returned) in _DECIDED_SERVED.items():
        review = (SCA_REVIEW_APPLIES, SCA_REVIEW_ONCE)
        yield t(pending, EventKind.SCA_REVIEW_AGREED, pending, _REVIEW, review)
        yield t(pending, EventKind.SCA_REVIEW_RETURNED, returned, _REVIEW_RETURN, review)
        service = (NEGATIVE_PILOT_REVIEWED, POSITIVE_REVIEWED_WHERE_REQUIRED)
        yield t(pending, EventKind.DECISION_SERVED, served, _REVIEW, service)
    for negative, requested, awaiting in (
        (State.RG_NEGATIVE, State.RG_RECONSIDERATION_REQUESTED, State.AWAITING_RG),
        (State.CG_NEGATIVE, State.CG_RECONSIDERATION_REQUESTED, State.AWAITING_CG),
    ):
        yield t(
            negative,
            EventKind.RECONSIDERATION_REQUESTED,
            requested,
            _RECONSIDER,
            (FURTHER_RECONSIDERATION,),
        )
        yield t(requested, EventKind.RECONSIDERATION_ACCEPTED, awaiting, _RECONSIDER)
        yield t(requested, EventKind.RECONSIDERATION_REFUSED, negative, _RECONSIDER)
    for awaiting, suspended, consent in (
        (State.AWAITING_RG, State.SUSPENDED_AT_RG, State.AWAITING_CONSENT_AT_RG),
        (State.AWAITING_CG, State.SUSPENDED_AT_CG, State.AWAITING_CONSENT_AT_CG),
    ):
        yield t(awaiting, EventKind.SUSPENDED, suspended, _SUSPEND)
        yield t(suspended, EventKind.RESUMED, awaiting, _SUSPEND)
        yield t(
            awaiting,
            EventKind.TURNED_EIGHTEEN,
            consent,
            _TURN_18,
            (TURNED_EIGHTEEN_ON_BIRTHDAY, TURNED_EIGHTEEN_ONCE),
        )
        yield t(consent, EventKind.CONSENTED_TO_CONTINUE, awaiting, _TURN_18)
        for state in (awaiting, suspended):
            yield t(
                state, EventKind.TRANSFERRED_TO_SCA, state, _TRANSFER, (TRANSFER_FROM_PILOT_ONLY,)
            )
    for state in State:
        if state in TERMINAL_STATES:
            continue
        at_18 = state in (State.AWAITING_CONSENT_AT_RG, State.AWAITING_CONSENT_AT_CG)
        citation = _WITHDRAW_AT_18 if at_18 else _WITHDRAW_CHILD
        yield t(state, EventKind.WITHDRAWN, State.WITHDRAWN, citation)
        yield t(state, EventKind.POD_CONSIDERED, state, _POD, (POD_NOT_OPEN,))
        yield t(
            state,
            EventKind.POD_APPLIED,
            state,
            _POD,
            (POD_UNDER_CONSIDERATION, POD_AFTER_POSITIVE_RG),
        )
        yield t(state, EventKind.POD_NOT_APPLIED, state, _POD, (POD_UNDER_CONSIDERATION,))


TRANSITIONS: tuple[Transition, ...] = tuple(_rows())
"""The transition table: every allowed ``(state, event kind) -> state`` with its guards."""

_INDEX: dict[tuple[State, EventKind], Transition] = {
    (row.source, row.kind): row for row in TRANSITIONS
}
if len(_INDEX) != len(TRANSITIONS):  # pragma: no cover - a table error, caught at import
    raise RuntimeError("the transition table has two rows for one (state, event kind)")


# --------------------------------------------------------------------------- replay


def _stage_of_negative(state: State) -> Stage:
    return Stage.REASONABLE_GROUNDS if state is State.RG_NEGATIVE else Stage.CONCLUSIVE_GROUNDS


def _effect(facts: _Facts, event: Event, target: State) -> _Facts:
    """What the event establishes, beside the new state."""
    changes: dict[str, object] = {"state": target, "last_event_on": event.on}
    match event:
        case RoutedToPanel(site_id=site_id):
            changes["decision_maker"] = DecisionMaker.panel(site_id)
        case RoutedToSca() | TransferredToSca():
            changes["decision_maker"] = DecisionMaker.sca()
        case DecisionMade():
            decision = Decision(
                event.stage, event.outcome, event.on, event.by, reasons=event.reasons
            )
            changes["decisions"] = (*facts.decisions, decision)
            changes["pending"] = 1
        case CombinedDecisionMade():
            rg = Decision(
                Stage.REASONABLE_GROUNDS,
                Outcome.POSITIVE,
                event.on,
                event.by,
                reasons=event.reasons,
            )
            cg = Decision(
                Stage.CONCLUSIVE_GROUNDS,
                event.cg_outcome,
                event.on,
                event.by,
                reasons=event.reasons,
            )
            changes["decisions"] = (*facts.decisions, rg, cg)
            changes["pending"] = 2
        case ScaReviewAgreed():
            settled = len(facts.decisions) - facts.pending
            reviewed = tuple(
                attrs.evolve(decision, sca_reviewed_on=event.on)
                for decision in facts.decisions[settled:]
            )
            changes["decisions"] = facts.decisions[:settled] + reviewed
        case DecisionServed():
            settled = len(facts.decisions) - facts.pending
            served = tuple(
                attrs.evolve(decision, served_on=event.on) for decision in facts.decisions[settled:]
            )
            changes["decisions"] = facts.decisions[:settled] + served
            changes["pending"] = 0
        case ScaReviewReturned():
            changes["decisions"] = facts.decisions[: len(facts.decisions) - facts.pending]
            changes["pending"] = 0
        case ReconsiderationRequested():
            changes["reconsidered"] = (*facts.reconsidered, _stage_of_negative(facts.state))
        case PodConsidered():
            changes["pod_status"] = PodStatus.UNDER_CONSIDERATION
        case PodApplied():
            changes["pod_status"] = PodStatus.APPLIED
        case PodNotApplied():
            changes["pod_status"] = PodStatus.NOT_APPLIED
        case TurnedEighteen():
            changes["turned_eighteen_on"] = event.on
        case _:
            pass
    return attrs.evolve(facts, **changes)  # type: ignore[arg-type]


def _refusals(
    referral: Referral, facts: _Facts, event: Event, policy: Policy
) -> tuple[Transition | None, list[Reason]]:
    row = _INDEX.get((facts.state, event.kind))
    context = _Context(referral, facts, event, policy)
    guards = row.all_guards if row is not None else COMMON_GUARDS
    reasons = [reason for guard in guards for reason in guard.failures(context)]
    if row is None:
        possible = ", ".join(kind.value for kind in _available(referral, facts, policy)) or "none"
        reasons.insert(
            0,
            Reason(
                "no-such-transition",
                f"a {event.kind.value!r} event cannot happen in state {facts.state.value!r}; "
                f"possible next events: {possible}",
            ),
        )
    return row, reasons


def _step(
    referral: Referral, facts: _Facts, event: Event, index: int | None, policy: Policy
) -> _Facts:
    row, reasons = _refusals(referral, facts, event, policy)
    if reasons or row is None:
        raise TransitionRefused(facts.state.value, event.kind.value, reasons, index=index)
    return _effect(facts, event, row.target)


def _available(referral: Referral, facts: _Facts, policy: Policy) -> tuple[EventKind, ...]:
    context = _Context(referral, facts, None, policy)
    return tuple(
        row.kind
        for row in TRANSITIONS
        if row.source is facts.state and not any(g.failures(context) for g in row.all_guards)
    )


# --------------------------------------------------------------------------- case


@attrs.frozen
class Case:
    """A referral and the ordered history of events applied to it.

    Construction replays the history through the transition table and raises
    :class:`~nrm_core.TransitionRefused` (with the failing event's ``index``)
    if any event was not allowed. ``policy`` supplies the configurable rules
    the guards read (panel quorum, sites under full review); it is part of the
    case's value, so what-if policies are explicit.
    """

    referral: Referral = attrs.field(validator=instance_of(Referral, "a Referral"))
    history: tuple[Event, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(EVENT_TYPES, "an event")
    )
    policy: Policy = attrs.field(
        default=DEFAULT_POLICY, validator=instance_of(Policy, "a Policy"), repr=False
    )
    _facts: _Facts = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        facts = _Facts(INITIAL_STATE, pod_status=self.referral.pod_status)
        for index, event in enumerate(self.history):
            facts = _step(self.referral, facts, event, index, self.policy)
        object.__setattr__(self, "_facts", facts)

    @property
    def case_id(self) -> str:
        """The referral id, which identifies the case."""
        return self.referral.referral_id

    @property
    def state(self) -> State:
        """The current state: the fold of the history through the transition table."""
        return self._facts.state

    @property
    def decision_maker(self) -> DecisionMaker | None:
        """Who decides now (``None`` until the case is routed)."""
        return self._facts.decision_maker

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every decision made, in order, with review and service dates filled in.

        A decision the SCA returned to the panel is not listed (the history keeps it).
        """
        return self._facts.decisions

    @property
    def pod_status(self) -> PodStatus:
        """Public Order Disqualification status: the referral's, updated by events."""
        return self._facts.pod_status

    @property
    def last_event_on(self) -> dt.date:
        """The date of the latest event (the referral date if there is none)."""
        return self._facts.last_event_on or self.referral.referred_on

    @property
    def turned_eighteen_on(self) -> dt.date | None:
        """When turning 18 was recorded, if it was."""
        return self._facts.turned_eighteen_on


def apply(case: Case, event: Event) -> Case:
    """Return a new case with ``event`` appended; ``case`` itself never changes.

    Raises :class:`~nrm_core.TransitionRefused` listing every failed check.
    """
    if not isinstance(case, Case):
        raise InvalidTypeError("apply", "case", "expected a Case")
    if not isinstance(event, EVENT_TYPES):
        raise InvalidTypeError("apply", "event", "expected an event (see nrm_core.events)")
    facts = _step(case.referral, case._facts, event, None, case.policy)
    new = Case.__new__(Case)
    fields = (("referral", case.referral), ("history", (*case.history, event)))
    for name, value in (*fields, ("policy", case.policy)):
        object.__setattr__(new, name, value)
    object.__setattr__(new, "_facts", facts)
    return new


def available_events(case: Case) -> tuple[EventKind, ...]:
    """The kinds of event that may come next (the guards that do not depend on the
    event itself are already checked; date order and event fields are checked by
    :func:`apply`)."""
    return _available(case.referral, case._facts, case.policy)


# --------------------------------------------------------------------------- rendering


def _node(state: State) -> str:
    return state.name.lower()


def to_mermaid() -> str:
    """The state diagram, as Mermaid ``stateDiagram-v2`` source, generated from the table.

    Edges with the same source and target are merged; their labels are joined.
    """
    lines = ["stateDiagram-v2"]
    lines.extend(f'    state "{state.value}" as {_node(state)}' for state in State)
    lines.append(f"    [*] --> {_node(INITIAL_STATE)}")
    edges: dict[tuple[State, State], list[str]] = {}
    for row in TRANSITIONS:
        edges.setdefault((row.source, row.target), []).append(row.kind.value)
    for (source, target), labels in edges.items():
        lines.append(f"    {_node(source)} --> {_node(target)}: {' / '.join(labels)}")
    lines.extend(f"    {_node(state)} --> [*]" for state in State if state in TERMINAL_STATES)
    return "\n".join(lines) + "\n"


def to_markdown_table() -> str:
    """The transition table as Markdown: source, event, target, guards and citation."""
    lines = [
        "| from | event | to | guards | citation |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in TRANSITIONS:
        guards = ", ".join(f"`{g.code}`" for g in row.guards) or "-"
        lines.append(
            f"| {row.source.value} | {row.kind.value} | {row.target.value} | {guards} | "
            f"{row.citation} |"
        )
    return "\n".join(lines) + "\n"
