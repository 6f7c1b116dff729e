"""Charts (only where the plot extra is installed; CI installs it and runs these)."""

import datetime as dt

import pytest

pytest.importorskip("matplotlib")

from nrm_core.reporting.plots import case_timeline, waiting_time_distribution
from nrm_core.reporting.synthetic import synthetic_cases

AS_OF = dt.date(2026, 9, 30)
PNG = b"\x89PNG\r\n\x1a\n"


def test_waiting_time_distribution_png_and_svg(tmp_path):
    # Pilot sites against the SCA (the chart's only form before sites were drawn one by one).
    cases = list(synthetic_cases(400, seed=4, as_of=AS_OF))
    png = waiting_time_distribution(cases, tmp_path / "w.png", as_of=AS_OF, by="decision-maker")
    assert png.read_bytes().startswith(PNG)
    svg = waiting_time_distribution(cases, tmp_path / "w.svg", as_of=AS_OF, by="decision-maker")
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


def _labels(svg_text):
    """The chart's group labels: texts that begin with a site id or "SCA"."""
    import re

    return set(re.findall(r">((?:P\d-[\w-]+|SCA)(?: [^<>]*)?)<", svg_text))


def test_waiting_times_per_site_are_named_explained_and_suppressed(tmp_path):
    import re
    from collections import Counter

    from nrm_core import Rules
    from nrm_core.decision import Stage

    cases = list(synthetic_cases(1500, seed=4, as_of=AS_OF))
    completed = Counter()
    for case in cases:
        now = case.as_of(AS_OF)
        cg = next((d for d in now.decisions if d.stage is Stage.CONCLUSIVE_GROUNDS), None)
        if cg is not None:
            completed[cg.decided_by.site_id or "SCA"] += 1
    assert {site for site, n in completed.items() if 0 < n < 5}  # the seed has a hidden group
    sites = Rules.bundled().sites

    def name(group):
        return "SCA" if group == "SCA" else f"{group} {sites.get(group).short_name}"

    # Protected (the default): groups of 5 or more only, named, and no group's size.
    text = waiting_time_distribution(cases, tmp_path / "w.svg", as_of=AS_OF).read_text()
    assert _labels(text) == {name(group) for group, n in completed.items() if n >= 5}
    assert "(n=" not in text
    words = " ".join(" ".join(re.findall(r">([^<>]+)<", text)).split())  # the caption wraps
    assert "The line inside is the median" in words
    assert "The number of waits in each group is not shown" in words
    # Unprotected: every group, with its exact size.
    text = waiting_time_distribution(
        cases, tmp_path / "all.svg", as_of=AS_OF, suppress_below=0
    ).read_text()
    assert _labels(text) == {f"{name(group)} (n={n})" for group, n in completed.items()}


def test_by_must_be_a_known_grouping(tmp_path):
    from nrm_core.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match="by"):
        waiting_time_distribution([], tmp_path / "w.svg", as_of=AS_OF, by="nation")


def test_case_timeline_shows_deadlines_but_not_the_birthday(tmp_path):
    from nrm_core import deadlines_for

    case = max(synthetic_cases(50, seed=4, as_of=AS_OF), key=lambda c: len(c.history))
    text = case_timeline(case, tmp_path / "t.svg", as_of=AS_OF).read_text()
    checks = deadlines_for(case, AS_OF).checks
    birthday = [c for c in checks if c.deadline.code == "turns-eighteen"]
    others = [c for c in checks if c.deadline.code != "turns-eighteen"]
    assert others
    for check in others:
        assert f"{check.deadline.description}  {check.deadline.due.isoformat()}" in text
    for check in birthday:
        assert check.deadline.due.isoformat() not in text
    shown = case_timeline(case, tmp_path / "b.svg", as_of=AS_OF, show_birthday=True).read_text()
    for check in birthday:
        assert check.deadline.due.isoformat() in shown


def test_the_command_writes_png_and_svg_charts_and_a_timeline(tmp_path):
    import io
    from pathlib import Path

    from nrm_core.cli import main

    examples = Path(__file__).resolve().parent.parent / "examples" / "data"
    out, err = io.StringIO(), io.StringIO()
    cases = str(examples / "synthetic" / "cases.jsonl")
    args = ["report", cases, "--as-of", "2026-09-30", "--table", "waiting-times"]
    assert main([*args, "--plots", str(tmp_path / "charts")], out=out, err=err) == 0
    assert (tmp_path / "charts" / "waiting-times.png").read_bytes().startswith(PNG)
    assert "<svg" in (tmp_path / "charts" / "waiting-times.svg").read_text()
    assert "waiting-times-by-quarter.svg" in err.getvalue()
    case = str(examples / "valid" / "pilot-case.json")
    out, err = io.StringIO(), io.StringIO()
    timeline = tmp_path / "case.svg"
    explain = ["explain", case, "--as-of", "2026-06-01", "--timeline", str(timeline)]
    assert main(explain, out=out, err=err) == 0
    assert "Case R-EXAMPLE-1" in timeline.read_text()
    # It said nothing of the file it wrote; report --plots did.
    assert err.getvalue() == f"Timeline written: {timeline}\n"
    out, err = io.StringIO(), io.StringIO()
    bad = ["explain", case, "--as-of", "2026-06-01", "--timeline", str(tmp_path / "t.txt")]
    assert main(bad, out=out, err=err) == 2
    assert out.getvalue() == ""  # refused before anything is printed
    assert ".png or .svg" in err.getvalue()


