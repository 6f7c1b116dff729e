"""A planted name, date of birth and note never reach any output (issue: hardening)."""

import csv
import json
from pathlib import Path

import pytest

from nrm_core.cli import main
from nrm_core.events import RouteOverride

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"
NAME, DOB, NOTE = "Zyxwv Qwertyson", "2011-07-19", "lives at 9 Canary Lane"
CANARIES = ("Zyxwv", "Qwertyson", "zyxwv", "2011-07-19", "19/07/2011", "Canary Lane")


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


def broken_documents():
    base = json.loads((EXAMPLES / "valid" / "pilot-case.json").read_text())
    referral = base["referral"]
    referral["child"]["name"] = NAME
    referral["child"]["date_of_birth"] = DOB
    changes = [
        lambda d: d["referral"].update(referral_id=NAME),
        lambda d: d["referral"].update({NAME: NOTE}),
        lambda d: d["referral"]["child"].update({"zyxwv": "x"}),
        lambda d: d["referral"]["child"].update(age_basis="zyxwv"),
        lambda d: d["referral"]["child"].update(date_of_birth="19/07/2011"),
        lambda d: d["referral"]["child"].update(child_id=NOTE),
        lambda d: d["referral"].update(safeguarding_authority=DOB),
        lambda d: d["referral"]["exploitation"].update(location=NOTE),
        lambda d: d["referral"].update(referred_on="2011-07-18"),  # before the planted birth
        lambda d: d["history"][1].update(reasons=NOTE, stage="zyxwv"),
        lambda d: d["history"].append({"event": NAME, "on": DOB}),
    ]
    documents = []
    for change in changes:
        document = json.loads(json.dumps(base))
        change(document)
        documents.append(document)
    return documents


@pytest.fixture
def files(tmp_path):
    jsonl = tmp_path / "broken.jsonl"
    jsonl.write_text("".join(json.dumps(d) + "\n" for d in broken_documents()))
    duplicate = tmp_path / "duplicate.json"
    duplicate.write_text('{"' + NAME + '": 1, "' + NAME + '": 2}')
    headerless = tmp_path / "headerless.csv"
    with headerless.open("w", newline="") as handle:
        csv.writer(handle).writerow(["R-1", "2026-01-01", "C-1", DOB, "claimed", NAME])
    return [jsonl, duplicate, headerless]


def run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    main([str(a) for a in args], out=out, err=err)
    return out.getvalue() + err.getvalue()


def test_no_output_format_echoes_the_canaries(files):
    outputs = []
    for path in files:
        outputs.append(run("validate", "--all", path))
        outputs.append(run("validate", "--all", "--format", "json", path))
        outputs.append(run("explain", path, "--case", NAME, "--as-of", "2026-06-01"))
    outputs.append(run("report", *files, "--as-of", "2026-09-30"))
    for output in outputs:
        for canary in CANARIES:
            assert canary not in output, (canary, output[:300])


def test_reprs_and_exceptions_hide_the_canaries():
    import datetime as dt

    import attrs

    from nrm_core import Case, NrmError, RoutedToSca, apply, deadlines_for
    from nrm_core.samples import example_referral

    base = example_referral()
    child = attrs.evolve(base.child, name=NAME, date_of_birth=dt.date(2011, 7, 19),
                         other_details=(NOTE,))  # fmt: skip
    case = apply(
        Case(attrs.evolve(base, child=child)), RoutedToSca(dt.date(2026, 3, 3), override=LINKED)
    )
    report = deadlines_for(case, dt.date(2026, 3, 20))
    texts = [repr(case), repr(case.referral), repr(report), *(repr(c) for c in report.checks)]
    texts += [str(c.deadline) for c in report.checks if c.deadline.code != "turns-eighteen"]
    try:
        attrs.evolve(case.referral, referred_on=dt.date(2011, 7, 18))
    except NrmError as error:
        texts.append(str(error))
    for text in texts:
        for canary in CANARIES:
            assert canary not in text, (canary, text[:200])
