"""A FUSE file system that can lose power: what was not fsynced is gone after a cut.

``powercut_mount(backing, mountpoint)`` mounts a pass-through of ``backing`` at
``mountpoint``, served by a child process (``python -m tests.support.powercut_fs``),
so that the server under test and the file system live and die apart. The model is
LazyFS's (Ramos et al., "When Amnesia Strikes", VLDB 2024):

- **Data** written to a file stays in the daemon's own page cache (4 KiB pages in
  memory, per inode) until ``fsync``/``fdatasync`` of that file, through any of its
  descriptors; only then is it written to the backing file. Reads see the cache.
  ``truncate`` is data too: cached until the next fsync. Closing a file does not
  flush it (neither does the kernel's).
- **Metadata** (create, mkdir, rename, unlink, rmdir, link, chmod, utimens) goes to
  the backing directory at once and survives a cut, as in LazyFS. A real ext4 may
  also lose a new name whose directory was not fsynced; that is not modelled (the
  server fsyncs the directories of new segment files anyway), so a cut here can
  leave a new file with no synced data: zero bytes, as ext4 leaves it too.
- **A cut** (``PowerCutMount.cut``) kills the daemon with SIGKILL, so its page
  cache is gone, detaches the mount, and mounts a fresh daemon on the same
  backing directory (a fresh kernel page cache too). Killing the processes that
  use the file system first is the caller's job: their descriptors die with the
  old mount. ``sync(2)``/``syncfs(2)`` are not passed to FUSE daemons: only a
  file's fsync makes it durable.
- **Faults**: ``PowerCutMount.fail(glob, errno, ops)`` makes ``read`` (the read
  call) and/or ``write`` (write, truncate, create, mkdir, fsync) fail with that
  errno on paths matching the glob (relative to the mount; ``*`` crosses ``/``),
  until ``clear_faults`` or a cut. The kernel may serve a read from its own page
  cache without asking the daemon while a file stays open; every ``open`` drops
  that cache (no ``keep_cache``), so a read after a fresh open sees the fault.

``mmap`` works (SQLite's WAL index, the ``-shm`` file, needs shared mappings): the
mount keeps the kernel's page cache (no ``direct_io``), which FUSE needs for them.

The control channel is a Unix socket taking one JSON request a line. Blocking
throughout; ``PowerCutUnavailable`` says why a mount cannot be had here (no
/dev/fuse, no fusermount3, the mount refused), for the caller to skip.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.child_process import start_until_line

PAGE = 4096
READY_LINE = "powercut ready"
READY_TIMEOUT_S = 60.0
FAULT_OPS = ("read", "write")


class PowerCutUnavailable(RuntimeError):
    """This machine cannot mount the power-cut file system (the reason is the message)."""


# -- the daemon's side ------------------------------------------------------------------


@dataclass
class _Dirty:
    """One inode's unsynced state: its size now, how much of the backing file is
    still its content (a truncate may have cut it), and the pages written since."""

    fd: int  # a writable duplicate of the first descriptor that wrote
    size: int
    limit: int
    pages: dict[int, bytearray] = field(default_factory=dict)

    def page(self, index: int) -> bytearray:
        page = self.pages.get(index)
        if page is None:
            page = bytearray(PAGE)
            start = index * PAGE
            wanted = min(PAGE, self.limit - start)
            if wanted > 0:
                old = os.pread(self.fd, wanted, start)
                page[: len(old)] = old
            self.pages[index] = page
        return page

    def write(self, data: bytes, offset: int) -> None:
        end = offset + len(data)
        position = offset
        while position < end:
            index, within = divmod(position, PAGE)
            take = min(PAGE - within, end - position)
            self.page(index)[within : within + take] = data[
                position - offset : position - offset + take
            ]
            position += take
        self.size = max(self.size, end)

    def read(self, size: int, offset: int) -> bytes:
        end = min(offset + size, self.size)
        if offset >= end:
            return b""
        out = bytearray(end - offset)
        if offset < self.limit:
            old = os.pread(self.fd, min(end, self.limit) - offset, offset)
            out[: len(old)] = old
        for index in range(offset // PAGE, (end - 1) // PAGE + 1):
            page = self.pages.get(index)
            if page is None:
                continue
            start = index * PAGE
            lo, hi = max(start, offset), min(start + PAGE, end)
            out[lo - offset : hi - offset] = page[lo - start : hi - start]
        return bytes(out)

    def truncate(self, length: int) -> None:
        self.size, self.limit = length, min(self.limit, length)
        for index in [i for i in self.pages if i * PAGE >= length]:
            del self.pages[index]
        index, within = divmod(length, PAGE)
        if within and index in self.pages:
            self.pages[index][within:] = bytes(PAGE - within)

    def flush(self) -> None:
        """Write the cache to the backing file (the fsync the model waits for)."""
        os.ftruncate(self.fd, self.limit)  # bytes a truncate cut are zeros if re-grown
        for index, page in sorted(self.pages.items()):
            start = index * PAGE
            length = min(PAGE, self.size - start)
            if length > 0:
                os.pwrite(self.fd, page[:length], start)
        os.ftruncate(self.fd, self.size)

    def unsynced_bytes(self) -> int:
        return len(self.pages) * PAGE


def _operations_class() -> type:
    """The mfusepy Operations subclass (imported here: mfusepy loads libfuse)."""
    import mfusepy  # type: ignore[import-untyped]

    class PowerCutOperations(mfusepy.Operations):
        use_ns = True

        def __init__(self, backing: Path) -> None:
            self.backing = backing
            self.mutex = threading.RLock()  # not "lock": that is a FUSE operation
            self.dirty: dict[tuple[int, int], _Dirty] = {}
            self.open_counts: dict[tuple[int, int], int] = {}
            self.faults: list[tuple[frozenset[str], str, int]] = []

        # -- helpers
        def real(self, path: str) -> str:
            return os.path.join(self.backing, path.lstrip("/"))

        def check(self, op: str, path: str | None) -> None:
            relative = (path or "").lstrip("/")
            for ops, pattern, code in self.faults:
                if op in ops and fnmatch.fnmatchcase(relative, pattern):
                    raise mfusepy.FuseOSError(code)

        @staticmethod
        def key(st: os.stat_result) -> tuple[int, int]:
            return st.st_dev, st.st_ino

        def dirty_for(self, fh: int) -> _Dirty:
            st = os.fstat(fh)
            found = self.dirty.get(self.key(st))
            if found is None:
                found = _Dirty(os.dup(fh), st.st_size, st.st_size)
                self.dirty[self.key(st)] = found
            return found

        def forget(self, key: tuple[int, int]) -> None:
            found = self.dirty.pop(key, None)
            if found is not None:
                os.close(found.fd)

        # -- control
        def control(self, request: dict[str, Any]) -> dict[str, Any]:
            with self.mutex:
                command = request.get("command")
                if command == "fail":
                    ops = frozenset(request["ops"])
                    if not ops or not ops <= set(FAULT_OPS):
                        raise ValueError(f"ops: {sorted(ops)}, expected some of {FAULT_OPS}")
                    self.faults.append((ops, str(request["glob"]), int(request["errno"])))
                elif command == "clear":
                    self.faults.clear()
                elif command != "stats":
                    raise ValueError(f"command: {command!r} is unknown")
                return {
                    "ok": True,
                    "unsynced_bytes": sum(d.unsynced_bytes() for d in self.dirty.values()),
                    "dirty_files": len(self.dirty),
                }

        # -- metadata: straight to the backing directory
        def getattr(self, path: str, fh: int | None = None) -> dict[str, Any]:
            with self.mutex:
                st = os.fstat(fh) if fh is not None else os.lstat(self.real(path))
                attrs = {
                    k: getattr(st, k)
                    for k in ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_ino")
                }
                attrs.update(st_atime=st.st_atime_ns, st_mtime=st.st_mtime_ns)
                attrs.update(st_ctime=st.st_ctime_ns, st_blocks=st.st_blocks)
                found = self.dirty.get(self.key(st))
                if found is not None:
                    attrs["st_size"] = found.size
                    attrs["st_blocks"] = (found.size + 511) // 512
                return attrs

        def access(self, path: str, amode: int) -> int:
            if not os.access(self.real(path), amode):
                raise mfusepy.FuseOSError(errno.EACCES)
            return 0

        def readdir(self, path: str, fh: int) -> Iterable[str]:
            return [".", "..", *os.listdir(self.real(path))]

        def readlink(self, path: str) -> str:
            return os.readlink(self.real(path))

        def mkdir(self, path: str, mode: int) -> int:
            self.check("write", path)
            os.mkdir(self.real(path), mode)
            return 0

        def rmdir(self, path: str) -> int:
            os.rmdir(self.real(path))
            return 0

        def unlink(self, path: str) -> int:
            with self.mutex:
                st = os.lstat(self.real(path))
                os.unlink(self.real(path))
                if st.st_nlink <= 1 and not self.open_counts.get(self.key(st)):
                    self.forget(self.key(st))
            return 0

        def rename(self, old: str, new: str) -> int:
            with self.mutex:
                with suppress(FileNotFoundError):
                    st = os.lstat(self.real(new))
                    if st.st_nlink <= 1 and not self.open_counts.get(self.key(st)):
                        self.forget(self.key(st))
                os.rename(self.real(old), self.real(new))
            return 0

        def link(self, target: str, source: str) -> int:
            os.link(self.real(source), self.real(target))
            return 0

        def symlink(self, target: str, source: str) -> int:
            os.symlink(source, self.real(target))
            return 0

        def chmod(self, path: str, mode: int) -> int:
            os.chmod(self.real(path), mode)
            return 0

        def chown(self, path: str, uid: int, gid: int) -> int:
            os.lchown(self.real(path), uid, gid)
            return 0

        def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
            if times is None:
                os.utime(self.real(path), follow_symlinks=False)
            else:
                os.utime(self.real(path), ns=times, follow_symlinks=False)
            return 0

        def statfs(self, path: str) -> dict[str, int]:
            st = os.statvfs(self.real(path))
            names = ("f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files",
                     "f_ffree", "f_favail", "f_flag", "f_namemax")  # fmt: skip
            return {k: getattr(st, k) for k in names}

        # -- files
        def opened(self, fh: int) -> int:
            key = self.key(os.fstat(fh))
            self.open_counts[key] = self.open_counts.get(key, 0) + 1
            return fh

        def open(self, path: str, flags: int) -> int:
            with self.mutex:
                access = flags & os.O_ACCMODE
                mode = os.O_RDONLY if access == os.O_RDONLY else os.O_RDWR
                fh = self.opened(os.open(self.real(path), mode | os.O_CLOEXEC))
                if flags & os.O_TRUNC and access != os.O_RDONLY:
                    self.dirty_for(fh).truncate(0)
                return fh

        def create(self, path: str, mode: int, flags: int = 0) -> int:
            self.check("write", path)
            with self.mutex:
                extra = flags & os.O_EXCL
                fd = os.open(self.real(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | extra, mode)
                fh = self.opened(fd)
                if flags & os.O_TRUNC:
                    self.dirty_for(fh).truncate(0)
                return fh

        def read(self, path: str, size: int, offset: int, fh: int) -> bytes:
            self.check("read", path)
            with self.mutex:
                found = self.dirty.get(self.key(os.fstat(fh)))
                return found.read(size, offset) if found else os.pread(fh, size, offset)

        def write(self, path: str, data: bytes, offset: int, fh: int) -> int:
            self.check("write", path)
            with self.mutex:
                self.dirty_for(fh).write(data, offset)
            return len(data)

        def truncate(self, path: str, length: int, fh: int | None = None) -> int:
            self.check("write", path)
            with self.mutex:
                if fh is None:
                    fh = os.open(self.real(path), os.O_RDWR | os.O_CLOEXEC)
                    try:
                        self.dirty_for(fh).truncate(length)
                    finally:
                        os.close(fh)
                else:
                    self.dirty_for(fh).truncate(length)
            return 0

        def fsync(self, path: str, datasync: int, fh: int) -> int:
            self.check("write", path)
            with self.mutex:
                self.forget_after_flush(self.key(os.fstat(fh)))
            return 0

        def forget_after_flush(self, key: tuple[int, int]) -> None:
            found = self.dirty.get(key)
            if found is not None:
                found.flush()
                self.forget(key)

        def flush(self, path: str, fh: int) -> int:
            return 0

        def release(self, path: str, fh: int) -> int:
            with self.mutex:
                st = os.fstat(fh)
                key = self.key(st)
                left = self.open_counts.get(key, 1) - 1
                if left:
                    self.open_counts[key] = left
                else:
                    self.open_counts.pop(key, None)
                    if st.st_nlink == 0:
                        self.forget(key)
                os.close(fh)
            return 0

        def fsyncdir(self, path: str, datasync: int, fh: int) -> int:
            return 0  # metadata is durable at once (see the module's doc)

    return PowerCutOperations


def _serve_control(socket_path: str, operations: Any) -> None:
    """Answer control requests (JSON lines) on a Unix socket, in a daemon thread."""

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            for line in self.rfile:
                try:
                    reply = operations.control(json.loads(line))
                except (ValueError, KeyError, TypeError) as error:
                    reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
                self.wfile.write(json.dumps(reply).encode() + b"\n")

    server = socketserver.ThreadingUnixStreamServer(socket_path, Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="control", daemon=True).start()


def _daemon(backing: str, mountpoint: str, control: str) -> None:
    """The child process: serve the mount until it is unmounted or killed."""
    import mfusepy

    operations = _operations_class()(Path(backing))
    _serve_control(control, operations)
    original_init = operations.init

    def init(path: str) -> None:
        print(READY_LINE, flush=True)
        original_init(path)

    operations.init = init
    mfusepy.FUSE(operations, mountpoint, foreground=True, fsname="powercut", nothreads=False)


# -- the test's side -------------------------------------------------------------------


class PowerCutMount:
    """A mounted power-cut file system: cut it, inject faults, read its figures."""

    def __init__(self, backing: Path, mountpoint: Path, workdir: Path) -> None:
        self.backing, self.mountpoint = backing, mountpoint
        self._control = workdir / "control.sock"
        self._process: subprocess.Popen[str] | None = None
        self.lines: list[str] = []
        self.cuts = 0

    def start(self) -> None:
        self._control.unlink(missing_ok=True)
        argv = [sys.executable, "-m", "tests.support.powercut_fs"]
        argv += [str(self.backing), str(self.mountpoint), str(self._control)]
        try:
            process, _line, self.lines = start_until_line(argv, READY_LINE, READY_TIMEOUT_S, _env())
        except RuntimeError as error:
            raise PowerCutUnavailable(
                f"the power-cut file system did not mount: {error}"
            ) from error
        self._process = process
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not os.path.ismount(self.mountpoint) and time.monotonic() < deadline:
            time.sleep(0.05)

    def _stop_daemon(self) -> None:
        if self._process is not None:
            with suppress(ProcessLookupError):
                self._process.send_signal(signal.SIGKILL)
            self._process.wait(30)
            self._process = None
        subprocess.run(
            ["fusermount3", "-u", "-z", str(self.mountpoint)],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip

    def cut(self) -> None:
        """Power cut: every write not fsynced is lost; then a fresh mount, no faults."""
        self._stop_daemon()
        self.cuts += 1
        self.start()

    def close(self) -> None:
        """Unmount (what was not fsynced is lost, as in a cut)."""
        self._stop_daemon()

    def request(self, **request: Any) -> dict[str, Any]:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(30)
            client.connect(str(self._control))
            client.sendall(json.dumps(request).encode() + b"\n")
            reply: dict[str, Any] = json.loads(client.makefile("rb").readline())
        if not reply.get("ok"):
            raise ValueError(f"power-cut file system refused {request}: {reply.get('error')}")
        return reply

    def fail(self, glob: str, error: int, ops: Iterable[str] = FAULT_OPS) -> None:
        """Make ``ops`` ("read", "write") on paths matching ``glob`` fail with ``error``."""
        self.request(command="fail", glob=glob, errno=error, ops=sorted(set(ops)))

    def clear_faults(self) -> None:
        self.request(command="clear")

    def unsynced_bytes(self) -> int:
        """Bytes in the daemon's page cache (whole pages): what a cut now would lose."""
        return int(self.request(command="stats")["unsynced_bytes"])


