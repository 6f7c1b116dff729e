"""The one renderer of findings: a route, a case's deadlines and a whole case as JSON data
for systems and as text (built from that data, so the two say the same) for people.

It knows no rule and imports none of the modules whose results it renders: each result
hands itself over (:meth:`Route.explain <nrm_core.Route.explain>`, :meth:`CaseDeadlines.explain
<nrm_core.deadlines.CaseDeadlines.explain>`), and the lifecycle, above routing and the
deadlines, a whole case with its route, deadlines and next events (:meth:`Case.explain
<nrm_core.Case.explain>`, ``nrm-core explain``).

``redact=True`` (applied in one place, :func:`_redacted`) leaves out what gives away the date
of birth: the 18th birthday (and the day turning 18 was recorded) is shown as a month, with
no count of days to it, and in that month its status is "this month" (not "pending" until
the day and "passed" after it, which run on consecutive days would give the day away). What
a redacted text still shows is listed on the pitfalls page. Without ``redact``, a child
already 18 on the day the cut-off is measured is said to be "18 on <day>": shown to a person
reading the route, kept out of the check's own message, its ``repr`` and errors.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from nrm_core.checks import Finding
from nrm_core.errors import InvalidValueError
from nrm_core.events import RoutedToPanel, RoutedToSca, TransferredToSca

if TYPE_CHECKING:  # rendered, never imported: each hands itself (or a case) over
    from nrm_core.deadlines import CaseDeadlines
    from nrm_core.eligibility import Route
    from nrm_core.events import EventKind
    from nrm_core.lifecycle import Case

BIRTHDAY_MONTH = "this-month"
"""A redacted 18th birthday's status in its own month."""

BIRTHDAY_CHECKS = {
    "before-age-cutoff": "more than {cutoff_days} days before the 18th birthday",
    "within-age-cutoff": "not more than {cutoff_days} days before the 18th birthday",
}
"""Routing checks whose message counts the days to the 18th birthday: their redacted text."""


def _cited(finding: Finding) -> dict[str, Any]:
    """A finding as JSON data: code, message, citation."""
    citation = str(finding.citation) if finding.citation else None
    return {"code": finding.code, "message": finding.message, "citation": citation}


def _redacted(
    kind: str, data: dict[str, Any], *, as_of: dt.date | None = None, inputs: Any = None
) -> dict[str, Any]:
    """``data`` (a routing ``check`` with its ``inputs``, a ``deadline`` as of ``as_of``, a
    history ``event``) with what gives away the date of birth taken out: the one place
    ``redact`` is applied."""
    if kind == "check" and data["code"] in BIRTHDAY_CHECKS:
        data["message"] = BIRTHDAY_CHECKS[data["code"]].format(**inputs)
    elif kind == "deadline" and data["code"] == "turns-eighteen":
        data.update(due=_month(data["due"]), days_left=None, done_on=_month(data["done_on"]))
        if as_of is not None and data["due"] == as_of.isoformat()[:7]:
            # In the birthday's month, "pending" would turn to "passed" on the day itself.
            data["status"] = BIRTHDAY_MONTH
    elif kind == "event" and data["event"] == "turned-eighteen":
        data["on"] = _month(data["on"])
    return data


def _month(day: str | None) -> str | None:
    return day[:7] if day else None


def route_data(route: Route, *, redact: bool = False) -> dict[str, Any]:
    """A route as JSON data: the decision maker, every check and every note."""
    checks = []
    for check in route.checks:
        inputs = dict(check.inputs)
        row = {"passed": check.passed, **_cited(check)}
        if inputs.get("already_18") == "true" and "measured_on" in inputs:
            shown = f"18 on {inputs['measured_on']}"
            row["message"] = row["message"].replace("already 18 on the day measured", shown)
        checks.append(_redacted("check", row, inputs=inputs) if redact else row)
    return {
        "decision_maker": str(route.decision_maker),
        "in_scope": route.in_scope,
        "confidence": route.confidence.value,
        "checks": checks,
        "notes": [_cited(note) for note in route.notes],
    }


