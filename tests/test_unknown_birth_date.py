"""A child referred without a date of birth (the Home Office form's question is optional):
an explicit "unknown" through the types, routing, the case format, validation, explanation,
deadlines and reports."""

import datetime as dt
import io
import json

import attrs
import pytest

from nrm_core import (
    AgeBasis,
    Case,
    Child,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    Outcome,
    RoutedToPanel,
    Rules,
    ScaReviewAgreed,
    Stage,
    TurnedEighteen,
    apply,
    from_json,
    route,
    to_json,
)
from nrm_core.cli import main
from nrm_core.deadlines import deadlines_for
from nrm_core.eligibility import decision_maker_for
from nrm_core.io.interchange import StructureError
from nrm_core.io.validation import validate_data, validate_path
from nrm_core.policy import DayCount, Duration, UnknownBirthDateRule
from nrm_core.reporting.stats import report
from nrm_core.samples import example_panel, example_referral

D = dt.date
BUNDLED = Rules.bundled()
ON = D(2026, 3, 2)


def unknown(**changes):
    base = example_referral()  # Cardiff, a pilot site
    child = attrs.evolve(base.child, date_of_birth=None)
    return attrs.evolve(base, child=child, **changes)


def test_the_child_says_its_date_of_birth_is_unknown():
    child = Child("C-1", date_of_birth=None, age_basis=AgeBasis.CLAIMED)
    assert not child.date_of_birth_known
    assert str(child) == "child C-1 (age claimed; date of birth unknown)"
    with pytest.raises(TypeError, match="date_of_birth"):
        Child("C-1", age_basis=AgeBasis.CLAIMED)  # explicit: never left out


def test_routing_says_the_100_day_test_cannot_be_made_and_what_it_assumes():
    result = route(unknown())
    assert result.decision_maker == DecisionMaker.panel("P1-01")
    check = next(c for c in result.checks if c.location == "age-cutoff")
    assert (check.passed, check.code) == (True, "age-cutoff-not-made")
    assert "cannot be made" in check.message
    assert "assumed more than 100 days" in check.message
    assert check.citation is not None
    assert check.citation.confidence.value == "unverified"
    assert [n.code for n in result.notes] == ["date-of-birth-unknown"]
    assert result.confidence.value == "unverified"
    assert "[date-of-birth-unknown]" in result.explain()
    assert "treated as a child" in result.checks[0].message


def test_the_assumption_is_a_configurable_policy_choice():
    citation = BUNDLED.policy.pilot_unknown_birth_date.values[0].citation
    sca = BUNDLED.with_value(
        "pilot_unknown_birth_date", UnknownBirthDateRule.ROUTE_TO_SCA, citation
    )
    result = route(unknown(), rules=sca)
    assert result.decision_maker == DecisionMaker.sca()
    assert [r.code for r in result.exclusions] == ["age-cutoff-not-made"]
    assert [n.code for n in result.notes] == ["date-of-birth-unknown"]
    for rules in (BUNDLED, sca):
        assert (
            decision_maker_for(unknown(), ON, rules=rules)
            == route(unknown(), rules=rules).decision_maker
        )


def test_the_note_and_the_catalogue_give_the_cut_off_the_rules_give():
    """The cut-off is a policy value: the note counts the rules' days, and the catalogue's
    meaning of before-age-cutoff names no number (it was "100 days" whatever the rules)."""
    from nrm_core.eligibility import BEFORE_AGE_CUTOFF

    citation = BUNDLED.policy.pilot_age_cutoff.values[0].citation
    longer = BUNDLED.with_value("pilot_age_cutoff", Duration(120, DayCount.CALENDAR_DAYS), citation)
    [note] = route(unknown(), rules=longer).notes
    assert "the pilot's 120-day test was not made" in note.message
    assert "100" not in route(unknown()).notes[0].message.replace("100-day", "")
    assert "100" not in BEFORE_AGE_CUTOFF.meaning


def test_validation_gives_the_cut_off_the_rules_give():
    """The record check's query counts the rules' days, as routing's note does (it said "the
    pilot's 100-day test" whatever the rules); before the pilot there is no cut-off to name."""
    citation = BUNDLED.policy.pilot_age_cutoff.values[0].citation
    longer = BUNDLED.with_value("pilot_age_cutoff", Duration(120, DayCount.CALENDAR_DAYS), citation)
    document = json.loads(to_json(Case(unknown())))
    [problem] = validate_data(document, rules=longer)[1]
    assert problem.code == "date-of-birth-unknown"
    assert "the pilot's 120-day test" in problem.message
    assert "100" not in problem.message
    [bundled] = validate_data(document)[1]
    assert "the pilot's 100-day test" in bundled.message
    document["referral"]["referred_on"] = "2020-01-06"  # before the pilot's rules began
    [before] = validate_data(document)[1]
    assert "the pilot's age cut-off test" in before.message
    assert before.citation is None


def test_no_note_when_the_answer_does_not_depend_on_it():
    surrey = route(unknown(safeguarding_authority="E10000030"))
    assert "date-of-birth-unknown" not in [n.code for n in surrey.notes]


