"""A whole case explained: the JSON data and the text of ``nrm-core explain`` and
:meth:`Case.explain <nrm_core.Case.explain>` (private).

It sits above routing and the deadlines, whose renderers (``_explain``) it composes, and
below the lifecycle, which passes it the case and what can happen next
(:meth:`Case.explain <nrm_core.Case.explain>`): no import cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from nrm_core import _explain
from nrm_core.deadlines import deadlines_for
from nrm_core.eligibility import route
from nrm_core.events import RoutedToPanel, RoutedToSca

if TYPE_CHECKING:  # the lifecycle shows this explanation: it passes the case in
    from nrm_core.events import EventKind
    from nrm_core.lifecycle import Case


def case_data(
    case: Case, as_of: dt.date, next_events: Iterable[EventKind], *, redact: bool = False
) -> dict[str, Any]:
    """A case on ``as_of`` as JSON data: state, route, decisions, deadlines, history and
    ``next_events`` (what can happen next, from the lifecycle)."""
    now = case.as_of(as_of)
    referral = now.referral
    deadlines = deadlines_for(now, as_of)
    history = [
        {"on": e.on.isoformat(), "event": e.kind.value, "recorded_as": e.kind.recorded_as}
        for e in now.history
    ]
    if redact:
        history = [
            {**e, "on": e["on"][:7]} if e["event"] == "turned-eighteen" else e for e in history
        ]
    data: dict[str, Any] = {
        "case_id": now.case_id,
        "as_of": as_of.isoformat(),
        "child": str(referral.child),
        "referred_on": referral.referred_on.isoformat(),
        "safeguarding_authority": referral.safeguarding_authority,
        "state": now.state.value,
        "decision_maker": str(now.decision_maker) if now.decision_maker else None,
        "open": deadlines.is_open,
        "ended_on": deadlines.ended_on.isoformat() if deadlines.ended_on else None,
        "open_until": _open_until(now),
        "waiting_for": deadlines.waiting_for,
        "days_waited": deadlines.days_waited,
        "route": _explain.route_data(route(referral, rules=case.rules), redact=redact),
        "recorded_route": _recorded_route(now),
        "decisions": [
            {
                "stage": d.stage.value,
                "outcome": d.outcome.value,
                "decided_on": d.decided_on.isoformat(),
                "decided_by": str(d.decided_by),
                "sca_reviewed_on": d.sca_reviewed_on.isoformat() if d.sca_reviewed_on else None,
                "served_on": d.served_on.isoformat() if d.served_on else None,
            }
            for d in now.decisions
        ],
        "deadlines": _explain.deadlines_data(deadlines, redact=redact),
        "deadlines_not_computed": _explain.unknown_data(deadlines),
        "history": history,
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
            return {
                "on": event.on.isoformat(),
                "decision_maker": "SCA"
                if isinstance(event, RoutedToSca)
                else f"pilot panel {event.site_id}",
                "override": override.value if override else None,
                "override_meaning": override.meaning if override else None,
            }
    return None


def _open_until(case: Case) -> str | None:
    """The last day of an open case whose end is already known (a served negative decision's
    reconsideration window), else ``None``."""
    ended_on = case.ended_on
    return (ended_on - dt.timedelta(days=1)).isoformat() if ended_on else None


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
    lines += _explain.route_lines(data["route"], "Route by the rules on the referral date")
    if data["decisions"]:
        lines += ["", "Decisions:"]
        for d in data["decisions"]:
            lines.append(
                f"  {d['stage']} {d['outcome']}: decided {d['decided_on']} by "
                f"{d['decided_by']}; SCA review {d['sca_reviewed_on'] or '-'}; "
                f"served {d['served_on'] or '-'}"
            )
    lines.append("")
    lines += _explain.deadline_lines(data["deadlines"], data["deadlines_not_computed"])
    lines += ["", "History:"]
    for event in data["history"] or [{"on": data["referred_on"], "event": "(referral only)"}]:
        line = f"  {event['on']}  {event['event']}"
        if (
            event.get("recorded_as", f'"event": "{event["event"]}"')
            != f'"event": "{event["event"]}"'
        ):
            line += f" (in the file: {event['recorded_as']})"  # one vocabulary, two spellings
        lines.append(line)
    following = ", ".join(data["next_events"]) or "nothing (the case has ended)"
    lines += ["", f"What can happen next: {following}"]
    return lines
