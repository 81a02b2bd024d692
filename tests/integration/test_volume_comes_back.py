"""A volume that goes away and comes back (issue 11, finding 1): while it is gone the
status says the camera is not recording, and once it is back recording resumes by
itself, with no operator action.

Before the fix an unavailable volume was never checked again, so recording stayed
stopped for good, while ``status`` kept saying "REC yes" because the camera was
still connected.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client import Client
from vedette_api.v1 import storage_pb2

READ_WRITE = storage_pb2.VOLUME_STATE_READ_WRITE
UNAVAILABLE = storage_pb2.VOLUME_STATE_UNAVAILABLE


@pytest.fixture
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL)
    yield process
    process.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    data = tmp_path / "data"
    assert init_data_dir(data).returncode == 0
    process = start_server(
        data, tmp_path / "known.json", "--segment-seconds", "2", "--housekeeping-seconds", "1"
    )
    yield process
    process.stop()


def recording(client: Client, camera_id: int) -> tuple[bool, bool]:
    """(CameraService's status.recording, RecordingService's recording) of a camera."""
    (status,) = client.get_recording_status([camera_id])
    return client.get_camera(camera_id).status.recording, status.recording


def volume_state(client: Client, volume_id: int) -> int:
    return next(v.state for v in client.list_volumes() if v.id == volume_id)


def segment_files(root: Path) -> set[Path]:
    return set(root.rglob("*.vseg"))


def test_a_volume_that_goes_away_is_not_recording_and_comes_back_by_itself(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    root = server.data / "recordings"
    with server.client() as client:
        (volume,) = client.list_volumes()  # DATA/recordings, which init made
        assert volume.path == str(root)
        camera = client.create_camera("yard", camsim.url("cam1", "main"))
        wait_for(lambda: recording(client, camera.id) == (True, True), 60, "recording")

        away = root.with_name("recordings.away")
        root.rename(away)  # unmounted, as far as the server can tell
        wait_for(lambda: volume_state(client, volume.id) == UNAVAILABLE, 60, "volume unavailable")
        wait_for(
            lambda: recording(client, camera.id) == (False, False),
            60,
            "status to say the camera is not recording",
        )
        assert client.get_camera(camera.id).status.main.message == "no writable volume"

        away.rename(root)  # mounted again
        before = segment_files(root)
        back_at = time.monotonic()
        wait_for(lambda: volume_state(client, volume.id) == READ_WRITE, 120, "volume back")
        wait_for(lambda: recording(client, camera.id) == (True, True), 60, "recording again")
        wait_for(lambda: len(segment_files(root) - before) >= 2, 60, "new segments on the volume")
        print(f"\nrecording resumed {time.monotonic() - back_at:.1f} s after the volume came back")
