"""Construction-time validation of the domain types, and privacy of personal data."""

import datetime as dt

import attrs
import pytest

from nrm_core import (
    AgeBasis,
    Child,
    Decision,
    DecisionMaker,
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    InvalidValueError,
    Nation,
    NrmError,
    Outcome,
    Panel,
    PanelMember,
    PanelRole,
    Referral,
    Stage,
)
from nrm_core.authority import LocalAuthority
from nrm_core.child import is_treated_as_child
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidTypeError
from nrm_core.site import MemberRole, Site, SiteKind, SiteMember
from nrm_core.testing import example_referral

NAME = "Zebedee Quillfeather"
DOB = dt.date(2011, 7, 19)


def make_child(**changes):
    fields = {"child_id": "C-1", "date_of_birth": DOB, "age_basis": AgeBasis.CLAIMED, "name": NAME}
    fields.update(changes)
    return Child(**fields)


def referral_fields(**changes):
    fields = {
        "referral_id": "R-1",
        "child": make_child(),
        "referred_on": dt.date(2026, 1, 5),
        "first_responder": FirstResponder(
            FirstResponderOrganisation.LOCAL_AUTHORITY, nation=Nation.ENGLAND
        ),
        "safeguarding_authority": "E09000002",
        "exploitation": Exploitation(
            {ExploitationType.CHILD_SEXUAL_EXPLOITATION}, location=ExploitationLocation.UK
        ),
    }
    fields.update(changes)
    return fields


class TestPrivacy:
    def test_repr_and_str_hide_name_and_date_of_birth(self):
        child = make_child(other_details=("lives at 1 Example Road",))
        for text in (repr(child), str(child), repr(Referral(**referral_fields(child=child)))):
            assert NAME not in text
            assert DOB.isoformat() not in text
            assert "2011" not in text
            assert "Example Road" not in text
        assert "C-1" in repr(child)

    @pytest.mark.parametrize(
        "changes",
        [
            {"date_of_birth": "2011-07-19"},
            {"date_of_birth": dt.datetime(2011, 7, 19, 0, 0)},
            {"name": 12345},
            {"name": "   "},
            {"child_id": NAME},
            {"age_basis": "claimed"},
        ],
    )
    def test_errors_never_echo_personal_data(self, changes):
        with pytest.raises(NrmError) as info:
            make_child(**changes)
        message = str(info.value)
        assert NAME not in message
        assert "2011" not in message
        assert "Child." in message  # names the field's owner

    def test_child_born_after_referral_is_refused_without_echoing_dates(self):
        with pytest.raises(InvalidValueError, match=r"Referral\.referred_on") as info:
            Referral(**referral_fields(referred_on=dt.date(2010, 1, 1)))
        assert DOB.isoformat() not in str(info.value)

    def test_pretty_printers_use_the_redacted_repr(self):
        # Hypothesis (and IPython) pretty-print attrs fields unless told otherwise.
        from hypothesis.vendor.pretty import pretty

        child = make_child()
        text = pretty(Referral(**referral_fields(child=child)))
        assert NAME not in text
        assert DOB.isoformat() not in text
        assert "2011" not in text

    def test_decision_reasons_hidden(self):
        decision = Decision(
            Stage.REASONABLE_GROUNDS,
            outcome=Outcome.NEGATIVE,
            decided_on=dt.date(2026, 1, 1),
            decided_by=DecisionMaker.sca(),
            reasons=f"{NAME} said",
        )
        assert NAME not in repr(decision)


class TestChild:
    def test_identifier_must_be_pseudonymous_shape(self):
        with pytest.raises(InvalidValueError, match="pseudonymous"):
            make_child(child_id="Jane Smith")

    def test_wrong_type_is_also_a_type_error(self):
        with pytest.raises(TypeError):
            make_child(date_of_birth="2011-07-19")
        with pytest.raises(InvalidTypeError):
            make_child(age_basis="claimed")

    @pytest.mark.parametrize(
        ("basis", "on", "expected"),
        [
            (AgeBasis.CLAIMED, dt.date(2029, 7, 18), True),
            (AgeBasis.CLAIMED, dt.date(2029, 7, 19), False),
            (AgeBasis.DISPUTED, dt.date(2035, 1, 1), True),
            (AgeBasis.UNCERTAIN, dt.date(2035, 1, 1), True),
            (AgeBasis.ASSESSED, dt.date(2035, 1, 1), False),
        ],
    )
    def test_treated_as_child_msa_s51(self, basis, on, expected):
        assert is_treated_as_child(make_child(age_basis=basis), on, Nation.ENGLAND) is expected

    def test_lists_are_accepted_and_frozen(self):
        child = make_child(other_details=["a", "b"])
        assert child.other_details == ("a", "b")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            child.name = "x"  # type: ignore[misc]


