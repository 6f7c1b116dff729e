"""The ``nrm-core`` command.

* ``nrm-core validate FILE...``: check case files (JSON, JSON Lines, CSV); exit 0 valid,
  1 invalid data, 2 usage error or unreadable input.
* ``nrm-core explain FILE --case ID --as-of DATE``: state, route, deadlines and history of a case.
* ``nrm-core report FILE... --as-of DATE``: waiting times and outcomes, with definitions.
* ``nrm-core worklist FILE... [--as-of DATE]``: every open case, what is due or overdue and
  who must act (text, JSON, CSV or an iCalendar file).
* ``nrm-core synthetic N --seed S``: write N synthetic (fictional) cases as JSON Lines.
* ``nrm-core import home-office FILE --submitted-on DATE``: read Home Office referral-form
  payloads into case records (JSON Lines), with every problem.
* ``nrm-core schema``: print the JSON Schema of the case format.
* ``nrm-core codes``: list every problem code.
* ``nrm-core diagram``: print the lifecycle's state diagram (Mermaid, or SVG by topic).

Every command's ``--help`` says what it does, with examples.

"Today" is read from the clock only by ``validate`` when ``--as-of`` is not given (to flag
dates after today), and it then prints the day; every other command needs ``--as-of``.
:func:`main` runs the command in-process and returns the exit status:

>>> import io
>>> from nrm_core.cli import main
>>> out = io.StringIO()
>>> main(["codes"], out=out)
0
>>> out.getvalue().splitlines()[0].split()[:2]
['invalid-json', 'error']
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import io
import json
import os
import re
import stat
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

import attrs

from nrm_core._validate import is_identifier, parse_day
from nrm_core._version import __version__
from nrm_core.diagrams import TOPICS, to_mermaid, to_svg
from nrm_core.errors import InvalidValueError, OutputError, UnknownAuthorityError
from nrm_core.events import RoutedToPanel, RoutedToSca
from nrm_core.io._output import check_output, write_atomically
from nrm_core.io.catalogue import ERROR_CODES
from nrm_core.io.interchange import unstructure
from nrm_core.io.schema import json_schema_text
from nrm_core.io.validation import (
    RecordReport,
    home_office_reports,
    report_cases,
    summary_json,
    summary_text,
    tally,
    validate_path,
    validate_paths,
    write_problems_csv,
)
from nrm_core.lifecycle import Case
from nrm_core.policy import PILOT_START, PolicyFileError
from nrm_core.registry import RegistryFileError, SiteRegistry
from nrm_core.reporting.stats import (
    Report,
    age_cutoff_rules,
    compare_policies,
    report,
)
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core.rules import Rules
from nrm_core.worklist import (
    DECISION_MAKER_FILTERS,
    Filter,
    Flag,
    Unread,
    to_ics,
    to_text,
    write_csv,
)
from nrm_core.worklist import rows as worklist_rows
from nrm_core.worklist import to_json as worklist_json

__all__ = ["main"]

_T = TypeVar("_T")
EXIT_VALID, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _safe(text: object) -> str:
    """Text as it may be printed on one line: control characters (line breaks, terminal
    escapes), bidirectional marks and overrides, and lone surrogates escaped, so input can
    neither forge output lines, reorder what is shown, nor break the encoding."""
    escaped = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), escaped)


def _file_error(error: PolicyFileError | RegistryFileError) -> _UsageError:
    """A rules or sites file's problems, each on its own line and each escaped (a problem
    can quote text of the file)."""
    lines = "".join(f"\n  - {_safe(problem)}" for problem in error.problems)
    return _UsageError(f"{_safe(error.source)}: {_plural(len(error.problems), 'problem')}:{lines}")


_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}


class _UsageError(Exception):
    pass


def _date(text: str) -> dt.date:
    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _path(text: str) -> Path:
    """A file or folder option's path; an empty one is refused (``Path("")`` is the current
    folder: ``--plots ''`` wrote the charts there)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name ('') is not a file or folder")
    return Path(text)


def _report_tables() -> tuple[str, ...]:
    """The report's table names, from the report itself (the what-if table needs its
    option): what ``--table`` accepts."""
    nothing = report((), as_of=PILOT_START)
    return (*(t.name for t in nothing.tables), compare_policies((), None, Rules.bundled()).name)


