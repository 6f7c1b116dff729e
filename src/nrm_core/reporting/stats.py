"""Waiting times and outcomes as figures whose definitions travel with them.

:func:`report` turns a collection of cases and an ``as_of`` date into
:class:`Table` values, per decision maker (each pilot site, all pilot sites,
the SCA, everyone) and per period (calendar quarters by default):

* ``referrals``: referrals received, by the decision maker they were first routed to;
* ``decisions``: RG and CG decisions and the share positive;
* ``waiting-times``: days from referral to RG, from RG to CG and from referral to
  CG (count, median, 90th percentile, mean);
* ``open-cases``: cases still waiting on ``as_of``, and for how long;
* ``deadlines``: cases past each deadline on ``as_of``;
* ``reconsiderations``: requested, accepted and refused;
* ``turned-18``: children who turned 18 before a CG decision was served;
* ``transfers``: pilot cases transferred to the SCA, by reason.

Every table states what each column counts, which dates it uses and how open
cases are treated, so a "101 days against 471" style figure cannot be misread.
These are children's records, so counts below ``suppress_below`` (default 5,
as statistics bodies do) are shown as ``[c]``, and so are statistics computed
from so few cases.

:func:`compare_policies` routes the same referrals under two policies and counts
the children each rule moves between the pilot and the SCA.

Percentiles use linear interpolation between closest ranks (Excel's
``PERCENTILE.INC``, numpy's default). Days are calendar days.

>>> import datetime as dt
>>> from nrm_core.reporting.synthetic import synthetic_cases
>>> cases = list(synthetic_cases(300, seed=1, as_of=dt.date(2026, 9, 30)))
>>> result = report(cases, as_of=dt.date(2026, 9, 30), period="year")
>>> [table.name for table in result.tables][:3]
['referrals', 'decisions', 'waiting-times']
>>> referrals = result.table("referrals")
>>> referrals.columns
('period', 'decision_maker', 'referrals')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs

from nrm_core.ages import eighteenth_birthday
from nrm_core.deadlines import DeadlineStatus, deadlines_for
from nrm_core.decision import Decision, DecisionMaker, Outcome, Stage
from nrm_core.eligibility import route
from nrm_core.errors import InvalidValueError
from nrm_core.events import (
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    RoutedToPanel,
    RoutedToSca,
    TransferredToSca,
)
from nrm_core.lifecycle import Case
from nrm_core.referral import Referral
from nrm_core.rules import Rules, resolve
from nrm_core.states import State

__all__ = [
    "SUPPRESSED",
    "Report",
    "Table",
    "compare_policies",
    "percentile",
    "report",
]

SUPPRESSED = "[c]"
"""The marker shown instead of a small count (or a statistic from few cases)."""
ALL = "all"
ALL_PILOT = "all pilot sites"
SCA = "SCA"

Period = Literal["quarter", "month", "year"]


@attrs.frozen
class Table:
    """A table of figures, with each column's definition and notes."""

    name: str
    title: str = attrs.field(kw_only=True)
    columns: tuple[str, ...] = attrs.field(kw_only=True)
    rows: tuple[tuple[Any, ...], ...] = attrs.field(kw_only=True)
    definitions: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True)
    """(column, what it counts / which dates / how open cases are treated)."""
    notes: tuple[str, ...] = attrs.field(default=(), kw_only=True)

    def to_rows(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        """The table as CSV (header row first); definitions are not included."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buffer.getvalue()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "columns": list(self.columns),
            "rows": [list(row) for row in self.rows],
            "definitions": dict(self.definitions),
            "notes": list(self.notes),
        }

    def to_text(self) -> str:
        """An aligned plain-text rendering with the definitions underneath."""
        cells = [list(self.columns)] + [[_show(value) for value in row] for row in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = [self.title, "=" * len(self.title)]
        for index, row in enumerate(cells):
            lines.append(
                "  ".join(
                    cell.rjust(w) if index and _numeric(cell) else cell.ljust(w)
                    for cell, w in zip(row, widths, strict=True)
                ).rstrip()
            )
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
        if not self.rows:
            lines.append("(no rows)")
        if self.definitions:
            lines.append("Definitions:")
            lines.extend(f"  {column}: {text}" for column, text in self.definitions)
        lines.extend(f"Note: {note}" for note in self.notes)
        return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)


def _numeric(cell: str) -> bool:
    return cell.replace(".", "", 1).isdigit() or cell == SUPPRESSED


@attrs.frozen
class Report:
    """Every table, and how it was made."""

    as_of: dt.date
    cases: int = attrs.field(kw_only=True)
    suppress_below: int = attrs.field(kw_only=True)
    tables: tuple[Table, ...] = attrs.field(kw_only=True)

    def table(self, name: str) -> Table:
        """The table called ``name`` (``KeyError`` if absent)."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def to_text(self) -> str:
        header = (
            f"nrm_core report as of {self.as_of.isoformat()}: {self.cases} case(s); counts below "
            f"{self.suppress_below} shown as {SUPPRESSED}\n"
        )
        return header + "\n" + "\n".join(table.to_text() for table in self.tables)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "cases": self.cases,
            "suppress_below": self.suppress_below,
            "suppressed_marker": SUPPRESSED,
            "tables": [table.to_json() for table in self.tables],
        }

    def to_csv(self) -> dict[str, str]:
        """One CSV text per table, by table name."""
        return {table.name: table.to_csv() for table in self.tables}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values`` by linear interpolation (inclusive).

    >>> percentile([1, 2, 3, 4], 50)
    2.5
    >>> percentile([10], 90)
    10.0
    """
    if not values:
        raise InvalidValueError("percentile", "values", "must not be empty")
    if not 0 <= q <= 100:
        raise InvalidValueError("percentile", "q", "must be between 0 and 100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def _period_label(day: dt.date, period: Period) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _maker_label(maker: DecisionMaker | None) -> str:
    if maker is None:
        return "not yet routed"
    return SCA if maker.site_id is None else maker.site_id


def _groups(label: str) -> tuple[str, ...]:
    """A maker's own row and the aggregate rows it counts towards."""
    if label == SCA:
        return (SCA, ALL)
    if label == "not yet routed":
        return (label, ALL)
    return (label, ALL_PILOT, ALL)


