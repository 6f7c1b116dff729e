"""The exceptions nrm_core raises: one base class, specific subclasses.

Messages name the field, the problem and the rule. They never contain a
child's name, date of birth or free-text details. Every error says what it found as
:class:`~nrm_core.checks.Finding` objects (:attr:`NrmError.findings`). Every exception is
importable from here (the three base classes are defined in :mod:`nrm_core.checks`, beside
the finding they carry).

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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from nrm_core.checks import Finding, InvalidTypeError, InvalidValueError, NrmError

if TYPE_CHECKING:
    from nrm_core.authority import LocalAuthority
    from nrm_core.io._spec import Problem

__all__ = [
    "AuthorityNameError",
    "CalendarRangeError",
    "InvalidTypeError",
    "InvalidValueError",
    "NrmError",
    "OutputError",
    "PlotUnavailableError",
    "PolicyFileError",
    "PolicyRangeError",
    "ProvisionalCalendarError",
    "RegistryFileError",
    "StructureError",
    "TransitionRefused",
    "UnknownAuthorityError",
]


class TransitionRefused(NrmError):
    """An event could not be applied to a case.

    ``reasons`` holds **every** failed check (each with a stable code, message
    and citation), not just the first. The case is unchanged.
    """

    code = "transition-refused"

    def __init__(
        self, state: str, event: str, reasons: Sequence[Finding], *, index: int | None = None
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

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every failed check (the same as :attr:`reasons`)."""
        return self.reasons


class OutputError(NrmError, OSError):
    """An output file cannot be written where it was asked: it is one of the run's inputs,
    a symbolic link, a FIFO or device, in a folder that does not exist, or another program
    changed it while the run wrote it (also an :class:`OSError`)."""

    code = "output-refused"


class PolicyRangeError(NrmError, LookupError):
    """A policy parameter was asked for a date (or nation) it has no value for."""

    code = "policy-out-of-range"


class CalendarRangeError(NrmError, ValueError):
    """A date is outside the years the calendar supports."""

    code = "calendar-out-of-range"


class ProvisionalCalendarError(NrmError):
    """Strict mode: a result depended on bank holidays not yet confirmed by gov.uk."""

    code = "calendar-provisional"


class _ProblemsError(NrmError, ValueError):
    """A file could not be read; ``problems`` lists every problem found (as text, each
    ``location: message``), :attr:`findings` the same as findings."""

    def __init__(self, source: str, problems: Iterable[str | Finding]) -> None:
        self.source = source
        found = tuple(
            p if isinstance(p, Finding) else Finding(self.code, message=p, location=source)
            for p in problems
        )
        self._findings = found
        self.problems = tuple(
            f"{p.location}: {p.message}" if p.location and p.location != source else p.message
            for p in found
        )
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s):\n{lines}")

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every problem, at its location in the file (the file itself where it has none)."""
        return self._findings


class PolicyFileError(_ProblemsError):
    """A policy file (bundled or override) could not be read; ``problems`` lists every one."""

    code = "policy-file-invalid"


class RegistryFileError(_ProblemsError):
    """A register file could not be read; ``problems`` lists every problem found."""

    code = "register-file-invalid"


class UnknownAuthorityError(NrmError, LookupError):
    """A well-formed GSS code that is not in the register."""

    code = "authority-code-unknown"


class AuthorityNameError(NrmError, LookupError):
    """A name that does not name exactly one authority (:meth:`AuthorityRegister.find`).

    ``candidates`` holds the authorities it might mean: those it names (when it names
    several), or the nearest names (when it names none). The name itself is not repeated.
    """

    code = "authority-name-not-found"

    def __init__(self, message: str, candidates: Iterable[LocalAuthority] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class StructureError(NrmError, ValueError):
    """JSON data could not be structured; ``problems`` lists every problem."""

    code = "structure-invalid"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s):\n{lines}")

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every problem (a finding at its JSON path)."""
        return self.problems


class PlotUnavailableError(NrmError, ImportError):
    """matplotlib is not installed (install the ``plot`` extra)."""

    code = "plot-unavailable"
