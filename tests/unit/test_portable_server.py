"""The server on Windows (DEP-02, issue 17 §4): every module of vedette_server,
vedette_hw and vedette_api imports, and the server initialises, starts and answers,
with the POSIX-only calls unavailable.

There is no Windows machine here, so a child Python takes away what Windows lacks
before any Vedette module loads: ``os.statvfs``, ``os.fork``, ``os.getuid``... are
deleted, ``signal.SIGKILL``/``SIGHUP``... and ``socket.AF_UNIX`` too, and a meta path
finder refuses ``fcntl``, ``resource``, ``termios``, ``pwd`` and ``grp``. The standard
library and third-party modules Vedette imports are loaded first, with everything
present: on Windows they take their own Windows paths, so what the standard library
does differently there is given its Windows form here (``shutil.disk_usage`` without
``statvfs``, ``socket.socketpair`` over loopback TCP, an event loop without
``add_signal_handler``: the server must still stop cleanly on SIGTERM); the emulation
is of what Vedette's own code may call. What it cannot show: code guarded by
``sys.platform == "win32"`` (it still says linux), and calls that exist on Windows
but behave differently there (opening a folder, ``dir_fd``): see
installers/pyinstaller/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.bytecode import environment
from tests.support.child_process import start_until_line
from tests.support.server_process import ADMIN_PASSWORD, READY_TIMEOUT_S, ServerProcess

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_api.v1 import storage_pb2
from vedette_server.storage import SegmentWriter

REPO = Path(__file__).resolve().parents[2]
T0 = 1_800_000_000_000_000

#: The child: ``-c WINDOWS_LIKE walk`` imports every module; ``-c WINDOWS_LIKE server
#: ARGS`` runs ``vedette-server ARGS``. It first proves the emulation is in force.
WINDOWS_LIKE = r'''
import ast, asyncio, importlib, importlib.abc, os, pkgutil, runpy, shutil, signal, socket, sys
from pathlib import Path

PACKAGES = {"vedette_server": "server", "vedette_hw": "hw", "vedette_api": "protos"}
BLOCKED = {"fcntl", "resource", "termios", "pwd", "grp"}
OS_NAMES = ("statvfs", "fstatvfs", "ST_RDONLY", "fork", "forkpty", "getuid", "geteuid",
            "getgid", "getegid", "setsid", "killpg", "getpgid", "setpgrp", "mkfifo",
            "getloadavg", "sync", "chown", "fchown", "lchown", "fchmod", "nice")
SIGNAL_NAMES = ("SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGQUIT",
                "SIGALRM", "SIGPIPE")
repo = Path(sys.argv[1])

# What Vedette imports from outside itself, loaded while everything is present.
outside = set()
for package, root in PACKAGES.items():
    for path in (repo / root / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                outside.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                outside.add(node.module)
for name in sorted(outside):
    if name.partition(".")[0] not in BLOCKED and not name.startswith("vedette_"):
        importlib.import_module(name)


class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (as on Windows)", name=name)
        return None


for name in [name for name in sys.modules if name.partition(".")[0] in BLOCKED]:
    del sys.modules[name]
sys.meta_path.insert(0, Refuse())
real_statvfs = os.statvfs


def disk_usage(path):  # Windows' shutil.disk_usage needs no statvfs
    st = real_statvfs(path)
    return shutil._ntuple_diskusage(
        st.f_blocks * st.f_frsize, (st.f_blocks - st.f_bfree) * st.f_frsize,
        st.f_bavail * st.f_frsize)


def socketpair(family=socket.AF_INET, type=socket.SOCK_STREAM, proto=0):
    """Windows' socket.socketpair: a connected pair over loopback TCP."""
    with socket.socket(family, type, proto) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        one = socket.socket(family, type, proto)
        one.connect(listener.getsockname())
        other, _ = listener.accept()
    return one, other


def no_signal_handlers(self, sig, callback, *args):
    raise NotImplementedError  # as in Windows' event loops


shutil.disk_usage = disk_usage
socket.socketpair = socketpair
asyncio.unix_events._UnixSelectorEventLoop.add_signal_handler = no_signal_handlers
for name in OS_NAMES:
    if hasattr(os, name):
        delattr(os, name)
for name in SIGNAL_NAMES:
    if hasattr(signal, name):
        delattr(signal, name)
if hasattr(socket, "AF_UNIX"):
    delattr(socket, "AF_UNIX")
for name in BLOCKED:
    try:
        importlib.import_module(name)
    except ImportError:
        continue
    raise SystemExit(f"emulation broken: {name} imports")
assert not hasattr(os, "statvfs") and not hasattr(signal, "SIGKILL")
print("windows-like: in force", flush=True)

