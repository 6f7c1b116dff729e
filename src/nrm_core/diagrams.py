"""Renderings of the transition table, generated from the same data the engine reads.

>>> from nrm_core.diagrams import to_mermaid
>>> to_mermaid().splitlines()[0]
'stateDiagram-v2'
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from nrm_core._svg import CHAR, FONT, MARGIN, Edge, Node, esc, layered_svg, text_width
from nrm_core.errors import InvalidValueError
from nrm_core.events import EventKind
from nrm_core.nations import Nation
from nrm_core.policy import ALL_NATIONS, NRM_START, Parameter, ParameterValue
from nrm_core.states import INITIAL_STATE, TERMINAL_STATES, State
from nrm_core.transitions import TRANSITIONS

__all__ = [
    "TOPICS",
    "Topic",
    "policy_timeline_svg",
    "to_markdown_table",
    "to_mermaid",
    "to_svg",
]


def _node(state: State) -> str:
    return state.name.lower()


def to_mermaid() -> str:
    """The state diagram, as Mermaid ``stateDiagram-v2`` source, generated from the table.

    Edges with the same source and target are merged; their labels are joined.
    """
    lines = ["stateDiagram-v2"]
    lines.extend(f'    state "{state.value}" as {_node(state)}' for state in State)
    lines.append(f"    [*] --> {_node(INITIAL_STATE)}")
    edges: dict[tuple[State, State], list[str]] = {}
    for row in TRANSITIONS:
        edges.setdefault((row.source, row.target), []).append(row.kind.value)
    for (source, target), labels in edges.items():
        lines.append(f"    {_node(source)} --> {_node(target)}: {' / '.join(labels)}")
    lines.extend(f"    {_node(state)} --> [*]" for state in State if state in TERMINAL_STATES)
    return "\n".join(lines) + "\n"


def to_markdown_table() -> str:
    """The transition table as Markdown: source, event, target, guards and citation."""
    lines = [
        "| from | event | to | guards | citation |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in TRANSITIONS:
        guards = ", ".join(f"`{g.code}`" for g in row.guards) or "-"
        lines.append(
            f"| {row.source.value} | {row.kind.value} | {row.target.value} | {guards} | "
            f"{row.citation} |"
        )
    return "\n".join(lines) + "\n"


@attrs.frozen
class Topic:
    """One view of the lifecycle: the events it shows and what it is about."""

    key: str
    title: str = attrs.field(kw_only=True)
    summary: str = attrs.field(kw_only=True)
    kinds: frozenset[EventKind] = attrs.field(kw_only=True)


_K = EventKind
TOPICS: tuple[Topic, ...] = (
    Topic(
        "main",
        title="Main flow: routing, decisions and service",
        summary="Who decides, the RG and CG decisions (or a combined one) and their service. "
        "SCA review, reconsideration, suspension, turning 18, POD and endings have their own "
        "diagrams below.",
        kinds=frozenset(
            {
                _K.ROUTED_TO_PANEL,
                _K.ROUTED_TO_SCA,
                _K.RG_POSITIVE,
                _K.RG_NEGATIVE,
                _K.COMBINED_CG_POSITIVE,
                _K.COMBINED_CG_NEGATIVE,
                _K.CG_POSITIVE,
                _K.CG_NEGATIVE,
                _K.DECISION_SERVED,
            }
        ),
    ),
    Topic(
        "sca-review",
        title="SCA review of pilot decisions",
        summary="The SCA reviews a pilot panel's decision before it is served; a returned decision "
        "goes back to the panel.",
        kinds=frozenset({_K.SCA_REVIEW_AGREED, _K.SCA_REVIEW_RETURNED}),
    ),
    Topic(
        "reconsideration",
        title="Reconsideration of a negative decision",
        summary="A served negative decision can be reconsidered; if accepted, a new decision "
        "follows.",
        kinds=frozenset(
            {
                _K.RECONSIDERATION_REQUESTED,
                _K.RECONSIDERATION_ACCEPTED,
                _K.RECONSIDERATION_REFUSED,
            }
        ),
    ),
    Topic(
        "eighteen",
        title="Turning 18 and age disputes",
        summary="A child who turns 18 while awaiting a decision is asked to consent to continue; "
        "elsewhere the date is recorded. An age dispute is recorded without a change of state.",
        kinds=frozenset({_K.TURNED_EIGHTEEN, _K.CONSENTED_TO_CONTINUE, _K.AGE_DISPUTED}),
    ),
    Topic(
        "suspension",
        title="Suspension",
        summary="A case awaiting a decision can be suspended and resumed.",
        kinds=frozenset({_K.SUSPENDED, _K.RESUMED}),
    ),
    Topic(
        "pod",
        title="Public Order Disqualification",
        summary="POD events record the POD status of an open case; they do not change its state.",
        kinds=frozenset({_K.POD_CONSIDERED, _K.POD_APPLIED, _K.POD_NOT_APPLIED}),
    ),
    Topic(
        "endings",
        title="Withdrawal, merger, transfer and re-referral",
        summary="An open case can be withdrawn or merged into another, or transferred from a pilot "
        "panel to the SCA; an ended case can be re-referred.",
        kinds=frozenset({_K.WITHDRAWN, _K.MERGED, _K.TRANSFERRED_TO_SCA, _K.RE_REFERRED}),
    ),
)
"""The lifecycle's diagrams: a main flow and one per topic. Every event kind is in one."""

