"""The generated reference pages list every parameter value and every transition."""

import sys
from pathlib import Path

from nrm_core.policy import Policy
from nrm_core.transitions import TRANSITIONS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
from nrm_docgen import EMPTY, lifecycle_rst, parameters_rst, sites_rst

from nrm_core.diagrams import TOPICS

DEFAULT_POLICY = Policy.bundled()


def test_every_parameter_value_and_citation_is_listed():
    text = parameters_rst()
    for parameter in DEFAULT_POLICY.parameters:
        assert f"(``{parameter.key}``)" in text
        for value in parameter.values:
            assert value.citation.section.split(";")[0] in text
            if value.valid.start is not None:
                assert value.valid.start.isoformat() in text
    assert text.count("   * - ") == 1 * len(DEFAULT_POLICY.parameters) + sum(
        len(p.values) for p in DEFAULT_POLICY.parameters
    )


def test_every_transition_is_listed():
    text = lifecycle_rst()
    for row in TRANSITIONS:
        assert f"``{row.source.value}``" in text
        assert f"``{row.kind.value}``" in text
    # The diagrams are inline SVG drawn from the table (was Mermaid source, which needed a
    # script from a CDN to be drawn): one for the main flow and one per topic.
    assert text.count("<svg") == len(TOPICS)
    assert "mermaid::" not in text


def test_empty_table_cells_show_a_dash_not_a_bullet():
    # "     - -" in a list-table is a nested bullet list, which rendered as a stray bullet.
    text = "\n".join([sites_rst(), lifecycle_rst(), parameters_rst()])
    assert not [line for line in text.splitlines() if line.rstrip().endswith("- -")]
    assert f"- {EMPTY}" in lifecycle_rst()


def test_site_register_has_one_row_per_site():
    from nrm_core.registry import SiteRegistry

    text = sites_rst()
    assert text.count("   * - ``") == len(SiteRegistry.bundled().sites)


def test_every_parameter_has_a_timeline_on_one_axis():
    text = parameters_rst()
    assert text.count("<svg") == len(DEFAULT_POLICY.parameters)
    axes = {line for line in text.splitlines() if "viewBox=" in line}
    assert len({line.split("viewBox=")[1].split()[2] for line in axes}) == 1  # same width


def test_site_register_lists_every_member():
    from nrm_core.registry import SiteRegistry

    text = sites_rst()
    for site in SiteRegistry.bundled().sites:
        for member in site.members:
            assert f"``{member.gss_code}``" in text
        assert site.site_id in text
    assert "incomplete" in text


def test_public_texts_do_not_refer_to_the_research_notes():
    # Open questions are published on the "Known uncertainties" page, in their own words: public
    # documentation, messages and citations never say "the brief" or "Q11".
    import re

    root = Path(__file__).resolve().parent.parent
    texts = list((root / "docs").rglob("*.rst")) + list((root / "src").rglob("*.py"))
    texts += list((root / "src" / "nrm_core" / "data").glob("*.json"))
    offending = []
    for path in texts:
        if "_build" in path.parts or "_generated" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bthe (domain )?brief\b|brief Q\d|\(Q\d+\)|\bopen question Q\d", text):
            offending.append(str(path.relative_to(root)))
    assert offending == []
    assert (root / "docs" / "explanation" / "uncertainties.rst").exists()


def test_each_state_has_its_own_meaning_in_the_states_table():
    # The table once gave every state the enum's class docstring.
    from nrm_core.states import State

    text = lifecycle_rst()
    states = text.split("States\n------", 1)[1].split("Transitions\n-----------", 1)[0]
    assert len({state.meaning for state in State}) == len(State)
    for state in State:
        assert state.meaning in states
        assert state.__doc__ == state.meaning  # help(State.X) says it too
    assert (State.__doc__ or "").split(".")[0] not in states


def test_wide_generated_tables_fit_the_page():
    # The transition table's rule column was cut off at the page's edge: wide tables are laid
    # out to the page's width (nrm.css, checked in a browser by docs/check_pages.py).
    text = lifecycle_rst()
    transitions = text.split("Transitions\n-----------", 1)[1]
    assert transitions.split("* -", 1)[0].count(":class: nrm-fit") == 1
    css = (Path(__file__).resolve().parent.parent / "docs" / "_static" / "nrm.css").read_text()
    assert "table.nrm-fit" in css
