"""All-or-nothing output files: a temp file in the target's folder, then one rename.

Every command that writes a file goes through here, so an interrupted or failed run never leaves
a partial brief, report or baseline under the name the user asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def new_temp(folder: Path, prefix: str, suffix: str = "") -> tuple[int, str]:
    """A new, empty file in ``folder`` (like ``tempfile.mkstemp``) with the permissions of any new
    file, 0666 less the umask, applied by the kernel: mkstemp's 0600 would have to be widened by
    hand, and the umask can only be read by setting it, which is process-wide and races threads."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def replace_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file beside it and rename (briefer's own cache files,
    which other processes may be reading). Errors are ``OSError``, for the caller to decide; the
    temp file is removed on any failure."""
    fd, name = new_temp(path.parent, ".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file and rename: all or nothing."""
    with open_atomic(path) as (fh, _):
        fh.write(text)


@contextmanager
def open_atomic(path: str | Path) -> Iterator[tuple[IO[str], Path]]:
    """Stream into ``(file, temp_path)``; renamed onto ``path`` only when the block completes.

    On an error the temp file is removed; on Ctrl-C it is kept (the caller says where), so rows
    already written are not lost.
    """
    from .errors import InputError

    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory; -o takes a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = new_temp(target.parent, f".{target.name}.", ".partial")
    except OSError as exc:
        raise InputError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh, tmp
        os.replace(tmp, target)
    except KeyboardInterrupt:
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def check_writable(path: str | Path) -> None:
    """Fail before any work if ``path`` cannot be written (a folder, a missing or read-only parent).

    Asked before fetching or calling a model, so a bad ``-o`` costs nothing: the check creates
    (and removes) a temp file in the nearest existing folder, which also catches read-only
    file systems and places where even root cannot write.
    """
    from .errors import InputError

    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory; -o takes a file name")
    parent = target.parent if str(target.parent) else Path(".")
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"{path}: {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write in {existing} (permission denied)")
    try:
        fd, probe = new_temp(existing, ".briefer-probe.")
    except OSError as exc:
        raise InputError(f"{path}: cannot write in {existing} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)
