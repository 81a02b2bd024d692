"""Nothing outlives the server, camsim or the demo: not an ingest worker, not a
decoder-pool worker, not the forkserver or resource tracker that serve the pool.

After a ``make test`` then a ``make demo`` stopped with Ctrl-C, 28 Python processes
(forkservers with their resource trackers and pool workers) were still running 45
minutes later. Each test here tags one program's environment, which every process it
starts inherits, notes its descendants while it runs, stops it as an operator or a
crash would, and fails if any descendant, or any process carrying the tag (an orphan
adopted by init), is still running shortly after.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.conftest import SMALL
from tests.support import process_leaks
from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import init_data_dir, start_server, wait_for

pytestmark = pytest.mark.slow

#: How long a stopped program's processes may take to end (a worker closes its
#: segments first; CI runs loaded).
GONE_WITHIN_S = 30.0
FORKSERVER = "multiprocessing.forkserver"
INGEST_WORKER = "vedette_server.ingest.worker"


def _commands(processes: list[psutil.Process]) -> str:
    return "\n".join(" ".join(p.cmdline()) for p in processes if p.is_running())


def _descendants_once_running(
    pid: int, *wanted: str, timeout_s: float = 60.0
) -> list[psutil.Process]:
    """The process's descendants once it has some and each of ``wanted`` is among
    their command lines."""

    def found() -> list[psutil.Process] | None:
        try:
            processes = psutil.Process(pid).children(recursive=True)
            commands = _commands(processes)
        except psutil.Error:
            return None
        return processes if processes and all(w in commands for w in wanted) else None

    return wait_for(found, timeout_s, f"descendants running {wanted}")  # type: ignore[no-any-return]


def _assert_nothing_left(tag: str, seen: list[psutil.Process]) -> None:
    left = process_leaks.leftovers(tag, seen, timeout_s=GONE_WITHIN_S)
    assert not left, f"still running {GONE_WITHIN_S:g} s after the stop:\n{left}"


@pytest.fixture
def tag() -> Iterator[str]:
    """A tag for one program's processes; whatever carries it at the end is killed,
    so a failing test does not leave its leak to the next."""
    tag = process_leaks.new_tag()
    yield tag
    process_leaks.terminate(process_leaks.tagged(tag))


@pytest.fixture(scope="module")
def camera() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL)
    yield process
    process.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])  # fmt: skip
def test_a_stopped_server_leaves_no_process_behind(
    tmp_path: Path, camera: CamsimProcess, signum: signal.Signals, tag: str
) -> None:
    """A recording server runs ingest workers and a decoder pool (forkserver, resource
    tracker, workers); none of them outlives it, even killed with -9."""
    data = tmp_path / "data"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, tmp_path / "known.json", env=process_leaks.tagged_env(tag))
    try:
        with server.client() as client:
            if not client.list_volumes():
                volume = client.add_volume(str(data / "recordings"))
                client.initialize_volume(volume.id)
            client.create_camera(
                "cam1", camera.url("cam1", "main"), sub_url=camera.url("cam1", "sub")
            )
        seen = _descendants_once_running(server.process.pid, FORKSERVER, INGEST_WORKER)
        server.process.send_signal(signum)
        server.process.wait(60)
        if signum != signal.SIGKILL:
            assert server.process.returncode == 0
        _assert_nothing_left(tag, seen)
    finally:
        server.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_camsim_leaves_no_process_behind(signum: signal.Signals, tag: str) -> None:
    camsim = start_camsim(*SMALL, cameras=2, extra_env=process_leaks.tagged_env(tag))
    try:
        seen = psutil.Process(camsim.process.pid).children(recursive=True)
        camsim.process.send_signal(signum)
        camsim.process.wait(60)
        _assert_nothing_left(tag, seen)
    finally:
        camsim.stop()


def test_camsim_stopped_while_it_encodes_leaves_no_encoder_behind(tmp_path: Path, tag: str) -> None:
    """The first run encodes the loops in a pool of processes; a SIGTERM then (a
    service stopped, a demo interrupted) ends them too."""
    argv = [sys.executable, "-m", "vedette_server.camsim.cli", *SMALL, "--cameras", "2",
            "--rtsp-port", "0", "--cache-dir", str(tmp_path / "cache")]  # fmt: skip
    env = environment(process_leaks.tagged_env(tag))
    camsim = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _descendants_once_running(camsim.pid)
        time.sleep(1.0)  # every encoder started (a loop takes seconds to encode)
        seen = psutil.Process(camsim.pid).children(recursive=True)
        assert camsim.poll() is None, "camsim finished encoding before the test could stop it"
        camsim.send_signal(signal.SIGTERM)
        camsim.wait(60)
        _assert_nothing_left(tag, seen)
    finally:
        camsim.kill()
        camsim.wait(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_demo(tmp_path: Path, tag: str) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    """The demo with one camera, in its own process group (as in a terminal), once it
    says it records; its descendants then."""
    argv = [sys.executable, "-m", "vedette_server.demo", "--cameras", "1",
            "--rtsp-port", str(_free_port()), "--listen", f"127.0.0.1:{_free_port()}",
            "--dir", str(tmp_path / "demo"), "--no-console",
            # Free ports: other tests' cameras may hold 8080 and 3702 on 127.0.1.12.
            "--onvif-port", "0", "--discovery-port", "0"]  # fmt: skip
    env = environment(process_leaks.tagged_env(tag))
    demo = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)  # fmt: skip
    assert demo.stdout is not None
    deadline = time.monotonic() + 600  # the first run encodes a 1080p loop
    lines = []
    while time.monotonic() < deadline:
        line = demo.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Ctrl-C stops the demo"):
            assert any(
                line.startswith("PTZ camera 'ptz1' added over ONVIF: rtsp://") for line in lines
            ), "the demo's PTZ camera was not added:\n" + "".join(lines[-40:])
            seen = _descendants_once_running(demo.pid, FORKSERVER, INGEST_WORKER)
            return demo, seen
    demo.kill()
    raise AssertionError("the demo did not start:\n" + "".join(lines[-40:]))


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_the_demo_stopped_leaves_no_process_behind(tmp_path: Path, how: str, tag: str) -> None:
    """Ctrl-C reaches the demo's whole process group; a SIGTERM reaches the demo alone."""
    demo, seen = _run_demo(tmp_path, tag)
    try:
        if how == "ctrl-c":
            os.killpg(demo.pid, signal.SIGINT)
        else:
            demo.send_signal(signal.SIGTERM)
        output, _ = demo.communicate(timeout=90)
        _assert_nothing_left(tag, seen)
        assert demo.returncode == 0, output[-3000:]
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait(10)


def test_the_demo_ends_when_its_server_dies(tmp_path: Path, tag: str) -> None:
    """A server that dies (here kill -9) ends the demo with an error and the rest of its
    processes, rather than a status table saying "unavailable" forever."""
    demo, seen = _run_demo(tmp_path, tag)
    try:
        server = next(
            p for p in psutil.Process(demo.pid).children()
            if "vedette_server.cli" in p.cmdline() and "run" in p.cmdline()
        )  # fmt: skip
        server.kill()
        output, _ = demo.communicate(timeout=90)
        assert demo.returncode == 1, output[-3000:]
        assert "The server stopped (exit status -9)" in output
        _assert_nothing_left(tag, seen)
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait(10)
