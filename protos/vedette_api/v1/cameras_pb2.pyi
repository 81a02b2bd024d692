import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from vedette_api.v1 import common_pb2 as _common_pb2
from vedette_api.v1 import media_pb2 as _media_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PrivacyMasksState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRIVACY_MASKS_STATE_UNSPECIFIED: _ClassVar[PrivacyMasksState]
    PRIVACY_MASKS_STATE_BY_VEDETTE: _ClassVar[PrivacyMasksState]
    PRIVACY_MASKS_STATE_PUSHING: _ClassVar[PrivacyMasksState]
    PRIVACY_MASKS_STATE_ON_CAMERA: _ClassVar[PrivacyMasksState]
    PRIVACY_MASKS_STATE_FAILED: _ClassVar[PrivacyMasksState]

class OnvifEventsState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ONVIF_EVENTS_STATE_UNSPECIFIED: _ClassVar[OnvifEventsState]
    ONVIF_EVENTS_STATE_OFF: _ClassVar[OnvifEventsState]
    ONVIF_EVENTS_STATE_NOT_SUPPORTED: _ClassVar[OnvifEventsState]
    ONVIF_EVENTS_STATE_CONNECTING: _ClassVar[OnvifEventsState]
    ONVIF_EVENTS_STATE_SUBSCRIBED: _ClassVar[OnvifEventsState]
    ONVIF_EVENTS_STATE_RETRYING: _ClassVar[OnvifEventsState]

class StreamState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STREAM_STATE_UNSPECIFIED: _ClassVar[StreamState]
    STREAM_STATE_CONNECTING: _ClassVar[StreamState]
    STREAM_STATE_ONLINE: _ClassVar[StreamState]
    STREAM_STATE_OFFLINE: _ClassVar[StreamState]
    STREAM_STATE_DISABLED: _ClassVar[StreamState]

class OfflineReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFLINE_REASON_UNSPECIFIED: _ClassVar[OfflineReason]
    OFFLINE_REASON_AUTH_FAILED: _ClassVar[OfflineReason]
    OFFLINE_REASON_TIMEOUT: _ClassVar[OfflineReason]
    OFFLINE_REASON_REFUSED: _ClassVar[OfflineReason]
    OFFLINE_REASON_UNSUPPORTED_CODEC: _ClassVar[OfflineReason]
    OFFLINE_REASON_STREAM_ENDED: _ClassVar[OfflineReason]
    OFFLINE_REASON_NO_WRITABLE_VOLUME: _ClassVar[OfflineReason]
    OFFLINE_REASON_ERROR: _ClassVar[OfflineReason]

