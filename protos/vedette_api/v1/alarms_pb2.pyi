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

class WatchKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WATCH_KIND_UNSPECIFIED: _ClassVar[WatchKind]
    WATCH_KIND_RESOURCES: _ClassVar[WatchKind]
    WATCH_KIND_MOTION: _ClassVar[WatchKind]
    WATCH_KIND_KEYBOARD: _ClassVar[WatchKind]
    WATCH_KIND_EVENTS: _ClassVar[WatchKind]
    WATCH_KIND_ALARMS: _ClassVar[WatchKind]
    WATCH_KIND_IO: _ClassVar[WatchKind]
    WATCH_KIND_POPUPS: _ClassVar[WatchKind]
    WATCH_KIND_BUZZER: _ClassVar[WatchKind]

class ResyncReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESYNC_REASON_UNSPECIFIED: _ClassVar[ResyncReason]
    RESYNC_REASON_OVERFLOW: _ClassVar[ResyncReason]
    RESYNC_REASON_TOO_OLD: _ClassVar[ResyncReason]
    RESYNC_REASON_OTHER_RUN: _ClassVar[ResyncReason]
    RESYNC_REASON_RIGHTS: _ClassVar[ResyncReason]

class AlarmState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALARM_STATE_UNSPECIFIED: _ClassVar[AlarmState]
    ALARM_STATE_NEW: _ClassVar[AlarmState]
    ALARM_STATE_IN_PROGRESS: _ClassVar[AlarmState]
    ALARM_STATE_ON_HOLD: _ClassVar[AlarmState]
    ALARM_STATE_CLOSED: _ClassVar[AlarmState]

