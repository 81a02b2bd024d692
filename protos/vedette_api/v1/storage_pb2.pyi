import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VolumeState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOLUME_STATE_UNSPECIFIED: _ClassVar[VolumeState]
    VOLUME_STATE_NONE: _ClassVar[VolumeState]
    VOLUME_STATE_UNAVAILABLE: _ClassVar[VolumeState]
    VOLUME_STATE_READ_WRITE: _ClassVar[VolumeState]
    VOLUME_STATE_FULL: _ClassVar[VolumeState]
    VOLUME_STATE_FOREIGN: _ClassVar[VolumeState]

class DiskHealthStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISK_HEALTH_STATUS_UNSPECIFIED: _ClassVar[DiskHealthStatus]
    DISK_HEALTH_STATUS_PASSED: _ClassVar[DiskHealthStatus]
    DISK_HEALTH_STATUS_FAILING: _ClassVar[DiskHealthStatus]
    DISK_HEALTH_STATUS_UNAVAILABLE: _ClassVar[DiskHealthStatus]
VOLUME_STATE_UNSPECIFIED: VolumeState
VOLUME_STATE_NONE: VolumeState
VOLUME_STATE_UNAVAILABLE: VolumeState
VOLUME_STATE_READ_WRITE: VolumeState
VOLUME_STATE_FULL: VolumeState
VOLUME_STATE_FOREIGN: VolumeState
DISK_HEALTH_STATUS_UNSPECIFIED: DiskHealthStatus
DISK_HEALTH_STATUS_PASSED: DiskHealthStatus
DISK_HEALTH_STATUS_FAILING: DiskHealthStatus
DISK_HEALTH_STATUS_UNAVAILABLE: DiskHealthStatus

class Volume(_message.Message):
    __slots__ = ("id", "path", "disk_group", "state", "capacity_bytes", "free_bytes", "serial", "oldest_recording_time", "newest_recording_time", "error", "health")
    ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    DISK_GROUP_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_BYTES_FIELD_NUMBER: _ClassVar[int]
    FREE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SERIAL_FIELD_NUMBER: _ClassVar[int]
    OLDEST_RECORDING_TIME_FIELD_NUMBER: _ClassVar[int]
    NEWEST_RECORDING_TIME_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    id: int
    path: str
    disk_group: int
    state: VolumeState
    capacity_bytes: int
    free_bytes: int
    serial: str
    oldest_recording_time: _timestamp_pb2.Timestamp
    newest_recording_time: _timestamp_pb2.Timestamp
    error: str
    health: DiskHealth
    def __init__(self, id: _Optional[int] = ..., path: _Optional[str] = ..., disk_group: _Optional[int] = ..., state: _Optional[_Union[VolumeState, str]] = ..., capacity_bytes: _Optional[int] = ..., free_bytes: _Optional[int] = ..., serial: _Optional[str] = ..., oldest_recording_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., newest_recording_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., error: _Optional[str] = ..., health: _Optional[_Union[DiskHealth, _Mapping]] = ...) -> None: ...

