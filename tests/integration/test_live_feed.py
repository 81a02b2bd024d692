"""The live feed (``AlarmService.WatchEvents``) on real servers: changes made by one
client reach another's feed, only within each user's rights; a camera that goes
offline is told; a subscriber that falls behind gets reloads, not a backlog; the feed
ends UNAUTHENTICATED at logout and UNAVAILABLE when the server stops.

Each feed is read on a thread of its own. Assertions are about what arrives and in
which order, never about how fast: a change is looked for until a later marker (a
settings change every user is told) shows that everything before it was delivered.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import alarms_pb2, auth_pb2, auth_pb2_grpc, system_pb2
from vedette_server.feed.changes import ChangeAction, ResourceChange, ResourceKind, change_event

PASSWORD = "Feed-Watcher-2026!"
WAIT_S = 60.0
CAMERAS = alarms_pb2.RESOURCE_KIND_CAMERAS
CAMERA_STATUS = alarms_pb2.RESOURCE_KIND_CAMERA_STATUS
SETTINGS = alarms_pb2.RESOURCE_KIND_SETTINGS
CREATED = alarms_pb2.CHANGE_ACTION_CREATED
UPDATED = alarms_pb2.CHANGE_ACTION_UPDATED
DELETED = alarms_pb2.CHANGE_ACTION_DELETED

Changed = alarms_pb2.ResourceChanged


class FeedReader:
    """A client's feed read on a thread; ``start`` returns once subscribed (the first
    message, a heartbeat, has come)."""

    _END = object()

    def __init__(self, client: Client, kinds: tuple[int, ...] = ()) -> None:
        self.stream = client.watch_events(kinds)  # type: ignore[arg-type]
        self._messages: queue.Queue[object] = queue.Queue()
        self.received: list[alarms_pb2.WatchEventsResponse] = []
        threading.Thread(target=self._read, daemon=True).start()
        first = self.next()
        assert first.HasField("heartbeat"), first
        assert first.heartbeat.interval.seconds == 30

    def _read(self) -> None:
        try:
            for message in self.stream:
                self._messages.put(message)
        except errors.VedetteError as error:
            self._messages.put(error)
        self._messages.put(self._END)

    def next(self, timeout: float = WAIT_S) -> alarms_pb2.WatchEventsResponse:
        """The next message; raises the error the stream ended with."""
        item = self._messages.get(timeout=timeout)
        if isinstance(item, Exception):
            raise item
        if item is self._END:
            raise EOFError("the feed ended")
        assert isinstance(item, alarms_pb2.WatchEventsResponse)
        self.received.append(item)
        return item

    def changes_until(
        self, last: Callable[[Changed], bool], timeout: float = WAIT_S
    ) -> list[Changed]:
        """The changes that arrive up to and including the first ``last`` one."""
        seen: list[Changed] = []
        while True:
            message = self.next(timeout)
            if message.HasField("changed"):
                seen.append(message.changed)
                if last(message.changed):
                    return seen

    def error(self, timeout: float = WAIT_S) -> Exception:
        """How the feed ended (after whatever it still had to say)."""
        while True:
            try:
                self.next(timeout)
            except errors.VedetteError as error:
                return error

    def close(self) -> None:
        self.stream.close()


def settings_marker(change: Changed) -> bool:
    return change.kind == SETTINGS


def touch_settings(admin: Client, name: str) -> None:
    """A change every user is told, after those made before it."""
    general = system_pb2.Settings(general=system_pb2.GeneralSettings(device_name=name))
    admin.update_settings(general, ["general.device_name"])


def _connect(
    server: ServerProcess | InProcessServer, user: str, password: str = PASSWORD
) -> Client:
    if isinstance(server, InProcessServer):  # plaintext on loopback
        return Client.connect(server.address, username=user, password=password, insecure=True)
    return Client.connect(
        server.address, username=user, password=password, known_servers_path=server.known_servers
    )


@pytest.fixture
def server(server_factory) -> ServerProcess:  # type: ignore[no-untyped-def]
    return server_factory()


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    started = start_inprocess_server(tmp_path)
    yield started
    started.stop()


def test_a_camera_created_changed_and_deleted_by_one_client_shows_on_anothers_feed(
    server: ServerProcess,
) -> None:
    with (
        _connect(server, "admin", ADMIN_PASSWORD) as console,
        _connect(server, "admin", ADMIN_PASSWORD) as other,
    ):
        feed = FeedReader(console, (CAMERAS,))
        try:
            camera = other.create_camera("Porch", "rtsp://127.0.0.1:9/p", enabled=False)
            other.update_camera(camera.id, name="Back porch")
            other.delete_camera(camera.id)
            changes = feed.changes_until(lambda c: c.action == DELETED)
        finally:
            feed.close()
    assert [(c.kind, c.action, list(c.ids)) for c in changes] == [
        (CAMERAS, CREATED, [camera.id]),
        (CAMERAS, UPDATED, [camera.id]),
        (CAMERAS, DELETED, [camera.id]),
    ]


def test_a_user_is_told_only_of_the_cameras_they_have_rights_on(server: ServerProcess) -> None:
    with _connect(server, "admin", ADMIN_PASSWORD) as admin:
        seen = admin.create_camera("Seen", "rtsp://127.0.0.1:9/a", enabled=False)
        hidden = admin.create_camera("Hidden", "rtsp://127.0.0.1:9/b", enabled=False)
        viewers = admin.create_group("viewers", remote_rights=make_rights((), {"live": [seen.id]}))
        admin.create_user("viewer", PASSWORD, group_id=viewers.id)
        nobodies = admin.create_group("nobodies", remote_rights=make_rights())
        admin.create_user("nobody", PASSWORD, group_id=nobodies.id)
        with (
            _connect(server, "viewer") as viewer,
            _connect(server, "nobody") as nobody,
        ):
            feeds = {"viewer": FeedReader(viewer), "nobody": FeedReader(nobody)}
            try:
                admin.update_camera(hidden.id, name="Still hidden")
                admin.update_camera(seen.id, name="Still seen")
                admin.delete_camera(hidden.id)
                admin.delete_camera(seen.id)  # told to those who saw it
                admin.create_user("another", PASSWORD, group_id=nobodies.id)  # accounts only
                touch_settings(admin, "Marker")
                told = {name: feed.changes_until(settings_marker) for name, feed in feeds.items()}
            finally:
                for feed in feeds.values():
                    feed.close()
    assert [(c.kind, c.action, list(c.ids)) for c in told["viewer"]] == [
        (CAMERAS, UPDATED, [seen.id]),
        (CAMERAS, DELETED, [seen.id]),
        (SETTINGS, UPDATED, []),
    ]
    assert [(c.kind, list(c.ids)) for c in told["nobody"]] == [(SETTINGS, [])]


def test_a_camera_going_offline_is_a_camera_status_change(
    server: ServerProcess, camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory("--sub", "none")
    with _connect(server, "admin", ADMIN_PASSWORD) as admin:
        camera = admin.create_camera("Yard", camsim.url("cam1", "main"))

        def recording() -> bool:
            return any(s.recording for s in admin.get_recording_status([camera.id]))

        wait_for(recording, WAIT_S, "the camera recording")
        feed = FeedReader(admin, (CAMERA_STATUS,))
        try:
            camsim.stop()
            # A console reloads the camera's status at each change: one of them shows
            # it stopped (the last transitions may be connecting, then offline).
            told: list[Changed] = []
            while not told or recording():
                assert len(told) < 20, f"no change told the camera stopped: {told}"
                told.append(feed.changes_until(lambda c: camera.id in c.ids)[-1])
        finally:
            feed.close()
    assert all(
        (c.kind, c.action, list(c.ids)) == (CAMERA_STATUS, UPDATED, [camera.id]) for c in told
    )


def test_a_subscriber_that_falls_behind_gets_reloads_instead_of_a_backlog(
    inproc: InProcessServer,
) -> None:
    burst = 5 * 1000  # five times what a subscriber may have queued

    async def publish_burst() -> None:
        change = change_event(ResourceChange(ResourceKind.CAMERAS, ChangeAction.UPDATED, (1,)))
        for _ in range(burst):  # all in one turn of the loop: no subscriber reads meanwhile
            inproc.server.events.publish(change)

    with _connect(inproc, "admin", ADMIN_PASSWORD) as admin:
        feed = FeedReader(admin, (CAMERAS, SETTINGS))
        try:
            inproc.run(publish_burst())
            reloads: list[Changed] = []
            before: list[Changed] = []
            while len(reloads) < 2:
                change = feed.changes_until(lambda c: True)[0]
                (reloads if not change.ids else before).append(change)
            camera = admin.create_camera("After", "rtsp://127.0.0.1:9/x", enabled=False)
            after = feed.changes_until(lambda c: c.action == CREATED)
        finally:
            feed.close()
    assert [(c.kind, c.action) for c in reloads] == [(CAMERAS, UPDATED), (SETTINGS, UPDATED)]
    assert len(before) <= 1, "the changes queued before the overflow are dropped"
    assert [list(c.ids) for c in after] == [[camera.id]]  # back in step, nothing left over


def test_the_feed_ends_unauthenticated_at_logout(server: ServerProcess) -> None:
    client = _connect(server, "admin", ADMIN_PASSWORD)
    feed = FeedReader(client)
    try:
        # Logged out, not the channel closed (which would only cancel the call).
        auth_pb2_grpc.AuthServiceStub(client.channel).Logout(
            auth_pb2.LogoutRequest(), metadata=client.metadata, timeout=30
        )
        ended = feed.error()
    finally:
        feed.close()
        client.close()
    assert isinstance(ended, errors.Unauthenticated), ended


def test_the_feed_ends_unavailable_when_the_server_stops(tmp_path: Path) -> None:
    inproc = start_inprocess_server(tmp_path)
    client = _connect(inproc, "admin", ADMIN_PASSWORD)
    feed = FeedReader(client)
    try:
        inproc.stop()
        ended = feed.error()
    finally:
        feed.close()
        client.close()
    assert isinstance(ended, errors.Unavailable), ended
    assert "stopping" in str(ended)


def test_a_rights_change_tells_the_user_to_reload_and_then_what_they_now_see(
    server: ServerProcess,
) -> None:
    with _connect(server, "admin", ADMIN_PASSWORD) as admin:
        first = admin.create_camera("First", "rtsp://127.0.0.1:9/a", enabled=False)
        second = admin.create_camera("Second", "rtsp://127.0.0.1:9/b", enabled=False)
        group = admin.create_group("g", remote_rights=make_rights((), {"live": [first.id]}))
        admin.create_user("viewer", PASSWORD, group_id=group.id)
        with _connect(server, "viewer") as viewer:
            feed = FeedReader(viewer, (CAMERAS,))
            try:
                admin.update_camera(second.id, name="Not yet")
                admin.update_group(
                    group.id, remote_rights=make_rights((), {"live": [first.id, second.id]})
                )
                admin.update_camera(second.id, name="Now seen")
                changes = feed.changes_until(lambda c: list(c.ids) == [second.id])
            finally:
                feed.close()
    assert [(c.kind, c.action, list(c.ids)) for c in changes] == [
        (CAMERAS, UPDATED, []),  # reload: the cameras they see changed
        (CAMERAS, UPDATED, [second.id]),
    ]


def test_views_reach_their_owner_and_shared_ones_everyone(server: ServerProcess) -> None:
    views = alarms_pb2.RESOURCE_KIND_VIEWS
    with _connect(server, "admin", ADMIN_PASSWORD) as admin:
        camera = admin.create_camera("Hall", "rtsp://127.0.0.1:9/h", enabled=False)
        group = admin.create_group("g", remote_rights=make_rights((), {"live": "all"}))
        for name in ("alice", "bob"):
            admin.create_user(name, PASSWORD, group_id=group.id)
        with _connect(server, "alice") as alice, _connect(server, "bob") as bob:
            feeds = {
                "alice": FeedReader(alice, (views, SETTINGS)),
                "bob": FeedReader(bob, (views, SETTINGS)),
            }
            try:
                private = alice.save_view("mine", 1, [(0, camera.id)])
                shared = alice.save_view("ours", 1, [(0, camera.id)], shared=True)
                alice.save_view("ours", 1, [(0, camera.id)], view_id=shared.id, shared=False)
                touch_settings(admin, "Views marker")
                told = {name: feed.changes_until(settings_marker) for name, feed in feeds.items()}
            finally:
                for feed in feeds.values():
                    feed.close()
    assert [(c.action, list(c.ids)) for c in told["alice"][:-1]] == [
        (CREATED, [private.id]),
        (CREATED, [shared.id]),
        (UPDATED, [shared.id]),
    ]
    # Bob is told of the shared view, also when it stops being shared (it leaves his list).
    assert [(c.action, list(c.ids)) for c in told["bob"][:-1]] == [
        (CREATED, [shared.id]),
        (UPDATED, [shared.id]),
    ]
