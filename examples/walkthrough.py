"""Walk one fictional referral in a pilot site through the NRM lifecycle.

Run it with:  python examples/walkthrough.py

Every step prints the case's state and what may happen next; one step is
deliberately refused to show how nrm_core explains a refusal.
"""

from __future__ import annotations

import datetime as dt

from nrm_core import (
    Case,
    CombinedDecisionMade,
    DecisionMade,
    DecisionMaker,
    DecisionServed,
    Event,
    Outcome,
    Panel,
    PanelMember,
    PanelRole,
    ScaReviewAgreed,
    Stage,
    TransitionRefused,
    apply,
    available_events,
    deadlines_for,
    route,
)
from nrm_core.samples import example_referral


def show(step: str, case: Case) -> None:
    nxt = ", ".join(kind.value for kind in available_events(case)[:6])
    print(f"{step:<46} state: {case.state.value:<30} next: {nxt}, ...")


def main() -> None:
    referral = example_referral()
    print(
        f"Referral {referral.referral_id} for {referral.child}, referred on "
        f"{referral.referred_on} by {referral.first_responder.organisation.value}, "
        f"authority {referral.safeguarding_authority} ({referral.nation.value})\n"
    )
    cardiff = DecisionMaker.panel("P1-01")
    panel = Panel(
        site_id="P1-01",
        members=(
            PanelMember(
                "LA-07",
                role=PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE,
                organisation="Cardiff Council",
            ),
            PanelMember("POL-3", role=PanelRole.POLICE, organisation="South Wales Police"),
            PanelMember(
                "HLT-2",
                role=PanelRole.HEALTH,
                organisation="Cardiff and Vale University Health Board",
            ),
        ),
        chair_id="LA-07",
        lead_social_worker_id="SW-19",
        child_has_ictg=True,
        ictg_invited=True,
    )
    case = Case(referral)
    show("referral received", case)

    routing = route(referral, dt.date(2026, 3, 3))
    print(f"\nWho decides? {routing.decision_maker} (in the pilot's scope: {routing.in_scope})")
    for check in routing.checks:
        mark = "ok " if check.passed else "NO "
        print(f"  {mark} [{check.code}] {check.message}")
    for note in routing.notes:
        print(f"  note [{note.code}] {note.message}")
    print()

    steps: list[tuple[str, Event]] = [
        ("routed to the Cardiff pilot panel", routing.to_event()),
        (
            "panel: RG positive",
            DecisionMade(
                dt.date(2026, 3, 20),
                stage=Stage.REASONABLE_GROUNDS,
                outcome=Outcome.POSITIVE,
                by=cardiff,
                panel=panel,
            ),
        ),
        ("(refused) served before SCA review", DecisionServed(dt.date(2026, 3, 21))),
        ("SCA reviews the positive decision", ScaReviewAgreed(dt.date(2026, 3, 23))),
        ("Home Office serves the RG decision", DecisionServed(dt.date(2026, 3, 24))),
        (
            "panel: CG negative",
            DecisionMade(
                dt.date(2026, 5, 5),
                stage=Stage.CONCLUSIVE_GROUNDS,
                outcome=Outcome.NEGATIVE,
                by=cardiff,
                panel=panel,
            ),
        ),
        ("(refused) served before SCA review", DecisionServed(dt.date(2026, 5, 6))),
        ("SCA reviews the negative decision", ScaReviewAgreed(dt.date(2026, 5, 12))),
        ("Home Office serves the CG decision", DecisionServed(dt.date(2026, 5, 14))),
    ]
    for label, event in steps:
        try:
            case = apply(case, event)
        except TransitionRefused as refusal:
            print(f"{label:<46} REFUSED:")
            for reason in refusal.reasons:
                print(f"    [{reason.code}] {reason.message}\n      rule: {reason.citation}")
            continue
        show(label, case)

    print("\nDecisions:")
    for decision in case.decisions:
        print(
            f"  {decision.stage.abbreviation} {decision.outcome.value:<8} decided "
            f"{decision.decided_on} by {decision.decided_by}; SCA review "
            f"{decision.sca_reviewed_on or '-'}; served {decision.served_on}"
        )

    print("\nDeadlines on 2026-04-10, while the child waited for the CG decision:")
    waiting = deadlines_for(case, dt.date(2026, 4, 10))
    for item in waiting.checks:
        print(f"  {item.status.value:<8} {item.deadline}")
        print(f"           rule: {item.deadline.rule}; source: {item.deadline.citation}")
    print(f"  waited {waiting.days_waited} days for: {waiting.waiting_for}")

    combined = CombinedDecisionMade(
        dt.date(2026, 3, 20), cg_outcome=Outcome.POSITIVE, by=cardiff, panel=panel
    )
    other = apply(apply(Case(referral), routing.to_event()), combined)
    print(f"\nA pilot panel may also decide RG and CG at one meeting: {other.state.value}")


if __name__ == "__main__":
    main()
