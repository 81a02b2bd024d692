"""CameraService's UpgradeCameraFirmware (CAM-07): the file's stream checked and kept
in a temporary file of the data directory, then the upgrade (``onvif/firmware.py``)
with progress messages.

Invariants:
- The file is never held in memory: each chunk (at most ``MAX_CHUNK_BYTES``) is
  written to an unnamed temporary file in ``<data>/firmware-uploads`` (``O_TMPFILE``:
  it vanishes with the call, or with the server if it dies), off the event loop.
- A file is 1 byte to ``MAX_FIRMWARE_BYTES``, announced in the first message; more
  or fewer bytes than announced end the call with INVALID_ARGUMENT before anything
  is sent to the camera. The camera is checked (ONVIF, firmware upgrade offered,
  credentials) before the bytes are received, so a doomed upload is refused at once.
- One upgrade per camera at a time (``FirmwareUpgrades``).
- The outcome reported is the camera's own answer afterwards (see
  ``onvif.firmware.UpgradeOutcome``); the camera's password is in no message.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import cameras_pb2
from vedette_server.api import call_context
from vedette_server.api.picture_calls import camera_device
from vedette_server.datadir import DataDir
from vedette_server.errors import FailedPrecondition, InvalidArgument, ResourceExhausted
from vedette_server.onvif import firmware
from vedette_server.recording.onvif_sources import OnvifSource
from vedette_server.security.secretbox import CameraCredentials

MAX_FIRMWARE_BYTES: Final = 512 * 1024 * 1024
MAX_CHUNK_BYTES: Final = 1024 * 1024
MAX_FILE_NAME_CHARS: Final = 255
#: Room left on the data directory's file system after the file is kept.
FREE_MARGIN_BYTES: Final = 64 * 1024 * 1024

_STAGE = cameras_pb2.FirmwareUpgradeStage


@dataclass(frozen=True)
class FirmwareFile:
    camera_id: int
    file_name: str
    size_bytes: int


@dataclass(frozen=True)
class CameraTarget:
    """The camera to upgrade, as the catalog knows it."""

    camera_id: int
    name: str
    source: OnvifSource | None
    credentials: CameraCredentials | None = field(repr=False)


async def first_message(
    requests: AsyncIterator[cameras_pb2.UpgradeCameraFirmwareRequest],
) -> FirmwareFile:
    """The stream's first message, checked: INVALID_ARGUMENT naming the field."""
    first = await anext(requests, None)
    if first is None or first.WhichOneof("part") != "file":
        raise InvalidArgument("file", "the first message must be `file` (camera, name and size)")
    message = first.file
    if message.size_bytes <= 0:
        raise InvalidArgument("file.size_bytes", "the file is empty")
    if message.size_bytes > MAX_FIRMWARE_BYTES:
        raise InvalidArgument(
            "file.size_bytes",
            f"{message.size_bytes} bytes: a firmware file is at most {MAX_FIRMWARE_BYTES} bytes",
        )
    name = message.file_name.strip() or "firmware"
    if len(name) > MAX_FILE_NAME_CHARS or not name.isprintable():
        raise InvalidArgument(
            "file.file_name", f"at most {MAX_FILE_NAME_CHARS} printable characters"
        )
    return FirmwareFile(message.camera_id, name, message.size_bytes)


def upload_directory(catalog_path: Path) -> Path:
    """Where files being sent to cameras are kept: beside the catalog."""
    return DataDir(catalog_path.parent).firmware_uploads


