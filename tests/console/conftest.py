"""Console tests: offscreen Qt against a real server recording a real camsim camera."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import shutil
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import start_camsim
from tests.support.recorded import Recorded, S, record_runs
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)
from vedette_api.v1 import common_pb2


@pytest.fixture(scope="session", autouse=True)
def pulse() -> Iterator[None]:
    """A private PulseAudio server with a null sink: a real audio output for Qt
    Multimedia on a machine without a sound card (Debian's pulseaudio, `make setup`).

    For every console test process, before any test runs: Qt Multimedia lists the
    audio devices once, at its first use (the alarm desk's sound, a tile's audio),
    so a sound server set up after that would never be seen in that process."""
    exe = shutil.which("pulseaudio")
    assert exe is not None, "pulseaudio is not installed (make setup installs it)"
    home = Path(tempfile.mkdtemp(prefix="vpa-", dir="/tmp"))  # a short socket path
    socket = home / "native"
    env = dict(os.environ, HOME=str(home), PULSE_RUNTIME_PATH=str(home / "run"))
    argv = [
        exe, "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
        "--system=false", "-L", "module-null-sink sink_name=vedette",
        "-L", f"module-native-protocol-unix auth-anonymous=1 socket={socket}",
    ]  # fmt: skip
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30  # a loaded CI machine starts it slowly
    while not socket.exists():
        assert process.poll() is None, process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "pulseaudio did not open its socket"
        time.sleep(0.05)
    previous = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = f"unix:{socket}"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = previous
        process.terminate()
        process.wait(10)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    """One small camsim camera (main 640x360, sub 320x180) in 2 s segments: ~6 s on
    schedule, ~4 s manual, then schedule again. Shared by the test files of a worker:
    what one adds (alarms, log entries) others see."""
    with recorded_server(tmp_path_factory.mktemp("console")) as recorded:
        yield recorded


@contextlib.contextmanager
def recorded_server(tmp: Path) -> Iterator[Recorded]:
    """``recorded``'s server and cameras, for a test file that needs its own."""
    camsim = start_camsim(*SMALL, cameras=2)
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, tmp / "known.json", "--segment-seconds", "2")
    try:
        with server.client() as client:
            if not client.list_volumes():
                volume = client.add_volume(str(data / "recordings"))
                client.initialize_volume(volume.id)
            camera = client.create_camera(
                "Gate", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
            )
            client.create_camera(
                "Lobby", camsim.url("cam2", "main"), sub_url=camsim.url("cam2", "sub")
            )

            def recorded_for(seconds: float) -> bool:
                runs = record_runs(client, camera.id)
                return bool(runs) and runs[-1][1] - runs[0][0] > seconds * S

            wait_for(lambda: recorded_for(6), 60, "6 s of recording")
            start = record_runs(client, camera.id)[0][0]
            client.start_manual_recording([camera.id])
            wait_for(
                lambda: any(
                    common_pb2.RECORD_REASON_MANUAL in r for *_, r in record_runs(client, camera.id)
                ),
                30,
                "a manual segment",
            )
            time.sleep(2.5)
            client.stop_manual_recording([camera.id])

            def after_manual() -> tuple[int, int] | None:
                runs = record_runs(client, camera.id)
                manual = [r for r in runs if common_pb2.RECORD_REASON_MANUAL in r[2]]
                later = [
                    r
                    for r in runs
                    if manual
                    and r[0] >= manual[-1][1] - 1
                    and common_pb2.RECORD_REASON_MANUAL not in r[2]
                ]
                if manual and later:
                    return manual[0][0], manual[-1][1]
                return None

            manual = wait_for(after_manual, 30, "schedule recording after the manual one")
        yield Recorded(server, camsim, camera.id, start, manual)
    finally:
        server.stop()
        camsim.stop()


@pytest.fixture
def session(server: ServerProcess) -> Iterator[Any]:
    """A console session signed in as admin on the test module's own ``server``
    fixture (a module without one defines its own ``session``)."""
    from vedette_console.session import Session

    session = Session()
    session.adopt(server.client())
    yield session
    session.close()


@pytest.fixture
def admin_password() -> str:
    return ADMIN_PASSWORD


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The console's settings file in the test's own directory, no password in the
    environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("VEDETTE_PASSWORD", raising=False)


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An OS keychain stand-in (this machine has none)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_console_work_outlives_its_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every session and task runner a test made is closed when it ends, and their
    worker threads are given time to finish: a call still waiting on a server (a hung
    one, a feed) must not deliver into a later test's event processing, where the
    objects it answers to are long gone."""
    from PySide6.QtWidgets import QApplication

    from vedette_console.background import TaskRunner
    from vedette_console.session import Session

    made: list[weakref.ref[Any]] = []
    for cls in (Session, TaskRunner):
        original = cls.__init__

        def tracking(self: Any, *args: Any, __original: Any = original, **kw: Any) -> None:
            __original(self, *args, **kw)
            made.append(weakref.ref(self))

        monkeypatch.setattr(cls, "__init__", tracking)
    yield
    alive = [obj for ref in made if (obj := ref()) is not None]
    for obj in alive:
        if isinstance(obj, Session):
            with contextlib.suppress(RuntimeError):  # its QObject is already gone
                obj.close()
    for obj in alive:
        if isinstance(obj, TaskRunner):
            with contextlib.suppress(RuntimeError):
                obj.close()
            obj.wait_for_tasks(30.0)
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
