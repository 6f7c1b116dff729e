"""The coordinator's worklist: every open case, what is due, what is overdue, who must act.

A council's NRM coordinator asks one question each morning: which of my children's cases
are waiting, for whom, and which are past a target or about to be. :func:`rows` answers it
from any iterable of cases and an ``as_of`` day (pure: no clock, no files), one
:class:`Row` per case that is open on ``as_of`` (:meth:`Case.is_open
<nrm_core.Case.is_open>`), read one case at a time and in the order given, so it runs in
constant memory over any number of cases. :func:`worklist` returns the same rows sorted by
urgency (it keeps the rows it returns: filter first, or take :func:`most_urgent`).

Each row says:

* the state, who must act next (:class:`Actor`: the panel of site X, the SCA, the young
  person's consent at 18, or the council) and what they must do;
* the next deadline (a target or a window: ``rg-decision-due``, ``reconsideration-request-
  window``...) with its date, and every overdue target with how many days it is overdue;
* days waited since the referral (to the final decision's service, if it came);
* the :class:`Flag` values a coordinator acts on: ``overdue``; ``due-soon`` (within
  ``worklist_due_soon``, 10 working days); ``eighteen-soon`` (the 18th birthday within
  ``worklist_eighteen_notice``, 100 days: the pilot's line); ``reconsideration-closing`` (the
  window for asking closes within ``worklist_reconsideration_notice``, 10 days);
  ``long-wait`` (waiting longer than ``worklist_long_wait``, a year); ``sca-override`` (routed
  to the SCA against the rules, with its stated ground); ``date-of-birth-unknown`` (no date
  of birth is recorded, so the 18th birthday cannot be watched: record it). Every threshold
  is a policy
  parameter of the case's rules (a convention, marked unverified, that a council may
  change), or an argument.

Conventions: a deadline's "next" is the soonest target or window still to be met (an
earliest date, such as the SCA's earliest CG, is not a deadline anyone must meet, and the
18th birthday is shown only as the ``eighteen-soon`` flag and its own column, never as the
next deadline). Rows are grouped, most urgent first: overdue (most days overdue first), due
soon (soonest first), 18 soon (soonest first), then the rest (next deadline, then longest
wait).

**Dates of birth.** With ``redact=True`` nothing in a row gives away a date of birth: the
18th birthday is its month only, and the ``eighteen-soon`` flag is worked out from the first
day of that month (so it comes on up to a month early, and on the same day for every child
born that month: running the list on consecutive days never shows the day it changed for one
child). The order of rows never depends on the exact birthday either. Calendar files
(:func:`to_ics`) never carry the 18th birthday, a name or a date of birth: only case ids.

>>> import datetime as dt
>>> from nrm_core import Case, RoutedToPanel, apply
>>> from nrm_core.samples import example_referral
>>> from nrm_core.worklist import rows
>>> case = apply(Case(example_referral()), RoutedToPanel(dt.date(2026, 3, 2), "P1-01"))
>>> (row,) = rows([case], dt.date(2026, 4, 20))
>>> row.case_id, str(row.actor_text), row.action
('R-EXAMPLE-1', 'pilot panel P1-01', 'RG decision')
>>> [(item.code, item.days) for item in row.overdue]
[('rg-decision-due', 4)]
>>> sorted(flag.value for flag in row.flags)
['overdue']
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import heapq
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from nrm_core._validate import check_day
from nrm_core.ages import eighteenth_birthday
from nrm_core.calendar import Division
from nrm_core.deadlines import DeadlineKind, DeadlineStatus, deadlines_for, waiting_for_state
from nrm_core.decision import Stage
from nrm_core.errors import (
    CalendarRangeError,
    InvalidTypeError,
    InvalidValueError,
    PolicyRangeError,
    ProvisionalCalendarError,
)
from nrm_core.events import RoutedToPanel, RoutedToSca
from nrm_core.lifecycle import Case
from nrm_core.policy import DayCount, Duration
from nrm_core.rules import Rules
from nrm_core.states import State

__all__ = [
    "CSV_COLUMNS",
    "DECISION_MAKER_FILTERS",
    "Actor",
    "Filter",
    "Flag",
    "Group",
    "Item",
    "Row",
    "Thresholds",
    "Unread",
    "most_urgent",
    "rows",
    "to_csv",
    "to_ics",
    "to_json",
    "to_text",
    "worklist",
    "write_csv",
]


class Actor(enum.Enum):
    """Who must act next on an open case."""

    PILOT_PANEL = "pilot-panel"
    """The multi-agency panel of the case's pilot site (a decision, or a reply)."""
    SCA = "sca"
    """The Single Competent Authority (a decision, a review, the service of a decision)."""
    CONSENT_AT_18 = "consent-at-18"
    """The young person, who turned 18 without a CG decision: consent to stay in the NRM."""
    COUNCIL = "council"
    """The council: route a referral, resume a suspended case, or consider asking for the
    reconsideration of a negative decision with the child."""