def _not_regular(path: Path) -> str | None:
    """Why ``path`` is not a regular file that can be read (``None`` if it is one)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if path.is_symlink():
            return "a broken symbolic link"
        return error.strerror or "cannot be read"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), which may never end"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, which may never end"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _files(paths: Sequence[str], err: TextIO | None = None) -> Iterator[Path]:
    """The files named, and the case files in the folders named (in order). In a folder,
    an entry with a case-file suffix that is not a regular file (a FIFO, a device, a
    broken link) is skipped with a line on ``err`` saying why; a path that cannot be
    looked at (too long, no permission) is a usage error naming it."""
    for name in paths:
        path = _named(name)
        try:
            if path.is_dir():
                found, skipped = [], []
                for entry in sorted(path.rglob("*")):
                    if entry.suffix.lower() not in _SUFFIXES:
                        continue
                    why = _not_regular(entry)
                    if why is None:
                        found.append(entry)
                    elif why != "a folder":
                        skipped.append((entry, why))
                for entry, why in skipped:
                    if err is not None:
                        print(f"nrm-core: {_safe(entry)}: skipped ({why})", file=err)
                if not found:
                    raise _UsageError(
                        f"{_safe(name)}: no .json, .jsonl or .csv files in this folder"
                    )
                yield from found
                continue
        except OSError as error:
            raise _UsageError(f"{_safe(name)}: cannot read ({error.strerror})") from None
        yield _input_file(name, "no such file or folder")


def _named(name: str) -> Path:
    """The path ``name``; an empty name is a usage error (``Path("")`` is the current
    folder: ``nrm-core validate ""`` read every case file under it)."""
    if not name:
        raise _UsageError("an empty name ('') is not a file or folder")
    return Path(name)


def _input_file(name: str, missing: str = "no such file") -> Path:
    """The input file ``name``, or a usage error saying why it cannot be read (missing, a
    FIFO or device, a name too long for the system)."""
    path = _named(name)
    try:
        why = _not_regular(path)
        present = path.is_symlink() or path.exists()
    except OSError as error:
        raise _UsageError(f"{_safe(name)}: cannot read ({error.strerror})") from None
    if why is None:
        return path
    if present:
        raise _UsageError(f"{_safe(name)}: not a regular file ({why})")
    raise _UsageError(f"{_safe(name)}: {missing}")


_MAX_CONFIG = 16 * 1024 * 1024
"""The largest --rules or --sites file read (they are read whole)."""


def _rules(args: argparse.Namespace) -> Rules:
    """The bundled rules, with the --rules policy overrides and the --sites file merged."""
    rules = Rules.bundled()
    for option, path in (("--rules", args.rules), ("--sites", args.sites)):
        if path is not None:  # a FIFO or device would hang or fill memory: refused first
            try:
                size = _input_file(str(path)).stat().st_size
            except _UsageError as error:
                raise _UsageError(f"{option} {error}") from None
            if size > _MAX_CONFIG:
                raise _UsageError(f"{option} {_safe(path)}: over {_MAX_CONFIG:,} bytes")
    if args.rules is not None:
        try:
            rules = rules.with_overrides(args.rules)
        except PolicyFileError as error:
            raise _file_error(error) from None
        except OSError as error:
            raise _UsageError(
                f"--rules {_safe(args.rules)}: cannot read ({error.strerror})"
            ) from None
    if args.sites is not None:
        try:
            local = SiteRegistry.from_file(args.sites)
            conflicts = rules.sites.conflicts(local)
            if conflicts:
                raise RegistryFileError(str(args.sites), conflicts)
            rules = rules.with_sites(rules.sites.merged(local))
        except OSError as error:
            raise _UsageError(f"{_safe(args.sites)}: cannot read ({error.strerror})") from None
        except RegistryFileError as error:
            raise _file_error(error) from None
    return rules


def _print_report(report: RecordReport, out: TextIO) -> None:
    errors = sum(p.severity.value == "error" for p in report.problems)
    queries = len(report.problems) - errors
    label = f" (case {report.case_id})" if report.case_id else ""
    status = "valid" if report.valid else "INVALID"
    counts = f"{_plural(errors, 'error')}, {_plural(queries, 'query', 'queries')}"
    print(_safe(f"{report.location}{label}: {status}; {counts}"), file=out)
    for problem in report.problems:
        print(
            _safe(
                f"  {problem.severity.value:<5} {problem.path}  [{problem.code}] {problem.message}"
            ),
            file=out,
        )
        if problem.citation is not None:
            print(f"        rule: {problem.citation}", file=out)
    if report.rest_unread:
        print(f"  {_REST_UNREAD}", file=out)


_REST_UNREAD = (
    "the rest of the file cannot be read (a .json array stops at its first syntax error): "
    "the records after this point are not checked"
)


def _read(path: Path | None, reports: Iterator[_T]) -> Iterator[_T]:
    """``reports``, with an error reading ``path`` (``None``: the file the error names)
    turned into a usage error naming it (an error writing the output, raised where the
    reports are printed, is not caught here)."""
    try:
        yield from reports
    except OSError as error:
        name = path if path is not None else error.filename
        raise _UsageError(f"{_safe(name)}: cannot read ({error.strerror})") from None


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    """``1 record``, ``50,000 records``: every count the CLI prints is written this way."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