class TestReferral:
    def test_valid_referral(self):
        referral = example_referral()
        assert referral.nation is Nation.WALES

    def test_exploitation_types_required(self):
        with pytest.raises(InvalidValueError, match=r"Exploitation\.types: must not be empty"):
            Exploitation(frozenset(), location=ExploitationLocation.UK)

    def test_bad_gss_code(self):
        with pytest.raises(InvalidValueError, match="not a GSS code"):
            Referral(**referral_fields(safeguarding_authority="Barking"))

    def test_other_fro_needs_a_name(self):
        with pytest.raises(InvalidValueError, match="required when organisation is OTHER"):
            FirstResponder(FirstResponderOrganisation.OTHER, nation=Nation.SCOTLAND)
        with pytest.raises(InvalidValueError, match="only allowed when organisation is OTHER"):
            FirstResponder(
                FirstResponderOrganisation.POLICE,
                nation=Nation.SCOTLAND,
                other_name="Police Scotland",
            )
        other = FirstResponder(
            FirstResponderOrganisation.OTHER, nation=Nation.SCOTLAND, other_name="Police Scotland"
        )
        assert other.other_name

    def test_statutory_fros(self):
        assert FirstResponderOrganisation.GANGMASTERS_AND_LABOUR_ABUSE_AUTHORITY.is_statutory
        assert not FirstResponderOrganisation.BARNARDOS.is_statutory


class TestAuthorityAndSite:
    def test_gss_prefix_must_match_nation(self):
        with pytest.raises(InvalidValueError, match="belongs to wales"):
            LocalAuthority("W06000015", name="Cardiff", nation=Nation.ENGLAND)

    def test_retired_code(self):
        nyc = LocalAuthority(
            "E10000023",
            name="North Yorkshire",
            nation=Nation.ENGLAND,
            valid=DateRange.from_last_day(dt.date(2009, 1, 1), dt.date(2023, 3, 31)),
            replaced_by=["E06000065"],
        )
        assert nyc.is_valid_on(dt.date(2023, 3, 31))
        assert not nyc.is_valid_on(dt.date(2023, 4, 1))
        assert nyc.replaced_by == ("E06000065",)

    def test_site_kinds(self):
        start = DateRange(dt.date(2021, 6, 14))
        single = Site(
            "S1",
            name="Solihull",
            nation=Nation.ENGLAND,
            operating=start,
            members=(SiteMember("E08000029", role=MemberRole.LEAD),),
        )
        ni = Site(
            "P3-04",
            name="Northern Ireland",
            nation=Nation.NORTHERN_IRELAND,
            operating=DateRange(dt.date(2025, 9, 1)),
            members=[SiteMember("N92000002", role=MemberRole.NATIONAL)],
        )
        assert single.kind is SiteKind.SINGLE_AUTHORITY
        assert ni.kind is SiteKind.WHOLE_NATION

    def test_membership_dates(self):
        site = Site(
            "P1-08",
            name="North Yorkshire (joint with York)",
            nation=Nation.ENGLAND,
            operating=DateRange(dt.date(2021, 6, 14)),
            members=(
                SiteMember(
                    "E10000023",
                    role=MemberRole.LEAD,
                    membership=DateRange(None, dt.date(2023, 4, 1)),
                ),
                SiteMember(
                    "E06000065", role=MemberRole.LEAD, membership=DateRange(dt.date(2023, 4, 1))
                ),
                SiteMember("E06000014", role=MemberRole.PARTNER),
            ),
        )
        assert site.has_member("E10000023", dt.date(2023, 3, 31))
        assert not site.has_member("E10000023", dt.date(2023, 4, 1))
        assert site.has_member("E06000065", dt.date(2023, 4, 1))
        assert not site.has_member("E06000014", dt.date(2021, 6, 13))
        assert site.kind is SiteKind.CONSORTIUM

    def test_member_from_another_nation(self):
        with pytest.raises(InvalidValueError, match=r"members\[0\]\.gss_code"):
            Site(
                "X",
                name="X",
                nation=Nation.ENGLAND,
                operating=DateRange(dt.date(2021, 1, 1)),
                members=(SiteMember("W06000015", role=MemberRole.LEAD),),
            )

    def test_membership_before_site_start(self):
        with pytest.raises(InvalidValueError, match="starts before the site started"):
            Site(
                "X",
                name="X",
                nation=Nation.ENGLAND,
                operating=DateRange(dt.date(2021, 6, 1)),
                members=(
                    SiteMember(
                        "E09000002", role=MemberRole.LEAD, membership=DateRange(dt.date(2020, 1, 1))
                    ),
                ),
            )


