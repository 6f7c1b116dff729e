"""What ``help()`` shows of nrm_core's value types (private).

The types are attrs classes: attrs writes ``__init__``, ``__eq__``, ``__repr__``,
``__hash__``, pickling and frozen-attribute guards, ``__attrs_attrs__`` and more onto
each class, and ``help()`` (pydoc) lists every one of them, so most of ``help(Referral)``
was machinery. :class:`Documented`, the metaclass of the public types, leaves those
names out of ``dir()`` (which ``help()`` reads); they still exist and work, and the
class's signature, docstring, fields, properties and methods are all shown.

>>> from nrm_core import Referral
>>> "__attrs_attrs__" in dir(Referral), hasattr(Referral, "__attrs_attrs__")
(False, True)
"""

from __future__ import annotations

__all__ = ["GENERATED", "Documented"]

GENERATED = frozenset(
    {
        "__annotations__",
        "__attrs_attrs__",
        "__attrs_own_setattr__",
        "__attrs_post_init__",
        "__attrs_pre_init__",
        "__attrs_props__",
        "__delattr__",
        "__eq__",
        "__ge__",
        "__getstate__",
        "__gt__",
        "__hash__",
        "__init__",
        "__le__",
        "__lt__",
        "__match_args__",
        "__ne__",
        "__repr__",
        "__setattr__",
        "__setstate__",
        "__weakref__",
    }
)
"""Names attrs (or Python, for a slotted class) puts on a class that say nothing about it."""


class Documented(type):
    """Metaclass of the public value types: ``dir(cls)`` without :data:`GENERATED`."""

    def __dir__(cls) -> list[str]:
        return sorted(name for name in super().__dir__() if name not in GENERATED)
