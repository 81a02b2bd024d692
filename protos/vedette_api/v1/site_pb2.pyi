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

class SiteRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SITE_ROLE_UNSPECIFIED: _ClassVar[SiteRole]
    SITE_ROLE_ADMINISTRATOR: _ClassVar[SiteRole]
    SITE_ROLE_OPERATOR: _ClassVar[SiteRole]
    SITE_ROLE_VIEWER: _ClassVar[SiteRole]

class SiteServerState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SITE_SERVER_STATE_UNSPECIFIED: _ClassVar[SiteServerState]
    SITE_SERVER_STATE_ONLINE: _ClassVar[SiteServerState]
    SITE_SERVER_STATE_OFFLINE: _ClassVar[SiteServerState]
    SITE_SERVER_STATE_LEFT: _ClassVar[SiteServerState]
SITE_ROLE_UNSPECIFIED: SiteRole
SITE_ROLE_ADMINISTRATOR: SiteRole
SITE_ROLE_OPERATOR: SiteRole
SITE_ROLE_VIEWER: SiteRole
SITE_SERVER_STATE_UNSPECIFIED: SiteServerState
SITE_SERVER_STATE_ONLINE: SiteServerState
SITE_SERVER_STATE_OFFLINE: SiteServerState
SITE_SERVER_STATE_LEFT: SiteServerState

class MoveCamerasRequest(_message.Message):
    __slots__ = ("camera_ids", "server", "failback")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    SERVER_FIELD_NUMBER: _ClassVar[int]
    FAILBACK_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    server: str
    failback: bool
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., server: _Optional[str] = ..., failback: _Optional[bool] = ...) -> None: ...

class MoveCamerasResponse(_message.Message):
    __slots__ = ("moved",)
    MOVED_FIELD_NUMBER: _ClassVar[int]
    moved: int
    def __init__(self, moved: _Optional[int] = ...) -> None: ...

class ListSiteAlarmsRequest(_message.Message):
    __slots__ = ("limit", "open_only")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    limit: int
    open_only: bool
    def __init__(self, limit: _Optional[int] = ..., open_only: _Optional[bool] = ...) -> None: ...

class ListSiteAlarmsResponse(_message.Message):
    __slots__ = ("alarms",)
    ALARMS_FIELD_NUMBER: _ClassVar[int]
    alarms: _containers.RepeatedCompositeFieldContainer[SiteAlarm]
    def __init__(self, alarms: _Optional[_Iterable[_Union[SiteAlarm, _Mapping]]] = ...) -> None: ...

class GetCustodyRequest(_message.Message):
    __slots__ = ("camera_id", "start_time", "end_time", "site_camera_id")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SITE_CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    site_camera_id: str
    def __init__(self, camera_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., site_camera_id: _Optional[str] = ...) -> None: ...

class GetCustodyResponse(_message.Message):
    __slots__ = ("site_camera_id", "intervals")
    SITE_CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    INTERVALS_FIELD_NUMBER: _ClassVar[int]
    site_camera_id: str
    intervals: _containers.RepeatedCompositeFieldContainer[CustodyInterval]
    def __init__(self, site_camera_id: _Optional[str] = ..., intervals: _Optional[_Iterable[_Union[CustodyInterval, _Mapping]]] = ...) -> None: ...

class CustodyInterval(_message.Message):
    __slots__ = ("server", "address", "start_time", "end_time", "reason")
    SERVER_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    server: str
    address: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, server: _Optional[str] = ..., address: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class PushAlarmsRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[SiteAlarmItem]
    def __init__(self, items: _Optional[_Iterable[_Union[SiteAlarmItem, _Mapping]]] = ...) -> None: ...

class SiteAlarmItem(_message.Message):
    __slots__ = ("sequence", "alarm")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ALARM_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    alarm: SiteAlarm
    def __init__(self, sequence: _Optional[int] = ..., alarm: _Optional[_Union[SiteAlarm, _Mapping]] = ...) -> None: ...

class PushAlarmsResponse(_message.Message):
    __slots__ = ("acknowledged",)
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    acknowledged: int
    def __init__(self, acknowledged: _Optional[int] = ...) -> None: ...

