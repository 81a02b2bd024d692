"""The frozen console (``make freeze``, DEP-02): the Linux build is the proxy for the
Windows and macOS ones, which are made from the same spec on runners of those systems.

Runs only when ``dist/vedette-console/`` exists: the build takes minutes, too long for
``make test``. The frozen ``vedette-console`` signs in to a real server with a camsim
camera, offscreen, opens its live stream and saves a screenshot; the frozen ``vedette``
command line asks the same server for its information; every shared library in the
folder finds what it links to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import start_camsim
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "dist" / "vedette-console"
CONSOLE = FOLDER / "vedette-console"
CLI = FOLDER / "vedette"
#: Where a run by hand leaves the screenshot to look at (tests use their tmp_path).
SHOTS = os.environ.get("VEDETTE_FREEZE_SHOTS")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CONSOLE.is_file(), reason="run make freeze first"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A real server with one camsim camera."""
    tmp = tmp_path_factory.mktemp("frozen")
    camsim = start_camsim(*SMALL)
    assert init_data_dir(tmp / "data").returncode == 0
    process = start_server(tmp / "data", tmp / "known.json")
    try:
        with process.client() as client:
            client.create_camera(
                "Gate", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
            )
        yield process
    finally:
        process.stop()
        camsim.stop()


def _environment(tmp_path: Path) -> dict[str, str]:
    """Offscreen, the password from the environment, settings in ``tmp_path``."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "share"),
    )


def test_every_library_in_the_folder_finds_its_dependencies() -> None:
    """A plugin whose library was left out loads no more, silently (Qt skips it):
    ``ldd`` on every shared object, with the folder's library paths."""
    if shutil.which("ldd") is None:
        pytest.skip("ldd not installed (Debian: libc-bin)")
    internal = FOLDER / "_internal"
    paths = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    missing = []
    objects = [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    assert len(objects) > 100, "the folder holds few libraries: a broken build?"
    for library in objects:
        result = subprocess.run(
            ["ldd", str(library)],
            capture_output=True, text=True, timeout=60, env=dict(os.environ, LD_LIBRARY_PATH=paths),
        )  # fmt: skip
        lines = result.stdout.splitlines()
        missing += [f"{library}: {line.strip()}" for line in lines if "not found" in line]
    assert not missing, "\n".join(missing)


def test_the_frozen_console_signs_in_plays_live_and_saves_a_screenshot(
    server: ServerProcess, tmp_path: Path
) -> None:
    png = Path(SHOTS) / "frozen-console-live.png" if SHOTS else tmp_path / "live.png"
    known = tmp_path / "known.json"
    argv = [
        str(CONSOLE), "--server", server.address, "--user", "admin", "--known-servers",
        str(known), "--layout", "4", "--cameras", "all", "--lang", "fr",
        # Long enough that the live stream is seen open on the server first (below);
        # the console then takes the screenshot and exits on its own.
        "--screenshot", str(png), "--after", "120",
    ]  # fmt: skip
    console = subprocess.Popen(
        argv, env=_environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(console.stdout or []), daemon=True)
    reader.start()
    try:
        with server.client() as client:

            def console_plays_live() -> bool:
                return any(
                    s.username == "admin" and s.live_streams > 0 and not s.current
                    for s in client.list_sessions()
                )

            try:
                wait_for(console_plays_live, 110, "the frozen console's live stream")
            except AssertionError as error:
                raise AssertionError(f"{error}; the console said:\n{''.join(output)}") from None
        assert console.wait(180) == 0, "".join(output)
    finally:
        if console.poll() is None:
            console.kill()
            console.wait(10)
    reader.join(10)
    text = "".join(output)
    # The French .qm is in the folder where the console looks for it.
    assert "no fr translation built" not in text, text
    assert png.stat().st_size > 10_000, text
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert image.width() >= 800 and image.height() >= 600
    # The certificate it was shown is pinned: the frozen TLS client worked.
    assert known.is_file() and server.address in known.read_text()


def test_the_frozen_command_line_reads_the_server_information(
    server: ServerProcess, tmp_path: Path
) -> None:
    result = subprocess.run(
        [str(CLI), "--server", server.address, "--user", "admin", "--trust-new-certificate",
         "info"],
        env=_environment(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    with server.client() as client:
        version = client.get_server_info().version
    assert f"Vedette {version}" in result.stdout and "cameras: 1" in result.stdout, result.stdout