def test_the_case_format_writes_null_and_reads_it_back():
    case = apply(Case(unknown()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
    text = to_json(case)
    data = json.loads(text)
    assert data["referral"]["child"]["date_of_birth"] is None
    assert from_json(text, Case) == case
    del data["referral"]["child"]["date_of_birth"]
    with pytest.raises(StructureError, match="missing-field"):
        from_json(json.dumps(data), Case)


def test_validate_explain_and_deadlines_say_what_cannot_be_worked_out():
    case = apply(Case(unknown()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
    loaded, problems = validate_data(json.loads(to_json(case)))
    assert loaded == case
    assert [p.code for p in problems] == ["date-of-birth-unknown"]
    assert problems[0].severity.value == "query"
    deadlines = deadlines_for(case, D(2026, 4, 1))
    assert "turns-eighteen" not in {c.deadline.code for c in deadlines.checks}
    (birthday,) = [u for u in deadlines.unknown if u.code == "turns-eighteen"]
    assert "date of birth is unknown" in birthday.reason
    assert birthday.citation is not None
    text = case.explain(D(2026, 4, 1))
    assert "date of birth unknown" in text
    assert "[age-cutoff-not-made]" in text
    assert "no date  18th birthday: the date of birth is unknown" in text
    # Turning 18 can still be recorded (nothing to check it against).
    assert apply(case, TurnedEighteen(D(2026, 4, 1))).turned_eighteen_on == D(2026, 4, 1)


def test_the_unknown_birthday_is_listed_while_a_served_negative_decision_can_be_reconsidered():
    # The case stays open until its reconsideration window closes (Case.ended_on already
    # names that later day): the 18th birthday was dropped from the list although, with a
    # date of birth, the same case lists it as pending.
    case = Case(unknown())
    for event in (
        RoutedToPanel(D(2026, 3, 3), "P1-01"),
        DecisionMade(D(2026, 3, 6), stage=Stage.REASONABLE_GROUNDS, outcome=Outcome.NEGATIVE,
                     by=DecisionMaker.panel("P1-01"), panel=example_panel()),
        ScaReviewAgreed(D(2026, 3, 9)),
        DecisionServed(D(2026, 3, 10)),
    ):  # fmt: skip
        case = apply(case, event)
    in_window = D(2026, 3, 20)
    assert case.is_open(in_window)
    assert "turns-eighteen" in {u.code for u in deadlines_for(case, in_window).unknown}
    closed = case.ended_on
    assert closed is not None
    assert not case.is_open(closed)
    assert "turns-eighteen" not in {u.code for u in deadlines_for(case, closed).unknown}


def test_csv_says_unknown_and_an_empty_cell_is_still_missing(tmp_path):
    header = (
        "referral_id,referred_on,child_id,date_of_birth,age_basis,first_responder,"
        "referrer_nation,safeguarding_authority,exploitation_types,exploitation_location"
    )
    rows = [
        "R-1,2026-03-02,C-1,unknown,claimed,police,wales,W06000015,forced-to-work,uk",
        "R-2,2026-03-02,C-2,,claimed,police,wales,W06000015,forced-to-work,uk",
    ]
    path = tmp_path / "referrals.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    first, second = validate_path(path)
    assert first.valid
    assert [p.code for p in first.problems] == ["date-of-birth-unknown"]
    assert not second.valid
    assert "missing-field" in [p.code for p in second.problems]


def test_report_counts_a_case_without_a_date_of_birth():
    case = apply(Case(unknown()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
    figures = report([case], as_of=D(2026, 6, 30), suppress_below=0)
    assert figures.to_json()["cases"] == 1


def test_the_command_line_explains_it(tmp_path):
    case = apply(Case(unknown()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
    file = tmp_path / "case.json"
    file.write_text(to_json(case), encoding="utf-8")
    out = io.StringIO()
    assert main(["explain", str(file), "--as-of", "2026-04-01"], out=out) == 0
    assert "date of birth unknown" in out.getvalue()
    out = io.StringIO()
    assert main(["validate", str(file)], out=out) in (0, 1)
    assert "date-of-birth-unknown" in out.getvalue()


@pytest.mark.parametrize("basis", [AgeBasis.CONFIRMED, AgeBasis.ASSESSED])
def test_a_confirmed_or_assessed_age_records_its_date(basis):
    from nrm_core import InvalidValueError

    with pytest.raises(InvalidValueError, match="give the date") as error:
        Child("C-1", date_of_birth=None, age_basis=basis)
    assert error.value.code == "date-of-birth-required"
    data = json.loads(to_json(Case(unknown())))
    data["referral"]["child"]["age_basis"] = basis.value
    with pytest.raises(StructureError, match="date-of-birth-required"):
        from_json(json.dumps(data), Case)


def test_the_worklist_shows_the_case_and_asks_for_the_date_of_birth(tmp_path):
    from nrm_core.worklist import Flag, rows

    case = apply(Case(unknown()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
    (row,) = rows([case], D(2026, 4, 1))
    assert Flag.DATE_OF_BIRTH_UNKNOWN in row.flags
    assert Flag.EIGHTEEN_SOON not in row.flags
    assert row.eighteen_month is None
    file = tmp_path / "cases.jsonl"
    file.write_text(to_json(case) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["worklist", str(file), "--as-of", "2026-04-01"], out=out) == 0
    assert "R-EXAMPLE-1" in out.getvalue()
    assert "date-of-birth-unknown" in out.getvalue()
    out = io.StringIO()
    flagged = ["worklist", str(file), "--as-of", "2026-04-01", "--flag", "date-of-birth-unknown"]
    assert main(flagged, out=out) == 0
    assert "R-EXAMPLE-1" in out.getvalue()
