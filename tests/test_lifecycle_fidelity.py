"""The lifecycle as it really runs (issue: fidelity, item 5)."""

import datetime as dt
import json

import attrs
import pytest

from nrm_core import (
    AgeBasis,
    AgeDisputed,
    Case,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    Outcome,
    ReconsiderationRequested,
    ReReferred,
    RoutedToPanel,
    RoutedToSca,
    ScaReviewAgreed,
    Stage,
    State,
    Suspended,
    TransferredToSca,
    TransitionRefused,
    TurnedEighteen,
    Withdrawn,
    apply,
    deadlines_for,
    to_json,
)
from nrm_core.checks import Finding as Reason
from nrm_core.deadlines import DeadlineStatus
from nrm_core.eligibility import transfer_if_out_of_scope
from nrm_core.errors import InvalidValueError
from nrm_core.events import Merged, RouteOverride, SuspensionReason, WithdrawalReason
from nrm_core.io.validation import validate_data
from nrm_core.samples import example_panel, example_referral

D = dt.date
RG, CG = Stage.REASONABLE_GROUNDS, Stage.CONCLUSIVE_GROUNDS
PANEL = DecisionMaker.panel("P1-01")
SCA = DecisionMaker.sca()
# Turns 18 on 2026-06-01, more than 100 days after the referral of 2026-01-05.
NEAR_18 = attrs.evolve(
    example_referral(),
    referred_on=D(2026, 1, 5),
    child=attrs.evolve(example_referral().child, date_of_birth=D(2008, 6, 1)),
)


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


def run(case, *events):
    for event in events:
        case = apply(case, event)
    return case


def pilot(referral=NEAR_18):
    return apply(Case(referral), RoutedToPanel(referral.referred_on, "P1-01"))


def test_turning_18_while_suspended_asks_for_consent():
    case = run(pilot(), Suspended(D(2026, 3, 1), SuspensionReason.CHILD_MISSING))
    assert run(case, TurnedEighteen(D(2026, 6, 1))).state is State.AWAITING_CONSENT_AT_RG


def test_turning_18_while_a_decision_awaits_review_or_service_is_recorded():
    decided = run(pilot(), DecisionMade(D(2026, 5, 20), stage=RG, outcome=Outcome.POSITIVE,
                                        by=PANEL, panel=example_panel()))  # fmt: skip
    turned = run(decided, TurnedEighteen(D(2026, 6, 1)))
    assert turned.state is State.RG_POSITIVE_DECIDED
    assert turned.turned_eighteen_on == D(2026, 6, 1)


def test_turning_18_during_reconsideration():
    case = run(
        apply(Case(NEAR_18), RoutedToSca(D(2026, 1, 5), override=LINKED)),
        DecisionMade(D(2026, 1, 12), stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
        DecisionServed(D(2026, 1, 13)),
        ReconsiderationRequested(D(2026, 2, 1)),
    )
    turned = run(case, TurnedEighteen(D(2026, 6, 1)))
    assert turned.state is State.RG_RECONSIDERATION_REQUESTED
    assert turned.turned_eighteen_on == D(2026, 6, 1)


def test_an_age_dispute_and_a_transfer_can_happen_while_a_decision_awaits_review():
    decided = run(pilot(), DecisionMade(D(2026, 2, 2), stage=RG, outcome=Outcome.NEGATIVE,
                                        by=PANEL, panel=example_panel()))  # fmt: skip
    disputed = run(decided, AgeDisputed(D(2026, 2, 3)))
    assert disputed.age_disputed_on == D(2026, 2, 3)
    transfer = transfer_if_out_of_scope(disputed, D(2026, 2, 4))
    assert transfer is not None
    assert [r.code for r in transfer.reasons] == ["age-disputed-or-uncertain"]
    moved = run(disputed, transfer)
    assert moved.state is State.RG_NEGATIVE_DECIDED
    assert moved.decision_maker == SCA


def test_transfer_still_needs_a_pilot_case():
    case = apply(Case(NEAR_18), RoutedToSca(D(2026, 1, 5), override=LINKED))
    reason = Reason("age-disputed-or-uncertain", message="disputed")
    with pytest.raises(TransitionRefused) as info:
        apply(case, TransferredToSca(D(2026, 1, 6), (reason,)))
    assert info.value.codes == ("transfer-not-from-pilot",)


def test_a_childs_withdrawal_needs_a_reason_and_is_flagged():
    with pytest.raises(TransitionRefused) as info:
        apply(pilot(), Withdrawn(D(2026, 2, 1)))
    assert info.value.codes == ("withdrawal-needs-reason",)
    assert info.value.reasons[0].citation.confidence.value == "unverified"
    withdrawn = apply(pilot(), Withdrawn(D(2026, 2, 1), WithdrawalReason.ON_BEHALF_OF_CHILD))
    assert withdrawn.state is State.WITHDRAWN
    _, problems = validate_data(json.loads(to_json(withdrawn)))
    assert [(p.code, p.severity.value) for p in problems] == [("child-withdrawal", "query")]
    # Declining to continue at 18 is a withdrawal the guidance provides for: not flagged.
    at_18 = run(pilot(), TurnedEighteen(D(2026, 6, 1)))
    with pytest.raises(TransitionRefused) as info:
        apply(at_18, Withdrawn(D(2026, 6, 2), WithdrawalReason.CHILD_REQUEST))
    assert info.value.codes == ("withdrawal-reason-at-18",)
    declined = apply(at_18, Withdrawn(D(2026, 6, 2), WithdrawalReason.DECLINED_AT_18))
    _, problems = validate_data(json.loads(to_json(declined)))
    assert problems == ()


def test_re_referral_after_a_positive_cg_leads_to_a_further_rg_without_a_recovery_period():
    ended = run(
        apply(Case(example_referral()), RoutedToSca(D(2026, 3, 3), override=LINKED)),
        DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 3, 9)),
        DecisionMade(D(2026, 5, 1), stage=CG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 5, 1)),
    )
    assert ended.state is State.CG_POSITIVE
    again = run(
        ended,
        ReReferred(D(2026, 9, 1)),
        RoutedToSca(D(2026, 9, 1), override=LINKED),
        DecisionMade(D(2026, 9, 7), stage=RG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 9, 7)),
    )
    assert again.state is State.AWAITING_CG
    assert again.re_referred_on == D(2026, 9, 1)
    codes = {c.deadline.code for c in deadlines_for(again, D(2026, 9, 10)).checks}
    assert "earliest-cg-decision" not in codes  # NABA 2022 s.62: no further recovery period
    first = deadlines_for(ended.as_of(D(2026, 3, 20)), D(2026, 3, 20))
    assert "earliest-cg-decision" in {c.deadline.code for c in first.checks}


