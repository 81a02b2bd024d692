"""A simulated camera's video encoder settings (ONVIF Media ver10 and Media2): what each
stream offers (GetVideoEncoderConfigurationOptions) and the check of a new configuration
(SetVideoEncoderConfiguration: ``check`` for ver10's ``tt:VideoEncoderConfiguration``,
``check2`` for Media2's ``tt:VideoEncoder2Configuration``).

The camera's sensor is its main stream's size at start: the main stream offers the
16:9 sizes up to it, the sub stream those up to 1280x720 as well (a sub stream is a
small one on real cameras), each stream also its own starting size. Frame rates are
1..max(30, camsim --fps), GOP 1..300 frames, bitrate 32..16384 kbit/s (main) or
32..8192 (sub), H.264 Baseline (what libx264's ultrafast preset writes) and, on a loop
camera through Media2, H.265 Main (libx265); rate control CBR or VBR (Media2's
``ConstantBitRate``). A live-rendered (PTZ) camera offers H.264 only.

Invariants:
- ``check`` is all or nothing: the first value outside the options is
  ``ter:InvalidArgVal/ter:ConfigModify`` naming the element and what is allowed, and
  the camera's state is left as it was.
- Only the encoded shape (codec, size, frame rate, bitrate, GOP, CBR/VBR) makes the
  stream change; Name and Quality are stored and echoed.
- Media ver10 cannot name H.265 or the rate control: ``check`` keeps the stream's.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from vedette_server.camsim.content import StreamProfile
from vedette_server.camsim.onvif.soap import TT, SoapFault, invalid_arg_val

SIZES_16_9 = ((1920, 1080), (1280, 720), (960, 540), (640, 360), (480, 270), (320, 180))
SUB_MAX = (1280, 720)
GOV_LENGTH = (1, 300)
QUALITY = (0, 10)
ENCODING_INTERVAL = (1, 1)
#: Encodings and their profiles (Media2's ``Encoding`` and ``Profile``).
PROFILES = {"H264": ("Baseline",), "H265": ("Main",)}
CODECS = tuple(PROFILES)
H264_PROFILES = PROFILES["H264"]
BITRATE_KBPS = {"main": (32, 16384), "sub": (32, 8192)}


@dataclass(frozen=True)
class EncoderOptions:
    """What one stream accepts."""

    sizes: tuple[tuple[int, int], ...]
    fps: tuple[int, int]
    gov_length: tuple[int, int]
    kbps: tuple[int, int]
    codecs: tuple[str, ...] = ("H264",)  # what Media2 may switch the stream to

    @classmethod
    def for_stream(
        cls,
        stream: str,
        sensor: tuple[int, int],
        start: tuple[int, int],
        camera_fps: int,
        codecs: tuple[str, ...] = CODECS,
    ) -> EncoderOptions:
        cap_w, cap_h = (
            sensor if stream == "main" else (min(sensor[0], SUB_MAX[0]), min(sensor[1], SUB_MAX[1]))
        )
        sizes = {s for s in SIZES_16_9 if s[0] <= cap_w and s[1] <= cap_h} | {start}
        ordered = tuple(sorted(sizes, key=lambda s: (s[0] * s[1], s[0]), reverse=True))
        return cls(
            ordered,
            (1, max(30, camera_fps)),
            GOV_LENGTH,
            BITRATE_KBPS.get(stream, (32, 8192)),
            codecs,
        )

    def render(self) -> dict[str, object]:
        """The ``tt:VideoEncoderConfigurationOptions`` fields."""
        h264 = {
            "ResolutionsAvailable": [{"Width": w, "Height": h} for w, h in self.sizes],
            "GovLengthRange": _range(self.gov_length),
            "FrameRateRange": _range(self.fps),
            "EncodingIntervalRange": _range(ENCODING_INTERVAL),
            "H264ProfilesSupported": list(H264_PROFILES),
        }
        return {
            "QualityRange": _range(QUALITY),
            "H264": h264,
            "Extension": {"H264": h264 | {"BitrateRange": _range(self.kbps)}},
        }


@dataclass(frozen=True)
class EncoderSettings:
    """The encoded shape of a stream and its stored extras."""

    profile: StreamProfile
    fps: int
    gov_length: int
    name: str
    quality: float
    codec: str = "H264"  # "H264" or "H265" (Media2's Encoding)
    cbr: bool = True  # constant bitrate; False: variable, capped at the bitrate


def _range(bounds: tuple[int, int]) -> dict[str, int]:
    return {"Min": bounds[0], "Max": bounds[1]}


def _refused(reason: str) -> SoapFault:
    return invalid_arg_val("ConfigModify", reason)


def _text(element: etree._Element, *path: str) -> str | None:
    found: etree._Element | None = element
    for part in path:
        found = found.find(f"{{{TT}}}{part}") if found is not None else None
    if found is None or found.text is None:
        return None
    return found.text.strip()


def _int(
    element: etree._Element, name: str, path: tuple[str, ...], bounds: tuple[int, int]
) -> int | None:
    return _whole(name, _text(element, *path), bounds)


def _whole(name: str, text: str | None, bounds: tuple[int, int]) -> int | None:
    if text is None:
        return None
    low, high = bounds
    try:
        value = int(float(text)) if float(text).is_integer() else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise _refused(f"{name} {text!r} is not a whole number in {low}..{high}")
    return value


def _profile_offered(name: str, codec: str, profile: str | None) -> None:
    offered = PROFILES.get(codec, ())
    if profile is not None and profile not in offered:
        raise _refused(f"{name} {profile!r} is not offered for {codec}: {', '.join(offered)}")


def check(
    configuration: etree._Element, current: EncoderSettings, options: EncoderOptions
) -> EncoderSettings:
    """The settings ``configuration`` (a ver10 ``trt:Configuration``) asks for; elements
    it leaves out keep their current value. ``ter:ConfigModify`` for anything outside
    ``options``."""
    encoding = _text(configuration, "Encoding")
    if encoding is not None and encoding != "H264":
        raise _refused(f"Encoding {encoding!r} is not offered: H264 only (Media ver10)")
    gov = _int(configuration, "H264.GovLength", ("H264", "GovLength"), options.gov_length)
    _profile_offered("H264.H264Profile", "H264", _text(configuration, "H264", "H264Profile"))
    return _shaped(configuration, current, options, "H264", gov, current.cbr)


def check2(
    configuration: etree._Element, current: EncoderSettings, options: EncoderOptions
) -> EncoderSettings:
    """As ``check``, for a Media2 ``tr2:Configuration`` (``tt:VideoEncoder2Configuration``:
    Encoding H264 or H265, GovLength and Profile as attributes, RateControl's
    ConstantBitRate)."""
    encoding = _text(configuration, "Encoding") or current.codec
    if encoding not in options.codecs:
        raise _refused(
            f"Encoding {encoding[:40]!r} is not offered on this stream:"
            f" {' or '.join(options.codecs)}"
        )
    gov = _whole("GovLength", configuration.get("GovLength"), options.gov_length)
    _profile_offered("Profile", encoding, configuration.get("Profile"))
    cbr = current.cbr
    rate = configuration.find(f"{{{TT}}}RateControl")
    flag = rate.get("ConstantBitRate") if rate is not None else None
    if flag is not None:
        if flag.strip() not in ("true", "false", "1", "0"):
            raise _refused(f"RateControl.ConstantBitRate {flag[:40]!r} is not a boolean")
        cbr = flag.strip() in ("true", "1")
    return _shaped(configuration, current, options, encoding, gov, cbr)


def _shaped(
    configuration: etree._Element,
    current: EncoderSettings,
    options: EncoderOptions,
    codec: str,
    gov: int | None,
    cbr: bool,
) -> EncoderSettings:
    """The size, rate, bitrate, Quality and Name both versions write alike."""
    width = _int(configuration, "Resolution.Width", ("Resolution", "Width"), (1, 100_000))
    height = _int(configuration, "Resolution.Height", ("Resolution", "Height"), (1, 100_000))
    size = (width or current.profile.width, height or current.profile.height)
    if size not in options.sizes:
        offered = ", ".join(f"{w}x{h}" for w, h in options.sizes)
        raise _refused(f"Resolution {size[0]}x{size[1]} is not offered: one of {offered}")
    fps = _int(
        configuration, "RateControl.FrameRateLimit", ("RateControl", "FrameRateLimit"), options.fps
    )
    _int(
        configuration,
        "RateControl.EncodingInterval",
        ("RateControl", "EncodingInterval"),
        ENCODING_INTERVAL,
    )
    kbps = _int(
        configuration, "RateControl.BitrateLimit", ("RateControl", "BitrateLimit"), options.kbps
    )
    quality_text = _text(configuration, "Quality")
    quality = current.quality
    if quality_text is not None:
        try:
            quality = float(quality_text)
        except ValueError:
            quality = -1.0
        if not QUALITY[0] <= quality <= QUALITY[1]:
            raise _refused(f"Quality {quality_text!r} is not in {QUALITY[0]}..{QUALITY[1]}")
    return EncoderSettings(
        StreamProfile(size[0], size[1], kbps or current.profile.kbps),
        fps or current.fps,
        gov or current.gov_length,
        _text(configuration, "Name") or current.name,
        quality,
        codec,
        cbr,
    )
