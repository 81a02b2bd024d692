"""A camera's Media2 (ONVIF ver20 media, ``tr2:``) stream settings, built by hand: the
WSDLs onvif-zeep-async bundles have no Media2, and Media2 is where a camera names
H.265 and its rate control (CBR/VBR); Media ver10 can do neither.

Operations: GetProfiles (``Type`` VideoEncoder and AudioEncoder), GetStreamUri
(``RtspUnicast``),
GetVideoEncoderConfigurationOptions and SetVideoEncoderConfiguration. Each request is
an lxml-built Body sent as a prepared request (onvif/soap_post.py): signed with the library's
WS-UsernameToken for the camera (its clock offset included; none in Digest-only mode),
over the library's own HTTP session for the media service (HTTP Digest middleware,
kept-alive connections), within the device's time bound; a reply's fault raises zeep's
``Fault``, so ``OnvifDevice`` classifies it into the same typed errors as any call.

Invariants:
- Only a camera whose GetServices lists the Media2 namespace is asked (``offers_media2``);
  every other one is read over Media ver10 (``streams``).
- Values are read from the answer as the ver20 schema names them: Encoding a string,
  GovLength and Profile attributes, RateControl's ConstantBitRate attribute (absent:
  not enforced, VBR), FrameRatesSupported a list of rates.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from lxml import etree

from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.media import MediaProfile, strip_credentials
from vedette_server.onvif.soap_post import ENV, check_reply, parse_reply, post, signed_envelope

TR2: Final = "http://www.onvif.org/ver20/media/wsdl"
TT: Final = "http://www.onvif.org/ver10/schema"
_MEDIA_SERVICE: Final = ("media", None)


def offers_media2(device: OnvifDevice) -> bool:
    return TR2 in device.services


def element(name: str, *children: etree._Element, text: str | None = None) -> etree._Element:
    """``tr2:name`` with ``children`` (or ``text``)."""
    made = etree.Element(f"{{{TR2}}}{name}", nsmap={"tr2": TR2, "tt": TT})
    made.extend(children)
    if text is not None:
        made.text = text
    return made


async def call(device: OnvifDevice, body: etree._Element) -> etree._Element:
    """Send ``body`` (a ``tr2:`` request) to the camera's Media2 service; its answer (the
    reply Body's first element). Raises the device's typed ``OnvifError``s."""
    address = device.services.get(TR2)
    camera = device._camera  # the library's ONVIFCamera (same package; see ptz_fast)
    if address is None or camera is None:
        raise RuntimeError("media2.call on a camera without Media2 or before connect")
    operation = etree.QName(body).localname
    action = f"{TR2}/{operation}"
    headers = {
        "SOAPAction": f'"{action}"',
        "Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"',
    }

    async def run() -> etree._Element:
        proxy = camera.services.get(_MEDIA_SERVICE) or await camera.create_onvif_service("media")
        payload = etree.tostring(body, encoding="unicode")
        envelope = signed_envelope(payload, proxy.zeep_client.wsse)
        status, content = await post(proxy._session, address, envelope, headers)
        check_reply(proxy, status, content)
        document = parse_reply(content, proxy.zeep_client.settings)
        found = document.find(f"{{{ENV}}}Body")
        if found is None or len(found) == 0:
            raise ValueError(f"{operation}: the answer has no Body")
        answer: etree._Element = found[0]
        return answer

    return await device._bounded(run, operation=operation)


# -------------------------------------------------------------------- the answers


def _int(text: str | None) -> int:
    try:
        return round(float(text or 0))
    except ValueError:
        return 0


def _tt(parent: etree._Element | None, *path: str) -> str | None:
    found = parent
    for part in path:
        found = found.find(f"{{{TT}}}{part}") if found is not None else None
    return None if found is None or found.text is None else found.text.strip()


@dataclass(frozen=True)
class EncoderProfile:
    """One Media2 profile's video encoder configuration and its stream URI."""

    profile: MediaProfile
    configuration: etree._Element  # tt:VideoEncoder2Configuration (tr2:VideoEncoder)
    audio: etree._Element | None = None  # tt:AudioEncoder2Configuration (tr2:AudioEncoder)


