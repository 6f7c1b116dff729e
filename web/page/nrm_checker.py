"""The browser checker's Python side: the page's questions, answered by nrm_core.

Runs under Pyodide in the page's Web Worker (``worker.js``). The worker writes the
dropped files into its in-memory file system, changes to their folder and calls
these functions with the files' names; each answer is JSON text for the page.
There is no rule here: every answer is a call to the library, the same call the
``nrm-core`` command makes, so the page shows what the command prints:

* :func:`check` is ``nrm-core validate --format json`` (``validate_paths``), or the
  problems of ``nrm-core import home-office`` (``home_office_reports``);
* :func:`explain` is ``nrm-core explain --redact`` (``Case.explain``);
* :func:`problems_csv` is ``nrm-core validate --format csv`` (``write_problems_csv``);
* :func:`report_tables` is ``nrm-core report --format json`` (``report``);
* :func:`worklist` is ``nrm-core worklist --redact [--authority GSS]`` in each format
  (``nrm_core.worklist``).

The last check's reports and files are kept (in this worker's memory only, until the
next check) so that a case can be explained and the report drawn. The report reads the
files as ``nrm-core report`` does (without the as-at date check of ``validate --as-of``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator

import nrm_core
from nrm_core.io.validation import (
    RecordReport,
    home_office_reports,
    report_cases,
    summary_json,
    summary_text,
    tally,
    validate_paths,
    write_problems_csv,
)
from nrm_core.lifecycle import Case
from nrm_core.reporting.stats import report
from nrm_core.worklist import Filter, to_csv, to_ics, to_json
from nrm_core.worklist import worklist as worklist_rows

_RULES = nrm_core.Rules.bundled()
_last: list[RecordReport] = []
_files: list[str] = []
_kind: list[str] = ["cases"]
_as_read: list[list[RecordReport]] = []


def about() -> str:
    """The versions the footer shows and the councils of the bundled register."""
    return json.dumps({"nrm_core": nrm_core.__version__, "rules": repr(_RULES)})


def councils(as_at: str) -> str:
    """The authorities of the bundled register in use on ``as_at``, by name."""
    day = dt.date.fromisoformat(as_at)
    found = [
        {"code": a.gss_code, "name": a.name, "nation": a.nation.value}
        for a in _RULES.authorities.authorities
        if a.is_valid_on(day)
    ]
    return json.dumps(sorted(found, key=lambda a: (a["name"], a["code"])))


def _counted(
    reports: Iterator[RecordReport], progress: Callable[[int], object] | None
) -> Iterator[RecordReport]:
    for count, record in enumerate(reports, start=1):
        if progress is not None and count % 250 == 0:
            progress(count)
        yield record


def check(
    names: list[str],
    as_at: str,
    *,
    kind: str = "cases",
    submitted_on: str | None = None,
    progress: Callable[[int], object] | None = None,
) -> str:
    """Check the files ``names`` (in the current folder): ``kind`` ``"cases"`` (case files)
    or ``"home-office"`` (referral-form payloads submitted on ``submitted_on``).

    Returns ``{"records": [...], "summary": {...}, "codes": {...}, "cases": [...]}``:
    the records with problems, as ``RecordReport.to_json()`` gives them (the lines of
    ``nrm-core validate --format json``), the command's summary (JSON and text), the count of each
    problem code and the ids of the valid cases (which can be explained).
    """
    names = list(names)
    day = dt.date.fromisoformat(as_at)
    if kind == "home-office":
        others = [n for n in names if not n.lower().endswith((".json", ".jsonl", ".ndjson"))]
        if others:  # as nrm-core import home-office
            raise ValueError(f"{', '.join(others)}: expected .json or .jsonl files of payloads")
        on = dt.date.fromisoformat(submitted_on or as_at)
        reports = home_office_reports(names, submitted_on=on, rules=_RULES)
    else:
        reports = validate_paths(names, as_of=day, rules=_RULES)
    totals: Counter[str] = Counter()
    _last[:] = list(tally(_counted(reports, progress), totals))
    _files[:] = [os.getcwd(), *names]  # the folder and the files, kept until the next check
    _kind[:] = [kind]
    _as_read.clear()
    cases_files = kind != "home-office"
    summary = summary_json(totals, files=len(names), as_of=day if cases_files else None)
    codes = Counter(problem.code for record in _last for problem in record.problems)
    return json.dumps(
        {
            "records": [record.to_json() for record in _last if record.problems],
            "summary": summary,
            "summary_text": summary_text(totals, files=len(names)),
            "codes": dict(sorted(codes.items())),
            "cases": [r.case_id for r in _last if r.case is not None and r.case_id],
        }
    )


def _cases() -> Iterator[Case]:
    return (record.case for record in _last if record.case is not None)


def _records_as_read() -> list[RecordReport]:
    """The last check's records as ``nrm-core report`` and ``worklist`` read them: case files
    are read again without the as-at date check of ``validate --as-of`` (once per check);
    payloads give the referrals imported from them."""
    if not _as_read and _kind[0] == "cases":
        folder, *names = _files
        with contextlib.chdir(folder):  # the files by their own names, as on the command line
            _as_read.append(list(validate_paths(names, rules=_RULES)))
    elif not _as_read:
        _as_read.append(_last)
    return _as_read[0]


def explain(case_id: str, as_at: str, *, redact: bool = True) -> str:
    """``nrm-core explain --case ID --as-of DATE [--redact]`` on the last check's files."""
    day = dt.date.fromisoformat(as_at)
    for case in _cases():
        if case.referral.referral_id == case_id:
            if day < case.referral.referred_on:
                return json.dumps({"error": f"{as_at} is before the referral date"})
            return json.dumps({"text": case.explain(day, redact=redact)})
    return json.dumps({"error": "no valid case with that id in the files checked"})


