"""Routing referrals to pilot panels or the SCA: table-driven and boundary tests."""

import datetime as dt
import itertools
import json

import attrs
import pytest

from nrm_core import (
    AgeBasis,
    Case,
    DecisionMaker,
    InvalidValueError,
    Nation,
    PodConsidered,
    PodStatus,
    RoutedToSca,
    Rules,
    State,
    TransferredToSca,
    TransitionRefused,
    apply,
)
from nrm_core.dateranges import DateRange
from nrm_core.eligibility import route, transfer_if_out_of_scope
from nrm_core.policy import DayCount, Duration, SiteStartReading
from nrm_core.registry import (
    AuthorityRegister,
    RegistryFileError,
    SiteRegistry,
    UnknownAuthorityError,
)
from nrm_core.samples import example_referral

BUNDLED = Rules.bundled()

D = dt.date
SITES = SiteRegistry.bundled()
AUTHORITIES = AuthorityRegister.bundled()


ON = D(2022, 1, 10)
DOB = D(2010, 5, 17)


def referral(code="W06000015", on=ON, dob=DOB, **changes):
    base = example_referral()
    child = attrs.evolve(base.child, date_of_birth=dob, **changes.pop("child", {}))
    return attrs.evolve(base, safeguarding_authority=code, referred_on=on, child=child, **changes)


PHASE_ONE = [
    ("W06000015", "P1-01"),  # Cardiff
    ("S12000049", "P1-02"),  # Glasgow
    ("E06000010", "P1-03"),  # Hull
    ("E09000002", "P1-04"),  # Barking and Dagenham
    ("E09000019", "P1-05"),  # Islington
    ("E09000007", "P1-05"),  # Camden
    ("W06000022", "P1-06"),  # Newport
    ("W06000020", "P1-06"),  # Torfaen
    ("W06000019", "P1-06"),  # Blaenau Gwent
    ("W06000021", "P1-06"),  # Monmouthshire
    ("W06000018", "P1-06"),  # Caerphilly
    ("E06000013", "P1-07"),  # North Lincolnshire
    ("E06000012", "P1-07"),  # North East Lincolnshire
    ("E10000023", "P1-08"),  # North Yorkshire County Council (until 2023-03-31)
    ("E06000014", "P1-08"),  # York
    ("E09000020", "P1-09"),  # Kensington and Chelsea
    ("E09000033", "P1-09"),  # Westminster
    ("E08000029", "P1-10"),  # Solihull
]


@pytest.mark.parametrize(("code", "site_id"), PHASE_ONE)
def test_every_phase_one_member_routes_to_its_site(code, site_id):
    result = route(referral(code))
    assert result.in_scope, result.exclusions
    assert result.decision_maker == DecisionMaker.panel(site_id)
    assert result.site is not None
    assert result.site.site_id == site_id
    assert all(check.citation is not None for check in result.checks)


def test_phase_one_has_ten_sites_and_eighteen_authorities():
    assert len({site for _, site in PHASE_ONE}) == 10
    assert len({code for code, _ in PHASE_ONE}) == 18


@pytest.mark.parametrize(
    ("code", "on", "site_id", "codes"),
    [
        ("E10000023", D(2023, 3, 31), "P1-08", []),
        ("E10000023", D(2023, 4, 1), None, ["authority-code-not-in-use", "site-not-operating"]),
        ("E06000065", D(2023, 4, 1), "P1-08", []),
        ("E06000065", D(2023, 3, 31), None, ["authority-code-not-in-use", "site-not-operating"]),
    ],
)
def test_north_yorkshire_code_succession(code, on, site_id, codes):
    result = route(referral(code, on=on))
    assert [reason.code for reason in result.exclusions] == codes
    expected = DecisionMaker.panel(site_id) if site_id else DecisionMaker.sca()
    assert result.decision_maker == expected


def test_a_case_referred_before_its_code_was_retired_is_read_through_its_successor():
    # Referred with North Yorkshire's county code while it was in use: after the unitary
    # council replaced it (1 April 2023) the rules said the code was "not in use" and gave the
    # SCA, so transfer_if_out_of_scope moved a panel's case to the SCA and validation queried
    # a later route to the panel, while the panel's own check (site-covers) followed the
    # successor and accepted its decisions.
    before = referral("E10000023", on=D(2023, 3, 30))
    later = route(before, D(2023, 4, 3))
    assert later.decision_maker == DecisionMaker.panel("P1-08")
    [in_use] = [c for c in later.checks if c.location == "authority"]
    assert in_use.passed
    assert "E06000065" in in_use.message
    assert "replaced since" in in_use.message
    assert in_use.citation.confidence.value == "unverified"  # nrm_core's reading, said so
    case = apply(Case(before), route(before).to_event())
    assert transfer_if_out_of_scope(case, D(2023, 5, 2)) is None
    # A route to the SCA after the change is against the rules like any pilot child's.
    with pytest.raises(TransitionRefused) as refused:
        apply(Case(before), RoutedToSca(D(2023, 4, 3)))
    assert refused.value.codes == ("sca-route-needs-override",)


