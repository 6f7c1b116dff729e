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
        return {"england": "E", "wales": "W", "scotland": "S", "northern-ireland": "N"}[self.value]

    @classmethod
    def from_gss_code(cls, code: str) -> Nation:
        """The nation a GSS code belongs to, from its first letter.

        >>> Nation.from_gss_code("W06000015")
        <Nation.WALES: 'wales'>
        """
        for nation in cls:
            if code[:1] == nation.gss_prefix:
                return nation
        raise InvalidValueError("Nation", "gss_code", "a GSS code starts with E, W, S or N")
