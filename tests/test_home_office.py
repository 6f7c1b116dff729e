"""The Home Office referral form: council names, payloads, the import command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrm_core import AgeBasis, ExploitationType, FirstResponderOrganisation, Nation
from nrm_core.authority import LocalAuthority
from nrm_core.child import age_presumption
from nrm_core.cli import main
from nrm_core.dateranges import DateRange
from nrm_core.io.catalogue import ERROR_CODES
from nrm_core.io.home_office import (
    COMPONENT_KEYS,
    FORM_KEYS,
    UNLISTED_ORGANISATION,
    USED_KEYS,
    CouncilKind,
    council_names,
    normalise_name,
    organisation_for,
    read_submission,
    resolve_council,
)
from nrm_core.policy import DayCount, Duration
from nrm_core.registry import AuthorityRegister
from nrm_core.rules import Rules

DATA = Path(__file__).resolve().parent / "data"
FORM_COUNCILS: list[str] = json.loads((DATA / "home_office_local_authorities.json").read_text())
FORM_ORGANISATIONS: list[str] = json.loads((DATA / "home_office_organisations.json").read_text())
FORM_TYPES: dict[str, dict[str, Any]] = json.loads(
    (DATA / "home_office_exploitation_types.json").read_text()
)
REGISTER_ROWS = list(
    csv.DictReader(
        io.StringIO(
            (
                Path(__file__).parent.parent / "src/nrm_core/data/children_services_authorities.csv"
            ).read_text(encoding="utf-8")
        )
    )
)
COUNCIL_NAME_OF = {row["gss_code"]: row["council_name"] for row in REGISTER_ROWS}
REGISTER = AuthorityRegister.bundled()
ON = dt.date(2026, 1, 1)
REORGANISATIONS = [
    dt.date(2015, 4, 1),  # Northern Ireland: 26 councils become 11
    dt.date(2019, 4, 1),  # Dorset, Bournemouth and Poole; Suffolk; Somerset West and Taunton
    dt.date(2020, 4, 1),  # Buckinghamshire
    dt.date(2021, 4, 1),  # Northamptonshire
    dt.date(2023, 4, 1),  # Cumbria, North Yorkshire, Somerset
]
ERRORS_ALLOWED = {
    "council-abolished-split",
    "council-greater-london-authority",
    "council-combined-authority",
    "council-not-yet-in-existence",
    "council-no-code-on-date",
}

CANARY = "Zq7CANARY"


def payload(**changes: Any) -> dict[str, Any]:
    """A valid child's payload (fictional), with ``changes`` (``None`` removes a key)."""
    base: dict[str, Any] = {
        "NRMOrDuty": "NRM",
        "Type": "560734",
        "AdultOrChild": "Child",
        "Customer.Custom7": "Yes",
        "Customer.DOB": "2011-02-03",
        "Country": "ENG",
        "CountryLabel": "England",
        "Case.Jurisdiction": "ENGLAND",
        "ComponentForcedCrime": "Yes",
        "ExploitationLocationPresented": "UK",
        "LocalAuthority": "Kent County Council",
        "Agent.Organisation": "Kent Police",
        "ExternalId": "0f0e2f5c-9a43-4c1b-8d0e-111111111111",
    }
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def codes(result: Any) -> list[str]:
    return [p.code for p in result.problems]


# -- the council-name table -------------------------------------------------------------------


def test_the_table_holds_exactly_the_forms_451_names():
    names = [entry.name for entry in council_names()]
    assert len(FORM_COUNCILS) == 451
    assert sorted(names) == sorted(FORM_COUNCILS)
    assert len({normalise_name(n) for n in names}) == 451  # no two collide when normalised


def test_children_services_names_are_the_registers_authorities():
    aliases = {"Doncaster Metropolitan Borough Council", "Bournemouth"}  # former names
    for entry in council_names():
        if entry.kind is not CouncilKind.CHILDREN_SERVICES:
            continue
        assert entry.codes, entry.name
        for code in entry.codes:
            assert code in REGISTER, entry.name
            if entry.name not in aliases:
                assert normalise_name(COUNCIL_NAME_OF[code]) == normalise_name(entry.name)


def test_districts_name_a_county_in_use_for_their_whole_life_and_a_successor_after():
    for entry in council_names():
        if entry.kind is not CouncilKind.DISTRICT:
            continue
        (county,) = entry.codes
        assert county.startswith("E10"), entry.name  # a county council
        start, last = entry.existed.start, entry.existed.last_day
        assert start is not None
        assert REGISTER.get(county).is_valid_on(start), entry.name
        if last is None:
            assert REGISTER.get(county).is_valid_on(ON), entry.name
            assert entry.successor is None
        else:
            assert REGISTER.get(county).is_valid_on(last), entry.name
            assert entry.successor is not None
            assert REGISTER.get(entry.successor).is_valid_on(last + dt.timedelta(days=1))
            assert entry.became  # what it became, in words