class Flag(enum.Enum):
    """What a coordinator acts on (thresholds: :class:`Thresholds`)."""

    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    EIGHTEEN_SOON = "eighteen-soon"
    RECONSIDERATION_CLOSING = "reconsideration-closing"
    LONG_WAIT = "long-wait"
    SCA_OVERRIDE = "sca-override"
    DATE_OF_BIRTH_UNKNOWN = "date-of-birth-unknown"
    """No date of birth is recorded (the Home Office form's question is optional): the 18th
    birthday cannot be watched, and routing assumed the 100-day test; record it."""


class Group(enum.Enum):
    """The text worklist's groups, most urgent first."""

    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    EIGHTEEN_SOON = "eighteen-soon"
    REST = "rest"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Group.OVERDUE: "Overdue",
    Group.DUE_SOON: "Due soon",
    Group.EIGHTEEN_SOON: "18th birthday soon",
    Group.REST: "The rest",
}
_RANK = {group: rank for rank, group in enumerate(Group)}


@attrs.frozen
class Item:
    """A deadline on the worklist: ``days`` is how many days it is overdue (for an overdue
    item) or left (for the next deadline)."""

    code: str
    description: str = attrs.field(kw_only=True)
    due: dt.date = attrs.field(kw_only=True)
    days: int = attrs.field(kw_only=True)
    status: str = attrs.field(kw_only=True)


@attrs.frozen(kw_only=True)
class Thresholds:
    """The worklist's thresholds in days (``due_soon`` in working days)."""

    due_soon: int = 10
    eighteen: int = 100
    reconsideration: int = 10
    long_wait: int = 365

    @classmethod
    def from_rules(cls, rules: Rules, as_of: dt.date) -> Thresholds:
        """The values of the ``worklist_*`` policy parameters in force on ``as_of``."""
        policy = rules.policy

        def days(parameter: str, unit: DayCount) -> int:
            value: Duration = policy.get(parameter).value_at(as_of)
            if value.unit is not unit:
                raise InvalidValueError(
                    "Thresholds", parameter, f"must be a number of {unit.value.replace('-', ' ')}"
                )
            return value.amount

        return cls(
            due_soon=days("worklist_due_soon", DayCount.WORKING_DAYS),
            eighteen=days("worklist_eighteen_notice", DayCount.CALENDAR_DAYS),
            reconsideration=days("worklist_reconsideration_notice", DayCount.CALENDAR_DAYS),
            long_wait=days("worklist_long_wait", DayCount.CALENDAR_DAYS),
        )