class _Progress:
    """One line on a terminal's standard error: how many, of how many and the percentage
    (when the total is known), and the rate. It is cleared before anything else is
    printed and at the end, so no message is ever glued onto it. Off unless ``err`` is a
    terminal (and off with ``--quiet``)."""

    def __init__(self, err: TextIO, noun: str, *, enabled: bool, total: int | None = None):
        self.err, self.noun, self.total = err, noun, total
        self.enabled = enabled
        self.count = 0
        self.began = self.shown_at = time.monotonic()
        self.shown = False

    def tick(self) -> None:
        self.count += 1
        if not self.enabled or self.count % 256:
            return
        now = time.monotonic()
        if now - self.shown_at < 0.25:
            return
        self.shown_at = now
        rate = self.count / max(now - self.began, 1e-9)
        done = f"{self.count:,}"
        if self.total:
            done += f" of {self.total:,} ({100 * self.count / self.total:.0f}%)"
        print(f"\r\x1b[K{done} {self.noun}, {rate:,.0f}/s", end="", file=self.err, flush=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            print("\r\x1b[K", end="", file=self.err, flush=True)
            self.shown = False


def _today() -> dt.date:
    """The clock's day: only a command may ask it (the library never does), and it says so."""
    return dt.date.today()


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = _rules(args)
    files = list(_files(args.paths, err))
    if args.as_of is None:  # a date after today cannot be right: flag it, and say which day
        args.as_of = _today()
        print(
            f"nrm-core: dates after today, {args.as_of.isoformat()}, are flagged "
            "(--as-of DAY to choose the day)",
            file=err,
        )
    # Reading errors are the input's (a usage error); writing errors reach main().
    records = _read(None, validate_paths(files, as_of=args.as_of, rules=rules))
    if args.format == "csv":  # one row per problem; the exit status says if any is invalid
        invalid = 0

        def counted() -> Iterator[RecordReport]:
            nonlocal invalid
            for record in records:
                invalid += not record.valid
                yield record

        write_problems_csv(counted(), out)
        return EXIT_INVALID if invalid else EXIT_VALID
    totals: Counter[str] = Counter()
    progress = _Progress(err, "records checked", enabled=err.isatty() and not args.quiet)

    for record in tally(records, totals):
        progress.tick()
        if args.quiet or (not record.problems and not args.all):
            continue
        progress.clear()
        if args.format == "json":
            print(json.dumps(record.to_json(), ensure_ascii=True), file=out)
        else:
            _print_report(record, out)
    progress.clear()
    if args.format == "json":
        summary = summary_json(totals, files=len(files), as_of=args.as_of)
        print(json.dumps({"summary": summary}), file=out)
    else:
        print(summary_text(totals, files=len(files)), file=out)
    return EXIT_VALID if totals["invalid"] == 0 else EXIT_INVALID


_ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789._:/-"
"""The characters of an identifier, in lower case (see ``_validate.is_identifier``)."""


def _near_misses(case_id: str) -> frozenset[str]:
    """Every id one slip away from ``case_id``, in lower case: a character left out,
    added, changed, or two swapped (and the letter case ignored). Looking each id of a
    file up in this set costs the same whatever the file's size (matching every id
    against the one typed took minutes over 300,000 long ids)."""
    typed = case_id.lower()
    splits = [(typed[:i], typed[i:]) for i in range(len(typed) + 1)]
    variants = {left + right[1:] for left, right in splits if right}
    variants |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    variants |= {left + c + right[1:] for left, right in splits if right for c in _ID_CHARACTERS}
    variants |= {left + c + right for left, right in splits for c in _ID_CHARACTERS}
    return frozenset(variants)


@attrs.define
class _Search:
    """What the search for a case found besides it: how many ids, the first few, the
    nearest to a mistyped one, and whether the file could not be read to its end."""

    count: int = 0
    first: list[str] = attrs.Factory(list)
    near: list[str] = attrs.Factory(list)
    """Ids one slip away from the one typed (the first few; the nearest is suggested)."""
    rest_unread: bool = False


def _find(path: Path, case_id: str | None, rules: Rules) -> tuple[RecordReport | None, _Search]:
    """The record of ``case_id`` (``None``: the file's only record), and what else was seen."""
    search = _Search()
    near = _near_misses(case_id) if case_id is not None and is_identifier(case_id) else None
    only: RecordReport | None = None
    for number, record in enumerate(_read(path, validate_path(path, rules=rules)), start=1):
        if case_id is not None and record.case_id == case_id:
            return record, search
        search.rest_unread |= record.rest_unread
        if record.case_id is not None:
            search.count += 1
            if len(search.first) < 10:
                search.first.append(record.case_id)
            if near is not None and len(search.near) < 32 and record.case_id.lower() in near:
                search.near.append(record.case_id)
        only = record if number == 1 else None
    return (only if case_id is None else None), search


def _not_found(path: str, case_id: str | None, search: _Search) -> str:
    """Which ids there are (the first ten), and the nearest to a mistyped one."""
    listed = ", ".join(search.first)
    if search.count > len(search.first):
        listed += f", ... ({search.count:,} in all)"
    there = f"; the ids there are: {listed}" if search.count else "; it has no readable case ids"
    if search.rest_unread:
        there += " (the file cannot be read to its end: 'nrm-core validate' says where)"
    if case_id is None:
        cases = _plural(search.count, "case")
        return f"{_safe(path)}: holds {cases}: choose one with --case{there}"
    if not is_identifier(case_id):  # may be a name: never echoed
        return f"{_safe(path)}: no case with that id (ids are pseudonymous references){there}"
    nearest = difflib.get_close_matches(case_id, search.near, n=1, cutoff=0)
    hint = f"; did you mean {nearest[0]!r}?" if nearest else there
    return f"{_safe(path)}: no case with id {case_id!r}{hint}"


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = _rules(args)
    path = _input_file(args.path)
    report, search = _find(path, args.case, rules)
    if report is None:
        raise _UsageError(_not_found(args.path, args.case, search))
    if report.case is None:
        which = f"Case {report.case_id}" if report.case_id else "The case"
        print(f"{which} is not valid; fix these first:", file=out)
        _print_report(report, out)
        return EXIT_INVALID
    if args.as_of < report.case.referral.referred_on:
        raise _UsageError(f"--as-of {args.as_of} is before the referral date")
    if args.timeline is not None:
        _output_allowed(args.timeline, (path, args.rules, args.sites), "--timeline")
        _draw_timeline(report.case, args.timeline, args.as_of)
        print(f"Timeline written: {_safe(args.timeline)}", file=err)
    text = report.case.explain(args.as_of, redact=args.redact, format=args.format)
    for line in text.split("\n"):  # the words of Case.explain(), which systems show too
        print(line if args.format == "json" else _safe(line), file=out)
    return EXIT_VALID


def _valid_cases(
    paths: Sequence[str],
    rules: Rules,
    err: TextIO,
    *,
    quiet: bool = False,
    left_out: list[int] | None = None,
) -> Iterator[Case]:
    """The valid cases of ``paths``, read as they are needed (a report over a file of any
    size keeps no case); the number left out is said once, unless ``quiet``, and added to
    ``left_out``. Progress is shown on a terminal (unless ``quiet``). A file that cannot be
    read to its end (a broken ``.json`` array) is a usage error: no figures from part of it."""
    progress = _Progress(err, "records read", enabled=err.isatty() and not quiet)
    files = _files(paths, err=None if quiet else err)
    counts: Counter[str] = Counter()

    def read() -> Iterator[RecordReport]:
        for record in _read(None, validate_paths(files, rules=rules)):
            progress.tick()
            if record.rest_unread:
                progress.clear()
                why = record.problems[0].message if record.problems else "it cannot be read"
                raise _UsageError(
                    f"{record.location}: {why}; the rest of the file cannot be read, so no "
                    "figures are given (they would count part of it): fix the file "
                    "('nrm-core validate' lists its problems)"
                )
            if record.follow_up and not quiet and not record.valid:  # a merge's problem
                print(_safe(f"nrm-core: {record.location}: {record.problems[0].message}"),
                      file=err)  # fmt: skip
            yield record

    yield from report_cases(read(), counts)
    progress.clear()
    invalid, adults = counts["invalid"], counts["adults"]
    if left_out is not None:
        left_out.append(invalid + adults)
    if invalid and not quiet:
        left = _plural(invalid, "invalid record")
        print(f"nrm-core: {left} left out (see nrm-core validate)", file=err)
    if adults and not quiet:
        left = _plural(adults, "record")
        print(
            f"nrm-core: {left} of a person 18 or over on the referral date (by an age not in "
            "dispute) left out of the children's figures (see nrm-core validate)",
            file=err,
        )


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    spreadsheet = args.format in ("xlsx", "ods")
    if spreadsheet != (args.output is not None):
        raise _UsageError("--output FILE goes with --format xlsx or ods, and they need it")
    if spreadsheet:
        if args.output.suffix.lower() != f".{args.format}":
            raise _UsageError(f"--output must end in .{args.format} with --format {args.format}")
        try:
            check_output(args.output, inputs=(*map(Path, args.paths), args.rules, args.sites))
        except OutputError as error:
            raise _UsageError(f"--output {error}") from None
    rules = _rules(args)
    if args.plots is not None:
        _check_plots(args.plots)
        for chart in _chart_files(args):
            _output_allowed(chart, (*map(Path, args.paths), args.rules, args.sites), "--plots")
    protection = {"suppress_below": args.suppress_below, "round_to": args.round_to}
    left_out: list[int] = []
    cases = _valid_cases(args.paths, rules, err, left_out=left_out)
    try:  # the library checks the options (before reading a case): its words are the error's
        cutoff = args.what_if_age_cutoff
        alternative = None if cutoff is None else age_cutoff_rules(rules, cutoff)
        result = report(cases, as_of=args.as_of, period=args.period, **protection)
    except InvalidValueError as error:
        option = {"suppress_below": "--suppress-below", "round_to": "--round-to",
                  "days": "--what-if-age-cutoff", "as_of": "--as-of"}.get(error.field)  # fmt: skip
        if option is None or error.owner not in ("report", "age_cutoff_rules"):
            raise
        raise _UsageError(f"{option}: {error.problem}") from None
    result = result.with_left_out(sum(left_out))  # said in the report's header

    def again() -> Iterator[Case]:  # the files are read again rather than held
        return _valid_cases(args.paths, rules, err, quiet=True)

    if alternative is not None:
        comparison = compare_policies(again(), rules, alternative, as_of=args.as_of, **protection)
        result = result.with_table(comparison)
    if args.table:
        known = {table.name for table in result.tables}
        unknown = sorted(set(args.table) - known)
        if unknown:
            raise _UsageError(f"unknown table(s) {unknown}; choose from {sorted(known)}")
        result = result.only(args.table)
    if spreadsheet:
        _write_spreadsheet(args, result, err)
    elif args.format == "json":
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=True), file=out)
    elif args.format == "csv":
        if result.left_out:
            print(f"# {result.left_out_note}", file=out)
        for table in result.tables:
            print(f"# {table.name}: {table.title}", file=out)
            out.write(table.to_csv())
            print(file=out)
    else:
        out.write(result.to_text())
    if args.plots is not None:
        _write_charts(args, result, again, err)
    return EXIT_VALID


