"""The older names of the one check keep working for one release, each with a warning."""

import pytest

import nrm_core
from nrm_core.checks import Check, Finding
from nrm_core.citations import Reason
from nrm_core.transitions import TRANSITIONS, Guard


def test_reason_warns_and_builds_a_finding():
    with pytest.warns(
        DeprecationWarning, match="Reason is deprecated: use nrm_core.checks.Finding"
    ):
        reason = Reason("moved", message="moved away")
    assert type(reason) is Finding
    assert reason == Finding("moved", message="moved away")
    assert repr(reason) == "Finding(code='moved', inputs=())"  # the warning says so
    assert isinstance(Finding("x", message="y"), Reason)
    assert issubclass(Finding, Reason)
    assert nrm_core.Reason is Reason


def test_guard_warns_and_reads_check_as_the_test():
    with pytest.warns(DeprecationWarning, match=r"Guard is deprecated: use nrm_core.checks.Check"):
        guard = Guard("not-positive", summary="Positive.", citation=None,
                      check=lambda n: None if n > 0 else "not positive")  # fmt: skip
    assert type(guard) is Check
    assert guard.holds(1)
    assert not guard.holds(-1)
    assert isinstance(guard, Guard)
    assert isinstance(next(iter(TRANSITIONS)).guards[0], Guard)  # the table's checks too
    with pytest.warns(DeprecationWarning, match=r"Check.failures\(\) is deprecated"):
        assert [f.message for f in guard.failures(-1)] == ["not positive"]
    with pytest.warns(DeprecationWarning, match=r"Check.check is deprecated"):
        assert guard.check(2) is None
