"""The appliance's kiosk session (issue 17 §2), with real processes:

- ``vedette-kiosk-config`` against a real server's local socket, signed in as the
  spot monitor's user: the weston.ini it writes for one output (nothing assigned to
  the spot) and for two (a view assigned) equals the golden files in
  ``tests/data/kiosk``; a server that does not answer, no spot user, bad values;
- ``vedette-kiosk-launch`` running real consoles offscreen: it starts again a console
  that exits, one killed with SIGKILL and one stopped with SIGSTOP, runs the spot
  process only where the configuration routes one, and hands the spot password to
  that process alone;
- the stall guard of ``vedette-console --kiosk``: a console whose Qt event loop is
  blocked ends itself with the reason in its log; a healthy one lives on.

The offscreen two-screen placement of the spot window is tested in
``test_spot_display.py``.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import system_pb2
from vedette_console.kiosk_session.stall_guard import STALL_EXIT_CODE

GOLDEN = Path(__file__).parent.parent / "data" / "kiosk"
LAUNCHER = "/opt/vedette/venv/bin/vedette-kiosk-launch"
SPOT_USER, SPOT_PASSWORD = "spot-kiosk", "Second-Screen-Watch-2026!"
CONSOLE = f"{sys.executable} -m vedette_console"
#: What a console or launcher started by a test may take to say something.
BOUND_S = 120


@pytest.fixture(scope="module")
def appliance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    """A server with its local socket and a spot monitor user; yields it and the
    socket's address."""
    tmp = tmp_path_factory.mktemp("kiosk")
    short = Path(tempfile.mkdtemp(prefix="vk-", dir="/tmp"))  # a Unix socket path is short
    result = init_data_dir(tmp / "data")
    assert result.returncode == 0, result.stderr
    server = start_server(tmp / "data", tmp / "known.json", "--local-socket", str(short / "s"))
    try:
        with server.client() as admin:
            group = admin.create_group("spot kiosk", remote_rights=make_rights([], {"live": []}))
            admin.create_user(SPOT_USER, SPOT_PASSWORD, group_id=group.id)
        yield server, f"unix:{short / 's'}"
    finally:
        server.stop()
        shutil.rmtree(short, ignore_errors=True)


def set_spot_view(server: ServerProcess, view_id: int) -> None:
    with server.client() as admin:
        display = system_pb2.DisplaySettings(spot_view_id=view_id)
        admin.update_settings(system_pb2.Settings(display=display), ["display.spot_view_id"])


def kiosk_config(
    address: str, out: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("VEDETTE_KIOSK_", "VEDETTE_SPOT_"))
    }
    argv = [sys.executable, "-m", "vedette_console.kiosk_session.config", "--write", str(out),
            "--server", address, "--launcher", LAUNCHER, *extra]  # fmt: skip
    return subprocess.run(
        argv, env={**base, **(env or {})}, capture_output=True, text=True, timeout=BOUND_S
    )


SPOT_ENV = {"VEDETTE_SPOT_USER": SPOT_USER, "VEDETTE_SPOT_PASSWORD": SPOT_PASSWORD}


# -- vedette-kiosk-config -----------------------------------------------------------------


def test_weston_ini_for_one_output_matches_the_golden_file(
    appliance: tuple[ServerProcess, str], tmp_path: Path
) -> None:
    server, address = appliance
    set_spot_view(server, 0)
    out = tmp_path / "run" / "weston.ini"
    done = kiosk_config(address, out, "--mode", "1920x1080@60", env=SPOT_ENV)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == (GOLDEN / "weston-one-output.ini").read_text()
    assert "Spot monitor on HDMI-A-2: off" in done.stderr
    assert SPOT_PASSWORD not in done.stderr + out.read_text()


def test_weston_ini_for_two_outputs_matches_the_golden_file(
    appliance: tuple[ServerProcess, str], tmp_path: Path
) -> None:
    server, address = appliance
    with server.client() as admin:
        view = admin.save_view("Kiosk spot", 1, [], shared=True)
    set_spot_view(server, view.id)
    try:
        out = tmp_path / "weston.ini"
        done = kiosk_config(address, out, env={**SPOT_ENV, "VEDETTE_KIOSK_MODE": "1920x1080@60"})
        assert done.returncode == 0, done.stderr
        golden = (GOLDEN / "weston-two-outputs.ini").read_text()
        assert out.read_text() == golden.format(view_id=view.id)
    finally:
        set_spot_view(server, 0)


