"""Messages between the main process and its ingest workers, one record each.

Transport: one ``socketpair`` (SOCK_STREAM) per worker, framed exactly like segment
files (storage/records.py: ``encode_record`` / ``RecordDecoder``, CRC included) with
the IPC kinds below (all ≥ ``FIRST_IPC_KIND``).

Encoding:
- Every message but PACKET is a UTF-8 JSON object in the payload; ``flags``,
  ``timestamp_us`` and ``duration_us`` of the record are 0. Byte strings inside
  (extradata, keyframe index) are base64. Instants are int µs since the epoch.
- PACKET (kind 40) is binary, because it carries video: ``timestamp_us`` and
  ``duration_us`` of the record are the packet's, flags bit 0 is the keyframe flag,
  and the payload is ``u32 camera_id, u8 stream (1 main, 2 sub), u8 packet kind
  (1 video, 2 audio)`` followed by the packet's bytes unchanged.

main → worker: CONFIGURE (16) the complete camera list (the worker starts, stops
and restarts streams to match), SET_VOLUMES (17) one camera's volumes, SET_LIVE (18)
forward one stream's packets or stop, STOP (19) close every segment and exit.

worker → main: SEGMENT_OPENED (32) right after the file is created, SEGMENT_CLOSED
(33) after the last record is written and fsynced, HEALTH (34) every second per
stream and at once on a state change, VOLUME_ERROR (35) a write to a volume failed
(``volume_ok``: the volume itself still took a test write),
STREAM_CODECS (36) a stream's tracks on (re)connect and on codec change, PACKET
(40) when live is on for the stream.

Invariant: no message ever carries a camera password or a URL with credentials.
"""

from __future__ import annotations

import base64
import enum
import json
import struct
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.records import FLAG_KEYFRAME, Record, encode_record
from vedette_server.ingest.config import (
    CameraIngestConfig,
    StreamName,
    VolumeTarget,
    volumes_from_json,
    volumes_to_json,
)
from vedette_server.ops.tallies import HistogramCounts


class MessageKind(enum.IntEnum):
    CONFIGURE = 16
    SET_VOLUMES = 17
    SET_LIVE = 18
    STOP = 19
    SEGMENT_OPENED = 32
    SEGMENT_CLOSED = 33
    HEALTH = 34
    VOLUME_ERROR = 35
    STREAM_CODECS = 36
    PACKET = 40


