"""Read the values of a ``.json`` file one at a time, in bounded memory.

A ``.json`` file holding an array (or a cases document) is read element by
element: only the element being parsed is held, never the whole file. Each
element is parsed with the same strict rules as :func:`~nrm_core.io._json.parse_json`
(no NaN or Infinity, no repeated keys) and may be at most ``limit`` characters
long; a longer one is skipped (its brackets matched without parsing it) and
reported, and reading goes on with the next element. A syntax error ends the
file: what follows cannot be split into elements reliably.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import attrs

from nrm_core.checks import Code
from nrm_core.io._json import (
    TOO_DEEP,
    StrictDecoder,
    bad_encoding,
    duplicate_key,
    syntax_error,
)
from nrm_core.io._spec import Problem

RECORD_TOO_LARGE = Code(
    "record-too-large",
    "A record (a JSON Lines line, an element of a .json array) exceeds the record limit.",
    group="file",
)

_CHUNK = 1 << 16
_QUICK = 1 << 17
"""How much of a value may be held while it is parsed where it lies and found cut short:
past this it is measured first (its brackets matched, no objects built), so that a value
over the limit, or never closed, builds the objects of no more than this much text."""
_SPACE = re.compile(r"[ \t\n\r]*")
# In measuring a value: outside strings, a quote or a bracket; inside a string, the
# rest of it (escapes stepped over whole; a lone backslash at the end waits for more).
_STRUCTURE = re.compile(r'["\[{\]}]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*(?P<end>")?', re.DOTALL)
_SCALAR = re.compile(r"[^\s,\]}]*")


class _Stop(Exception):
    """The file cannot be read further; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@attrs.frozen
class Stopped:
    """Reading stopped early (a syntax error, bad encoding): ``problem`` says why, and
    ``records_lost`` whether records of an array may follow unread (the file's top-level
    value is an array, or a cases document whose array had begun)."""

    problem: Problem
    records_lost: bool


@attrs.frozen
class Item:
    """One value read: where it is (its index in the array, ``None`` for the
    top-level value), the value, or the problem that stopped it being read."""

    index: int | None
    value: Any = None
    problem: Problem | None = None


