"""The lifecycle table, its graph properties, and explained refusals."""

import datetime as dt
from collections import deque

import pytest

from nrm_core import (
    Case,
    CombinedDecisionMade,
    ConsentedToContinue,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    EventKind,
    Outcome,
    PodApplied,
    PodConsidered,
    PodNotApplied,
    PodStatus,
    ReconsiderationAccepted,
    ReconsiderationRequested,
    Resumed,
    RoutedToPanel,
    RoutedToSca,
    Rules,
    ScaReviewAgreed,
    ScaReviewReturned,
    Stage,
    State,
    Suspended,
    TransferredToSca,
    TransitionRefused,
    TurnedEighteen,
    Withdrawn,
    apply,
    available_events,
)
from nrm_core.checks import Finding as Reason
from nrm_core.diagrams import to_markdown_table, to_mermaid
from nrm_core.errors import InvalidTypeError
from nrm_core.events import (
    PodGround,
    PodNotAppliedReason,
    RouteOverride,
    SuspensionReason,
    WithdrawalReason,
)
from nrm_core.samples import example_panel, example_referral
from nrm_core.states import INITIAL_STATE, TERMINAL_STATES
from nrm_core.transitions import TRANSITIONS

D = dt.date
PANEL = DecisionMaker.panel("P1-01")
VALID = example_panel("P1-01")
SCA = DecisionMaker.sca()
RG, CG = Stage.REASONABLE_GROUNDS, Stage.CONCLUSIVE_GROUNDS
POS, NEG = Outcome.POSITIVE, Outcome.NEGATIVE


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


def graph():
    edges = {}
    for row in TRANSITIONS:
        edges.setdefault(row.source, set()).add(row.target)
    return edges


def reachable_from(state, edges):
    seen, queue = {state}, deque([state])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


class TestGraph:
    def test_one_initial_state_and_every_state_reachable(self):
        assert reachable_from(INITIAL_STATE, graph()) == set(State)
        back = {
            row.kind
            for row in TRANSITIONS
            if row.target is INITIAL_STATE and row.source is not INITIAL_STATE
        }
        # Only a re-referral after an ended case leads back to "referred" (NABA 2022 s.62).
        assert back == {EventKind.RE_REFERRED}

    def test_no_traps_every_non_terminal_state_reaches_a_terminal_one(self):
        edges = graph()
        for state in State:
            if state not in TERMINAL_STATES:
                assert reachable_from(state, edges) & TERMINAL_STATES, state
                assert edges.get(state, set()) - {state}, f"{state} has no way out"

    def test_terminal_states_left_only_by_reconsideration_or_re_referral(self):
        # Was: only by reconsideration. A re-referral for a further RG decision
        # (NABA 2022 s.62; MSA 2015 s.50A(4)) also reopens an ended case; a merged duplicate
        # is never reopened.
        for row in TRANSITIONS:
            if row.source in TERMINAL_STATES and row.target is not row.source:
                assert row.kind in (EventKind.RECONSIDERATION_REQUESTED, EventKind.RE_REFERRED)
                assert row.source is not State.MERGED

    def test_every_event_kind_is_used_and_every_row_is_cited(self):
        assert {row.kind for row in TRANSITIONS} == set(EventKind)
        for row in TRANSITIONS:
            assert row.citation.section

    def test_mermaid_is_generated_from_the_table(self):
        text = to_mermaid()
        assert text.startswith("stateDiagram-v2\n")
        assert "[*] --> referred" in text
        assert "awaiting_rg --> rg_negative_decided: rg-negative" in text
        for state in TERMINAL_STATES:
            assert f"{state.name.lower()} --> [*]" in text
        assert to_markdown_table().count("\n") == len(TRANSITIONS) + 2


def pilot_case():
    return apply(Case(example_referral()), RoutedToPanel(D(2026, 3, 3), "P1-01"))


def run(case, *events):
    for event in events:
        case = apply(case, event)
    return case


