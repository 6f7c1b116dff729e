"""The coordinator's worklist (issue 22): rows, flags, redaction, formats and the command."""

import csv
import datetime as dt
import io
import itertools
import json

import attrs
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrm_core import (
    Case,
    ConsentedToContinue,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    Outcome,
    RoutedToPanel,
    RoutedToSca,
    Stage,
    TurnedEighteen,
    Withdrawn,
    apply,
    deadlines_for,
)
from nrm_core.cli import main
from nrm_core.deadlines import DeadlineStatus
from nrm_core.events import RouteOverride, WithdrawalReason
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core.samples import example_referral, example_sca_referral
from nrm_core.testing import cases as any_cases
from nrm_core.worklist import (
    CSV_COLUMNS,
    Actor,
    Filter,
    Flag,
    Group,
    Thresholds,
    Unread,
    most_urgent,
    rows,
    to_csv,
    to_ics,
    to_json,
    to_text,
    worklist,
)

D = dt.date
SCA = DecisionMaker.sca()
SYNTHETIC = "examples/data/synthetic/cases.jsonl"


def run(case, *events):
    for event in events:
        case = apply(case, event)
    return case


def pilot():
    return apply(Case(example_referral()), RoutedToPanel(D(2026, 3, 2), "P1-01"))


def sca():
    return apply(Case(example_sca_referral()), RoutedToSca(D(2026, 3, 2)))


def only(cases, as_of, **options):
    (row,) = rows(cases, as_of, **options)
    return row


class TestRows:
    def test_an_overdue_pilot_rg(self):
        row = only([pilot()], D(2026, 4, 20))  # the panel's 45 days ran out on 2026-04-16
        assert row.actor is Actor.PILOT_PANEL
        assert row.actor_text == "pilot panel P1-01"
        assert row.site_id == "P1-01"
        assert [(i.code, i.days, i.due) for i in row.overdue] == [
            ("rg-decision-due", 4, D(2026, 4, 16))
        ]
        assert row.group is Group.OVERDUE
        assert row.days_waited == 49

    def test_due_soon_is_ten_working_days(self):
        # SCA target 5 working days after 2026-03-02: 2026-03-09
        assert Flag.DUE_SOON in only([sca()], D(2026, 3, 2)).flags
        row = only([sca()], D(2026, 3, 2), thresholds=Thresholds(due_soon=1))
        assert Flag.DUE_SOON not in row.flags
        assert row.next_deadline.code == "rg-decision-due"
        assert row.next_deadline.days == 7

    def test_an_ended_case_is_not_listed(self):
        ended = apply(sca(), Withdrawn(D(2026, 3, 4), WithdrawalReason.CHILD_REQUEST))
        assert list(rows([ended], D(2026, 9, 30))) == []
        assert len(list(rows([ended], D(2026, 3, 3)))) == 1

    def test_a_served_negative_is_the_councils_until_the_window_closes(self):
        case = run(
            sca(),
            DecisionMade(D(2026, 3, 9), stage=Stage.REASONABLE_GROUNDS, outcome=Outcome.NEGATIVE,
                         by=SCA),
            DecisionServed(D(2026, 3, 10)),
        )  # fmt: skip
        row = only([case], D(2026, 4, 3))  # the last day to ask is 2026-04-09
        assert row.actor is Actor.COUNCIL
        assert "reconsideration" in row.action
        assert row.next_deadline.code == "reconsideration-request-window"
        assert Flag.RECONSIDERATION_CLOSING in row.flags
        assert Flag.RECONSIDERATION_CLOSING not in only([case], D(2026, 3, 20)).flags
        assert list(rows([case], D(2026, 4, 10))) == []

    def test_consent_at_18_and_the_eighteen_flag(self):
        base = example_sca_referral()
        older = attrs.evolve(base, child=attrs.evolve(base.child, date_of_birth=D(2008, 6, 1)))
        case = apply(Case(older), RoutedToSca(D(2026, 3, 2)))
        row = only([case], D(2026, 3, 20))
        assert Flag.EIGHTEEN_SOON in row.flags  # 18 on 2026-06-01: 73 days away
        assert row.group is Group.OVERDUE  # the SCA's 5 working days: overdue comes first
        turned = run(case, TurnedEighteen(D(2026, 6, 1)))
        row = only([turned], D(2026, 6, 2))
        assert row.actor is Actor.CONSENT_AT_18
        assert Flag.EIGHTEEN_SOON not in row.flags  # recorded: the consent is what is awaited
        assert only([run(turned, ConsentedToContinue(D(2026, 6, 5)))], D(2026, 6, 6)).actor is (
            Actor.SCA
        )

    def test_an_sca_route_against_the_rules_is_flagged_with_its_ground(self):
        case = apply(
            Case(example_referral()),
            RoutedToSca(D(2026, 3, 2), override=RouteOverride.SITE_REQUEST),
        )
        row = only([case], D(2026, 3, 5))
        assert Flag.SCA_OVERRIDE in row.flags
        assert row.override == "site-request"
        assert row.site_id == "P1-01"  # the site covering the authority
        assert "SCA against the rules: site-request" in to_text([row], D(2026, 3, 5))

    def test_filters(self):
        cases = [pilot(), sca()]
        on = D(2026, 3, 20)

        def ids(**only):
            return [r.case_id for r in rows(cases, on, only=Filter(**only))]

        assert ids(authority="W06000016") == ["R-EXAMPLE-2"]
        assert ids(site="P1-01") == ["R-EXAMPLE-1"]
        assert ids(decision_maker="sca") == ["R-EXAMPLE-2"]
        assert ids(decision_maker="pilot-panel", site="P1-01") == ["R-EXAMPLE-1"]
        assert ids(flag=Flag.OVERDUE) == ["R-EXAMPLE-2"]
        with pytest.raises(ValueError, match="decision_maker"):
            Filter(decision_maker="panel")

    def test_sorted_by_urgency(self):
        found = worklist(synthetic_cases(400, seed=5), D(2026, 9, 30))
        ranks = [list(Group).index(row.group) for row in found]
        assert ranks == sorted(ranks)
        overdue = [max(i.days for i in r.overdue) for r in found if r.group is Group.OVERDUE]
        assert overdue == sorted(overdue, reverse=True)
        top = most_urgent(synthetic_cases(400, seed=5), D(2026, 9, 30), 5)
        assert top == found[:5]

    def test_rows_stream(self):
        # An endless supply of cases: the rows come one by one, nothing is held.
        endless = itertools.cycle([pilot(), sca()])
        assert len(list(itertools.islice(rows(endless, D(2026, 3, 20)), 1000))) == 1000

    def test_thresholds_come_from_the_rules(self):
        from nrm_core import Rules
        from nrm_core.policy import DayCount, Duration

        rules = Rules.bundled()
        assert Thresholds.from_rules(rules, D(2026, 1, 1)) == Thresholds()
        citation = rules.policy.worklist_long_wait.values[0].citation
        local = rules.with_value("worklist_long_wait", Duration(5, DayCount.CALENDAR_DAYS),
                                 citation)  # fmt: skip
        case = apply(Case(example_sca_referral(), rules=local), RoutedToSca(D(2026, 3, 2)))
        assert Flag.LONG_WAIT in only([case], D(2026, 3, 9)).flags
        assert Flag.LONG_WAIT not in only([sca()], D(2026, 3, 9)).flags


