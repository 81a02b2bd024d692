"""ONVIF events (PullPoint) against camsim over loopback: camsim's event service alone
(raw SOAP, answers validated against the WSDL schemas with xmlschema), then through a
real server that subscribes, logs and keeps the events (SearchEvents) and subscribes
again after camsim is killed and started again on the same address and port.

Event schedules (``--fault camN:motion@START+LENGTH`` …) count from camsim's start;
tests wait with generous bounds and assert order and content, never timings.
"""

from __future__ import annotations

import contextlib
import importlib.util
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from xmlschema.extras.wsdl import Wsdl11Document

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client import Client

pytestmark = pytest.mark.slow

ENV = "http://www.w3.org/2003/05/soap-envelope"
TEV = "http://www.onvif.org/ver10/events/wsdl"
WSNT = "http://docs.oasis-open.org/wsn/b-2"
TT = "http://www.onvif.org/ver10/schema"
WSA = "http://www.w3.org/2005/08/addressing"
TER = "http://www.onvif.org/ver10/error"
MOTION = "tns1:VideoSource/MotionAlarm"
INPUT = "tns1:Device/Trigger/DigitalInput"
LINE = "tns1:RuleEngine/LineDetector/Crossed"
PROPERTIES = {
    MOTION,
    "tns1:RuleEngine/CellMotionDetector/Motion",
    INPUT,
    "tns1:VideoSource/GlobalSceneChange/ImagingService",
    "tns1:RuleEngine/FieldDetector/ObjectsInside",
    "tns1:Device/Trigger/Relay",  # set by DeviceIO (test_camsim_onvif_deviceio.py)
}
WAIT_S = 90.0
CALL_S = 30.0


def wsdl_dir() -> Path:
    spec = importlib.util.find_spec("onvif")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "wsdl"


@pytest.fixture(scope="module")
def schema() -> Any:
    return Wsdl11Document(str(wsdl_dir() / "events.wsdl"), allow="local").schema


def soap(url: str, body: str) -> etree._Element:
    """The first element of the answer's Body; a fault raises ``urllib.error.HTTPError``."""
    data = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tev="{TEV}" xmlns:wsnt="{WSNT}">'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/soap+xml"})
    with urllib.request.urlopen(request, timeout=CALL_S) as response:
        envelope = etree.fromstring(response.read())
    found = envelope.find(f"{{{ENV}}}Body")
    assert found is not None
    return found[0]


def fault_subcodes(error: urllib.error.HTTPError) -> list[str]:
    envelope = etree.fromstring(error.read())
    return [v.text or "" for v in envelope.iter(f"{{{ENV}}}Value")]


def valid(schema: Any, answer: etree._Element) -> None:
    element = schema.maps.elements[answer.tag]
    errors = [str(e) for e in element.iter_errors(answer, namespaces=dict(answer.nsmap))]
    assert errors == []


def events_url(camsim: CamsimProcess, name: str) -> str:
    device = onvif_cameras(camsim)[name].device_url
    return device.replace("/onvif/device_service", "/onvif/events_service")


def subscribe(url: str, lifetime: str = "PT60S") -> tuple[str, etree._Element]:
    answer = soap(
        url,
        "<tev:CreatePullPointSubscription><tev:InitialTerminationTime>"
        f"{lifetime}</tev:InitialTerminationTime></tev:CreatePullPointSubscription>",
    )
    address = answer.findtext(f"{{{TEV}}}SubscriptionReference/{{{WSA}}}Address")
    assert address and address.startswith("http://127.0.1.")
    return address, answer


def pull(address: str, timeout: str = "PT2S", limit: int = 100) -> etree._Element:
    return soap(
        address,
        f"<tev:PullMessages><tev:Timeout>{timeout}</tev:Timeout>"
        f"<tev:MessageLimit>{limit}</tev:MessageLimit></tev:PullMessages>",
    )


def messages(answer: etree._Element) -> list[tuple[str, str, dict[str, str]]]:
    """(topic, PropertyOperation, items) of each NotificationMessage."""
    found = []
    for holder in answer.iter(f"{{{WSNT}}}NotificationMessage"):
        topic = holder.find(f"{{{WSNT}}}Topic")
        assert topic is not None and topic.text is not None
        prefix = topic.text.partition(":")[0]
        assert topic.nsmap.get(prefix) == "http://www.onvif.org/ver10/topics"  # bound prefix
        message = holder.find(f".//{{{TT}}}Message")
        assert message is not None and message.get("UtcTime")
        items = {i.get("Name", ""): i.get("Value", "") for i in message.iter(f"{{{TT}}}SimpleItem")}
        found.append((topic.text, message.get("PropertyOperation", ""), items))
    return found


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    """cam1 has two subscription slots; cam2 none limited (no schedule: state checks)."""
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--fault", "cam1:subscriptions=2"),
        cameras=2,
    )
    yield process
    process.stop()