@attrs.frozen
class Row:
    """One open case on the worklist (see the module's documentation for each column)."""

    case_id: str
    authority: str = attrs.field(kw_only=True)
    site_id: str | None = attrs.field(kw_only=True)
    """The pilot site of the panel deciding, or else the site covering the authority on the
    day (``None`` if none)."""
    state: State = attrs.field(kw_only=True)
    decision_maker: str | None = attrs.field(kw_only=True)
    actor: Actor = attrs.field(kw_only=True)
    action: str = attrs.field(kw_only=True)
    next_deadline: Item | None = attrs.field(kw_only=True)
    overdue: tuple[Item, ...] = attrs.field(kw_only=True)
    open_deadlines: tuple[Item, ...] = attrs.field(kw_only=True, repr=False)
    """Every target or window still to be met (what :func:`to_ics` writes)."""
    days_waited: int = attrs.field(kw_only=True)
    flags: frozenset[Flag] = attrs.field(kw_only=True)
    override: str | None = attrs.field(kw_only=True)
    """The stated ground of a route to the SCA against the rules (``sca-override``)."""
    eighteen_month: str | None = attrs.field(kw_only=True, repr=False)
    """The 18th birthday's month (``YYYY-MM``) while it matters (no CG served, turning 18
    not recorded); ``None`` otherwise."""
    eighteen_on: dt.date | None = attrs.field(kw_only=True, repr=False)
    """The 18th birthday itself (``None`` when redacted): never in ``repr``."""
    redacted: bool = attrs.field(kw_only=True, repr=False)

    @property
    def actor_text(self) -> str:
        """Who acts, in words ("pilot panel P1-01", "SCA", "the young person (consent at
        18)", "the council")."""
        if self.actor is Actor.PILOT_PANEL:
            return self.decision_maker or "pilot panel"
        return {
            Actor.SCA: "SCA",
            Actor.CONSENT_AT_18: "the young person (consent at 18)",
            Actor.COUNCIL: "the council",
        }[self.actor]

    @property
    def group(self) -> Group:
        """The text worklist's group: overdue, due soon, 18 soon or the rest."""
        if Flag.OVERDUE in self.flags:
            return Group.OVERDUE
        if Flag.DUE_SOON in self.flags or Flag.RECONSIDERATION_CLOSING in self.flags:
            return Group.DUE_SOON
        if Flag.EIGHTEEN_SOON in self.flags:
            return Group.EIGHTEEN_SOON
        return Group.REST

    @property
    def urgency(self) -> tuple[Any, ...]:
        """The sort key: group, then most days overdue / soonest date / longest wait."""
        group = self.group
        if group is Group.OVERDUE:
            within = -max(item.days for item in self.overdue)
        elif group is Group.DUE_SOON and self.next_deadline is not None:
            within = self.next_deadline.due.toordinal()
        elif group is Group.EIGHTEEN_SOON and self.eighteen_month is not None:
            within = _month_start(self.eighteen_month).toordinal()  # never the exact day
        elif self.next_deadline is not None:
            within = self.next_deadline.due.toordinal()
        else:
            within = dt.date.max.toordinal() - self.days_waited
        return (_RANK[group], within, self.case_id)

    def to_json(self) -> dict[str, Any]:
        """The row as JSON data (the columns of :data:`CSV_COLUMNS`, with lists)."""
        return {
            "case_id": self.case_id,
            "group": self.group.value,
            "authority": self.authority,
            "site_id": self.site_id,
            "state": self.state.value,
            "decision_maker": self.decision_maker,
            "who_acts": self.actor.value,
            "who_acts_text": self.actor_text,
            "action": self.action,
            "next_deadline": _item_json(self.next_deadline),
            "overdue": [_item_json(item) for item in self.overdue],
            "days_waited": self.days_waited,
            "flags": sorted(flag.value for flag in self.flags),
            "override": self.override,
            "eighteenth_birthday": self.eighteen_month
            if self.redacted
            else (self.eighteen_on.isoformat() if self.eighteen_on else None),
        }


def _item_json(item: Item | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "code": item.code,
        "description": item.description,
        "due": item.due.isoformat(),
        "days": item.days,
        "status": item.status,
    }


def _month_start(month: str) -> dt.date:
    return dt.date.fromisoformat(f"{month}-01")


@attrs.frozen
class Unread:
    """A record that could not be put on the worklist because it failed validation: where
    it is, its case id (if it could be read) and its problem codes. Listed, never dropped."""

    location: str
    case_id: str | None = attrs.field(kw_only=True)
    codes: tuple[str, ...] = attrs.field(kw_only=True)


# ----------------------------------------------------------------------------- rows

_TARGETS = (DeadlineKind.TARGET, DeadlineKind.WINDOW)
_STILL_TO_MEET = (DeadlineStatus.PENDING, DeadlineStatus.OVERDUE)
_DECIDED = frozenset(
    {
        State.RG_POSITIVE_DECIDED,
        State.RG_NEGATIVE_DECIDED,
        State.COMBINED_CG_POSITIVE_DECIDED,
        State.COMBINED_CG_NEGATIVE_DECIDED,
        State.CG_POSITIVE_DECIDED,
        State.CG_NEGATIVE_DECIDED,
    }
)
_COUNCIL = {
    State.REFERRED: "route the referral (to a pilot panel or the SCA)",
    State.SUSPENDED_AT_RG: "resume the case (suspended before the RG decision)",
    State.SUSPENDED_AT_CG: "resume the case (suspended before the CG decision)",
    State.RG_NEGATIVE: "consider asking for reconsideration of the negative RG decision",
    State.CG_NEGATIVE: "consider asking for reconsideration of the negative CG decision",
}


