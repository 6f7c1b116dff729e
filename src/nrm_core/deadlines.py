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
from nrm_core._sources import (
    FR_TOOLKIT_2026,
    HOME_OFFICE_FORM,
    PILOT_GENERAL_GUIDANCE,
    RECONSIDERATION_ANNEX_2025,
    P,
    cite,
)
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
from nrm_core.checks import Citation, stable_code
from nrm_core.decision import Decision, DecisionMaker, Outcome, Stage
from nrm_core.errors import (
    CalendarRangeError,
    InvalidTypeError,
    InvalidValueError,
    PolicyRangeError,
    ProvisionalCalendarError,
)
from nrm_core.events import (
    Event,
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    ReReferred,
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
    "DEADLINE_RULES",
    "CaseDeadlines",
    "Deadline",
    "DeadlineCheck",
    "DeadlineKind",
    "DeadlineRule",
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


def _deadline_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _KINDS:
        raise InvalidValueError(
            "Deadline", "code", f"must be one of {', '.join(_KINDS)}", code="invalid-value"
        )


_BIRTHDAY = "turns-eighteen"
"""The deadline whose date is the 18th birthday: it gives away the date of birth."""


def _repr_hiding(value: Any, hidden: tuple[str, ...]) -> str:
    """The repr attrs writes for ``value``, with the fields named in ``hidden`` (that give
    away a date of birth) not shown: ``repr`` reaches logs and tracebacks."""
    shown = ", ".join(
        f"{field.name}=<hidden>"
        if field.name in hidden
        else f"{field.name}={getattr(value, field.name)!r}"
        for field in attrs.fields(type(value))
        if field.repr
    )
    return f"{type(value).__name__}({shown})"


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

    def __repr__(self) -> str:
        """attrs' repr, but the 18th birthday's ``due`` is the birthday itself: hidden."""
        return _repr_hiding(self, ("due",) if self.code == _BIRTHDAY else ())

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
            _BIRTHDAY,
            description="18th birthday",
            due=birthday,
            counted_from=date_of_birth,
            period=None,
            rule=f"An age is attained at the start of the birthday; 29 February: {rule.value}",
            citation=citation,
        )

    return _Due(_BIRTHDAY, birthday, explain)


@attrs.frozen
class DeadlineCheck:
    """A deadline and its standing on ``as_of``; ``done_on`` is when the action happened."""

    deadline: Deadline
    status: DeadlineStatus = attrs.field(kw_only=True)
    done_on: dt.date | None = attrs.field(kw_only=True)
    days_left: int = attrs.field(kw_only=True)
    """Days from ``as_of`` to the due date (negative once it has passed)."""

    def __repr__(self) -> str:
        """attrs' repr; for the 18th birthday, ``days_left`` (with ``as_of``, the birthday)
        and ``done_on`` (the day turning 18 was recorded) hidden."""
        hidden = ("done_on", "days_left") if self.deadline.code == _BIRTHDAY else ()
        return _repr_hiding(self, hidden)


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


class _Subject:
    """What the deadline rules read of a case (cut at ``as_of``), worked out once for all
    of them."""

    __slots__ = (
        "case",
        "cgs",
        "decisions",
        "ended_on",
        "last_request",
        "maker",
        "nation",
        "open",
        "positive_rg",
        "rgs",
        "rules",
        "served_negative",
    )

    def __init__(self, case: Case, as_of: dt.date) -> None:
        self.case, self.rules, self.nation = case, case.rules, case.referral.nation
        self.maker, self.ended_on = case.decision_maker, case.ended_on
        self.open = self.ended_on is None or self.ended_on > as_of  # as Case.is_open reads it
        """Whether the case was open on ``as_of`` (a served negative decision's case stays
        open until its reconsideration window closes, a day :attr:`ended_on` already names)."""
        self.decisions = decisions = case.decisions
        self.rgs = [d for d in decisions if d.stage is Stage.REASONABLE_GROUNDS]
        self.cgs = [d for d in decisions if d.stage is Stage.CONCLUSIVE_GROUNDS]
        positives = [d for d in self.rgs if d.outcome is Outcome.POSITIVE]
        first_re_referral = next((e.on for e in case.history if isinstance(e, ReReferred)), None)
        self.positive_rg: Decision | None = (
            positives[-1]
            if positives
            and case.pod_status is not PodStatus.APPLIED
            and (first_re_referral is None or positives[-1].decided_on < first_re_referral)
            else None
        )
        """The last positive RG decision, if it opens a recovery period: none once a Public
        Order Disqualification is applied, or for a further RG decision after any re-referral
        (not only the last: a second re-referral does not make the first one's further RG
        decision open a recovery period)."""
        served = [d for d in decisions if d.outcome is Outcome.NEGATIVE and d.served_on]
        self.served_negative: Decision | None = served[-1] if served else None
        """The last negative decision served."""
        requests = [e for e in case.history if isinstance(e, ReconsiderationRequested)]
        self.last_request: ReconsiderationRequested | None = requests[-1] if requests else None

    def first_on(
        self, kinds: type[Event] | tuple[type[Event], ...], since: dt.date
    ) -> dt.date | None:
        """The day of the first event of ``kinds`` on or after ``since``."""
        return next(
            (e.on for e in self.case.history if isinstance(e, kinds) and e.on >= since), None
        )


