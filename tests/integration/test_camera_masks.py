"""Privacy masks applied by the camera (CAM-10, ``masks_on_camera``) through a real
server against camsim's ONVIF Media2 masks over loopback.

camsim (cam1 with masks, cam2 with the ``no-masks`` quirk; 640x360 main, 320x180 sub)
and one server recording with 2 s segments. The mask is the bottom-left quarter. An
administrator (who has the unmasked right, so the server blacks nothing out for
them) first sees the picture there; once the camera applies the mask, the recording
itself is black there: a thumbnail decoded from the recording and a frame of
camsim's main and sub streams. What camsim holds is read straight from it over Media2,
and a mask "the installer" made on the camera survives Vedette's pushes. A camera
stopped during a change (a camsim on a fixed ONVIF port, started again) gets the new
masks once it answers again.
"""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import Iterator
from typing import Any

import av
import numpy as np
import pytest
from lxml import etree

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.polling import wait_until
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument, VedetteError
from vedette_api.timestamps import now_us
from vedette_api.v1 import cameras_pb2
from vedette_server.onvif import media2
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.masks import Corners, corners, read_mask_options, read_masks
from vedette_server.recording.privacy import PrivacyMask

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Mask-Pass-4410"
MASK = cameras_pb2.PrivacyMask(x=0.0, y=0.5, width=0.5, height=0.5)
#: The installer's own mask on cam1, set on the camera directly (a top-right sliver).
INSTALLER: Corners = ((0.8, 1.0), (1.0, 1.0), (1.0, 0.8), (0.8, 0.8))
#: Luma of limited-range black after lossy coding, and a floor camsim's picture is above.
BLACK_MAX, PICTURE_MIN = 24, 40
S = 1_000_000
BOUND_S = 120.0


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *("--main", "640x360", "--sub", "320x180", "--main-kbps", "800", "--sub-kbps", "200"),
        *("--fps", "10", "--loop-seconds", "2", "--fault", "cam2:no-masks"),
        cameras=2,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(
        tmp_path_factory.mktemp("masks"), "--segment-seconds", "2", "--masks-verify-seconds", "2"
    ) as process:
        yield process


def on_camsim(camsim: CamsimProcess, camera: str, work: Any) -> Any:
    """``work(device)`` on camsim's ``camera``, connected straight (not via the server)."""
    host, port = onvif_cameras(camsim)[camera].host_port

    async def run() -> Any:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=30) as device:
            return await work(device)

    return asyncio.run(run())


async def camera_masks(device: OnvifDevice) -> dict[str, Corners]:
    return await read_masks(device, (await read_mask_options(device)).configuration)


async def installer_mask(device: OnvifDevice) -> str:
    options = await read_mask_options(device)
    polygon = media2.element("Polygon")
    for x, y in INSTALLER:
        etree.SubElement(polygon, f"{{{media2.TT}}}Point", x=str(x), y=str(y))
    mask = media2.element(
        "Mask",
        media2.element("ConfigurationToken", text=options.configuration),
        polygon,
        media2.element("Type", text="Color"),
        media2.element("Enabled", text="true"),
    )
    answer = await media2.call(device, media2.element("CreateMask", mask))
    return answer.findtext(f"{{{media2.TR2}}}Token") or ""


async def delete_mask(device: OnvifDevice, token: str) -> None:
    await media2.call(device, media2.element("DeleteMask", media2.element("Token", text=token)))


def gray(jpeg: bytes) -> np.ndarray:
    with av.open(io.BytesIO(jpeg), "r", format="image2pipe") as container:
        return next(container.decode(video=0)).to_ndarray(format="gray")


