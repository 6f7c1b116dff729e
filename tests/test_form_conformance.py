"""Conformance with the Home Office form's own material: every payload the form can send is
read, or refused with one clear problem.

The corpus (``tests/data/home_office_form/``, provenance in ``tests/data/README.md``) is the
repository's sample payload and nine payloads of its child and not-sure journeys, made by the
form's own mapping from the answers of its UI tests. The expectations are those of the
corpus's README, journey by journey.
"""

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from nrm_core import AgeBasis, Case, DecisionMaker, Nation, route, to_json
from nrm_core.checks import Severity
from nrm_core.cli import main
from nrm_core.io.home_office import FormRelease, read_submission
from nrm_core.io.validation import validate_data

DATA = Path(__file__).parent / "data" / "home_office_form"
JOURNEYS = json.loads((DATA / "child_journeys.json").read_text(encoding="utf-8"))
SAMPLE = json.loads((DATA / "sample_payload_test.json").read_text(encoding="utf-8"))
SUBMITTED = dt.date(2026, 4, 21)  # the corpus's suggested submission date

READ = {
    # journey: (authority, age basis, date of birth known, queries that must be there)
    "child-england-with-dob": ("E08000025", AgeBasis.CLAIMED, True, set()),
    "child-england-no-dob": ("E09000008", AgeBasis.CLAIMED, False, {"form-date-of-birth-unknown"}),
    "not-sure-england-overseas": (
        "E10000016",
        AgeBasis.UNCERTAIN,
        False,
        {"form-age-uncertain", "form-date-of-birth-unknown"},
    ),
    "child-scotland": ("S12000049", AgeBasis.CLAIMED, True, set()),
    "child-northern-ireland": ("N92000002", AgeBasis.CLAIMED, True, {"council-northern-ireland"}),
    "child-all-ten-exploitation-types": ("E08000003", AgeBasis.CLAIMED, True, set()),
    "child-wales-with-documents": ("W06000015", AgeBasis.CLAIMED, True, set()),
    "not-sure-with-stale-adult-answer": (
        "E08000035",
        AgeBasis.UNCERTAIN,
        False,
        {"form-age-uncertain", "form-date-of-birth-unknown", "form-key-not-on-path"},
    ),
}
REFUSED = {"child-as-tested-dob-says-adult": "form-age-conflict"}


def test_the_corpus_is_the_forms_material():
    assert set(JOURNEYS) == set(READ) | set(REFUSED)
    assert SAMPLE["AdultOrChild"] == "Adult"


def errors(result):
    return [p for p in result.problems if p.severity is Severity.ERROR]


def personal_values(payload):
    """The payload's personal values: none may reach a problem, a repr or a record."""
    keys = ("Customer.Forename1", "Customer.Surname", "Customer.Alias", "Customer.DOB",
            "LAFirstName", "LALastName", "LAPhone", "Agent.Name", "Agent.Phone")  # fmt: skip
    values = [payload[k] for k in keys if payload.get(k)]
    values += [v for k, v in payload.items() if k.endswith(".URL")]
    return [v for v in values if isinstance(v, str) and len(v) > 3]


@pytest.mark.parametrize("name", sorted(READ))
def test_each_child_journey_is_read(name):
    payload = JOURNEYS[name]
    authority, basis, dob_known, queries = READ[name]
    result = read_submission(payload, submitted_on=SUBMITTED)
    assert result.valid, [str(p) for p in result.problems]
    referral = result.referral
    assert referral is not None
    assert referral.safeguarding_authority == authority
    assert referral.child.age_basis is basis
    assert referral.child.date_of_birth_known is dob_known
    codes = {p.code for p in result.problems}
    assert queries <= codes
    assert "form-unknown-keys" not in codes  # every key is one of a release's keys
    # Every payload of the corpus is the 2025 release, told by its own keys.
    assert (result.release, result.release_from) == (FormRelease.RELEASE_2025, "keys")
    text = " ".join(str(p) for p in result.problems) + repr(result)
    for value in personal_values(payload):
        assert value not in text
    assert "DUMMY-BEARER-TOKEN" not in text
    # What is imported validates (queries at most), and explains.
    case, problems = validate_data(json.loads(to_json(Case(referral))))
    assert case is not None
    assert all(p.severity is Severity.QUERY for p in problems)
    assert f"Case {referral.referral_id}" in case.explain(SUBMITTED)


def test_the_dob_that_says_adult_is_refused_with_one_problem_naming_both_keys():
    payload = JOURNEYS["child-as-tested-dob-says-adult"]
    result = read_submission(payload, submitted_on=SUBMITTED)
    assert result.referral is None
    (error,) = errors(result)
    assert error.code == REFUSED["child-as-tested-dob-says-adult"]
    assert "Customer.DOB" in error.message
    assert "AdultOrChild" in error.message
    assert "2000" not in error.message
    # A Scottish council named from England is a query, whatever else happens.
    assert "form-council-other-nation" in {p.code for p in result.problems}


