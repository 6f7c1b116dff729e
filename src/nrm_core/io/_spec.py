"""Declarative specs of the JSON interchange format.

One spec per type drives three things, so they cannot disagree:
structuring (strict, collecting **every** problem with its JSON path),
unstructuring (to plain JSON values) and the JSON Schema.

Strictness: no coercion (``1`` is not ``"1"``), ISO 8601 dates (``YYYY-MM-DD``)
only, unknown keys are errors, enum values are checked with a "did you mean"
suggestion. Values of sensitive fields (names, dates of birth, free text) are
never echoed in messages; other values are echoed only when they look like a
short code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import itertools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from nrm_core import _validate, checks
from nrm_core.authority import GSS_PATTERN, gss_code
from nrm_core.checks import Citation, Code, Finding, Severity
from nrm_core.errors import InvalidValueError

WRONG_TYPE = Code("wrong-type", "A value has the wrong JSON type (no coercion).", group="format")
MISSING_FIELD = Code("missing-field", "A required field is absent.", group="format")
UNKNOWN_FIELD = Code("unknown-field", "A field the format does not define.", group="format")
EMPTY_VALUE = Code("empty-value", "A string or list that must not be empty is.", group="format")
TOO_LONG = Code("too-long", "A string or list exceeds its maximum length.", group="format")
DUPLICATE_VALUE = Code("duplicate-value", "A set-like list repeats an item.", group="format")
INVALID_DATE = Code("invalid-date", "Not an ISO 8601 calendar date (YYYY-MM-DD).", group="format")
INVALID_ENUM = Code(
    "invalid-enum", "Not one of the allowed codes (with a suggestion).", group="format"
)
INVALID_IDENTIFIER = Code("invalid-identifier", "Not a pseudonymous identifier.", group="format")
INVALID_GSS_CODE = Code("invalid-gss-code", "Not a GSS code (letter + 8 digits).", group="format")
INVALID_FORMAT = Code("invalid-format", "A string does not have the required form.", group="format")
UNKNOWN_EVENT_TYPE = Code(
    "unknown-event-type", "An event's 'event' tag is not known.", group="format"
)
INVALID_VALUE = Code("invalid-value", "A value breaks a rule of its type.", group="format")


@attrs.frozen(init=False)
class Problem(Finding):
    """A :class:`~nrm_core.checks.Finding` in a record or a file: its ``location`` is a JSON
    path (also :attr:`path`), and it has a severity (an error, or a query to confirm).

    >>> from nrm_core.io.interchange import Problem
    >>> problem = Problem("missing-field", path="$.referral", message="is required but missing")
    >>> problem.location, str(problem)
    ('$.referral', 'error: $.referral: [missing-field] is required but missing')
    """

    severity: Severity = attrs.field(default=Severity.ERROR, kw_only=True)

    def __init__(
        self,
        code: str,
        *,
        path: str,
        message: str,
        severity: Severity = Severity.ERROR,
        citation: Citation | None = None,
    ) -> None:
        self.__attrs_init__(
            code, message=message, citation=citation, location=path, severity=severity
        )

    @property
    def path(self) -> str:
        """The JSON path of the problem (``$.referral.child``): its :attr:`location`."""
        return self.location or "$"

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "severity": self.severity.value,
            "citation": str(self.citation) if self.citation else None,
        }

    def __str__(self) -> str:
        where = f" ({self.citation})" if self.citation else ""
        return f"{self.severity.value}: {self.path}: [{self.code}] {self.message}{where}"


BAD: Any = object()
"""Returned by ``structure`` when the value was invalid (problems were recorded)."""

_SAFE = re.compile(r"(?=.*[0-9])(?:[a-z][a-z0-9-]{0,39}|[A-Z][A-Z0-9-]{0,15})")
_TOKEN = re.compile(r"[a-z][a-z0-9-]{0,39}")
"""A lower-case code, quoted only as a near miss of one of a closed list's codes."""
_DATE_LIKE = re.compile(r".*\d{4}.*|.*\d{1,2}[-/.]\d{1,2}.*")
"""Values that look like codes: a lower-case token or an upper-case code with a digit in it
(``e0900002``, ``E9999999X``). Anything else (a word in capitals or in lower case, spaces,
capitalised words: any of them may be a name typed into the wrong field) is never quoted."""


def shown_if_near(value: object, choices: Iterable[str]) -> tuple[str, str]:
    """``(shown value, suggestion)`` for a value outside a closed list: the value is quoted
    only when it is a near miss of one of the choices (a typo of a code, not a word that could
    be someone's name typed into the wrong field)."""
    hint = suggestion(value, choices)
    near = (
        hint
        and isinstance(value, str)
        and _TOKEN.fullmatch(value)
        and not _DATE_LIKE.fullmatch(value)
    )
    return (f" {value!r}" if near else ""), hint


def shown(value: object, sensitive: bool) -> str:
    """How a bad value may be quoted in a message: never when sensitive or long."""
    if (
        not sensitive
        and isinstance(value, str)
        and _SAFE.fullmatch(value)
        and not _DATE_LIKE.fullmatch(value)
    ):
        return f" {value!r}"
    return ""


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


SUGGEST_LIMIT = 100
"""Unknown keys past this many problems in a record get no "did you mean" (the
report lists no more than :data:`nrm_core.io.validation.MAX_PROBLEMS` anyway)."""


def nearest(value: object, choices: Iterable[str]) -> str | None:
    """The choice ``value`` is a near miss of (a typo, a different case), if any."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    match = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def suggestion(value: object, choices: Iterable[str]) -> str:
    match = nearest(value, choices)
    return f"; did you mean {match!r}?" if match else ""


_FORMAT_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
"""How the format's own keys are written (``referred_on``)."""
NEAR_KEY = 0.8
"""How alike (difflib's ratio) an unknown key must be to one of the format's keys to be named."""