class _Text:
    """The decoded text of a binary stream, read on demand.

    ``buf[pos:]`` is the unread text; what lies before ``pos`` is dropped from
    time to time, keeping count of its lines for error positions.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.offset = 0  # bytes read so far
        self.lines = 0  # newlines in the dropped text
        self.column = 0  # characters after the last dropped newline

    def fill(self) -> bool:
        """Read one more chunk; ``False`` at the end of the stream."""
        if self.eof:
            return False
        if self.pos > _CHUNK:
            dropped = self.buf[: self.pos]
            newlines = dropped.count("\n")
            self.lines += newlines
            self.column = (
                len(dropped) - dropped.rfind("\n") - 1 if newlines else self.column + len(dropped)
            )
            self.buf = self.buf[self.pos :]
            self.pos = 0
        raw = self.stream.read(_CHUNK)
        final = not raw
        try:
            text = self.decoder.decode(raw, final=final)
        except UnicodeDecodeError as error:
            pending = len(self.decoder.getstate()[0])
            raise _Stop(bad_encoding(max(0, self.offset - pending + error.start))) from None
        self.offset += len(raw)
        self.buf += text
        self.eof = final
        return not final or bool(text)

    def skip_space(self) -> None:
        while True:
            match = _SPACE.match(self.buf, self.pos)
            assert match is not None
            self.pos = match.end()
            if self.pos < len(self.buf) or not self.fill():
                return

    def peek(self) -> str:
        """The next character that is not white space (``""`` at the end)."""
        self.skip_space()
        return self.buf[self.pos : self.pos + 1]

    def where(self, pos: int) -> tuple[int, int]:
        """Line and column (from 1) of ``buf[pos]`` in the whole file."""
        newlines = self.buf.count("\n", 0, pos)
        if newlines:
            return self.lines + newlines + 1, pos - self.buf.rfind("\n", 0, pos)
        return self.lines + 1, self.column + pos + 1

    def syntax(self, pos: int, message: str) -> _Stop:
        return _Stop(syntax_error(*self.where(pos), message))


def _value(
    text: _Text, decoder: StrictDecoder, limit: int, *, skip: bool = True
) -> tuple[Any, Problem | None]:
    """The JSON value at the reading position, which moves past it.

    Returns the value and ``None``, or ``None`` and the problem that spoiled it
    (too long, too deep, a repeated key, a constant); raises :class:`_Stop` on a
    syntax error. An object, array or string is parsed where it lies, reading on
    (at least doubling what is held) while it is cut short, up to :data:`_QUICK`
    characters; past that, or if it is nested too deeply, its brackets are matched
    first (no objects built), so that a value over the limit costs no memory, and
    then it is parsed once; with ``skip`` reading moves past a value over the limit,
    otherwise it stops there.
    """
    first = text.peek()
    if first and first in '[{"':
        while True:
            start = text.pos
            decoder.fault = None
            try:
                value, stop = decoder.raw_decode(text.buf, start)
            except json.JSONDecodeError as error:
                # Cut short, or wrong: only the end of the file, or measuring it, tells.
                if len(text.buf) - start > min(limit, _QUICK):
                    break  # measured below
                if text.eof:
                    raise text.syntax(error.pos, error.msg) from None
            except RecursionError:
                break  # measured below: whether it is closed decides what to say
            else:
                text.pos = stop
                if stop - start > limit:
                    return None, _too_large(limit)
                return (value, None) if decoder.problem is None else (None, decoder.problem)
            wanted = min(2 * (len(text.buf) - start), min(limit, _QUICK) + 1)
            while len(text.buf) - text.pos < wanted and text.fill():
                pass
        extent = _extent(text, limit, skip=skip)
        if extent is None:
            return None, _too_large(limit)
        end, closed = extent
        start = text.pos  # reading on may have dropped text before the value
    else:  # a number or a literal: short, unless it is not JSON at all
        while True:
            match = _SCALAR.match(text.buf, text.pos)
            assert match is not None
            if match.end() < len(text.buf) or text.eof:
                break
            text.fill()  # the number may go on
        start, end, closed = text.pos, match.end(), True
        if end - start > limit:
            text.pos = end
            return None, _too_large(limit)
    decoder.fault = None
    try:
        value, stop = decoder.raw_decode(text.buf, start)
    except json.JSONDecodeError as error:
        raise text.syntax(error.pos, error.msg) from None
    except RecursionError:
        problem = Problem(TOO_DEEP, path="$", message="the document is nested too deeply")
        if not closed:
            raise _Stop(problem) from None  # the depth is the first thing wrong
        text.pos = end
        return None, problem
    text.pos = stop
    return (value, None) if decoder.problem is None else (None, decoder.problem)


def _too_large(limit: int) -> Problem:
    return Problem(RECORD_TOO_LARGE, path="$", message=f"the record is over {limit:,} characters")


def _extent(text: _Text, limit: int, *, skip: bool) -> tuple[int, bool] | None:
    """Where the object, array or string at the reading position ends (the index
    after it, and ``True``; or the end of the text and ``False`` when it is not
    closed), found by matching brackets outside strings; ``None`` if it is over
    ``limit`` characters (then, with ``skip``, reading moves past it, keeping no
    more than a chunk of it at a time)."""
    depth = 0
    scan = text.pos  # text.pos stays at the value's start while it may be kept
    in_string = over = False
    while True:
        # A chunk at a time: the regular expressions' memory grows with what they match.
        window = min(len(text.buf), scan + _CHUNK)
        if in_string:
            match = _STRING_REST.match(text.buf, scan, window)
            assert match is not None
            scan = match.end()
            if match.group("end") is not None:
                in_string = False
                if depth <= 0:
                    return _ended(text, scan, limit, over=over, skip=skip)
                continue
        else:
            for match in _STRUCTURE.finditer(text.buf, scan, window):
                scan = match.end()
                token = match.group()
                if token == '"':
                    in_string = True
                    break
                depth += 1 if token in "[{" else -1
                if depth <= 0:
                    return _ended(text, scan, limit, over=over, skip=skip)
            else:
                scan = window
            if in_string:
                continue
        if window < len(text.buf):
            continue  # (a string's escape cut by the window is read with the next one)
        # The value goes on past what is read.
        if not over and len(text.buf) - text.pos > limit:
            if not skip:
                return None
            over = True
        if over:
            text.pos = scan  # what is skipped need not be kept
        at = scan - text.pos
        if not text.fill():
            if over:
                raise text.syntax(len(text.buf), "the value is not closed")
            return len(text.buf), False  # parsing it says where it goes wrong
        scan = text.pos + at


def _ended(text: _Text, end: int, limit: int, *, over: bool, skip: bool) -> tuple[int, bool] | None:
    # Over the limit: found on reading on (``over``), or with the last piece read.
    if over or end - text.pos > limit:
        if skip:
            text.pos = end
        return None
    return end, True


def _elements(text: _Text, decoder: StrictDecoder, limit: int) -> Iterator[Item]:
    """The elements of the array whose ``[`` was just read; then past its ``]``."""
    if text.peek() == "]":
        text.pos += 1
        return
    index = 0
    while True:
        value, problem = _value(text, decoder, limit)
        yield Item(index, value, problem)
        index += 1
        if not _more(text, "]"):
            return


def _more(text: _Text, closer: str) -> bool:
    """After a member of an array or object: ``True`` past a ``,``, ``False`` past ``closer``."""
    following = text.peek()
    text.pos += 1
    if following == closer:
        return False
    if following != ",":
        raise text.syntax(text.pos - 1, "Expecting ',' delimiter")
    return True


def _end(text: _Text) -> None:
    if text.peek():
        raise text.syntax(text.pos, "Extra data")


_MEMBERS = 8
"""The most members of a large top-level object read before its array of records."""

HeadCheck = Callable[[dict[str, Any]], Problem | None]
"""Given the members of a large top-level object read so far (its ``cases`` as
``[]``): ``None`` if its records may be streamed, or why not."""


def _streamed_object(
    text: _Text, decoder: StrictDecoder, limit: int, check: HeadCheck
) -> Iterator[Item]:
    """The records of a top-level object too large to read whole, whose ``{`` was just
    read: the elements of its ``cases`` array, if ``check`` accepts the (few, small)
    members before it, and the members after it."""
    members: dict[str, Any] = {}
    streamed = False
    while True:
        key, problem = _value(text, decoder, limit)
        if problem is not None or not isinstance(key, str):
            raise text.syntax(text.pos, "Expecting property name enclosed in double quotes")
        if text.peek() != ":":
            raise text.syntax(text.pos, "Expecting ':' delimiter")
        text.pos += 1
        if key in members:
            raise _Stop(duplicate_key(len(members) + 1))
        if key == "cases" and text.peek() == "[":
            refused = check({**members, key: []})
            if refused is not None:
                raise _Stop(refused)
            text.pos += 1
            members[key] = []
            streamed = True
            yield from _elements(text, decoder, limit)
        elif len(members) < _MEMBERS:
            members[key], problem = _value(text, decoder, limit, skip=False)
            if problem is not None:  # a large member before the records: say what to do
                too_large = problem.code == RECORD_TOO_LARGE
                raise _Stop((check(members) if too_large else None) or problem)
        else:
            raise _Stop(check(members) or _too_large(limit))
        if not _more(text, "}"):
            break
    refused = check(members)
    if refused is not None or not streamed:
        raise _Stop(refused or _too_large(limit))


def values(stream: BinaryIO, *, limit: int, check: HeadCheck) -> Iterator[Item | Stopped]:
    """What a ``.json`` stream holds, value by value.

    For a top-level array: ``Item``\\ s, one per element (index from 0). Any other
    value: one ``Item`` with index ``None``, unless it is an object over
    ``limit`` characters in a seekable stream; then, if ``check`` accepts the
    members before its ``cases`` array, the ``Item``\\ s of its cases. A final
    :class:`Stopped` says why reading stopped early (bad encoding, a syntax error).
    Nothing at all for an empty stream.
    """
    text = _Text(stream)
    decoder = StrictDecoder()
    array = False
    try:
        first = text.peek()
        array = first == "["
        if first == "[":
            text.pos += 1
            empty = True
            for item in _elements(text, decoder, limit):
                empty = False
                yield item
            if empty:
                yield Item(None, [])
        elif not first:
            return
        else:
            value, problem = _value(text, decoder, limit, skip=False)
            too_large = problem is not None and problem.code == RECORD_TOO_LARGE
            if too_large and first == "{" and stream.seekable():
                stream.seek(0)
                text = _Text(stream)
                text.peek()
                text.pos += 1
                array = True
                yield from _streamed_object(text, decoder, limit, check)
                _end(text)
                return
            if problem is None:
                _end(text)
            yield Item(None, value, problem)
            return
        _end(text)
    except _Stop as stop:
        yield Stopped(stop.problem, records_lost=array)


CODES: tuple[Code, ...] = (RECORD_TOO_LARGE,)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
