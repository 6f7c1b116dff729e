"""Local authorities with children's-services responsibility, by ONS GSS code.

A GSS code is one capital letter for the nation (``E``, ``W``, ``S``, ``N``)
followed by eight digits (``E09000002`` is Barking and Dagenham). Codes are
retired and replaced when councils reorganise, so a :class:`LocalAuthority`
carries the range of dates its code was in use and the codes that replaced it.

>>> import datetime as dt
>>> from nrm_core import Nation
>>> from nrm_core.authority import LocalAuthority
>>> from nrm_core.dateranges import DateRange
>>> nyc = LocalAuthority(
...     "E10000023", name="North Yorkshire", nation=Nation.ENGLAND,
...     valid=DateRange.from_last_day(dt.date(2009, 1, 1), dt.date(2023, 3, 31)),
...     replaced_by=("E06000065",),
... )
>>> nyc.is_valid_on(dt.date(2023, 4, 1))
False
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from nrm_core._validate import (
    enum_member,
    instance_of,
    non_empty_str,
    optional_str,
    owner_name,
    to_tuple,
    tuple_of,
)
from nrm_core.checks import Code
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidValueError
from nrm_core.nations import Nation

__all__ = ["LocalAuthority", "is_gss_code"]

GSS_CODE_NATION_MISMATCH = Code(
    "gss-code-nation-mismatch", "A GSS code's letter is another nation's."
)

GSS_PATTERN = re.compile(r"[ENSW]\d{8}")


def is_gss_code(code: object) -> bool:
    """Whether ``code`` has the form of a GSS code (nation letter + 8 digits).

    >>> from nrm_core.authority import is_gss_code
    >>> is_gss_code("E09000002"), is_gss_code("e09000002"), is_gss_code("E0900002")
    (True, False, False)
    """
    return isinstance(code, str) and GSS_PATTERN.fullmatch(code) is not None


def gss_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a well-formed GSS code."""
    non_empty_str(instance, attribute, value)
    if not is_gss_code(value):
        assert isinstance(value, str)
        near = value.strip().upper()
        hint = f"; did you mean {near!r}?" if is_gss_code(near) else ""
        raise InvalidValueError(
            owner_name(instance),
            attribute.name,
            "is not a GSS code: expected a nation letter (E, W, S or N) and 8 digits, "
            f"e.g. 'E09000002'{hint}",
            code="invalid-gss-code",
        )


_gss_code_validator = gss_code  # the class body below has a field of the same name


@attrs.frozen
class LocalAuthority:
    """An authority responsible for children's social care, identified by GSS code."""

    gss_code: str = attrs.field(validator=gss_code)
    name: str = attrs.field(kw_only=True, validator=non_empty_str)
    nation: Nation = attrs.field(kw_only=True, validator=enum_member(Nation))
    valid: DateRange = attrs.field(
        kw_only=True, factory=DateRange, validator=instance_of(DateRange, "a DateRange")
    )
    replaced_by: tuple[str, ...] = attrs.field(
        kw_only=True,
        default=(),
        converter=to_tuple,
        validator=tuple_of(str, "a GSS code", item=_gss_code_validator),
    )
    council_name: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)
    """The council's own name ("Hull City Council"), where ``name`` is the area's ONS name
    ("Kingston upon Hull, City of"); :meth:`AuthorityRegister.search
    <nrm_core.registry.AuthorityRegister.search>` finds an authority by either."""

    def __attrs_post_init__(self) -> None:
        if self.gss_code[0] != self.nation.gss_prefix:
            raise InvalidValueError(
                owner_name(self),
                "nation",
                f"a GSS code starting {self.gss_code[0]!r} belongs to "
                f"{Nation.from_gss_code(self.gss_code).value}, not {self.nation.value}",
                code="gss-code-nation-mismatch",
            )

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the code was in use on ``day``."""
        return day in self.valid


CODES: tuple[Code, ...] = (GSS_CODE_NATION_MISMATCH,)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
