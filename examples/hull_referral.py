"""A referral for a child in Hull, to a served Reasonable Grounds decision (fictional data)."""

import datetime as dt

import nrm_core as nrm

referred_on, today = dt.date(2026, 5, 4), dt.date(2026, 6, 1)
hull = nrm.AuthorityRegister.bundled().find("Hull", on=referred_on)  # E06000010
child = nrm.Child("C-HULL-0001", date_of_birth=dt.date(2011, 2, 9), age_basis=nrm.AgeBasis.CLAIMED)
police = nrm.FirstResponder(nrm.FirstResponderOrganisation.POLICE, nation=nrm.Nation.ENGLAND)
crime = nrm.Exploitation(
    {nrm.ExploitationType.FORCED_TO_COMMIT_CRIME}, location=nrm.ExploitationLocation.UK
)
referral = nrm.Referral(
    "R-HULL-0001",
    child=child,
    referred_on=referred_on,
    first_responder=police,
    safeguarding_authority=hull.gss_code,
    exploitation=crime,
)
routing = nrm.route(referral)  # who decides, with every reason
print(f"{hull.council_name} ({hull.gss_code}): {routing.decision_maker}")
case = nrm.apply(nrm.Case(referral), routing.to_event())
role = nrm.PanelRole
panel = nrm.Panel(
    site_id="P1-03",  # the pilot site the route named
    members=(
        nrm.PanelMember(
            "LA-1", role=role.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE, organisation="Hull"
        ),
        nrm.PanelMember("POL-1", role=role.POLICE, organisation="Humberside Police"),
        nrm.PanelMember("HEA-1", role=role.HEALTH, organisation="Humber and North Yorkshire ICB"),
    ),
    chair_id="LA-1",
    lead_social_worker_id="SW-1",
    ictg_invited=True,  # the ICTG service is invited to every pilot meeting
)
print("panel problems:", nrm.check_panel(panel, referral.referral_id, dt.date(2026, 5, 20)))
positive = nrm.Outcome.POSITIVE
rg = nrm.DecisionMade(dt.date(2026, 5, 20), stage=nrm.Stage.REASONABLE_GROUNDS, outcome=positive,
                      by=routing.decision_maker, panel=panel)  # fmt: skip
case = nrm.apply(case, rg)
case = nrm.apply(case, nrm.ScaReviewAgreed(dt.date(2026, 5, 22)))  # the SCA reviews it first
case = nrm.apply(case, nrm.DecisionServed(dt.date(2026, 5, 26)))

for check in nrm.deadlines_for(case, today).checks:
    print(f"{check.status.value:8} {check.deadline}")
print("next:", ", ".join(kind.value for kind in nrm.available_events(case)))
print(case.explain(today))
