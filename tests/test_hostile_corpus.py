"""The issue-25 corpus through every command: no internal error (exit 3), no run over 60 s
or 500 MB of Python memory, no canary in any output, no record lost without a line saying
so. The corpus is made by ``hostile_corpus.build`` (deterministic)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import CANARY, CANARY_DOB, EXAMPLES, build

from nrm_core.cli import main

AS_OF = ("--as-of", "2026-09-30")
SYNTHETIC = EXAMPLES / "synthetic" / "cases.jsonl"
PILOT = EXAMPLES / "valid" / "pilot-case.json"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build(tmp_path_factory.mktemp("corpus"))


def _run(*argv: object) -> tuple[int, str, str]:
    """One in-process run, measured: at most 60 s and 500 MB of Python allocations."""
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    began = time.monotonic()
    try:
        status = main([str(a) for a in argv], out=out, err=err)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    took = time.monotonic() - began
    assert status != 3, (argv, err.getvalue())
    assert took < 60, (argv, took)
    assert peak < 500 * 1024 * 1024, (argv, peak)
    return status, out.getvalue(), err.getvalue()


def _commands(path: Path) -> list[tuple[object, ...]]:
    return [
        ("validate", path),
        ("validate", path, "--format", "json"),
        ("report", path, *AS_OF),
        ("report", path, *AS_OF, "--format", "json"),
        ("explain", path, *AS_OF),
        ("explain", path, *AS_OF, "--redact", "--case", "R-CANARY-1"),
        ("worklist", path, *AS_OF),
        ("import", "home-office", path, "--submitted-on", "2026-05-01"),
    ]


def _no_canary(text: str, canaries: list[str], where: object, *, records: bool = False) -> None:
    """No canary in ``text``; with ``records`` (case records written by import, which hold
    the date of birth as data) the date-of-birth canary is allowed."""
    lowered = text.casefold()
    assert CANARY.casefold() not in lowered, (where, text[:2000])
    assert records or CANARY_DOB not in text, where
    for canary in canaries:
        assert canary.casefold() not in lowered, (where, canary)


def test_huge_numbers_and_wide_and_long_csv(corpus: dict[str, Any]):
    for path in [*corpus["huge"], *corpus["csv"]]:
        for command in _commands(path):
            status, out, err = _run(*command)
            if command[0] == "validate" and status == 1 and "--format" not in command:
                assert "INVALID" in out  # each record left out is listed
            if command[0] == "report" and status == 0 and "invalid record" not in err:
                assert "Partial" not in out


def test_canaries_in_every_field_never_reach_an_output(corpus: dict[str, Any], tmp_path: Path):
    canaries = [*corpus["case_canaries"], *corpus["payload_canaries"]]
    for path in [*corpus["canary_cases"], *corpus["canary_payloads"]]:
        for command in _commands(path):
            status, out, err = _run(*command)
            _no_canary(err, canaries, command)
            _no_canary(out, canaries, command, records=command[0] == "import")
    output = tmp_path / "imported.jsonl"
    [payloads] = corpus["canary_payloads"]
    status, out, err = _run("import", "home-office", payloads, "--submitted-on", "2026-05-01",
                            "--output", output)  # fmt: skip
    imported = output.read_text(encoding="utf-8")
    assert imported.count("\n") >= 1
    _no_canary(imported, canaries, "import --output", records=True)
    _no_canary(out + err, canaries, "import --output")
    status, out, err = _run("validate", output)
    assert status in (0, 1)
    _no_canary(out + err, canaries, "validate of the imported records")


def test_fifos_and_devices_as_every_path_argument(corpus: dict[str, Any], tmp_path: Path):
    pytest.importorskip("matplotlib")
    for special in corpus["special"]:
        for command in (
            ("validate", special),
            ("report", special, *AS_OF),
            ("explain", special, *AS_OF),
            ("worklist", special, *AS_OF),
            ("import", "home-office", special, "--submitted-on", "2026-05-01"),
            ("validate", PILOT, "--rules", special),
            ("validate", PILOT, "--sites", special),
            ("import", "home-office", EXAMPLES / "home-office" / "payloads.json",
             "--submitted-on", "2026-05-01", "--output", special),
            ("explain", PILOT, *AS_OF, "--timeline", special),
        ):  # fmt: skip
            status, _, err = _run(*command)
            assert status == 2, (command, err)
            assert "nrm-core:" in err


def test_hostile_config_text(corpus: dict[str, Any]):
    sites, rules = corpus["config"]
    for option, path in (("--sites", sites), ("--rules", rules)):
        for command in (("report", SYNTHETIC, *AS_OF), ("explain", PILOT, *AS_OF)):
            status, out, err = _run(*command, option, path)
            assert status == 2
            for raw in ("\x1b", "\u202e", "\n0 cases", "\nnrm_core report"):
                assert raw not in out + err


def test_concurrent_outputs_never_both_claim_success_with_records_lost(tmp_path: Path):
    payloads = tmp_path / "payloads.jsonl"
    sample = json.loads((EXAMPLES / "home-office" / "payloads.json").read_text("utf-8"))[0]
    payloads.write_text(
        "\n".join(json.dumps({**sample, "ExternalId": f"H-{n}"}) for n in range(3000)),
        encoding="utf-8",
    )
    output = tmp_path / "cases.jsonl"
    command = [sys.executable, "-m", "nrm_core", "import", "home-office", str(payloads),
               "--submitted-on", "2026-05-01", "--output", str(output)]  # fmt: skip
    logs = [tmp_path / f"err{n}.txt" for n in (1, 2)]
    handles = [log.open("w", encoding="utf-8") for log in logs]
    try:
        runs = [subprocess.Popen(command, stderr=handle) for handle in handles]
        statuses = [run.wait(timeout=120) for run in runs]
    finally:
        for handle in handles:
            handle.close()
    results = [(status, log.read_text("utf-8")) for status, log in zip(statuses, logs, strict=True)]
    assert all(status in (0, 1, 2) for status, _ in results), results
    for status, err in results:
        assert status != 2 or "changed by another program" in err, err
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3000  # one run's whole output, never a mix or a part
    assert len({json.loads(line)["referral"]["referral_id"] for line in lines}) == 3000
