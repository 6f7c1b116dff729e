"""A differencing attack on published reports: no hidden small number can be worked out.

The attacker here is written independently of nrm_core's disclosure model. It reads
a report as published (the ``[c]`` cells unknown), writes down every linear relation
a reader could know from the tables' definitions (a total is the sum of its parts,
a percentage or a mean times its count is a number that adds up like the counts,
the header's case count is the sum of the periods, counts in two tables that hold
the same number, the what-if totals differ by the children moved), and asks, by
exact rank over the rationals, whether any small count, small numerator or
complement, or sum of a few children's days is determined.
"""

import datetime as dt
from collections import defaultdict
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nrm_core import Rules
from nrm_core.policy import DayCount, Duration
from nrm_core.reporting.stats import SUPPRESSED, compare_policies, report
from nrm_core.reporting.synthetic import synthetic_cases

AS_OF = dt.date(2026, 9, 30)
PARTS_OF_ALL = ("all pilot sites", "SCA", "not yet routed")
AGGREGATES = {"all", "all pilot sites", "SCA", "not yet routed"}

# What each table publishes: the decision-maker column, the counts, and the statistics
# with the count they are computed from.
SPEC = {
    "referrals": {"group": "decision_maker", "counts": ("referrals",)},
    "decisions": {
        "group": "decision_maker",
        "counts": ("decisions",),
        "shares": {"percent_positive": "decisions"},
    },
    "waiting-times": {
        "group": "decision_maker",
        "counts": ("count",),
        "means": {"mean_days": "count"},
        "other": ("median_days", "p90_days"),
    },
    "open-cases": {
        "group": "decision_maker",
        "counts": ("waiting", "waiting_for_rg", "waiting_for_cg", "waiting_over_365_days"),
        "rows": ("waiting", ("waiting_for_rg", "waiting_for_cg")),
        "other": ("median_days", "p90_days"),
    },
    "deadlines": {"group": "decision_maker", "counts": ("cases",)},
    "reconsiderations": {
        "group": "decision_maker",
        "counts": ("requested", "accepted", "refused"),
    },
    "turned-18": {"group": "decision_maker", "counts": ("children",)},
    "transfers": {"group": "site", "counts": ("transfers",)},
}


def rank(rows):
    """Rank of a list of sparse rows (dicts) over the rationals."""
    pivots = {}
    for row in rows:
        row = {k: Fraction(v) for k, v in row.items() if v}
        while row:
            key = min(row)
            if key not in pivots:
                pivots[key] = row
                break
            pivot = pivots[key]
            factor = row[key] / pivot[key]
            for k, v in pivot.items():
                row[k] = row.get(k, 0) - factor * v
            row = {k: v for k, v in row.items() if v}
    return len(pivots)


class Attack:
    """Relations over unknowns, from one published report and the true figures."""

    def __init__(self):
        self.equations = []  # dicts over variable names; known values already dropped
        self.targets = []  # (description, form)

    def relate(self, terms):
        """terms: (variable, coefficient, known?) -- known values move to the constant."""
        form = {v: c for v, c, known in terms if not known}
        if form:
            self.equations.append(form)

    def recoverable(self):
        parent = {}

        def find(x):
            parent.setdefault(x, x)
            while parent[x] != x:
                x = parent[x]
            return x

        for form in self.equations + [f for _, f in self.targets]:
            first, *rest = form
            for v in rest:
                parent[find(v)] = find(first)
        blocks = defaultdict(list)
        for form in self.equations:
            blocks[find(next(iter(form)))].append(form)
        found = []
        for description, form in self.targets:
            if not form:
                found.append(description)
                continue
            block = blocks[find(next(iter(form)))]
            if rank([*block, form]) == rank(block):
                found.append(description)
        return found


def signed(terms, total, parts):
    """The relation total - sum(parts) = 0 as (variable, coefficient, known) terms."""
    var, known, _ = terms[total]
    return [(var, 1, known)] + [(terms[p][0], -1, terms[p][1]) for p in parts]