_Applies = Callable[[_Subject], bool]
"""Whether a deadline applies to the case."""
_DueDate = Callable[[_Subject], "_Due | UnknownDeadline | None"]
"""Its due date (or why it has none; ``None``: no date to list)."""
_MetOn = Callable[[_Subject], "dt.date | None"]
"""The day it was met, if it was."""


@attrs.frozen
class DeadlineRule:
    """One row of :data:`DEADLINE_RULES`: a deadline, what its date means (``kind``), when
    it applies to a case (``when``, in words, and the rule that says so, ``citation``), and
    how its due date and the day it was met are read. The period's own rule and citation are
    on the :class:`Deadline` it gives."""

    code: str = attrs.field(validator=stable_code)
    kind: DeadlineKind = attrs.field(kw_only=True)
    description: str = attrs.field(kw_only=True)
    """What is due, as an unknown deadline names it (when the rules have no period for it)."""
    when: str = attrs.field(kw_only=True)
    citation: Citation = attrs.field(kw_only=True)
    applies: _Applies = attrs.field(kw_only=True, eq=False, repr=False)
    due: _DueDate = attrs.field(kw_only=True, eq=False, repr=False)
    done_on: _MetOn = attrs.field(kw_only=True, eq=False, repr=False)


def _unknown_birthday(s: _Subject) -> UnknownDeadline:
    return UnknownDeadline(
        _BIRTHDAY,
        description="18th birthday",
        reason="the date of birth is unknown (record it to see the day the young person must "
        "consent to stay in the NRM)",
        citation=_DOB_OPTIONAL,
    )


def _turning_eighteen(s: _Subject) -> _Due | UnknownDeadline:
    born = s.case.referral.child.date_of_birth
    return _unknown_birthday(s) if born is None else _turns_eighteen(born, s.nation, s.rules)


def _rg_decision(s: _Subject) -> _Due:
    maker = s.rgs[0].decided_by if s.rgs else s.maker
    assert maker is not None
    return _rg_due(s.case.referral.referred_on, maker, s.nation, s.rules)


def _cg_decision(s: _Subject) -> _Due | UnknownDeadline:
    maker = s.cgs[0].decided_by if s.cgs else s.maker
    assert maker is not None
    return _cg_due(s.case.referral.referred_on, maker, s.nation, s.rules)


def _earliest(s: _Subject) -> _Due | None:
    rg, maker = s.positive_rg, s.maker
    assert rg is not None
    assert maker is not None
    return _earliest_cg(rg.decided_on, maker, s.nation, s.rules)


def _earliest_done(s: _Subject) -> dt.date | None:
    rg = s.positive_rg
    assert rg is not None
    return next((d.decided_on for d in s.cgs if d.decided_on >= rg.decided_on), None)


def _request_window(s: _Subject) -> _Due | None:
    negative = s.served_negative
    assert negative is not None
    assert negative.served_on is not None
    return _reconsideration_deadline(negative.decided_on, negative.served_on, s.nation, s.rules)


def _requested(s: _Subject) -> dt.date | None:
    negative = s.served_negative
    assert negative is not None
    assert negative.served_on is not None
    return s.first_on(ReconsiderationRequested, negative.served_on)


def _reply(s: _Subject) -> _Due:
    request, maker = s.last_request, s.maker
    assert request is not None
    assert maker is not None
    return _reconsideration_reply_due(request.on, maker, s.nation, s.rules)


def _replied(s: _Subject) -> dt.date | None:
    request = s.last_request
    assert request is not None
    return s.first_on((ReconsiderationAccepted, ReconsiderationRefused), request.on)


_NO_CG_AHEAD = frozenset(
    {State.RG_NEGATIVE_DECIDED, State.RG_NEGATIVE, State.RG_RECONSIDERATION_REQUESTED}
)
"""States after a negative RG decision: no CG decision is ahead unless it is reconsidered."""

_RG_CG = cite(PILOT_GENERAL_GUIDANCE, "Introduction", P, "two-stage RG then CG decision")
_RECONSIDER = cite(
    RECONSIDERATION_ANNEX_2025, "Annex", P, "reconsideration of negative RG or CG decisions"
)