def _order(label: str) -> tuple[int, str]:
    return ({ALL: 3, ALL_PILOT: 1, SCA: 2}.get(label, 0), label)


class _Suppressor:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold

    def count(self, value: int) -> int | str:
        return SUPPRESSED if 0 < value < self.threshold else value

    def stat(self, count: int, value: float | None) -> float | str | None:
        if value is None:
            return None
        return SUPPRESSED if count < self.threshold else round(value, 1)


def _summary(values: Sequence[int], s: _Suppressor) -> tuple[Any, ...]:
    n = len(values)
    if not n:
        return (0, None, None, None)
    return (
        s.count(n),
        s.stat(n, percentile(values, 50)),
        s.stat(n, percentile(values, 90)),
        s.stat(n, sum(values) / n),
    )


def _decision_date(decision: Decision, basis: str) -> dt.date | None:
    return decision.served_on if basis == "served" else decision.decided_on


def report(
    cases: Iterable[Case],
    *,
    as_of: dt.date,
    period: Period = "quarter",
    suppress_below: int = 5,
    decision_dates: Literal["decided", "served"] = "decided",
) -> Report:
    """Every table for ``cases`` as they stood on ``as_of``.

    ``decision_dates`` chooses whether a decision counts on the day it was
    decided (the panel or SCA decision, the default) or the day it was served.
    ``suppress_below=0`` shows every count. Each case is measured under its own
    rules (:attr:`Case.rules <nrm_core.Case.rules>`).
    """
    if suppress_below < 0:
        raise InvalidValueError("report", "suppress_below", "must not be negative")
    s = _Suppressor(suppress_below)
    referrals: Counter[tuple[str, str]] = Counter()
    decided: Counter[tuple[str, str, str]] = Counter()
    positive: Counter[tuple[str, str, str]] = Counter()
    waits: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    open_waits: dict[str, list[int]] = defaultdict(list)
    open_over_year: Counter[str] = Counter()
    open_for: Counter[tuple[str, str]] = Counter()
    past: Counter[tuple[str, str, str]] = Counter()
    recon: Counter[tuple[str, str, str]] = Counter()
    turned: Counter[str] = Counter()
    transfers: Counter[tuple[str, str]] = Counter()
    total = 0
    for original in cases:
        if original.referral.referred_on > as_of:
            continue
        case = original.as_of(as_of)
        total += 1
        first = next((e for e in case.history if isinstance(e, RoutedToPanel | RoutedToSca)), None)
        first_label = (
            "not yet routed" if first is None
            else SCA if isinstance(first, RoutedToSca) else first.site_id
        )  # fmt: skip
        current = _maker_label(case.decision_maker)
        referred = case.referral.referred_on
        ref_period = _period_label(referred, period)
        for group in _groups(first_label):
            referrals[(ref_period, group)] += 1

        rgs = [d for d in case.decisions if d.stage is Stage.REASONABLE_GROUNDS]
        cgs = [d for d in case.decisions if d.stage is Stage.CONCLUSIVE_GROUNDS]
        for decision in case.decisions:
            day = _decision_date(decision, decision_dates)
            if day is None:
                continue
            label = _maker_label(decision.decided_by)
            for group in _groups(label):
                key = (_period_label(day, period), group, decision.stage.abbreviation)
                decided[key] += 1
                positive[key] += decision.outcome is Outcome.POSITIVE
        first_rg = next((d for d in rgs if _decision_date(d, decision_dates)), None)
        first_cg = next((d for d in cgs if _decision_date(d, decision_dates)), None)
        if first_rg is not None:
            rg_day = _decision_date(first_rg, decision_dates)
            assert rg_day is not None
            label = _maker_label(first_rg.decided_by)
            for group in _groups(label):
                waits[(_period_label(rg_day, period), group, "referral-to-rg")].append(
                    (rg_day - referred).days
                )
            if first_cg is not None:
                cg_day = _decision_date(first_cg, decision_dates)
                assert cg_day is not None
                cg_label = _maker_label(first_cg.decided_by)
                for group in _groups(cg_label):
                    key_period = _period_label(cg_day, period)
                    waits[(key_period, group, "rg-to-cg")].append((cg_day - rg_day).days)
                    waits[(key_period, group, "referral-to-cg")].append((cg_day - referred).days)

        deadlines = deadlines_for(case, as_of)
        if deadlines.waiting_for is not None and case.decision_maker is not None:
            for group in _groups(current):
                open_waits[group].append(deadlines.days_waited)
                open_over_year[group] += deadlines.days_waited > 365
                stage = (
                    "CG"
                    if case.state.value.startswith(
                        ("awaiting-cg", "cg", "suspended-at-cg", "awaiting-consent-at-cg")
                    )
                    else "RG"
                )
                open_for[(group, stage)] += 1
        for check in deadlines.checks:
            if check.status in (DeadlineStatus.OVERDUE, DeadlineStatus.MISSED):
                for group in _groups(current):
                    past[(group, check.deadline.code, check.status.value)] += 1

        maker_now: str = first_label
        for event in case.history:
            if isinstance(event, RoutedToPanel | RoutedToSca):
                maker_now = SCA if isinstance(event, RoutedToSca) else event.site_id
            elif isinstance(event, TransferredToSca):
                for reason in event.reasons:
                    for group in _groups(maker_now)[:-1]:
                        transfers[(group, reason.code)] += 1
                maker_now = SCA
            elif isinstance(event, ReconsiderationRequested | ReconsiderationAccepted |
                            ReconsiderationRefused):  # fmt: skip
                kind = event.kind.value.removeprefix("reconsideration-")
                for group in _groups(maker_now):
                    recon[(_period_label(event.on, period), group, kind)] += 1

        served_cg = [d.served_on for d in cgs if d.served_on is not None]
        birthday = eighteenth_birthday(
            case.referral.child.date_of_birth,
            case.referral.nation,
            rules=case.rules,
        )
        end = min(served_cg) if served_cg else as_of
        if referred < birthday <= end and case.decision_maker is not None:
            for group in _groups(current):
                turned[group] += 1

    tables = (
        _referrals_table(referrals, s),
        _decisions_table(decided, positive, s, decision_dates),
        _waits_table(waits, s, decision_dates),
        _open_table(open_waits, open_over_year, open_for, s, as_of),
        _past_table(past, s, as_of),
        _recon_table(recon, s),
        _turned_table(turned, s, as_of),
        _transfers_table(transfers, s),
    )
    return Report(as_of, cases=total, suppress_below=suppress_below, tables=tables)


