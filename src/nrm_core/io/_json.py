"""Strict JSON parsing shared by the readers and :func:`~nrm_core.io.interchange.from_json`."""

from __future__ import annotations

import codecs
import json
from typing import Any

from nrm_core import _strict_json
from nrm_core.checks import Code
from nrm_core.io._spec import Problem

INVALID_JSON = Code(
    _strict_json.INVALID_JSON, "The text is not valid JSON.", example='{"format": ', group="file"
)
INVALID_ENCODING = Code("invalid-encoding", "The bytes are not UTF-8 text.", group="file")
TOO_DEEP = Code("too-deep", "The JSON is nested too deeply to read.", group="file")
DUPLICATE_KEY = Code(
    _strict_json.DUPLICATE_KEY, "An object repeats a key.", example='{"a": 1, "a": 2}', group="file"
)
NUMBER_TOO_LARGE = Code(
    _strict_json.NUMBER_TOO_LARGE,
    f"A JSON number is over {_strict_json.MAX_NUMBER_CHARS} characters or beyond the range "
    "of a float.",
    example='{"version": 1e999}',
    group="file",
)


def duplicate_key(position: int) -> Problem:
    """A repeated key, named by its position: keys can be personal data."""
    return Problem(DUPLICATE_KEY, path="$", message=_strict_json.duplicate_key_message(position))


def syntax_error(line: int, column: int, message: str) -> Problem:
    return Problem(
        INVALID_JSON, path="$", message=f"not valid JSON at line {line}, column {column}: {message}"
    )


class StrictDecoder(_strict_json.StrictDecoder):
    """Strict JSON (see :mod:`nrm_core._strict_json`), its first fault as a :class:`Problem`.

    The fault is kept in :attr:`problem` rather than raised, so that parsing still ends
    where the value ends (the streaming reader needs that to go on with the next element).
    """

    @property
    def problem(self) -> Problem | None:
        if self.fault is None:
            return None
        code, message = self.fault
        return Problem(code, path="$", message=message)


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a byte-order mark is dropped), or an ``invalid-encoding`` problem."""
    try:
        return codecs.decode(raw, "utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, bad_encoding(error.start)


def bad_encoding(offset: int) -> Problem:
    return Problem(
        INVALID_ENCODING,
        path="$",
        message=f"not UTF-8 text (invalid byte at offset {offset}); save the file as UTF-8",
    )


def parse_json(text: str | bytes) -> tuple[Any, Problem | None]:
    """Parse strict JSON: no NaN or Infinity, no repeated keys; a problem instead of raising."""
    if isinstance(text, bytes):
        done, value = _strict_json.fast_loads(text)  # (the [fast] extra, when installed)
        if done:
            return value, None
        decoded, problem = decode(text)
        if problem is not None or decoded is None:
            return None, problem
        text = decoded
    decoder = StrictDecoder()
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as error:
        return None, syntax_error(error.lineno, error.colno, error.msg)
    except RecursionError:
        return None, Problem(TOO_DEEP, path="$", message="the document is nested too deeply")
    return (data, None) if decoder.problem is None else (None, decoder.problem)


CODES: tuple[Code, ...] = (
    INVALID_JSON,
    INVALID_ENCODING,
    TOO_DEEP,
    DUPLICATE_KEY,
    NUMBER_TOO_LARGE,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