class TestRedaction:
    """Nothing in a redacted row gives away a date of birth (and repr never does)."""

    def child(self, born):
        base = example_sca_referral()
        referral = attrs.evolve(base, child=attrs.evolve(base.child, date_of_birth=born))
        return apply(Case(referral), RoutedToSca(D(2026, 3, 2)))

    def test_the_redacted_row_shows_the_month_only(self):
        case = self.child(D(2008, 6, 17))
        row = only([case], D(2026, 3, 20), redact=True)
        text = json.dumps(row.to_json()) + to_csv([row]) + to_text([row], D(2026, 3, 20))
        assert "2026-06" in text
        assert "2026-06-17" not in text
        assert "2008-06-17" not in text
        plain = only([case], D(2026, 3, 20))
        assert "2026-06-17" in json.dumps(plain.to_json())
        assert "2026-06-17" not in repr(plain)
        assert "2008" not in repr(plain)

    def test_the_redacted_flag_depends_on_the_month_not_the_day(self):
        # Two children born in the same month: on every day the redacted rows are the same
        # (apart from the id), so watching the list day by day cannot tell their birthdays.
        early, late = self.child(D(2008, 6, 2)), self.child(D(2008, 6, 29))
        for offset in range(0, 120):
            as_of = D(2026, 3, 2) + dt.timedelta(days=offset)
            a = only([early], as_of, redact=True)
            b = only([late], as_of, redact=True)
            assert a.flags == b.flags
            assert a.to_json() | {"case_id": ""} == b.to_json() | {"case_id": ""}
        # unredacted, the exact day is used
        flagged_on = [
            offset
            for offset in range(0, 120)
            if Flag.EIGHTEEN_SOON in only([late], D(2026, 3, 2) + dt.timedelta(days=offset)).flags
        ]
        assert D(2026, 3, 2) + dt.timedelta(days=flagged_on[0]) == D(2026, 3, 21)  # 100 days

    def test_the_calendar_carries_no_birthday(self):
        case = self.child(D(2008, 6, 17))
        text = to_ics(rows([case], D(2026, 3, 3)), D(2026, 3, 3))
        assert "2026-06-17" not in text
        assert "20260617" not in text
        assert "no name or date of birth" in text.replace("\r\n ", "")


