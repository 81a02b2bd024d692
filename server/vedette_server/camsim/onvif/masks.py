"""Privacy masks of one simulated camera: Media2's GetMaskOptions, GetMasks, CreateMask,
SetMask and DeleteMask, painted into the picture.

A mask is a polygon of 3 to ``MAX_POINTS`` points in the video source's normalised
space (x -1 left .. 1 right, y -1 bottom .. 1 top) on the one video source
configuration, of type ``Color`` (black: the only colour offered). An enabled mask
is painted black into every stream: the loop is re-encoded with it
(``OnvifCameraModel.restream``, as for a new encoder setting) and swapped in, so a
client that decodes a frame afterwards sees black there, whatever stream it reads.

Invariants:
- Masks are offered (``Mask="true"`` in the capabilities, the five operations
  answering) only by a camera whose picture can be re-encoded (not a live PTZ
  camera) and without the ``no-masks`` quirk; otherwise each operation is
  ``ter:ActionNotSupported``.
- CreateMask and SetMask check the whole mask before storing any of it: an unknown
  configuration is ``ter:InvalidArgVal/ter:NoConfig``; fewer than 3 or more than
  ``MAX_POINTS`` points, a point outside -1..1, a type other than Color or a colour
  other than black is ``ter:InvalidArgVal/ter:ConfigModify`` naming what is wrong. The
  fifth mask is ``ter:Action/ter:MaxMasks``; an unknown mask token is
  ``ter:InvalidArgVal/ter:NoConfig``. Tokens are never reused within a run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree

from vedette_server.camsim.faults import FaultKind
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.soap import (
    TR2,
    TT,
    SoapFault,
    SoapRequest,
    action_not_supported,
    child,
    child_text,
    invalid_arg_val,
    normalised,
)

Operation = Callable[[SoapRequest], etree._Element]

_NSMAP = {"tr2": TR2, "tt": TT}
MAX_MASKS = 4
MAX_POINTS = 8
YCBCR = "http://www.onvif.org/ver10/colorspace/YCbCr"
#: The one colour offered: black, as YCbCr (limited range).
BLACK = (16.0, 128.0, 128.0)

Point = tuple[float, float]


@dataclass(frozen=True)
class Mask:
    token: str
    points: tuple[Point, ...]  # normalised: x -1..1 left to right, y -1..1 bottom to top
    enabled: bool = True


def picture_polygon(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """``points`` in fractions of the picture from its top left (what the renderer
    paints), rounded so that the same mask always names the same cached loop."""
    return tuple((round((x + 1) / 2, 4), round((1 - y) / 2, 4)) for x, y in points)


def masks_offered(camera: OnvifCameraModel) -> bool:
    """Whether ``camera`` offers masks now (see the module's invariants)."""
    return camera.restream is not None and not camera.quirk(FaultKind.NO_MASKS)


def _modify(reason: str) -> SoapFault:
    return invalid_arg_val("ConfigModify", reason)


def _tr2(parent: etree._Element | None, name: str) -> etree._Element | None:
    return child(parent, TR2, name)


def _text(parent: etree._Element | None, name: str) -> str | None:
    return child_text(parent, TR2, name)


def _point(element: etree._Element, index: int) -> Point:
    values = []
    for name in ("x", "y"):
        value = normalised(element, name)
        if value is None:
            raise _modify(
                f"Polygon.Point[{index}] {name}={element.get(name)!r:.20} is not in -1..1"
            )
        values.append(value)
    return values[0], values[1]


def _sub(parent: etree._Element, name: str, text: object = None) -> etree._Element:
    namespace = TT if name in ("Point", "ColorList") else TR2
    element = etree.SubElement(parent, f"{{{namespace}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def _response(name: str) -> etree._Element:
    return etree.Element(f"{{{TR2}}}{name}", nsmap=_NSMAP)


class MaskOperations:
    """The mask operations of a camera's Media2 service, and its masks."""

    def __init__(self, camera: OnvifCameraModel, configuration_token: str) -> None:
        self.camera = camera
        self.configuration_token = configuration_token
        self.masks: dict[str, Mask] = {}
        self._next = 1
        self.operations: dict[str, Operation] = {
            "GetMaskOptions": self.get_mask_options,
            "GetMasks": self.get_masks,
            "CreateMask": self.create_mask,
            "SetMask": self.set_mask,
            "DeleteMask": self.delete_mask,
        }

    def _offered(self, request: SoapRequest) -> None:
        if not masks_offered(self.camera):
            raise action_not_supported(request.operation.localname)

    def _configuration(self, token: str | None) -> None:
        if token is not None and token != self.configuration_token:
            raise invalid_arg_val("NoConfig", f"no video source configuration {token!r:.60}")

    def _known(self, token: str | None) -> Mask:
        mask = self.masks.get(token or "")
        if mask is None:
            raise invalid_arg_val("NoConfig", f"no mask with token {token!r:.60}")
        return mask

    def _parse(self, request: SoapRequest, token: str) -> Mask:
        """The mask the request's ``tr2:Mask`` describes, with ``token``."""
        element = _tr2(request.body, "Mask")
        if element is None:
            raise _modify("the request carries no Mask")
        configuration = _text(element, "ConfigurationToken")
        if configuration is None:
            raise _modify("Mask.ConfigurationToken is required")
        self._configuration(configuration)
        polygon = _tr2(element, "Polygon")
        points = [] if polygon is None else polygon.findall(f"{{{TT}}}Point")
        if not 3 <= len(points) <= MAX_POINTS:
            raise _modify(f"Polygon has {len(points)} points: 3 to {MAX_POINTS}")
        kind = _text(element, "Type")
        if kind != "Color":
            raise _modify(f"Type {kind!r:.30}: this camera has Color masks only")
        color = _tr2(element, "Color")
        if color is not None:
            try:
                given = tuple(float(color.get(n) or "nan") for n in ("X", "Y", "Z"))
            except ValueError:
                given = (math.nan,)
            if given != BLACK or (color.get("Colorspace") or YCBCR) != YCBCR:
                raise _modify("Color: this camera paints masks black only (YCbCr 16 128 128)")
        enabled = _text(element, "Enabled")
        if enabled not in ("true", "false", "1", "0"):
            raise _modify(f"Enabled {enabled!r:.20} is not a boolean")
        return Mask(
            token,
            tuple(_point(p, i) for i, p in enumerate(points)),
            enabled in ("true", "1"),
        )

    def _mask_element(self, mask: Mask) -> etree._Element:
        element = etree.Element(f"{{{TR2}}}Masks", nsmap=_NSMAP)
        element.set("token", mask.token)
        _sub(element, "ConfigurationToken", self.configuration_token)
        polygon = _sub(element, "Polygon")
        for x, y in mask.points:
            point = _sub(polygon, "Point")
            point.set("x", repr(x))
            point.set("y", repr(y))
        _sub(element, "Type", "Color")
        color = _sub(element, "Color")
        for name, value in zip(("X", "Y", "Z"), BLACK, strict=True):
            color.set(name, repr(value))
        color.set("Colorspace", YCBCR)
        _sub(element, "Enabled", "true" if mask.enabled else "false")
        return element

    def _paint(self) -> None:
        """Have every stream re-encoded with the enabled masks painted in."""
        painted = tuple(picture_polygon(m.points) for m in self.masks.values() if m.enabled)
        camera = self.camera
        for stream in list(camera.streams):
            if stream.masks == painted:
                continue
            changed = replace(stream, masks=painted)
            camera.replace_stream(changed)
            if camera.restream is not None:
                camera.restream(camera.name, changed)

    # ----------------------------------------------------------------- operations

    def get_mask_options(self, request: SoapRequest) -> etree._Element:
        self._offered(request)
        self._configuration(request.find_text("ConfigurationToken", TR2))
        response = _response("GetMaskOptionsResponse")
        options = _sub(response, "Options")
        options.set("RectangleOnly", "false")
        options.set("SingleColorOnly", "true")
        _sub(options, "MaxMasks", MAX_MASKS)
        _sub(options, "MaxPoints", MAX_POINTS)
        _sub(options, "Types", "Color")
        color = _sub(_sub(options, "Color"), "ColorList")
        for name, value in zip(("X", "Y", "Z"), BLACK, strict=True):
            color.set(name, repr(value))
        color.set("Colorspace", YCBCR)
        return response

    def get_masks(self, request: SoapRequest) -> etree._Element:
        self._offered(request)
        token = request.find_text("Token", TR2)
        self._configuration(request.find_text("ConfigurationToken", TR2))
        masks = [self._known(token)] if token is not None else list(self.masks.values())
        response = _response("GetMasksResponse")
        response.extend(self._mask_element(m) for m in masks)
        return response

    def create_mask(self, request: SoapRequest) -> etree._Element:
        self._offered(request)
        if len(self.masks) >= MAX_MASKS:
            raise SoapFault(
                "Receiver", ("Action", "MaxMasks"), f"this camera holds at most {MAX_MASKS} masks"
            )
        token = f"mask_{self._next}"
        mask = self._parse(request, token)
        self._next += 1
        self.masks[token] = mask
        self._paint()
        response = _response("CreateMaskResponse")
        _sub(response, "Token", token)
        return response

    def set_mask(self, request: SoapRequest) -> etree._Element:
        self._offered(request)
        element = _tr2(request.body, "Mask")
        token = element.get("token") if element is not None else None
        self._known(token)
        assert token is not None
        self.masks[token] = self._parse(request, token)
        self._paint()
        return _response("SetMaskResponse")

    def delete_mask(self, request: SoapRequest) -> etree._Element:
        self._offered(request)
        mask = self._known(request.find_text("Token", TR2))
        del self.masks[mask.token]
        self._paint()
        return _response("DeleteMaskResponse")
