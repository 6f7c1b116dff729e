"""attrs validators that raise :class:`~nrm_core.errors.InvalidValueError`.

attrs' own validators echo the offending value in their message; for a child's
record that can be personal data, so these never show the value, only the
field, the expected form and (where given) the rule.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from nrm_core.errors import InvalidTypeError, InvalidValueError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def owner_name(instance: object) -> str:
    return type(instance).__name__


def _type_name(value: object) -> str:
    return type(value).__name__


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


def is_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            owner_name(instance), attribute.name, f"expected a bool, got a {_type_name(value)}"
        )


def is_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            owner_name(instance), attribute.name, f"expected an int, got a {_type_name(value)}"
        )


def non_empty_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            owner_name(instance), attribute.name, f"expected a str, got a {_type_name(value)}"
        )
    if not value.strip():
        raise InvalidValueError(
            owner_name(instance), attribute.name, "must not be empty", code="empty-value"
        )


def optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        non_empty_str(instance, attribute, value)


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Characters that change how text prints rather than print: control characters (terminal
escapes, line breaks that could forge a line of output), line and paragraph separators,
bidirectional marks, embeddings, overrides and isolates (which reorder what is shown, e.g.
a right-to-left override), and lone surrogates. A tab and a plain newline are allowed in
data, but not in the one-line texts checked by :func:`check_printable`."""


def unprintable_at(text: str, *, newlines: bool = False) -> int | None:
    """The position (from 1) of the first character of ``text`` that is not plain printable
    text (see :data:`_UNPRINTABLE`; a tab or, with ``newlines``, a newline is allowed)."""
    for match in _UNPRINTABLE.finditer(text):
        if match.group() == "\t" or (newlines and match.group() == "\n"):
            continue
        return match.start() + 1
    return None


def check_printable(owner: str, field: str, value: object) -> None:
    """Raise :class:`~nrm_core.errors.InvalidValueError` if the one-line text ``value`` (a
    site's name, a citation's words) holds a control character, a bidirectional override or
    the like: such text is printed in reports and explanations, where it could send terminal
    escapes, forge a line or reorder what is shown. The value is never echoed."""
    if isinstance(value, str):
        position = unprintable_at(value)
        if position is not None:
            raise InvalidValueError(
                owner,
                field,
                f"character {position} is a control character, line break or text-direction "
                "override; use plain one-line text",
                code="unprintable-text",
            )


_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")
"""The one definition of a pseudonymous identifier (the JSON spec, validation and the
command line all use it)."""


def is_identifier(value: object) -> bool:
    """Whether ``value`` is a pseudonymous identifier (safe to show: not free text)."""
    return isinstance(value, str) and _IDENTIFIER.fullmatch(value) is not None


def identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A stable, pseudonymous identifier: 1-64 letters, digits, ``. _ : / -``."""
    non_empty_str(instance, attribute, value)
    assert isinstance(value, str)
    if not _IDENTIFIER.fullmatch(value):
        raise InvalidValueError(
            owner_name(instance),
            attribute.name,
            "must be 1-64 characters: letters, digits and . _ : / - "
            "(starting with a letter or digit); use a pseudonymous reference, not a name",
            code="invalid-identifier",
        )


_CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def stable_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    non_empty_str(instance, attribute, value)
    assert isinstance(value, str)
    if not _CODE.fullmatch(value):
        raise InvalidValueError(
            owner_name(instance), attribute.name, "must be a kebab-case code such as 'no-rg-yet'"
        )


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


def enum_member(enum_type: type[enum.Enum]) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            raise InvalidTypeError(
                owner_name(instance),
                attribute.name,
                _enum_message(enum_type, value),
            )

    check.expects = enum_type  # type: ignore[attr-defined]  # read by the JSON specs
    return check


def _enum_message(enum_type: type[enum.Enum], value: object) -> str:
    """What was expected (the type, its allowed values) and how to make one from a code."""
    name = enum_type.__name__
    members = list(enum_type)
    allowed = ", ".join(repr(m.value) for m in members[:12])
    if len(members) > 12:
        allowed += f", ... ({len(members)} in all)"
    message = (
        f"expected {_article(name)} {name} member, got {_article(_type_name(value))} "
        f"{_type_name(value)}; the values are {allowed}"
    )
    if isinstance(value, str):
        try:
            member = enum_type(value)
        except ValueError:
            member = None
        if member is not None:
            return f"{message}: use {name}({value!r}) (that is {name}.{member.name})"
    return message


def instance_of(cls: type | tuple[type, ...], what: str) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidTypeError(
                owner_name(instance), attribute.name, f"expected {what}, got a {_type_name(value)}"
            )

    check.expects = cls  # type: ignore[attr-defined]  # read by the JSON specs
    return check


class _CollectionOf:
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
    return _CollectionOf(tuple, cls, what, non_empty, item)


def frozenset_of(
    cls: type | tuple[type, ...],
    what: str,
    *,
    non_empty: bool = False,
    item: Validator | None = None,
) -> Validator:
    """A frozenset whose items are ``cls`` (each also checked by ``item``, if given)."""
    return _CollectionOf(frozenset, cls, what, non_empty, item)


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
