"""PtzService's control keyboard calls (GetPtzKeyboard, SetPtzKeyboard): protobuf to
and from ``ptz.keyboard_config`` and the bridge's status.

The checks are ``KeyboardConfig``'s (built here, so an invalid request never reaches
the bridge) and ``KeyboardBridge.configure``'s (the port exists, the mapped cameras
exist); this module adds what only the message can get wrong: an unknown protocol or
variant, a camera number given twice, too many numbers.
"""

from __future__ import annotations

from vedette_api.v1 import ptz_pb2
from vedette_hw.pelco import Protocol, PVariant
from vedette_server.errors import InvalidArgument
from vedette_server.ptz.arbiter import DEFAULT_PRIORITY
from vedette_server.ptz.keyboard_bridge import KeyboardBridge, KeyboardStatus
from vedette_server.ptz.keyboard_config import DEFAULT_BAUD_RATE, MAX_MAPPED, KeyboardConfig

_PROTOCOLS = {
    ptz_pb2.PTZ_PROTOCOL_PELCO_D: Protocol.D,
    ptz_pb2.PTZ_PROTOCOL_PELCO_P: Protocol.P,
}
_VARIANTS = {
    ptz_pb2.PELCO_P_VARIANT_UNSPECIFIED: PVariant.STANDARD,
    ptz_pb2.PELCO_P_VARIANT_STANDARD: PVariant.STANDARD,
    ptz_pb2.PELCO_P_VARIANT_D_STYLE: PVariant.D_STYLE,
}


def keyboard_from(message: ptz_pb2.PtzKeyboard) -> KeyboardConfig:
    protocol = _PROTOCOLS.get(message.protocol)
    if protocol is None:
        raise InvalidArgument(
            "keyboard.protocol", f"must be PELCO_D or PELCO_P, got {message.protocol}"
        )
    variant = _VARIANTS.get(message.p_variant)
    if variant is None:
        raise InvalidArgument("keyboard.p_variant", f"unknown variant {message.p_variant}")
    if len(message.cameras) > MAX_MAPPED:
        raise InvalidArgument(
            "keyboard.cameras", f"at most {MAX_MAPPED} numbers, got {len(message.cameras)}"
        )
    cameras: dict[int, int] = {}
    for entry in message.cameras:
        if entry.number in cameras:
            raise InvalidArgument("keyboard.cameras", f"number {entry.number} is given twice")
        cameras[entry.number] = entry.camera_id
    return KeyboardConfig(
        serial_port=message.serial_port,
        address=message.address,
        protocol=protocol,
        baud_rate=message.baud_rate or DEFAULT_BAUD_RATE,
        variant=variant,
        enabled=not message.disabled,
        priority=message.priority or DEFAULT_PRIORITY,
        repeats_frames=not message.sends_only_changes,
        cameras=cameras,
    )


def keyboard_message(config: KeyboardConfig) -> ptz_pb2.PtzKeyboard:
    protocol = next(k for k, v in _PROTOCOLS.items() if v is config.protocol)
    variant = (
        ptz_pb2.PELCO_P_VARIANT_D_STYLE
        if config.variant is PVariant.D_STYLE
        else ptz_pb2.PELCO_P_VARIANT_STANDARD
    )
    return ptz_pb2.PtzKeyboard(
        disabled=not config.enabled,
        serial_port=config.serial_port,
        protocol=protocol,
        p_variant=variant,
        baud_rate=config.baud_rate,
        address=config.address,
        priority=config.priority,
        sends_only_changes=not config.repeats_frames,
        cameras=[
            ptz_pb2.PtzKeyboardCamera(number=n, camera_id=c) for n, c in config.cameras.items()
        ],
    )


def status_message(status: KeyboardStatus) -> ptz_pb2.PtzKeyboardStatus:
    return ptz_pb2.PtzKeyboardStatus(
        connected=status.connected,
        last_error=status.last_error,
        last_refusal=status.last_refusal,
        selected_number=status.selected_number or 0,
        selected_camera_id=status.selected_camera_id or 0,
    )


def get_keyboard(bridge: KeyboardBridge) -> ptz_pb2.GetPtzKeyboardResponse:
    config = bridge.config
    response = ptz_pb2.GetPtzKeyboardResponse(
        configured=config is not None, status=status_message(bridge.status())
    )
    if config is not None:
        response.keyboard.CopyFrom(keyboard_message(config))
    return response


async def set_keyboard(
    bridge: KeyboardBridge, request: ptz_pb2.SetPtzKeyboardRequest
) -> ptz_pb2.SetPtzKeyboardResponse:
    config = keyboard_from(request.keyboard)
    await bridge.configure(config)
    return ptz_pb2.SetPtzKeyboardResponse(keyboard=keyboard_message(config))