def test_capabilities_and_topics_are_valid_and_name_the_standard_topics(
    camsim: CamsimProcess, schema: Any
) -> None:
    url = events_url(camsim, "cam2")
    capabilities = soap(url, "<tev:GetServiceCapabilities/>")
    valid(schema, capabilities)
    held = capabilities.find(f"{{{TEV}}}Capabilities")
    assert held is not None and held.get("WSPullPointSupport") == "true"
    properties = soap(url, "<tev:GetEventProperties/>")
    valid(schema, properties)
    topics = properties.find("{http://docs.oasis-open.org/wsn/t-1}TopicSet")
    assert topics is not None
    paths = set()
    for element in topics.iter():
        if element.get("{http://docs.oasis-open.org/wsn/t-1}topic") == "true":
            names = [e.tag.rpartition("}")[2] for e in [element, *element.iterancestors()]]
            paths.add("tns1:" + "/".join(reversed(names[: names.index("TopicSet")])))
    assert paths == PROPERTIES | {LINE}


def test_subscribe_pull_sync_renew_unsubscribe(camsim: CamsimProcess, schema: Any) -> None:
    address, created = subscribe(events_url(camsim, "cam2"))
    valid(schema, created)
    first = pull(address)
    valid(schema, first)
    initial = messages(first)
    # A new subscription gets every property's state (Initialized), nothing else.
    assert {t for t, _, _ in initial} == PROPERTIES
    assert {op for _, op, _ in initial} == {"Initialized"}
    assert all(items.get("State", "false") == "false" for _, _, items in initial)
    assert messages(pull(address, "PT0S")) == []  # nothing more queued: answered at once

    synced = soap(address, "<tev:SetSynchronizationPoint/>")
    valid(schema, synced)
    again = messages(pull(address))
    assert {t for t, _, _ in again} == PROPERTIES and {op for _, op, _ in again} == {"Initialized"}

    limited = pull(address, "PT0S", limit=2)
    assert messages(limited) == []
    soap(address, "<tev:SetSynchronizationPoint/>")
    assert len(messages(pull(address, limit=2))) == 2  # MessageLimit honoured
    assert len(messages(pull(address, limit=100))) == len(PROPERTIES) - 2

    before = first.findtext(f"{{{TEV}}}TerminationTime")
    renewed = soap(
        address, "<wsnt:Renew><wsnt:TerminationTime>PT600S</wsnt:TerminationTime></wsnt:Renew>"
    )
    valid(schema, renewed)
    after = renewed.findtext(f"{{{WSNT}}}TerminationTime")
    assert before and after and after > before

    ended = soap(address, "<wsnt:Unsubscribe/>")
    valid(schema, ended)
    with pytest.raises(urllib.error.HTTPError) as gone:
        pull(address)
    assert gone.value.code == 400
    assert "ter:ResourceUnknown" in fault_subcodes(gone.value)


def test_slot_limit_refuses_a_third_subscription_and_expiry_frees_a_slot(
    camsim: CamsimProcess,
) -> None:
    url = events_url(camsim, "cam1")
    kept, _ = subscribe(url)
    short, _ = subscribe(url, "PT2S")
    with pytest.raises(urllib.error.HTTPError) as refused:
        subscribe(url)
    assert refused.value.code == 500
    assert fault_subcodes(refused.value)[1:] == ["ter:CapabilityViolated", "ter:MaxPullPoints"]
    # The short one expires (camera clock): its address faults and its slot is free.
    address = wait_for(
        lambda: _try_subscribe(url), WAIT_S, "a slot freed by the expired subscription"
    )
    with pytest.raises(urllib.error.HTTPError):
        pull(short, "PT0S")
    for done in (kept, address):
        soap(done, "<wsnt:Unsubscribe/>")


def _try_subscribe(url: str) -> str | None:
    try:
        return subscribe(url)[0]
    except urllib.error.HTTPError:
        return None


def test_bad_requests_get_clear_faults(camsim: CamsimProcess) -> None:
    url = events_url(camsim, "cam2")
    with pytest.raises(urllib.error.HTTPError) as bad_time:
        subscribe(url, "soon")
    assert "ter:InvalidArgVal" in fault_subcodes(bad_time.value)
    address, _ = subscribe(url)
    with pytest.raises(urllib.error.HTTPError) as bad_limit:
        pull(address, "PT1S", limit=0)
    assert bad_limit.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as unknown:
        pull(address.rsplit("/", 1)[0] + "/999999")
    assert "ter:ResourceUnknown" in fault_subcodes(unknown.value)
    soap(address, "<wsnt:Unsubscribe/>")