def _write_spreadsheet(args: argparse.Namespace, result: Report, err: TextIO) -> None:
    from nrm_core.reporting.sheets import SheetsUnavailableError, write_spreadsheet

    inputs = (*map(Path, args.paths), args.rules, args.sites)
    try:
        written = write_spreadsheet(result, args.output, inputs=inputs)
    except SheetsUnavailableError as error:
        raise _UsageError(str(error)) from None
    except OutputError as error:
        raise _UsageError(f"--output {error}") from None
    sheets = len(result.tables)
    print(f"Spreadsheet written: {_safe(written)} ({sheets} tables)", file=err)


_CHARTED = ("referrals", "decisions", "waiting-times", "reconsiderations")
"""The tables ``--plots`` draws by period (those by period and decision maker)."""


def _chart_files(args: argparse.Namespace) -> list[Path]:
    """The files ``--plots`` writes: each charted table chosen, by ``--period``, and the
    waiting-time distribution with ``waiting-times``."""
    chosen = args.table or _report_tables()
    names = [f"{name}-by-{args.period}" for name in _CHARTED if name in chosen]
    if "waiting-times" in chosen:
        names.append("waiting-times")
    return [args.plots / f"{name}{suffix}" for name in names for suffix in (".png", ".svg")]


def _write_charts(
    args: argparse.Namespace, result: Report, again: Callable[[], Iterator[Case]], err: TextIO
) -> None:
    from nrm_core.reporting.plots import (
        PlotUnavailableError,
        report_charts,
        waiting_time_distribution,
    )

    written: list[Path] = []
    try:
        written += report_charts(
            result.only(_CHARTED), args.plots, period=args.period, suffixes=(".png", ".svg")
        )
        if any(table.name == "waiting-times" for table in result.tables):
            for suffix in (".png", ".svg"):
                written.append(
                    waiting_time_distribution(
                        again(),
                        args.plots / f"waiting-times{suffix}",
                        as_of=args.as_of,
                        suppress_below=args.suppress_below,
                    )
                )
    except PlotUnavailableError as error:
        raise _UsageError(str(error)) from None
    except OutputError as error:
        raise _UsageError(f"--plots {error}") from None
    if written:
        print(f"Charts written: {', '.join(_safe(p) for p in written)}", file=err)
    else:
        print(f"nrm-core: no chart for the tables chosen (charts: {', '.join(_CHARTED)})", file=err)