class TestWalkthroughs:
    def test_pilot_case_rg_then_cg(self):
        case = run(
            pilot_case(),
            DecisionMade(D(2026, 3, 20), stage=RG, outcome=POS, by=PANEL, panel=VALID),
            ScaReviewAgreed(D(2026, 3, 23)),
            DecisionServed(D(2026, 3, 24)),
            DecisionMade(D(2026, 5, 1), stage=CG, outcome=POS, by=PANEL, panel=VALID),
            ScaReviewAgreed(D(2026, 5, 5)),
            DecisionServed(D(2026, 5, 6)),
        )
        assert case.state is State.CG_POSITIVE
        assert [(d.stage, d.outcome, d.served_on) for d in case.decisions] == [
            (RG, POS, D(2026, 3, 24)),
            (CG, POS, D(2026, 5, 6)),
        ]
        assert available_events(case) == (EventKind.RE_REFERRED,)

    def test_combined_negative_needs_review_then_served(self):
        case = run(
            pilot_case(),
            CombinedDecisionMade(D(2026, 3, 20), cg_outcome=NEG, by=PANEL, panel=VALID),
        )
        assert case.state is State.COMBINED_CG_NEGATIVE_DECIDED
        with pytest.raises(TransitionRefused) as info:
            apply(case, DecisionServed(D(2026, 3, 21)))
        # Both the positive RG and the negative CG need the SCA's review (FR Guide 2025 §12).
        assert info.value.codes == (
            "negative-pilot-decision-not-reviewed",
            "positive-pilot-decision-not-reviewed",
        )
        case = run(case, ScaReviewAgreed(D(2026, 3, 25)), DecisionServed(D(2026, 3, 27)))
        assert case.state is State.CG_NEGATIVE
        assert all(d.sca_reviewed_on == D(2026, 3, 25) for d in case.decisions)
        assert [d.stage for d in case.decisions] == [RG, CG]

    def test_returned_review_goes_back_to_the_panel(self):
        case = run(
            pilot_case(),
            DecisionMade(D(2026, 3, 20), stage=RG, outcome=NEG, by=PANEL, panel=VALID),
            ScaReviewReturned(D(2026, 3, 25)),
        )
        assert case.state is State.AWAITING_RG
        assert case.decisions == ()
        assert len(case.history) == 3

    def test_sca_case_with_reconsideration(self):
        case = run(
            Case(example_referral()),
            RoutedToSca(D(2026, 3, 3), override=LINKED),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=NEG, by=SCA),
            DecisionServed(D(2026, 3, 9)),
            ReconsiderationRequested(D(2026, 3, 30)),
            ReconsiderationAccepted(D(2026, 4, 8)),
        )
        assert case.state is State.AWAITING_RG
        assert case.decision_maker == SCA

    def test_second_reconsideration_needs_good_reasons(self):
        case = run(
            Case(example_referral()),
            RoutedToSca(D(2026, 3, 3), override=LINKED),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=NEG, by=SCA),
            DecisionServed(D(2026, 3, 9)),
            ReconsiderationRequested(D(2026, 3, 30)),
            ReconsiderationAccepted(D(2026, 4, 8)),
            DecisionMade(D(2026, 4, 20), stage=RG, outcome=NEG, by=SCA),
            DecisionServed(D(2026, 4, 20)),
        )
        with pytest.raises(TransitionRefused) as info:
            apply(case, ReconsiderationRequested(D(2026, 5, 1)))
        assert info.value.codes == ("further-reconsideration-needs-reasons",)
        again = apply(case, ReconsiderationRequested(D(2026, 5, 1), "new evidence"))
        assert again.state is State.RG_RECONSIDERATION_REQUESTED

    def test_transfer_keeps_the_stage_and_changes_the_decision_maker(self):
        reason = Reason("age-disputed", message="the child's age is now disputed")
        case = run(pilot_case(), TransferredToSca(D(2026, 3, 10), (reason,)))
        assert case.state is State.AWAITING_RG
        assert case.decision_maker == SCA
        with pytest.raises(TransitionRefused) as info:
            apply(case, TransferredToSca(D(2026, 3, 11), (reason,)))
        assert info.value.codes == ("transfer-not-from-pilot",)

    def test_suspension_and_turning_eighteen(self):
        case = run(
            pilot_case(),
            Suspended(D(2026, 4, 1), SuspensionReason.CHILD_MISSING),
            Resumed(D(2026, 6, 1)),
        )
        assert case.state is State.AWAITING_RG
        with pytest.raises(TransitionRefused) as info:
            apply(case, TurnedEighteen(D(2028, 5, 16)))
        assert info.value.codes == ("not-yet-eighteen",)
        case = run(case, TurnedEighteen(D(2028, 5, 17)))
        assert case.state is State.AWAITING_CONSENT_AT_RG
        case = run(case, ConsentedToContinue(D(2028, 5, 20)))
        assert case.state is State.AWAITING_RG
        with pytest.raises(TransitionRefused) as info:
            apply(case, TurnedEighteen(D(2028, 6, 1)))
        assert info.value.codes == ("turned-eighteen-already-recorded",)
        with pytest.raises(TransitionRefused) as info:
            apply(case, Withdrawn(D(2028, 6, 2)))
        assert info.value.codes == ("withdrawal-needs-reason",)
        assert run(case, Withdrawn(D(2028, 6, 2), WithdrawalReason.OTHER)).state is State.WITHDRAWN

    def test_public_order_disqualification(self):
        case = pilot_case()
        with pytest.raises(TransitionRefused) as info:
            apply(case, PodApplied(D(2026, 3, 4), PodGround.BAD_FAITH))
        assert set(info.value.codes) == {"pod-not-under-consideration", "pod-requires-positive-rg"}
        case = run(case, PodConsidered(D(2026, 3, 4)))
        assert case.pod_status is PodStatus.UNDER_CONSIDERATION
        assert EventKind.POD_CONSIDERED not in available_events(case)

    def test_illegal_migration_act_s29_is_a_prospective_what_if(self):
        # IMA 2023 s.29, kept by the Border Security, Asylum and Immigration Act 2025 but not
        # commenced, would make the disqualification mandatory: a what-if, not the law.
        case = run(pilot_case(), PodConsidered(D(2026, 3, 4)))
        bundled = Rules.bundled()
        assert not bundled.policy.pod_disqualification_mandatory.value_at(D(2026, 3, 4))
        assert run(case, PodNotApplied(D(2026, 3, 5))).pod_status is PodStatus.NOT_APPLIED
        citation = bundled.policy.pod_disqualification_mandatory.values[0].citation
        what_if = bundled.with_value(
            "pod_disqualification_mandatory", True, citation, valid_from=D(2026, 3, 1)
        )
        under_s29 = Case(case.referral, case.history, rules=what_if)
        with pytest.raises(TransitionRefused) as info:
            apply(under_s29, PodNotApplied(D(2026, 3, 5)))
        assert info.value.codes == ("pod-not-applied-needs-reason",)
        assert "Illegal Migration Act 2023" in str(info.value.reasons[0].citation)
        with pytest.raises(TransitionRefused):
            apply(under_s29, PodNotApplied(D(2026, 3, 5), PodNotAppliedReason.DISCRETION))
        allowed = apply(
            under_s29, PodNotApplied(D(2026, 3, 5), PodNotAppliedReason.COMPELLING_CIRCUMSTANCES)
        )
        assert allowed.pod_status is PodStatus.NOT_APPLIED
        # Before the what-if's date the discretion of s.63 applies.
        later_rule = bundled.with_value(
            "pod_disqualification_mandatory", True, citation, valid_from=D(2026, 4, 1)
        )
        early = Case(case.referral, case.history, rules=later_rule)
        assert apply(early, PodNotApplied(D(2026, 3, 5))).pod_status is PodStatus.NOT_APPLIED


