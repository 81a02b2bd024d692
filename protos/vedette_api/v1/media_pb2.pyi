from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
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
PACKET_KIND_UNSPECIFIED: PacketKind
PACKET_KIND_VIDEO: PacketKind
PACKET_KIND_AUDIO: PacketKind
CODEC_UNSPECIFIED: Codec
CODEC_H264: Codec
CODEC_H265: Codec
CODEC_AAC: Codec
CODEC_PCMU: Codec
CODEC_PCMA: Codec

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
