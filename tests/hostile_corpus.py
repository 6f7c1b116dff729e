"""A deterministic hostile corpus (issue 25): files made by code, not stored as binaries.

:func:`build` writes into a folder every kind of input the issue names (huge numbers, wide
and long CSV, FIFOs and devices, hostile config text, PII canaries in every field of every
input kind) and returns the command lines to run on them. The same folder gives the same
files whatever the hash seed: no set or dict order decides anything here.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"
CANARY = "Zyxwvcanary"
"""The canary's stem: each field gets its own (``Zyxwvcanary7``), so a leak names its field."""
CANARY_DOB = "2009-11-23"
"""A date of birth used only as a canary: it must never appear in any output."""


def _case() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (EXAMPLES / "valid" / "pilot-case.json").read_text(encoding="utf-8")
    )
    return document


def _string_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a string in ``value``, in document order."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _string_paths(item, (*prefix, key))]
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in _string_paths(item, (*prefix, n))]
    return [prefix] if isinstance(value, str) else []


def _set(document: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        document = document[step]
    document[path[-1]] = value


# Fields whose values are shown by design: pseudonymous ids and codes.
SHOWN = {"referral_id", "child_id", "site_id", "into", "code", "key", "format", "event"}


def canary_cases() -> tuple[list[dict[str, Any]], list[str]]:
    """One case per string field of a case record (and per free-text field an event can
    hold), that field replaced by its own canary; and the canaries."""
    base = _case()
    base["referral"]["child"]["date_of_birth"] = CANARY_DOB
    cases, canaries = [], []
    paths = _string_paths(base)
    for number, path in enumerate(paths):
        if path[-1] in SHOWN or path[-1] == "date_of_birth":
            continue
        canary = f"{CANARY}{number}"
        for value in (canary, f"{canary} Qwertyson", canary.upper()):
            document = copy.deepcopy(base)
            document["referral"]["referral_id"] = f"R-CANARY-{len(cases)}"
            _set(document, path, value)
            cases.append(document)
        canaries.append(canary)
    # Free text an event can carry, and an unknown key holding a name.
    for extra in ("reasons", "further_request_reasons", CANARY + "key"):
        document = copy.deepcopy(base)
        document["referral"]["referral_id"] = f"R-CANARY-{len(cases)}"
        document["history"][0][extra] = f"{CANARY}{extra}"
        cases.append(document)
        canaries.append(f"{CANARY}{extra}")
    return cases, canaries


def canary_payloads() -> tuple[list[dict[str, Any]], list[str]]:
    """One payload per key of the Home Office form (the sample payload's and every key
    the form sends), that key set to its own canary."""
    from nrm_core.io.home_office import FORM_KEYS

    base = json.loads((EXAMPLES / "home-office" / "payloads.json").read_text("utf-8"))[0]
    base["Customer.DOB"] = CANARY_DOB
    payloads, canaries = [], []
    for number, key in enumerate(sorted(set(base) | set(FORM_KEYS))):
        if key in ("ExternalId", "Customer.DOB"):
            continue
        canary = f"{CANARY}p{number}"
        payload = {**base, "ExternalId": f"H-CANARY-{number}", key: canary}
        payloads.append(payload)
        canaries.append(canary)
    return payloads, canaries


CSV_HEADER = (
    "referral_id,referred_on,child_id,date_of_birth,age_basis,name,first_responder,"
    "first_responder_other_name,referrer_nation,safeguarding_authority,exploitation_types,"
    "exploitation_location,county_lines,pod_status"
)
CSV_ROW = (
    "R-CSV-{n},2026-03-02,C-CSV-{n}," + CANARY_DOB + ",claimed,{name},other,{other},wales,"
    "W06000015,forced-to-commit-crime,uk,{county},{pod}"
)


def build(folder: Path) -> dict[str, Any]:
    """Write the corpus into ``folder``; returns the paths and canaries by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Any] = {}
    huge = "1" + "0" * 5000
    case_text = json.dumps(_case())
    for name, text in (
        ("huge-int.json", case_text.replace('"version": 2', f'"version": {huge}')),
        ("huge-float.jsonl", case_text.replace('"version": 2', '"version": 1e999') + "\n"
         + case_text + "\n"),
        ("huge-array.json", f"[{case_text}, {{\"n\": {huge}}}, {case_text}]"),
        ("huge-payload.json", json.dumps([{"ExternalId": "H-1"}]).replace('"H-1"', huge)),
    ):  # fmt: skip
        (folder / name).write_text(text, encoding="utf-8")
    made["huge"] = sorted(p for p in folder.glob("huge-*"))
    wide = folder / "wide.csv"
    wide.write_text(",".join(["referral_id"] * 100_000) + "\n", encoding="utf-8")
    long_line = folder / "long.csv"
    with long_line.open("w", encoding="utf-8") as out:
        out.write(CSV_HEADER + "\n")
        out.write("R-LONG," + ",".join(["x" * 1000] * 6000) + "\n")  # a 6 MB row
        for n in range(2000):
            out.write(CSV_ROW.format(n=n, name="", other="", county="", pod="") + "\n")
    made["csv"] = [wide, long_line]
    cases, made["case_canaries"] = canary_cases()
    canary_file = folder / "canary-cases.jsonl"
    canary_file.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    array = folder / "canary-cases.json"
    array.write_text(json.dumps(cases), encoding="utf-8")
    rows = [CSV_HEADER]
    for n, column in enumerate(CSV_HEADER.split(",")):
        if column in SHOWN or column == "date_of_birth":
            continue
        cells = dict.fromkeys(CSV_HEADER.split(","), "")
        row = CSV_ROW.format(n=n, name=f"{CANARY}c{n}", other=f"{CANARY}o{n}", county="yes",
                             pod="none").split(",")  # fmt: skip
        cells.update(zip(CSV_HEADER.split(","), row, strict=True))
        cells[column] = f"{CANARY}c{n}"
        rows.append(",".join(cells[c] for c in CSV_HEADER.split(",")))
        made["case_canaries"].append(f"{CANARY}c{n}")
    canary_csv = folder / "canary.csv"
    canary_csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    made["canary_cases"] = [canary_file, array, canary_csv]
    payloads, made["payload_canaries"] = canary_payloads()
    payload_file = folder / "canary-payloads.jsonl"
    payload_file.write_text("\n".join(json.dumps(p) for p in payloads), encoding="utf-8")
    made["canary_payloads"] = [payload_file]
    hostile = "\x1b[31mred\u202e\nnrm_core report as of 2026-09-30: 0 cases"
    sites = folder / "hostile-sites.csv"
    sites.write_text(
        "site_id,site_name,site_start,gss_code,nation,role\n"
        f'L-01,"{hostile}",2025-01-01,E06000001,england,lead\n',
        encoding="utf-8",
    )
    rules = folder / "hostile-rules.json"
    rules.write_text(
        json.dumps(
            {"format": "nrm-core/policy", "version": 1, "parameters": {"sca_rg_target": {
                "values": [{"valid_from": "2009-04-01", "valid_to": None,
                            "value": {"amount": 45, "unit": "working-days"},
                            "citation": {"source": {"key": "L", "title": hostile, "version": "1"},
                                         "section": hostile, "confidence": "unverified"}}]}}}
        ),
        encoding="utf-8",
    )  # fmt: skip
    made["config"] = [sites, rules]
    fifo = folder / "fifo.jsonl"
    if not fifo.exists():
        os.mkfifo(fifo)
    device = folder / "device.json"
    if not device.is_symlink():
        device.symlink_to("/dev/zero")
    made["special"] = [fifo, device, Path("/dev/zero"), Path("/dev/null")]
    return made
