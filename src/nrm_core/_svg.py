"""A small layered-graph drawer and SVG helpers (private; no dependencies, no network).

The documentation draws the lifecycle and policy timelines as SVG when it is built,
so the pages render anywhere: no JavaScript renderer, no CDN. The layout is the
classic layered (Sugiyama) one: ranks by longest path (edges going back up set aside);
an edge that spans several ranks passes through a slot of its own in each rank between,
so **no edge crosses a box other than its two ends**; barycentre sweeps order each rank
to reduce crossings; boxes sit as near their neighbours as their order allows. Edges are
straight segments in the gaps between ranks (and upwards for edges that go back); a
self-edge is listed inside its box. Each edge's label sits in a gap, clear of the boxes
and of the other labels.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

CHAR = 7.0
"""Approximate width of one character of the 12 px sans-serif text used (px)."""
FONT = "font-family='system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif'"
NODE_H = 30
RANK_GAP = 80
NODE_GAP = 36
MARGIN = 24


def text_width(text: str, size: float = 12) -> float:
    """Approximate rendered width of ``text`` (conservative, for layout only)."""
    return len(text) * CHAR * size / 12


_ESCAPED = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})


def esc(text: str) -> str:
    """``text`` escaped for SVG text and attributes (a table, not ``xml.sax.saxutils``: that
    imports ``urllib.request`` and with it ``ssl`` and ``http``, about 10 MB of memory in
    every command that draws nothing)."""
    return text.translate(_ESCAPED)


class Node(NamedTuple):
    key: str
    label: str
    style: str = "normal"  # "normal", "terminal", "initial" or "group"
    title: str = ""  # a tooltip (e.g. the states a group stands for)


class Edge(NamedTuple):
    source: str
    target: str
    label: str


class _Box(NamedTuple):
    x: float  # centre
    y: float  # top
    w: float


def _ranks(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, int]:
    order = [n.key for n in nodes]
    out: dict[str, list[str]] = {k: [] for k in order}
    incoming = dict.fromkeys(order, 0)
    for e in edges:
        if e.source != e.target:
            out[e.source].append(e.target)
            incoming[e.target] += 1
    # Depth-first from the roots (in declaration order) marks back edges.
    forward: dict[str, list[str]] = {k: [] for k in order}
    colour: dict[str, int] = {}

    def visit(key: str) -> None:
        colour[key] = 1
        for nxt in out[key]:
            if colour.get(nxt) == 1:
                continue  # a back edge: ignored for ranking
            forward[key].append(nxt)
            if nxt not in colour:
                visit(nxt)
        colour[key] = 2

    for key in [k for k in order if incoming[k] == 0] + order:
        if key not in colour:
            visit(key)
    rank = dict.fromkeys(order, 0)
    for _ in order:  # longest path over the acyclic forward edges
        changed = False
        for key in order:
            for nxt in forward[key]:
                if rank[nxt] < rank[key] + 1:
                    rank[nxt] = rank[key] + 1
                    changed = True
        if not changed:
            break
    return rank


def _node_width(node: Node, loops: Sequence[str] = ()) -> float:
    widest = max([text_width(node.label), *(text_width(f"↻ {name}", 11) for name in loops)])
    return max(widest + 24, 64)


def _node_height(loops: Sequence[str]) -> float:
    return NODE_H + 15 * len(loops)


_SLOT_GAP = 18
"""Room (px) between an edge's slot in a rank and its neighbours there."""


def _is_slot(key: str) -> bool:
    return key.startswith("\x00")


def _crossings(layers: Sequence[Sequence[str]], down: Mapping[str, Sequence[str]]) -> int:
    """Edge crossings between consecutive ranks."""
    total = 0
    for upper, lower in itertools.pairwise(layers):
        at = {key: index for index, key in enumerate(lower)}
        pairs = [(i, at[b]) for i, a in enumerate(upper) for b in down.get(a, ()) if b in at]
        for n, (a1, b1) in enumerate(pairs):
            total += sum(1 for a2, b2 in pairs[n + 1 :] if (a1 - a2) * (b1 - b2) < 0)
    return total


