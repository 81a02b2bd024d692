"""ONVIF events kept in the event log (SearchEvents), on a real catalog: a state that
turns on begins an event, the same source turning off ends it, a state reported again
at (re)subscription opens nothing twice, an instant event begins and ends at once."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.test_catalog_segments import S, add_camera, catalog

from vedette_server.catalog import Catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus
from vedette_server.onvif.event_watch import OnvifEventWatch
from vedette_server.onvif.events import CameraEvent, EventKind
from vedette_server.recording.onvif_sources import OnvifSources
from vedette_server.search.events import EventLog, EventType

__all__ = ["catalog"]


class _NoSystemLog:
    def record(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("nothing here writes the system log")


def _watch(catalog: Catalog) -> tuple[OnvifEventWatch, EventLog]:
    log = EventLog(catalog)
    cameras = None  # the event log part needs neither the cameras nor the sources
    watch = OnvifEventWatch(
        CatalogThread(),
        OnvifSources(catalog, cameras),  # type: ignore[arg-type]
        cameras,  # type: ignore[arg-type]
        log,
        EventBus(),
        _NoSystemLog(),
    )
    return watch, log


def _event(kind: EventKind, source: str, state: bool | None, initial: bool = False) -> CameraEvent:
    return CameraEvent(kind, "tns1:X", source, state, initial, 0)


def test_states_begin_and_end_events_per_source(catalog: Catalog) -> None:
    cam = add_camera(catalog, "door")
    watch, log = _watch(catalog)
    watch.record_event(cam, _event(EventKind.MOTION, "video_source", True), 10 * S)
    watch.record_event(cam, _event(EventKind.DIGITAL_INPUT, "DI_0", True), 11 * S)
    watch.record_event(cam, _event(EventKind.DIGITAL_INPUT, "DI_1", True), 12 * S)
    watch.record_event(cam, _event(EventKind.MOTION, "video_source", True, initial=True), 13 * S)
    watch.record_event(cam, _event(EventKind.DIGITAL_INPUT, "DI_0", False), 14 * S)
    watch.record_event(cam, _event(EventKind.MOTION, "video_source", False), 15 * S)
    found = {(e.type, e.source): (e.start_us, e.end_us) for e in log.search(camera_ids=[cam])}
    assert found == {
        (EventType.MOTION, "video_source"): (10 * S, 15 * S),  # one event, not two
        (EventType.SENSOR, "DI_0"): (11 * S, 14 * S),
        (EventType.SENSOR, "DI_1"): (12 * S, None),  # still on
    }
    watch.end_all(20 * S)  # the server stops: nothing stays open
    assert all(e.end_us is not None for e in log.search(camera_ids=[cam]))


def test_an_instant_event_and_a_state_off_at_subscription(catalog: Catalog) -> None:
    cam = add_camera(catalog, "gate")
    watch, log = _watch(catalog)
    watch.record_event(cam, _event(EventKind.INTRUSION, "video_source", False, initial=True), S)
    assert log.search(camera_ids=[cam]) == []  # off and nothing open: nothing to keep
    watch.record_event(cam, _event(EventKind.LINE_CROSSING, "vsc/Gate", None), 5 * S)
    watch.record_event(cam, _event(EventKind.TAMPER, "video_source", True), 6 * S)
    # After a reboot the camera says the tamper is over: the open event ends.
    watch.record_event(cam, _event(EventKind.TAMPER, "video_source", False, initial=True), 9 * S)
    found = sorted((e.start_us, e.end_us, e.type, e.source) for e in log.search(camera_ids=[cam]))
    assert found == [
        (5 * S, 5 * S, EventType.ANALYTICS, "vsc/Gate"),
        (6 * S, 9 * S, EventType.ANALYTICS, "video_source"),
    ]


def test_the_camera_time_dates_an_event_and_an_end_never_precedes_its_start(
    catalog: Catalog,
) -> None:
    cam = add_camera(catalog, "hall")
    watch, log = _watch(catalog)

    def at(state: bool | None, server_time_us: int | None) -> CameraEvent:
        return replace(
            _event(EventKind.DIGITAL_INPUT, "DI_0", state), server_time_us=server_time_us
        )

    watch.record_event(cam, at(True, 7 * S), 9 * S)  # happened at 7 s, arrived at 9 s
    watch.record_event(cam, at(False, 6 * S), 10 * S)  # dated before its start: ends at it
    watch.record_event(cam, at(True, None), 12 * S)  # no camera time: its arrival
    watch.record_event(cam, at(False, 13 * S), 14 * S)
    found = sorted((e.start_us, e.end_us) for e in log.search(camera_ids=[cam]))
    assert found == [(7 * S, 7 * S), (12 * S, 13 * S)]
    # An input already active when the server subscribes (Initialized) begins an
    # event at the time the camera reported it; reported again, it opens no second one.
    initial = replace(at(True, 20 * S), initial=True)
    watch.record_event(cam, initial, 21 * S)
    watch.record_event(cam, replace(initial, server_time_us=25 * S), 26 * S)
    assert (20 * S, None) in [(e.start_us, e.end_us) for e in log.search(camera_ids=[cam])]
    watch.record_event(cam, at(False, 27 * S), 28 * S)
    watch.record_event(cam, at(True, 30 * S), 31 * S)
    watch.end_all(20 * S)  # an end before the start: ends at the start
    found = sorted((e.start_us, e.end_us) for e in log.search(camera_ids=[cam]))
    assert found == [(7 * S, 7 * S), (12 * S, 13 * S), (20 * S, 27 * S), (30 * S, 30 * S)]


def test_each_event_goes_on_the_bus_typed(catalog: Catalog) -> None:
    import asyncio

    from vedette_server.onvif.event_watch import CAMERA_EVENT, EventTarget

    watch, _ = _watch(catalog)
    target = EventTarget(7, "Gate", "127.0.1.11", 8080, "admin", "secret")
    event = _event(EventKind.DIGITAL_INPUT, "DI_0", True)

    async def published() -> dict[str, object]:
        async with watch.bus.subscribe() as queue:
            watch.camera_event(target, event)
            got = queue.get_nowait()
        assert got.kind == CAMERA_EVENT
        return got.facts

    facts = asyncio.run(published())
    assert facts["event"] is event
    assert (facts["camera_id"], facts["kind"], facts["source"], facts["state"]) == (
        7,
        "digital_input",
        "DI_0",
        True,
    )
    assert "secret" not in repr(facts) and "secret" not in repr(target)
