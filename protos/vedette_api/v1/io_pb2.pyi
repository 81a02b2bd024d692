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

class IoDeviceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IO_DEVICE_KIND_UNSPECIFIED: _ClassVar[IoDeviceKind]
    IO_DEVICE_KIND_MODBUS: _ClassVar[IoDeviceKind]
    IO_DEVICE_KIND_VIRTUAL: _ClassVar[IoDeviceKind]
    IO_DEVICE_KIND_ONVIF: _ClassVar[IoDeviceKind]

class IoDeviceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IO_DEVICE_STATUS_UNSPECIFIED: _ClassVar[IoDeviceStatus]
    IO_DEVICE_STATUS_STARTING: _ClassVar[IoDeviceStatus]
    IO_DEVICE_STATUS_ONLINE: _ClassVar[IoDeviceStatus]
    IO_DEVICE_STATUS_OFFLINE: _ClassVar[IoDeviceStatus]
    IO_DEVICE_STATUS_DISABLED: _ClassVar[IoDeviceStatus]

class IoPointKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IO_POINT_KIND_UNSPECIFIED: _ClassVar[IoPointKind]
    IO_POINT_KIND_INPUT: _ClassVar[IoPointKind]
    IO_POINT_KIND_OUTPUT: _ClassVar[IoPointKind]

class IoContact(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IO_CONTACT_UNSPECIFIED: _ClassVar[IoContact]
    IO_CONTACT_NORMALLY_OPEN: _ClassVar[IoContact]
    IO_CONTACT_NORMALLY_CLOSED: _ClassVar[IoContact]

class IoOutputMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IO_OUTPUT_MODE_UNSPECIFIED: _ClassVar[IoOutputMode]
    IO_OUTPUT_MODE_ON: _ClassVar[IoOutputMode]
    IO_OUTPUT_MODE_OFF: _ClassVar[IoOutputMode]
    IO_OUTPUT_MODE_PULSE: _ClassVar[IoOutputMode]
IO_DEVICE_KIND_UNSPECIFIED: IoDeviceKind
IO_DEVICE_KIND_MODBUS: IoDeviceKind
IO_DEVICE_KIND_VIRTUAL: IoDeviceKind
IO_DEVICE_KIND_ONVIF: IoDeviceKind
IO_DEVICE_STATUS_UNSPECIFIED: IoDeviceStatus
IO_DEVICE_STATUS_STARTING: IoDeviceStatus
IO_DEVICE_STATUS_ONLINE: IoDeviceStatus
IO_DEVICE_STATUS_OFFLINE: IoDeviceStatus
IO_DEVICE_STATUS_DISABLED: IoDeviceStatus
IO_POINT_KIND_UNSPECIFIED: IoPointKind
IO_POINT_KIND_INPUT: IoPointKind
IO_POINT_KIND_OUTPUT: IoPointKind
IO_CONTACT_UNSPECIFIED: IoContact
IO_CONTACT_NORMALLY_OPEN: IoContact
IO_CONTACT_NORMALLY_CLOSED: IoContact
IO_OUTPUT_MODE_UNSPECIFIED: IoOutputMode
IO_OUTPUT_MODE_ON: IoOutputMode
IO_OUTPUT_MODE_OFF: IoOutputMode
IO_OUTPUT_MODE_PULSE: IoOutputMode

class ModbusAddress(_message.Message):
    __slots__ = ("host", "port", "unit_id", "input_count", "output_count", "input_base", "output_base")
    HOST_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    INPUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    INPUT_BASE_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_BASE_FIELD_NUMBER: _ClassVar[int]
    host: str
    port: int
    unit_id: int
    input_count: int
    output_count: int
    input_base: int
    output_base: int
    def __init__(self, host: _Optional[str] = ..., port: _Optional[int] = ..., unit_id: _Optional[int] = ..., input_count: _Optional[int] = ..., output_count: _Optional[int] = ..., input_base: _Optional[int] = ..., output_base: _Optional[int] = ...) -> None: ...

class VirtualAddress(_message.Message):
    __slots__ = ("input_count", "output_count")
    INPUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_COUNT_FIELD_NUMBER: _ClassVar[int]
    input_count: int
    output_count: int
    def __init__(self, input_count: _Optional[int] = ..., output_count: _Optional[int] = ...) -> None: ...

class OnvifRelaysAddress(_message.Message):
    __slots__ = ("camera_id", "relay_tokens")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    RELAY_TOKENS_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    relay_tokens: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, camera_id: _Optional[int] = ..., relay_tokens: _Optional[_Iterable[str]] = ...) -> None: ...

class IoDevice(_message.Message):
    __slots__ = ("id", "name", "kind", "modbus", "virtual", "enabled", "status", "detail", "points", "onvif")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MODBUS_FIELD_NUMBER: _ClassVar[int]
    VIRTUAL_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    ONVIF_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    kind: IoDeviceKind
    modbus: ModbusAddress
    virtual: VirtualAddress
    enabled: bool
    status: IoDeviceStatus
    detail: str
    points: _containers.RepeatedCompositeFieldContainer[IoPoint]
    onvif: OnvifRelaysAddress
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[IoDeviceKind, str]] = ..., modbus: _Optional[_Union[ModbusAddress, _Mapping]] = ..., virtual: _Optional[_Union[VirtualAddress, _Mapping]] = ..., enabled: _Optional[bool] = ..., status: _Optional[_Union[IoDeviceStatus, str]] = ..., detail: _Optional[str] = ..., points: _Optional[_Iterable[_Union[IoPoint, _Mapping]]] = ..., onvif: _Optional[_Union[OnvifRelaysAddress, _Mapping]] = ...) -> None: ...

