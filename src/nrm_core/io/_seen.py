"""Ids seen across a large run, in little memory (private).

:func:`~nrm_core.io.validation.without_duplicates` remembers every referral id and child id
of a run (a million cases or more). A ``dict`` of the ids took about 180 bytes a case; a
:class:`DigestTable` keeps an 8-byte BLAKE2b digest of each id and one number with it, in
arrays (open addressing, at most three quarters full, split by the digest's first bits into
parts that grow one at a time, so that growing never holds two copies of the whole): 8 bytes
and the number's size, for each three quarters to three eighths of a slot.

Two ids with the same digest would be taken for one: among a million ids the chance is
about 3 in 100 million (n² / 2⁶⁵), and the same ids always give the same answer.
"""

from __future__ import annotations

import array
import hashlib

_PART_BITS = 6
"""The table is ``2 ** _PART_BITS`` parts, chosen by the digest's first bits."""
_PART_SHIFT = 64 - _PART_BITS
_FIRST = 16
"""The slots a part starts with (a power of two)."""


def digest(text: str) -> int:
    """The id's 8-byte BLAKE2b digest, as a number that is never 0 (0 marks a free slot)."""
    raw = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(raw, "little") or 1


class DigestTable:
    """A map from ids (by digest) to whole numbers; ``in``, :meth:`get` and :meth:`add`.

    ``typecode`` is the numbers' :mod:`array` type: ``"q"`` (64-bit) or ``"i"`` (32-bit).
    """

    def __init__(self, typecode: str = "q") -> None:
        parts = 1 << _PART_BITS
        self._keys = [array.array("Q", bytes(8 * _FIRST)) for _ in range(parts)]
        self._values = [array.array(typecode, [0]) * _FIRST for _ in range(parts)]
        self._counts = [0] * parts

    def __len__(self) -> int:
        return sum(self._counts)

    @staticmethod
    def _slot(keys: array.array[int], key: int) -> int:
        mask = len(keys) - 1
        slot = key & mask
        while True:
            found = keys[slot]
            if found == key or not found:
                return slot
            slot = (slot + 1) & mask

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        key = digest(text)
        keys = self._keys[key >> _PART_SHIFT]
        return bool(keys[self._slot(keys, key)])

    def get(self, text: str) -> int | None:
        """The number kept with ``text``, or ``None`` if it was never added."""
        key = digest(text)
        part = key >> _PART_SHIFT
        keys = self._keys[part]
        slot = self._slot(keys, key)
        return self._values[part][slot] if keys[slot] else None

    def add(self, text: str, value: int) -> int:
        """Keep ``value`` with ``text`` unless it has one already; return the one it has."""
        key = digest(text)
        part = key >> _PART_SHIFT
        keys = self._keys[part]
        slot = self._slot(keys, key)
        if keys[slot]:
            return self._values[part][slot]
        keys[slot] = key
        self._values[part][slot] = value
        self._counts[part] += 1
        if 4 * self._counts[part] > 3 * len(keys):
            self._grow(part)
        return value

    def _grow(self, part: int) -> None:
        keys, values = self._keys[part], self._values[part]
        grown_keys = array.array("Q", bytes(16 * len(keys)))
        grown_values = array.array(values.typecode, [0]) * (2 * len(values))
        for key, value in zip(keys, values, strict=True):
            if key:
                slot = self._slot(grown_keys, key)
                grown_keys[slot] = key
                grown_values[slot] = value
        self._keys[part], self._values[part] = grown_keys, grown_values
