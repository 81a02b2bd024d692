"""A camera's main and sub stream settings over ONVIF (CAM-12, CAM-13): read each
stream's video encoder configuration with the options the camera gives, check a change
against them, and send it.

A camera whose GetServices lists Media2 is read and changed over Media2 (``media2``):
codec H.264 or H.265, CBR or VBR, besides size, rate, bitrate and GOP. Any other is
read over Media ver10, which names no H.265 and no rate control: its options list
H.264 only and no rate control, so asking it for H.265 or CBR/VBR is refused with
what it offers.

Which profile is "main" and which "sub" is the server's own choice: the profile whose
stream URI is the one the camera is recorded from (its main URL, its sub URL); when no
URI matches (the camera was edited by hand), main is the profile with the most pixels
and sub the one with the fewest (``media.choose_streams``), as when it was added.

Recommended bitrate (``recommended_kbps``): the Kush gauge, bitrate = width × height ×
fps × motion rank × 0.07 bit/s (Kush Amerasinghe, "H.264 for the rest of us", Adobe,
2009), with motion rank 0.5 (a still surveillance scene) to 1 (a busy one; the gauge's
"low motion"), × 0.6 for H.265 (about 40 % fewer bits at the same quality: the HEVC
verification tests, JCTVC-W1004, report 44-63 % for video), then clamped to the
camera's bitrate bounds. 1920×1080 at 25 fps: 1814..3629 kbit/s, which is where camera
makers' defaults for 1080p sit (2-4 Mbit/s).

Invariants:
- ``check_change`` refuses, before anything is sent, a size the camera does not list,
  a frame rate, bitrate or GOP outside its ranges, an H.264 profile it does not list,
  a codec or rate control it does not offer, and a codec that is none
  (``InvalidArgument`` naming the field and what is allowed).
- ``apply_change`` sends the camera's whole current configuration with only the
  changed fields replaced, so a camera that resets what is left out keeps the rest.
- A camera that answers the encoder operations as not supported is ``NoStreamSettings``
  (a ``FailedPrecondition``); one that refuses a checked change keeps its reason
  (``InvalidArgument``).
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeVar

from lxml import etree

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif import media2
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError
from vedette_server.onvif.media import (
    MediaProfile,
    choose_streams,
    read_profiles,
    strip_credentials,
)

ROLES: Final = ("main", "sub")
_TT: Final = "http://www.onvif.org/ver10/schema"
#: Kush gauge constants (module docstring).
KUSH_FACTOR: Final = 0.07
MOTION_LOW: Final = 0.5
MOTION_HIGH: Final = 1.0
H265_SAVING: Final = 0.6
_NOT_SUPPORTED: Final = {"ActionNotSupported", "NoSuchService"}
_REFUSED: Final = {"ConfigModify", "InvalidArgVal", "InvalidArgs", "NoConfig"}
#: The video codecs ONVIF names (ver10's VideoEncoding, ver20's H264/H265).
VIDEO_CODECS: Final = ("H264", "H265", "JPEG", "MPEG4")
RATE_CONTROLS: Final = ("CBR", "VBR")
_CODEC_NAMES: Final = {"HEVC": "H265", "AVC": "H264"}
T = TypeVar("T")


class NoStreamSettings(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} has no ONVIF stream settings: {why}")


class StreamRefused(InvalidArgument):
    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__("change", f"camera {host}:{port} refused it: {reason}")


@dataclass(frozen=True)
class StreamOptions:
    """What one stream's encoder accepts; a (0, 0) range was not given."""

    codecs: tuple[str, ...] = ()
    resolutions: tuple[tuple[int, int], ...] = ()
    fps: tuple[int, int] = (0, 0)
    bitrate_kbps: tuple[int, int] = (0, 0)
    gop: tuple[int, int] = (0, 0)
    h264_profiles: tuple[str, ...] = ()
    rate_controls: tuple[str, ...] = ()  # "CBR", "VBR" (Media2); none over Media ver10


@dataclass(frozen=True)
class StreamSettings:
    role: str  # "main" or "sub"
    profile_token: str
    configuration_token: str
    codec: str
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    gop: int
    h264_profile: str
    options: StreamOptions = field(default_factory=StreamOptions)
    rate_control: str = ""  # "CBR", "VBR"; "" when the camera does not say (Media ver10)
    service: str = "media"  # what it was read over: "media" (ver10) or "media2"
    #: The audio the stream's profile carries (read only): codec ("AAC", "G711",
    #: "PCMU", …; "" for none), kbit/s and Hz (0 when not said).
    audio: tuple[str, int, int] = ("", 0, 0)

    @property
    def recommended_kbps(self) -> tuple[int, int]:
        return recommended_kbps(
            self.width, self.height, self.fps, self.codec, self.options.bitrate_kbps
        )