def test_a_code_split_between_two_councils_is_not_followed():
    # Cumbria (E10000006) became Cumberland and Westmorland and Furness: which one is the
    # child's is not known, so the code is read as it is (not in use after 1 April 2023).
    result = route(referral("E10000006", on=D(2023, 3, 30)), D(2023, 4, 3))
    assert [r.code for r in result.exclusions][:1] == ["authority-code-not-in-use"]
    assert result.decision_maker == DecisionMaker.sca()


def test_retired_code_names_its_successor():
    result = route(referral("E10000023", on=D(2024, 1, 1)))
    reason = result.exclusions[0]
    assert "E06000065" in reason.message
    assert ("successors", "E06000065") in reason.inputs


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("W06000015", D(2021, 6, 13), ["pilot-not-started", "site-not-operating"]),
        ("W06000015", D(2021, 6, 14), []),
        ("E08000025", D(2025, 8, 31), ["site-not-operating"]),  # Birmingham, 2025 expansion
        ("E08000025", D(2025, 9, 1), []),
        ("N92000002", D(2025, 10, 1), []),  # Northern Ireland, a whole-nation site
        ("N92000002", D(2024, 10, 1), ["site-not-operating"]),
        ("E10000030", D(2024, 10, 1), ["authority-not-in-pilot"]),  # Surrey
    ],
)
def test_dates_before_and_after_sites_started(code, on, expected):
    result = route(referral(code, on=on))
    assert [reason.code for reason in result.exclusions] == expected
    if not expected:
        assert result.decision_maker.is_pilot_panel


def test_approximate_start_is_a_note_not_an_exclusion():
    # Phase 3 decision-making began "autumn 2025" (Home Office, 3 September 2025): the start
    # is stored as a season and every referral inside it gets a note, not a certainty.
    result = route(referral("E08000025", on=D(2025, 9, 3)))
    assert result.in_scope
    assert [note.code for note in result.notes] == ["site-start-unverified"]
    assert "between 2025-09-01 and 2025-11-30" in result.notes[0].message
    assert [n.code for n in route(referral("E08000025", on=D(2025, 11, 30))).notes] == [
        "site-start-unverified"
    ]
    assert not route(referral("E08000025", on=D(2025, 12, 1))).notes
    assert not route(referral("E08000025", on=D(2025, 8, 31))).in_scope


def test_phase_two_began_between_february_and_april_2023():
    # Annex (November 2023): phase 2 "between February and April 2023".
    site = SITES.get("P2-x1")
    assert site.start_window == DateRange(D(2023, 2, 1), D(2023, 5, 1))
    code = site.members[0].gss_code
    assert not route(referral(code, on=D(2023, 1, 31))).in_scope
    inside = route(referral(code, on=D(2023, 4, 30)))
    assert inside.in_scope
    assert [n.code for n in inside.notes] == ["site-start-unverified"]
    assert not route(referral(code, on=D(2023, 5, 1))).notes


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("2024-03-05", None),
        ("2024-03", (D(2024, 3, 1), D(2024, 4, 1))),
        ("2024-11..2025-01", (D(2024, 11, 1), D(2025, 2, 1))),
        ("2024-Q4", (D(2024, 10, 1), D(2025, 1, 1))),
        ("2024-winter", (D(2024, 12, 1), D(2025, 3, 1))),
        ("2024", (D(2024, 1, 1), D(2025, 1, 1))),
    ],
)
def test_site_start_precisions(text, window):
    document = {
        "sites": [
            {
                "site_id": "X-1",
                "name": "Example",
                "nation": "england",
                "start": text,
                "members": [{"gss_code": "E06000001", "role": "lead"}],
            }
        ]
    }
    site = SiteRegistry.from_json(json.dumps(document)).get("X-1")
    expected = None if window is None else DateRange(*window)
    assert site.start_window == expected
    assert site.operating.start == (window[0] if window else D(2024, 3, 5))


def test_bad_site_starts_are_listed():
    document = {
        "sites": [
            {"site_id": f"X-{i}", "name": "Example", "nation": "england", "start": start,
             "members": [{"gss_code": "E06000001", "role": "lead"}]}
            for i, start in enumerate(["2024-13", "2024-Q5", "2024-05..2024-02", "soon"])
        ]
    }  # fmt: skip
    with pytest.raises(RegistryFileError) as error:
        SiteRegistry.from_json(json.dumps(document))
    assert len(error.value.problems) == 4


class TestAgeBoundary:
    # dob 2010-05-17: 18th birthday 2028-05-17.
    @pytest.mark.parametrize(
        ("on", "in_scope"),
        [
            (D(2028, 2, 6), True),  # 101 days before
            (D(2028, 2, 7), False),  # 100 days before: out
            (D(2028, 5, 16), False),  # the day before the 18th birthday
        ],
    )
    def test_more_than_100_days(self, on, in_scope):
        result = route(referral(on=on))
        assert result.in_scope is in_scope
        if not in_scope:
            assert [r.code for r in result.exclusions] == ["within-age-cutoff"]

    def test_on_the_18th_birthday(self):
        result = route(referral(on=D(2028, 5, 17)))
        assert [r.code for r in result.exclusions] == [
            "not-a-child-on-referral",
            "within-age-cutoff",
        ]

    def test_leap_day_birthday_uses_policy(self):
        # dob 2008-02-29 in England: 18th birthday 2026-03-01 by default.
        result = route(referral("E09000002", on=D(2025, 11, 20), dob=D(2008, 2, 29)))
        check = next(c for c in result.checks if c.location == "age-cutoff")
        assert ("days_before_18", "101") in check.inputs


