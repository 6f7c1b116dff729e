"""The exceptions nrm_core raises: one base class, specific subclasses.

Messages name the field, the problem and the rule. They never contain a
child's name, date of birth or free-text details.

>>> import datetime as dt
>>> from nrm_core import AgeBasis, Child, NrmError
>>> try:
...     Child("C-1", date_of_birth="2010-05-17", age_basis=AgeBasis.CLAIMED, name="A. Example")
... except NrmError as error:
...     print(error)
...
Child.date_of_birth: expected a datetime.date (a calendar day), got a str
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nrm_core.citations import Citation, Reason

__all__ = [
    "CalendarRangeError",
    "InvalidTypeError",
    "InvalidValueError",
    "NrmError",
    "OutputError",
    "PolicyRangeError",
    "ProvisionalCalendarError",
    "TransitionRefused",
]


class NrmError(Exception):
    """Base class of every error nrm_core raises on purpose."""


class InvalidValueError(NrmError, ValueError):
    """A value given to a constructor or function breaks a rule.

    ``owner`` is the type (or function) and ``field`` the field; ``problem``
    says what is wrong, without echoing personal data; ``citation`` names the
    rule where there is one; ``code`` is a stable kebab-case code (``invalid-value``
    unless the rule has its own, e.g. ``referred-before-birth``).
    """

    def __init__(
        self,
        owner: str,
        field: str,
        problem: str,
        citation: Citation | None = None,
        *,
        code: str = "invalid-value",
    ) -> None:
        self.owner = owner
        self.field = field
        self.problem = problem
        self.citation = citation
        self.code = code
        message = f"{owner}.{field}: {problem}"
        if citation is not None:
            message += f" (rule: {citation})"
        super().__init__(message)


class InvalidTypeError(InvalidValueError, TypeError):
    """A value of the wrong type (also a :class:`TypeError`)."""

    def __init__(
        self, owner: str, field: str, problem: str, citation: Citation | None = None
    ) -> None:
        super().__init__(owner, field, problem, citation, code="wrong-type")


class TransitionRefused(NrmError):
    """An event could not be applied to a case.

    ``reasons`` holds **every** failed check (each with a stable code, message
    and citation), not just the first. The case is unchanged.
    """

    def __init__(
        self, state: str, event: str, reasons: Sequence[Reason], *, index: int | None = None
    ) -> None:
        self.state = state
        self.event = event
        self.reasons = tuple(reasons)
        self.index = index
        """Position of the refused event in a replayed history (``None`` for :func:`apply`)."""
        where = "" if index is None else f" (history[{index}])"
        lines = "\n".join(f"  - {reason}" for reason in self.reasons)
        super().__init__(f"event {event!r}{where} refused in state {state!r}:\n{lines}")

    @property
    def codes(self) -> tuple[str, ...]:
        """The stable codes of every reason, in order."""
        return tuple(reason.code for reason in self.reasons)


class OutputError(NrmError, OSError):
    """An output file cannot be written where it was asked: it is one of the run's inputs,
    a symbolic link, a FIFO or device, in a folder that does not exist, or another program
    changed it while the run wrote it (also an :class:`OSError`)."""


class PolicyRangeError(NrmError, LookupError):
    """A policy parameter was asked for a date (or nation) it has no value for."""


class CalendarRangeError(NrmError, ValueError):
    """A date is outside the years the calendar supports."""


class ProvisionalCalendarError(NrmError):
    """Strict mode: a result depended on bank holidays not yet confirmed by gov.uk."""
