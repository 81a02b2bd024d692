"""Alarm handling end to end on a real server (``vedette-server`` in its own process):
a manual alarm listed, acknowledged, commented and closed with a resolution, each
change on the live feed; a stale version refused ABORTED naming who changed it;
acknowledge-all over a filter; who may see and handle alarms; rules put, read and
deleted."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator

import pytest

from tests.support.server_process import ADMIN_PASSWORD, ServerProcess
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.client.alarms import alarm_filter
from vedette_api.v1 import alarms_pb2, io_pb2

PASSWORD = "Alarm-Handler-2026!"
WAIT_S = 60.0
NEW, IN_PROGRESS, CLOSED = (
    alarms_pb2.ALARM_STATE_NEW,
    alarms_pb2.ALARM_STATE_IN_PROGRESS,
    alarms_pb2.ALARM_STATE_CLOSED,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    from tests.support.server_process import init_data_dir, start_server

    tmp = tmp_path_factory.mktemp("alarms")
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    started = start_server(data, tmp / "known.json")
    yield started
    started.stop()


def _connect(server: ServerProcess, user: str = "admin", password: str = ADMIN_PASSWORD) -> Client:
    return Client.connect(
        server.address, username=user, password=password, known_servers_path=server.known_servers
    )


class AlarmFeed:
    """The alarm items of a ``WatchEvents`` stream, read on a thread; built once the
    subscription's snapshot of open alarms is done, so an alarm raised after that is
    told as a fresh change, never as part of the snapshot."""

    def __init__(self, client: Client) -> None:
        self.stream = client.watch_events(items=[alarms_pb2.WATCH_KIND_ALARMS])
        self.items: queue.Queue[alarms_pb2.WatchEventsResponse] = queue.Queue()
        self._subscribed = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self._subscribed.wait(WAIT_S), "the feed's snapshot never ended"

    def _read(self) -> None:
        try:
            for message in self.stream:
                if message.HasField("heartbeat") and message.heartbeat.snapshot_done:
                    self._subscribed.set()
                if message.HasField("alarm"):
                    self.items.put(message)
        except errors.VedetteError:
            pass

    def until(self, alarm_id: int, version: int) -> alarms_pb2.Alarm:
        while True:
            message = self.items.get(timeout=WAIT_S)
            if message.alarm.id == alarm_id and message.alarm.version >= version:
                return message.alarm


def test_a_manual_alarm_is_listed_acknowledged_commented_and_closed(server: ServerProcess) -> None:
    with _connect(server) as admin:
        feed = AlarmFeed(admin)
        try:
            raised = admin.trigger_alarm("Door forced", priority=1, text="north gate")
            assert (raised.state, raised.priority, raised.version) == (NEW, 1, 1)
            told = feed.until(raised.id, 1)
            assert told.fresh and told.activity_kind == "created"
            listed = list(admin.list_alarms(alarm_filter(states=["new"])))
            assert raised.id in [a.id for a in listed]

            acked = admin.acknowledge_alarm(raised.id, version=1).alarm
            assert (acked.state, acked.owner, acked.acknowledged_by) == (
                IN_PROGRESS,
                "admin",
                "admin",
            )
            commented = admin.comment_alarm(raised.id, "guard sent", version=acked.version)
            assert commented.activity.kind == "comment"
            closed = admin.close_alarm(
                raised.id, "true_alarm", "door repaired", version=commented.alarm.version
            ).alarm
            assert (closed.state, closed.resolution) == (CLOSED, alarms_pb2.RESOLUTION_TRUE_ALARM)
            on_feed = feed.until(raised.id, closed.version)
            assert (on_feed.state, on_feed.fresh, on_feed.actor) == (CLOSED, False, "admin")
        finally:
            feed.stream.close()
        detail = admin.get_alarm(raised.id)
        assert [a.kind for a in detail.activities] == ["created", "state", "comment", "state"]
        assert detail.activities[2].text == "guard sent"
        assert detail.playback_start.ToMicroseconds() <= raised.first_time.ToMicroseconds()
        with pytest.raises(errors.FailedPrecondition, match="resolution"):
            other = admin.trigger_alarm("Window", priority=2)
            admin._update(other.id, 0, close=alarms_pb2.CloseOperation())
        stats = admin.alarm_statistics()
        assert stats.total >= 2
        assert stats.overall.time_to_close.count >= 1


def test_a_stale_version_is_aborted_naming_who_changed_it(server: ServerProcess) -> None:
    with _connect(server) as admin:
        alarm = admin.trigger_alarm("Stale check", priority=2)
        admin.comment_alarm(alarm.id, "first", version=alarm.version)
        with pytest.raises(errors.Aborted, match="changed by admin"):
            admin.acknowledge_alarm(alarm.id, version=alarm.version)
        assert admin.get_alarm(alarm.id).alarm.state == NEW  # nothing was overwritten


def test_acknowledge_all_over_a_filter_skips_what_is_not_new(server: ServerProcess) -> None:
    with _connect(server) as admin:
        ids = [admin.trigger_alarm(f"Burst {i}", priority=3).id for i in range(3)]
        admin.acknowledge_alarm(ids[0])
        everything = alarm_filter(text="Burst", max_priority=3)
        result = admin.acknowledge_alarms(alarm_filter=everything)
        assert sorted(result.acknowledged_ids) == sorted(ids[1:])
        again = admin.acknowledge_alarms(ids)
        assert again.acknowledged == 0
        assert {s.alarm_id for s in again.skipped} == set(ids)
        assert all("not new" in s.reason for s in again.skipped)


def test_who_may_see_and_handle_alarms(server: ServerProcess) -> None:
    with _connect(server) as admin:
        seen = admin.create_camera("Gate", "rtsp://127.0.0.1:9/a", enabled=False)
        hidden = admin.create_camera("Vault", "rtsp://127.0.0.1:9/b", enabled=False)
        rights = make_rights(("alarm_view",), {"live": [seen.id]})
        group = admin.create_group("watchers", local_rights=rights, remote_rights=rights)
        admin.create_user("watcher", PASSWORD, group_id=group.id)
        with pytest.raises(errors.NotFound, match="camera"):
            admin.trigger_alarm("Nowhere", camera_id=hidden.id + 1000)
        with pytest.raises(errors.InvalidArgument, match="name"):
            admin.trigger_alarm("")
        on_seen = admin.trigger_alarm("At the gate", camera_id=seen.id)
        on_hidden = admin.trigger_alarm("In the vault", camera_id=hidden.id)
        with _connect(server, "watcher", PASSWORD) as watcher:
            listed = {a.id for a in watcher.list_alarms()}
            assert on_seen.id in listed and on_hidden.id not in listed
            with pytest.raises(errors.NotFound):
                watcher.get_alarm(on_hidden.id)
            with pytest.raises(errors.PermissionDenied):
                watcher.acknowledge_alarm(on_seen.id)
            with pytest.raises(errors.PermissionDenied):
                watcher.trigger_alarm("Not mine")
            with pytest.raises(errors.PermissionDenied):
                watcher.list_rules()


def test_rules_are_put_read_and_deleted(server: ServerProcess) -> None:
    with _connect(server) as admin:
        rules = admin.list_rules()
        assert any(r.builtin for r in rules), "the built-in rules are seeded"
        builtin = next(r for r in rules if r.builtin)
        with pytest.raises(errors.FailedPrecondition):
            admin.delete_rule(builtin.id)
        definition = json.loads(builtin.definition_json)
        put = admin.put_rule("Copy of a built-in", json.dumps(definition), enabled=False)
        assert put.created and not put.rule.enabled and put.rule.version == 1
        with pytest.raises(errors.Aborted):
            admin.put_rule("Copy of a built-in", json.dumps(definition), expected_version=7)
        with pytest.raises(errors.InvalidArgument):
            admin.put_rule("Broken", "{not json")
        assert admin.get_rule(name="Copy of a built-in").id == put.rule.id
        admin.delete_rule(put.rule.id)
        with pytest.raises(errors.NotFound):
            admin.get_rule(put.rule.id)


def _until_snapshot_done(
    stream: Iterator[alarms_pb2.WatchEventsResponse],
) -> list[alarms_pb2.WatchEventsResponse]:
    """The messages after the first heartbeat up to the one ending the snapshot."""
    first = next(stream)
    assert first.HasField("heartbeat") and not first.heartbeat.snapshot_done
    told = []
    for message in stream:
        if message.HasField("heartbeat") and message.heartbeat.snapshot_done:
            return told
        told.append(message)
    raise AssertionError("the stream ended before its snapshot did")


def test_a_subscriber_gets_open_alarms_and_io_states_then_their_changes(
    server: ServerProcess,
) -> None:
    items = [alarms_pb2.WATCH_KIND_ALARMS, alarms_pb2.WATCH_KIND_IO]
    with _connect(server) as admin:
        device = admin.add_virtual_device(input_count=1, output_count=1, name="snap box")
        point = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_INPUT)
        still_open = admin.trigger_alarm("Still open")
        done = admin.trigger_alarm("Done with")
        admin.close_alarm(done.id, "test")
        with admin.watch_events(items=items, timeout_s=WAIT_S) as first:
            snapshot = _until_snapshot_done(first)
            open_ids = {m.alarm.id for m in snapshot if m.HasField("alarm")}
            assert still_open.id in open_ids and done.id not in open_ids
            assert all(m.alarm.snapshot for m in snapshot if m.HasField("alarm"))
            admin.set_virtual_input(point.id, True)
            for message in first:  # the change comes live, numbered after the snapshot
                if message.HasField("io") and message.io.point_id == point.id:
                    assert message.io.active and not message.io.snapshot
                    assert message.seq > snapshot[-1].seq if snapshot else True
                    break
        with admin.watch_events(items=items, timeout_s=WAIT_S) as second:
            states = [m.io for m in _until_snapshot_done(second) if m.HasField("io")]
        told = {(s.kind, s.point_id): s for s in states}
        assert told[(alarms_pb2.IO_KIND_INPUT, point.id)].active
        assert all(s.snapshot for s in states)
        assert (alarms_pb2.IO_KIND_DEVICE, 0) in told


def test_alarms_are_paged_newest_first_without_repeats(server: ServerProcess) -> None:
    with _connect(server) as admin:
        for i in range(5):
            admin.trigger_alarm(f"Page {i}", priority=3)
        wanted = alarm_filter(text="Page ")
        everything = [a.id for a in admin.list_alarms(wanted)]
        assert len(everything) == 5 and everything == sorted(everything, reverse=True)
        paged: list[int] = []
        token = ""
        while True:
            request = alarms_pb2.ListAlarmsRequest(filter=wanted, page_size=2, page_token=token)
            page = admin._alarms.ListAlarms(request, metadata=admin._metadata, timeout=WAIT_S)
            paged += [a.id for a in page.alarms]
            token = page.next_page_token
            if not token:
                break
        assert paged == everything
        with pytest.raises(errors.InvalidArgument, match="page_token"):
            admin._call(admin._alarms.ListAlarms, alarms_pb2.ListAlarmsRequest(page_token="-3"))
