import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_MP4: _ClassVar[ExportFormat]
    EXPORT_FORMAT_MKV: _ClassVar[ExportFormat]
    EXPORT_FORMAT_AVI: _ClassVar[ExportFormat]
    EXPORT_FORMAT_NATIVE: _ClassVar[ExportFormat]

class ExportTaskState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_TASK_STATE_UNSPECIFIED: _ClassVar[ExportTaskState]
    EXPORT_TASK_STATE_QUEUED: _ClassVar[ExportTaskState]
    EXPORT_TASK_STATE_RUNNING: _ClassVar[ExportTaskState]
    EXPORT_TASK_STATE_PAUSED: _ClassVar[ExportTaskState]
    EXPORT_TASK_STATE_DONE: _ClassVar[ExportTaskState]
    EXPORT_TASK_STATE_FAILED: _ClassVar[ExportTaskState]
    EXPORT_TASK_STATE_CANCELLED: _ClassVar[ExportTaskState]
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_MP4: ExportFormat
EXPORT_FORMAT_MKV: ExportFormat
EXPORT_FORMAT_AVI: ExportFormat
EXPORT_FORMAT_NATIVE: ExportFormat
EXPORT_TASK_STATE_UNSPECIFIED: ExportTaskState
EXPORT_TASK_STATE_QUEUED: ExportTaskState
EXPORT_TASK_STATE_RUNNING: ExportTaskState
EXPORT_TASK_STATE_PAUSED: ExportTaskState
EXPORT_TASK_STATE_DONE: ExportTaskState
EXPORT_TASK_STATE_FAILED: ExportTaskState
EXPORT_TASK_STATE_CANCELLED: ExportTaskState

class ExportRecordingRequest(_message.Message):
    __slots__ = ("camera_id", "start_time", "end_time", "format", "stream", "burn_watermark")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    BURN_WATERMARK_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    format: ExportFormat
    stream: _common_pb2.Stream
    burn_watermark: bool
    def __init__(self, camera_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., burn_watermark: _Optional[bool] = ...) -> None: ...

class ExportRecordingResponse(_message.Message):
    __slots__ = ("data", "bytes_sent", "media_time", "estimated_total_bytes", "file_name", "mime_type", "signed_manifest")
    DATA_FIELD_NUMBER: _ClassVar[int]
    BYTES_SENT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TIME_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIGNED_MANIFEST_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    bytes_sent: int
    media_time: _timestamp_pb2.Timestamp
    estimated_total_bytes: int
    file_name: str
    mime_type: str
    signed_manifest: bytes
    def __init__(self, data: _Optional[bytes] = ..., bytes_sent: _Optional[int] = ..., media_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., estimated_total_bytes: _Optional[int] = ..., file_name: _Optional[str] = ..., mime_type: _Optional[str] = ..., signed_manifest: _Optional[bytes] = ...) -> None: ...

class ExportItem(_message.Message):
    __slots__ = ("camera_id", "start_time", "end_time")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, camera_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ExportDestination(_message.Message):
    __slots__ = ("root", "subdir")
    ROOT_FIELD_NUMBER: _ClassVar[int]
    SUBDIR_FIELD_NUMBER: _ClassVar[int]
    root: str
    subdir: str
    def __init__(self, root: _Optional[str] = ..., subdir: _Optional[str] = ...) -> None: ...

class CreateExportTaskRequest(_message.Message):
    __slots__ = ("items", "event_id", "tag_id", "margin", "format", "stream", "destination", "burn_watermark")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_ID_FIELD_NUMBER: _ClassVar[int]
    MARGIN_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    BURN_WATERMARK_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ExportItem]
    event_id: int
    tag_id: int
    margin: _duration_pb2.Duration
    format: ExportFormat
    stream: _common_pb2.Stream
    destination: ExportDestination
    burn_watermark: bool
    def __init__(self, items: _Optional[_Iterable[_Union[ExportItem, _Mapping]]] = ..., event_id: _Optional[int] = ..., tag_id: _Optional[int] = ..., margin: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., destination: _Optional[_Union[ExportDestination, _Mapping]] = ..., burn_watermark: _Optional[bool] = ...) -> None: ...