def test_each_original_district_follows_its_county_in_the_forms_own_list():
    """An independent check of the district-to-county mapping: the form lists each county
    council followed by its districts."""
    county_of_name = {}
    current = None
    for name in FORM_COUNCILS:
        if name.endswith("County Council") and name in COUNCIL_NAME_OF.values():
            current = name
        county_of_name[name] = current
    checked = 0
    for entry in council_names():
        if entry.kind is CouncilKind.DISTRICT and entry.existed.start == dt.date(2009, 1, 1):
            assert county_of_name[entry.name] == COUNCIL_NAME_OF[entry.codes[0]], entry.name
            checked += 1
    assert checked == 200


def test_counts_by_kind():
    kinds = [entry.kind for entry in council_names()]
    assert kinds.count(CouncilKind.CHILDREN_SERVICES) == 207
    assert kinds.count(CouncilKind.DISTRICT) == 203
    assert kinds.count(CouncilKind.COMBINED_AUTHORITY) == 7
    assert kinds.count(CouncilKind.GREATER_LONDON_AUTHORITY) == 1
    assert kinds.count(CouncilKind.NORTHERN_IRELAND) == 33


@pytest.mark.parametrize(
    "on",
    [ON] + [day + dt.timedelta(days=delta) for day in REORGANISATIONS for delta in (-1, 0)],
    ids=str,
)
def test_every_name_resolves_or_is_a_documented_error(on):
    for name in FORM_COUNCILS:
        result = resolve_council(name, on)
        assert result.name == name
        errors = [p for p in result.problems if p.severity.value == "error"]
        if result.code is None:
            assert len(errors) == 1, name
            assert errors[0].code in ERRORS_ALLOWED, name
        else:
            assert not errors, name
            assert REGISTER.lookup(result.code, on).valid, (name, result.code)
        for problem in result.problems:
            assert problem.citation is not None, (name, problem.code)


def test_the_errors_on_1_january_2026_are_exactly_the_documented_ones():
    errors = {
        name: resolve_council(name, ON).problems[0].code
        for name in FORM_COUNCILS
        if resolve_council(name, ON).code is None
    }
    combined = [e.name for e in council_names() if e.kind is CouncilKind.COMBINED_AUTHORITY]
    assert errors == {
        "Cumbria County Council": "council-abolished-split",
        "Northamptonshire County Council": "council-abolished-split",
        "Greater London Authority": "council-greater-london-authority",
        **dict.fromkeys(combined, "council-combined-authority"),
    }


def test_a_current_authority_resolves_to_itself_with_no_problem():
    result = resolve_council("Kent County Council", ON)
    assert (result.code, result.problems) == ("E10000016", ())
    assert resolve_council("Glasgow City Council", dt.date(2019, 3, 31)).code == "S12000046"
    assert resolve_council("Glasgow City Council", dt.date(2019, 4, 1)).code == "S12000049"


def test_a_district_resolves_to_its_county_with_a_query():
    result = resolve_council("Canterbury City Council", ON)
    assert result.code == "E10000016"
    (problem,) = result.problems
    assert (problem.code, problem.severity.value) == ("council-is-district", "query")
    assert "Kent County Council (E10000016)" in problem.message
    assert "Children Act 2004" in str(problem.citation)


def test_an_abolished_district_resolves_to_its_one_successor_on_the_day_after():
    before = resolve_council("Aylesbury Vale District Council", dt.date(2020, 3, 31))
    after = resolve_council("Aylesbury Vale District Council", dt.date(2020, 4, 1))
    assert (before.code, codes(before)) == ("E10000002", ["council-is-district"])
    assert (after.code, codes(after)) == ("E06000060", ["council-abolished"])
    assert "SI 2019/957" in str(after.problems[0].citation)
    assert "Buckinghamshire Council (E06000060)" in after.problems[0].message


def test_a_district_merged_into_another_district_follows_the_county_through_later_changes():
    # Taunton Deane -> Somerset West and Taunton (2019, Somerset County Council kept children's
    # services) -> Somerset Council (2023).
    assert resolve_council("Taunton Deane Borough Council", dt.date(2020, 1, 1)).code == "E10000027"
    later = resolve_council("Taunton Deane Borough Council", ON)
    assert later.code == "E06000066"
    assert "Somerset West and Taunton Council" in later.problems[0].message
    cumbrian = resolve_council("Eden District Council", ON)
    assert cumbrian.code == "E06000064"  # a split county: the district says which half


