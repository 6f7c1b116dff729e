"""Where a rule comes from, and how sure we are of it.

Every rule nrm_core encodes (a lifecycle transition, a guard, a policy value, a
routing predicate) carries a :class:`Citation`: the source document, the
paragraph or section, and a :class:`Confidence` label:

* ``VERIFIED`` ([P]): checked against primary or official text;
* ``SECONDARY`` ([2]): seen only in a reliable secondary source;
* ``UNVERIFIED`` ([U]): not verified; encoded as a configurable default.

A :class:`Reason` is one explained outcome of a check: a stable machine code,
a plain-English message and the citation of the rule applied.

>>> from nrm_core import Citation
>>> from nrm_core.citations import Confidence, Source
>>> guide = Source("S1", title="First responder guide for England and Wales", version="2025")
>>> cite = Citation(guide, section="§12", confidence=Confidence.VERIFIED)
>>> str(cite)
'First responder guide for England and Wales (2025), §12 [verified]'
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from nrm_core._doc import Documented
from nrm_core._validate import (
    check_printable,
    enum_member,
    is_bool,
    non_empty_str,
    optional_str,
    stable_code,
)

__all__ = ["Citation", "Confidence", "Reason", "Source"]


class Confidence(enum.Enum):
    """How well a rule's source was verified ([P] / [2] / [U])."""

    VERIFIED = "verified"
    """Checked against primary or official text ([P])."""
    SECONDARY = "secondary"
    """Seen only in a reliable secondary source ([2]): probable, not certain."""
    UNVERIFIED = "unverified"
    """Not verified ([U]): always a configurable default, never a fixed rule."""

    @property
    def label(self) -> str:
        """The short label: ``"P"``, ``"2"`` or ``"U"``."""
        return {"verified": "P", "secondary": "2", "unverified": "U"}[self.value]


@attrs.frozen
class Source:
    """A document that rules are taken from.

    ``key`` is a short stable key for the document (``"S1"``),
    ``version`` the version or publication date that was read.
    """

    key: str = attrs.field(validator=non_empty_str)
    title: str = attrs.field(kw_only=True, validator=non_empty_str)
    version: str = attrs.field(kw_only=True, validator=non_empty_str)
    url: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)

    def __attrs_post_init__(self) -> None:
        for field in ("key", "title", "version", "url"):
            check_printable("Source", field, getattr(self, field))

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


@attrs.frozen
class Citation(metaclass=Documented):
    """A precise reference: a source, a paragraph or section, and a confidence."""

    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    section: str = attrs.field(kw_only=True, validator=non_empty_str)
    confidence: Confidence = attrs.field(kw_only=True, validator=enum_member(Confidence))
    note: str | None = attrs.field(default=None, validator=optional_str, kw_only=True)
    local: bool = attrs.field(
        default=False, validator=is_bool, kw_only=True, metadata={"json": {"omit_default": True}}
    )
    """Whether the rule is a local override (a council's or analyst's own value), not the
    library's bundled rule. Shown as ``local override`` wherever the citation is printed."""

    def __attrs_post_init__(self) -> None:
        check_printable("Citation", "section", self.section)
        check_printable("Citation", "note", self.note)

    def __str__(self) -> str:
        label = self.confidence.value + ("; local override" if self.local else "")
        text = f"{self.source}, {self.section} [{label}]"
        return f"{text}: {self.note}" if self.note else text


@attrs.frozen
class Reason(metaclass=Documented):
    """One explained result of a check.

    ``code`` is stable (kebab-case) and safe to store or compare; ``message``
    is plain English and never contains a child's personal data; ``citation``
    names the rule (``None`` only for checks of logic, such as date order);
    ``inputs`` lists the non-personal values the check used.
    """

    code: str = attrs.field(validator=stable_code)
    message: str = attrs.field(kw_only=True, validator=non_empty_str)
    citation: Citation | None = attrs.field(
        kw_only=True,
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Citation)),
    )
    inputs: tuple[tuple[str, str], ...] = attrs.field(kw_only=True, default=())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.citation})" if self.citation else text

    def __repr__(self) -> str:
        """The code, the names of the inputs and the citation's source: not the message
        or the inputs' values, which together with a date can give away a date of birth
        (``measured_on`` plus ``days_before_18`` is the 18th birthday). ``str`` and
        :attr:`message` give the words.

        >>> from nrm_core.citations import Reason
        >>> Reason("before-age-cutoff", message="807 days before the 18th birthday",
        ...        inputs=(("measured_on", "2026-03-02"), ("days_before_18", "807")))
        Reason(code='before-age-cutoff', inputs=('measured_on', 'days_before_18'))
        """
        names = tuple(name for name, _ in self.inputs)
        source = f", citation={self.citation.source.key!r}" if self.citation else ""
        return f"Reason(code={self.code!r}, inputs={names!r}{source})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))