def unknown_key(key: object, position: int, owner: str, fields: Iterable[str], path: str, *,
                suggest: bool = True) -> Problem:  # fmt: skip
    """The problem for a key ``owner`` does not define.

    A near miss of one of the format's keys (``refered_on``, ``evnt``: written like them and
    at least :data:`NEAR_KEY` alike) is a misspelling, not personal data, so it is named in
    the path and the message. Any other key is named by its position only, and the message
    says why: a key can be free text (a name typed as a key, say). ``suggest=False`` (past
    the listing limit) skips the search.
    """
    if suggest and isinstance(key, str) and _FORMAT_KEY.fullmatch(key):
        near = difflib.get_close_matches(key, list(fields), n=1, cutoff=NEAR_KEY)
        if near:
            return Problem(
                "unknown-field",
                path=f"{path}.{key}",
                message=f"{owner} has no field {key!r}; did you mean {near[0]!r}?",
            )
    return Problem(
        "unknown-field",
        path=f"{path}.<key {position}>",
        message=f"{owner} has no such field (key {position} of the object; a key that is not "
        "a near miss of one of the format's keys is not shown, as it may be personal data)",
    )


class _Bail(Exception):
    """The lean evaluation met a value it does not accept; the explained one says why."""


def _bail() -> Any:
    raise _Bail


@attrs.frozen
class Rule:
    """One rule of a spec, declared once and evaluated two ways (see :class:`Spec`).

    ``test`` is a Python expression over ``value`` (and the names the spec declares with it);
    when it is false the value breaks the rule. Explained, the rule then reports ``code`` at
    the value's path (plus ``at``) with ``message`` (text, or a function of the value), or
    ``report`` appends its own problems; ``fatal`` rules end the evaluation. Lean, the first
    broken rule ends it with no message built; an ``implied`` rule is not tested there, as the
    step after it fails by itself (a missing key raises ``KeyError``).
    """

    test: str
    code: str = INVALID_VALUE
    message: str | Callable[[Any], str] = ""
    at: str = ""
    report: Callable[[Any, str, list[Problem]], None] | None = None
    fatal: bool = True
    implied: bool = False

    def explain(self, value: Any, path: str, out: list[Problem]) -> None:
        if self.report is not None:
            self.report(value, path, out)
        else:
            message = self.message if isinstance(self.message, str) else self.message(value)
            out.append(Problem(self.code, path=path + self.at, message=message))


@attrs.frozen
class Bind:
    """A step that computes ``name`` from ``lean``, an expression (``explained``, if given, is
    its form in the explained evaluation, with the path and the problems; it gives
    :data:`BAD` when it found a problem, which ends the evaluation)."""

    name: str
    lean: str
    explained: str | None = None


Step = Rule | Bind


def _expected(what: str) -> Callable[[Any], str]:
    return lambda value: f"expected {what}, got {json_type(value)}"


def _lines(steps: Iterable[Step], explained: bool, scope: dict[str, Any]) -> list[str]:
    """The body of a spec's function evaluating ``steps`` in one mode (a rule's objects are
    put in ``scope``)."""
    lines = []
    for step in steps:
        if isinstance(step, Bind):
            lines.append(
                f"{step.name} = {step.explained if explained and step.explained else step.lean}"
            )
            if explained and step.explained:
                lines.append(f"if {step.name} is BAD: return BAD")
        elif explained:
            name = f"rule{len(scope)}"
            scope[name] = step
            fail = "return BAD" if step.fatal else "ok = False"
            lines += [
                f"if not ({step.test}):",
                f"    {name}.explain(value, path, out)",
                f"    {fail}",
            ]
        elif not step.implied:
            lines += [f"if not ({step.test}):", "    return bail()"]
    return lines


def _function(lines: list[str], scope: dict[str, Any], explained: bool) -> Callable[..., Any]:
    scope.update(BAD=BAD, bail=_bail)
    head = "def spec(value, path, out):" if explained else "def spec(value):"
    exec("\n".join([head, *(f"    {line}" for line in lines)]), scope)  # from the spec alone
    function: Callable[..., Any] = scope["spec"]
    return function


def _resolve(value: Any, explained: bool) -> Any:
    """A name of a spec's declaration in one mode: a spec (or a dict of them) is its function."""
    if isinstance(value, Spec):
        return value._function(explained)
    if isinstance(value, dict) and value and all(isinstance(v, Spec) for v in value.values()):
        return {key: spec._function(explained) for key, spec in value.items()}
    return value