def _order(
    layers: list[list[str]], up: Mapping[str, Sequence[str]], down: Mapping[str, Sequence[str]]
) -> None:
    """Barycentre sweeps, down and up; the order with the fewest crossings is kept."""
    best, fewest = [list(layer) for layer in layers], _crossings(layers, down)
    for sweep in range(8):
        downwards = sweep % 2 == 0
        ranks = range(1, len(layers)) if downwards else range(len(layers) - 2, -1, -1)
        for r in ranks:
            reference = layers[r - 1] if downwards else layers[r + 1]
            at = {key: index for index, key in enumerate(reference)}
            near = up if downwards else down
            current = {key: index for index, key in enumerate(layers[r])}

            def barycentre(
                key: str, at: dict[str, int] = at, near: Any = near, current: Any = current
            ) -> float:
                found = [at[m] for m in near.get(key, ()) if m in at]
                return sum(found) / len(found) if found else float(current[key])

            layers[r].sort(key=barycentre)
        count = _crossings(layers, down)
        if count < fewest:
            best, fewest = [list(layer) for layer in layers], count
    layers[:] = best


def _fit(desired: Sequence[float], gaps: Sequence[float]) -> list[float]:
    """Positions nearest ``desired`` (least squares) keeping each at least ``gaps[i - 1]``
    after the one before (isotonic regression by pooling adjacent violators)."""
    offsets = list(itertools.accumulate(gaps, initial=0.0))
    pools: list[list[float]] = []  # [sum, count]
    for value in (d - o for d, o in zip(desired, offsets, strict=True)):
        pools.append([value, 1.0])
        while len(pools) > 1 and pools[-2][0] / pools[-2][1] > pools[-1][0] / pools[-1][1]:
            total, count = pools.pop()
            pools[-1][0] += total
            pools[-1][1] += count
    fitted = [total / count for total, count in pools for _ in range(int(count))]
    return [y + o for y, o in zip(fitted, offsets, strict=True)]


