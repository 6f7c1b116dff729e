"""Stateful test: random event sequences keep the lifecycle's invariants."""

import datetime as dt
import os

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from nrm_core import Case, TransitionRefused, apply, available_events, to_json
from nrm_core.testing import build_event, next_events, referrals


class LifecycleMachine(RuleBasedStateMachine):
    case: Case

    @initialize(referral=referrals())
    def start(self, referral):
        self.case = Case(referral)

    @rule(data=st.data())
    def apply_an_available_event(self, data):
        # An event of an available kind, dated on or after the last one, built with valid
        # fields by the case's decision maker, is accepted: available_events and apply agree.
        before = self.case
        kinds = available_events(before)
        if not kinds:
            return
        kind = data.draw(st.sampled_from(kinds))
        on = before.last_event_on + dt.timedelta(days=data.draw(st.integers(0, 120)))
        snapshot = to_json(before)
        after = apply(before, build_event(kind, before, on))
        assert after.history[:-1] == before.history, "history only grows, by one"
        assert after.history[-1].kind is kind
        assert to_json(before) == snapshot, "the old case is unchanged"
        self.case = after

    @rule(data=st.data())
    def apply_any_event(self, data):
        # Any kind, any date, any decision maker: refused with reasons, or accepted.
        before = self.case
        snapshot = to_json(before)
        event = data.draw(next_events(before, valid=False))
        refusal = None
        try:
            after = apply(before, event)
        except TransitionRefused as error:
            refusal = error
        if refusal is not None:
            assert refusal.reasons, "a refusal always says why"
            assert refusal.codes == tuple(r.code for r in refusal.reasons)
        else:
            assert after.history == (*before.history, event)
            self.case = after
        assert to_json(before) == snapshot, "the old case is unchanged"

    @invariant()
    def dates_never_go_backwards(self):
        dates = [self.case.referral.referred_on] + [event.on for event in self.case.history]
        assert dates == sorted(dates)

    @invariant()
    def state_is_the_fold_of_the_history(self):
        replayed = Case(self.case.referral, self.case.history, rules=self.case.rules)
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
TestLifecycle.settings = settings(
    max_examples=100 if os.environ.get("CI") else 40, stateful_step_count=30, deadline=None
)