EXCLUSIONS = {
    "age": ({"child": {"age_basis": AgeBasis.DISPUTED}}, "age-disputed-or-uncertain"),
    "pod": ({"pod_status": PodStatus.UNDER_CONSIDERATION}, "pod-under-consideration"),
    "pod-applied": ({"pod_status": PodStatus.APPLIED}, "pod-applied"),
    "area": ({"code": "E10000030"}, "authority-not-in-pilot"),
    "late": ({"on": D(2028, 3, 1)}, "within-age-cutoff"),
}


@pytest.mark.parametrize(
    "combo",
    [
        combo
        for size in (1, 2, 3)
        for combo in itertools.combinations(EXCLUSIONS, size)
        if not {"pod", "pod-applied"} <= set(combo)
    ],
)
def test_every_exclusion_alone_and_in_combination_is_listed(combo):
    # On a day when every exclusion was in force (the age and POD exclusions began in 2022
    # and 2023: see test_exclusions_apply_from_their_own_dates).
    changes: dict = {"on": D(2024, 1, 10)}
    for name in combo:
        for key, value in EXCLUSIONS[name][0].items():
            if key == "child":
                changes.setdefault("child", {}).update(value)
            else:
                changes[key] = value
    result = route(referral(**changes))
    assert result.decision_maker == DecisionMaker.sca()
    assert not result.in_scope
    assert {r.code for r in result.exclusions} == {EXCLUSIONS[name][1] for name in combo}
    assert len(result.checks) == 6, "every rule is reported, passed or not"


def test_what_if_without_the_100_day_exclusion():
    close_to_18 = referral(on=D(2028, 3, 1))
    citation = BUNDLED.policy.pilot_age_cutoff.values[0].citation
    what_if = BUNDLED.with_value("pilot_age_cutoff", Duration(0, DayCount.CALENDAR_DAYS), citation)
    assert route(close_to_18).decision_maker == DecisionMaker.sca()
    assert route(close_to_18, rules=what_if).decision_maker == DecisionMaker.panel("P1-01")
    # A child far from 18 is routed the same way under both.
    far = referral()
    assert route(far).decision_maker == route(far, rules=what_if).decision_maker


def test_route_becomes_a_lifecycle_event():
    result = route(referral("E10000030"))
    event = result.to_event()
    assert isinstance(event, RoutedToSca)
    assert {r.code for r in event.reasons} >= {"authority-not-in-pilot"}
    case = apply(Case(referral("E10000030")), event)
    assert case.state is State.AWAITING_RG
    assert case.decision_maker == DecisionMaker.sca()


class TestTransfers:
    # After the age (about July 2022) and POD (January 2023) exclusions came into force.
    def pilot_case(self):
        ref = referral(on=D(2024, 1, 10))
        return apply(Case(ref), route(ref).to_event())

    def test_still_in_scope(self):
        assert transfer_if_out_of_scope(self.pilot_case(), D(2024, 2, 1)) is None

    def test_age_dispute_raised(self):
        transfer = transfer_if_out_of_scope(
            self.pilot_case(), D(2024, 2, 1), age_basis=AgeBasis.DISPUTED
        )
        assert isinstance(transfer, TransferredToSca)
        assert [r.code for r in transfer.reasons] == ["age-disputed-or-uncertain"]
        moved = apply(self.pilot_case(), transfer)
        assert moved.decision_maker == DecisionMaker.sca()

    def test_disqualification_considered(self):
        case = apply(self.pilot_case(), PodConsidered(D(2024, 2, 1)))
        transfer = transfer_if_out_of_scope(case, D(2024, 2, 2))
        assert transfer is not None
        assert [r.code for r in transfer.reasons] == ["pod-under-consideration"]

    def test_responsibility_moves_out_of_the_pilot(self):
        transfer = transfer_if_out_of_scope(
            self.pilot_case(), D(2024, 2, 1), safeguarding_authority="E10000030"
        )
        assert transfer is not None
        assert [r.code for r in transfer.reasons] == ["authority-not-in-pilot"]

    def test_responsibility_moves_to_another_site(self):
        transfer = transfer_if_out_of_scope(
            self.pilot_case(), D(2024, 2, 1), safeguarding_authority="S12000049"
        )
        assert transfer is not None
        assert [r.code for r in transfer.reasons] == ["authority-in-another-site"]

    def test_sca_case_is_never_transferred(self):
        ref = referral("E10000030", on=D(2024, 1, 10))
        case = apply(Case(ref), route(ref).to_event())
        assert transfer_if_out_of_scope(case, D(2024, 2, 1), age_basis=AgeBasis.DISPUTED) is None


