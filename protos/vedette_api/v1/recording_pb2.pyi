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

class RecordStreams(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECORD_STREAMS_UNSPECIFIED: _ClassVar[RecordStreams]
    RECORD_STREAMS_MAIN: _ClassVar[RecordStreams]
    RECORD_STREAMS_SUB: _ClassVar[RecordStreams]
    RECORD_STREAMS_BOTH: _ClassVar[RecordStreams]
RECORD_STREAMS_UNSPECIFIED: RecordStreams
RECORD_STREAMS_MAIN: RecordStreams
RECORD_STREAMS_SUB: RecordStreams
RECORD_STREAMS_BOTH: RecordStreams

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

class MinuteRange(_message.Message):
    __slots__ = ("start_minute", "end_minute")
    START_MINUTE_FIELD_NUMBER: _ClassVar[int]
    END_MINUTE_FIELD_NUMBER: _ClassVar[int]
    start_minute: int
    end_minute: int
    def __init__(self, start_minute: _Optional[int] = ..., end_minute: _Optional[int] = ...) -> None: ...

class DaySchedule(_message.Message):
    __slots__ = ("ranges",)
    RANGES_FIELD_NUMBER: _ClassVar[int]
    ranges: _containers.RepeatedCompositeFieldContainer[MinuteRange]
    def __init__(self, ranges: _Optional[_Iterable[_Union[MinuteRange, _Mapping]]] = ...) -> None: ...

class WeekSchedule(_message.Message):
    __slots__ = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    MON_FIELD_NUMBER: _ClassVar[int]
    TUE_FIELD_NUMBER: _ClassVar[int]
    WED_FIELD_NUMBER: _ClassVar[int]
    THU_FIELD_NUMBER: _ClassVar[int]
    FRI_FIELD_NUMBER: _ClassVar[int]
    SAT_FIELD_NUMBER: _ClassVar[int]
    SUN_FIELD_NUMBER: _ClassVar[int]
    mon: DaySchedule
    tue: DaySchedule
    wed: DaySchedule
    thu: DaySchedule
    fri: DaySchedule
    sat: DaySchedule
    sun: DaySchedule
    def __init__(self, mon: _Optional[_Union[DaySchedule, _Mapping]] = ..., tue: _Optional[_Union[DaySchedule, _Mapping]] = ..., wed: _Optional[_Union[DaySchedule, _Mapping]] = ..., thu: _Optional[_Union[DaySchedule, _Mapping]] = ..., fri: _Optional[_Union[DaySchedule, _Mapping]] = ..., sat: _Optional[_Union[DaySchedule, _Mapping]] = ..., sun: _Optional[_Union[DaySchedule, _Mapping]] = ...) -> None: ...

class Schedule(_message.Message):
    __slots__ = ("id", "name", "week", "builtin", "read_only", "used_by_camera_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    BUILTIN_FIELD_NUMBER: _ClassVar[int]
    READ_ONLY_FIELD_NUMBER: _ClassVar[int]
    USED_BY_CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    week: WeekSchedule
    builtin: bool
    read_only: bool
    used_by_camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., week: _Optional[_Union[WeekSchedule, _Mapping]] = ..., builtin: _Optional[bool] = ..., read_only: _Optional[bool] = ..., used_by_camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ListSchedulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSchedulesResponse(_message.Message):
    __slots__ = ("schedules",)
    SCHEDULES_FIELD_NUMBER: _ClassVar[int]
    schedules: _containers.RepeatedCompositeFieldContainer[Schedule]
    def __init__(self, schedules: _Optional[_Iterable[_Union[Schedule, _Mapping]]] = ...) -> None: ...

class GetScheduleRequest(_message.Message):
    __slots__ = ("schedule_id", "name")
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    schedule_id: int
    name: str
    def __init__(self, schedule_id: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class GetScheduleResponse(_message.Message):
    __slots__ = ("schedule",)
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    schedule: Schedule
    def __init__(self, schedule: _Optional[_Union[Schedule, _Mapping]] = ...) -> None: ...

class PutScheduleRequest(_message.Message):
    __slots__ = ("schedule",)
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    schedule: Schedule
    def __init__(self, schedule: _Optional[_Union[Schedule, _Mapping]] = ...) -> None: ...

class PutScheduleResponse(_message.Message):
    __slots__ = ("schedule", "created")
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    schedule: Schedule
    created: bool
    def __init__(self, schedule: _Optional[_Union[Schedule, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class DeleteScheduleRequest(_message.Message):
    __slots__ = ("schedule_id", "name")
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    schedule_id: int
    name: str
    def __init__(self, schedule_id: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteScheduleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RecordingPolicy(_message.Message):
    __slots__ = ("camera_id", "normal_schedule_id", "motion_schedule_id", "sensor_schedule_id", "analytics_schedule_id", "normal_streams", "event_streams", "pre_s", "post_s", "tentative_segment_s", "mode", "is_default")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NORMAL_SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    MOTION_SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    SENSOR_SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    ANALYTICS_SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    NORMAL_STREAMS_FIELD_NUMBER: _ClassVar[int]
    EVENT_STREAMS_FIELD_NUMBER: _ClassVar[int]
    PRE_S_FIELD_NUMBER: _ClassVar[int]
    POST_S_FIELD_NUMBER: _ClassVar[int]
    TENTATIVE_SEGMENT_S_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    normal_schedule_id: int
    motion_schedule_id: int
    sensor_schedule_id: int
    analytics_schedule_id: int
    normal_streams: RecordStreams
    event_streams: RecordStreams
    pre_s: int
    post_s: int
    tentative_segment_s: int
    mode: str
    is_default: bool
    def __init__(self, camera_id: _Optional[int] = ..., normal_schedule_id: _Optional[int] = ..., motion_schedule_id: _Optional[int] = ..., sensor_schedule_id: _Optional[int] = ..., analytics_schedule_id: _Optional[int] = ..., normal_streams: _Optional[_Union[RecordStreams, str]] = ..., event_streams: _Optional[_Union[RecordStreams, str]] = ..., pre_s: _Optional[int] = ..., post_s: _Optional[int] = ..., tentative_segment_s: _Optional[int] = ..., mode: _Optional[str] = ..., is_default: _Optional[bool] = ...) -> None: ...

class GetRecordingPolicyRequest(_message.Message):
    __slots__ = ("camera_ids",)
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class GetRecordingPolicyResponse(_message.Message):
    __slots__ = ("policies",)
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    policies: _containers.RepeatedCompositeFieldContainer[RecordingPolicy]
    def __init__(self, policies: _Optional[_Iterable[_Union[RecordingPolicy, _Mapping]]] = ...) -> None: ...

class SetRecordingPolicyRequest(_message.Message):
    __slots__ = ("policy", "mode", "copy_to_camera_ids")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    COPY_TO_CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    policy: RecordingPolicy
    mode: str
    copy_to_camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, policy: _Optional[_Union[RecordingPolicy, _Mapping]] = ..., mode: _Optional[str] = ..., copy_to_camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class SetRecordingPolicyResponse(_message.Message):
    __slots__ = ("policies", "camera_ids")
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    policies: _containers.RepeatedCompositeFieldContainer[RecordingPolicy]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, policies: _Optional[_Iterable[_Union[RecordingPolicy, _Mapping]]] = ..., camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...
