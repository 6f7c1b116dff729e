"""The scripts in examples/ run and say what they should."""

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_walkthrough_runs_to_a_served_cg_decision():
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "walkthrough.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    out = result.stdout
    assert "Who decides? pilot panel P1-01 (in the pilot's scope: True)" in out
    assert "[before-age-cutoff]" in out
    assert "state: cg-negative " in out
    assert "[negative-pilot-decision-not-reviewed]" in out
    assert "CG negative decided 2026-05-05 by pilot panel P1-01; SCA review 2026-05-12" in out
    assert "met      Pilot panel RG decision: 2026-04-16" in out
    assert "waited 39 days for: CG decision" in out
    assert "Fictional Child" not in out, "the child's name never appears"