def _env() -> dict[str, str]:
    """The daemon imports this module as ``tests.support.powercut_fs``: the repository
    goes first on its path, whatever the caller's working directory."""
    repo = str(Path(__file__).resolve().parents[2])
    return {"PYTHONPATH": os.pathsep.join(p for p in (repo, os.environ.get("PYTHONPATH")) if p)}


def unavailable_reason() -> str | None:
    """Why this machine cannot mount it (None when it may)."""
    if not os.path.exists("/dev/fuse"):
        return "/dev/fuse is missing (no FUSE in this kernel or container)"
    if shutil.which("fusermount3") is None:
        return "fusermount3 not installed: make setup installs it (Debian package fuse3)"
    try:
        import mfusepy  # noqa: F401
    except (ImportError, OSError) as error:
        return f"mfusepy cannot load libfuse3: {error} (Debian package fuse3)"
    return None


@contextmanager
def powercut_mount(backing: Path, mountpoint: Path) -> Iterator[PowerCutMount]:
    """Mount ``backing`` at ``mountpoint`` through the power-cut file system; unmount
    on leaving. Raises PowerCutUnavailable when it cannot be mounted here."""
    reason = unavailable_reason()
    if reason is not None:
        raise PowerCutUnavailable(reason)
    backing.mkdir(parents=True, exist_ok=True)
    mountpoint.mkdir(parents=True, exist_ok=True)
    # A short folder for the control socket: pytest's are too deep for 108 bytes.
    with tempfile.TemporaryDirectory(prefix="powercut-") as workdir:
        mount = PowerCutMount(backing, mountpoint, Path(workdir))
        mount.start()
        try:
            yield mount
        finally:
            mount.close()


@contextmanager
def powercut_mount_or_skip(workdir: Path) -> Iterator[PowerCutMount]:
    """For tests: ``powercut_mount`` of ``workdir/backing`` at ``workdir/mnt``, or
    ``pytest.skip`` with the reason when this machine cannot mount it."""
    import pytest

    with ExitStack() as stack:
        try:
            mount = stack.enter_context(powercut_mount(workdir / "backing", workdir / "mnt"))
        except PowerCutUnavailable as error:
            pytest.skip(f"power-cut file system unavailable: {error}")
        yield mount


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python -m tests.support.powercut_fs BACKING MOUNTPOINT CONTROL_SOCKET")
    _daemon(*sys.argv[1:])
