"""Statistical disclosure control for the report's tables (private to the reporting layer).

A published table of children's records must not let anyone work out a small
count. Hiding the small counts themselves (*primary* suppression) is not
enough: a site's count is the "all pilot sites" row minus the other sites, a
count of positive decisions is the count times the percentage, and so on. So
the model here holds, for every figure of a report, what a reader knows about
it:

* **counts** (whole numbers) and the linear **relations** between them (a total
  is the sum of its parts; a row's parts add up to its total);
* **additive statistics**: a percentage is a numerator over its count, a mean
  is a sum of days over its count; the numerators and sums obey the same
  relations as their counts, and a shown statistic ties its numerator to its
  count (``numerator = ratio x count``); a percentage or mean is shown only
  when its count is;
* other statistics (medians, percentiles), which only depend on their count;
* **equal counts** in different tables (a decision count and the count of waits
  ending in those decisions): a reader may assume they are equal, so where they
  are the model knows it too.

:func:`protect` hides the primary cells, then adds *complementary* (secondary)
cells until no sensitive figure (a small count, a small numerator or
complement, the sum of days of a few children) is determined by what is still
shown. "Determined" is exact linear algebra over the rationals: a hidden figure
can be worked out exactly when its vector lies in the row space of the
relations restricted to the hidden unknowns. Complements are chosen greedily,
smallest first, parts before totals; the result is safe but not minimal.

Method: the Government Statistical Service's guidance on statistical disclosure
control for tables from administrative sources, and the ESSnet *Handbook on
Statistical Disclosure Control*, chapter 5 (frequency tables): primary and
secondary cell suppression, disclosure by differencing, and conventional
rounding as an alternative. The default threshold of 5 is a convention, not a
rule of either: it is a parameter (``suppress_below``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

__all__ = ["Model", "determined", "rref"]

Unit = tuple[str, int, int]
"""A published cell: (table name, row index, column index)."""
Var = tuple[str, Unit]
"""An unknown a reader may solve for: ("n", count cell) or ("a", statistic cell)."""
Form = dict[Var, Fraction]
"""A linear form: coefficient by variable."""


def _minus(row: Form, factor: Fraction, other: Form) -> Form:
    """``row - factor * other``, without zero coefficients."""
    result = dict(row)
    for v, c in other.items():
        result[v] = result.get(v, Fraction(0)) - factor * c
    return {v: c for v, c in result.items() if c}


def _reduce(row: Form, reduced: list[tuple[Var, Form]]) -> Form:
    """What is left of ``row`` after taking out every reduced row's pivot."""
    row = {v: c for v, c in row.items() if c}
    for pivot, other in reduced:
        if row.get(pivot):
            row = _minus(row, row[pivot], other)
    return row


def rref(rows: Iterable[Form]) -> list[tuple[Var, Form]]:
    """Rows in reduced row echelon form, each with its pivot variable."""
    reduced: list[tuple[Var, Form]] = []
    for row in rows:
        row = _reduce(row, reduced)
        if not row:
            continue
        pivot = min(row)
        row = {v: c / row[pivot] for v, c in row.items()}
        reduced = [
            (p, _minus(other, other[pivot], row) if other.get(pivot) else other)
            for p, other in reduced
        ]
        reduced.append((pivot, row))
    return reduced


def determined(form: Form, reduced: list[tuple[Var, Form]]) -> bool:
    """Whether ``form`` (over unknowns) lies in the row space of ``reduced``."""
    return not _reduce(form, reduced)


