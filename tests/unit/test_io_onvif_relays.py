"""A camera's ONVIF relays as an I/O device when the camera cannot be reached: a
closed port on 127.0.0.1 → the device offline with the reason (never a crash), its
outputs refused naming it; a camera that is not (any more) an ONVIF camera likewise."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_hw.io_port import IoDeviceUnreachable
from vedette_server.alarms.ports import OutputMode
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition
from vedette_server.events import EventBus
from vedette_server.io.hub import IoHub
from vedette_server.io.onvif_relays import OnvifRelays, OnvifTarget
from vedette_server.io.settings import DeviceKind, OnvifAddress

BOUND_S = 30.0


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_camera_that_does_not_answer_is_unreachable_and_named() -> None:
    async def main() -> None:
        relays = OnvifRelays("lobby", OnvifTarget("127.0.0.1", closed_port()), ("RO_0",))
        with pytest.raises(IoDeviceUnreachable, match="lobby: check the relays: camera"):
            await relays.read_inputs()
        with pytest.raises(IoDeviceUnreachable, match="set relay RO_0 active"):
            await relays.set_output(0, True)
        assert await relays.read_outputs() == (False,)
        await relays.aclose()
        gone = OnvifRelays("gone", None, ("RO_0",))
        with pytest.raises(IoDeviceUnreachable, match="not an ONVIF camera"):
            await gone.read_inputs()

    asyncio.run(asyncio.wait_for(main(), 120))


def test_the_hub_shows_an_unreachable_camera_offline(catalog: Catalog) -> None:
    port = closed_port()

    async def main() -> None:
        thread = CatalogThread()
        hub = IoHub(
            catalog,
            thread,
            EventBus(),
            backoff_s=(0.05, 0.2),
            onvif_targets=lambda _: OnvifTarget("127.0.0.1", port, "viewer", "Relay-Secret-93"),
        )
        camera = Camera.insert(
            name="lobby-cam", main_url="rtsp://127.0.0.1:9/x", created_us=1, updated_us=1
        ).execute(catalog.database)
        device = hub.store.add_device(
            "lobby", DeviceKind.ONVIF, OnvifAddress(int(camera), ("RO_0",))
        )
        await hub.start()
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + BOUND_S
            while (state := hub.states().devices[device.id]).online is not False:
                assert loop.time() < deadline, "never offline"
                await asyncio.sleep(0.05)
            assert "unreachable" in state.detail and "Relay-Secret-93" not in state.detail
            out0 = hub.store.points(device.id)[0]
            with pytest.raises(FailedPrecondition, match="lobby/out0"):
                await hub.set_output(out0.id, OutputMode.ON, None, "tester")
        finally:
            await hub.aclose()
            thread.shutdown()

    asyncio.run(asyncio.wait_for(main(), 120))
