"""Deadlines, computed from the policy in force, each with its rule and citation.

Every function is pure: "today" is the ``as_of`` parameter, never the clock.
Each returns a :class:`Deadline` carrying the date, the rule (parameter and
value), its citation, the date it is counted from, and for working-day
periods the calendar used and whether it relied on provisional bank holidays.

Conventions:

* The rules applied are those **in force on the day the period starts**
  (the referral date for an RG target, the RG decision date for the earliest
  CG, the service date for a reconsideration window).
* Calendar-day periods: ``due = start + N days``. Month periods:
  ``start + N months`` (31 January + 1 month = 28/29 February). Working-day
  periods: the N-th working day strictly after the start day
  (:func:`~nrm_core.calendar.add_working_days`).
* Working days are counted in the decision maker's calendar: England and Wales
  for the SCA, the site's nation for a pilot panel (the case's safeguarding
  authority's nation). The guidance does not say (brief Q20); the
  ``working_day_calendar`` policy parameter changes it, and a
  :class:`~nrm_core.calendar.WorkingCalendar` passed as ``calendar`` (with a
  council's closure days) overrides it.

>>> import datetime as dt
>>> from nrm_core import DecisionMaker, Nation
>>> due = rg_due(dt.date(2026, 3, 2), DecisionMaker.sca(), Nation.WALES)
>>> due.due, str(due.period), due.kind.value
(datetime.date(2026, 3, 9), '5 working days', 'target')
>>> earliest_cg(dt.date(2026, 3, 20), DecisionMaker.sca(), Nation.WALES).due
datetime.date(2026, 4, 19)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

import attrs
from dateutil.relativedelta import relativedelta

from nrm_core.ages import eighteenth_birthday
from nrm_core.calendar import Division, WorkingCalendar, add_working_days, depends_on_provisional
from nrm_core.citations import Citation
from nrm_core.decision import DecisionMaker, Outcome, Stage
from nrm_core.errors import InvalidTypeError, InvalidValueError, PolicyRangeError
from nrm_core.events import (
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    Withdrawn,
)
from nrm_core.lifecycle import Case, State
from nrm_core.nations import Nation
from nrm_core.policy import (
    DEFAULT_POLICY,
    DayCount,
    Duration,
    ParameterValue,
    Policy,
    WorkingDayCalendarRule,
)

__all__ = [
    "CaseDeadlines",
    "Deadline",
    "DeadlineCheck",
    "DeadlineKind",
    "DeadlineStatus",
    "case_as_of",
    "deadlines_for",
    "earliest_cg",
    "reconsideration_deadline",
    "reconsideration_reply_due",
    "rg_due",
    "turns_eighteen",
]


class DeadlineKind(enum.Enum):
    """What a deadline's date means."""

    TARGET = "target"
    """A decision maker aims to act by this date (not a legal limit)."""
    WINDOW = "window"
    """Someone may act until this date (e.g. request a reconsideration)."""
    EARLIEST = "earliest"
    """Not to be done before this date."""
    EVENT = "event"
    """A date that arrives (e.g. the 18th birthday)."""


class DeadlineStatus(enum.Enum):
    """A deadline's standing on ``as_of``.

    ========  ===========================================================
    PENDING   not done and the date is still ahead
    MET       done on time (EARLIEST: done on or after the date)
    MISSED    done, but late (EARLIEST: done before the date)
    OVERDUE   TARGET not done and its date has passed
    OPEN      EARLIEST date reached and not yet done (it may be done now)
    CLOSED    WINDOW passed without the action
    PASSED    EVENT date reached
    ========  ===========================================================
    """

    PENDING = "pending"
    MET = "met"
    MISSED = "missed"
    OVERDUE = "overdue"
    OPEN = "open"
    CLOSED = "closed"
    PASSED = "passed"


@attrs.frozen
class Deadline:
    """A computed date and everything needed to explain it."""

    code: str
    description: str
    due: dt.date
    kind: DeadlineKind
    counted_from: dt.date
    period: Duration | None
    rule: str
    citation: Citation
    division: Division | None = None
    provisional: bool = False

    def __str__(self) -> str:
        period = f"{self.period} from {self.counted_from.isoformat()}" if self.period else "fixed"
        flag = " (provisional bank holidays)" if self.provisional else ""
        return f"{self.description}: {self.due.isoformat()} [{self.kind.value}; {period}]{flag}"


