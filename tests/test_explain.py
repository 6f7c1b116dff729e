"""Case.explain, Route.explain and CaseDeadlines.explain: the words nrm-core explain prints."""

import datetime as dt
import io
import json

import attrs
import pytest

from nrm_core import (
    AgeDisputed,
    Case,
    DecisionMaker,
    RoutedToSca,
    apply,
    deadlines_for,
    route,
    to_json,
)
from nrm_core.cli import main
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.events import RouteOverride
from nrm_core.samples import example_referral

# Born 2009-03-09, referred 2026-03-02: 18 on 2027-03-09, inside the pilot age cut-off.
BASE = example_referral()
REFERRAL = attrs.evolve(
    BASE,
    referred_on=dt.date(2026, 3, 2),
    child=attrs.evolve(BASE.child, date_of_birth=dt.date(2009, 3, 9)),
    safeguarding_authority="E10000030",
)
AS_OF = dt.date(2026, 6, 1)


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


def test_case_explain_is_what_the_command_prints(tmp_path):
    case = apply(Case(REFERRAL), RoutedToSca(dt.date(2026, 3, 3), override=LINKED))
    file = tmp_path / "case.json"
    file.write_text(to_json(case), encoding="utf-8")
    for extra in ([], ["--redact"]):
        out = io.StringIO()
        assert main(["explain", str(file), "--as-of", AS_OF.isoformat(), *extra], out=out) == 0
        assert out.getvalue() == case.explain(AS_OF, redact=bool(extra)) + "\n"


def test_route_explain_lists_every_check_and_redacts_the_day_count():
    result = route(REFERRAL)
    text = result.explain()
    assert text.splitlines()[0] == f"Route on 2026-03-02: {result.decision_maker}"
    # One line per check and note, and a confidence line when there are notes.
    confidence = 1 if result.notes else 0
    assert len(text.splitlines()) == 1 + len(result.checks) + len(result.notes) + confidence
    for check in result.checks:
        assert f"[{check.code}]" in text
    assert "[before-age-cutoff] 372 days before the 18th birthday" in text
    redacted = result.explain(redact=True)
    assert "[before-age-cutoff] more than 100 days before the 18th birthday" in redacted
    assert "372" not in redacted


def test_deadlines_explain_shows_the_birthday_as_a_month_when_redacted():
    case = apply(Case(REFERRAL), RoutedToSca(dt.date(2026, 3, 3), override=LINKED))
    deadlines = deadlines_for(case, AS_OF)
    assert "2027-03-09" in deadlines.explain()
    redacted = deadlines.explain(redact=True)
    assert "2027-03-09" not in redacted
    assert "2027-03 " in redacted


def test_case_explain_json_and_text_say_the_same(tmp_path):
    case = apply(Case(REFERRAL), RoutedToSca(dt.date(2026, 3, 3), override=LINKED))
    file = tmp_path / "case.json"
    file.write_text(to_json(case), encoding="utf-8")
    out = io.StringIO()
    main(["explain", str(file), "--as-of", "2026-06-01", "--format", "json"], out=out)
    data = json.loads(out.getvalue())
    text = case.explain(AS_OF)
    assert f"As of 2026-06-01: {data['state']}" in text
    for deadline in data["deadlines"]:
        assert deadline["description"] in text


def test_case_explain_checks_its_day():
    case = Case(REFERRAL)
    with pytest.raises(InvalidTypeError, match="as_of"):
        case.explain("2026-06-01")
    with pytest.raises(InvalidValueError, match="before the referral date"):
        case.explain(dt.date(2026, 3, 1))


def test_every_event_kind_says_how_the_file_records_it():
    from nrm_core.events import EventKind
    from nrm_core.io.interchange import EVENT

    for kind in EventKind:
        recorded = json.loads("{" + kind.recorded_as.replace(" with ", ", ") + "}")
        variant = EVENT.variants[recorded.pop("event")]
        assert variant is EVENT.by_type[kind.event_type]
        for name, value in recorded.items():
            assert getattr(kind.preset[name], "value", kind.preset[name]) == value