@dataclass(frozen=True)
class StreamChange:
    """The fields to change (None: keep)."""

    role: str
    width: int | None = None
    height: int | None = None
    fps: int | None = None
    bitrate_kbps: int | None = None
    gop: int | None = None
    h264_profile: str | None = None
    codec: str | None = None  # "H264", "H265" (also "h.265", "HEVC")
    rate_control: str | None = None  # "CBR", "VBR"

    def given(self) -> dict[str, int | str]:
        names = (
            "width",
            "height",
            "fps",
            "bitrate_kbps",
            "gop",
            "h264_profile",
            "codec",
            "rate_control",
        )
        return {n: v for n in names if (v := getattr(self, n)) is not None}

    def normalised(self) -> StreamChange:
        """Codec and rate control in their ONVIF spelling: ``h.265``/``hevc`` → ``H265``,
        ``cbr`` → ``CBR``."""
        codec = self.codec
        if codec is not None:
            codec = codec.strip().upper().replace(".", "").replace("-", "")
            codec = _CODEC_NAMES.get(codec, codec)
        rate = self.rate_control.strip().upper() if self.rate_control is not None else None
        return replace(self, codec=codec, rate_control=rate)


def recommended_kbps(
    width: int, height: int, fps: int, codec: str = "H264", bounds: tuple[int, int] = (0, 0)
) -> tuple[int, int]:
    """The recommended bitrate range in kbit/s (module docstring), within ``bounds``
    when they are given; (0, 0) when the size or rate is unknown."""
    if width <= 0 or height <= 0 or fps <= 0:
        return (0, 0)
    base = width * height * fps * KUSH_FACTOR / 1000
    if codec.upper() in ("H265", "HEVC"):
        base *= H265_SAVING
    low, high = round(base * MOTION_LOW), round(base * MOTION_HIGH)
    least, most = bounds
    if most > 0:
        low, high = (min(max(v, least), most) for v in (low, high))
    return (low, high)


# -------------------------------------------------------------------- the answers


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _range(raw: Any) -> tuple[int, int]:
    return (_int(getattr(raw, "Min", 0)), _int(getattr(raw, "Max", 0)))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _extension_bitrate(extension: Any) -> tuple[int, int]:
    """The H264Options2 BitrateRange of an options Extension the library left as raw
    XML (its schema puts an ``xs:any`` first, which swallows the ``tt:H264`` element)."""
    for element in _list(getattr(extension, "_value_1", None)):
        if not isinstance(element, etree._Element) or etree.QName(element).localname != "H264":
            continue
        found = element.find(f"{{{_TT}}}BitrateRange")
        if found is not None:
            low, high = found.findtext(f"{{{_TT}}}Min"), found.findtext(f"{{{_TT}}}Max")
            try:
                return (int(low or 0), int(high or 0))
            except ValueError:
                return (0, 0)
    return (0, 0)


def options_from(raw: Any) -> StreamOptions:
    """``tt:VideoEncoderConfigurationOptions`` → ``StreamOptions`` (H.264; the bitrate
    range from the H264Options2 extension when the camera gives it)."""
    h264 = getattr(raw, "H264", None)
    extension = getattr(getattr(raw, "Extension", None), "H264", None)
    source = extension if extension is not None else h264
    bitrate = _range(getattr(extension, "BitrateRange", None))
    if extension is None:
        bitrate = _extension_bitrate(getattr(raw, "Extension", None))
    if source is None:
        codecs = tuple(n for n in ("JPEG", "MPEG4") if getattr(raw, n, None) is not None)
        return StreamOptions(codecs=codecs)
    sizes = tuple(
        (_int(getattr(r, "Width", 0)), _int(getattr(r, "Height", 0)))
        for r in _list(getattr(source, "ResolutionsAvailable", None))
    )
    return StreamOptions(
        codecs=("H264",),
        resolutions=sizes,
        fps=_range(getattr(source, "FrameRateRange", None)),
        bitrate_kbps=bitrate,
        gop=_range(getattr(source, "GovLengthRange", None)),
        h264_profiles=tuple(str(p) for p in _list(getattr(source, "H264ProfilesSupported", None))),
    )


