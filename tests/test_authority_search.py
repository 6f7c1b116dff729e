"""Finding an authority by the name people use for it (AuthorityRegister.search and .find)."""

import datetime as dt

import pytest

from nrm_core import AuthorityRegister
from nrm_core.authority import LocalAuthority
from nrm_core.dateranges import DateRange
from nrm_core.nations import Nation
from nrm_core.registry import AuthorityNameError

REGISTER = AuthorityRegister.bundled()
DAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Hull", "E06000010"),
        ("Kingston upon Hull", "E06000010"),
        ("Kingston upon Hull, City of", "E06000010"),  # the ONS name
        ("City of Kingston upon Hull", "E06000010"),  # turned round
        ("Hull City Council", "E06000010"),  # the council's name
        ("  hull  CITY council ", "E06000010"),
        ("City of Edinburgh", "S12000036"),
        ("The City of Edinburgh Council", "S12000036"),
        ("Edinburgh", "S12000036"),
        ("Bristol", "E06000023"),
        ("Bristol City Council", "E06000023"),
        ("St Helens", "E08000013"),  # the register writes "St. Helens"
        ("Stockton on Tees", "E06000004"),
        ("Telford & Wrekin Council", "E06000020"),
        ("Royal Borough of Greenwich", "E09000011"),
        ("London Borough of Islington", "E09000019"),
        ("City of London", "E09000001"),
        ("Durham", "E06000047"),
        ("Northern Ireland", "N92000002"),
    ],
)
def test_common_forms_of_a_name_find_the_authority(name, code):
    assert [a.gss_code for a in REGISTER.search(name, on=DAY)] == [code]
    assert REGISTER.find(name, on=DAY).gss_code == code


def test_near_matches_when_no_name_fits():
    assert [a.gss_code for a in REGISTER.search("Hul")] == ["E06000010"]
    assert [a.name for a in REGISTER.search("Kingston")] == [
        "Kingston upon Hull, City of",
        "Kingston upon Thames",
    ]
    assert REGISTER.search("Nowhere at all") == ()
    with pytest.raises(AuthorityNameError, match=r"names like it: Kingston upon Hull") as caught:
        REGISTER.find("Kingston")
    assert len(caught.value.candidates) == 2


def test_london_alone_is_not_the_city_of_london():
    # "London" is no authority: the City of London is one of 33, so it is only offered.
    with pytest.raises(AuthorityNameError, match="no authority in the register has that name"):
        REGISTER.find("London")


def test_a_name_used_by_two_codes_is_chosen_by_date():
    both = REGISTER.search("North Yorkshire")
    assert {a.gss_code for a in both} == {"E10000023", "E06000065"}
    with pytest.raises(AuthorityNameError, match=r"fits 2 authorities.*pass on= a date"):
        REGISTER.find("North Yorkshire")
    assert REGISTER.find("North Yorkshire", on=dt.date(2023, 3, 31)).gss_code == "E10000023"
    assert REGISTER.find("North Yorkshire", on=dt.date(2023, 4, 1)).gss_code == "E06000065"


def test_a_retired_name_says_what_replaced_it():
    # search offers the authorities in use that day with the name in theirs; find says why.
    assert {a.gss_code for a in REGISTER.search("Northamptonshire", on=DAY)} == {
        "E06000061",
        "E06000062",
    }
    with pytest.raises(AuthorityNameError, match=r"E06000061.*E06000062"):
        REGISTER.find("Northamptonshire", on=DAY)
    assert REGISTER.find("Northamptonshire", on=dt.date(2020, 1, 1)).gss_code == "E10000021"


def test_the_name_asked_for_is_never_repeated():
    # Free text may hold anything (a child's name typed in the wrong box).
    with pytest.raises(AuthorityNameError) as caught:
        REGISTER.find("Alice Example-Surname")
    assert "Alice" not in str(caught.value)


def test_a_register_of_your_own_is_searched_too():
    own = AuthorityRegister(
        (
            LocalAuthority(
                "E06000099",
                name="Example, City of",
                nation=Nation.ENGLAND,
                valid=DateRange(dt.date(2020, 1, 1)),
                council_name="Example City Council",
            ),
        )
    )
    assert own.find("city of example").gss_code == "E06000099"
    assert own.find("Example City Council").gss_code == "E06000099"
    assert own.search("Example", on=dt.date(2019, 1, 1)) == ()


def test_bundled_authorities_carry_their_council_names():
    assert REGISTER.get("E06000010").council_name == "Hull City Council"
    assert REGISTER.get("N92000002").council_name is None


def test_a_name_must_be_text():
    with pytest.raises(TypeError):
        REGISTER.search(None)  # type: ignore[arg-type]


def test_one_normal_form_for_names_everywhere():
    # The Home Office importer and the register share the domain's one implementation.
    from nrm_core import _names
    from nrm_core.io import home_office

    assert home_office.normalise_name is _names.normalise_name
    assert home_office.resolve_council("the  kent county council", DAY).code == "E10000016"


def test_text_too_long_to_be_a_name_is_not_searched():
    assert REGISTER.search("Hull " * 100) == ()
    with pytest.raises(AuthorityNameError, match="no authority"):
        REGISTER.find("Kingston upon Hull " * 50_000)
