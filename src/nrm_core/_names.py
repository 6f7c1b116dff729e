"""Names as people write them: the one normal form and near-match rule (private).

Council and organisation names arrive as free text ("The Telford & Wrekin Council",
"kingston upon hull"). Matching compares :func:`normalise_name`'s form, which ignores
case, spacing, ``&``/``and``, curly apostrophes and a leading "The"; when nothing
matches, :func:`near_names` offers the known names at least :data:`NEAR` alike (difflib's
ratio). The authority register's search by name and the Home Office form's council and
organisation names both use these two functions.

>>> from nrm_core._names import near_names, normalise_name
>>> normalise_name("  The  Telford & Wrekin   COUNCIL")
'telford and wrekin council'
>>> near_names("kent county counsil", ["kent county council", "surrey county council"])
['kent county council']
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["MAX_NAME", "NEAR", "near_names", "normalise_name"]

MAX_NAME = 200
"""The longest council or organisation name read (longer text is not a name)."""

NEAR = 0.8
"""How alike (difflib's ratio, 0 to 1) a known name must be to be offered as a near match."""


def normalise_name(text: str) -> str:
    """The form of a council or organisation name that matching compares: case, spacing,
    ``&``/``and``, curly apostrophes and a leading "The" ignored.

    >>> from nrm_core._names import normalise_name
    >>> normalise_name("  The  Telford & Wrekin   COUNCIL")
    'telford and wrekin council'
    """
    text = text.casefold().replace("&", " and ").replace("\u2019", "'")
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def near_names(key: str, known: Iterable[str], *, n: int = 1) -> list[str]:
    """Up to ``n`` of the ``known`` (normalised) names nearest to ``key``, nearest first."""
    return difflib.get_close_matches(key, list(known), n=n, cutoff=NEAR)