class IoPoint(_message.Message):
    __slots__ = ("id", "device_id", "kind", "number", "name", "camera_id", "normal", "debounce_ms", "schedule_id", "pulse_seconds", "enabled", "known", "active", "armed", "event_id", "until_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NORMAL_FIELD_NUMBER: _ClassVar[int]
    DEBOUNCE_MS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_ID_FIELD_NUMBER: _ClassVar[int]
    PULSE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    KNOWN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ARMED_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    UNTIL_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    device_id: int
    kind: IoPointKind
    number: int
    name: str
    camera_id: int
    normal: IoContact
    debounce_ms: int
    schedule_id: int
    pulse_seconds: float
    enabled: bool
    known: bool
    active: bool
    armed: bool
    event_id: int
    until_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., device_id: _Optional[int] = ..., kind: _Optional[_Union[IoPointKind, str]] = ..., number: _Optional[int] = ..., name: _Optional[str] = ..., camera_id: _Optional[int] = ..., normal: _Optional[_Union[IoContact, str]] = ..., debounce_ms: _Optional[int] = ..., schedule_id: _Optional[int] = ..., pulse_seconds: _Optional[float] = ..., enabled: _Optional[bool] = ..., known: _Optional[bool] = ..., active: _Optional[bool] = ..., armed: _Optional[bool] = ..., event_id: _Optional[int] = ..., until_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListIoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListIoResponse(_message.Message):
    __slots__ = ("devices",)
    DEVICES_FIELD_NUMBER: _ClassVar[int]
    devices: _containers.RepeatedCompositeFieldContainer[IoDevice]
    def __init__(self, devices: _Optional[_Iterable[_Union[IoDevice, _Mapping]]] = ...) -> None: ...

class AddDeviceRequest(_message.Message):
    __slots__ = ("name", "modbus", "virtual", "disabled", "onvif")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODBUS_FIELD_NUMBER: _ClassVar[int]
    VIRTUAL_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ONVIF_FIELD_NUMBER: _ClassVar[int]
    name: str
    modbus: ModbusAddress
    virtual: VirtualAddress
    disabled: bool
    onvif: OnvifRelaysAddress
    def __init__(self, name: _Optional[str] = ..., modbus: _Optional[_Union[ModbusAddress, _Mapping]] = ..., virtual: _Optional[_Union[VirtualAddress, _Mapping]] = ..., disabled: _Optional[bool] = ..., onvif: _Optional[_Union[OnvifRelaysAddress, _Mapping]] = ...) -> None: ...

class AddDeviceResponse(_message.Message):
    __slots__ = ("device",)
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    device: IoDevice
    def __init__(self, device: _Optional[_Union[IoDevice, _Mapping]] = ...) -> None: ...

class UpdateDeviceRequest(_message.Message):
    __slots__ = ("device_id", "name", "modbus", "virtual", "enabled", "update_mask")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODBUS_FIELD_NUMBER: _ClassVar[int]
    VIRTUAL_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    device_id: int
    name: str
    modbus: ModbusAddress
    virtual: VirtualAddress
    enabled: bool
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, device_id: _Optional[int] = ..., name: _Optional[str] = ..., modbus: _Optional[_Union[ModbusAddress, _Mapping]] = ..., virtual: _Optional[_Union[VirtualAddress, _Mapping]] = ..., enabled: _Optional[bool] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateDeviceResponse(_message.Message):
    __slots__ = ("device",)
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    device: IoDevice
    def __init__(self, device: _Optional[_Union[IoDevice, _Mapping]] = ...) -> None: ...

class RemoveDeviceRequest(_message.Message):
    __slots__ = ("device_id",)
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    device_id: int
    def __init__(self, device_id: _Optional[int] = ...) -> None: ...

class RemoveDeviceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdatePointRequest(_message.Message):
    __slots__ = ("point", "update_mask")
    POINT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    point: IoPoint
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, point: _Optional[_Union[IoPoint, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdatePointResponse(_message.Message):
    __slots__ = ("point",)
    POINT_FIELD_NUMBER: _ClassVar[int]
    point: IoPoint
    def __init__(self, point: _Optional[_Union[IoPoint, _Mapping]] = ...) -> None: ...

class IoOutputState(_message.Message):
    __slots__ = ("point_id", "name", "on", "until_time")
    POINT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    UNTIL_TIME_FIELD_NUMBER: _ClassVar[int]
    point_id: int
    name: str
    on: bool
    until_time: _timestamp_pb2.Timestamp
    def __init__(self, point_id: _Optional[int] = ..., name: _Optional[str] = ..., on: _Optional[bool] = ..., until_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetOutputRequest(_message.Message):
    __slots__ = ("point_id", "mode", "seconds")
    POINT_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    point_id: int
    mode: IoOutputMode
    seconds: float
    def __init__(self, point_id: _Optional[int] = ..., mode: _Optional[_Union[IoOutputMode, str]] = ..., seconds: _Optional[float] = ...) -> None: ...

class SetOutputResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: IoOutputState
    def __init__(self, state: _Optional[_Union[IoOutputState, _Mapping]] = ...) -> None: ...

class TestOutputRequest(_message.Message):
    __slots__ = ("point_id",)
    POINT_ID_FIELD_NUMBER: _ClassVar[int]
    point_id: int
    def __init__(self, point_id: _Optional[int] = ...) -> None: ...

class TestOutputResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: IoOutputState
    def __init__(self, state: _Optional[_Union[IoOutputState, _Mapping]] = ...) -> None: ...

class SetVirtualInputRequest(_message.Message):
    __slots__ = ("point_id", "closed")
    POINT_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    point_id: int
    closed: bool
    def __init__(self, point_id: _Optional[int] = ..., closed: _Optional[bool] = ...) -> None: ...

class SetVirtualInputResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
