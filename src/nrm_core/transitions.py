"""The lifecycle's transition table: every allowed ``(state, event kind) -> state``.

Each :class:`Transition` row cites the rule that allows it and lists the
:class:`Guard` conditions it requires; each guard has a stable code, a
plain-English summary and its citation. :data:`TRANSITIONS` is the one table
the engine (:mod:`nrm_core.lifecycle`), the diagrams (:mod:`nrm_core.diagrams`)
and the documentation all read.

>>> from nrm_core.transitions import TRANSITIONS, row_for
>>> from nrm_core import EventKind, State
>>> TRANSITIONS
TransitionTable(159 rows, 20 states, 26 event kinds)
>>> row_for(State.REFERRED, EventKind.ROUTED_TO_PANEL).target
<State.AWAITING_RG: 'awaiting-rg'>
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import attrs

from nrm_core._deprecated import alias
from nrm_core._facts import Facts
from nrm_core._sources import (
    FR_GUIDE_2025,
    FR_TOOLKIT_2026,
    ILLEGAL_MIGRATION_ACT_2023,
    MINISTER_EVIDENCE_2023,
    NABA_2022_S63,
    NABA_2022_S64,
    PILOT_ANNEX_2023,
    PILOT_DM_GUIDANCE_EW,
    PILOT_GENERAL_GUIDANCE,
    PILOT_LANDING_PAGE,
    RECONSIDERATION_ANNEX_2025,
    P,
    U,
    cite,
)
from nrm_core._sources import (
    SECONDARY as S2,
)
from nrm_core.ages import eighteenth_birthday
from nrm_core.checks import Check, CheckTable, Citation, Code, Finding
from nrm_core.decision import SCA_REVIEW_NOT_APPLICABLE, Outcome, Stage
from nrm_core.eligibility import SITE_DOES_NOT_COVER, Routings, site_does_not_cover
from nrm_core.errors import PolicyRangeError
from nrm_core.events import (
    CombinedDecisionMade,
    DecisionMade,
    Event,
    EventKind,
    Merged,
    PodNotApplied,
    PodNotAppliedReason,
    ReconsiderationRequested,
    RoutedToPanel,
    RoutedToSca,
    RouteOverride,
    TurnedEighteen,
    WithdrawalReason,
    Withdrawn,
    how_to_give,
    stage_of_negative,
)
from nrm_core.panel import check_panel
from nrm_core.referral import PodStatus, Referral
from nrm_core.rules import Rules
from nrm_core.states import TERMINAL_STATES, State

__all__ = ["CODES", "TRANSITIONS", "Guard", "Transition", "TransitionTable", "row_for"]


class Context(NamedTuple):
    """What a guard can read: the referral, the facts so far, the event (``None`` when
    asking what is available), the rules and the case's :class:`~nrm_core.eligibility.Routings`
    (the routing rules' answers, each worked out once a case). Immutable; a named tuple, as
    replay builds one per event and a tuple is built several times faster than a frozen
    attrs class."""

    referral: Referral
    facts: Facts
    event: Event | None
    rules: Rules
    routes: Routings | None = None
    """``None``: asked afresh (a context built outside a case)."""


# --------------------------------------------------------------------------- guards


if TYPE_CHECKING:
    Guard = Check
else:
    Guard = alias(
        "Guard",
        Check,
        "use nrm_core.checks.Check (its test is test=, not check=; .findings(), not .failures())",
        module=__name__,
        adapt=lambda kwargs: {("test" if k == "check" else k): v for k, v in kwargs.items()},
    )
"""The older name of :class:`~nrm_core.checks.Check` (a condition a transition requires, a
check of the :class:`Context`), kept for one release: building one warns and gives a
``Check`` (``check=`` is read as ``test=``)."""


def _event_after_referral(ctx: Context) -> str | None:
    if ctx.event is not None and ctx.event.on < ctx.referral.referred_on:
        return f"the event is dated before the referral ({ctx.referral.referred_on.isoformat()})"
    return None


def _event_in_order(ctx: Context) -> str | None:
    last = ctx.facts.last_event_on
    if ctx.event is not None and last is not None and ctx.event.on < last:
        return f"the event is dated before the case's previous event ({last.isoformat()})"
    return None


EVENT_AFTER_REFERRAL = Check(
    "event-before-referral",
    summary="No event is dated before the referral.",
    citation=None,
    test=_event_after_referral,
)
EVENT_IN_ORDER = Check(
    "event-before-previous",
    summary="Events are recorded in date order: none is dated before the previous one.",
    citation=None,
    test=_event_in_order,
)
COMMON_GUARDS: tuple[Check[Context], ...] = (EVENT_AFTER_REFERRAL, EVENT_IN_ORDER)
"""Guards every transition has."""


def _decided_by_current_maker(ctx: Context) -> str | None:
    event = ctx.event
    if not isinstance(event, DecisionMade | CombinedDecisionMade):
        return None
    if event.by != ctx.facts.decision_maker:
        return (
            f"the decision is recorded as made by {event.by}, but the case is with "
            f"{ctx.facts.decision_maker}"
        )
    return None


def _valid_panel(ctx: Context) -> str | tuple[Finding, ...] | None:
    event = ctx.event
    if not isinstance(event, DecisionMade | CombinedDecisionMade) or not event.by.is_pilot_panel:
        return None
    if event.panel is None:
        return "a pilot panel decision must record the panel that made it"
    try:
        return check_panel(event.panel, ctx.referral.referral_id, event.on, rules=ctx.rules) or None
    except PolicyRangeError:
        return "no pilot panel rules were in force on the decision date (before the pilot began)"


def _positive_reviewed_unless_exempt(ctx: Context) -> str | None:
    for decision in ctx.facts.pending_decisions:
        site = decision.decided_by.site_id
        if site is None or decision.sca_reviewed_on is not None:
            continue
        try:
            exempt = ctx.rules.policy.positive_review_exempt_sites.value_at(
                decision.decided_on, ctx.referral.nation
            )
        except PolicyRangeError:
            exempt = frozenset()
        if decision.outcome is Outcome.POSITIVE and site not in exempt:
            return (
                f"the positive {decision.stage.abbreviation} decision of site {site} must be "
                "reviewed by the SCA before it is served (only sites listed as meeting the "
                "performance standard have positives sampled)"
            )
    return None


def _pilot_maker_only(ctx: Context) -> str | None:
    maker = ctx.facts.decision_maker
    if maker is None or not maker.is_pilot_panel:
        return f"only a pilot panel can do this; the case is with {maker}"
    return None


def _review_applies(ctx: Context) -> str | None:
    if any(not d.decided_by.is_pilot_panel for d in ctx.facts.pending_decisions):
        return "the pending decision was made by the SCA, which does not review its own decisions"
    return None


def _not_reviewed_yet(ctx: Context) -> str | None:
    if any(d.sca_reviewed_on is not None for d in ctx.facts.pending_decisions):
        return "the SCA review of the pending decision is already recorded"
    return None


def _negative_pilot_reviewed(ctx: Context) -> str | None:
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


def _further_reconsideration(ctx: Context) -> str | None:
    event = ctx.event
    if not isinstance(event, ReconsiderationRequested) or event.further_request_reasons:
        return None
    stage = stage_of_negative(ctx.facts.state)
    if stage in ctx.facts.reconsidered:
        return (
            f"the {stage.abbreviation} decision has already been reconsidered once; a further "
            "request must give good reasons (further_request_reasons)"
        )
    return None


def _is_eighteen(ctx: Context) -> str | None:
    if not isinstance(ctx.event, TurnedEighteen):
        return None
    child, nation = ctx.referral.child, ctx.referral.nation
    if child.date_of_birth is None:  # unknown: the event itself records that they turned 18
        return None
    birthday = eighteenth_birthday(child.date_of_birth, nation, rules=ctx.rules)
    if ctx.event.on < birthday:
        return "the event is dated before the child's 18th birthday (by the recorded date of birth)"
    return None


def _not_turned_eighteen_already(ctx: Context) -> str | None:
    if ctx.facts.turned_eighteen_on is not None:
        return "turning 18 is already recorded on this case"
    return None


def _withdrawal_reason_given(ctx: Context) -> str | None:
    event = ctx.event
    if isinstance(event, Withdrawn) and event.reason is None:
        allowed = [r for r in WithdrawalReason if r is not WithdrawalReason.DECLINED_AT_18]
        return (
            "a child's withdrawal needs its reason (children may not generally withdraw): give "
            + how_to_give("reason", allowed)
        )
    return None


def _withdrawal_at_18_reason(ctx: Context) -> str | None:
    event = ctx.event
    if isinstance(event, Withdrawn) and event.reason not in (None, WithdrawalReason.DECLINED_AT_18):
        return "after turning 18 a withdrawal is the young person declining to stay in the NRM"
    return None


def _merged_elsewhere(ctx: Context) -> str | None:
    event = ctx.event
    if isinstance(event, Merged) and event.into == ctx.referral.referral_id:
        return "a referral cannot be merged into itself"
    return None


def _pod_not_open(ctx: Context) -> str | None:
    if ctx.facts.pod_status in (PodStatus.UNDER_CONSIDERATION, PodStatus.APPLIED):
        status = "applied" if ctx.facts.pod_status is PodStatus.APPLIED else "being considered"
        return f"a Public Order Disqualification is already {status}"
    return None


def _pod_under_consideration(ctx: Context) -> str | None:
    if ctx.facts.pod_status is not PodStatus.UNDER_CONSIDERATION:
        return (
            "no Public Order Disqualification is being considered (consider one first, "
            "with a pod-considered event)"
        )
    return None


def _positive_rg_exists(ctx: Context) -> str | None:
    if not any(
        d.stage is Stage.REASONABLE_GROUNDS and d.outcome is Outcome.POSITIVE
        for d in ctx.facts.decisions
    ):
        return "a Public Order Disqualification needs a positive RG decision first"
    return None


def _site_covers_authority(ctx: Context) -> str | None:
    event = ctx.event
    if event is None and ctx.facts.state is State.REFERRED:  # what can happen next
        code = ctx.referral.safeguarding_authority
        if ctx.rules.sites.sites_with_member(code):
            return None
        return f"{code} is not a member of any pilot site in the site register"
    if isinstance(event, RoutedToPanel):
        site_id: str | None = event.site_id
    elif isinstance(event, DecisionMade | CombinedDecisionMade):
        site_id = event.by.site_id
    else:
        return None
    if site_id is None:
        return None
    return site_does_not_cover(site_id, ctx.referral.safeguarding_authority, event.on, ctx.rules)


def _sca_route_states_why(ctx: Context) -> str | None:
    event = ctx.event
    if not isinstance(event, RoutedToSca) or event.override is not None:
        return None
    facts, routes = ctx.facts, ctx.routes or Routings(ctx.referral, ctx.rules)
    maker = routes.panel(event.on, facts.pod_status, facts.age_disputed_on)
    if maker is None:
        return None
    return (
        f"on {event.on.isoformat()} the routing rules give {maker} (every pilot check passed); "
        f"a route to the SCA against them must say why: give "
        + how_to_give("override", list(RouteOverride))
    )


ALL_DECISIONS_FOR_CHILDREN = cite(
    FR_GUIDE_2025, "§12", P, "outside the pilot all decisions for children are made by the SCA"
)
DECIDED_BY_CURRENT_MAKER = Check(
    "decision-maker-mismatch",
    summary="A decision is made by the decision maker the case is routed to.",
    citation=ALL_DECISIONS_FOR_CHILDREN,
    test=_decided_by_current_maker,
)
SITE_COVERS_AUTHORITY = Check(
    SITE_DOES_NOT_COVER,
    summary="A case is routed to, and decided by, the panel of a pilot site that covers the "
    "child's safeguarding authority (or its successor) on that day.",
    citation=cite(
        FR_GUIDE_2025, "§10", P, "the safeguarding responsibility of a local authority in the pilot"
    ),
    test=_site_covers_authority,
)
SCA_ROUTE_STATES_WHY = Check(
    "sca-route-needs-override",
    summary="A route to the SCA where the routing rules give a pilot panel states why "
    "(override: a closed list of grounds).",
    citation=cite(
        FR_GUIDE_2025,
        "§10, §12",
        U,
        "pilot children go to the panel; other grounds for the SCA are not published",
    ),
    test=_sca_route_states_why,
)
VALID_PANEL = Check(
    "panel-invalid",
    summary="A pilot panel decision records a properly constituted panel (see check_panel).",
    citation=cite(
        MINISTER_EVIDENCE_2023,
        "HUM0120",
        P,
        "a multi-agency structure with the three safeguarding partners as a minimum; also the "
        "gov.uk pilot page (S8)",
    ),
    test=_valid_panel,
)
POSITIVE_REVIEWED_UNLESS_EXEMPT = Check(
    "positive-pilot-decision-not-reviewed",
    summary="Positive pilot decisions are reviewed by the SCA before they are served, unless the "
    "site has met the required performance standard (then positives are sampled).",
    citation=cite(
        FR_GUIDE_2025, "§12", P, "exempt sites: policy parameter positive_review_exempt_sites"
    ),
    test=_positive_reviewed_unless_exempt,
)
COMBINED_PILOT_ONLY = Check(
    "combined-decision-pilot-only",
    summary="Only a pilot panel may make the RG and CG decisions at one meeting.",
    citation=cite(FR_TOOLKIT_2026, "§1 (flowchart note)", P),
    test=_pilot_maker_only,
)
SCA_REVIEW_APPLIES = Check(
    SCA_REVIEW_NOT_APPLICABLE,
    summary="Only pilot panel decisions are reviewed by the SCA.",
    citation=cite(FR_GUIDE_2025, "§12", P),
    test=_review_applies,
)
SCA_REVIEW_ONCE = Check(
    "sca-review-already-recorded",
    summary="A pending decision is reviewed once.",
    citation=None,
    test=_not_reviewed_yet,
)
NEGATIVE_PILOT_REVIEWED = Check(
    "negative-pilot-decision-not-reviewed",
    summary="Every negative pilot decision is reviewed by the SCA before it is served.",
    citation=cite(FR_GUIDE_2025, "§12", P, "all negative pilot decisions are reviewed by the SCA"),
    test=_negative_pilot_reviewed,
)
TRANSFER_FROM_PILOT_ONLY = Check(
    "transfer-not-from-pilot",
    summary="Only a case with a pilot panel can be transferred to the SCA.",
    citation=cite(PILOT_ANNEX_2023, "§1", P, "the pilot local authorities decide for children"),
    test=_pilot_maker_only,
)
FURTHER_RECONSIDERATION = Check(
    "further-reconsideration-needs-reasons",
    summary="Generally only one reconsideration is allowed; a further one needs good reasons.",
    citation=cite(FR_GUIDE_2025, "§13 and fn 15 (SG paras 14.232-14.233)", P),
    test=_further_reconsideration,
)
TURNED_EIGHTEEN_ON_BIRTHDAY = Check(
    "not-yet-eighteen",
    summary="Turning 18 is recorded on or after the 18th birthday.",
    citation=cite(FR_TOOLKIT_2026, "§5", P, "child to adult transition"),
    test=_is_eighteen,
)
TURNED_EIGHTEEN_ONCE = Check(
    "turned-eighteen-already-recorded",
    summary="A person turns 18 once.",
    citation=None,
    test=_not_turned_eighteen_already,
)
WITHDRAWAL_REASON_GIVEN = Check(
    "withdrawal-needs-reason",
    summary="A child's withdrawal (other than declining to continue at 18) gives its reason.",
    citation=cite(
        FR_TOOLKIT_2026,
        "§5",
        U,
        "children may not generally withdraw; the rules for a child's withdrawal are not published",
    ),
    test=_withdrawal_reason_given,
)
WITHDRAWAL_AT_18 = Check(
    "withdrawal-reason-at-18",
    summary="After turning 18 without a CG decision, a withdrawal is the young person declining "
    "to consent.",
    citation=cite(FR_TOOLKIT_2026, "§5", P, "consent to stay in or withdraw at 18"),
    test=_withdrawal_at_18_reason,
)
MERGED_ELSEWHERE = Check(
    "merged-into-itself",
    summary="A duplicate referral is merged into another referral.",
    citation=None,
    test=_merged_elsewhere,
)
POD_NOT_OPEN = Check(
    "pod-already-open",
    summary="A Public Order Disqualification is considered only when none is under consideration "
    "or applied.",
    citation=None,
    test=_pod_not_open,
)
POD_UNDER_CONSIDERATION = Check(
    "pod-not-under-consideration",
    summary="A Public Order Disqualification is applied or not applied only after it is "
    "considered.",
    citation=None,
    test=_pod_under_consideration,
)


def _pod_not_applied_allowed(ctx: Context) -> str | None:
    event = ctx.event
    if not isinstance(event, PodNotApplied):
        return None
    try:
        mandatory = ctx.rules.policy.pod_disqualification_mandatory.value_at(
            event.on, ctx.referral.nation
        )
    except PolicyRangeError:
        return None
    allowed = (PodNotAppliedReason.DEFINITION_NOT_MET, PodNotAppliedReason.COMPELLING_CIRCUMSTANCES)
    if mandatory and event.reason not in allowed:
        return (
            "the rules put the disqualification in force as mandatory (Illegal Migration Act "
            "2023 s.29): it may be left unapplied only if the definition is not met or there are "
            f"compelling circumstances: give {how_to_give('reason', allowed)}"
        )
    return None


POD_NOT_APPLIED_ALLOWED = Check(
    "pod-not-applied-needs-reason",
    summary="Where the disqualification is mandatory (Illegal Migration Act 2023 s.29, "
    "prospective: only when the rules put it in force), a disqualification is not applied only "
    "if its definition is not met or there are compelling circumstances.",
    citation=cite(
        ILLEGAL_MIGRATION_ACT_2023,
        "s.29 (amending NABA 2022 s.63: 'may' becomes 'must')",
        S2,
        "not commenced: a what-if rule (policy pod_disqualification_mandatory); its effect as "
        "reported in Parliament and by the Government's reply to the JCHR (2025)",
    ),
    test=_pod_not_applied_allowed,
)
POD_AFTER_POSITIVE_RG = Check(
    "pod-requires-positive-rg",
    summary="A Public Order Disqualification applies to a person with a positive RG decision.",
    citation=cite(NABA_2022_S63, "s.63(1)", P),
    test=_positive_rg_exists,
)


# --------------------------------------------------------------------------- table


@attrs.frozen
class Transition:
    """One row of the transition table: ``source --kind--> target`` under ``guards``."""

    source: State
    kind: EventKind = attrs.field(kw_only=True)
    target: State = attrs.field(kw_only=True)
    citation: Citation = attrs.field(kw_only=True)
    guards: tuple[Check[Context], ...] = attrs.field(default=(), kw_only=True)
    checks: CheckTable[Context] = attrs.field(init=False, eq=False, repr=False)
    """The common guards followed by this row's own, as one table: evaluated lean
    (:meth:`~nrm_core.checks.CheckTable.holds`) for an allowed event, explained
    (:meth:`~nrm_core.checks.CheckTable.findings`) for a refused one."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "checks", CheckTable(COMMON_GUARDS + self.guards))

    @property
    def all_guards(self) -> tuple[Check[Context], ...]:
        """The common guards followed by this row's own."""
        return self.checks.checks


_ROUTING = cite(
    PILOT_ANNEX_2023,
    "§1",
    P,
    "children in scope are decided by the pilot local authorities, the others by the SCA",
)
_RG_CG = cite(PILOT_GENERAL_GUIDANCE, "Introduction", P, "two-stage RG then CG decision")
_COMBINED = cite(
    PILOT_DM_GUIDANCE_EW,
    "combined RG and CG decisions",
    P,
    "also the First Responder Toolkit, April 2026, §1 (flowchart note)",
)
_REVIEW = cite(FR_GUIDE_2025, "§12", P, "the Home Office quality assures and serves decisions")
_REVIEW_RETURN = cite(FR_GUIDE_2025, "§12", U, "escalation when the SCA disagrees is not published")
_RECONSIDER = cite(
    RECONSIDERATION_ANNEX_2025, "Annex", P, "reconsideration of negative RG or CG decisions"
)
_SUSPEND = cite(FR_TOOLKIT_2026, "§1 (flowchart note)", P, "grounds not verified")
_TURN_18 = cite(FR_TOOLKIT_2026, "§5 and fn 4", P, "consent to stay in or withdraw at 18")
_WITHDRAW_AT_18 = cite(FR_TOOLKIT_2026, "§5", P, "withdrawal on turning 18")
_WITHDRAW_CHILD = cite(FR_TOOLKIT_2026, "§5", U, "withdrawal rules for children not found")
_TRANSFER = cite(
    PILOT_ANNEX_2023,
    "§1",
    S2,
    "pilot scope; hand-back mechanics not published; exclusions per ECPAT 2024",
)
_POD = cite(NABA_2022_S63, "s.63", P)
_AGE_DISPUTE = cite(
    PILOT_LANDING_PAGE,
    "update history",
    P,
    "a case whose age becomes uncertain may leave the pilot (see transfer_if_out_of_scope)",
)
_RE_REFERRAL = cite(
    NABA_2022_S64,
    "MSA 2015 s.50A(4); NABA 2022 s.62",
    P,
    "a further RG decision after an earlier one; no further recovery period",
)
_MERGE = cite(
    FR_TOOLKIT_2026,
    "§2",
    P,
    "one referral per person: a duplicate referral of the same child is merged",
)
_ENDED_BY_REFERRAL = frozenset(
    {State.RG_NEGATIVE, State.CG_POSITIVE, State.CG_NEGATIVE, State.WITHDRAWN}
)
"""Ended states a re-referral can reopen (a merged duplicate cannot)."""
_TO_CONSENT = {
    State.AWAITING_RG: State.AWAITING_CONSENT_AT_RG,
    State.SUSPENDED_AT_RG: State.AWAITING_CONSENT_AT_RG,
    State.AWAITING_CG: State.AWAITING_CONSENT_AT_CG,
    State.SUSPENDED_AT_CG: State.AWAITING_CONSENT_AT_CG,
}
"""Where turning 18 leads when a decision is awaited: the young person must consent to continue."""

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
    def t(
        source: State,
        kind: EventKind,
        target: State,
        citation: Citation,
        guards: tuple[Check[Context], ...] = (),
    ) -> Transition:
        return Transition(source, kind=kind, target=target, citation=citation, guards=guards)

    yield t(
        State.REFERRED,
        EventKind.ROUTED_TO_PANEL,
        State.AWAITING_RG,
        _ROUTING,
        (SITE_COVERS_AUTHORITY,),
    )
    sca = (SCA_ROUTE_STATES_WHY,)
    yield t(State.REFERRED, EventKind.ROUTED_TO_SCA, State.AWAITING_RG, _ROUTING, sca)
    decided = (DECIDED_BY_CURRENT_MAKER, VALID_PANEL, SITE_COVERS_AUTHORITY)
    yield t(State.AWAITING_RG, EventKind.RG_POSITIVE, State.RG_POSITIVE_DECIDED, _RG_CG, decided)
    yield t(State.AWAITING_RG, EventKind.RG_NEGATIVE, State.RG_NEGATIVE_DECIDED, _RG_CG, decided)
    combined = (COMBINED_PILOT_ONLY, DECIDED_BY_CURRENT_MAKER, VALID_PANEL, SITE_COVERS_AUTHORITY)
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
        service = (NEGATIVE_PILOT_REVIEWED, POSITIVE_REVIEWED_UNLESS_EXEMPT)
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
        yield t(consent, EventKind.CONSENTED_TO_CONTINUE, awaiting, _TURN_18)
    for state in sorted(_ENDED_BY_REFERRAL, key=lambda s: s.value):
        yield t(state, EventKind.RE_REFERRED, State.REFERRED, _RE_REFERRAL)
    for state in State:
        if state in TERMINAL_STATES:
            continue
        at_18 = state in (State.AWAITING_CONSENT_AT_RG, State.AWAITING_CONSENT_AT_CG)
        if not at_18:
            yield t(
                state,
                EventKind.TURNED_EIGHTEEN,
                _TO_CONSENT.get(state, state),
                _TURN_18,
                (TURNED_EIGHTEEN_ON_BIRTHDAY, TURNED_EIGHTEEN_ONCE),
            )
        if state is not State.REFERRED:
            yield t(
                state, EventKind.TRANSFERRED_TO_SCA, state, _TRANSFER, (TRANSFER_FROM_PILOT_ONLY,)
            )
        yield t(state, EventKind.AGE_DISPUTED, state, _AGE_DISPUTE)
        yield t(state, EventKind.MERGED, State.MERGED, _MERGE, (MERGED_ELSEWHERE,))
        if at_18:
            yield t(
                state, EventKind.WITHDRAWN, State.WITHDRAWN, _WITHDRAW_AT_18, (WITHDRAWAL_AT_18,)
            )
        else:
            yield t(
                state,
                EventKind.WITHDRAWN,
                State.WITHDRAWN,
                _WITHDRAW_CHILD,
                (WITHDRAWAL_REASON_GIVEN,),
            )
        yield t(state, EventKind.POD_CONSIDERED, state, _POD, (POD_NOT_OPEN,))
        yield t(
            state,
            EventKind.POD_APPLIED,
            state,
            _POD,
            (POD_UNDER_CONSIDERATION, POD_AFTER_POSITIVE_RG),
        )
        yield t(
            state,
            EventKind.POD_NOT_APPLIED,
            state,
            _POD,
            (POD_UNDER_CONSIDERATION, POD_NOT_APPLIED_ALLOWED),
        )


class TransitionTable(tuple[Transition, ...]):
    """The rows of the transition table (a tuple, with a short ``repr``)."""

    def __repr__(self) -> str:
        states = {row.source for row in self} | {row.target for row in self}
        kinds = {row.kind for row in self}
        return f"TransitionTable({len(self)} rows, {len(states)} states, {len(kinds)} event kinds)"


TRANSITIONS = TransitionTable(_rows())
"""The transition table: every allowed ``(state, event kind) -> state`` with its guards.

The rows are listed on the generated lifecycle reference page.

:meta hide-value:
"""

_INDEX: dict[tuple[State, EventKind], Transition] = {
    (row.source, row.kind): row for row in TRANSITIONS
}
if len(_INDEX) != len(TRANSITIONS):  # pragma: no cover - a table error, caught at import
    raise RuntimeError("the transition table has two rows for one (state, event kind)")
NO_SUCH_TRANSITION = Code(
    "no-such-transition", "The event cannot happen in the case's state.", group="lifecycle"
)
COMMON_CHECKS: CheckTable[Context] = CheckTable(COMMON_GUARDS)
"""The guards every event is checked by, even one the table has no row for."""
CODES: tuple[Code, ...] = (
    *CheckTable(guard for row in TRANSITIONS for guard in row.all_guards).codes("lifecycle"),
    NO_SUCH_TRANSITION,
)
"""Every code the lifecycle reports: each guard's (once), then ``no-such-transition``."""


def row_for(state: State, kind: EventKind) -> Transition | None:
    """The row for ``kind`` in ``state``, or ``None`` if the table has none."""
    return _INDEX.get((state, kind))


def rows_from(state: State) -> tuple[Transition, ...]:
    """Every row leaving ``state``, in table order."""
    return _FROM.get(state, ())


_FROM: dict[State, tuple[Transition, ...]] = {}
for _row in TRANSITIONS:
    _FROM[_row.source] = (*_FROM.get(_row.source, ()), _row)
