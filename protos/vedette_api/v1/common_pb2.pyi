from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class Stream(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STREAM_UNSPECIFIED: _ClassVar[Stream]
    STREAM_MAIN: _ClassVar[Stream]
    STREAM_SUB: _ClassVar[Stream]

class RecordReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECORD_REASON_UNSPECIFIED: _ClassVar[RecordReason]
    RECORD_REASON_SCHEDULE: _ClassVar[RecordReason]
    RECORD_REASON_MANUAL: _ClassVar[RecordReason]
    RECORD_REASON_MOTION: _ClassVar[RecordReason]
    RECORD_REASON_SENSOR: _ClassVar[RecordReason]
    RECORD_REASON_ANALYTICS: _ClassVar[RecordReason]
STREAM_UNSPECIFIED: Stream
STREAM_MAIN: Stream
STREAM_SUB: Stream
RECORD_REASON_UNSPECIFIED: RecordReason
RECORD_REASON_SCHEDULE: RecordReason
RECORD_REASON_MANUAL: RecordReason
RECORD_REASON_MOTION: RecordReason
RECORD_REASON_SENSOR: RecordReason
RECORD_REASON_ANALYTICS: RecordReason
SECRET_FIELD_NUMBER: _ClassVar[int]
secret: _descriptor.FieldDescriptor
