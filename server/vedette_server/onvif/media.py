"""Media profiles and stream URIs (ONVIF Media ver10, through the client library).

``choose_streams`` picks the main stream (most pixels) and the sub stream (fewest, if
another profile has fewer) among the profiles with video. Stream URIs are returned
without user information: the camera's credentials travel separately, as for a
camera added by hand, so nothing that logs or returns a URI can leak them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from vedette_server.onvif.client import OnvifDevice

_SETUP = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}


@dataclass(frozen=True)
class MediaProfile:
    token: str
    name: str
    encoding: str = ""  # "H264", "H265", "JPEG", ""
    width: int = 0
    height: int = 0
    fps: int = 0
    bitrate_kbps: int = 0
    has_ptz: bool = False
    has_audio: bool = False
    stream_uri: str = ""  # without credentials; "" until asked

    @property
    def has_video(self) -> bool:
        return self.width > 0 and self.height > 0


@dataclass(frozen=True)
class StreamChoice:
    main: MediaProfile
    sub: MediaProfile | None


def strip_credentials(uri: str) -> str:
    """``uri`` without ``user:password@``."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _profile(raw: object) -> MediaProfile:
    encoder = getattr(raw, "VideoEncoderConfiguration", None)
    resolution = getattr(encoder, "Resolution", None)
    rate = getattr(encoder, "RateControl", None)
    return MediaProfile(
        token=str(getattr(raw, "token", "") or ""),
        name=str(getattr(raw, "Name", "") or ""),
        encoding=str(getattr(encoder, "Encoding", "") or ""),
        width=int(getattr(resolution, "Width", 0) or 0),
        height=int(getattr(resolution, "Height", 0) or 0),
        fps=int(getattr(rate, "FrameRateLimit", 0) or 0),
        bitrate_kbps=int(getattr(rate, "BitrateLimit", 0) or 0),
        has_ptz=getattr(raw, "PTZConfiguration", None) is not None,
        has_audio=getattr(raw, "AudioEncoderConfiguration", None) is not None,
    )


async def read_profiles(device: OnvifDevice) -> list[MediaProfile]:
    """The camera's profiles, each with its RTSP stream URI (credentials removed)."""
    profiles = [_profile(raw) for raw in await device.call("media", "GetProfiles") or []]
    with_uris = []
    for profile in profiles:
        uri = ""
        if profile.has_video:
            reply = await device.call(
                "media", "GetStreamUri", {"StreamSetup": _SETUP, "ProfileToken": profile.token}
            )
            uri = strip_credentials(str(getattr(reply, "Uri", "") or ""))
        with_uris.append(replace(profile, stream_uri=uri))
    return with_uris


def choose_streams(profiles: Sequence[MediaProfile]) -> StreamChoice | None:
    """Main = the video profile with the most pixels; sub = the one with the fewest,
    when it has fewer than main. None when no profile has video and a URI."""
    video = [p for p in profiles if p.has_video and p.stream_uri]
    if not video:
        return None
    main = max(video, key=lambda p: (p.width * p.height, p.bitrate_kbps))
    sub = min(video, key=lambda p: (p.width * p.height, p.bitrate_kbps))
    return StreamChoice(main, sub if sub.width * sub.height < main.width * main.height else None)