if sys.argv[2] == "walk":
    failed = []
    count = 0
    for package in PACKAGES:
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__,
                                          package + "."):
            if info.name.endswith(".__main__"):  # importing one runs its program
                continue
            count += 1
            try:
                importlib.import_module(info.name)
            except Exception as error:
                failed.append(f"{info.name}: {error!r}")
    print(*failed, sep="\n")
    print(f"windows-like: imported {count - len(failed)} of {count} modules", flush=True)
    sys.exit(1 if failed else 0)
if sys.argv[2] == "read":  # a segment file, as the console's player reads one
    for name in ("pread", "pwrite", "O_CLOEXEC"):
        delattr(os, name)
    from vedette_api.media.segment_reader import SegmentReader, scan_segment

    scan = scan_segment(sys.argv[3])
    with SegmentReader.open(sys.argv[3]) as reader:
        payloads = [record.payload.decode() for _, record in reader.records()]
    print(f"windows-like: clean={scan.clean} frames={scan.frames}", *payloads, flush=True)
    sys.exit(0)
sys.argv = ["vedette-server", *sys.argv[3:]]
runpy.run_module("vedette_server.cli", run_name="__main__")
'''


def windows_like(*args: str) -> list[str]:
    return [sys.executable, "-c", WINDOWS_LIKE, str(REPO), *args]


def test_every_module_imports_without_posix_only_calls() -> None:
    result = subprocess.run(
        windows_like("walk"), capture_output=True, text=True, timeout=600, cwd=REPO
    )
    assert "windows-like: in force" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    imported, _, total = summary.removeprefix("windows-like: imported ").partition(" of ")
    # The three packages hold hundreds of modules; a walk that found few found nothing.
    assert int(imported) == int(total.split()[0]) > 300, summary


@pytest.mark.slow
def test_server_initialises_starts_and_answers_without_posix_only_calls(tmp_path: Path) -> None:
    data = tmp_path / "data"
    init = subprocess.run(
        windows_like("server", "init", "--data", str(data), "--default-volume"),
        env=environment({"VEDETTE_ADMIN_PASSWORD": ADMIN_PASSWORD}),
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    assert "windows-like: in force" in init.stdout
    argv = windows_like(
        "server", "run", "--data", str(data), "--listen", "127.0.0.1:0",
        "--rtsp-listen", "127.0.0.1:0", "--local-socket", "none",
    )  # fmt: skip
    process, line, seen = start_until_line(argv, "vedette-server ready on", READY_TIMEOUT_S)
    server = ServerProcess(data, process, int(line.rsplit(":", 1)[1]), tmp_path / "known.json")
    try:
        assert "windows-like: in force" in seen
        with server.client() as client:
            assert client.get_server_info().version
            # The default volume, checked with the portable calls (no statvfs):
            # writable, with its size.
            (volume,) = client.list_volumes()
            assert volume.state == storage_pb2.VOLUME_STATE_READ_WRITE, volume
            assert volume.capacity_bytes >= volume.free_bytes > 0, volume
    finally:
        # SIGTERM: a clean stop through the signal.signal fallback (stop_signals.py).
        assert server.stop() == 0, "\n".join(seen[-40:])


def test_local_socket_refused_with_a_reason_without_unix_sockets(tmp_path: Path) -> None:
    """Where Python has no Unix sockets (Windows), ``--local-socket PATH`` is refused
    with a sentence saying what to do, and no socket file is left."""
    data = tmp_path / "data"
    init = subprocess.run(
        windows_like("server", "init", "--data", str(data), "--no-default-volume"),
        env=environment({"VEDETTE_ADMIN_PASSWORD": ADMIN_PASSWORD}),
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    run = subprocess.run(
        windows_like(
            "server", "run", "--data", str(data), "--listen", "127.0.0.1:0",
            "--rtsp-listen", "127.0.0.1:0", "--local-socket", str(tmp_path / "s.sock"),
        ),
        env=environment(), capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert run.returncode != 0
    assert "no Unix domain sockets" in run.stdout + run.stderr, run.stdout + run.stderr
    assert not (tmp_path / "s.sock").exists()


def test_segment_files_read_without_pread(tmp_path: Path) -> None:
    """What the server writes, read back as the console's player and the server's
    playback read it, where ``os.pread`` and ``O_CLOEXEC`` do not exist
    (``vedette_api.media.file_io``)."""
    path = tmp_path / "a.vseg"
    video = CodecParameters(Codec.H264, b"\x00\x00\x00\x01\x67", 64, 48)
    with SegmentWriter.create(path, SegmentHeader(1, "main", T0, (video,))) as writer:
        for i in range(30):
            t = T0 + i * 40_000
            writer.append_packet(MediaPacket(PacketKind.VIDEO, t, 40_000, i % 10 == 0, b"f%d" % i))
    result = subprocess.run(
        windows_like("read", str(path)), capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0, result.stdout + result.stderr
    clean, frames, *payloads = result.stdout.strip().splitlines()[-1].split()[1:]
    assert (clean, frames) == ("clean=True", "frames=30"), result.stdout
    assert payloads == [f"f{i}" for i in range(30)]