def attack(published, truth, threshold, comparison=None, true_comparison=None):
    """Every small figure the published tables give away."""
    a = Attack()
    counts = {}  # (table, row labels, column) -> (variable, known, true value)
    for table, true_table in zip(published.tables, truth.tables, strict=True):
        spec = SPEC[table.name]
        columns = table.columns
        figures = set(spec["counts"]) | set(spec.get("shares", {})) | set(spec.get("means", {}))
        figures |= set(spec.get("other", ()))
        labels = [c for c in columns if c not in figures]
        group_at = labels.index(spec["group"])
        slices = defaultdict(dict)
        for row, true_row in zip(table.rows, true_table.rows, strict=True):
            cells = dict(zip(columns, row, strict=True))
            true = dict(zip(columns, true_row, strict=True))
            key = tuple(cells[c] for c in labels)
            for column in spec["counts"]:
                var = (table.name, key, column)
                counts[var] = (var, cells[column] != SUPPRESSED, true[column])
                if 0 < true[column] < threshold:
                    a.targets.append((f"{var} = {true[column]}", {var: 1}))
            for kind in ("shares", "means"):
                for column, of in spec.get(kind, {}).items():
                    n_var = (table.name, key, of)
                    a_var = (table.name, key, column, "numerator")
                    n = true[of]
                    value = Fraction(str(true[column])) if true[column] is not None else None
                    total = round(value * n / 100) if kind == "shares" else value * n
                    if cells[column] != SUPPRESSED and n:
                        shown = Fraction(str(cells[column]))
                        ratio = shown / 100 if kind == "shares" else shown
                        a.relate([(a_var, 1, False), (n_var, -ratio, counts[n_var][1])])
                    if kind == "shares" and n and (total < threshold or n - total < threshold):
                        a.targets.append((f"{a_var} = {total} of {n}", {a_var: 1}))
                        form = {a_var: -1}
                        if not counts[n_var][1]:
                            form[n_var] = 1
                        a.targets.append((f"{a_var} complement of {n}", form))
                    if kind == "means" and 0 < n < threshold:
                        a.targets.append((f"{a_var}: days of {n} children", {a_var: 1}))
            if "rows" in spec:
                total, parts = spec["rows"]
                terms = [counts[(table.name, key, total)]]
                terms += [counts[(table.name, key, p)] for p in parts]
                a.relate([(v, 1 if i == 0 else -1, known) for i, (v, known, _) in enumerate(terms)])
            slice_key = tuple(k for i, k in enumerate(key) if i != group_at)
            slices[slice_key][key[group_at]] = key
        # Groups add up within each slice, for counts and for numerators and sums.
        numerators = [(c, True) for c in spec["counts"]] + [
            (c, False) for kind in ("shares", "means") for c in spec.get(kind, {})
        ]
        for groups in slices.values():
            for column, is_count in numerators:
                terms = {
                    g: counts[(table.name, k, column)]
                    if is_count
                    else ((table.name, k, column, "numerator"), False, None)
                    for g, k in groups.items()
                }
                sites = [g for g in groups if g not in AGGREGATES]
                if "all pilot sites" in groups:
                    a.relate(signed(terms, "all pilot sites", sites))
                if "all" in groups:
                    a.relate(signed(terms, "all", [g for g in PARTS_OF_ALL if g in groups]))
    # The header: every case once, in its referral period's 'all' row.
    header_known = published.cases_shown != SUPPRESSED
    if 0 < truth.cases < threshold:
        a.targets.append((f"cases = {truth.cases}", {("cases",): 1}))
    alls = [v for v in counts.values() if v[0][0] == "referrals" and v[0][1][1] == "all"]
    a.relate([(("cases",), 1, header_known)] + [(v, -1, known) for v, known, _ in alls])
    # Counts in two tables that hold the same number, where they do.
    for (name, key, _), (var, known, true) in counts.items():
        if name != "decisions":
            continue
        period, group, stage = key
        measures = ("referral-to-rg",) if stage == "RG" else ("rg-to-cg", "referral-to-cg")
        for measure in measures:
            other = counts.get(("waiting-times", (period, group, measure), "count"))
            if other is not None and other[2] == true:
                a.relate([(var, 1, known), (other[0], -1, other[1])])
    # Waits from RG to CG and from referral to CG are the same waits.
    for (name, key, _), (var, known, _) in counts.items():
        if name == "waiting-times" and key[2] == "rg-to-cg":
            other = counts[("waiting-times", (*key[:2], "referral-to-cg"), "count")]
            a.relate([(var, 1, known), (other[0], -1, other[1])])
    if comparison is not None:
        rows = {(r[0], r[1]): r[2] for r in comparison.rows}
        true_rows = {(r[0], r[1]): r[2] for r in true_comparison.rows}
        terms = []
        for (moved, rule), shown in rows.items():
            var = ("what-if", moved, rule)
            if 0 < true_rows[(moved, rule)] < threshold:
                a.targets.append((f"{var} = {true_rows[(moved, rule)]}", {var: 1}))
            sign = {"pilot (alternative)": 1, "pilot (baseline)": -1}.get(rule, 0)
            sign = sign or {"SCA to pilot": -1, "pilot to SCA": 1}.get(moved, 0)
            if sign:
                terms.append((var, sign, shown != SUPPRESSED))
        a.relate(terms)
    return a.recoverable()


def reports(cases, threshold, period="quarter"):
    published = report(cases, as_of=AS_OF, period=period, suppress_below=threshold)
    truth = report(cases, as_of=AS_OF, period=period, suppress_below=0)
    return published, truth


