import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PacketKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PACKET_KIND_UNSPECIFIED: _ClassVar[PacketKind]
    PACKET_KIND_VIDEO: _ClassVar[PacketKind]
    PACKET_KIND_AUDIO: _ClassVar[PacketKind]

class Codec(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CODEC_UNSPECIFIED: _ClassVar[Codec]
    CODEC_H264: _ClassVar[Codec]
    CODEC_H265: _ClassVar[Codec]
    CODEC_AAC: _ClassVar[Codec]
    CODEC_PCMU: _ClassVar[Codec]
    CODEC_PCMA: _ClassVar[Codec]

class GapMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GAP_MODE_UNSPECIFIED: _ClassVar[GapMode]
    GAP_MODE_SKIP: _ClassVar[GapMode]
    GAP_MODE_ANNOUNCE: _ClassVar[GapMode]
PACKET_KIND_UNSPECIFIED: PacketKind
PACKET_KIND_VIDEO: PacketKind
PACKET_KIND_AUDIO: PacketKind
CODEC_UNSPECIFIED: Codec
CODEC_H264: Codec
CODEC_H265: Codec
CODEC_AAC: Codec
CODEC_PCMU: Codec
CODEC_PCMA: Codec
GAP_MODE_UNSPECIFIED: GapMode
GAP_MODE_SKIP: GapMode
GAP_MODE_ANNOUNCE: GapMode

class CodecParameters(_message.Message):
    __slots__ = ("codec", "extradata", "width", "height", "frame_rate_num", "frame_rate_den", "sample_rate", "channels")
    CODEC_FIELD_NUMBER: _ClassVar[int]
    EXTRADATA_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FRAME_RATE_NUM_FIELD_NUMBER: _ClassVar[int]
    FRAME_RATE_DEN_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_RATE_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    codec: Codec
    extradata: bytes
    width: int
    height: int
    frame_rate_num: int
    frame_rate_den: int
    sample_rate: int
    channels: int
    def __init__(self, codec: _Optional[_Union[Codec, str]] = ..., extradata: _Optional[bytes] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., frame_rate_num: _Optional[int] = ..., frame_rate_den: _Optional[int] = ..., sample_rate: _Optional[int] = ..., channels: _Optional[int] = ...) -> None: ...

class MediaPacket(_message.Message):
    __slots__ = ("kind", "timestamp_us", "duration_us", "keyframe", "data")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_US_FIELD_NUMBER: _ClassVar[int]
    DURATION_US_FIELD_NUMBER: _ClassVar[int]
    KEYFRAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    kind: PacketKind
    timestamp_us: int
    duration_us: int
    keyframe: bool
    data: bytes
    def __init__(self, kind: _Optional[_Union[PacketKind, str]] = ..., timestamp_us: _Optional[int] = ..., duration_us: _Optional[int] = ..., keyframe: _Optional[bool] = ..., data: _Optional[bytes] = ...) -> None: ...

class LiveRequest(_message.Message):
    __slots__ = ("camera_id", "stream", "audio")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    stream: _common_pb2.Stream
    audio: bool
    def __init__(self, camera_id: _Optional[int] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., audio: _Optional[bool] = ...) -> None: ...

class LiveStart(_message.Message):
    __slots__ = ("camera_id", "stream", "video", "audio")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    stream: _common_pb2.Stream
    video: CodecParameters
    audio: CodecParameters
    def __init__(self, camera_id: _Optional[int] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., video: _Optional[_Union[CodecParameters, _Mapping]] = ..., audio: _Optional[_Union[CodecParameters, _Mapping]] = ...) -> None: ...

class LiveSkip(_message.Message):
    __slots__ = ("dropped_packets", "resumed_at_us")
    DROPPED_PACKETS_FIELD_NUMBER: _ClassVar[int]
    RESUMED_AT_US_FIELD_NUMBER: _ClassVar[int]
    dropped_packets: int
    resumed_at_us: int
    def __init__(self, dropped_packets: _Optional[int] = ..., resumed_at_us: _Optional[int] = ...) -> None: ...

class LiveResponse(_message.Message):
    __slots__ = ("start", "packet", "skipped")
    START_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    start: LiveStart
    packet: MediaPacket
    skipped: LiveSkip
    def __init__(self, start: _Optional[_Union[LiveStart, _Mapping]] = ..., packet: _Optional[_Union[MediaPacket, _Mapping]] = ..., skipped: _Optional[_Union[LiveSkip, _Mapping]] = ...) -> None: ...

class PlaybackRequest(_message.Message):
    __slots__ = ("open", "play", "pause", "step", "seek")
    OPEN_FIELD_NUMBER: _ClassVar[int]
    PLAY_FIELD_NUMBER: _ClassVar[int]
    PAUSE_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    SEEK_FIELD_NUMBER: _ClassVar[int]
    open: PlaybackOpen
    play: PlaybackPlay
    pause: PlaybackPause
    step: PlaybackStep
    seek: PlaybackSeek
    def __init__(self, open: _Optional[_Union[PlaybackOpen, _Mapping]] = ..., play: _Optional[_Union[PlaybackPlay, _Mapping]] = ..., pause: _Optional[_Union[PlaybackPause, _Mapping]] = ..., step: _Optional[_Union[PlaybackStep, _Mapping]] = ..., seek: _Optional[_Union[PlaybackSeek, _Mapping]] = ...) -> None: ...

class PlaybackOpen(_message.Message):
    __slots__ = ("camera_ids", "stream", "start_time", "ago_seconds", "speed", "reverse", "paused", "audio", "gaps")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    AGO_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SPEED_FIELD_NUMBER: _ClassVar[int]
    REVERSE_FIELD_NUMBER: _ClassVar[int]
    PAUSED_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    stream: _common_pb2.Stream
    start_time: _timestamp_pb2.Timestamp
    ago_seconds: float
    speed: float
    reverse: bool
    paused: bool
    audio: bool
    gaps: GapMode
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ago_seconds: _Optional[float] = ..., speed: _Optional[float] = ..., reverse: _Optional[bool] = ..., paused: _Optional[bool] = ..., audio: _Optional[bool] = ..., gaps: _Optional[_Union[GapMode, str]] = ...) -> None: ...

