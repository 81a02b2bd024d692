import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResourceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESOURCE_KIND_UNSPECIFIED: _ClassVar[ResourceKind]
    RESOURCE_KIND_CAMERAS: _ClassVar[ResourceKind]
    RESOURCE_KIND_CAMERA_STATUS: _ClassVar[ResourceKind]
    RESOURCE_KIND_VIEWS: _ClassVar[ResourceKind]
    RESOURCE_KIND_SETTINGS: _ClassVar[ResourceKind]
    RESOURCE_KIND_VOLUMES: _ClassVar[ResourceKind]
    RESOURCE_KIND_USERS: _ClassVar[ResourceKind]
    RESOURCE_KIND_GROUPS: _ClassVar[ResourceKind]
    RESOURCE_KIND_EXPORT_TASKS: _ClassVar[ResourceKind]
    RESOURCE_KIND_TAGS: _ClassVar[ResourceKind]

class ChangeAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANGE_ACTION_UNSPECIFIED: _ClassVar[ChangeAction]
    CHANGE_ACTION_CREATED: _ClassVar[ChangeAction]
    CHANGE_ACTION_UPDATED: _ClassVar[ChangeAction]
    CHANGE_ACTION_DELETED: _ClassVar[ChangeAction]
RESOURCE_KIND_UNSPECIFIED: ResourceKind
RESOURCE_KIND_CAMERAS: ResourceKind
RESOURCE_KIND_CAMERA_STATUS: ResourceKind
RESOURCE_KIND_VIEWS: ResourceKind
RESOURCE_KIND_SETTINGS: ResourceKind
RESOURCE_KIND_VOLUMES: ResourceKind
RESOURCE_KIND_USERS: ResourceKind
RESOURCE_KIND_GROUPS: ResourceKind
RESOURCE_KIND_EXPORT_TASKS: ResourceKind
RESOURCE_KIND_TAGS: ResourceKind
CHANGE_ACTION_UNSPECIFIED: ChangeAction
CHANGE_ACTION_CREATED: ChangeAction
CHANGE_ACTION_UPDATED: ChangeAction
CHANGE_ACTION_DELETED: ChangeAction

class WatchEventsRequest(_message.Message):
    __slots__ = ("kinds",)
    KINDS_FIELD_NUMBER: _ClassVar[int]
    kinds: _containers.RepeatedScalarFieldContainer[ResourceKind]
    def __init__(self, kinds: _Optional[_Iterable[_Union[ResourceKind, str]]] = ...) -> None: ...

class WatchEventsResponse(_message.Message):
    __slots__ = ("time", "changed", "heartbeat", "keyboard", "motion")
    TIME_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    KEYBOARD_FIELD_NUMBER: _ClassVar[int]
    MOTION_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    changed: ResourceChanged
    heartbeat: FeedHeartbeat
    keyboard: KeyboardEvent
    motion: MotionState
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., changed: _Optional[_Union[ResourceChanged, _Mapping]] = ..., heartbeat: _Optional[_Union[FeedHeartbeat, _Mapping]] = ..., keyboard: _Optional[_Union[KeyboardEvent, _Mapping]] = ..., motion: _Optional[_Union[MotionState, _Mapping]] = ...) -> None: ...

class MotionState(_message.Message):
    __slots__ = ("camera_id", "active", "source", "time", "areas")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    active: bool
    source: str
    time: _timestamp_pb2.Timestamp
    areas: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, camera_id: _Optional[int] = ..., active: _Optional[bool] = ..., source: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., areas: _Optional[_Iterable[str]] = ...) -> None: ...

class ResourceChanged(_message.Message):
    __slots__ = ("kind", "action", "ids")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    kind: ResourceKind
    action: ChangeAction
    ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, kind: _Optional[_Union[ResourceKind, str]] = ..., action: _Optional[_Union[ChangeAction, str]] = ..., ids: _Optional[_Iterable[int]] = ...) -> None: ...

class KeyboardEvent(_message.Message):
    __slots__ = ("number", "camera_id", "dvr_key")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    DVR_KEY_FIELD_NUMBER: _ClassVar[int]
    number: int
    camera_id: int
    dvr_key: int
    def __init__(self, number: _Optional[int] = ..., camera_id: _Optional[int] = ..., dvr_key: _Optional[int] = ...) -> None: ...

class FeedHeartbeat(_message.Message):
    __slots__ = ("interval",)
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    interval: _duration_pb2.Duration
    def __init__(self, interval: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...
