"""Properties of routing over generated referrals."""

import datetime as dt

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
    st.sampled_from(["dispute", "pod", "applied", "surrey"]),
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
    else:
        worse = attrs.evolve(referral, safeguarding_authority="E10000030")
    after = route(worse)
    assert not after.in_scope or before.in_scope
    failed_before = {c.location for c in before.checks if not c.passed}
    failed_after = {c.location for c in after.checks if not c.passed}
    if exclusion != "surrey":  # a new authority changes which site rules apply
        assert failed_before <= failed_after
    assert failed_after - failed_before <= {
        "dispute": {"age-determined"},
        "pod": {"no-pod"},
        "applied": {"no-pod"},
        "surrey": {"pilot-site"},
    }[exclusion] | ({"authority"} if exclusion == "surrey" else set())


@given(referrals(), st.integers(1, 2000))
def test_a_later_referral_is_never_further_from_the_age_cutoff(referral, days):
    # The same child referred later is closer to 18: once outside the age cut-off (or no
    # longer a child), a later referral is outside it too.
    later = attrs.evolve(referral, referred_on=referral.referred_on + dt.timedelta(days=days))
    before = {c.location: c for c in route(referral).checks}
    after = {c.location: c for c in route(later).checks}
    if not before["child"].passed:
        assert not after["child"].passed
    cutoff_before, cutoff_after = before["age-cutoff"], after["age-cutoff"]
    if referral.child.date_of_birth is None:  # the test cannot be made, on either day
        assert {cutoff_before.code, cutoff_after.code} <= {
            "age-cutoff-not-made",
            "pilot-not-started",
        }
        return
    if cutoff_before.code == "within-age-cutoff":
        assert cutoff_after.code == "within-age-cutoff"
    if cutoff_after.code != "pilot-not-started":
        # Once 18, the check says so and gives no count of days (it would date the birthday).
        if "already_18" in dict(cutoff_before.inputs):
            assert "already_18" in dict(cutoff_after.inputs)
        elif "already_18" not in dict(cutoff_after.inputs):
            assert int(dict(cutoff_after.inputs)["days_before_18"]) < (
                int(dict(cutoff_before.inputs).get("days_before_18", 10**6))
            )