@settings(max_examples=150, deadline=None)
@given(case=any_cases(max_events=10), offset=st.integers(-10, 900))
def test_a_case_is_listed_iff_it_is_open_and_overdue_items_are_past_and_not_met(case, offset):
    as_of = case.referral.referred_on + dt.timedelta(days=offset)
    found = list(rows([case], as_of))
    assert (len(found) == 1) == case.is_open(as_of)
    if not found:
        return
    (row,) = found
    statuses = {c.deadline.code: c.status for c in deadlines_for(case, as_of).checks}
    for item in row.overdue:
        assert item.due < as_of
        assert item.days == (as_of - item.due).days > 0
        assert statuses[item.code] is DeadlineStatus.OVERDUE  # not met, not closed
    assert (Flag.OVERDUE in row.flags) == bool(row.overdue)
    if row.next_deadline is not None:
        assert row.next_deadline.due >= as_of


class TestFormats:
    def test_csv_has_the_documented_columns_and_lists_invalid_records(self):
        bad = Unread("cases.jsonl:3", case_id="R-9", codes=("no-such-transition",))
        text = to_csv(rows([pilot()], D(2026, 4, 20)), [bad])
        table = list(csv.DictReader(io.StringIO(text)))
        assert tuple(table[0]) == CSV_COLUMNS
        assert table[0]["overdue"] == "rg-decision-due"
        assert table[1]["group"] == "invalid"
        assert table[1]["problems"] == "no-such-transition"

    def test_json(self):
        document = json.loads(to_json(rows([pilot()], D(2026, 4, 20)), D(2026, 4, 20)))
        assert document["as_of"] == "2026-04-20"
        assert document["rows"][0]["overdue"][0]["days"] == 4
        assert document["invalid"] == []


def _cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


class TestCommand:
    def test_the_synthetic_file_prints_the_grouped_text(self):
        status, out, _ = _cli("worklist", SYNTHETIC, "--as-of", "2026-09-30")
        assert status == 0
        for title in ("Overdue (", "Due soon (", "18th birthday soon (", "The rest ("):
            assert title in out
        assert out.startswith("NRM worklist as of 2026-09-30\n")

    def test_the_calendar_parses_back_with_one_event_per_open_deadline(self):
        status, out, _ = _cli("worklist", SYNTHETIC, "--as-of", "2026-09-30", "--format", "ics")
        assert status == 0
        calendar = icalendar.Calendar.from_ical(out)
        events = list(calendar.walk("VEVENT"))
        found = list(rows(_cases(), D(2026, 9, 30)))
        expected = sum(len(row.open_deadlines) for row in found)
        assert expected > 30
        assert len(events) == expected
        assert len({str(e["uid"]) for e in events}) == expected
        assert "case id only" in str(calendar["x-wr-caldesc"])
        ids = {row.case_id for row in found}
        assert {str(e["summary"]).split(":")[0] for e in events} <= ids

    def test_invalid_records_are_listed_not_dropped(self, tmp_path):
        status, out, err = _cli(
            "worklist", "examples/data/valid", "examples/data/invalid/bad-history.jsonl",
            "--as-of", "2026-06-01",
        )  # fmt: skip
        assert status == 1
        assert "Invalid records, not on the worklist (4)" in out
        assert "bad-history.jsonl:1 (case R-BAD-1): negative-pilot-decision-not-reviewed" in out
        assert "4 invalid records listed" in err
        status, out, _ = _cli(
            "worklist", "examples/data/invalid/bad-history.jsonl", "--as-of", "2026-06-01",
            "--format", "ics",
        )  # fmt: skip
        events = list(icalendar.Calendar.from_ical(out).walk("VEVENT"))
        assert len(events) == 4
        assert all("nrm-invalid-record" in e["categories"].to_ical().decode() for e in events)

    def test_as_of_defaults_to_today_and_says_so(self):
        status, out, _ = _cli("worklist", "examples/data/valid")
        assert status == 0
        assert f"as of {dt.date.today().isoformat()} (today: --as-of not given)" in out
        status, _, err = _cli("worklist", "examples/data/valid", "--format", "csv")
        assert "--as-of not given" in err

    def test_filters_and_redaction_on_the_command_line(self):
        status, out, _ = _cli(
            "worklist", SYNTHETIC, "--as-of", "2026-09-30", "--format", "json", "--redact",
            "--flag", "eighteen-soon",
        )  # fmt: skip
        assert status == 0
        document = json.loads(out)
        assert document["redacted"] is True
        assert document["rows"]
        for row in document["rows"]:
            assert "eighteen-soon" in row["flags"]
            assert len(row["eighteenth_birthday"]) == 7  # YYYY-MM


def _cases():
    from nrm_core.io.validation import validate_path

    return (r.case for r in validate_path(SYNTHETIC) if r.case is not None)
