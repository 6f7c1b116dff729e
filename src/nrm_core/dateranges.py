"""Half-open date ranges ``[start, end)``.

Every effective-dated thing in nrm_core (an authority's code, a site's
operation, a membership, a policy value) uses :class:`DateRange`. The start
day is inside the range; the end day is the first day *outside* it, so
consecutive ranges share a boundary without overlapping or leaving a gap.

>>> import datetime as dt
>>> from nrm_core.dateranges import DateRange
>>> before = DateRange(None, dt.date(2022, 12, 13))
>>> after = DateRange(dt.date(2022, 12, 13), None)
>>> dt.date(2022, 12, 12) in before, dt.date(2022, 12, 13) in before
(True, False)
>>> dt.date(2022, 12, 13) in after
True

Source data that records an inclusive last day (such as the ONS code history)
is converted with :meth:`DateRange.from_last_day`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from nrm_core._validate import optional_date, owner_name
from nrm_core.errors import InvalidValueError

__all__ = ["DateRange"]


@attrs.frozen
class DateRange:
    """The days ``d`` with ``start <= d < end``; ``None`` means unbounded."""

    start: dt.date | None = attrs.field(default=None, validator=optional_date)
    end: dt.date | None = attrs.field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise InvalidValueError(
                owner_name(self),
                "end",
                "must be after start (ranges are half-open [start, end): end is the first day "
                "outside the range)",
            )

    @classmethod
    def from_last_day(cls, start: dt.date | None, last_day: dt.date | None) -> DateRange:
        """Build a range from an inclusive last day (``end = last_day + 1 day``)."""
        end = None if last_day is None else last_day + dt.timedelta(days=1)
        return cls(start, end)

    @property
    def last_day(self) -> dt.date | None:
        """The last day inside the range, or ``None`` if open-ended."""
        return None if self.end is None else self.end - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` is inside the range (same as ``day in range``)."""
        return day in self

    def overlaps(self, other: DateRange) -> bool:
        """Whether the two ranges share at least one day."""
        starts_before_other_ends = self.start is None or other.end is None or self.start < other.end
        other_starts_before_end = other.start is None or self.end is None or other.start < self.end
        return starts_before_other_ends and other_starts_before_end

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"[{start}, {end})"
