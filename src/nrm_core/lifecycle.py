"""The case lifecycle engine: pure event application over the transition table.

A :class:`Case` is an immutable value: a :class:`~nrm_core.Referral`, the
ordered history of events applied to it, and the :class:`~nrm_core.Rules` its
guards read. Its :attr:`Case.state` is not stored; it is derived by replaying
the history through :data:`~nrm_core.transitions.TRANSITIONS`. Constructing a
case replays every event with every guard, so an invalid history cannot exist.

* :func:`apply` returns a new case with one more event, or raises
  :class:`~nrm_core.TransitionRefused` listing **every** failed check;
* :func:`available_events` says what can happen next, as
  :class:`~nrm_core.EventKind` values you can :meth:`~nrm_core.EventKind.build`
  events from.

>>> import datetime as dt
>>> from nrm_core.lifecycle import available_events
>>> from nrm_core import Case, DecisionMaker, EventKind, RoutedToPanel, apply
>>> from nrm_core.samples import example_panel, example_referral
>>> case = Case(example_referral())
>>> case.state
<State.REFERRED: 'referred'>
>>> case = apply(case, RoutedToPanel(dt.date(2026, 3, 3), "P1-01"))
>>> decision = EventKind.RG_POSITIVE.build(
...     dt.date(2026, 3, 20), by=DecisionMaker.panel("P1-01"), panel=example_panel())
>>> case = apply(case, decision)
>>> case.state
<State.RG_POSITIVE_DECIDED: 'rg-positive-decided'>
>>> [kind.value for kind in available_events(case)][:2]
['sca-review-agreed', 'sca-review-returned']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from nrm_core import _render
from nrm_core._doc import Documented
from nrm_core._facts import Facts
from nrm_core._validate import check_day, instance_of, to_tuple, tuple_of
from nrm_core._windows import CaseType, reconsideration_due, waited_until
from nrm_core.checks import Finding
from nrm_core.deadlines import deadlines_for
from nrm_core.decision import Decision, DecisionMaker, Outcome
from nrm_core.eligibility import Routings, route
from nrm_core.errors import (
    CalendarRangeError,
    InvalidTypeError,
    InvalidValueError,
    PolicyRangeError,
    ProvisionalCalendarError,
    TransitionRefused,
)
from nrm_core.events import Event, EventKind, ReconsiderationRequested
from nrm_core.referral import PodStatus, Referral
from nrm_core.rules import Rules, resolve
from nrm_core.states import INITIAL_STATE, State
from nrm_core.transitions import (
    COMMON_CHECKS,
    NO_SUCH_TRANSITION,
    Context,
    Transition,
    row_for,
    rows_from,
)

__all__ = ["Case", "apply", "available_events", "routed_by_the_rules"]


def _refusals(
    referral: Referral, facts: Facts, event: Event, rules: Rules, routes: Routings | None
) -> tuple[Transition | None, list[Finding]]:
    """The row for the event and every finding of its checks (explained)."""
    row = row_for(facts.state, event.kind)
    context = Context(referral, facts, event, rules, routes)
    checks = row.checks if row is not None else COMMON_CHECKS
    findings = list(checks.findings(context))
    if row is None:
        possible = ", ".join(k.value for k in _available(referral, facts, rules, routes)) or "none"
        findings.insert(
            0,
            Finding(
                NO_SUCH_TRANSITION,
                message=f"a {event.kind.value!r} event cannot happen in state "
                f"{facts.state.value!r}; possible next events: {possible}",
            ),
        )
    return row, findings


def _step(
    referral: Referral,
    facts: Facts,
    event: Event,
    index: int | None,
    rules: Rules,
    routes: Routings | None = None,
) -> Facts:
    """One event applied as the table defines it. The row's checks are evaluated lean
    (:meth:`~nrm_core.checks.CheckTable.holds`: no message built), which is the path every
    allowed event takes; only when a check objects are they evaluated again, explained, so
    the refusal lists every finding. ``routes``: the case's routing answers (``None``: the
    guards ask the rules afresh)."""
    row = row_for(facts.state, event.kind)
    if row is None or not row.checks.holds(Context(referral, facts, event, rules, routes)):
        row, findings = _refusals(referral, facts, event, rules, routes)
        if findings or row is None:
            raise TransitionRefused(facts.state.value, event.kind.value, findings, index=index)
    return event.effect(facts).moved(row.target, event.on)


def _replayed(history: tuple[Event, ...], routes: Routings) -> Facts:
    """The facts after ``history``, each event applied by :func:`_step`."""
    referral, rules = routes.referral, routes.rules
    facts = Facts(INITIAL_STATE, pod_status=referral.pod_status)
    for index, event in enumerate(history):
        facts = _step(referral, facts, event, index, rules, routes)
    return facts


def _available(
    referral: Referral, facts: Facts, rules: Rules, routes: Routings | None
) -> tuple[EventKind, ...]:
    context = Context(referral, facts, None, rules, routes)
    return tuple(row.kind for row in rows_from(facts.state) if row.checks.holds(context))


def _rules(value: Rules | None) -> Rules:
    return resolve(value, "Case")


@attrs.frozen
class Case(CaseType, metaclass=Documented):
    """A referral and the ordered history of events applied to it, under ``rules``.

    Construction replays the history through the transition table and raises
    :class:`~nrm_core.TransitionRefused` (with the failing event's ``index``)
    if any event was not allowed. ``rules`` (default: :meth:`Rules.bundled`)
    supplies everything the guards read (panel quorum, sites under full review,
    the 29 February rule); it is part of the case's value, so local rules are
    explicit and never silently replaced.
    """

    referral: Referral = attrs.field(validator=instance_of(Referral, "a Referral"))
    history: tuple[Event, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Event, "an event")
    )
    rules: Rules = attrs.field(
        default=None,
        converter=_rules,
        repr=False,
        kw_only=True,
    )
    _facts: Facts = attrs.field(init=False, repr=False, eq=False)
    _routes: Routings = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        routes = Routings(self.referral, self.rules)
        object.__setattr__(self, "_facts", _replayed(self.history, routes))
        object.__setattr__(self, "_routes", routes)

    @property
    def case_id(self) -> str:
        """The referral id, which identifies the case."""
        return self.referral.referral_id

    @property
    def state(self) -> State:
        """The current state: the fold of the history through the transition table."""
        return self._facts.state

    @property
    def decision_maker(self) -> DecisionMaker | None:
        """Who decides now (``None`` until the case is routed)."""
        return self._facts.decision_maker

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every decision made, in order, with review and service dates filled in.

        A decision the SCA returned to the panel is not listed (the history keeps it).
        """
        return self._facts.decisions

    @property
    def pod_status(self) -> PodStatus:
        """Public Order Disqualification status: the referral's, updated by events."""
        return self._facts.pod_status

    @property
    def last_event_on(self) -> dt.date:
        """The date of the latest event (the referral date if there is none)."""
        return self._facts.last_event_on or self.referral.referred_on

    @property
    def turned_eighteen_on(self) -> dt.date | None:
        """When turning 18 was recorded, if it was."""
        return self._facts.turned_eighteen_on

    @property
    def age_disputed_on(self) -> dt.date | None:
        """When an age dispute was recorded (the latest), if one was."""
        return self._facts.age_disputed_on

    @property
    def re_referred_on(self) -> dt.date | None:
        """When the person was last re-referred after the case ended, if they were."""
        return self._facts.re_referred_on

    @property
    def ended_on(self) -> dt.date | None:
        """The day the case ended, or ends if nothing more is recorded; ``None`` while
        something is still awaited (a decision, its service, a reply, consent at 18...).

        Withdrawal, merger and the service of a positive CG decision end a case that day.
        A served negative decision ends it only once reconsideration can no longer be
        asked for: the day after the last day of the window in force when it was served
        (so this date may lie after the latest event), or the day a request was refused;
        where no time limit was in force, the day it was served. A re-referral opens the
        case again.

        >>> import datetime as dt
        >>> from nrm_core import Case, RoutedToPanel, Withdrawn, apply
        >>> from nrm_core.events import WithdrawalReason
        >>> from nrm_core.samples import example_referral
        >>> case = apply(Case(example_referral()), RoutedToPanel(dt.date(2026, 3, 2), "P1-01"))
        >>> case.ended_on is None
        True
        >>> apply(case, Withdrawn(dt.date(2026, 3, 4), WithdrawalReason.CHILD_REQUEST)).ended_on
        datetime.date(2026, 3, 4)
        """
        waited = waited_until(self)
        if waited is None or self.state not in (State.RG_NEGATIVE, State.CG_NEGATIVE):
            return waited
        served = [d for d in self.decisions if d.outcome is Outcome.NEGATIVE and d.served_on]
        negative = max(served, key=lambda d: d.served_on or dt.date.min)
        served_on = negative.served_on
        assert served_on is not None  # a served negative state has one
        if any(isinstance(e, ReconsiderationRequested) and e.on >= served_on for e in self.history):
            return self.last_event_on  # asked and refused: the decision stands
        try:
            found = reconsideration_due(
                negative.decided_on, served_on, self.referral.nation, self.rules
            )
        except (PolicyRangeError, CalendarRangeError, ProvisionalCalendarError):
            return served_on
        if found is None:
            return served_on
        # Counted from the decision, the window can close before the decision is served (a
        # long review): the case still ends no earlier than its service.
        return max(served_on, found.due + dt.timedelta(days=1))

    def is_open(self, as_of: dt.date) -> bool:
        """Whether the case was open at the end of ``as_of``: referred by then and not
        ended (see :attr:`ended_on`; events after ``as_of`` are not counted).

        >>> import datetime as dt
        >>> from nrm_core import Case, RoutedToPanel, Withdrawn, apply
        >>> from nrm_core.events import WithdrawalReason
        >>> from nrm_core.samples import example_referral
        >>> case = apply(Case(example_referral()), RoutedToPanel(dt.date(2026, 3, 2), "P1-01"))
        >>> case = apply(case, Withdrawn(dt.date(2026, 3, 4), WithdrawalReason.CHILD_REQUEST))
        >>> case.is_open(dt.date(2026, 3, 3)), case.is_open(dt.date(2026, 3, 4))
        (True, False)
        """
        check_day("Case.is_open", "as_of", as_of)
        if as_of < self.referral.referred_on:
            return False
        ended_on = self.as_of(as_of).ended_on
        return ended_on is None or as_of < ended_on

    def explain(self, as_of: dt.date, *, redact: bool = False, format: str = "text") -> str:
        """The case on ``as_of`` in plain English: state, how long the child has waited and
        for what, the route and why, decisions, deadlines, history and what can happen
        next. The same text as ``nrm-core explain``; ``format="json"`` gives the JSON data
        ``nrm-core explain --format json`` prints, for systems.

        ``redact=True`` leaves out what gives away the date of birth (the 18th birthday
        and the day turning 18 was recorded are shown as months, with no count of days).

        >>> import datetime as dt
        >>> from nrm_core import Case
        >>> from nrm_core.samples import example_referral
        >>> print(Case(example_referral()).explain(dt.date(2026, 3, 9)).splitlines()[1])
        As of 2026-03-09: referred; decision maker: -
        """
        if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
            raise InvalidTypeError("Case.explain", "as_of", "expected a datetime.date")
        if as_of < self.referral.referred_on:
            raise InvalidValueError("Case.explain", "as_of", "is before the referral date")
        now = self.as_of(as_of)
        asked, on = _route_asked(now)
        the_route, deadlines = route(asked, on, rules=self.rules), deadlines_for(now, as_of)
        data = _render.case_data(
            now, as_of, the_route, deadlines, available_events(now), redact=redact
        )
        return _render.rendered(data, _render.case_lines, format, "Case.explain")

    def as_of(self, day: dt.date) -> Case:
        """The case as it stood at the end of ``day`` (later events dropped; same rules)."""
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise InvalidTypeError("Case.as_of", "day", "expected a datetime.date")
        kept = tuple(event for event in self.history if event.on <= day)
        if len(kept) == len(self.history):
            return self
        return Case(self.referral, kept, rules=self.rules)


def _with(case: Case, event: Event, facts: Facts) -> Case:
    new: Any = Case.__new__(Case)
    for name, value in (
        ("referral", case.referral),
        ("history", (*case.history, event)),
        ("rules", case.rules),
        ("_facts", facts),
        ("_routes", case._routes),  # the same referral and rules
    ):
        object.__setattr__(new, name, value)
    result: Case = new
    return result


def apply(case: Case, event: Event) -> Case:
    """Return a new case with ``event`` appended; ``case`` itself never changes.

    Raises :class:`~nrm_core.TransitionRefused` listing every failed check.
    """
    if not isinstance(case, Case):
        raise InvalidTypeError("apply", "case", "expected a Case")
    if not isinstance(event, Event):
        raise InvalidTypeError("apply", "event", "expected an event (see nrm_core.events)")
    facts = _step(case.referral, case._facts, event, None, case.rules, case._routes)
    return _with(case, event, facts)


def available_events(case: Case) -> tuple[EventKind, ...]:
    """The kinds of event that may come next, each buildable with
    :meth:`EventKind.build <nrm_core.EventKind.build>`.

    The guards that do not depend on the event itself are already checked; date
    order and event fields are checked by :func:`apply`.
    """
    if not isinstance(case, Case):
        raise InvalidTypeError("available_events", "case", "expected a Case")
    return _available(case.referral, case._facts, case.rules, case._routes)


def _route_asked(case: Case) -> tuple[Referral, dt.date]:
    """What :meth:`Case.explain` asks the routing rules about: the last route recorded, on
    its day, with the referral as it stood then (what the replay checked it against); with
    no route yet, the referral as it stands (its disqualification status and any age
    dispute recorded) on the referral date."""
    for index in range(len(case.history) - 1, -1, -1):
        if case.history[index].kind in (EventKind.ROUTED_TO_PANEL, EventKind.ROUTED_TO_SCA):
            return routed_by_the_rules(case, index)[0], case.history[index].on
    facts = case._facts
    now = case._routes.as_it_stood(facts.pod_status, facts.age_disputed_on is not None)
    return now, case.referral.referred_on


def routed_by_the_rules(case: Case, index: int) -> tuple[Referral, DecisionMaker | None]:
    """For the route at ``case.history[index]``: the referral as it stood then (the
    disqualification status and any age dispute recorded before it), and who the routing
    rules give for it on the route's day (``None``: its authority is not in the register),
    as the replay's guards asked (the answer they worked out, if they asked: the rules run
    at most once a case for the same facts and day). This is what validation's
    ``route-differs`` query and the report's postcode-lottery table compare a recorded
    route with; :func:`~nrm_core.route` on the referral returned gives the reasons.

    Raises :class:`~nrm_core.errors.InvalidValueError` if that event is not a route.

    >>> import datetime as dt
    >>> from nrm_core import Case, RoutedToPanel
    >>> from nrm_core.lifecycle import routed_by_the_rules
    >>> from nrm_core.samples import example_referral
    >>> case = Case(example_referral(), [RoutedToPanel(dt.date(2026, 3, 3), "P1-01")])
    >>> then, maker = routed_by_the_rules(case, 0)
    >>> str(maker), then == case.referral
    ('pilot panel P1-01', True)
    """
    if not isinstance(case, Case):
        raise InvalidTypeError("routed_by_the_rules", "case", "expected a Case")
    if isinstance(index, bool) or not isinstance(index, int):
        raise InvalidTypeError("routed_by_the_rules", "index", "expected an int")
    if not -len(case.history) <= index < len(case.history):
        raise InvalidValueError(
            "routed_by_the_rules",
            "index",
            f"out of range: the case's history has {len(case.history)} event(s)",
        )
    index %= len(case.history)
    kind = case.history[index].kind
    if kind not in (EventKind.ROUTED_TO_PANEL, EventKind.ROUTED_TO_SCA):
        raise InvalidValueError(
            "routed_by_the_rules",
            "index",
            f"history[{index}] is a {kind.value!r} event, not a route",
        )
    routes = case._routes
    facts = _replayed(case.history[:index], routes)
    disputed = facts.age_disputed_on is not None
    referral = routes.as_it_stood(facts.pod_status, disputed)
    return referral, routes.decision_maker(case.history[index].on, facts.pod_status, disputed)