def media_profile(token: str, name: str, encoder: etree._Element, uri: str) -> MediaProfile:
    rate = encoder.find(f"{{{TT}}}RateControl")
    return MediaProfile(
        token=token,
        name=name,
        encoding=_tt(encoder, "Encoding") or "",
        width=_int(_tt(encoder, "Resolution", "Width")),
        height=_int(_tt(encoder, "Resolution", "Height")),
        fps=_int(_tt(rate, "FrameRateLimit")),
        bitrate_kbps=_int(_tt(rate, "BitrateLimit")),
        stream_uri=strip_credentials(uri),
    )


async def read_encoder_profiles(device: OnvifDevice) -> list[EncoderProfile]:
    """The camera's Media2 profiles that have a video encoder, each with its RTSP URI."""
    types = [element("Type", text=t) for t in ("VideoEncoder", "AudioEncoder")]
    answer = await call(device, element("GetProfiles", *types))
    found = []
    for raw in answer.iter(f"{{{TR2}}}Profiles"):
        encoder = raw.find(f"{{{TR2}}}Configurations/{{{TR2}}}VideoEncoder")
        token = raw.get("token") or ""
        if encoder is None or not token:
            continue
        reply = await call(
            device,
            element(
                "GetStreamUri",
                element("Protocol", text="RtspUnicast"),
                element("ProfileToken", text=token),
            ),
        )
        uri = reply.findtext(f"{{{TR2}}}Uri") or ""
        name = raw.findtext(f"{{{TR2}}}Name") or token
        audio = raw.find(f"{{{TR2}}}Configurations/{{{TR2}}}AudioEncoder")
        found.append(EncoderProfile(media_profile(token, name, encoder, uri), encoder, audio))
    return found


async def read_options(device: OnvifDevice, configuration_token: str) -> list[etree._Element]:
    """GetVideoEncoderConfigurationOptions: one ``tr2:Options`` per encoding offered."""
    answer = await call(
        device,
        element(
            "GetVideoEncoderConfigurationOptions",
            element("ConfigurationToken", text=configuration_token),
        ),
    )
    return list(answer.iter(f"{{{TR2}}}Options"))


@dataclass(frozen=True)
class Media2Options:
    """What one stream's encoder accepts, from its ``tr2:Options`` (one per encoding)."""

    codecs: tuple[str, ...]
    resolutions: tuple[tuple[int, int], ...]
    fps: tuple[int, int]
    bitrate_kbps: tuple[int, int]
    gop: tuple[int, int]
    profiles: dict[str, tuple[str, ...]]  # encoding → its profiles
    constant_bitrate: bool  # CBR can be enforced (ConstantBitRateSupported)


def _span(values: Iterable[int]) -> tuple[int, int]:
    listed = [v for v in values if v > 0]
    return (min(listed), max(listed)) if listed else (0, 0)


def options_from(options: list[etree._Element]) -> Media2Options:
    codecs: list[str] = []
    sizes: list[tuple[int, int]] = []
    rates: list[int] = []
    bitrates: list[int] = []
    gops: list[int] = []
    profiles: dict[str, tuple[str, ...]] = {}
    cbr = False
    for option in options:
        codec = _tt(option, "Encoding") or ""
        if codec and codec not in codecs:
            codecs.append(codec)
        for size in option.iter(f"{{{TT}}}ResolutionsAvailable"):
            pair = (_int(_tt(size, "Width")), _int(_tt(size, "Height")))
            if pair not in sizes:
                sizes.append(pair)
        rates += [_int(r) for r in (option.get("FrameRatesSupported") or "").split()]
        bitrates += [_int(_tt(option, "BitrateRange", n)) for n in ("Min", "Max")]
        gops += [_int(g) for g in (option.get("GovLengthRange") or "").split()]
        profiles[codec] = tuple((option.get("ProfilesSupported") or "").split())
        cbr = cbr or (option.get("ConstantBitRateSupported") or "").strip() in ("true", "1")
    return Media2Options(
        tuple(codecs),
        tuple(sizes),
        _span(rates),
        _span(bitrates),
        _span(gops),
        profiles,
        cbr,
    )


