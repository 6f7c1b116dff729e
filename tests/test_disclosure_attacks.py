"""Attacks on published reports: no hidden count of 1 to 4 can be worked out.

The attacker here is written independently of nrm_core's disclosure model. It knows
every rule of the report: which rows are listed, that counts are rounded to a multiple
of 5 (so a published 5 is 1 to 9, a published 0 is 0 to 4), that a total is the sum of
its parts (sites to all pilot sites, all pilot sites with the SCA and 'not yet routed'
to all, positive and negative to decisions, waits for RG and for CG to waiting), that
the header's case count is the sum of the periods, that each aggregate's waits over
all periods are the sum of its waits by period, that counts in two tables may hold the
same number, and how the what-if totals move. It tightens what each count can be to a
fixed point, and also tries each relation's parts pairwise. A count is *recovered* when
a single value is left and the true count is 1 to 4.

Each attack is also run against a deliberately unprotected version of the tables (the
behaviour before issue 24, or rounding without its safeguards) and must succeed there:
the tests can fail.
"""

import datetime as dt
import itertools
import json
import random
from collections import defaultdict

import attrs
import pytest

from nrm_core import Rules
from nrm_core.reporting.stats import (
    SUPPRESSED,
    age_cutoff_rules,
    compare_policies,
    report,
)
from nrm_core.reporting.synthetic import synthetic_cases

AS_OF = dt.date(2026, 9, 30)
BASE = 5
BIG = 10**12
AGGREGATES = {"all", "all pilot sites", "SCA", "not yet routed"}
PARTS_OF_ALL = ("all pilot sites", "SCA", "not yet routed")
COUNTS = {
    "referrals": ("decision_maker", ("referrals",)),
    "decisions": ("decision_maker", ("decisions", "positive", "negative")),
    "waiting-times": ("decision_maker", ("count",)),
    "waiting-times-by-site": ("decision_maker", ("count",)),
    "open-cases": (
        "decision_maker",
        ("waiting", "waiting_for_rg", "waiting_for_cg", "waiting_over_365_days"),
    ),
    "deadlines": ("decision_maker", ("cases",)),
    "reconsiderations": ("decision_maker", ("requested", "accepted", "refused")),
    "turned-18": ("decision_maker", ("children",)),
    "transfers": ("site", ("transfers",)),
    "what-if": (None, ("children",)),
    "ho-referrals": (None, ("Overseas", "UK", "UK and Overseas", "Not specified", "Total")),
    "ho-decisions": ("Decision maker", ("Negative", "Positive", "Total")),
    "ho-decisions-by-site": ("Decision maker", ("Negative", "Positive", "Total")),
    "ho-exploitation-type": (None, ("Referrals",)),
    "ho-first-responder": (None, ("Referrals",)),
    "postcode-lottery": (
        None,
        (
            "Referrals",
            "Routed to the SCA",
            "Area not in pilot",
            "Within 100 days of 18",
            "Age uncertain",
            "POD considered",
            "Other or not recorded",
        ),
    ),
}
ROW_SUMS = {
    "decisions": ("decisions", ("positive", "negative")),
    "open-cases": ("waiting", ("waiting_for_rg", "waiting_for_cg")),
    "ho-referrals": ("Total", ("Overseas", "UK", "UK and Overseas", "Not specified")),
    "ho-decisions": ("Total", ("Negative", "Positive")),
    "ho-decisions-by-site": ("Total", ("Negative", "Positive")),
}
STATISTICS = {
    "percent_positive": "decisions",
    "median_days": None,  # of the row's first count
    "p90_days": None,
    "mean_days": None,
}


