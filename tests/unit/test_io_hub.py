"""The I/O hub on virtual devices, a real catalog and the real event bus: input
events (rows and "io.input"), NO/NC, debounce, arming schedules, output pulses and
"manual" outputs, output schedules, a device that stops answering, and bad commands."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from vedette_hw.virtual_io import VirtualIo
from vedette_server.alarms.ports import OutputMode, OutputPort
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.events import EventBus, EventQueue, ServerEvent
from vedette_server.io.hub import IoHub
from vedette_server.io.settings import DeviceKind, PointKind, PointRecord, VirtualAddress
from vedette_server.io.store import PointChanges
from vedette_server.recording.policy_store import PolicyStore
from vedette_server.recording.schedules import week

BOUND_S = 20.0  # generous: a loaded 2-core machine


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(test(), 120))


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


class Setup:
    def __init__(self, catalog: Catalog, hub: IoHub, queue: EventQueue) -> None:
        self.catalog = catalog
        self.hub = hub
        self.queue = queue
        self.device_id = hub.store.devices()[0].id

    def point(self, kind: PointKind, number: int) -> PointRecord:
        return next(
            p
            for p in self.hub.store.points(self.device_id)
            if p.kind is kind and p.number == number
        )

    @property
    def box(self) -> VirtualIo:
        device = self.hub._runners[self.device_id].device
        assert isinstance(device, VirtualIo)
        return device

    async def change(self, point_id: int, **changes: Any) -> None:
        self.hub.store.update_point(point_id, PointChanges(**changes))
        await self.hub.reload()
        await self.known(point_id)

    async def known(self, point_id: int) -> None:
        """Until the point's state is known (a new baseline after an input's change)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BOUND_S
        while (state := self.hub.states().points.get(point_id)) is None or (
            state.active is None and state.on is None
        ):
            assert loop.time() < deadline, f"point {point_id}: no state"
            await asyncio.sleep(0.02)

    async def next_event(self, kind: str, **facts: Any) -> ServerEvent:
        """The next bus event of ``kind`` whose facts include ``facts``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BOUND_S
        while True:
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"no {kind} {facts} within {BOUND_S} s")
            event = await asyncio.wait_for(self.queue.get(), left)
            if event.kind == kind and all(event.facts.get(k) == v for k, v in facts.items()):
                return event

    async def online(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BOUND_S
        while self.hub.states().devices[self.device_id].online is not True:
            assert loop.time() < deadline, "the device never came online"
            await asyncio.sleep(0.02)


@asynccontextmanager
async def hub_on(catalog: Catalog, inputs: int = 4, outputs: int = 2) -> AsyncIterator[Setup]:
    catalog_thread = CatalogThread()
    bus = EventBus()
    hub = IoHub(catalog, catalog_thread, bus, poll_s=0.02, backoff_s=(0.05, 0.2))
    hub.store.add_device("door-box", DeviceKind.VIRTUAL, VirtualAddress(inputs, outputs))
    async with bus.subscribe() as queue:
        await hub.start()
        try:
            setup = Setup(catalog, hub, queue)
            await setup.online()
            yield setup
        finally:
            await hub.aclose()
            catalog_thread.shutdown()


def event_row(catalog: Catalog, event_id: int) -> Event:
    row = Event.get_or_none(Event.id == event_id)
    assert row is not None
    return row


def test_the_hub_is_the_alarm_engines_output_port(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            port: OutputPort = s.hub  # mypy checks the protocol
            assert port is s.hub

    run(main)


def test_an_input_change_writes_its_event_row_then_publishes(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            door = s.point(PointKind.INPUT, 1)
            await s.change(door.id, debounce_ms=0)
            s.box.set_input(1, True)
            on = await s.next_event("io.input", point_id=door.id, active=True)
            assert on.facts["armed"] is True and on.facts["camera_id"] is None
            assert on.facts["device_id"] == s.device_id and on.facts["name"] == "door-box/in1"
            row = event_row(catalog, on.facts["event_id"])
            assert (row.type, row.key, row.subtype) == ("sensor", f"input:{door.id}", "input")
            assert row.start_us == on.facts["time_us"] and row.end_us is None
            assert s.hub.states().points[door.id].active is True
            s.box.set_input(1, False)
            off = await s.next_event("io.input", point_id=door.id, active=False)
            assert off.facts["event_id"] == on.facts["event_id"]
            assert event_row(catalog, on.facts["event_id"]).end_us == off.facts["time_us"]
            assert s.hub.states().points[door.id].active is False

    run(main)


def test_a_normally_closed_input_is_active_when_its_contact_opens(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            s.box.set_input(0, True)  # an NC loop at rest: closed
            door = s.point(PointKind.INPUT, 0)
            await s.change(door.id, normal="closed", debounce_ms=0)
            assert s.hub.states().points[door.id].active is False  # closed: at rest
            s.box.set_input(0, False)  # the wire is cut
            cut = await s.next_event("io.input", point_id=door.id)
            assert cut.facts["active"] is True

    run(main)


def test_a_change_made_while_a_baseline_is_taken_is_not_undone_by_it(catalog: Catalog) -> None:
    """A baseline awaits the catalog; a second input's settings changed meanwhile
    (a CI run's flake: its debounce) are the ones in force afterwards, not those the
    baseline started with. Here the second input becomes normally closed while the
    first change's baseline is held at its first catalog call: its open contact is
    then active."""

    async def main() -> None:
        async with hub_on(catalog) as s:
            runner = s.hub._runners[s.device_id]
            entered, release = asyncio.Event(), asyncio.Event()
            real = runner._ctx.thread

            class HeldThread:
                async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
                    if not release.is_set():
                        entered.set()
                        await release.wait()
                    return await real.call(fn, *args)

            first, second = s.point(PointKind.INPUT, 0), s.point(PointKind.INPUT, 2)
            runner._ctx = dataclasses.replace(runner._ctx, thread=HeldThread())  # type: ignore[arg-type]
            s.hub.store.update_point(first.id, PointChanges(debounce_ms=0))
            await s.hub.reload()
            await asyncio.wait_for(entered.wait(), BOUND_S)  # the baseline is under way
            s.hub.store.update_point(second.id, PointChanges(normal="closed"))
            await s.hub.reload()
            release.set()
            await s.known(first.id)
            await s.known(second.id)
            # The box's contacts are all open: the normally closed one is active.
            assert s.hub.states().points[second.id].active is True
            assert s.hub.states().points[first.id].active is False

    run(main)


def test_a_glitch_shorter_than_the_debounce_gives_no_event(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            slow, quick = s.point(PointKind.INPUT, 2), s.point(PointKind.INPUT, 3)
            await s.change(slow.id, debounce_ms=60_000)
            await s.change(quick.id, debounce_ms=0)
            s.box.set_input(2, True)
            s.box.set_input(3, True)
            # the quick input's event proves the slow one was polled closed too
            await s.next_event("io.input", point_id=quick.id, active=True)
            await asyncio.sleep(0.2)  # several more polls while closed
            s.box.set_input(2, False)
            s.box.set_input(3, False)
            await s.next_event("io.input", point_id=quick.id, active=False)
            assert not any(
                e.kind == "io.input" and e.facts["point_id"] == slow.id for e in _drain(s.queue)
            )
            rows = Event.select().where(Event.key == f"input:{slow.id}").count()
            assert rows == 0

    run(main)


def _drain(queue: EventQueue) -> list[ServerEvent]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


def test_a_disarmed_input_still_logs_its_event(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            never, _ = PolicyStore(catalog.database).put_schedule(0, "never", week({}))
            door = s.point(PointKind.INPUT, 0)
            await s.change(door.id, debounce_ms=0, schedule_id=never.id)
            s.box.set_input(0, True)
            on = await s.next_event("io.input", point_id=door.id, active=True)
            assert on.facts["armed"] is False
            assert "disarmed" in event_row(catalog, on.facts["event_id"]).message

    run(main)


def test_a_pulse_turns_the_output_on_then_off(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            siren = s.point(PointKind.OUTPUT, 1)
            state = await s.hub.set_output(siren.id, OutputMode.PULSE, 0.3, "tester")
            assert state.on and state.until_us is not None
            on = await s.next_event("io.output", point_id=siren.id, on=True)
            assert on.facts["actor"] == "tester" and on.facts["until_us"] == state.until_us
            off = await s.next_event("io.output", point_id=siren.id, on=False)
            assert off.facts["actor"] == "pulse end"
            assert s.box.writes == [(1, True), (1, False)]
            assert s.hub.states().points[siren.id].on is False

    run(main)


def test_a_pulse_of_a_manual_output_stays_on_until_switched_off(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            siren = s.point(PointKind.OUTPUT, 0)
            assert siren.pulse_s == 5.0  # the default auto-clear time
            await s.change(siren.id, manual=True)
            state = await s.hub.set_output(siren.id, OutputMode.PULSE, None, "tester")
            assert state.on and state.until_us is None
            assert s.box.pulse_ends_at(0) is None and s.box.writes == [(0, True)]
            await s.hub.set_output(siren.id, OutputMode.OFF, None, "tester")
            assert s.box.writes == [(0, True), (0, False)]

    run(main)


def test_an_output_outside_its_schedule_is_held_off(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            siren = s.point(PointKind.OUTPUT, 0)
            await s.hub.set_output(siren.id, OutputMode.ON, None, "tester")
            never, _ = PolicyStore(catalog.database).put_schedule(0, "never", week({}))
            await s.change(siren.id, schedule_id=never.id)
            held = await s.next_event("io.output", point_id=siren.id, on=False)
            assert held.facts["actor"] == "schedule"
            with pytest.raises(FailedPrecondition, match="outside its schedule 'never'"):
                await s.hub.set_output(siren.id, OutputMode.PULSE, 1.0, "tester")
            assert s.box.writes == [(0, True), (0, False)]
            await s.hub.set_output(siren.id, OutputMode.OFF, None, "tester")  # always allowed

    run(main)


def test_a_device_that_stops_answering_goes_offline_then_back(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            s.box.unreachable = True
            down = await s.next_event("io.device", device_id=s.device_id, online=False)
            assert "not reachable" in down.facts["detail"]
            state = s.hub.states().devices[s.device_id]
            assert state.online is False and "read inputs" in state.detail
            siren = s.point(PointKind.OUTPUT, 0)
            with pytest.raises(FailedPrecondition, match=r"door-box/out0.*not reachable"):
                await s.hub.set_output(siren.id, OutputMode.ON, None, "tester")
            s.box.unreachable = False
            await s.next_event("io.device", device_id=s.device_id, online=True, detail="")

    run(main)


def test_bad_commands_are_refused_with_the_reason(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            door, siren = s.point(PointKind.INPUT, 0), s.point(PointKind.OUTPUT, 0)
            with pytest.raises(NotFound):
                await s.hub.set_output(9999, OutputMode.ON, None, "tester")
            with pytest.raises(InvalidArgument, match="is an input"):
                await s.hub.set_output(door.id, OutputMode.ON, None, "tester")
            with pytest.raises(InvalidArgument, match="pulse_s"):
                await s.hub.set_output(siren.id, OutputMode.PULSE, -1.0, "tester")
            await s.change(siren.id, enabled=False)
            with pytest.raises(FailedPrecondition, match="disabled"):
                await s.hub.set_output(siren.id, OutputMode.ON, None, "tester")
            assert s.box.writes == []

    run(main)


def test_the_snapshot_tells_the_states_as_the_events_would(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog, inputs=1, outputs=1) as s:
            door, siren = s.point(PointKind.INPUT, 0), s.point(PointKind.OUTPUT, 0)
            await s.change(door.id, debounce_ms=0)
            s.box.set_input(0, True)
            on = await s.next_event("io.input", point_id=door.id, active=True)
            await s.hub.set_output(siren.id, OutputMode.ON, None, "tester")
            told = {(e.kind, e.facts.get("point_id")): e.facts for e in s.hub.snapshot()}
            assert told[("io.device", None)] == {
                "device_id": s.device_id,
                "name": "door-box",
                "online": True,
                "detail": "",
            }
            assert told[("io.input", door.id)]["event_id"] == on.facts["event_id"]
            assert told[("io.input", door.id)]["active"] is True
            assert told[("io.output", siren.id)]["on"] is True

    run(main)


def test_disabling_a_device_ends_its_open_input_events(catalog: Catalog) -> None:
    async def main() -> None:
        async with hub_on(catalog) as s:
            door = s.point(PointKind.INPUT, 0)
            await s.change(door.id, debounce_ms=0)
            s.box.set_input(0, True)
            on = await s.next_event("io.input", point_id=door.id, active=True)
            assert event_row(catalog, on.facts["event_id"]).end_us is None
            s.hub.store.update_device(s.device_id, enabled=False)
            await s.hub.reload()
            assert event_row(catalog, on.facts["event_id"]).end_us is not None
            assert s.hub.states().devices[s.device_id].online is None
            with pytest.raises(FailedPrecondition, match="is disabled"):
                await s.hub.set_output(s.point(PointKind.OUTPUT, 0).id, OutputMode.ON, None, "t")

    run(main)


def test_inputs_changing_in_one_poll_are_written_together_then_published_in_order(
    catalog: Catalog,
) -> None:
    """Three inputs changed between two polls: when the first ``io.input`` is
    published, every one of the three rows is written (one catalog job), and the
    events come in input order, each naming its row; their ends likewise."""
    seen: list[tuple[int, bool, int, list[int | None]]] = []  # point, active, row, ends

    async def main() -> None:
        async with hub_on(catalog) as s:
            points = [s.point(PointKind.INPUT, n) for n in (0, 2, 3)]
            for point in points:
                await s.change(point.id, debounce_ms=0)
            keys = [f"input:{p.id}" for p in points]

            def at_publish(event: ServerEvent) -> None:
                if event.kind == "io.input":
                    rows = Event.select().where(Event.key.in_(keys)).order_by(Event.id)
                    ends = [row.end_us for row in rows.execute(catalog.database)]
                    facts = event.facts
                    seen.append((facts["point_id"], facts["active"], facts["event_id"], ends))

            unlisten = s.hub._context.bus.listen(at_publish)
            try:
                for n in (0, 2, 3):  # no await between: the same poll sees all three
                    s.box.set_input(n, True)
                for point in points:
                    await s.next_event("io.input", point_id=point.id, active=True)
                for n in (0, 2, 3):
                    s.box.set_input(n, False)
                for point in points:
                    await s.next_event("io.input", point_id=point.id, active=False)
            finally:
                unlisten()

    run(main)
    ids = [point_id for point_id, _, _, _ in seen]
    assert ids == sorted(ids[:3]) * 2 and len(set(ids)) == 3
    on, off = seen[:3], seen[3:]
    assert [active for _, active, _, _ in on] == [True] * 3
    assert [active for _, active, _, _ in off] == [False] * 3
    assert all(ends == [None, None, None] for *_, ends in on)  # all three rows, open
    assert all(len(ends) == 3 and None not in ends for *_, ends in off)  # all three ended
    assert [row for _, _, row, _ in on] == [row for _, _, row, _ in off]
    assert all(row for _, _, row, _ in on)