class TestRegisters:
    def test_lookup_errors(self):
        with pytest.raises(InvalidValueError, match="not a GSS code"):
            AUTHORITIES.get("Cardiff")
        with pytest.raises(UnknownAuthorityError):
            AUTHORITIES.get("E99999999")
        assert "N92000002" in AUTHORITIES
        assert AUTHORITIES.get("N92000002").nation is Nation.NORTHERN_IRELAND

    def test_transitive_successors(self):
        lookup = AUTHORITIES.lookup("E10000021", D(2022, 1, 1))  # Northamptonshire
        assert sorted(a.gss_code for a in lookup.successors) == ["E06000061", "E06000062"]
        assert not AUTHORITIES.lookup("E06000061", D(2021, 3, 31)).valid

    def test_bundled_sites(self):
        assert len(SITES.sites) == 20
        ni = SITES.get("P3-04")
        assert ni.kind.value == "whole-nation"
        with pytest.raises(KeyError, match="P9-99"):
            SITES.get("P9-99")

    def test_council_adds_a_site_from_csv(self):
        csv_text = (
            "site_id,site_name,phase,site_start,gss_code,authority_name,council_name,nation,role,"
            "member_valid_from,member_valid_to,source_url,confidence,notes\n"
            "P2-07,Example Borough,2,2023-03-01,E06000001,Hartlepool,Hartlepool BC,England,lead,"
            ",,https://example.org,high,\n"
        )
        local = SiteRegistry.from_csv(csv_text)
        merged = SITES.merged(local)
        assert len(merged.sites) == 21
        result = route(referral("E06000001", on=D(2023, 3, 1)), rules=BUNDLED.with_sites(merged))
        assert result.decision_maker == DecisionMaker.panel("P2-07")
        assert route(referral("E06000001", on=D(2023, 3, 1))).decision_maker.kind.value == "sca"

    def test_council_corrects_a_site_from_json(self):
        document = {
            "sites": [
                {
                    "site_id": "P3-01",
                    "name": "Birmingham",
                    "nation": "england",
                    "start": "2025-10-06",
                    "members": [{"gss_code": "E08000025", "role": "lead"}],
                }
            ]
        }
        corrected = SITES.merged(SiteRegistry.from_json(json.dumps(document)))
        rules = BUNDLED.with_sites(corrected)
        assert not route(referral("E08000025", on=D(2025, 9, 15)), rules=rules).in_scope
        assert route(referral("E08000025", on=D(2025, 10, 6)), rules=rules).in_scope
        assert not corrected.get("P3-01").start_approximate

    def test_file_errors_are_all_reported(self):
        bad = (
            "site_id,site_name,phase,site_start,gss_code,authority_name,council_name,nation,role,"
            "member_valid_from,member_valid_to,source_url,confidence,notes\n"
            "A,A,1,June,E06000001,x,x,England,lead,,,,,\n"
            "B,B,1,2023,Cardiff,x,x,Wales,lead,,,,,\n"
            "C,C,1,2023,W06000015,x,x,Atlantis,lead,,,,,\n"
        )
        with pytest.raises(RegistryFileError) as info:
            SiteRegistry.from_csv(bad, source="council.csv")
        assert len(info.value.problems) == 3
        assert "council.csv" in str(info.value)
        with pytest.raises(RegistryFileError):
            SiteRegistry.from_json("[]")


def test_exclusions_apply_from_their_own_dates():
    # The uncertain-age exclusion came with a pilot guidance update of about 1 July 2022
    # (gov.uk page history; date inferred, unverified); Public Order Disqualification exists
    # only from 30 January 2023 (NABA 2022 s.63, SI 2023/33 reg. 3).
    disputed = {"child": {"age_basis": AgeBasis.DISPUTED}}
    before = route(referral(on=D(2022, 6, 30), **disputed))
    assert before.in_scope
    age = next(c for c in before.checks if c.location == "age-determined")
    assert age.code == "age-uncertain-not-yet-excluded"
    assert age.citation.confidence.value == "unverified"
    after = route(referral(on=D(2022, 7, 1), **disputed))
    assert [r.code for r in after.exclusions] == ["age-disputed-or-uncertain"]

    pod = {"pod_status": PodStatus.UNDER_CONSIDERATION}
    assert route(referral(on=D(2023, 1, 29), **pod)).in_scope
    later = route(referral(on=D(2023, 1, 30), **pod))
    assert [r.code for r in later.exclusions] == ["pod-under-consideration"]
    citation = later.exclusions[0].citation
    assert citation.source.key == "S19"


def test_an_unknown_authority_is_not_routed():
    """No plain "SCA" for a code the register does not know: that is a data error (or an
    old register), not a decision about the child. A retired code is an ordinary check."""
    referral = attrs.evolve(example_referral(), safeguarding_authority="E08000039")
    with pytest.raises(UnknownAuthorityError) as error:
        route(referral)
    message = str(error.value)
    assert message.startswith("E08000039 is not an authority")
    assert "codes like it in the register:" in message
    assert "E08000037" in message
    retired = attrs.evolve(
        example_referral(), safeguarding_authority="E10000023", referred_on=D(2024, 5, 1)
    )
    result = route(retired)
    # Retired in 2023: the authority check fails (and the site check, as a consequence).
    assert [r.code for r in result.exclusions] == [
        "authority-code-not-in-use",
        "site-not-operating",
    ]


