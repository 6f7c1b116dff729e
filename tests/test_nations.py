"""Scotland and Northern Ireland get their own law (issue: four nations)."""

import datetime as dt
import json

import attrs
import pytest

from nrm_core import (
    Case,
    FirstResponder,
    FirstResponderOrganisation,
    Nation,
    PanelMember,
    PanelRole,
    Policy,
    Rules,
    check_panel,
    route,
    to_json,
)
from nrm_core.io.validation import validate_data
from nrm_core.samples import example_panel, example_referral

D = dt.date


ON = D(2026, 3, 2)


def referral(code, nation, on=ON, **changes):
    base = example_referral()
    responder = FirstResponder(FirstResponderOrganisation.POLICE, nation=nation)
    return attrs.evolve(
        base, safeguarding_authority=code, referred_on=on, first_responder=responder, **changes
    )


@pytest.mark.parametrize(
    ("code", "nation", "act", "section"),
    [
        (
            "S12000049",
            Nation.SCOTLAND,
            "Human Trafficking and Exploitation (Scotland) Act 2015",
            "s.12",
        ),
        (
            "S12000036",
            Nation.SCOTLAND,
            "Human Trafficking and Exploitation (Scotland) Act 2015",
            "s.12",
        ),
        ("N92000002", Nation.NORTHERN_IRELAND, "(Northern Ireland) 2015", "s.25(3)"),
        ("W06000015", Nation.WALES, "Modern Slavery Act 2015", "s.51"),
    ],
)
def test_the_age_presumption_is_the_nations_own(code, nation, act, section):
    # Glasgow (S12000049), Edinburgh (S12000036), Northern Ireland and Cardiff.
    result = route(referral(code, nation))
    child = next(c for c in result.checks if c.location == "child")
    assert act in child.citation.source.title
    assert child.citation.section == section


def test_a_northern_ireland_trust_fills_both_social_care_and_health():
    trust = PanelMember("HSC-1", role=PanelRole.HSC_TRUST, organisation="Belfast HSC Trust")
    police = PanelMember("PSNI-1", role=PanelRole.POLICE, organisation="PSNI")
    other = PanelMember("EDU-1", role=PanelRole.EDUCATION, organisation="Education Authority")
    site_id = next(
        s.site_id for s in Rules.bundled().sites.sites if s.nation is Nation.NORTHERN_IRELAND
    )
    panel = attrs.evolve(example_panel(site_id), members=(trust, police, other), chair_id="HSC-1")
    assert check_panel(panel, "R-1", D(2026, 3, 20)) == ()
    # The same members at an English site miss two partners.
    english = attrs.evolve(panel, site_id="P1-04")
    codes = [r.code for r in check_panel(english, "R-1", D(2026, 3, 20))]
    assert codes == ["missing-local-authority-childrens-social-care", "missing-health"]


def test_the_guardian_is_named_for_the_nation():
    glasgow = attrs.evolve(example_panel("P1-02"), child_has_ictg=True, ictg_invited=False)
    (reason,) = check_panel(glasgow, "R-1", D(2026, 3, 20))
    assert "Scottish Guardianship Service" in reason.message
    assert reason.citation.section == "s.11"
    cardiff = attrs.evolve(example_panel("P1-01"), child_has_ictg=True, ictg_invited=False)
    (reason,) = check_panel(cardiff, "R-1", D(2026, 3, 20))
    assert "Independent Child Trafficking Guardian" in reason.message


def test_scotland_and_northern_ireland_have_their_support_periods():
    recovery = Policy.bundled().recovery_period
    assert recovery.value_at(D(2026, 1, 5), Nation.SCOTLAND).amount == 90
    assert recovery.at(D(2026, 1, 5), Nation.SCOTLAND).citation.source.key == "S58"
    assert recovery.value_at(D(2018, 3, 31), Nation.SCOTLAND).amount == 45
    assert recovery.value_at(D(2026, 1, 5), Nation.NORTHERN_IRELAND).amount == 45
    assert recovery.value_at(D(2026, 1, 5), Nation.WALES).amount == 30


def test_the_form_changed_its_organisations_on_26_march_2026():
    ukvi = FirstResponderOrganisation.UK_VISAS_AND_IMMIGRATION
    assert ukvi.listed(D(2026, 3, 25), Nation.ENGLAND)
    assert not ukvi.listed(D(2026, 3, 26), Nation.ENGLAND)
    fwa = FirstResponderOrganisation.FAIR_WORK_AGENCY
    assert not fwa.listed(D(2026, 3, 25), Nation.ENGLAND)
    assert fwa.listed(D(2026, 3, 26), Nation.ENGLAND)
    assert FirstResponderOrganisation.HSC_TRUST.listed(D(2026, 1, 5), Nation.NORTHERN_IRELAND)
    assert not FirstResponderOrganisation.HSC_TRUST.listed(D(2026, 1, 5), Nation.WALES)
    late = referral("W06000015", Nation.WALES, on=D(2026, 4, 1))
    late = attrs.evolve(late, first_responder=FirstResponder(ukvi, nation=Nation.WALES))
    _, problems = validate_data(json.loads(to_json(Case(late))))
    (query,) = [p for p in problems if p.code == "first-responder-not-listed"]
    assert query.severity.value == "query"
    assert query.path == "$.referral.first_responder.organisation"
