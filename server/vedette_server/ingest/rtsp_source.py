"""One RTSP stream demuxed with PyAV over TCP: packets with pts in µs, errors classified.

Owns the connection to a camera stream: credentials go into the URL here and
nowhere else, every error message leaving this module has them masked, and every
failure is classified into an :class:`OfflineReason` (auth_failed, timeout,
refused, unsupported_codec, stream_ended, error).

Invariants:
- Track 0 is the video track (H.264 or H.265, else ``unsupported_codec``); track 1,
  when present, is the first audio track in a codec we record (AAC, G.711), only
  when audio is wanted. Other tracks are ignored.
- Packets come out in the demuxer's order with ``pts_us`` on the demuxer's shared
  timeline (FFmpeg aligns the RTP tracks with RTCP sender reports); a packet the
  demuxer left without pts gets its track's previous pts plus duration, or, for a
  track's very first packet, the next packet's pts minus its duration.
- Every method blocks (network I/O); call them from the stream's own thread.
"""

from __future__ import annotations

import contextlib
import errno
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import av

from vedette_api.media.packet import CodecParameters, PacketKind
from vedette_api.timestamps import now_us
from vedette_server.ingest.codec_params import (
    AUDIO_CODECS,
    VIDEO_CODECS,
    audio_parameters,
    video_parameters,
)
from vedette_server.ingest.messages import OfflineReason
from vedette_server.ingest.source import DemuxedPacket, SourceError

__all__ = [
    "DemuxedPacket",
    "RtspSource",
    "SourceError",
    "classify_error",
    "mask_credentials",
    "url_with_credentials",
]

# Enough for SPS/PPS and a GOP replayed at connection; keeps opening fast.
_ANALYZE_DURATION_US = 1_000_000
_PROBE_SIZE_BYTES = 2_000_000


def url_with_credentials(url: str, username: str, password: str) -> str:
    """``url`` with ``username:password@`` inserted (replacing any already there)."""
    if not username:
        return url
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    userinfo = quote(username, safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}"))


def mask_credentials(text: str, *secrets: str) -> str:
    """``text`` with URL userinfo and every given secret (raw or URL-quoted) masked."""
    for secret in secrets:
        if secret:
            text = text.replace(quote(secret, safe=""), "***").replace(secret, "***")
    out = []
    for word in text.split(" "):
        scheme = word.find("://")
        at = word.find("@", scheme + 3) if scheme >= 0 else -1
        if at >= 0 and "/" not in word[scheme + 3 : at]:
            word = word[: scheme + 3] + "***@" + word[at + 1 :]
        out.append(word)
    return " ".join(out)


def classify_error(exc: BaseException, elapsed_s: float, timeout_s: float) -> OfflineReason:
    """Which offline reason an exception from PyAV means."""
    text = str(exc)
    if isinstance(exc, av.error.HTTPUnauthorizedError) or " 401 " in text:
        return OfflineReason.AUTH_FAILED
    err = getattr(exc, "errno", None)
    if isinstance(exc, ConnectionRefusedError) or err == errno.ECONNREFUSED:
        return OfflineReason.REFUSED
    if isinstance(exc, (TimeoutError, av.error.ExitError)) or err == errno.ETIMEDOUT:
        return OfflineReason.TIMEOUT
    if elapsed_s >= timeout_s * 0.9:
        # FFmpeg's RTSP demuxer turns a socket timeout into "invalid data".
        return OfflineReason.TIMEOUT
    if isinstance(exc, EOFError) or err in (errno.ECONNRESET, errno.EPIPE):
        return OfflineReason.STREAM_ENDED
    return OfflineReason.ERROR


def _us_ratio(time_base: Any) -> tuple[int, int]:
    """(numerator × 10⁶, denominator) of a stream's time base, for µs conversion."""
    return int(time_base.numerator) * 1_000_000, int(time_base.denominator)


