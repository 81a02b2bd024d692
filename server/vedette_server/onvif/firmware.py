"""A camera's firmware upgrade over ONVIF (CAM-07): StartFirmwareUpgrade, then an HTTP
POST of the image to the address the camera gave, then the wait for it to come back.

ONVIF Core (device management, "Firmware upgrade"): the camera answers an
``UploadUri``, an ``UploadDelay`` to wait before the upload and the
``ExpectedDownTime``; the client POSTs the file as ``application/octet-stream``; the
camera answers 415 for an invalid file and 500 for its own failure, else it flashes
the image and reboots. The older ``UpgradeSystemFirmware`` (MTOM attachments) is not
used.

Invariants:
- The image and the credentials only go to the camera's own host: an ``UploadUri``
  naming another host (a camera behind NAT gives its inside address) is sent to the
  camera's ONVIF host instead, with the URI's port and path; redirects are not
  followed; only http and https are accepted.
- Authentication is HTTP Digest (or Basic when the camera asks for Basic), with the
  camera's stored credentials; the password is in no message or log line.
- What is reported is what the camera says afterwards (GetDeviceInformation), never
  what the file claims: ``UpgradeOutcome.upgraded`` only when the camera, once it
  answers again, reports another version than before.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, BinaryIO, Final
from urllib.parse import urlsplit, urlunsplit

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import (
    CameraUnreachable,
    NotAuthorised,
    OnvifError,
    OperationUnsupported,
)

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

CONTENT_TYPE: Final = "application/octet-stream"
#: Bounds on what a camera may ask: a longer delay or down time is taken as this.
MAX_UPLOAD_DELAY_S: Final = 60.0
MAX_DOWN_S: Final = 900.0
#: How long past ExpectedDownTime the camera may take to answer again.
MIN_MARGIN_S: Final = 60.0
POLL_S: Final = 1.0
#: How long a camera may take to answer the upload once the file is sent (some
#: check the image before they answer).
UPLOAD_ANSWER_S: Final = 300.0
MAX_REASON_CHARS: Final = 200


class FirmwareUpgradeUnsupported(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(
            f"camera {host}:{port} does not support firmware upgrade over ONVIF"
            f" (StartFirmwareUpgrade): {why}"
        )


class FirmwareRefused(InvalidArgument):
    """The camera refused the file (HTTP 4xx to the upload): its reason."""

    def __init__(self, host: str, port: int, status: int, reason: str) -> None:
        super().__init__("file", f"camera {host}:{port} refused it: HTTP {status} {reason}")
        self.status = status


class FirmwareUpgradeFailed(FailedPrecondition):
    """The camera could not take the file for a reason of its own (HTTP 5xx, …)."""

    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port}: firmware upgrade failed: {why}")


@dataclass(frozen=True)
class UploadTicket:
    """StartFirmwareUpgrade's answer, bounded."""

    upload_uri: str
    upload_delay_s: float
    expected_down_s: float


@dataclass(frozen=True)
class UpgradeOutcome:
    """What the camera said once the upgrade was over."""

    before: str
    #: The version it reports now; "" when it did not answer again in time.
    after: str
    answered: bool
    #: Whether it stopped answering at some point (it rebooted).
    rebooted: bool

    @property
    def upgraded(self) -> bool:
        return self.answered and self.after != self.before


def _seconds(value: Any, default_s: float, most_s: float) -> float:
    """An xs:duration as zeep gives it (a timedelta), within 0..``most_s``."""
    if isinstance(value, timedelta):
        return min(max(value.total_seconds(), 0.0), most_s)
    return default_s


async def check_support(device: OnvifDevice) -> None:
    """``FirmwareUpgradeUnsupported`` when the camera says it has no HTTP firmware
    upgrade (GetServiceCapabilities' System HttpFirmwareUpgrade="false"); a camera
    that does not say is tried (StartFirmwareUpgrade tells)."""
    try:
        reply = await device.call("devicemgmt", "GetServiceCapabilities")
    except OperationUnsupported:
        return
    system = getattr(reply, "System", None)
    if getattr(system, "HttpFirmwareUpgrade", None) is False:
        raise FirmwareUpgradeUnsupported(
            device.host, device.port, 'it reports HttpFirmwareUpgrade="false"'
        )


async def start_upgrade(device: OnvifDevice) -> UploadTicket:
    """StartFirmwareUpgrade: where and when to upload the image."""
    try:
        reply = await device.call("devicemgmt", "StartFirmwareUpgrade")
    except OperationUnsupported as error:
        raise FirmwareUpgradeUnsupported(device.host, device.port, error.why) from error
    uri = str(getattr(reply, "UploadUri", "") or "")
    if not uri:
        raise FirmwareUpgradeFailed(device.host, device.port, "it gave no UploadUri")
    return UploadTicket(
        upload_uri=camera_upload_url(uri, device.host),
        upload_delay_s=_seconds(getattr(reply, "UploadDelay", None), 0.0, MAX_UPLOAD_DELAY_S),
        expected_down_s=_seconds(getattr(reply, "ExpectedDownTime", None), 60.0, MAX_DOWN_S),
    )