DEADLINE_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        _BIRTHDAY,
        kind=DeadlineKind.EVENT,
        description="18th birthday",
        when="until a CG decision is served; with no date of birth, listed as unknown while "
        "the case is open",
        citation=cite(FR_TOOLKIT_2026, "§5 and fn 4", P, "consent to stay in or withdraw at 18"),
        applies=lambda s: (
            not any(d.served_on is not None for d in s.cgs)
            and (s.case.referral.child.date_of_birth is not None or s.open)
        ),
        due=_turning_eighteen,
        done_on=lambda s: s.case.turned_eighteen_on,
    ),
    DeadlineRule(
        "rg-decision-due",
        kind=DeadlineKind.TARGET,
        description="RG decision",
        when="once the case is routed (counted for the maker of the first RG decision)",
        citation=_RG_CG,
        applies=lambda s: s.maker is not None,
        due=_rg_decision,
        done_on=lambda s: s.rgs[0].decided_on if s.rgs else None,
    ),
    DeadlineRule(
        "cg-decision-due",
        kind=DeadlineKind.TARGET,
        description="CG decision",
        when="once the case is routed, while a CG decision is ahead (not after a negative RG "
        "decision unless it is reconsidered, not once the case has ended) or once one is made",
        citation=_RG_CG,
        applies=lambda s: (
            s.maker is not None
            and bool(s.cgs or (s.ended_on is None and s.case.state not in _NO_CG_AHEAD))
        ),
        due=_cg_decision,
        done_on=lambda s: s.cgs[0].decided_on if s.cgs else None,
    ),
    DeadlineRule(
        "earliest-cg-decision",
        kind=DeadlineKind.EARLIEST,
        description="Earliest CG decision",
        when="after a positive RG decision by the SCA, which opens the recovery period (no "
        "earliest date is published for a pilot panel): not once a Public "
        "Order Disqualification is applied (FR Guide 2025 §12 and fn 12; a CG decision is still "
        "required, R (ABW) v SSHD [2025] EWHC 3280 (Admin)), nor after a further RG decision "
        "following a re-referral (NABA 2022 s.62; support runs under MSA 2015 s.50A(4))",
        citation=cite(
            PILOT_GENERAL_GUIDANCE,
            "Introduction",
            P,
            "a CG decision after at least the recovery period from the RG decision",
        ),
        applies=lambda s: s.maker is not None and s.positive_rg is not None,
        due=_earliest,
        done_on=_earliest_done,
    ),
    DeadlineRule(
        "reconsideration-request-window",
        kind=DeadlineKind.WINDOW,
        description="Reconsideration request",
        when="after a negative decision is served, unless the case was withdrawn",
        citation=_RECONSIDER,
        applies=lambda s: s.served_negative is not None and s.case.state is not State.WITHDRAWN,
        due=_request_window,
        done_on=_requested,
    ),
    DeadlineRule(
        "reconsideration-reply-due",
        kind=DeadlineKind.TARGET,
        description="Reply to reconsideration request",
        when="after a reconsideration request (the last one), while the case has a decision maker",
        citation=_RECONSIDER,
        applies=lambda s: s.maker is not None and s.last_request is not None,
        due=_reply,
        done_on=_replied,
    ),
)
"""Which deadlines apply to a case, and when: one cited row per deadline, in the order
:func:`deadlines_for` lists them. The rows are listed on the generated reference page.

:meta hide-value:
"""

_KINDS = {rule.code: rule.kind for rule in DEADLINE_RULES}
"""Each deadline's code and what its date means."""


def _evaluate(case: Case, as_of: dt.date) -> tuple[list[_Applying], list[UnknownDeadline]]:
    """The deadlines that apply to ``case`` (already cut at ``as_of``) and those unknown:
    :data:`DEADLINE_RULES` evaluated, each row decided, not explained: :func:`deadlines_for`
    explains them (a :class:`Deadline` with its rule and citation), reports read only the
    code and status (lean). A rule with no period, or no calendar, on the day its period
    would start lists its deadline as unknown, with the reason."""
    subject = _Subject(case, as_of)
    checks: list[_Applying] = []
    unknown: list[UnknownDeadline] = []
    for rule in DEADLINE_RULES:
        if not rule.applies(subject):
            continue
        try:
            deadline = rule.due(subject)
        except (PolicyRangeError, CalendarRangeError, ProvisionalCalendarError) as error:
            # No rule, no bank-holiday calendar (before 2012, after 2100) or, in strict mode,
            # only a provisional one.
            unknown.append(
                UnknownDeadline(rule.code, description=rule.description, reason=str(error))
            )
            continue
        if isinstance(deadline, UnknownDeadline):
            unknown.append(deadline)
        elif deadline is not None:
            done = rule.done_on(subject)
            status = _status(rule.kind, deadline.due, done, as_of, subject.ended_on)
            checks.append((deadline, status, done))
    return checks, unknown


def deadline_statuses(
    case: Case, as_of: dt.date
) -> tuple[tuple[tuple[str, DeadlineStatus], ...], dt.date | None]:
    """``(code, status)`` of each deadline :func:`deadlines_for` lists for ``case`` (cut at
    ``as_of`` by the caller), and the day the child stopped waiting: what reports count,
    without building the deadlines."""
    applying, _ = _evaluate(case, as_of)
    return tuple((due.code, status) for due, status, _ in applying), waited_until(case)


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
