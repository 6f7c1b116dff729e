"""The explained check: a rule's code, its citation, and what it found.

Every rule nrm_core applies (a lifecycle guard, a routing rule, a panel rule, a record
check) is one :class:`Check` declared beside the rule: a stable :class:`Code`, a
plain-English summary, the :class:`Citation` of the rule, and a test. A table of
checks (:class:`CheckTable`) is evaluated in one of two modes from that one
declaration:

* **explained** (:meth:`CheckTable.findings`): every failed check as a :class:`Finding`
  (code, plain-English message, citation, location, the non-personal inputs used);
* **lean** (:meth:`CheckTable.holds`): whether every check holds, with no message built,
  for the paths that only need the answer (replaying a long history, re-checking routes).

A citation names the source document, the paragraph or section, and a
:class:`Confidence` label:

* ``VERIFIED`` ([P]): checked against primary or official text;
* ``SECONDARY`` ([2]): seen only in a reliable secondary source;
* ``UNVERIFIED`` ([U]): not verified; encoded as a configurable default.

>>> from nrm_core.checks import Check, CheckTable, Citation, Confidence, Source
>>> guide = Source("S1", title="First responder guide for England and Wales", version="2025")
>>> cite = Citation(guide, section="§12", confidence=Confidence.VERIFIED)
>>> str(cite)
'First responder guide for England and Wales (2025), §12 [verified]'
>>> positive = Check("not-positive", summary="The number is positive.", citation=cite,
...                  test=lambda n: None if n > 0 else f"{n} is not positive")
>>> table = CheckTable([positive])
>>> table.holds(3), table.holds(-1)
(True, False)
>>> [(finding.code, finding.message) for finding in table.findings(-1)]
[('not-positive', '-1 is not positive')]

The three base exceptions are defined here, beside the :class:`Finding` every error
carries (:attr:`NrmError.findings`); import them, and every other exception, from
:mod:`nrm_core.errors`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import attrs

from nrm_core import _deprecated
from nrm_core._doc import Documented

__all__ = [
    "Check",
    "CheckTable",
    "Citation",
    "Code",
    "Collector",
    "Confidence",
    "Finding",
    "Severity",
    "Source",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
Subject = TypeVar("Subject")


# --------------------------------------------------------------------------- errors


class NrmError(Exception):
    """Base class of every error nrm_core raises on purpose.

    :attr:`findings` says what was found, each with a stable code and a plain-English
    message (and the rule's citation where there is one).
    """

    code = "error"
    """The stable code of an error that has no more specific finding."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the error found: every problem, each as a :class:`Finding`."""
        return (Finding(self.code, message=str(self) or type(self).__name__),)


class InvalidValueError(NrmError, ValueError):
    """A value given to a constructor or function breaks a rule.

    ``owner`` is the type (or function) and ``field`` the field; ``problem``
    says what is wrong, without echoing personal data; ``citation`` names the
    rule where there is one; ``code`` is a stable kebab-case code (``invalid-value``
    unless the rule has its own, e.g. ``referred-before-birth``).
    """

    code = "invalid-value"

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

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The one finding: the code, the problem, the rule, at ``owner.field``."""
        return (
            Finding(
                self.code,
                message=self.problem,
                citation=self.citation,
                location=f"{self.owner}.{self.field}",
            ),
        )


class InvalidTypeError(InvalidValueError, TypeError):
    """A value of the wrong type (also a :class:`TypeError`)."""

    code = "wrong-type"

    def __init__(
        self, owner: str, field: str, problem: str, citation: Citation | None = None
    ) -> None:
        super().__init__(owner, field, problem, citation, code="wrong-type")


# --------------------------------------------------------------------------- validators
# attrs' own validators echo the offending value in their message; for a child's record
# that can be personal data, so these never show the value, only the field, the expected
# form and (where given) the rule. (More of them are in ``nrm_core._validate``.)


def owner_name(instance: object) -> str:
    return type(instance).__name__


def type_name(value: object) -> str:
    return type(value).__name__


def is_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            owner_name(instance), attribute.name, f"expected a bool, got a {type_name(value)}"
        )


def non_empty_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            owner_name(instance), attribute.name, f"expected a str, got a {type_name(value)}"
        )
    if not value.strip():
        raise InvalidValueError(
            owner_name(instance), attribute.name, "must not be empty", code="empty-value"
        )


def optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        non_empty_str(instance, attribute, value)


def to_pairs(value: Any) -> Any:
    """Converter: a mapping becomes the tuple of its (name, value) items, in its order;
    anything else is left for :func:`str_pairs` to check."""
    if type(value) is tuple:  # the usual case, first: an ABC check costs more than a Finding
        return value
    return tuple(value.items()) if isinstance(value, Mapping) else value


def _pair_of_str(pair: object) -> bool:
    return (
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], str)
    )


def str_pairs(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A tuple of (name, value) pairs of strings (``inputs``: shown as text, and their names
    in ``repr``)."""
    if isinstance(value, tuple) and all(map(_pair_of_str, value)):
        return
    raise InvalidTypeError(
        owner_name(instance),
        attribute.name,
        "expected a mapping, or a tuple of (name, value) pairs, of strings to strings",
    )


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Characters that change how text prints rather than print: control characters (terminal
escapes, line breaks that could forge a line of output), line and paragraph separators,
bidirectional marks, embeddings, overrides and isolates (which reorder what is shown, e.g.
a right-to-left override), and lone surrogates. A tab and a plain newline are allowed in
data, but not in the one-line texts checked by :func:`check_printable`."""


def unprintable_at(text: str, *, newlines: bool = False) -> int | None:
    """The position (from 1) of the first character of ``text`` that is not plain printable
    text (see :data:`_UNPRINTABLE`; a tab or, with ``newlines``, a newline is allowed)."""
    for match in _UNPRINTABLE.finditer(text):
        if match.group() == "\t" or (newlines and match.group() == "\n"):
            continue
        return match.start() + 1
    return None


def check_printable(owner: str, field: str, value: object) -> None:
    """Raise :class:`InvalidValueError` if the one-line text ``value`` (a site's name, a
    citation's words) holds a control character, a bidirectional override or the like:
    such text is printed in reports and explanations, where it could send terminal escapes,
    forge a line or reorder what is shown. The value is never echoed."""
    if isinstance(value, str):
        position = unprintable_at(value)
        if position is not None:
            raise InvalidValueError(
                owner,
                field,
                f"character {position} is a control character, line break or text-direction "
                "override; use plain one-line text",
                code=UNPRINTABLE_TEXT,
            )


CODE_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def stable_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    non_empty_str(instance, attribute, value)
    assert isinstance(value, str)
    if not CODE_PATTERN.fullmatch(value):
        raise InvalidValueError(
            owner_name(instance), attribute.name, "must be a kebab-case code such as 'no-rg-yet'"
        )


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


def enum_member(enum_type: type[enum.Enum]) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            raise InvalidTypeError(
                owner_name(instance),
                attribute.name,
                _enum_message(enum_type, value),
            )

    check.expects = enum_type  # type: ignore[attr-defined]  # read by the JSON specs
    return check


def _enum_message(enum_type: type[enum.Enum], value: object) -> str:
    """What was expected (the type, its allowed values) and how to make one from a code."""
    name = enum_type.__name__
    members = list(enum_type)
    allowed = ", ".join(repr(m.value) for m in members[:12])
    if len(members) > 12:
        allowed += f", ... ({len(members)} in all)"
    message = (
        f"expected {_article(name)} {name} member, got {_article(type_name(value))} "
        f"{type_name(value)}; the values are {allowed}"
    )
    if isinstance(value, str):
        try:
            member = enum_type(value)
        except ValueError:
            member = None
        if member is not None:
            return f"{message}: use {name}({value!r}) (that is {name}.{member.name})"
    return message


def instance_of(cls: type | tuple[type, ...], what: str) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidTypeError(
                owner_name(instance), attribute.name, f"expected {what}, got a {type_name(value)}"
            )

    check.expects = cls  # type: ignore[attr-defined]  # read by the JSON specs
    return check


# --------------------------------------------------------------------------- citations


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

    source: Source = attrs.field(validator=instance_of(Source, "a Source"))
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


# --------------------------------------------------------------------------- codes


class Severity(enum.Enum):
    """How serious a problem is."""

    ERROR = "error"
    """The record breaks a rule and is invalid."""
    QUERY = "query"
    """Something to confirm rather than reject."""


GROUPS = ("file", "format", "domain", "lifecycle", "panel", "import", "route")
"""The groups of codes, in the catalogue's order: ``file`` (reading), ``format`` (the shape
of a record), ``domain`` (the rules of a record), ``lifecycle`` (a refused event), ``panel``
(a panel's constitution), ``import`` (reading another system's records, such as the Home
Office form's) and ``route`` (the routing rules, passed or failed, and their notes)."""


class Code(str):
    """A stable problem code, declared beside the rule that reports it: the code itself
    (it is a ``str``, so it is used wherever the code is), what it means, its usual
    severity, its group and, where there is a short one, an example that produces it.

    Declaring a code registers nothing: the catalogue (:mod:`nrm_core.io.catalogue`) is
    the union of the tables of codes each module declares.

    >>> from nrm_core.checks import Code
    >>> code = Code("no-rg-yet", "No RG decision has been made.", group="lifecycle")
    >>> code == "no-rg-yet", code.group, code.severity.value
    (True, 'lifecycle', 'error')
    """

    meaning: str
    severity: Severity
    group: str
    example: str | None

    def __new__(
        cls,
        code: str,
        meaning: str,
        *,
        severity: Severity = Severity.ERROR,
        group: str = "domain",
        example: str | None = None,
    ) -> Code:
        if not CODE_PATTERN.fullmatch(code):
            raise InvalidValueError("Code", "code", "must be a kebab-case code such as 'no-rg-yet'")
        if group not in GROUPS:
            raise InvalidValueError("Code", "group", f"must be one of {', '.join(GROUPS)}")
        self = super().__new__(cls, code)
        vars(self).update(meaning=meaning, severity=severity, group=group, example=example)
        return self

    @property
    def code(self) -> str:
        """The code as a plain ``str``."""
        return str.__str__(self)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Code is immutable ({name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_code, (self.code, self.meaning, self.severity, self.group, self.example))

    __repr__ = str.__repr__


def _code(code: str, meaning: str, severity: Severity, group: str, example: str | None) -> Code:
    return Code(code, meaning, severity=severity, group=group, example=example)


# --------------------------------------------------------------------------- findings


@attrs.frozen
class Finding(metaclass=Documented):
    """One explained result of a check.

    (``Reason``, in :mod:`nrm_core` and :mod:`nrm_core.citations`, is this class's older
    name, and its name in the case format.)

    ``code`` is stable (kebab-case) and safe to store or compare; ``message``
    is plain English and never contains a child's personal data; ``citation``
    names the rule (``None`` only for checks of logic, such as date order);
    ``inputs`` lists the non-personal values the check used. ``passed`` says whether
    the check passed (a failed check is the usual finding; a route explains passes too) and
    ``location`` where the finding is (a field, a JSON path, a line of a file, a routing
    rule), where there is one; neither is written in a case file, and ``passed`` (how the
    check went, not what it found) is not part of equality.
    """

    code: str = attrs.field(validator=stable_code)
    message: str = attrs.field(kw_only=True, validator=non_empty_str)
    citation: Citation | None = attrs.field(
        kw_only=True,
        default=None,
        validator=instance_of((Citation, type(None)), "a Citation or None"),
    )
    inputs: tuple[tuple[str, str], ...] = attrs.field(
        kw_only=True, default=(), converter=to_pairs, validator=str_pairs
    )
    passed: bool = attrs.field(
        kw_only=True, default=False, validator=is_bool, eq=False, metadata={"json": {"skip": True}}
    )
    location: str | None = attrs.field(
        kw_only=True, default=None, validator=optional_str, metadata={"json": {"skip": True}}
    )

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.citation})" if self.citation else text

    def __repr__(self) -> str:
        """The code, the names of the inputs and the citation's source: not the message
        or the inputs' values, which together with a date can give away a date of birth
        (``measured_on`` plus ``days_before_18`` is the 18th birthday). ``str`` and
        :attr:`message` give the words.

        >>> from nrm_core.checks import Finding
        >>> Finding("before-age-cutoff", message="807 days before the 18th birthday",
        ...         inputs=(("measured_on", "2026-03-02"), ("days_before_18", "807")))
        Finding(code='before-age-cutoff', inputs=('measured_on', 'days_before_18'))
        """
        names = tuple(name for name, _ in self.inputs)
        source = f", citation={self.citation.source.key!r}" if self.citation else ""
        return f"Finding(code={self.code!r}, inputs={names!r}{source})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    @property
    def rule(self) -> str | None:
        """Deprecated (a routing result's ``RoutingCheck.rule``): use :attr:`location`."""
        _deprecated.warn("Finding.rule", "use .location")
        return self.location

    @property
    def reason(self) -> Finding:
        """Deprecated (a routing result's ``RoutingCheck.reason``): the finding itself."""
        _deprecated.warn("Finding.reason", "use the finding")
        return self


# --------------------------------------------------------------------------- checks

Outcome = str | tuple[Finding, ...] | None
"""What a check's test returns: ``None`` (or an empty tuple) when the rule holds, else a
message (reported under the check's code and citation) or the findings of a delegated
check (such as :func:`~nrm_core.panel.check_panel`)."""


@attrs.frozen
class Check(Generic[Subject]):
    """A rule, declared once: its stable code, a plain-English summary (for the docs and
    the catalogue), its citation and its test.

    The test returns ``None`` when the rule holds; otherwise a message naming what is
    wrong, built only then. :meth:`holds` evaluates the test alone (lean);
    :meth:`findings` explains a failure.
    """

    code: str = attrs.field(validator=stable_code)
    summary: str = attrs.field(kw_only=True, validator=non_empty_str)
    citation: Citation | None = attrs.field(kw_only=True)
    test: Callable[[Subject], Outcome] = attrs.field(kw_only=True, eq=False, repr=False)
    explain: Callable[[Subject, bool], Finding] | None = attrs.field(
        kw_only=True, default=None, eq=False, repr=False
    )
    """A rule's finding whichever way the test went (a routing rule's): when given, a failure
    is explained by it (the test's result only says it failed)."""
    location: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)
    """Where a failure is found, for a check of one place (a field, a payload key)."""

    def holds(self, subject: Subject) -> bool:
        """Whether the rule holds for ``subject`` (lean: no finding is built)."""
        return not self.test(subject)

    def findings(self, subject: Subject) -> tuple[Finding, ...]:
        """The findings of a failure (empty when the rule holds)."""
        result = self.test(subject)
        if not result:
            return ()
        if self.explain is not None:
            return (self.explain(subject, False),)
        if isinstance(result, str):
            return (
                Finding(self.code, message=result, citation=self.citation, location=self.location),
            )
        return result

    def failures(self, subject: Subject) -> tuple[Finding, ...]:
        """Deprecated, kept for one release (``Guard.failures``): use :meth:`findings`."""
        _deprecated.warn("Check.failures()", "use Check.findings()")
        return self.findings(subject)

    @property
    def check(self) -> Callable[[Subject], Outcome]:
        """Deprecated, kept for one release (``Guard.check``): use :attr:`test`."""
        _deprecated.warn("Check.check", "use Check.test")
        return self.test

    def results(self, subject: Subject) -> tuple[Finding, ...]:
        """The findings of a failure, or of a pass the check explains (:attr:`explain`)."""
        if self.explain is None:
            return self.findings(subject)
        return (self.explain(subject, not self.test(subject)),)

    def declared_code(self, group: str) -> Code:
        """The check's :class:`Code`, in ``group``, meaning its summary."""
        return Code(self.code, self.summary, group=group)


