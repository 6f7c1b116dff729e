"""Waiting times and outcomes as figures whose definitions travel with them.

:func:`report` turns a collection of cases and an ``as_of`` date into
:class:`Table` values, per decision maker (each pilot site, all pilot sites,
the SCA, everyone) and per period (calendar quarters by default):

* ``referrals``: referrals received, by the decision maker they were first routed to;
* ``decisions``: RG and CG decisions, positive, negative and the percentage positive;
* ``waiting-times``: days from referral to RG, from RG to CG and from referral to
  CG (count, median, 90th percentile, mean), for all pilot sites, the SCA and everyone;
* ``waiting-times-by-site``: the same per decision maker over all periods;
* ``open-cases``: cases still waiting on ``as_of``, and for how long;
* ``deadlines``: cases past each deadline on ``as_of``;
* ``reconsiderations``: requested, accepted and refused;
* ``turned-18``: children who turned 18 before a CG decision was served;
* ``transfers``: pilot cases transferred to the SCA, by reason.

Every table states what each column counts, which dates it uses and how open
cases are treated, so a "101 days against 471" style figure cannot be misread.
These are children's records: every table lists a fixed set of rows (zeros
included), every count is rounded at random to a multiple of 5 (keyed by the
cases it counts) and the tables are audited so that no count from 1 to
``suppress_below - 1`` (default 5) can be worked out; percentages come from the
rounded figures, and a median, percentile or mean is shown only when its rounded
count guarantees ``suppress_below`` cases (``[c]`` otherwise). The method and its
sources are in :mod:`nrm_core.reporting._disclosure`; see the "Small numbers"
section of the pitfalls page for what it does and does not protect.

:func:`compare_policies` routes the same referrals under two policies and counts
the children each rule moves between the pilot and the SCA.

Percentiles use linear interpolation between closest ranks (Excel's
``PERCENTILE.INC``, numpy's default). Days are calendar days.

>>> import datetime as dt
>>> from nrm_core.reporting.stats import report
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
import functools
import io
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs

from nrm_core._validate import check_day
from nrm_core.ages import eighteenth_birthday
from nrm_core.deadlines import DeadlineStatus, deadline_statuses
from nrm_core.decision import Decision, DecisionMaker, Outcome, Stage
from nrm_core.eligibility import route
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.events import (
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    RoutedToPanel,
    RoutedToSca,
    TransferredToSca,
)
from nrm_core.lifecycle import Case, routed_by_the_rules
from nrm_core.policy import DayCount, Duration
from nrm_core.referral import Referral, StatisticsCategory
from nrm_core.registry import UnknownAuthorityError
from nrm_core.reporting._disclosure import Model, Published, Unit, record_key
from nrm_core.rules import Rules, resolve
from nrm_core.states import State

__all__ = [
    "SUPPRESSED",
    "Report",
    "Table",
    "compare_policies",
    "percentile",
    "report",
    "site_name",
]

SUPPRESSED = "[c]"
"""The marker shown instead of a small count (or a statistic from few cases)."""
ALL = "all"
ALL_PILOT = "all pilot sites"
SCA = "SCA"
_NOT_ROUTED = "not yet routed"
_PARTS_OF_ALL = (ALL_PILOT, SCA, _NOT_ROUTED)
_AGGREGATES = frozenset({ALL, ALL_PILOT, SCA, _NOT_ROUTED})
"""Group labels that are not a pilot site's id."""

Period = Literal["quarter", "month", "year"]
DecisionDates = Literal["decided", "served"]


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

    def to_text(self, site_names: Mapping[str, str] | None = None) -> str:
        """An aligned plain-text rendering with the definitions underneath; a site id in a
        label column is followed by its name from ``site_names``."""
        names = site_names or {}
        cells = [list(self.columns)] + [
            [
                f"{value} {names[value]}"
                if isinstance(value, str) and value in names
                else _show(value)
                for value in row
            ]
            for row in self.rows
        ]
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
    """Cases counted (referred on or before ``as_of``): the true number."""
    suppress_below: int = attrs.field(kw_only=True)
    tables: tuple[Table, ...] = attrs.field(kw_only=True)
    cases_shown: int | str = attrs.field(kw_only=True)
    """``cases`` as published in the header: ``[c]`` or rounded like the tables."""
    round_to: int | None = attrs.field(default=None, kw_only=True)
    site_names: Mapping[str, str] = attrs.field(factory=dict, kw_only=True)
    """The name of each pilot site in the tables, by site id (from the cases' rules)."""
    left_out: int = attrs.field(default=0, init=False)
    """Records of the input left out as invalid (set with :meth:`with_left_out` by whoever
    read the files, e.g. the command line): said in the header, so that figures from part
    of the input say so."""

    def with_left_out(self, count: int) -> Report:
        """A copy whose header says that ``count`` invalid records were left out."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidValueError("Report.with_left_out", "count", "expected a whole number")
        return self._evolve(left_out=count)

    def _evolve(self, *, left_out: int | None = None, **changes: Any) -> Report:
        copy = attrs.evolve(self, **changes)
        # Not an argument of the constructor (it keeps the signature short): set here.
        object.__setattr__(copy, "left_out", self.left_out if left_out is None else left_out)
        return copy

    @property
    def left_out_note(self) -> str:
        """The header's words for :attr:`left_out` (``""`` when none were)."""
        if not self.left_out:
            return ""
        records = "record was" if self.left_out == 1 else "records were"
        return (
            f"{self.left_out:,} {records} left out of these figures (invalid, or of a person "
            "18 or over on the referral date: see nrm-core validate)"
        )

    def table(self, name: str) -> Table:
        """The table called ``name`` (``KeyError`` if absent)."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def with_table(self, table: Table) -> Report:
        """A copy with ``table`` added at the end (e.g. :func:`compare_policies`' table)."""
        return self._evolve(tables=(*self.tables, table))

    def only(self, names: Iterable[str]) -> Report:
        """A copy with only the tables called ``names``, in the report's order."""
        wanted = set(names)
        return self._evolve(tables=tuple(t for t in self.tables if t.name in wanted))

    @property
    def protection(self) -> str:
        """How small numbers are protected, in one sentence."""
        if not self.suppress_below:
            return "no small-number protection (every figure exact)"
        base = self.round_to or self.suppress_below
        return (
            f"every count rounded at random to a multiple of {base} (no count from 1 to "
            f"{self.suppress_below - 1} shown as itself or recoverable from the tables); "
            f"statistics of possibly fewer than {self.suppress_below} cases shown as "
            f"{SUPPRESSED}"
        )

    def to_text(self) -> str:
        shown = self.cases_shown
        count = (
            f"{shown:,} {'case' if shown == 1 else 'cases'}"
            if isinstance(shown, int)
            else (f"{shown} cases")
        )
        header = f"nrm_core report as of {self.as_of.isoformat()}: {count}; {self.protection}\n"
        if self.left_out:
            header += f"Partial: {self.left_out_note}.\n"
        return header + "\n" + "\n".join(table.to_text(self.site_names) for table in self.tables)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "cases": self.cases_shown,
            "suppress_below": self.suppress_below,
            "round_to": self.round_to,
            "suppressed_marker": SUPPRESSED,
            "protection": self.protection,
            "left_out": self.left_out,
            "site_names": dict(sorted(self.site_names.items())),
            "tables": [table.to_json() for table in self.tables],
        }

    def to_csv(self) -> dict[str, str]:
        """One CSV text per table, by table name."""
        return {table.name: table.to_csv() for table in self.tables}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values`` by linear interpolation (inclusive).

    >>> from nrm_core.reporting.stats import percentile
    >>> percentile([1, 2, 3, 4], 50)
    2.5
    >>> percentile([10], 90)
    10.0
    """
    if not values:
        raise InvalidValueError("percentile", "values", "must not be empty")
    if not 0 <= q <= 100:
        raise InvalidValueError("percentile", "q", "must be between 0 and 100")
    return _percentile_of(Counter(values), q)


_N = TypeVar("_N", int, float)


def _percentile_of(counts: Mapping[_N, int], q: float) -> float:
    """:func:`percentile` of the values a histogram (value -> how many times) holds."""
    n = sum(counts.values())
    position = (n - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, n - 1)
    low_value = high_value = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low_value is None and seen > low:
            low_value = value
        if seen > high:
            high_value = value
            break
    assert low_value is not None
    assert high_value is not None
    return float(low_value + (high_value - low_value) * (position - low))


@functools.lru_cache(maxsize=8192)  # bounded; a report's days are a few thousand
def _period_label(day: dt.date, period: Period) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def site_name(case: Case, site_id: str) -> str:
    """The short name of site ``site_id`` in the case's rules (empty if it is not there)."""
    try:
        return case.rules.sites.get(site_id).short_name
    except KeyError:
        return ""