class ExportFile(_message.Message):
    __slots__ = ("name", "size_bytes", "sha256")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    name: str
    size_bytes: int
    sha256: str
    def __init__(self, name: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ...) -> None: ...

class ExportTaskInfo(_message.Message):
    __slots__ = ("id", "state", "items", "format", "stream", "destination", "folder", "bytes_done", "percent", "media_done", "media_total", "eta", "error", "files", "created_by", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    FOLDER_FIELD_NUMBER: _ClassVar[int]
    BYTES_DONE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_DONE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ETA_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    state: ExportTaskState
    items: _containers.RepeatedCompositeFieldContainer[ExportItem]
    format: ExportFormat
    stream: _common_pb2.Stream
    destination: ExportDestination
    folder: str
    bytes_done: int
    percent: float
    media_done: _duration_pb2.Duration
    media_total: _duration_pb2.Duration
    eta: _duration_pb2.Duration
    error: str
    files: _containers.RepeatedCompositeFieldContainer[ExportFile]
    created_by: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., state: _Optional[_Union[ExportTaskState, str]] = ..., items: _Optional[_Iterable[_Union[ExportItem, _Mapping]]] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., stream: _Optional[_Union[_common_pb2.Stream, str]] = ..., destination: _Optional[_Union[ExportDestination, _Mapping]] = ..., folder: _Optional[str] = ..., bytes_done: _Optional[int] = ..., percent: _Optional[float] = ..., media_done: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., media_total: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., eta: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., error: _Optional[str] = ..., files: _Optional[_Iterable[_Union[ExportFile, _Mapping]]] = ..., created_by: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateExportTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: ExportTaskInfo
    def __init__(self, task: _Optional[_Union[ExportTaskInfo, _Mapping]] = ...) -> None: ...

class ListExportTasksRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListExportTasksResponse(_message.Message):
    __slots__ = ("tasks", "next_page_token")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[ExportTaskInfo]
    next_page_token: str
    def __init__(self, tasks: _Optional[_Iterable[_Union[ExportTaskInfo, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetExportTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: int
    def __init__(self, task_id: _Optional[int] = ...) -> None: ...

class GetExportTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: ExportTaskInfo
    def __init__(self, task: _Optional[_Union[ExportTaskInfo, _Mapping]] = ...) -> None: ...

class PauseExportTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: int
    def __init__(self, task_id: _Optional[int] = ...) -> None: ...

class PauseExportTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: ExportTaskInfo
    def __init__(self, task: _Optional[_Union[ExportTaskInfo, _Mapping]] = ...) -> None: ...

class ResumeExportTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: int
    def __init__(self, task_id: _Optional[int] = ...) -> None: ...

class ResumeExportTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: ExportTaskInfo
    def __init__(self, task: _Optional[_Union[ExportTaskInfo, _Mapping]] = ...) -> None: ...

class CancelExportTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: int
    def __init__(self, task_id: _Optional[int] = ...) -> None: ...

class CancelExportTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: ExportTaskInfo
    def __init__(self, task: _Optional[_Union[ExportTaskInfo, _Mapping]] = ...) -> None: ...

class DeleteExportTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: int
    def __init__(self, task_id: _Optional[int] = ...) -> None: ...

class DeleteExportTaskResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DownloadExportFileRequest(_message.Message):
    __slots__ = ("task_id", "name")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    task_id: int
    name: str
    def __init__(self, task_id: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class DownloadExportFileResponse(_message.Message):
    __slots__ = ("data", "size_bytes")
    DATA_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    size_bytes: int
    def __init__(self, data: _Optional[bytes] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class ListExportRootsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportRoot(_message.Message):
    __slots__ = ("name", "path", "free_bytes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    FREE_BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    path: str
    free_bytes: int
    def __init__(self, name: _Optional[str] = ..., path: _Optional[str] = ..., free_bytes: _Optional[int] = ...) -> None: ...

class ListExportRootsResponse(_message.Message):
    __slots__ = ("roots",)
    ROOTS_FIELD_NUMBER: _ClassVar[int]
    roots: _containers.RepeatedCompositeFieldContainer[ExportRoot]
    def __init__(self, roots: _Optional[_Iterable[_Union[ExportRoot, _Mapping]]] = ...) -> None: ...