# --------------------------------------------------------------------------- issue 22
# Routes that contradict the rules: a panel whose site does not cover the child's authority
# is refused (the route and its decisions); a route to the SCA where the rules give a panel
# states its ground (a closed list, never free text).

HULL = "E06000010"


def _refused(case, event):
    from nrm_core import TransitionRefused, apply

    with pytest.raises(TransitionRefused) as info:
        apply(case, event)
    return info.value


def test_a_cardiff_panel_for_a_hull_child_is_refused_naming_the_rule_and_members():
    from nrm_core import Case, RoutedToPanel

    hull = attrs.evolve(example_referral(), safeguarding_authority=HULL)
    refusal = _refused(Case(hull), RoutedToPanel(dt.date(2026, 3, 2), "P1-01"))
    assert refusal.codes == ("site-does-not-cover-authority",)
    (reason,) = refusal.reasons
    assert "W06000015 (Cardiff)" in reason.message  # the site's members that day
    assert HULL in reason.message
    assert reason.citation is not None
    assert reason.citation.section == "§10"
    # the site that covers Hull is accepted
    from nrm_core import apply

    assert apply(Case(hull), RoutedToPanel(dt.date(2026, 3, 2), "P1-03")).decision_maker == (
        DecisionMaker.panel("P1-03")
    )


def test_routed_to_panel_is_not_offered_for_a_child_no_site_covers():
    from nrm_core import Case, EventKind, available_events

    surrey = attrs.evolve(example_referral(), safeguarding_authority="E10000030")
    assert EventKind.ROUTED_TO_PANEL not in available_events(Case(surrey))
    assert EventKind.ROUTED_TO_PANEL in available_events(Case(example_referral()))


def test_a_decision_by_a_panel_whose_site_no_longer_covers_the_child_is_refused():
    from nrm_core import Case, DecisionMade, Outcome, RoutedToPanel, Rules, SiteRegistry, Stage
    from nrm_core.dateranges import DateRange
    from nrm_core.samples import example_panel

    rules = Rules.bundled()
    cardiff = rules.sites.get("P1-01")
    ended = attrs.evolve(cardiff, operating=DateRange(cardiff.operating.start, dt.date(2026, 4, 1)))
    rules = rules.with_sites(rules.sites.merged(SiteRegistry((ended,))))
    case = Case(example_referral(), (RoutedToPanel(dt.date(2026, 3, 2), "P1-01"),), rules=rules)
    decision = DecisionMade(
        dt.date(2026, 4, 10),
        stage=Stage.REASONABLE_GROUNDS,
        outcome=Outcome.POSITIVE,
        by=DecisionMaker.panel("P1-01"),
        panel=example_panel(),
    )
    refusal = _refused(case, decision)
    assert refusal.codes == ("site-does-not-cover-authority",)
    assert "not operating" in refusal.reasons[0].message
    from nrm_core import apply

    assert apply(case, attrs.evolve(decision, on=dt.date(2026, 3, 20))).state.value == (
        "rg-positive-decided"
    )


def test_a_retired_code_is_covered_through_its_successor():
    # North Yorkshire's county code was replaced by the unitary council's on 2023-04-01; the
    # site lists the new code from then. A 2022 referral's panel still decides in 2023.
    from nrm_core import Case, DecisionMade, Outcome, RoutedToPanel, Stage, apply
    from nrm_core.samples import example_panel

    base = example_referral()
    referral = attrs.evolve(
        base,
        referred_on=dt.date(2022, 11, 1),
        safeguarding_authority="E10000023",
        child=attrs.evolve(base.child, date_of_birth=dt.date(2010, 5, 17)),
        first_responder=attrs.evolve(base.first_responder, nation=Nation.ENGLAND),
    )
    case = apply(Case(referral), RoutedToPanel(dt.date(2022, 11, 1), "P1-08"))
    decided = apply(
        case,
        DecisionMade(
            dt.date(2023, 5, 2),
            stage=Stage.REASONABLE_GROUNDS,
            outcome=Outcome.POSITIVE,
            by=DecisionMaker.panel("P1-08"),
            panel=example_panel("P1-08"),
        ),
    )
    assert decided.state.value == "rg-positive-decided"


def test_an_sca_route_against_the_rules_needs_its_ground_and_is_shown():
    from nrm_core import Case, RoutedToSca, apply, from_json, to_json
    from nrm_core.events import RouteOverride
    from nrm_core.io.validation import validate_text

    refusal = _refused(Case(example_referral()), RoutedToSca(dt.date(2026, 3, 2)))
    assert refusal.codes == ("sca-route-needs-override",)
    assert "pilot panel P1-01" in refusal.reasons[0].message
    assert "linked-case" in refusal.reasons[0].message  # the choices are listed
    assert refusal.reasons[0].citation is not None
    case = apply(
        Case(example_referral()),
        RoutedToSca(dt.date(2026, 3, 2), override=RouteOverride.LINKED_CASE),
    )
    assert str(case.decision_maker) == "SCA"
    text = case.explain(dt.date(2026, 3, 20))
    assert "against the routing rules, for the stated ground [linked-case]" in text
    assert from_json(to_json(case), Case) == case
    assert '"override": "linked-case"' in to_json(case)
    # validate: valid, and no route-differs query (the ground is stated)
    (record,) = validate_text(to_json(case))
    assert record.valid
    assert "route-differs" not in {p.code for p in record.problems}


