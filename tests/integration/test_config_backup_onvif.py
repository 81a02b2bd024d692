"""A camera added over ONVIF stays an ONVIF camera through the configuration backup
(SYS-07): restored on a fresh server, it answers ONVIF calls there (imaging), so its
PTZ, events, relays and privacy masks keep working; a file whose ONVIF part is not
what it should be is refused naming the camera; a file made before the backup
carried it leaves a camera's ONVIF place as it is. The choice of masks applied by
the camera, and the tokens of those the old server set, travel with it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.integration.test_camera_masks import MASK, camera_masks, reached
from tests.integration.test_config_backup_alarms import PASSPHRASE, _sealed
from tests.support.camsim_process import CamsimProcess
from tests.support.polling import wait_until
from tests.support.server_process import ServerProcess
from vedette_api import errors
from vedette_api.v1 import cameras_pb2
from vedette_server.config_backup import open_config
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.masks import Corners

pytestmark = pytest.mark.interop
USER, PASSWORD = "admin", "Backup-Cam-3317"
ON_CAMERA = cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA


def masks_on_camsim(camsim: CamsimProcess) -> dict[str, Corners]:
    """The masks cam1 holds, read straight from camsim over Media2."""
    host, port = onvif_cameras(camsim)["cam1"].host_port

    async def run() -> dict[str, Corners]:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=30) as device:
            return await camera_masks(device)

    return asyncio.run(run())


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        "--main", "320x180", "--sub", "160x90", cameras=1, user=USER, password=PASSWORD
    )
    yield process
    process.stop()


def test_an_onvif_camera_is_still_one_after_a_restore(
    camsim: CamsimProcess, server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    host, port = onvif_cameras(camsim)["cam1"].host_port
    source = server_factory(data=tmp_path / "source", volume=False)
    with source.client() as admin:
        added = admin.add_onvif_camera(
            "Gate", host, port, camera_user=USER, camera_password=PASSWORD
        )
        assert added.onvif.port == port
        exported = admin.export_config(PASSPHRASE).data

    target = server_factory(data=tmp_path / "target", volume=False)
    with target.client() as admin:
        admin.import_config(exported, PASSPHRASE)
        (camera,) = admin.list_cameras()
        restored = admin.get_camera(camera.id)
        assert (restored.onvif.address, restored.onvif.port) == (added.onvif.address, port)
        assert restored.onvif.capabilities == added.onvif.capabilities
        admin.get_imaging(camera.id)  # an ONVIF call through the restored place

        # A file whose ONVIF part is wrong is refused naming the camera, changing nothing.
        document = open_config(exported, passphrase=PASSPHRASE).document
        document["cameras"][0]["onvif"] = {"host": host, "port": 0, "capabilities": {}}
        with pytest.raises(errors.InvalidArgument, match="Gate"):
            admin.import_config(_sealed(document), PASSPHRASE)
        assert admin.get_camera(camera.id).onvif.port == port

        # A file without the key (made before it was carried) leaves the place as it is.
        del document["cameras"][0]["onvif"]
        admin.import_config(_sealed(document), PASSPHRASE)
        assert admin.get_camera(camera.id).onvif.port == port

        # And a URL camera in the file makes it a URL camera.
        document["cameras"][0]["onvif"] = None
        admin.import_config(_sealed(document), PASSPHRASE)
        assert not admin.get_camera(camera.id).HasField("onvif")
        assert json.dumps(document)  # the document stayed plain JSON


def test_masks_on_the_camera_survive_a_restore_and_are_replaced_not_doubled(
    camsim: CamsimProcess, server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    """The choice of masks applied by the camera travels with the camera, and so do
    the tokens of the masks the old server set on it: the restored server replaces
    them (camsim holds one mask, not two) and can take them off again."""
    host, port = onvif_cameras(camsim)["cam1"].host_port
    source = server_factory(data=tmp_path / "source", volume=False)
    with source.client() as admin:
        camera_id = admin.add_onvif_camera(
            "Porch", host, port, camera_user=USER, camera_password=PASSWORD
        ).id
        admin.update_camera(camera_id, privacy_masks=[MASK])
        admin.update_camera(camera_id, masks_on_camera=True)
        wait_until("masks on the camera", lambda: reached(admin, camera_id, ON_CAMERA, 1), 120)
        exported = admin.export_config(PASSPHRASE).data
    assert source.stop() == 0  # the old server is gone; the camera keeps its mask
    document = open_config(exported, passphrase=PASSPHRASE).document
    carried = document["cameras"][0]["masks_on_camera"]
    assert carried["on"] and len(carried["tokens"]) == 1
    assert list(masks_on_camsim(camsim)) == carried["tokens"]

    target = server_factory(data=tmp_path / "target", volume=False)
    with target.client() as admin:
        admin.import_config(exported, PASSPHRASE)
        (camera,) = admin.list_cameras()
        assert admin.get_camera(camera.id).masks_on_camera
        wait_until("masks on the camera", lambda: reached(admin, camera.id, ON_CAMERA, 1), 120)
        assert len(masks_on_camsim(camsim)) == 1, "replaced, not doubled"

        admin.update_camera(camera.id, masks_on_camera=False)
        wait_until(
            "the old server's mask taken off",
            lambda: True if not masks_on_camsim(camsim) else None,
            120,
        )

        # A malformed choice is refused naming the camera, changing nothing.
        document["cameras"][0]["masks_on_camera"] = {"on": "yes", "tokens": []}
        with pytest.raises(errors.InvalidArgument, match="Porch"):
            admin.import_config(_sealed(document), PASSPHRASE)
        document["cameras"][0]["masks_on_camera"] = {"on": True, "tokens": []}
        document["cameras"][0]["onvif"] = None
        with pytest.raises(errors.InvalidArgument, match="added by URL"):
            admin.import_config(_sealed(document), PASSPHRASE)
        assert not admin.get_camera(camera.id).masks_on_camera