class SiteAlarm(_message.Message):
    __slots__ = ("server", "alarm_id", "version", "title", "rule_name", "priority", "state", "first_time", "last_time", "count", "camera_names", "site_camera_ids")
    SERVER_FIELD_NUMBER: _ClassVar[int]
    ALARM_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    RULE_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    FIRST_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_TIME_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CAMERA_NAMES_FIELD_NUMBER: _ClassVar[int]
    SITE_CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    server: str
    alarm_id: int
    version: int
    title: str
    rule_name: str
    priority: int
    state: str
    first_time: _timestamp_pb2.Timestamp
    last_time: _timestamp_pb2.Timestamp
    count: int
    camera_names: _containers.RepeatedScalarFieldContainer[str]
    site_camera_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, server: _Optional[str] = ..., alarm_id: _Optional[int] = ..., version: _Optional[int] = ..., title: _Optional[str] = ..., rule_name: _Optional[str] = ..., priority: _Optional[int] = ..., state: _Optional[str] = ..., first_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., count: _Optional[int] = ..., camera_names: _Optional[_Iterable[str]] = ..., site_camera_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class JoinRequest(_message.Message):
    __slots__ = ("token", "csr_pem", "server_id", "name", "address", "version", "standby", "capacity")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CSR_PEM_FIELD_NUMBER: _ClassVar[int]
    SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STANDBY_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    token: str
    csr_pem: bytes
    server_id: str
    name: str
    address: str
    version: str
    standby: bool
    capacity: int
    def __init__(self, token: _Optional[str] = ..., csr_pem: _Optional[bytes] = ..., server_id: _Optional[str] = ..., name: _Optional[str] = ..., address: _Optional[str] = ..., version: _Optional[str] = ..., standby: _Optional[bool] = ..., capacity: _Optional[int] = ...) -> None: ...

class JoinResponse(_message.Message):
    __slots__ = ("certificate_pem", "ca_certificate_pem", "site_id", "site_name", "site_port", "token_keys")
    CERTIFICATE_PEM_FIELD_NUMBER: _ClassVar[int]
    CA_CERTIFICATE_PEM_FIELD_NUMBER: _ClassVar[int]
    SITE_ID_FIELD_NUMBER: _ClassVar[int]
    SITE_NAME_FIELD_NUMBER: _ClassVar[int]
    SITE_PORT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_KEYS_FIELD_NUMBER: _ClassVar[int]
    certificate_pem: bytes
    ca_certificate_pem: bytes
    site_id: str
    site_name: str
    site_port: int
    token_keys: _containers.RepeatedCompositeFieldContainer[SiteTokenKey]
    def __init__(self, certificate_pem: _Optional[bytes] = ..., ca_certificate_pem: _Optional[bytes] = ..., site_id: _Optional[str] = ..., site_name: _Optional[str] = ..., site_port: _Optional[int] = ..., token_keys: _Optional[_Iterable[_Union[SiteTokenKey, _Mapping]]] = ...) -> None: ...

class SiteTokenKey(_message.Message):
    __slots__ = ("kid", "public_key")
    KID_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    kid: str
    public_key: bytes
    def __init__(self, kid: _Optional[str] = ..., public_key: _Optional[bytes] = ...) -> None: ...

class SiteUser(_message.Message):
    __slots__ = ("name", "role", "enabled", "password_hash")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_HASH_FIELD_NUMBER: _ClassVar[int]
    name: str
    role: SiteRole
    enabled: bool
    password_hash: str
    def __init__(self, name: _Optional[str] = ..., role: _Optional[_Union[SiteRole, str]] = ..., enabled: _Optional[bool] = ..., password_hash: _Optional[str] = ...) -> None: ...

class IssueSiteTokenRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class IssueSiteTokenResponse(_message.Message):
    __slots__ = ("site_token", "expire_time", "site_id")
    SITE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    SITE_ID_FIELD_NUMBER: _ClassVar[int]
    site_token: str
    expire_time: _timestamp_pb2.Timestamp
    site_id: str
    def __init__(self, site_token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., site_id: _Optional[str] = ...) -> None: ...