def test_an_sca_route_the_rules_give_needs_no_override():
    from nrm_core import Case, PodConsidered, RoutedToSca, apply, to_json

    surrey = attrs.evolve(example_referral(), safeguarding_authority="E10000030")
    case = apply(Case(surrey), RoutedToSca(dt.date(2026, 3, 2)))
    assert "override" not in to_json(case)  # omitted when absent: files stay as they were
    # what the history recorded before the route counts: a disqualification being considered
    # takes a pilot child out of the pilot, so the SCA needs no stated ground
    considered = apply(Case(example_referral()), PodConsidered(dt.date(2026, 3, 2)))
    assert str(apply(considered, RoutedToSca(dt.date(2026, 3, 3))).decision_maker) == "SCA"


def test_validation_asks_about_a_route_with_the_facts_recorded_before_it():
    """The route check of validation reads the case as it stood at the route (a
    disqualification being considered, an age dispute), as the replay's guard does: it
    queried an SCA route the replay accepted, and let a panel route the rules exclude pass."""
    from nrm_core import AgeDisputed, Case, PodConsidered, RoutedToPanel, RoutedToSca, to_json
    from nrm_core.io.validation import validate_text

    def queried(*history: object) -> list[str]:
        case = Case(example_referral(), history)
        (record,) = validate_text(to_json(case))
        assert record.valid
        return [p.message for p in record.problems if p.code == "route-differs"]

    considered = PodConsidered(dt.date(2026, 3, 2))
    assert queried(considered, RoutedToSca(dt.date(2026, 3, 3))) == []
    assert queried(RoutedToPanel(dt.date(2026, 3, 3), "P1-01")) == []
    (message,) = queried(considered, RoutedToPanel(dt.date(2026, 3, 3), "P1-01"))
    assert "recorded as routed to pilot panel P1-01, but the routing rules give SCA" in message
    assert "pod-under-consideration" in message  # the reason: the fact recorded before
    disputed = AgeDisputed(dt.date(2026, 3, 2))
    (message,) = queried(disputed, RoutedToPanel(dt.date(2026, 3, 3), "P1-01"))
    assert "age" in message
    assert queried(disputed, RoutedToSca(dt.date(2026, 3, 3))) == []


def test_routed_by_the_rules_answers_for_a_route_as_the_case_stood():
    from nrm_core import Case, PodConsidered, RoutedToSca
    from nrm_core.errors import InvalidTypeError, InvalidValueError
    from nrm_core.lifecycle import routed_by_the_rules
    from nrm_core.referral import PodStatus

    considered = PodConsidered(dt.date(2026, 3, 2))
    case = Case(example_referral(), (considered, RoutedToSca(dt.date(2026, 3, 3))))
    then, maker = routed_by_the_rules(case, 1)
    assert str(maker) == "SCA"
    assert then.pod_status is PodStatus.UNDER_CONSIDERATION
    assert case.referral.pod_status is PodStatus.NONE  # the case's own referral is unchanged
    assert routed_by_the_rules(case, -1) == (then, maker)
    with pytest.raises(InvalidValueError, match=r"history\[0\] is a 'pod-considered' event"):
        routed_by_the_rules(case, 0)
    with pytest.raises(InvalidValueError, match="out of range"):
        routed_by_the_rules(case, 2)
    with pytest.raises(InvalidTypeError, match="expected an int"):
        routed_by_the_rules(case, True)


def test_an_override_is_a_closed_list_and_no_text_is_echoed():
    import json

    from nrm_core import Case, to_json
    from nrm_core.io.validation import validate_data
    from nrm_core.samples import example_referral as referral

    document = json.loads(to_json(Case(referral())))
    document["history"] = [
        {"event": "routed-to-sca", "on": "2026-03-02", "override": "Fictional Child is at risk"}
    ]
    case, problems = validate_data(document)
    assert case is None
    assert problems[0].code == "invalid-enum"
    assert problems[0].path == "$.history[0].override"
    assert not any("Fictional" in p.message for p in problems)
    from nrm_core import RoutedToSca

    with pytest.raises(TypeError):
        RoutedToSca(dt.date(2026, 3, 2), override="linked-case")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- fidelity, late 2026