def settings_from(
    role: str, profile_token: str, raw: Any, options: StreamOptions
) -> StreamSettings:
    """``tt:VideoEncoderConfiguration`` → ``StreamSettings``."""
    resolution = getattr(raw, "Resolution", None)
    rate = getattr(raw, "RateControl", None)
    h264 = getattr(raw, "H264", None)
    return StreamSettings(
        role=role,
        profile_token=profile_token,
        configuration_token=str(getattr(raw, "token", "") or ""),
        codec=str(getattr(raw, "Encoding", "") or ""),
        width=_int(getattr(resolution, "Width", 0)),
        height=_int(getattr(resolution, "Height", 0)),
        fps=_int(getattr(rate, "FrameRateLimit", 0)),
        bitrate_kbps=_int(getattr(rate, "BitrateLimit", 0)),
        gop=_int(getattr(h264, "GovLength", 0)),
        h264_profile=str(getattr(h264, "H264Profile", "") or ""),
        options=options,
    )


def pick_roles(
    profiles: list[MediaProfile], main_url: str, sub_url: str
) -> dict[str, MediaProfile]:
    """Role → profile: by the camera's recorded URLs, else by pixel count."""
    video = [p for p in profiles if p.has_video and p.stream_uri]
    by_uri = {strip_credentials(p.stream_uri): p for p in video}
    found: dict[str, MediaProfile] = {}
    for role, url in (("main", main_url), ("sub", sub_url)):
        match = by_uri.get(strip_credentials(url)) if url else None
        if match is not None:
            found[role] = match
    if "main" not in found:
        choice = choose_streams(video)
        if choice is None:
            return {}
        found = {"main": choice.main}
        if choice.sub is not None:
            found["sub"] = choice.sub
    return found


# ---------------------------------------------------------------------- the calls


def _fault(error: OnvifError) -> tuple[set[str], str] | None:
    cause = error.__cause__
    if cause is None or not hasattr(cause, "subcodes"):
        return None
    names = {getattr(q, "localname", str(q)) for q in getattr(cause, "subcodes", None) or []}
    return names, str(getattr(cause, "message", "") or "")


async def _call(device: OnvifDevice, operation: str, params: Any = None) -> Any:
    return await _classified(device, operation, device.call("media", operation, params))


async def _classified(device: OnvifDevice, operation: str, pending: Awaitable[T]) -> T:
    """``pending``'s result; a fault saying the operation is not supported is
    ``NoStreamSettings``, one refusing the values ``StreamRefused``."""
    try:
        return await pending
    except OnvifError as error:
        fault = _fault(error)
        if fault is not None and fault[0] & _NOT_SUPPORTED:
            raise NoStreamSettings(
                device.host, device.port, f"{operation} is not supported"
            ) from error
        if fault is not None and fault[0] & _REFUSED:
            raise StreamRefused(device.host, device.port, fault[1]) from error
        raise


async def read_streams(device: OnvifDevice, main_url: str, sub_url: str) -> list[StreamSettings]:
    """The connected camera's main (and sub) stream settings with their options, over
    Media2 when the camera lists it, else over Media ver10."""
    if media2.offers_media2(device):
        return [settings for settings, _ in await _read_streams2(device, main_url, sub_url)]
    roles = pick_roles(await read_profiles(device), main_url, sub_url)
    if not roles:
        raise NoStreamSettings(device.host, device.port, "no media profile has video")
    raw_profiles = {
        str(getattr(p, "token", "")): p for p in await _call(device, "GetProfiles") or []
    }
    found = []
    for role in ROLES:
        profile = roles.get(role)
        if profile is None:
            continue
        encoder = getattr(raw_profiles.get(profile.token), "VideoEncoderConfiguration", None)
        token = str(getattr(encoder, "token", "") or "")
        if not token:
            raise NoStreamSettings(
                device.host, device.port, f"its {role} profile has no video encoder configuration"
            )
        configuration = await _call(
            device, "GetVideoEncoderConfiguration", {"ConfigurationToken": token}
        )
        options = await _call(
            device,
            "GetVideoEncoderConfigurationOptions",
            {"ConfigurationToken": token, "ProfileToken": profile.token},
        )
        settings = settings_from(role, profile.token, configuration, options_from(options))
        audio = getattr(raw_profiles.get(profile.token), "AudioEncoderConfiguration", None)
        found.append(replace(settings, audio=_audio10(audio)))
    return found