class Resolution(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESOLUTION_UNSPECIFIED: _ClassVar[Resolution]
    RESOLUTION_TRUE_ALARM: _ClassVar[Resolution]
    RESOLUTION_FALSE_ALARM: _ClassVar[Resolution]
    RESOLUTION_TEST: _ClassVar[Resolution]
    RESOLUTION_TECHNICAL_FAULT: _ClassVar[Resolution]
    RESOLUTION_OTHER: _ClassVar[Resolution]
    RESOLUTION_AUTO: _ClassVar[Resolution]

class IoKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IO_KIND_UNSPECIFIED: _ClassVar[IoKind]
    IO_KIND_INPUT: _ClassVar[IoKind]
    IO_KIND_OUTPUT: _ClassVar[IoKind]
    IO_KIND_DEVICE: _ClassVar[IoKind]

class PopupKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POPUP_KIND_UNSPECIFIED: _ClassVar[PopupKind]
    POPUP_KIND_VIDEO: _ClassVar[PopupKind]
    POPUP_KIND_MESSAGE: _ClassVar[PopupKind]

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
WATCH_KIND_UNSPECIFIED: WatchKind
WATCH_KIND_RESOURCES: WatchKind
WATCH_KIND_MOTION: WatchKind
WATCH_KIND_KEYBOARD: WatchKind
WATCH_KIND_EVENTS: WatchKind
WATCH_KIND_ALARMS: WatchKind
WATCH_KIND_IO: WatchKind
WATCH_KIND_POPUPS: WatchKind
WATCH_KIND_BUZZER: WatchKind
RESYNC_REASON_UNSPECIFIED: ResyncReason
RESYNC_REASON_OVERFLOW: ResyncReason
RESYNC_REASON_TOO_OLD: ResyncReason
RESYNC_REASON_OTHER_RUN: ResyncReason
RESYNC_REASON_RIGHTS: ResyncReason
ALARM_STATE_UNSPECIFIED: AlarmState
ALARM_STATE_NEW: AlarmState
ALARM_STATE_IN_PROGRESS: AlarmState
ALARM_STATE_ON_HOLD: AlarmState
ALARM_STATE_CLOSED: AlarmState
RESOLUTION_UNSPECIFIED: Resolution
RESOLUTION_TRUE_ALARM: Resolution
RESOLUTION_FALSE_ALARM: Resolution
RESOLUTION_TEST: Resolution
RESOLUTION_TECHNICAL_FAULT: Resolution
RESOLUTION_OTHER: Resolution
RESOLUTION_AUTO: Resolution
IO_KIND_UNSPECIFIED: IoKind
IO_KIND_INPUT: IoKind
IO_KIND_OUTPUT: IoKind
IO_KIND_DEVICE: IoKind
POPUP_KIND_UNSPECIFIED: PopupKind
POPUP_KIND_VIDEO: PopupKind
POPUP_KIND_MESSAGE: PopupKind
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
    __slots__ = ("kinds", "items", "camera_ids", "camera_only", "max_priority", "resume_after_seq", "resume_run_id", "max_batch")
    KINDS_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ONLY_FIELD_NUMBER: _ClassVar[int]
    MAX_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RESUME_AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    RESUME_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_BATCH_FIELD_NUMBER: _ClassVar[int]
    kinds: _containers.RepeatedScalarFieldContainer[ResourceKind]
    items: _containers.RepeatedScalarFieldContainer[WatchKind]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    camera_only: bool
    max_priority: int
    resume_after_seq: int
    resume_run_id: str
    max_batch: int
    def __init__(self, kinds: _Optional[_Iterable[_Union[ResourceKind, str]]] = ..., items: _Optional[_Iterable[_Union[WatchKind, str]]] = ..., camera_ids: _Optional[_Iterable[int]] = ..., camera_only: _Optional[bool] = ..., max_priority: _Optional[int] = ..., resume_after_seq: _Optional[int] = ..., resume_run_id: _Optional[str] = ..., max_batch: _Optional[int] = ...) -> None: ...

class WatchEventsResponse(_message.Message):
    __slots__ = ("time", "seq", "run_id", "changed", "heartbeat", "keyboard", "motion", "alarm", "event_item", "io", "popup", "buzzer", "resync", "batch")
    TIME_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    KEYBOARD_FIELD_NUMBER: _ClassVar[int]
    MOTION_FIELD_NUMBER: _ClassVar[int]
    ALARM_FIELD_NUMBER: _ClassVar[int]
    EVENT_ITEM_FIELD_NUMBER: _ClassVar[int]
    IO_FIELD_NUMBER: _ClassVar[int]
    POPUP_FIELD_NUMBER: _ClassVar[int]
    BUZZER_FIELD_NUMBER: _ClassVar[int]
    RESYNC_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    seq: int
    run_id: str
    changed: ResourceChanged
    heartbeat: FeedHeartbeat
    keyboard: KeyboardEvent
    motion: MotionState
    alarm: Alarm
    event_item: EventItem
    io: IoState
    popup: Popup
    buzzer: Buzzer
    resync: Resync
    batch: FeedBatch
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., seq: _Optional[int] = ..., run_id: _Optional[str] = ..., changed: _Optional[_Union[ResourceChanged, _Mapping]] = ..., heartbeat: _Optional[_Union[FeedHeartbeat, _Mapping]] = ..., keyboard: _Optional[_Union[KeyboardEvent, _Mapping]] = ..., motion: _Optional[_Union[MotionState, _Mapping]] = ..., alarm: _Optional[_Union[Alarm, _Mapping]] = ..., event_item: _Optional[_Union[EventItem, _Mapping]] = ..., io: _Optional[_Union[IoState, _Mapping]] = ..., popup: _Optional[_Union[Popup, _Mapping]] = ..., buzzer: _Optional[_Union[Buzzer, _Mapping]] = ..., resync: _Optional[_Union[Resync, _Mapping]] = ..., batch: _Optional[_Union[FeedBatch, _Mapping]] = ...) -> None: ...

class FeedBatch(_message.Message):
    __slots__ = ("messages",)
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[WatchEventsResponse]
    def __init__(self, messages: _Optional[_Iterable[_Union[WatchEventsResponse, _Mapping]]] = ...) -> None: ...

class Resync(_message.Message):
    __slots__ = ("reason", "oldest_seq")
    REASON_FIELD_NUMBER: _ClassVar[int]
    OLDEST_SEQ_FIELD_NUMBER: _ClassVar[int]
    reason: ResyncReason
    oldest_seq: int
    def __init__(self, reason: _Optional[_Union[ResyncReason, str]] = ..., oldest_seq: _Optional[int] = ...) -> None: ...