def test_an_abolished_authority_with_several_successors_is_an_error_naming_them():
    result = resolve_council("Northamptonshire County Council", dt.date(2021, 4, 1))
    assert result.code is None
    (problem,) = result.problems
    assert problem.code == "council-abolished-split"
    assert "North Northamptonshire Council (E06000061)" in problem.message
    assert "West Northamptonshire Council (E06000062)" in problem.message
    assert resolve_council("Northamptonshire County Council", dt.date(2021, 3, 31)).code == (
        "E10000021"
    )


def test_an_abolished_authority_with_one_successor_resolves_to_it_with_a_query():
    result = resolve_council("Dorset County Council", ON)
    assert (result.code, codes(result)) == ("E06000059", ["council-abolished"])
    assert "Christchurch" in result.problems[0].message  # the part that went elsewhere
    assert resolve_council("Bournemouth", ON).code == "E06000058"


def test_the_greater_london_authority_and_combined_authorities_are_errors():
    gla = resolve_council("Greater London Authority", ON)
    assert (gla.code, codes(gla)) == (None, ["council-greater-london-authority"])
    combined = resolve_council("Tees Valley Combined Authority", ON)
    assert (combined.code, codes(combined)) == (None, ["council-combined-authority"])
    assert "Middlesbrough Borough Council (E06000002)" in combined.problems[0].message


def test_northern_ireland_councils_resolve_to_the_country_code_with_a_query():
    for name, day in (
        ("Belfast City Council", ON),
        ("Derry City Council", ON),  # replaced in 2015: still Northern Ireland
        ("Mid Ulster District Council", dt.date(2015, 3, 31)),
    ):
        result = resolve_council(name, day)
        assert (result.code, codes(result)) == ("N92000002", ["council-northern-ireland"])
    assert (
        "Derry City and Strabane" in resolve_council("Derry City Council", ON).problems[0].message
    )


def test_a_council_created_later_did_not_exist_before():
    result = resolve_council("East Suffolk Council", dt.date(2019, 3, 31))
    assert (result.code, codes(result)) == (None, ["council-not-yet-in-existence"])
    assert resolve_council("East Suffolk Council", dt.date(2019, 4, 1)).code == "E10000029"


@pytest.mark.parametrize(
    "variant",
    [
        "kent county council",
        "  KENT   County\tCouncil ",
        "The Kent County Council",
        "the kent county council",
    ],
)
def test_matching_ignores_case_spacing_and_a_leading_the(variant):
    assert resolve_council(variant, ON).code == "E10000016"


def test_matching_treats_ampersand_and_and_alike_and_scottish_names_without_the():
    assert resolve_council("Telford and Wrekin Council", ON).code == "E06000020"
    assert resolve_council("London Borough of Hammersmith and Fulham", ON).code == "E09000013"
    assert resolve_council("Aberdeen City Council", ON).code == "S12000033"
    assert resolve_council("Borough Council of King\u2019s Lynn and West Norfolk", ON).code == (
        "E10000020"
    )


def test_an_unknown_name_is_an_error_with_a_suggestion_and_never_echoed():
    result = resolve_council(f"Kent County Councl {CANARY}"[:20], ON)
    assert result.code is None
    (problem,) = result.problems
    assert problem.code == "council-not-recognised"
    assert "did you mean 'Kent County Council'?" in problem.message
    hostile = resolve_council(CANARY + "x" * 10_000, ON)
    assert codes(hostile) == ["council-not-recognised"]
    assert CANARY not in repr(hostile)
    for value in (None, 3, ["Kent County Council"], "", "   "):
        assert codes(resolve_council(value, ON)) == ["council-not-recognised"]


def test_resolution_follows_the_rules_authority_register():
    """A reorganisation in your own register (here: Surrey split, as planned for 2027) is
    followed without a change to the name table."""
    surrey = REGISTER.get("E10000030")
    split = LocalAuthority(
        "E10000030",
        name="Surrey",
        nation=Nation.ENGLAND,
        valid=DateRange.from_last_day(surrey.valid.start, dt.date(2027, 3, 31)),
        replaced_by=("E06000098", "E06000099"),
    )
    new = [
        LocalAuthority(code, name=name, nation=Nation.ENGLAND, valid=DateRange(dt.date(2027, 4, 1)))
        for code, name in (("E06000098", "East Surrey"), ("E06000099", "West Surrey"))
    ]
    authorities = AuthorityRegister(
        (*tuple(a for a in REGISTER.authorities if a.gss_code != "E10000030"), split, *new)
    )
    rules = Rules.bundled().with_authorities(authorities)
    day = dt.date(2027, 4, 1)
    assert resolve_council("Surrey County Council", day).code == "E10000030"  # bundled rules
    result = resolve_council("Surrey County Council", day, rules=rules)
    assert (result.code, codes(result)) == (None, ["council-abolished-split"])
    district = resolve_council("Woking Borough Council", day, rules=rules)
    assert (district.code, codes(district)) == (None, ["council-abolished-split"])
    assert "East Surrey" in district.problems[0].message


