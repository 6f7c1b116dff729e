"""Rules and their sources: withdrawn texts marked once, rules re-cited to live texts, every
source on the generated "Sources and confidence" page (the late-2026 review)."""

import datetime as dt
import sys
from pathlib import Path

import pytest

from nrm_core import Nation, Policy, TransitionRefused, _sources, apply
from nrm_core.citations import Confidence, Source
from nrm_core.samples import example_panel, example_referral
from nrm_core.transitions import TRANSITIONS, VALID_PANEL

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
from nrm_docgen import sources_rst

D = dt.date
POLICY = Policy.bundled()


def test_a_refusal_no_longer_repeats_the_withdrawal_note():
    # The First Responder Guide's version carried a ~150-character withdrawal note, printed
    # in every refusal that cites it; the note is now on the sources page, once.
    from nrm_core import (
        Case,
        DecisionMade,
        DecisionMaker,
        DecisionServed,
        Outcome,
        RoutedToPanel,
        Stage,
    )

    case = apply(Case(example_referral()), RoutedToPanel(D(2026, 3, 3), "P1-01"))
    case = apply(
        case,
        DecisionMade(
            D(2026, 3, 20),
            stage=Stage.REASONABLE_GROUNDS,
            outcome=Outcome.NEGATIVE,
            by=DecisionMaker.panel("P1-01"),
            panel=example_panel(),
        ),
    )
    with pytest.raises(TransitionRefused) as refusal:
        apply(case, DecisionServed(D(2026, 3, 21)))
    assert "First responder guide" in str(refusal.value)
    assert "withdrawn" not in str(refusal.value)
    assert len(str(_sources.FR_GUIDE_2025)) < 90
    assert _sources.FR_GUIDE_2025.key in _sources.WITHDRAWN


def test_the_withdrawn_guide_and_the_rules_resting_on_it_are_listed_once():
    text = sources_rst()
    assert text.count("29 April 2025") == 1
    section = text.split("Rules resting on a withdrawn document")[1].split("Known gaps")[0]
    assert "**withdrawn**" in text
    for citation, module in _sources.cited():
        if citation.source is _sources.FR_GUIDE_2025:
            assert citation.section in section, module
    assert "positive_review_exempt_sites" in section


def test_rules_resting_on_the_withdrawn_guide_are_re_cited_where_a_live_text_exists():
    cutoff = POLICY.pilot_age_cutoff.at(D(2026, 1, 5)).citation
    assert (cutoff.source.key, cutoff.confidence) == ("S5", Confidence.VERIFIED)
    assert "more than 100 days away from being aged 18" in (cutoff.note or "")
    assert VALID_PANEL.citation is not None
    assert VALID_PANEL.citation.source.key == "S30"  # the three agencies: 2023 evidence
    by_kind = {row.kind.value: row.citation.source.key for row in TRANSITIONS}
    assert by_kind["routed-to-panel"] == "S5"
    assert by_kind["reconsideration-requested"] == "S25"
    assert by_kind["merged"] == "S2"


def test_every_source_is_on_the_sources_page():
    text = sources_rst()
    sources = [v for v in vars(_sources).values() if isinstance(v, Source)]
    for source in sources:
        assert source.title.split(",")[0] in text, source.key
    for key in ("S5", "S41", "IMA2023", "BSAIA2025", "S38"):
        assert key in {s.key for s in sources}
    assert "2 of the 10 sites that joined" in text  # the gap in the 2023 list


def test_scotland_and_northern_ireland_periods_are_said_to_be_adults():
    recovery = POLICY.recovery_period
    assert "ADULTS" in recovery.description
    scotland = recovery.at(D(2026, 1, 5), Nation.SCOTLAND).citation
    ireland = recovery.at(D(2026, 1, 5), Nation.NORTHERN_IRELAND).citation
    assert "'an adult'" in scotland.section
    assert "'aged 18 or over'" in ireland.section
    for citation in (scotland, ireland):
        assert "not a children's period" in (citation.note or "")


def test_the_pilot_rg_timescale_is_secondary_and_states_its_reading():
    value = POLICY.pilot_rg_timescale.at(D(2026, 1, 5))
    assert value.citation.confidence is Confidence.SECONDARY
    assert "read as calendar days" in (value.citation.note or "")
    assert "does not say whether calendar or working days" in POLICY.pilot_rg_timescale.description


def test_the_reconsideration_window_starts_on_16_january_2025_from_the_decision():
    window = POLICY.reconsideration_window
    assert window.value_at(D(2025, 1, 15)).amount == 1  # one month
    assert window.value_at(D(2025, 1, 16)).amount == 30
    assert "not its 1 May 2025 update" in (window.at(D(2025, 1, 16)).citation.note or "")
    counted = POLICY.reconsideration_counted_from.at(D(2026, 1, 5))
    assert counted.value.value == "decision-date"
    assert counted.citation.confidence is Confidence.VERIFIED
