"""Bounded caches of answers that depend only on immutable values (private).

Several frozen objects (a policy parameter, the authority register, the site registry)
answer the same (code, day) questions many times in bulk work. Each keeps its answers in a
private dict that is not part of its value (``eq=False, hash=False``); :func:`remember`
stores one, emptying the dict first when it is full so that memory stays bounded.
"""

from __future__ import annotations

from typing import Any, TypeVar

V = TypeVar("V")

LIMIT = 16_384
"""The most answers one cache holds."""


def remember(cache: dict[Any, V], key: Any, value: V) -> V:
    """Store ``value`` under ``key`` in ``cache`` (bounded by :data:`LIMIT`); return it."""
    if len(cache) >= LIMIT:
        cache.clear()
    cache[key] = value
    return value
