"""WatchEvents' sequence numbers, replay and resync on a real (in-process) server,
with the alarm-side items as the alarm engine publishes them on the server's bus.

- 20 readers see every ``seq`` in order while a reader that never reads falls
  behind: it gets a ``Resync`` and the others lose nothing;
- a reconnect with ``resume_after_seq`` replays exactly the gap (no snapshot), and
  one with another run id gets a ``Resync`` and the snapshot;
- alarms reach only users with the alarm-view right who see their camera.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import grpc
import pytest

from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc
from vedette_server.alarms.model import Alarm, AlarmState
from vedette_server.events import ServerEvent

PASSWORD = "Watch-Events-2026!"
WAIT_S = 60.0
ALARMS = alarms_pb2.WATCH_KIND_ALARMS


def alarm_event(alarm_id: int, camera_id: int | None = None, *, version: int = 1) -> ServerEvent:
    """``alarm.changed`` as the alarm engine publishes it (``alarms/bus.py``)."""
    alarm = Alarm(
        id=alarm_id,
        rule_id=1,
        key=f"test:{alarm_id}",
        title=f"alarm {alarm_id}",
        priority=1 + alarm_id % 3,
        category="",
        state=AlarmState.NEW,
        first_us=1_800_000_000_000_000,
        last_us=1_800_000_000_000_000,
        version=version,
    )
    cameras = () if camera_id is None else (camera_id,)
    facts = {
        "alarm": alarm,
        "activity": None,
        "camera_ids": cameras,
        "rule_name": "test rule",
        "instructions": "look",
        "fresh": version == 1,
    }
    return ServerEvent("alarm.changed", facts)


class Reader:
    """A ``WatchEvents`` stream read on a thread into a queue."""

    _END = object()

    def __init__(self, stream: Iterator[alarms_pb2.WatchEventsResponse]) -> None:
        self.stream = stream
        self.messages: queue.Queue[object] = queue.Queue()
        #: The highest ``seq`` received so far.
        self.last_seq = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for message in self.stream:
                self.last_seq = max(self.last_seq, message.seq)
                self.messages.put(message)
        except (errors.VedetteError, grpc.RpcError) as error:
            self.messages.put(error)
        self.messages.put(self._END)

    def next(self, timeout: float = WAIT_S) -> alarms_pb2.WatchEventsResponse:
        item = self.messages.get(timeout=timeout)
        if item is self._END or isinstance(item, Exception):
            raise AssertionError(f"the feed ended: {item!r}")
        assert isinstance(item, alarms_pb2.WatchEventsResponse)
        return item

    def until_seq(self, seq: int) -> list[alarms_pb2.WatchEventsResponse]:
        """The items (no heartbeats) up to the one with ``seq``."""
        seen = []
        while True:
            message = self.next()
            if message.HasField("heartbeat"):
                continue
            seen.append(message)
            if message.seq >= seq and not message.HasField("resync"):
                return seen


@pytest.fixture(scope="module")
def inproc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    started = start_inprocess_server(tmp_path_factory.mktemp("watch"))
    yield started
    started.stop()


def _admin(inproc: InProcessServer) -> Client:
    return Client.connect(inproc.address, username="admin", password=ADMIN_PASSWORD, insecure=True)


def _publish(inproc: InProcessServer, events: list[ServerEvent]) -> int:
    """Publish in one turn of the server's loop; the last ``seq`` after."""

    async def publish() -> int:
        for event in events:
            inproc.server.events.publish(event)
        return int(inproc.server.parts.feed.journal.last_seq)

    return inproc.run(publish())


def _subscribed(reader: Reader) -> alarms_pb2.WatchEventsResponse:
    first = reader.next()
    assert first.HasField("heartbeat"), first
    return first