def test_a_season_start_keeps_its_precision_in_the_register():
    # The 2025 sites are dated only "autumn 2025": the register keeps the season, not a day.
    site = SITES.get("P3-01")  # Birmingham
    period = site.start_period
    assert period is not None
    assert (period.given, period.precision.value) == ("2025-autumn", "season")
    assert (period.first_day, period.last_day) == (D(2025, 9, 1), D(2025, 11, 30))
    assert not period.exact
    assert "2025-autumn (a season" in str(period)
    # A start known to the day is exact, and has no window.
    document = {"sites": [{"site_id": "X-1", "name": "Example", "nation": "england",
                           "start": "2024-03-05",
                           "members": [{"gss_code": "E06000001", "role": "lead"}]}]}  # fmt: skip
    exact = SiteRegistry.from_json(json.dumps(document)).get("X-1")
    assert exact.start_period.exact
    assert exact.start_window is None


def test_a_site_start_before_the_pilot_is_refused_not_moved():
    document = {"sites": [{"site_id": "X-1", "name": "Example", "nation": "england",
                           "start": "2021-06-01",
                           "members": [{"gss_code": "E06000001", "role": "lead"}]}]}  # fmt: skip
    with pytest.raises(RegistryFileError, match="before the pilot began"):
        SiteRegistry.from_json(json.dumps(document))


def test_birmingham_on_2025_09_02_is_routed_with_its_start_unverified():
    # Done when: a Birmingham referral dated 2025-09-02 says the site's start is unverified.
    result = route(referral("E08000025", on=D(2025, 9, 2)))
    assert result.decision_maker == DecisionMaker.panel("P3-01")
    assert result.confidence.value == "unverified"
    (note,) = result.notes
    assert note.code == "site-start-unverified"
    assert note.citation is not None
    assert note.citation.confidence.value == "unverified"
    assert dict(note.inputs)["site_start"] == "2025-autumn"
    text = result.explain()
    assert "[site-start-unverified]" in text
    assert "confidence: unverified" in text
    assert "no start day is published" in text
    # The event that records the route carries the note.
    assert "site-start-unverified" in {r.code for r in result.to_event().reasons}
    # After the season, the start is no longer in doubt.
    later = route(referral("E08000025", on=D(2025, 12, 1)))
    assert later.confidence.value == "verified"
    assert not later.notes


def test_the_reading_of_a_season_start_is_a_policy_choice():
    citation = BUNDLED.policy.site_start_reading.values[0].citation
    last = BUNDLED.with_value("site_start_reading", SiteStartReading.LAST_DAY, citation)
    inside = route(referral("E08000025", on=D(2025, 9, 2)), rules=last)
    assert inside.decision_maker == DecisionMaker.sca()
    assert [r.code for r in inside.exclusions] == ["site-not-operating"]
    assert "last day (2025-11-30)" in inside.exclusions[0].message
    assert [n.code for n in inside.notes] == ["site-start-unverified"]  # still depends on it
    assert route(referral("E08000025", on=D(2025, 11, 30)), rules=last).in_scope
    # The routing rules evaluated lean (to re-check recorded routes) agree.
    from nrm_core.eligibility import decision_maker_for

    for day in (D(2025, 9, 2), D(2025, 11, 30)):
        r = referral("E08000025", on=day)
        assert decision_maker_for(r, day, rules=last) == route(r, rules=last).decision_maker


def test_a_start_in_doubt_is_noted_only_when_the_answer_depends_on_it():
    # 50 days before 18 on 2025-09-02: the SCA decides whenever Birmingham started.
    near_18 = referral("E08000025", on=D(2025, 9, 2), dob=D(2007, 10, 22))
    result = route(near_18)
    assert result.decision_maker == DecisionMaker.sca()
    assert not result.notes
    assert result.confidence.value == "verified"


def test_a_council_missing_from_the_incomplete_2023_list_is_told_so():
    surrey = route(referral("E10000030", on=D(2024, 10, 1)))
    assert [n.code for n in surrey.notes] == ["site-register-incomplete"]
    assert "2 of the 10 sites that joined between February and April 2023" in (
        surrey.notes[0].message
    )
    assert "Add or correct your site's registration" in surrey.notes[0].message
    assert surrey.confidence.value == "unverified"
    # Before phase 2 the list of sites is complete: no note.
    assert not route(referral("E10000030", on=D(2022, 10, 1))).notes
    # A register that names all ten phase-2 sites has no gap to report.
    rows = ["site_id,site_name,phase,site_start,gss_code,nation,role"] + [
        f"Q-{n},Site {n},2,2023-02..2023-04,{code},England,lead"
        for n, code in enumerate(["E06000001", "E06000002", "E06000003", "E06000004",
                                  "E06000005", "E06000006", "E06000007", "E06000008"])
    ]  # fmt: skip
    full = BUNDLED.with_sites(SITES.merged(SiteRegistry.from_csv("\n".join(rows))))
    assert not route(referral("E10000030", on=D(2024, 10, 1)), rules=full).notes


def test_a_child_already_18_is_told_so_not_zero_days():
    already = route(referral(on=D(2029, 9, 2)))
    cutoff = next(c for c in already.checks if c.location == "age-cutoff")
    assert not cutoff.message.startswith("0 days")
    assert cutoff.message.startswith("already 18")
    assert "18 on 2029-09-02" in already.explain()
    # Kept out of redacted text, of the check's message, of repr and of stored inputs.
    assert "18 on 2029" not in already.explain(redact=True)
    assert "18 on 2029" not in cutoff.message
    assert "18 on 2029" not in repr(already)
    assert "days_before_18" not in dict(cutoff.inputs)