_AFTER_RG = frozenset(
    {
        State.AWAITING_CG,
        State.CG_POSITIVE_DECIDED,
        State.CG_NEGATIVE_DECIDED,
        State.CG_RECONSIDERATION_REQUESTED,
        State.SUSPENDED_AT_CG,
        State.AWAITING_CONSENT_AT_CG,
        State.COMBINED_CG_POSITIVE_DECIDED,
        State.COMBINED_CG_NEGATIVE_DECIDED,
    }
)
"""Waiting states after the RG stage (combined decisions count as awaiting CG service)."""

_MAKER_DEF = (
    "decision_maker",
    "a pilot site's id, 'all pilot sites', 'SCA' or 'all' (every case counted once)",
)


def _referrals_table(counts: Counter[tuple[str, str]], s: _Suppressor) -> Table:
    rows = tuple(
        (p, g, s.count(n))
        for (p, g), n in sorted(counts.items(), key=lambda i: (i[0][0], _order(i[0][1])))
    )
    return Table(
        "referrals",
        title="Referrals received",
        columns=("period", "decision_maker", "referrals"),
        rows=rows,
        definitions=(
            ("period", "the period the referral date falls in"),
            _MAKER_DEF,
            (
                "referrals",
                "referrals received, by the decision maker they were first routed to "
                "(cases not yet routed are counted as 'not yet routed')",
            ),
        ),
    )