def test_a_plots_folder_that_cannot_be_made_is_refused_before_the_report(tmp_path):
    import io
    from pathlib import Path

    from nrm_core.cli import main

    a_file = tmp_path / "file"
    a_file.write_text("x")
    cases = Path(__file__).resolve().parent.parent / "examples" / "data" / "valid"
    out, err = io.StringIO(), io.StringIO()
    args = ["report", str(cases), "--as-of", "2026-06-01", "--plots", str(a_file / "charts")]
    assert main(args, out=out, err=err) == 2
    assert out.getvalue() == ""  # nothing printed before the refusal
    assert "cannot create" in err.getvalue()


def test_case_timeline_shows_turning_eighteen_as_a_month():
    import tempfile
    from pathlib import Path

    from nrm_core.events import EventKind

    case = next(
        c
        for c in synthetic_cases(300, seed=4, as_of=AS_OF)
        if any(e.kind is EventKind.TURNED_EIGHTEEN for e in c.history)
    )
    recorded = next(e.on for e in case.history if e.kind is EventKind.TURNED_EIGHTEEN)
    with tempfile.TemporaryDirectory() as folder:
        text = case_timeline(case, Path(folder) / "t.svg", as_of=AS_OF).read_text()
        shown = case_timeline(
            case, Path(folder) / "b.svg", as_of=AS_OF, show_birthday=True
        ).read_text()
    assert f"turned-eighteen  {recorded.isoformat()[:7]}<" in text
    assert recorded.isoformat() not in text
    assert f"turned-eighteen  {recorded.isoformat()}" in shown


def _report_files(tmp_path, *options):
    import io
    from pathlib import Path

    from nrm_core.cli import main

    cases = Path(__file__).resolve().parent.parent / "examples" / "data" / "synthetic"
    folder = tmp_path / "-".join(options).replace("--", "")
    out, err = io.StringIO(), io.StringIO()
    args = ["report", str(cases / "cases.jsonl"), "--as-of", "2026-09-30", *options]
    assert main([*args, "--plots", str(folder)], out=out, err=err) == 0
    return folder, sorted(path.name for path in folder.iterdir()), out.getvalue(), err.getvalue()


def test_the_charts_follow_period_and_table(tmp_path):
    # --plots wrote the same one chart whatever --period or --table.
    folder, files, _, _ = _report_files(tmp_path, "--period", "year", "--table", "referrals")
    assert files == ["referrals-by-year.png", "referrals-by-year.svg"]
    svg = (folder / "referrals-by-year.svg").read_text()
    assert ">2024<" in svg
    assert "2024-Q1" not in svg
    assert "by year" in svg
    _, files, _, _ = _report_files(tmp_path, "--table", "decisions", "--table", "waiting-times")
    assert files == [
        "decisions-by-quarter.png", "decisions-by-quarter.svg",
        "waiting-times-by-quarter.png", "waiting-times-by-quarter.svg",
        "waiting-times.png", "waiting-times.svg",
    ]  # fmt: skip
    _, files, _, err = _report_files(tmp_path, "--table", "open-cases")
    assert files == []
    assert "no chart for the tables chosen" in err


def test_a_chart_draws_only_what_the_report_prints(tmp_path):
    # Drawn from the protected table: a hidden cell is a gap, never its true value.
    import datetime as dt

    from nrm_core.reporting.plots import chart_data, report_charts
    from nrm_core.reporting.stats import SUPPRESSED, report

    # (Since issue 24 counts are rounded, never hidden: the waiting times' medians are.)
    cases = list(synthetic_cases(300, seed=4, as_of=AS_OF))
    result = report(cases, as_of=AS_OF, period="quarter").only(["waiting-times"])
    [svg] = report_charts(result, tmp_path, period="quarter", suffixes=(".svg",))
    assert svg.name == "waiting-times-by-quarter.svg"
    table = result.table("waiting-times")
    column, periods, panels = chart_data(table)
    assert column == "median_days"
    cells = {
        (str(r["period"]), r["decision_maker"], r["measure"]): r[column] for r in table.to_rows()
    }
    hidden = 0
    for (measure,), groups in panels.items():
        assert set(groups) == {"all pilot sites", "SCA"}
        for group, values in groups.items():
            for period, value in zip(periods, values, strict=True):
                cell = cells.get((period, group, measure))
                if cell == SUPPRESSED:
                    hidden += 1
                    assert value is None
                else:
                    assert value == cell
    assert hidden  # the seed has hidden cells: the test means something
    assert result.as_of == dt.date(2026, 9, 30)


def test_chart_text_is_legible(tmp_path):
    # The caption was drawn at 7 points.
    import re

    from nrm_core.reporting.plots import CAPTION_SIZE

    folder, _, _, _ = _report_files(tmp_path, "--period", "year", "--table", "waiting-times")
    case = max(synthetic_cases(30, seed=4, as_of=AS_OF), key=lambda c: len(c.history))
    timeline = case_timeline(case, tmp_path / "t.svg", as_of=AS_OF)
    for svg in [*folder.glob("*.svg"), timeline]:
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg.read_text())]
        assert sizes
        assert min(sizes) >= CAPTION_SIZE >= 9, svg.name
