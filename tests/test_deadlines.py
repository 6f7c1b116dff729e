"""Deadlines: dates, rules, calendars and statuses."""

import datetime as dt

import attrs
import pytest

from nrm_core import (
    Case,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    InvalidValueError,
    Nation,
    Outcome,
    ReconsiderationAccepted,
    ReconsiderationRequested,
    RoutedToPanel,
    RoutedToSca,
    Rules,
    ScaReviewAgreed,
    Stage,
    apply,
)
from nrm_core.calendar import Division, WorkingCalendar
from nrm_core.deadlines import (
    DeadlineKind,
    DeadlineStatus,
    deadlines_for,
    earliest_cg,
    reconsideration_deadline,
    reconsideration_reply_due,
    rg_due,
    turns_eighteen,
)
from nrm_core.errors import InvalidTypeError
from nrm_core.events import RouteOverride
from nrm_core.policy import ReconsiderationStart
from nrm_core.samples import example_panel, example_referral

D = dt.date
SCA = DecisionMaker.sca()
PANEL = DecisionMaker.panel("P1-02")
RG, CG = Stage.REASONABLE_GROUNDS, Stage.CONCLUSIVE_GROUNDS


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


class TestSingleDeadlines:
    def test_sca_rg_target_skips_bank_holidays(self):
        # Referred Thursday 24 Dec 2026: 25 and 28 Dec and 1 Jan are holidays in E&W;
        # working days 29, 30, 31 Dec, 4 and 5 Jan.
        due = rg_due(D(2026, 12, 24), SCA, Nation.SCOTLAND)
        assert due.due == D(2027, 1, 5)
        assert due.division is Division.ENGLAND_AND_WALES  # SCA: E&W even for a Scottish child
        assert due.kind is DeadlineKind.TARGET
        assert "5 working days" in due.rule
        assert due.citation.section

    def test_pilot_rg_timescale_is_calendar_days_and_secondary(self):
        due = rg_due(D(2026, 3, 2), PANEL, Nation.SCOTLAND)
        assert due.due == D(2026, 4, 16)
        assert due.division is None
        assert due.citation.confidence.value == "secondary"

    def test_reply_target_uses_the_sites_calendar(self):
        # Scotland's 30 Nov 2026 (St Andrew's Day, Monday) counts only for a Scottish site.
        sca = reconsideration_reply_due(D(2026, 11, 20), SCA, Nation.SCOTLAND)
        panel = reconsideration_reply_due(D(2026, 11, 20), PANEL, Nation.SCOTLAND)
        assert sca.due == D(2026, 12, 3)
        assert panel.due == D(2026, 12, 4)
        assert panel.division is Division.SCOTLAND

    def test_council_calendar_overrides(self):
        council = WorkingCalendar(Division.ENGLAND_AND_WALES, closures=[D(2026, 3, 3)])
        rules = Rules.bundled().with_calendar(council)
        assert rg_due(D(2026, 3, 2), SCA, Nation.ENGLAND, rules=rules).due == D(2026, 3, 10)

    def test_provisional_flag(self):
        assert rg_due(D(2027, 12, 23), SCA, Nation.ENGLAND).provisional
        assert not rg_due(D(2027, 12, 1), SCA, Nation.ENGLAND).provisional

    @pytest.mark.parametrize(
        ("rg_on", "expected"),
        [
            (D(2022, 12, 12), D(2023, 1, 26)),  # 45 days
            (D(2022, 12, 13), D(2023, 1, 12)),  # 30 days
            (D(2026, 3, 20), D(2026, 4, 19)),
        ],
    )
    def test_earliest_cg(self, rg_on, expected):
        deadline = earliest_cg(rg_on, SCA, Nation.ENGLAND)
        assert deadline is not None
        assert deadline.due == expected
        assert deadline.kind is DeadlineKind.EARLIEST

    def test_no_earliest_cg_for_pilot_panels(self):
        assert earliest_cg(D(2026, 3, 20), PANEL, Nation.WALES) is None

    @pytest.mark.parametrize(
        ("served", "expected"),
        [
            (D(2024, 2, 11), None),  # no time limit stated
            (D(2024, 2, 12), D(2024, 3, 12)),  # one month
            (D(2025, 1, 15), D(2025, 2, 15)),  # still one month
            (D(2025, 1, 16), D(2025, 2, 15)),  # 30 calendar days
            (D(2025, 1, 30), D(2025, 3, 1)),
        ],
    )
    def test_reconsideration_window(self, served, expected):
        deadline = reconsideration_deadline(served, Nation.ENGLAND)
        if expected is None:
            assert deadline is None
        else:
            assert deadline is not None
            assert deadline.due == expected
            assert deadline.kind is DeadlineKind.WINDOW

    def test_reconsideration_window_counted_from_the_decision_or_its_service(self):
        decided, served = D(2026, 3, 9), D(2026, 3, 16)
        by_decision = reconsideration_deadline(decided, Nation.ENGLAND, served_on=served)
        assert by_decision is not None
        assert by_decision.due == D(2026, 4, 8)
        assert "counted from the decision date" in by_decision.rule
        rules = Rules.bundled()
        citation = rules.policy.reconsideration_counted_from.values[0].citation
        by_service = rules.with_value(
            "reconsideration_counted_from", ReconsiderationStart.SERVICE_DATE, citation
        )
        later = reconsideration_deadline(decided, Nation.ENGLAND, served_on=served,
                                         rules=by_service)  # fmt: skip
        assert later is not None
        assert later.due == D(2026, 4, 15)
        with pytest.raises(InvalidValueError, match="served_on"):
            reconsideration_deadline(decided, Nation.ENGLAND, rules=by_service)
        case = run(
            sca_case(),
            DecisionMade(decided, stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
            DecisionServed(served),
        )
        case = Case(case.referral, case.history, rules=by_service)
        codes = {c.deadline.code: c for c in deadlines_for(case, D(2026, 4, 10)).checks}
        assert codes["reconsideration-request-window"].deadline.due == D(2026, 4, 15)

    def test_the_window_is_explained_by_the_reading_that_counted_it(self):
        """The reading on the decision day says where the window starts, and the deadline's
        rule names that reading (it read the policy again on the start day, which can be
        the service date under another reading)."""
        rules = Rules.bundled()
        citation = rules.policy.reconsideration_counted_from.values[0].citation
        changed = rules.with_value(
            "reconsideration_counted_from", ReconsiderationStart.SERVICE_DATE, citation
        ).with_value(
            "reconsideration_counted_from",
            ReconsiderationStart.DECISION_DATE,
            citation,
            valid_from=D(2026, 3, 12),
        )
        decided, served = D(2026, 3, 9), D(2026, 3, 16)
        deadline = reconsideration_deadline(decided, Nation.ENGLAND, served_on=served,
                                            rules=changed)  # fmt: skip
        assert deadline is not None
        assert (deadline.counted_from, deadline.due) == (served, D(2026, 4, 15))
        assert "counted from the service date" in deadline.rule

    def test_a_policy_without_a_reading_where_the_window_has_one_does_not_load(self):
        """No silent fallback to the decision date: the gap is refused when the rules are
        made, naming the parameter, the day and the nation."""
        from nrm_core.dateranges import DateRange
        from nrm_core.policy import Parameter, ParameterValue

        policy = Rules.bundled().policy
        counted = policy.reconsideration_counted_from
        late = ParameterValue(
            ReconsiderationStart.DECISION_DATE,
            valid=DateRange(D(2025, 1, 1)),
            citation=counted.values[0].citation,
        )
        with pytest.raises(InvalidValueError, match=r"reconsideration_counted_from: has no value "
                           r"on 2009-04-01 in england"):  # fmt: skip
            policy.with_parameter(attrs.evolve(counted, values=(late,)))
        assert isinstance(counted, Parameter)

    def test_one_month_from_a_month_end(self):
        # Months are added with relativedelta: 31 October + 1 month = 30 November.
        deadline = reconsideration_deadline(D(2024, 10, 31), Nation.ENGLAND)
        assert deadline is not None
        assert deadline.due == D(2024, 11, 30)

    def test_turns_eighteen(self):
        deadline = turns_eighteen(D(2008, 2, 29), Nation.SCOTLAND)
        assert deadline.due == D(2026, 3, 1)
        assert deadline.kind is DeadlineKind.EVENT


def sca_case():
    return apply(Case(example_referral()), RoutedToSca(D(2026, 3, 2), override=LINKED))


def run(case, *events):
    for event in events:
        case = apply(case, event)
    return case


class TestDeadlinesForCase:
    def test_unrouted_case_only_has_the_birthday(self):
        report = deadlines_for(Case(example_referral()), D(2026, 3, 2))
        assert [c.deadline.code for c in report.checks] == ["turns-eighteen"]
        assert report.waiting_for == "routing to a decision maker"
        assert report.days_waited == 0

    def test_rg_target_met_missed_overdue(self):
        case = sca_case()
        assert deadlines_for(case, D(2026, 3, 9)).checks[1].status is DeadlineStatus.PENDING
        assert deadlines_for(case, D(2026, 3, 10)).checks[1].status is DeadlineStatus.OVERDUE
        late = run(case, DecisionMade(D(2026, 3, 12), stage=RG, outcome=Outcome.POSITIVE, by=SCA))
        assert deadlines_for(late, D(2026, 3, 12)).checks[1].status is DeadlineStatus.MISSED
        ontime = run(case, DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.POSITIVE, by=SCA))
        check = deadlines_for(ontime, D(2026, 4, 1)).checks[1]
        assert check.status is DeadlineStatus.MET
        assert check.done_on == D(2026, 3, 9)

    def test_earliest_cg_pending_open_and_too_early(self):
        case = run(
            sca_case(),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.POSITIVE, by=SCA),
            DecisionServed(D(2026, 3, 9)),
        )
        codes = {c.deadline.code: c for c in deadlines_for(case, D(2026, 4, 7)).checks}
        assert codes["earliest-cg-decision"].status is DeadlineStatus.PENDING
        assert codes["earliest-cg-decision"].deadline.due == D(2026, 4, 8)
        codes = {c.deadline.code: c for c in deadlines_for(case, D(2026, 4, 8)).checks}
        assert codes["earliest-cg-decision"].status is DeadlineStatus.OPEN
        early = run(case, DecisionMade(D(2026, 4, 1), stage=CG, outcome=Outcome.POSITIVE, by=SCA))
        codes = {c.deadline.code: c for c in deadlines_for(early, D(2026, 4, 2)).checks}
        assert codes["earliest-cg-decision"].status is DeadlineStatus.MISSED

    def test_reconsideration_window_and_reply(self):
        case = run(
            sca_case(),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
            DecisionServed(D(2026, 3, 10)),
        )
        codes = {c.deadline.code: c for c in deadlines_for(case, D(2026, 4, 10)).checks}
        # "Within 30 calendar days of the negative ... decision": counted from the decision
        # (9 March), not its service (10 March), by default (it was from service before the
        # late-2026 review; service-date is the configurable alternative, tested below).
        assert codes["reconsideration-request-window"].deadline.due == D(2026, 4, 8)
        assert codes["reconsideration-request-window"].status is DeadlineStatus.CLOSED
        case = run(case, ReconsiderationRequested(D(2026, 4, 1)))
        codes = {c.deadline.code: c for c in deadlines_for(case, D(2026, 4, 20)).checks}
        assert codes["reconsideration-request-window"].status is DeadlineStatus.MET
        # 9 working days from Wed 1 April 2026, skipping Good Friday and Easter Monday.
        assert codes["reconsideration-reply-due"].deadline.due == D(2026, 4, 16)
        assert codes["reconsideration-reply-due"].status is DeadlineStatus.OVERDUE
        case = run(case, ReconsiderationAccepted(D(2026, 4, 14)))
        codes = {c.deadline.code: c for c in deadlines_for(case, D(2026, 4, 20)).checks}
        assert codes["reconsideration-reply-due"].status is DeadlineStatus.MET

    def test_ended_case_waited_until_service(self):
        case = run(
            apply(Case(example_referral()), RoutedToPanel(D(2026, 3, 3), "P1-01")),
            DecisionMade(
                D(2026, 3, 20),
                stage=RG,
                outcome=Outcome.POSITIVE,
                by=DecisionMaker.panel("P1-01"),
                panel=example_panel(),
            ),
            ScaReviewAgreed(D(2026, 3, 23)),
            DecisionServed(D(2026, 3, 24)),
            DecisionMade(
                D(2026, 5, 5),
                stage=CG,
                outcome=Outcome.NEGATIVE,
                by=DecisionMaker.panel("P1-01"),
                panel=example_panel(),
            ),
            ScaReviewAgreed(D(2026, 5, 12)),
            DecisionServed(D(2026, 5, 14)),
        )
        report = deadlines_for(case, D(2026, 11, 1))
        assert report.waiting_for is None
        assert report.days_waited == (D(2026, 5, 14) - D(2026, 3, 2)).days
        assert "turns-eighteen" not in {c.deadline.code for c in report.checks}

    def test_as_of_ignores_later_events(self):
        case = run(
            sca_case(), DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.POSITIVE, by=SCA)
        )
        assert case.as_of(D(2026, 3, 8)).history == case.history[:1]
        report = deadlines_for(case, D(2026, 3, 8))
        assert report.checks[1].status is DeadlineStatus.PENDING
        with pytest.raises(InvalidValueError):
            deadlines_for(case, D(2026, 3, 1))


