import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PtzProtocol(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PTZ_PROTOCOL_UNSPECIFIED: _ClassVar[PtzProtocol]
    PTZ_PROTOCOL_PELCO_D: _ClassVar[PtzProtocol]
    PTZ_PROTOCOL_PELCO_P: _ClassVar[PtzProtocol]

class PelcoPVariant(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PELCO_P_VARIANT_UNSPECIFIED: _ClassVar[PelcoPVariant]
    PELCO_P_VARIANT_STANDARD: _ClassVar[PelcoPVariant]
    PELCO_P_VARIANT_D_STYLE: _ClassVar[PelcoPVariant]

class PtzSessionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PTZ_SESSION_KIND_UNSPECIFIED: _ClassVar[PtzSessionKind]
    PTZ_SESSION_KIND_MANUAL: _ClassVar[PtzSessionKind]
    PTZ_SESSION_KIND_RESERVED: _ClassVar[PtzSessionKind]
    PTZ_SESSION_KIND_CRUISE: _ClassVar[PtzSessionKind]
    PTZ_SESSION_KIND_RULE: _ClassVar[PtzSessionKind]
    PTZ_SESSION_KIND_KEYBOARD: _ClassVar[PtzSessionKind]
PTZ_PROTOCOL_UNSPECIFIED: PtzProtocol
PTZ_PROTOCOL_PELCO_D: PtzProtocol
PTZ_PROTOCOL_PELCO_P: PtzProtocol
PELCO_P_VARIANT_UNSPECIFIED: PelcoPVariant
PELCO_P_VARIANT_STANDARD: PelcoPVariant
PELCO_P_VARIANT_D_STYLE: PelcoPVariant
PTZ_SESSION_KIND_UNSPECIFIED: PtzSessionKind
PTZ_SESSION_KIND_MANUAL: PtzSessionKind
PTZ_SESSION_KIND_RESERVED: PtzSessionKind
PTZ_SESSION_KIND_CRUISE: PtzSessionKind
PTZ_SESSION_KIND_RULE: PtzSessionKind
PTZ_SESSION_KIND_KEYBOARD: PtzSessionKind

class PtzVelocity(_message.Message):
    __slots__ = ("pan", "tilt", "zoom", "focus", "iris")
    PAN_FIELD_NUMBER: _ClassVar[int]
    TILT_FIELD_NUMBER: _ClassVar[int]
    ZOOM_FIELD_NUMBER: _ClassVar[int]
    FOCUS_FIELD_NUMBER: _ClassVar[int]
    IRIS_FIELD_NUMBER: _ClassVar[int]
    pan: float
    tilt: float
    zoom: float
    focus: float
    iris: float
    def __init__(self, pan: _Optional[float] = ..., tilt: _Optional[float] = ..., zoom: _Optional[float] = ..., focus: _Optional[float] = ..., iris: _Optional[float] = ...) -> None: ...

class PtzAcquire(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class PtzMove(_message.Message):
    __slots__ = ("velocity",)
    VELOCITY_FIELD_NUMBER: _ClassVar[int]
    velocity: PtzVelocity
    def __init__(self, velocity: _Optional[_Union[PtzVelocity, _Mapping]] = ...) -> None: ...

class PtzStop(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PtzPing(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ControlRequest(_message.Message):
    __slots__ = ("acquire", "move", "stop", "ping")
    ACQUIRE_FIELD_NUMBER: _ClassVar[int]
    MOVE_FIELD_NUMBER: _ClassVar[int]
    STOP_FIELD_NUMBER: _ClassVar[int]
    PING_FIELD_NUMBER: _ClassVar[int]
    acquire: PtzAcquire
    move: PtzMove
    stop: PtzStop
    ping: PtzPing
    def __init__(self, acquire: _Optional[_Union[PtzAcquire, _Mapping]] = ..., move: _Optional[_Union[PtzMove, _Mapping]] = ..., stop: _Optional[_Union[PtzStop, _Mapping]] = ..., ping: _Optional[_Union[PtzPing, _Mapping]] = ...) -> None: ...

class PtzGranted(_message.Message):
    __slots__ = ("holder", "priority")
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    holder: str
    priority: int
    def __init__(self, holder: _Optional[str] = ..., priority: _Optional[int] = ...) -> None: ...

class PtzDenied(_message.Message):
    __slots__ = ("holder", "priority", "remaining")
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    holder: str
    priority: int
    remaining: _duration_pb2.Duration
    def __init__(self, holder: _Optional[str] = ..., priority: _Optional[int] = ..., remaining: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class PtzTakenOver(_message.Message):
    __slots__ = ("by", "priority")
    BY_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    by: str
    priority: int
    def __init__(self, by: _Optional[str] = ..., priority: _Optional[int] = ...) -> None: ...

class PtzCruiseStopped(_message.Message):
    __slots__ = ("cruise_number",)
    CRUISE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    cruise_number: int
    def __init__(self, cruise_number: _Optional[int] = ...) -> None: ...

class ControlResponse(_message.Message):
    __slots__ = ("granted", "denied", "taken_over", "cruise_stopped")
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    DENIED_FIELD_NUMBER: _ClassVar[int]
    TAKEN_OVER_FIELD_NUMBER: _ClassVar[int]
    CRUISE_STOPPED_FIELD_NUMBER: _ClassVar[int]
    granted: PtzGranted
    denied: PtzDenied
    taken_over: PtzTakenOver
    cruise_stopped: PtzCruiseStopped
    def __init__(self, granted: _Optional[_Union[PtzGranted, _Mapping]] = ..., denied: _Optional[_Union[PtzDenied, _Mapping]] = ..., taken_over: _Optional[_Union[PtzTakenOver, _Mapping]] = ..., cruise_stopped: _Optional[_Union[PtzCruiseStopped, _Mapping]] = ...) -> None: ...

class PtzPosition(_message.Message):
    __slots__ = ("pan_degrees", "tilt_degrees", "zoom_fraction")
    PAN_DEGREES_FIELD_NUMBER: _ClassVar[int]
    TILT_DEGREES_FIELD_NUMBER: _ClassVar[int]
    ZOOM_FRACTION_FIELD_NUMBER: _ClassVar[int]
    pan_degrees: float
    tilt_degrees: float
    zoom_fraction: float
    def __init__(self, pan_degrees: _Optional[float] = ..., tilt_degrees: _Optional[float] = ..., zoom_fraction: _Optional[float] = ...) -> None: ...

class GetPtzStateRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetPtzStateResponse(_message.Message):
    __slots__ = ("holder", "holder_priority", "cruise_number", "position", "moving", "max_presets", "holder_kind", "holder_remaining", "has_focus", "has_iris")
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    HOLDER_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CRUISE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    MOVING_FIELD_NUMBER: _ClassVar[int]
    MAX_PRESETS_FIELD_NUMBER: _ClassVar[int]
    HOLDER_KIND_FIELD_NUMBER: _ClassVar[int]
    HOLDER_REMAINING_FIELD_NUMBER: _ClassVar[int]
    HAS_FOCUS_FIELD_NUMBER: _ClassVar[int]
    HAS_IRIS_FIELD_NUMBER: _ClassVar[int]
    holder: str
    holder_priority: int
    cruise_number: int
    position: PtzPosition
    moving: bool
    max_presets: int
    holder_kind: PtzSessionKind
    holder_remaining: _duration_pb2.Duration
    has_focus: bool
    has_iris: bool
    def __init__(self, holder: _Optional[str] = ..., holder_priority: _Optional[int] = ..., cruise_number: _Optional[int] = ..., position: _Optional[_Union[PtzPosition, _Mapping]] = ..., moving: _Optional[bool] = ..., max_presets: _Optional[int] = ..., holder_kind: _Optional[_Union[PtzSessionKind, str]] = ..., holder_remaining: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., has_focus: _Optional[bool] = ..., has_iris: _Optional[bool] = ...) -> None: ...

class PtzPreset(_message.Message):
    __slots__ = ("number", "name")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    number: int
    name: str
    def __init__(self, number: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class ListPresetsRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class ListPresetsResponse(_message.Message):
    __slots__ = ("presets", "max_presets")
    PRESETS_FIELD_NUMBER: _ClassVar[int]
    MAX_PRESETS_FIELD_NUMBER: _ClassVar[int]
    presets: _containers.RepeatedCompositeFieldContainer[PtzPreset]
    max_presets: int
    def __init__(self, presets: _Optional[_Iterable[_Union[PtzPreset, _Mapping]]] = ..., max_presets: _Optional[int] = ...) -> None: ...

class SetPresetRequest(_message.Message):
    __slots__ = ("camera_id", "preset")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    preset: PtzPreset
    def __init__(self, camera_id: _Optional[int] = ..., preset: _Optional[_Union[PtzPreset, _Mapping]] = ...) -> None: ...

class SetPresetResponse(_message.Message):
    __slots__ = ("preset",)
    PRESET_FIELD_NUMBER: _ClassVar[int]
    preset: PtzPreset
    def __init__(self, preset: _Optional[_Union[PtzPreset, _Mapping]] = ...) -> None: ...

class GotoPresetRequest(_message.Message):
    __slots__ = ("camera_id", "number", "speed")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    SPEED_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    number: int
    speed: float
    def __init__(self, camera_id: _Optional[int] = ..., number: _Optional[int] = ..., speed: _Optional[float] = ...) -> None: ...

class GotoPresetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PointAtRequest(_message.Message):
    __slots__ = ("camera_id", "x", "y", "width", "height", "speed")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SPEED_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    x: float
    y: float
    width: float
    height: float
    speed: float
    def __init__(self, camera_id: _Optional[int] = ..., x: _Optional[float] = ..., y: _Optional[float] = ..., width: _Optional[float] = ..., height: _Optional[float] = ..., speed: _Optional[float] = ...) -> None: ...

class PointAtResponse(_message.Message):
    __slots__ = ("zoom_factor",)
    ZOOM_FACTOR_FIELD_NUMBER: _ClassVar[int]
    zoom_factor: float
    def __init__(self, zoom_factor: _Optional[float] = ...) -> None: ...

class RenamePresetRequest(_message.Message):
    __slots__ = ("camera_id", "number", "name")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    number: int
    name: str
    def __init__(self, camera_id: _Optional[int] = ..., number: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class RenamePresetResponse(_message.Message):
    __slots__ = ("preset",)
    PRESET_FIELD_NUMBER: _ClassVar[int]
    preset: PtzPreset
    def __init__(self, preset: _Optional[_Union[PtzPreset, _Mapping]] = ...) -> None: ...

class DeletePresetRequest(_message.Message):
    __slots__ = ("camera_id", "number")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    number: int
    def __init__(self, camera_id: _Optional[int] = ..., number: _Optional[int] = ...) -> None: ...

class DeletePresetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PtzCruiseStep(_message.Message):
    __slots__ = ("preset", "dwell", "speed")
    PRESET_FIELD_NUMBER: _ClassVar[int]
    DWELL_FIELD_NUMBER: _ClassVar[int]
    SPEED_FIELD_NUMBER: _ClassVar[int]
    preset: int
    dwell: _duration_pb2.Duration
    speed: float
    def __init__(self, preset: _Optional[int] = ..., dwell: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., speed: _Optional[float] = ...) -> None: ...

class PtzCruise(_message.Message):
    __slots__ = ("number", "name", "steps")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    number: int
    name: str
    steps: _containers.RepeatedCompositeFieldContainer[PtzCruiseStep]
    def __init__(self, number: _Optional[int] = ..., name: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[PtzCruiseStep, _Mapping]]] = ...) -> None: ...

class ListCruisesRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class ListCruisesResponse(_message.Message):
    __slots__ = ("cruises", "running_cruise_number")
    CRUISES_FIELD_NUMBER: _ClassVar[int]
    RUNNING_CRUISE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    cruises: _containers.RepeatedCompositeFieldContainer[PtzCruise]
    running_cruise_number: int
    def __init__(self, cruises: _Optional[_Iterable[_Union[PtzCruise, _Mapping]]] = ..., running_cruise_number: _Optional[int] = ...) -> None: ...

class PutCruiseRequest(_message.Message):
    __slots__ = ("camera_id", "cruise")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    CRUISE_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    cruise: PtzCruise
    def __init__(self, camera_id: _Optional[int] = ..., cruise: _Optional[_Union[PtzCruise, _Mapping]] = ...) -> None: ...

class PutCruiseResponse(_message.Message):
    __slots__ = ("cruise",)
    CRUISE_FIELD_NUMBER: _ClassVar[int]
    cruise: PtzCruise
    def __init__(self, cruise: _Optional[_Union[PtzCruise, _Mapping]] = ...) -> None: ...

class DeleteCruiseRequest(_message.Message):
    __slots__ = ("camera_id", "number")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    number: int
    def __init__(self, camera_id: _Optional[int] = ..., number: _Optional[int] = ...) -> None: ...

class DeleteCruiseResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StartCruiseRequest(_message.Message):
    __slots__ = ("camera_id", "number")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    number: int
    def __init__(self, camera_id: _Optional[int] = ..., number: _Optional[int] = ...) -> None: ...

class StartCruiseResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StopCruiseRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class StopCruiseResponse(_message.Message):
    __slots__ = ("stopped_cruise_number",)
    STOPPED_CRUISE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    stopped_cruise_number: int
    def __init__(self, stopped_cruise_number: _Optional[int] = ...) -> None: ...

class PtzKeyboardCamera(_message.Message):
    __slots__ = ("number", "camera_id")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    number: int
    camera_id: int
    def __init__(self, number: _Optional[int] = ..., camera_id: _Optional[int] = ...) -> None: ...

class PtzKeyboard(_message.Message):
    __slots__ = ("disabled", "serial_port", "protocol", "p_variant", "baud_rate", "address", "priority", "sends_only_changes", "cameras")
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    SERIAL_PORT_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    P_VARIANT_FIELD_NUMBER: _ClassVar[int]
    BAUD_RATE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SENDS_ONLY_CHANGES_FIELD_NUMBER: _ClassVar[int]
    CAMERAS_FIELD_NUMBER: _ClassVar[int]
    disabled: bool
    serial_port: str
    protocol: PtzProtocol
    p_variant: PelcoPVariant
    baud_rate: int
    address: int
    priority: int
    sends_only_changes: bool
    cameras: _containers.RepeatedCompositeFieldContainer[PtzKeyboardCamera]
    def __init__(self, disabled: _Optional[bool] = ..., serial_port: _Optional[str] = ..., protocol: _Optional[_Union[PtzProtocol, str]] = ..., p_variant: _Optional[_Union[PelcoPVariant, str]] = ..., baud_rate: _Optional[int] = ..., address: _Optional[int] = ..., priority: _Optional[int] = ..., sends_only_changes: _Optional[bool] = ..., cameras: _Optional[_Iterable[_Union[PtzKeyboardCamera, _Mapping]]] = ...) -> None: ...

class PtzKeyboardStatus(_message.Message):
    __slots__ = ("connected", "last_error", "last_refusal", "selected_number", "selected_camera_id")
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    LAST_REFUSAL_FIELD_NUMBER: _ClassVar[int]
    SELECTED_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SELECTED_CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    connected: bool
    last_error: str
    last_refusal: str
    selected_number: int
    selected_camera_id: int
    def __init__(self, connected: _Optional[bool] = ..., last_error: _Optional[str] = ..., last_refusal: _Optional[str] = ..., selected_number: _Optional[int] = ..., selected_camera_id: _Optional[int] = ...) -> None: ...

class GetPtzKeyboardRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPtzKeyboardResponse(_message.Message):
    __slots__ = ("configured", "keyboard", "status")
    CONFIGURED_FIELD_NUMBER: _ClassVar[int]
    KEYBOARD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    configured: bool
    keyboard: PtzKeyboard
    status: PtzKeyboardStatus
    def __init__(self, configured: _Optional[bool] = ..., keyboard: _Optional[_Union[PtzKeyboard, _Mapping]] = ..., status: _Optional[_Union[PtzKeyboardStatus, _Mapping]] = ...) -> None: ...

class SetPtzKeyboardRequest(_message.Message):
    __slots__ = ("keyboard",)
    KEYBOARD_FIELD_NUMBER: _ClassVar[int]
    keyboard: PtzKeyboard
    def __init__(self, keyboard: _Optional[_Union[PtzKeyboard, _Mapping]] = ...) -> None: ...

class SetPtzKeyboardResponse(_message.Message):
    __slots__ = ("keyboard",)
    KEYBOARD_FIELD_NUMBER: _ClassVar[int]
    keyboard: PtzKeyboard
    def __init__(self, keyboard: _Optional[_Union[PtzKeyboard, _Mapping]] = ...) -> None: ...

class PtzDevice(_message.Message):
    __slots__ = ("protocol", "p_variant", "serial_port", "baud_rate", "address", "reserved_presets")
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    P_VARIANT_FIELD_NUMBER: _ClassVar[int]
    SERIAL_PORT_FIELD_NUMBER: _ClassVar[int]
    BAUD_RATE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    RESERVED_PRESETS_FIELD_NUMBER: _ClassVar[int]
    protocol: PtzProtocol
    p_variant: PelcoPVariant
    serial_port: str
    baud_rate: int
    address: int
    reserved_presets: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, protocol: _Optional[_Union[PtzProtocol, str]] = ..., p_variant: _Optional[_Union[PelcoPVariant, str]] = ..., serial_port: _Optional[str] = ..., baud_rate: _Optional[int] = ..., address: _Optional[int] = ..., reserved_presets: _Optional[_Iterable[int]] = ...) -> None: ...

class GetPtzDeviceRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class GetPtzDeviceResponse(_message.Message):
    __slots__ = ("device",)
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    device: PtzDevice
    def __init__(self, device: _Optional[_Union[PtzDevice, _Mapping]] = ...) -> None: ...

class SetPtzDeviceRequest(_message.Message):
    __slots__ = ("camera_id", "device")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    device: PtzDevice
    def __init__(self, camera_id: _Optional[int] = ..., device: _Optional[_Union[PtzDevice, _Mapping]] = ...) -> None: ...

class SetPtzDeviceResponse(_message.Message):
    __slots__ = ("device",)
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    device: PtzDevice
    def __init__(self, device: _Optional[_Union[PtzDevice, _Mapping]] = ...) -> None: ...

class ReservePtzRequest(_message.Message):
    __slots__ = ("camera_id", "duration")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    duration: _duration_pb2.Duration
    def __init__(self, camera_id: _Optional[int] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ReservePtzResponse(_message.Message):
    __slots__ = ("holder", "priority", "remaining")
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    holder: str
    priority: int
    remaining: _duration_pb2.Duration
    def __init__(self, holder: _Optional[str] = ..., priority: _Optional[int] = ..., remaining: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ReleasePtzRequest(_message.Message):
    __slots__ = ("camera_id",)
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    camera_id: int
    def __init__(self, camera_id: _Optional[int] = ...) -> None: ...

class ReleasePtzResponse(_message.Message):
    __slots__ = ("released_holder",)
    RELEASED_HOLDER_FIELD_NUMBER: _ClassVar[int]
    released_holder: str
    def __init__(self, released_holder: _Optional[str] = ...) -> None: ...