def test_scheduled_motion_input_and_line_crossing_arrive_in_order() -> None:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--fault", "cam1:motion@8s+3s", "--fault", "cam1:input@9s+3s"),
        *("--fault", "cam1:line@10s"),
        cameras=1,
    )
    try:
        address, _ = subscribe(events_url(process, "cam1"))
        seen: list[tuple[str, str, dict[str, str]]] = []

        def changes() -> list[tuple[str, str]]:
            seen.extend(messages(pull(address, "PT5S")))
            return [
                (t, items.get("State") or items.get("LogicalState") or "crossed")
                for t, op, items in seen
                if op != "Initialized"
            ]

        wait_for(lambda: len(changes()) >= 5, WAIT_S, "two toggles and a crossing", interval=0)
        got = changes()
        assert [v for t, v in got if t == MOTION] == ["true", "false"]
        assert [v for t, v in got if t == INPUT] == ["true", "false"]
        assert [v for t, v in got if t == LINE] == ["crossed"]
        crossing = next(items for t, _, items in seen if t == LINE)
        assert crossing["Rule"] == "LineCrossingRule" and crossing["ObjectId"].isdigit()
    finally:
        process.stop()


def test_a_reboot_takes_onvif_offline_and_forgets_the_subscriptions() -> None:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--fault", "cam1:reboot@8s+4s"),
        cameras=1,
    )
    try:
        url = events_url(process, "cam1")
        address, _ = subscribe(url)
        outcomes: list[str] = []

        def pulled() -> str:
            try:
                pull(address, "PT1S")
                return "answered"
            except urllib.error.HTTPError as error:
                return "fault " + " ".join(fault_subcodes(error))
            except (urllib.error.URLError, ConnectionError):
                return "offline"

        def offline_seen() -> bool:
            outcomes.append(pulled())
            return outcomes[-1] == "offline"

        wait_for(offline_seen, WAIT_S, "the camera offline", interval=0.1)
        new = wait_for(lambda: _reachable_subscribe(url), WAIT_S, "the camera back")
        # Back on the same address and port, without the old subscription.
        assert new.rsplit("/", 1)[0] == address.rsplit("/", 1)[0] and new != address
        after = pulled()
        assert after.startswith("fault") and "ter:ResourceUnknown" in after
    finally:
        process.stop()


def _reachable_subscribe(url: str) -> str | None:
    try:
        return subscribe(url)[0]
    except (urllib.error.URLError, ConnectionError):
        return None


# -- through a real server ---------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    assert init_data_dir(tmp_path / "data").returncode == 0
    process = start_server(tmp_path / "data", tmp_path / "known.json")
    yield process
    process.stop()


USER, PASSWORD = "admin", "Ev-Pass-5521"


def _camsim_with_events(port: int, start_s: int) -> CamsimProcess:
    return start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", str(port), "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD),
        *("--fault", f"cam1:motion@{start_s}s+4s", "--fault", f"cam1:input@{start_s + 1}s+4s"),
        cameras=1,
    )


def _events(client: Client, camera_id: int) -> list[Any]:
    return list(client.search_events(camera_ids=[camera_id]))


def _ended(events: list[Any], type_value: int) -> list[Any]:
    return [e for e in events if e.type == type_value and e.HasField("end_time")]