def _check_filters(args: argparse.Namespace, rules: Rules) -> None:
    """A --site or --authority the rules do not know is a usage error: a typing slip
    (``p1-03``, ``Hull``) would list no case, read as "nothing due"."""
    if args.site is not None:
        known = [site.site_id for site in rules.sites.sites]
        if args.site not in known:
            near = [k for k in known if k.casefold() == args.site.casefold()]
            hint = f"did you mean {near[0]}?" if near else f"the sites are {', '.join(known)}"
            raise _UsageError(f"--site {_safe(args.site)}: no such pilot site ({hint})")
    if args.authority is not None:
        try:
            rules.authorities.get(args.authority)
        except UnknownAuthorityError as error:  # a GSS code, not in the register
            raise _UsageError(f"--authority {_safe(args.authority)}: {_safe(error)}") from None
        except InvalidValueError as error:  # not a GSS code: a name, or the wrong case
            upper = args.authority.strip().upper()
            meant = (
                [upper]
                if upper in {a.gss_code for a in rules.authorities.authorities}
                else [
                    f"{a.gss_code} ({a.name})" for a in rules.authorities.search(args.authority)[:3]
                ]
            )
            hint = f"did you mean {' or '.join(meant)}?" if meant else "give its GSS code"
            raise _UsageError(
                f"--authority {_safe(args.authority)}: {_safe(error.problem)} ({_safe(hint)})"
            ) from None