class Spec:
    """Base of the specs.

    Each spec declares its rules once (:meth:`declare`: :class:`Rule` and :class:`Bind`
    steps, in order), and one generator makes two functions of them:

    * explained (:meth:`structure`): every problem, each with its code, path and message;
    * lean (:meth:`compiled`): the same rules, no path or message built, raising at the first
      rule broken.

    :meth:`checked` runs the lean function and on any exception the explained one, so
    problems are always the explained evaluation's.
    """

    description: str = ""
    writes = False
    """Whether the spec has a generated writer (:meth:`_writer`): an object's or a list's,
    which another writer calls directly."""

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        """The steps, in order, and the names their expressions use (a spec among them is
        its function in the same mode). The value is the last :class:`Bind`'s (or ``value``)."""
        raise NotImplementedError

    def _generate(self, explained: bool) -> Callable[..., Any]:
        steps, names = self.declare()
        scope = {name: _resolve(value, explained) for name, value in names.items()}
        result = next((step.name for step in reversed(steps) if isinstance(step, Bind)), "value")
        return _function([*_lines(steps, explained, scope), f"return {result}"], scope, explained)

    def _function(self, explained: bool) -> Callable[..., Any]:
        built: dict[bool, Callable[..., Any] | None] = vars(self).setdefault("_built", {})
        if explained not in built:
            built[explained] = None  # being built: a recursive reference resolves at call time
            built[explained] = self._generate(explained)
        function = built[explained]
        return function or (lambda *args: self._function(explained)(*args))

    def compiled(self) -> Callable[[Any], Any]:
        """The lean function: the structured value, or an exception."""
        return self._function(False)

    def structure(self, value: Any, path: str, out: list[Problem]) -> Any:
        """The structured value, or :data:`BAD` with every problem appended to ``out``."""
        return self._function(True)(value, path, out)

    def checked(self, value: Any, path: str, out: list[Problem]) -> Any:
        """The same as :meth:`structure`, lean when the value breaks no rule."""
        try:
            return self._function(False)(value)
        except Exception:  # any refusal: the explained evaluation reports
            return self._function(True)(value, path, out)

    def unstructure(self, value: Any) -> Any:
        raise NotImplementedError

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        """An expression, in a generated writer, for the JSON form of the value in local
        ``var``: :meth:`unstructure` called, unless the spec writes it inline."""
        name = f"w{len(scope)}"
        scope[name] = self._writer() if self.writes else self.unstructure
        return f"{name}({var})"

    def _writer(self) -> Callable[[Any], Any]:
        """The generated writer of an object or list spec (:meth:`_write_lines`), made once:
        the JSON form by straight-line code, as :meth:`unstructure` defines it."""
        write: Callable[[Any], Any] | None = vars(self).get("_write")
        if write is None:
            # A recursive reference, met while the writer is made, finds it when called.
            vars(self)["_write"] = lambda value: self._writer()(value)
            scope: dict[str, Any] = {}
            source = "\n    ".join(["def write(value):", *self._write_lines(scope)])
            exec(source, scope)  # from the spec alone, no input
            write = vars(self)["_write"] = scope["write"]
        return write

    def _write_lines(self, scope: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


class Str(Spec):
    def __init__(
        self,
        description: str,
        *,
        pattern: str | None = None,
        max_length: int = 10_000,
        sensitive: bool = False,
        allow_empty: bool = False,
        code: str = "invalid-format",
    ) -> None:
        self.description = description
        self.pattern = pattern
        self.regex = re.compile(pattern) if pattern else None
        self.max_length = max_length
        self.sensitive = sensitive
        self.allow_empty = allow_empty
        self.code = code

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        limit = self.max_length
        steps: list[Step] = [Rule("isinstance(value, str)", WRONG_TYPE, _expected("a string"))]
        if not self.allow_empty:
            steps.append(Rule("value.strip()", EMPTY_VALUE, "must not be empty"))
        steps.append(Rule(f"len(value) <= {limit}", TOO_LONG, f"longer than {limit} characters"))
        if self.regex is not None:
            steps.append(Rule("fullmatch(value)", self.code, self._mismatch))
        return tuple(steps), {"fullmatch": self.regex and self.regex.fullmatch}

    def _mismatch(self, value: str) -> str:
        return (
            f"the value{shown(value, self.sensitive)} is not {self.description}{self._hint(value)}"
        )

    def _hint(self, value: str) -> str:
        """A "did you mean" for a GSS code typed in lower case or with spaces. Only GSS
        codes (public codes of councils): an identifier or a kebab-case code could be a
        name typed into the wrong field, and is never echoed."""
        if self.code != INVALID_GSS_CODE or self.regex is None or len(value) > 100:
            return ""
        candidate = value.strip().upper()
        return f"; did you mean {candidate!r}?" if self.regex.fullmatch(candidate) else ""

    def unstructure(self, value: Any) -> Any:
        return value

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        return var

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if not self.allow_empty:
            result["minLength"] = 1
        if self.pattern:
            # (?!\n) keeps regex engines whose $ also matches before a final newline (Python's)
            # from accepting what the validator refuses.
            result["pattern"] = f"^(?:{self.pattern})(?!\n)$"
        if self.description:
            result["description"] = self.description
        return result


_ISO_DATE = _validate._ISO_DAY  # the one form of a day as text (see _validate.parse_day)


def _day(text: str) -> dt.date | None:
    """The day ``text`` names in the form ``YYYY-MM-DD``, or ``None`` (no cache of parsed
    dates: it would keep dates of birth in memory after validation)."""
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return None


class Date(Spec):
    description = "an ISO 8601 calendar date (YYYY-MM-DD)"

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        return (
            Rule("isinstance(value, str)", WRONG_TYPE, _expected("a date string (YYYY-MM-DD)")),
            Bind("result", "day(value)"),
            Rule("result is not None", INVALID_DATE, "is not a valid ISO 8601 date (YYYY-MM-DD)"),
        ), {"day": _day}

    def unstructure(self, value: Any) -> Any:
        return value.isoformat()

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        return f"{var}.isoformat()"

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class Bool(Spec):
    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        return (Rule("isinstance(value, bool)", WRONG_TYPE, _expected("true or false")),), {}

    def unstructure(self, value: Any) -> Any:
        return value

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        return var

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "boolean"}


class Int(Spec):
    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        integer = "isinstance(value, int) and not isinstance(value, bool)"
        steps: list[Step] = [Rule(integer, WRONG_TYPE, _expected("an integer"))]
        if self.minimum is not None:
            steps.append(
                Rule(f"value >= {self.minimum}", message=f"must be at least {self.minimum}")
            )
        return tuple(steps), {}

    def unstructure(self, value: Any) -> Any:
        return value

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        return var

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        return result


class Const(Spec):
    def __init__(self, value: Any, code: str = "invalid-value") -> None:
        self.value = value
        self.code = code

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        # JSON numbers 2 and 2.0 are the same number (the JSON Schema agrees), so an integer
        # constant accepts an equal float; booleans are never numbers.
        same = "value == const and (type(value) is kind or number and type(value) is float)"
        return (
            Rule(same, self.code, f"must be {self.value!r}"),
            Bind("result", "const"),
        ), {"const": self.value, "kind": type(self.value), "number": isinstance(self.value, int)}

    def unstructure(self, value: Any) -> Any:
        return self.value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"const": self.value}


