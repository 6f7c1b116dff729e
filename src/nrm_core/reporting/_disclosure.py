"""Statistical disclosure control for the report's tables (private to the reporting layer).

Method
------
A published table of children's records must not let anyone work out a small count
(1 to ``threshold - 1``, 1 to 4 by default). The report uses **rounding**, the
alternative to cell suppression that the Government Statistical Service's guidance on
statistical disclosure control for tables from administrative sources, and the ESSnet
*Handbook on Statistical Disclosure Control* (chapter 5, frequency tables: rounding,
random rounding, and auditing a protected table) describe. It was chosen over
primary and secondary suppression because suppression hid three quarters of the
default report's cells and still gave hidden counts away through facts outside its
linear model (a listed row counts at least one). Each step closes one attack:

1. **Fixed rows.** Every table lists a fixed set of rows, whatever the data: every
   period from the first referral's to ``as_of``'s, every pilot site of the rules, every
   code of a closed list. A row's presence says nothing about its count.
2. **Random rounding, keyed by the cell's cases.** Every count, totals and margins
   included, is rounded on its own to a multiple of the base (5 by default, never below
   the threshold): down or up, with the probability of rounding up equal to the count's
   remainder over the base (unbiased random rounding). A count of 1 to 4 is shown as 0
   or 5, never as itself. The random draw is a hash of the sum of the *record keys* of
   the cases in the cell (a hash of each case id) with the cell's label and true count,
   as in the cell-key method of the Office for National Statistics (2021 Census): the
   same cases give the same published figure in every report (so repeating a report
   and averaging gains nothing), and one case more or less gives a fresh draw (so two
   reports a day or a case apart do not pin a count between two rounding boundaries,
   as deterministic rounding does: 2 shown as 0 and 3 as 5 tells the count was 2).
3. **Figures from published figures only.** A percentage is the rounded numerator
   over the rounded count; a median, percentile or mean is shown only when the
   published count guarantees at least ``threshold`` cases (published count at least
   ``threshold + base - 1``: a count rounded to 10 is at least 6). Whether a figure is
   shown is decided from published figures, so its absence tells nothing new.
4. **Audit.** Rounded margins beside rounded parts narrow the counts: four parts
   shown as 0 (each 0 to 4) and a total shown as 20 (16 to 24) make each part exactly 4.
   The audit plays that attacker: it knows every published figure's interval
   (``[r - base + 1, r + base - 1]``, at least 0) and every linear relation between the
   counts (a total is the sum of its parts, counts in two tables that hold the same
   number), and tightens the intervals to a fixed point (bounds propagation, exact over
   the integers for each relation). Where a small count is pinned to one value, the
   cells of its relations are rounded again with a fresh draw, up to
   :data:`ATTEMPTS` times; the published table is then one of the roundings that give
   nothing away. Which rounding is accepted depends on published figures only, so the
   choice adds no information about the true counts. A cell still pinned after that is
   shown as ``[c]`` (a fallback that has not been needed on the bundled or the tested
   random data).

Limits (said on the pitfalls page too): the audit's attacker is bounds propagation,
relation by relation; a full integer-programming attacker on two-way tables may narrow
an interval further (never observed pinning one in the tests, which also attack with
pairs of relations). A reader who holds the case ids of a cell's cases can recompute
its draw, but then already knows its count. Differencing of many reports (a child
joining and leaving several cells) can narrow intervals; a report defends itself
against one neighbour, not a campaign. Means and medians are of at least ``threshold``
children, but a reader who knows all but one of them learns about the last.

Sources: GSS, *Statistical disclosure control for tables produced from administrative
data sources* (2014); Hundepool et al., ESSnet *Handbook on Statistical Disclosure
Control* v1.2 (2010), §5.3 (rounding, random rounding, controlled rounding) and §5.5
(auditing); ONS, *Protecting personal data in Census 2021 results* (cell key
perturbation). The threshold 5 and the base 5 are conventions, not rules of either:
they are parameters.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["ATTEMPTS", "INFINITY", "Model", "Published", "draw", "propagate", "record_key"]

Unit = tuple[str, int, int]
"""A published cell: (table name, row index, column index)."""

ATTEMPTS = 40
"""How many fresh roundings the audit tries for a block before hiding a cell."""
INFINITY = 10**15
"""The upper bound of a hidden count (none known)."""
_MASK = (1 << 64) - 1


def record_key(case_id: str) -> int:
    """A case's record key: 64 bits of a hash of its id (stable across reports)."""
    return int.from_bytes(hashlib.blake2b(case_id.encode(), digest_size=8).digest(), "big")


def draw(label: str, cell_key: int, value: int, base: int, salt: int = 0) -> int:
    """``value`` rounded down or up to a multiple of ``base``, keyed random rounding.

    Rounds up with probability ``(value % base) / base`` over the keys; a multiple of
    the base is kept.

    >>> from nrm_core.reporting._disclosure import draw
    >>> draw("a", 1, 10, 5), draw("a", 1, 0, 5)
    (10, 0)
    >>> draw("a", 1, 3, 5) in (0, 5)
    True
    """
    low, remainder = divmod(value, base)
    if not remainder:
        return value
    text = f"{label}\x00{cell_key & _MASK}\x00{value}\x00{salt}".encode()
    u = int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")
    up = u % base < remainder
    return (low + up) * base


Published = dict[Unit, int | None]
"""Each count cell as published: its rounded value, or ``None`` when hidden."""