def _maker_label(maker: DecisionMaker | None) -> str:
    if maker is None:
        return _NOT_ROUTED
    return SCA if maker.site_id is None else maker.site_id


def _groups(label: str) -> tuple[str, ...]:
    """A maker's own row and the aggregate rows it counts towards."""
    if label == SCA:
        return (SCA, ALL)
    if label == _NOT_ROUTED:
        return (label, ALL)
    return (label, ALL_PILOT, ALL)


Tally = dict[tuple[Any, ...], list[int]]
"""Counts by row key, each with the sum of its cases' record keys: ``[count, key sum]``."""


def _add(tally: Tally, key: tuple[Any, ...], record: int, amount: int = 1) -> None:
    cell = tally.get(key)
    if cell is None:
        tally[key] = [int(amount), record if amount else 0]
    elif amount:
        cell[0] += amount
        cell[1] += record


def _more(tally: Tally, key: tuple[Any, ...], cell: Sequence[int]) -> None:
    """Add a cell (``[count, key sum]``) to ``tally``'s cell ``key``."""
    total = tally.setdefault(key, [0, 0])
    total[0] += cell[0]
    total[1] += cell[1]


_NONE = (0, 0)


def _spread(tally: Tally, at: int, *, everyone: bool = True) -> Tally:
    """``tally`` (the decision maker's label at ``at`` in each key) with each maker's cells
    also added to the aggregate rows it counts towards ('all' too unless not ``everyone``)."""
    out: Tally = {}
    for key, cell in tally.items():
        groups = _groups(key[at])
        for group in groups if everyone else groups[:-1]:
            _more(out, (*key[:at], group, *key[at + 1 :]), cell)
    return out


def _spread_waits(
    waits: Mapping[tuple[str, ...], Counter[int]], keys: Mapping[tuple[str, ...], int], at: int
) -> tuple[dict[tuple[str, ...], Counter[int]], Counter[tuple[str, ...]]]:
    """:func:`_spread` for histograms of days and their cell keys."""
    out: dict[tuple[str, ...], Counter[int]] = defaultdict(Counter)
    out_keys: Counter[tuple[str, ...]] = Counter()
    for key, counts in waits.items():
        for group in _groups(key[at]):
            spread = (*key[:at], group, *key[at + 1 :])
            out[spread].update(counts)
            out_keys[spread] += keys[key]
    return out, out_keys


@attrs.frozen
class _Count:
    n: int
    key: int = 0
    """The sum of the record keys of the cases counted (the cell key)."""


@attrs.frozen
class _Share:
    """A percentage: the row's published ``numerator`` over its published count ``of``."""

    numerator: str
    of: str


@attrs.frozen
class _Stat:
    """A statistic (median, percentile, mean) of the cases the row's count ``of`` counts,
    shown when that published count guarantees enough cases."""

    of: str
    value: float | None


