"""The `vedette` CLI end to end against a real server and a real camera."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server_process import ADMIN_PASSWORD, wait_for

pytestmark = pytest.mark.interop


def vedette(server, home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_cli_adds_lists_records_exports_and_removes_a_camera(
    server_factory, camsim_factory, tmp_path
) -> None:
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "3")
    home = tmp_path / "home"
    vedette(server, home, "cameras", "add", "--name", "Lobby", "--main",
            camsim.url("cam1", "main"), "--sub", camsim.url("cam1", "sub"))  # fmt: skip
    (camera,) = json.loads(vedette(server, home, "cameras", "list", "--json").stdout)
    assert camera["name"] == "Lobby" and "camera_password" not in json.dumps(camera)

    def recorded() -> bool:
        status = json.loads(vedette(server, home, "status", "--json").stdout)
        return any(c["status"]["main"].get("segment_count", 0) >= 2 for c in status["cameras"])

    wait_for(recorded, 60, "two segments recorded", interval=1.0)
    timeline = json.loads(
        vedette(server, home, "timeline", "lobby", "--from", "-5m", "--to", "now", "--json").stdout
    )
    assert timeline and json.dumps(timeline).count("start") >= 1
    out = tmp_path / "lobby.mp4"
    vedette(server, home, "export", "Lobby", "--from", "-5m", "--to", "now", "--out", str(out))
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(out)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert float(probe.stdout) > 3.0
    volumes = json.loads(vedette(server, home, "volumes", "list", "--json").stdout)
    assert volumes[0]["state"] == "VOLUME_STATE_READ_WRITE"
    missing = vedette(server, home, "cameras", "rm", "Nowhere", check=False)
    assert missing.returncode == 1 and "Nowhere" in missing.stderr
    vedette(server, home, "cameras", "rm", "lobby")
    assert json.loads(vedette(server, home, "cameras", "list", "--json").stdout) == []
