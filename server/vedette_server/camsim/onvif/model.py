"""What one simulated camera shows over ONVIF: identity, addresses, streams and clock.

Invariants:
- Camera *i* (1-based) has the loopback address ``127.0.1.(10+i)``, counted on as an
  IPv4 number past ``127.0.1.255`` (camera 246 is ``127.0.2.0``): all of 127/8 is
  loopback on Linux, so every camera binds its own address with the usual ports.
- Identity (endpoint UUID, serial number, MAC) is derived from the camera's name and
  first address only, so it is the same on every run, and after a move
  (SetNetworkInterfaces): a VMS re-discovers the same devices.
- The device clock is the host's wall clock plus the active ``clock`` faults; it is
  what GetSystemDateAndTime reports and what WS-Security's freshness is measured
  against, as on a camera whose clock was set wrong.
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from vedette_api.media.packet import Codec, CodecParameters
from vedette_api.timestamps import US_PER_S, now_us
from vedette_hw.sim.ptz_model import PtzModel
from vedette_server.camsim.content import ContentSpec, StreamProfile
from vedette_server.camsim.faults import Fault, FaultKind
from vedette_server.camsim.onvif.encoder import CODECS, EncoderOptions
from vedette_server.camsim.picture_tone import PictureTone

_FIRST_ADDRESS = ipaddress.IPv4Address("127.0.1.10")
_UUID_NAMESPACE = uuid.UUID("6f1c3a52-8a1d-4f0e-9d3b-7d2f0c9b6a11")

DEVICE_PATH = "/onvif/device_service"
MEDIA_PATH = "/onvif/media_service"
PTZ_PATH = "/onvif/ptz_service"
IMAGING_PATH = "/onvif/imaging_service"
EVENTS_PATH = "/onvif/events_service"
#: A PullPoint subscription's own address (its manager): ``…/onvif/subscription/7``.
SUBSCRIPTION_PATH = "/onvif/subscription/{id}"


def camera_address(index: int) -> str:
    """The loopback address of camera ``index`` (1-based): ``127.0.1.(10+index)``."""
    if index < 1:
        raise ValueError(f"camera index {index} must be ≥ 1")
    return str(_FIRST_ADDRESS + index)


class DeviceClock:
    """The camera's wall clock: the host's plus the ``clock`` faults active now."""

    def __init__(
        self,
        faults: list[Fault],
        *,
        started_s: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall_us: Callable[[], int] = now_us,
    ) -> None:
        self._faults = [f for f in faults if f.kind is FaultKind.CLOCK]
        self._monotonic = monotonic
        self._started_s = monotonic() if started_s is None else started_s
        self._wall_us = wall_us

    def elapsed_s(self) -> float:
        """Seconds since camsim started (what fault schedules count from)."""
        return self._monotonic() - self._started_s

    def offset_us(self) -> int:
        elapsed_s = self.elapsed_s()
        return sum(round(f.value * US_PER_S) for f in self._faults if f.active(elapsed_s))

    def now_us(self) -> int:
        return self._wall_us() + self.offset_us()


@dataclass(frozen=True)
class StreamInfo:
    """One encoded stream as a media profile describes it."""

    name: str  # "main" or "sub": the profile token and the RTSP mount's last part
    profile: StreamProfile
    rtsp_uri: str
    fps: int = 0  # its frame rate; 0: the camera's
    gop_frames: int = 0  # frames from one keyframe to the next; 0: the camera's
    label: str = ""  # its encoder configuration's Name; "": "<name> stream"
    quality: float = 5.0  # its encoder configuration's Quality (stored, echoed)
    codec: Codec | None = None  # what it is encoded as (Media2 may switch it); None: the camera's
    cbr: bool = True  # constant bitrate; False: variable, capped (Media2's ConstantBitRate)
    #: The privacy masks painted black into it (``ContentSpec.masks``; Media2 CreateMask).
    masks: tuple[tuple[tuple[float, float], ...], ...] = ()


@dataclass
class OnvifCameraModel:
    """Everything the device and media services answer for one camera."""

    name: str
    index: int
    codec: Codec
    fps: int
    gop_frames: int
    streams: list[StreamInfo]
    clock: DeviceClock
    port: int = 0  # the bound HTTP port, set once the camera listens
    ptz: PtzModel | None = None  # the head of a PTZ camera (--ptz), shared with its picture
    #: A live-rendered camera's brightness and contrast (its imaging settings), shared
    #: with its picture; None for a camera whose picture is a pre-encoded loop.
    tone: PictureTone | None = None
    #: What each stream's encoder accepts, by stream name (SetVideoEncoderConfiguration).
    encoder_options: dict[str, EncoderOptions] = field(default_factory=dict)
    #: Re-encodes and swaps one stream after SetVideoEncoderConfiguration changed its
    #: shape: ``restream(camera name, new StreamInfo)``; None: the stream cannot change.
    restream: Callable[[str, StreamInfo], None] | None = None
    #: The address SetNetworkInterfaces moved the camera to (None: its own, by index).
    moved_to: str | None = None
    prefix_length: int = 8  # of its IPv4 address (stored, echoed)
    gateway: str = "127.0.0.1"  # its default gateway (stored, echoed; routes nothing)
    dns: str = "127.0.0.1"  # its DNS server (echoed)
    #: The audio every stream carries (camsim --audio; codec and sample rate), None
    #: without; shown in the media profiles, not changeable.
    audio: CodecParameters | None = None
    #: Its ONVIF quirk faults (``faults.QUIRK_FAULT_KINDS``), each acting while active.
    quirks: tuple[Fault, ...] = ()

    def quirk(self, kind: FaultKind) -> bool:
        """Whether the quirk ``kind`` acts now (``--fault camN:KIND``)."""
        elapsed_s = self.clock.elapsed_s()
        return any(f.kind is kind and f.active(elapsed_s) for f in self.quirks)

    @classmethod
    def from_spec(
        cls,
        spec: ContentSpec,
        index: int,
        rtsp_base: str,
        clock: DeviceClock,
        ptz: PtzModel | None = None,
        tone: PictureTone | None = None,
    ) -> OnvifCameraModel:
        """``rtsp_base`` is ``rtsp://HOST:PORT`` of camsim's RTSP server."""
        profiles = {"main": spec.main, "sub": spec.sub}
        streams = [
            StreamInfo(
                name,
                profile,
                f"{rtsp_base}/{spec.name}/{name}",
                spec.fps,
                spec.gop_frames,
            )
            for name, profile in profiles.items()
            if profile is not None
        ]
        sensor = (spec.main.width, spec.main.height)
        # A live-rendered PTZ picture is encoded with libx264 as it is drawn.
        codecs = ("H264",) if ptz is not None else CODECS
        options = {
            s.name: EncoderOptions.for_stream(
                s.name, sensor, (s.profile.width, s.profile.height), spec.fps, codecs
            )
            for s in streams
        }
        return cls(
            spec.name,
            index,
            spec.codec,
            spec.fps,
            spec.gop_frames,
            streams,
            clock,
            ptz=ptz,
            tone=tone,
            encoder_options=options,
        )

    @property
    def address(self) -> str:
        """Where it listens now: its own address, or where SetNetworkInterfaces moved it."""
        return self.moved_to or camera_address(self.index)

    @property
    def base_url(self) -> str:
        return f"http://{self.address}:{self.port}"

    @property
    def device_url(self) -> str:
        return self.base_url + DEVICE_PATH

    @property
    def media_url(self) -> str:
        return self.base_url + MEDIA_PATH

    @property
    def ptz_url(self) -> str:
        return self.base_url + PTZ_PATH

    @property
    def imaging_url(self) -> str:
        return self.base_url + IMAGING_PATH

    @property
    def events_url(self) -> str:
        return self.base_url + EVENTS_PATH

    def subscription_url(self, subscription_id: int) -> str:
        return self.base_url + SUBSCRIPTION_PATH.format(id=subscription_id)

    @property
    def endpoint_uuid(self) -> str:
        """The stable ``urn:uuid:`` of WS-Discovery's EndpointReference."""
        return "urn:uuid:" + str(
            uuid.uuid5(_UUID_NAMESPACE, f"{self.name}@{camera_address(self.index)}")
        )

    @property
    def serial_number(self) -> str:
        return f"CAMSIM-{self.index:04d}-{self.name}"

    @property
    def mac_address(self) -> str:
        """A locally administered MAC made of the camera's IPv4 address: 02:00:7f:00:01:0b."""
        octets = [2, 0, *ipaddress.IPv4Address(camera_address(self.index)).packed]
        return ":".join(f"{octet:02x}" for octet in octets)

    @property
    def scopes(self) -> list[str]:
        """ONVIF scopes (Core §7.3.2.2): profile, type, hardware, name and location."""
        scopes = [
            "onvif://www.onvif.org/Profile/Streaming",
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/hardware/camsim",
            f"onvif://www.onvif.org/name/{self.name}",
            "onvif://www.onvif.org/location/loopback",
        ]
        if self.ptz is not None:
            scopes.insert(2, "onvif://www.onvif.org/type/ptz")
        return scopes

    def ptz_profiles(self) -> list[str]:
        """The tokens of the profiles that carry the PTZ configuration: every profile of
        a PTZ camera, only the last (the sub stream) with the ``ptz-sub-only`` quirk."""
        if self.ptz is None:
            return []
        if self.quirk(FaultKind.PTZ_SUB_ONLY) and len(self.streams) > 1:
            return [self.streams[-1].name]
        return [s.name for s in self.streams]

    def codec_of(self, stream: StreamInfo) -> Codec:
        """What ``stream`` is encoded as now."""
        return stream.codec or self.codec

    def stream(self, token: str) -> StreamInfo | None:
        return next((s for s in self.streams if s.name == token), None)

    def replace_stream(self, stream: StreamInfo) -> None:
        """Put ``stream`` in place of the stream of its name."""
        self.streams = [stream if s.name == stream.name else s for s in self.streams]