class Alarm(_message.Message):
    __slots__ = ("id", "rule_id", "rule_name", "key", "title", "priority", "category", "state", "owner", "first_time", "last_time", "count", "acknowledged_by", "acknowledge_time", "closed_by", "close_time", "resolution", "camera_id", "related_camera_ids", "instructions", "version", "auto_close", "escalated", "storm", "fresh", "snapshot", "activity_kind", "actor")
    ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_NAME_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    FIRST_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_TIME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_BY_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSED_BY_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    RELATED_CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    AUTO_CLOSE_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FIELD_NUMBER: _ClassVar[int]
    STORM_FIELD_NUMBER: _ClassVar[int]
    FRESH_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    id: int
    rule_id: int
    rule_name: str
    key: str
    title: str
    priority: int
    category: str
    state: AlarmState
    owner: str
    first_time: _timestamp_pb2.Timestamp
    last_time: _timestamp_pb2.Timestamp
    count: int
    acknowledged_by: str
    acknowledge_time: _timestamp_pb2.Timestamp
    closed_by: str
    close_time: _timestamp_pb2.Timestamp
    resolution: Resolution
    camera_id: int
    related_camera_ids: _containers.RepeatedScalarFieldContainer[int]
    instructions: str
    version: int
    auto_close: bool
    escalated: bool
    storm: bool
    fresh: bool
    snapshot: bool
    activity_kind: str
    actor: str
    def __init__(self, id: _Optional[int] = ..., rule_id: _Optional[int] = ..., rule_name: _Optional[str] = ..., key: _Optional[str] = ..., title: _Optional[str] = ..., priority: _Optional[int] = ..., category: _Optional[str] = ..., state: _Optional[_Union[AlarmState, str]] = ..., owner: _Optional[str] = ..., first_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., count: _Optional[int] = ..., acknowledged_by: _Optional[str] = ..., acknowledge_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_by: _Optional[str] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolution: _Optional[_Union[Resolution, str]] = ..., camera_id: _Optional[int] = ..., related_camera_ids: _Optional[_Iterable[int]] = ..., instructions: _Optional[str] = ..., version: _Optional[int] = ..., auto_close: _Optional[bool] = ..., escalated: _Optional[bool] = ..., storm: _Optional[bool] = ..., fresh: _Optional[bool] = ..., snapshot: _Optional[bool] = ..., activity_kind: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class AlarmActivity(_message.Message):
    __slots__ = ("kind", "actor", "time", "state_before", "state_after", "version", "before", "after", "text")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    STATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    actor: str
    time: _timestamp_pb2.Timestamp
    state_before: AlarmState
    state_after: AlarmState
    version: int
    before: str
    after: str
    text: str
    def __init__(self, kind: _Optional[str] = ..., actor: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state_before: _Optional[_Union[AlarmState, str]] = ..., state_after: _Optional[_Union[AlarmState, str]] = ..., version: _Optional[int] = ..., before: _Optional[str] = ..., after: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class EventItem(_message.Message):
    __slots__ = ("event_id", "camera_id", "type", "subtype", "key", "start_time", "end_time", "count", "source", "message")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    camera_id: int
    type: str
    subtype: str
    key: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    count: int
    source: str
    message: str
    def __init__(self, event_id: _Optional[int] = ..., camera_id: _Optional[int] = ..., type: _Optional[str] = ..., subtype: _Optional[str] = ..., key: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., count: _Optional[int] = ..., source: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class IoState(_message.Message):
    __slots__ = ("kind", "point_id", "device_id", "name", "camera_id", "active", "armed", "until_time", "actor", "detail", "event_id", "snapshot")
    KIND_FIELD_NUMBER: _ClassVar[int]
    POINT_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ARMED_FIELD_NUMBER: _ClassVar[int]
    UNTIL_TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    kind: IoKind
    point_id: int
    device_id: int
    name: str
    camera_id: int
    active: bool
    armed: bool
    until_time: _timestamp_pb2.Timestamp
    actor: str
    detail: str
    event_id: int
    snapshot: bool
    def __init__(self, kind: _Optional[_Union[IoKind, str]] = ..., point_id: _Optional[int] = ..., device_id: _Optional[int] = ..., name: _Optional[str] = ..., camera_id: _Optional[int] = ..., active: _Optional[bool] = ..., armed: _Optional[bool] = ..., until_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., detail: _Optional[str] = ..., event_id: _Optional[int] = ..., snapshot: _Optional[bool] = ...) -> None: ...

class Popup(_message.Message):
    __slots__ = ("kind", "camera_id", "text", "duration", "alarm_id", "rule_id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    kind: PopupKind
    camera_id: int
    text: str
    duration: _duration_pb2.Duration
    alarm_id: int
    rule_id: int
    def __init__(self, kind: _Optional[_Union[PopupKind, str]] = ..., camera_id: _Optional[int] = ..., text: _Optional[str] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., alarm_id: _Optional[int] = ..., rule_id: _Optional[int] = ...) -> None: ...

class Buzzer(_message.Message):
    __slots__ = ("on", "priority", "duration", "alarm_id", "actor")
    ON_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    on: bool
    priority: int
    duration: _duration_pb2.Duration
    alarm_id: int
    actor: str
    def __init__(self, on: _Optional[bool] = ..., priority: _Optional[int] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., alarm_id: _Optional[int] = ..., actor: _Optional[str] = ...) -> None: ...

class AlarmFilter(_message.Message):
    __slots__ = ("states", "max_priority", "camera_ids", "rule_id", "since", "until", "text")
    STATES_FIELD_NUMBER: _ClassVar[int]
    MAX_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedScalarFieldContainer[AlarmState]
    max_priority: int
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    rule_id: int
    since: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    text: str
    def __init__(self, states: _Optional[_Iterable[_Union[AlarmState, str]]] = ..., max_priority: _Optional[int] = ..., camera_ids: _Optional[_Iterable[int]] = ..., rule_id: _Optional[int] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., text: _Optional[str] = ...) -> None: ...

class ListAlarmsRequest(_message.Message):
    __slots__ = ("filter", "page_size", "page_token")
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    filter: AlarmFilter
    page_size: int
    page_token: str
    def __init__(self, filter: _Optional[_Union[AlarmFilter, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAlarmsResponse(_message.Message):
    __slots__ = ("alarms", "next_page_token")
    ALARMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    alarms: _containers.RepeatedCompositeFieldContainer[Alarm]
    next_page_token: str
    def __init__(self, alarms: _Optional[_Iterable[_Union[Alarm, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAlarmRequest(_message.Message):
    __slots__ = ("alarm_id",)
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    alarm_id: int
    def __init__(self, alarm_id: _Optional[int] = ...) -> None: ...

class GetAlarmResponse(_message.Message):
    __slots__ = ("alarm", "activities", "playback_start", "playback_end")
    ALARM_FIELD_NUMBER: _ClassVar[int]
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    PLAYBACK_START_FIELD_NUMBER: _ClassVar[int]
    PLAYBACK_END_FIELD_NUMBER: _ClassVar[int]
    alarm: Alarm
    activities: _containers.RepeatedCompositeFieldContainer[AlarmActivity]
    playback_start: _timestamp_pb2.Timestamp
    playback_end: _timestamp_pb2.Timestamp
    def __init__(self, alarm: _Optional[_Union[Alarm, _Mapping]] = ..., activities: _Optional[_Iterable[_Union[AlarmActivity, _Mapping]]] = ..., playback_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., playback_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UpdateAlarmRequest(_message.Message):
    __slots__ = ("alarm_id", "expected_version", "acknowledge", "assign", "hold", "resume", "release", "comment", "set_priority", "set_category", "close", "reopen")
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_FIELD_NUMBER: _ClassVar[int]
    ASSIGN_FIELD_NUMBER: _ClassVar[int]
    HOLD_FIELD_NUMBER: _ClassVar[int]
    RESUME_FIELD_NUMBER: _ClassVar[int]
    RELEASE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    SET_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SET_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    REOPEN_FIELD_NUMBER: _ClassVar[int]
    alarm_id: int
    expected_version: int
    acknowledge: AcknowledgeOperation
    assign: AssignOperation
    hold: HoldOperation
    resume: ResumeOperation
    release: ReleaseOperation
    comment: CommentOperation
    set_priority: SetPriorityOperation
    set_category: SetCategoryOperation
    close: CloseOperation
    reopen: ReopenOperation
    def __init__(self, alarm_id: _Optional[int] = ..., expected_version: _Optional[int] = ..., acknowledge: _Optional[_Union[AcknowledgeOperation, _Mapping]] = ..., assign: _Optional[_Union[AssignOperation, _Mapping]] = ..., hold: _Optional[_Union[HoldOperation, _Mapping]] = ..., resume: _Optional[_Union[ResumeOperation, _Mapping]] = ..., release: _Optional[_Union[ReleaseOperation, _Mapping]] = ..., comment: _Optional[_Union[CommentOperation, _Mapping]] = ..., set_priority: _Optional[_Union[SetPriorityOperation, _Mapping]] = ..., set_category: _Optional[_Union[SetCategoryOperation, _Mapping]] = ..., close: _Optional[_Union[CloseOperation, _Mapping]] = ..., reopen: _Optional[_Union[ReopenOperation, _Mapping]] = ...) -> None: ...

class AcknowledgeOperation(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AssignOperation(_message.Message):
    __slots__ = ("owner",)
    OWNER_FIELD_NUMBER: _ClassVar[int]
    owner: str
    def __init__(self, owner: _Optional[str] = ...) -> None: ...

class HoldOperation(_message.Message):
    __slots__ = ("text",)
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class ResumeOperation(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReleaseOperation(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CommentOperation(_message.Message):
    __slots__ = ("text",)
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class SetPriorityOperation(_message.Message):
    __slots__ = ("priority",)
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    priority: int
    def __init__(self, priority: _Optional[int] = ...) -> None: ...

class SetCategoryOperation(_message.Message):
    __slots__ = ("category",)
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    category: str
    def __init__(self, category: _Optional[str] = ...) -> None: ...

class CloseOperation(_message.Message):
    __slots__ = ("resolution", "text")
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    resolution: Resolution
    text: str
    def __init__(self, resolution: _Optional[_Union[Resolution, str]] = ..., text: _Optional[str] = ...) -> None: ...

class ReopenOperation(_message.Message):
    __slots__ = ("text",)
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class UpdateAlarmResponse(_message.Message):
    __slots__ = ("alarm", "activity")
    ALARM_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    alarm: Alarm
    activity: AlarmActivity
    def __init__(self, alarm: _Optional[_Union[Alarm, _Mapping]] = ..., activity: _Optional[_Union[AlarmActivity, _Mapping]] = ...) -> None: ...

class AcknowledgeAlarmsRequest(_message.Message):
    __slots__ = ("alarm_ids", "filter", "expected_versions")
    ALARM_IDS_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    alarm_ids: _containers.RepeatedScalarFieldContainer[int]
    filter: AlarmFilter
    expected_versions: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, alarm_ids: _Optional[_Iterable[int]] = ..., filter: _Optional[_Union[AlarmFilter, _Mapping]] = ..., expected_versions: _Optional[_Iterable[int]] = ...) -> None: ...

class SkippedAlarm(_message.Message):
    __slots__ = ("alarm_id", "reason")
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    alarm_id: int
    reason: str
    def __init__(self, alarm_id: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class AcknowledgeAlarmsResponse(_message.Message):
    __slots__ = ("acknowledged", "acknowledged_ids", "skipped")
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_IDS_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    acknowledged: int
    acknowledged_ids: _containers.RepeatedScalarFieldContainer[int]
    skipped: _containers.RepeatedCompositeFieldContainer[SkippedAlarm]
    def __init__(self, acknowledged: _Optional[int] = ..., acknowledged_ids: _Optional[_Iterable[int]] = ..., skipped: _Optional[_Iterable[_Union[SkippedAlarm, _Mapping]]] = ...) -> None: ...

class GetAlarmStatisticsRequest(_message.Message):
    __slots__ = ("since", "until")
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    since: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    def __init__(self, since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DurationStats(_message.Message):
    __slots__ = ("count", "median", "p90")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_FIELD_NUMBER: _ClassVar[int]
    P90_FIELD_NUMBER: _ClassVar[int]
    count: int
    median: _duration_pb2.Duration
    p90: _duration_pb2.Duration
    def __init__(self, count: _Optional[int] = ..., median: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., p90: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class AlarmGroupStatistics(_message.Message):
    __slots__ = ("priority", "operator", "count", "time_to_acknowledge", "time_to_close", "activities", "acknowledged", "closed")
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    TIME_TO_ACKNOWLEDGE_FIELD_NUMBER: _ClassVar[int]
    TIME_TO_CLOSE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    priority: int
    operator: str
    count: int
    time_to_acknowledge: DurationStats
    time_to_close: DurationStats
    activities: int
    acknowledged: int
    closed: int
    def __init__(self, priority: _Optional[int] = ..., operator: _Optional[str] = ..., count: _Optional[int] = ..., time_to_acknowledge: _Optional[_Union[DurationStats, _Mapping]] = ..., time_to_close: _Optional[_Union[DurationStats, _Mapping]] = ..., activities: _Optional[int] = ..., acknowledged: _Optional[int] = ..., closed: _Optional[int] = ...) -> None: ...

class AlarmCount(_message.Message):
    __slots__ = ("value", "count")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    value: str
    count: int
    def __init__(self, value: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class GetAlarmStatisticsResponse(_message.Message):
    __slots__ = ("total", "by_state", "by_priority", "by_owner", "overall", "per_priority", "per_operator")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_STATE_FIELD_NUMBER: _ClassVar[int]
    BY_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    BY_OWNER_FIELD_NUMBER: _ClassVar[int]
    OVERALL_FIELD_NUMBER: _ClassVar[int]
    PER_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    PER_OPERATOR_FIELD_NUMBER: _ClassVar[int]
    total: int
    by_state: _containers.RepeatedCompositeFieldContainer[AlarmCount]
    by_priority: _containers.RepeatedCompositeFieldContainer[AlarmCount]
    by_owner: _containers.RepeatedCompositeFieldContainer[AlarmCount]
    overall: AlarmGroupStatistics
    per_priority: _containers.RepeatedCompositeFieldContainer[AlarmGroupStatistics]
    per_operator: _containers.RepeatedCompositeFieldContainer[AlarmGroupStatistics]
    def __init__(self, total: _Optional[int] = ..., by_state: _Optional[_Iterable[_Union[AlarmCount, _Mapping]]] = ..., by_priority: _Optional[_Iterable[_Union[AlarmCount, _Mapping]]] = ..., by_owner: _Optional[_Iterable[_Union[AlarmCount, _Mapping]]] = ..., overall: _Optional[_Union[AlarmGroupStatistics, _Mapping]] = ..., per_priority: _Optional[_Iterable[_Union[AlarmGroupStatistics, _Mapping]]] = ..., per_operator: _Optional[_Iterable[_Union[AlarmGroupStatistics, _Mapping]]] = ...) -> None: ...

class TriggerManualAlarmRequest(_message.Message):
    __slots__ = ("name", "camera_id", "priority", "text")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    name: str
    camera_id: int
    priority: int
    text: str
    def __init__(self, name: _Optional[str] = ..., camera_id: _Optional[int] = ..., priority: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class TriggerManualAlarmResponse(_message.Message):
    __slots__ = ("alarm",)
    ALARM_FIELD_NUMBER: _ClassVar[int]
    alarm: Alarm
    def __init__(self, alarm: _Optional[_Union[Alarm, _Mapping]] = ...) -> None: ...

class SilenceBuzzerRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SilenceBuzzerResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TestBuzzerRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TestBuzzerResponse(_message.Message):
    __slots__ = ("duration",)
    DURATION_FIELD_NUMBER: _ClassVar[int]
    duration: _duration_pb2.Duration
    def __init__(self, duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("interval", "snapshot_done")
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_DONE_FIELD_NUMBER: _ClassVar[int]
    interval: _duration_pb2.Duration
    snapshot_done: bool
    def __init__(self, interval: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., snapshot_done: _Optional[bool] = ...) -> None: ...
