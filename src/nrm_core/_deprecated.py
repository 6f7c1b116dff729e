"""Older names kept for one release: each call of one warns (``DeprecationWarning``), then
builds the new type, so old callers keep working while they move."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

Adapt = Callable[[dict[str, Any]], dict[str, Any]]


class _Alias(type):
    """The type of an older name: what the new type builds is an instance of it too."""

    _target: type

    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, cls._target)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, cls._target)


def warn(old: str, advice: str) -> None:
    """Warn, at the caller's caller, that ``old`` is deprecated, and what to do instead."""
    warnings.warn(f"{old} is deprecated: {advice}", DeprecationWarning, stacklevel=3)


def alias(old: str, target: type, advice: str, *, module: str, adapt: Adapt | None = None) -> Any:
    """A callable named ``old`` that warns (saying ``advice``), then builds ``target`` from
    the same arguments (its keyword arguments first passed through ``adapt``)."""

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        warn(old, advice)
        return target(*args, **(adapt(kwargs) if adapt else kwargs))

    doc = f"Deprecated, kept for one release: {advice}"
    namespace = {"__new__": new, "_target": target, "__doc__": doc, "__module__": module}
    return _Alias(old, (), namespace)