class DiskHealth(_message.Message):
    __slots__ = ("status", "device", "model", "temperature_celsius", "reallocated_sectors", "pending_sectors", "power_on_hours", "message", "check_time")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_CELSIUS_FIELD_NUMBER: _ClassVar[int]
    REALLOCATED_SECTORS_FIELD_NUMBER: _ClassVar[int]
    PENDING_SECTORS_FIELD_NUMBER: _ClassVar[int]
    POWER_ON_HOURS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CHECK_TIME_FIELD_NUMBER: _ClassVar[int]
    status: DiskHealthStatus
    device: str
    model: str
    temperature_celsius: int
    reallocated_sectors: int
    pending_sectors: int
    power_on_hours: int
    message: str
    check_time: _timestamp_pb2.Timestamp
    def __init__(self, status: _Optional[_Union[DiskHealthStatus, str]] = ..., device: _Optional[str] = ..., model: _Optional[str] = ..., temperature_celsius: _Optional[int] = ..., reallocated_sectors: _Optional[int] = ..., pending_sectors: _Optional[int] = ..., power_on_hours: _Optional[int] = ..., message: _Optional[str] = ..., check_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DiskGroup(_message.Message):
    __slots__ = ("id", "name", "overwrite", "reserve_bytes", "volume_ids", "camera_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OVERWRITE_FIELD_NUMBER: _ClassVar[int]
    RESERVE_BYTES_FIELD_NUMBER: _ClassVar[int]
    VOLUME_IDS_FIELD_NUMBER: _ClassVar[int]
    CAMERA_IDS_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    overwrite: bool
    reserve_bytes: int
    volume_ids: _containers.RepeatedScalarFieldContainer[int]
    camera_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., overwrite: _Optional[bool] = ..., reserve_bytes: _Optional[int] = ..., volume_ids: _Optional[_Iterable[int]] = ..., camera_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ListVolumesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListVolumesResponse(_message.Message):
    __slots__ = ("volumes", "next_page_token")
    VOLUMES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    volumes: _containers.RepeatedCompositeFieldContainer[Volume]
    next_page_token: str
    def __init__(self, volumes: _Optional[_Iterable[_Union[Volume, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AddVolumeRequest(_message.Message):
    __slots__ = ("path", "disk_group")
    PATH_FIELD_NUMBER: _ClassVar[int]
    DISK_GROUP_FIELD_NUMBER: _ClassVar[int]
    path: str
    disk_group: int
    def __init__(self, path: _Optional[str] = ..., disk_group: _Optional[int] = ...) -> None: ...

class AddVolumeResponse(_message.Message):
    __slots__ = ("volume",)
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    volume: Volume
    def __init__(self, volume: _Optional[_Union[Volume, _Mapping]] = ...) -> None: ...

class InitializeVolumeRequest(_message.Message):
    __slots__ = ("volume_id", "force")
    VOLUME_ID_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    volume_id: int
    force: bool
    def __init__(self, volume_id: _Optional[int] = ..., force: _Optional[bool] = ...) -> None: ...

class InitializeVolumeResponse(_message.Message):
    __slots__ = ("volume",)
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    volume: Volume
    def __init__(self, volume: _Optional[_Union[Volume, _Mapping]] = ...) -> None: ...

class UpdateVolumeRequest(_message.Message):
    __slots__ = ("volume", "update_mask")
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    volume: Volume
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, volume: _Optional[_Union[Volume, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateVolumeResponse(_message.Message):
    __slots__ = ("volume",)
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    volume: Volume
    def __init__(self, volume: _Optional[_Union[Volume, _Mapping]] = ...) -> None: ...

class RemoveVolumeRequest(_message.Message):
    __slots__ = ("volume_id",)
    VOLUME_ID_FIELD_NUMBER: _ClassVar[int]
    volume_id: int
    def __init__(self, volume_id: _Optional[int] = ...) -> None: ...

class RemoveVolumeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListDiskGroupsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDiskGroupsResponse(_message.Message):
    __slots__ = ("disk_groups", "next_page_token")
    DISK_GROUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    disk_groups: _containers.RepeatedCompositeFieldContainer[DiskGroup]
    next_page_token: str
    def __init__(self, disk_groups: _Optional[_Iterable[_Union[DiskGroup, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateDiskGroupRequest(_message.Message):
    __slots__ = ("disk_group", "update_mask")
    DISK_GROUP_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    disk_group: DiskGroup
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, disk_group: _Optional[_Union[DiskGroup, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateDiskGroupResponse(_message.Message):
    __slots__ = ("disk_group",)
    DISK_GROUP_FIELD_NUMBER: _ClassVar[int]
    disk_group: DiskGroup
    def __init__(self, disk_group: _Optional[_Union[DiskGroup, _Mapping]] = ...) -> None: ...