# -- payloads -------------------------------------------------------------------------------


def test_a_full_payload_reads_into_a_referral():
    result = read_submission(payload(), submitted_on=dt.date(2026, 5, 1))
    referral = result.referral
    assert result.valid
    assert codes(result) == []
    assert referral.referral_id == "0f0e2f5c-9a43-4c1b-8d0e-111111111111"
    assert referral.child.child_id == referral.referral_id
    assert referral.child.date_of_birth == dt.date(2011, 2, 3)
    assert referral.child.age_basis is AgeBasis.CLAIMED
    assert referral.referred_on == dt.date(2026, 5, 1)
    assert referral.first_responder.organisation is FirstResponderOrganisation.POLICE
    assert referral.first_responder.nation is Nation.ENGLAND
    assert referral.safeguarding_authority == "E10000016"
    assert referral.exploitation.types == {ExploitationType.FORCED_TO_COMMIT_CRIME}


def test_referral_and_child_ids_can_be_given():
    result = read_submission(
        payload(ExternalId=None), submitted_on=ON, referral_id="R-1", child_id="C-1"
    )
    assert (result.referral.referral_id, result.referral.child.child_id) == ("R-1", "C-1")
    assert "form-required-missing" in codes(
        read_submission(payload(ExternalId=None), submitted_on=ON)
    )
    bad = read_submission(payload(ExternalId="not an id!"), submitted_on=ON)
    assert "invalid-identifier" in codes(bad)


@pytest.mark.parametrize("key", sorted(COMPONENT_KEYS))
def test_each_checkbox_means_the_type_its_label_says(key):
    data = {**payload(ComponentForcedCrime=None), key: "Yes"}
    (kind,) = read_submission(data, submitted_on=ON).referral.exploitation.types
    assert kind is COMPONENT_KEYS[key]
    assert kind.label == FORM_TYPES[kind.form_key]["label"]


def test_the_child_exploitation_checkbox_is_child_sexual_exploitation():
    result = read_submission(
        payload(ComponentForcedCrime=None, ComponentChildExploitation="Yes"), submitted_on=ON
    )
    assert result.referral.exploitation.types == {ExploitationType.CHILD_SEXUAL_EXPLOITATION}
    assert FORM_TYPES["child-exploitation"]["label"] == "Child sexual exploitation"


def test_every_checkbox_of_the_form_is_read():
    assert len(COMPONENT_KEYS) == 9  # and "other"
    assert {kind.form_key for kind in COMPONENT_KEYS.values()} | {"other"} == set(FORM_TYPES)
    everything = dict.fromkeys(COMPONENT_KEYS, "Yes")
    result = read_submission(payload(ExploitationOther=CANARY, **everything), submitted_on=ON)
    assert result.referral.exploitation.types == set(ExploitationType)
    assert CANARY not in repr(result)


def test_checkbox_values_other_than_yes():
    assert read_submission(payload(ComponentFraud="No"), submitted_on=ON).valid
    result = read_submission(payload(ComponentFraud="true"), submitted_on=ON)
    assert "form-value-not-allowed" in codes(result)
    none = read_submission(payload(ComponentForcedCrime=None), submitted_on=ON)
    assert "form-no-exploitation-type" in codes(none)
    blank_other = read_submission(payload(ComponentForcedCrime=None, ExploitationOther=" "),
                                  submitted_on=ON)  # fmt: skip
    assert "form-no-exploitation-type" in codes(blank_other)


def test_adult_or_child():
    unknown = read_submission(payload(AdultOrChild="Unknown"), submitted_on=ON)
    assert unknown.valid
    assert unknown.referral.child.age_basis is AgeBasis.UNCERTAIN
    (query,) = [p for p in unknown.problems if p.code == "form-age-uncertain"]
    assert query.citation == age_presumption(Nation.ENGLAND)
    assert (
        codes(read_submission(payload(AdultOrChild="Adult"), submitted_on=ON)).count("form-adult")
        == 1
    )
    assert not read_submission(payload(AdultOrChild="Adult"), submitted_on=ON).valid
    assert "form-required-missing" in codes(read_submission(payload(AdultOrChild=None),
                                                            submitted_on=ON))  # fmt: skip
    assert "form-value-not-allowed" in codes(read_submission(payload(AdultOrChild="child"),
                                                             submitted_on=ON))  # fmt: skip