def camera_upload_url(uri: str, host: str) -> str:
    """``uri`` aimed at ``host`` (the camera's ONVIF host) whatever host it names."""
    parts = urlsplit(uri.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FirmwareUpgradeFailed(host, 0, f"its UploadUri {uri[:80]!r} is not an http URL")
    if parts.hostname.lower() == host.lower():
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    shown = f"[{host}]" if ":" in host else host
    netloc = shown + (f":{parts.port}" if parts.port is not None else "")
    log.info("camera %s gave an UploadUri on host %s: sent to %s", host, parts.hostname, host)
    return urlunsplit(parts._replace(netloc=netloc))


async def upload(
    ticket: UploadTicket, image: BinaryIO, host: str, port: int, user: str, password: str
) -> None:
    """POST ``image`` (a file open for reading, rewound first) to the ticket's address
    with the camera's credentials. ``FirmwareRefused`` for a 4xx, ``NotAuthorised``
    for refused credentials, ``FirmwareUpgradeFailed`` for a 5xx; ``CameraUnreachable``."""
    import aiohttp  # here: 0.15 CPU-s at import, for an upgrade only

    timeout = aiohttp.ClientTimeout(total=None, sock_connect=10.0, sock_read=UPLOAD_ANSWER_S)
    digest = aiohttp.DigestAuthMiddleware(user, password) if user else None
    async with aiohttp.ClientSession(
        timeout=timeout, middlewares=(digest,) if digest is not None else ()
    ) as session:
        status, text, basic = await _post(session, ticket.upload_uri, image, None, host, port)
        if status == 401 and basic and user:
            auth = aiohttp.BasicAuth(user, password)
            status, text, _ = await _post(session, ticket.upload_uri, image, auth, host, port)
    if 200 <= status < 300:
        return
    reason = _reason(text)
    if status in (401, 403):
        raise NotAuthorised(host, port, user)
    if 400 <= status < 500:
        raise FirmwareRefused(host, port, status, reason)
    raise FirmwareUpgradeFailed(host, port, f"the upload got HTTP {status} {reason}")


async def _post(
    session: aiohttp.ClientSession,
    url: str,
    image: BinaryIO,
    auth: aiohttp.BasicAuth | None,
    host: str,
    port: int,
) -> tuple[int, str, bool]:
    """(status, the start of the answer's text, whether it challenges with Basic)."""
    import aiohttp

    image.seek(0)
    try:
        async with session.post(
            url,
            data=image,
            auth=auth,
            headers={"Content-Type": CONTENT_TYPE},
            allow_redirects=False,
        ) as response:
            text = (await response.content.read(4096)).decode("utf-8", "replace")
            challenge = response.headers.get("WWW-Authenticate", "")
            return response.status, text, challenge.lower().startswith("basic")
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        why = f"the upload failed: {error or type(error).__name__}"
        raise CameraUnreachable(host, port, why) from error


def _reason(text: str) -> str:
    """The camera's answer as one short printable line."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= MAX_REASON_CHARS else line[:MAX_REASON_CHARS] + "…"


async def wait_until_back(
    read_version: Callable[[], Awaitable[str]],
    before: str,
    bound_s: float,
    *,
    poll_s: float = POLL_S,
) -> UpgradeOutcome:
    """Poll the camera's version until it reports another than ``before``, or answers
    again after it stopped answering (a reboot into the same version), or ``bound_s``
    passed (then the last answer, if any, is what is reported)."""
    deadline = time.monotonic() + bound_s
    rebooted = False
    last: str | None = None
    while True:
        try:
            last = await read_version()
        except OnvifError:
            rebooted = True
            last = None  # an answer from before it went down says nothing now
        else:
            if last != before or rebooted:
                return UpgradeOutcome(before, last, answered=True, rebooted=rebooted)
        if time.monotonic() >= deadline:
            return UpgradeOutcome(before, last or "", answered=last is not None, rebooted=rebooted)
        await asyncio.sleep(poll_s)


def wait_bound_s(ticket: UploadTicket) -> float:
    """How long to wait for the camera after the upload: its ExpectedDownTime plus
    half again, at least ``MIN_MARGIN_S`` more."""
    return ticket.expected_down_s + max(MIN_MARGIN_S, ticket.expected_down_s / 2)


def describe(outcome: UpgradeOutcome, seconds: float) -> str:
    """The outcome in words, from what the camera reports."""
    if outcome.upgraded:
        return f"upgraded from firmware {outcome.before} to {outcome.after}"
    if not outcome.answered:
        return (
            f"the camera accepted the file but did not answer again within {seconds:.0f} s;"
            f" it reported firmware {outcome.before} before"
        )
    return f"the camera accepted the file but still reports firmware {outcome.after}" + (
        " after its reboot" if outcome.rebooted else ""
    )