def deadlines_data(deadlines: CaseDeadlines, *, redact: bool = False) -> dict[str, Any]:
    """Every deadline (``deadlines``) and every deadline with no date
    (``deadlines_not_computed``) as JSON data."""
    rows = []
    for c in deadlines.checks:
        row: dict[str, Any] = {
            "code": c.deadline.code,
            "description": c.deadline.description,
            "due": c.deadline.due.isoformat(),
            "kind": c.deadline.kind.value,
            "status": c.status.value,
            "done_on": c.done_on.isoformat() if c.done_on else None,
            "days_left": c.days_left,
            "rule": c.deadline.rule,
            "citation": str(c.deadline.citation),
            "calendar": c.deadline.division.value if c.deadline.division else None,
            "provisional": c.deadline.provisional,
        }
        rows.append(_redacted("deadline", row, as_of=deadlines.as_of) if redact else row)
    unknown = [
        {
            "code": u.code,
            "description": u.description,
            "reason": u.reason,
            "citation": str(u.citation) if u.citation else None,
        }
        for u in deadlines.unknown
    ]
    return {"deadlines": rows, "deadlines_not_computed": unknown}


def case_data(
    case: Case,
    as_of: dt.date,
    route: Route,
    deadlines: CaseDeadlines,
    next_events: Iterable[EventKind],
    *,
    redact: bool = False,
) -> dict[str, Any]:
    """A case as it stood on ``as_of`` as JSON data: state, route (by the rules on
    ``route.on``, and as recorded), decisions, deadlines, history and what can happen next
    (``next_events``)."""
    referral = case.referral
    history = [
        {"on": e.on.isoformat(), "event": e.kind.value, "recorded_as": e.kind.recorded_as}
        for e in case.history
    ]
    ended_on = case.ended_on  # of an open case: its reconsideration window's end
    data: dict[str, Any] = {
        "case_id": case.case_id,
        "as_of": as_of.isoformat(),
        "child": str(referral.child),
        "referred_on": referral.referred_on.isoformat(),
        "safeguarding_authority": referral.safeguarding_authority,
        "state": case.state.value,
        "decision_maker": str(case.decision_maker) if case.decision_maker else None,
        "open": deadlines.is_open,
        "ended_on": deadlines.ended_on.isoformat() if deadlines.ended_on else None,
        "open_until": (ended_on - dt.timedelta(days=1)).isoformat() if ended_on else None,
        "waiting_for": deadlines.waiting_for,
        "days_waited": deadlines.days_waited,
        "route": route_data(route, redact=redact),
        "route_on": route.on.isoformat(),
        "recorded_route": _recorded_route(case),
        "transferred": _transferred(case),
        "decisions": [
            {
                "stage": d.stage.value,
                "outcome": d.outcome.value,
                "decided_on": d.decided_on.isoformat(),
                "decided_by": str(d.decided_by),
                "sca_reviewed_on": d.sca_reviewed_on.isoformat() if d.sca_reviewed_on else None,
                "served_on": d.served_on.isoformat() if d.served_on else None,
            }
            for d in case.decisions
        ],
        **deadlines_data(deadlines, redact=redact),
        "history": [_redacted("event", e) for e in history] if redact else history,
        "next_events": [kind.value for kind in next_events],
    }
    if redact:
        data["redacted"] = True
    return data


def _recorded_route(case: Case) -> dict[str, Any] | None:
    """The latest route recorded in the history: to whom, when, and any override (a route to
    the SCA against the rules, with its stated ground)."""
    for event in reversed(case.history):
        if isinstance(event, RoutedToPanel | RoutedToSca):
            override = event.override if isinstance(event, RoutedToSca) else None
            to = "SCA" if isinstance(event, RoutedToSca) else f"pilot panel {event.site_id}"
            return {
                "on": event.on.isoformat(),
                "decision_maker": to,
                "override": override.value if override else None,
                "override_meaning": override.meaning if override else None,
            }
    return None


def _transferred(case: Case) -> dict[str, Any] | None:
    """A transfer to the SCA after the latest route recorded: when, and its reasons' codes
    (the reasons' words are in the history)."""
    for event in reversed(case.history):
        if isinstance(event, RoutedToPanel | RoutedToSca):
            return None
        if isinstance(event, TransferredToSca):
            return {"on": event.on.isoformat(), "reasons": [r.code for r in event.reasons]}
    return None


