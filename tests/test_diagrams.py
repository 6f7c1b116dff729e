"""The lifecycle diagrams and policy timelines are drawn from the same data the engine reads."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrm_core.diagrams import TOPICS, _topic_graph, policy_timeline_svg, to_svg
from nrm_core.errors import InvalidValueError
from nrm_core.events import EventKind
from nrm_core.policy import Policy
from nrm_core.states import State
from nrm_core.transitions import TRANSITIONS

SVG = "{http://www.w3.org/2000/svg}"


def test_every_event_kind_is_in_exactly_one_topic():
    counts = {kind: sum(kind in topic.kinds for topic in TOPICS) for kind in EventKind}
    assert {kind for kind, n in counts.items() if n != 1} == set()


@pytest.mark.parametrize("topic", [t.key for t in TOPICS])
def test_each_topic_draws_exactly_its_rows_of_the_table(topic):
    chosen = next(t for t in TOPICS if t.key == topic)
    nodes, edges = _topic_graph(topic)
    members = {}
    for node in nodes:
        if node.style == "group":  # a group's tooltip names its states
            members[node.key] = {State(name) for name in node.title.split(", ")}
        else:
            members[node.key] = {State[node.key]}
    drawn = set()
    for edge in edges:
        for source in members[edge.source]:
            target = source if edge.source == edge.target else next(iter(members[edge.target]))
            drawn.add((source, EventKind(edge.label), target))
    expected = {(r.source, r.kind, r.target) for r in TRANSITIONS if r.kind in chosen.kinds}
    assert drawn == expected


def test_the_main_flow_is_small_enough_to_read():
    nodes, edges = _topic_graph("main")
    assert len(nodes) <= 14
    assert not any(node.style == "group" for node in nodes)
    assert {edge.label for edge in edges} <= {k.value for k in next(iter(TOPICS)).kinds}


@pytest.mark.parametrize("topic", [t.key for t in TOPICS])
def test_svg_is_well_formed_and_labels_every_node(topic):
    svg = to_svg(topic)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    texts = {element.text for element in root.iter(f"{SVG}text")}
    nodes, _ = _topic_graph(topic)
    assert {node.label for node in nodes} <= texts
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert 100 < width < 1400
    assert 40 < height < 1400


def test_an_unknown_topic_names_the_topics():
    with pytest.raises(InvalidValueError, match="topics: main, sca-review"):
        to_svg("everything")


def test_policy_timeline_has_a_segment_per_value_and_escapes_text():
    policy = Policy.bundled()
    for parameter in policy.parameters:
        root = ET.fromstring(policy_timeline_svg(parameter))
        segments = [g for g in root.iter(f"{SVG}g") if g.get("class") == "segment"]
        assert len(segments) == len(parameter.values)
    threshold = policy.get("rg_threshold")
    assert "…" in policy_timeline_svg(threshold)  # long text is shortened, full in the title


def test_policy_timeline_rejects_an_empty_axis():
    parameter = Policy.bundled().get("panel_quorum")
    with pytest.raises(InvalidValueError, match="until"):
        policy_timeline_svg(parameter, since=dt.date(2026, 1, 1), until=dt.date(2025, 1, 1))


def test_diagrams_on_one_page_do_not_share_ids():
    ids = []
    for topic in TOPICS:
        root = ET.fromstring(to_svg(topic.key))
        ids += [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) == len(TOPICS)


def _geometry():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs"))
    from check_pages import diagram_problems

    return diagram_problems


@pytest.mark.parametrize("topic", [t.key for t in TOPICS])
def test_no_edge_crosses_a_box_other_than_its_ends(topic):
    # The main flow drew combined-cg-positive-decided -> cg-positive through awaiting-cg, so
    # it read as a transition to awaiting-cg. The same check runs on every built page.
    svg = to_svg(topic)
    root = ET.fromstring(svg)
    _, edges = _topic_graph(topic)
    drawn = [p for p in root.iter(f"{SVG}path") if p.get("class") == "edge"]
    assert len(drawn) == len({(e.source, e.target) for e in edges if e.source != e.target})
    assert _geometry()(svg, name=topic) == []


def test_the_geometry_check_sees_an_edge_through_a_box():
    box = "<g class='node' data-key='{0}'><rect x='{1}' y='{2}' width='100' height='30'/></g>"
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg'>"
        + box.format("A", 0, 0)
        + box.format("B", 0, 100)
        + box.format("C", 0, 200)
        + "<path class='edge' data-source='A' data-target='C' d='M50,30 L50,200'/>"
        + "<path class='edge' data-source='A' data-target='B' d='M50,30 Q300,65 50,100'/>"
        + "</svg>"
    )
    assert _geometry()(svg) == ["diagram: the edge A -> C () passes through the box B"]


def test_a_long_edge_goes_round_the_boxes_between():
    # Straight down from a to d would cross b and c: the edge takes a slot beside them.
    from nrm_core._svg import Edge, Node, layered_svg

    nodes = [Node(k, k) for k in "abcd"]
    edges = [Edge("a", "b", "1"), Edge("b", "c", "2"), Edge("c", "d", "3"), Edge("a", "d", "4"),
             Edge("d", "a", "5")]  # fmt: skip
    assert _geometry()(layered_svg(nodes, edges, title="t"), name="t") == []


@given(
    st.integers(min_value=1, max_value=9).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=14, unique=True
            ),
        )
    )
)
@settings(max_examples=100, deadline=None)
def test_any_graph_is_drawn_with_no_edge_through_a_box(graph):
    from nrm_core._svg import Edge, Node, layered_svg

    count, pairs = graph
    nodes = [Node(f"n{i}", f"state-{i}" * (1 + i % 3)) for i in range(count)]
    edges = [Edge(f"n{a}", f"n{b}", f"event-{a}-{b}") for a, b in pairs]
    found = _geometry()(layered_svg(nodes, edges, title="t"), name="t")
    # Labels are kept apart where the gap has room (the lifecycle's diagrams: checked above);
    # edges never cross a box, whatever the graph.
    assert [problem for problem in found if "passes through" in problem] == []