def _decisions_table(
    decided: Counter[tuple[str, str, str]],
    positive: Counter[tuple[str, str, str]],
    s: _Suppressor,
    basis: str,
) -> Table:
    rows = []
    for key in sorted(decided, key=lambda k: (k[0], _order(k[1]), k[2])):
        n = decided[key]
        share = 100 * positive[key] / n if n else None
        rows.append((key[0], key[1], key[2], s.count(n), s.stat(n, share)))
    return Table(
        "decisions",
        title="Reasonable Grounds and Conclusive Grounds decisions",
        columns=("period", "decision_maker", "stage", "decisions", "percent_positive"),
        rows=tuple(rows),
        definitions=(
            ("period", f"the period the decision was {basis} in"),
            ("decision_maker", "who made the decision (a pilot panel or the SCA)"),
            ("stage", "RG (Reasonable Grounds) or CG (Conclusive Grounds)"),
            (
                "decisions",
                f"decisions {basis} in the period; an RG and CG made at one pilot "
                "meeting count once each; decisions returned by the SCA are not counted",
            ),
            ("percent_positive", "positive decisions as a percentage of decisions"),
        ),
    )


def _waits_table(waits: dict[tuple[str, str, str], list[int]], s: _Suppressor, basis: str) -> Table:
    rows = []
    for key in sorted(waits, key=lambda k: (k[0], _order(k[1]), k[2])):
        rows.append((key[0], key[1], key[2], *_summary(waits[key], s)))
    return Table(
        "waiting-times",
        title="Days waited for decisions (completed waits)",
        columns=(
            "period",
            "decision_maker",
            "measure",
            "count",
            "median_days",
            "p90_days",
            "mean_days",
        ),
        rows=tuple(rows),
        definitions=(
            ("period", f"the period the later decision was {basis} in"),
            ("decision_maker", "who made the later decision"),
            (
                "measure",
                "referral-to-rg: referral date to the first RG decision; rg-to-cg: first "
                "RG decision to the first CG decision (0 when made at one meeting); "
                "referral-to-cg: referral date to the first CG decision",
            ),
            (
                "count",
                "completed waits; cases still waiting are NOT included here (see "
                "open-cases), so these figures understate waits while backlogs grow",
            ),
            ("median_days", "median, in calendar days (linear interpolation)"),
            ("p90_days", "90th percentile, in calendar days (linear interpolation)"),
            ("mean_days", "arithmetic mean, in calendar days"),
        ),
    )