def test_a_server_that_does_not_answer_keeps_the_spot_output_on_and_says_why(
    tmp_path: Path,
) -> None:
    out = tmp_path / "weston.ini"
    done = kiosk_config(f"unix:{tmp_path / 'nobody.sock'}", out, env=SPOT_ENV)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "name=HDMI-A-1\nmode=preferred\napp-ids=org.vedette.Console" in text
    assert "name=HDMI-A-2\nmode=preferred\napp-ids=org.vedette.Spot" in text
    assert "the server did not answer" in text


def test_without_a_spot_user_the_second_output_is_off(tmp_path: Path) -> None:
    out = tmp_path / "weston.ini"
    done = kiosk_config(f"unix:{tmp_path / 'nobody.sock'}", out)
    assert done.returncode == 0, done.stderr
    assert out.read_text().endswith("[output]\nname=HDMI-A-2\nmode=off\n")
    assert "no spot monitor user (VEDETTE_SPOT_USER" in out.read_text()


def test_a_bad_mode_on_the_command_line_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    out = tmp_path / "weston.ini"
    out.write_text("the previous configuration\n")
    done = kiosk_config("unix:/nonexistent", out, "--mode", "1920x1080\n[core]")
    assert done.returncode == 2
    assert "'1920x1080\\n[core]' is not a mode" in done.stderr
    assert out.read_text() == "the previous configuration\n"


def test_a_bad_value_in_the_environment_file_falls_back_to_its_default_and_says_so(
    tmp_path: Path,
) -> None:
    out = tmp_path / "weston.ini"
    env = {"VEDETTE_KIOSK_MODE": "huge", "VEDETTE_KIOSK_SPOT_OUTPUT": "HDMI A 2"}
    done = kiosk_config("unix:/nonexistent", out, env=env)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "VEDETTE_KIOSK_MODE in /etc/vedette/kiosk.env: 'huge' is not a mode" in done.stderr
    assert "VEDETTE_KIOSK_SPOT_OUTPUT in /etc/vedette/kiosk.env: 'HDMI A 2'" in text
    assert "name=HDMI-A-1\nmode=preferred\n" in text
    assert "name=HDMI-A-2\nmode=off\n" in text


# -- vedette-kiosk-launch ------------------------------------------------------------------


