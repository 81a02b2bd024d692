"""A simulated camera's firmware upgrade over HTTP (ONVIF Core, StartFirmwareUpgrade).

The device service's ``StartFirmwareUpgrade`` answers an upload address, a delay
before the upload and the time the camera will be down; the client POSTs the image
there (``application/octet-stream``); the camera checks it, answers, and reboots into
it: its ONVIF service goes offline for ``EXPECTED_DOWN_S`` (``reboot.py``), and comes
back reporting the image's version in GetDeviceInformation.

camsim's image format (``make_image`` builds one; ``vedette-camsim --make-firmware``)::

    VEDETTE-CAMSIM-FIRMWARE <version>\\n   version: 1-32 of [A-Za-z0-9._+-]
    <payload: any bytes, possibly none>
    <SHA-256 of everything before it: 32 raw bytes>

Invariants:
- An upload address is used once and expires after ``UPLOAD_TTL_S``; a camera keeps
  at most ``MAX_PENDING`` of them (the oldest goes first). Another POST to it, or one
  after it expired, answers 404.
- With credentials, the upload needs HTTP Digest (as the camera's SOAP calls may):
  401 and a challenge otherwise; the body is not read then.
- A body over ``MAX_IMAGE_BYTES`` answers 413; anything that is not a complete,
  intact camsim image answers 415 Unsupported Media Type with the reason, as the Core
  spec asks for an invalid upgrade file; both leave the camera's version as it was,
  and it does not reboot.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Final

from aiohttp import web
from lxml import etree

from vedette_server.camsim.onvif.auth import OnvifAuthenticator
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TDS, SoapRequest

log = logging.getLogger("vedette.camsim.onvif")

Operation = Callable[[SoapRequest], etree._Element]

MAGIC: Final = b"VEDETTE-CAMSIM-FIRMWARE "
DIGEST_BYTES: Final = 32
MAX_HEADER_BYTES: Final = len(MAGIC) + 32 + 1
MAX_IMAGE_BYTES: Final = 64 * 1024 * 1024
#: The upload path; ``{token}`` is the one-time secret of one StartFirmwareUpgrade.
UPLOAD_PATH: Final = "/onvif/firmware/{token}"
UPLOAD_TTL_S: Final = 120.0
MAX_PENDING: Final = 4
UPLOAD_DELAY_S: Final = 0.5
EXPECTED_DOWN_S: Final = 3.0
#: How long the answer to the upload has to leave before the camera goes down.
REBOOT_DELAY_S: Final = 0.2
INITIAL_VERSION: Final = "0.1.0"
_VERSION = re.compile(r"[A-Za-z0-9._+-]{1,32}\Z")
_READ_BYTES = 256 * 1024


class ImageRefused(Exception):
    """Why an uploaded file is not a camsim firmware image (its text goes to the client)."""


def check_version(version: str) -> str:
    if not _VERSION.match(version):
        raise ValueError(f"firmware version {version[:40]!r}: 1 to 32 of A-Z a-z 0-9 . _ + -")
    return version


def make_image(version: str, payload: bytes = b"") -> bytes:
    """A valid camsim firmware image of ``version`` carrying ``payload``."""
    body = MAGIC + check_version(version).encode() + b"\n" + payload
    return body + hashlib.sha256(body).digest()


def image_version(data: bytes) -> str:
    """The version of a camsim firmware image; ``ImageRefused`` saying why otherwise."""
    if not data.startswith(MAGIC):
        raise ImageRefused("not a camsim firmware image (no VEDETTE-CAMSIM-FIRMWARE header)")
    end = data.find(b"\n", 0, MAX_HEADER_BYTES)
    if end < 0:
        raise ImageRefused("the image header has no version line")
    version = data[len(MAGIC) : end].decode("ascii", "replace")
    if not _VERSION.match(version):
        raise ImageRefused(f"the image header's version {version[:40]!r} is not valid")
    if len(data) < end + 1 + DIGEST_BYTES:
        raise ImageRefused("the image is truncated: no SHA-256 trailer")
    body, digest = data[:-DIGEST_BYTES], data[-DIGEST_BYTES:]
    if hashlib.sha256(body).digest() != digest:
        raise ImageRefused("the image is corrupt: its SHA-256 trailer does not match")
    return version


def _text(status: int, reason: str) -> web.Response:
    return web.Response(status=status, text=reason + "\n")


class FirmwareOperations:
    """StartFirmwareUpgrade and the upload for one camera. The fleet sets
    ``authenticator`` (None: no credentials) and ``reboot(offline_s, while_down)``."""

    def __init__(
        self,
        camera: OnvifCameraModel,
        schema: OnvifSchema,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.camera = camera
        self.schema = schema
        self.version = INITIAL_VERSION
        self.authenticator: OnvifAuthenticator | None = None
        self.reboot: Callable[[float, Callable[[], None]], None] | None = None
        self._monotonic = monotonic
        self._pending: OrderedDict[str, float] = OrderedDict()  # token → expiry
        self._upgrading = False
        self.operations: dict[str, Operation] = {
            "StartFirmwareUpgrade": self.start_firmware_upgrade,
        }

    def start_firmware_upgrade(self, request: SoapRequest) -> etree._Element:
        now = self._monotonic()
        self._forget_expired(now)
        while len(self._pending) >= MAX_PENDING:
            self._pending.popitem(last=False)
        token = secrets.token_urlsafe(16)
        self._pending[token] = now + UPLOAD_TTL_S
        return self.schema.render(
            TDS,
            "StartFirmwareUpgradeResponse",
            UploadUri=self.camera.base_url + UPLOAD_PATH.format(token=token),
            UploadDelay=timedelta(seconds=UPLOAD_DELAY_S),
            ExpectedDownTime=timedelta(seconds=EXPECTED_DOWN_S),
        )

    def _forget_expired(self, now: float) -> None:
        for token, expiry in list(self._pending.items()):
            if expiry <= now:
                del self._pending[token]

    async def upload(self, request: web.Request) -> web.StreamResponse:
        """The POST of an image to an upload address."""
        if self.authenticator is not None:
            refusal = self.authenticator.check(
                "FirmwareUpload", request.headers.get("Authorization"), None
            )
            if refusal is not None:
                response = _text(401, refusal.fault.reason)
                for value in refusal.challenge:
                    response.headers.add("WWW-Authenticate", value)
                return response
        self._forget_expired(self._monotonic())
        if self._pending.pop(request.match_info.get("token", ""), None) is None:
            return _text(404, "no such upload address: it was used, or it expired")
        if self._upgrading:
            return _text(503, "an upgrade is already under way")
        kind = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/octet-stream":
            return _text(415, f"Content-Type {kind[:60]!r}: send application/octet-stream")
        try:
            data = await _read_bounded(request)
            version = image_version(data)
        except ImageRefused as refused:
            log.info("%s: firmware upload refused: %s", self.camera.name, refused)
            return _text(415, str(refused))
        except _TooLarge:
            return _text(413, f"a firmware image is at most {MAX_IMAGE_BYTES} bytes")
        log.info(
            "%s: firmware %s accepted (%d bytes); rebooting into it",
            self.camera.name,
            version,
            len(data),
        )
        self._upgrading = True
        asyncio.get_running_loop().call_later(REBOOT_DELAY_S, self._reboot_into, version)
        return _text(200, f"firmware {version} accepted; rebooting")

    def _reboot_into(self, version: str) -> None:
        def flash() -> None:
            self.version = version
            self._upgrading = False

        if self.reboot is None:  # a camera outside a fleet: only the version changes
            flash()
            return
        self.reboot(EXPECTED_DOWN_S, flash)


class _TooLarge(Exception):
    pass


async def _read_bounded(request: web.Request) -> bytes:
    """The whole body, at most ``MAX_IMAGE_BYTES`` (``_TooLarge`` past it)."""
    length = request.content_length
    if length is not None and length > MAX_IMAGE_BYTES:
        raise _TooLarge
    parts: list[bytes] = []
    size = 0
    while chunk := await request.content.read(_READ_BYTES):
        size += len(chunk)
        if size > MAX_IMAGE_BYTES:
            raise _TooLarge
        parts.append(chunk)
    return b"".join(parts)