class OnvifError(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ONVIF_ERROR_UNSPECIFIED: _ClassVar[OnvifError]
    ONVIF_ERROR_UNREACHABLE: _ClassVar[OnvifError]
    ONVIF_ERROR_NOT_AUTHORIZED: _ClassVar[OnvifError]
    ONVIF_ERROR_CLOCK_SKEW: _ClassVar[OnvifError]
    ONVIF_ERROR_DIGEST_REQUIRED: _ClassVar[OnvifError]
    ONVIF_ERROR_NOT_ONVIF: _ClassVar[OnvifError]

class OsdPosition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OSD_POSITION_UNSPECIFIED: _ClassVar[OsdPosition]
    OSD_POSITION_UPPER_LEFT: _ClassVar[OsdPosition]
    OSD_POSITION_UPPER_RIGHT: _ClassVar[OsdPosition]
    OSD_POSITION_LOWER_LEFT: _ClassVar[OsdPosition]
    OSD_POSITION_LOWER_RIGHT: _ClassVar[OsdPosition]
    OSD_POSITION_CUSTOM: _ClassVar[OsdPosition]

class OsdText(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OSD_TEXT_UNSPECIFIED: _ClassVar[OsdText]
    OSD_TEXT_PLAIN: _ClassVar[OsdText]
    OSD_TEXT_DATE: _ClassVar[OsdText]
    OSD_TEXT_TIME: _ClassVar[OsdText]
    OSD_TEXT_DATE_AND_TIME: _ClassVar[OsdText]

class StreamRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STREAM_ROLE_UNSPECIFIED: _ClassVar[StreamRole]
    STREAM_ROLE_MAIN: _ClassVar[StreamRole]
    STREAM_ROLE_SUB: _ClassVar[StreamRole]

class FirmwareUpgradeStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FIRMWARE_UPGRADE_STAGE_UNSPECIFIED: _ClassVar[FirmwareUpgradeStage]
    FIRMWARE_UPGRADE_STAGE_RECEIVED: _ClassVar[FirmwareUpgradeStage]
    FIRMWARE_UPGRADE_STAGE_SENT: _ClassVar[FirmwareUpgradeStage]
    FIRMWARE_UPGRADE_STAGE_DONE: _ClassVar[FirmwareUpgradeStage]
PRIVACY_MASKS_STATE_UNSPECIFIED: PrivacyMasksState
PRIVACY_MASKS_STATE_BY_VEDETTE: PrivacyMasksState
PRIVACY_MASKS_STATE_PUSHING: PrivacyMasksState
PRIVACY_MASKS_STATE_ON_CAMERA: PrivacyMasksState
PRIVACY_MASKS_STATE_FAILED: PrivacyMasksState
ONVIF_EVENTS_STATE_UNSPECIFIED: OnvifEventsState
ONVIF_EVENTS_STATE_OFF: OnvifEventsState
ONVIF_EVENTS_STATE_NOT_SUPPORTED: OnvifEventsState
ONVIF_EVENTS_STATE_CONNECTING: OnvifEventsState
ONVIF_EVENTS_STATE_SUBSCRIBED: OnvifEventsState
ONVIF_EVENTS_STATE_RETRYING: OnvifEventsState
STREAM_STATE_UNSPECIFIED: StreamState
STREAM_STATE_CONNECTING: StreamState
STREAM_STATE_ONLINE: StreamState
STREAM_STATE_OFFLINE: StreamState
STREAM_STATE_DISABLED: StreamState
OFFLINE_REASON_UNSPECIFIED: OfflineReason
OFFLINE_REASON_AUTH_FAILED: OfflineReason
OFFLINE_REASON_TIMEOUT: OfflineReason
OFFLINE_REASON_REFUSED: OfflineReason
OFFLINE_REASON_UNSUPPORTED_CODEC: OfflineReason
OFFLINE_REASON_STREAM_ENDED: OfflineReason
OFFLINE_REASON_NO_WRITABLE_VOLUME: OfflineReason
OFFLINE_REASON_ERROR: OfflineReason
ONVIF_ERROR_UNSPECIFIED: OnvifError
ONVIF_ERROR_UNREACHABLE: OnvifError
ONVIF_ERROR_NOT_AUTHORIZED: OnvifError
ONVIF_ERROR_CLOCK_SKEW: OnvifError
ONVIF_ERROR_DIGEST_REQUIRED: OnvifError
ONVIF_ERROR_NOT_ONVIF: OnvifError
OSD_POSITION_UNSPECIFIED: OsdPosition
OSD_POSITION_UPPER_LEFT: OsdPosition
OSD_POSITION_UPPER_RIGHT: OsdPosition
OSD_POSITION_LOWER_LEFT: OsdPosition
OSD_POSITION_LOWER_RIGHT: OsdPosition
OSD_POSITION_CUSTOM: OsdPosition
OSD_TEXT_UNSPECIFIED: OsdText
OSD_TEXT_PLAIN: OsdText
OSD_TEXT_DATE: OsdText
OSD_TEXT_TIME: OsdText
OSD_TEXT_DATE_AND_TIME: OsdText
STREAM_ROLE_UNSPECIFIED: StreamRole
STREAM_ROLE_MAIN: StreamRole
STREAM_ROLE_SUB: StreamRole
FIRMWARE_UPGRADE_STAGE_UNSPECIFIED: FirmwareUpgradeStage
FIRMWARE_UPGRADE_STAGE_RECEIVED: FirmwareUpgradeStage
FIRMWARE_UPGRADE_STAGE_SENT: FirmwareUpgradeStage
FIRMWARE_UPGRADE_STAGE_DONE: FirmwareUpgradeStage

class Camera(_message.Message):
    __slots__ = ("id", "name", "main_url", "sub_url", "camera_user", "camera_password", "has_credentials", "disk_group", "enabled", "expiry_days", "record_audio", "create_time", "update_time", "status", "onvif", "privacy_masks", "watermark", "masks_on_camera", "recording_server", "site_camera_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MAIN_URL_FIELD_NUMBER: _ClassVar[int]
    SUB_URL_FIELD_NUMBER: _ClassVar[int]
    CAMERA_USER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    HAS_CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    DISK_GROUP_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    EXPIRY_DAYS_FIELD_NUMBER: _ClassVar[int]
    RECORD_AUDIO_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ONVIF_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_MASKS_FIELD_NUMBER: _ClassVar[int]
    WATERMARK_FIELD_NUMBER: _ClassVar[int]
    MASKS_ON_CAMERA_FIELD_NUMBER: _ClassVar[int]
    RECORDING_SERVER_FIELD_NUMBER: _ClassVar[int]
    SITE_CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    main_url: str
    sub_url: str
    camera_user: str
    camera_password: str
    has_credentials: bool
    disk_group: int
    enabled: bool
    expiry_days: int
    record_audio: bool
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    status: CameraStatus
    onvif: OnvifSource
    privacy_masks: _containers.RepeatedCompositeFieldContainer[PrivacyMask]
    watermark: Watermark
    masks_on_camera: bool
    recording_server: str
    site_camera_id: str
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., main_url: _Optional[str] = ..., sub_url: _Optional[str] = ..., camera_user: _Optional[str] = ..., camera_password: _Optional[str] = ..., has_credentials: _Optional[bool] = ..., disk_group: _Optional[int] = ..., enabled: _Optional[bool] = ..., expiry_days: _Optional[int] = ..., record_audio: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[CameraStatus, _Mapping]] = ..., onvif: _Optional[_Union[OnvifSource, _Mapping]] = ..., privacy_masks: _Optional[_Iterable[_Union[PrivacyMask, _Mapping]]] = ..., watermark: _Optional[_Union[Watermark, _Mapping]] = ..., masks_on_camera: _Optional[bool] = ..., recording_server: _Optional[str] = ..., site_camera_id: _Optional[str] = ...) -> None: ...

class PrivacyMask(_message.Message):
    __slots__ = ("x", "y", "width", "height")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    width: float
    height: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ..., width: _Optional[float] = ..., height: _Optional[float] = ...) -> None: ...