class StreamState(enum.StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"


class OfflineReason(enum.StrEnum):
    AUTH_FAILED = "auth_failed"
    TIMEOUT = "timeout"
    REFUSED = "refused"
    UNSUPPORTED_CODEC = "unsupported_codec"
    STREAM_ENDED = "stream_ended"
    ERROR = "error"


# -- main → worker --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Configure:
    cameras: tuple[CameraIngestConfig, ...]
    # Streams started by this message write nothing older (µs since the epoch): set
    # when a worker replaces one that died, so their segments never overlap.
    not_before_us: int = 0


@dataclass(frozen=True, slots=True)
class SetVolumes:
    camera_id: int
    volumes: tuple[VolumeTarget, ...]


@dataclass(frozen=True, slots=True)
class SetLive:
    camera_id: int
    stream: StreamName
    on: bool


@dataclass(frozen=True, slots=True)
class Stop:
    pass


Command = Configure | SetVolumes | SetLive | Stop

# -- worker → main --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentOpened:
    camera_id: int
    stream: StreamName
    volume_id: int
    relpath: str  # POSIX path relative to the volume root
    start_us: int
    codec: str  # Codec value: "h264", "h265"
    width: int
    height: int
    record_reasons: int


@dataclass(frozen=True, slots=True)
class SegmentClosed:
    camera_id: int
    stream: StreamName
    volume_id: int
    relpath: str
    start_us: int
    end_us: int
    size_bytes: int
    frames: int
    keyframe_index: bytes = field(repr=False)  # storage/keyframe_index.py blob
    # Every reason that applied while the segment was open (it may have gained some
    # since SEGMENT_OPENED); 0: those of SEGMENT_OPENED.
    record_reasons: int = 0


@dataclass(frozen=True, slots=True)
class Health:
    camera_id: int
    stream: StreamName
    state: StreamState
    reason: OfflineReason | None = None  # set when offline
    message: str = ""  # human-readable, credentials masked
    fps: float = 0.0  # video frames per second over the last few seconds
    bitrate_kbps: float = 0.0  # video + audio, same window
    last_packet_us: int | None = None  # arrival (wall clock) of the latest packet
    bytes_written: int = 0  # since the worker started: closed segments + the open one
    segments_written: int = 0  # segments closed since the worker started
    recording: bool = False  # a segment is open right now
    storage_message: str = ""  # e.g. "no writable volume"
    codec: str = ""
    width: int = 0
    height: int = 0
    has_audio: bool = False
    # Counters since the stream's recorder started (the main process adds them up
    # across reconnects and worker restarts for the metrics, ops/metrics.py).
    # Which recorder counted them: another id means counters that started at 0.
    counters_id: int = 0
    packets_received: int = 0  # video and audio packets read from the camera
    bytes_received: int = 0  # their payload bytes
    lost_packets: int = 0  # RTP packets the camera sent that never came (native client)
    dropped_frames: int = 0  # frames discarded as damaged by a loss or malformed
    reconnects: int = 0  # connection attempts after a failure or an end of stream
    # The segment files' fdatasync durations, per volume id.
    fsync_by_volume: tuple[tuple[int, HistogramCounts], ...] = ()


@dataclass(frozen=True, slots=True)
class VolumeError:
    camera_id: int
    stream: StreamName
    volume_id: int
    errno: int
    reason: str
    #: The volume took a test write after the error: only this stream's file failed.
    volume_ok: bool = False


@dataclass(frozen=True, slots=True)
class StreamCodecs:
    camera_id: int
    stream: StreamName
    tracks: tuple[CodecParameters, ...]


@dataclass(frozen=True, slots=True)
class Packet:
    camera_id: int
    stream: StreamName
    packet: MediaPacket


@dataclass(frozen=True, slots=True)
class WorkerExited:
    """Sent by the supervisor itself (never over the socket) when a worker dies or
    stops: segments its cameras had open were not closed by it and need recovery."""

    worker_id: int
    returncode: int | None
    camera_ids: tuple[int, ...]
    expected: bool  # stopped on purpose (reconfiguration, shutdown)


WorkerMessage = (
    SegmentOpened | SegmentClosed | Health | VolumeError | StreamCodecs | Packet | WorkerExited
)

_STREAM_CODES: dict[str, int] = {"main": 1, "sub": 2}
_STREAM_NAMES: dict[int, StreamName] = {1: "main", 2: "sub"}
_PACKET_HEAD = struct.Struct(">IBB")


class BadMessage(Exception):
    """A record that is not a valid message (unknown kind, bad JSON, missing field)."""

    def __init__(self, kind: int, reason: str) -> None:
        super().__init__(f"message kind {kind}: {reason}")
        self.kind, self.reason = kind, reason


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def codec_params_to_json(params: CodecParameters) -> dict[str, Any]:
    return {
        "codec": params.codec.value,
        "extradata": _b64(params.extradata),
        "width": params.width,
        "height": params.height,
        "frame_rate": [params.frame_rate.numerator, params.frame_rate.denominator],
        "sample_rate": params.sample_rate,
        "channels": params.channels,
    }


def codec_params_from_json(data: dict[str, Any]) -> CodecParameters:
    num, den = data["frame_rate"]
    return CodecParameters(
        codec=Codec(data["codec"]),
        extradata=base64.b64decode(data["extradata"]),
        width=int(data["width"]),
        height=int(data["height"]),
        frame_rate=Fraction(num, den),
        sample_rate=int(data["sample_rate"]),
        channels=int(data["channels"]),
    )


def _to_json(message: Command | WorkerMessage) -> tuple[MessageKind, dict[str, Any]]:
    match message:
        case Configure(cameras, not_before_us):
            return MessageKind.CONFIGURE, {
                "cameras": [c.to_json() for c in cameras],
                "not_before_us": not_before_us,
            }
        case SetVolumes(camera_id, volumes):
            return MessageKind.SET_VOLUMES, {
                "camera_id": camera_id,
                "volumes": volumes_to_json(volumes),
            }
        case SetLive():
            return MessageKind.SET_LIVE, asdict(message)
        case Stop():
            return MessageKind.STOP, {}
        case SegmentOpened():
            return MessageKind.SEGMENT_OPENED, asdict(message)
        case SegmentClosed():
            data = asdict(message)
            data["keyframe_index"] = _b64(message.keyframe_index)
            return MessageKind.SEGMENT_CLOSED, data
        case Health():
            return MessageKind.HEALTH, asdict(message)
        case VolumeError():
            return MessageKind.VOLUME_ERROR, asdict(message)
        case StreamCodecs(camera_id, stream, tracks):
            return MessageKind.STREAM_CODECS, {
                "camera_id": camera_id,
                "stream": stream,
                "tracks": [codec_params_to_json(t) for t in tracks],
            }
    raise TypeError(f"{type(message).__name__} does not travel over the worker socket")


def encode_message(message: Command | WorkerMessage) -> bytes:
    """One framed record for the socket."""
    if isinstance(message, Packet):
        return encode_packet(message.camera_id, message.stream, message.packet)
    kind, data = _to_json(message)
    payload = json.dumps(data, separators=(",", ":")).encode()
    return encode_record(kind, 0, 0, 0, payload)


def encode_packet(camera_id: int, stream: StreamName, packet: MediaPacket) -> bytes:
    head = _PACKET_HEAD.pack(camera_id, _STREAM_CODES[stream], int(packet.kind))
    flags = FLAG_KEYFRAME if packet.keyframe else 0
    return encode_record(
        MessageKind.PACKET, flags, packet.timestamp_us, packet.duration_us, head + packet.data
    )


def decode_message(record: Record) -> Command | WorkerMessage:
    """The message a record carries; raises ``BadMessage`` when it carries none."""
    try:
        kind = MessageKind(record.kind)
    except ValueError:
        raise BadMessage(record.kind, "unknown kind") from None
    try:
        if kind == MessageKind.PACKET:
            return _decode_packet(record)
        return _from_json(kind, json.loads(record.payload))
    except (KeyError, TypeError, ValueError, struct.error) as e:
        raise BadMessage(record.kind, f"{type(e).__name__}: {e}") from None


def _decode_packet(record: Record) -> Packet:
    camera_id, stream, packet_kind = _PACKET_HEAD.unpack_from(record.payload)
    packet = MediaPacket(
        kind=PacketKind(packet_kind),
        timestamp_us=record.timestamp_us,
        duration_us=record.duration_us,
        keyframe=record.keyframe,
        data=record.payload[_PACKET_HEAD.size :],
    )
    return Packet(camera_id, _STREAM_NAMES[stream], packet)


def _from_json(kind: MessageKind, data: dict[str, Any]) -> Command | WorkerMessage:
    match kind:
        case MessageKind.CONFIGURE:
            cameras = tuple(CameraIngestConfig.from_json(c) for c in data["cameras"])
            return Configure(cameras, int(data.get("not_before_us", 0)))
        case MessageKind.SET_VOLUMES:
            return SetVolumes(int(data["camera_id"]), volumes_from_json(data["volumes"]))
        case MessageKind.SET_LIVE:
            return SetLive(int(data["camera_id"]), _stream(data), bool(data["on"]))
        case MessageKind.STOP:
            return Stop()
        case MessageKind.SEGMENT_OPENED:
            return SegmentOpened(**{**data, "stream": _stream(data)})
        case MessageKind.SEGMENT_CLOSED:
            blob = base64.b64decode(data["keyframe_index"])
            return SegmentClosed(**{**data, "stream": _stream(data), "keyframe_index": blob})
        case MessageKind.HEALTH:
            reason = data["reason"]
            return Health(
                **{
                    **data,
                    "stream": _stream(data),
                    "state": StreamState(data["state"]),
                    "reason": None if reason is None else OfflineReason(reason),
                    "fsync_by_volume": tuple(
                        (int(volume_id), HistogramCounts(tuple(h["buckets"]), float(h["sum_s"])))
                        for volume_id, h in data.get("fsync_by_volume", ())
                    ),
                }
            )
        case MessageKind.VOLUME_ERROR:
            return VolumeError(**{**data, "stream": _stream(data)})
        case MessageKind.STREAM_CODECS:
            tracks = tuple(codec_params_from_json(t) for t in data["tracks"])
            return StreamCodecs(int(data["camera_id"]), _stream(data), tracks)
    raise ValueError(f"kind {kind} has no JSON form")


def _stream(data: dict[str, Any]) -> StreamName:
    stream = data["stream"]
    if stream not in _STREAM_CODES:
        raise ValueError(f"stream: {stream!r}")
    return "main" if stream == "main" else "sub"
