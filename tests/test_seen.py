"""The compact table of ids seen in a run (``io._seen``), and what it saves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nrm_core.io._seen import DigestTable


@given(st.lists(st.tuples(st.text(max_size=30), st.integers(-(2**31), 2**31 - 1)), max_size=1500))
def test_the_table_answers_as_a_dict_does(pairs):
    table, kept = DigestTable("i"), {}
    for text, value in pairs:
        assert table.add(text, value) == kept.setdefault(text, value)
    assert len(table) == len(kept)  # (no two of these texts share a digest)
    for text in kept:
        assert text in table
        assert table.get(text) == kept[text]
    assert table.get("\x00never added") is None
    assert "\x00never added" not in table
    assert 12 not in table  # only strings are ids


def test_a_lone_surrogate_is_an_id_like_any_other():
    table = DigestTable()
    assert table.add("R-\ud800", 7) == 7
    assert table.get("R-\ud800") == 7
    assert "R-\udc00" not in table
