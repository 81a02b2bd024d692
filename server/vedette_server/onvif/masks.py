"""A camera's privacy masks over ONVIF Media2 (``tr2:`` GetMaskOptions, GetMasks,
CreateMask, DeleteMask): what it can hold, and Vedette's rectangles set on it
(CAM-10, masks applied by the camera).

Vedette's masks are rectangles in fractions of the picture from its top left
(``recording.privacy``); the camera's are polygons in the video source's normalised
space (x -1 left .. 1 right, y -1 bottom .. 1 top), on a video source configuration.

Invariants:
- ``read_mask_options`` raises ``NoCameraMasks`` (FAILED_PRECONDITION, naming why)
  for a camera without Media2, without a video source configuration, or whose
  Media2 answers the mask operations as not supported; ``check_capacity`` for one
  whose options cannot hold the rectangles (MaxMasks, MaxPoints below 4, no Color
  type).
- ``replace_masks`` deletes only the tokens it is given (the masks Vedette made
  before), never another mask on the camera, then creates the new ones and reads
  them back: it succeeds only when the camera lists each of them with its four
  corners; otherwise ``MasksRefused`` (the camera's reason) or ``MasksNotApplied``,
  and the masks it created are deleted again. It checks the camera can hold them
  (beside the camera's other masks) before deleting anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from lxml import etree

from vedette_server.errors import FailedPrecondition
from vedette_server.onvif import media2
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError
from vedette_server.onvif.media2 import TR2, TT, element
from vedette_server.onvif.streams import _fault
from vedette_server.recording.privacy import PrivacyMask

_NOT_SUPPORTED: Final = {"ActionNotSupported", "NoSuchService"}
_REFUSED: Final = {"ConfigModify", "InvalidArgVal", "InvalidArgs", "NoConfig", "MaxMasks"}
#: How far a corner read back may be from the one sent (cameras round coordinates).
CORNER_TOLERANCE: Final = 0.01


class NoCameraMasks(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} cannot apply privacy masks: {why}")


class MasksRefused(FailedPrecondition):
    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"camera {host}:{port} refused the privacy masks: {reason}")


class MasksNotApplied(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} did not keep the privacy masks: {why}")


@dataclass(frozen=True)
class MaskOptions:
    configuration: str  # the video source configuration the masks are on
    max_masks: int
    max_points: int
    types: tuple[str, ...]


Corners = tuple[tuple[float, float], ...]


def corners(mask: PrivacyMask) -> Corners:
    """``mask``'s four corners in ONVIF's normalised space, clockwise from top left."""
    left, right = 2 * mask.x - 1, 2 * (mask.x + mask.width) - 1
    top, bottom = 1 - 2 * mask.y, 1 - 2 * (mask.y + mask.height)
    return ((left, top), (right, top), (right, bottom), (left, bottom))


async def _call(device: OnvifDevice, body: etree._Element) -> etree._Element:
    operation = etree.QName(body).localname
    try:
        return await media2.call(device, body)
    except OnvifError as error:
        fault = _fault(error)
        if fault is not None and fault[0] & _NOT_SUPPORTED:
            raise NoCameraMasks(
                device.host, device.port, f"its Media2 service does not support {operation}"
            ) from error
        if fault is not None and fault[0] & _REFUSED:
            raise MasksRefused(device.host, device.port, fault[1] or operation) from error
        raise


async def _configuration(device: OnvifDevice) -> str:
    answer = await _call(device, element("GetProfiles", element("Type", text="VideoSource")))
    for source in answer.iter(f"{{{TR2}}}VideoSource"):
        token = source.get("token")
        if token:
            return token
    raise NoCameraMasks(device.host, device.port, "no profile has a video source configuration")


async def read_mask_options(device: OnvifDevice) -> MaskOptions:
    """What the connected camera can hold (see the module's invariants)."""
    if not media2.offers_media2(device):
        raise NoCameraMasks(
            device.host, device.port, "it has no ONVIF Media2 service (privacy masks are Media2's)"
        )
    configuration = await _configuration(device)
    answer = await _call(
        device, element("GetMaskOptions", element("ConfigurationToken", text=configuration))
    )
    options = answer.find(f"{{{TR2}}}Options")
    if options is None:
        raise NoCameraMasks(device.host, device.port, "GetMaskOptions answered no Options")

    def number(name: str) -> int:
        try:
            return int(options.findtext(f"{{{TR2}}}{name}") or 0)
        except ValueError:
            return 0

    types = tuple((t.text or "").strip() for t in options.findall(f"{{{TR2}}}Types"))
    return MaskOptions(configuration, number("MaxMasks"), number("MaxPoints"), types)


def check_capacity(host: str, port: int, options: MaskOptions, count: int) -> None:
    """``NoCameraMasks`` when ``options`` cannot hold ``count`` black rectangles."""
    if "Color" not in options.types:
        raise NoCameraMasks(host, port, f"it has no Color masks (types {list(options.types)})")
    if options.max_points < 4:
        raise NoCameraMasks(host, port, f"its masks have at most {options.max_points} points")
    if count > options.max_masks:
        raise NoCameraMasks(
            host, port, f"it holds at most {options.max_masks} masks, Vedette has {count}"
        )


async def read_masks(device: OnvifDevice, configuration: str) -> dict[str, Corners]:
    """The camera's masks on ``configuration``: token → its polygon's points."""
    answer = await _call(
        device, element("GetMasks", element("ConfigurationToken", text=configuration))
    )
    found: dict[str, Corners] = {}
    for mask in answer.iter(f"{{{TR2}}}Masks"):
        points = []
        for point in mask.iterfind(f"{{{TR2}}}Polygon/{{{TT}}}Point"):
            try:
                points.append((float(point.get("x") or "nan"), float(point.get("y") or "nan")))
            except ValueError:
                points.append((math.nan, math.nan))
        found[mask.get("token") or ""] = tuple(points)
    return found


def _mask_request(configuration: str, points: Corners) -> etree._Element:
    polygon = element("Polygon")
    for x, y in points:
        point = etree.SubElement(polygon, f"{{{TT}}}Point")
        point.set("x", f"{x:.6f}")
        point.set("y", f"{y:.6f}")
    return element(
        "CreateMask",
        element(
            "Mask",
            element("ConfigurationToken", text=configuration),
            polygon,
            element("Type", text="Color"),
            element("Enabled", text="true"),
        ),
    )


def _same(sent: Corners, read: Corners) -> bool:
    return len(sent) == len(read) and all(
        math.isclose(a, b, abs_tol=CORNER_TOLERANCE)
        for s, r in zip(sent, read, strict=True)
        for a, b in zip(s, r, strict=True)
    )


async def masks_in_place(
    device: OnvifDevice, masks: Iterable[PrivacyMask], owned: list[str]
) -> bool:
    """Whether the camera still holds exactly the masks the server set (``owned``, in
    the order of ``masks``): a camera reset, or an installer deleting them in its web
    page, takes them away without telling anyone."""
    wanted = [corners(m) for m in masks]
    if len(owned) != len(wanted):
        return False
    on_camera = await read_masks(device, (await read_mask_options(device)).configuration)
    return all(
        token in on_camera and _same(points, on_camera[token])
        for token, points in zip(owned, wanted, strict=True)
    )


async def _delete(device: OnvifDevice, tokens: Iterable[str]) -> None:
    for token in tokens:
        await _call(device, element("DeleteMask", element("Token", text=token)))


async def replace_masks(
    device: OnvifDevice, masks: Iterable[PrivacyMask], owned: list[str]
) -> None:
    """Delete the masks ``owned`` (Vedette's, by token) that the camera still has,
    create ``masks`` and read them back (see the module's invariants).

    ``owned`` is kept true as the camera changes, whatever fails: tokens deleted or
    no longer on the camera leave it, tokens created join it, so the caller stores it
    after every attempt and a later attempt deletes what this one left behind."""
    wanted = [corners(m) for m in masks]
    options = await read_mask_options(device)
    on_camera = await read_masks(device, options.configuration)
    others = [t for t in on_camera if t not in owned]
    if wanted:
        check_capacity(device.host, device.port, options, len(wanted) + len(others))
    owned[:] = [t for t in owned if t in on_camera]
    while owned:
        await _delete(device, owned[:1])
        owned.pop(0)
    created: list[str] = []
    try:
        for points in wanted:
            answer = await _call(device, _mask_request(options.configuration, points))
            token = (answer.findtext(f"{{{TR2}}}Token") or "").strip()
            if not token:
                raise MasksNotApplied(device.host, device.port, "CreateMask answered no token")
            created.append(token)
            owned.append(token)
        kept = await read_masks(device, options.configuration)
        for token, points in zip(created, wanted, strict=True):
            if token not in kept or not _same(points, kept[token]):
                raise MasksNotApplied(
                    device.host, device.port, f"it does not list mask {token} as it was set"
                )
    except (OnvifError, FailedPrecondition):
        # Not half of the masks: take back what this attempt made, as far as it can.
        for token in created:
            try:
                await _delete(device, [token])
                owned.remove(token)
            except (OnvifError, FailedPrecondition):
                break
        raise