class TestPanelAndDecision:
    def test_chair_must_be_member(self):
        member = PanelMember("M1", role=PanelRole.POLICE, organisation="Police")
        with pytest.raises(InvalidValueError, match="chair_id"):
            Panel("P1-01", members=(member,), chair_id="M9")

    def test_member_ids_unique(self):
        member = PanelMember("M1", role=PanelRole.POLICE, organisation="Police")
        with pytest.raises(InvalidValueError, match="unique"):
            Panel("P1-01", members=(member, member), chair_id="M1")

    def test_decision_maker_shape(self):
        with pytest.raises(InvalidValueError, match="site_id"):
            DecisionMaker(DecisionMaker.sca().kind, "P1-01")
        assert str(DecisionMaker.panel("P1-01")) == "pilot panel P1-01"

    def test_decision_dates(self):
        base = {
            "stage": Stage.CONCLUSIVE_GROUNDS,
            "outcome": Outcome.NEGATIVE,
            "decided_on": dt.date(2026, 2, 1),
            "decided_by": DecisionMaker.panel("P1-01"),
        }
        with pytest.raises(InvalidValueError, match="served_on: is before the decision"):
            Decision(**base, served_on=dt.date(2026, 1, 31))
        with pytest.raises(InvalidValueError, match="served_on: is before the SCA review"):
            Decision(**base, sca_reviewed_on=dt.date(2026, 2, 5), served_on=dt.date(2026, 2, 4))
        with pytest.raises(InvalidValueError, match="only pilot panel decisions"):
            Decision(
                **{**base, "decided_by": DecisionMaker.sca()}, sca_reviewed_on=dt.date(2026, 2, 2)
            )


class TestDateRange:
    def test_half_open(self):
        r = DateRange(dt.date(2022, 1, 1), dt.date(2022, 1, 3))
        assert [dt.date(2022, 1, d) in r for d in (1, 2, 3)] == [True, True, False]
        assert r.last_day == dt.date(2022, 1, 2)

    def test_empty_range_refused(self):
        with pytest.raises(InvalidValueError, match="half-open"):
            DateRange(dt.date(2022, 1, 1), dt.date(2022, 1, 1))

    def test_overlaps(self):
        a = DateRange(dt.date(2022, 1, 1), dt.date(2022, 2, 1))
        assert not a.overlaps(DateRange(dt.date(2022, 2, 1)))
        assert a.overlaps(DateRange(None, dt.date(2022, 1, 2)))


def test_a_birth_year_too_late_for_an_18th_birthday_is_refused():
    # Year 9982 or later: the 18th birthday is not a date; refused at construction, not mid-file.
    with pytest.raises(InvalidValueError) as error:
        Referral(
            **referral_fields(
                child=make_child(date_of_birth=dt.date(9985, 1, 1)),
                referred_on=dt.date(9990, 1, 1),
            )
        )
    assert error.value.code == "date-out-of-range"
    assert "9985" not in str(error.value)


def test_an_enum_field_given_a_code_says_what_to_write():
    """Messages name the type with the right article, list the allowed values and, for a
    valid code given as a string, show how to make the member."""
    with pytest.raises(InvalidTypeError) as error:
        Child("C-1", date_of_birth=dt.date(2010, 1, 1), age_basis="claimed")  # type: ignore[arg-type]
    message = str(error.value)
    assert "expected an AgeBasis member, got a str" in message
    assert "'confirmed', 'claimed', 'assessed', 'disputed', 'uncertain'" in message
    assert message.endswith("use AgeBasis('claimed') (that is AgeBasis.CLAIMED)")
    with pytest.raises(InvalidTypeError) as error:
        Child("C-1", date_of_birth=dt.date(2010, 1, 1), age_basis=3)  # type: ignore[arg-type]
    assert "got an int" in str(error.value)
    assert "use AgeBasis" not in str(error.value)
