"""The generated reference pages list every parameter value and every transition."""

import sys
from pathlib import Path

from nrm_core.policy import Policy
from nrm_core.transitions import TRANSITIONS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
from nrm_docgen import lifecycle_rst, parameters_rst, sites_rst

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
    assert "stateDiagram-v2" in text


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
