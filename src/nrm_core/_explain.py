"""Plain-text and JSON explanations of a route, a case's deadlines and a whole case.

One place for the words, so the command line and any system embedding nrm_core show the
same text: :meth:`Route.explain <nrm_core.Route.explain>`,
:meth:`CaseDeadlines.explain <nrm_core.deadlines.CaseDeadlines.explain>` and
:meth:`Case.explain <nrm_core.Case.explain>` (through ``_case_text``) render through here.

``redact=True`` leaves out what gives away the date of birth: the 18th birthday (and the
day turning 18 was recorded) is shown as a month, with no count of days to it, and in that
month its status is "this month" (not "pending" until the day and "passed" after it, which
run on consecutive days would give the day away). What a redacted text still shows, and
so gives away about the date of birth, is listed on the pitfalls page.
Without ``redact``, a child already 18 on the day the cut-off is measured is said to be "18
on <day>": it bounds the date of birth, so it is shown to a person reading the route, and
kept out of the check's own message, its ``repr``, errors and redacted text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nrm_core.deadlines import CaseDeadlines
    from nrm_core.eligibility import Route

BIRTHDAY_MONTH = "this-month"
"""A redacted 18th birthday's status in its own month."""

BIRTHDAY_CHECKS = {
    "before-age-cutoff": "more than {cutoff_days} days before the 18th birthday",
    "within-age-cutoff": "not more than {cutoff_days} days before the 18th birthday",
}
"""Routing checks whose message counts the days to the 18th birthday: their redacted text."""


def route_data(route: Route, *, redact: bool = False) -> dict[str, Any]:
    """A route as JSON data: the decision maker, every check and every note."""
    checks = []
    for check in route.checks:
        message = check.reason.message
        inputs = dict(check.reason.inputs)
        if redact and check.reason.code in BIRTHDAY_CHECKS:
            message = BIRTHDAY_CHECKS[check.reason.code].format(**inputs)
        elif inputs.get("already_18") == "true" and "measured_on" in inputs:
            message = message.replace(
                "already 18 on the day measured", f"18 on {inputs['measured_on']}"
            )
        checks.append(
            {
                "passed": check.passed,
                "code": check.reason.code,
                "message": message,
                "citation": str(check.reason.citation) if check.reason.citation else None,
            }
        )
    return {
        "decision_maker": str(route.decision_maker),
        "in_scope": route.in_scope,
        "confidence": route.confidence.value,
        "checks": checks,
        "notes": [
            {
                "code": n.code,
                "message": n.message,
                "citation": str(n.citation) if n.citation else None,
            }
            for n in route.notes
        ],
    }


def route_lines(data: dict[str, Any], heading: str) -> list[str]:
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


def _month(day: str | None) -> str | None:
    return day[:7] if day else None


def deadlines_data(deadlines: CaseDeadlines, *, redact: bool = False) -> list[dict[str, Any]]:
    """Every deadline check as JSON data."""
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
        if redact and row["code"] == "turns-eighteen":
            row.update(due=_month(row["due"]), days_left=None, done_on=_month(row["done_on"]))
            if row["due"] == deadlines.as_of.isoformat()[:7]:
                # In the birthday's month, "pending" would turn to "passed" on the day itself.
                row["status"] = BIRTHDAY_MONTH
        rows.append(row)
    return rows


def unknown_data(deadlines: CaseDeadlines) -> list[dict[str, Any]]:
    """Every deadline with no date as JSON data: code, description, reason, citation."""
    return [
        {
            "code": u.code,
            "description": u.description,
            "reason": u.reason,
            "citation": str(u.citation) if u.citation else None,
        }
        for u in deadlines.unknown
    ]


def deadline_lines(rows: list[dict[str, Any]], unknown: list[dict[str, Any]]) -> list[str]:
    lines = ["Deadlines:"]
    for d in rows:
        flag = " (provisional bank holidays)" if d["provisional"] else ""
        calendar = f"; {d['calendar']} calendar" if d["calendar"] else ""
        lines.append(
            f"  {d['status']:<8} {d['description']}: {d['due']} ({d['kind']}{calendar}){flag}"
        )
        lines.append(f"           rule: {d['rule']}")
        lines.append(f"           source: {d['citation']}")
    for u in unknown:
        lines.append(f"  no date  {u['description']}: {u['reason']}")
        if u["citation"]:
            lines.append(f"           source: {u['citation']}")
    return lines
