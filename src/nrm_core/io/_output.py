"""Write an output file whole or not at all: the one way nrm_core writes files (private).

Every file the command line or the library writes (``import --output``, charts,
timelines; later calendars and spreadsheets) goes through :func:`write_atomically`:

* It is written to a temporary file in the same folder and renamed into place
  (:func:`os.replace`, atomic on one file system): a run that fails half-way leaves the
  old file as it was, never an empty or half-written one.
* It is refused before anything is read or written if it names one of the run's inputs
  (the files read, ``--rules``, ``--sites``), a FIFO, a device or a socket (which could
  block for ever or never end), or a folder.
* **Symbolic links are refused**, not followed: an output named through a link could
  replace a file elsewhere (the link's target), and renaming over the link would replace
  the link, not its target. Name the file itself.
* If the file is changed by another program while this run writes (two runs into one
  file), the run fails and leaves the other's file in place, rather than both saying they
  succeeded and one's records being lost.
* A write error (a full disk, a closed stream) is raised, never ignored.

A new file gets the permissions a new file would (the umask); a replaced file keeps its own.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from nrm_core.errors import OutputError

__all__ = ["check_output", "write_atomically"]


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """What would show that a file changed: device, inode, size, modification time."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def check_output(path: str | Path, *, inputs: Iterable[str | Path | None] = ()) -> Path:
    """``path`` if it may be written as an output; else :class:`~nrm_core.errors.OutputError`
    saying why (a symbolic link, not a regular file, one of ``inputs``, no such folder)."""
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror})") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(
                f"{path}: is a symbolic link; name the file itself (links are not followed)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{path}: is not a regular file (a folder, FIFO or device)")
        for source in inputs:
            if source is None:
                continue
            try:
                same = os.path.samefile(path, source)
            except OSError:  # an input that cannot be looked at is reported where it is read
                same = False
            if same:
                raise OutputError(f"{path}: is an input of this run; choose another output")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: the folder {folder} cannot be written to")
    return path


@overload
def write_atomically(
    path: str | Path, *, binary: Literal[False] = ..., inputs: Iterable[str | Path | None] = ()
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def write_atomically(
    path: str | Path, *, binary: Literal[True], inputs: Iterable[str | Path | None] = ()
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def write_atomically(
    path: str | Path, *, binary: bool = False, inputs: Iterable[str | Path | None] = ()
) -> contextlib.AbstractContextManager[IO[Any]]:
    """A file to write ``path``'s new content to (UTF-8 text, or bytes with ``binary``); it
    replaces ``path`` when the ``with`` block ends without an error (see the module).

    >>> from nrm_core.io._output import write_atomically
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with write_atomically(target) as out:
    ...     _ = out.write("whole or nothing\\n")
    ...
    >>> target.read_text()
    'whole or nothing\\n'
    """
    return _write(check_output(path, inputs=inputs), binary)


@contextlib.contextmanager
def _write(path: Path, binary: bool) -> Iterator[IO[Any]]:
    before = _identity(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".partial"
        )
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb" if binary else "w", **({} if binary else _TEXT)) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        mode = (path.stat().st_mode if before is not None else 0o666 & ~_umask()) & 0o7777
        os.chmod(temporary, mode)
        if _identity(path) != before:
            raise OutputError(
                f"{path}: was changed by another program while this run wrote it; it was left "
                "as that program wrote it and nothing of this run was written (run again)"
            )
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


_TEXT: dict[str, Any] = {"encoding": "utf-8", "newline": "\n"}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
