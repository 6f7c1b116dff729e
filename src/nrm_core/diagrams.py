"""Renderings of the transition table, generated from the same data the engine reads.

>>> from nrm_core.diagrams import to_mermaid
>>> to_mermaid().splitlines()[0]
'stateDiagram-v2'
"""

from __future__ import annotations

from nrm_core.states import INITIAL_STATE, TERMINAL_STATES, State
from nrm_core.transitions import TRANSITIONS

__all__ = ["to_markdown_table", "to_mermaid"]


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