def test_the_routing_rules_are_one_table_explained_and_lean():
    """route() is ROUTING_CHECKS explained: one finding a rule, located at it, passed or
    not as the rule's lean test says; the lean re-check builds no finding, whether the
    rules hold or one fails."""
    from nrm_core import eligibility
    from nrm_core.eligibility import ROUTING_CHECKS, RouteSubject, decision_maker_for

    pilot, surrey = example_referral(), referral("E10000030")
    rules = ["child", "age-cutoff", "age-determined", "no-pod", "authority", "pilot-site"]
    passed = {  # the finding of each rule that passed, as the guidance words it
        "child": "child-on-referral",
        "age-cutoff": "before-age-cutoff",
        "age-determined": "age-determined",
        "no-pod": "no-pod",
        "authority": "authority-code-in-use",
        "pilot-site": "pilot-site-member",
    }
    for ref, failed in (
        (pilot, {}),
        (surrey, {"pilot-site": "authority-not-in-pilot"}),
        (attrs.evolve(pilot, pod_status=PodStatus.APPLIED), {"no-pod": "pod-applied"}),
    ):
        subject = RouteSubject.of(ref, ref.referred_on, BUNDLED)
        result = route(ref)
        assert [c.code for c in ROUTING_CHECKS] == rules
        assert [c.location for c in result.checks] == rules
        assert [c.code for c in result.checks] == [failed.get(r, passed[r]) for r in rules]
        assert [c.passed for c in result.checks] == [r not in failed for r in rules]
        assert [c.holds(subject) for c in ROUTING_CHECKS] == [r not in failed for r in rules]
        assert [f.code for f in ROUTING_CHECKS.findings(subject)] == list(failed.values())
        assert ROUTING_CHECKS.findings(subject) == result.exclusions
    built = []
    finding = eligibility.Finding

    def counted(*args, **kwargs):
        built.append(args[0])
        return finding(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eligibility, "Finding", counted)
        assert decision_maker_for(pilot) == DecisionMaker.panel("P1-01")
        assert built == []
        assert decision_maker_for(surrey) == DecisionMaker.sca()
        assert eligibility.site_does_not_cover("P1-01", "W06000015", D(2026, 3, 3), BUNDLED) is None
        assert built == []
        assert "did not cover" in eligibility.site_does_not_cover("P1-01", "E10000030", ON, BUNDLED)
        assert built == ["site-does-not-cover-authority"]


def test_a_routing_check_is_a_finding_and_the_old_names_warn():
    from nrm_core.checks import Finding
    from nrm_core.eligibility import RoutingCheck

    check = route(example_referral()).checks[1]
    assert isinstance(check, Finding)
    assert isinstance(check, RoutingCheck)
    assert (check.location, check.passed, check.code) == ("age-cutoff", True, "before-age-cutoff")
    with pytest.warns(DeprecationWarning, match="use .location"):
        assert check.rule == "age-cutoff"
    with pytest.warns(DeprecationWarning, match="use the finding"):
        assert check.reason is check
    plain = Finding("no-pod", message="no Public Order Disqualification")
    with pytest.warns(DeprecationWarning, match="RoutingCheck is deprecated"):
        made = RoutingCheck("no-pod", True, plain)
    assert made == attrs.evolve(plain, passed=True, location="no-pod")


def test_a_route_recorded_as_an_event_reads_back_equal():
    """The event carries the route's findings as a case file writes them (not which way each
    rule went, nor the rule it is located at), so the case reads back equal."""
    from nrm_core import from_json, to_json

    for ref in (example_referral(), referral("E10000030")):
        result = route(ref)
        case = apply(Case(ref), result.to_event())
        recorded = case.history[0].reasons[: len(result.checks)]
        assert recorded == tuple(attrs.evolve(c, location=None) for c in result.checks)
        assert all(r.location is None and not r.passed for r in recorded)
        again = from_json(to_json(case), Case)
        assert again == case
        assert not any(reason.passed for reason in again.history[0].reasons)


def test_a_routing_subjects_worked_out_values_read_from_the_class_are_described():
    """help() and the docs read a value worked out once from the class: it raised."""
    from nrm_core.eligibility import RouteSubject

    assert RouteSubject.cutoff.__doc__


def test_a_rule_asked_alone_about_an_authority_reads_its_nation():
    # authority_in_use, pilot_site and site_covers ask one routing rule about an authority
    # alone: the subject's nation is the authority's (it was England for every code).
    from nrm_core import Nation
    from nrm_core.eligibility import _alone

    nations = {
        "W06000015": Nation.WALES,
        "S12000049": Nation.SCOTLAND,
        "E10000030": Nation.ENGLAND,
        "N09000003": Nation.NORTHERN_IRELAND,
    }
    for code, nation in nations.items():
        assert _alone(ON, None, BUNDLED, authority=code).nation is nation
    assert _alone(ON, Nation.WALES, BUNDLED).nation is Nation.WALES  # a child's rule: as given