def _audio10(raw: Any) -> tuple[str, int, int]:
    """(codec, kbit/s, Hz) of a ver10 ``tt:AudioEncoderConfiguration``; none: ("", 0, 0)."""
    if raw is None:
        return ("", 0, 0)
    codec = media2.audio_name(str(getattr(raw, "Encoding", "") or ""))
    return (codec, _int(getattr(raw, "Bitrate", 0)), _int(getattr(raw, "SampleRate", 0)) * 1000)


def _options2(options: media2.Media2Options) -> StreamOptions:
    return StreamOptions(
        codecs=options.codecs,
        resolutions=options.resolutions,
        fps=options.fps,
        bitrate_kbps=options.bitrate_kbps,
        gop=options.gop,
        h264_profiles=options.profiles.get("H264", ()),
        rate_controls=RATE_CONTROLS if options.constant_bitrate else ("VBR",),
    )


async def _read_streams2(
    device: OnvifDevice, main_url: str, sub_url: str
) -> list[tuple[StreamSettings, Any]]:
    """Over Media2: each stream's settings and its ``tt:VideoEncoder2Configuration``."""
    encoders = await _classified(device, "GetProfiles", media2.read_encoder_profiles(device))
    roles = pick_roles([e.profile for e in encoders], main_url, sub_url)
    if not roles:
        raise NoStreamSettings(device.host, device.port, "no Media2 profile has video")
    by_token = {e.profile.token: e for e in encoders}
    found = []
    for role in ROLES:
        profile = roles.get(role)
        if profile is None:
            continue
        raw = by_token[profile.token].configuration
        token = raw.get("token") or ""
        pending = media2.read_options(device, token)
        options = media2.options_from(
            await _classified(device, "GetVideoEncoderConfigurationOptions", pending)
        )
        settings = StreamSettings(
            role=role,
            profile_token=profile.token,
            configuration_token=token,
            codec=profile.encoding,
            width=profile.width,
            height=profile.height,
            fps=profile.fps,
            bitrate_kbps=profile.bitrate_kbps,
            gop=_int(raw.get("GovLength")),
            h264_profile=(raw.get("Profile") or "") if profile.encoding == "H264" else "",
            options=_options2(options),
            rate_control=media2.rate_control_of(raw),
            service="media2",
            audio=media2.audio_of(by_token[profile.token].audio),
        )
        found.append((settings, raw))
    return found


def _within(name: str, value: int, bounds: tuple[int, int], unit: str = "") -> None:
    low, high = bounds
    if high > 0 and not low <= value <= high:
        raise InvalidArgument(
            f"change.{name}", f"{value}{unit} is outside the camera's bounds {low}..{high}{unit}"
        )
    if value <= 0:
        raise InvalidArgument(f"change.{name}", f"{value} must be above 0")


def _check_codec(change: StreamChange, current: StreamSettings) -> None:
    options, role = current.options, current.role
    if change.codec is not None:
        if change.codec not in VIDEO_CODECS:
            raise InvalidArgument(
                "change.codec", f"{change.codec[:40]!r} is not a video codec: H264 or H265"
            )
        if change.codec not in options.codecs:
            why = (
                ""
                if current.service == "media2"
                else " (over ONVIF Media ver10, which cannot name H.265: the camera lists no"
                " Media2 service)"
            )
            offered = ", ".join(options.codecs) or "no codec choice"
            raise InvalidArgument(
                "change.codec", f"this camera offers only {offered} on its {role} stream{why}"
            )
    if change.rate_control is not None:
        if change.rate_control not in RATE_CONTROLS:
            raise InvalidArgument(
                "change.rate_control", f"{change.rate_control[:40]!r} is not CBR or VBR"
            )
        if change.rate_control not in options.rate_controls:
            offered = (
                f"only {', '.join(options.rate_controls)}"
                if options.rate_controls
                else "no CBR/VBR choice (Media ver10 names no rate control)"
            )
            raise InvalidArgument(
                "change.rate_control", f"this camera offers {offered} on its {role} stream"
            )
    codec = change.codec or current.codec
    if change.h264_profile is not None and codec != "H264":
        raise InvalidArgument(
            "change.h264_profile", f"applies to H264 only; the stream would be {codec}"
        )


