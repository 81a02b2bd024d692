"""Text overlays (OSD) of one simulated camera: Media ver10's GetOSDs, GetOSD,
GetOSDOptions, SetOSD, CreateOSD and DeleteOSD, stored and echoed back.

A camera starts with two overlays on its one video source configuration: the date
and time at the upper left (``osd_1``) and its name at the lower left (``osd_2``).
Only text overlays exist (plain text, date, time, date and time), at one of the
four corners or at a custom position (x, y in -1..1, ONVIF's normalised frame).

Invariants:
- CreateOSD and SetOSD check the whole overlay before storing any of it: an image
  overlay, a position or text type GetOSDOptions does not list, a date or time format
  it does not list, a font size outside its range or a plain text longer than
  ``MAX_TEXT_CHARS`` is ``ter:InvalidArgVal/ter:SettingsInvalid`` naming the element.
- An unknown overlay token is ``ter:InvalidArgVal/ter:NoConfig``; the fifth overlay is
  ``ter:Action/ter:MaxOSDs``. Tokens are never reused within a run.
- The overlays are only stored: the picture does not show them (docs/onvif.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import (
    TRT,
    TT,
    SoapFault,
    SoapRequest,
    child,
    child_text,
    invalid_arg_val,
    normalised,
)

Operation = Callable[[SoapRequest], etree._Element]

MAX_OSDS = 4
MAX_TEXT_CHARS = 64
FONT_SIZES = (8, 64)
POSITIONS = ("UpperLeft", "UpperRight", "LowerLeft", "LowerRight", "Custom")
TEXT_TYPES = ("Plain", "Date", "Time", "DateAndTime")
DATE_FORMATS = ("yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy")
TIME_FORMATS = ("HH:mm:ss", "hh:mm:ss tt")


@dataclass(frozen=True)
class Overlay:
    token: str
    position: str = "UpperLeft"
    x: float = 0.0  # with position "Custom"
    y: float = 0.0
    text_type: str = "Plain"
    plain_text: str = ""
    date_format: str = DATE_FORMATS[0]
    time_format: str = TIME_FORMATS[0]
    font_size: int = 24


def _invalid(reason: str) -> SoapFault:
    return invalid_arg_val("SettingsInvalid", reason)


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    return child(parent, TT, name)


def _text(parent: etree._Element | None, name: str) -> str | None:
    return child_text(parent, TT, name)


def _choice(value: str | None, choices: tuple[str, ...], name: str, default: str) -> str:
    if value is None:
        return default
    if value not in choices:
        raise _invalid(f"{name} {value!r} is not one of {', '.join(choices)}")
    return value


def _coordinate(element: etree._Element, name: str) -> float:
    value = normalised(element, name)
    if value is None:
        raise _invalid(f"Position.Pos {name}={element.get(name)!r} is not in -1..1")
    return value


class OsdOperations:
    """The OSD operations of a camera's media service, and its overlays."""

    def __init__(
        self, camera: OnvifCameraModel, schema: OnvifSchema, configuration_token: str
    ) -> None:
        self.camera = camera
        self.schema = schema
        self.configuration_token = configuration_token
        self.overlays: dict[str, Overlay] = {
            "osd_1": Overlay("osd_1", "UpperLeft", text_type="DateAndTime"),
            "osd_2": Overlay(
                "osd_2", "LowerLeft", text_type="Plain", plain_text=camera.name if camera else ""
            ),
        }
        self._next = 3
        self.operations: dict[str, Operation] = {
            "GetOSDs": self.get_osds,
            "GetOSD": self.get_osd,
            "GetOSDOptions": self.get_osd_options,
            "SetOSD": self.set_osd,
            "CreateOSD": self.create_osd,
            "DeleteOSD": self.delete_osd,
        }

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TRT, name, **fields)

    def _fields(self, overlay: Overlay) -> dict[str, Any]:
        position: dict[str, Any] = {"Type": overlay.position}
        if overlay.position == "Custom":
            position["Pos"] = {"x": overlay.x, "y": overlay.y}
        text: dict[str, Any] = {"Type": overlay.text_type, "FontSize": overlay.font_size}
        if overlay.text_type in ("Date", "DateAndTime"):
            text["DateFormat"] = overlay.date_format
        if overlay.text_type in ("Time", "DateAndTime"):
            text["TimeFormat"] = overlay.time_format
        if overlay.text_type == "Plain":
            text["PlainText"] = overlay.plain_text
        return {
            "token": overlay.token,
            "VideoSourceConfigurationToken": {"_value_1": self.configuration_token},
            "Type": "Text",
            "Position": position,
            "TextString": text,
        }

    def _configuration(self, token: str | None) -> None:
        if token is not None and token != self.configuration_token:
            raise invalid_arg_val("NoConfig", f"no video source configuration {token!r}")

    def _known(self, token: str | None) -> Overlay:
        overlay = self.overlays.get(token or "")
        if overlay is None:
            raise invalid_arg_val("NoConfig", f"no OSD with token {token!r}")
        return overlay

    def _parse(self, request: SoapRequest, token: str) -> Overlay:
        """The overlay the request's ``trt:OSD`` describes, with ``token``."""
        osd = request.body.find(f"{{{TRT}}}OSD")
        if osd is None:
            raise _invalid("the request carries no OSD")
        self._configuration(_text(osd, "VideoSourceConfigurationToken"))
        kind = _text(osd, "Type")
        if kind != "Text":
            raise _invalid(f"Type {kind!r}: this camera has text overlays only")
        position_element = _child(osd, "Position")
        position = _choice(_text(position_element, "Type"), POSITIONS, "Position.Type", "")
        x = y = 0.0
        if position == "Custom":
            pos = _child(position_element, "Pos")
            if pos is None:
                raise _invalid("Position.Pos is required with the Custom position")
            x, y = _coordinate(pos, "x"), _coordinate(pos, "y")
        text = _child(osd, "TextString")
        if text is None:
            raise _invalid("TextString is required for a text overlay")
        text_type = _choice(_text(text, "Type"), TEXT_TYPES, "TextString.Type", "")
        plain = _text(text, "PlainText") or ""
        if len(plain) > MAX_TEXT_CHARS:
            raise _invalid(f"TextString.PlainText is longer than {MAX_TEXT_CHARS} characters")
        if text_type == "Plain" and not plain:
            raise _invalid("TextString.PlainText is required with the Plain type")
        size_text = _text(text, "FontSize")
        size = 24
        if size_text is not None:
            low, high = FONT_SIZES
            if not size_text.isdigit() or not low <= int(size_text) <= high:
                raise _invalid(f"TextString.FontSize {size_text!r} is not in {low}..{high}")
            size = int(size_text)
        return Overlay(
            token,
            position,
            x,
            y,
            text_type,
            plain,
            _choice(
                _text(text, "DateFormat"), DATE_FORMATS, "TextString.DateFormat", DATE_FORMATS[0]
            ),
            _choice(
                _text(text, "TimeFormat"), TIME_FORMATS, "TextString.TimeFormat", TIME_FORMATS[0]
            ),
            size,
        )

    # ----------------------------------------------------------------- operations

    def get_osds(self, request: SoapRequest) -> etree._Element:
        self._configuration(request.find_text("ConfigurationToken", TRT))
        return self._render(
            "GetOSDsResponse", OSDs=[self._fields(o) for o in self.overlays.values()]
        )

    def get_osd(self, request: SoapRequest) -> etree._Element:
        overlay = self._known(request.find_text("OSDToken", TRT))
        return self._render("GetOSDResponse", OSD=self._fields(overlay))

    def get_osd_options(self, request: SoapRequest) -> etree._Element:
        self._configuration(request.find_text("ConfigurationToken", TRT))
        options = {
            "MaximumNumberOfOSDs": {"Total": MAX_OSDS, "Image": 0},
            "Type": ["Text"],
            "PositionOption": list(POSITIONS),
            "TextOption": {
                "Type": list(TEXT_TYPES),
                "FontSizeRange": {"Min": FONT_SIZES[0], "Max": FONT_SIZES[1]},
                "DateFormat": list(DATE_FORMATS),
                "TimeFormat": list(TIME_FORMATS),
            },
        }
        return self._render("GetOSDOptionsResponse", OSDOptions=options)

    def set_osd(self, request: SoapRequest) -> etree._Element:
        osd = request.body.find(f"{{{TRT}}}OSD")
        token = osd.get("token") if osd is not None else None
        self._known(token)
        assert token is not None
        self.overlays[token] = self._parse(request, token)
        return self._render("SetOSDResponse")

    def create_osd(self, request: SoapRequest) -> etree._Element:
        if len(self.overlays) >= MAX_OSDS:
            raise SoapFault(
                "Receiver", ("Action", "MaxOSDs"), f"this camera shows at most {MAX_OSDS} OSDs"
            )
        token = f"osd_{self._next}"
        overlay = self._parse(request, token)
        self._next += 1
        self.overlays[token] = overlay
        return self._render("CreateOSDResponse", OSDToken=token)

    def delete_osd(self, request: SoapRequest) -> etree._Element:
        overlay = self._known(request.find_text("OSDToken", TRT))
        del self.overlays[overlay.token]
        return self._render("DeleteOSDResponse")
