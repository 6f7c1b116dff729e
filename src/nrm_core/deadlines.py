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
  authority's nation). The guidance does not say; the ``working_day_calendar``
  policy parameter changes it, and the calendars come from the
  :class:`~nrm_core.Rules` (add a council's closure days with
  :meth:`Rules.with_calendar <nrm_core.Rules.with_calendar>`).

>>> import datetime as dt
>>> from nrm_core.deadlines import rg_due, earliest_cg
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
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from nrm_core import _render
from nrm_core._sources import HOME_OFFICE_FORM, P, cite
from nrm_core._validate import check_day
from nrm_core._windows import (
    CaseType,
    calendar_for,
    due_after,
    reconsideration_due,
    waited_until,
)
from nrm_core.ages import eighteenth_birthday, leap_day_rule
from nrm_core.calendar import Division, WorkingCalendar, depends_on_provisional
from nrm_core.checks import Citation
from nrm_core.decision import DecisionMaker, Outcome, Stage
from nrm_core.errors import (
    CalendarRangeError,
    InvalidTypeError,
    InvalidValueError,
    PolicyRangeError,
    ProvisionalCalendarError,
)
from nrm_core.events import (
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
)
from nrm_core.nations import Nation
from nrm_core.policy import (
    Duration,
    ParameterValue,
)
from nrm_core.referral import PodStatus
from nrm_core.rules import Rules, resolve
from nrm_core.states import State

if TYPE_CHECKING:  # the case explanation (which the lifecycle shows) sits above the deadlines
    from nrm_core.lifecycle import Case

