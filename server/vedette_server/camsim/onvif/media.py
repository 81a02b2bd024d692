"""The ONVIF media service (ver10, ``trt:``) of one simulated camera: Profile S reads,
and stream settings (SetVideoEncoderConfiguration, checked by ``encoder``).

One profile per camsim stream (tokens ``main`` and ``sub``), one video source, and an
encoder configuration per profile that matches the encoded loop: size, frame rate,
bitrate, GOP (a keyframe every 2 s), H.264 Baseline (libx264 ``ultrafast``).

Invariants:
- GetStreamUri returns the camera's URL on camsim's RTSP server, which serves RTP
  over UDP and interleaved in RTSP (TCP); HTTP tunnelling and multicast are refused
  with ``ter:InvalidStreamSetup``.
- Media ver10 has no H.265 (its ``tt:VideoEncoding`` is JPEG, MPEG4 or H264): an H.265
  stream's profile carries no encoder configuration here, as a camera's whose stream
  Media1 cannot describe. Media2 describes it (and may switch a stream's codec).
- SetVideoEncoderConfiguration answers at once; a change of size, frame rate, bitrate
  or GOP (through Media2 also codec and CBR/VBR) is re-encoded in the background
  (``camsim.restream``) and swapped in, which drops that stream's RTSP clients.
  GetProfiles and GetVideoEncoderConfiguration show the new configuration from the
  answer on. A live-rendered (PTZ) camera refuses a change of shape.
- With camsim --audio every profile carries the audio source and encoder configuration
  of the one audio track all streams send (AAC 16 kHz or G.711 8 kHz), read only: no
  audio operation changes it.
- There is no snapshot endpoint: GetServiceCapabilities says ``SnapshotUri=false``
  and GetSnapshotUri answers ActionNotSupported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from lxml import etree

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.camsim.onvif.encoder import EncoderSettings, check
from vedette_server.camsim.onvif.model import OnvifCameraModel, StreamInfo
from vedette_server.camsim.onvif.osd import OsdOperations
from vedette_server.camsim.onvif.ptz import ptz_configuration
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TRT, TT, SoapRequest, invalid_arg_val

Operation = Callable[[SoapRequest], etree._Element]

VIDEO_SOURCE_TOKEN = "video_source"
VIDEO_SOURCE_CONFIGURATION_TOKEN = "video_source_config"
AUDIO_SOURCE_TOKEN = "audio_source"
AUDIO_SOURCE_CONFIGURATION_TOKEN = "audio_source_config"
AUDIO_ENCODER_TOKEN = "audio_encoder"
#: Media ver10's tt:AudioEncoding and Media2's MIME subtype of each camsim audio codec.
AUDIO_ENCODINGS = {
    Codec.AAC: ("AAC", "mpeg4-generic"),
    Codec.PCMU: ("G711", "PCMU"),
    Codec.PCMA: ("G711", "PCMA"),
}
#: What camsim's audio loops are encoded at (camsim/audio.py), kbit/s.
AUDIO_KBPS = {Codec.AAC: 32, Codec.PCMU: 64, Codec.PCMA: 64}
SESSION_TIMEOUT = timedelta(seconds=60)  # camsim's default --session-timeout
#: camsim streams unicast only: a configuration's multicast settings are all unset.
NO_MULTICAST = {
    "Address": {"Type": "IPv4", "IPv4Address": "0.0.0.0"},
    "Port": 0,
    "TTL": 0,
    "AutoStart": False,
}
_TRANSPORTS = {"UDP", "TCP", "RTSP"}


def encoder_token(stream: StreamInfo) -> str:
    return f"{stream.name}_encoder"


def media_capabilities(schema: OnvifSchema, camera: OnvifCameraModel) -> etree._Element:
    """The ``trt:Capabilities`` element (GetServiceCapabilities, GetServices)."""
    return schema.render(TRT, "Capabilities", **_capability_fields(camera))


def _capability_fields(camera: OnvifCameraModel) -> dict[str, Any]:
    return {
        "ProfileCapabilities": {"MaximumNumberOfProfiles": len(camera.streams)},
        "StreamingCapabilities": {"RTPMulticast": False, "RTP_TCP": True, "RTP_RTSP_TCP": True},
        "SnapshotUri": False,
        "Rotation": False,
        "OSD": True,
    }


class MediaService:
    """``/onvif/media_service``: operations by local name."""

    namespace = TRT

    def __init__(self, camera: OnvifCameraModel, schema: OnvifSchema) -> None:
        self.camera = camera
        self.schema = schema
        self.operations: dict[str, Operation] = {
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetProfiles": self.get_profiles,
            "GetProfile": self.get_profile,
            "GetVideoSources": self.get_video_sources,
            "GetVideoEncoderConfigurations": self.get_video_encoder_configurations,
            "GetVideoEncoderConfiguration": self.get_video_encoder_configuration,
            "GetVideoEncoderConfigurationOptions": self.get_video_encoder_configuration_options,
            "SetVideoEncoderConfiguration": self.set_video_encoder_configuration,
            "GetStreamUri": self.get_stream_uri,
        }
        self.osd = OsdOperations(camera, schema, VIDEO_SOURCE_CONFIGURATION_TOKEN)
        self.operations.update(self.osd.operations)

    def _render(self, name: str, **fields: Any) -> etree._Element:
        return self.schema.render(TRT, name, **fields)

    # ------------------------------------------------------------------ the model

    def _main(self) -> StreamInfo:
        return self.camera.streams[0]

    def _video_source_configuration(self) -> dict[str, Any]:
        main = self._main().profile
        return {
            "token": VIDEO_SOURCE_CONFIGURATION_TOKEN,
            "Name": "video source",
            "UseCount": len(self.camera.streams),
            "SourceToken": VIDEO_SOURCE_TOKEN,
            "Bounds": {"x": 0, "y": 0, "width": main.width, "height": main.height},
        }

    def _encoder_configuration(self, stream: StreamInfo) -> dict[str, Any]:
        camera = self.camera
        return {
            "token": encoder_token(stream),
            "Name": stream.label or f"{stream.name} stream",
            "UseCount": 1,
            "Encoding": "H264",
            "Resolution": {"Width": stream.profile.width, "Height": stream.profile.height},
            "Quality": stream.quality,
            "RateControl": {
                "FrameRateLimit": stream.fps or camera.fps,
                "EncodingInterval": 1,
                "BitrateLimit": stream.profile.kbps,
            },
            "H264": {
                "GovLength": stream.gop_frames or camera.gop_frames,
                "H264Profile": "Baseline",
            },
            "Multicast": NO_MULTICAST,
            "SessionTimeout": SESSION_TIMEOUT,
        }

    def audio_source_configuration(self) -> dict[str, Any]:
        return {
            "token": AUDIO_SOURCE_CONFIGURATION_TOKEN,
            "Name": "audio source",
            "UseCount": len(self.camera.streams),
            "SourceToken": AUDIO_SOURCE_TOKEN,
        }

    def _audio_encoder_configuration(self, audio: CodecParameters) -> dict[str, Any]:
        return {
            "token": AUDIO_ENCODER_TOKEN,
            "Name": "audio",
            "UseCount": len(self.camera.streams),
            "Encoding": AUDIO_ENCODINGS[audio.codec][0],
            "Bitrate": AUDIO_KBPS[audio.codec],
            "SampleRate": audio.sample_rate // 1000,
            "Multicast": NO_MULTICAST,
            "SessionTimeout": SESSION_TIMEOUT,
        }

    def _encoders(self) -> list[StreamInfo]:
        """The streams Media ver10 can describe (not an H.265 one)."""
        return [s for s in self.camera.streams if self.camera.codec_of(s) is Codec.H264]

    def _profile(self, stream: StreamInfo) -> dict[str, Any]:
        profile: dict[str, Any] = {
            "token": stream.name,
            "fixed": True,
            "Name": stream.name,
            "VideoSourceConfiguration": self._video_source_configuration(),
        }
        audio = self.camera.audio
        if audio is not None:
            profile["AudioSourceConfiguration"] = self.audio_source_configuration()
        if stream in self._encoders():
            profile["VideoEncoderConfiguration"] = self._encoder_configuration(stream)
        if audio is not None:
            profile["AudioEncoderConfiguration"] = self._audio_encoder_configuration(audio)
        if stream.name in self.camera.ptz_profiles():
            profile["PTZConfiguration"] = ptz_configuration(self.camera)
        return profile

    def _stream(self, request: SoapRequest) -> StreamInfo:
        token = request.find_text("ProfileToken", TRT)
        stream = self.camera.stream(token or "")
        if stream is None:
            raise invalid_arg_val("NoProfile", f"no media profile with token {token!r}")
        return stream

    # ----------------------------------------------------------------- operations

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        return self._render(
            "GetServiceCapabilitiesResponse", Capabilities=_capability_fields(self.camera)
        )

    def get_profiles(self, request: SoapRequest) -> etree._Element:
        profiles = [self._profile(stream) for stream in self.camera.streams]
        return self._render("GetProfilesResponse", Profiles=profiles)

    def get_profile(self, request: SoapRequest) -> etree._Element:
        return self._render("GetProfileResponse", Profile=self._profile(self._stream(request)))

    def get_video_sources(self, request: SoapRequest) -> etree._Element:
        main = self._main().profile
        source = {
            "token": VIDEO_SOURCE_TOKEN,
            "Framerate": float(self.camera.fps),
            "Resolution": {"Width": main.width, "Height": main.height},
        }
        return self._render("GetVideoSourcesResponse", VideoSources=[source])

    def get_video_encoder_configurations(self, request: SoapRequest) -> etree._Element:
        configurations = [self._encoder_configuration(s) for s in self._encoders()]
        return self._render("GetVideoEncoderConfigurationsResponse", Configurations=configurations)

    def _encoder_stream(self, token: str | None) -> StreamInfo:
        stream = next((s for s in self._encoders() if encoder_token(s) == token), None)
        if stream is None:
            raise invalid_arg_val("NoConfig", f"no video encoder configuration {token!r}")
        return stream

    def get_video_encoder_configuration(self, request: SoapRequest) -> etree._Element:
        stream = self._encoder_stream(request.find_text("ConfigurationToken", TRT))
        return self._render(
            "GetVideoEncoderConfigurationResponse",
            Configuration=self._encoder_configuration(stream),
        )

    def get_video_encoder_configuration_options(self, request: SoapRequest) -> etree._Element:
        """The options of the configuration named, else of the profile's, else of the
        main stream (ONVIF: both tokens are optional)."""
        token = request.find_text("ConfigurationToken", TRT)
        if token is not None:
            stream = self._encoder_stream(token)
        elif request.find_text("ProfileToken", TRT) is not None:
            stream = self._stream(request)
            self._encoder_stream(encoder_token(stream))  # an H.265 camera's has none
        else:
            stream = self._encoder_stream(encoder_token(self._main()))
        options = self.camera.encoder_options[stream.name]
        return self._render("GetVideoEncoderConfigurationOptionsResponse", Options=options.render())

    def set_video_encoder_configuration(self, request: SoapRequest) -> etree._Element:
        """Checks the new configuration against the options (``encoder.check``) and
        applies it (``apply_encoder``)."""
        configuration = request.body.find(f"{{{TRT}}}Configuration")
        if configuration is None:
            raise invalid_arg_val(
                "ConfigModify", "SetVideoEncoderConfiguration carries no Configuration"
            )
        stream = self._encoder_stream(configuration.get("token"))
        self.apply_encoder(
            stream,
            check(
                configuration,
                self.encoder_settings(stream),
                self.camera.encoder_options[stream.name],
            ),
        )
        return self._render("SetVideoEncoderConfigurationResponse")

    def encoder_settings(self, stream: StreamInfo) -> EncoderSettings:
        """``stream``'s encoder settings now."""
        camera = self.camera
        return EncoderSettings(
            stream.profile,
            stream.fps or camera.fps,
            stream.gop_frames or camera.gop_frames,
            stream.label or f"{stream.name} stream",
            stream.quality,
            camera.codec_of(stream).value.upper(),
            stream.cbr,
        )

    def apply_encoder(self, stream: StreamInfo, wanted: EncoderSettings) -> None:
        """Store ``wanted`` (checked) and, when its codec, size, rate, bitrate, GOP or
        rate control changed, have the stream re-encoded and swapped in: its RTSP
        clients are dropped then, as a real camera's are (Media ver10 and Media2 alike)."""
        camera = self.camera
        current = self.encoder_settings(stream)
        reshaped = replace(wanted, name="", quality=0.0) != replace(current, name="", quality=0.0)
        if reshaped and camera.restream is None:
            raise invalid_arg_val(
                "ConfigModify",
                f"{camera.name}'s {stream.name} stream is rendered live and cannot change shape",
            )
        changed = replace(
            stream,
            profile=wanted.profile,
            fps=wanted.fps,
            gop_frames=wanted.gov_length,
            label=wanted.name,
            quality=wanted.quality,
            codec=Codec(wanted.codec.lower()),
            cbr=wanted.cbr,
        )
        camera.replace_stream(changed)
        if reshaped and camera.restream is not None:
            camera.restream(camera.name, changed)

    def get_stream_uri(self, request: SoapRequest) -> etree._Element:
        stream = self._stream(request)
        kind = request.find_text("Stream", TT) or "RTP-Unicast"
        protocol = request.find_text("Protocol", TT) or "RTSP"
        if kind != "RTP-Unicast" or protocol not in _TRANSPORTS:
            raise invalid_arg_val(
                "InvalidStreamSetup",
                f"stream setup {kind}/{protocol} is not offered: use RTP-Unicast over UDP,"
                " TCP or RTSP",
            )
        uri = {
            "Uri": stream.rtsp_uri,
            "InvalidAfterConnect": False,
            "InvalidAfterReboot": False,
            "Timeout": timedelta(0),
        }
        return self._render("GetStreamUriResponse", MediaUri=uri)
