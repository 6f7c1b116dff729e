"""Strict JSON: the one reading of every JSON text nrm_core is given (private).

Case files, policy files and site files are all read this way: no ``NaN`` or
``Infinity``, no key repeated in an object, and no number too large to be a value
of any field (an integer of thousands of digits would otherwise make Python raise
``ValueError``, and converting it takes time that grows with the square of its
length; a float beyond the double range would become infinity). The first such
fault is kept in :attr:`StrictDecoder.fault` rather than raised, so that parsing
still ends where the value ends (a streaming reader goes on with the next value).

>>> from nrm_core._strict_json import loads
>>> loads('{"a": 1, "a": 2}')
Traceback (most recent call last):
...
ValueError: duplicate key: key 2 of an object repeats an earlier one
>>> loads("1" * 200)
Traceback (most recent call last):
...
ValueError: a number of 200 characters is too large to read (at most 100)

With the ``[fast]`` extra installed (``pip install 'nrm_core[fast]'``), a text parsed
whole (a JSON Lines record, a document given to ``from_json``, a rules or sites file) is
parsed first by ``jiter``, pydantic's compiled parser, which refuses repeated keys, ``NaN``
and ``Infinity`` itself (``catch_duplicate_keys=True``, ``allow_inf_nan=False``). It is
used only where its value is the one this module gives: a text whose numbers could be too
long or beyond a float's range (a long run of digits, an exponent of three digits), or that
nests more than :data:`MAX_DEPTH` deep (measured: :func:`nesting_within`), is read here;
any text it refuses is read here again, so that every fault is named in this module's
words. The results are the same with or without it (a test compares them on every
fixture). The elements of a ``.json`` file read one at a time
(:mod:`nrm_core.io._stream`) are parsed here, by Python's own decoder, where they lie.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

try:  # the [fast] extra; the default install is pure Python (it runs under Pyodide)
    import jiter as _jiter
except ImportError:  # pragma: no cover - tested with and without
    _jiter = None  # type: ignore[assignment]

__all__ = [
    "MAX_DEPTH",
    "MAX_NUMBER_CHARS",
    "StrictDecoder",
    "fast_loads",
    "loads",
    "nesting_within",
    "too_deep",
]

MAX_NUMBER_CHARS = 100
"""The longest number read (its text, sign and exponent included): far more than any
field needs, far less than the 4,300 digits at which Python refuses to convert."""

MAX_DEPTH = 200
"""The deepest nesting of arrays and objects read (a case document needs fewer than ten
levels). It is checked before parsing because Python's own guard, ``RecursionError``, is
not always reached in time: under WebAssembly (Pyodide, the browser checker) a document
10,000 levels deep overflows the stack first, which ends the interpreter."""
# Where a number may be too long or beyond a float's range, for the [fast] parser: in the
# bytes with digits and points as "d", exponent letters as "e", signs as "s" (the rest as
# spaces), a run of digits that long, or an exponent of three digits. A number of over
# MAX_NUMBER_CHARS characters has at most three that are not digits or its point, so one
# run of digits and point of over a third of that; beyond a float's range (about 1e308),
# an exponent of three digits. (Text in strings may look so too: then only the pure
# decoder reads it.) Opening brackets are "[" there, counted once for the nesting's first
# test.
_CLASSES = bytes(
    b"d"[0] if c in b"0123456789." else b"e"[0] if c in b"eE" else b"s"[0] if c in b"+-"
    else b"["[0] if c in b"[{" else b" "[0] for c in range(256)
)  # fmt: skip
_LONG_RUN = b"d" * (MAX_NUMBER_CHARS // 3)
_LONG_EXPONENT = re.compile(rb"des?ddd")  # one search for both forms: faster than two finds
# For measuring nesting in bytes: an escape (a backslash and the character after it), the
# quotes and brackets left once everything else is deleted ("{" and "}" read as "[", "]"),
# and a string among them.
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_SQUARE = bytes.maketrans(b"{}", b"[]")
_NOT_MARKS = bytes(c for c in range(256) if c not in b'[]{}"')
_MARKED_STRING = re.compile(rb'"[^"]*"')


def nesting_within(raw: bytes) -> bool:
    """Whether the JSON text ``raw`` (UTF-8) nests arrays and objects at most
    :data:`MAX_DEPTH` deep, brackets in strings not counted (as :func:`too_deep` counts,
    for a whole text). Costs two counts of brackets unless the text has more than that many;
    then its brackets alone are kept and each pass takes out the innermost pairs, so the
    passes are the depth (a text that is not JSON may be measured wrongly: it is refused
    by the parser it is measured for).

    >>> from nrm_core._strict_json import nesting_within
    >>> nesting_within(b"[" * 200 + b"]" * 200), nesting_within(b"[" * 201 + b"]" * 201)
    (True, False)
    >>> nesting_within(b'[' + b'"]",' * 300 + b'[[]]]')  # brackets in strings do not count
    True
    """
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return True
    if b"\\" in raw:
        raw = _ESCAPE.sub(b"", raw)  # an escaped quote does not end a string
    marks = raw.translate(_SQUARE, _NOT_MARKS)
    brackets = marks.replace(b'""', b"")  # strings without brackets, as is usual
    if b'"' in brackets:  # (then some string held a bracket)
        brackets = _MARKED_STRING.sub(b"", marks)
    for _ in range(MAX_DEPTH):
        inner = brackets.replace(b"[]", b"")
        if len(inner) == len(brackets):
            return True
        brackets = inner
    return b"[]" not in brackets  # (deeper: a pair is left after MAX_DEPTH passes)


def fast_loads(raw: bytes) -> tuple[bool, Any]:
    """``(True, value)`` if the ``[fast]`` parser reads ``raw`` (UTF-8) as this module's
    decoder would, else ``(False, None)``: it is not installed, or the text is refused or in
    doubt (a number perhaps too large, nesting perhaps too deep), for the pure decoder to
    read and name its fault."""
    if _jiter is None:
        return False, None
    classes = raw.translate(_CLASSES)
    if classes.count(b"[") > MAX_DEPTH and not nesting_within(raw):
        return False, None
    if _LONG_RUN in classes or _LONG_EXPONENT.search(classes):
        return False, None
    try:
        # cache_mode="keys": jiter's default also caches short string values in a global
        # cache, which would keep ids and dates of birth in memory after the record is gone.
        return True, _jiter.from_json(
            raw, catch_duplicate_keys=True, allow_inf_nan=False, cache_mode="keys"
        )
    except ValueError:
        return False, None


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)

INVALID_JSON = "invalid-json"
DUPLICATE_KEY = "duplicate-key"
NUMBER_TOO_LARGE = "number-too-large"


def duplicate_key_message(position: int) -> str:
    """A repeated key is named by its position: keys can be personal data."""
    return f"duplicate key: key {position} of an object repeats an earlier one"


def too_deep(text: str, start: int = 0) -> bool:
    """Whether the JSON value at ``start`` nests arrays and objects more than
    :data:`MAX_DEPTH` deep (brackets in strings do not count; text after the value is not
    read). Costs two counts of brackets unless the text has that many.

    >>> from nrm_core._strict_json import too_deep
    >>> too_deep("[" * 201 + "]" * 201), too_deep('[["[[["]]')
    (True, False)
    """
    if text.count("[", start) + text.count("{", start) <= MAX_DEPTH:
        return False
    depth = 0
    for match in _TOKENS.finditer(text, start):
        token = match.group()
        if token == "[" or token == "{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token == "]" or token == "}":
            depth -= 1
            if depth <= 0:
                return False
    return False


class StrictDecoder:
    """A :class:`json.JSONDecoder` (:attr:`json`) that records its first fault as
    ``(code, message)`` in :attr:`fault` instead of raising."""

    def __init__(self) -> None:
        self.fault: tuple[str, str] | None = None
        self.json = json.JSONDecoder(
            parse_constant=self._constant,
            parse_int=self._int,
            parse_float=self._float,
            object_pairs_hook=self._pairs,
        )

    def decode(self, text: str) -> Any:
        """:meth:`json.JSONDecoder.decode`; ``RecursionError`` if nested too deeply
        (:data:`MAX_DEPTH`), checked first."""
        if _jiter is not None:
            try:
                done, value = fast_loads(text.encode())
            except UnicodeEncodeError:  # a lone surrogate: not UTF-8, read below
                done = False
            if done:
                return value
        if too_deep(text):
            raise RecursionError(f"nested more than {MAX_DEPTH} levels deep")
        return self.json.decode(text)

    def raw_decode(self, text: str, start: int) -> tuple[Any, int]:
        """:meth:`json.JSONDecoder.raw_decode`; ``RecursionError`` if nested too deeply."""
        if too_deep(text, start):
            raise RecursionError(f"nested more than {MAX_DEPTH} levels deep")
        return self.json.raw_decode(text, start)

    def _record(self, code: str, message: str) -> None:
        if self.fault is None:
            self.fault = (code, message)

    def _constant(self, name: str) -> Any:
        self._record(INVALID_JSON, f"{name} is not valid JSON")
        return None

    def _too_long(self, text: str) -> bool:
        if len(text) > MAX_NUMBER_CHARS:
            self._record(
                NUMBER_TOO_LARGE,
                f"a number of {len(text):,} characters is too large to read "
                f"(at most {MAX_NUMBER_CHARS})",
            )
            return True
        return False

    def _int(self, text: str) -> Any:
        return 0 if self._too_long(text) else int(text)

    def _float(self, text: str) -> Any:
        if self._too_long(text):
            return 0.0
        value = float(text)
        if not math.isfinite(value):
            self._record(
                NUMBER_TOO_LARGE,
                "a number is too large to read (beyond a float's range, about 1e308)",
            )
            return 0.0
        return value

    def _pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)  # built in C; a key repeated makes it shorter
        if len(result) != len(pairs) and self.fault is None:
            seen: set[str] = set()
            for position, (key, _) in enumerate(pairs, start=1):
                if key in seen:
                    self._record(DUPLICATE_KEY, duplicate_key_message(position))
                    break
                seen.add(key)
        return result


def loads(text: str) -> Any:
    """Strict :func:`json.loads`: ``ValueError`` (a :class:`json.JSONDecodeError` for a
    syntax error) with a plain message for the first fault; ``RecursionError`` is raised
    as ``ValueError`` too."""
    decoder = StrictDecoder()
    try:
        value = decoder.decode(text)
    except RecursionError:
        raise ValueError("the document is nested too deeply") from None
    if decoder.fault is not None:
        raise ValueError(decoder.fault[1])
    return value