def _open_spool(directory: Path, size_bytes: int) -> BinaryIO:
    """An unnamed temporary file in ``directory``, when the file system has room.
    Blocks (file system)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    if free < size_bytes + FREE_MARGIN_BYTES:
        raise ResourceExhausted(
            f"not enough room in the data directory for a {size_bytes}-byte file"
            f" ({free} bytes free)"
        )
    return tempfile.TemporaryFile(dir=directory, prefix="firmware-")


async def receive(
    requests: AsyncIterator[cameras_pb2.UpgradeCameraFirmwareRequest],
    announced: FirmwareFile,
    spool: BinaryIO,
) -> None:
    """Write the stream's chunks to ``spool``; INVALID_ARGUMENT unless they add up to
    the announced size."""
    received = 0
    async for message in requests:
        if message.WhichOneof("part") != "chunk":
            raise InvalidArgument("file", "only the first message may be `file`; then chunks")
        chunk = message.chunk
        if len(chunk) > MAX_CHUNK_BYTES:
            raise InvalidArgument("chunk", f"{len(chunk)} bytes: at most {MAX_CHUNK_BYTES}")
        received += len(chunk)
        if received > announced.size_bytes:
            raise InvalidArgument(
                "chunk", f"more bytes than the {announced.size_bytes} announced in size_bytes"
            )
        await asyncio.to_thread(spool.write, chunk)
    if received != announced.size_bytes:
        raise InvalidArgument(
            "file.size_bytes",
            f"{announced.size_bytes} bytes announced, {received} received",
        )
    await asyncio.to_thread(spool.flush)


class FirmwareUpgrades:
    """The cameras being upgraded now: one upgrade per camera at a time."""

    def __init__(self) -> None:
        self._cameras: set[int] = set()

    @contextlib.contextmanager
    def hold(self, target: CameraTarget) -> Iterator[None]:
        if target.camera_id in self._cameras:
            raise FailedPrecondition(f"camera {target.name} is already being upgraded")
        self._cameras.add(target.camera_id)
        try:
            yield
        finally:
            self._cameras.discard(target.camera_id)


def _message(
    stage: cameras_pb2.FirmwareUpgradeStage,
    text: str,
    before: str,
    *,
    after: str = "",
    upgraded: bool = False,
    wait: Duration | None = None,
) -> cameras_pb2.UpgradeCameraFirmwareResponse:
    return cameras_pb2.UpgradeCameraFirmwareResponse(
        stage=stage,
        message=text,
        firmware_before=before,
        firmware_after=after,
        upgraded=upgraded,
        wait=wait,
    )


async def upgrade(
    target: CameraTarget,
    announced: FirmwareFile,
    requests: AsyncIterator[cameras_pb2.UpgradeCameraFirmwareRequest],
    directory: Path,
) -> AsyncIterator[cameras_pb2.UpgradeCameraFirmwareResponse]:
    """Check the camera, receive the file, send it, wait for the camera: the progress
    messages, DONE last."""
    who = call_context.principal().username
    what = (
        f"{who} sent firmware file {announced.file_name} ({announced.size_bytes} bytes)"
        f" to camera {target.name}"
    )
    call_context.note(
        message=what,
        camera_id=target.camera_id,
        file_name=announced.file_name,
        size_bytes=announced.size_bytes,
    )
    async with camera_device(target.name, target.source, target.credentials) as device:
        await firmware.check_support(device)
        before = (await device.device_information()).firmware_version
    call_context.note(firmware_before=before)
    spool = await asyncio.to_thread(_open_spool, directory, announced.size_bytes)
    try:
        await receive(requests, announced, spool)
        yield _message(_STAGE.FIRMWARE_UPGRADE_STAGE_RECEIVED, "file received", before)
        async with camera_device(target.name, target.source, target.credentials) as device:
            ticket = await firmware.start_upgrade(device)
            host, port = device.host, device.port
        await asyncio.sleep(ticket.upload_delay_s)
        user, password = _credentials(target)
        await firmware.upload(ticket, spool, host, port, user, password)
    finally:
        await asyncio.to_thread(spool.close)
    bound_s = firmware.wait_bound_s(ticket)
    wait = Duration()
    wait.FromMilliseconds(round(bound_s * 1000))
    yield _message(
        _STAGE.FIRMWARE_UPGRADE_STAGE_SENT,
        f"the camera accepted the file; waiting up to {bound_s:.0f} s for it to answer again",
        before,
        wait=wait,
    )

    async def read_version() -> str:
        async with camera_device(target.name, target.source, target.credentials) as device:
            return (await device.device_information()).firmware_version

    outcome = await firmware.wait_until_back(read_version, before, bound_s)
    text = firmware.describe(outcome, bound_s)
    call_context.note(
        message=f"{what}: {text}",
        firmware_after=outcome.after,
        upgraded=outcome.upgraded,
    )
    yield _message(
        _STAGE.FIRMWARE_UPGRADE_STAGE_DONE,
        text,
        before,
        after=outcome.after,
        upgraded=outcome.upgraded,
    )


def _credentials(target: CameraTarget) -> tuple[str, str]:
    if target.credentials is None:
        return "", ""
    return target.credentials.user, target.credentials.password