def _worklist(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = _rules(args)
    as_of = args.as_of
    heading = None
    if as_of is None:  # the command line may default to today, and says so
        as_of = dt.date.today()
        heading = f"NRM worklist as of {as_of.isoformat()} (today: --as-of not given)"
        if args.format != "text":
            print(f"nrm-core: --as-of not given: the worklist is as of today, {as_of}", file=err)
    unread: list[Unread] = []
    progress = _Progress(err, "records read", enabled=err.isatty())

    def valid_cases() -> Iterator[Case]:
        files = _files(args.paths, err=err)
        for record in _read(None, validate_paths(files, rules=rules)):
            progress.tick()
            if record.follow_up:  # a merge's problem, of a record already read: not unread
                continue
            if record.case is not None:
                yield record.case
                continue
            unread.append(record.unread())

    _check_filters(args, rules)
    only = Filter(
        authority=args.authority,
        site=args.site,
        decision_maker=args.decision_maker,
        flag=Flag(args.flag) if args.flag else None,
    )
    found = worklist_rows(valid_cases(), as_of, only=only, redact=args.redact)
    ordered = sorted(found, key=lambda row: row.urgency)
    progress.clear()
    if args.format == "json":
        out.write(worklist_json(ordered, as_of, unread, redact=args.redact))
    elif args.format == "csv":
        write_csv(ordered, out, unread)
    elif args.format == "ics":
        out.write(to_ics(ordered, as_of, unread))
    else:
        text = to_text(ordered, as_of, unread, heading=heading)
        for line in text.splitlines():
            print(_safe(line), file=out)
    if unread:
        print(
            f"nrm-core: {_plural(len(unread), 'invalid record')} listed, not on the worklist "
            "(see nrm-core validate)",
            file=err,
        )
    return EXIT_INVALID if unread else EXIT_VALID


def _draw_timeline(case: Case, path: Path, as_of: dt.date) -> None:
    """``explain --timeline``: checked before the explanation is printed."""
    from nrm_core.reporting.plots import PlotUnavailableError, case_timeline, pyplot

    if path.suffix.lower() not in (".png", ".svg"):
        raise _UsageError(f"--timeline {_safe(path)}: the file must end in .png or .svg")
    try:
        pyplot()
        case_timeline(case, path, as_of=as_of)
    except PlotUnavailableError as error:
        raise _UsageError(str(error)) from None
    except OutputError as error:
        raise _UsageError(f"--timeline {error}") from None
    except OSError as error:
        raise _UsageError(f"--timeline {_safe(path)}: cannot write ({error.strerror})") from None


def _output_allowed(path: Path, inputs: Sequence[Path | None], option: str) -> None:
    """Before any work: ``path`` may be written (see :mod:`nrm_core.io._output`)."""
    try:
        check_output(path, inputs=inputs)
    except OutputError as error:
        raise _UsageError(f"{option} {error}") from None


def _check_plots(folder: Path) -> None:
    """Before any work: the plot extra is installed, and ``folder`` is (or is now) a folder
    that can be written to (it is created here, so a failure comes before the report)."""
    from nrm_core.reporting.plots import PlotUnavailableError, pyplot

    try:
        pyplot()
    except PlotUnavailableError as error:
        raise _UsageError(str(error)) from None
    if folder.exists() and not folder.is_dir():
        raise _UsageError(f"--plots {_safe(folder)}: not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _UsageError(f"--plots {_safe(folder)}: cannot create ({error.strerror})") from None
    if not os.access(folder, os.W_OK):
        raise _UsageError(f"--plots {_safe(folder)}: the folder cannot be written to")


def _synthetic(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.count < 0:
        raise _UsageError("the count must not be negative")
    if args.as_of < PILOT_START:
        raise _UsageError(
            f"--as-of must be on or after the pilot's start ({PILOT_START.isoformat()}); "
            "synthetic cases are referred from then"
        )
    progress = _Progress(err, "cases written", enabled=err.isatty(), total=args.count)
    for case in synthetic_cases(args.count, seed=args.seed, as_of=args.as_of):
        progress.tick()
        if args.no_route_reasons:
            history = tuple(
                attrs.evolve(e, reasons=()) if isinstance(e, RoutedToPanel | RoutedToSca) else e
                for e in case.history
            )
            case = Case(case.referral, history, rules=case.rules)
        print(json.dumps(unstructure(case), ensure_ascii=False), file=out)
    progress.clear()
    return EXIT_VALID


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = _rules(args)
    path = Path(args.path)
    if path.suffix.lower() not in (".json", ".jsonl", ".ndjson"):
        raise _UsageError(f"{_safe(args.path)}: expected a .json or .jsonl file of payloads")
    path = _input_file(args.path)
    inputs = (path, args.rules, args.sites)
    records: contextlib.AbstractContextManager[TextIO | IO[str]] = contextlib.nullcontext(out)
    if args.output is not None:  # checked now, written whole at the end (or not at all)
        _output_allowed(args.output, inputs, "--output")
        records = write_atomically(args.output, inputs=inputs)
    totals = {"records": 0, "imported": 0, "invalid": 0, "errors": 0, "queries": 0}
    releases: Counter[str] = Counter()
    reports = home_office_reports([path], submitted_on=args.submitted_on, rules=rules)
    with records as target:
        for report in _read(path, reports):  # a repeated ExternalId is not imported
            case = report.case
            totals["records"] += not report.follow_up
            if report.form_release is not None:
                releases[report.form_release] += 1
            errors = sum(p.severity.value == "error" for p in report.problems)
            totals["errors"] += errors
            totals["queries"] += len(report.problems) - errors
            if case is not None:
                totals["imported"] += 1
                print(json.dumps(unstructure(case), ensure_ascii=False), file=target)
            else:
                totals["invalid"] += 1
            if report.problems:
                if args.format == "json":
                    print(json.dumps(report.to_json(), ensure_ascii=True), file=err)
                else:
                    _print_report(report, err)
    if args.format == "json":
        print(json.dumps({"summary": {**totals, "form_releases": dict(releases)}}), file=err)
    else:
        read_as = "; ".join(f"{n:,} as the form's {name} release" for name, n in
                            sorted(releases.items()))  # fmt: skip
        print(
            f"Read {_plural(totals['records'], 'payload')}: {totals['imported']:,} imported, "
            f"{totals['invalid']:,} not imported; {_plural(totals['errors'], 'error')}, "
            f"{_plural(totals['queries'], 'query', 'queries')}."
            + (f" Read {read_as}." if read_as else ""),
            file=err,
        )
    return EXIT_VALID if totals["invalid"] == 0 else EXIT_INVALID


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    out.write(json_schema_text())
    return EXIT_VALID


def _codes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.format == "json":
        codes = [
            {"code": c.code, "severity": c.severity.value, "meaning": c.meaning}
            for c in ERROR_CODES
        ]
        print(json.dumps(codes, indent=2), file=out)
    else:
        for info in ERROR_CODES:
            print(f"{info.code:<40} {info.severity.value:<6} {info.meaning}", file=out)
    return EXIT_VALID


def _diagram(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.format == "mermaid" and args.topic is not None:
        raise _UsageError("--topic goes with --format svg (the Mermaid source is one diagram)")
    out.write(to_mermaid() if args.format == "mermaid" else to_svg(args.topic or "main") + "\n")
    return EXIT_VALID


# The commands, as a table: each row is one command's words (its --help), its options in the
# order --help lists them, and the function that runs it. The parser is built from the rows
# and the command is run through its row, so a new command is one row and one function.


_Option = tuple[tuple[str, ...], dict[str, Any]]
"""One argument of a command: ``argparse.add_argument(*flags, **settings)``."""


def _option(*flags: str, **settings: Any) -> _Option:
    return flags, settings


@attrs.frozen
class _Command:
    """One command: its --help (summary, details, examples), options and what runs it."""

    name: str
    summary: str
    details: str
    examples: str
    options: tuple[_Option, ...]
    run: Callable[[argparse.Namespace, TextIO, TextIO], int]
    writes_records: bool = False  # a reader gone before the end is an error, not success
    checks_records: bool = False  # its exit status says whether every record was valid
    source: tuple[str, str] | None = None  # (name, help) of its one source: import home-office

    def add_to(self, commands: Any) -> None:
        words = {
            "description": f"{self.summary[0].upper()}{self.summary[1:]}.\n\n{self.details}",
            "epilog": "examples:\n" + "\n".join(f"  {x}" for x in self.examples.splitlines()),
            "formatter_class": argparse.RawDescriptionHelpFormatter,
        }
        parser = commands.add_parser(self.name, help=self.summary, **words)
        if self.source is not None:
            sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
            parser = sources.add_parser(self.source[0], help=self.source[1], **words)
        for flags, settings in self.options:
            parser.add_argument(*flags, **settings)


_PATHS = _option("paths", nargs="+", metavar="FILE", help="files or folders")
_SITES = _option("--sites", type=_path, help="your site file (CSV or JSON) to merge")
_RULES = _option("--rules", type=_path, help="your policy overrides file (JSON)")

_COMMANDS = {c.name: c for c in (
    _Command(
        "validate",
        "check case files and report every problem",
        "Reads JSON, JSON Lines and CSV files (or every such file in a folder) and lists\n"
        "every error and query of each record, with its path, stable code and rule.\n"
        "Exit status: 0 all valid, 1 invalid data, 2 usage error or unreadable input.",
        "nrm-core validate examples/data/valid\n"
        "nrm-core validate cases.jsonl --as-of 2026-09-30 --format json > problems.json\n"
        "nrm-core validate cases.jsonl --format csv > problems.csv  (one row per problem)\n"
        "nrm-core validate cases.jsonl --sites our-sites.csv --rules our-rules.json --quiet",
        (
            _PATHS,
            _option("--format", choices=["text", "json", "csv"], default="text",
                    help="json: one line per record, then a summary line; csv: one row per "
                         "problem (no summary)"),
            _option("--as-of", type=_date,
                    help="flag dates after this day (YYYY-MM-DD; default: today, which is "
                         "printed)"),
            _SITES,
            _RULES,
            _option("--all", action="store_true", help="list valid records too"),
            _option("--quiet", action="store_true", help="print only the summary"),
        ),
        _validate,
        checks_records=True,
    ),
    _Command(
        "explain",
        "explain one case: state, route, deadlines",
        "Shows a case as it stood at the end of --as-of: its state and who decides, how\n"
        "long the child has waited and for what, the route and every reason, decisions,\n"
        "deadlines with their rules, the history and what can happen next (the text of\n"
        "Case.explain() in Python).",
        "nrm-core explain examples/data/valid/pilot-case.json --as-of 2026-06-01\n"
        "nrm-core explain cases.jsonl --case R-2026-0001 --as-of 2026-06-01 --redact\n"
        "nrm-core explain cases.jsonl --case R-2026-0001 --as-of 2026-06-01 --format json\n"
        "nrm-core explain case.json --as-of 2026-06-01 --timeline case.svg  (needs '.[plot]')",
        (
            _option("path", metavar="FILE"),
            _option("--case", help="the referral id (may be left out when the file holds one "
                                   "case)"),
            _option("--as-of", type=_date, required=True, help="the day to explain (YYYY-MM-DD)"),
            _option("--format", choices=["text", "json"], default="text"),
            _option("--redact", action="store_true",
                    help="show the 18th birthday as a month and no day counts that give away "
                         "the date of birth"),
            _option("--timeline", type=_path, metavar="FILE",
                    help="also draw the case's events and deadlines (.png or .svg; needs the "
                         "plot extra; the 18th birthday is left out)"),
            _SITES,
            _RULES,
        ),
        _explain,
    ),
    _Command(
        "report",
        "waiting times and outcomes, with definitions",
        "Counts the valid cases of the files by period, pilot site and decision maker:\n"
        "waiting times to each decision, outcomes and overdue decisions, each table with\n"
        "its definition. Counts are rounded at random to a multiple of 5 and checked so that\n"
        "no count from 1 to 4 can be worked out (see --suppress-below).",
        "nrm-core report examples/data/synthetic/cases.jsonl --as-of 2026-09-30\n"
        "nrm-core report cases.jsonl --as-of 2026-09-30 --format csv --round-to 5\n"
        "nrm-core report cases.jsonl --as-of 2026-09-30 --plots charts/  (needs '.[plot]')",
        (
            _PATHS,
            _option("--as-of", type=_date, required=True, help="the day (YYYY-MM-DD)"),
            _option("--format", choices=["text", "csv", "json", "xlsx", "ods"], default="text",
                    help="xlsx and ods: a spreadsheet in the GSS layout (cover, contents, "
                         "notes, one table a sheet) written to --output (needs '.[sheets]')"),
            _option("--output", type=_path, metavar="FILE",
                    help="the spreadsheet to write (with --format xlsx or ods)"),
            _option("--period", choices=["quarter", "month", "year"], default="quarter"),
            _option("--suppress-below", type=int, default=5, metavar="N",
                    help="no count from 1 to N-1 shown or recoverable: counts rounded at "
                         "random to a multiple of N (or --round-to), statistics of possibly "
                         "fewer than N cases shown as [c] (default 5; 0 shows every figure "
                         "exactly)"),
            _option("--round-to", type=int, metavar="BASE",
                    help="round counts to a multiple of BASE instead (at least "
                         "--suppress-below)"),
            _option("--table", action="append", metavar="NAME",
                    help="only this table (repeatable): " + ", ".join(_report_tables())),
            _option("--what-if-age-cutoff", type=int, metavar="DAYS",
                    help="also compare routing with this pilot age cut-off (a multiple of 30 "
                         "days; referrals up to --as-of)"),
            _option("--plots", type=_path, metavar="DIR",
                    help="also write charts here, PNG and SVG (needs matplotlib): each table "
                         "by --period shown as the report prints it, and the waiting-time "
                         "distribution with waiting-times"),
            _SITES,
            _RULES,
        ),
        _report,
    ),
    _Command(
        "worklist",
        "the coordinator's worklist: open cases, what is due, who acts",
        "Lists every case open on --as-of: who must act next, the next deadline, overdue\n"
        "targets with how long overdue, days waited and flags (due soon, 18 soon,\n"
        "reconsideration window closing, long wait, routed to the SCA against the rules).\n"
        "Text groups the cases for a person; JSON and CSV are for systems; ics is a calendar\n"
        "file with one event per deadline (case ids only, never a name or date of birth).\n"
        "--as-of defaults to today, printed in the header. Records that fail validation are\n"
        "listed as such, never dropped. Exit status: 0, 1 if a record is invalid, 2 usage.",
        "nrm-core worklist examples/data/synthetic/cases.jsonl --as-of 2026-09-30\n"
        "nrm-core worklist cases.jsonl --authority W06000015 --format csv > worklist.csv\n"
        "nrm-core worklist cases.jsonl --site P1-06 --redact --format ics > deadlines.ics",
        (
            _PATHS,
            _option("--as-of", type=_date, help="the day (YYYY-MM-DD; default: today, printed)"),
            _option("--authority", metavar="GSS", help="only this safeguarding authority"),
            _option("--site", metavar="ID", help="only this pilot site's cases"),
            _option("--decision-maker", choices=DECISION_MAKER_FILTERS,
                    help="only cases with this decision maker"),
            _option("--flag", choices=[f.value for f in Flag], help="only cases with this flag"),
            _option("--format", choices=["text", "json", "csv", "ics"], default="text"),
            _option("--redact", action="store_true",
                    help="show nothing that gives away a date of birth (the 18th birthday as "
                         "a month)"),
            _SITES,
            _RULES,
        ),
        _worklist,
        checks_records=True,
    ),
    _Command(
        "synthetic",
        "write synthetic (fictional) cases",
        "Writes COUNT fictional but valid cases as JSON Lines to standard output: the same\n"
        "SEED gives the same file. For tests and demonstrations; never real children.",
        "nrm-core synthetic 1000 --seed 7 > cases.jsonl\n"
        "nrm-core synthetic 50000 --as-of 2026-09-30 --no-route-reasons > big.jsonl",
        (
            _option("count", type=int, metavar="COUNT", help="how many cases"),
            _option("--seed", type=int, default=0, help="the random seed (default 0)"),
            _option("--as-of", type=_date, default=dt.date(2026, 9, 30),
                    help="no event after this day (default 2026-09-30)"),
            _option("--no-route-reasons", action="store_true",
                    help="omit the routing reasons (smaller files)"),
        ),
        _synthetic,
        writes_records=True,
    ),
    _Command(
        "import",
        "read referrals made elsewhere into case records",
        "'home-office': the Home Office NRM referral form's casework payloads (a JSON object,\n"
        "an array of them, or JSON Lines). Each payload that reads without an error is\n"
        "written as a case record (JSON Lines) to standard output or --output; every\n"
        "problem (never a personal value) goes to standard error. The council named is\n"
        "resolved to the children's-services authority on --submitted-on.\n"
        "Exit status: 0 all imported, 1 a payload had errors, 2 usage error or unreadable input.",
        "nrm-core import home-office payload.json --submitted-on 2026-05-01 > cases.jsonl\n"
        "nrm-core import home-office payloads.jsonl --submitted-on 2026-05-01 --output cases.jsonl",
        (
            _option("path", metavar="FILE", help="a .json or .jsonl file of payloads"),
            _option("--submitted-on", type=_date, required=True,
                    help="the day the reports were submitted (YYYY-MM-DD): the referral date"),
            _option("--output", type=_path, metavar="FILE",
                    help="write the case records here (default: standard output)"),
            _option("--format", choices=["text", "json"], default="text",
                    help="how the problems are written"),
            _SITES,
            _RULES,
        ),
        _import,
        writes_records=True,
        source=("home-office", "Home Office NRM referral form payloads"),
    ),
    _Command(
        "schema",
        "print the JSON Schema (2020-12) of the case format",
        "For validating case files from any language; the shape only (the lifecycle,\n"
        "dates and codes are checked by 'nrm-core validate').",
        "nrm-core schema > nrm-case.schema.json",
        (),
        _schema,
    ),
    _Command(
        "codes",
        "list every problem code",
        "Every code the validator can report, with its severity and meaning. Codes are\n"
        "stable: match on them, not on the messages.",
        "nrm-core codes\nnrm-core codes --format json",
        (_option("--format", choices=["text", "json"], default="text"),),
        _codes,
    ),
    _Command(
        "diagram",
        "print the lifecycle state diagram (Mermaid or SVG)",
        "Drawn from the transition table the lifecycle reads. Mermaid source for the whole\n"
        f"table, or an SVG of one topic ({', '.join(t.key for t in TOPICS)}).",
        "nrm-core diagram > lifecycle.mmd\nnrm-core diagram --format svg --topic main > main.svg",
        (
            _option("--format", choices=["mermaid", "svg"], default="mermaid"),
            _option("--topic", choices=[t.key for t in TOPICS],
                    help="with --format svg: which diagram (default main)"),
        ),
        _diagram,
    ),
)}  # fmt: skip
"""Every command, in the order ``nrm-core --help`` lists them."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nrm-core",
        description="Validate and explain NRM case data (UK National Referral Mechanism, "
        "children; devolved decision-making pilot).",
    )
    parser.add_argument("--version", action="version", version=f"nrm-core {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS.values():
        command.add_to(commands)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command; returns the exit status."""
    # A standard stream closed by the shell (`>&-`) is None: writing to it must fail, not
    # vanish (print(file=None) writes nothing, and the run said it succeeded).
    stdout: TextIO = out or sys.stdout or _Closed("standard output")  # type: ignore[assignment]
    stderr: TextIO = err or sys.stderr or _Closed("standard error")  # type: ignore[assignment]
    return _main(argv, stdout, stderr)


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and EXIT_USAGE
    try:
        status = _COMMANDS[args.command].run(args, out, err)
        out.flush()  # a write error (a full disk) is found here, not after the run
        return status
    except _UsageError as error:  # its parts are escaped where it is made; lines kept
        _say(err, "\n".join(_safe(line) for line in f"nrm-core: {error}".split("\n")))
        return EXIT_USAGE
    except OutputError as error:
        _say(err, _safe(f"nrm-core: {error}"))
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. piped into head)
        command = _COMMANDS[args.command]
        if command.writes_records:  # records not delivered: say so
            _say(err, "nrm-core: the output was closed before every record was written")
            return EXIT_USAGE
        if command.checks_records:  # 0 would say every record was valid: not known
            _say(
                err,
                "nrm-core: the output was closed before the end, so the exit status cannot "
                "say whether every record was valid",
            )
            return EXIT_USAGE
        return EXIT_VALID
    except OSError as error:  # writing the output failed (e.g. a full disk)
        _say(err, f"nrm-core: cannot write the output ({_safe(error.strerror or error)})")
        return EXIT_USAGE
    except Exception as error:  # one line, never a traceback that could show data
        _say(
            err,
            f"nrm-core: internal error ({type(error).__name__}); please report it with the "
            "command you ran (not the data)",
        )
        return EXIT_INTERNAL


def _say(err: TextIO, line: str) -> None:
    """A line on standard error (nothing if that is closed too)."""
    with contextlib.suppress(OSError):
        print(line, file=err)


class _Closed(io.TextIOBase):
    """A standard stream the shell closed: every write fails."""

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        raise OSError(f"{self.name} is closed")


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