def test_date_of_birth_missing_unparseable_or_in_conflict():
    # The form's date of birth is optional ("What is their date of birth? (Optional)"): a
    # payload without one is read, with the date of birth unknown (it was refused with
    # form-required-missing before the late-2026 review).
    for blank in (None, ""):
        missing = read_submission(
            payload(Customer__DOB=blank, Customer__Custom7=None), submitted_on=ON
        )
        assert codes(missing) == ["form-date-of-birth-unknown"]
        assert missing.valid
        assert missing.referral is not None
        assert missing.referral.child.date_of_birth is None
        assert "pilot_unknown_birth_date" in missing.problems[0].message
    # the test it names is the rules' own: the cut-off is a policy value ("100 days" whatever
    # the rules before), and there is none to count before the pilot's rules began
    assert "more than 100 days before the 18th birthday" in missing.problems[0].message
    citation = Rules.bundled().policy.pilot_age_cutoff.values[0].citation
    longer = Rules.bundled().with_value(
        "pilot_age_cutoff", Duration(120, DayCount.CALENDAR_DAYS), citation
    )
    unknown = payload(Customer__DOB=None, Customer__Custom7=None)
    (problem,) = read_submission(unknown, submitted_on=ON, rules=longer).problems
    assert "more than 120 days before the 18th birthday" in problem.message
    assert "100" not in problem.message
    (early,) = read_submission(unknown, submitted_on=dt.date(2020, 1, 6)).problems
    assert "the pilot's age cut-off test (" in early.message
    claimed = read_submission(payload(Customer__DOB=None, Customer__Custom7="Yes"), submitted_on=ON)
    assert "Customer.Custom7 says one was given" in claimed.problems[0].message
    for text in ("03/02/2011", "2011-02-30", "20110203", CANARY):
        bad = read_submission(payload(Customer__DOB=text), submitted_on=ON)
        assert "form-date-of-birth-invalid" in codes(bad), text
        assert text not in repr(bad)
    adult = read_submission(payload(Customer__DOB="2000-01-01"), submitted_on=ON)
    assert "form-age-conflict" in codes(adult)  # the form said under 18
    unborn = read_submission(payload(Customer__DOB="2027-01-01"), submitted_on=ON)
    assert codes(unborn)[0] == "referred-before-birth"
    assert unborn.problems[0].path == '$["Customer.DOB"]'  # the key to fix, not "$"
    assert unborn.referral is None


@pytest.mark.parametrize(
    ("keys", "nation"),
    [
        ({"Country": "WAL"}, Nation.WALES),
        ({"CountryLabel": "Scotland"}, Nation.SCOTLAND),
        ({"Case.Jurisdiction": "NORTHERNIRELAND"}, Nation.NORTHERN_IRELAND),
    ],
)
def test_the_referring_nation_from_any_of_its_three_keys(keys, nation):
    changes = {"Country": None, "CountryLabel": None, "Case__Jurisdiction": None}
    changes.update({key.replace(".", "__"): value for key, value in keys.items()})
    result = read_submission(payload(**changes), submitted_on=ON)
    assert result.referral.first_responder.nation is nation


def test_the_nation_keys_must_agree_and_be_present():
    conflict = read_submission(payload(Case__Jurisdiction="WALES"), submitted_on=ON)
    assert "form-nation-conflict" in codes(conflict)
    absent = payload(Country=None, CountryLabel=None, Case__Jurisdiction=None)
    assert "form-required-missing" in codes(read_submission(absent, submitted_on=ON))


def test_every_listed_organisation_maps_and_unknown_names_are_other_with_a_query():
    assert len(FORM_ORGANISATIONS) == 526
    for name in FORM_ORGANISATIONS:
        assert organisation_for(name) is not None, name
    assert organisation_for("Metropolitan Police Service") is FirstResponderOrganisation.POLICE
    assert organisation_for("Antrim and Newtonabbey Borough Council") is (
        FirstResponderOrganisation.LOCAL_AUTHORITY
    )
    assert organisation_for("Home Office - Asylum Group - Other") is (
        FirstResponderOrganisation.HOME_OFFICE_ASYLUM_GROUP
    )
    listed_other = read_submission(payload(Agent__Organisation="Youth Work Alliance"),
                                   submitted_on=ON)  # fmt: skip
    assert listed_other.referral.first_responder.other_name == "Youth Work Alliance"
    assert "first-responder-not-listed" not in codes(listed_other)
    unknown = read_submission(payload(Agent__Organisation="Acme  Youth Project"), submitted_on=ON)
    assert unknown.valid
    assert unknown.referral.first_responder.organisation is FirstResponderOrganisation.OTHER
    # Free text is never copied (a child's name has been typed there): a fixed name instead.
    assert unknown.referral.first_responder.other_name == UNLISTED_ORGANISATION
    assert "first-responder-not-listed" in codes(unknown)


