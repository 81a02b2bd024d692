import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import auth_pb2 as _auth_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Area(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AREA_UNSPECIFIED: _ClassVar[Area]
    AREA_CAMERAS: _ClassVar[Area]
    AREA_RECORDING: _ClassVar[Area]
    AREA_DISKS: _ClassVar[Area]
    AREA_ALARMS: _ClassVar[Area]
    AREA_NETWORK: _ClassVar[Area]
    AREA_ACCOUNTS: _ClassVar[Area]
    AREA_SYSTEM: _ClassVar[Area]
    AREA_LOGS: _ClassVar[Area]
    AREA_ALARM_VIEW: _ClassVar[Area]
    AREA_ALARM_HANDLE: _ClassVar[Area]
    AREA_IO_CONTROL: _ClassVar[Area]

class CameraRight(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAMERA_RIGHT_UNSPECIFIED: _ClassVar[CameraRight]
    CAMERA_RIGHT_LIVE: _ClassVar[CameraRight]
    CAMERA_RIGHT_PLAYBACK: _ClassVar[CameraRight]
    CAMERA_RIGHT_EXPORT: _ClassVar[CameraRight]
    CAMERA_RIGHT_PTZ: _ClassVar[CameraRight]
    CAMERA_RIGHT_AUDIO: _ClassVar[CameraRight]
    CAMERA_RIGHT_UNMASKED: _ClassVar[CameraRight]

class GroupKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GROUP_KIND_UNSPECIFIED: _ClassVar[GroupKind]
    GROUP_KIND_ADMINISTRATOR: _ClassVar[GroupKind]
    GROUP_KIND_ADVANCED: _ClassVar[GroupKind]
    GROUP_KIND_ORDINARY: _ClassVar[GroupKind]
    GROUP_KIND_CUSTOM: _ClassVar[GroupKind]
AREA_UNSPECIFIED: Area
AREA_CAMERAS: Area
AREA_RECORDING: Area
AREA_DISKS: Area
AREA_ALARMS: Area
AREA_NETWORK: Area
AREA_ACCOUNTS: Area
AREA_SYSTEM: Area
AREA_LOGS: Area
AREA_ALARM_VIEW: Area
AREA_ALARM_HANDLE: Area
AREA_IO_CONTROL: Area
CAMERA_RIGHT_UNSPECIFIED: CameraRight
CAMERA_RIGHT_LIVE: CameraRight
CAMERA_RIGHT_PLAYBACK: CameraRight
CAMERA_RIGHT_EXPORT: CameraRight
CAMERA_RIGHT_PTZ: CameraRight
CAMERA_RIGHT_AUDIO: CameraRight
CAMERA_RIGHT_UNMASKED: CameraRight
GROUP_KIND_UNSPECIFIED: GroupKind
GROUP_KIND_ADMINISTRATOR: GroupKind
GROUP_KIND_ADVANCED: GroupKind
GROUP_KIND_ORDINARY: GroupKind
GROUP_KIND_CUSTOM: GroupKind

class CameraAccess(_message.Message):
    __slots__ = ("right", "all_cameras", "camera_ids")
    RIGHT_FIELD_NUMBER: _ClassVar[int]
    ALL_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    right: CameraRight
    all_cameras: bool
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, right: _Optional[_Union[CameraRight, str]] = ..., all_cameras: _Optional[bool] = ..., camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class Rights(_message.Message):
    __slots__ = ("areas", "cameras")
    AREAS_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    areas: _containers.RepeatedScalarFieldContainer[Area]
    cameras: _containers.RepeatedCompositeFieldContainer[CameraAccess]
    def __init__(self, areas: _Optional[_Iterable[_Union[Area, str]]] = ..., cameras: _Optional[_Iterable[_Union[CameraAccess, _Mapping]]] = ...) -> None: ...

class Group(_message.Message):
    __slots__ = ("id", "name", "kind", "local_rights", "remote_rights", "user_count", "create_time", "update_time", "ptz_priority")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LOCAL_RIGHTS_FIELD_NUMBER: _ClassVar[int]
    REMOTE_RIGHTS_FIELD_NUMBER: _ClassVar[int]
    USER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PTZ_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    kind: GroupKind
    local_rights: Rights
    remote_rights: Rights
    user_count: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    ptz_priority: int
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[GroupKind, str]] = ..., local_rights: _Optional[_Union[Rights, _Mapping]] = ..., remote_rights: _Optional[_Union[Rights, _Mapping]] = ..., user_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ptz_priority: _Optional[int] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("id", "name", "password", "group_id", "enabled", "permission_control", "email", "mac_binding", "note", "is_admin", "create_time", "update_time", "password_change_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_CONTROL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    MAC_BINDING_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    IS_ADMIN_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    password: str
    group_id: int
    enabled: bool
    permission_control: bool
    email: str
    mac_binding: str
    note: str
    is_admin: bool
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    password_change_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., password: _Optional[str] = ..., group_id: _Optional[int] = ..., enabled: _Optional[bool] = ..., permission_control: _Optional[bool] = ..., email: _Optional[str] = ..., mac_binding: _Optional[str] = ..., note: _Optional[str] = ..., is_admin: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., password_change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ("user", "update_mask")
    USER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    user: User
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class DeleteUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class DeleteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResetPasswordRequest(_message.Message):
    __slots__ = ("user_id", "new_password")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    new_password: str
    def __init__(self, user_id: _Optional[int] = ..., new_password: _Optional[str] = ...) -> None: ...

class ResetPasswordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMyAccountRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMyAccountResponse(_message.Message):
    __slots__ = ("user", "rights", "local_session")
    USER_FIELD_NUMBER: _ClassVar[int]
    RIGHTS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_SESSION_FIELD_NUMBER: _ClassVar[int]
    user: User
    rights: Rights
    local_session: bool
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., rights: _Optional[_Union[Rights, _Mapping]] = ..., local_session: _Optional[bool] = ...) -> None: ...

class ChangeMyPasswordRequest(_message.Message):
    __slots__ = ("current_password", "new_password")
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    new_password: str
    def __init__(self, current_password: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class ChangeMyPasswordResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetMyRecoveryQuestionsRequest(_message.Message):
    __slots__ = ("current_password", "questions")
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    questions: _containers.RepeatedCompositeFieldContainer[_auth_pb2.RecoveryQuestion]
    def __init__(self, current_password: _Optional[str] = ..., questions: _Optional[_Iterable[_Union[_auth_pb2.RecoveryQuestion, _Mapping]]] = ...) -> None: ...

class SetMyRecoveryQuestionsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListGroupsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListGroupsResponse(_message.Message):
    __slots__ = ("groups", "next_page_token")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[Group]
    next_page_token: str
    def __init__(self, groups: _Optional[_Iterable[_Union[Group, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetGroupRequest(_message.Message):
    __slots__ = ("group_id",)
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: int
    def __init__(self, group_id: _Optional[int] = ...) -> None: ...

class GetGroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: Group
    def __init__(self, group: _Optional[_Union[Group, _Mapping]] = ...) -> None: ...

class CreateGroupRequest(_message.Message):
    __slots__ = ("group", "copy_from_group_id")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    COPY_FROM_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group: Group
    copy_from_group_id: int
    def __init__(self, group: _Optional[_Union[Group, _Mapping]] = ..., copy_from_group_id: _Optional[int] = ...) -> None: ...

class CreateGroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: Group
    def __init__(self, group: _Optional[_Union[Group, _Mapping]] = ...) -> None: ...

class UpdateGroupRequest(_message.Message):
    __slots__ = ("group", "update_mask")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    group: Group
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, group: _Optional[_Union[Group, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateGroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: Group
    def __init__(self, group: _Optional[_Union[Group, _Mapping]] = ...) -> None: ...

class DeleteGroupRequest(_message.Message):
    __slots__ = ("group_id",)
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: int
    def __init__(self, group_id: _Optional[int] = ...) -> None: ...

class DeleteGroupResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Session(_message.Message):
    __slots__ = ("id", "username", "peer", "local_session", "login_time", "last_activity_time", "expire_time", "live_streams", "playback_streams", "live_camera_ids", "playback_camera_ids", "current")
    ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PEER_FIELD_NUMBER: _ClassVar[int]
    LOCAL_SESSION_FIELD_NUMBER: _ClassVar[int]
    LOGIN_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVITY_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    LIVE_STREAMS_FIELD_NUMBER: _ClassVar[int]
    PLAYBACK_STREAMS_FIELD_NUMBER: _ClassVar[int]
    LIVE_CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    PLAYBACK_CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    username: str
    peer: str
    local_session: bool
    login_time: _timestamp_pb2.Timestamp
    last_activity_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    live_streams: int
    playback_streams: int
    live_camera_ids: _containers.RepeatedScalarFieldContainer[int]
    playback_camera_ids: _containers.RepeatedScalarFieldContainer[int]
    current: bool
    def __init__(self, id: _Optional[str] = ..., username: _Optional[str] = ..., peer: _Optional[str] = ..., local_session: _Optional[bool] = ..., login_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_activity_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., live_streams: _Optional[int] = ..., playback_streams: _Optional[int] = ..., live_camera_ids: _Optional[_Iterable[int]] = ..., playback_camera_ids: _Optional[_Iterable[int]] = ..., current: _Optional[bool] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions", "next_page_token")
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    next_page_token: str
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class EndSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class EndSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