class Choice(Spec):
    """A member of an :class:`enum.Enum`, written as its value."""

    def __init__(self, enum_type: type[enum.Enum], description: str | None = None) -> None:
        self.enum_type = enum_type
        self.values = [member.value for member in enum_type]
        self.description = description or f"one of {', '.join(self.values)}"

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        return (
            Rule("isinstance(value, str)", WRONG_TYPE, _expected(f"a string ({self.description})")),
            Bind("result", "members.get(value)"),
            Rule("result is not None", INVALID_ENUM, self._not_member),
        ), {"members": {member.value: member for member in self.enum_type}}

    def _not_member(self, value: str) -> str:
        quoted, hint = shown_if_near(value, self.values)
        return f"the value{quoted} is not {self.description}{hint}"

    def unstructure(self, value: Any) -> Any:
        return value.value

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        return f"{var}.value"

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"enum": list(self.values), "description": self.description}


class Nullable(Spec):
    def __init__(self, inner: Spec) -> None:
        self.inner = inner

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        either = "None if value is None else inner(value{})"
        return (Bind("result", either.format(""), either.format(", path, out")),), {
            "inner": self.inner
        }

    def unstructure(self, value: Any) -> Any:
        return None if value is None else self.inner.unstructure(value)

    def _written(self, var: str, scope: dict[str, Any]) -> str:
        return f"(None if {var} is None else {self.inner._written(var, scope)})"

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [self.inner.schema(defs), {"type": "null"}]}


def _each(item: Callable[..., Any], values: list[Any], path: str, out: list[Problem]) -> Any:
    """Each of ``values`` structured by ``item`` (explained), or :data:`BAD`."""
    items = tuple(item(value, f"{path}[{n}]", out) for n, value in enumerate(values))
    return BAD if any(item is BAD for item in items) else items


class Seq(Spec):
    """A JSON array, structured as a tuple (or a frozenset, with ``unique=True``)."""

    writes = True

    def __init__(
        self, item: Spec, *, unique: bool = False, min_items: int = 0, max_items: int = 10_000
    ) -> None:
        self.item = item
        self.unique = unique
        self.min_items = min_items
        self.max_items = max_items

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        low, high = self.min_items, self.max_items
        steps: list[Step] = [Rule("isinstance(value, list)", WRONG_TYPE, _expected("an array"))]
        if low:
            steps.append(Rule(f"len(value) >= {low}", EMPTY_VALUE, f"needs at least {low} item(s)"))
        steps += [
            Rule(f"len(value) <= {high}", TOO_LONG, f"has more than {high} items"),
            Bind("result", "tuple(map(item, value))", "each(item, value, path, out)"),
        ]
        if self.unique:
            steps += [
                Bind("result", "frozenset(result)"),
                Rule("len(result) == len(value)", DUPLICATE_VALUE, "items must not repeat"),
            ]
        return tuple(steps), {"item": self.item, "each": _each}

    def unstructure(self, value: Any) -> Any:
        return self._writer()(value)

    def _write_lines(self, scope: dict[str, Any]) -> list[str]:
        # items written in order; a set's sorted by their repr, so its form is one list
        lines = [f"items = [{self.item._written('item', scope)} for item in value]"]
        return [*lines, *(["items.sort(key=repr)"] if self.unique else []), "return items"]

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {
            "type": "array",
            "items": self.item.schema(defs),
            "maxItems": self.max_items,
        }
        if self.min_items:
            result["minItems"] = self.min_items
        if self.unique:
            result["uniqueItems"] = True
        return result


def _not_strings(value: dict[Any, Any], path: str, out: list[Problem]) -> None:
    # A key is named by its position: keys can be free text (a name, say).
    for position, item in enumerate(value.values(), start=1):
        if not isinstance(item, str):
            _expected_at(f"{path}.<key {position}>", "a string", item, out)


def _expected_at(path: str, what: str, value: Any, out: list[Problem]) -> None:
    out.append(Problem(WRONG_TYPE, path=path, message=_expected(what)(value)))


class StrMap(Spec):
    """A JSON object of strings, structured as a tuple of (key, value) pairs."""

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        return (
            Rule("isinstance(value, dict)", WRONG_TYPE, _expected("an object")),
            Rule("all(map(isinstance, value.values(), repeat(str)))", report=_not_strings),
            Bind("result", "tuple(value.items())"),
        ), {"repeat": itertools.repeat}

    def unstructure(self, value: Any) -> Any:
        return dict(value)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "string"}}


_MISSING: Any = object()


@attrs.frozen
class F:
    """A field of an object spec: JSON ``name`` and the attribute it sets."""

    name: str
    spec: Spec = attrs.field(kw_only=True)
    default: Any = attrs.field(default=_MISSING, kw_only=True)
    attr: str | None = attrs.field(default=None, kw_only=True)
    description: str = attrs.field(default="", kw_only=True)
    omit_default: bool = attrs.field(default=False, kw_only=True)
    """Leave the field out of the JSON form when it has its default value."""

    @property
    def required(self) -> bool:
        return self.default is _MISSING

    @property
    def attribute(self) -> str:
        return self.attr or self.name