def masked_area(luma: np.ndarray) -> np.ndarray:
    """The mask's pixels, a few in from its edges (compression bleeds across)."""
    h, w = luma.shape
    return luma[h // 2 + h // 40 + 2 : h - 4, 4 : w // 2 - w // 40 - 2]


def open_area(luma: np.ndarray) -> np.ndarray:
    """The bottom-right quarter but its edges: never masked."""
    h, w = luma.shape
    return luma[h // 2 + 4 : h - 4, w // 2 + 4 : w - w // 4]


def recent_thumbnail(admin: Client, camera_id: int) -> np.ndarray | None:
    """The recording 2 s ago, decoded, as the administrator sees it; None before any."""
    try:
        (thumb,) = admin.thumbnails_at([camera_id], [now_us() - 2 * S], max_width=640)
    except (VedetteError, ValueError):
        return None
    return gray(thumb.jpeg) if thumb.jpeg else None


def camsim_frame(camsim: CamsimProcess, stream: str) -> np.ndarray:
    """A frame of camsim cam1's ``stream``, straight from its RTSP server."""
    with av.open(
        camsim.url("cam1", stream), options={"rtsp_transport": "tcp"}, timeout=30
    ) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index >= 3:
                return frame.to_ndarray(format="gray")
    raise AssertionError("camsim's stream ended")


def masks_state(admin: Client, camera_id: int) -> cameras_pb2.PrivacyMasksStatus:
    return admin.get_camera(camera_id).status.privacy_masks


def reached(
    admin: Client, camera_id: int, state: int, camera_masks: int | None = None
) -> cameras_pb2.PrivacyMasksStatus | None:
    """The camera's masks status once it is ``state`` (with ``camera_masks`` of the
    server's on the camera, when given); None before."""
    status = masks_state(admin, camera_id)
    if status.state != state or camera_masks not in (None, status.camera_masks):
        return None
    return status


def test_the_camera_applies_the_masks_and_removes_only_its_own(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    installer = on_camsim(camsim, "cam1", installer_mask)
    with server.client() as admin:
        host, port = onvif_cameras(camsim)["cam1"].host_port
        camera = admin.add_onvif_camera(
            "Masked", host, port, camera_user=USER, camera_password=PASSWORD
        )
        admin.update_camera(camera.id, privacy_masks=[MASK])
        unmasked = wait_until(
            "a thumbnail of the recording", lambda: recent_thumbnail(admin, camera.id), BOUND_S
        )
        # The administrator sees through Vedette's own masks: the picture is there.
        assert masked_area(unmasked).mean() > PICTURE_MIN
        status = masks_state(admin, camera.id)
        assert status.state == cameras_pb2.PRIVACY_MASKS_STATE_BY_VEDETTE

        changed = admin.update_camera(camera.id, masks_on_camera=True)
        assert changed.masks_on_camera
        status = wait_until(
            "the masks on the camera",
            lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA),
            BOUND_S,
        )
        assert status.camera_masks == 1 and status.HasField("since"), status
        held = on_camsim(camsim, "cam1", camera_masks)
        assert installer in held and len(held) == 2
        (ours,) = [points for token, points in held.items() if token != installer]
        wanted = corners(PrivacyMask(MASK.x, MASK.y, MASK.width, MASK.height))
        assert np.allclose(ours, wanted, atol=0.01)

        # The recording itself is black there now, for the administrator too.
        def masked() -> np.ndarray | None:
            luma = recent_thumbnail(admin, camera.id)
            return luma if luma is not None and masked_area(luma).max() <= BLACK_MAX else None

        luma = wait_until("a masked picture in the recording", masked, BOUND_S)
        assert open_area(luma).mean() > PICTURE_MIN
        for stream in ("main", "sub"):
            frame = camsim_frame(camsim, stream)
            assert masked_area(frame).max() <= BLACK_MAX, stream
            assert open_area(frame).mean() > PICTURE_MIN, stream

        # The camera loses Vedette's mask behind its back (a reset, its web page): the
        # server's check finds out and sets it again; the installer's is left alone.
        (token,) = [t for t in held if t != installer]
        on_camsim(camsim, "cam1", lambda device: delete_mask(device, token))

        def set_again() -> dict[str, Corners] | None:
            now = on_camsim(camsim, "cam1", camera_masks)
            return now if len(now) == 2 and token not in now else None

        again = wait_until("the mask set again on the camera", set_again, BOUND_S)
        assert installer in again
        wait_until(
            "the status back on the camera",
            lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA, 1),
            BOUND_S,
        )
        held = again

        # Turned off: the camera loses Vedette's mask and keeps the installer's.
        off = admin.update_camera(camera.id, masks_on_camera=False)
        assert not off.masks_on_camera
        wait_until(
            "Vedette's masks removed from the camera",
            lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_BY_VEDETTE, 0),
            BOUND_S,
        )
        assert list(on_camsim(camsim, "cam1", camera_masks)) == [installer]

        # Deleted with the choice on: the server takes its mask off the camera.
        admin.update_camera(camera.id, masks_on_camera=True)
        wait_until(
            "the masks on the camera again",
            lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA, 1),
            BOUND_S,
        )
        assert len(on_camsim(camsim, "cam1", camera_masks)) == 2
        admin.delete_camera(camera.id)
        wait_until(
            "the deleted camera's mask taken off",
            lambda: list(on_camsim(camsim, "cam1", camera_masks)) == [installer] or None,
            BOUND_S,
        )