class _Tab:
    """One table's true figures, each count declared to the disclosure model as it is added."""

    def __init__(
        self,
        model: Model,
        name: str,
        *,
        title: str,
        columns: tuple[str, ...],
        labels: int,
        definitions: tuple[tuple[str, str], ...],
        notes: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.name = name
        self.title = title
        self.columns = columns
        self.labels = labels
        """How many leading columns are labels (the rest are figures)."""
        self.definitions = definitions
        self.notes = notes
        self.rows: list[tuple[Any, ...]] = []
        self.cells: list[tuple[Any, ...]] = []

    def render(self, published: Published, period: str | None = None) -> Table:
        """The table as published: counts as the model publishes them, statistics and
        percentages from published counts only, ``[c]`` where they are of too few cases."""
        need = self.model.need
        rows = []
        for r, cells in enumerate(self.cells):
            shown: list[Any] = list(cells[: self.labels])
            for c, cell in enumerate(cells[self.labels :], start=self.labels):
                if cell is None:  # a count
                    value = published[(self.name, r, c)]
                    shown.append(SUPPRESSED if value is None else value)
                    continue
                count = published[self.unit(r, cell.of)]
                if count is None:
                    shown.append(SUPPRESSED)
                elif count == 0 or (isinstance(cell, _Stat) and cell.value is None):
                    shown.append(None)
                elif count < need:
                    shown.append(SUPPRESSED)
                elif isinstance(cell, _Stat):
                    stat = cell.value
                    shown.append(round(stat, 1) if isinstance(stat, float) else stat)
                else:
                    numerator = published[self.unit(r, cell.numerator)]
                    shown.append(
                        SUPPRESSED
                        if numerator is None
                        else round(min(100.0, 100 * numerator / count), 1)
                    )
            rows.append(tuple(shown))
        notes = self.notes
        if period is not None and period != "year" and self.labels and self.columns[0] == "period":
            first = self.cells[0] if self.cells else ()
            derived = [i for i, cell in enumerate(first) if isinstance(cell, _Share | _Stat)]
            crowded = _mostly_hidden(rows, derived)
            if crowded:
                longer = "year" if period == "quarter" else "quarter or year"
                notes = (
                    *notes,
                    f"Most statistics of {_spans(crowded)} are hidden ({SUPPRESSED}: too few "
                    f"cases); a longer period shows them (--period {longer})",
                )
        return Table(
            self.name,
            title=self.title,
            columns=self.columns,
            rows=tuple(rows),
            definitions=self.definitions,
            notes=notes,
        )

    def unit(self, row: int, column: str) -> Unit:
        return (self.name, row, self.columns.index(column))

    def add(self, *cells: Any) -> int:
        index = len(self.cells)
        values: list[Any] = []
        labels = "|".join((self.name, *(str(v) for v in cells[: self.labels])))
        kept: list[Any] = []
        for column, cell in zip(self.columns, cells, strict=True):
            kept.append(None if isinstance(cell, _Count) else cell)  # (the model has counts)
            if isinstance(cell, _Count):
                unit = self.unit(index, column)
                self.model.count(unit, cell.n, cell.key, labels)
                values.append(cell.n)
            elif isinstance(cell, _Share):
                n = self.model.counts[self.unit(index, cell.of)]
                numerator = self.model.counts[self.unit(index, cell.numerator)]
                values.append(round(100 * numerator / n, 1) if n else None)
            elif isinstance(cell, _Stat):
                values.append(cell.value)
            else:
                values.append(cell)
        self.cells.append(tuple(kept))
        self.rows.append(tuple(values))
        return index

    def totals(self, group: str, counts: Sequence[str]) -> None:
        """Declare that, within each slice of the other labels, the sites add up to
        'all pilot sites' and that, with the SCA and 'not yet routed', to 'all'."""
        at = self.columns.index(group)
        slices: dict[tuple[Any, ...], dict[str, int]] = defaultdict(dict)
        for index, row in enumerate(self.rows):
            key = tuple(v for i, v in enumerate(row[: self.labels]) if i != at)
            slices[key][row[at]] = index
        for rows in slices.values():
            sites = [i for g, i in rows.items() if g not in _AGGREGATES]
            for column in counts:
                if sites:  # (a table without site rows says nothing of their sum)
                    self.model.total(
                        self.unit(rows[ALL_PILOT], column) if ALL_PILOT in rows else None,
                        (self.unit(i, column) for i in sites),
                    )
                if ALL in rows:
                    self.model.total(
                        self.unit(rows[ALL], column),
                        (self.unit(rows[g], column) for g in _PARTS_OF_ALL if g in rows),
                    )

    def index(self) -> dict[tuple[Any, ...], int]:
        """Row index by the row's label values."""
        return {row[: self.labels]: i for i, row in enumerate(self.rows)}


def _mostly_hidden(rows: Sequence[tuple[Any, ...]], columns: Sequence[int]) -> list[str]:
    """The periods (first label) more than half of whose statistics and percentages (in
    ``columns``) are hidden."""
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for row in rows:
        for i in columns:
            (hidden if row[i] == SUPPRESSED else shown)[row[0]] += 1
    return [p for p in sorted(hidden) if hidden[p] > shown[p]]


def _spans(periods: Sequence[str]) -> str:
    if len(periods) <= 3:
        return ", ".join(periods)
    return f"{len(periods)} periods ({periods[0]} to {periods[-1]})"


PERIODS: tuple[Period, ...] = ("quarter", "month", "year")
"""The periods a report can count by (calendar quarters, months or years)."""


def _check_period(where: str, period: object) -> None:
    if period not in PERIODS or not isinstance(period, str):
        raise InvalidValueError(where, "period", f"expected one of {', '.join(map(repr, PERIODS))}")


def _check_protection(where: str, suppress_below: object, round_to: object) -> int:
    """The rounding base for these settings (checked)."""
    if not isinstance(suppress_below, int) or isinstance(suppress_below, bool):
        raise InvalidTypeError(where, "suppress_below", "expected a whole number")
    if suppress_below < 0:
        raise InvalidValueError(where, "suppress_below", "must not be negative")
    if round_to is not None and (
        not isinstance(round_to, int) or isinstance(round_to, bool) or round_to < 1
    ):
        raise InvalidValueError(where, "round_to", "must be a whole number of 1 or more, or None")
    if not suppress_below:
        if round_to not in (None, 1):  # (the report would say exact and carry round_to)
            raise InvalidValueError(
                where,
                "round_to",
                "has no effect with suppress_below 0 (every figure exact): give suppress_below "
                "1 or more to round",
            )
        return 1
    base = max(suppress_below, 1) if round_to is None else round_to
    if base < suppress_below:
        raise InvalidValueError(
            where,
            "round_to",
            f"must be at least suppress_below ({suppress_below}): a count below the base is "
            "never shown as itself, one between the base and suppress_below would be",
        )
    return base


def _summary(counts: Mapping[int, int], key: int, of: str) -> tuple[Any, ...]:
    """The count, median and 90th percentile of the values in a histogram, as cells
    (count column ``of``)."""
    n = sum(counts.values())
    return (
        _Count(n, key),
        _Stat(of, _percentile_of(counts, 50) if n else None),
        _Stat(of, _percentile_of(counts, 90) if n else None),
    )


def _decision_date(decision: Decision, basis: str) -> dt.date | None:
    return decision.served_on if basis == "served" else decision.decided_on


def _month_start(month: str) -> dt.date:
    """The first day of a month label (``"2026-09"``)."""
    return dt.date(int(month[:4]), int(month[5:]), 1)


def _next_period(day: dt.date, period: Period) -> dt.date:
    """The first day of the period after the one ``day`` falls in."""
    if period == "year":
        return dt.date(day.year + 1, 1, 1)
    months = 1 if period == "month" else 3
    first = (day.month - 1) // months * months + 1 + months
    return dt.date(day.year + (first > 12), (first - 1) % 12 + 1, 1)


def _periods(first: dt.date | None, last: dt.date, period: Period) -> list[str]:
    """Every period label from the one ``first`` falls in to the one ``last`` falls in."""
    labels: list[str] = []
    end = _period_label(last, period)
    day = first
    while day is not None and day <= last:
        labels.append(_period_label(day, period))
        if labels[-1] == end:  # (no period after one that ends in 9999 can be built)
            break
        day = _next_period(day, period)
    return labels


TRANSFER_REASONS = (
    "within-age-cutoff",
    "age-cutoff-not-made",
    "age-disputed-or-uncertain",
    "pod-under-consideration",
    "pod-applied",
    "authority-not-in-pilot",
    "site-not-operating",
    "site-does-not-cover-authority",
    "authority-in-another-site",
    "authority-code-unknown",
    "authority-code-not-in-use",
    "pilot-not-started",
    "not-a-child-on-referral",
)
"""The failed routing checks that can send a child to the SCA (the codes of
:func:`nrm_core.route`'s exclusions and of a transfer's reasons): the fixed rows of the
tables by reason."""

_DEADLINE_CODES = (
    "rg-decision-due",
    "cg-decision-due",
    "earliest-cg-decision",
    "reconsideration-request-window",
    "reconsideration-reply-due",
    "turns-eighteen",
)
_PAST = ("overdue", "missed")


def report(
    cases: Iterable[Case],
    *,
    as_of: dt.date,
    period: Period = "quarter",
    suppress_below: int = 5,
    round_to: int | None = None,
    decision_dates: DecisionDates = "decided",
) -> Report:
    """Every table for ``cases`` as they stood on ``as_of``.

    ``decision_dates`` chooses whether a decision counts on the day it was
    decided (the panel or SCA decision, the default) or the day it was served.
    Each case is measured under its own rules (:attr:`Case.rules <nrm_core.Case.rules>`).

    Small numbers are protected by rounding (the method and its limits: the
    "Small numbers" section of the pitfalls page). Every table lists a fixed set
    of rows (every period up to ``as_of``, every pilot site of the rules), zeros
    included. Every count, totals included, is rounded on its own to a multiple
    of ``round_to`` (default: ``suppress_below``, 5), at random but keyed by the
    cases it counts, so a count of 1 to 4 is never shown as itself; the rounded
    tables are checked so that no count from 1 to ``suppress_below - 1`` can be
    worked out from them (and rounded again where one could). Percentages come
    from the rounded figures; medians, percentiles and means are shown only when
    the rounded count guarantees at least ``suppress_below`` cases (``[c]``
    otherwise). ``suppress_below=0`` shows every figure exactly.

    The waiting times by period are given for all pilot sites, the SCA and
    everyone; each pilot site's waits are in ``waiting-times-by-site``, over the
    whole range (a site's waits in one quarter are too few to show).
    """
    check_day("report", "as_of", as_of)
    _check_period("report", period)
    base = _check_protection("report", suppress_below, round_to)
    referrals: Tally = {}
    made: Tally = {}  # decisions by (month, maker, stage, positive): both tables' finest cells
    # Days waited as histograms (days -> cases): memory grows with the distinct waits,
    # not with the cases, and the percentiles stay exact.
    waits: dict[tuple[str, ...], Counter[int]] = defaultdict(Counter)
    wait_keys: Counter[tuple[str, ...]] = Counter()
    open_waits: dict[tuple[str, ...], Counter[int]] = defaultdict(Counter)
    open_keys: Counter[tuple[str, ...]] = Counter()
    open_over_year: Tally = {}
    open_for: Tally = {}
    past: Tally = {}
    recon: Tally = {}
    turned: Tally = {}
    transfers: Tally = {}
    site_names: dict[str, str] = {}
    home_office = _HomeOffice()
    sites: set[str] = set()
    seen_rules: set[int] = set()
    total = total_key = 0
    first_day: dt.date | None = None
    for original in cases:
        if original.referral.referred_on > as_of:
            continue
        case = original.as_of(as_of)
        if id(case.rules) not in seen_rules:
            seen_rules.add(id(case.rules))
            for site in case.rules.sites.sites:
                sites.add(site.site_id)
                site_names.setdefault(site.site_id, site.short_name)
            home_office.areas_of(case.rules)
        record = record_key(case.case_id)
        total += 1
        total_key += record
        first = next((e for e in case.history if isinstance(e, RoutedToPanel | RoutedToSca)), None)
        first_label = (
            _NOT_ROUTED if first is None
            else SCA if isinstance(first, RoutedToSca) else first.site_id
        )  # fmt: skip
        current = _maker_label(case.decision_maker)
        for label in (first_label, current):
            if label not in _AGGREGATES and label not in sites:
                sites.add(label)  # a site the rules do not know (its own row)
                site_names[label] = site_name(case, label)
        referred = case.referral.referred_on
        if first_day is None or referred < first_day:
            first_day = referred
        ref_period = _period_label(referred, period)
        _add(referrals, (ref_period, first_label), record)
        home_office.add(case, record, first)

        earliest: dict[str, tuple[dt.date, str]] = {}  # stage: its first dated decision, maker
        for decision in case.decisions:
            day = _decision_date(decision, decision_dates)
            if day is not None:
                label, stage = _maker_label(decision.decided_by), decision.stage.abbreviation
                yes = decision.outcome is Outcome.POSITIVE
                _add(made, (_period_label(day, "month"), label, stage, yes), record)
                earliest.setdefault(stage, (day, label))
        if "RG" in earliest:  # waits from the referral to the first RG, and on to the first CG
            rg_day, rg_label = earliest["RG"]
            measured = [("referral-to-rg", rg_day, rg_label, referred)]
            if "CG" in earliest:
                cg_day, cg_label = earliest["CG"]
                measured += [("rg-to-cg", cg_day, cg_label, rg_day),
                             ("referral-to-cg", cg_day, cg_label, referred)]  # fmt: skip
            for measure, day, label, since in measured:
                key = (_period_label(day, period), label, measure)
                waits[key][(day - since).days] += 1
                wait_keys[key] += record

        # Codes and statuses only (what deadlines_for lists, without building each Deadline).
        statuses, ended_on = deadline_statuses(case, as_of)
        if ended_on is None and case.decision_maker is not None:
            days_waited = (as_of - referred).days
            open_waits[(current,)][days_waited] += 1
            open_keys[(current,)] += record
            _add(open_over_year, (current,), record, days_waited > 365)
            _add(open_for, (current, "CG" if case.state in _AT_CG else "RG"), record)
        for code, status in statuses:
            if status in (DeadlineStatus.OVERDUE, DeadlineStatus.MISSED):
                _add(past, (current, code, status.value), record)

        maker_now: str = first_label
        for event in case.history:
            if isinstance(event, RoutedToPanel | RoutedToSca):
                maker_now = SCA if isinstance(event, RoutedToSca) else event.site_id
            elif isinstance(event, TransferredToSca):
                for reason in event.reasons:
                    _add(transfers, (maker_now, reason.code), record)
                maker_now = SCA
            elif isinstance(event, ReconsiderationRequested | ReconsiderationAccepted |
                            ReconsiderationRefused):  # fmt: skip
                kind = event.kind.value.removeprefix("reconsideration-")
                _add(recon, (_period_label(event.on, period), maker_now, kind), record)

        cgs = [d for d in case.decisions if d.stage is Stage.CONCLUSIVE_GROUNDS]
        served_cg = [d.served_on for d in cgs if d.served_on is not None]
        born = case.referral.child.date_of_birth
        # With no date of birth, the day turning 18 was recorded stands for the birthday.
        birthday = (
            eighteenth_birthday(born, case.referral.nation, rules=case.rules)
            if born is not None
            else case.turned_eighteen_on
        )
        end = min(served_cg) if served_cg else as_of
        if birthday is not None and referred < birthday <= end and case.decision_maker is not None:
            _add(turned, (current,), record)

    decisions: Tally = {}
    for (month, label, stage, yes), cell in made.items():
        _more(decisions, (_period_label(_month_start(month), period), label, stage, yes), cell)
    # Each case was counted under its own decision maker: now also under the aggregate
    # rows it counts towards (all pilot sites, all), once per cell rather than per case.
    referrals, decisions = _spread(referrals, 1), _spread(decisions, 1)
    waits, wait_keys = _spread_waits(waits, wait_keys, 1)
    open_waits, open_keys = _spread_waits(open_waits, open_keys, 0)
    open_over_year, open_for, past, turned = (
        _spread(t, 0) for t in (open_over_year, open_for, past, turned)
    )
    recon = _spread(recon, 1)
    transfers = _spread(transfers, 0, everyone=False)

    model = Model(suppress_below, base)
    periods = _periods(first_day, as_of, period)
    if len(periods) > _MAX_PERIODS:
        raise InvalidValueError(
            "report",
            "as_of",
            f"gives {len(periods):,} {period}s from the first referral ({first_day}): a table "
            f"lists at most {_MAX_PERIODS:,} periods; choose an as_of "
            "closer to the referrals",
        )
    makers = (*sorted(sites), ALL_PILOT, SCA, ALL)
    everyone = (*sorted(sites), ALL_PILOT, SCA, _NOT_ROUTED, ALL)
    referrals_table = _referrals_table(model, referrals, periods, everyone)
    decisions_table = _decisions_table(model, decisions, decision_dates, periods, makers)
    waits_table = _waits_table(model, waits, wait_keys, decision_dates, periods)
    by_site = _waits_by_site_table(model, waits, wait_keys, makers, waits_table)
    tables = (
        referrals_table,
        decisions_table,
        waits_table,
        by_site,
        _open_table(model, open_waits, open_keys, open_over_year, open_for, as_of, makers),
        _past_table(model, past, as_of, makers),
        _recon_table(model, recon, periods, everyone),
        _turned_table(model, turned, as_of, makers),
        _transfers_table(model, transfers, (*sorted(sites), ALL_PILOT)),
        *home_office.tables(model, sorted(sites), made),
    )
    # The header's case count is the sum of each period's 'all' referrals.
    model.count(_CASES, total, total_key, "report|cases")
    model.total(_CASES, (referrals_table.unit(i, "referrals") for (_, g), i in
                         referrals_table.index().items() if g == ALL))  # fmt: skip
    # A decision count and the count of waits ending in that decision may be the same number.
    waits_at = waits_table.index()
    for (p, g, stage), i in decisions_table.index().items():
        measures = ("referral-to-rg",) if stage == "RG" else ("rg-to-cg", "referral-to-cg")
        for measure in measures:
            if (p, g, measure) in waits_at:
                model.same(
                    decisions_table.unit(i, "decisions"),
                    waits_table.unit(waits_at[(p, g, measure)], "count"),
                )
    for (p, g, measure), i in waits_at.items():
        if measure == "rg-to-cg":  # the same waits, measured from the referral
            model.same(
                waits_table.unit(i, "count"),
                waits_table.unit(waits_at[(p, g, "referral-to-cg")], "count"),
            )
    # The counts are in the tables now: let the tallies go before the audit's peak.
    del referrals, made, decisions, waits, wait_keys, open_waits, open_keys
    del open_over_year, open_for, past, recon, turned, transfers, home_office
    published = model.protect()
    cases_shown = published[_CASES]
    return Report(
        as_of,
        cases=total,
        cases_shown=SUPPRESSED if cases_shown is None else cases_shown,
        suppress_below=suppress_below,
        round_to=base if suppress_below else round_to,
        tables=tuple(t.render(published, period) for t in tables),
        site_names={k: v for k, v in site_names.items() if v},
    )


_MAX_PERIODS = 1200
"""The most periods (rows) a table may list: 100 years of months. A far ``as_of`` (a typing
slip such as 9999 for 2026) would otherwise build tables of tens of thousands of rows."""

_CASES: Unit = ("report", 0, 0)
"""The report header's case count, as a cell of the disclosure model."""

_AT_CG = frozenset(
    {
        State.AWAITING_CG,
        State.CG_POSITIVE_DECIDED,
        State.CG_NEGATIVE_DECIDED,
        State.CG_RECONSIDERATION_REQUESTED,
        State.SUSPENDED_AT_CG,
        State.AWAITING_CONSENT_AT_CG,
    }
)
"""Waiting states after a served positive RG decision and before the CG is served (a
combined RG and CG decision not yet served still waits for its RG to be served)."""

_MAKER_DEF = (
    "decision_maker",
    "a pilot site's id, 'all pilot sites', 'SCA' or 'all' (every case counted once)",
)


def _count(tally: Tally, key: tuple[str, ...]) -> _Count:
    n, cell_key = tally.get(key, _NONE)
    return _Count(n, cell_key)


def _referrals_table(
    model: Model, counts: Tally, periods: Sequence[str], groups: Sequence[str]
) -> _Tab:
    tab = _Tab(
        model,
        "referrals",
        title="Referrals received",
        columns=("period", "decision_maker", "referrals"),
        labels=2,
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
    for p in periods:
        for g in groups:
            tab.add(p, g, _count(counts, (p, g)))
    tab.totals("decision_maker", ("referrals",))
    return tab


def _decisions_table(
    model: Model, decisions: Tally, basis: str, periods: Sequence[str], groups: Sequence[str]
) -> _Tab:
    tab = _Tab(
        model,
        "decisions",
        title="Reasonable Grounds and Conclusive Grounds decisions",
        columns=(
            "period",
            "decision_maker",
            "stage",
            "decisions",
            "positive",
            "negative",
            "percent_positive",
        ),
        labels=3,
        definitions=(
            ("period", f"the period the decision was {basis} in"),
            ("decision_maker", "who made the decision (a pilot panel or the SCA)"),
            ("stage", "RG (Reasonable Grounds) or CG (Conclusive Grounds)"),
            (
                "decisions",
                f"decisions {basis} in the period; an RG and CG made at one pilot "
                "meeting count once each; decisions returned by the SCA are not counted",
            ),
            ("positive", "positive decisions among them"),
            ("negative", "negative decisions among them"),
            (
                "percent_positive",
                "positive over decisions as published (both rounded), capped at 100",
            ),
        ),
    )
    for p in periods:
        for g in groups:
            for stage in ("RG", "CG"):
                yes, yes_key = decisions.get((p, g, stage, True), _NONE)
                no, no_key = decisions.get((p, g, stage, False), _NONE)
                i = tab.add(p, g, stage, _Count(yes + no, yes_key + no_key), _Count(yes, yes_key),
                            _Count(no, no_key), _Share("positive", "decisions"))  # fmt: skip
                model.total(tab.unit(i, "decisions"), (tab.unit(i, c) for c in tab.columns[4:6]))
    tab.totals("decision_maker", ("decisions", "positive", "negative"))
    return tab


_WAIT_COLUMNS = ("count", "median_days", "p90_days", "mean_days")
_MEASURES = ("referral-to-rg", "rg-to-cg", "referral-to-cg")
_WAIT_DEFS = (
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
)


def _wait_cells(counts: Counter[int], key: int) -> tuple[Any, ...]:
    total = sum(days * n for days, n in counts.items())
    n = sum(counts.values())
    return (*_summary(counts, key, "count"), _Stat("count", total / n if n else None))


def _waits_table(
    model: Model,
    waits: Mapping[tuple[str, ...], Counter[int]],
    keys: Mapping[tuple[str, ...], int],
    basis: str,
    periods: Sequence[str],
) -> _Tab:
    tab = _Tab(
        model,
        "waiting-times",
        title="Days waited for decisions (completed waits)",
        columns=("period", "decision_maker", "measure", *_WAIT_COLUMNS),
        labels=3,
        definitions=(
            ("period", f"the period the later decision was {basis} in"),
            (
                "decision_maker",
                "who made the later decision: all pilot sites, the SCA or all (each pilot "
                "site's waits: waiting-times-by-site)",
            ),
            *_WAIT_DEFS,
        ),
    )
    empty: Counter[int] = Counter()
    for p in periods:
        for g in (ALL_PILOT, SCA, ALL):
            for measure in _MEASURES:
                key = (p, g, measure)
                tab.add(p, g, measure, *_wait_cells(waits.get(key, empty), keys.get(key, 0)))
    tab.totals("decision_maker", ("count",))
    return tab


def _waits_by_site_table(
    model: Model,
    waits: Mapping[tuple[str, ...], Counter[int]],
    keys: Mapping[tuple[str, ...], int],
    groups: Sequence[str],
    by_period: _Tab,
) -> _Tab:
    tab = _Tab(
        model,
        "waiting-times-by-site",
        title="Days waited for decisions by decision maker, all periods (completed waits)",
        columns=("decision_maker", "measure", *_WAIT_COLUMNS),
        labels=2,
        definitions=(("decision_maker", "who made the later decision"), *_WAIT_DEFS),
    )
    merged: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    merged_keys: Counter[tuple[str, str]] = Counter()
    for (_, g, measure), counts in waits.items():
        merged[(g, measure)].update(counts)
        merged_keys[(g, measure)] += keys[(_, g, measure)]
    for g in groups:
        for measure in _MEASURES:
            cells = _wait_cells(merged.get((g, measure), Counter()), merged_keys[(g, measure)])
            tab.add(g, measure, *cells)
    tab.totals("decision_maker", ("count",))
    # Each aggregate's waits over all periods are the sum of its waits by period.
    for (g, measure), i in tab.index().items():
        if g in (ALL_PILOT, SCA, ALL):
            model.total(
                tab.unit(i, "count"),
                (
                    by_period.unit(j, "count")
                    for (_, g2, m2), j in by_period.index().items()
                    if (g2, m2) == (g, measure)
                ),
            )
    return tab


def _open_table(
    model: Model,
    waits: Mapping[tuple[str, ...], Counter[int]],
    keys: Mapping[tuple[str, ...], int],
    over_year: Tally,
    waiting_for: Tally,
    as_of: dt.date,
    groups: Sequence[str],
) -> _Tab:
    tab = _Tab(
        model,
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
        labels=1,
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
    for group in groups:
        count, median, p90 = _summary(
            waits.get((group,), Counter()), keys.get((group,), 0), "waiting"
        )
        i = tab.add(
            group,
            count,
            _count(waiting_for, (group, "RG")),
            _count(waiting_for, (group, "CG")),
            median,
            p90,
            _count(over_year, (group,)),
        )
        parts = (tab.unit(i, "waiting_for_rg"), tab.unit(i, "waiting_for_cg"))
        model.total(tab.unit(i, "waiting"), parts)
    tab.totals("decision_maker", tab.columns[1:4] + tab.columns[6:])
    return tab


def _past_table(model: Model, past: Tally, as_of: dt.date, groups: Sequence[str]) -> _Tab:
    tab = _Tab(
        model,
        "deadlines",
        title=f"Cases past a deadline on {as_of.isoformat()}",
        columns=("decision_maker", "deadline", "status", "cases"),
        labels=3,
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
    codes = (*_DEADLINE_CODES, *sorted({c for _, c, _ in past} - set(_DEADLINE_CODES)))
    for g in groups:
        for code in codes:
            for status in _PAST:
                tab.add(g, code, status, _count(past, (g, code, status)))
    tab.totals("decision_maker", ("cases",))
    return tab


def _recon_table(model: Model, recon: Tally, periods: Sequence[str], groups: Sequence[str]) -> _Tab:
    tab = _Tab(
        model,
        "reconsiderations",
        title="Reconsideration requests",
        columns=("period", "decision_maker", "requested", "accepted", "refused"),
        labels=2,
        definitions=(
            ("period", "the period of the request or reply date"),
            ("decision_maker", "who held the case when the event happened"),
            ("requested", "reconsideration requests of negative RG or CG decisions"),
            ("accepted", "requests the competent authority agreed to reconsider"),
            ("refused", "requests it refused"),
        ),
    )
    extra = sorted({p for p, _, _ in recon} - set(periods))  # events after the last referral
    for p in (*periods, *extra):
        for g in groups:
            tab.add(p, g, *(_count(recon, (p, g, kind)) for kind in tab.columns[2:]))
    tab.totals("decision_maker", tab.columns[2:])
    return tab


def _turned_table(model: Model, turned: Tally, as_of: dt.date, groups: Sequence[str]) -> _Tab:
    tab = _Tab(
        model,
        "turned-18",
        title="Children who turned 18 before a Conclusive Grounds decision",
        columns=("decision_maker", "children"),
        labels=1,
        definitions=(
            ("decision_maker", "who holds the case now"),
            (
                "children",
                "routed cases whose 18th birthday (by the recorded date of birth) fell "
                "after the referral and on or before the first served CG decision, or "
                f"on or before {as_of.isoformat()} if none was served yet; where the date of "
                "birth is unknown, the day turning 18 was recorded counts instead",
            ),
        ),
    )
    for g in groups:
        tab.add(g, _count(turned, (g,)))
    tab.totals("decision_maker", ("children",))
    return tab


def _transfers_table(model: Model, transfers: Tally, groups: Sequence[str]) -> _Tab:
    tab = _Tab(
        model,
        "transfers",
        title="Pilot cases transferred to the SCA, by reason",
        columns=("site", "reason", "transfers"),
        labels=2,
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
    codes = (*TRANSFER_REASONS, *sorted({c for _, c in transfers} - set(TRANSFER_REASONS)))
    for g in groups:
        for code in codes:
            tab.add(g, code, _count(transfers, (g, code)))
    tab.totals("site", ("transfers",))
    return tab


def _scope(referral: Referral, rules: Rules) -> tuple[bool, set[str]]:
    """Whether ``rules`` route ``referral`` to the pilot, and the codes of the failed checks
    (an authority the register does not know: out of the pilot, ``authority-code-unknown``)."""
    try:
        result = route(referral, rules=rules)
    except UnknownAuthorityError:
        return False, {"authority-code-unknown"}
    return result.in_scope, {r.code for r in result.exclusions}


AGE_CUTOFF_BAND = 30
"""A what-if age cut-off is a whole number of these days (never one-day steps: a sweep of
cut-offs a day apart would tell each child's days before 18)."""


def age_cutoff_rules(rules: Rules, days: int) -> Rules:
    """``rules`` with the pilot's age cut-off set to ``days`` (a multiple of
    :data:`AGE_CUTOFF_BAND`), for :func:`compare_policies`.

    >>> from nrm_core import Rules
    >>> from nrm_core.reporting.stats import age_cutoff_rules
    >>> age_cutoff_rules(Rules.bundled(), 90).policy.pilot_age_cutoff.values[-1].value.amount
    90
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InvalidValueError("age_cutoff_rules", "days", "expected a whole number, 0 or more")
    if days % AGE_CUTOFF_BAND:
        raise InvalidValueError(
            "age_cutoff_rules",
            "days",
            f"must be a multiple of {AGE_CUTOFF_BAND} (bands, never single days: reports a "
            "day apart would tell each child's days before 18)",
        )
    cutoff = rules.policy.pilot_age_cutoff
    return rules.with_value(
        "pilot_age_cutoff",
        Duration(days, DayCount.CALENDAR_DAYS),
        attrs.evolve(cutoff.values[-1].citation, note="what-if value"),
    )


def compare_policies(
    referrals: Iterable[Referral | Case],
    baseline: Rules | None,
    alternative: Rules,
    *,
    suppress_below: int = 5,
    round_to: int | None = None,
    as_of: dt.date | None = None,
) -> Table:
    """How many children each set of rules routes to the pilot and to the SCA, and why they differ.

    Each referral is routed on its referral date under both (``baseline=None``:
    the bundled rules); with ``as_of``, only referrals made on or before it are
    counted. Every rule and direction has its row, zero or not; counts are
    rounded and checked as in :func:`report`.
    """
    base = _check_protection("compare_policies", suppress_below, round_to)
    baseline = resolve(baseline, "compare_policies")
    alternative = resolve(alternative, "compare_policies")
    if as_of is not None:
        check_day("compare_policies", "as_of", as_of)
    moved: Tally = {}
    totals: Tally = {}
    for item in referrals:
        referral = item.referral if isinstance(item, Case) else item
        if as_of is not None and referral.referred_on > as_of:
            continue
        record = record_key(referral.referral_id)
        a_in, a_out = _scope(referral, baseline)
        b_in, b_out = _scope(referral, alternative)
        _add(totals, ("referrals",), record)
        _add(totals, ("pilot (baseline)",), record, a_in)
        _add(totals, ("pilot (alternative)",), record, b_in)
        if a_in == b_in:
            continue
        direction = _TO_PILOT if b_in else _TO_SCA
        _add(moved, (direction, _ANY_RULE), record)
        changed = a_out ^ b_out
        for code in sorted(changed) or [_NO_RULE]:
            _add(moved, (direction, code), record)
    model = Model(suppress_below, base)
    tab = _Tab(
        model,
        "what-if",
        title="Children routed differently under the alternative policy",
        columns=("moved", "rule", "children"),
        labels=2,
        definitions=(
            (
                "moved",
                "'total' rows count referrals and those in the pilot's scope under each "
                "policy; other rows: the direction a child moved from baseline to "
                "alternative",
            ),
            (
                "rule",
                f"the exclusion that applied under one policy but not the other; "
                f"'{_ANY_RULE}': each child moved once",
            ),
            ("children", "referrals (each routed on its referral date)"),
        ),
    )
    names = ("referrals", "pilot (baseline)", "pilot (alternative)")
    at = {key: tab.add("total", key, _count(totals, (key,))) for key in names}
    codes: tuple[str, ...] = (_ANY_RULE, *TRANSFER_REASONS, _NO_RULE)
    codes += tuple(sorted({c for _, c in moved} - set(codes)))
    rows = {
        (d, c): tab.add(d, c, _count(moved, (d, c))) for d in (_TO_PILOT, _TO_SCA) for c in codes
    }
    # pilot (alternative) = pilot (baseline) + moved to the pilot - moved to the SCA.
    model.relate(
        {
            tab.unit(at[names[2]], "children"): 1,
            tab.unit(at[names[1]], "children"): -1,
            tab.unit(rows[(_TO_PILOT, _ANY_RULE)], "children"): -1,
            tab.unit(rows[(_TO_SCA, _ANY_RULE)], "children"): 1,
        }
    )
    for direction in (_TO_PILOT, _TO_SCA):  # each child under one rule: the rows add up
        parts = [rows[(direction, c)] for c in codes[1:]]
        if sum(tab.rows[i][2] for i in parts) == tab.rows[rows[(direction, _ANY_RULE)]][2]:
            model.total(
                tab.unit(rows[(direction, _ANY_RULE)], "children"),
                (tab.unit(i, "children") for i in parts),
            )
    return tab.render(model.protect())


_TO_PILOT = "SCA to pilot"
_TO_SCA = "pilot to SCA"
_ANY_RULE = "all rules"
_NO_RULE = "(no rule changed)"


# -- Home Office-shaped tables ------------------------------------------------------------
#
# The Home Office publishes the NRM statistics as spreadsheets of Table_N sheets
# (Modern Slavery: National Referral Mechanism and Duty to Notify statistics, quarterly).
# These tables follow their row and column labels where the same definition applies, and
# say where it does not. They are counted in the same pass as the others and protected by
# the same model (fixed rows, keyed rounding, the audit).

_QUARTER_NAMES = ("Jan to Mar", "Apr to Jun", "Jul to Sep", "Oct to Dec")
_LOCATIONS = {"overseas": "Overseas", "uk": "UK", "both": "UK and Overseas"}
_LOCATION_COLUMNS = ("Overseas", "UK", "UK and Overseas", "Not specified", "Total")
_CATEGORY_NAMES = {
    "labour": "Labour",
    "sexual": "Sexual",
    "criminal": "Criminal",
    "domestic-servitude": "Domestic servitude",
    "organ-harvesting": "Organ harvesting",
    "not-specified": "Not specified or unknown",
}
_MULTIPLE = "Three or more types"
_RESPONDER_TYPES = {
    "police": "Police",
    "local-authority": "Local authority",
    "hsc-trust": "Health and social care trust (NI)",
    "uk-visas-and-immigration": "Government agency",
    "home-office-asylum-group": "Government agency",
    "fair-work-agency": "Government agency",
    "border-force": "Government agency",
    "immigration-enforcement": "Government agency",
    "national-crime-agency": "Government agency",
    "gangmasters-and-labour-abuse-authority": "Government agency",
    "salvation-army": "Non-government organisation",
    "migrant-help": "Non-government organisation",
    "medaille-trust": "Non-government organisation",
    "kalayaan": "Non-government organisation",
    "barnardos": "Non-government organisation",
    "unseen": "Non-government organisation",
    "nspcc-child-trafficking-advice-centre": "Non-government organisation",
    "bawso": "Non-government organisation",
    "new-pathways": "Non-government organisation",
    "refugee-council": "Non-government organisation",
    "tara": "Non-government organisation",
}
_RESPONDER_ROWS = (
    "Government agency",
    "Local authority",
    "Non-government organisation",
    "Police",
    "Health and social care trust (NI)",
    "Other",
)


def _sca_route_codes(case: Case, routed: RoutedToSca) -> set[str]:
    """The failed routing checks behind a route to the SCA: those recorded with it, or, when
    none were recorded (older systems, the bundled synthetic data), those the case's rules
    give on the routing day for the case as it stood then (the same route the validator
    re-checks the record against)."""
    if routed.reasons:
        return {reason.code for reason in routed.reasons}
    then, _ = routed_by_the_rules(case, case.history.index(routed))
    try:
        found = route(then, routed.on, rules=case.rules)
    except UnknownAuthorityError:
        return {"authority-code-unknown"}
    return {reason.code for reason in found.exclusions}


LOTTERY_REASONS = {
    "Area not in pilot": frozenset(
        {
            "authority-not-in-pilot",
            "site-not-operating",
            "site-does-not-cover-authority",
            "pilot-not-started",
            "authority-code-unknown",
            "authority-code-not-in-use",
            "authority-in-another-site",
        }
    ),
    "Within 100 days of 18": frozenset({"within-age-cutoff", "age-cutoff-not-made"}),
    "Age uncertain": frozenset({"age-disputed-or-uncertain"}),
    "POD considered": frozenset({"pod-under-consideration", "pod-applied"}),
}
"""The postcode-lottery table's reasons, each the failed routing checks it stands for."""
_QUARTERS_TOO = " (its total, first) and each quarter"
_AGE_NOTE = (
    "Age group: the Home Office counts a person's age at the time of exploitation "
    "(Adult, Child, Not specified); this library holds children's referrals and counts "
    "the age on the referral date, so every row is 'Child' and a person exploited as a "
    "child but referred as an adult is not here."
)


@functools.lru_cache(maxsize=8192)  # bounded; a report's days are a few thousand
def _quarter_label(day: dt.date) -> str:
    return f"{_QUARTER_NAMES[(day.month - 1) // 3]} {day.year}"


def _exploitation_label(categories: Iterable[str]) -> str:
    order = list(_CATEGORY_NAMES)
    names = sorted(set(categories), key=order.index)
    if len(names) > 2:
        return _MULTIPLE
    if len(names) == 1:
        return _CATEGORY_NAMES[names[0]]
    return " & ".join(_CATEGORY_NAMES[n].split(" or ")[0] for n in names)


@functools.lru_cache(maxsize=64)  # bounded: 2**6 sets of categories
def _combination(categories: frozenset[StatisticsCategory]) -> str:
    return _exploitation_label(c.value for c in categories)


def _exploitation_rows() -> tuple[str, ...]:
    names = list(_CATEGORY_NAMES)
    singles = [_exploitation_label([n]) for n in names]
    pairs = [
        _exploitation_label(p)
        for i, a in enumerate(names)
        for p in [(a, b) for b in names[i + 1 :]]
    ]
    return (*singles, *pairs, _MULTIPLE)


class _HomeOffice:
    """The Home Office-shaped tables' counts, added to case by case."""

    def __init__(self) -> None:
        self.referrals: Tally = {}
        self.decisions: Tally = {}
        self.exploitation: Tally = {}
        self.responders: Tally = {}
        self.lottery: Tally = {}
        self.areas: dict[str, str] = {}
        self.years: set[int] = set()

    def add(self, case: Case, record: int, first: RoutedToPanel | RoutedToSca | None) -> None:
        """Count ``case`` in its finest cells only (quarter, area...): years, totals and
        aggregate makers are sums of them, made once in :meth:`_aggregate` (the sum of
        record keys adds up too)."""
        referral = case.referral
        exploitation = referral.exploitation
        day = referral.referred_on
        _add(self.referrals, (_quarter_label(day), _LOCATIONS[exploitation.location.value]), record)
        year = str(day.year)
        _add(self.exploitation, (year, _combination(exploitation.statistics_categories)), record)
        responder = _RESPONDER_TYPES.get(referral.first_responder.organisation.value, "Other")
        _add(self.responders, (year, responder), record)
        area = referral.safeguarding_authority
        if area not in self.areas:
            self.areas[area] = ""
        _add(self.lottery, (area, "Referrals"), record)
        if isinstance(first, RoutedToSca):
            _add(self.lottery, (area, "Routed to the SCA"), record)
            codes = _sca_route_codes(case, first)
            reasons = [c for c, known in LOTTERY_REASONS.items() if codes & known]
            for column in reasons or ["Other or not recorded"]:
                _add(self.lottery, (area, column), record)

    def _aggregate(self, made: Tally) -> None:
        """Years from quarters, totals from their parts, aggregate makers from makers; the
        decisions from the report's by month, maker, stage and outcome (``made``)."""
        referrals: Tally = {}
        for (quarter, location), cell in self.referrals.items():
            for p in (quarter, quarter[-4:]):
                for column in (location, "Total"):
                    _more(referrals, (p, column), cell)
        decisions: Tally = {}
        for (month, label, stage, yes), cell in made.items():
            quarter = _quarter_label(_month_start(month))
            for group in _groups(label):
                for p in (quarter, quarter[-4:]):
                    for column in ("Positive" if yes else "Negative", "Total"):
                        _more(decisions, (p, group, stage, column), cell)
        for tally in (self.exploitation, self.responders):
            for (year, _), cell in list(tally.items()):
                _more(tally, (year, "Total"), cell)
        for (_, column), cell in list(self.lottery.items()):
            _more(self.lottery, (ALL, column), cell)
        self.referrals, self.decisions = referrals, decisions
        self.years = {int(p) for p, *_ in (*referrals, *decisions) if p.isdigit()}

    def areas_of(self, rules: Rules) -> None:
        for authority in rules.authorities.authorities:
            if not self.areas.get(authority.gss_code):
                self.areas[authority.gss_code] = authority.name

    def tables(self, model: Model, sites: Sequence[str], made: Tally) -> tuple[_Tab, ...]:
        self._aggregate(made)
        years = [str(y) for y in range(min(self.years), max(self.years) + 1)] if self.years else []
        periods = [p for y in years for p in (y, *(f"{q} {y}" for q in _QUARTER_NAMES))]
        return (
            self._referrals(model, periods),
            self._decisions(model, periods, (ALL_PILOT, SCA, ALL), "ho-decisions"),
            self._decisions(model, years, (*sites, ALL_PILOT, SCA, ALL), "ho-decisions-by-site"),
            self._by_year(
                model,
                years,
                ("ho-exploitation-type", "exploitation_type"),
                self.exploitation,
                _exploitation_rows(),
            ),
            self._by_year(
                model,
                years,
                ("ho-first-responder", "first_responder_type"),
                self.responders,
                _RESPONDER_ROWS,
            ),
            self._lottery(model),
        )

    @staticmethod
    def _year_totals(model: Model, tab: _Tab, columns: Sequence[str]) -> None:
        """Each year's row is the sum of its quarters' rows (same other labels)."""
        index = tab.index()
        for labels, i in index.items():
            if labels[0].isdigit():
                parts = [
                    j
                    for other, j in index.items()
                    if other[0].endswith(f" {labels[0]}") and other[1:] == labels[1:]
                ]
                for column in columns:
                    model.total(tab.unit(i, column), (tab.unit(j, column) for j in parts))

    def _referrals(self, model: Model, periods: Sequence[str]) -> _Tab:
        tab = _Tab(
            model,
            "ho-referrals",
            title="NRM referrals of children by age group and location of exploitation",
            columns=("Period", "Age group", *_LOCATION_COLUMNS),
            labels=2,
            definitions=(
                ("Period", "the year (its total, first) and each quarter of the referral date"),
                ("Age group", "'Child': a child on the referral date (see the note)"),
                *((c, "referrals of children exploited there") for c in _LOCATION_COLUMNS[:3]),
                ("Not specified", "always 0 here: the case format requires the location"),
                ("Total", "all referrals of children in the period"),
            ),
            notes=(_AGE_NOTE,),
        )
        for p in periods:
            i = tab.add(p, "Child", *(_count(self.referrals, (p, c)) for c in _LOCATION_COLUMNS))
            model.total(tab.unit(i, "Total"), (tab.unit(i, c) for c in _LOCATION_COLUMNS[:4]))
        self._year_totals(model, tab, _LOCATION_COLUMNS)
        return tab

    def _decisions(
        self, model: Model, periods: Sequence[str], groups: Sequence[str], name: str
    ) -> _Tab:
        by_site = name.endswith("by-site")
        tab = _Tab(
            model,
            name,
            title="Reasonable and conclusive grounds decisions of children by outcome"
            + (", by decision maker and year" if by_site else ""),
            columns=("Period", "Decision maker", "Decision", "Negative", "Positive", "Total"),
            labels=3,
            definitions=(
                ("Period", f"the year{_QUARTERS_TOO * (not by_site)} the decision was made"),
                ("Decision maker", "a pilot site's id, all pilot sites, the SCA, or all"),
                ("Decision", "Reasonable grounds or Conclusive grounds"),
                ("Negative", "negative decisions"),
                ("Positive", "positive decisions"),
                ("Total", "all decisions (the Home Office's tables also split by age group)"),
            ),
            notes=(_AGE_NOTE,),
        )
        stages = {"RG": "Reasonable grounds", "CG": "Conclusive grounds"}
        for p in periods:
            for g in groups:
                for stage, label in stages.items():
                    cells = (_count(self.decisions, (p, g, stage, c)) for c in tab.columns[3:])
                    i = tab.add(p, g, label, *cells)
                    model.total(
                        tab.unit(i, "Total"), (tab.unit(i, "Negative"), tab.unit(i, "Positive"))
                    )
        tab.totals("Decision maker", ("Negative", "Positive", "Total"))
        if not by_site:
            self._year_totals(model, tab, ("Negative", "Positive", "Total"))
        return tab

    def _by_year(
        self,
        model: Model,
        years: Sequence[str],
        names: tuple[str, str],
        tally: Tally,
        rows: Sequence[str],
    ) -> _Tab:
        name, column = names
        titles = {
            "ho-exploitation-type": "NRM referrals of children by exploitation type",
            "ho-first-responder": "NRM referrals of children by first responder type",
        }
        meaning = {
            "exploitation_type": "the Home Office statistics categories of the referral, counted "
            "once per referral as a combination ('Sexual & Criminal'); three or more together "
            "are one row",
            "first_responder_type": "the referring organisation's type (this library's grouping "
            "of the form's organisations; HSC trusts of Northern Ireland are their own row)",
        }
        tab = _Tab(
            model,
            name,
            title=titles[name],
            columns=("Year", column, "Referrals"),
            labels=2,
            definitions=(
                ("Year", "the year of the referral date"),
                (column, meaning[column]),
                ("Referrals", "referrals of children"),
            ),
        )
        for year in years:
            parts = [tab.add(year, row, _count(tally, (year, row))) for row in rows]
            total = tab.add(year, "Total", _count(tally, (year, "Total")))
            model.total(tab.unit(total, "Referrals"), (tab.unit(i, "Referrals") for i in parts))
        return tab

    def _lottery(self, model: Model) -> _Tab:
        columns = ("Referrals", "Routed to the SCA", *LOTTERY_REASONS, "Other or not recorded")
        tab = _Tab(
            model,
            "postcode-lottery",
            title="Children routed to the SCA rather than a pilot panel, by area and reason",
            columns=("Area code", "Area", *columns),
            labels=2,
            definitions=(
                ("Area code", "GSS code of the safeguarding authority on the referral"),
                ("Area", "its name in the authority register"),
                ("Referrals", "referrals of children from the area"),
                ("Routed to the SCA", "those first routed to the SCA (each child once)"),
                ("Area not in pilot", "the area was in no operating pilot site that day"),
                ("Within 100 days of 18", "the child was within the pilot's age cut-off of 18"),
                ("Age uncertain", "the child's age was disputed or uncertain"),
                ("POD considered", "a Public Order Disqualification was considered or applied"),
                ("Other or not recorded", "routed to the SCA for no reason above"),
            ),
            notes=(
                "A child routed to the SCA for two reasons counts under both; the reasons are "
                "the failed routing checks recorded on the routing or, where none were "
                "recorded, those the rules give on the routing day.",
            ),
        )
        rows = []
        for code in sorted(self.areas):
            rows.append(
                tab.add(code, self.areas[code], *(_count(self.lottery, (code, c)) for c in columns))
            )
        total = tab.add("Total", "All areas", *(_count(self.lottery, (ALL, c)) for c in columns))
        for column in columns:
            model.total(tab.unit(total, column), (tab.unit(i, column) for i in rows))
        return tab