def problems_csv() -> str:
    """The last check's problems as ``nrm-core validate --format csv`` writes them."""
    out = io.StringIO()
    write_problems_csv(_last, out)
    return out.getvalue()


def report_tables(as_at: str, *, period: str = "quarter") -> str:
    """``nrm-core report --as-of DATE --format json`` on the valid cases of the last check
    (small counts suppressed as the command does), with each table's CSV (``--format csv``)
    and how many records were left out as invalid; ``{"unread": [...]}`` instead, naming
    where, when a file could not be read to its end (the command gives no figures then).
    """
    if period not in ("quarter", "month", "year"):
        raise ValueError(f"period {period!r}: choose quarter, month or year")
    records = _records_as_read()
    unread = [record.location for record in records if record.rest_unread]
    if unread:  # as the command: no figures from part of a file
        return json.dumps({"unread": unread})
    left_out: Counter[str] = Counter()
    cases = report_cases(records, left_out)
    result = report(cases, as_of=dt.date.fromisoformat(as_at), period=period)  # type: ignore[arg-type]
    result = result.with_left_out(left_out.total())
    return json.dumps(
        {"report": result.to_json(), "csv": result.to_csv(), "left_out": result.left_out_note}
    )


def worklist(as_at: str, *, council: str = "") -> str:
    """``nrm-core worklist --as-of DATE --redact [--authority COUNCIL]`` on the last check's
    files: the JSON document (``--format json``), and the CSV and iCalendar texts for the
    downloads (``--format csv``, ``--format ics``). Nothing in it gives away a date of birth."""
    day = dt.date.fromisoformat(as_at)
    records = _records_as_read()
    unread = [record.unread() for record in records if record.case is None]
    cases = (record.case for record in records if record.case is not None)
    found = worklist_rows(cases, day, only=Filter(authority=council or None), redact=True)
    document = to_json(found, day, unread, redact=True)
    return json.dumps(
        {
            "worklist": json.loads(document),
            "json": document,
            "csv": to_csv(found, unread),
            "ics": to_ics(found, day, unread),
        }
    )