def test_the_choice_is_refused_with_the_reason_where_the_camera_cannot(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    with server.client() as admin:
        host, port = onvif_cameras(camsim)["cam2"].host_port
        plain = admin.add_onvif_camera(
            "No masks", host, port, camera_user=USER, camera_password=PASSWORD
        )
        with pytest.raises(FailedPrecondition) as refused:
            admin.update_camera(plain.id, privacy_masks=[MASK], masks_on_camera=True)
        assert "cannot apply privacy masks" in str(refused.value)
        assert "GetMaskOptions" in str(refused.value)
        after = admin.get_camera(plain.id)
        assert not after.masks_on_camera and not after.privacy_masks  # nothing stored

        by_url = admin.create_camera(
            "By URL",
            camsim.url("cam1", "sub", auth=False),
            camera_user=USER,
            camera_password=PASSWORD,
        )
        with pytest.raises(FailedPrecondition) as not_onvif:
            admin.update_camera(by_url.id, masks_on_camera=True)
        assert "not added over ONVIF" in str(not_onvif.value)
        assert masks_state(admin, by_url.id).state == cameras_pb2.PRIVACY_MASKS_STATE_BY_VEDETTE
        camera = cameras_pb2.Camera(name="At once", main_url=camsim.url("cam2", auth=False))
        camera.masks_on_camera = True
        with pytest.raises(InvalidArgument) as at_creation:
            admin._call(admin._cameras.CreateCamera, cameras_pb2.CreateCameraRequest(camera=camera))
        assert "masks_on_camera" in str(at_creation.value)


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def test_a_camera_unreachable_during_a_change_gets_the_masks_when_it_answers_again(
    server: ServerProcess,
) -> None:
    address = "127.0.1.11"  # camsim's first camera
    port = str(free_port(address))
    args = ("--main", "320x180", "--sub", "none", "--fps", "10", "--loop-seconds", "2")
    onvif = ("--onvif", "--onvif-port", port, "--discovery-port", "0")
    login = ("--user", USER, "--password", PASSWORD)
    first = start_camsim(*args, *onvif, *login, "--name-prefix", "back")
    try:
        with server.client() as admin:
            camera = admin.add_onvif_camera(
                "Comes back", address, int(port), camera_user=USER, camera_password=PASSWORD
            )
            admin.update_camera(camera.id, privacy_masks=[MASK])
            admin.update_camera(camera.id, masks_on_camera=True)
            wait_until(
                "the mask on the camera",
                lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA),
                BOUND_S,
            )
            first.stop()
            second_mask = cameras_pb2.PrivacyMask(x=0.6, y=0.1, width=0.2, height=0.2)
            admin.update_camera(camera.id, privacy_masks=[MASK, second_mask])
            failed = wait_until(
                "the push failing while the camera is away",
                lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_FAILED),
                BOUND_S,
            )
            assert "unreachable" in failed.detail or "refused" in failed.detail, failed
            second = start_camsim(*args, *onvif, *login, "--name-prefix", "back")
            try:
                wait_until(
                    "both masks on the camera once it answers again",
                    lambda: reached(admin, camera.id, cameras_pb2.PRIVACY_MASKS_STATE_ON_CAMERA, 2),
                    BOUND_S,
                )
                held = on_camsim(second, "back1", camera_masks)
                wanted = [
                    corners(PrivacyMask(m.x, m.y, m.width, m.height)) for m in (MASK, second_mask)
                ]
                assert len(held) == 2
                for points, expected in zip(held.values(), wanted, strict=True):
                    assert np.allclose(points, expected, atol=0.01)
            finally:
                second.stop()
    finally:
        first.stop()
