"""Strict JSON parsing shared by the readers and :func:`~nrm_core.io.interchange.from_json`."""

from __future__ import annotations

import codecs
import json
from typing import Any

from nrm_core._codes import register
from nrm_core.io._spec import Problem

INVALID_JSON = register(
    "invalid-json", "The text is not valid JSON.", example='{"format": ', group="file"
)
INVALID_ENCODING = register("invalid-encoding", "The bytes are not UTF-8 text.", group="file")
TOO_DEEP = register("too-deep", "The JSON is nested too deeply to read.", group="file")
DUPLICATE_KEY = register(
    "duplicate-key", "An object repeats a key.", example='{"a": 1, "a": 2}', group="file"
)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for position, (key, value) in enumerate(pairs, start=1):
        if key in result:  # named by position: keys can be personal data
            raise ValueError(f"duplicate key: key {position} of an object repeats an earlier one")
        result[key] = value
    return result


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a byte-order mark is dropped), or an ``invalid-encoding`` problem."""
    try:
        return codecs.decode(raw, "utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, Problem(
            INVALID_ENCODING,
            path="$",
            message=f"not UTF-8 text (invalid byte at offset {error.start}); "
            "save the file as UTF-8",
        )


def parse_json(text: str | bytes) -> tuple[Any, Problem | None]:
    """Parse strict JSON: no NaN or Infinity, no repeated keys; a problem instead of raising."""
    if isinstance(text, bytes):
        decoded, problem = decode(text)
        if problem is not None or decoded is None:
            return None, problem
        text = decoded
    try:
        return (
            json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates),
            None,
        )
    except json.JSONDecodeError as error:
        return None, Problem(
            INVALID_JSON,
            path="$",
            message=f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
        )
    except RecursionError:
        return None, Problem(TOO_DEEP, path="$", message="the document is nested too deeply")
    except ValueError as error:
        code = DUPLICATE_KEY if "duplicate key" in str(error) else INVALID_JSON
        return None, Problem(code, path="$", message=str(error))
