"""The compact table of ids seen in a run (``io._seen``), and what it saves."""

from __future__ import annotations

import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from nrm_core.io._seen import DigestTable
from nrm_core.io.validation import RecordReport, without_duplicates


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


def test_the_duplicate_check_keeps_under_70_bytes_a_case():
    # A dict of the ids and their locations kept about 180 bytes a case: a million cases
    # peaked at 225 MB in `nrm-core report`. (The benchmark measures it at a million.)
    count = 200_000

    def reports():
        for number in range(count):
            yield RecordReport(f"cases.jsonl:{number + 1}", case_id=f"SYN-2026-{number:06d}",
                               problems=())  # fmt: skip
        yield RecordReport(f"cases.jsonl:{count + 1}", case_id="SYN-2026-000007", problems=())

    tracemalloc.start()
    try:
        last = None
        for report in without_duplicates(reports()):
            last = report
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert last is not None
    assert "referral id already used at cases.jsonl:8;" in last.problems[-1].message
    assert peak / count < 70, peak / count