def _check_date(function: str, name: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(function, name, "expected a datetime.date")


def _calendar_for(
    maker: DecisionMaker,
    nation: Nation,
    on: dt.date,
    policy: Policy,
    calendar: WorkingCalendar | None,
) -> WorkingCalendar:
    if calendar is not None:
        return calendar
    rule = policy.working_day_calendar.value_at(on, nation)
    if rule is WorkingDayCalendarRule.ENGLAND_AND_WALES or not maker.is_pilot_panel:
        return WorkingCalendar(Division.ENGLAND_AND_WALES)
    return WorkingCalendar(Division.for_nation(nation))


def _deadline(
    code: str,
    description: str,
    kind: DeadlineKind,
    start: dt.date,
    title: str,
    value: ParameterValue[Duration],
    working: WorkingCalendar | None,
) -> Deadline:
    period = value.value
    division = None
    provisional = False
    if period.unit is DayCount.CALENDAR_DAYS:
        due = start + dt.timedelta(days=period.amount)
    elif period.unit is DayCount.MONTHS:
        due = start + relativedelta(months=period.amount)
    else:
        calendar = working or WorkingCalendar(Division.ENGLAND_AND_WALES)
        due = add_working_days(start, period.amount, calendar)
        division = calendar.division
        provisional = depends_on_provisional(start, due)
    return Deadline(
        code,
        description,
        due,
        kind,
        start,
        period,
        f"{title}: {period}",
        value.citation,
        division,
        provisional,
    )


def rg_due(
    referred_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    policy: Policy = DEFAULT_POLICY,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """When the RG decision is due: the SCA's target, or the pilot panel's timescale.

    ``nation`` is the nation of the safeguarding authority (for a pilot panel, the site's).
    """
    _check_date("rg_due", "referred_on", referred_on)
    pilot = decision_maker.is_pilot_panel
    parameter = policy.pilot_rg_timescale if pilot else policy.sca_rg_target
    return _deadline(
        "rg-decision-due",
        "Pilot panel RG decision" if pilot else "SCA RG decision",
        DeadlineKind.TARGET,
        referred_on,
        parameter.title,
        parameter.at(referred_on, nation),
        _calendar_for(decision_maker, nation, referred_on, policy, calendar),
    )


def earliest_cg(
    rg_decided_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    policy: Policy = DEFAULT_POLICY,
) -> Deadline | None:
    """The earliest date for the SCA's CG decision: RG date + the period in force.

    For a pilot panel there is no published earliest date (it may even decide RG
    and CG at one meeting; brief Q2), so this returns ``None``.
    """
    _check_date("earliest_cg", "rg_decided_on", rg_decided_on)
    if decision_maker.is_pilot_panel:
        return None
    return _deadline(
        "earliest-cg-decision",
        "Earliest SCA CG decision",
        DeadlineKind.EARLIEST,
        rg_decided_on,
        policy.earliest_cg_after_rg.title,
        policy.earliest_cg_after_rg.at(rg_decided_on, nation),
        None,
    )


def reconsideration_deadline(
    served_on: dt.date, nation: Nation, *, policy: Policy = DEFAULT_POLICY
) -> Deadline | None:
    """The last day to request reconsideration of a negative decision served on ``served_on``.

    ``None`` when no time limit was stated on that date.
    """
    _check_date("reconsideration_deadline", "served_on", served_on)
    value = policy.reconsideration_window.at(served_on, nation)
    if value.value is None:
        return None
    window = ParameterValue(value.value, value.valid, value.citation, value.nations)
    return _deadline(
        "reconsideration-request-window",
        "Reconsideration request",
        DeadlineKind.WINDOW,
        served_on,
        policy.reconsideration_window.title,
        window,
        None,
    )


def reconsideration_reply_due(
    requested_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    policy: Policy = DEFAULT_POLICY,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """When the competent authority should reply to a reconsideration request."""
    _check_date("reconsideration_reply_due", "requested_on", requested_on)
    return _deadline(
        "reconsideration-reply-due",
        "Reply to reconsideration request",
        DeadlineKind.TARGET,
        requested_on,
        policy.reconsideration_reply_target.title,
        policy.reconsideration_reply_target.at(requested_on, nation),
        _calendar_for(decision_maker, nation, requested_on, policy, calendar),
    )


def turns_eighteen(
    date_of_birth: dt.date, nation: Nation, *, policy: Policy = DEFAULT_POLICY
) -> Deadline:
    """The 18th birthday: without a CG decision by then, the young person must consent
    to stay in the NRM or withdraw."""
    _check_date("turns_eighteen", "date_of_birth", date_of_birth)
    birthday = eighteenth_birthday(date_of_birth, nation)
    value = policy.leap_day_birthday.at(birthday, nation)
    birthday = eighteenth_birthday(date_of_birth, nation, leap_day=value.value)
    return Deadline(
        "turns-eighteen",
        "18th birthday",
        birthday,
        DeadlineKind.EVENT,
        date_of_birth,
        None,
        f"An age is attained at the start of the birthday; 29 February: {value.value.value}",
        value.citation,
    )


@attrs.frozen
class DeadlineCheck:
    """A deadline and its standing on ``as_of``; ``done_on`` is when the action happened."""

    deadline: Deadline
    status: DeadlineStatus
    done_on: dt.date | None
    days_left: int
    """Days from ``as_of`` to the due date (negative once it has passed)."""


@attrs.frozen
class CaseDeadlines:
    """Every deadline that applies to a case on ``as_of``, and how long the child has waited."""

    case_id: str
    as_of: dt.date
    state: State
    decision_maker: DecisionMaker | None
    checks: tuple[DeadlineCheck, ...]
    days_waited: int
    """Days from the referral to ``as_of`` (or to the end of the case, if it has ended)."""
    waiting_for: str | None
    """What the child is waiting for (``None`` if the case has ended)."""
    unknown: tuple[str, ...] = ()
    """Deadlines that would apply but have no rule on their start date (with the reason),
    e.g. a reconsideration reply target before the earliest known one."""

    @property
    def overdue(self) -> tuple[DeadlineCheck, ...]:
        return tuple(c for c in self.checks if c.status is DeadlineStatus.OVERDUE)


def _status(
    kind: DeadlineKind, due: dt.date, done_on: dt.date | None, as_of: dt.date
) -> DeadlineStatus:
    if kind is DeadlineKind.EVENT:
        return DeadlineStatus.PASSED if as_of >= due else DeadlineStatus.PENDING
    if kind is DeadlineKind.EARLIEST:
        if done_on is not None:
            return DeadlineStatus.MISSED if done_on < due else DeadlineStatus.MET
        return DeadlineStatus.OPEN if as_of >= due else DeadlineStatus.PENDING
    if done_on is not None:
        return DeadlineStatus.MET if done_on <= due else DeadlineStatus.MISSED
    if as_of <= due:
        return DeadlineStatus.PENDING
    return DeadlineStatus.CLOSED if kind is DeadlineKind.WINDOW else DeadlineStatus.OVERDUE


def _check(deadline: Deadline, done_on: dt.date | None, as_of: dt.date) -> DeadlineCheck:
    status = _status(deadline.kind, deadline.due, done_on, as_of)
    return DeadlineCheck(deadline, status, done_on, (deadline.due - as_of).days)


def case_as_of(case: Case, as_of: dt.date) -> Case:
    """The case as it stood at the end of ``as_of`` (later events are dropped)."""
    _check_date("case_as_of", "as_of", as_of)
    if as_of < case.referral.referred_on:
        raise InvalidValueError("case_as_of", "as_of", "is before the referral date")
    kept = tuple(event for event in case.history if event.on <= as_of)
    return case if len(kept) == len(case.history) else Case(case.referral, kept)


def deadlines_for(
    case: Case,
    as_of: dt.date,
    *,
    policy: Policy = DEFAULT_POLICY,
    calendar: WorkingCalendar | None = None,
) -> CaseDeadlines:
    """Every deadline that applies to ``case`` on ``as_of``, with its status.

    >>> import datetime as dt
    >>> from nrm_core import Case, RoutedToSca, apply
    >>> from nrm_core.samples import example_referral
    >>> case = apply(Case(example_referral()), RoutedToSca(dt.date(2026, 3, 2)))
    >>> report = deadlines_for(case, dt.date(2026, 3, 16))
    >>> [(c.deadline.code, c.status.value) for c in report.checks]
    [('turns-eighteen', 'pending'), ('rg-decision-due', 'overdue')]
    >>> report.days_waited, report.waiting_for
    (14, 'RG decision')
    """
    case = case_as_of(case, as_of)
    referral = case.referral
    nation = referral.nation
    maker = case.decision_maker
    checks: list[DeadlineCheck] = []
    unknown: list[str] = []

    def attempt(make: Callable[[], Deadline | None], done_on: Callable[[], dt.date | None]) -> None:
        try:
            deadline = make()
        except PolicyRangeError as error:
            unknown.append(str(error))
            return
        if deadline is not None:
            checks.append(_check(deadline, done_on(), as_of))

    decisions = case.decisions
    rgs = [d for d in decisions if d.stage is Stage.REASONABLE_GROUNDS]
    cgs = [d for d in decisions if d.stage is Stage.CONCLUSIVE_GROUNDS]
    cg_served = any(d.served_on is not None for d in cgs)

    if not cg_served:
        attempt(
            lambda: turns_eighteen(referral.child.date_of_birth, nation, policy=policy),
            lambda: case.turned_eighteen_on,
        )
    if maker is not None:
        rg_maker = rgs[0].decided_by if rgs else maker
        attempt(
            lambda: rg_due(
                referral.referred_on, rg_maker, nation, policy=policy, calendar=calendar
            ),
            lambda: rgs[0].decided_on if rgs else None,
        )
    positive_rgs = [d for d in rgs if d.outcome is Outcome.POSITIVE]
    if positive_rgs and maker is not None:
        rg = positive_rgs[-1]
        later = [d for d in cgs if d.decided_on >= rg.decided_on]
        attempt(
            lambda: earliest_cg(rg.decided_on, maker, nation, policy=policy),
            lambda: later[0].decided_on if later else None,
        )
    served_negatives = [d for d in decisions if d.outcome is Outcome.NEGATIVE and d.served_on]
    if served_negatives and case.state is not State.WITHDRAWN:
        served_on = served_negatives[-1].served_on
        assert served_on is not None
        requests = [
            e.on
            for e in case.history
            if isinstance(e, ReconsiderationRequested) and e.on >= served_on
        ]
        attempt(
            lambda: reconsideration_deadline(served_on, nation, policy=policy),
            lambda: requests[0] if requests else None,
        )
    requests_made = [e for e in case.history if isinstance(e, ReconsiderationRequested)]
    if requests_made and maker is not None:
        request = requests_made[-1]
        replies = [
            e.on
            for e in case.history
            if isinstance(e, ReconsiderationAccepted | ReconsiderationRefused)
            and e.on >= request.on
        ]
        attempt(
            lambda: reconsideration_reply_due(
                request.on, maker, nation, policy=policy, calendar=calendar
            ),
            lambda: replies[0] if replies else None,
        )

    ended_on = _ended_on(case)
    waited_until = ended_on or as_of
    return CaseDeadlines(
        case.case_id,
        as_of,
        case.state,
        maker,
        tuple(checks),
        (waited_until - referral.referred_on).days,
        None if ended_on else _waiting_for(case.state),
        tuple(unknown),
    )


def _ended_on(case: Case) -> dt.date | None:
    if case.state is State.WITHDRAWN:
        return next(e.on for e in reversed(case.history) if isinstance(e, Withdrawn))
    if case.state.is_terminal:
        served = [d.served_on for d in case.decisions if d.served_on is not None]
        return max(served) if served else case.last_event_on
    return None


def _waiting_for(state: State) -> str:
    return {
        State.REFERRED: "routing to a decision maker",
        State.AWAITING_RG: "RG decision",
        State.RG_POSITIVE_DECIDED: "service of the RG decision",
        State.RG_NEGATIVE_DECIDED: "SCA review or service of the RG decision",
        State.COMBINED_CG_POSITIVE_DECIDED: "service of the RG and CG decisions",
        State.COMBINED_CG_NEGATIVE_DECIDED: "SCA review or service of the RG and CG decisions",
        State.AWAITING_CG: "CG decision",
        State.CG_POSITIVE_DECIDED: "service of the CG decision",
        State.CG_NEGATIVE_DECIDED: "SCA review or service of the CG decision",
        State.RG_RECONSIDERATION_REQUESTED: "reply to the reconsideration request",
        State.CG_RECONSIDERATION_REQUESTED: "reply to the reconsideration request",
        State.SUSPENDED_AT_RG: "resumption (suspended before the RG decision)",
        State.SUSPENDED_AT_CG: "resumption (suspended before the CG decision)",
        State.AWAITING_CONSENT_AT_RG: "consent to continue after turning 18",
        State.AWAITING_CONSENT_AT_CG: "consent to continue after turning 18",
    }.get(state, state.value)