def check_change(change: StreamChange, current: StreamSettings) -> None:
    """``InvalidArgument`` naming the first field of ``change`` the camera would not take."""
    options = current.options
    change = change.normalised()
    if not change.given():
        raise InvalidArgument("change", "names no setting to change")
    _check_codec(change, current)
    if (change.width is None) != (change.height is None):
        raise InvalidArgument("change.width", "width and height go together")
    if change.width is not None and change.height is not None:
        size = (change.width, change.height)
        if options.resolutions and size not in options.resolutions:
            offered = ", ".join(f"{w}x{h}" for w, h in options.resolutions)
            raise InvalidArgument(
                "change.resolution",
                f"{size[0]}x{size[1]} is not offered by the camera: one of {offered}",
            )
    if change.fps is not None:
        _within("fps", change.fps, options.fps, " fps")
    if change.bitrate_kbps is not None:
        _within("bitrate_kbps", change.bitrate_kbps, options.bitrate_kbps, " kbit/s")
    if change.gop is not None:
        _within("gop", change.gop, options.gop, " frames")
    if change.h264_profile is not None and change.h264_profile not in options.h264_profiles:
        raise InvalidArgument(
            "change.h264_profile",
            f"{change.h264_profile!r} is not offered: one of {', '.join(options.h264_profiles)}",
        )


def _stream_of(
    device: OnvifDevice, change: StreamChange, streams: dict[str, StreamSettings]
) -> StreamSettings:
    current = streams.get(change.role)
    if current is None:
        raise InvalidArgument(
            "change.role", f"camera {device.host}:{device.port} has no {change.role} stream"
        )
    return current


async def _apply_change2(
    device: OnvifDevice, change: StreamChange, main_url: str, sub_url: str
) -> list[StreamSettings]:
    """``apply_change`` over Media2."""
    found = {s.role: (s, raw) for s, raw in await _read_streams2(device, main_url, sub_url)}
    current = _stream_of(device, change, {role: s for role, (s, _) in found.items()})
    check_change(change, current)
    rate = change.rate_control
    request = media2.changed_configuration(
        found[change.role][1],
        media2.EncoderChange(
            codec=change.codec,
            width=change.width,
            height=change.height,
            fps=change.fps,
            bitrate_kbps=change.bitrate_kbps,
            gop=change.gop,
            profile=change.h264_profile,
            constant_bitrate=None if rate is None else rate == "CBR",
        ),
    )
    await _classified(device, "SetVideoEncoderConfiguration", media2.call(device, request))
    return await read_streams(device, main_url, sub_url)


def _serialise(value: Any) -> Any:
    from zeep.helpers import serialize_object

    return serialize_object(value, dict)


def _branch(tree: dict[str, Any], name: str) -> dict[str, Any]:
    child = tree.get(name)
    if not isinstance(child, dict):
        child = {}
        tree[name] = child
    return child


async def apply_change(
    device: OnvifDevice, change: StreamChange, main_url: str, sub_url: str
) -> list[StreamSettings]:
    """Check ``change`` against the camera's options for that stream, send it with the
    stream's other settings unchanged, and return every stream as the camera then reports."""
    change = change.normalised()
    if media2.offers_media2(device):
        return await _apply_change2(device, change, main_url, sub_url)
    streams = {s.role: s for s in await read_streams(device, main_url, sub_url)}
    current = _stream_of(device, change, streams)
    check_change(change, current)
    raw = await _call(
        device, "GetVideoEncoderConfiguration", {"ConfigurationToken": current.configuration_token}
    )
    tree = _serialise(raw) or {}
    if change.width is not None and change.height is not None:
        tree["Resolution"] = {"Width": change.width, "Height": change.height}
    rate = _branch(tree, "RateControl")
    rate.setdefault("FrameRateLimit", current.fps)
    rate.setdefault("EncodingInterval", 1)
    rate.setdefault("BitrateLimit", current.bitrate_kbps)
    if change.fps is not None:
        rate["FrameRateLimit"] = change.fps
    if change.bitrate_kbps is not None:
        rate["BitrateLimit"] = change.bitrate_kbps
    if change.gop is not None or change.h264_profile is not None:
        h264 = _branch(tree, "H264")
        h264.setdefault("GovLength", current.gop)
        h264.setdefault("H264Profile", current.h264_profile or "Baseline")
        if change.gop is not None:
            h264["GovLength"] = change.gop
        if change.h264_profile is not None:
            h264["H264Profile"] = change.h264_profile
    await _call(
        device, "SetVideoEncoderConfiguration", {"Configuration": tree, "ForcePersistence": True}
    )
    return await read_streams(device, main_url, sub_url)
