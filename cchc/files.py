"""The one writer of every file cchc writes (exports, reports, templates, calendars, backups), and the
one check of every file it reads (plans, evidence, indicator CSVs, databases): regular files only.

A file is written to a temporary file in the target's folder, synced to the disk
and renamed over the target, so a full disk, a killed process or a power cut
leaves the old file or the new one, never part of one. A target that exists and
is not a regular file (a device such as /dev/null, a FIFO, a folder) is refused:
writing would hang or replace the device with a plain file. A symbolic link is
followed: the file it points to is replaced and the link stays. A copy that must
replace nothing (the database a restore keeps) gets a name no file has yet.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Callable, Iterator

from cchc.domain.errors import UserError
from cchc.i18n import _


def write_file(path: Path, data: bytes) -> None:
    """`data` as the new content of `path` (replaced if it exists)."""
    with replacing(path) as temporary:
        with open(temporary, "wb") as handle:
            handle.write(data)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write; on success it becomes `path`, on failure it goes."""
    final = target(path)
    mode = _mode(final)
    try:
        fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        os.chmod(temporary, mode)
        os.replace(temporary, final)
        _sync_folder(final.parent)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def target(path: Path) -> Path:
    """The regular file a write to `path` replaces (a link's target), or where a new one goes."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        status = os.stat(real)
    except FileNotFoundError:
        if path.is_symlink():
            raise UserError(_("{path}: is a link to a missing file; refused").format(path=path)) from None
        return real
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if stat.S_ISDIR(status.st_mode):
        raise UserError(_("{path}: is a folder, not a file").format(path=path))
    if not stat.S_ISREG(status.st_mode):
        raise UserError(_("{path}: is not a regular file (a device, pipe or socket); refused").format(path=path))
    return real


def reserve(folder: Path, name: Callable[[int], str]) -> Path:
    """A new empty file in `folder` named name(1), else name(2), …: created atomically, so two
    commands at the same moment never get the same one. Replace it through `replacing`."""
    for number in count(1):
        candidate = folder / name(number)
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise _cannot_write(candidate, exc) from None
        return candidate


def _mode(final: Path) -> int:
    """The permissions the file keeps (a new file: as the umask allows, not mkstemp's 0600)."""
    try:
        return stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """The rename itself reaches the disk (POSIX; Windows cannot open a folder and needs no such step)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cannot_write(path: Path, exc: OSError) -> UserError:
    return UserError(_("{path}: cannot be written ({reason})").format(path=path, reason=exc.strerror or exc))


# -- reading ---------------------------------------------------------------------------------

MB = 2**20


def regular_file(path: Path) -> os.stat_result:
    """The file's status when `path` (after symlinks) is a regular file, else UserError.

    Decided from the status alone: a FIFO, a device (/dev/zero) or a folder is
    never opened, so it can neither hang nor be read for ever.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise UserError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise UserError(_("{path}: cannot be read ({err})").format(path=path, err=exc.strerror)) from None
    if stat.S_ISDIR(status.st_mode):
        raise UserError(_("{path}: is a folder, not a file").format(path=path))
    if not stat.S_ISREG(status.st_mode):
        raise UserError(_("{path}: is not a regular file (a device, pipe or socket); refused").format(path=path))
    return status


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, else UserError naming the limit."""
    size = regular_file(path).st_size
    if size > limit:
        raise UserError(_("{path}: {size} MB is more than the limit of {limit} MB for this kind of file")
                        .format(path=path, size=round(size / MB, 1), limit=round(limit / MB, 1)))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UserError(_("{path}: cannot be read ({err})").format(path=path, err=exc.strerror)) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the check
            raise UserError(_("{path}: is not a regular file (a device, pipe or socket); refused").format(path=path))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UserError(_("{path}: more than the limit of {limit} MB for this kind of file")
                        .format(path=path, limit=round(limit / MB, 1)))
    return data
