"""Hostile records through the command line: never a traceback, never exit 3."""

from fuzz import hostile_lines, run


def test_hostile_records_through_validate_explain_and_report():
    outcomes = run(300, seed=2026, explain=20)
    assert outcomes["explain exit 0"] > 0  # some records are good enough to explain
    # Every command ran; most records are broken, so validate finds problems.
    assert outcomes["validate exit 1"] == 3
    assert sum(n for o, n in outcomes.items() if o.startswith("explain")) == 20
    assert sum(n for o, n in outcomes.items() if o.startswith("report")) == 2


def test_the_hostile_records_are_hostile():
    lines = hostile_lines(200, seed=5)
    assert len(set(lines)) > 190
    assert any("\\u001b" in line or "\x1b" in line for line in lines)
    assert any("NaN" in line for line in lines)