def _place(
    layers: Sequence[Sequence[str]],
    width_of: Mapping[str, float],
    up: Mapping[str, Sequence[str]],
    down: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """The centre of each box and slot: in its rank's order, as near its neighbours as the
    gaps allow."""

    def gap(a: str, b: str) -> float:
        room = _SLOT_GAP if _is_slot(a) or _is_slot(b) else NODE_GAP
        return (width_of[a] + width_of[b]) / 2 + room

    gaps = [[gap(a, b) for a, b in itertools.pairwise(layer)] for layer in layers]
    x: dict[str, float] = {}
    for layer, between in zip(layers, gaps, strict=True):
        packed = list(itertools.accumulate(between, initial=0.0))
        for key, at in zip(layer, packed, strict=True):
            x[key] = at - packed[-1] / 2
    for sweep in range(16):
        ranks = range(len(layers)) if sweep % 2 == 0 else range(len(layers) - 1, -1, -1)
        for r in ranks:
            desired = []
            for key in layers[r]:
                near = [*up.get(key, ()), *down.get(key, ())]
                desired.append(sum(x[m] for m in near) / len(near) if near else x[key])
            for key, at in zip(layers[r], _fit(desired, gaps[r]), strict=True):
                x[key] = at
    return x


def _spread(box: _Box, count: int) -> list[float]:
    """Where ``count`` edges meet one side of ``box``, left to right."""
    step = min(30.0, box.w * 0.7 / max(count - 1, 1))
    return [box.x + (i - (count - 1) / 2) * step for i in range(count)]


def layered_svg(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str) -> str:
    """Draw a directed graph as a standalone ``<svg>`` element (ranked top to bottom).

    Self-edges are listed inside their node (``↻ label``), so no loop crosses a neighbour.
    Each edge is a ``path`` of class ``edge`` naming its ends (``data-source``,
    ``data-target``), so its geometry can be checked.
    """
    rank = _ranks(nodes, edges)
    by_key = {n.key: n for n in nodes}
    loops: dict[str, list[str]] = {}
    merged: dict[tuple[str, str], list[str]] = {}
    for e in edges:
        if e.source == e.target:
            loops.setdefault(e.source, []).append(e.label)
        else:
            merged.setdefault((e.source, e.target), []).append(e.label)
    width_of = {k: _node_width(by_key[k], loops.get(k, ())) for k in by_key}
    height_of = {k: _node_height(loops.get(k, ())) for k in by_key}
    layers: list[list[str]] = [[] for _ in range(max(rank.values(), default=0) + 1)]
    for n in nodes:
        layers[rank[n.key]].append(n.key)
    # An edge over several ranks passes through a slot in each rank between its ends.
    chains: dict[tuple[str, str], list[str]] = {}
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for index, (source, target) in enumerate(merged):
        low, high = (source, target) if rank[target] >= rank[source] else (target, source)
        chain = [low]
        for r in range(rank[low] + 1, rank[high]):
            slot = f"\x00{index}:{r}"
            rank[slot], width_of[slot] = r, 0.0
            layers[r].append(slot)
            chain.append(slot)
        chain.append(high)
        chains[(source, target)] = chain
        for a, b in itertools.pairwise(chain):
            if rank[a] < rank[b]:
                down.setdefault(a, []).append(b)
                up.setdefault(b, []).append(a)
    _order(layers, up, down)
    x = _place(layers, width_of, up, down)
    row_height = [
        max((height_of[k] for k in layer if not _is_slot(k)), default=NODE_H) for layer in layers
    ]
    tops = list(itertools.accumulate((h + RANK_GAP for h in row_height), initial=float(MARGIN)))
    bottoms = [top + h for top, h in zip(tops, row_height, strict=False)]
    boxes = {k: _Box(x[k], tops[rank[k]], width_of[k]) for k in by_key}

    # Where each edge meets its boxes: spread along the side, in the order of where it goes.
    ends: dict[tuple[str, str], list[tuple[float, int, tuple[str, str], str]]] = {}
    for pair, chain in chains.items():
        source, target = pair
        forward = chain[0] == source
        out_side = "bottom" if forward or rank[source] == rank[target] else "top"
        in_side = "top" if forward and rank[source] != rank[target] else "bottom"
        toward = chain[1] if forward else chain[-2]
        back = chain[-2] if forward else chain[1]
        # Two edges between the same boxes (there and back) keep to their own side: the
        # downward one on the left at both ends, so they run side by side and never cross.
        upward = 0 if forward else 1
        ends.setdefault((source, out_side), []).append((x[toward], upward, pair, "out"))
        ends.setdefault((target, in_side), []).append((x[back], upward, pair, "in"))
    port: dict[tuple[tuple[str, str], str], float] = {}
    for (key, _), attached in ends.items():
        attached.sort(key=lambda item: (item[0], item[1]))
        spread = _spread(boxes[key], len(attached))
        for at, (_, _, pair, end) in zip(spread, attached, strict=True):
            port[(pair, end)] = at

    paths: list[str] = []
    labels: list[str] = []
    placed: list[tuple[float, float, float, float]] = []
    for pair, chain in chains.items():
        source, target = pair
        points, gaps = _route(pair, chain, rank, x, port, height_of, tops, bottoms)
        label = " / ".join(merged[pair])
        lx, ly = _label_position(label, gaps, placed)
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(points)
        )
        paths.append(
            f"<path class='edge' data-source='{esc(source)}' data-target='{esc(target)}' "
            f"data-label='{esc(label)}' d='{d}' fill='none' stroke='#445' stroke-width='1.3' "
            "stroke-linejoin='round' marker-end='url(#arrow)'/>"
        )
        labels.append(_label(lx, ly, label))
    lefts = [b.x - b.w / 2 for b in boxes.values()] + [left for left, _, _, _ in placed]
    rights = [b.x + b.w / 2 for b in boxes.values()] + [right for _, _, right, _ in placed]
    left, right = min(lefts, default=0.0) - MARGIN, max(rights, default=0.0) + MARGIN
    width, height = right - left, bottoms[-1] + MARGIN
    arrow = "arrow-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")  # unique per page
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='nrm-diagram' role='img' "
        f"viewBox='{left:.0f} 0 {width:.0f} {height:.0f}' width='{width:.0f}' "
        f"height='{height:.0f}' style='max-width:100%;height:auto' {FONT} font-size='12'>",
        f"<title>{esc(title)}</title>",
        f"<defs><marker id='{arrow}' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' "
        "fill='#445'/></marker></defs>",
        *(path.replace("url(#arrow)", f"url(#{arrow})") for path in paths),
        *(_node_svg(by_key[k], box, loops.get(k, ())) for k, box in boxes.items()),
        *labels,
        "</svg>",
    ]
    return "\n".join(parts)


_Point = tuple[float, float]


