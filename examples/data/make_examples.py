"""Regenerate the example data files in examples/data/ (fictional children only).

Run:  python examples/data/make_examples.py

Valid files are built through nrm_core itself (so they are valid by
construction); invalid files are valid documents with deliberate mistakes, and
expectations.json lists the problem codes each must produce. Integrators can
run these files through their own pipelines in CI.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs

from nrm_core import (
    AgeBasis,
    Case,
    CombinedDecisionMade,
    ConsentedToContinue,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    Nation,
    Outcome,
    PodConsidered,
    ReconsiderationAccepted,
    ReconsiderationRequested,
    Referral,
    Resumed,
    ScaReviewAgreed,
    Stage,
    Suspended,
    TurnedEighteen,
    apply,
)
from nrm_core.eligibility import route, transfer_if_out_of_scope
from nrm_core.events import SuspensionReason
from nrm_core.io.interchange import unstructure
from nrm_core.samples import example_panel, example_referral

HERE = Path(__file__).parent
D = dt.date
RG, CG = Stage.REASONABLE_GROUNDS, Stage.CONCLUSIVE_GROUNDS
POS, NEG = Outcome.POSITIVE, Outcome.NEGATIVE
SCA = DecisionMaker.sca()


def referral(number: int, code: str, on: dt.date, dob: dt.date, **changes: Any) -> Referral:
    nation = {"E": Nation.ENGLAND, "W": Nation.WALES, "S": Nation.SCOTLAND}.get(
        code[0], Nation.NORTHERN_IRELAND
    )
    base = Referral(
        referral_id=f"R-2026-{number:04d}",
        child=attrs.evolve(
            example_referral().child, child_id=f"C-2026-{number:04d}", date_of_birth=dob, name=None
        ),
        referred_on=on,
        first_responder=FirstResponder(FirstResponderOrganisation.LOCAL_AUTHORITY, nation=nation),
        safeguarding_authority=code,
        exploitation=Exploitation(
            frozenset({ExploitationType.FORCED_TO_COMMIT_CRIME}), location=ExploitationLocation.UK
        ),
    )
    return attrs.evolve(base, **changes)


def routed(ref: Referral) -> Case:
    return apply(Case(ref), route(ref).to_event())


def run(case: Case, *events: Any) -> Case:
    for event in events:
        case = apply(case, event)
    return case


def panel_decision(case: Case, on: dt.date, stage: Stage, outcome: Outcome) -> DecisionMade:
    maker = case.decision_maker
    assert maker is not None
    assert maker.site_id is not None
    return DecisionMade(
        on, stage=stage, outcome=outcome, by=maker, panel=example_panel(maker.site_id)
    )


def valid_cases() -> list[Case]:
    cases = []
    # 1. England, outside the pilot (Surrey): SCA decides; positive RG, waiting for CG.
    c = routed(referral(1, "E10000030", D(2026, 5, 4), D(2010, 9, 1)))
    cases.append(
        run(
            c,
            DecisionMade(D(2026, 5, 12), stage=RG, outcome=POS, by=SCA),
            DecisionServed(D(2026, 5, 12)),
        )
    )
    # 2. Glasgow pilot: RG and CG at one meeting, served.
    c = routed(referral(2, "S12000049", D(2026, 2, 9), D(2011, 1, 20)))
    combined = CombinedDecisionMade(
        D(2026, 3, 2), cg_outcome=POS, by=DecisionMaker.panel("P1-02"), panel=example_panel("P1-02")
    )
    cases.append(run(c, combined, ScaReviewAgreed(D(2026, 3, 4)), DecisionServed(D(2026, 3, 6))))
    # 3. Northern Ireland (whole-nation site from September 2025): RG positive, awaiting CG.
    c = routed(referral(3, "N92000002", D(2026, 1, 12), D(2012, 4, 3)))
    cases.append(
        run(
            c,
            panel_decision(c, D(2026, 2, 2), RG, POS),
            ScaReviewAgreed(D(2026, 2, 4)),
            DecisionServed(D(2026, 2, 5)),
        )
    )
    # 4. SCA negative RG, reconsidered.
    c = routed(referral(4, "E08000025", D(2025, 3, 3), D(2009, 12, 12)))
    cases.append(
        run(
            c,
            DecisionMade(D(2025, 3, 10), stage=RG, outcome=NEG, by=SCA),
            DecisionServed(D(2025, 3, 11)),
            ReconsiderationRequested(D(2025, 4, 1)),
            ReconsiderationAccepted(D(2025, 4, 10)),
        )
    )
    # 5. Islington pilot case whose age became disputed: transferred to the SCA.
    c = routed(referral(5, "E09000019", D(2026, 6, 1), D(2010, 2, 14)))
    transfer = transfer_if_out_of_scope(c, D(2026, 6, 20), age_basis=AgeBasis.DISPUTED)
    assert transfer is not None
    cases.append(run(c, transfer))
    # 6. Within 100 days of 18: the SCA; turned 18 before a decision and consented.
    c = routed(referral(6, "W06000015", D(2026, 3, 2), D(2008, 5, 1)))
    cases.append(run(c, TurnedEighteen(D(2026, 5, 1)), ConsentedToContinue(D(2026, 5, 6))))
    # 7. Referral received, not yet routed.
    cases.append(Case(referral(7, "E09000002", D(2026, 11, 20), D(2013, 8, 8))))
    # 8. North Yorkshire (new council code from April 2023): suspended while missing, resumed,
    #    then a negative CG reviewed by the SCA and served.
    c = routed(referral(8, "E06000065", D(2023, 6, 5), D(2008, 1, 30)))
    cases.append(
        run(
            c,
            panel_decision(c, D(2023, 6, 26), RG, POS),
            ScaReviewAgreed(D(2023, 6, 28)),
            DecisionServed(D(2023, 6, 29)),
            Suspended(D(2023, 7, 10), SuspensionReason.CHILD_MISSING),
            Resumed(D(2023, 8, 21)),
            panel_decision(c, D(2023, 9, 18), CG, NEG),
            ScaReviewAgreed(D(2023, 9, 27)),
            DecisionServed(D(2023, 10, 2)),
        )
    )
    return cases


def pilot_case() -> Case:
    ref = example_referral()
    c = apply(Case(ref), route(ref, D(2026, 3, 3)).to_event())
    maker = DecisionMaker.panel("P1-01")
    return run(
        c,
        DecisionMade(D(2026, 3, 20), stage=RG, outcome=POS, by=maker, panel=example_panel()),
        ScaReviewAgreed(D(2026, 3, 23)),
        DecisionServed(D(2026, 3, 24)),
        DecisionMade(D(2026, 5, 5), stage=CG, outcome=NEG, by=maker, panel=example_panel()),
        ScaReviewAgreed(D(2026, 5, 12)),
        DecisionServed(D(2026, 5, 14)),
    )


CSV_HEADER = [
    "referral_id", "referred_on", "child_id", "date_of_birth", "age_basis", "name",
    "first_responder", "first_responder_other_name", "referrer_nation",
    "safeguarding_authority", "exploitation_types", "exploitation_location", "county_lines",
    "pod_status",
]  # fmt: skip

CSV_ROWS = [
    ["R-CSV-0001", "2026-04-01", "C-CSV-0001", "2010-06-01", "claimed", "", "police", "",
     "england", "E09000019", "forced-to-commit-crime;child-sexual-exploitation", "uk", "true",
     "none"],
    ["R-CSV-0002", "2026-04-02", "C-CSV-0002", "2011-02-11", "assessed", "", "other",
     "Police Scotland", "scotland", "S12000036", "forced-to-work", "both", "", ""],
    ["R-CSV-0003", "2026-04-03", "C-CSV-0003", "2009-09-09", "disputed", "", "barnardos", "",
     "wales", "W06000022", "other", "overseas", "false", "none"],
]  # fmt: skip

BAD_CSV_ROWS = [
    ["R-CSV-0101", "01/04/2026", "C-CSV-0101", "2010-06-01", "claimed", "", "police", "",
     "england", "E09000019", "forced-to-commit-crime", "uk", "maybe", "none"],
    ["R-CSV-0102", "2026-04-02", "C-CSV-0102", "2011-02-11", "claimd", "", "polise", "",
     "england", "E99999999", "forced-to-work", "uk", "", ""],
]  # fmt: skip


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerows(rows)


def invalid_files() -> dict[str, list[str]]:
    base = unstructure(pilot_case())
    expectations: dict[str, list[str]] = {}
    out = HERE / "invalid"

    shapes = copy.deepcopy(base)
    shapes["referral"]["referred_on"] = "02/03/2026"
    shapes["referral"]["child"]["age_basis"] = "claimd"
    shapes["referral"]["exploitation"]["types"] = "forced-to-commit-crime"
    shapes["referral"]["child"]["date_of_birth"] = 20100517
    del shapes["referral"]["first_responder"]
    shapes["referral"]["colour"] = "blue"
    shapes["history"][0]["event"] = "routed-to-pannel"
    write_json(out / "bad-shapes.json", shapes)
    expectations["bad-shapes.json"] = [
        "invalid-date", "invalid-enum", "wrong-type", "missing-field", "unknown-field",
        "unknown-event-type",
    ]  # fmt: skip

    unreviewed = copy.deepcopy(base)
    del unreviewed["history"][5]  # the SCA review of the negative CG
    before = copy.deepcopy(base)
    before["history"][1]["on"] = "2026-02-01"
    mismatch = copy.deepcopy(base)
    mismatch["history"][1]["by"] = {"kind": "sca", "site_id": None}
    mismatch["history"][1]["panel"] = None
    no_police = copy.deepcopy(base)
    no_police["history"][1]["panel"]["members"] = [
        m for m in no_police["history"][1]["panel"]["members"] if m["role"] != "police"
    ]
    for doc, number in ((unreviewed, 1), (before, 2), (mismatch, 3), (no_police, 4)):
        doc["referral"]["referral_id"] = f"R-BAD-{number}"
    write_jsonl(out / "bad-history.jsonl", [unreviewed, before, mismatch, no_police])
    expectations["bad-history.jsonl"] = [
        "negative-pilot-decision-not-reviewed", "event-before-previous", "event-before-referral",
        "history-not-checked", "decision-maker-mismatch", "missing-police", "panel-below-quorum",
    ]  # fmt: skip

    domain = copy.deepcopy(base)
    domain["referral"]["safeguarding_authority"] = "E10000023"  # retired 2023-03-31
    domain["referral"]["child"]["date_of_birth"] = "2026-03-10"  # after the referral
    domain["history"] = []
    write_json(out / "bad-domain.json", domain)
    expectations["bad-domain.json"] = ["authority-code-not-in-use", "referred-before-birth"]

    retired = copy.deepcopy(base)
    retired["referral"]["safeguarding_authority"] = "E10000023"
    retired["history"] = []
    write_json(out / "retired-authority.json", retired)
    expectations["retired-authority.json"] = ["authority-code-not-in-use"]

    refusals = lifecycle_refusals()
    write_jsonl(out / "lifecycle-refusals.jsonl", [document for _, document in refusals])
    expectations["lifecycle-refusals.jsonl"] = sorted(
        {code for codes, _ in refusals for code in codes}
    )

    more = more_problems(base)
    write_jsonl(out / "more-problems.jsonl", [document for _, document in more])
    expectations["more-problems.jsonl"] = sorted({code for codes, _ in more for code in codes})
    (out / "duplicate-key.json").write_text('{"format": "nrm-core/case", "format": "x"}\n', "utf-8")
    expectations["duplicate-key.json"] = ["duplicate-key"]
    (out / "deep.json").write_text("[" * 5000 + "]" * 5000 + "\n", "utf-8")
    expectations["deep.json"] = ["too-deep"]
    (out / "bad-header.csv").write_text("referral_id,colour\nR-1,blue\n", "utf-8")
    expectations["bad-header.csv"] = ["missing-column", "unknown-column"]
    with (out / "extra-cells.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerow([*CSV_ROWS[0], "an extra cell"])
    expectations["extra-cells.csv"] = ["invalid-csv"]

    (out / "broken.json").write_text('{"format": "nrm-core/case", "version": 2,', "utf-8")
    expectations["broken.json"] = ["invalid-json"]
    (out / "empty.jsonl").write_text("", "utf-8")
    expectations["empty.jsonl"] = ["empty-file"]
    (out / "latin-1.jsonl").write_bytes(
        json.dumps(base, ensure_ascii=False).replace("Fictional", "Fictíonal").encode("latin-1")
        + b"\n"
    )
    expectations["latin-1.jsonl"] = ["invalid-encoding"]
    write_csv(out / "bad-referrals.csv", BAD_CSV_ROWS)
    expectations["bad-referrals.csv"] = [
        "invalid-date",
        "wrong-type",
        "invalid-enum",
        "authority-code-unknown",
    ]
    return expectations


def more_problems(base: dict[str, Any]) -> list[tuple[list[str], dict[str, Any]]]:
    """One document per remaining format or domain problem."""
    cases: list[tuple[list[str], dict[str, Any]]] = []

    def bad(codes: list[str], change: Any) -> None:
        document = copy.deepcopy(base)
        document["referral"]["referral_id"] = f"R-MORE-{len(cases) + 1}"
        change(document)
        cases.append((codes, document))

    def referral(document: dict[str, Any]) -> dict[str, Any]:
        part: dict[str, Any] = document["referral"]
        return part

    bad(["unsupported-format"], lambda d: d.update(format="nrm-core/referral"))
    bad(["unsupported-version"], lambda d: d.update(version=3))
    bad(["empty-value"], lambda d: referral(d)["child"].update(child_id=""))
    bad(["too-long"], lambda d: referral(d)["first_responder"].update(
        organisation="other", other_name="x" * 10_001))  # fmt: skip
    bad(["duplicate-value"], lambda d: referral(d)["exploitation"].update(
        types=["forced-to-work", "forced-to-work"]))  # fmt: skip
    bad(["invalid-identifier"], lambda d: referral(d).update(referral_id="R 1 (Smith)"))
    bad(["invalid-gss-code"], lambda d: referral(d).update(safeguarding_authority="Cardiff"))
    bad(["invalid-format"], lambda d: d["history"][0]["reasons"][0].update(code="Not A Code"))
    bad(["other-name-required"], lambda d: referral(d)["first_responder"].update(
        organisation="other"))  # fmt: skip
    bad(["other-name-not-allowed"], lambda d: referral(d)["first_responder"].update(
        other_name="South Wales Police"))  # fmt: skip
    bad(["wrong-type"], lambda d: d["history"][0].update(on=20260303))
    bad(["duplicate-id"], lambda d: d["history"][1]["panel"]["members"].append(
        d["history"][1]["panel"]["members"][0]))  # fmt: skip
    bad(["unknown-chair"], lambda d: d["history"][1]["panel"].update(chair_id="NOBODY"))
    bad(
        ["before-nrm", "authority-code-not-in-use", "route-differs"],
        lambda d: (
            referral(d).update(referred_on="2008-06-01"),
            referral(d)["child"].update(date_of_birth="1995-01-01", age_basis="disputed"),
        ),
    )
    bad(["not-a-child-on-referral", "route-differs"], lambda d: referral(d)["child"].update(
        date_of_birth="2000-01-01"))  # fmt: skip
    bad(["invalid-value"], lambda d: d["history"][1]["by"].update(site_id=None))
    return cases


def lifecycle_refusals() -> list[tuple[list[str], dict[str, Any]]]:
    """One case per lifecycle or panel rule: a valid history plus one refused event."""
    ref = example_referral()
    panel = example_panel()
    pilot = apply(Case(ref), route(ref, D(2026, 3, 3)).to_event())
    maker = DecisionMaker.panel("P1-01")
    surrey = attrs.evolve(ref, safeguarding_authority="E10000030")  # not in the pilot
    sca = apply(Case(surrey), route(surrey).to_event())
    rg_neg = run(pilot, DecisionMade(D(2026, 3, 20), stage=RG, outcome=NEG, by=maker, panel=panel))
    rg_pos = run(pilot, DecisionMade(D(2026, 3, 20), stage=RG, outcome=POS, by=maker, panel=panel))
    rg_pos_served = run(rg_pos, ScaReviewAgreed(D(2026, 3, 23)), DecisionServed(D(2026, 3, 24)))
    sca_neg = run(
        sca,
        DecisionMade(D(2026, 3, 9), stage=RG, outcome=NEG, by=SCA),
        DecisionServed(D(2026, 3, 9)),
    )
    reconsidered = run(
        sca_neg,
        ReconsiderationRequested(D(2026, 3, 20)),
        ReconsiderationAccepted(D(2026, 3, 27)),
        DecisionMade(D(2026, 4, 10), stage=RG, outcome=NEG, by=SCA),
        DecisionServed(D(2026, 4, 10)),
    )

    def bad(
        case: Case, event: dict[str, Any], codes: list[str]
    ) -> tuple[list[str], dict[str, Any]]:
        document = unstructure(case)
        document["referral"]["referral_id"] = f"R-RULE-{len(cases) + 1}"
        document["history"].append(event)
        cases.append((codes, document))
        return cases[-1]

    cases: list[tuple[list[str], dict[str, Any]]] = []
    panel_json = unstructure(panel)
    decision = {
        "event": "decision-made",
        "on": "2026-03-20",
        "stage": "reasonable-grounds",
        "outcome": "positive",
        "by": {"kind": "pilot-panel", "site_id": "P1-01"},
    }
    bad(Case(ref), {"event": "decision-served", "on": "2026-03-03"}, ["no-such-transition"])
    bad(pilot, {"event": "withdrawn", "on": "2026-03-01"},
        ["event-before-referral", "event-before-previous", "withdrawal-needs-reason"])  # fmt: skip
    bad(sca, {**decision, "panel": panel_json},
        ["decision-maker-mismatch", "site-does-not-cover-authority"])  # fmt: skip
    bad(pilot, {**decision, "panel": None}, ["panel-invalid"])
    members = [m for m in panel_json["members"] if m["role"] != "health"]
    conflicted = dict(members[1], declared_conflicts=["R-RULE-5"])
    bad(pilot, {**decision, "panel": {**panel_json, "members": [members[0], conflicted],
        "lead_social_worker_id": "LA-07", "ictg_invited": False}},
        ["member-conflict-of-interest", "missing-health", "missing-police",
         "chair-is-lead-social-worker", "ictg-not-invited", "panel-below-quorum"])  # fmt: skip
    combined = {"event": "combined-decision-made", "on": "2026-03-20", "cg_outcome": "positive"}
    sca_maker = {"kind": "sca", "site_id": None}
    bad(sca, {**combined, "by": sca_maker}, ["combined-decision-pilot-only"])
    sca_pending = run(sca, DecisionMade(D(2026, 3, 9), stage=RG, outcome=NEG, by=SCA))
    bad(sca_pending, {"event": "sca-review-agreed", "on": "2026-03-10"},
        ["sca-review-not-applicable"])  # fmt: skip
    reviewed = run(rg_neg, ScaReviewAgreed(D(2026, 3, 25)))
    bad(reviewed, {"event": "sca-review-agreed", "on": "2026-03-26"},
        ["sca-review-already-recorded"])  # fmt: skip
    bad(rg_neg, {"event": "decision-served", "on": "2026-03-21"},
        ["negative-pilot-decision-not-reviewed"])  # fmt: skip
    bad(rg_pos, {"event": "decision-served", "on": "2026-03-21"},
        ["positive-pilot-decision-not-reviewed"])  # fmt: skip
    bad(sca, {"event": "transferred-to-sca", "on": "2026-03-10", "reasons": [
        {"code": "age-disputed-or-uncertain", "message": "the age is now disputed"}]},
        ["transfer-not-from-pilot"])  # fmt: skip
    bad(reconsidered, {"event": "reconsideration-requested", "on": "2026-04-20"},
        ["further-reconsideration-needs-reasons"])  # fmt: skip
    bad(rg_pos_served, {"event": "turned-eighteen", "on": "2026-04-01"}, ["not-yet-eighteen"])
    older = Case(attrs.evolve(ref, child=attrs.evolve(ref.child, date_of_birth=D(2008, 4, 1))),
                 sca.history)  # fmt: skip
    turned = run(older, TurnedEighteen(D(2026, 4, 1)), ConsentedToContinue(D(2026, 4, 2)))
    bad(turned, {"event": "turned-eighteen", "on": "2026-04-03"},
        ["turned-eighteen-already-recorded"])  # fmt: skip
    no_la = [
        m for m in panel_json["members"] if m["role"] != "local-authority-childrens-social-care"
    ]
    bad(pilot, {**decision, "panel": {**panel_json, "members": no_la, "chair_id": "POL-3"}},
        ["missing-local-authority-childrens-social-care", "panel-below-quorum"])  # fmt: skip
    at_18 = run(older, TurnedEighteen(D(2026, 4, 1)))
    bad(at_18, {"event": "withdrawn", "on": "2026-04-03", "reason": "child-request"},
        ["withdrawal-reason-at-18"])  # fmt: skip
    bad(pilot, {"event": "merged", "on": "2026-03-05", "into": f"R-RULE-{len(cases) + 1}"},
        ["merged-into-itself"])  # fmt: skip
    considered = run(pilot, PodConsidered(D(2026, 3, 4)))
    bad(considered, {"event": "pod-considered", "on": "2026-03-05"}, ["pod-already-open"])
    bad(pilot, {"event": "pod-applied", "on": "2026-03-05", "ground": "bad-faith"},
        ["pod-not-under-consideration", "pod-requires-positive-rg"])  # fmt: skip
    hull = Case(attrs.evolve(ref, safeguarding_authority="E06000010"))
    bad(hull, {"event": "routed-to-panel", "on": "2026-03-03", "site_id": "P1-01"},
        ["site-does-not-cover-authority"])  # a Cardiff panel for a Hull child  # fmt: skip
    bad(Case(ref), {"event": "routed-to-sca", "on": "2026-03-03"},
        ["sca-route-needs-override"])  # the rules give P1-01: say why  # fmt: skip
    return cases


def main() -> None:
    valid = HERE / "valid"
    write_json(valid / "pilot-case.json", unstructure(pilot_case()))
    write_jsonl(valid / "cases.jsonl", [unstructure(case) for case in valid_cases()])
    write_csv(valid / "referrals.csv", CSV_ROWS)
    expectations = invalid_files()
    write_json(
        HERE / "expectations.json",
        {name: sorted(codes) for name, codes in sorted(expectations.items())},
    )


if __name__ == "__main__":
    main()
