import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import cameras_pb2 as _cameras_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from vedette_api.v1 import storage_pb2 as _storage_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Language(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANGUAGE_UNSPECIFIED: _ClassVar[Language]
    LANGUAGE_ENGLISH: _ClassVar[Language]
    LANGUAGE_FRENCH: _ClassVar[Language]

class DateFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATE_FORMAT_UNSPECIFIED: _ClassVar[DateFormat]
    DATE_FORMAT_YYYY_MM_DD: _ClassVar[DateFormat]
    DATE_FORMAT_MM_DD_YYYY: _ClassVar[DateFormat]
    DATE_FORMAT_DD_MM_YYYY: _ClassVar[DateFormat]

class TimeFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIME_FORMAT_UNSPECIFIED: _ClassVar[TimeFormat]
    TIME_FORMAT_24_HOUR: _ClassVar[TimeFormat]
    TIME_FORMAT_12_HOUR: _ClassVar[TimeFormat]

class TimeSync(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIME_SYNC_UNSPECIFIED: _ClassVar[TimeSync]
    TIME_SYNC_MANUAL: _ClassVar[TimeSync]
    TIME_SYNC_NTP: _ClassVar[TimeSync]

class ClientCertificates(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLIENT_CERTIFICATES_UNSPECIFIED: _ClassVar[ClientCertificates]
    CLIENT_CERTIFICATES_OFF: _ClassVar[ClientCertificates]
    CLIENT_CERTIFICATES_REQUIRED: _ClassVar[ClientCertificates]

class FilterMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FILTER_MODE_UNSPECIFIED: _ClassVar[FilterMode]
    FILTER_MODE_ALLOW: _ClassVar[FilterMode]
    FILTER_MODE_BLOCK: _ClassVar[FilterMode]

class LogType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOG_TYPE_UNSPECIFIED: _ClassVar[LogType]
    LOG_TYPE_OPERATION: _ClassVar[LogType]
    LOG_TYPE_ALARM: _ClassVar[LogType]
    LOG_TYPE_EXCEPTION: _ClassVar[LogType]
    LOG_TYPE_INFORMATION: _ClassVar[LogType]

class UpgradeState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UPGRADE_STATE_UNSPECIFIED: _ClassVar[UpgradeState]
    UPGRADE_STATE_NONE: _ClassVar[UpgradeState]
    UPGRADE_STATE_PENDING: _ClassVar[UpgradeState]
    UPGRADE_STATE_INSTALLING: _ClassVar[UpgradeState]
    UPGRADE_STATE_SUCCEEDED: _ClassVar[UpgradeState]
    UPGRADE_STATE_FAILED: _ClassVar[UpgradeState]

class HostAddressMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HOST_ADDRESS_METHOD_UNSPECIFIED: _ClassVar[HostAddressMethod]
    HOST_ADDRESS_METHOD_DHCP: _ClassVar[HostAddressMethod]
    HOST_ADDRESS_METHOD_STATIC: _ClassVar[HostAddressMethod]
LANGUAGE_UNSPECIFIED: Language
LANGUAGE_ENGLISH: Language
LANGUAGE_FRENCH: Language
DATE_FORMAT_UNSPECIFIED: DateFormat
DATE_FORMAT_YYYY_MM_DD: DateFormat
DATE_FORMAT_MM_DD_YYYY: DateFormat
DATE_FORMAT_DD_MM_YYYY: DateFormat
TIME_FORMAT_UNSPECIFIED: TimeFormat
TIME_FORMAT_24_HOUR: TimeFormat
TIME_FORMAT_12_HOUR: TimeFormat
TIME_SYNC_UNSPECIFIED: TimeSync
TIME_SYNC_MANUAL: TimeSync
TIME_SYNC_NTP: TimeSync
CLIENT_CERTIFICATES_UNSPECIFIED: ClientCertificates
CLIENT_CERTIFICATES_OFF: ClientCertificates
CLIENT_CERTIFICATES_REQUIRED: ClientCertificates
FILTER_MODE_UNSPECIFIED: FilterMode
FILTER_MODE_ALLOW: FilterMode
FILTER_MODE_BLOCK: FilterMode
LOG_TYPE_UNSPECIFIED: LogType
LOG_TYPE_OPERATION: LogType
LOG_TYPE_ALARM: LogType
LOG_TYPE_EXCEPTION: LogType
LOG_TYPE_INFORMATION: LogType
UPGRADE_STATE_UNSPECIFIED: UpgradeState
UPGRADE_STATE_NONE: UpgradeState
UPGRADE_STATE_PENDING: UpgradeState
UPGRADE_STATE_INSTALLING: UpgradeState
UPGRADE_STATE_SUCCEEDED: UpgradeState
UPGRADE_STATE_FAILED: UpgradeState
HOST_ADDRESS_METHOD_UNSPECIFIED: HostAddressMethod
HOST_ADDRESS_METHOD_DHCP: HostAddressMethod
HOST_ADDRESS_METHOD_STATIC: HostAddressMethod

class GetServerInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetServerInfoResponse(_message.Message):
    __slots__ = ("server_id", "version", "server_time", "start_time", "device_name", "signing_key_fingerprint")
    SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNING_KEY_FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    server_id: str
    version: str
    server_time: _timestamp_pb2.Timestamp
    start_time: _timestamp_pb2.Timestamp
    device_name: str
    signing_key_fingerprint: str
    def __init__(self, server_id: _Optional[str] = ..., version: _Optional[str] = ..., server_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., device_name: _Optional[str] = ..., signing_key_fingerprint: _Optional[str] = ...) -> None: ...

class GetSystemInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class InterfaceAddress(_message.Message):
    __slots__ = ("family", "address", "prefix_length")
    FAMILY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    family: str
    address: str
    prefix_length: int
    def __init__(self, family: _Optional[str] = ..., address: _Optional[str] = ..., prefix_length: _Optional[int] = ...) -> None: ...

class NetworkInterface(_message.Message):
    __slots__ = ("name", "mac", "addresses", "up", "speed_mbps", "rx_bytes", "tx_bytes", "rx_bps", "tx_bps")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MAC_FIELD_NUMBER: _ClassVar[int]
    ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    UP_FIELD_NUMBER: _ClassVar[int]
    SPEED_MBPS_FIELD_NUMBER: _ClassVar[int]
    RX_BYTES_FIELD_NUMBER: _ClassVar[int]
    TX_BYTES_FIELD_NUMBER: _ClassVar[int]
    RX_BPS_FIELD_NUMBER: _ClassVar[int]
    TX_BPS_FIELD_NUMBER: _ClassVar[int]
    name: str
    mac: str
    addresses: _containers.RepeatedCompositeFieldContainer[InterfaceAddress]
    up: bool
    speed_mbps: int
    rx_bytes: int
    tx_bytes: int
    rx_bps: float
    tx_bps: float
    def __init__(self, name: _Optional[str] = ..., mac: _Optional[str] = ..., addresses: _Optional[_Iterable[_Union[InterfaceAddress, _Mapping]]] = ..., up: _Optional[bool] = ..., speed_mbps: _Optional[int] = ..., rx_bytes: _Optional[int] = ..., tx_bytes: _Optional[int] = ..., rx_bps: _Optional[float] = ..., tx_bps: _Optional[float] = ...) -> None: ...

class CameraSummary(_message.Message):
    __slots__ = ("camera_id", "name", "enabled", "status")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    name: str
    enabled: bool
    status: _cameras_pb2.CameraStatus
    def __init__(self, camera_id: _Optional[int] = ..., name: _Optional[str] = ..., enabled: _Optional[bool] = ..., status: _Optional[_Union[_cameras_pb2.CameraStatus, _Mapping]] = ...) -> None: ...

class GetSystemInfoResponse(_message.Message):
    __slots__ = ("server_id", "version", "device_name", "device_number", "host_name", "platform", "start_time", "uptime", "server_time", "cameras", "cameras_online", "cameras_recording", "volumes", "interfaces", "sessions")
    SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HOST_NAME_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    UPTIME_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_ONLINE_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_RECORDING_FIELD_NUMBER: _ClassVar[int]
    VOLUMES_FIELD_NUMBER: _ClassVar[int]
    INTERFACES_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    server_id: str
    version: str
    device_name: str
    device_number: int
    host_name: str
    platform: str
    start_time: _timestamp_pb2.Timestamp
    uptime: _duration_pb2.Duration
    server_time: _timestamp_pb2.Timestamp
    cameras: _containers.RepeatedCompositeFieldContainer[CameraSummary]
    cameras_online: int
    cameras_recording: int
    volumes: _containers.RepeatedCompositeFieldContainer[_storage_pb2.Volume]
    interfaces: _containers.RepeatedCompositeFieldContainer[NetworkInterface]
    sessions: int
    def __init__(self, server_id: _Optional[str] = ..., version: _Optional[str] = ..., device_name: _Optional[str] = ..., device_number: _Optional[int] = ..., host_name: _Optional[str] = ..., platform: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., uptime: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., server_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cameras: _Optional[_Iterable[_Union[CameraSummary, _Mapping]]] = ..., cameras_online: _Optional[int] = ..., cameras_recording: _Optional[int] = ..., volumes: _Optional[_Iterable[_Union[_storage_pb2.Volume, _Mapping]]] = ..., interfaces: _Optional[_Iterable[_Union[NetworkInterface, _Mapping]]] = ..., sessions: _Optional[int] = ...) -> None: ...

class GeneralSettings(_message.Message):
    __slots__ = ("device_name", "device_number", "language", "auto_logout", "auto_login_user", "show_wizard")
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LOGOUT_FIELD_NUMBER: _ClassVar[int]
    AUTO_LOGIN_USER_FIELD_NUMBER: _ClassVar[int]
    SHOW_WIZARD_FIELD_NUMBER: _ClassVar[int]
    device_name: str
    device_number: int
    language: Language
    auto_logout: _duration_pb2.Duration
    auto_login_user: str
    show_wizard: bool
    def __init__(self, device_name: _Optional[str] = ..., device_number: _Optional[int] = ..., language: _Optional[_Union[Language, str]] = ..., auto_logout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., auto_login_user: _Optional[str] = ..., show_wizard: _Optional[bool] = ...) -> None: ...

class DisplaySettings(_message.Message):
    __slots__ = ("main_view_id", "main_tour_id", "spot_view_id", "spot_tour_id", "logged_out_cameras")
    MAIN_VIEW_ID_FIELD_NUMBER: _ClassVar[int]
    MAIN_TOUR_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_VIEW_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_TOUR_ID_FIELD_NUMBER: _ClassVar[int]
    LOGGED_OUT_CAMERAS_FIELD_NUMBER: _ClassVar[int]
    main_view_id: int
    main_tour_id: int
    spot_view_id: int
    spot_tour_id: int
    logged_out_cameras: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, main_view_id: _Optional[int] = ..., main_tour_id: _Optional[int] = ..., spot_view_id: _Optional[int] = ..., spot_tour_id: _Optional[int] = ..., logged_out_cameras: _Optional[_Iterable[int]] = ...) -> None: ...

class DateTimeSettings(_message.Message):
    __slots__ = ("time_zone", "date_format", "time_format", "time_sync", "ntp_server", "applied_to_host")
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    DATE_FORMAT_FIELD_NUMBER: _ClassVar[int]
    TIME_FORMAT_FIELD_NUMBER: _ClassVar[int]
    TIME_SYNC_FIELD_NUMBER: _ClassVar[int]
    NTP_SERVER_FIELD_NUMBER: _ClassVar[int]
    APPLIED_TO_HOST_FIELD_NUMBER: _ClassVar[int]
    time_zone: str
    date_format: DateFormat
    time_format: TimeFormat
    time_sync: TimeSync
    ntp_server: str
    applied_to_host: bool
    def __init__(self, time_zone: _Optional[str] = ..., date_format: _Optional[_Union[DateFormat, str]] = ..., time_format: _Optional[_Union[TimeFormat, str]] = ..., time_sync: _Optional[_Union[TimeSync, str]] = ..., ntp_server: _Optional[str] = ..., applied_to_host: _Optional[bool] = ...) -> None: ...

class NetworkSettings(_message.Message):
    __slots__ = ("server_port", "rtsp_port", "rtsp_anonymous")
    SERVER_PORT_FIELD_NUMBER: _ClassVar[int]
    RTSP_PORT_FIELD_NUMBER: _ClassVar[int]
    RTSP_ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    server_port: int
    rtsp_port: int
    rtsp_anonymous: bool
    def __init__(self, server_port: _Optional[int] = ..., rtsp_port: _Optional[int] = ..., rtsp_anonymous: _Optional[bool] = ...) -> None: ...

class SecuritySettings(_message.Message):
    __slots__ = ("session_lifetime", "max_failed_logins", "lockout", "password_min_length", "password_min_classes", "client_certificates")
    SESSION_LIFETIME_FIELD_NUMBER: _ClassVar[int]
    MAX_FAILED_LOGINS_FIELD_NUMBER: _ClassVar[int]
    LOCKOUT_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_MIN_LENGTH_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_MIN_CLASSES_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CERTIFICATES_FIELD_NUMBER: _ClassVar[int]
    session_lifetime: _duration_pb2.Duration
    max_failed_logins: int
    lockout: _duration_pb2.Duration
    password_min_length: int
    password_min_classes: int
    client_certificates: ClientCertificates
    def __init__(self, session_lifetime: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_failed_logins: _Optional[int] = ..., lockout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., password_min_length: _Optional[int] = ..., password_min_classes: _Optional[int] = ..., client_certificates: _Optional[_Union[ClientCertificates, str]] = ...) -> None: ...

class FilterEntry(_message.Message):
    __slots__ = ("value", "enabled")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    value: str
    enabled: bool
    def __init__(self, value: _Optional[str] = ..., enabled: _Optional[bool] = ...) -> None: ...

class AccessFilter(_message.Message):
    __slots__ = ("enabled", "mode", "entries")
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    enabled: bool
    mode: FilterMode
    entries: _containers.RepeatedCompositeFieldContainer[FilterEntry]
    def __init__(self, enabled: _Optional[bool] = ..., mode: _Optional[_Union[FilterMode, str]] = ..., entries: _Optional[_Iterable[_Union[FilterEntry, _Mapping]]] = ...) -> None: ...

class Settings(_message.Message):
    __slots__ = ("general", "date_time", "network", "security", "access_filter", "alarm_notifications", "display", "maintenance")
    GENERAL_FIELD_NUMBER: _ClassVar[int]
    DATE_TIME_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    SECURITY_FIELD_NUMBER: _ClassVar[int]
    ACCESS_FILTER_FIELD_NUMBER: _ClassVar[int]
    ALARM_NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_FIELD_NUMBER: _ClassVar[int]
    MAINTENANCE_FIELD_NUMBER: _ClassVar[int]
    general: GeneralSettings
    date_time: DateTimeSettings
    network: NetworkSettings
    security: SecuritySettings
    access_filter: AccessFilter
    alarm_notifications: AlarmNotificationSettings
    display: DisplaySettings
    maintenance: MaintenanceSettings
    def __init__(self, general: _Optional[_Union[GeneralSettings, _Mapping]] = ..., date_time: _Optional[_Union[DateTimeSettings, _Mapping]] = ..., network: _Optional[_Union[NetworkSettings, _Mapping]] = ..., security: _Optional[_Union[SecuritySettings, _Mapping]] = ..., access_filter: _Optional[_Union[AccessFilter, _Mapping]] = ..., alarm_notifications: _Optional[_Union[AlarmNotificationSettings, _Mapping]] = ..., display: _Optional[_Union[DisplaySettings, _Mapping]] = ..., maintenance: _Optional[_Union[MaintenanceSettings, _Mapping]] = ...) -> None: ...

class MaintenanceSettings(_message.Message):
    __slots__ = ("restart_every_days", "restart_hour", "next_restart_time")
    RESTART_EVERY_DAYS_FIELD_NUMBER: _ClassVar[int]
    RESTART_HOUR_FIELD_NUMBER: _ClassVar[int]
    NEXT_RESTART_TIME_FIELD_NUMBER: _ClassVar[int]
    restart_every_days: int
    restart_hour: int
    next_restart_time: _timestamp_pb2.Timestamp
    def __init__(self, restart_every_days: _Optional[int] = ..., restart_hour: _Optional[int] = ..., next_restart_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AlarmNotificationSettings(_message.Message):
    __slots__ = ("video_popup", "message_popup", "buzzer")
    VIDEO_POPUP_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_POPUP_FIELD_NUMBER: _ClassVar[int]
    BUZZER_FIELD_NUMBER: _ClassVar[int]
    video_popup: _duration_pb2.Duration
    message_popup: _duration_pb2.Duration
    buzzer: _duration_pb2.Duration
    def __init__(self, video_popup: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., message_popup: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., buzzer: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class GetSettingsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: Settings
    def __init__(self, settings: _Optional[_Union[Settings, _Mapping]] = ...) -> None: ...

class UpdateSettingsRequest(_message.Message):
    __slots__ = ("settings", "update_mask")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    settings: Settings
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, settings: _Optional[_Union[Settings, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateSettingsResponse(_message.Message):
    __slots__ = ("settings", "restart_required")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    RESTART_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    settings: Settings
    restart_required: bool
    def __init__(self, settings: _Optional[_Union[Settings, _Mapping]] = ..., restart_required: _Optional[bool] = ...) -> None: ...

class SetSystemTimeRequest(_message.Message):
    __slots__ = ("time",)
    TIME_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetSystemTimeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogEntry(_message.Message):
    __slots__ = ("id", "time", "type", "action", "username", "peer", "camera_id", "outcome", "message", "detail_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PEER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    id: int
    time: _timestamp_pb2.Timestamp
    type: LogType
    action: str
    username: str
    peer: str
    camera_id: int
    outcome: str
    message: str
    detail_json: str
    def __init__(self, id: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., type: _Optional[_Union[LogType, str]] = ..., action: _Optional[str] = ..., username: _Optional[str] = ..., peer: _Optional[str] = ..., camera_id: _Optional[int] = ..., outcome: _Optional[str] = ..., message: _Optional[str] = ..., detail_json: _Optional[str] = ...) -> None: ...

class SearchLogsRequest(_message.Message):
    __slots__ = ("types", "start_time", "end_time", "text", "camera_id", "page_size", "page_token")
    TYPES_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    types: _containers.RepeatedScalarFieldContainer[LogType]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    text: str
    camera_id: int
    page_size: int
    page_token: str
    def __init__(self, types: _Optional[_Iterable[_Union[LogType, str]]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., text: _Optional[str] = ..., camera_id: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class SearchLogsResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LogEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[LogEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ExportConfigRequest(_message.Message):
    __slots__ = ("passphrase",)
    PASSPHRASE_FIELD_NUMBER: _ClassVar[int]
    passphrase: str
    def __init__(self, passphrase: _Optional[str] = ...) -> None: ...

class ExportConfigResponse(_message.Message):
    __slots__ = ("data", "file_name")
    DATA_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    file_name: str
    def __init__(self, data: _Optional[bytes] = ..., file_name: _Optional[str] = ...) -> None: ...

class ConfigChange(_message.Message):
    __slots__ = ("kind", "name", "action", "fields")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    name: str
    action: str
    fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kind: _Optional[str] = ..., name: _Optional[str] = ..., action: _Optional[str] = ..., fields: _Optional[_Iterable[str]] = ...) -> None: ...

class PreviewConfigImportRequest(_message.Message):
    __slots__ = ("data", "passphrase")
    DATA_FIELD_NUMBER: _ClassVar[int]
    PASSPHRASE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    passphrase: str
    def __init__(self, data: _Optional[bytes] = ..., passphrase: _Optional[str] = ...) -> None: ...

class PreviewConfigImportResponse(_message.Message):
    __slots__ = ("source_server_id", "export_time", "signer_fingerprint", "changes")
    SOURCE_SERVER_ID_FIELD_NUMBER: _ClassVar[int]
    EXPORT_TIME_FIELD_NUMBER: _ClassVar[int]
    SIGNER_FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    source_server_id: str
    export_time: _timestamp_pb2.Timestamp
    signer_fingerprint: str
    changes: _containers.RepeatedCompositeFieldContainer[ConfigChange]
    def __init__(self, source_server_id: _Optional[str] = ..., export_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., signer_fingerprint: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[ConfigChange, _Mapping]]] = ...) -> None: ...

class ImportConfigRequest(_message.Message):
    __slots__ = ("data", "passphrase")
    DATA_FIELD_NUMBER: _ClassVar[int]
    PASSPHRASE_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    passphrase: str
    def __init__(self, data: _Optional[bytes] = ..., passphrase: _Optional[str] = ...) -> None: ...

class ImportConfigResponse(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[ConfigChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[ConfigChange, _Mapping]]] = ...) -> None: ...

class FactoryResetRequest(_message.Message):
    __slots__ = ("admin_password", "erase_cameras_and_recordings")
    ADMIN_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ERASE_CAMERAS_AND_RECORDINGS_FIELD_NUMBER: _ClassVar[int]
    admin_password: str
    erase_cameras_and_recordings: bool
    def __init__(self, admin_password: _Optional[str] = ..., erase_cameras_and_recordings: _Optional[bool] = ...) -> None: ...

class FactoryResetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RestartRequest(_message.Message):
    __slots__ = ("delay", "host")
    DELAY_FIELD_NUMBER: _ClassVar[int]
    HOST_FIELD_NUMBER: _ClassVar[int]
    delay: _duration_pb2.Duration
    host: bool
    def __init__(self, delay: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., host: _Optional[bool] = ...) -> None: ...

class RestartResponse(_message.Message):
    __slots__ = ("scheduled_time",)
    SCHEDULED_TIME_FIELD_NUMBER: _ClassVar[int]
    scheduled_time: _timestamp_pb2.Timestamp
    def __init__(self, scheduled_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ShutdownRequest(_message.Message):
    __slots__ = ("delay", "host")
    DELAY_FIELD_NUMBER: _ClassVar[int]
    HOST_FIELD_NUMBER: _ClassVar[int]
    delay: _duration_pb2.Duration
    host: bool
    def __init__(self, delay: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., host: _Optional[bool] = ...) -> None: ...

class ShutdownResponse(_message.Message):
    __slots__ = ("scheduled_time",)
    SCHEDULED_TIME_FIELD_NUMBER: _ClassVar[int]
    scheduled_time: _timestamp_pb2.Timestamp
    def __init__(self, scheduled_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CancelPowerActionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CancelPowerActionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UploadUpgradeRequest(_message.Message):
    __slots__ = ("chunk", "total_bytes")
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    total_bytes: int
    def __init__(self, chunk: _Optional[bytes] = ..., total_bytes: _Optional[int] = ...) -> None: ...

class UploadUpgradeResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: UpgradeStatus
    def __init__(self, status: _Optional[_Union[UpgradeStatus, _Mapping]] = ...) -> None: ...

class GetUpgradeStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetUpgradeStatusResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: UpgradeStatus
    def __init__(self, status: _Optional[_Union[UpgradeStatus, _Mapping]] = ...) -> None: ...

class UpgradeStatus(_message.Message):
    __slots__ = ("state", "running_version", "bundle_version", "message", "update_time", "progress_percent")
    STATE_FIELD_NUMBER: _ClassVar[int]
    RUNNING_VERSION_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_VERSION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_PERCENT_FIELD_NUMBER: _ClassVar[int]
    state: UpgradeState
    running_version: str
    bundle_version: str
    message: str
    update_time: _timestamp_pb2.Timestamp
    progress_percent: int
    def __init__(self, state: _Optional[_Union[UpgradeState, str]] = ..., running_version: _Optional[str] = ..., bundle_version: _Optional[str] = ..., message: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., progress_percent: _Optional[int] = ...) -> None: ...

class HostInterface(_message.Message):
    __slots__ = ("name", "method", "address", "gateway", "dns_servers", "mac_address", "link_up", "configured_here")
    NAME_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_FIELD_NUMBER: _ClassVar[int]
    DNS_SERVERS_FIELD_NUMBER: _ClassVar[int]
    MAC_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LINK_UP_FIELD_NUMBER: _ClassVar[int]
    CONFIGURED_HERE_FIELD_NUMBER: _ClassVar[int]
    name: str
    method: HostAddressMethod
    address: str
    gateway: str
    dns_servers: _containers.RepeatedScalarFieldContainer[str]
    mac_address: str
    link_up: bool
    configured_here: bool
    def __init__(self, name: _Optional[str] = ..., method: _Optional[_Union[HostAddressMethod, str]] = ..., address: _Optional[str] = ..., gateway: _Optional[str] = ..., dns_servers: _Optional[_Iterable[str]] = ..., mac_address: _Optional[str] = ..., link_up: _Optional[bool] = ..., configured_here: _Optional[bool] = ...) -> None: ...

class GetHostNetworkRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetHostNetworkResponse(_message.Message):
    __slots__ = ("interfaces",)
    INTERFACES_FIELD_NUMBER: _ClassVar[int]
    interfaces: _containers.RepeatedCompositeFieldContainer[HostInterface]
    def __init__(self, interfaces: _Optional[_Iterable[_Union[HostInterface, _Mapping]]] = ...) -> None: ...

class UpdateHostNetworkRequest(_message.Message):
    __slots__ = ("interface",)
    INTERFACE_FIELD_NUMBER: _ClassVar[int]
    interface: HostInterface
    def __init__(self, interface: _Optional[_Union[HostInterface, _Mapping]] = ...) -> None: ...

class UpdateHostNetworkResponse(_message.Message):
    __slots__ = ("interface",)
    INTERFACE_FIELD_NUMBER: _ClassVar[int]
    interface: HostInterface
    def __init__(self, interface: _Optional[_Union[HostInterface, _Mapping]] = ...) -> None: ...