class PlaybackPlay(_message.Message):
    __slots__ = ("speed", "reverse")
    SPEED_FIELD_NUMBER: _ClassVar[int]
    REVERSE_FIELD_NUMBER: _ClassVar[int]
    speed: float
    reverse: bool
    def __init__(self, speed: _Optional[float] = ..., reverse: _Optional[bool] = ...) -> None: ...

class PlaybackPause(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PlaybackStep(_message.Message):
    __slots__ = ("frames",)
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    frames: int
    def __init__(self, frames: _Optional[int] = ...) -> None: ...

class PlaybackSeek(_message.Message):
    __slots__ = ("time", "offset_us")
    TIME_FIELD_NUMBER: _ClassVar[int]
    OFFSET_US_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    offset_us: int
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offset_us: _Optional[int] = ...) -> None: ...

class PlaybackResponse(_message.Message):
    __slots__ = ("started", "packet", "clock", "gap", "codec_changed", "unreadable")
    STARTED_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    GAP_FIELD_NUMBER: _ClassVar[int]
    CODEC_CHANGED_FIELD_NUMBER: _ClassVar[int]
    UNREADABLE_FIELD_NUMBER: _ClassVar[int]
    started: PlaybackStarted
    packet: PlaybackPacket
    clock: PlaybackClock
    gap: PlaybackGap
    codec_changed: PlaybackTrack
    unreadable: PlaybackUnreadable
    def __init__(self, started: _Optional[_Union[PlaybackStarted, _Mapping]] = ..., packet: _Optional[_Union[PlaybackPacket, _Mapping]] = ..., clock: _Optional[_Union[PlaybackClock, _Mapping]] = ..., gap: _Optional[_Union[PlaybackGap, _Mapping]] = ..., codec_changed: _Optional[_Union[PlaybackTrack, _Mapping]] = ..., unreadable: _Optional[_Union[PlaybackUnreadable, _Mapping]] = ...) -> None: ...

class PlaybackTrack(_message.Message):
    __slots__ = ("camera_id", "video", "audio")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    video: CodecParameters
    audio: CodecParameters
    def __init__(self, camera_id: _Optional[int] = ..., video: _Optional[_Union[CodecParameters, _Mapping]] = ..., audio: _Optional[_Union[CodecParameters, _Mapping]] = ...) -> None: ...

class PlaybackStarted(_message.Message):
    __slots__ = ("tracks", "clock")
    TRACKS_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    tracks: _containers.RepeatedCompositeFieldContainer[PlaybackTrack]
    clock: PlaybackClock
    def __init__(self, tracks: _Optional[_Iterable[_Union[PlaybackTrack, _Mapping]]] = ..., clock: _Optional[_Union[PlaybackClock, _Mapping]] = ...) -> None: ...

class PlaybackPacket(_message.Message):
    __slots__ = ("camera_id", "packet", "reverse_gop", "keyframes_only", "decode_only", "gop_end")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    REVERSE_GOP_FIELD_NUMBER: _ClassVar[int]
    KEYFRAMES_ONLY_FIELD_NUMBER: _ClassVar[int]
    DECODE_ONLY_FIELD_NUMBER: _ClassVar[int]
    GOP_END_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    packet: MediaPacket
    reverse_gop: bool
    keyframes_only: bool
    decode_only: bool
    gop_end: bool
    def __init__(self, camera_id: _Optional[int] = ..., packet: _Optional[_Union[MediaPacket, _Mapping]] = ..., reverse_gop: _Optional[bool] = ..., keyframes_only: _Optional[bool] = ..., decode_only: _Optional[bool] = ..., gop_end: _Optional[bool] = ...) -> None: ...

class PlaybackClock(_message.Message):
    __slots__ = ("position_us", "speed", "reverse", "paused", "applied")
    POSITION_US_FIELD_NUMBER: _ClassVar[int]
    SPEED_FIELD_NUMBER: _ClassVar[int]
    REVERSE_FIELD_NUMBER: _ClassVar[int]
    PAUSED_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    position_us: int
    speed: float
    reverse: bool
    paused: bool
    applied: int
    def __init__(self, position_us: _Optional[int] = ..., speed: _Optional[float] = ..., reverse: _Optional[bool] = ..., paused: _Optional[bool] = ..., applied: _Optional[int] = ...) -> None: ...

class PlaybackGap(_message.Message):
    __slots__ = ("camera_id", "from_us", "to_us")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_US_FIELD_NUMBER: _ClassVar[int]
    TO_US_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    from_us: int
    to_us: int
    def __init__(self, camera_id: _Optional[int] = ..., from_us: _Optional[int] = ..., to_us: _Optional[int] = ...) -> None: ...

class PlaybackUnreadable(_message.Message):
    __slots__ = ("camera_id", "from_us", "to_us", "reason")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_US_FIELD_NUMBER: _ClassVar[int]
    TO_US_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    from_us: int
    to_us: int
    reason: str
    def __init__(self, camera_id: _Optional[int] = ..., from_us: _Optional[int] = ..., to_us: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...
