import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_MP4: _ClassVar[ExportFormat]
    EXPORT_FORMAT_MKV: _ClassVar[ExportFormat]
    EXPORT_FORMAT_AVI: _ClassVar[ExportFormat]
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_MP4: ExportFormat
EXPORT_FORMAT_MKV: ExportFormat
EXPORT_FORMAT_AVI: ExportFormat

class ExportRecordingRequest(_message.Message):
    __slots__ = ("camera_id", "start_time", "end_time", "format", "stream")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    format: ExportFormat
    stream: _common_pb2.Stream
    def __init__(self, camera_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ...) -> None: ...

class ExportRecordingResponse(_message.Message):
    __slots__ = ("data", "bytes_sent", "media_time", "estimated_total_bytes", "file_name", "mime_type")
    DATA_FIELD_NUMBER: _ClassVar[int]
    BYTES_SENT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TIME_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    bytes_sent: int
    media_time: _timestamp_pb2.Timestamp
    estimated_total_bytes: int
    file_name: str
    mime_type: str
    def __init__(self, data: _Optional[bytes] = ..., bytes_sent: _Optional[int] = ..., media_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., estimated_total_bytes: _Optional[int] = ..., file_name: _Optional[str] = ..., mime_type: _Optional[str] = ...) -> None: ...