#: Media2's audio MIME subtypes (tt:AudioEncodingMimeNames) and Media ver10's
#: tt:AudioEncoding, as Vedette names them.
AUDIO_NAMES: Final = {
    "MPEG4-GENERIC": "AAC",
    "MP4A-LATM": "AAC",
    "AAC": "AAC",
    "PCMU": "PCMU",
    "PCMA": "PCMA",
    "G711": "G711",
    "G726": "G726",
}


def audio_name(encoding: str) -> str:
    """Vedette's name for an audio encoding ("AAC", "PCMU", ...); others as given."""
    text = encoding.strip()
    return AUDIO_NAMES.get(text.upper(), text)


def audio_of(configuration: etree._Element | None) -> tuple[str, int, int]:
    """(codec, bitrate kbit/s, sample rate Hz) of a tt:AudioEncoder2Configuration; ("",
    0, 0) without one."""
    if configuration is None:
        return ("", 0, 0)
    return (
        audio_name(_tt(configuration, "Encoding") or ""),
        _int(_tt(configuration, "Bitrate")),
        _int(_tt(configuration, "SampleRate")) * 1000,  # kHz in ONVIF
    )


def rate_control_of(configuration: etree._Element) -> str:
    """ "CBR", "VBR" (ConstantBitRate false or absent), or "" without a RateControl."""
    rate = configuration.find(f"{{{TT}}}RateControl")
    if rate is None:
        return ""
    return "CBR" if (rate.get("ConstantBitRate") or "").strip() in ("true", "1") else "VBR"


# ------------------------------------------------------------------- the change


@dataclass(frozen=True)
class EncoderChange:
    """The values to write (None: keep the camera's)."""

    codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: int | None = None
    bitrate_kbps: int | None = None
    gop: int | None = None
    profile: str | None = None
    constant_bitrate: bool | None = None


def _child(parent: etree._Element, name: str, before: tuple[str, ...] = ()) -> etree._Element:
    """``parent``'s ``tt:name``, made (before the first of ``before`` found) if missing."""
    found = parent.find(f"{{{TT}}}{name}")
    if found is not None:
        return found
    made = etree.Element(f"{{{TT}}}{name}")
    for later in before:
        anchor = parent.find(f"{{{TT}}}{later}")
        if anchor is not None:
            anchor.addprevious(made)
            return made
    parent.append(made)
    return made


def _set(parent: etree._Element, name: str, value: object, before: tuple[str, ...] = ()) -> None:
    _child(parent, name, before).text = str(value)


def changed_configuration(current: etree._Element, change: EncoderChange) -> etree._Element:
    """A ``SetVideoEncoderConfiguration`` request: the camera's ``current`` configuration
    with only the fields of ``change`` replaced (so a camera that resets what is left
    out keeps the rest). A new codec drops the old codec's Profile unless one is given."""
    configuration = copy.deepcopy(current)
    configuration.tag = f"{{{TR2}}}Configuration"
    if change.codec is not None and change.codec != _tt(current, "Encoding"):
        _set(configuration, "Encoding", change.codec, ("Resolution",))
        configuration.attrib.pop("Profile", None)
    if change.profile is not None:
        configuration.set("Profile", change.profile)
    if change.gop is not None:
        configuration.set("GovLength", str(change.gop))
    if change.width is not None and change.height is not None:
        resolution = _child(configuration, "Resolution", ("RateControl", "Multicast", "Quality"))
        _set(resolution, "Width", change.width)
        _set(resolution, "Height", change.height)
    rated = (change.fps, change.bitrate_kbps, change.constant_bitrate)
    if any(value is not None for value in rated):
        rate = _child(configuration, "RateControl", ("Multicast", "Quality"))
        if change.fps is not None:
            _set(rate, "FrameRateLimit", float(change.fps), ("BitrateLimit",))
        if change.bitrate_kbps is not None:
            _set(rate, "BitrateLimit", change.bitrate_kbps)
        if change.constant_bitrate is not None:
            rate.set("ConstantBitRate", "true" if change.constant_bitrate else "false")
    return element("SetVideoEncoderConfiguration", configuration)