def test_twenty_readers_see_every_seq_while_one_that_never_reads_is_resynced(
    inproc: InProcessServer,
) -> None:
    token = inproc.login()
    metadata = (("authorization", f"Bearer {token}"),)
    # The reader that never reads: a small flow-control window, so the server's
    # send buffer for it fills at once and its queue on the server overflows.
    slow_channel = grpc.insecure_channel(
        inproc.address,
        options=[("grpc.http2.bdp_probe", 0), ("grpc.max_receive_message_length", 1 << 20)],
    )
    slow_stub = alarms_pb2_grpc.AlarmServiceStub(slow_channel)
    slow = slow_stub.WatchEvents(
        alarms_pb2.WatchEventsRequest(items=[ALARMS]), metadata=metadata, timeout=4 * WAIT_S
    )
    first = next(slow)
    assert first.HasField("heartbeat")
    with _admin(inproc) as admin:
        readers = [Reader(admin.watch_events(items=[ALARMS])) for _ in range(20)]
        start = [_subscribed(r).seq for r in readers]
        for reader in readers:  # the (empty) snapshot
            done = reader.next()
            assert done.heartbeat.snapshot_done, done
        total, chunk = 4000, 100
        last = 0
        for offset in range(0, total, chunk):
            last = _publish(inproc, [alarm_event(1 + (offset + i) % 50) for i in range(chunk)])
            # Readers that read keep up: the next chunk once they have this one.
            wait_for(
                lambda: all(r.last_seq >= last for r in readers),  # noqa: B023
                WAIT_S,
                f"every reader at seq {last}",
                interval=0.01,
            )
        try:
            for reader, base in zip(readers, start, strict=True):
                seqs = [m.seq for m in reader.until_seq(last)]
                assert seqs == list(range(base + 1, last + 1))
        finally:
            for reader in readers:
                reader.stream.close()  # type: ignore[attr-defined]
    try:
        told = []
        for message in slow:
            if message.HasField("resync"):
                resync = message
                break
            told.append(message.seq)
        else:
            raise AssertionError("the reader that never read got no resync")
        assert resync.resync.reason == alarms_pb2.RESYNC_REASON_OVERFLOW
        assert told == list(range(told[0], told[0] + len(told))) if told else True
        assert len(told) < total, "it got a backlog instead of a resync"
        done = next(slow)  # the snapshot follows the resync
        while not done.HasField("heartbeat"):
            assert done.alarm.snapshot
            done = next(slow)
        assert done.heartbeat.snapshot_done
    finally:
        slow.cancel()
        slow_channel.close()


def test_a_reconnect_with_resume_replays_exactly_the_gap(inproc: InProcessServer) -> None:
    with _admin(inproc) as admin:
        first = Reader(admin.watch_events(items=[ALARMS]))
        hello = _subscribed(first)
        run_id = hello.run_id
        assert run_id
        first.next()  # snapshot done
        last = _publish(inproc, [alarm_event(100 + i) for i in range(10)])
        received = first.until_seq(last)
        first.stream.close()  # type: ignore[attr-defined]
        assert received[-1].seq == last
        gap_end = _publish(inproc, [alarm_event(200 + i, version=2) for i in range(25)])
        resumed = Reader(
            admin.watch_events(items=[ALARMS], resume_after_seq=last, resume_run_id=run_id)
        )
        assert _subscribed(resumed).seq == last
        replay = resumed.until_seq(gap_end)
        resumed.stream.close()  # type: ignore[attr-defined]
        assert [m.seq for m in replay] == list(range(last + 1, gap_end + 1))
        assert [m.alarm.id for m in replay] == [200 + i for i in range(25)]
        assert not any(m.alarm.snapshot or m.HasField("resync") for m in replay)
        assert all(m.run_id == run_id for m in replay)

        other_run = Reader(
            admin.watch_events(items=[ALARMS], resume_after_seq=last, resume_run_id="another")
        )
        _subscribed(other_run)
        resync = other_run.next()
        other_run.stream.close()  # type: ignore[attr-defined]
        assert resync.resync.reason == alarms_pb2.RESYNC_REASON_OTHER_RUN


