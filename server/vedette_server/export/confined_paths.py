"""Folders and files under a root (an export root, the snapshot folder) reached
without following a symbolic link.

An export root is often a shared folder (a USB disk, a NAS share) where other people
can create files. A link planted there (``exports/case17 -> /etc``) would make the
server write, overwrite or delete outside the root with its own rights. So below a
root, every path component is opened one at a time, relative to its parent's file
descriptor, with ``O_NOFOLLOW`` (openat-style): a link anywhere is refused, and
swapping a folder for a link between a check and a use changes nothing, since the
folder in hand is a descriptor, not a name.

Invariants:
- The root itself may be a link (an administrator's choice, resolved when the
  server starts); nothing below it is ever followed.
- A folder made here is made by this process, mode 0o750 (before the umask), so
  people who share the root cannot create a link inside it afterwards.
- :class:`PinnedFolder` gives a path (``/proc/self/fd/N``) that names the folder held
  open, for code that takes paths (PyAV, ``shutil``): it stays the same folder even
  if its name is moved or replaced meanwhile.

Everything here is blocking file-system work (POSIX ``openat`` semantics, Linux's
``/proc/self/fd``); run it on an executor.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from vedette_server.errors import FailedPrecondition
from vedette_server.export.errors import ExportError

FOLDER_MODE = 0o750
# getattr: Windows has none of the three (the module imports there; the confined
# opens below need ``dir_fd``, which Windows lacks, so exports stay POSIX-only).
_DIRECTORY_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class LinkRefused(ExportError, FailedPrecondition):
    """A path below a root is a symbolic link (or not a folder where one is needed)."""

    def __init__(self, root: Path, relative: str, reason: str) -> None:
        ExportError.__init__(
            self,
            f"{root / relative}: {reason}; Vedette never follows a symbolic link below {root}",
        )
        self.root, self.relative = root, relative


def _parts(relative: str | PurePosixPath) -> list[str]:
    parts = [p for p in PurePosixPath(relative).parts if p not in ("", ".", "/")]
    if any(p == ".." for p in parts):
        raise ValueError(f"{relative!s} leaves its root")
    return parts


def _open_child(parent_fd: int, name: str, root: Path, done: Sequence[str]) -> int:
    """The descriptor of folder ``name`` in ``parent_fd``; never through a link."""
    where = "/".join([*done, name])
    try:
        return os.open(name, _DIRECTORY_FLAGS, dir_fd=parent_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LinkRefused(root, where, "is a symbolic link") from None
        if error.errno == errno.ENOTDIR:
            try:
                is_link = stat.S_ISLNK(os.lstat(name, dir_fd=parent_fd).st_mode)
            except OSError:
                is_link = False
            reason = "is a symbolic link" if is_link else "is not a folder"
            raise LinkRefused(root, where, reason) from None
        raise


def open_folder(root: Path, relative: str | PurePosixPath, *, create: bool) -> int:
    """An ``O_DIRECTORY`` descriptor of ``root/relative`` (the caller closes it), each
    component below ``root`` opened with ``O_NOFOLLOW``; missing ones are made when
    ``create`` (else ``FileNotFoundError``). Raises ``LinkRefused`` for a link."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    done: list[str] = []
    try:
        for name in _parts(relative):
            if create:
                with suppress(FileExistsError):
                    os.mkdir(name, FOLDER_MODE, dir_fd=fd)
            child = _open_child(fd, name, root, done)
            os.close(fd)
            fd = child
            done.append(name)
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_no_link(root: Path, relative: str | PurePosixPath) -> None:
    """Refuse (``LinkRefused``) a link among the components of ``relative`` that
    exist already; missing ones are fine (they will be made)."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        return  # the root itself is made on first use
    done: list[str] = []
    try:
        for name in _parts(relative):
            try:
                child = _open_child(fd, name, root, done)
            except FileNotFoundError:
                return
            os.close(fd)
            fd = child
            done.append(name)
    finally:
        os.close(fd)


def remove_tree(root: Path, relative: str | PurePosixPath) -> None:
    """Delete ``root/relative`` and everything in it, if it exists; a link on the way
    or in its place is refused (``LinkRefused``), never followed nor deleted."""
    *parents, name = _parts(relative)
    try:
        parent = open_folder(root, PurePosixPath(*parents) if parents else "", create=False)
    except FileNotFoundError:
        return
    try:
        try:
            mode = os.lstat(name, dir_fd=parent).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISLNK(mode):
            raise LinkRefused(root, str(relative), "is a symbolic link")
        # rmtree with dir_fd walks by descriptors and never follows links inside.
        shutil.rmtree(name, dir_fd=parent)
    finally:
        os.close(parent)


def remove_file(root: Path, relative: str | PurePosixPath) -> None:
    """Remove the file ``root/relative`` if it is there (a link there is removed
    itself, never what it points to); a link among its folders is refused."""
    *parents, name = _parts(relative)
    try:
        parent = open_folder(root, PurePosixPath(*parents) if parents else "", create=False)
    except FileNotFoundError:
        return
    try:
        os.unlink(name, dir_fd=parent)
    except FileNotFoundError:
        pass
    finally:
        os.close(parent)


def open_file(root: Path, relative: str | PurePosixPath) -> BinaryIO:
    """``root/relative`` open for reading, no component (the file included) a link;
    the caller closes it."""
    *parents, name = _parts(relative)
    parent = open_folder(root, PurePosixPath(*parents) if parents else "", create=False)
    try:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise LinkRefused(root, str(relative), "is a symbolic link") from None
            raise
    finally:
        os.close(parent)
    return os.fdopen(fd, "rb")


def read_file(root: Path, relative: str | PurePosixPath) -> bytes:
    """The bytes of ``root/relative``, no component (the file included) a link."""
    with open_file(root, relative) as file:
        return file.read()


class PinnedFolder:
    """A folder held open by descriptor; ``path`` names that very folder."""

    def __init__(self, fd: int, shown: Path) -> None:
        self.fd = fd
        #: The folder's name for people (logs, the API); not used to reach it.
        self.shown = shown

    @property
    def path(self) -> Path:
        return Path(f"/proc/self/fd/{self.fd}")

    def write_file(self, name: str, data: bytes) -> None:
        """Create (or replace) the file ``name`` in the folder, fsynced; a link in its
        place is replaced, never written through."""
        partial = f".{name}.part"
        fd = os.open(
            partial,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC,
            0o644,
            dir_fd=self.fd,
        )
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def sync(self) -> None:
        """Make every file in the folder, and the folder's names, durable: a task says
        done only after this, so a power cut never leaves a "done" export whose
        files, signatures or manifest were still in the page cache."""
        _sync_tree(self.fd)

    def close(self) -> None:
        os.close(self.fd)


def _sync_tree(folder_fd: int) -> None:
    """fsync every regular file under the folder (its subfolders too), then each
    folder; links are not followed."""
    for name in os.listdir(folder_fd):
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder_fd)
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                _sync_tree(fd)
            elif stat.S_ISREG(mode):
                os.fsync(fd)
        finally:
            os.close(fd)
    os.fsync(folder_fd)


@contextmanager
def pinned_folder(root: Path, relative: str | PurePosixPath) -> Iterator[PinnedFolder]:
    """``root/relative``, made if missing (no link on the way), held open while the
    ``with`` block runs."""
    folder = PinnedFolder(open_folder(root, relative, create=True), root / relative)
    try:
        yield folder
    finally:
        folder.close()


@contextmanager
def new_folder(root: Path, relative: str | PurePosixPath) -> Iterator[PinnedFolder]:
    """A new, empty folder ``root/relative`` (its parents made as needed, no link on
    the way), held open; ``FileExistsError`` when the name is taken, whatever by."""
    *parents, name = _parts(relative)
    with pinned_folder(root, PurePosixPath(*parents) if parents else "") as parent:
        os.mkdir(name, FOLDER_MODE, dir_fd=parent.fd)
        os.fsync(parent.fd)  # the new name itself survives a power cut
        fd = _open_child(parent.fd, name, root, parents)
    folder = PinnedFolder(fd, root / relative)
    try:
        yield folder
    finally:
        folder.close()
