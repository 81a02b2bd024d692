"""The camera's password reaches the server without the command line (issue 11): from
``$VEDETTE_CAM_PASSWORD`` or from standard input with ``--cam-password -``, through
the real ``vedette`` command, to a camera (camsim) that requires it. A flag's value is
visible to every user of the machine in ``ps``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server_process import ADMIN_PASSWORD, wait_for

pytestmark = pytest.mark.interop
CAMERA_PASSWORD = "Cam-Secret-77"


def vedette(server, home: Path, *args: str, env: dict[str, str], stdin: str = "") -> str:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=dict(os.environ, VEDETTE_PASSWORD=ADMIN_PASSWORD, VEDETTE_SERVER=server.address,
                 XDG_CONFIG_HOME=str(home), **env),
        input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_camera_password_from_the_environment_or_stdin_opens_the_camera(
    server_factory, camsim_factory, tmp_path
) -> None:
    camsim = camsim_factory("--user", "viewer", "--password", CAMERA_PASSWORD, cameras=2)
    server = server_factory()
    home = tmp_path / "home"
    clean = {k: "" for k in ("VEDETTE_CAM_PASSWORD",)}
    vedette(server, home, "cameras", "add", "--name", "Env", "--cam-user", "viewer",
            "--main", camsim.url("cam1", "main", auth=False),
            env={"VEDETTE_CAM_PASSWORD": CAMERA_PASSWORD})  # fmt: skip
    vedette(server, home, "cameras", "add", "--name", "Piped", "--cam-user", "viewer",
            "--cam-password", "-", "--main", camsim.url("cam2", "main", auth=False),
            env=clean, stdin=CAMERA_PASSWORD + "\n")  # fmt: skip

    def both_online() -> bool:
        cameras = json.loads(vedette(server, home, "cameras", "list", "--json", env=clean))
        states = {c["name"]: c.get("status", {}).get("main", {}).get("state") for c in cameras}
        return states == {"Env": "STREAM_STATE_ONLINE", "Piped": "STREAM_STATE_ONLINE"}

    wait_for(both_online, 90, "both cameras online with the password", interval=1.0)