def _open_table(
    waits: dict[str, list[int]],
    over_year: Counter[str],
    waiting_for: Counter[tuple[str, str]],
    s: _Suppressor,
    as_of: dt.date,
) -> Table:
    rows = []
    for group in sorted(waits, key=_order):
        values = waits[group]
        summary = _summary(values, s)
        rows.append(
            (
                group,
                summary[0],
                s.count(waiting_for[(group, "RG")]),
                s.count(waiting_for[(group, "CG")]),
                summary[1],
                summary[2],
                s.count(over_year[group]),
            )
        )
    return Table(
        "open-cases",
        title=f"Cases still waiting on {as_of.isoformat()}",
        columns=(
            "decision_maker",
            "waiting",
            "waiting_for_rg",
            "waiting_for_cg",
            "median_days",
            "p90_days",
            "waiting_over_365_days",
        ),
        rows=tuple(rows),
        definitions=(
            ("decision_maker", "who holds the case now (after any transfer)"),
            (
                "waiting",
                "routed cases not ended on as_of (ended: a served CG, a served "
                "negative RG not under reconsideration, or withdrawal)",
            ),
            ("waiting_for_rg", "waiting cases before their RG decision is served"),
            ("waiting_for_cg", "waiting cases after a positive RG, before the CG is served"),
            ("median_days", "median days from referral to as_of, in calendar days"),
            ("p90_days", "90th percentile days from referral to as_of"),
            ("waiting_over_365_days", "waiting cases referred more than 365 days before as_of"),
        ),
    )


def _past_table(past: Counter[tuple[str, str, str]], s: _Suppressor, as_of: dt.date) -> Table:
    rows = tuple(
        (g, code, status, s.count(n))
        for (g, code, status), n in sorted(past.items(), key=lambda i: (_order(i[0][0]), i[0][1:]))
    )
    return Table(
        "deadlines",
        title=f"Cases past a deadline on {as_of.isoformat()}",
        columns=("decision_maker", "deadline", "status", "cases"),
        rows=rows,
        definitions=(
            ("decision_maker", "who holds the case now"),
            (
                "deadline",
                "the deadline's code (see nrm_core.deadlines; rules in force on the "
                "day each period started)",
            ),
            ("status", "overdue: not done and the date has passed; missed: done after the date"),
            ("cases", "cases with that deadline in that status on as_of"),
        ),
    )