def test_alarms_reach_only_users_who_may_see_them(inproc: InProcessServer) -> None:
    with _admin(inproc) as admin:
        seen = admin.create_camera("Seen", "rtsp://127.0.0.1:9/a", enabled=False)
        hidden = admin.create_camera("Hidden", "rtsp://127.0.0.1:9/b", enabled=False)
        viewer_group = admin.create_group(
            "alarm viewers",
            remote_rights=make_rights(("alarm_view",), {"live": [seen.id]}),
            local_rights=make_rights(("alarm_view",), {"live": [seen.id]}),
        )
        blind_group = admin.create_group(
            "no alarms",
            remote_rights=make_rights((), {"live": "all"}),
            local_rights=make_rights((), {"live": "all"}),
        )
        admin.create_user("viewer", PASSWORD, group_id=viewer_group.id)
        admin.create_user("blind", PASSWORD, group_id=blind_group.id)
        with (
            Client.connect(
                inproc.address, username="viewer", password=PASSWORD, insecure=True
            ) as v,
            Client.connect(inproc.address, username="blind", password=PASSWORD, insecure=True) as b,
        ):
            viewer = Reader(v.watch_events(items=[ALARMS]))
            blind = Reader(b.watch_events(items=[ALARMS]))
            for reader in (viewer, blind):
                _subscribed(reader)
                assert reader.next().heartbeat.snapshot_done
            last = _publish(
                inproc,
                [
                    alarm_event(301, hidden.id),
                    alarm_event(302, seen.id),
                    alarm_event(303, None),  # server-wide
                    alarm_event(304, hidden.id),
                ],
            )
            marker = _publish(inproc, [alarm_event(305, seen.id)])
            told = viewer.until_seq(marker)
            viewer.stream.close()  # type: ignore[attr-defined]
            with pytest.raises(queue.Empty):
                blind.messages.get(timeout=1.0)  # nothing, not even the marker
            blind.stream.close()  # type: ignore[attr-defined]
    assert [(m.alarm.id, m.alarm.camera_id) for m in told] == [
        (302, seen.id),
        (303, 0),
        (305, seen.id),
    ]
    assert all(m.seq <= last or m.alarm.id == 305 for m in told)


def test_a_reader_that_asks_for_batches_gets_the_queued_items_together_in_order(
    inproc: InProcessServer,
) -> None:
    metadata = (("authorization", f"Bearer {inproc.login()}"),)
    with grpc.insecure_channel(inproc.address) as channel:
        stub = alarms_pb2_grpc.AlarmServiceStub(channel)
        batched = stub.WatchEvents(
            alarms_pb2.WatchEventsRequest(items=[ALARMS], max_batch=40),
            metadata=metadata,
            timeout=4 * WAIT_S,
        )
        single = stub.WatchEvents(
            alarms_pb2.WatchEventsRequest(items=[ALARMS]), metadata=metadata, timeout=4 * WAIT_S
        )
        try:
            starts = []
            for stream in (batched, single):
                hello = next(stream)
                assert hello.HasField("heartbeat")
                starts.append(hello.seq)
                assert next(stream).heartbeat.snapshot_done
            # In one turn of the server's loop: all queued before either stream sends.
            last = _publish(inproc, [alarm_event(300 + i) for i in range(200)])
            sizes: list[int] = []
            seqs: list[int] = []
            while not seqs or seqs[-1] < last:
                message = next(batched)
                if message.HasField("batch"):
                    inner = list(message.batch.messages)
                    assert not any(m.HasField("batch") for m in inner)
                    assert message.seq == inner[-1].seq and message.run_id == hello.run_id
                else:
                    inner = [message]
                sizes.append(len(inner))
                seqs.extend(m.seq for m in inner if m.HasField("alarm"))
            assert seqs == list(range(starts[0] + 1, last + 1))
            assert max(sizes) == 40, sizes  # 200 were queued: full batches
            told = [next(single) for _ in range(200)]
            assert not any(m.HasField("batch") for m in told)  # not asked for: never
            assert [m.seq for m in told] == list(range(starts[1] + 1, last + 1))
        finally:
            batched.cancel()
            single.cancel()
