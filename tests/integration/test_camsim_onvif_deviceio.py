"""camsim's DeviceIO (two digital inputs, one relay output) through the real ONVIF
client library (onvif-zeep-async, via the server's ``OnvifDevice``), and what the
server makes of it (TestCamera's capabilities).

A relay's change must reach a PullPoint subscription as ``tns1:Device/Trigger/Relay``
(LogicalState); a monostable relay goes back to inactive after its DelayTime by
itself. Waits have generous bounds; nothing asserts a duration.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
from lxml import etree

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import running_server, wait_for
from vedette_api.v1 import cameras_pb2
from vedette_server.onvif.capabilities import DEVICEIO_NS, read_capabilities
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import NotOnvifDevice
from vedette_server.onvif.events import notifications

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Relay-Pass-5521"
TT = "http://www.onvif.org/ver10/schema"
RELAY = "tns1:Device/Trigger/Relay"
#: Every call and every wait for an event: generous for a loaded machine.
WAIT_S = 60.0

T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(*SMALL, cameras=2, user=USER, password=PASSWORD)
    yield process
    process.stop()


def host_port(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    return onvif_cameras(camsim)[name].host_port


def with_device(camsim: CamsimProcess, name: str, use: Callable[[OnvifDevice], Awaitable[T]]) -> T:
    async def run() -> T:
        host, port = host_port(camsim, name)
        async with asyncio.timeout(WAIT_S * 2):
            async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=WAIT_S) as device:
                return await use(device)

    return asyncio.run(run())


def items(message: Any) -> dict[str, str]:
    """Source and Data items of a ``tt:Message`` (an lxml element or a zeep object)."""
    if isinstance(message, etree._Element):
        return {i.get("Name", ""): i.get("Value", "") for i in message.iter(f"{{{TT}}}SimpleItem")}
    found = {}
    for part in ("Source", "Data"):
        for item in getattr(getattr(message, part, None), "SimpleItem", None) or []:
            found[item.Name] = str(item.Value)
    return found


async def relay_states(device: OnvifDevice, address: str, count: int) -> list[tuple[str, str]]:
    """The next ``count`` Relay messages at the subscription: (operation, LogicalState)."""
    found: list[tuple[str, str]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while len(found) < count:
        assert loop.time() < deadline, f"only {found} within {WAIT_S} s"
        reply = await device.call_subscription(
            address,
            "pullpoint",
            "PullMessages",
            {"Timeout": dt.timedelta(seconds=2), "MessageLimit": 100},
            timeout_s=WAIT_S,
        )
        for topic, message in notifications(reply):
            if topic.strip() == RELAY:
                values = items(message)
                assert values["RelayToken"] == "RO_0"
                operation = getattr(message, "PropertyOperation", None)
                if isinstance(message, etree._Element):
                    operation = message.get("PropertyOperation")
                found.append((str(operation), values["LogicalState"]))
    return found


async def subscribe(device: OnvifDevice) -> str:
    reply = await device.call(
        "events", "CreatePullPointSubscription", {"InitialTerminationTime": "PT120S"}
    )
    return str(reply.SubscriptionReference.Address._value_1)


def settings(mode: str, delay_s: float = 1.0, idle: str = "open") -> dict[str, Any]:
    delay = dt.timedelta(seconds=delay_s)
    return {
        "RelayOutput": {
            "token": "RO_0",
            "Properties": {"Mode": mode, "DelayTime": delay, "IdleState": idle},
        }
    }


def test_the_service_says_two_inputs_and_one_relay_with_their_options(
    camsim: CamsimProcess,
) -> None:
    async def read(device: OnvifDevice) -> tuple[Any, ...]:
        return (
            await device.call("deviceio", "GetServiceCapabilities"),
            await device.call("deviceio", "GetDigitalInputs"),
            await device.call("deviceio", "GetRelayOutputOptions", {}),
            await device.call("deviceio", "GetRelayOutputs"),
            await device.call("devicemgmt", "GetRelayOutputs"),
            device.services,
            await read_capabilities(device, []),
        )

    capabilities, inputs, options, relays, legacy, services, seen = with_device(
        camsim, "cam1", read
    )
    assert (capabilities.DigitalInputs, capabilities.RelayOutputs) == (2, 1)
    assert [i.token for i in inputs] == ["DI_0", "DI_1"]
    [option] = options
    assert option.token == "RO_0" and sorted(option.Mode) == ["Bistable", "Monostable"]
    assert option.DelayTimes[0] > 0 and option.Discrete is False
    for answer in (relays, legacy):  # one relay, whichever service is asked
        [relay] = answer
        assert relay.token == "RO_0" and relay.Properties.Mode == "Bistable"
    assert DEVICEIO_NS in services
    assert (seen.device_io, seen.input_count, seen.output_count) == (True, 2, 1)


def test_a_monostable_relay_raises_an_event_and_returns_to_inactive_by_itself(
    camsim: CamsimProcess,
) -> None:
    async def run(device: OnvifDevice) -> tuple[list[tuple[str, str]], Any]:
        address = await subscribe(device)
        initial = await relay_states(device, address, 1)
        await device.call("deviceio", "SetRelayOutputSettings", settings("Monostable"))
        await device.call(
            "deviceio",
            "SetRelayOutputState",
            {"RelayOutputToken": "RO_0", "LogicalState": "active"},
        )
        changes = await relay_states(device, address, 2)  # active, then back to inactive
        relays = await device.call("deviceio", "GetRelayOutputs")
        return initial + changes, relays

    states, relays = with_device(camsim, "cam1", run)
    assert states == [("Initialized", "inactive"), ("Changed", "active"), ("Changed", "inactive")]
    assert relays[0].Properties.Mode == "Monostable"
    assert relays[0].Properties.DelayTime == dt.timedelta(seconds=1)
    # camsim's log lines are read by a thread: the last may come after the event did.
    wait_for(
        lambda: any("cam1: relay RO_0 inactive" in x and "monostable" in x for x in camsim.lines),
        30,
        "camsim's line for the relay going back to inactive",
    )
    assert any("cam1: relay RO_0 active" in x for x in camsim.lines)


def test_a_bistable_relay_stays_until_set_inactive_through_the_device_service(
    camsim: CamsimProcess,
) -> None:
    async def run(device: OnvifDevice) -> list[tuple[str, str]]:
        address = await subscribe(device)
        await relay_states(device, address, 1)  # Initialized
        await device.call(
            "devicemgmt",
            "SetRelayOutputSettings",
            {
                "RelayOutputToken": "RO_0",
                "Properties": {
                    "Mode": "Bistable",
                    "DelayTime": dt.timedelta(seconds=1),
                    "IdleState": "closed",
                },
            },
        )
        state = {"RelayOutputToken": "RO_0", "LogicalState": "active"}
        await device.call("devicemgmt", "SetRelayOutputState", state)
        await device.call("devicemgmt", "SetRelayOutputState", state)  # no change: no event
        # Longer than a monostable delay would be: it stays active (a sync point shows it).
        await asyncio.sleep(2.0)
        await device.call_subscription(address, "pullpoint", "SetSynchronizationPoint")
        found = await relay_states(device, address, 2)
        await device.call(
            "deviceio",
            "SetRelayOutputState",
            {"RelayOutputToken": "RO_0", "LogicalState": "inactive"},
        )
        return found + await relay_states(device, address, 1)

    states = with_device(camsim, "cam2", run)
    assert states == [("Changed", "active"), ("Initialized", "active"), ("Changed", "inactive")]


@pytest.mark.parametrize(
    ("service", "operation", "params", "subcode"),
    [
        (
            "deviceio",
            "SetRelayOutputState",
            {"RelayOutputToken": "RO_9", "LogicalState": "active"},
            "RelayToken",
        ),
        (
            "devicemgmt",
            "SetRelayOutputState",
            {"RelayOutputToken": "", "LogicalState": "active"},
            "RelayToken",
        ),
        ("deviceio", "GetRelayOutputOptions", {"RelayOutputToken": "RO_9"}, "RelayToken"),
        ("deviceio", "SetRelayOutputSettings", settings("Monostable", 0.0), "ModeError"),
    ],
)
def test_an_unknown_relay_or_a_bad_setting_is_the_spec_fault(
    camsim: CamsimProcess, service: str, operation: str, params: Any, subcode: str
) -> None:
    async def run(device: OnvifDevice) -> Any:
        return await device.call(service, operation, params)

    with pytest.raises(NotOnvifDevice) as refused:
        with_device(camsim, "cam1", run)
    fault = refused.value.__cause__
    subcodes = [getattr(q, "localname", str(q)) for q in getattr(fault, "subcodes", None) or []]
    assert subcodes[-2:] == ["InvalidArgVal", subcode], fault


def test_the_server_reports_two_inputs_and_one_relay(
    camsim: CamsimProcess, tmp_path_factory: pytest.TempPathFactory
) -> None:
    host, port = host_port(camsim, "cam2")
    with running_server(tmp_path_factory.mktemp("deviceio")) as server, server.client() as client:
        result = client.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
        assert result.error == cameras_pb2.ONVIF_ERROR_UNSPECIFIED, result.error_message
        found = result.capabilities
        assert (found.device_io, found.input_count, found.output_count) == (True, 2, 1)