def test_an_event_kind_in_the_file_is_answered_with_its_json_spelling():
    from nrm_core.io.validation import validate_data

    document = json.loads(to_json(Case(REFERRAL)))
    document["history"] = [{"event": "rg-positive", "on": "2026-03-20"}]
    _, problems = validate_data(document)
    message = next(p.message for p in problems if p.path == "$.history[0].event")
    assert message == (
        "'rg-positive' is an event kind, not an 'event' value: record it as "
        '"event": "decision-made" with "stage": "reasonable-grounds", "outcome": "positive"'
    )
    document["history"] = [{"event": "cg-negativ", "on": "2026-03-20"}]
    _, problems = validate_data(document)
    message = next(p.message for p in problems if p.path == "$.history[0].event")
    assert message.endswith(
        'did you mean \'cg-negative\' (record it as "event": "decision-made" with '
        '"stage": "conclusive-grounds", "outcome": "negative")?'
    )


def test_explain_history_shows_both_spellings_where_they_differ():
    from pathlib import Path

    from nrm_core import from_json

    sample = Path(__file__).resolve().parent.parent / "examples" / "data" / "valid"
    case = from_json((sample / "pilot-case.json").read_text(encoding="utf-8"), Case)
    text = case.explain(dt.date(2026, 6, 1))
    assert '  rg-positive (in the file: "event": "decision-made" with' in text
    assert "  routed-to-panel\n" in text


def test_explain_shows_the_route_by_the_rules_as_the_case_stood_when_routed():
    # An age dispute recorded before the route sends a pilot child to the SCA (the lifecycle
    # and validation agree); explain showed the rules on the referral as first recorded
    # ("pilot panel P1-01") beside the SCA route recorded.
    referred = BASE.referred_on
    assert route(BASE).decision_maker == DecisionMaker.panel("P1-01")
    disputed = apply(Case(BASE), AgeDisputed(referred))
    text = disputed.explain(referred)
    assert "Route by the rules on the referral date: SCA" in text
    routed_on = referred + dt.timedelta(days=1)
    routed = apply(disputed, RoutedToSca(routed_on))
    text = routed.explain(routed_on)
    assert f"Route recorded on {routed_on}: SCA\n" in text
    assert f"Route by the rules on {routed_on}, as the case stood when routed: SCA" in text
    assert "NO [age-disputed-or-uncertain]" in text


def test_explain_as_json_is_the_data_of_the_text():
    case = apply(Case(REFERRAL), RoutedToSca(dt.date(2026, 3, 3), override=LINKED))
    data = json.loads(case.explain(AS_OF, format="json"))
    # The route by the rules is asked on the day of the route recorded (it was the referral
    # date: a dispute recorded before the route was not shown).
    assert data["route_on"] == "2026-03-03"
    assert data["route"] == json.loads(route(REFERRAL, dt.date(2026, 3, 3)).explain(format="json"))
    deadlines = json.loads(deadlines_for(case, AS_OF).explain(redact=True, format="json"))
    assert (
        json.loads(case.explain(AS_OF, redact=True, format="json"))["deadlines"]
        == (deadlines["deadlines"])
    )
    assert [d["due"] for d in deadlines["deadlines"] if d["code"] == "turns-eighteen"] == [
        "2027-03"
    ]
    with pytest.raises(InvalidValueError, match="format"):
        case.explain(AS_OF, format="html")


def test_explain_says_a_case_was_transferred_after_its_route():
    # "Route recorded: pilot panel" stood beside "decision maker: SCA" with nothing between.
    from nrm_core import AgeBasis
    from nrm_core.eligibility import transfer_if_out_of_scope

    routed = apply(Case(BASE), route(BASE).to_event())
    on = BASE.referred_on + dt.timedelta(days=8)
    moved = apply(routed, transfer_if_out_of_scope(routed, on, age_basis=AgeBasis.DISPUTED))
    text = moved.explain(on)
    assert f"Transferred to the SCA on {on}: age-disputed-or-uncertain\n" in text
    data = json.loads(moved.explain(on, format="json", redact=True))
    assert data["transferred"] == {"on": str(on), "reasons": ["age-disputed-or-uncertain"]}
    assert json.loads(routed.explain(on, format="json"))["transferred"] is None
    assert "Transferred" not in routed.explain(on)