def route_lines(data: dict[str, Any], heading: str) -> list[str]:
    """The text of :func:`route_data`, under ``heading``."""
    lines = [f"{heading}: {data['decision_maker']}"]
    for check in data["checks"]:
        mark = "ok" if check["passed"] else "NO"
        lines.append(f"  {mark} [{check['code']}] {check['message']}")
    lines.extend(f"  note [{n['code']}] {n['message']}" for n in data["notes"])
    if data["notes"]:
        lines.append(
            f"  confidence: {data['confidence']} (the answer depends on the note"
            f"{'s' if len(data['notes']) > 1 else ''} above)"
        )
    return lines


def deadline_lines(data: dict[str, Any]) -> list[str]:
    """The text of :func:`deadlines_data`."""
    lines = ["Deadlines:"]
    for d in data["deadlines"]:
        flag = " (provisional bank holidays)" if d["provisional"] else ""
        calendar = f"; {d['calendar']} calendar" if d["calendar"] else ""
        lines.append(
            f"  {d['status']:<8} {d['description']}: {d['due']} ({d['kind']}{calendar}){flag}"
        )
        lines.append(f"           rule: {d['rule']}")
        lines.append(f"           source: {d['citation']}")
    for u in data["deadlines_not_computed"]:
        lines.append(f"  no date  {u['description']}: {u['reason']}")
        if u["citation"]:
            lines.append(f"           source: {u['citation']}")
    return lines


def case_lines(data: dict[str, Any]) -> list[str]:
    """The text of :func:`case_data`, as ``nrm-core explain`` prints it."""
    lines = [
        f"Case {data['case_id']}: {data['child']}, referred {data['referred_on']} "
        f"(safeguarding authority {data['safeguarding_authority']})",
        f"As of {data['as_of']}: {data['state']}; decision maker: {data['decision_maker'] or '-'}",
    ]
    if data["waiting_for"]:
        lines.append(f"Waiting {data['days_waited']} days so far, for: {data['waiting_for']}")
    elif data["open"] and data["open_until"]:
        lines.append(
            f"Decision served after {data['days_waited']} days; open until "
            f"{data['open_until']} for a reconsideration request"
        )
    else:
        lines.append(f"Ended on {data['ended_on']} after {data['days_waited']} days")
    lines.append("")
    recorded = data["recorded_route"]
    if recorded is not None:
        line = f"Route recorded on {recorded['on']}: {recorded['decision_maker']}"
        if recorded["override"]:
            line += (
                f", against the routing rules, for the stated ground [{recorded['override']}] "
                f"{recorded['override_meaning']}"
            )
        lines.append(line)
    heading = "Route by the rules on the referral date"
    if recorded is not None:  # the rules as the case stood then (a dispute, a POD status)
        heading = f"Route by the rules on {data['route_on']}, as the case stood when routed"
    lines += route_lines(data["route"], heading)
    if data["transferred"]:
        moved = data["transferred"]
        lines.append(f"Transferred to the SCA on {moved['on']}: {', '.join(moved['reasons'])}")
    if data["decisions"]:
        lines += ["", "Decisions:"]
        for d in data["decisions"]:
            lines.append(
                f"  {d['stage']} {d['outcome']}: decided {d['decided_on']} by "
                f"{d['decided_by']}; SCA review {d['sca_reviewed_on'] or '-'}; "
                f"served {d['served_on'] or '-'}"
            )
    lines += ["", *deadline_lines(data), "", "History:"]
    for event in data["history"] or [{"on": data["referred_on"], "event": "(referral only)"}]:
        line = f"  {event['on']}  {event['event']}"
        plain = f'"event": "{event["event"]}"'
        if event.get("recorded_as", plain) != plain:
            line += f" (in the file: {event['recorded_as']})"  # one vocabulary, two spellings
        lines.append(line)
    following = ", ".join(data["next_events"]) or "nothing (the case has ended)"
    return [*lines, "", f"What can happen next: {following}"]


def rendered(
    data: dict[str, Any], lines: Callable[[dict[str, Any]], list[str]], format: str, owner: str
) -> str:
    """The explanation in ``format``: ``"json"`` (``data``, as ``nrm-core explain --format
    json`` prints it) or ``"text"`` (its ``lines``, one a line)."""
    if format not in ("text", "json"):
        raise InvalidValueError(owner, "format", "must be 'text' or 'json'")
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=True)
    return "\n".join(lines(data))