class SiteSettings(_message.Message):
    __slots__ = ("offline_login",)
    OFFLINE_LOGIN_FIELD_NUMBER: _ClassVar[int]
    offline_login: bool
    def __init__(self, offline_login: _Optional[bool] = ...) -> None: ...

class GetSiteSettingsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSiteSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: SiteSettings
    def __init__(self, settings: _Optional[_Union[SiteSettings, _Mapping]] = ...) -> None: ...

class UpdateSiteSettingsRequest(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: SiteSettings
    def __init__(self, settings: _Optional[_Union[SiteSettings, _Mapping]] = ...) -> None: ...

class UpdateSiteSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: SiteSettings
    def __init__(self, settings: _Optional[_Union[SiteSettings, _Mapping]] = ...) -> None: ...

class ListSiteUsersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSiteUsersResponse(_message.Message):
    __slots__ = ("users_version", "users")
    USERS_VERSION_FIELD_NUMBER: _ClassVar[int]
    USERS_FIELD_NUMBER: _ClassVar[int]
    users_version: int
    users: _containers.RepeatedCompositeFieldContainer[SiteUser]
    def __init__(self, users_version: _Optional[int] = ..., users: _Optional[_Iterable[_Union[SiteUser, _Mapping]]] = ...) -> None: ...

class PutSiteUserRequest(_message.Message):
    __slots__ = ("user", "password")
    USER_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    user: SiteUser
    password: str
    def __init__(self, user: _Optional[_Union[SiteUser, _Mapping]] = ..., password: _Optional[str] = ...) -> None: ...

class PutSiteUserResponse(_message.Message):
    __slots__ = ("user", "created")
    USER_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    user: SiteUser
    created: bool
    def __init__(self, user: _Optional[_Union[SiteUser, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class DeleteSiteUserRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteSiteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListServersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SiteServer(_message.Message):
    __slots__ = ("server_id", "name", "address", "state", "last_seen_time", "joined_time", "version", "cameras", "cameras_recording", "standby", "capacity", "cameras_assigned", "clock_offset_ms", "api_certificate_sha256")
    SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_TIME_FIELD_NUMBER: _ClassVar[int]
    JOINED_TIME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_RECORDING_FIELD_NUMBER: _ClassVar[int]
    STANDBY_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    CLOCK_OFFSET_MS_FIELD_NUMBER: _ClassVar[int]
    API_CERTIFICATE_SHA256_FIELD_NUMBER: _ClassVar[int]
    server_id: str
    name: str
    address: str
    state: SiteServerState
    last_seen_time: _timestamp_pb2.Timestamp
    joined_time: _timestamp_pb2.Timestamp
    version: str
    cameras: int
    cameras_recording: int
    standby: bool
    capacity: int
    cameras_assigned: int
    clock_offset_ms: int
    api_certificate_sha256: str
    def __init__(self, server_id: _Optional[str] = ..., name: _Optional[str] = ..., address: _Optional[str] = ..., state: _Optional[_Union[SiteServerState, str]] = ..., last_seen_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., joined_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[str] = ..., cameras: _Optional[int] = ..., cameras_recording: _Optional[int] = ..., standby: _Optional[bool] = ..., capacity: _Optional[int] = ..., cameras_assigned: _Optional[int] = ..., clock_offset_ms: _Optional[int] = ..., api_certificate_sha256: _Optional[str] = ...) -> None: ...

class ListServersResponse(_message.Message):
    __slots__ = ("site_id", "site_name", "servers")
    SITE_ID_FIELD_NUMBER: _ClassVar[int]
    SITE_NAME_FIELD_NUMBER: _ClassVar[int]
    SERVERS_FIELD_NUMBER: _ClassVar[int]
    site_id: str
    site_name: str
    servers: _containers.RepeatedCompositeFieldContainer[SiteServer]
    def __init__(self, site_id: _Optional[str] = ..., site_name: _Optional[str] = ..., servers: _Optional[_Iterable[_Union[SiteServer, _Mapping]]] = ...) -> None: ...

class CreateJoinTokenRequest(_message.Message):
    __slots__ = ("valid_seconds",)
    VALID_SECONDS_FIELD_NUMBER: _ClassVar[int]
    valid_seconds: int
    def __init__(self, valid_seconds: _Optional[int] = ...) -> None: ...

class CreateJoinTokenResponse(_message.Message):
    __slots__ = ("token", "ca_hash", "expire_time")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CA_HASH_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    token: str
    ca_hash: str
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, token: _Optional[str] = ..., ca_hash: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HeartbeatRequest(_message.Message):
    __slots__ = ("address", "version", "cameras", "cameras_recording", "users_version", "ended_since", "cameras_version", "server_time", "api_certificate_sha256")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_RECORDING_FIELD_NUMBER: _ClassVar[int]
    USERS_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENDED_SINCE_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_VERSION_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_FIELD_NUMBER: _ClassVar[int]
    API_CERTIFICATE_SHA256_FIELD_NUMBER: _ClassVar[int]
    address: str
    version: str
    cameras: int
    cameras_recording: int
    users_version: int
    ended_since: int
    cameras_version: int
    server_time: _timestamp_pb2.Timestamp
    api_certificate_sha256: str
    def __init__(self, address: _Optional[str] = ..., version: _Optional[str] = ..., cameras: _Optional[int] = ..., cameras_recording: _Optional[int] = ..., users_version: _Optional[int] = ..., ended_since: _Optional[int] = ..., cameras_version: _Optional[int] = ..., server_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., api_certificate_sha256: _Optional[str] = ...) -> None: ...

class SiteCameraConfig(_message.Message):
    __slots__ = ("site_camera_id", "name", "main_url", "sub_url", "camera_user", "camera_password", "enabled", "record_audio")
    SITE_CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MAIN_URL_FIELD_NUMBER: _ClassVar[int]
    SUB_URL_FIELD_NUMBER: _ClassVar[int]
    CAMERA_USER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    RECORD_AUDIO_FIELD_NUMBER: _ClassVar[int]
    site_camera_id: str
    name: str
    main_url: str
    sub_url: str
    camera_user: str
    camera_password: str
    enabled: bool
    record_audio: bool
    def __init__(self, site_camera_id: _Optional[str] = ..., name: _Optional[str] = ..., main_url: _Optional[str] = ..., sub_url: _Optional[str] = ..., camera_user: _Optional[str] = ..., camera_password: _Optional[str] = ..., enabled: _Optional[bool] = ..., record_audio: _Optional[bool] = ...) -> None: ...

class HeartbeatResponse(_message.Message):
    __slots__ = ("directory_time", "users_version", "users_included", "users", "token_keys", "ended_sessions", "ended_sequence", "cameras_version", "cameras_included", "cameras")
    DIRECTORY_TIME_FIELD_NUMBER: _ClassVar[int]
    USERS_VERSION_FIELD_NUMBER: _ClassVar[int]
    USERS_INCLUDED_FIELD_NUMBER: _ClassVar[int]
    USERS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_KEYS_FIELD_NUMBER: _ClassVar[int]
    ENDED_SESSIONS_FIELD_NUMBER: _ClassVar[int]
    ENDED_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_VERSION_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_INCLUDED_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    directory_time: _timestamp_pb2.Timestamp
    users_version: int
    users_included: bool
    users: _containers.RepeatedCompositeFieldContainer[SiteUser]
    token_keys: _containers.RepeatedCompositeFieldContainer[SiteTokenKey]
    ended_sessions: _containers.RepeatedScalarFieldContainer[str]
    ended_sequence: int
    cameras_version: int
    cameras_included: bool
    cameras: _containers.RepeatedCompositeFieldContainer[SiteCameraConfig]
    def __init__(self, directory_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., users_version: _Optional[int] = ..., users_included: _Optional[bool] = ..., users: _Optional[_Iterable[_Union[SiteUser, _Mapping]]] = ..., token_keys: _Optional[_Iterable[_Union[SiteTokenKey, _Mapping]]] = ..., ended_sessions: _Optional[_Iterable[str]] = ..., ended_sequence: _Optional[int] = ..., cameras_version: _Optional[int] = ..., cameras_included: _Optional[bool] = ..., cameras: _Optional[_Iterable[_Union[SiteCameraConfig, _Mapping]]] = ...) -> None: ...

class LeaveRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LeaveResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
