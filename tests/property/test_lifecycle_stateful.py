"""Stateful test: random event sequences keep the lifecycle's invariants."""

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from nrm_core import Case, TransitionRefused, apply
from nrm_core.testing import next_events, referrals


class LifecycleMachine(RuleBasedStateMachine):
    case: Case

    @initialize(referral=referrals())
    def start(self, referral):
        self.case = Case(referral)
        self.accepted = 0

    @rule(data=st.data(), valid=st.booleans())
    def apply_event(self, data, valid):
        before = self.case
        event = data.draw(next_events(before, valid=valid))
        refusal = None
        try:
            after = apply(before, event)
        except TransitionRefused as error:
            refusal = error
        if refusal is not None:
            assert refusal.reasons, "a refusal always says why"
            assert self.case is before
            assert self.case.history == before.history
            return
        assert after.history[:-1] == before.history, "history only grows, by one"
        assert after.history[-1] is event
        assert before.history == self.case.history, "the old case is unchanged"
        self.case = after
        self.accepted += 1

    @invariant()
    def dates_never_go_backwards(self):
        dates = [self.case.referral.referred_on] + [event.on for event in self.case.history]
        assert dates == sorted(dates)

    @invariant()
    def state_is_the_fold_of_the_history(self):
        replayed = Case(self.case.referral, self.case.history)
        assert replayed.state is self.case.state
        assert replayed.decisions == self.case.decisions
        assert replayed.decision_maker == self.case.decision_maker
        assert replayed.pod_status is self.case.pod_status

    @invariant()
    def decisions_are_consistent(self):
        for decision in self.case.decisions:
            served_negative = (
                decision.served_on is not None and decision.outcome.value == "negative"
            )
            if served_negative and decision.decided_by.is_pilot_panel:
                assert decision.sca_reviewed_on is not None


TestLifecycle = LifecycleMachine.TestCase
