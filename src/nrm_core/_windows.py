"""Periods counted from a day under the rules: the due date of a period of calendar days,
months or working days, the calendar a decision maker counts in, and the reconsideration
window (private).

Below the lifecycle, so a case can say when it ends (a served negative decision ends it
once reconsideration can no longer be asked for) without importing the deadlines, which
explain every period as a :class:`~nrm_core.deadlines.Deadline` from the same functions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from dateutil.relativedelta import relativedelta

from nrm_core.calendar import Division, WorkingCalendar
from nrm_core.decision import DecisionMaker
from nrm_core.errors import InvalidValueError
from nrm_core.events import Withdrawn
from nrm_core.nations import Nation
from nrm_core.policy import (
    DayCount,
    Duration,
    ParameterValue,
    ReconsiderationStart,
    WorkingDayCalendarRule,
)
from nrm_core.rules import Rules
from nrm_core.states import State

if TYPE_CHECKING:
    from nrm_core.lifecycle import Case


def calendar_for(
    maker: DecisionMaker | None, nation: Nation, on: dt.date, rules: Rules
) -> WorkingCalendar:
    """The working-day calendar a period is counted in: England and Wales' for the SCA (and
    where the policy says so), else the nation's for a pilot panel."""
    rule = rules.policy.working_day_calendar.value_at(on, nation)
    pilot = maker is not None and maker.is_pilot_panel
    if rule is WorkingDayCalendarRule.ENGLAND_AND_WALES or not pilot:
        return rules.calendar(Division.ENGLAND_AND_WALES)
    return rules.calendar_for(nation)


def due_after(
    start: dt.date, period: Duration, working: WorkingCalendar
) -> tuple[dt.date, Division | None]:
    """The day ``period`` after ``start``, and the division whose working days were counted
    (``None`` for calendar days or months)."""
    if period.unit is DayCount.CALENDAR_DAYS:
        return start + dt.timedelta(days=period.amount), None
    if period.unit is DayCount.MONTHS:
        return start + relativedelta(months=period.amount), None
    return working.add_working_days(start, period.amount), working.division


class ReconsiderationDue(NamedTuple):
    """A reconsideration window: from ``start`` (the day ``reading`` names), ``window``
    long, to ``due``, counted in ``division``'s working days (``None``: calendar days)."""

    start: dt.date
    reading: ReconsiderationStart
    window: ParameterValue[Duration]
    due: dt.date
    division: Division | None


def reconsideration_due(
    decided_on: dt.date, served_on: dt.date | None, nation: Nation, rules: Rules
) -> ReconsiderationDue | None:
    """The window to ask for reconsideration of a negative decision made on ``decided_on``
    (served on ``served_on``), read by :attr:`Case.ended_on <nrm_core.Case.ended_on>` and
    the request-window deadline; ``None``: no time limit. The reading is the one in force
    on the decision day (a :class:`~nrm_core.policy.Policy` without one where the window
    has a value does not load)."""
    reading = rules.policy.reconsideration_counted_from.value_at(decided_on, nation)
    start = served_on if reading is ReconsiderationStart.SERVICE_DATE else decided_on
    if start is None:
        raise InvalidValueError(
            "reconsideration_deadline",
            "served_on",
            "is required: the rules count the reconsideration window from the day the decision "
            "was served (reconsideration_counted_from: service-date)",
        )
    value = rules.policy.reconsideration_window.at(start, nation)
    if value.value is None:
        return None
    window = ParameterValue(
        value.value, valid=value.valid, citation=value.citation, nations=value.nations
    )
    due, division = due_after(start, window.value, calendar_for(None, nation, start, rules))
    return ReconsiderationDue(start, reading, window, due, division)


def waited_until(case: Case) -> dt.date | None:
    """The day the child stopped waiting (the case reached an ended state: the final decision
    served, the withdrawal or the merger), or ``None`` while they wait."""
    if case.state is State.WITHDRAWN:
        return next(e.on for e in reversed(case.history) if isinstance(e, Withdrawn))
    if case.state.is_terminal:
        served = [d.served_on for d in case.decisions if d.served_on is not None]
        return max(served) if served else case.last_event_on
    return None


class CaseType:
    """The base class of :class:`~nrm_core.Case`, defined here, below the deadlines, so they
    know a case by its type without importing the lifecycle (which sits above them)."""

    __slots__ = ()