def test_a_second_re_referral_opens_no_recovery_period_for_the_first_ones_further_rg():
    # The further RG after the first re-referral opened none (NABA 2022 s.62); a second
    # re-referral must not make it open one: its CG, made lawfully five days later, was
    # reported as a missed earliest-CG date.
    again = run(
        Case(example_referral()),
        RoutedToSca(D(2026, 3, 3), override=LINKED),
        DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 3, 9)),
        DecisionMade(D(2026, 5, 1), stage=CG, outcome=Outcome.NEGATIVE, by=SCA),
        DecisionServed(D(2026, 5, 1)),
        ReReferred(D(2026, 7, 1)),
        RoutedToSca(D(2026, 7, 1), override=LINKED),
        DecisionMade(D(2026, 7, 6), stage=RG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 7, 6)),
        DecisionMade(D(2026, 7, 11), stage=CG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 7, 11)),
        ReReferred(D(2026, 9, 1)),
        RoutedToSca(D(2026, 9, 1), override=LINKED),
    )
    statuses = {c.deadline.code: c.status for c in deadlines_for(again, D(2026, 9, 2)).checks}
    assert "earliest-cg-decision" not in statuses
    assert statuses["rg-decision-due"] is DeadlineStatus.MET


def test_a_duplicate_referral_is_merged_into_another_and_ends():
    merged = apply(pilot(), Merged(D(2026, 1, 6), "R-OTHER-1"))
    assert merged.state is State.MERGED
    assert merged.state.is_terminal
    with pytest.raises(TransitionRefused) as info:
        apply(pilot(), Merged(D(2026, 1, 6), NEAR_18.referral_id))
    assert info.value.codes == ("merged-into-itself",)
    with pytest.raises(TransitionRefused):
        apply(merged, ReReferred(D(2026, 9, 1)))


def test_review_of_a_pending_decision_still_works_after_turning_18():
    decided = run(pilot(), DecisionMade(D(2026, 5, 20), stage=RG, outcome=Outcome.POSITIVE,
                                        by=PANEL, panel=example_panel()))  # fmt: skip
    case = run(decided, TurnedEighteen(D(2026, 6, 1)), ScaReviewAgreed(D(2026, 6, 2)))
    assert run(case, DecisionServed(D(2026, 6, 3))).state is State.AWAITING_CG


def test_no_transfer_is_offered_for_an_ended_case_or_a_day_before_the_referral():
    # A withdrawn case was offered a transfer that apply() then refused; a day before the
    # referral gave one too.
    case = pilot()
    disputed = transfer_if_out_of_scope(case, D(2026, 2, 1), age_basis=AgeBasis.DISPUTED)
    assert disputed is not None
    withdrawn = apply(case, Withdrawn(D(2026, 2, 1), WithdrawalReason.CHILD_REQUEST))
    assert transfer_if_out_of_scope(withdrawn, D(2026, 2, 2), age_basis=AgeBasis.DISPUTED) is None
    with pytest.raises(InvalidValueError, match="before the referral date"):
        transfer_if_out_of_scope(case, case.referral.referred_on - dt.timedelta(days=1))
    # A day before the last event (the case was open then, but a transfer cannot be
    # recorded before what is already recorded): refused, not offered.
    with pytest.raises(InvalidValueError, match="before the case's last event"):
        transfer_if_out_of_scope(withdrawn, D(2026, 1, 31), age_basis=AgeBasis.DISPUTED)