def test_a_deadline_without_a_known_rule_is_listed_not_raised():
    # The reply target is known only from 2025-01-16; a 2024 request has no rule to apply.
    ref = attrs.evolve(example_referral(), referred_on=D(2024, 1, 8))
    case = run(
        apply(Case(ref), RoutedToSca(D(2024, 1, 8), override=LINKED)),
        DecisionMade(D(2024, 1, 15), stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
        DecisionServed(D(2024, 1, 15)),
        ReconsiderationRequested(D(2024, 2, 1)),
    )
    report = deadlines_for(case, D(2024, 3, 1))
    assert "reconsideration-reply-due" not in {c.deadline.code for c in report.checks}
    assert len(report.unknown) == 1
    assert report.unknown[0].code == "reconsideration-reply-due"
    assert "reconsideration_reply_target" in report.unknown[0].reason


def test_no_earliest_cg_after_a_disqualification_but_a_cg_is_still_awaited():
    # FR Guide 2025 §12 fn 12: no recovery period where a Public Order Disqualification is
    # applied; R (ABW) v SSHD [2025] EWHC 3280 (Admin): a CG decision is still required.
    from nrm_core import PodApplied, PodConsidered
    from nrm_core.events import PodGround

    case = run(
        apply(Case(example_referral()), RoutedToSca(D(2026, 3, 3), override=LINKED)),
        DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.POSITIVE, by=SCA),
        DecisionServed(D(2026, 3, 10)),
    )
    codes = {c.deadline.code for c in deadlines_for(case, D(2026, 3, 20)).checks}
    assert "earliest-cg-decision" in codes
    disqualified = run(
        case, PodConsidered(D(2026, 3, 12)), PodApplied(D(2026, 3, 16), PodGround.BAD_FAITH)
    )
    report = deadlines_for(disqualified, D(2026, 3, 20))
    assert "earliest-cg-decision" not in {c.deadline.code for c in report.checks}
    assert report.waiting_for == "CG decision"