def interval(shown: int | None, base: int) -> tuple[int, int]:
    """What a reader knows of a count from its published figure."""
    if shown is None:
        return 0, INFINITY
    return max(0, shown - base + 1), shown + base - 1


def propagate(
    bounds: dict[Unit, tuple[int, int]], relations: Sequence[Mapping[Unit, int]]
) -> dict[Unit, tuple[int, int]]:
    """Tighten ``bounds`` (in place, and returned) by every relation (sum of coefficient x
    count is 0) to a fixed point: the interval each count can still take (integers; bounds
    propagation)."""
    of: dict[Unit, list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        for unit in relation:
            of[unit].append(index)
    queue = list(range(len(relations)))
    waiting = set(queue)
    while queue:
        index = queue.pop()
        waiting.discard(index)
        relation = relations[index]
        low = high = 0
        for unit, c in relation.items():
            lo, hi = bounds[unit]
            low += c * (lo if c > 0 else hi)
            high += c * (hi if c > 0 else lo)
        for unit, c in relation.items():
            lo, hi = bounds[unit]
            # The rest of the relation: low - c*own_low_part .. high - c*own_high_part.
            rest_low = low - c * (lo if c > 0 else hi)
            rest_high = high - c * (hi if c > 0 else lo)
            # c * x = -rest  =>  x in [-rest_high / c, -rest_low / c] (c > 0), swapped if c < 0
            if c > 0:
                new_lo, new_hi = _ceil(-rest_high, c), (-rest_low) // c
            else:
                new_lo, new_hi = _ceil(rest_low, -c), rest_high // -c
            new_lo, new_hi = max(lo, new_lo), min(hi, new_hi)
            if (new_lo, new_hi) != (lo, hi) and new_lo <= new_hi:
                bounds[unit] = (new_lo, new_hi)
                for other in of[unit]:
                    if other not in waiting:
                        waiting.add(other)
                        queue.append(other)
    return bounds


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


class Model:
    """The counts of one or more tables, their relations, and how they are published."""

    def __init__(self, threshold: int, base: int) -> None:
        self.threshold = threshold
        self.base = base
        self.counts: dict[Unit, int] = {}
        self.keys: dict[Unit, int] = {}
        self.labels: dict[Unit, str] = {}
        """Each cell's row label (a string shared by the row's cells): the cell's key for
        its draw is the row label, the column and the cell key."""
        self.relations: list[dict[Unit, int]] = []

    @property
    def protecting(self) -> bool:
        return self.threshold > 0

    @property
    def need(self) -> int:
        """The smallest published count whose statistics are shown."""
        return self.threshold + self.base - 1 if self.protecting else 1

    # -- declaring ------------------------------------------------------------------------
    def count(self, unit: Unit, value: int, key: int, label: str) -> None:
        self.counts[unit] = value
        self.keys[unit] = key
        self.labels[unit] = label

    def relate(self, coefficients: Mapping[Unit, int]) -> None:
        """Sum of coefficient x count is zero (cells not given are known zeros)."""
        relation = {u: c for u, c in coefficients.items() if c}
        if relation:
            self.relations.append(relation)

    def total(self, total: Unit | None, parts: Iterable[Unit]) -> None:
        """``total`` is the sum of ``parts`` (a missing total is a known zero)."""
        relation = dict.fromkeys(parts, -1)
        if total is not None:
            relation[total] = relation.get(total, 0) + 1
        self.relate(relation)

    def same(self, first: Unit, second: Unit) -> None:
        """Two counts a reader may take to be equal, where they are."""
        if first in self.counts and self.counts[first] == self.counts.get(second):
            self.relate({first: 1, second: -1})

    # -- protecting -----------------------------------------------------------------------
    def sensitive(self) -> list[Unit]:
        """The counts no reader may be able to work out: 1 to ``threshold - 1``."""
        return [u for u, n in self.counts.items() if 0 < n < self.threshold]

    def pinned(self, published: Published) -> list[Unit]:
        """The small counts a reader can work out from ``published``."""
        bounds = {u: interval(published[u], self.base) for u in self.counts}
        bounds = propagate(bounds, self.relations)
        return [u for u in self.sensitive() if bounds[u][0] == bounds[u][1]]

    def protect(self) -> Published:
        """Every count as published: rounded, audited, and (as a last resort) hidden."""
        if not self.protecting:
            return dict(self.counts)
        salt: dict[Unit, int] = defaultdict(int)

        def rounding() -> Published:
            return {
                u: draw(f"{self.labels[u]}|{u[2]}", self.keys[u], n, self.base, salt[u])
                for u, n in self.counts.items()
            }

        published = rounding()
        of: dict[Unit, list[int]] = defaultdict(list)
        for index, relation in enumerate(self.relations):
            for unit in relation:
                of[unit].append(index)

        def related(unit: Unit) -> set[Unit]:
            """The cells that share a relation with ``unit`` (and ``unit``)."""
            cells = {unit}
            for index in of[unit]:
                cells.update(self.relations[index])
            return cells

        for _ in range(ATTEMPTS):
            pinned = self.pinned(published)
            if not pinned:
                return published
            for unit in pinned:
                for other in related(unit):
                    salt[other] += 1
                    label = f"{self.labels[other]}|{other[2]}"
                    n = self.counts[other]
                    published[other] = draw(label, self.keys[other], n, self.base, salt[other])
        while pinned := self.pinned(published):  # the fallback: hide what is still pinned
            for unit in pinned:
                published[unit] = None
                for other in sorted(related(unit) - {unit}, key=lambda u: self.counts[u]):
                    if published[other] is not None:
                        published[other] = None
                        break
        return published
