"""Recorder.reconfigure coalesces: calls that arrive while one is applied are served
by one more read of the catalog, which sees every change made before they asked.

The supervisor here is a stand-in that notes what it is told (the workers are not
what is tested); the catalog, the camera registry and the recorder are real.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.ingest.config import CameraIngestConfig
from vedette_server.recording.cameras import CameraRegistry, CameraSpec
from vedette_server.recording.recorder import Recorder
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volumes import VolumeManager
from vedette_server.security.secretbox import SecretBox


class NotingSupervisor:
    """Notes each camera list it is given; the first application lasts until
    ``release`` is set."""

    def __init__(self) -> None:
        self.applied: list[list[int]] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def set_cameras(self, cameras: Sequence[CameraIngestConfig]) -> None:
        self.started.set()
        await self.release.wait()
        self.applied.append([c.camera_id for c in cameras])


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    catalog = open_catalog(tmp_path / "catalog.sqlite3")
    yield catalog
    catalog.close()


def test_concurrent_reconfigurations_read_the_catalog_twice_and_see_every_change(
    tmp_path: Path, catalog: Catalog
) -> None:
    SecretBox.create_key(tmp_path / "credentials.key")
    cameras = CameraRegistry(catalog, SecretBox.load(tmp_path / "credentials.key"))
    volumes = VolumeManager(catalog, catalog.server_identity().server_id)
    supervisor = NotingSupervisor()

    async def scenario() -> list[list[int]]:
        thread = CatalogThread()
        recorder = Recorder(catalog, thread, cameras, volumes, StatusBoard())
        recorder.supervisor = supervisor  # type: ignore[assignment]
        try:
            first = asyncio.create_task(recorder.reconfigure())
            await asyncio.wait_for(supervisor.started.wait(), 30)
            later = []
            for i in range(20):  # sixty-four adds, in small: each adds, then asks
                spec = CameraSpec(name=f"cam{i}", main_url=f"rtsp://127.0.0.1:9/{i}")
                await thread.call(lambda spec=spec: cameras.create(spec))
                later.append(asyncio.create_task(recorder.reconfigure()))
            await asyncio.sleep(0)  # every later call has asked
            supervisor.release.set()
            await asyncio.wait_for(asyncio.gather(first, *later), 60)
        finally:
            thread.shutdown()
        return supervisor.applied

    applied = asyncio.run(scenario())
    assert len(applied) == 2, applied  # the first, then one for all twenty
    assert len(applied[-1]) == 20  # the last read saw every camera added before it