def _route(
    pair: tuple[str, str],
    chain: Sequence[str],
    rank: Mapping[str, int],
    x: Mapping[str, float],
    port: Mapping[tuple[tuple[str, str], str], float],
    height_of: Mapping[str, float],
    tops: Sequence[float],
    bottoms: Sequence[float],
) -> tuple[list[_Point], list[tuple[_Point, _Point]]]:
    """The points of one edge, source to target, and its segments in the gaps between ranks
    (where its label may go). Every other segment runs down a slot or under its own box."""
    source, target = pair
    start, end = port[(pair, "out")], port[(pair, "in")]
    rs, rt = rank[source], rank[target]
    if rs == rt:  # same rank: down into the gap below, across, and up (no box is there)
        middle = bottoms[rs] + RANK_GAP / 2
        around = [
            (start, tops[rs] + height_of[source]),
            (start, bottoms[rs]),
            (start, middle),
            (end, middle),
            (end, bottoms[rs]),
            (end, tops[rt] + height_of[target]),
        ]
        return _distinct(around), [((start, middle), (end, middle))]
    points: list[_Point] = []
    gaps: list[tuple[_Point, _Point]] = []
    if rs < rt:  # downwards: out of the bottom, through each slot, into the top
        points += [(start, tops[rs] + height_of[source]), (start, bottoms[rs])]
        for slot in chain[1:-1]:
            gaps.append((points[-1], (x[slot], tops[rank[slot]])))
            points += [(x[slot], tops[rank[slot]]), (x[slot], bottoms[rank[slot]])]
        gaps.append((points[-1], (end, tops[rt])))
        points.append((end, tops[rt]))
    else:  # upwards: out of the top, up through each slot, into the bottom
        points.append((start, tops[rs]))
        for slot in reversed(chain[1:-1]):
            gaps.append((points[-1], (x[slot], bottoms[rank[slot]])))
            points += [(x[slot], bottoms[rank[slot]]), (x[slot], tops[rank[slot]])]
        gaps.append((points[-1], (end, bottoms[rt])))
        points += [(end, bottoms[rt]), (end, tops[rt] + height_of[target])]
    return _distinct(points), gaps


def _distinct(points: list[_Point]) -> list[_Point]:
    """``points`` without a point repeating the one before it."""
    return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]


_LABEL_H = 16


def _label_box(label: str, at: _Point) -> tuple[float, float, float, float]:
    w = text_width(label, 11) + 8
    return at[0] - w / 2, at[1] - _LABEL_H / 2, at[0] + w / 2, at[1] + _LABEL_H / 2


def _label_position(
    label: str,
    gaps: Sequence[tuple[_Point, _Point]],
    placed: list[tuple[float, float, float, float]],
) -> _Point:
    """The first spot along the edge's gap segments where its label overlaps no other label
    (labels in a gap never touch a box); it is added to ``placed``."""
    candidates = [
        (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        for a, b in gaps
        for t in (0.5, 0.3, 0.7, 0.15, 0.85)
    ]

    def overlaps(at: _Point) -> int:
        x1, y1, x2, y2 = _label_box(label, at)
        return sum(
            x1 < right - 2 and left + 2 < x2 and y1 < bottom - 1 and top + 1 < y2
            for left, top, right, bottom in placed
        )

    best = min(candidates, key=lambda at: (overlaps(at) > 0, candidates.index(at)))
    placed.append(_label_box(label, best))
    return best


def _label(x: float, y: float, text: str) -> str:
    w = text_width(text, 11) + 8
    return (
        f"<g class='edge-label'><rect x='{x - w / 2:.1f}' y='{y - 8:.1f}' width='{w:.1f}' "
        f"height='16' rx='3' fill='white' fill-opacity='0.92'/><text x='{x:.1f}' "
        f"y='{y + 4:.1f}' text-anchor='middle' font-size='11' fill='#333'>{esc(text)}</text></g>"
    )


_FILL = {"normal": "#eef3fb", "initial": "#e3f4e8", "terminal": "#f6efe2", "group": "#f4f4f4"}


def _node_svg(node: Node, box: _Box, loops: Sequence[str]) -> str:
    x = box.x - box.w / 2
    dash = " stroke-dasharray='5 3'" if node.style == "group" else ""
    stroke = "2.5" if node.style == "terminal" else "1.3"
    tip = f"<title>{esc(node.title)}</title>" if node.title else ""
    lines = [
        f"<text x='{box.x:.1f}' y='{box.y + 20:.1f}' text-anchor='middle' fill='#123'>"
        f"{esc(node.label)}</text>"
    ]
    lines += [
        f"<text x='{box.x:.1f}' y='{box.y + 36 + 15 * i:.1f}' text-anchor='middle' "
        f"font-size='11' fill='#456'>\u21bb {esc(name)}</text>"
        for i, name in enumerate(loops)
    ]
    return (
        f"<g class='node' data-key='{esc(node.key)}'>{tip}<rect x='{x:.1f}' y='{box.y:.1f}' "
        f"width='{box.w:.1f}' height='{_node_height(loops)}' rx='8' "
        f"fill='{_FILL[node.style]}' stroke='#345' stroke-width='{stroke}'{dash}/>"
        + "".join(lines)
        + "</g>"
    )