class Attacker:
    """What a reader can work out about the counts of published tables."""

    def __init__(self, base=BASE, *, nearest=False):
        self.base = base
        self.nearest = nearest  # rounded to the nearest multiple, halves up (no key)
        self.bounds = {}  # cell -> [low, high]
        self.true = {}  # cell -> true count (to judge the result, never used to attack)
        self.relations = []  # {cell: coefficient}, sum is 0

    def cell(self, name, shown, true):
        if shown == SUPPRESSED:
            self.bounds[name] = [0, BIG]
        elif self.nearest:
            self.bounds[name] = [max(0, shown - self.base // 2), shown + (self.base - 1) // 2]
        elif self.base > 1:
            self.bounds[name] = [max(0, shown - self.base + 1), shown + self.base - 1]
        else:
            self.bounds[name] = [shown, shown]
        self.true[name] = true

    def at_least_one(self, name):
        """A fact from outside the rounding (e.g. a row listed only when not empty)."""
        self.bounds[name][0] = max(1, self.bounds[name][0])

    def relate(self, relation):
        relation = {k: v for k, v in relation.items() if v}
        if relation and all(k in self.bounds for k in relation):
            self.relations.append(relation)

    def solve(self, rounds=200):
        """Tighten every relation until none changes a bound (the same fixed point in any
        order): a relation is looked at again only when a bound of one of its cells moved."""
        touching = defaultdict(list)
        for number, relation in enumerate(self.relations):
            for cell in relation:
                touching[cell].append(number)
        pending = list(range(len(self.relations)))
        queued = set(pending)
        budget = rounds * len(self.relations)
        while pending:
            budget -= 1
            if budget < 0:
                raise AssertionError("the attack did not settle")
            number = pending.pop()
            queued.discard(number)
            for cell in self._tighten(self.relations[number]):
                for other in touching[cell]:
                    if other not in queued:
                        queued.add(other)
                        pending.append(other)

    def _tighten(self, relation):
        """The cells of ``relation`` whose bounds the others' bounds narrow (narrowed here):
        each from the sum of the others, worked out as the whole less its own part."""
        parts = [(cell, c, *self.bounds[cell]) for cell, c in relation.items()]
        low = sum(min(c * lo, c * hi) for _, c, lo, hi in parts)
        high = sum(max(c * lo, c * hi) for _, c, lo, hi in parts)
        changed = []
        for cell, c, old_lo, old_hi in parts:
            rest_low = low - min(c * old_lo, c * old_hi)
            rest_high = high - max(c * old_lo, c * old_hi)
            # c * x = -(rest): x between -rest_high/c and -rest_low/c
            a, b = sorted((-rest_high / c, -rest_low / c))
            lo = max(old_lo, -int(-a // 1))
            hi = min(old_hi, int(b // 1))
            if (lo, hi) != (old_lo, old_hi) and lo <= hi:
                self.bounds[cell] = [lo, hi]
                changed.append(cell)
        return changed

    def recovered(self, threshold=5):
        """The cells whose true count is 1 to threshold - 1 and pinned to one value."""
        return sorted(
            (name, self.true[name])
            for name, (lo, hi) in self.bounds.items()
            if lo == hi and 0 < self.true[name] < threshold
        )


def read(attacker, published, truth, *, listed_means_one=False):
    """Every count cell of ``published`` and every relation between them."""
    cells = {}
    for table, true_table in zip(published.tables, truth.tables, strict=True):
        group, counts = COUNTS[table.name]
        labels = [c for c in table.columns if c not in counts and c not in STATISTICS]
        truths = {tuple(r[: len(labels)]): r for r in true_table.rows}
        slices = defaultdict(dict)
        for row in table.rows:
            key = tuple(row[: len(labels)])
            true_row = dict(zip(true_table.columns, truths[key], strict=True))
            shown = dict(zip(table.columns, row, strict=True))
            for column in counts:
                name = (table.name, key, column)
                attacker.cell(name, shown[column], true_row[column])
                if listed_means_one and shown[column] == SUPPRESSED:
                    attacker.at_least_one(name)
                cells[name] = shown[column]
            if table.name in ROW_SUMS:
                total, parts = ROW_SUMS[table.name]
                relation = {(table.name, key, total): 1}
                relation.update({(table.name, key, p): -1 for p in parts})
                attacker.relate(relation)
            if group is not None:
                at = labels.index(group)
                slices[key[:at] + key[at + 1 :]][key[at]] = key
        for groups in slices.values():
            sites = [g for g in groups if g not in AGGREGATES]
            for column in counts:

                def var(g, column=column, name=table.name, groups=groups):
                    return (name, groups[g], column)

                if "all pilot sites" in groups and sites:
                    relation = {var("all pilot sites"): 1}
                    relation.update({var(g): -1 for g in sites})
                    attacker.relate(relation)
                if "all" in groups:
                    relation = {var("all"): 1}
                    relation.update({var(g): -1 for g in PARTS_OF_ALL if g in groups})
                    attacker.relate(relation)
    # Home Office shapes: a year's row is the sum of its quarters'; a 'Total' row or 'All
    # areas' the sum of the rows above it.
    by_column = defaultdict(list)  # (table, column): its cells, in the order read
    for k in cells:
        by_column[(k[0], k[2])].append(k)
    for name in [k for k in cells if k[0] in ("ho-referrals", "ho-decisions")]:
        (table, key, column), year = name, name[1][0]
        if year.isdigit():
            parts = [k for k in by_column[(table, column)]
                     if k[1][0].endswith(f" {year}") and k[1][1:] == key[1:]]  # fmt: skip
            attacker.relate({name: 1, **dict.fromkeys(parts, -1)})
    for name in [k for k in cells if k[1][-1] in ("Total", "All areas")]:
        table, key, column = name
        if table in ("ho-exploitation-type", "ho-first-responder", "postcode-lottery"):
            parts = [
                k
                for k in cells
                if k[0] == table
                and k[2] == column
                and k != name
                and (table == "postcode-lottery" or k[1][0] == key[0])
            ]
            attacker.relate({name: 1, **dict.fromkeys(parts, -1)})
    # The header: the sum of every period's 'all' referrals.
    attacker.cell(("cases",), published.cases_shown, truth.cases)
    relation = {("cases",): 1}
    relation.update({k: -1 for k in cells if k[0] == "referrals" and k[1][1] == "all"})
    attacker.relate(relation)
    # An aggregate's waits over all periods: the sum of its waits by period.
    waits = defaultdict(list)  # (group, measure): its waiting-times cells, in order
    for k in cells:
        if k[0] == "waiting-times":
            waits[k[1][1:]].append(k)
    for name in [k for k in cells if k[0] == "waiting-times-by-site"]:
        group, measure = name[1]
        parts = waits.get((group, measure), [])
        if parts:
            attacker.relate({name: 1, **dict.fromkeys(parts, -1)})
    # Counts a reader may take to be equal (where they are).
    for name in [k for k in cells if k[0] == "decisions" and k[2] == "decisions"]:
        period, group, stage = name[1]
        measures = ("referral-to-rg",) if stage == "RG" else ("rg-to-cg", "referral-to-cg")
        for measure in measures:
            other = ("waiting-times", (period, group, measure), "count")
            if other in attacker.true and attacker.true[other] == attacker.true[name]:
                attacker.relate({name: 1, other: -1})
    for name in [k for k in cells if k[0] == "waiting-times" and k[1][2] == "rg-to-cg"]:
        other = ("waiting-times", (*name[1][:2], "referral-to-cg"), "count")
        attacker.relate({name: 1, other: -1})
    return cells


def attack(published, truth, comparison=None, true_comparison=None, **options):
    attacker = Attacker(base=published.round_to or 1)
    read(attacker, published, truth, **options)
    if comparison is not None:
        read_what_if(attacker, comparison, true_comparison)
    attacker.solve()
    return attacker


def read_what_if(attacker, comparison, true_comparison, tag=""):
    true = {(r[0], r[1]): r[2] for r in true_comparison.rows}
    for moved, rule, children in comparison.rows:
        attacker.cell(("what-if", tag, moved, rule), children, true[(moved, rule)])
    w = {k[2:]: k for k in attacker.bounds if k[:2] == ("what-if", tag)}
    attacker.relate(
        {
            w[("total", "pilot (alternative)")]: 1,
            w[("total", "pilot (baseline)")]: -1,
            w[("SCA to pilot", "all rules")]: -1,
            w[("pilot to SCA", "all rules")]: 1,
        }
    )
    for direction in ("SCA to pilot", "pilot to SCA"):
        parts = {k: -1 for (d, rule), k in w.items() if d == direction and rule != "all rules"}
        if sum(true[k[2:]] for k in parts) == true[(direction, "all rules")]:
            attacker.relate({w[(direction, "all rules")]: 1, **parts})


def pairwise(attacker, threshold=5):
    """A second attack: each relation's cells taken two at a time, every other cell at its
    bounds (finds what a one-pass bound on the relation misses when it is not yet tight).
    Only a first cell whose true count is 1 to threshold - 1 can be a finding, so only such
    pairs are worked out; the others' bounds are the relation's less the pair's."""
    found = set()
    bounds, true = attacker.bounds, attacker.true
    for relation in attacker.relations:
        low_of = {k: min(c * v for v in bounds[k]) for k, c in relation.items()}
        high_of = {k: max(c * v for v in bounds[k]) for k, c in relation.items()}
        all_low, all_high = sum(low_of.values()), sum(high_of.values())
        for a, b in itertools.combinations(relation, 2):
            if not 0 < true[a] < threshold:
                continue
            (la, ha), (lb, hb) = bounds[a], bounds[b]
            if ha - la > 40 or hb - lb > 40:
                continue
            low = all_low - low_of[a] - low_of[b]
            high = all_high - high_of[a] - high_of[b]
            ca, cb = relation[a], relation[b]
            values = {
                x
                for x in range(la, ha + 1)
                for y in range(lb, hb + 1)
                if low <= -(ca * x + cb * y) <= high
            }
            if len(values) == 1:
                found.add((a, true[a]))
    return sorted(found)


# -- the data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_cases():
    # examples/data/synthetic/cases.jsonl is this generator's output (checked here by id).
    cases = list(synthetic_cases(3000, seed=2026, as_of=AS_OF))
    with open("examples/data/synthetic/cases.jsonl", encoding="utf-8") as f:
        ids = [json.loads(line)["referral"]["referral_id"] for line in f]
    assert ids == [c.case_id for c in cases]
    return cases


def reports(cases, period="quarter", as_of=AS_OF):
    return (
        report(cases, as_of=as_of, period=period),
        report(cases, as_of=as_of, period=period, suppress_below=0),
    )


def what_if(cases, days, as_of=AS_OF):
    bundled = Rules.bundled()
    alternative = age_cutoff_rules(bundled, days)
    return (
        compare_policies(cases, bundled, alternative, as_of=as_of),
        compare_policies(cases, bundled, alternative, as_of=as_of, suppress_below=0),
    )


# -- the published report gives nothing away -------------------------------------------


@pytest.mark.parametrize("period", ["quarter", "year"])
def test_the_bundled_synthetic_report_gives_nothing_away(bundled_cases, period):
    published, truth = reports(bundled_cases, period)
    attacker = attack(published, truth, *what_if(bundled_cases, 0))
    assert attacker.recovered() == []
    assert pairwise(attacker) == []
    # Something was there to find: many counts of 1 to 4, each published as 0 or 5.
    small = [k for k, n in attacker.true.items() if 0 < n < 5]
    assert len(small) > 100
    assert all(attacker.bounds[k][1] > attacker.bounds[k][0] for k in small)


def test_a_hundred_random_case_sets_give_nothing_away():
    rng = random.Random(24)
    checked = small = 0
    for _ in range(100):
        seed, size = rng.randrange(10_000), rng.randrange(1, 250)
        period = rng.choice(["quarter", "month", "year"])
        cases = list(synthetic_cases(size, seed=seed, as_of=AS_OF))
        published, truth = reports(cases, period)
        attacker = attack(published, truth, *what_if(cases, rng.choice([0, 30, 60])))
        assert attacker.recovered() == [], (seed, size, period)
        checked += 1
        small += sum(0 < n < 5 for n in attacker.true.values())
    assert checked == 100
    assert small > 1000


def test_no_small_count_is_shown_as_itself(bundled_cases):
    published, truth = reports(bundled_cases)
    attacker = Attacker()
    read(attacker, published, truth)
    for name, true in attacker.true.items():
        lo, hi = attacker.bounds[name]
        shown = lo + BASE - 1 if lo else None
        assert shown is None or shown % BASE == 0 or hi == BIG
        if 0 < true < 5:
            assert hi - lo >= BASE - 1, name  # 0 (0 to 4) or 5 (1 to 9), never the count


# -- a listed row counts at least one ----------------------------------------------------


def test_the_rows_listed_do_not_depend_on_the_counts(bundled_cases):
    # Half the cases, with the same first referral: the same rows, in the same order.
    first = min(bundled_cases, key=lambda c: c.referral.referred_on)
    half = [first, *bundled_cases[1::2]]
    labels = {}
    for cases in (bundled_cases, half):
        published = report(cases, as_of=AS_OF)
        for table in published.tables:
            _, counts = COUNTS[table.name]
            figures = set(counts) | set(STATISTICS)
            rows = [
                tuple(v for c, v in zip(table.columns, row, strict=True) if c not in figures)
                for row in table.rows
            ]
            labels.setdefault(table.name, []).append(rows)
    for name, (full, halved) in labels.items():
        assert full == halved, name


def test_listed_row_attack_works_on_the_old_tables(bundled_cases):
    # Before issue 24: only rows with a count, small counts as [c] (so each [c] is at least
    # one), nothing rounded. The same attacker recovers many small counts from that.
    truth = report(bundled_cases, as_of=AS_OF, suppress_below=0)
    old_tables = []
    for table in truth.tables:
        _, counts = COUNTS[table.name]
        rows = []
        for row in table.rows:
            cells = dict(zip(table.columns, row, strict=True))
            if all(cells[c] == 0 for c in counts):
                continue  # the old report listed a row only when it counted someone
            rows.append(tuple(SUPPRESSED if c in counts and 0 < v < 5 else v
                              for c, v in cells.items()))  # fmt: skip
        old_tables.append(attrs.evolve(table, rows=tuple(rows)))
    old = attrs.evolve(truth, tables=tuple(old_tables), round_to=None)
    kept = attrs.evolve(truth, tables=tuple(
        attrs.evolve(t, rows=tuple(r for r in t.rows if any(
            dict(zip(t.columns, r, strict=True))[c] for c in COUNTS[t.name][1])))
        for t in truth.tables))  # fmt: skip
    attacker = attack(old, kept, listed_means_one=True)
    assert len(attacker.recovered()) > 50


# -- rounding with percentages -----------------------------------------------------------


def percentages_recover(published, truth):
    """Counts found by reading each shown percentage with the published counts: the
    numerators that fit the percentage for every count the rounding allows."""
    found = []
    shown_rows = published.table("decisions").to_rows()
    for row, true in zip(shown_rows, truth.table("decisions").to_rows(), strict=True):
        pct = row["percent_positive"]
        if pct in (SUPPRESSED, None) or row["decisions"] == SUPPRESSED:
            continue
        fits = {
            (k, n)
            for n in range(max(1, row["decisions"] - BASE + 1), row["decisions"] + BASE)
            for k in range(n + 1)
            if round(100 * k / n, 1) == pct
        }
        if {k for k, _ in fits} == {true["positive"]} and 0 < true["positive"] < 5:
            found.append((row, true["positive"]))
        if {n - k for k, n in fits} == {true["negative"]} and 0 < true["negative"] < 5:
            found.append((row, true["negative"]))
    return found


def test_percentages_come_from_the_published_counts_only(bundled_cases):
    published, truth = reports(bundled_cases)
    rows = published.table("decisions").to_rows()
    shown = [r for r in rows if isinstance(r["percent_positive"], float)]
    assert len(shown) > 50
    for r in shown:
        assert r["percent_positive"] == round(min(100, 100 * r["positive"] / r["decisions"]), 1)
    assert percentages_recover(published, truth) == []


def test_percentage_attack_works_on_rounded_counts_with_exact_percentages(bundled_cases):
    # Rounding alone, with the percentages of the true counts (the old --round-to 5):
    # the percentage gives the counts back.
    published, truth = reports(bundled_cases)
    leaky_rows = []
    table = published.table("decisions")
    for row, true in zip(table.rows, truth.table("decisions").rows, strict=True):
        leaky_rows.append((*row[:6], true[6] if row[6] not in (None,) else None))
    leaky = attrs.evolve(published, tables=(attrs.evolve(table, rows=tuple(leaky_rows)),))
    assert len(percentages_recover(leaky, truth)) > 10


# -- statistics and hidden cells ------------------------------------------------------------


def test_every_hidden_cell_is_needed(bundled_cases):
    # A statistic is hidden only when its published count allows fewer than 5 cases (or
    # is hidden itself); a count is hidden only when showing its rounded value would let
    # the attacker pin a small count.
    for period in ("quarter", "year"):
        published = report(bundled_cases, as_of=AS_OF, period=period)
        for table in published.tables:
            _, counts = COUNTS[table.name]
            for row in table.to_rows():
                for column, value in row.items():
                    if value != SUPPRESSED:
                        continue
                    if column in counts:
                        pytest.fail(f"a hidden count without a proof: {table.name} {row}")
                    of = STATISTICS[column] or counts[0]
                    assert row[of] == SUPPRESSED or row[of] - BASE + 1 < 5, (table.name, row)


def test_large_sca_quarters_show_their_positive_rate(bundled_cases):
    published, truth = reports(bundled_cases)
    big = 0
    for row, true in zip(published.table("decisions").to_rows(),
                         truth.table("decisions").to_rows(), strict=True):  # fmt: skip
        if row["decision_maker"] == "SCA" and true["decisions"] >= 50:
            big += 1
            assert isinstance(row["percent_positive"], float), row
    assert big >= 20


def test_fewer_than_a_quarter_of_the_default_report_is_hidden(bundled_cases):
    published = report(bundled_cases, as_of=AS_OF)
    cells = hidden = 0
    for table in published.tables:
        _, counts = COUNTS[table.name]
        figures = [i for i, c in enumerate(table.columns) if c in counts or c in STATISTICS]
        for row in table.rows:
            cells += len(figures)
            hidden += sum(row[i] == SUPPRESSED for i in figures)
    assert hidden < cells / 4, (hidden, cells)
    # The old report hid 1,135 of its 1,512 lines' cells; this one (counted by cell):
    print(f"hidden {hidden} of {cells} cells ({100 * hidden / cells:.1f}%)")


def test_a_period_mostly_hidden_says_a_longer_period_shows_it(bundled_cases):
    published = report(bundled_cases, as_of=AS_OF, period="month")
    table = published.table("waiting-times")
    notes = " ".join(table.notes)
    assert "a longer period shows them (--period quarter or year)" in notes
    crowded = []
    for period in dict.fromkeys(row[0] for row in table.rows):
        cells = [v for row in table.rows if row[0] == period for v in row[4:]]
        if sum(v == SUPPRESSED for v in cells) > sum(v != SUPPRESSED for v in cells):
            crowded.append(period)
    assert crowded  # the bundled data has such months, and the note names them
    assert all(p in notes for p in crowded) or f"{len(crowded)} periods" in notes
    assert not report(bundled_cases, as_of=AS_OF, period="year").table("waiting-times").notes


# -- what-if sweeps ------------------------------------------------------------------------


def test_what_if_cutoffs_are_bands_never_single_days():
    from nrm_core import NrmError

    with pytest.raises(NrmError, match="multiple of 30"):
        age_cutoff_rules(Rules.bundled(), 101)
    assert age_cutoff_rules(Rules.bundled(), 120).policy.pilot_age_cutoff


def test_what_if_counts_only_referrals_made_by_as_of(bundled_cases):
    early = dt.date(2024, 6, 30)
    _, truth = what_if(bundled_cases, 0, as_of=early)
    counted = {(r[0], r[1]): r[2] for r in truth.rows}[("total", "referrals")]
    assert counted == sum(c.referral.referred_on <= early for c in bundled_cases)
    assert counted < len(bundled_cases)


def test_a_sweep_of_what_if_bands_gives_nothing_away(bundled_cases):
    attacker = Attacker()
    tags = []
    for days in range(0, 181, 30):
        published, truth = what_if(bundled_cases, days)
        read_what_if(attacker, published, truth, tag=days)
        tags.append(days)
    # A child in the pilot at a longer cut-off is in it at a shorter one: the difference of
    # two 'pilot (alternative)' totals is the children between the two cut-offs.
    for a, b in itertools.pairwise(tags):
        band = ("band", a, b)
        true = (attacker.true[("what-if", a, "total", "pilot (alternative)")]
                - attacker.true[("what-if", b, "total", "pilot (alternative)")])  # fmt: skip
        attacker.bounds[band] = [0, BIG]
        attacker.true[band] = true
        attacker.relate({("what-if", a, "total", "pilot (alternative)"): 1,
                         ("what-if", b, "total", "pilot (alternative)"): -1, band: -1})  # fmt: skip
    attacker.solve()
    assert attacker.recovered() == []
    # The sweep had something to find: a band of 1 to 4 children (else the check is empty).
    assert any(0 < n < 5 for k, n in attacker.true.items() if k[0] == "band")


def test_a_sweep_of_single_days_would_give_children_away(bundled_cases):
    # Exact totals a day apart (what the refused one-day steps would publish): each
    # difference is the number of children exactly that many days from 18.
    bundled = Rules.bundled()
    citation = bundled.policy.pilot_age_cutoff.values[-1].citation
    from nrm_core import route
    from nrm_core.policy import DayCount, Duration

    near = [
        c for c in bundled_cases if route(c.referral, rules=age_cutoff_rules(bundled, 0)).in_scope
    ]
    totals = []
    for days in range(100, 141):
        alternative = bundled.with_value(
            "pilot_age_cutoff", Duration(days, DayCount.CALENDAR_DAYS), citation
        )
        table = compare_policies(near, bundled, alternative, suppress_below=0)
        totals.append({(r[0], r[1]): r[2] for r in table.rows}[("total", "pilot (alternative)")])
    steps = [a - b for a, b in itertools.pairwise(totals)]
    assert any(0 < s < 5 for s in steps)


# -- pairs of reports: one case apart, one day apart ------------------------------------------


def pair_recovered(first, first_truth, second, second_truth, less, more, nearest=False):
    """Small counts pinned when two reports are read together, each count of the second
    being the first's less ``less`` to plus ``more``."""
    a, b = Attacker(nearest=nearest), Attacker(nearest=nearest)
    read(a, first, first_truth)
    read(b, second, second_truth)
    a.solve()
    b.solve()
    found = []
    for name, (lo, hi) in a.bounds.items():
        if name not in b.bounds:
            continue
        lo2, hi2 = b.bounds[name]
        if max(lo, lo2 - more) == min(hi, hi2 + less) and 0 < a.true[name] < 5:
            found.append(name)
        if max(lo2, lo - less) == min(hi2, hi + more) and 0 < b.true[name] < 5:
            found.append(name)
    return found


def deterministic(published, truth):
    """``published`` with every count rounded to the nearest 5 instead (no key, no audit)."""
    tables = []
    for table, true_table in zip(published.tables, truth.tables, strict=True):
        _, counts = COUNTS[table.name]
        rows = []
        for row, true in zip(table.rows, true_table.rows, strict=True):
            cells = zip(table.columns, row, true, strict=True)
            rows.append(tuple((t + 2) // 5 * 5 if c in counts else v for c, v, t in cells))
        tables.append(attrs.evolve(table, rows=tuple(rows)))
    return attrs.evolve(published, tables=tuple(tables), cases_shown=(truth.cases + 2) // 5 * 5)


def test_two_reports_a_case_apart_give_nothing_away(bundled_cases):
    first, first_truth = reports(bundled_cases)
    found = []
    for drop in range(0, 3000, 600):
        second, second_truth = reports(bundled_cases[:drop] + bundled_cases[drop + 1 :])
        found += pair_recovered(first, first_truth, second, second_truth, 1, 0)
    assert found == []
    # Rounded to the nearest 5 without a key, the same pairs give counts away.
    leaks = []
    for drop in range(0, 3000, 600):
        second, second_truth = reports(bundled_cases[:drop] + bundled_cases[drop + 1 :])
        old_first = deterministic(first, first_truth)
        old_second = deterministic(second, second_truth)
        leaks += pair_recovered(old_first, first_truth, old_second, second_truth, 1, 0, True)
    assert leaks


def test_two_reports_a_day_apart_give_nothing_away(bundled_cases):
    found = []
    for day in (dt.date(2026, 9, 29), dt.date(2026, 6, 30), dt.date(2025, 12, 31)):
        later, later_truth = reports(bundled_cases, as_of=day + dt.timedelta(days=1))
        earlier, earlier_truth = reports(bundled_cases, as_of=day)
        if later_truth.cases != earlier_truth.cases:
            continue  # a day with a referral changes the periods' rows; compared below
        found += pair_recovered(later, later_truth, earlier, earlier_truth, 3, 3)
    assert found == []
