"""One rtsp:// camera stream read by our own RTSP client: the ingest workers' default source.

A drop-in for the PyAV ``RtspSource`` (source.py states the interface) built for
recording many streams per process at low CPU: the RTSP/TCP stream is read in
large chunks (one ``recv_into`` of up to 256 KiB per wake-up, bounded in the
kernel by SO_RCVTIMEO, rtsp/client.py) and depacketized in place
(rtsp/depacketize.py): no per-packet system call, object or copy beyond the slices
joined once per access unit. Codec parameters come from the SDP (sdp_codecs.py), or
from the first keyframe when the SDP has no parameter sets; pts from the RTP
timestamps and RTCP sender reports (rtp_timeline.py).

Invariants (besides source.py's):
- Failures are classified: a 401 after the credentials were tried is
  ``auth_failed``, a refused connection ``refused``, no answer within the connect
  timeout or no data within ``read_timeout_s`` ``timeout``, no H.264/H.265 video
  ``unsupported_codec``, EOF, a reset or an RTCP BYE ``stream_ended``; anything
  else ``error``.
- Keep-alives (GET_PARAMETER, else OPTIONS) go out every half session timeout;
  ``close()`` sends TEARDOWN, best effort.
- Packets of one read are yielded in the order their access units completed; their
  ``arrival_us`` is the read's time for the last unit of each track, and earlier
  ones are spaced back by their durations (never before the previous read).
- With ``read_interval_s`` > 0 the stream is read at most that often (data waits in
  the kernel's socket buffer meanwhile); 0 reads as soon as data comes (live view).
  A read that fills the receive buffer is followed by another at once.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import select
import threading
import time
from collections.abc import Iterator

from vedette_api.media.packet import CodecParameters, PacketKind
from vedette_api.timestamps import now_us
from vedette_server.ingest.messages import OfflineReason
from vedette_server.ingest.rtp_timeline import RtpTimeline
from vedette_server.ingest.rtsp_source import mask_credentials
from vedette_server.ingest.sdp_codecs import (
    audio_parameters,
    depacketizer,
    in_band_parameters,
    video_parameters,
)
from vedette_server.ingest.source import DemuxedPacket, SourceError
from vedette_server.rtsp.client import (
    RtspClient,
    RtspProtocolError,
    RtspStatusError,
    resolve_control,
)
from vedette_server.rtsp.depacketize import AccessUnit, Depacketizer
from vedette_server.rtsp.interleaved import RtspMessage
from vedette_server.rtsp.rtcp import PT_BYE, PT_SR, parse_rtcp
from vedette_server.rtsp.sdp_parse import MediaDescription, parse_sdp

log = logging.getLogger(__name__)

# Waiting for in-band parameter sets when the SDP has none: at most this long.
PROBE_LIMIT_S = 10.0
# Reading a stream at most this often when nobody watches it live: each wake-up of a
# stream thread costs more than the packets it reads (scheduler, GIL), so a recording
# stream reads 5 times a second, not at every frame. Measured on one 1080p stream,
# CPU per stream-minute: at every frame 0.64 s, every 0.1 s 0.31, 0.2 s 0.25, 0.5 s 0.18.
RECORDING_READ_INTERVAL_S = 0.2
_SESSION_NOT_FOUND = 454


def _classify(exc: BaseException) -> OfflineReason:
    if isinstance(exc, RtspStatusError):
        return OfflineReason.AUTH_FAILED if exc.status == 401 else OfflineReason.ERROR
    if isinstance(exc, ConnectionRefusedError):
        return OfflineReason.REFUSED
    if isinstance(exc, (TimeoutError, BlockingIOError)):
        return OfflineReason.TIMEOUT
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, EOFError)):
        return OfflineReason.STREAM_ENDED
    return OfflineReason.ERROR


class NativeRtspSource:
    """A blocking RTSP/TCP client and depacketizer for one camera stream."""

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
        self.depacketizers: list[Depacketizer] = []
        self._client: RtspClient | None = None
        self._play_url = ""
        self._out: list[AccessUnit] = []
        self._pending: list[DemuxedPacket] = []
        self._timeline: RtpTimeline | None = None
        self._ended = ""  # why the camera ended the stream (RTCP BYE, 454), once known
        self._full = False  # the last read filled the buffer: more is waiting
        self._last_read_us = 0  # when the previous read returned (µs since the epoch)
        self.read_interval_s = 0.0  # set by the recorder (any thread), read per read
        self._stopping = threading.Event()

    def mask(self, text: str) -> str:
        return mask_credentials(text, self._password)

    def _fail(self, exc: BaseException, timeout_s: float) -> SourceError:
        reason = _classify(exc)
        text = str(exc) or type(exc).__name__
        if reason == OfflineReason.TIMEOUT:
            text = f"no answer within {timeout_s:g} s"
        elif reason == OfflineReason.REFUSED:
            text = f"connection refused ({text})"
        elif reason == OfflineReason.AUTH_FAILED:
            text += " (credentials refused)" if self._username else " (credentials needed)"
        return SourceError(reason, self.mask(text))

    # -- open ---------------------------------------------------------------------------

    def open(self) -> tuple[CodecParameters, ...]:
        """Connect, describe, set up and play (blocking); returns the tracks."""
        try:
            if not self._url.lower().startswith("rtsp://"):
                raise SourceError(OfflineReason.ERROR, "the native client reads rtsp:// only")
            client = self._client = RtspClient(
                self._url, username=self._username, password=self._password
            )
            client.after_drain = self._settle
            client.connect(self.connect_timeout_s)
            try:
                client.options()
            except RtspStatusError as e:
                if e.status == 401:
                    raise
                # Some cameras refuse OPTIONS; DESCRIBE decides.
            sdp_text, base = client.describe()
            self.tracks = self._set_up(client, sdp_text, base)
            client.play(self._play_url)
            client.stream_mode(self.read_timeout_s)
            self._pending = self._convert(now_us())
            if not self.tracks[0].extradata:
                self._probe()
        except SourceError:
            self.close()
            raise
        except (OSError, RtspStatusError, RtspProtocolError, ValueError) as e:
            self.close()
            raise self._fail(e, self.connect_timeout_s) from None
        return self.tracks

    def _set_up(self, client: RtspClient, sdp_text: str, base: str) -> tuple[CodecParameters, ...]:
        sdp = parse_sdp(sdp_text)
        self._play_url = resolve_control(base, sdp.control)
        video = next((m for m in sdp.media if m.media == "video"), None)
        if video is None:
            raise SourceError(OfflineReason.UNSUPPORTED_CODEC, "the stream has no video track")
        chosen: list[tuple[MediaDescription, CodecParameters]] = [(video, video_parameters(video))]
        if self.record_audio:
            for media in sdp.media:
                params = audio_parameters(media) if media.media == "audio" else None
                if params is not None:
                    chosen.append((media, params))
                    break
        self._timeline = RtpTimeline([m.clock_rate or 90000 for m, _ in chosen])
        reader = client.reader
        for track, (media, params) in enumerate(chosen):
            unpacker = depacketizer(media, params, track, self._out)
            rtp, rtcp = client.setup(resolve_control(self._play_url, media.control), 2 * track)
            reader.set_channel(rtp, unpacker.push)
            reader.set_channel(rtcp, functools.partial(self._on_rtcp, track))
            self.depacketizers.append(unpacker)
        return tuple(params for _, params in chosen)

    def _probe(self) -> None:
        """Read until a keyframe brings the parameter sets the SDP lacked (blocking)."""
        deadline = time.monotonic() + PROBE_LIMIT_S
        while time.monotonic() < deadline:
            for packet in self._read():
                self._pending.append(packet)
                if packet.track == 0 and packet.keyframe:
                    params = in_band_parameters(self.tracks[0], packet.data)
                    if params is not None:
                        self.tracks = (params, *self.tracks[1:])
                        return
        log.info("%s: no parameter sets within %g s", self.mask(self._url), PROBE_LIMIT_S)

    # -- reading ------------------------------------------------------------------------

    def _settle(self) -> None:
        for unpacker in self.depacketizers:
            unpacker.settle()

    def _on_rtcp(self, track: int, view: memoryview, start: int, end: int) -> None:
        assert self._timeline is not None
        for packet in parse_rtcp(bytes(view[start:end])):
            if packet.packet_type == PT_SR and packet.sender_info is not None:
                info = packet.sender_info
                self._timeline.sender_report(track, info.rtp_timestamp, info.wall_us)
            elif packet.packet_type == PT_BYE and track == 0:
                self._ended = "the camera ended the stream (RTCP BYE)"

    def _arrivals(self, read_us: int) -> list[int]:
        """When each unit of the read arrived, estimated: a batched read (every
        ``read_interval_s``) finds units that came over the interval, so the last of
        each track is taken to have come at the read and each earlier one its
        duration before the next (never before the previous read). A clock that
        re-anchors on arrival (a camera's time jump) then stays within a frame."""
        rates = self._timeline.clock_rates if self._timeline else [90000]
        floor = min(self._last_read_us, read_us)
        running: dict[int, int] = {}
        arrivals = [0] * len(self._out)
        for i in range(len(self._out) - 1, -1, -1):
            track, _, duration, _, _ = self._out[i]
            if track in running:
                arrival = max(floor, running[track] - duration * 1_000_000 // rates[track])
            else:
                arrival = read_us
            arrivals[i] = running[track] = arrival
        self._last_read_us = read_us
        return arrivals

    def _convert(self, read_us: int) -> list[DemuxedPacket]:
        timeline = self._timeline
        assert timeline is not None
        rates = timeline.clock_rates
        pts_us = timeline.pts_us
        arrivals = self._arrivals(read_us)
        packets = [
            DemuxedPacket(
                track,
                PacketKind.VIDEO if track == 0 else PacketKind.AUDIO,
                pts_us(track, ts, arrival_us),
                duration * 1_000_000 // rates[track],
                keyframe,
                arrival_us,
                data,
            )
            for (track, ts, duration, keyframe, data), arrival_us in zip(
                self._out, arrivals, strict=True
            )
        ]
        self._out.clear()
        return packets

    def _read(self) -> list[DemuxedPacket]:
        """One receive and what it completed (blocking); SourceError when it fails."""
        client = self._client
        assert client is not None and client.sock is not None
        try:
            received, self._full = client.reader.fill(client.sock)
        except OSError as e:
            raise self._fail(e, self.read_timeout_s) from None
        if received == 0:
            self._ended = self._ended or "the camera closed the connection"
        arrival_us = now_us()
        client.reader.drain(client.messages)
        self._settle()
        if client.messages:
            self._answers(client.messages)
            client.messages.clear()
        if self._ended:
            for unpacker in self.depacketizers:
                unpacker.flush()
        return self._convert(arrival_us) if self._out else []

    def _answers(self, messages: list[RtspMessage]) -> None:
        for message in messages:
            if message.status == _SESSION_NOT_FOUND:
                self._ended = "the camera forgot the session (454)"
            elif message.status >= 400:
                log.debug("%s: keep-alive answered %s", self.mask(self._url), message.status)

    def packets(self) -> Iterator[DemuxedPacket]:
        """Read until the stream fails (blocking); always ends by raising SourceError."""
        client = self._client
        if client is None:
            raise RuntimeError("open() first")
        pending, self._pending = self._pending, []
        yield from pending
        interval_s = max(1.0, client.session_timeout_s / 2)
        next_keepalive = time.monotonic() + interval_s
        while not self._ended:
            started = time.monotonic()
            yield from self._read()
            now = time.monotonic()
            rest_s = started + self.read_interval_s - now
            if rest_s > 0 and not self._full and not self._ended:
                self._stopping.wait(rest_s)
            if self._stopping.is_set():
                yield from self._drain_waiting()
                break
            if now >= next_keepalive:
                next_keepalive = now + interval_s
                try:
                    client.send_keepalive(self._play_url)
                except OSError as e:
                    raise self._fail(e, self.read_timeout_s) from None
        raise SourceError(OfflineReason.STREAM_ENDED, self._ended or "stopped")

    def stop(self) -> None:
        """End ``packets()`` soon (any thread): what the socket already holds is still
        yielded, so that stopping a batched reader loses nothing it had received."""
        self._stopping.set()

    def _drain_waiting(self) -> Iterator[DemuxedPacket]:
        """Read what is waiting in the socket without blocking, then flush."""
        client = self._client
        assert client is not None and client.sock is not None
        with contextlib.suppress(OSError):
            while select.select([client.sock], [], [], 0)[0]:
                batch = self._read()
                yield from batch
                if self._ended or not batch:
                    break
        for unpacker in self.depacketizers:
            unpacker.flush()
        if self._out:
            yield from self._convert(now_us())

    def close(self) -> None:
        """Tear the session down (blocking: sends TEARDOWN); safe to call twice."""
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(OSError):  # closing is best effort
                client.close(self._play_url or None)