__all__ = [
    "CaseDeadlines",
    "Deadline",
    "DeadlineCheck",
    "DeadlineKind",
    "DeadlineStatus",
    "UnknownDeadline",
    "cg_due",
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
    OVERDUE   TARGET not done and its date has passed (the case is open)
    OPEN      EARLIEST date reached and not yet done (it may be done now)
    CLOSED    no longer to be done: a WINDOW passed without the action, or the
              case ended (:attr:`Case.ended_on <nrm_core.Case.ended_on>`)
              before it was done
    PASSED    EVENT date reached (while the case was open)
    ========  ===========================================================

    A case that has ended has no ``overdue``, ``pending`` or ``open`` deadline: what was
    not done by the day it ended is ``closed``.
    """

    PENDING = "pending"
    MET = "met"
    MISSED = "missed"
    OVERDUE = "overdue"
    OPEN = "open"
    CLOSED = "closed"
    PASSED = "passed"


_KINDS = {
    "rg-decision-due": DeadlineKind.TARGET,
    "cg-decision-due": DeadlineKind.TARGET,
    "earliest-cg-decision": DeadlineKind.EARLIEST,
    "reconsideration-request-window": DeadlineKind.WINDOW,
    "reconsideration-reply-due": DeadlineKind.TARGET,
    "turns-eighteen": DeadlineKind.EVENT,
}
"""Each deadline's code and what its date means."""


def _deadline_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _KINDS:
        raise InvalidValueError(
            "Deadline", "code", f"must be one of {', '.join(_KINDS)}", code="invalid-value"
        )


@attrs.frozen
class Deadline:
    """A computed date and everything needed to explain it."""

    code: str = attrs.field(validator=_deadline_code)
    description: str = attrs.field(kw_only=True)
    due: dt.date = attrs.field(kw_only=True)
    counted_from: dt.date = attrs.field(kw_only=True, repr=False)
    """The day the period starts (for the 18th birthday, the date of birth: not in ``repr``)."""
    period: Duration | None = attrs.field(kw_only=True)
    rule: str = attrs.field(kw_only=True)
    citation: Citation = attrs.field(kw_only=True)
    division: Division | None = attrs.field(default=None, kw_only=True)
    """The bank-holiday division working days were counted in (``None``: calendar days)."""

    @property
    def kind(self) -> DeadlineKind:
        """What the date means (a target, a window, an earliest date or an event)."""
        return _KINDS[self.code]

    @property
    def provisional(self) -> bool:
        """Whether counting working days relied on bank holidays gov.uk has not confirmed."""
        return self.division is not None and depends_on_provisional(self.counted_from, self.due)

    def __str__(self) -> str:
        period = f"{self.period} from {self.counted_from.isoformat()}" if self.period else "fixed"
        flag = " (provisional bank holidays)" if self.provisional else ""
        return f"{self.description}: {self.due.isoformat()} [{self.kind.value}; {period}]{flag}"


@attrs.frozen
class UnknownDeadline:
    """A deadline that applies to a case but has no date, and why.

    Either the rules do not define one (no timescale is published for a pilot panel's CG
    decision; the SCA sets no CG target), or nrm_core has no rule or bank-holiday calendar
    for the day the period would start. ``citation`` is the source of the rule (``None``
    for a gap in nrm_core's own data: the reason names it). Never ``met`` or ``overdue``:
    a reader can tell "no date" from "not computed".
    """

    code: str = attrs.field(validator=_deadline_code)
    description: str = attrs.field(kw_only=True)
    reason: str = attrs.field(kw_only=True)
    citation: Citation | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        source = f" (source: {self.citation})" if self.citation else ""
        return f"{self.description}: {self.reason}{source}"


_DOB_OPTIONAL = cite(
    HOME_OFFICE_FORM,
    "apps/nrm/translations/src/en/pages.json (pv-dob)",
    P,
    "'What is their date of birth? (Optional)': a child may be referred without one",
)


class _Due(NamedTuple):
    """A deadline decided: its code and due date (all a status needs, so all a lean
    evaluation reads) and how to explain it as a :class:`Deadline` (the rule's text and
    citation, built only when the deadline is shown)."""

    code: str
    due: dt.date
    explain: Callable[[], Deadline]


def _deadline(
    code: str,
    description: str,
    start: dt.date,
    title: str,
    value: ParameterValue[Duration],
    working: WorkingCalendar,
) -> _Due:
    """The deadline ``value`` after ``start``, counted in ``working`` days where it says so."""
    return _due(code, description, start, title, value, due_after(start, value.value, working))


def _due(
    code: str,
    description: str,
    start: dt.date,
    title: str,
    value: ParameterValue[Duration],
    counted: tuple[dt.date, Division | None],
) -> _Due:
    """The deadline due on the day ``counted`` gives (and the division it counted in)."""
    period, (due, division) = value.value, counted
    return _Due(
        code,
        due,
        lambda: Deadline(
            code,
            description=description,
            due=due,
            counted_from=start,
            period=period,
            rule=f"{title}: {period}",
            citation=value.citation,
            division=division,
        ),
    )


def rg_due(
    referred_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    rules: Rules | None = None,
) -> Deadline:
    """When the RG decision is due: the SCA's target, or the pilot panel's timescale.

    ``nation`` is the nation of the safeguarding authority (for a pilot panel, the site's).
    """
    check_day("rg_due", "referred_on", referred_on)
    return _rg_due(referred_on, decision_maker, nation, resolve(rules, "rg_due")).explain()


def _rg_due(
    referred_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    rules: Rules,
) -> _Due:
    pilot = decision_maker.is_pilot_panel
    parameter = rules.policy.pilot_rg_timescale if pilot else rules.policy.sca_rg_target
    return _deadline(
        "rg-decision-due",
        "Pilot panel RG decision" if pilot else "SCA RG decision",
        referred_on,
        parameter.title,
        parameter.at(referred_on, nation),
        calendar_for(decision_maker, nation, referred_on, rules),
    )


def earliest_cg(
    rg_decided_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    rules: Rules | None = None,
) -> Deadline | None:
    """The earliest date for the SCA's CG decision: RG date + the period in force.

    For a pilot panel there is no published earliest date (it may even decide RG
    and CG at one meeting), so this returns ``None``.
    """
    check_day("earliest_cg", "rg_decided_on", rg_decided_on)
    due = _earliest_cg(rg_decided_on, decision_maker, nation, resolve(rules, "earliest_cg"))
    return None if due is None else due.explain()


def _earliest_cg(
    rg_decided_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    rules: Rules,
) -> _Due | None:
    if decision_maker.is_pilot_panel:
        return None
    parameter = rules.policy.earliest_cg_after_rg
    return _deadline(
        "earliest-cg-decision",
        "Earliest SCA CG decision",
        rg_decided_on,
        parameter.title,
        parameter.at(rg_decided_on, nation),
        calendar_for(decision_maker, nation, rg_decided_on, rules),
    )


def cg_due(
    referred_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    rules: Rules | None = None,
) -> Deadline | UnknownDeadline:
    """When the CG decision is due, counted from the referral: the SCA's target or the pilot
    panel's timescale (policy ``sca_cg_target`` / ``pilot_cg_timescale``).

    Neither is published (the SCA sets no CG target; no pilot timescale was found), so with
    the bundled rules this is an :class:`UnknownDeadline` saying so, with its source. With a
    council's own value (a local override) it is a dated target.

    >>> from nrm_core.deadlines import cg_due
    >>> import datetime as dt
    >>> from nrm_core import DecisionMaker, Nation
    >>> from nrm_core.deadlines import cg_due
    >>> due = cg_due(dt.date(2026, 3, 2), DecisionMaker.panel("P1-01"), Nation.WALES)
    >>> due.reason.split(" (")[0]
    "no timescale is published for a pilot panel's CG decision"
    """
    check_day("cg_due", "referred_on", referred_on)
    due = _cg_due(referred_on, decision_maker, nation, resolve(rules, "cg_due"))
    return due if isinstance(due, UnknownDeadline) else due.explain()


def _cg_due(
    referred_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    rules: Rules,
) -> _Due | UnknownDeadline:
    pilot = decision_maker.is_pilot_panel
    parameter = rules.policy.pilot_cg_timescale if pilot else rules.policy.sca_cg_target
    value = parameter.at(referred_on, nation)
    description = "Pilot panel CG decision" if pilot else "SCA CG decision"
    if value.value is None:
        reason = (
            "no timescale is published for a pilot panel's CG decision (a panel may make it "
            "at the RG meeting)"
            if pilot
            else "the SCA sets no target for the CG decision (the earliest date it may be "
            "made is listed where it applies)"
        )
        return UnknownDeadline(
            "cg-decision-due", description=description, reason=reason, citation=value.citation
        )
    period = ParameterValue(
        value.value, valid=value.valid, citation=value.citation, nations=value.nations
    )
    return _deadline(
        "cg-decision-due",
        description,
        referred_on,
        parameter.title,
        period,
        calendar_for(decision_maker, nation, referred_on, rules),
    )


def reconsideration_deadline(
    decided_on: dt.date,
    nation: Nation,
    *,
    served_on: dt.date | None = None,
    rules: Rules | None = None,
) -> Deadline | None:
    """The last day to request reconsideration of a negative decision made on ``decided_on``
    (and served on ``served_on``).

    The window is counted from the day the policy's ``reconsideration_counted_from`` names:
    the decision date by default (the sources: "within 30 calendar days of the negative
    ... decision"), or the service date, which ``served_on`` must then give. ``None`` when
    no time limit was stated on that date.

    >>> import datetime as dt
    >>> from nrm_core import Nation
    >>> from nrm_core.deadlines import reconsideration_deadline
    >>> reconsideration_deadline(dt.date(2026, 3, 2), Nation.WALES,
    ...                          served_on=dt.date(2026, 3, 9)).due
    datetime.date(2026, 4, 1)
    """
    check_day("reconsideration_deadline", "decided_on", decided_on)
    if served_on is not None:
        check_day("reconsideration_deadline", "served_on", served_on)
    rules = resolve(rules, "reconsideration_deadline")
    due = _reconsideration_deadline(decided_on, served_on, nation, rules)
    return None if due is None else due.explain()


def _reconsideration_deadline(
    decided_on: dt.date, served_on: dt.date | None, nation: Nation, rules: Rules
) -> _Due | None:
    found = reconsideration_due(decided_on, served_on, nation, rules)
    if found is None:
        return None
    title = rules.policy.reconsideration_window.title
    reading = found.reading.value.replace("-", " ")
    return _due(
        "reconsideration-request-window",
        "Reconsideration request",
        found.start,
        f"{title}, counted from the {reading}",
        found.window,
        (found.due, found.division),
    )


def reconsideration_reply_due(
    requested_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    *,
    rules: Rules | None = None,
) -> Deadline:
    """When the competent authority should reply to a reconsideration request."""
    check_day("reconsideration_reply_due", "requested_on", requested_on)
    return _reconsideration_reply_due(
        requested_on, decision_maker, nation, resolve(rules, "reconsideration_reply_due")
    ).explain()


def _reconsideration_reply_due(
    requested_on: dt.date,
    decision_maker: DecisionMaker,
    nation: Nation,
    rules: Rules,
) -> _Due:
    parameter = rules.policy.reconsideration_reply_target
    return _deadline(
        "reconsideration-reply-due",
        "Reply to reconsideration request",
        requested_on,
        parameter.title,
        parameter.at(requested_on, nation),
        calendar_for(decision_maker, nation, requested_on, rules),
    )


def turns_eighteen(
    date_of_birth: dt.date, nation: Nation, *, rules: Rules | None = None
) -> Deadline:
    """The 18th birthday: without a CG decision by then, the young person must consent
    to stay in the NRM or withdraw."""
    check_day("turns_eighteen", "date_of_birth", date_of_birth)
    return _turns_eighteen(date_of_birth, nation, resolve(rules, "turns_eighteen")).explain()


def _turns_eighteen(date_of_birth: dt.date, nation: Nation, rules: Rules) -> _Due:
    birthday = eighteenth_birthday(date_of_birth, nation, rules=rules)

    def explain() -> Deadline:
        rule, citation = leap_day_rule(birthday.year, nation, rules=rules)
        return Deadline(
            "turns-eighteen",
            description="18th birthday",
            due=birthday,
            counted_from=date_of_birth,
            period=None,
            rule=f"An age is attained at the start of the birthday; 29 February: {rule.value}",
            citation=citation,
        )

    return _Due("turns-eighteen", birthday, explain)


@attrs.frozen
class DeadlineCheck:
    """A deadline and its standing on ``as_of``; ``done_on`` is when the action happened."""

    deadline: Deadline
    status: DeadlineStatus = attrs.field(kw_only=True)
    done_on: dt.date | None = attrs.field(kw_only=True)
    days_left: int = attrs.field(kw_only=True)
    """Days from ``as_of`` to the due date (negative once it has passed)."""


@attrs.frozen
class CaseDeadlines:
    """Every deadline that applies to a case on ``as_of``, and how long the child has waited.

    ``case`` is the case as it stood on ``as_of``; the state, the decision maker, the days
    waited and what the child is waiting for are read from it.
    """

    case: Case = attrs.field(repr=False)
    as_of: dt.date = attrs.field(kw_only=True)
    checks: tuple[DeadlineCheck, ...] = attrs.field(kw_only=True)
    unknown: tuple[UnknownDeadline, ...] = attrs.field(default=(), kw_only=True)
    """Deadlines that apply but have no date, each with its reason and citation: the rules
    define none (a pilot panel's CG decision) or have no rule on the start date (e.g. a
    reconsideration reply target before the earliest known one)."""

    @property
    def case_id(self) -> str:
        return self.case.case_id

    @property
    def state(self) -> State:
        return self.case.state

    @property
    def decision_maker(self) -> DecisionMaker | None:
        return self.case.decision_maker

    @property
    def ended_on(self) -> dt.date | None:
        """The day the case ended, if it had ended by ``as_of`` (see
        :attr:`Case.ended_on <nrm_core.Case.ended_on>`)."""
        ended_on = self.case.ended_on
        return ended_on if ended_on is not None and ended_on <= self.as_of else None

    @property
    def is_open(self) -> bool:
        """Whether the case was open on ``as_of`` (:meth:`Case.is_open <nrm_core.Case.is_open>`)."""
        return self.ended_on is None

    @property
    def days_waited(self) -> int:
        """Days from the referral to ``as_of``, or to the day the child stopped waiting (the
        final decision served, the withdrawal or the merger), if they have."""
        waited = waited_until(self.case)
        return ((waited or self.as_of) - self.case.referral.referred_on).days

    @property
    def waiting_for(self) -> str | None:
        """What the child is waiting for (``None`` once there is nothing to wait for: a final
        decision served, a withdrawal or a merger; a served negative decision's case may
        still be open for a reconsideration request)."""
        return None if waited_until(self.case) else waiting_for_state(self.case.state)

    @property
    def overdue(self) -> tuple[DeadlineCheck, ...]:
        return tuple(c for c in self.checks if c.status is DeadlineStatus.OVERDUE)

    def explain(self, *, redact: bool = False, format: str = "text") -> str:
        """Every deadline in plain English: status, what is due and when, the rule and its
        source. The same words as ``nrm-core explain``; ``format="json"`` gives them as
        JSON data (``deadlines`` and ``deadlines_not_computed``, as in ``nrm-core explain
        --format json``).

        ``redact=True`` shows the 18th birthday as a month, with no count of days.

        >>> import datetime as dt
        >>> from nrm_core import Case, deadlines_for
        >>> from nrm_core.samples import example_referral
        >>> text = deadlines_for(Case(example_referral()), dt.date(2026, 3, 2)).explain()
        >>> text.splitlines()[0]
        'Deadlines:'
        """
        data = _render.deadlines_data(self, redact=redact)
        return _render.rendered(data, _render.deadline_lines, format, "CaseDeadlines.explain")


def _status(
    kind: DeadlineKind,
    due: dt.date,
    done_on: dt.date | None,
    as_of: dt.date,
    ended_on: dt.date | None = None,
) -> DeadlineStatus:
    # The case had ended: what was not done is closed (an event that came while the case
    # was open has passed).
    if (
        done_on is None
        and ended_on is not None
        and ended_on <= as_of
        and not (kind is DeadlineKind.EVENT and due < ended_on)
    ):
        return DeadlineStatus.CLOSED
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


def deadlines_for(case: Case, as_of: dt.date) -> CaseDeadlines:
    """Every deadline that applies to ``case`` on ``as_of``, with its status.

    The rules (policy, calendars with closure days) are the case's own
    (:attr:`Case.rules <nrm_core.Case.rules>`).

    >>> import datetime as dt
    >>> from nrm_core.deadlines import deadlines_for
    >>> from nrm_core import Case, RoutedToSca, apply
    >>> from nrm_core.samples import example_sca_referral
    >>> case = apply(Case(example_sca_referral()), RoutedToSca(dt.date(2026, 3, 2)))
    >>> report = deadlines_for(case, dt.date(2026, 3, 16))
    >>> [(c.deadline.code, c.status.value) for c in report.checks]
    [('turns-eighteen', 'pending'), ('rg-decision-due', 'overdue')]
    >>> report.days_waited, report.waiting_for
    (14, 'RG decision')
    """
    if not isinstance(case, CaseType):
        raise InvalidTypeError("deadlines_for", "case", "expected a Case")
    check_day("deadlines_for", "as_of", as_of)
    if as_of < case.referral.referred_on:
        raise InvalidValueError("deadlines_for", "as_of", "is before the referral date")
    case = case.as_of(as_of)
    applying, unknown = _evaluate(case, as_of)
    checks = tuple(
        DeadlineCheck(
            due.explain(), status=status, done_on=done_on, days_left=(due.due - as_of).days
        )
        for due, status, done_on in applying
    )
    return CaseDeadlines(case, as_of=as_of, checks=checks, unknown=tuple(unknown))


_Applying = tuple[_Due, DeadlineStatus, dt.date | None]
"""A deadline that applies: decided (not yet explained), its status, and when it was met."""


def _evaluate(case: Case, as_of: dt.date) -> tuple[list[_Applying], list[UnknownDeadline]]:
    """The deadlines that apply to ``case`` (already cut at ``as_of``) and those unknown:
    the one place that decides which deadlines apply and their status. Each is decided,
    not explained: :func:`deadlines_for` explains them (a :class:`Deadline` with its rule
    and citation), reports read only the code and status (lean)."""
    rules = case.rules
    referral = case.referral
    nation = referral.nation
    maker = case.decision_maker
    checks: list[_Applying] = []
    unknown: list[UnknownDeadline] = []
    ended_on = case.ended_on

    def attempt(
        code: str,
        description: str,
        make: Callable[[], _Due | UnknownDeadline | None],
        done_on: Callable[[], dt.date | None],
    ) -> None:
        try:
            deadline = make()
        except (PolicyRangeError, CalendarRangeError, ProvisionalCalendarError) as error:
            # No rule, no bank-holiday calendar (before 2012, after 2100) or, in strict mode,
            # only a provisional one: the deadline is listed as unknown, with the reason.
            unknown.append(UnknownDeadline(code, description=description, reason=str(error)))
            return
        if deadline is None:
            return
        if isinstance(deadline, UnknownDeadline):
            unknown.append(deadline)
        else:
            done = done_on()
            status = _status(_KINDS[deadline.code], deadline.due, done, as_of, ended_on)
            checks.append((deadline, status, done))

    decisions = case.decisions
    rgs = [d for d in decisions if d.stage is Stage.REASONABLE_GROUNDS]
    cgs = [d for d in decisions if d.stage is Stage.CONCLUSIVE_GROUNDS]
    cg_served = any(d.served_on is not None for d in cgs)

    born = referral.child.date_of_birth
    if not cg_served and born is None and ended_on is None:
        unknown.append(
            UnknownDeadline(
                "turns-eighteen",
                description="18th birthday",
                reason="the date of birth is unknown (record it to see the day the young "
                "person must consent to stay in the NRM)",
                citation=_DOB_OPTIONAL,
            )
        )
    elif not cg_served and born is not None:
        known: dt.date = born
        attempt(
            "turns-eighteen",
            "18th birthday",
            lambda: _turns_eighteen(known, nation, rules),
            lambda: case.turned_eighteen_on,
        )
    if maker is not None:
        rg_maker = rgs[0].decided_by if rgs else maker
        attempt(
            "rg-decision-due",
            "RG decision",
            lambda: _rg_due(referral.referred_on, rg_maker, nation, rules),
            lambda: rgs[0].decided_on if rgs else None,
        )
    if maker is not None and (cgs or (ended_on is None and case.state not in _NO_CG_AHEAD)):
        cg_maker = cgs[0].decided_by if cgs else maker
        attempt(
            "cg-decision-due",
            "CG decision",
            lambda: _cg_due(referral.referred_on, cg_maker, nation, rules),
            lambda: cgs[0].decided_on if cgs else None,
        )
    positive_rgs = [d for d in rgs if d.outcome is Outcome.POSITIVE]
    # No recovery period is observed once a Public Order Disqualification is applied (FR Guide
    # 2025 §12 and fn 12), so no earliest CG date; a CG decision is still required
    # (R (ABW) v SSHD [2025] EWHC 3280 (Admin)), so the case still waits for it.
    # A further RG decision after a re-referral has no further recovery period (NABA 2022
    # s.62; support runs under MSA 2015 s.50A(4) instead), so no earliest CG date either.
    further = case.re_referred_on is not None and bool(positive_rgs)
    further = further and positive_rgs[-1].decided_on >= (case.re_referred_on or dt.date.min)
    if (
        positive_rgs
        and maker is not None
        and case.pod_status is not PodStatus.APPLIED
        and not further
    ):
        rg = positive_rgs[-1]
        later = [d for d in cgs if d.decided_on >= rg.decided_on]
        attempt(
            "earliest-cg-decision",
            "Earliest CG decision",
            lambda: _earliest_cg(rg.decided_on, maker, nation, rules),
            lambda: later[0].decided_on if later else None,
        )
    served_negatives = [d for d in decisions if d.outcome is Outcome.NEGATIVE and d.served_on]
    if served_negatives and case.state is not State.WITHDRAWN:
        negative = served_negatives[-1]
        served_on = negative.served_on
        assert served_on is not None
        requests = [
            e.on
            for e in case.history
            if isinstance(e, ReconsiderationRequested) and e.on >= served_on
        ]
        attempt(
            "reconsideration-request-window",
            "Reconsideration request",
            lambda: _reconsideration_deadline(negative.decided_on, served_on, nation, rules),
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
            "reconsideration-reply-due",
            "Reply to reconsideration request",
            lambda: _reconsideration_reply_due(request.on, maker, nation, rules),
            lambda: replies[0] if replies else None,
        )

    return checks, unknown


def deadline_statuses(
    case: Case, as_of: dt.date
) -> tuple[tuple[tuple[str, DeadlineStatus], ...], dt.date | None]:
    """``(code, status)`` of each deadline :func:`deadlines_for` lists for ``case`` (cut at
    ``as_of`` by the caller), and the day the child stopped waiting: what reports count,
    without building the deadlines."""
    applying, _ = _evaluate(case, as_of)
    return tuple((due.code, status) for due, status, _ in applying), waited_until(case)


_NO_CG_AHEAD = frozenset(
    {State.RG_NEGATIVE_DECIDED, State.RG_NEGATIVE, State.RG_RECONSIDERATION_REQUESTED}
)
"""States after a negative RG decision: no CG decision is ahead unless it is reconsidered."""


def waiting_for_state(state: State) -> str:
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