def test_uk_visas_and_immigration_after_the_list_changed_is_a_query():
    name = "Home Office - UK Visas and Immigration UKVI"
    before = read_submission(payload(Agent__Organisation=name), submitted_on=dt.date(2026, 3, 25))
    after = read_submission(payload(Agent__Organisation=name), submitted_on=dt.date(2026, 3, 26))
    assert before.referral.first_responder.organisation is (
        FirstResponderOrganisation.UK_VISAS_AND_IMMIGRATION
    )
    assert "first-responder-not-listed" not in codes(before)
    assert "first-responder-not-listed" in codes(after)


def test_the_council_is_resolved_on_the_submission_day():
    result = read_submission(payload(LocalAuthority="Wycombe District Council"), submitted_on=ON)
    assert result.referral.safeguarding_authority == "E06000060"
    (problem,) = [p for p in result.problems if p.code == "council-abolished"]
    assert problem.path == "$.LocalAuthority"
    gla = read_submission(payload(LocalAuthority="Greater London Authority"), submitted_on=ON)
    assert gla.referral is None
    assert "council-greater-london-authority" in codes(gla)


def test_northern_ireland_referral_without_a_council_is_northern_ireland():
    result = read_submission(payload(Country="NI", CountryLabel=None, Case__Jurisdiction=None,
                                     LocalAuthority=None), submitted_on=ON)  # fmt: skip
    assert result.referral.safeguarding_authority == "N92000002"
    assert codes(result) == ["council-northern-ireland"]
    england = read_submission(payload(LocalAuthority=None), submitted_on=ON)
    assert "form-required-missing" in codes(england)


def test_duty_to_notify_and_type_codes():
    dtn = read_submission(payload(NRMOrDuty="DTN", Type="662265"), submitted_on=ON)
    assert "form-duty-to-notify" in codes(dtn)
    assert dtn.referral is None
    mismatch = read_submission(payload(Type="662265"), submitted_on=ON)
    # Refused with one clear problem, which says the two keys disagree (it was two problems).
    assert codes(mismatch) == ["form-duty-to-notify"]
    assert "NRMOrDuty says NRM" in mismatch.problems[0].message
    # the rule is the guidance's (the form's code only carries the answer)
    for refused in (dtn, mismatch):
        citation = refused.problems[0].citation
        assert citation is not None
        assert (citation.source.key, citation.section) == ("S1", "§4")
        assert citation.confidence.value == "verified"
    assert read_submission(payload(NRMOrDuty=None, Type=None), submitted_on=ON).valid


def test_exploitation_location():
    for value, expected in (("UK", "uk"), ("OVERSEAS", "overseas"), ("BOTH", "both")):
        result = read_submission(payload(ExploitationLocationPresented=value), submitted_on=ON)
        assert result.referral.exploitation.location.value == expected
    missing = read_submission(payload(ExploitationLocationPresented=None), submitted_on=ON)
    assert "form-required-missing" in codes(missing)


def test_keys_not_used_are_listed_by_name_never_by_value():
    extra = {"VictimAccount": CANARY, "Customer.Forename1": CANARY, "SurpriseKey": CANARY,
             f"{CANARY} name as a key!": "x"}  # fmt: skip
    result = read_submission({**payload(), **extra}, submitted_on=ON)
    text = " ".join(p.message for p in result.problems)
    assert "VictimAccount" in text
    assert "Customer.Forename1" in text
    # an unknown key is counted, not named (its name may be personal data; a misspelt form
    # key is the exception, see below): SurpriseKey was named until the key names were found
    # to leak (a key such as Aisha_Begum_20100517)
    assert "SurpriseKey" not in text
    assert "2 keys are not keys the form sends and were not read (their names are not" in text
    assert CANARY not in text
    assert CANARY not in repr(result)


def test_every_problem_code_is_in_the_catalogue():
    catalogue = {info.code: info for info in ERROR_CODES}
    for code in (
        "council-not-recognised",
        "council-is-district",
        "council-abolished",
        "council-abolished-split",
        "council-combined-authority",
        "council-greater-london-authority",
        "council-northern-ireland",
        "form-adult",
        "form-age-uncertain",
        "form-keys-not-imported",
        "form-unknown-keys",
    ):
        assert catalogue[code].group == "import"


@pytest.mark.parametrize("key", sorted(USED_KEYS))
@pytest.mark.parametrize("value", [None, "absent"])
def test_each_key_null_or_absent_gives_its_own_problem_never_a_crash(key, value):
    """A payload with one key null (or absent) never raises, and a referral is only missing
    with an error that names a key (a JSON null once crashed the nation keys)."""
    data = payload()
    if value == "absent":
        data.pop(key, None)
    else:
        data[key] = None
    result = read_submission(data, submitted_on=ON)
    assert "form-referral-invalid" not in codes(result)
    if result.referral is None:
        assert any(p.severity.value == "error" and p.path != "$" for p in result.problems), key


