"""A small layered-graph drawer and SVG helpers (private; no dependencies, no network).

The documentation draws the lifecycle and policy timelines as SVG when it is built,
so the pages render anywhere: no JavaScript renderer, no CDN. The layout is the
classic layered one: ranks by longest path (back edges set aside), a few
barycentre sweeps to reduce crossings, straight edges downwards, curved edges
for edges that go back up, loops for self-edges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple
from xml.sax.saxutils import escape

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


def esc(text: str) -> str:
    """``text`` escaped for SVG text and attributes."""
    return escape(text, {'"': "&quot;", "'": "&apos;"})


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


def layered_svg(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str) -> str:
    """Draw a directed graph as a standalone ``<svg>`` element (ranked top to bottom).

    Self-edges are listed inside their node (``↻ label``), so no loop crosses a neighbour.
    """
    rank = _ranks(nodes, edges)
    by_key = {n.key: n for n in nodes}
    loops: dict[str, list[str]] = {}
    for e in edges:
        if e.source == e.target:
            loops.setdefault(e.source, []).append(e.label)
    layers: list[list[str]] = [[] for _ in range(max(rank.values(), default=0) + 1)]
    for n in nodes:
        layers[rank[n.key]].append(n.key)
    neighbours: dict[str, list[str]] = {n.key: [] for n in nodes}
    for e in edges:
        if e.source != e.target:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)

    def barycentre(key: str, position: dict[str, int]) -> float:
        above = [position[m] for m in neighbours[key] if rank[m] < rank[key]]
        return sum(above) / len(above) if above else position[key]

    for _ in range(4):  # barycentre sweeps: order each layer by its neighbours above
        position = {k: i for layer in layers for i, k in enumerate(layer)}
        for layer in layers[1:]:
            layer.sort(key=lambda k: barycentre(k, position))
    width_of = {k: _node_width(by_key[k], loops.get(k, ())) for k in by_key}
    height_of = {k: _node_height(loops.get(k, ())) for k in by_key}
    row_height = [max((height_of[k] for k in layer), default=NODE_H) for layer in layers]
    widths = [sum(width_of[k] for k in layer) + NODE_GAP * (len(layer) - 1) for layer in layers]
    widest = max(widths, default=0)
    boxes: dict[str, _Box] = {}
    top = float(MARGIN)
    tops = []
    for index, layer in enumerate(layers):
        tops.append(top)
        x = MARGIN + (widest - widths[index]) / 2
        for key in layer:
            boxes[key] = _Box(x + width_of[key] / 2, top, width_of[key])
            x += width_of[key] + NODE_GAP
        top += row_height[index] + RANK_GAP
    merged: dict[tuple[str, str], list[str]] = {}
    for e in edges:
        if e.source != e.target:
            merged.setdefault((e.source, e.target), []).append(e.label)
    fan_out = {k: sum(1 for s, _ in merged if s == k) for k in by_key}
    fan_in = {k: sum(1 for _, t in merged if t == k) for k in by_key}
    # Labels of edges fanning out of one node alternate between two heights.
    stagger: dict[tuple[str, str], int] = {}
    for key in by_key:
        outs = sorted((t for s, t in merged if s == key), key=lambda t: boxes[t].x)
        stagger.update({(key, t): i % 2 for i, t in enumerate(outs)})
    right = MARGIN + widest
    back_room = 0.0
    paths: list[str] = []
    labels: list[str] = []
    for (source, target), names in merged.items():
        a, b = boxes[source], boxes[target]
        label = " / ".join(names)
        if rank[target] > rank[source]:
            x1, y1, x2, y2 = a.x, a.y + height_of[source], b.x, b.y
            # The label sits where the edges fan apart: near the target when the source
            # has more edges out than the target has in, else near the source.
            t = 0.68 if fan_out[source] > fan_in[target] else 0.32
            if fan_out[source] > 2:
                t = 0.58 + 0.24 * stagger[(source, target)]
            if rank[target] - rank[source] == 1:
                path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
                lx, ly = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
            else:  # a long edge: bend outwards, away from the nodes in between
                side = -1 if (x1 + x2) / 2 <= MARGIN + widest / 2 else 1
                cx = (x1 + x2) / 2 + side * widest / 3
                cx = min(max(cx, MARGIN), right)
                cy = (y1 + y2) / 2
                path = f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"
                lx, ly = (x1 + 2 * cx + x2) / 4, cy
        else:  # a back (upward or sideways) edge: out of the right side and round
            x1, y1 = a.x + a.w / 2, a.y + height_of[source] / 2
            x2, y2 = b.x + b.w / 2, b.y + height_of[target] / 2
            bulge = 40 + 30 * abs(rank[source] - rank[target])
            cx = max(x1, x2) + bulge
            back_room = max(back_room, cx - right + text_width(label, 11) / 2 + 12)
            path = f"M{x1:.1f},{y1:.1f} C{cx:.1f},{y1:.1f} {cx:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            lx, ly = x1 + (cx - x1) * 0.75, (y1 + y2) / 2
        paths.append(
            f"<path d='{path}' fill='none' stroke='#445' stroke-width='1.3' "
            "marker-end='url(#arrow)'/>"
        )
        labels.append(_label(lx, ly, label))
    width = MARGIN * 2 + widest + max(back_room, 0)
    height = top - RANK_GAP + MARGIN
    arrow = "arrow-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")  # unique per page
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='nrm-diagram' role='img' "
        f"viewBox='0 0 {width:.0f} {height:.0f}' width='{width:.0f}' height='{height:.0f}' "
        f"style='max-width:100%;height:auto' {FONT} font-size='12'>",
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
