"""The public strategies produce valid values, and valid cases replay."""

import datetime as dt
from collections import deque

from hypothesis import given

from nrm_core import Case, EventKind, State, TransitionRefused, apply, available_events
from nrm_core.states import TERMINAL_STATES
from nrm_core.testing import build_event, cases, example_referral, local_authorities, panels, sites


@given(cases())
def test_generated_cases_replay_to_the_same_state(case):
    assert Case(case.referral, case.history).state is case.state
    # An ended case can only be reconsidered (negatives) or re-referred; a merged one, nothing.
    if case.state in TERMINAL_STATES - {State.RG_NEGATIVE, State.CG_NEGATIVE, State.MERGED}:
        assert available_events(case) == (EventKind.RE_REFERRED,)
    if case.state is State.MERGED:
        assert available_events(case) == ()


@given(sites())
def test_sites_have_a_lead(site):
    assert site.members[0].role.value == "lead"
    assert site.members_on(site.operating.start) == site.members


@given(panels())
def test_panels_have_a_chair(panel):
    assert panel.chair.member_id == panel.chair_id


@given(local_authorities())
def test_local_authorities_are_valid_from_2009(authority):
    assert authority.is_valid_on(authority.valid.start)


def test_every_state_is_reachable_through_apply():
    # Breadth-first search over real cases, applying real events with every guard:
    # stronger than graph reachability, and it proves the stateful test can get anywhere.
    start = Case(example_referral())
    seen = {}
    queue = deque([start])
    visited = set()
    while queue:
        case = queue.popleft()
        key = (case.state, available_events(case), case.pod_status, case.decision_maker)
        if key in visited or len(case.history) > 12:
            continue
        visited.add(key)
        seen.setdefault(case.state, case)
        for kind in available_events(case):
            event = build_event(kind, case, case.last_event_on + dt.timedelta(days=1))
            try:
                queue.append(apply(case, event))
            except TransitionRefused:
                continue
    assert set(seen) == set(State)