@pytest.fixture(scope="module")
def bundled_cases():
    return list(synthetic_cases(3000, seed=2026, as_of=AS_OF))


def what_if(cases, threshold):
    bundled = Rules.bundled()
    citation = bundled.policy.pilot_age_cutoff.values[0].citation
    alternative = bundled.with_value(
        "pilot_age_cutoff", Duration(0, DayCount.CALENDAR_DAYS), citation
    )
    return (
        compare_policies(cases, bundled, alternative, suppress_below=threshold),
        compare_policies(cases, bundled, alternative, suppress_below=0),
    )


def test_the_bundled_synthetic_report_gives_nothing_away(bundled_cases):
    published, truth = reports(bundled_cases, 5)
    comparison, true_comparison = what_if(bundled_cases, 5)
    assert attack(published, truth, 5, comparison, true_comparison) == []


def test_the_attack_finds_what_primary_suppression_alone_leaves(bundled_cases):
    # The attacker is not blind: on a report with only the small cells themselves hidden
    # (the behaviour before secondary suppression) it recovers many of them.
    published, truth = reports(bundled_cases, 5)
    only_primary = []
    for table, true_table in zip(published.tables, truth.tables, strict=True):
        spec = SPEC[table.name]
        stats = {**spec.get("shares", {}), **spec.get("means", {})}
        stats.update(dict.fromkeys(spec.get("other", ()), spec["counts"][0]))
        rows = []
        for true_row in true_table.rows:
            cells = dict(zip(table.columns, true_row, strict=True))
            row = []
            for column, value in cells.items():
                small = column in spec["counts"] and 0 < value < 5
                few = column in stats and cells[stats[column]] < 5
                row.append(SUPPRESSED if small or few else value)
            rows.append(tuple(row))
        only_primary.append(attrs.evolve(table, rows=tuple(rows)))
    naive = attrs.evolve(published, tables=tuple(only_primary))
    found = attack(naive, truth, 5)
    assert len(found) > 50, found[:5]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 10_000),
    size=st.integers(1, 250),
    threshold=st.sampled_from([2, 3, 5, 10]),
    period=st.sampled_from(["quarter", "month", "year"]),
)
# Found by this test: a percentage shown beside its hidden count (46.7% of a hidden 15)
# let the rounded figures pin the counts down; now such percentages are hidden too.
@example(seed=1941, size=236, threshold=2, period="year")
def test_random_reports_give_nothing_away(seed, size, threshold, period):
    cases = list(synthetic_cases(size, seed=seed, as_of=AS_OF))
    published, truth = reports(cases, threshold, period)
    comparison, true_comparison = what_if(cases, threshold)
    assert attack(published, truth, threshold, comparison, true_comparison) == []


def test_rounding_rounds_every_shown_count_to_the_nearest_base(bundled_cases):
    rounded = report(bundled_cases, as_of=AS_OF, suppress_below=5, round_to=5)
    truth = report(bundled_cases, as_of=AS_OF, suppress_below=0)
    assert rounded.cases_shown == 3000
    assert "rounded to the nearest 5" in rounded.to_text()
    checked = 0
    for table, true_table in zip(rounded.tables, truth.tables, strict=True):
        for row, true_row in zip(table.to_rows(), true_table.to_rows(), strict=True):
            for column in SPEC[table.name]["counts"]:
                if row[column] != SUPPRESSED:
                    # nearest multiple of 5, halves up: 2 -> 0, 3 -> 5, 12 -> 10, 13 -> 15
                    assert row[column] == (true_row[column] + 2) // 5 * 5, (table.name, row)
                    checked += 1
    assert checked > 300


def test_a_hidden_percentage_is_not_given_back_by_the_others():
    # Positive or negative decisions that are few hide the percentage, and another one
    # in the same relation, or the numerators would give it back by subtraction.
    cases = list(synthetic_cases(400, seed=3, as_of=AS_OF))
    published, truth = reports(cases, 5, "year")
    rows = published.table("decisions").to_rows()
    true_rows = truth.table("decisions").to_rows()
    hidden_shares = [
        (r, t) for r, t in zip(rows, true_rows, strict=True) if r["percent_positive"] == SUPPRESSED
    ]
    assert any(t["decisions"] >= 5 for _, t in hidden_shares), "a share hidden for its numerator"
    assert attack(published, truth, 5) == []


@pytest.mark.parametrize(("suppress_below", "round_to"), [(-1, None), (5, 0), (5, True)])
def test_bad_protection_settings_are_refused(suppress_below, round_to):
    from nrm_core import NrmError

    with pytest.raises(NrmError):
        report([], as_of=AS_OF, suppress_below=suppress_below, round_to=round_to)
