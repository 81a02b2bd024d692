import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StartManualRecordingRequest(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class StartManualRecordingResponse(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class StopManualRecordingRequest(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class StopManualRecordingResponse(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class GetRecordingStatusRequest(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class CameraRecordingStatus(_message.Message):
    __slots__ = ("camera_id", "recording", "record_reasons", "manual_since_time", "manual_started_by", "volume_id", "not_recording_reason")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    RECORD_REASONS_FIELD_NUMBER: _ClassVar[int]
    MANUAL_SINCE_TIME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    VOLUME_ID_FIELD_NUMBER: _ClassVar[int]
    NOT_RECORDING_REASON_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    recording: bool
    record_reasons: _containers.RepeatedScalarFieldContainer[_common_pb2.RecordReason]
    manual_since_time: _timestamp_pb2.Timestamp
    manual_started_by: str
    volume_id: int
    not_recording_reason: str
    def __init__(self, camera_id: _Optional[int] = ..., recording: _Optional[bool] = ..., record_reasons: _Optional[_Iterable[_Union[_common_pb2.RecordReason, str]]] = ..., manual_since_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., manual_started_by: _Optional[str] = ..., volume_id: _Optional[int] = ..., not_recording_reason: _Optional[str] = ...) -> None: ...

class GetRecordingStatusResponse(_message.Message):
    __slots__ = ("cameras",)
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[CameraRecordingStatus]
    def __init__(self, cameras: _Optional[_Iterable[_Union[CameraRecordingStatus, _Mapping]]] = ...) -> None: ...

class EvidenceLock(_message.Message):
    __slots__ = ("id", "camera_id", "start_time", "end_time", "reason", "expire_time", "created_by", "create_time", "segment_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: int
    camera_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    reason: str
    expire_time: _timestamp_pb2.Timestamp
    created_by: str
    create_time: _timestamp_pb2.Timestamp
    segment_count: int
    def __init__(self, id: _Optional[int] = ..., camera_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., segment_count: _Optional[int] = ...) -> None: ...

class LockRangeRequest(_message.Message):
    __slots__ = ("lock",)
    LOCK_FIELD_NUMBER: _ClassVar[int]
    lock: EvidenceLock
    def __init__(self, lock: _Optional[_Union[EvidenceLock, _Mapping]] = ...) -> None: ...

class LockRangeResponse(_message.Message):
    __slots__ = ("lock",)
    LOCK_FIELD_NUMBER: _ClassVar[int]
    lock: EvidenceLock
    def __init__(self, lock: _Optional[_Union[EvidenceLock, _Mapping]] = ...) -> None: ...

class ListLocksRequest(_message.Message):
    __slots__ = ("camera_ids", "page_size", "page_token")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    page_size: int
    page_token: str
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLocksResponse(_message.Message):
    __slots__ = ("locks", "next_page_token")
    LOCKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    locks: _containers.RepeatedCompositeFieldContainer[EvidenceLock]
    next_page_token: str
    def __init__(self, locks: _Optional[_Iterable[_Union[EvidenceLock, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UnlockRequest(_message.Message):
    __slots__ = ("lock_id",)
    LOCK_ID_FIELD_NUMBER: _ClassVar[int]
    lock_id: int
    def __init__(self, lock_id: _Optional[int] = ...) -> None: ...

class UnlockResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