class RtspSource:
    """A blocking PyAV demuxer over RTSP/TCP for one camera stream."""

    def __init__(
        self,
        url: str,
        *,
        username: str = "",
        password: str = "",
        connect_timeout_s: float = 10.0,
        read_timeout_s: float = 10.0,
        record_audio: bool = True,
    ) -> None:
        self._url = url
        self._username = username
        self._password = password
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.record_audio = record_audio
        self.tracks: tuple[CodecParameters, ...] = ()
        self._container: Any = None
        self._streams: dict[int, int] = {}  # PyAV stream index → track
        self._time_bases: list[tuple[int, int]] = []  # per track: µs = ticks × num // den

    def mask(self, text: str) -> str:
        return mask_credentials(text, self._password)

    def _fail(self, exc: BaseException, started: float, timeout_s: float) -> SourceError:
        reason = classify_error(exc, time.monotonic() - started, timeout_s)
        message = self.mask(str(exc))
        if reason == OfflineReason.TIMEOUT:
            message = f"no answer within {timeout_s:g} s ({message})"
        return SourceError(reason, message)

    def open(self) -> tuple[CodecParameters, ...]:
        """Connect, describe, set up and play (blocking); returns the tracks."""
        url = url_with_credentials(self._url, self._username, self._password)
        # FFmpeg's own socket timeout bounds the connect and every read, in C. PyAV's
        # timeout= would install an interrupt callback that takes the GIL at every
        # I/O poll of every stream thread: measured, it costs more than the demuxing.
        timeout_s = max(self.connect_timeout_s, self.read_timeout_s)
        options = {
            "rtsp_transport": "tcp",
            "timeout": str(int(timeout_s * 1_000_000)),
            "analyzeduration": str(_ANALYZE_DURATION_US),
            "probesize": str(_PROBE_SIZE_BYTES),
        }
        started = time.monotonic()
        try:
            self._container = av.open(url, options=options)
        except (av.FFmpegError, OSError) as e:
            raise self._fail(e, started, self.connect_timeout_s) from None
        try:
            self.tracks = self._pick_tracks()
        except SourceError:
            self.close()
            raise
        return self.tracks

    def _pick_tracks(self) -> tuple[CodecParameters, ...]:
        container = self._container
        video = next(iter(container.streams.video), None)
        if video is None:
            raise SourceError(OfflineReason.UNSUPPORTED_CODEC, "the stream has no video track")
        name = video.codec_context.name
        if name not in VIDEO_CODECS:
            raise SourceError(
                OfflineReason.UNSUPPORTED_CODEC,
                f"video codec {name!r} is not recorded (H.264 and H.265 are)",
            )
        tracks = [video_parameters(video)]
        self._streams = {video.index: 0}
        self._time_bases = [_us_ratio(video.time_base)]
        if self.record_audio:
            for audio in container.streams.audio:
                if audio.codec_context.name in AUDIO_CODECS:
                    tracks.append(audio_parameters(audio))
                    self._streams[audio.index] = 1
                    self._time_bases.append(_us_ratio(audio.time_base))
                    break
        return tuple(tracks)

    def packets(self) -> Iterator[DemuxedPacket]:
        """Demux until the stream fails (blocking); always ends by raising SourceError."""
        if self._container is None:
            raise RuntimeError("open() first")
        pending: dict[int, Any] = {}  # track → its first packet, waiting for a pts
        last_pts_us: dict[int, int] = {}
        started = time.monotonic()
        try:
            for packet in self._container.demux():
                track = self._streams.get(packet.stream.index)
                if track is None or packet.size == 0:
                    continue
                arrival_us = now_us()
                yield from self._convert(packet, track, arrival_us, pending, last_pts_us)
                started = time.monotonic()
        except (av.FFmpegError, OSError) as e:
            raise self._fail(e, started, self.read_timeout_s) from None
        raise SourceError(OfflineReason.STREAM_ENDED, "the camera ended the stream")

    def _convert(
        self,
        packet: Any,
        track: int,
        arrival_us: int,
        pending: dict[int, Any],
        last_pts_us: dict[int, int],
    ) -> Iterator[DemuxedPacket]:
        # Integer arithmetic: Fraction maths cost more than the rest of the packet.
        num, den = self._time_bases[track]
        duration_us = packet.duration * num // den if packet.duration else 0
        kind = PacketKind.VIDEO if track == 0 else PacketKind.AUDIO
        keyframe = bool(packet.is_keyframe) if track == 0 else True
        pts = packet.pts if packet.pts is not None else packet.dts
        if pts is None:
            if track not in last_pts_us:
                pending[track] = (bytes(packet), duration_us, keyframe, arrival_us)
                return
            pts_us = last_pts_us[track] + duration_us
        else:
            pts_us = pts * num // den
        early = pending.pop(track, None)
        if early is not None:
            data, early_duration_us, early_key, early_arrival = early
            early_pts = pts_us - (early_duration_us or duration_us)
            yield DemuxedPacket(
                track, kind, early_pts, early_duration_us, early_key, early_arrival, data
            )
        last_pts_us[track] = pts_us
        yield DemuxedPacket(track, kind, pts_us, duration_us, keyframe, arrival_us, bytes(packet))

    def close(self) -> None:
        """Tear the connection down (blocking: sends TEARDOWN); safe to call twice."""
        container, self._container = self._container, None
        if container is not None:
            with contextlib.suppress(av.FFmpegError, OSError):
                container.close()