class Watermark(_message.Message):
    __slots__ = ("enabled", "text")
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    enabled: bool
    text: str
    def __init__(self, enabled: _Optional[bool] = ..., text: _Optional[str] = ...) -> None: ...

class OnvifSource(_message.Message):
    __slots__ = ("address", "port", "capabilities")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    address: str
    port: int
    capabilities: CameraCapabilities
    def __init__(self, address: _Optional[str] = ..., port: _Optional[int] = ..., capabilities: _Optional[_Union[CameraCapabilities, _Mapping]] = ...) -> None: ...

class CameraCapabilities(_message.Message):
    __slots__ = ("ptz", "imaging", "events", "media2", "audio", "device_io", "input_count", "output_count")
    PTZ_FIELD_NUMBER: _ClassVar[int]
    IMAGING_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    MEDIA2_FIELD_NUMBER: _ClassVar[int]
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    DEVICE_IO_FIELD_NUMBER: _ClassVar[int]
    INPUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    ptz: bool
    imaging: bool
    events: bool
    media2: bool
    audio: bool
    device_io: bool
    input_count: int
    output_count: int
    def __init__(self, ptz: _Optional[bool] = ..., imaging: _Optional[bool] = ..., events: _Optional[bool] = ..., media2: _Optional[bool] = ..., audio: _Optional[bool] = ..., device_io: _Optional[bool] = ..., input_count: _Optional[int] = ..., output_count: _Optional[int] = ...) -> None: ...

class CameraStatus(_message.Message):
    __slots__ = ("main", "sub", "recording", "not_recording_reason", "onvif_events", "privacy_masks")
    MAIN_FIELD_NUMBER: _ClassVar[int]
    SUB_FIELD_NUMBER: _ClassVar[int]
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    NOT_RECORDING_REASON_FIELD_NUMBER: _ClassVar[int]
    ONVIF_EVENTS_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_MASKS_FIELD_NUMBER: _ClassVar[int]
    main: StreamStatus
    sub: StreamStatus
    recording: bool
    not_recording_reason: str
    onvif_events: OnvifEventsStatus
    privacy_masks: PrivacyMasksStatus
    def __init__(self, main: _Optional[_Union[StreamStatus, _Mapping]] = ..., sub: _Optional[_Union[StreamStatus, _Mapping]] = ..., recording: _Optional[bool] = ..., not_recording_reason: _Optional[str] = ..., onvif_events: _Optional[_Union[OnvifEventsStatus, _Mapping]] = ..., privacy_masks: _Optional[_Union[PrivacyMasksStatus, _Mapping]] = ...) -> None: ...

class PrivacyMasksStatus(_message.Message):
    __slots__ = ("state", "detail", "since", "camera_masks")
    STATE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_MASKS_FIELD_NUMBER: _ClassVar[int]
    state: PrivacyMasksState
    detail: str
    since: _timestamp_pb2.Timestamp
    camera_masks: int
    def __init__(self, state: _Optional[_Union[PrivacyMasksState, str]] = ..., detail: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., camera_masks: _Optional[int] = ...) -> None: ...

class OnvifEventsStatus(_message.Message):
    __slots__ = ("state", "detail", "since", "subscriptions")
    STATE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTIONS_FIELD_NUMBER: _ClassVar[int]
    state: OnvifEventsState
    detail: str
    since: _timestamp_pb2.Timestamp
    subscriptions: int
    def __init__(self, state: _Optional[_Union[OnvifEventsState, str]] = ..., detail: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subscriptions: _Optional[int] = ...) -> None: ...

class StreamStatus(_message.Message):
    __slots__ = ("state", "offline_reason", "message", "codec", "width", "height", "fps", "bitrate_kbps", "last_packet_time", "bytes_written", "segment_count")
    STATE_FIELD_NUMBER: _ClassVar[int]
    OFFLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    BITRATE_KBPS_FIELD_NUMBER: _ClassVar[int]
    LAST_PACKET_TIME_FIELD_NUMBER: _ClassVar[int]
    BYTES_WRITTEN_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    state: StreamState
    offline_reason: OfflineReason
    message: str
    codec: _media_pb2.Codec
    width: int
    height: int
    fps: float
    bitrate_kbps: int
    last_packet_time: _timestamp_pb2.Timestamp
    bytes_written: int
    segment_count: int
    def __init__(self, state: _Optional[_Union[StreamState, str]] = ..., offline_reason: _Optional[_Union[OfflineReason, str]] = ..., message: _Optional[str] = ..., codec: _Optional[_Union[_media_pb2.Codec, str]] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., fps: _Optional[float] = ..., bitrate_kbps: _Optional[int] = ..., last_packet_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bytes_written: _Optional[int] = ..., segment_count: _Optional[int] = ...) -> None: ...

class ListCamerasRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCamerasResponse(_message.Message):
    __slots__ = ("cameras", "next_page_token")
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cameras: _containers.RepeatedCompositeFieldContainer[Camera]
    next_page_token: str
    def __init__(self, cameras: _Optional[_Iterable[_Union[Camera, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCameraRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetCameraResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class CreateCameraRequest(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class CreateCameraResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class UpdateCameraRequest(_message.Message):
    __slots__ = ("camera", "update_mask")
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateCameraResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class DeleteCameraRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class DeleteCameraResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DiscoverRequest(_message.Message):
    __slots__ = ("targets", "timeout", "multicast")
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    MULTICAST_FIELD_NUMBER: _ClassVar[int]
    targets: _containers.RepeatedScalarFieldContainer[str]
    timeout: _duration_pb2.Duration
    multicast: bool
    def __init__(self, targets: _Optional[_Iterable[str]] = ..., timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., multicast: _Optional[bool] = ...) -> None: ...

class DiscoverResponse(_message.Message):
    __slots__ = ("camera",)
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    camera: DiscoveredCamera
    def __init__(self, camera: _Optional[_Union[DiscoveredCamera, _Mapping]] = ...) -> None: ...

class DiscoveredCamera(_message.Message):
    __slots__ = ("address", "port", "xaddrs", "scopes", "name", "hardware", "endpoint", "already_added", "camera_id")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    XADDRS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    HARDWARE_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    ALREADY_ADDED_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    address: str
    port: int
    xaddrs: _containers.RepeatedScalarFieldContainer[str]
    scopes: _containers.RepeatedScalarFieldContainer[str]
    name: str
    hardware: str
    endpoint: str
    already_added: bool
    camera_id: int
    def __init__(self, address: _Optional[str] = ..., port: _Optional[int] = ..., xaddrs: _Optional[_Iterable[str]] = ..., scopes: _Optional[_Iterable[str]] = ..., name: _Optional[str] = ..., hardware: _Optional[str] = ..., endpoint: _Optional[str] = ..., already_added: _Optional[bool] = ..., camera_id: _Optional[int] = ...) -> None: ...

class OnvifTarget(_message.Message):
    __slots__ = ("address", "port", "camera_user", "camera_password")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    CAMERA_USER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    address: str
    port: int
    camera_user: str
    camera_password: str
    def __init__(self, address: _Optional[str] = ..., port: _Optional[int] = ..., camera_user: _Optional[str] = ..., camera_password: _Optional[str] = ...) -> None: ...

class TestCameraRequest(_message.Message):
    __slots__ = ("target",)
    TARGET_FIELD_NUMBER: _ClassVar[int]
    target: OnvifTarget
    def __init__(self, target: _Optional[_Union[OnvifTarget, _Mapping]] = ...) -> None: ...

class OnvifProfile(_message.Message):
    __slots__ = ("token", "name", "codec", "width", "height", "fps", "bitrate_kbps", "stream_url", "ptz")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    BITRATE_KBPS_FIELD_NUMBER: _ClassVar[int]
    STREAM_URL_FIELD_NUMBER: _ClassVar[int]
    PTZ_FIELD_NUMBER: _ClassVar[int]
    token: str
    name: str
    codec: _media_pb2.Codec
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    stream_url: str
    ptz: bool
    def __init__(self, token: _Optional[str] = ..., name: _Optional[str] = ..., codec: _Optional[_Union[_media_pb2.Codec, str]] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., fps: _Optional[int] = ..., bitrate_kbps: _Optional[int] = ..., stream_url: _Optional[str] = ..., ptz: _Optional[bool] = ...) -> None: ...

class TestCameraResponse(_message.Message):
    __slots__ = ("error", "error_message", "manufacturer", "model", "firmware_version", "serial_number", "hardware_id", "profiles", "main_url", "sub_url", "capabilities", "clock_offset", "credentials_label")
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MANUFACTURER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FIRMWARE_VERSION_FIELD_NUMBER: _ClassVar[int]
    SERIAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HARDWARE_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILES_FIELD_NUMBER: _ClassVar[int]
    MAIN_URL_FIELD_NUMBER: _ClassVar[int]
    SUB_URL_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    CLOCK_OFFSET_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_LABEL_FIELD_NUMBER: _ClassVar[int]
    error: OnvifError
    error_message: str
    manufacturer: str
    model: str
    firmware_version: str
    serial_number: str
    hardware_id: str
    profiles: _containers.RepeatedCompositeFieldContainer[OnvifProfile]
    main_url: str
    sub_url: str
    capabilities: CameraCapabilities
    clock_offset: _duration_pb2.Duration
    credentials_label: str
    def __init__(self, error: _Optional[_Union[OnvifError, str]] = ..., error_message: _Optional[str] = ..., manufacturer: _Optional[str] = ..., model: _Optional[str] = ..., firmware_version: _Optional[str] = ..., serial_number: _Optional[str] = ..., hardware_id: _Optional[str] = ..., profiles: _Optional[_Iterable[_Union[OnvifProfile, _Mapping]]] = ..., main_url: _Optional[str] = ..., sub_url: _Optional[str] = ..., capabilities: _Optional[_Union[CameraCapabilities, _Mapping]] = ..., clock_offset: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., credentials_label: _Optional[str] = ...) -> None: ...

class AddOnvifCameraRequest(_message.Message):
    __slots__ = ("target", "camera")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    target: OnvifTarget
    camera: Camera
    def __init__(self, target: _Optional[_Union[OnvifTarget, _Mapping]] = ..., camera: _Optional[_Union[Camera, _Mapping]] = ...) -> None: ...

class AddOnvifCameraResponse(_message.Message):
    __slots__ = ("camera", "credentials_label")
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_LABEL_FIELD_NUMBER: _ClassVar[int]
    camera: Camera
    credentials_label: str
    def __init__(self, camera: _Optional[_Union[Camera, _Mapping]] = ..., credentials_label: _Optional[str] = ...) -> None: ...

class ImagingSettings(_message.Message):
    __slots__ = ("brightness", "color_saturation", "contrast", "sharpness", "backlight_compensation", "backlight_compensation_level", "wide_dynamic_range", "wide_dynamic_range_level", "white_balance", "white_balance_cr_gain", "white_balance_cb_gain", "ir_cut_filter", "focus")
    BRIGHTNESS_FIELD_NUMBER: _ClassVar[int]
    COLOR_SATURATION_FIELD_NUMBER: _ClassVar[int]
    CONTRAST_FIELD_NUMBER: _ClassVar[int]
    SHARPNESS_FIELD_NUMBER: _ClassVar[int]
    BACKLIGHT_COMPENSATION_FIELD_NUMBER: _ClassVar[int]
    BACKLIGHT_COMPENSATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    WIDE_DYNAMIC_RANGE_FIELD_NUMBER: _ClassVar[int]
    WIDE_DYNAMIC_RANGE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    WHITE_BALANCE_FIELD_NUMBER: _ClassVar[int]
    WHITE_BALANCE_CR_GAIN_FIELD_NUMBER: _ClassVar[int]
    WHITE_BALANCE_CB_GAIN_FIELD_NUMBER: _ClassVar[int]
    IR_CUT_FILTER_FIELD_NUMBER: _ClassVar[int]
    FOCUS_FIELD_NUMBER: _ClassVar[int]
    brightness: float
    color_saturation: float
    contrast: float
    sharpness: float
    backlight_compensation: str
    backlight_compensation_level: float
    wide_dynamic_range: str
    wide_dynamic_range_level: float
    white_balance: str
    white_balance_cr_gain: float
    white_balance_cb_gain: float
    ir_cut_filter: str
    focus: str
    def __init__(self, brightness: _Optional[float] = ..., color_saturation: _Optional[float] = ..., contrast: _Optional[float] = ..., sharpness: _Optional[float] = ..., backlight_compensation: _Optional[str] = ..., backlight_compensation_level: _Optional[float] = ..., wide_dynamic_range: _Optional[str] = ..., wide_dynamic_range_level: _Optional[float] = ..., white_balance: _Optional[str] = ..., white_balance_cr_gain: _Optional[float] = ..., white_balance_cb_gain: _Optional[float] = ..., ir_cut_filter: _Optional[str] = ..., focus: _Optional[str] = ...) -> None: ...

class ImagingRange(_message.Message):
    __slots__ = ("min", "max")
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    min: float
    max: float
    def __init__(self, min: _Optional[float] = ..., max: _Optional[float] = ...) -> None: ...

class ImagingOptions(_message.Message):
    __slots__ = ("brightness", "color_saturation", "contrast", "sharpness", "backlight_compensation", "backlight_compensation_level", "wide_dynamic_range", "wide_dynamic_range_level", "white_balance", "white_balance_cr_gain", "white_balance_cb_gain", "ir_cut_filter", "focus")
    BRIGHTNESS_FIELD_NUMBER: _ClassVar[int]
    COLOR_SATURATION_FIELD_NUMBER: _ClassVar[int]
    CONTRAST_FIELD_NUMBER: _ClassVar[int]
    SHARPNESS_FIELD_NUMBER: _ClassVar[int]
    BACKLIGHT_COMPENSATION_FIELD_NUMBER: _ClassVar[int]
    BACKLIGHT_COMPENSATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    WIDE_DYNAMIC_RANGE_FIELD_NUMBER: _ClassVar[int]
    WIDE_DYNAMIC_RANGE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    WHITE_BALANCE_FIELD_NUMBER: _ClassVar[int]
    WHITE_BALANCE_CR_GAIN_FIELD_NUMBER: _ClassVar[int]
    WHITE_BALANCE_CB_GAIN_FIELD_NUMBER: _ClassVar[int]
    IR_CUT_FILTER_FIELD_NUMBER: _ClassVar[int]
    FOCUS_FIELD_NUMBER: _ClassVar[int]
    brightness: ImagingRange
    color_saturation: ImagingRange
    contrast: ImagingRange
    sharpness: ImagingRange
    backlight_compensation: _containers.RepeatedScalarFieldContainer[str]
    backlight_compensation_level: ImagingRange
    wide_dynamic_range: _containers.RepeatedScalarFieldContainer[str]
    wide_dynamic_range_level: ImagingRange
    white_balance: _containers.RepeatedScalarFieldContainer[str]
    white_balance_cr_gain: ImagingRange
    white_balance_cb_gain: ImagingRange
    ir_cut_filter: _containers.RepeatedScalarFieldContainer[str]
    focus: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, brightness: _Optional[_Union[ImagingRange, _Mapping]] = ..., color_saturation: _Optional[_Union[ImagingRange, _Mapping]] = ..., contrast: _Optional[_Union[ImagingRange, _Mapping]] = ..., sharpness: _Optional[_Union[ImagingRange, _Mapping]] = ..., backlight_compensation: _Optional[_Iterable[str]] = ..., backlight_compensation_level: _Optional[_Union[ImagingRange, _Mapping]] = ..., wide_dynamic_range: _Optional[_Iterable[str]] = ..., wide_dynamic_range_level: _Optional[_Union[ImagingRange, _Mapping]] = ..., white_balance: _Optional[_Iterable[str]] = ..., white_balance_cr_gain: _Optional[_Union[ImagingRange, _Mapping]] = ..., white_balance_cb_gain: _Optional[_Union[ImagingRange, _Mapping]] = ..., ir_cut_filter: _Optional[_Iterable[str]] = ..., focus: _Optional[_Iterable[str]] = ...) -> None: ...

class GetImagingRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetImagingResponse(_message.Message):
    __slots__ = ("settings", "options")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    settings: ImagingSettings
    options: ImagingOptions
    def __init__(self, settings: _Optional[_Union[ImagingSettings, _Mapping]] = ..., options: _Optional[_Union[ImagingOptions, _Mapping]] = ...) -> None: ...

class SetImagingRequest(_message.Message):
    __slots__ = ("camera_id", "settings")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    settings: ImagingSettings
    def __init__(self, camera_id: _Optional[int] = ..., settings: _Optional[_Union[ImagingSettings, _Mapping]] = ...) -> None: ...

class SetImagingResponse(_message.Message):
    __slots__ = ("settings", "options")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    settings: ImagingSettings
    options: ImagingOptions
    def __init__(self, settings: _Optional[_Union[ImagingSettings, _Mapping]] = ..., options: _Optional[_Union[ImagingOptions, _Mapping]] = ...) -> None: ...

class OsdOverlay(_message.Message):
    __slots__ = ("token", "position", "x", "y", "text", "plain_text", "date_format", "time_format", "font_size", "editable")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PLAIN_TEXT_FIELD_NUMBER: _ClassVar[int]
    DATE_FORMAT_FIELD_NUMBER: _ClassVar[int]
    TIME_FORMAT_FIELD_NUMBER: _ClassVar[int]
    FONT_SIZE_FIELD_NUMBER: _ClassVar[int]
    EDITABLE_FIELD_NUMBER: _ClassVar[int]
    token: str
    position: OsdPosition
    x: float
    y: float
    text: OsdText
    plain_text: str
    date_format: str
    time_format: str
    font_size: int
    editable: bool
    def __init__(self, token: _Optional[str] = ..., position: _Optional[_Union[OsdPosition, str]] = ..., x: _Optional[float] = ..., y: _Optional[float] = ..., text: _Optional[_Union[OsdText, str]] = ..., plain_text: _Optional[str] = ..., date_format: _Optional[str] = ..., time_format: _Optional[str] = ..., font_size: _Optional[int] = ..., editable: _Optional[bool] = ...) -> None: ...

class OsdOptions(_message.Message):
    __slots__ = ("max_overlays", "positions", "texts", "date_formats", "time_formats", "font_size_min", "font_size_max")
    MAX_OVERLAYS_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    TEXTS_FIELD_NUMBER: _ClassVar[int]
    DATE_FORMATS_FIELD_NUMBER: _ClassVar[int]
    TIME_FORMATS_FIELD_NUMBER: _ClassVar[int]
    FONT_SIZE_MIN_FIELD_NUMBER: _ClassVar[int]
    FONT_SIZE_MAX_FIELD_NUMBER: _ClassVar[int]
    max_overlays: int
    positions: _containers.RepeatedScalarFieldContainer[OsdPosition]
    texts: _containers.RepeatedScalarFieldContainer[OsdText]
    date_formats: _containers.RepeatedScalarFieldContainer[str]
    time_formats: _containers.RepeatedScalarFieldContainer[str]
    font_size_min: int
    font_size_max: int
    def __init__(self, max_overlays: _Optional[int] = ..., positions: _Optional[_Iterable[_Union[OsdPosition, str]]] = ..., texts: _Optional[_Iterable[_Union[OsdText, str]]] = ..., date_formats: _Optional[_Iterable[str]] = ..., time_formats: _Optional[_Iterable[str]] = ..., font_size_min: _Optional[int] = ..., font_size_max: _Optional[int] = ...) -> None: ...

class GetOsdRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetOsdResponse(_message.Message):
    __slots__ = ("overlays", "options")
    OVERLAYS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    overlays: _containers.RepeatedCompositeFieldContainer[OsdOverlay]
    options: OsdOptions
    def __init__(self, overlays: _Optional[_Iterable[_Union[OsdOverlay, _Mapping]]] = ..., options: _Optional[_Union[OsdOptions, _Mapping]] = ...) -> None: ...

class SetOsdRequest(_message.Message):
    __slots__ = ("camera_id", "overlay", "update_mask")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    OVERLAY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    overlay: OsdOverlay
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, camera_id: _Optional[int] = ..., overlay: _Optional[_Union[OsdOverlay, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class SetOsdResponse(_message.Message):
    __slots__ = ("token", "overlays")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    OVERLAYS_FIELD_NUMBER: _ClassVar[int]
    token: str
    overlays: _containers.RepeatedCompositeFieldContainer[OsdOverlay]
    def __init__(self, token: _Optional[str] = ..., overlays: _Optional[_Iterable[_Union[OsdOverlay, _Mapping]]] = ...) -> None: ...

class DeleteOsdRequest(_message.Message):
    __slots__ = ("camera_id", "token")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    token: str
    def __init__(self, camera_id: _Optional[int] = ..., token: _Optional[str] = ...) -> None: ...

class DeleteOsdResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StreamResolution(_message.Message):
    __slots__ = ("width", "height")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class StreamOptions(_message.Message):
    __slots__ = ("codecs", "resolutions", "fps_min", "fps_max", "bitrate_min_kbps", "bitrate_max_kbps", "gop_min", "gop_max", "h264_profiles", "rate_controls")
    CODECS_FIELD_NUMBER: _ClassVar[int]
    RESOLUTIONS_FIELD_NUMBER: _ClassVar[int]
    FPS_MIN_FIELD_NUMBER: _ClassVar[int]
    FPS_MAX_FIELD_NUMBER: _ClassVar[int]
    BITRATE_MIN_KBPS_FIELD_NUMBER: _ClassVar[int]
    BITRATE_MAX_KBPS_FIELD_NUMBER: _ClassVar[int]
    GOP_MIN_FIELD_NUMBER: _ClassVar[int]
    GOP_MAX_FIELD_NUMBER: _ClassVar[int]
    H264_PROFILES_FIELD_NUMBER: _ClassVar[int]
    RATE_CONTROLS_FIELD_NUMBER: _ClassVar[int]
    codecs: _containers.RepeatedScalarFieldContainer[str]
    resolutions: _containers.RepeatedCompositeFieldContainer[StreamResolution]
    fps_min: int
    fps_max: int
    bitrate_min_kbps: int
    bitrate_max_kbps: int
    gop_min: int
    gop_max: int
    h264_profiles: _containers.RepeatedScalarFieldContainer[str]
    rate_controls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, codecs: _Optional[_Iterable[str]] = ..., resolutions: _Optional[_Iterable[_Union[StreamResolution, _Mapping]]] = ..., fps_min: _Optional[int] = ..., fps_max: _Optional[int] = ..., bitrate_min_kbps: _Optional[int] = ..., bitrate_max_kbps: _Optional[int] = ..., gop_min: _Optional[int] = ..., gop_max: _Optional[int] = ..., h264_profiles: _Optional[_Iterable[str]] = ..., rate_controls: _Optional[_Iterable[str]] = ...) -> None: ...

class StreamSettings(_message.Message):
    __slots__ = ("role", "profile_token", "codec", "width", "height", "fps", "bitrate_kbps", "gop", "h264_profile", "options", "recommended_min_kbps", "recommended_max_kbps", "rate_control", "audio_codec", "audio_bitrate_kbps", "audio_sample_rate_hz")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PROFILE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    BITRATE_KBPS_FIELD_NUMBER: _ClassVar[int]
    GOP_FIELD_NUMBER: _ClassVar[int]
    H264_PROFILE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDED_MIN_KBPS_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDED_MAX_KBPS_FIELD_NUMBER: _ClassVar[int]
    RATE_CONTROL_FIELD_NUMBER: _ClassVar[int]
    AUDIO_CODEC_FIELD_NUMBER: _ClassVar[int]
    AUDIO_BITRATE_KBPS_FIELD_NUMBER: _ClassVar[int]
    AUDIO_SAMPLE_RATE_HZ_FIELD_NUMBER: _ClassVar[int]
    role: StreamRole
    profile_token: str
    codec: str
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    gop: int
    h264_profile: str
    options: StreamOptions
    recommended_min_kbps: int
    recommended_max_kbps: int
    rate_control: str
    audio_codec: str
    audio_bitrate_kbps: int
    audio_sample_rate_hz: int
    def __init__(self, role: _Optional[_Union[StreamRole, str]] = ..., profile_token: _Optional[str] = ..., codec: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., fps: _Optional[int] = ..., bitrate_kbps: _Optional[int] = ..., gop: _Optional[int] = ..., h264_profile: _Optional[str] = ..., options: _Optional[_Union[StreamOptions, _Mapping]] = ..., recommended_min_kbps: _Optional[int] = ..., recommended_max_kbps: _Optional[int] = ..., rate_control: _Optional[str] = ..., audio_codec: _Optional[str] = ..., audio_bitrate_kbps: _Optional[int] = ..., audio_sample_rate_hz: _Optional[int] = ...) -> None: ...

class StreamChange(_message.Message):
    __slots__ = ("role", "width", "height", "fps", "bitrate_kbps", "gop", "h264_profile", "codec", "rate_control")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    BITRATE_KBPS_FIELD_NUMBER: _ClassVar[int]
    GOP_FIELD_NUMBER: _ClassVar[int]
    H264_PROFILE_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    RATE_CONTROL_FIELD_NUMBER: _ClassVar[int]
    role: StreamRole
    width: int
    height: int
    fps: int
    bitrate_kbps: int
    gop: int
    h264_profile: str
    codec: str
    rate_control: str
    def __init__(self, role: _Optional[_Union[StreamRole, str]] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., fps: _Optional[int] = ..., bitrate_kbps: _Optional[int] = ..., gop: _Optional[int] = ..., h264_profile: _Optional[str] = ..., codec: _Optional[str] = ..., rate_control: _Optional[str] = ...) -> None: ...

class GetStreamSettingsRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetStreamSettingsResponse(_message.Message):
    __slots__ = ("streams",)
    STREAMS_FIELD_NUMBER: _ClassVar[int]
    streams: _containers.RepeatedCompositeFieldContainer[StreamSettings]
    def __init__(self, streams: _Optional[_Iterable[_Union[StreamSettings, _Mapping]]] = ...) -> None: ...

class SetStreamSettingsRequest(_message.Message):
    __slots__ = ("camera_id", "change")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    change: StreamChange
    def __init__(self, camera_id: _Optional[int] = ..., change: _Optional[_Union[StreamChange, _Mapping]] = ...) -> None: ...

class SetStreamSettingsResponse(_message.Message):
    __slots__ = ("streams",)
    STREAMS_FIELD_NUMBER: _ClassVar[int]
    streams: _containers.RepeatedCompositeFieldContainer[StreamSettings]
    def __init__(self, streams: _Optional[_Iterable[_Union[StreamSettings, _Mapping]]] = ...) -> None: ...

class ApplyStreamSettingsRequest(_message.Message):
    __slots__ = ("camera_ids", "change")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    change: StreamChange
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., change: _Optional[_Union[StreamChange, _Mapping]] = ...) -> None: ...

class StreamSettingsResult(_message.Message):
    __slots__ = ("camera_id", "error_code", "error", "streams")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    STREAMS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    error_code: str
    error: str
    streams: _containers.RepeatedCompositeFieldContainer[StreamSettings]
    def __init__(self, camera_id: _Optional[int] = ..., error_code: _Optional[str] = ..., error: _Optional[str] = ..., streams: _Optional[_Iterable[_Union[StreamSettings, _Mapping]]] = ...) -> None: ...

class ApplyStreamSettingsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[StreamSettingsResult]
    def __init__(self, results: _Optional[_Iterable[_Union[StreamSettingsResult, _Mapping]]] = ...) -> None: ...

class SetCameraNetworkRequest(_message.Message):
    __slots__ = ("camera_ids", "address", "prefix_length", "gateway")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    address: str
    prefix_length: int
    gateway: str
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., address: _Optional[str] = ..., prefix_length: _Optional[int] = ..., gateway: _Optional[str] = ...) -> None: ...

class CameraChangeResult(_message.Message):
    __slots__ = ("camera_id", "error_code", "error", "address")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    error_code: str
    error: str
    address: str
    def __init__(self, camera_id: _Optional[int] = ..., error_code: _Optional[str] = ..., error: _Optional[str] = ..., address: _Optional[str] = ...) -> None: ...

class SetCameraNetworkResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CameraChangeResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CameraChangeResult, _Mapping]]] = ...) -> None: ...