_GROUP_AT = 3
"""Sources at which one kind's edges (to one target, or loops) are drawn from one group."""


def _topic(key: str) -> Topic:
    for topic in TOPICS:
        if topic.key == key:
            return topic
    known = ", ".join(t.key for t in TOPICS)
    raise InvalidValueError("to_svg", "topic", f"is not a diagram topic (topics: {known})")


def _style(state: State) -> str:
    if state is INITIAL_STATE:
        return "initial"
    return "terminal" if state in TERMINAL_STATES else "normal"


def _topic_graph(key: str) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges of one topic's diagram, from the transition table.

    When one kind of event leaves three or more states for the same target (or loops
    on them), those states are drawn as one dashed group node.
    """
    topic = _topic(key)
    rows = [row for row in TRANSITIONS if row.kind in topic.kinds]
    by_kind: dict[tuple[EventKind, State | None], list[State]] = {}
    for row in rows:
        target = None if row.source is row.target else row.target
        by_kind.setdefault((row.kind, target), []).append(row.source)
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []

    def state_node(state: State) -> str:
        nodes.setdefault(state.name, Node(state.name, state.value, _style(state)))
        return state.name

    groups: dict[frozenset[State], str] = {}
    for (kind, target), sources in by_kind.items():
        if len(sources) >= _GROUP_AT:
            members = frozenset(sources)
            if members not in groups:
                groups[members] = f"group{len(groups) + 1}"
                label = f"any of {len(members)} states"
                if members == frozenset(s for s in State if s not in TERMINAL_STATES):
                    label = "any open state"
                names = ", ".join(s.value for s in State if s in members)
                nodes[groups[members]] = Node(groups[members], label, "group", names)
            source = groups[members]
            edges.append(Edge(source, source if target is None else state_node(target), kind.value))
        else:
            for state in sources:
                node = state_node(state)
                edges.append(Edge(node, node if target is None else state_node(target), kind.value))
    order = {s.name: i for i, s in enumerate(State)}
    ordered = sorted(nodes.values(), key=lambda n: order.get(n.key, -1))
    return ordered, edges


def to_svg(topic: str = "main") -> str:
    """One lifecycle diagram as a standalone SVG, drawn from the transition table.

    ``topic`` is a key of :data:`TOPICS`. No JavaScript or network is needed to show it.

    >>> from nrm_core.diagrams import to_svg
    >>> svg = to_svg("reconsideration")
    >>> svg.startswith("<svg") and "reconsideration-accepted" in svg
    True
    """
    chosen = _topic(topic)
    nodes, edges = _topic_graph(topic)
    return layered_svg(nodes, edges, title=f"Lifecycle: {chosen.title}")


_CONFIDENCE_FILL = {"verified": "#cfe8d5", "secondary": "#fbe7b5", "unverified": "#f6c9c4"}
_TIMELINE_FROM = dt.date(NRM_START.year, 1, 1)
"""Timelines start no earlier than the year the NRM began (:data:`~nrm_core.policy.NRM_START`,
with its citation)."""


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, frozenset):
        return ", ".join(sorted(map(str, value))) or "none"
    return "none" if value is None else str(value)


def policy_timeline_svg(
    parameter: Parameter[Any], *, since: dt.date | None = None, until: dt.date | None = None
) -> str:
    """One policy parameter's values over time, as an SVG timeline (one lane per nations).

    Segments are coloured by the confidence of their citation; a value still in force runs
    to ``until`` (default: the end of the year after the last change) with a dashed edge.
    The axis starts at ``since`` (default: the first value, but not before the year the NRM
    began, 2009). Pass the same ``since`` and ``until`` to compare parameters.

    >>> from nrm_core.diagrams import policy_timeline_svg
    >>> from nrm_core.policy import Policy
    >>> svg = policy_timeline_svg(Policy.bundled().get("recovery_period"))
    >>> svg.count("class='segment'")
    6
    """
    values = parameter.values
    starts = [v.valid.start or _TIMELINE_FROM for v in values]
    ends = [v.valid.end for v in values if v.valid.end is not None]
    first = since or max(min(starts), _TIMELINE_FROM)
    last = until or dt.date(max([*starts, *ends, first]).year + 1, 12, 31)
    if last <= first:
        raise InvalidValueError("policy_timeline_svg", "until", "is not after since")
    lanes: dict[frozenset[Nation], list[ParameterValue[Any]]] = {}
    for value in values:
        lanes.setdefault(value.nations, []).append(value)
    label_w = max(
        text_width("all nations" if n == ALL_NATIONS else ", ".join(sorted(x.value for x in n)))
        for n in lanes
    )
    left, lane_h, width = MARGIN + label_w + 12, 34, 860.0
    span = (last - first).days or 1

    def x_of(day: dt.date) -> float:
        day = min(max(day, first), last)
        return left + (width - left - MARGIN) * (day - first).days / span

    parts: list[str] = []
    for row, (nations, lane) in enumerate(lanes.items()):
        y = MARGIN + row * (lane_h + 8)
        name = (
            "all nations" if nations == ALL_NATIONS else ", ".join(sorted(n.value for n in nations))
        )
        parts.append(f"<text x='{MARGIN}' y='{y + 21}' fill='#123'>{esc(name)}</text>")
        for value in lane:
            x1 = x_of(value.valid.start or first)
            x2 = x_of(value.valid.end or last)
            text = _shown(value.value)
            full = (
                f"{text} [{(value.valid.start or first).isoformat()}, "
                f"{value.valid.end.isoformat() if value.valid.end else 'in force'}) "
                f"{value.citation.confidence.value}"
            )
            room = int((x2 - x1 - 8) / CHAR)
            short = text if len(text) <= room else (text[: max(room - 1, 0)] + "\u2026")
            fill = _CONFIDENCE_FILL[value.citation.confidence.value]
            open_end = "" if value.valid.end else " stroke-dasharray='4 2'"
            parts.append(
                f"<g class='segment'><title>{esc(full)}</title><rect x='{x1:.1f}' y='{y}' "
                f"width='{max(x2 - x1, 2):.1f}' height='{lane_h - 6}' rx='4' fill='{fill}' "
                f"stroke='#567'{open_end}/><text x='{x1 + 5:.1f}' y='{y + 19}' fill='#123' "
                f"font-size='11'>{esc(short if room > 1 else '')}</text></g>"
            )
    axis_y = MARGIN + len(lanes) * (lane_h + 8) + 4
    parts.append(
        f"<line x1='{left:.1f}' y1='{axis_y}' x2='{width - MARGIN:.1f}' y2='{axis_y}' "
        "stroke='#445'/>"
    )
    step = 1 if last.year - first.year <= 8 else 2
    for year in range(first.year + 1, last.year + 1, step):
        x = x_of(dt.date(year, 1, 1))
        parts.append(
            f"<line x1='{x:.1f}' y1='{axis_y}' x2='{x:.1f}' y2='{axis_y + 5}' stroke='#445'/>"
            f"<text x='{x:.1f}' y='{axis_y + 18}' text-anchor='middle' font-size='11' "
            f"fill='#333'>{year}</text>"
        )
    legend_y = axis_y + 36
    x = left
    for name, fill in _CONFIDENCE_FILL.items():
        parts.append(
            f"<rect x='{x:.1f}' y='{legend_y - 10}' width='14' height='12' fill='{fill}' "
            f"stroke='#567'/><text x='{x + 19:.1f}' y='{legend_y}' font-size='11'>{name}</text>"
        )
        x += 30 + text_width(name, 11)
    parts.append(
        f"<text x='{x + 10:.1f}' y='{legend_y}' font-size='11' fill='#555'>"
        "dashed edge: still in force</text>"
    )
    height = legend_y + MARGIN
    head = (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='nrm-timeline' role='img' "
        f"viewBox='0 0 {width:.0f} {height}' width='{width:.0f}' height='{height}' "
        f"style='max-width:100%;height:auto' {FONT} font-size='12'>"
        f"<title>{esc(parameter.title)}: values over time</title>"
    )
    return head + "\n".join(parts) + "</svg>"
