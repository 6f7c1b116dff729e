"""The child at the centre of a referral.

A :class:`Child` holds a stable pseudonymous identifier, a date of birth and
how the age is known. The name, date of birth and any other identifying
details are personal data: they never appear in ``repr``, ``str`` or error
messages.

The date of birth may be **unknown**: the Home Office referral form's question is
optional ("What is their date of birth? (Optional)"), and a child is referred
without one. ``date_of_birth=None`` says so explicitly (never a made-up date);
the checks that need it say they could not be made.

>>> import datetime as dt
>>> from nrm_core import AgeBasis, Child
>>> child = Child("C-0001", date_of_birth=dt.date(2010, 5, 17), age_basis=AgeBasis.CLAIMED,
...               name="A. Example")
>>> child
Child(child_id='C-0001', age_basis=<AgeBasis.CLAIMED: 'claimed'>)
>>> str(Child("C-0002", date_of_birth=None, age_basis=AgeBasis.CLAIMED))
'child C-0002 (age claimed; date of birth unknown)'
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from nrm_core._doc import Documented
from nrm_core._sources import HTE_NI_2015, HTE_SCOTLAND_2015, MSA_2015, P, cite
from nrm_core._validate import (
    enum_member,
    identifier,
    optional_date,
    optional_str,
    owner_name,
    repr_pretty,
    to_tuple,
    tuple_of,
)
from nrm_core.ages import is_child_on
from nrm_core.checks import Citation, Code
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.nations import Nation
from nrm_core.rules import Rules

__all__ = ["AgeBasis", "Child", "age_presumption", "is_treated_as_child"]

DATE_OF_BIRTH_REQUIRED = Code(
    "date-of-birth-required",
    "A confirmed or assessed age with no date of birth (the document or assessment gives one).",
)

AGE_PRESUMPTION = cite(
    MSA_2015,
    "s.51",
    P,
    "a person who may be under 18 is treated as under 18 until their age is determined",
)
_PRESUMPTIONS = {
    Nation.ENGLAND: AGE_PRESUMPTION,
    Nation.WALES: AGE_PRESUMPTION,
    Nation.SCOTLAND: cite(
        HTE_SCOTLAND_2015,
        "s.12",
        P,
        "presumption of age: a person who may be under 18 is treated as a child",
    ),
    Nation.NORTHERN_IRELAND: cite(
        HTE_NI_2015,
        "s.25(3)",
        P,
        "presumption of age: a person who may be under 18 is treated as under 18",
    ),
}


def age_presumption(nation: Nation) -> Citation:
    """The statute that presumes a possible child is a child in ``nation``.

    >>> from nrm_core import Nation
    >>> from nrm_core.child import age_presumption
    >>> age_presumption(Nation.SCOTLAND).source.title
    'Human Trafficking and Exploitation (Scotland) Act 2015'
    """
    if not isinstance(nation, Nation):
        raise InvalidTypeError("age_presumption", "nation", "expected a Nation")
    return _PRESUMPTIONS[nation]


class AgeBasis(enum.Enum):
    """How the child's age (date of birth) is known."""

    CONFIRMED = "confirmed"
    """Documentary evidence; not in doubt."""
    CLAIMED = "claimed"
    """The child's own account, not disputed."""
    ASSESSED = "assessed"
    """Determined by a local-authority age assessment."""
    DISPUTED = "disputed"
    """Disputed: an age assessment is pending or contested."""
    UNCERTAIN = "uncertain"
    """Not known whether the person is an adult or a child."""

    @property
    def is_uncertain(self) -> bool:
        """Whether the age is disputed or uncertain (so not yet determined)."""
        return self in (AgeBasis.DISPUTED, AgeBasis.UNCERTAIN)


@attrs.frozen
class Child(metaclass=Documented):
    """A child (or a person who may be a child) referred to the NRM.

    ``date_of_birth`` is the recorded date: confirmed, claimed, assessed or
    estimated, as ``age_basis`` says, or ``None`` when it is **unknown** (it must be
    given, as a date or as ``None``: an unknown date of birth is said, not left out).
    ``name`` and ``other_details`` are optional and excluded from ``repr``.
    """

    _repr_pretty_ = repr_pretty

    child_id: str = attrs.field(
        validator=identifier,
        metadata={"json": {"description": "A stable pseudonymous identifier."}},
    )
    date_of_birth: dt.date | None = attrs.field(
        kw_only=True,
        validator=optional_date,
        repr=False,
        metadata={
            "json": {
                "description": "As recorded (see age_basis); null when the date of birth is "
                "unknown (the Home Office form's date of birth is optional). Required: an "
                "unknown date of birth is written as null, never left out or made up."
            }
        },
    )
    age_basis: AgeBasis = attrs.field(kw_only=True, validator=enum_member(AgeBasis))
    name: str | None = attrs.field(
        kw_only=True,
        default=None,
        validator=optional_str,
        repr=False,
        metadata={"json": {"description": "Optional; never echoed in messages."}},
    )
    other_details: tuple[str, ...] = attrs.field(
        kw_only=True,
        default=(),
        converter=to_tuple,
        validator=tuple_of(str, "str"),
        repr=False,
        metadata={"json": {"items": "personal", "max_items": 50}},
    )

    @property
    def date_of_birth_known(self) -> bool:
        """Whether a date of birth is recorded."""
        return self.date_of_birth is not None

    def __attrs_post_init__(self) -> None:
        if self.date_of_birth is None and self.age_basis in _RECORDS_A_DATE:
            raise InvalidValueError(
                owner_name(self),
                "date_of_birth",
                f"is unknown, but the age basis {self.age_basis.value!r} records one (a "
                "document or an age assessment gives the date): give the date, or record the "
                "age as claimed or uncertain",
                code=DATE_OF_BIRTH_REQUIRED,
            )

    def __str__(self) -> str:
        unknown = "" if self.date_of_birth_known else "; date of birth unknown"
        return f"child {self.child_id} (age {self.age_basis.value}{unknown})"


_RECORDS_A_DATE = frozenset({AgeBasis.CONFIRMED, AgeBasis.ASSESSED})
"""Age bases that come with a date of birth (a document; an age assessment)."""


def is_treated_as_child(
    child: Child, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> bool:
    """Whether ``child`` is treated as a child on ``on``.

    True when the recorded date of birth makes them under 18, **or** when their
    age is disputed or uncertain, **or** when no date of birth is recorded (the
    referral says they are, or may be, under 18): MSA 2015 s.51 requires a public
    authority to assume a person who may be under 18 is under 18 until their age is
    determined.

    >>> import datetime as dt
    >>> from nrm_core.child import is_treated_as_child
    >>> from nrm_core import AgeBasis, Child, Nation
    >>> adult_by_claim = Child(
    ...     "C-2", date_of_birth=dt.date(2000, 1, 1), age_basis=AgeBasis.DISPUTED)
    >>> is_treated_as_child(adult_by_claim, dt.date(2026, 1, 1), Nation.WALES)
    True
    """
    if not isinstance(child, Child):
        raise InvalidTypeError("is_treated_as_child", "child", "expected a Child")
    if child.age_basis.is_uncertain or child.date_of_birth is None:
        return True
    return is_child_on(child.date_of_birth, on, nation, rules=rules)


CODES: tuple[Code, ...] = (DATE_OF_BIRTH_REQUIRED,)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