class TestRefusals:
    def test_every_failed_guard_is_reported_at_once(self):
        case = run(
            pilot_case(),
            DecisionMade(D(2026, 3, 20), stage=RG, outcome=POS, by=PANEL, panel=VALID),
        )
        with pytest.raises(TransitionRefused) as info:
            apply(case, DecisionServed(D(2026, 3, 1)))
        assert info.value.codes == (
            "event-before-referral",
            "event-before-previous",
            "positive-pilot-decision-not-reviewed",
        )
        assert all(reason.message for reason in info.value.reasons)

    def test_wrong_decision_maker_and_combined_at_sca(self):
        case = apply(Case(example_referral()), RoutedToSca(D(2026, 3, 3), override=LINKED))
        with pytest.raises(TransitionRefused) as info:
            apply(case, CombinedDecisionMade(D(2026, 3, 2), cg_outcome=POS, by=PANEL, panel=VALID))
        assert info.value.codes == (
            "event-before-previous",
            "combined-decision-pilot-only",
            "decision-maker-mismatch",
        )
        reasons = {r.code: r for r in info.value.reasons}
        assert reasons["combined-decision-pilot-only"].citation is not None
        assert "Toolkit" in str(reasons["combined-decision-pilot-only"].citation)

    def test_event_not_allowed_in_state_lists_what_is(self):
        with pytest.raises(TransitionRefused) as info:
            apply(Case(example_referral()), DecisionServed(D(2026, 3, 3)))
        assert info.value.codes[0] == "no-such-transition"
        assert "routed-to-panel" in info.value.reasons[0].message

    def test_refusal_leaves_the_case_unchanged(self):
        case = pilot_case()
        before = (case.history, case.state)
        with pytest.raises(TransitionRefused):
            apply(case, DecisionServed(D(2026, 3, 4)))
        assert (case.history, case.state) == before

    def test_sca_does_not_review_itself(self):
        case = run(
            Case(example_referral()),
            RoutedToSca(D(2026, 3, 3), override=LINKED),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=NEG, by=SCA),
        )
        assert EventKind.SCA_REVIEW_AGREED not in available_events(case)
        with pytest.raises(TransitionRefused) as info:
            apply(case, ScaReviewAgreed(D(2026, 3, 10)))
        assert info.value.codes == ("sca-review-not-applicable",)

    def test_invalid_history_cannot_be_constructed(self):
        with pytest.raises(TransitionRefused) as info:
            Case(example_referral(), [DecisionServed(D(2026, 3, 3))])
        assert info.value.index == 0
        assert "history[0]" in str(info.value)

    def test_apply_rejects_non_events(self):
        with pytest.raises(InvalidTypeError):
            apply(pilot_case(), "decision-served")  # type: ignore[arg-type]

    def test_apply_equals_replay(self):
        case = run(
            pilot_case(), DecisionMade(D(2026, 3, 20), stage=RG, outcome=POS, by=PANEL, panel=VALID)
        )
        replayed = Case(case.referral, case.history)
        assert replayed == case
        assert replayed.state is case.state
        assert replayed.decisions == case.decisions
