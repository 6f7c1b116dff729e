"""attrs validators that raise :class:`~nrm_core.errors.InvalidValueError` (the ones the
checks' own types need are in :mod:`nrm_core.checks`, and used from here too).

attrs' own validators echo the offending value in their message; for a child's
record that can be personal data, so these never show the value, only the
field, the expected form and (where given) the rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from nrm_core.checks import (  # the validators the checks' own types need
    InvalidTypeError as InvalidTypeError,
)
from nrm_core.checks import (
    InvalidValueError as InvalidValueError,
)
from nrm_core.checks import (
    check_printable as check_printable,
)
from nrm_core.checks import (
    enum_member as enum_member,
)
from nrm_core.checks import (
    instance_of as instance_of,
)
from nrm_core.checks import (
    is_bool as is_bool,
)
from nrm_core.checks import (
    non_empty_str as non_empty_str,
)
from nrm_core.checks import (
    optional_str as optional_str,
)
from nrm_core.checks import (
    owner_name as owner_name,
)
from nrm_core.checks import (
    stable_code as stable_code,
)
from nrm_core.checks import (
    str_pairs as str_pairs,
)
from nrm_core.checks import (
    to_pairs as to_pairs,
)
from nrm_core.checks import type_name as _type_name
from nrm_core.checks import (
    unprintable_at as unprintable_at,
)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def is_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A :class:`datetime.date` that is not a :class:`datetime.datetime`."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            owner_name(instance),
            attribute.name,
            f"expected a datetime.date (a calendar day), got a {_type_name(value)}",
        )


def check_day(owner: str, field: str, value: object) -> None:
    """Raise :class:`~nrm_core.errors.InvalidTypeError` unless ``value`` is a
    :class:`datetime.date` (not a ``datetime``, not a string): the check every public
    function makes on a day it is given (``as_of``, ``on``, ``submitted_on``)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            owner, field, f"expected a datetime.date (a calendar day), got a {_type_name(value)}"
        )


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A day as text: ``YYYY-MM-DD`` in ASCII digits (the JSON format, the schema and every
date typed on the command line)."""


def parse_day(text: str) -> dt.date:
    """The calendar day ``text`` names in the form ``YYYY-MM-DD``: the one strict reading of
    a day written as text. ``ValueError`` for anything else, including forms that
    :meth:`datetime.date.fromisoformat` also reads (``20260105``, ``2026-W40-3``,
    ``2026W403``) and digits of other scripts.

    >>> from nrm_core._validate import parse_day
    >>> parse_day("2026-06-01")
    datetime.date(2026, 6, 1)
    >>> parse_day("2026W403")
    Traceback (most recent call last):
    ...
    ValueError: not a day in the form YYYY-MM-DD
    """
    if not isinstance(text, str) or not _ISO_DAY.fullmatch(text):
        raise ValueError("not a day in the form YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        is_date(instance, attribute, value)


def is_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            owner_name(instance), attribute.name, f"expected an int, got a {_type_name(value)}"
        )


IDENTIFIER_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")
"""The one definition of a pseudonymous identifier (the JSON spec, validation and the
command line all use it)."""


def is_identifier(value: object) -> bool:
    """Whether ``value`` is a pseudonymous identifier (safe to show: not free text)."""
    return isinstance(value, str) and IDENTIFIER_PATTERN.fullmatch(value) is not None


def identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A stable, pseudonymous identifier: 1-64 letters, digits, ``. _ : / -``."""
    non_empty_str(instance, attribute, value)
    assert isinstance(value, str)
    if not IDENTIFIER_PATTERN.fullmatch(value):
        raise InvalidValueError(
            owner_name(instance),
            attribute.name,
            "must be 1-64 characters: letters, digits and . _ : / - "
            "(starting with a letter or digit); use a pseudonymous reference, not a name",
            code="invalid-identifier",
        )


class CollectionOf:
    """A validator for a tuple or frozenset of ``cls`` (introspectable: the JSON
    specs read ``item``, ``non_empty`` and ``container`` from it)."""

    def __init__(
        self,
        container: type,
        cls: type | tuple[type, ...],
        what: str,
        non_empty: bool,
        item: Validator | None = None,
    ) -> None:
        self.container = container
        self.cls = cls
        self.what = what
        self.non_empty = non_empty
        self.item = item

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        kind = self.container.__name__
        if not isinstance(value, self.container):
            raise InvalidTypeError(
                owner_name(instance),
                attribute.name,
                f"expected a {kind} of {self.what}, got a {_type_name(value)}",
            )
        assert isinstance(value, tuple | frozenset)
        for index, item in enumerate(value):
            if not isinstance(item, self.cls):
                where = f"item {index}: " if self.container is tuple else "every item must be "
                raise InvalidTypeError(
                    owner_name(instance),
                    attribute.name,
                    f"{where}expected {self.what}, got a {_type_name(item)}"
                    if self.container is tuple
                    else f"{where}{self.what}",
                )
            if self.item is not None:
                self.item(instance, attribute, item)
        if self.non_empty and not value:
            raise InvalidValueError(owner_name(instance), attribute.name, "must not be empty")


def tuple_of(
    cls: type | tuple[type, ...],
    what: str,
    *,
    non_empty: bool = False,
    item: Validator | None = None,
) -> Validator:
    """A tuple whose items are ``cls`` (each also checked by ``item``, if given)."""
    return CollectionOf(tuple, cls, what, non_empty, item)


def frozenset_of(
    cls: type | tuple[type, ...],
    what: str,
    *,
    non_empty: bool = False,
    item: Validator | None = None,
) -> Validator:
    """A frozenset whose items are ``cls`` (each also checked by ``item``, if given)."""
    return CollectionOf(frozenset, cls, what, non_empty, item)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: a list becomes a tuple; anything else is left for the validator to report."""
    if isinstance(value, list):
        return tuple(value)
    return value  # type: ignore[return-value]  # not a tuple: the validator reports it


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Converter: a list, tuple or set becomes a frozenset; anything else is left for the
    validator to report."""
    if isinstance(value, list | tuple | set):
        return frozenset(value)
    return value  # type: ignore[return-value]  # not a frozenset: the validator reports it


def repr_pretty(self: object, printer: Any, cycle: bool) -> None:
    """``_repr_pretty_`` for types with redacted fields.

    Pretty-printers (IPython, and Hypothesis when it reports a failing example)
    walk attrs fields and would show the ones ``repr`` hides; this makes them
    use the redacted ``repr`` instead.
    """
    printer.text(repr(self))
