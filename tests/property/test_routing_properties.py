"""Properties of routing over generated referrals."""

import attrs
from hypothesis import given
from hypothesis import strategies as st

from nrm_core import AgeBasis, DecisionMaker, PodStatus, Rules
from nrm_core.eligibility import route
from nrm_core.registry import SiteRegistry
from nrm_core.testing import referrals

SITES = SiteRegistry.bundled()


@given(referrals())
def test_routing_never_raises_and_explains_itself(referral):
    result = route(referral)
    assert len(result.checks) == 6
    assert result.in_scope == (not result.exclusions)
    assert result.decision_maker.is_pilot_panel == result.in_scope


@given(referrals())
def test_outside_every_site_is_always_the_sca(referral):
    result = route(referral, rules=Rules.bundled().with_sites(SiteRegistry(())))
    assert result.decision_maker == DecisionMaker.sca()


@given(
    referrals(),
    st.sampled_from(["dispute", "pod", "applied", "surrey", "later"]),
)
def test_adding_an_exclusion_never_moves_a_child_into_the_pilot(referral, exclusion):
    before = route(referral)
    if exclusion == "dispute":
        worse = attrs.evolve(
            referral, child=attrs.evolve(referral.child, age_basis=AgeBasis.UNCERTAIN)
        )
    elif exclusion == "pod":
        worse = attrs.evolve(referral, pod_status=PodStatus.UNDER_CONSIDERATION)
    elif exclusion == "applied":
        worse = attrs.evolve(referral, pod_status=PodStatus.APPLIED)
    elif exclusion == "surrey":
        worse = attrs.evolve(referral, safeguarding_authority="E10000030")
    else:
        worse = referral
    after = route(worse)
    assert not after.in_scope or before.in_scope
    failed_before = {c.rule for c in before.checks if not c.passed}
    failed_after = {c.rule for c in after.checks if not c.passed}
    if exclusion != "surrey":  # a new authority changes which site rules apply
        assert failed_before <= failed_after