def test_a_date_without_a_bank_holiday_calendar_is_listed_not_raised():
    # Bank holidays are known for 2012-2100; a 2010 case's working-day target cannot be counted.
    base = example_referral()
    referral = attrs.evolve(
        base,
        referred_on=D(2010, 5, 4),
        child=attrs.evolve(base.child, date_of_birth=D(2000, 1, 1)),
    )
    case = apply(Case(referral), RoutedToSca(D(2010, 5, 4), override=LINKED))
    report = deadlines_for(case, D(2010, 6, 1))
    assert "rg-decision-due" not in {c.deadline.code for c in report.checks}
    assert any("outside the supported years" in u.reason for u in report.unknown)


class TestEndedCases:
    """Issue 22: an ended case has no overdue or pending deadline; is_open and ended_on."""

    def withdrawn(self):
        from nrm_core import Withdrawn
        from nrm_core.events import WithdrawalReason

        case = apply(Case(example_referral()), RoutedToSca(D(2026, 3, 2), override=LINKED))
        return apply(case, Withdrawn(D(2026, 3, 4), WithdrawalReason.CHILD_REQUEST))

    def test_the_withdrawn_example_is_closed_not_overdue(self):
        report = deadlines_for(self.withdrawn(), D(2026, 9, 30))
        statuses = {c.deadline.code: c.status for c in report.checks}
        assert statuses["rg-decision-due"] is DeadlineStatus.CLOSED
        assert statuses["turns-eighteen"] is DeadlineStatus.CLOSED  # after the end
        assert report.overdue == ()
        assert report.waiting_for is None
        assert not report.is_open
        assert report.ended_on == D(2026, 3, 4)
        assert "overdue" not in self.withdrawn().explain(D(2026, 9, 30))

    def test_before_it_ended_the_same_deadline_was_overdue(self):
        report = deadlines_for(self.withdrawn(), D(2026, 3, 3))
        assert report.is_open
        # 5 working days from 2026-03-02 is 2026-03-09: still pending on the 3rd
        assert {c.deadline.code: c.status for c in report.checks}["rg-decision-due"] is (
            DeadlineStatus.PENDING
        )

    def test_is_open_and_ended_on(self):
        case = self.withdrawn()
        assert case.ended_on == D(2026, 3, 4)
        assert not case.is_open(D(2026, 3, 1))  # not referred yet
        assert case.is_open(D(2026, 3, 2))
        assert case.is_open(D(2026, 3, 3))
        assert not case.is_open(D(2026, 3, 4))
        assert not case.is_open(D(2027, 1, 1))
        with pytest.raises(TypeError):
            case.is_open(dt.datetime(2026, 3, 3))  # type: ignore[arg-type]

    def test_a_served_negative_stays_open_while_reconsideration_may_be_asked(self):
        case = run(
            sca_case(),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
            DecisionServed(D(2026, 3, 10)),
        )
        # 30 calendar days "of the negative decision", counted from the day it was made (9
        # March; from service before the late-2026 review): the last day to ask is 2026-04-08
        assert case.ended_on == D(2026, 4, 9)
        assert case.is_open(D(2026, 4, 8))
        assert not case.is_open(D(2026, 4, 9))
        open_report = deadlines_for(case, D(2026, 4, 8))
        assert open_report.is_open
        assert open_report.waiting_for is None
        window = {c.deadline.code: c.status for c in open_report.checks}
        assert window["reconsideration-request-window"] is DeadlineStatus.PENDING
        assert "open until 2026-04-08" in case.explain(D(2026, 4, 8))
        closed = deadlines_for(case, D(2026, 6, 1))
        assert not closed.is_open
        assert all(c.status is not DeadlineStatus.PENDING for c in closed.checks)
        asked = apply(case, ReconsiderationRequested(D(2026, 4, 1)))
        assert asked.ended_on is None
        assert asked.is_open(D(2026, 6, 1))

    def test_a_request_refused_ends_the_case(self):
        from nrm_core import ReconsiderationRefused

        case = run(
            sca_case(),
            DecisionMade(D(2026, 3, 9), stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
            DecisionServed(D(2026, 3, 10)),
            ReconsiderationRequested(D(2026, 3, 20)),
            ReconsiderationRefused(D(2026, 3, 25)),
        )
        assert case.ended_on == D(2026, 3, 25)

    def test_no_time_limit_ends_the_case_on_service(self):
        ref = attrs.evolve(example_referral(), referred_on=D(2023, 3, 1))
        case = run(
            apply(Case(ref), RoutedToSca(D(2023, 3, 1), override=LINKED)),
            DecisionMade(D(2023, 3, 6), stage=RG, outcome=Outcome.NEGATIVE, by=SCA),
            DecisionServed(D(2023, 3, 7)),
        )
        assert case.ended_on == D(2023, 3, 7)  # no window stated before February 2024


class TestCgDeadlineWithoutARule:
    """Issue 22: the pilot's CG has no published timescale; say so, with the source."""

    def test_a_pilot_case_lists_its_cg_as_unknown_with_the_citation(self):
        case = apply(Case(example_referral()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
        report = deadlines_for(case, D(2026, 3, 20))
        (unknown,) = report.unknown
        assert unknown.code == "cg-decision-due"
        assert "pilot panel" in unknown.reason
        assert unknown.citation is not None
        assert unknown.citation.confidence.value == "unverified"
        assert "cg-decision-due" not in {c.deadline.code for c in report.checks}
        text = report.explain()
        assert "no date  Pilot panel CG decision" in text

    def test_the_sca_sets_no_cg_target(self):
        report = deadlines_for(sca_case(), D(2026, 3, 20))
        (unknown,) = report.unknown
        assert "no target" in unknown.reason
        assert unknown.citation.confidence.value == "verified"

    def test_an_ended_case_lists_no_cg_deadline(self):
        assert deadlines_for(TestEndedCases().withdrawn(), D(2026, 9, 30)).unknown == ()

    def test_a_council_target_gives_a_dated_deadline(self):
        from nrm_core.policy import DayCount, Duration

        rules = Rules.bundled()
        citation = rules.policy.pilot_cg_timescale.values[0].citation
        local = rules.with_value(
            "pilot_cg_timescale", Duration(60, DayCount.CALENDAR_DAYS), citation
        )
        case = apply(Case(example_referral(), rules=local), RoutedToPanel(D(2026, 3, 3), "P1-01"))
        report = deadlines_for(case, D(2026, 6, 1))
        check = {c.deadline.code: c for c in report.checks}["cg-decision-due"]
        assert check.deadline.due == D(2026, 5, 1)
        assert check.status is DeadlineStatus.OVERDUE
        assert check.deadline.citation.local
        assert report.unknown == ()


def test_deadlines_for_takes_a_case_by_its_type_not_its_attributes():
    """Something with a case's attributes (referral, history, rules, state, decisions) is not
    a case: it is refused by type, as anything else is, naming the field."""
    import types

    real = sca_case()
    look_alike = types.SimpleNamespace(
        referral=real.referral,
        history=real.history,
        rules=real.rules,
        state=real.state,
        decisions=real.decisions,
    )
    for value in (look_alike, real.referral, None):
        with pytest.raises(InvalidTypeError, match=r"deadlines_for\.case: expected a Case"):
            deadlines_for(value, D(2026, 3, 16))
    assert deadlines_for(real, D(2026, 3, 16)).checks


class TestDeadlineTable:
    """Which deadlines apply is one declared, cited table (DEADLINE_RULES, issue 26)."""

    def test_each_deadline_is_declared_once_in_the_order_listed(self):
        from nrm_core.deadlines import DEADLINE_RULES

        assert [(rule.code, rule.kind.value) for rule in DEADLINE_RULES] == [
            ("turns-eighteen", "event"),
            ("rg-decision-due", "target"),
            ("cg-decision-due", "target"),
            ("earliest-cg-decision", "earliest"),
            ("reconsideration-request-window", "window"),
            ("reconsideration-reply-due", "target"),
        ]
        for rule in DEADLINE_RULES:
            assert rule.when.strip()
            assert rule.citation.section

    def test_the_table_is_what_is_evaluated(self, monkeypatch: pytest.MonkeyPatch):
        # A row taken out of the table is a deadline no longer listed: no second, hand-written
        # list of deadlines decides which apply.
        from nrm_core import deadlines

        case = apply(Case(example_referral()), RoutedToSca(D(2026, 3, 2), override=LINKED))
        listed = [c.deadline.code for c in deadlines_for(case, D(2026, 3, 10)).checks]
        assert listed == ["turns-eighteen", "rg-decision-due"]
        kept = tuple(r for r in deadlines.DEADLINE_RULES if r.code != "rg-decision-due")
        monkeypatch.setattr(deadlines, "DEADLINE_RULES", kept)
        listed = [c.deadline.code for c in deadlines_for(case, D(2026, 3, 10)).checks]
        assert listed == ["turns-eighteen"]