def test_all_three_nation_keys_null_is_missing():
    data = payload(Country=None, CountryLabel=None, Case__Jurisdiction=None)
    data["Country"] = None  # present, but JSON null
    result = read_submission(data, submitted_on=ON)
    assert result.referral is None
    assert "form-required-missing" in codes(result)


def test_an_nrm_core_case_record_is_refused_with_a_pointer_to_validate():
    from nrm_core.io.interchange import unstructure
    from nrm_core.lifecycle import Case
    from nrm_core.samples import example_referral

    result = read_submission(unstructure(Case(example_referral())), submitted_on=ON)
    assert codes(result) == ["form-is-case-record"]
    assert "nrm-core validate" in result.problems[0].message


def test_not_an_object():
    for value in (None, [], "text", 3, [payload()]):
        result = read_submission(value, submitted_on=ON)
        assert (result.referral, codes(result)) == (None, ["form-not-an-object"])


# -- personal data -------------------------------------------------------------------------


def canary_payload() -> dict[str, Any]:
    """Every personal, narrative and contact key of the form filled with a canary."""
    personal = {key: f"{CANARY}-{key}" for key in FORM_KEYS - USED_KEYS}
    return {**personal, **payload(ExploitationOther=f"{CANARY}-other")}


def test_no_personal_field_reaches_the_referral_the_problems_or_a_repr():
    result = read_submission(canary_payload(), submitted_on=ON)
    assert result.valid
    from nrm_core.io.interchange import to_json
    from nrm_core.lifecycle import Case

    outputs = [repr(result), str(result.referral), to_json(Case(result.referral))]
    outputs += [str(p) for p in result.problems] + [
        json.dumps(p.to_json()) for p in result.problems
    ]
    for text in outputs:
        assert CANARY not in text


def test_no_personal_field_reaches_the_command_output(tmp_path):
    path = tmp_path / "payloads.json"
    broken = {**canary_payload(), "Customer.DOB": f"{CANARY}-dob", "LocalAuthority": CANARY}
    path.write_text(json.dumps([canary_payload(), broken]), encoding="utf-8")
    for form in ("text", "json"):
        out, err = io.StringIO(), io.StringIO()
        status = main(["import", "home-office", str(path), "--submitted-on", "2026-05-01",
                       "--format", form], out=out, err=err)  # fmt: skip
        assert status == 1
        assert CANARY not in out.getvalue() + err.getvalue()
        assert len(out.getvalue().splitlines()) == 1  # the good payload only


# -- hostile payloads ---------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=8,
)  # fmt: skip
known_values = st.sampled_from(
    ["Yes", "No", "Child", "Adult", "Unknown", "ENG", "NI", "UK", "BOTH", "2011-02-03",
     "Kent County Council", "Greater London Authority", "Kent Police", "x" * 5000, ""]
)  # fmt: skip
keys = st.sampled_from(sorted(FORM_KEYS)) | st.text(max_size=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.booleans(),
    changes=st.dictionaries(keys, known_values | json_values, max_size=12),
    removed=st.lists(st.sampled_from(sorted(USED_KEYS)), max_size=4),
)
def test_fuzzed_payloads_give_problems_never_a_traceback(base, changes, removed):
    data = payload() if base else {}
    for key in removed:
        data.pop(key, None)
    data.update(changes)
    result = read_submission(data, submitted_on=ON)
    catalogue = {info.code for info in ERROR_CODES}
    assert all(p.code in catalogue for p in result.problems)
    assert (result.referral is None) or not any(
        p.severity.value == "error" for p in result.problems
    )
    for problem in result.problems:
        assert len(problem.message) < 4000
        for value in data.values():
            if isinstance(value, str) and len(value) > 40 and value.startswith("x"):
                assert value not in problem.message


def test_huge_strings_and_many_keys_are_problems():
    data = payload(LocalAuthority="K" * 5_000_000, Customer__DOB="1" * 100_000)
    data.update({f"k{n}": "v" for n in range(50_000)})
    result = read_submission(data, submitted_on=ON)
    assert {"council-not-recognised", "form-value-too-long", "form-unknown-keys"} <= set(
        codes(result)
    )
    (unknown,) = [p for p in result.problems if p.code == "form-unknown-keys"]
    assert len(unknown.message) < 1000


def test_an_unknown_key_is_named_only_where_it_is_a_misspelt_form_key():
    """A key's name may itself be personal data: only a near miss of a key the form sends
    (a likely typo) is named; the others are counted (their names were listed before)."""
    data = payload()
    data.update({"Aisha_Begum_20100517": "x", "AishaBegum": "y", "Customer.Forname1": "z"})
    result = read_submission(data, submitted_on=ON)
    (unknown,) = [p for p in result.problems if p.code == "form-unknown-keys"]
    assert "Customer.Forname1" in unknown.message
    assert "Aisha" not in unknown.message
    assert "2010" not in unknown.message
    assert "3 keys" in unknown.message
    assert "2 more whose names are not shown" in unknown.message


