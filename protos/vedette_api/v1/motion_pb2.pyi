import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MotionArea(_message.Message):
    __slots__ = ("name", "cells")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    name: str
    cells: bytes
    def __init__(self, name: _Optional[str] = ..., cells: _Optional[bytes] = ...) -> None: ...

class MotionConfig(_message.Message):
    __slots__ = ("enabled", "sensitivity", "hold_seconds", "make_frames", "areas")
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    SENSITIVITY_FIELD_NUMBER: _ClassVar[int]
    HOLD_SECONDS_FIELD_NUMBER: _ClassVar[int]
    MAKE_FRAMES_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    enabled: bool
    sensitivity: int
    hold_seconds: float
    make_frames: int
    areas: _containers.RepeatedCompositeFieldContainer[MotionArea]
    def __init__(self, enabled: _Optional[bool] = ..., sensitivity: _Optional[int] = ..., hold_seconds: _Optional[float] = ..., make_frames: _Optional[int] = ..., areas: _Optional[_Iterable[_Union[MotionArea, _Mapping]]] = ...) -> None: ...

class MotionHealth(_message.Message):
    __slots__ = ("running", "stream", "worker_pid", "lag_ms", "frames_skipped", "frames_analysed", "cpu_ms", "restarts", "event_open", "last_frame")
    RUNNING_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    WORKER_PID_FIELD_NUMBER: _ClassVar[int]
    LAG_MS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_SKIPPED_FIELD_NUMBER: _ClassVar[int]
    FRAMES_ANALYSED_FIELD_NUMBER: _ClassVar[int]
    CPU_MS_FIELD_NUMBER: _ClassVar[int]
    RESTARTS_FIELD_NUMBER: _ClassVar[int]
    EVENT_OPEN_FIELD_NUMBER: _ClassVar[int]
    LAST_FRAME_FIELD_NUMBER: _ClassVar[int]
    running: bool
    stream: str
    worker_pid: int
    lag_ms: int
    frames_skipped: int
    frames_analysed: int
    cpu_ms: float
    restarts: int
    event_open: bool
    last_frame: _timestamp_pb2.Timestamp
    def __init__(self, running: _Optional[bool] = ..., stream: _Optional[str] = ..., worker_pid: _Optional[int] = ..., lag_ms: _Optional[int] = ..., frames_skipped: _Optional[int] = ..., frames_analysed: _Optional[int] = ..., cpu_ms: _Optional[float] = ..., restarts: _Optional[int] = ..., event_open: _Optional[bool] = ..., last_frame: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMotionConfigRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetMotionConfigResponse(_message.Message):
    __slots__ = ("config", "health")
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    config: MotionConfig
    health: MotionHealth
    def __init__(self, config: _Optional[_Union[MotionConfig, _Mapping]] = ..., health: _Optional[_Union[MotionHealth, _Mapping]] = ...) -> None: ...

class SetMotionConfigRequest(_message.Message):
    __slots__ = ("camera_id", "config")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    config: MotionConfig
    def __init__(self, camera_id: _Optional[int] = ..., config: _Optional[_Union[MotionConfig, _Mapping]] = ...) -> None: ...

class SetMotionConfigResponse(_message.Message):
    __slots__ = ("config",)
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    config: MotionConfig
    def __init__(self, config: _Optional[_Union[MotionConfig, _Mapping]] = ...) -> None: ...

class WatchMotionCellsRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class WatchMotionCellsResponse(_message.Message):
    __slots__ = ("time", "cells", "areas")
    TIME_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    cells: bytes
    areas: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cells: _Optional[bytes] = ..., areas: _Optional[_Iterable[str]] = ...) -> None: ...

class CellRect(_message.Message):
    __slots__ = ("x0", "y0", "x1", "y1")
    X0_FIELD_NUMBER: _ClassVar[int]
    Y0_FIELD_NUMBER: _ClassVar[int]
    X1_FIELD_NUMBER: _ClassVar[int]
    Y1_FIELD_NUMBER: _ClassVar[int]
    x0: int
    y0: int
    x1: int
    y1: int
    def __init__(self, x0: _Optional[int] = ..., y0: _Optional[int] = ..., x1: _Optional[int] = ..., y1: _Optional[int] = ...) -> None: ...

class SearchMotionRequest(_message.Message):
    __slots__ = ("camera_ids", "start_time", "end_time", "cells", "rect", "min_duration", "merge_gap")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    RECT_FIELD_NUMBER: _ClassVar[int]
    MIN_DURATION_FIELD_NUMBER: _ClassVar[int]
    MERGE_GAP_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    cells: bytes
    rect: CellRect
    min_duration: _duration_pb2.Duration
    merge_gap: _duration_pb2.Duration
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cells: _Optional[bytes] = ..., rect: _Optional[_Union[CellRect, _Mapping]] = ..., min_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., merge_gap: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class MotionRun(_message.Message):
    __slots__ = ("camera_id", "start_time", "end_time", "seconds")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    seconds: int
    def __init__(self, camera_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., seconds: _Optional[int] = ...) -> None: ...

class SearchMotionResponse(_message.Message):
    __slots__ = ("runs", "progress", "done")
    RUNS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[MotionRun]
    progress: float
    done: bool
    def __init__(self, runs: _Optional[_Iterable[_Union[MotionRun, _Mapping]]] = ..., progress: _Optional[float] = ..., done: _Optional[bool] = ...) -> None: ...
