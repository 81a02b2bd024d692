"""The `vedette` CLI end to end against a real server and a real camera."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server_process import ADMIN_PASSWORD, wait_for
from vedette_api.v1 import cameras_pb2

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


def last_packet_us(client, camera_id: int) -> int:  # type: ignore[no-untyped-def]
    return int(client.get_camera(camera_id).status.main.last_packet_time.ToMicroseconds())


def test_a_server_with_no_volume_never_shows_rec_and_says_why(
    server_factory, camsim_factory, tmp_path
) -> None:
    """Recording status is true (issue 12): a connected camera whose disk group has no
    writable volume is never REC, in the API or in ``vedette status``; ``cameras add``
    warns of it and ``status`` says why; once a volume is there, it records."""
    camsim = camsim_factory()
    server = server_factory("--segment-seconds", "2", volume=False)
    home = tmp_path / "home"
    added = vedette(server, home, "cameras", "add", "--name", "Yard", "--main",
                    camsim.url("cam1", "main"), "--sub", camsim.url("cam1", "sub"))  # fmt: skip
    assert "disk group 1 has no writable volume" in added.stderr
    why = "no writable volume in disk group 1"
    with server.client() as client:
        (camera,) = client.list_cameras()

        def online_without_volume() -> bool:
            status = client.get_camera(camera.id).status
            online = status.main.state == cameras_pb2.STREAM_STATE_ONLINE
            return online and status.not_recording_reason == why

        wait_for(online_without_volume, 60, "the camera online, nothing to record to")
        for _ in range(4):  # a few worker reports apart: never REC
            status = client.get_camera(camera.id).status
            assert not status.recording and status.not_recording_reason == why
            (recording,) = client.get_recording_status([camera.id])
            assert not recording.recording and recording.not_recording_reason == why
            shown = json.loads(vedette(server, home, "status", "--json").stdout)
            assert [c["status"].get("recording", False) for c in shown["cameras"]] == [False]
            text = vedette(server, home, "status").stdout
            rows = [line.split() for line in text.splitlines() if line.startswith(f"{camera.id} ")]
            assert rows and all(row[4] == "no" for row in rows), text  # the REC column
            assert f"Yard ({camera.id}) is not recording: {why}" in text
            assert why in vedette(server, home, "record", "status").stdout
            seen_us = status.main.last_packet_time.ToMicroseconds()
            wait_for(
                lambda seen=seen_us: last_packet_us(client, camera.id) > seen,
                30,
                "a newer worker report",
            )
        assert not list((server.data).rglob("*.vseg"))
        disk = tmp_path / "disk"
        disk.mkdir()
        volume = client.add_volume(str(disk))
        client.initialize_volume(volume.id)
        wait_for(lambda: client.get_camera(camera.id).status.recording, 60, "recording")
        assert client.get_camera(camera.id).status.not_recording_reason == ""
        assert "not recording" not in vedette(server, home, "status").stdout
        again = vedette(server, home, "cameras", "add", "--name", "Gate", "--main",
                        camsim.url("cam1", "main"))  # fmt: skip
        assert "warning" not in again.stderr