class Model:
    """What a reader knows about the figures of one or more tables."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.counts: dict[Unit, int] = {}
        self.additive: dict[Unit, tuple[Unit, int, bool]] = {}
        """Statistic cell -> (its count cell, numerator or sum, whether it is a share)."""
        self.stats: dict[Unit, Unit] = {}
        """Non-additive statistic cell -> its count cell."""
        self.relations: list[dict[Unit, int]] = []
        """Linear relations over count cells: the sum of coefficient x value is 0."""
        self.inducing: set[int] = set()
        """Relations (by index) that the cells' numerators and sums of days obey too."""

    # -- declaring ------------------------------------------------------------------------
    def count(self, unit: Unit, value: int) -> None:
        self.counts[unit] = value

    def share(self, unit: Unit, of: Unit, numerator: int) -> None:
        """A percentage: ``numerator`` out of the count in ``of``."""
        self.additive[unit] = (of, numerator, True)

    def mean(self, unit: Unit, of: Unit, total: int) -> None:
        """A mean: ``total`` over the count in ``of``."""
        self.additive[unit] = (of, total, False)

    def stat(self, unit: Unit, of: Unit) -> None:
        """A statistic that depends only on the count in ``of`` (a median, a percentile)."""
        self.stats[unit] = of

    def relate(self, coefficients: Mapping[Unit, int], *, additive: bool = False) -> None:
        """Sum of coefficient x count is zero (cells not given are known zeros).

        ``additive``: the cells' numerators (or sums of days) obey it too, as when
        the rows of one column add up to a total row.
        """
        relation = {u: c for u, c in coefficients.items() if c}
        if len(relation) > 1:
            if additive:
                self.inducing.add(len(self.relations))
            self.relations.append(relation)

    def total(self, total: Unit | None, parts: Iterable[Unit]) -> None:
        """In one column, ``total`` is the sum of ``parts`` (a missing total is a known zero)."""
        relation = dict.fromkeys(parts, -1)
        if total is not None:
            relation[total] = relation.get(total, 0) + 1
        self.relate(relation, additive=True)

    def same(self, first: Unit, second: Unit) -> None:
        """Two counts a reader may take to be equal, where they are."""
        if first in self.counts and self.counts[first] == self.counts.get(second):
            self.relate({first: 1, second: -1})

    # -- protecting -----------------------------------------------------------------------
    def primary(self) -> set[Unit]:
        """Cells that are unsafe on their own."""
        t = self.threshold
        hidden = {u for u, n in self.counts.items() if 0 < n < t}
        for unit, (of, numerator, is_share) in self.additive.items():
            n = self.counts[of]
            if n < t or (is_share and (numerator < t or n - numerator < t)):
                hidden.add(unit)
        hidden.update(u for u, of in self.stats.items() if self.counts[of] < t)
        return hidden

    def sensitive(self) -> list[Form]:
        """The figures no reader may be able to work out."""
        t = self.threshold
        forms: list[Form] = [{("n", u): Fraction(1)} for u, n in self.counts.items() if 0 < n < t]
        for unit, (of, numerator, is_share) in self.additive.items():
            n = self.counts[of]
            if is_share and n and (numerator < t or n - numerator < t):
                forms.append({("a", unit): Fraction(1)})
                forms.append({("n", of): Fraction(1), ("a", unit): Fraction(-1)})
            elif not is_share and 0 < n < t:
                forms.append({("a", unit): Fraction(1)})
        return forms

    def _system(self) -> list[tuple[Form, Unit | None]]:
        """Every relation a reader may have, over all the variables, each with the statistic
        cell it comes from (a shown mean or percentage), or ``None`` when always known."""
        additive_of = {of: unit for unit, (of, _, _) in self.additive.items()}
        system: list[tuple[Form, Unit | None]] = []
        for index, relation in enumerate(self.relations):
            system.append(({("n", u): Fraction(c) for u, c in relation.items()}, None))
            if index in self.inducing and all(u in additive_of for u in relation):
                induced = {("a", additive_of[u]): Fraction(c) for u, c in relation.items()}
                system.append((induced, None))
        for unit, (of, numerator, _) in self.additive.items():
            n = self.counts[of]
            if n:
                ratio = {("a", unit): Fraction(1), ("n", of): -Fraction(numerator, n)}
                system.append((ratio, unit))
        return system

    def _blocks(self) -> list[_Block]:
        """The system split into independent blocks (no relation joins two of them)."""
        system = self._system()
        sensitive = self.sensitive()
        find = _union_find([form for form, _ in system] + sensitive)
        blocks: dict[Var, _Block] = defaultdict(_Block)
        for form, source in system:
            blocks[find(next(iter(form)))].equations.append((form, source))
        for form in sensitive:
            blocks[find(next(iter(form)))].sensitive.append(form)
        for index, relation in enumerate(self.relations):
            blocks[find(("n", next(iter(relation))))].relations.append(index)
        return [block for block in blocks.values() if block.sensitive]

    def exposed(self, hidden: set[Unit], blocks: list[_Block] | None = None) -> list[Form]:
        """The sensitive figures a reader can work out when ``hidden`` cells are hidden."""

        def unknowns(form: Form) -> Form:
            return {v: c for v, c in form.items() if v[0] == "a" or v[1] in hidden}

        out: list[Form] = []
        for block in self._blocks() if blocks is None else blocks:
            rows = [
                unknowns(form)
                for form, source in block.equations
                if source is None or source not in hidden
            ]
            reduced = rref(row for row in rows if row)
            out.extend(f for f in block.sensitive if determined(unknowns(f), reduced))
        return out

    def protect(self) -> set[Unit]:
        """The cells to hide: primary, then complementary."""
        hidden = self._with_statistics(self.primary())
        for block in self._blocks():
            while exposed := self.exposed(hidden, [block]):
                hidden.add(self._complement(exposed[0], hidden, block))
                hidden = self._with_statistics(hidden)
        return hidden

    def _with_statistics(self, hidden: set[Unit]) -> set[Unit]:
        """``hidden`` and every percentage or mean whose count is hidden.

        A shown percentage of a hidden count narrows the count down (45.5% is 5 of
        11, or 10 of 22, ...); with other rounded figures that can be enough to
        find it, which exact linear algebra does not see. Hiding more cells never
        lets a reader work out more.
        """
        return hidden | {u for u, (of, _, _) in self.additive.items() if of in hidden}

    def _complement(self, form: Form, hidden: set[Unit], block: _Block) -> Unit:
        """A shown cell whose hiding helps protect ``form``: from the relations nearest it."""
        additive_of = {of: unit for unit, (of, _, _) in self.additive.items()}
        reached = {v[1] for v in form}
        seen: set[int] = set()
        while True:
            nearby = [
                (i, self.relations[i])
                for i in block.relations
                if i not in seen
                and any(u in reached or additive_of.get(u) in reached for u in self.relations[i])
            ]
            if not nearby:
                break
            nearby.sort(key=lambda item: (sum(u in hidden for u in item[1]), len(item[1])))
            for index, relation in nearby:
                seen.add(index)
                # Parts before totals, smallest first; for a numerator or a sum of days,
                # another row's statistic rather than its count.
                about_statistics = any(v[0] == "a" for v in form)
                candidates = []
                for u, c in relation.items():
                    stat = additive_of.get(u)
                    if about_statistics and stat is not None and stat not in hidden:
                        candidates.append((c > 0, 0, self.counts[u], stat))
                    if u not in hidden:
                        candidates.append((c > 0, 1, self.counts[u], u))
                if candidates:
                    return min(candidates)[3]
                reached.update(relation)
                reached.update(additive_of[u] for u in relation if u in additive_of)
        units = {v[1] for form, _ in block.equations for v in form}
        shown = sorted(u for u in units if u not in hidden)
        if not shown:  # pragma: no cover - with every cell hidden nothing can be worked out
            raise AssertionError("no cell left to hide")
        return shown[0]


class _Block:
    """Relations and sensitive figures that share variables with each other only."""

    def __init__(self) -> None:
        self.equations: list[tuple[Form, Unit | None]] = []
        self.sensitive: list[Form] = []
        self.relations: list[int] = []
        """Indices into :attr:`Model.relations`."""


def _union_find(forms: Iterable[Form]) -> Callable[[Var], Var]:
    """The representative of each variable's block, joining the variables of each form."""
    parent: dict[Var, Var] = {}

    def find(x: Var) -> Var:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for form in forms:
        variables = list(form)
        for v in variables[1:]:
            parent[find(v)] = find(variables[0])
    return find
