"""The four nations of the United Kingdom.

The values are those of the Home Office NRM referral form's "referrer
location" field.
"""

from __future__ import annotations

import enum

from nrm_core.errors import InvalidValueError

__all__ = ["Nation"]


class Nation(enum.Enum):
    """A nation of the UK."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def gss_prefix(self) -> str:
        """The first letter of the nation's ONS GSS codes (``E``, ``W``, ``S``, ``N``)."""
        return _PREFIXES[self.value]

    @classmethod
    def from_gss_code(cls, code: str) -> Nation:
        """The nation a GSS code belongs to, from its first letter.

        >>> from nrm_core.nations import Nation
        >>> Nation.from_gss_code("W06000015")
        <Nation.WALES: 'wales'>
        """
        nation = _BY_PREFIX.get(code[:1]) if isinstance(code, str) else None
        if nation is not None:
            return nation
        raise InvalidValueError("Nation", "gss_code", "a GSS code starts with E, W, S or N")


_PREFIXES = {"england": "E", "wales": "W", "scotland": "S", "northern-ireland": "N"}
_BY_PREFIX = {_PREFIXES[nation.value]: nation for nation in Nation}