class SetCameraPasswordRequest(_message.Message):
    __slots__ = ("camera_ids", "new_password")
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    new_password: str
    def __init__(self, camera_ids: _Optional[_Iterable[int]] = ..., new_password: _Optional[str] = ...) -> None: ...

class SetCameraPasswordResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CameraChangeResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CameraChangeResult, _Mapping]]] = ...) -> None: ...

class DefaultCredential(_message.Message):
    __slots__ = ("label", "manufacturer", "user", "password", "has_password")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    MANUFACTURER_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    HAS_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    label: str
    manufacturer: str
    user: str
    password: str
    has_password: bool
    def __init__(self, label: _Optional[str] = ..., manufacturer: _Optional[str] = ..., user: _Optional[str] = ..., password: _Optional[str] = ..., has_password: _Optional[bool] = ...) -> None: ...

class GetDefaultCredentialsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetDefaultCredentialsResponse(_message.Message):
    __slots__ = ("credentials",)
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    credentials: _containers.RepeatedCompositeFieldContainer[DefaultCredential]
    def __init__(self, credentials: _Optional[_Iterable[_Union[DefaultCredential, _Mapping]]] = ...) -> None: ...

class SetDefaultCredentialsRequest(_message.Message):
    __slots__ = ("credentials",)
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    credentials: _containers.RepeatedCompositeFieldContainer[DefaultCredential]
    def __init__(self, credentials: _Optional[_Iterable[_Union[DefaultCredential, _Mapping]]] = ...) -> None: ...

