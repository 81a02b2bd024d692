"""A camera added over ONVIF stays an ONVIF camera through the configuration backup
(SYS-07): restored on a fresh server, it answers ONVIF calls there (imaging), so its
PTZ, events, relays and privacy masks keep working; a file whose ONVIF part is not
what it should be is refused naming the camera; a file made before the backup
carried it leaves a camera's ONVIF place as it is."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.integration.test_config_backup_alarms import PASSPHRASE, _sealed
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess
from vedette_api import errors
from vedette_server.config_backup import open_config

pytestmark = pytest.mark.interop
USER, PASSWORD = "admin", "Backup-Cam-3317"


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
