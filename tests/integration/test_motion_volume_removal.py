"""RemoveVolume through the API on a real server: the motion index forgets the minutes
whose only video was on the removed volume, and keeps those still recorded elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.integration.test_retention_and_fsck import DAY, S, camera, record
from tests.support.server_process import ServerProcess, init_data_dir
from vedette_api.v1 import storage_pb2
from vedette_server.catalog.database import open_catalog
from vedette_server.catalog.models import Camera
from vedette_server.datadir import DataDir
from vedette_server.motion import grid
from vedette_server.motion.index import MotionIndex
from vedette_server.recording.volumes import VolumeManager

MIN = 60 * S


def test_remove_volume_drops_the_index_minutes_of_its_video_only(
    tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    data = DataDir(tmp_path / "data")
    assert init_data_dir(data.root).returncode == 0
    disk_b = tmp_path / "disk-b"
    disk_b.mkdir()
    t0 = time.time_ns() // 1000 // MIN * MIN - DAY
    catalog = open_catalog(data.catalog)
    try:
        volumes = VolumeManager(catalog, catalog.server_identity().server_id)
        a = volumes.list_all()[0]
        b = volumes.initialize(volumes.add(str(disk_b)).id)
        cam = camera("Gate")
        Camera.update(enabled=False).where(Camera.id == cam).execute()  # nothing to dial
        record(catalog, a.id, Path(a.path), cam, t0)
        record(catalog, b.id, disk_b, cam, t0 + 10 * MIN)
    finally:
        catalog.close()
    index = MotionIndex.open(data.root / "motion.sqlite")
    try:
        for minute in (0, 10):
            for i in range(15):
                index.add(cam, t0 + minute * MIN + 2 * S + i * S // 5, grid.all_cells())
    finally:
        index.close()
    disk_b.rename(tmp_path / "disk-b-unplugged")  # B is unavailable when the server starts

    server = server_factory(data=data.root)
    with server.client() as admin:
        states = {v.id: v.state for v in admin.list_volumes()}
        assert states[b.id] == storage_pb2.VOLUME_STATE_UNAVAILABLE

        def runs() -> list[int]:
            found = admin.search_motion([cam], t0 - MIN, t0 + 20 * MIN)
            return [run.start_time.ToMicroseconds() for run in found]

        assert runs() == [t0 + 2 * S, t0 + 10 * MIN + 2 * S]
        admin.remove_volume(b.id)
        assert runs() == [t0 + 2 * S], "the minute recorded only on B went with it"
        assert [v.id for v in admin.list_volumes()] == [a.id]