class Lines:
    """A process's stderr lines, read on a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stderr is not None
        stream = process.stderr

        def read() -> None:
            for line in stream:
                self.queue.put(line)

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, pattern: str, timeout_s: float = BOUND_S) -> re.Match[str]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line.rstrip())
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no {pattern!r} in {timeout_s} s; last lines: {self.seen[-15:]}")


def console_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("VEDETTE_", "WESTON_"))}
    return {**base, "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), **extra}  # fmt: skip


def launch(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    server = f"unix:{tmp_path / 'nobody.sock'}"
    argv = [sys.executable, "-m", "vedette_console.kiosk_session.launch",
            "--server", server, "--console", CONSOLE, *args]  # fmt: skip
    return subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)


def end(launcher: subprocess.Popen[str], pids: list[int]) -> None:
    """SIGTERM the launcher: it exits 0 and its consoles are gone."""
    launcher.send_signal(signal.SIGTERM)
    assert launcher.wait(BOUND_S) == 0
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists(), f"console {pid} outlived its launcher"


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().partition("=")[::2] for item in raw if b"=" in item)


def test_the_launcher_starts_again_a_console_that_exits_with_a_capped_back_off(
    tmp_path: Path,
) -> None:
    shot = tmp_path / "shot.png"
    backoff = ["--min-backoff", "0.5", "--max-backoff", "1"]
    exits = ["--", "--screenshot", str(shot), "--after", "1"]
    process = launch(tmp_path, *backoff, *exits, env=console_env(tmp_path))
    lines = Lines(process)
    pids = []
    try:
        lines.wait_for(r"no output shows the spot monitor")
        backoffs = []
        for _ in range(3):
            pids.append(int(lines.wait_for(r"main console started \(pid (\d+)\)")[1]))
            ended = lines.wait_for(r"main console \(pid (\d+)\) ended with code 0 .* in ([\d.]+) s")
            assert int(ended[1]) == pids[-1]
            backoffs.append(float(ended[2]))
        assert backoffs == [0.5, 1.0, 1.0]
        assert shot.exists()
        pids.append(int(lines.wait_for(r"main console started \(pid (\d+)\)")[1]))
    finally:
        end(process, pids)


def test_the_launcher_replaces_a_killed_and_a_stopped_console_and_runs_the_spot(
    tmp_path: Path,
) -> None:
    config = tmp_path / "weston.ini"
    config.write_text((GOLDEN / "weston-two-outputs.ini").read_text())
    env = console_env(tmp_path, WESTON_CONFIG_FILE=str(config), **SPOT_ENV)
    process = launch(tmp_path, "--stall", "3", env=env)
    lines = Lines(process)
    pids: list[int] = []
    try:
        main = int(lines.wait_for(r"main console started \(pid (\d+)\)")[1])
        spot = int(lines.wait_for(r"spot monitor on HDMI-A-2 started \(pid (\d+)\)")[1])
        pids += [main, spot]
        # Only the spot process holds the spot password.
        wait_for(lambda: environ_of(spot).get("VEDETTE_PASSWORD"), 30, "the spot's environment")
        assert environ_of(spot)["VEDETTE_PASSWORD"] == SPOT_PASSWORD
        assert SPOT_PASSWORD not in "\n".join(environ_of(main).values())
        spot_argv = Path(f"/proc/{spot}/cmdline").read_bytes().split(b"\0")
        assert [b"--user", SPOT_USER.encode(), b"--screen", b"HDMI-A-2"] == spot_argv[-5:-1]

        os.kill(main, signal.SIGKILL)
        lines.wait_for(rf"main console \(pid {main}\) was killed by SIGKILL")
        second = int(lines.wait_for(r"main console started \(pid (\d+)\)")[1])
        pids.append(second)

        os.kill(second, signal.SIGSTOP)
        lines.wait_for(rf"main console \(pid {second}\) has been stopped for more than 3 s")
        lines.wait_for(rf"main console \(pid {second}\) was killed by SIGKILL")
        pids.append(int(lines.wait_for(r"main console started \(pid (\d+)\)")[1]))
        assert process.poll() is None
        assert Path(f"/proc/{spot}").exists(), "the spot process was left alone"
    finally:
        end(process, pids)


# -- the stall guard --------------------------------------------------------------------------

#: A real kiosk console whose event loop is blocked 2 s after it starts turning.
BLOCKED_CONSOLE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from vedette_console import app
qapp = QApplication(sys.argv[:1])
QTimer.singleShot(2000, lambda: time.sleep(600))
sys.exit(app.main(sys.argv[1:]))
"""


def kiosk_console(tmp_path: Path, *args: str, code: str | None = None) -> subprocess.Popen[str]:
    head = ["-c", code] if code else ["-m", "vedette_console"]
    argv = [sys.executable, *head, "--kiosk", "--server", f"unix:{tmp_path / 'nobody.sock'}", *args]
    env = console_env(tmp_path, VEDETTE_STALL_TIMEOUT_S="6")
    return subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)


def test_a_console_whose_event_loop_is_blocked_is_ended_by_its_stall_guard(
    tmp_path: Path,
) -> None:
    process = kiosk_console(tmp_path, code=BLOCKED_CONSOLE)
    try:
        _, stderr = process.communicate(timeout=BOUND_S)
    finally:
        process.kill()
    assert process.returncode == STALL_EXIT_CODE, stderr[-3000:]
    assert "stall guard: the user interface has not run for" in stderr
    assert "(limit 6 s)" in stderr
    assert "in <lambda>" in stderr  # the blocked thread's stack, from faulthandler


def test_a_healthy_kiosk_console_is_left_running_by_its_stall_guard(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    process = kiosk_console(tmp_path, "--screenshot", str(shot), "--after", "14")
    try:
        _, stderr = process.communicate(timeout=BOUND_S)
    finally:
        process.kill()
    assert process.returncode == 0, stderr[-3000:]
    assert "stall guard" not in stderr
    assert shot.exists()