@attrs.frozen(init=False)
class CheckTable(Generic[Subject]):
    """An ordered table of checks, evaluated explained or lean from the one declaration.

    :meth:`findings` gives every failed check's findings, in order (explained);
    :meth:`holds` says whether every check holds, building no message (lean).
    """

    checks: tuple[Check[Subject], ...]
    _tests: tuple[Callable[[Subject], Outcome], ...] = attrs.field(repr=False, eq=False)

    def __init__(self, checks: Iterable[Check[Subject]]) -> None:
        checks = tuple(checks)
        self.__attrs_init__(checks, tuple(check.test for check in checks))

    def __iter__(self) -> Iterator[Check[Subject]]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __add__(self, other: CheckTable[Subject]) -> CheckTable[Subject]:
        return CheckTable(self.checks + other.checks)

    def holds(self, subject: Subject) -> bool:
        """Whether every check holds (lean: each test alone, stopping at the first that
        fails; no message or finding is built)."""
        for test in self._tests:  # noqa: SIM110  (a loop: faster than all() over a generator)
            if test(subject):
                return False
        return True

    def findings(self, subject: Subject) -> tuple[Finding, ...]:
        """Every failed check's findings, in table order (explained)."""
        return tuple(finding for check in self.checks for finding in check.findings(subject))

    def results(self, subject: Subject) -> tuple[Finding, ...]:
        """Every check's findings, passed (where it explains a pass) or failed, in order."""
        return tuple(finding for check in self.checks for finding in check.results(subject))

    def codes(self, group: str) -> tuple[Code, ...]:
        """The code each check declares (once each), in ``group``, meaning its summary; a
        check whose code is a :class:`Code` already declared with another rule is left to
        that rule's table (one code, one declaration)."""
        seen: dict[str, Code] = {}
        for check in self.checks:
            if not isinstance(check.code, Code):
                seen.setdefault(check.code, check.declared_code(group))
        return tuple(seen.values())