def _who(case: Case) -> tuple[Actor, str]:
    state = case.state
    if state in _COUNCIL:
        return Actor.COUNCIL, _COUNCIL[state]
    if state in (State.AWAITING_CONSENT_AT_RG, State.AWAITING_CONSENT_AT_CG):
        return Actor.CONSENT_AT_18, "consent to stay in the NRM after turning 18"
    maker = case.decision_maker
    if state in _DECIDED or maker is None or not maker.is_pilot_panel:
        return Actor.SCA, waiting_for_state(state)
    return Actor.PILOT_PANEL, waiting_for_state(state)


class _Row:
    """Builds rows for one ``as_of`` (the thresholds and working-day horizons, once)."""

    def __init__(self, as_of: dt.date, thresholds: Thresholds | None, redact: bool) -> None:
        self.as_of = as_of
        self.given = thresholds
        self.redact = redact
        self.by_rules: dict[int, Thresholds] = {}
        self.horizons: dict[tuple[int, Division], dt.date] = {}

    def thresholds(self, rules: Rules) -> Thresholds:
        if self.given is not None:
            return self.given
        key = id(rules.policy)
        found = self.by_rules.get(key)
        if found is None:
            found = self.by_rules[key] = Thresholds.from_rules(rules, self.as_of)
        return found

    def horizon(self, rules: Rules, division: Division, days: int) -> dt.date:
        """The last day that is "due soon": ``days`` working days after ``as_of``."""
        key = (id(rules), division)
        found = self.horizons.get(key)
        if found is None:
            try:
                found = rules.calendar(division).add_working_days(self.as_of, days)
            except (CalendarRangeError, ProvisionalCalendarError):
                found = self.as_of + dt.timedelta(days=days * 7 // 5)
            self.horizons[key] = found
        return found

    def build(self, case: Case) -> Row | None:
        as_of = self.as_of
        if not case.is_open(as_of):
            return None
        case = case.as_of(as_of)
        found = deadlines_for(case, as_of)
        limits = self.thresholds(case.rules)
        overdue: list[Item] = []
        still: list[Item] = []
        flags: set[Flag] = set()
        division = Division.ENGLAND_AND_WALES
        window_left: int | None = None
        next_check = None
        for check in found.checks:
            deadline = check.deadline
            if deadline.kind not in _TARGETS or check.status not in _STILL_TO_MEET:
                continue
            overdue_by = (as_of - deadline.due).days
            item = Item(
                deadline.code,
                description=deadline.description,
                due=deadline.due,
                days=overdue_by if check.status is DeadlineStatus.OVERDUE else check.days_left,
                status=check.status.value,
            )
            still.append(item)
            if check.status is DeadlineStatus.OVERDUE:
                overdue.append(item)
                continue
            if next_check is None or deadline.due < next_check.deadline.due:
                next_check = check
            if deadline.kind is DeadlineKind.WINDOW:
                window_left = check.days_left
        next_item = None
        if next_check is not None:
            next_item = next(i for i in still if i.code == next_check.deadline.code)
            division = next_check.deadline.division or Division.ENGLAND_AND_WALES
            if next_check.deadline.due <= self.horizon(case.rules, division, limits.due_soon):
                flags.add(Flag.DUE_SOON)
        if overdue:
            flags.add(Flag.OVERDUE)
        if window_left is not None and window_left <= limits.reconsideration:
            flags.add(Flag.RECONSIDERATION_CLOSING)
        if found.days_waited > limits.long_wait:
            flags.add(Flag.LONG_WAIT)
        override = _override(case)
        if override is not None:
            flags.add(Flag.SCA_OVERRIDE)
        eighteen_on, eighteen_month = self._eighteen(case, limits, flags)
        actor, action = _who(case)
        maker = case.decision_maker
        return Row(
            case.case_id,
            authority=case.referral.safeguarding_authority,
            site_id=_site(case, as_of),
            state=case.state,
            decision_maker=str(maker) if maker else None,
            actor=actor,
            action=action,
            next_deadline=next_item,
            overdue=tuple(sorted(overdue, key=lambda i: (-i.days, i.code))),
            open_deadlines=tuple(sorted(still, key=lambda i: (i.due, i.code))),
            days_waited=found.days_waited,
            flags=frozenset(flags),
            override=override,
            eighteen_month=eighteen_month,
            eighteen_on=None if self.redact else eighteen_on,
            redacted=self.redact,
        )

    def _eighteen(
        self, case: Case, limits: Thresholds, flags: set[Flag]
    ) -> tuple[dt.date | None, str | None]:
        """The 18th birthday and its month while it matters, and the flag (by the month's
        first day when redacted, so the flag never gives the day away)."""
        served_cg = any(
            d.stage is Stage.CONCLUSIVE_GROUNDS and d.served_on is not None for d in case.decisions
        )
        child = case.referral.child
        date_of_birth = child.date_of_birth
        if served_cg or case.turned_eighteen_on is not None:
            return None, None
        if date_of_birth is None:  # the birthday cannot be watched: the coordinator records it
            flags.add(Flag.DATE_OF_BIRTH_UNKNOWN)
            return None, None
        try:
            birthday = eighteenth_birthday(date_of_birth, case.referral.nation, rules=case.rules)
        except (PolicyRangeError, ValueError):
            return None, None
        month = birthday.isoformat()[:7]
        measured = birthday.replace(day=1) if self.redact else birthday
        if (measured - self.as_of).days <= limits.eighteen:
            flags.add(Flag.EIGHTEEN_SOON)
        return birthday, month


def _override(case: Case) -> str | None:
    for event in reversed(case.history):
        if isinstance(event, RoutedToPanel):
            return None
        if isinstance(event, RoutedToSca):
            return event.override.value if event.override is not None else None
    return None


def _site(case: Case, on: dt.date) -> str | None:
    maker = case.decision_maker
    if maker is not None and maker.site_id is not None:
        return maker.site_id
    sites = case.rules.sites.sites_for(case.referral.safeguarding_authority, on)
    return sites[0].site_id if sites else None


DECISION_MAKER_FILTERS = ("sca", "pilot-panel", "not-routed")
"""The values of :attr:`Filter.decision_maker`."""


def _maker_filter(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and value not in DECISION_MAKER_FILTERS:
        raise InvalidValueError(
            "Filter", "decision_maker", f"must be one of {', '.join(DECISION_MAKER_FILTERS)}"
        )


def _flag_filter(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Flag):
        raise InvalidTypeError("Filter", "flag", "expected a Flag")


@attrs.frozen(kw_only=True)
class Filter:
    """Which rows to keep: the safeguarding ``authority`` (GSS code), the ``site``
    (:attr:`Row.site_id`), the ``decision_maker`` (``"sca"``, ``"pilot-panel"`` or
    ``"not-routed"``) and a ``flag``; ``None`` keeps all."""

    authority: str | None = None
    site: str | None = None
    decision_maker: str | None = attrs.field(default=None, validator=_maker_filter)
    flag: Flag | None = attrs.field(default=None, validator=_flag_filter)

    def keeps(self, row: Row) -> bool:
        """Whether ``row`` passes every filter."""
        if self.authority is not None and row.authority != self.authority:
            return False
        if self.site is not None and row.site_id != self.site:
            return False
        if self.decision_maker is not None:
            kind = (
                "not-routed"
                if row.decision_maker is None
                else "sca"
                if row.decision_maker == "SCA"
                else "pilot-panel"
            )
            if self.decision_maker != kind:
                return False
        return self.flag is None or self.flag in row.flags


def rows(
    cases: Iterable[Case],
    as_of: dt.date,
    *,
    only: Filter | None = None,
    thresholds: Thresholds | None = None,
    redact: bool = False,
) -> Iterator[Row]:
    """One :class:`Row` per case open on ``as_of`` that ``only`` keeps, in the order of
    ``cases``, read one at a time (constant memory). ``thresholds`` default to each case's
    rules (:meth:`Thresholds.from_rules`); ``redact`` leaves out what gives away a date of
    birth."""
    check_day("worklist.rows", "as_of", as_of)
    if only is not None and not isinstance(only, Filter):
        raise InvalidTypeError("worklist.rows", "only", "expected a Filter")
    builder = _Row(as_of, thresholds, bool(redact))
    for case in cases:
        if not isinstance(case, Case):
            raise InvalidTypeError("worklist.rows", "cases", "expected an iterable of Case")
        row = builder.build(case)
        if row is not None and (only is None or only.keeps(row)):
            yield row


def worklist(cases: Iterable[Case], as_of: dt.date, **options: Any) -> list[Row]:
    """The rows of :func:`rows` (same options), most urgent first (see :attr:`Row.urgency`).

    It keeps the rows it returns (not the cases): filter to your authority or site, or use
    :func:`most_urgent`, for a bound on memory."""
    return sorted(rows(cases, as_of, **options), key=lambda row: row.urgency)


def most_urgent(cases: Iterable[Case], as_of: dt.date, n: int, **options: Any) -> list[Row]:
    """The ``n`` most urgent rows, most urgent first, keeping at most ``n`` rows at a time."""
    return heapq.nsmallest(n, rows(cases, as_of, **options), key=lambda row: row.urgency)


# ----------------------------------------------------------------------------- formats

CSV_COLUMNS = (
    "case_id",
    "group",
    "authority",
    "site_id",
    "state",
    "decision_maker",
    "who_acts",
    "action",
    "next_deadline",
    "next_deadline_due",
    "days_to_next_deadline",
    "overdue",
    "most_days_overdue",
    "days_waited",
    "flags",
    "override",
    "eighteenth_birthday",
    "record",
    "problems",
)
"""The CSV header (documented on the "Run a morning worklist" how-to). ``overdue``,
``flags`` and ``problems`` hold codes separated by ``;``. A record that failed validation is
a row with ``group`` ``invalid``, its ``record`` location and its ``problems``."""


def _csv_row(row: Row) -> list[Any]:
    data = row.to_json()
    following = row.next_deadline
    return [
        row.case_id,
        data["group"],
        row.authority,
        row.site_id or "",
        row.state.value,
        row.decision_maker or "",
        row.actor.value,
        row.action,
        following.code if following else "",
        following.due.isoformat() if following else "",
        following.days if following else "",
        ";".join(item.code for item in row.overdue),
        max((item.days for item in row.overdue), default=""),
        row.days_waited,
        ";".join(data["flags"]),
        row.override or "",
        data["eighteenth_birthday"] or "",
        "",
        "",
    ]


def _unread_csv(unread: Unread) -> list[Any]:
    blank = [""] * (len(CSV_COLUMNS) - 4)
    return [unread.case_id or "", "invalid", *blank, unread.location, ";".join(unread.codes)]


def write_csv(
    found: Iterable[Row], out: io.TextIOBase | Any, unread: Iterable[Unread] = ()
) -> None:
    """Write the rows (then the unread records) as CSV to ``out``, one row at a time."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in found:
        writer.writerow(_csv_row(row))
    for record in unread:
        writer.writerow(_unread_csv(record))


def to_csv(found: Iterable[Row], unread: Iterable[Unread] = ()) -> str:
    """The rows as CSV text (header first; see :data:`CSV_COLUMNS`)."""
    buffer = io.StringIO()
    write_csv(found, buffer, unread)
    return buffer.getvalue()


def to_json(
    found: Iterable[Row], as_of: dt.date, unread: Iterable[Unread] = (), *, redact: bool = False
) -> str:
    """The worklist as a JSON document: ``as_of``, ``rows`` and ``invalid`` records."""
    document = {
        "as_of": as_of.isoformat(),
        "redacted": redact,
        "rows": [row.to_json() for row in found],
        "invalid": [
            {"location": u.location, "case_id": u.case_id, "problems": list(u.codes)}
            for u in unread
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


CALENDAR_NOTE = (
    "NRM worklist deadlines, as of {as_of}. Each event carries a case id only: no name, no "
    "date of birth and no 18th birthday."
)


def to_ics(found: Iterable[Row], as_of: dt.date, unread: Iterable[Unread] = ()) -> str:
    """The worklist's deadlines as an iCalendar file (RFC 5545, written with the
    ``icalendar`` package): one all-day event per target or window still to be met on an
    open case (overdue ones on their past date), and one on ``as_of`` per record that failed
    validation. Events carry case ids only, and say so."""
    import icalendar  # a dependency used only here (kept out of the import of nrm_core)

    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)  # no clock
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//nrm_core//NRM worklist//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"NRM worklist {as_of.isoformat()}")
    calendar.add("x-wr-caldesc", CALENDAR_NOTE.format(as_of=as_of.isoformat()))
    for row in found:
        for item in row.open_deadlines:
            event = icalendar.Event()
            event.add("uid", f"{row.case_id}.{item.code}.{item.due.isoformat()}@nrm-core")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.due)
            event.add("dtend", item.due + dt.timedelta(days=1))
            event.add("summary", f"{row.case_id}: {item.description} ({item.status})")
            when = (
                f"overdue by {_days(item.days)}" if item.status == "overdue" else "still to be met"
            )
            event.add(
                "description",
                f"Case {row.case_id}: {item.description} due {item.due.isoformat()}, {when} "
                f"on {as_of.isoformat()}; who acts: {row.actor_text}. This event carries the "
                "case id only: no name or date of birth.",
            )
            event.add("categories", ["nrm-deadline", item.status])
            calendar.add_component(event)
    for record in unread:
        event = icalendar.Event()
        event.add("uid", f"invalid.{record.location}.{as_of.isoformat()}@nrm-core")
        event.add("dtstamp", stamp)
        event.add("dtstart", as_of)
        event.add("dtend", as_of + dt.timedelta(days=1))
        event.add("summary", f"Invalid record {record.location}: check it with nrm-core validate")
        event.add(
            "description",
            f"The record at {record.location} failed validation ({', '.join(record.codes)}) "
            "and is not on the worklist. No name or date of birth is shown.",
        )
        event.add("categories", ["nrm-invalid-record"])
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def to_text(
    found: Iterable[Row],
    as_of: dt.date,
    unread: Iterable[Unread] = (),
    *,
    heading: str | None = None,
) -> str:
    """The worklist for a person: grouped (overdue, due soon, 18 soon, the rest), most
    urgent first within each group, then the records that failed validation."""
    groups: dict[Group, list[Row]] = {group: [] for group in Group}
    for row in found:
        groups[row.group].append(row)
    lines = [heading or f"NRM worklist as of {as_of.isoformat()}"]
    total = sum(len(g) for g in groups.values())
    lines.append(f"{total:,} open case{'s' if total != 1 else ''}")
    for group, members in groups.items():
        members.sort(key=lambda row: row.urgency)
        lines += ["", f"{group.title} ({len(members):,})"]
        lines += [f"  {_text_line(row)}" for row in members] or ["  (none)"]
    bad = list(unread)
    if bad:
        lines += ["", f"Invalid records, not on the worklist ({len(bad):,}): see nrm-core validate"]
        for record in bad:
            which = f" (case {record.case_id})" if record.case_id else ""
            lines.append(f"  {record.location}{which}: {', '.join(record.codes)}")
    return "\n".join(lines) + "\n"


def _text_line(row: Row) -> str:
    parts = [row.case_id, row.authority, row.state.value, f"{row.actor_text}: {row.action}"]
    for item in row.overdue:
        parts.append(f"OVERDUE {item.description} by {_days(item.days)} (due {item.due})")
    if row.next_deadline is not None:
        item = row.next_deadline
        when = "today" if item.days == 0 else f"in {_days(item.days)}"
        parts.append(f"next: {item.description} {item.due} ({when})")
    parts.append(f"waited {_days(row.days_waited)}")
    if row.eighteen_month and Flag.EIGHTEEN_SOON in row.flags:
        shown = row.eighteen_month if row.redacted or row.eighteen_on is None else row.eighteen_on
        parts.append(f"18 on {shown}")
    if row.override:
        parts.append(f"SCA against the rules: {row.override}")
    others = sorted(f.value for f in row.flags if f is not Flag.OVERDUE)
    if others:
        parts.append(f"[{', '.join(others)}]")
    return "; ".join(parts)


def _days(count: int) -> str:
    return f"{count:,} day{'' if count == 1 else 's'}"
