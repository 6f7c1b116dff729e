"""Charts (only where the plot extra is installed; CI installs it and runs these)."""

import datetime as dt

import pytest

pytest.importorskip("matplotlib")

from nrm_core.reporting.plots import case_timeline, waiting_time_distribution
from nrm_core.reporting.synthetic import synthetic_cases

AS_OF = dt.date(2026, 9, 30)
PNG = b"\x89PNG\r\n\x1a\n"


def test_waiting_time_distribution_png_and_svg(tmp_path):
    cases = list(synthetic_cases(400, seed=4, as_of=AS_OF))
    png = waiting_time_distribution(cases, tmp_path / "w.png", as_of=AS_OF)
    assert png.read_bytes().startswith(PNG)
    svg = waiting_time_distribution(cases, tmp_path / "w.svg", as_of=AS_OF)
    assert "<svg" in svg.read_text()
    text = svg.read_text()
    assert "pilot sites" in text
    assert "SCA" in text
    assert "days from referral to the first Conclusive Grounds decision" in text


def test_small_groups_are_not_drawn(tmp_path):
    cases = list(synthetic_cases(3, seed=4, as_of=AS_OF))
    svg = waiting_time_distribution(cases, tmp_path / "w.svg", as_of=AS_OF, suppress_below=5)
    assert "no group large enough to show" in svg.read_text()


def test_case_timeline_has_no_personal_data(tmp_path):
    case = max(synthetic_cases(50, seed=4, as_of=AS_OF), key=lambda c: len(c.history))
    svg = case_timeline(case, tmp_path / "t.svg").read_text()
    assert case.referral.child.date_of_birth.isoformat() not in svg
    assert f"Case {case.case_id}" in svg
    assert case.history[-1].kind.value in svg
    assert case_timeline(case, tmp_path / "t.png").read_bytes().startswith(PNG)