class Collector:
    """The findings a reader collects (a policy file, a register, a record), each at its
    location, in the order found: one collector for every reader.

    >>> from nrm_core.checks import Collector
    >>> found = Collector("example-problem")
    >>> found.add("$.version", "expected 1")
    >>> len(found), found.texts()
    (1, ['$.version: expected 1'])
    >>> found.findings[0].location
    '$.version'

    ``finding`` makes each finding from its code and ``message``, ``citation`` and
    ``location`` (keywords): :class:`Finding` by default, or a reader's own (the Home Office
    form's reader makes a :class:`~nrm_core.io.interchange.Problem`, with its code's severity,
    at the JSON path of the payload key it is given as the location).
    """

    def __init__(self, code: str, *, finding: Callable[..., Finding] = Finding) -> None:
        self.code = code
        """The code of a finding added without one."""
        self.finding = finding
        self.findings: list[Finding] = []

    def add(
        self,
        location: str | None,
        message: str,
        *,
        code: str | None = None,
        citation: Citation | None = None,
    ) -> None:
        """A finding at ``location`` (a JSON path, a line, a site; ``None``: the whole)."""
        self.findings.append(
            self.finding(code or self.code, message=message, citation=citation, location=location)
        )

    def caught(self, location: str | None, error: Exception, message: str | None = None) -> None:
        """An error raised by a value read, at ``location``, under the error's own code and
        citation (an :class:`NrmError`'s first finding's; this collector's code for any other
        error), with ``message`` or the error's text: the wrapper's code does not hide it."""
        first = error.findings[0] if isinstance(error, NrmError) else None
        code, citation = (first.code, first.citation) if first else (None, None)
        self.add(location, message or str(error), code=code, citation=citation)

    def extend(self, other: Iterable[Finding]) -> None:
        self.findings.extend(other)

    def check(self, checks: Iterable[Check[Subject]], subject: Subject) -> None:
        """Evaluate ``checks`` explained on ``subject``: each finding is added (made by
        :attr:`finding`) at its check's location."""
        for check in checks:
            for found in check.findings(subject):
                self.add(found.location, found.message, code=found.code, citation=found.citation)

    def __len__(self) -> int:
        return len(self.findings)

    def texts(self) -> list[str]:
        """Each finding as one line of text: ``location: message``."""
        return [f"{f.location}: {f.message}" if f.location else f.message for f in self.findings]


UNPRINTABLE_TEXT = Code(
    "unprintable-text",
    "A one-line text holds a control character, line break or text-direction override.",
    group="format",
)
CODES: tuple[Code, ...] = (UNPRINTABLE_TEXT,)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