def _recon_table(recon: Counter[tuple[str, str, str]], s: _Suppressor) -> Table:
    keys = sorted({(p, g) for p, g, _ in recon}, key=lambda k: (k[0], _order(k[1])))
    rows = tuple(
        (p, g, s.count(recon[(p, g, "requested")]), s.count(recon[(p, g, "accepted")]),
         s.count(recon[(p, g, "refused")]))
        for p, g in keys
    )  # fmt: skip
    return Table(
        "reconsiderations",
        title="Reconsideration requests",
        columns=("period", "decision_maker", "requested", "accepted", "refused"),
        rows=rows,
        definitions=(
            ("period", "the period of the request or reply date"),
            ("decision_maker", "who held the case when the event happened"),
            ("requested", "reconsideration requests of negative RG or CG decisions"),
            ("accepted", "requests the competent authority agreed to reconsider"),
            ("refused", "requests it refused"),
        ),
    )


def _turned_table(turned: Counter[str], s: _Suppressor, as_of: dt.date) -> Table:
    rows = tuple((g, s.count(n)) for g, n in sorted(turned.items(), key=lambda i: _order(i[0])))
    return Table(
        "turned-18",
        title="Children who turned 18 before a Conclusive Grounds decision",
        columns=("decision_maker", "children"),
        rows=rows,
        definitions=(
            ("decision_maker", "who holds the case now"),
            (
                "children",
                "routed cases whose 18th birthday (by the recorded date of birth) fell "
                "after the referral and on or before the first served CG decision, or "
                f"on or before {as_of.isoformat()} if none was served yet",
            ),
        ),
    )


def _transfers_table(transfers: Counter[tuple[str, str]], s: _Suppressor) -> Table:
    rows = tuple(
        (g, code, s.count(n))
        for (g, code), n in sorted(transfers.items(), key=lambda i: (_order(i[0][0]), i[0][1]))
    )
    return Table(
        "transfers",
        title="Pilot cases transferred to the SCA, by reason",
        columns=("site", "reason", "transfers"),
        rows=rows,
        definitions=(
            ("site", "the pilot site the case left, or 'all pilot sites'"),
            (
                "reason",
                "each reason recorded on the transfer (a transfer with two reasons "
                "counts under both)",
            ),
            ("transfers", "transfers recorded"),
        ),
    )


def compare_policies(
    referrals: Iterable[Referral | Case],
    baseline: Rules | None,
    alternative: Rules,
    *,
    suppress_below: int = 5,
) -> Table:
    """How many children each set of rules routes to the pilot and to the SCA, and why they differ.

    Each referral is routed on its referral date under both (``baseline=None``:
    the bundled rules).
    """
    baseline = resolve(baseline, "compare_policies")
    alternative = resolve(alternative, "compare_policies")
    s = _Suppressor(suppress_below)
    moved: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for item in referrals:
        referral = item.referral if isinstance(item, Case) else item
        a = route(referral, rules=baseline)
        b = route(referral, rules=alternative)
        totals["referrals"] += 1
        totals["pilot (baseline)"] += a.in_scope
        totals["pilot (alternative)"] += b.in_scope
        if a.in_scope == b.in_scope:
            continue
        direction = "SCA to pilot" if b.in_scope else "pilot to SCA"
        changed = {r.code for r in a.exclusions} ^ {r.code for r in b.exclusions}
        for code in sorted(changed) or ["(no rule changed)"]:
            moved[(direction, code)] += 1
    names = ("referrals", "pilot (baseline)", "pilot (alternative)")
    rows: list[tuple[Any, ...]] = [("total", key, s.count(totals[key])) for key in names]
    rows += [(direction, code, s.count(n)) for (direction, code), n in sorted(moved.items())]
    return Table(
        "what-if",
        title="Children routed differently under the alternative policy",
        columns=("moved", "rule", "children"),
        rows=tuple(rows),
        definitions=(
            (
                "moved",
                "'total' rows count referrals and those in the pilot's scope under each "
                "policy; other rows: the direction a child moved from baseline to "
                "alternative",
            ),
            ("rule", "the exclusion that applied under one policy but not the other"),
            ("children", "referrals (each routed on its referral date)"),
        ),
    )