class Obj(Spec):
    """A JSON object that becomes an attrs instance.

    ``build`` turns the structured fields (by attribute name) into the value;
    :class:`~nrm_core.InvalidValueError` it raises becomes a problem at the
    offending field's path with the error's code and citation.
    """

    writes = True

    def __init__(
        self,
        name: str,
        fields: Iterable[F],
        build: Callable[..., Any],
        *,
        description: str = "",
        tag: tuple[str, str] | None = None,
        read: Callable[[Any], Mapping[str, Any]] | None = None,
        shared: bool = False,
    ) -> None:
        self.shared = shared
        self.cache: dict[Any, Any] = {}
        self.name = name
        self.fields = tuple(fields)
        self.build = build
        self.description = description
        self.tag = tag
        self.read = read
        self.by_name = {field.name: field for field in self.fields}
        self.allowed = set(self.by_name) | ({tag[0]} if tag else set())

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        """The object's own rules (its fields' are theirs): an object, no unknown key, each
        required field present (lean: its absence raises ``KeyError``)."""
        return (
            Rule("isinstance(value, dict)", WRONG_TYPE, _expected(f"an object ({self.name})")),
            Rule("allowed.issuperset(value)", report=self._unknown_keys, fatal=False),
            *(
                Rule(
                    f"{field.name!r} in value",
                    MISSING_FIELD,
                    "is required but missing",
                    at=f".{field.name}",
                    fatal=False,
                    implied=True,
                )
                for field in self.fields
                if field.required
            ),
        ), {"allowed": frozenset(self.allowed)}

    def _unknown_keys(self, value: dict[Any, Any], path: str, out: list[Problem]) -> None:
        for position, key in enumerate(value, start=1):
            if key not in self.allowed:
                # Past the listing limit a suggestion would not be shown: skip its cost.
                out.append(unknown_key(key, position, self.name, self.allowed, path,
                                       suggest=len(out) < SUGGEST_LIMIT))  # fmt: skip

    def _failed(self, error: InvalidValueError, path: str, out: list[Problem]) -> Any:
        """The problem of an object its class refused, at the offending field's path."""
        name = error.field
        for field in self.fields:
            if field.attribute == name.split(".")[0].split("[")[0]:
                name = field.name + name[len(field.attribute) :]
                break
        out.append(Problem(error.code, path=f"{path}.{name}", message=error.problem,
                           citation=error.citation))  # fmt: skip
        return BAD

    def _generate(self, explained: bool) -> Callable[..., Any]:
        """Straight-line code for this object, one line per field, in either mode.

        A shared object (a citation, its source) is built once for equal fields, in either
        mode; lean, one whose fields are all strings, booleans or other shared objects is
        looked up by its raw field values before any is checked: the same citation appears
        in thousands of records and is checked once.
        """
        steps, names = self.declare()
        rules = {rule.at[1:]: rule for rule in steps[2:] if isinstance(rule, Rule)}
        scope: dict[str, Any] = {**names, "MISSING": _MISSING, "cache": self.cache,
                                 "small": _small, "failed": self._failed,
                                 "Refused": InvalidValueError,
                                 "build": self.build}  # fmt: skip
        if not explained:  # values the specs have checked: validators they imply are not rerun
            scope["build"] = _trusted(self.build, self.fields) or self.build
        lines = (["ok = True"] if explained else []) + _lines(steps[:2], explained, scope)
        raw_key = self.shared and all(_keyable(field) for field in self.fields)
        for index, field in enumerate(self.fields):
            scope[f"f{index}"], scope[f"d{index}"] = field.spec._function(explained), field.default
            name, local = field.name, f"a{index}"
            if explained:
                lines += [f"if {name!r} in value:",
                          f"    {local} = f{index}(value[{name!r}], path + {'.' + name!r}, out)",
                          f"    ok = ok and {local} is not BAD", "else:"]  # fmt: skip
                if field.required:
                    lines += _lines([rules[name]], True, scope)[1:]
                else:
                    lines.append(f"    {local} = d{index}")
                continue
            lines.append(f"r{index} = value[{name!r}]" if field.required
                         else f"r{index} = value.get({name!r}, MISSING)")  # fmt: skip
            if raw_key and isinstance(field.spec, Obj):  # a shared object: its own cache first
                lines.append(f"r{index} = f{index}(r{index})")
        if explained:
            lines += ["if not ok:", "    return BAD"]
            if raw_key:  # the raw values, as the lean evaluation keys them
                lines += [f"r{n} = a{n}" if isinstance(f.spec, Obj) else f"r{n} = value.get("
                          f"{f.name!r}, MISSING)" for n, f in enumerate(self.fields)]  # fmt: skip
        if raw_key:
            # A str never equals a value of another type; anything else is keyed with its type.
            key = [f"r{n}" if _str_only(f.spec) else f"type(r{n}), r{n}"
                   for n, f in enumerate(self.fields)]  # fmt: skip
            lines += [f"key = ({''.join(f'{part}, ' for part in key)})", "result = cache.get(key)",
                      "if result is not None:", "    return result"]  # fmt: skip
        for index, field in enumerate(self.fields):
            if explained:
                break
            if raw_key and isinstance(field.spec, Obj):
                lines.append(f"a{index} = r{index}")
            elif field.required:
                lines.append(f"a{index} = f{index}(r{index})")
            else:
                lines.append(f"a{index} = d{index} if r{index} is MISSING else f{index}(r{index})")
        call = "build(" + ", ".join(f"{f.attribute}=a{n}" for n, f in enumerate(self.fields)) + ")"
        refused = "\n    except Refused as error:\n        return failed(error, path, out)"
        call = f"try:\n        result = {call}{refused}" if explained else f"result = {call}"
        if self.shared:  # equal fields make an equal object: build each one once
            if not raw_key:
                lines.append(f"key = ({''.join(f'a{n}, ' for n in range(len(self.fields)))})")
                lines += ["result = cache.get(key)", "if result is not None:", "    return result"]
            lines += [call, f"if len(cache) < {_CACHED} and small(key):", "    cache[key] = result"]
        else:
            lines.append(call)
        lines.append("return result")
        return _function(lines, scope, explained)

    def unstructure(self, value: Any) -> Any:
        return self._writer()(value)

    def _write_lines(self, scope: dict[str, Any]) -> list[str]:
        """The tag, then each field in order, read from the value (or from what ``read``
        gives), a field left out while it has its default if ``omit_default``."""
        lines = ["source = read(value)"] if self.read else []
        scope["read"] = self.read
        pairs = [f"{self.tag[0]!r}: {self.tag[1]!r}"] if self.tag else []
        later: list[str] = []  # from the first field that may be left out, one line each
        for index, field in enumerate(self.fields):
            local = f"x{index}"
            read = f"source[{field.attribute!r}]" if self.read else f"value.{field.attribute}"
            lines.append(f"{local} = {read}")
            written = field.spec._written(local, scope)
            if field.omit_default:
                scope[f"d{index}"] = field.default
                later += [
                    f"if not ({local} == d{index}):",
                    f"    result[{field.name!r}] = {written}",
                ]
            elif later:
                later.append(f"result[{field.name!r}] = {written}")
            else:
                pairs.append(f"{field.name!r}: {written}")
        return [*lines, f"result = {{{', '.join(pairs)}}}", *later, "return result"]

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        key = self.name
        if key not in defs:
            defs[key] = {}  # reserve (recursion guard)
            properties: dict[str, Any] = {}
            if self.tag:
                properties[self.tag[0]] = {"const": self.tag[1]}
            for field in self.fields:
                schema = field.spec.schema(defs)
                if field.description:
                    schema = {**schema, "description": field.description}
                properties[field.name] = schema
            required = [field.name for field in self.fields if field.required]
            if self.tag:
                required.insert(0, self.tag[0])
            definition: dict[str, Any] = {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
            if self.description:
                definition["description"] = self.description
            defs[key] = definition
        return {"$ref": f"#/$defs/{key}"}


def _str_only(spec: Spec) -> bool:
    """Whether every value ``spec`` accepts is a string or ``None``."""
    if isinstance(spec, Nullable):
        return _str_only(spec.inner)
    return isinstance(spec, Str | Choice | Date)


def _keyable(field: F) -> bool:
    """Whether a shared object may be looked up by this field's raw value."""
    spec = field.spec
    if isinstance(spec, Obj):
        return spec.shared and field.required
    return _str_only(spec) or isinstance(spec, Bool)


def _produces(spec: Spec) -> tuple[type, ...] | None:
    """The types a spec's structured values have (``None``: not known)."""
    if isinstance(spec, Str):
        return (str,)
    if isinstance(spec, Date):
        return (dt.date,)
    if isinstance(spec, Bool):
        return (bool,)
    if isinstance(spec, Int):
        return (int,)
    if isinstance(spec, Choice):
        return (spec.enum_type,)
    if isinstance(spec, Obj):
        return (spec.build,) if isinstance(spec.build, type) else None
    if isinstance(spec, Tagged):
        return tuple(spec.by_type)
    inner = _produces(spec.inner) if isinstance(spec, Nullable) else None
    return None if inner is None else (*inner, type(None))


def _implied(validator: Any, spec: Spec) -> bool:
    """Whether ``spec`` accepts only values ``validator`` would accept, so a value built from
    structured data need not be checked again. Declared for the library's own validators
    only (by identity, or by the ``expects`` and :class:`~nrm_core._validate.CollectionOf`
    attributes they document); any other validator, attrs' own included, is run."""
    if validator is None:
        return True
    if isinstance(spec, Nullable):
        if validator is _validate.optional_str:
            return isinstance(spec.inner, Str) and not spec.inner.allow_empty
        return validator is _validate.optional_date and isinstance(spec.inner, Date)
    if isinstance(spec, Str):
        patterns = {
            _validate.identifier: _validate.IDENTIFIER_PATTERN.pattern,
            _validate.stable_code: checks.CODE_PATTERN.pattern,
            gss_code: GSS_CODE.pattern,
        }
        if validator in patterns:
            return spec.pattern == patterns[validator] and not spec.allow_empty
        return validator is _validate.non_empty_str and not spec.allow_empty
    if isinstance(spec, StrMap):  # (key, value) pairs of strings
        return validator is _validate.str_pairs
    simple = {Date: _validate.is_date, Bool: _validate.is_bool, Int: _validate.is_int}
    if type(spec) in simple:
        return validator is simple[type(spec)]
    if isinstance(spec, Seq) and isinstance(validator, _validate.CollectionOf):
        items = _produces(spec.item)
        return (
            validator.container is (frozenset if spec.unique else tuple)
            and spec.min_items >= (1 if validator.non_empty else 0)
            and items is not None
            and all(issubclass(item, validator.cls) for item in items)
            and _implied(validator.item, spec.item)
        )
    expects = getattr(validator, "expects", None)  # enum_member, instance_of (ours)
    produced = _produces(spec)
    if expects is None or produced is None:
        return False
    return all(issubclass(kind, expects) for kind in produced)


def _trusted(build: Callable[..., Any], fields: tuple[F, ...]) -> Callable[..., Any] | None:
    """A constructor of attrs class ``build`` for values the lean evaluation structured: it
    skips the validators those fields' specs imply (:func:`_implied`) and runs every other
    validator and ``__attrs_post_init__``. Made from attrs' public API alone (the fields'
    alias, default, converter and validator; ``object.__setattr__``, which attrs documents for
    frozen classes). ``None`` when the class is not plain enough (converters other than
    to_tuple/to_frozenset, fields set outside ``__init__``)."""
    if not (isinstance(build, type) and attrs.has(build)):
        return None
    specs = {field.attribute: field.spec for field in fields}
    scope: dict[str, Any] = {"new": object.__new__, "cls": build, "put": object.__setattr__}
    arguments, lines = [], []
    for index, attribute in enumerate(attrs.fields(build)):
        if attribute.init and attribute.metadata.get("json", {}).get("skip"):
            # Not in the JSON form: its plain default (validated when the class was made).
            if isinstance(attribute.default, attrs.Factory) or attribute.default is attrs.NOTHING:  # type: ignore[arg-type]
                return None
            scope[f"d{index}"] = attribute.default
            lines.append(f"    put(self, {attribute.name!r}, d{index})")
            continue
        if not attribute.init or attribute.alias not in specs:
            return None
        if attribute.converter not in (
            None,
            _validate.to_tuple,
            _validate.to_frozenset,
            _validate.to_pairs,
        ):
            return None
        arguments.append(attribute.alias)
        lines.append(f"    put(self, {attribute.name!r}, {attribute.alias})")
        if not _implied(attribute.validator, specs[attribute.alias]):
            scope[f"v{index}"], scope[f"a{index}"] = attribute.validator, attribute
            lines.append(f"    v{index}(self, a{index}, {attribute.alias})")
    if hasattr(build, "__attrs_pre_init__"):
        return None
    if hasattr(build, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()")
    source = "\n".join(
        [
            f"def trusted(*, {', '.join(arguments)}):",
            "    self = new(cls)",
            *lines,
            "    return self",
        ]
    )
    exec(source, scope)  # code generated from the class's fields alone, no input
    function: Callable[..., Any] = scope["trusted"]
    return function


_CACHED = 4096
"""The most objects a shared object's cache holds (citations, sources: a few dozen in use)."""
_CACHED_CHARACTERS = 2048
"""The most text a cached object's key may hold: a crafted file of long, all-different
citation notes would otherwise keep gigabytes of its text for the life of the process."""


def _small(key: Any) -> bool:
    """Whether the text in ``key`` (nested tuples) is at most :data:`_CACHED_CHARACTERS`."""
    budget = _CACHED_CHARACTERS
    stack = [key]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            budget -= len(item)
            if budget < 0:
                return False
        elif isinstance(item, tuple):
            stack.extend(item)
    return True


class Tagged(Spec):
    """One of several object specs, chosen by the string in the ``tag`` key."""

    def __init__(
        self,
        tag: str,
        variants: Iterable[tuple[type, Obj]],
        description: str = "",
        *,
        other_names: Mapping[str, str] | None = None,
    ) -> None:
        variants = tuple(variants)
        self.tag = tag
        self.variants = {obj.tag[1]: obj for _, obj in variants if obj.tag}
        self.by_type = dict(variants)
        self.description = description
        self.other_names = dict(other_names or {})
        """Known words that are not tags, each with how to write it instead."""

    def declare(self) -> tuple[tuple[Step, ...], dict[str, Any]]:
        """An object, with its tag: present, a string, a known type (lean: the variant's
        lookup fails by itself)."""
        at, tag = f".{self.tag}", "value[tag]"
        return (
            Rule("isinstance(value, dict)", WRONG_TYPE, _expected("an object")),
            Rule("value.get(tag) is not None", report=self._untagged, implied=True),
            Rule(
                f"isinstance({tag}, str)",
                WRONG_TYPE,
                lambda value: _expected("a string")(value[self.tag]),
                at=at,
                implied=True,
            ),
            Rule(f"{tag} in variants", UNKNOWN_EVENT_TYPE, self._unknown, at=at, implied=True),
            Bind("result", f"variants[{tag}](value)", f"variants[{tag}](value, path, out)"),
        ), {"tag": self.tag, "variants": self.variants}

    def _untagged(self, value: dict[Any, Any], path: str, out: list[Problem]) -> None:
        # Without its type the object's fields are not known; a key that is a near miss
        # of the tag or of any type's fields (``evnt``) is named, and others are counted.
        known = {self.tag}.union(*(obj.allowed for obj in self.variants.values()))
        for position, key in enumerate(value, start=1):
            if key not in known:
                out.append(unknown_key(key, position, f"the {self.tag}", known, path))
        out.append(Problem(MISSING_FIELD, path=f"{path}.{self.tag}",
                           message="is required but missing"))  # fmt: skip

    def _unknown(self, value: dict[str, Any]) -> str:
        name = value[self.tag]
        if name in self.other_names:
            return (f"{name!r} is an event kind, not an {self.tag!r} value: "
                    f"{self.other_names[name]}")  # fmt: skip
        match = nearest(name, [*self.variants, *self.other_names])
        quoted, hint = (shown(name, False), f"; did you mean {match!r}") if match else ("", "")
        if match in self.other_names:  # a near miss of an event kind: how to write it
            hint += f" ({self.other_names[match]})"
        hint += "?" if match else ""
        return f"the value{quoted} is not a known {self.tag} type{hint}"

    def unstructure(self, value: Any) -> Any:
        return self.by_type[type(value)].unstructure(value)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {
            "oneOf": [variant.schema(defs) for variant in self.variants.values()],
            "description": self.description,
        }


# ----------------------------------------------------------------------------- derived specs

IDENTIFIER = Str(
    "a pseudonymous identifier (1-64 letters, digits and . _ : / -)",
    pattern=_validate.IDENTIFIER_PATTERN.pattern,
    code=INVALID_IDENTIFIER,
    max_length=64,
)
GSS_CODE = Str(
    "a GSS code (a nation letter E, W, S or N and 8 digits, e.g. E09000002)",
    pattern=GSS_PATTERN.pattern,
    code=INVALID_GSS_CODE,
    max_length=9,
)
CODE = Str("a kebab-case code", pattern=checks.CODE_PATTERN.pattern, max_length=100)
TEXT = Str("text", max_length=10_000)
FREE_TEXT = Str("free text", max_length=100_000, sensitive=True, allow_empty=True)
PERSONAL = Str("personal details", max_length=1_000, sensitive=True)
DATE = Date()

_TEXT_KINDS: dict[str, Str] = {
    "identifier": IDENTIFIER,
    "gss-code": GSS_CODE,
    "code": CODE,
    "text": TEXT,
    "free-text": FREE_TEXT,
    "personal": PERSONAL,
    "sensitive-text": Str("free text", max_length=10_000, sensitive=True),
}


def _validators(validator: Any) -> Iterable[Any]:
    """The plain validators inside attrs' ``optional`` and ``and_`` wrappers."""
    if validator is None:
        return
    inner = getattr(validator, "validator", None)  # attrs.validators.optional
    if inner is not None:
        yield from _validators(inner)
        return
    parts = getattr(validator, "_validators", None)  # attrs.validators.and_
    if parts is not None:
        for part in parts:
            yield from _validators(part)
        return
    yield validator


def _text_kind(validators: list[Any], sensitive: bool) -> Str:
    known = {
        _validate.identifier: "identifier",
        gss_code: "gss-code",
        _validate.stable_code: "code",
    }
    for validator in validators:
        if validator in known:
            return _TEXT_KINDS[known[validator]]
    non_empty = any(v in (_validate.non_empty_str, _validate.optional_str) for v in validators)
    if sensitive:
        return PERSONAL if non_empty else FREE_TEXT
    return TEXT


_BUILT: dict[type, Obj] = {}


def _is_attrs(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp)


def _field_spec(tp: Any, field: attrs.Attribute[Any], meta: Mapping[str, Any]) -> Spec:
    """The spec of a field whose (resolved) type is ``tp``."""
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    validators = list(_validators(field.validator))
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return Nullable(_field_spec(inner, field, meta))
    if tp is dt.date:
        return DATE
    if tp is bool:
        return Bool()
    if tp is int:
        return Int(meta.get("minimum"))
    if tp is str:
        if "kind" in meta:
            return _TEXT_KINDS[meta["kind"]]
        base = _text_kind(validators, sensitive=not field.repr)
        if "max_length" in meta:
            return Str(
                base.description,
                pattern=base.pattern,
                max_length=meta["max_length"],
                sensitive=base.sensitive,
                allow_empty=base.allow_empty,
                code=base.code,
            )
        return base
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return Choice(tp)
    if _is_attrs(tp):
        return derive(tp)
    if origin in (tuple, frozenset):
        item_type = args[0]
        if typing.get_args(item_type) == (str, str):
            return StrMap()
        collection = next((v for v in validators if hasattr(v, "non_empty")), None)
        item_validators = list(_validators(getattr(collection, "item", None)))
        if item_type is str:
            if "items" in meta:
                item: Spec = _TEXT_KINDS[meta["items"]]
            else:
                item = _text_kind(item_validators, sensitive=not field.repr)
        else:
            item = _field_spec(item_type, field, {})
        return Seq(
            item,
            unique=origin is frozenset,
            min_items=1 if collection is not None and collection.non_empty else 0,
            max_items=meta.get("max_items", 10_000),
        )
    raise TypeError(f"no JSON spec for {field.name}: {tp!r}")  # pragma: no cover


def summary(doc: str | None) -> str:
    r"""A docstring's first paragraph as one line of plain text (a schema description): the
    whole sentence, never only its first line, with ``code`` and cross-references written
    as 'code'.

    >>> from nrm_core.io._spec import summary
    >>> summary("A value with ``reason`` if\n    given.\n\n    More.")
    "A value with 'reason' if given."
    """
    paragraph = " ".join((doc or "").strip().split("\n\n")[0].split())
    paragraph = re.sub(  # a cross-reference: its name ("~" keeps the last part)
        r":[\w:]+:`(~?)([^`<]*?)(?: <[^>]*>)?`",
        lambda m: f"'{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}'",
        paragraph,
    )
    return re.sub(r"``([^`]+)``", r"'\1'", paragraph)


def derive(cls: type, *, shared: bool = False, name: str | None = None) -> Obj:
    """The object spec of attrs class ``cls``, derived from its fields.

    Each init field becomes a JSON field of the same name, with a spec chosen by
    its type and validators (a field's ``metadata["json"]`` may rename it or give
    a text kind, item kind, length or count limit, or a description). Events get
    their ``"event"`` tag from :attr:`~nrm_core.Event.TAG`. ``name`` is the object's name in
    the schema (default: the class's), given where the format's name differs.
    """
    if cls in _BUILT:
        return _BUILT[cls]
    hints = typing.get_type_hints(cls)
    fields: list[F] = []
    for field in attrs.fields(cls):
        meta: Mapping[str, Any] = field.metadata.get("json", {})
        if not field.init or meta.get("skip"):
            continue
        spec = _field_spec(hints[field.name], field, meta)
        if field.default is attrs.NOTHING:
            default: Any = _MISSING
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            default = field.default.factory()
        else:
            default = field.default
        fields.append(
            F(
                meta.get("name", field.alias),
                spec=spec,
                default=default,
                attr=field.alias,
                description=meta.get("description", ""),
                omit_default=meta.get("omit_default", False),
            )
        )
    tag = getattr(cls, "TAG", None)
    obj = Obj(
        name or cls.__name__,
        fields,
        cls,
        description=summary(cls.__doc__),
        tag=("event", tag) if isinstance(tag, str) else None,
        shared=shared,
    )
    _BUILT[cls] = obj
    return obj


CODES: tuple[Code, ...] = (
    WRONG_TYPE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    EMPTY_VALUE,
    TOO_LONG,
    DUPLICATE_VALUE,
    INVALID_DATE,
    INVALID_ENUM,
    INVALID_IDENTIFIER,
    INVALID_GSS_CODE,
    INVALID_FORMAT,
    UNKNOWN_EVENT_TYPE,
    INVALID_VALUE,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
