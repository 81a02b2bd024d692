import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from vedette_api.v1 import export_pb2 as _export_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SliceUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SLICE_UNIT_UNSPECIFIED: _ClassVar[SliceUnit]
    SLICE_UNIT_YEAR: _ClassVar[SliceUnit]
    SLICE_UNIT_MONTH: _ClassVar[SliceUnit]
    SLICE_UNIT_DAY: _ClassVar[SliceUnit]
    SLICE_UNIT_HOUR: _ClassVar[SliceUnit]
    SLICE_UNIT_MINUTE: _ClassVar[SliceUnit]
SLICE_UNIT_UNSPECIFIED: SliceUnit
SLICE_UNIT_YEAR: SliceUnit
SLICE_UNIT_MONTH: SliceUnit
SLICE_UNIT_DAY: SliceUnit
SLICE_UNIT_HOUR: SliceUnit
SLICE_UNIT_MINUTE: SliceUnit

class ThumbnailRange(_message.Message):
    __slots__ = ("start_time", "end_time", "count")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    count: int
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., count: _Optional[int] = ...) -> None: ...

class TimeSlices(_message.Message):
    __slots__ = ("unit", "time", "time_zone")
    UNIT_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    unit: SliceUnit
    time: _timestamp_pb2.Timestamp
    time_zone: str
    def __init__(self, unit: _Optional[_Union[SliceUnit, str]] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., time_zone: _Optional[str] = ...) -> None: ...

class ThumbnailInstants(_message.Message):
    __slots__ = ("times",)
    TIMES_FIELD_NUMBER: _ClassVar[int]
    times: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    def __init__(self, times: _Optional[_Iterable[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]]] = ...) -> None: ...

class GetThumbnailsRequest(_message.Message):
    __slots__ = ("camera_ids", "times", "range", "slices", "max_width", "max_height", "stream", "motion_only", "motion_instant", "motion_cells")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    TIMES_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    SLICES_FIELD_NUMBER: _ClassVar[int]
    MAX_WIDTH_FIELD_NUMBER: _ClassVar[int]
    MAX_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    MOTION_ONLY_FIELD_NUMBER: _ClassVar[int]
    MOTION_INSTANT_FIELD_NUMBER: _ClassVar[int]
    MOTION_CELLS_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    times: ThumbnailInstants
    range: ThumbnailRange
    slices: TimeSlices
    max_width: int
    max_height: int
    stream: _common_pb2.Stream
    motion_only: bool
    motion_instant: bool
    motion_cells: bytes
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., times: _Optional[_Union[ThumbnailInstants, _Mapping]] = ..., range: _Optional[_Union[ThumbnailRange, _Mapping]] = ..., slices: _Optional[_Union[TimeSlices, _Mapping]] = ..., max_width: _Optional[int] = ..., max_height: _Optional[int] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., motion_only: _Optional[bool] = ..., motion_instant: _Optional[bool] = ..., motion_cells: _Optional[bytes] = ...) -> None: ...

class Thumbnail(_message.Message):
    __slots__ = ("camera_id", "time", "slice_end_time", "no_recording", "keyframe_time", "stream", "jpeg", "width", "height", "error", "motion_known", "has_motion", "motion_seconds", "motion_time")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    SLICE_END_TIME_FIELD_NUMBER: _ClassVar[int]
    NO_RECORDING_FIELD_NUMBER: _ClassVar[int]
    KEYFRAME_TIME_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    JPEG_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    MOTION_KNOWN_FIELD_NUMBER: _ClassVar[int]
    HAS_MOTION_FIELD_NUMBER: _ClassVar[int]
    MOTION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    MOTION_TIME_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    time: _timestamp_pb2.Timestamp
    slice_end_time: _timestamp_pb2.Timestamp
    no_recording: bool
    keyframe_time: _timestamp_pb2.Timestamp
    stream: _common_pb2.Stream
    jpeg: bytes
    width: int
    height: int
    error: str
    motion_known: bool
    has_motion: bool
    motion_seconds: int
    motion_time: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., slice_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., no_recording: _Optional[bool] = ..., keyframe_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., jpeg: _Optional[bytes] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., error: _Optional[str] = ..., motion_known: _Optional[bool] = ..., has_motion: _Optional[bool] = ..., motion_seconds: _Optional[int] = ..., motion_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Snapshot(_message.Message):
    __slots__ = ("id", "camera_id", "time", "live", "width", "height", "size_bytes", "sha256", "created_by", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    LIVE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    camera_id: int
    time: _timestamp_pb2.Timestamp
    live: bool
    width: int
    height: int
    size_bytes: int
    sha256: str
    created_by: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., camera_id: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., live: _Optional[bool] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., created_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TakeSnapshotRequest(_message.Message):
    __slots__ = ("camera_id", "time")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    time: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TakeSnapshotResponse(_message.Message):
    __slots__ = ("snapshot",)
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    snapshot: Snapshot
    def __init__(self, snapshot: _Optional[_Union[Snapshot, _Mapping]] = ...) -> None: ...

class ListSnapshotsRequest(_message.Message):
    __slots__ = ("camera_ids", "start_time", "end_time", "page_size", "page_token")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSnapshotsResponse(_message.Message):
    __slots__ = ("snapshots", "next_page_token")
    SNAPSHOTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    snapshots: _containers.RepeatedCompositeFieldContainer[Snapshot]
    next_page_token: str
    def __init__(self, snapshots: _Optional[_Iterable[_Union[Snapshot, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSnapshotRequest(_message.Message):
    __slots__ = ("snapshot_id",)
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    snapshot_id: int
    def __init__(self, snapshot_id: _Optional[int] = ...) -> None: ...

class GetSnapshotResponse(_message.Message):
    __slots__ = ("snapshot", "jpeg")
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    JPEG_FIELD_NUMBER: _ClassVar[int]
    snapshot: Snapshot
    jpeg: bytes
    def __init__(self, snapshot: _Optional[_Union[Snapshot, _Mapping]] = ..., jpeg: _Optional[bytes] = ...) -> None: ...

class DeleteSnapshotRequest(_message.Message):
    __slots__ = ("snapshot_id",)
    SNAPSHOT_ID_FIELD_NUMBER: _ClassVar[int]
    snapshot_id: int
    def __init__(self, snapshot_id: _Optional[int] = ...) -> None: ...

class DeleteSnapshotResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportSnapshotsRequest(_message.Message):
    __slots__ = ("snapshot_ids", "destination")
    SNAPSHOT_IDS_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    snapshot_ids: _containers.RepeatedScalarFieldContainer[int]
    destination: _export_pb2.ExportDestination
    def __init__(self, snapshot_ids: _Optional[_Iterable[int]] = ..., destination: _Optional[_Union[_export_pb2.ExportDestination, _Mapping]] = ...) -> None: ...

class ExportSnapshotsResponse(_message.Message):
    __slots__ = ("folder", "files")
    FOLDER_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    folder: str
    files: _containers.RepeatedCompositeFieldContainer[_export_pb2.ExportFile]
    def __init__(self, folder: _Optional[str] = ..., files: _Optional[_Iterable[_Union[_export_pb2.ExportFile, _Mapping]]] = ...) -> None: ...