def test_server_subscribes_logs_events_and_subscribes_again_after_a_camera_restart(
    server: ServerProcess,
) -> None:
    from vedette_api.v1 import search_pb2

    motion, sensor = search_pb2.EVENT_TYPE_MOTION, search_pb2.EVENT_TYPE_SENSOR
    camsim = _camsim_with_events(0, 20)
    try:
        device_url = onvif_cameras(camsim)["cam1"].device_url
        host, port_text = device_url.split("//", 1)[1].split("/", 1)[0].split(":")
        port = int(port_text)
        with server.client() as client:
            camera = client.add_onvif_camera(
                "Events", host, port, camera_user=USER, camera_password=PASSWORD
            )
            wait_for(
                lambda: (
                    _ended(_events(client, camera.id), motion)
                    and _ended(_events(client, camera.id), sensor)
                ),
                WAIT_S,
                "a motion and a digital-input event, begun and ended, in SearchEvents",
            )
            first = _events(client, camera.id)
            assert all(e.camera_id == camera.id for e in first)
            assert {e.source for e in _ended(first, sensor)} == {"DI_0"}
            assert {e.source for e in _ended(first, motion)} == {"video_source"}
            assert all(e.end_time.ToMicroseconds() >= e.start_time.ToMicroseconds() for e in first)
            # Each event is logged at INFO by the server, the password never.
            wait_for(
                lambda: [line for line in server.lines if "ONVIF event motion on" in line],
                WAIT_S,
                "the motion event's log line",
            )
            assert not [line for line in server.lines if PASSWORD in line]

            # The camera reboots: killed, then back on the same address and port with
            # new subscriptions only. The server subscribes again and gets later events.
            camsim.stop()
            camsim = _camsim_with_events(port, 12)
            wait_for(
                lambda: (
                    len(_ended(_events(client, camera.id), motion)) >= 2
                    and len(_ended(_events(client, camera.id), sensor)) >= 2
                ),
                WAIT_S * 2,
                "motion and input events after the camera came back",
            )
            logs = list(client.search_logs(text="ONVIF events"))
            assert any("unavailable" in entry.message for entry in logs), logs
            assert any("subscribed again" in entry.message for entry in logs), logs

            # A deleted camera's subscription ends: the server unsubscribes.
            ended_before = sum("subscription" in x and x.endswith("ended") for x in camsim.lines)
            client.delete_camera(camera.id)
            wait_for(
                lambda: (
                    sum("subscription" in x and x.endswith("ended") for x in camsim.lines)
                    > ended_before
                ),
                WAIT_S,
                "the server's Unsubscribe after the camera was deleted",
            )
    finally:
        camsim.stop()


def test_a_camera_without_a_free_pull_point_says_why_in_the_system_log(
    server: ServerProcess,
) -> None:
    camsim = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD, "--fault", "cam1:subscriptions=0"),
        cameras=1,
    )
    try:
        device_url = onvif_cameras(camsim)["cam1"].device_url
        host, port_text = device_url.split("//", 1)[1].split("/", 1)[0].split(":")
        with server.client() as client:
            camera = client.add_onvif_camera(
                "Full", host, int(port_text), camera_user=USER, camera_password=PASSWORD
            )
            entries = wait_for(
                lambda: [
                    e
                    for e in client.search_logs(text="ONVIF events unavailable")
                    if e.camera_id == camera.id
                ],
                WAIT_S,
                "the system log entry saying why the camera has no events",
            )
            message = entries[0].message
            assert "CreatePullPointSubscription refused by the camera" in message
            assert "no pull point left" in message and PASSWORD not in message
            warned = [x for x in server.lines if "ONVIF event subscription" in x and "failed" in x]
            assert warned and "no pull point left" in warned[0]
            assert not [line for line in server.lines if PASSWORD in line]
    finally:
        camsim.stop()


# -- the server's puller alone, with short lifetimes -----------------------------------


def _run_puller(host: str, port: int, seconds: float, **options: float) -> tuple[Any, list[Any]]:
    """Run a CameraEventPuller (real client library) for ``seconds``; its statuses."""
    import asyncio

    from vedette_server.ingest.backoff import Backoff
    from vedette_server.onvif.client import OnvifDevice
    from vedette_server.onvif.events import CameraEventPuller

    statuses: list[Any] = []

    async def open_device() -> OnvifDevice:
        device = OnvifDevice(host, port, USER, PASSWORD)
        try:
            await device.connect()
        except BaseException:
            await device.close()
            raise
        return device

    async def run() -> CameraEventPuller:
        puller = CameraEventPuller(
            "cam1",
            open_device,
            lambda event: None,
            statuses.append,
            backoff=Backoff(base_s=0.2, cap_s=1.0),
            **options,
        )
        task = asyncio.create_task(puller.run())
        await asyncio.sleep(seconds)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return puller

    return asyncio.run(run()), statuses


def test_the_puller_renews_before_expiry_and_subscribes_again_after_a_reboot() -> None:
    camsim = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD, "--fault", "cam1:reboot@14s+3s"),
        cameras=1,
    )
    try:
        device_url = onvif_cameras(camsim)["cam1"].device_url
        host, port_text = device_url.split("//", 1)[1].split("/", 1)[0].split(":")
        # An 8 s lifetime is renewed after 5.4 s: over 25 s one subscription lasts until the
        # reboot (14 s after camsim started) and one is made after it.
        puller, statuses = _run_puller(host, int(port_text), 25.0, lifetime_s=8.0, pull_s=1.0)
        states = [s.state.value for s in statuses]
        assert states[0] == "subscribed"
        assert "failed" in states and states[-1] == "subscribed", statuses
        assert puller.subscriptions == 2, statuses
        assert not [x for x in camsim.lines if x.endswith("expired")]  # renewed in time
        renewals = [x for x in camsim.lines if "subscription" in x and "created" in x]
        assert len(renewals) == 2
    finally:
        camsim.stop()