class SetDefaultCredentialsResponse(_message.Message):
    __slots__ = ("credentials",)
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    credentials: _containers.RepeatedCompositeFieldContainer[DefaultCredential]
    def __init__(self, credentials: _Optional[_Iterable[_Union[DefaultCredential, _Mapping]]] = ...) -> None: ...

class FirmwareFile(_message.Message):
    __slots__ = ("camera_id", "file_name", "size_bytes")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    file_name: str
    size_bytes: int
    def __init__(self, camera_id: _Optional[int] = ..., file_name: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class UpgradeCameraFirmwareRequest(_message.Message):
    __slots__ = ("file", "chunk")
    FILE_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    file: FirmwareFile
    chunk: bytes
    def __init__(self, file: _Optional[_Union[FirmwareFile, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class UpgradeCameraFirmwareResponse(_message.Message):
    __slots__ = ("stage", "message", "firmware_before", "firmware_after", "upgraded", "wait")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIRMWARE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FIRMWARE_AFTER_FIELD_NUMBER: _ClassVar[int]
    UPGRADED_FIELD_NUMBER: _ClassVar[int]
    WAIT_FIELD_NUMBER: _ClassVar[int]
    stage: FirmwareUpgradeStage
    message: str
    firmware_before: str
    firmware_after: str
    upgraded: bool
    wait: _duration_pb2.Duration
    def __init__(self, stage: _Optional[_Union[FirmwareUpgradeStage, str]] = ..., message: _Optional[str] = ..., firmware_before: _Optional[str] = ..., firmware_after: _Optional[str] = ..., upgraded: _Optional[bool] = ..., wait: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...