# -- the command ---------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_import_writes_case_records_that_validate_and_explain(tmp_path):
    source = tmp_path / "payloads.jsonl"
    source.write_text(
        "\n".join(
            json.dumps(payload(ExternalId=f"ext-{n}", LocalAuthority=name))
            for n, name in enumerate(
                ["Kent County Council", "Wycombe District Council", "The Highland Council"]
            )
        ),
        encoding="utf-8",
    )
    target = tmp_path / "cases.jsonl"
    status, out, err = run("import", "home-office", str(source), "--submitted-on", "2026-05-01",
                           "--output", str(target))  # fmt: skip
    assert status == 0, err
    assert out == ""
    assert "Read 3 payloads: 3 imported, 0 not imported" in err
    assert "[council-abolished]" in err
    assert len(target.read_text().splitlines()) == 3
    assert run("validate", str(target))[0] == 0
    status, out, _ = run("explain", str(target), "--case", "ext-2", "--as-of", "2026-05-10")
    assert status == 0
    assert "S12000017" in out  # the Highland Council, routed by the Scottish rules


def test_import_exit_codes_and_file_problems(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    status, out, err = run("import", "home-office", str(bad), "--submitted-on", "2026-05-01")
    assert (status, out) == (1, "")
    assert "invalid-json" in err
    assert run("import", "home-office", str(tmp_path / "none.json"), "--submitted-on",
               "2026-05-01")[0] == 2  # fmt: skip
    wrong = tmp_path / "payload.csv"
    wrong.write_text("a,b\n", encoding="utf-8")
    assert run("import", "home-office", str(wrong), "--submitted-on", "2026-05-01")[0] == 2
    assert run("import", "home-office", str(bad))[0] == 2  # --submitted-on is required


def test_import_refuses_a_repeated_external_id(tmp_path):
    source = tmp_path / "payloads.json"
    source.write_text(json.dumps([payload(), payload()]), encoding="utf-8")
    status, out, err = run("import", "home-office", str(source), "--submitted-on", "2026-05-01",
                           "--format", "json")  # fmt: skip
    assert status == 1
    assert len(out.splitlines()) == 1
    assert "duplicate-referral-id" in err
    summary = json.loads(err.splitlines()[-1])["summary"]
    assert summary["imported"] == 1
    assert summary["invalid"] == 1


def test_import_never_overwrites_its_input(tmp_path):
    source = tmp_path / "payloads.json"
    source.write_text(json.dumps([payload()]), encoding="utf-8")
    status, _, err = run("import", "home-office", str(source), "--submitted-on", "2026-05-01",
                         "--output", str(source))  # fmt: skip
    assert status == 2
    assert "is an input of this run" in err
    assert json.loads(source.read_text(encoding="utf-8")) == [payload()]


def test_the_import_help_names_the_source(capsys):
    assert main(["import", "home-office", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--submitted-on" in text
    assert re.search(r"nrm-core import home-office \S+\.json", text)


def test_hostile_payload_files_through_the_command(tmp_path):
    """Valid payloads with one to three keys replaced by hostile values (wrong types, control
    characters, lone surrogates, huge strings), deleted or added, and raw text no JSON encoder
    writes: never an internal error, never a traceback."""
    import random

    from fuzz import HOSTILE_VALUES, RAW_RECORDS

    rng = random.Random(15)
    keys = sorted(FORM_KEYS)
    lines = []
    for number in range(300):
        if rng.random() < 0.05:
            lines.append(rng.choice(RAW_RECORDS))
            continue
        data = payload(ExternalId=f"H-{number}")
        for _ in range(rng.randint(1, 3)):
            action = rng.random()
            if action < 0.6:
                data[rng.choice([*sorted(USED_KEYS), *keys[:5]])] = rng.choice(HOSTILE_VALUES)
            elif action < 0.8:
                data.pop(rng.choice(sorted(USED_KEYS)), None)
            else:
                data[rng.choice(["\x1b[31m", "\ud800", "k" * 300, "VictimAccount"])] = "v"
        lines.append(json.dumps(data, ensure_ascii=rng.random() < 0.5))
    source = tmp_path / "hostile.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    status, out, err = run("import", "home-office", str(source), "--submitted-on", "2026-05-01")
    assert status == 1
    assert "Traceback" not in err
    assert "internal error" not in err
    assert "\x1b" not in out + err  # escapes are escaped, never printed raw
    imported = out.splitlines()
    assert 0 < len(imported) < 300
    cases = tmp_path / "cases.jsonl"
    cases.write_text(out, encoding="utf-8")
    assert run("validate", str(cases))[0] == 0  # whatever was imported is a valid case