def test_the_sample_adult_payload_is_refused_with_one_problem():
    result = read_submission(SAMPLE, submitted_on=SUBMITTED)
    assert result.referral is None
    assert [p.code for p in result.problems] == ["form-adult"]
    # Its shape is the form before the 2025 changes ("OtherVictims": "no").
    assert (result.release, result.release_from) == (FormRelease.RELEASE_2019, "keys")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"Type": "662265", "NRMOrDuty": "DTN"}, "form-adult"),  # the form's DTN path
        ({"AdultOrChild": "Unknown", "Type": "662265", "NRMOrDuty": "DTN"}, "form-duty-to-notify"),
        ({"AdultOrChild": "Child", "Type": "662265", "NRMOrDuty": "DTN"}, "form-duty-to-notify"),
    ],
)
def test_duty_to_notify_reports_are_refused_with_one_problem(changes, code):
    # A not-sure or child payload sent as Duty to Notify cannot come from the form (it always
    # refers them); the adult's is the form's DTN path. Each is one clear problem.
    result = read_submission({**SAMPLE, **changes}, submitted_on=SUBMITTED)
    assert result.referral is None
    assert [p.code for p in result.problems] == [code]


def test_the_sample_with_child_a_council_and_no_date_of_birth_imports(tmp_path):
    # Done when: a payload copied from the form's sample with "Child", a council and no date
    # of birth imports, validates, explains and appears in the worklist.
    payload = {**SAMPLE, "AdultOrChild": "Child", "LocalAuthority": "London Borough of Croydon"}
    del payload["AdultOrChildDuringExploitation"]
    assert "Customer.DOB" not in payload
    result = read_submission(payload, submitted_on=SUBMITTED)
    assert result.valid, [str(p) for p in result.problems]
    assert result.referral is not None
    assert result.referral.child.date_of_birth is None
    assert result.release is FormRelease.RELEASE_2019
    source = tmp_path / "payload.json"
    source.write_text(json.dumps(payload), encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    err = io.StringIO()
    status = main(
        ["import", "home-office", str(source), "--submitted-on", "2026-04-21",
         "--output", str(cases)],
        out=io.StringIO(),
        err=err,
    )  # fmt: skip
    assert status == 0, err.getvalue()
    assert "form-date-of-birth-unknown" in err.getvalue()
    out = io.StringIO()
    assert main(["validate", str(cases)], out=out) == 0
    assert "date-of-birth-unknown" in out.getvalue()
    out = io.StringIO()
    assert main(["explain", str(cases), "--as-of", "2026-05-01"], out=out) == 0
    text = out.getvalue()
    assert "date of birth unknown" in text
    assert "[age-cutoff-not-made]" in text
    assert "TestFirstname" not in text
    out = io.StringIO()  # ... and appears in the worklist, asking for the date of birth
    assert main(["worklist", str(cases), "--as-of", "2026-05-01"], out=out) == 0
    line = next(line for line in out.getvalue().splitlines() if payload["ExternalId"] in line)
    assert "date-of-birth-unknown" in line
    assert "TestFirstname" not in out.getvalue()


def test_routing_the_journeys():
    read = {name: read_submission(JOURNEYS[name], submitted_on=SUBMITTED) for name in READ}
    birmingham = read["child-england-with-dob"].referral
    assert route(birmingham).decision_maker == DecisionMaker.panel("P3-01")
    assert not route(birmingham).notes  # on 2026-04-21 the autumn 2025 start is past
    early = route(birmingham, dt.date(2025, 9, 2))
    assert [n.code for n in early.notes] == ["site-start-unverified"]
    near_18 = route(read["child-all-ten-exploitation-types"].referral)
    assert "within-age-cutoff" in [r.code for r in near_18.exclusions]  # 70 days before 18
    assert read["child-scotland"].referral.nation is Nation.SCOTLAND
    no_dob = route(read["child-england-no-dob"].referral)  # Croydon: not a pilot site
    assert no_dob.decision_maker == DecisionMaker.sca()


@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_no_single_missing_key_gives_more_than_one_error(name):
    # Robustness beyond what the form sends: each key removed in turn still gives a referral
    # or one clear error, never a cascade.
    payload = JOURNEYS[name]
    for key in payload:
        rest = {k: v for k, v in payload.items() if k != key}
        result = read_submission(rest, submitted_on=SUBMITTED)
        assert result.valid or len(errors(result)) == 1, (key, [str(p) for p in result.problems])
