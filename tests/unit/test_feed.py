"""The live feed's logic without gRPC: which call changes what, who sees which change,
and a subscriber that falls behind or whose rights change."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from vedette_api.v1 import alarms_pb2, cameras_pb2, export_pb2, views_pb2
from vedette_server.accounts.authorization import Principal
from vedette_server.accounts.rights import ALL_SCOPE_RIGHTS, Area, CameraRight, Scope, ScopeRights
from vedette_server.api.policy import RULES
from vedette_server.events import EventBus
from vedette_server.feed.audience import visible_part
from vedette_server.feed.audited import FED, NOT_FED, CallFacts, change_for_call
from vedette_server.feed.changes import ChangeAction, ResourceChange, ResourceKind
from vedette_server.feed.hub import ChangeFeed, FeedEnded, FeedItem
from vedette_server.recording.status import StatusBoard, StreamHealth

K = ResourceKind


def principal(
    name: str = "op",
    *,
    areas: frozenset[Area] = frozenset(),
    cameras: dict[CameraRight, frozenset[int]] | None = None,
    user_id: int = 7,
) -> Principal:
    return Principal(user_id, name, Scope.REMOTE, ScopeRights(areas, cameras or {}))


ADMIN = Principal(1, "admin", Scope.REMOTE, ALL_SCOPE_RIGHTS, True)


def test_every_audited_action_is_either_fed_or_declared_as_changing_no_listed_resource() -> None:
    actions = {rule.audit for rule in RULES.values() if rule.audit is not None}
    assert not (set(FED) & NOT_FED)
    assert actions == set(FED) | NOT_FED, (
        "decide what the live feed says after each audited call (feed/audited.py)"
    )


def test_the_servers_kinds_and_actions_are_the_protos() -> None:
    for ours, theirs, prefix in (
        (ResourceKind, alarms_pb2.ResourceKind, "RESOURCE_KIND_"),
        (ChangeAction, alarms_pb2.ChangeAction, "CHANGE_ACTION_"),
    ):
        named = {n.removeprefix(prefix): v for n, v in theirs.items() if v}
        assert named == {member.name: member.value for member in ours}


def test_ids_come_from_the_request_or_the_created_resource_in_the_response() -> None:
    created = change_for_call(
        "camera.create",
        CallFacts(None, cameras_pb2.CreateCameraResponse(camera=cameras_pb2.Camera(id=12)), "a"),
    )
    assert created == [ResourceChange(K.CAMERAS, ChangeAction.CREATED, (12,), frozenset({"a"}))]
    deleted = change_for_call(
        "camera.delete", CallFacts(cameras_pb2.DeleteCameraRequest(camera_id=5), None, "a")
    )
    assert (deleted[0].action, deleted[0].ids) == (ChangeAction.DELETED, (5,))
    saved = views_pb2.SaveViewResponse(view=views_pb2.View(id=3, owner="bob", shared=True))
    new_view = change_for_call("view.save", CallFacts(views_pb2.SaveViewRequest(), saved, "bob"))
    assert (new_view[0].action, new_view[0].ids, new_view[0].shared) == (
        ChangeAction.CREATED,
        (3,),
        True,
    )
    replaced = change_for_call(
        "view.save",
        CallFacts(views_pb2.SaveViewRequest(view=views_pb2.View(id=3)), saved, "admin"),
    )
    assert replaced[0].action is ChangeAction.UPDATED
    assert replaced[0].owners == {"admin", "bob"}
    cancelled = change_for_call(
        "export.task.cancel",
        CallFacts(
            export_pb2.CancelExportTaskRequest(task_id=9),
            export_pb2.CancelExportTaskResponse(task=export_pb2.ExportTaskInfo(created_by="carol")),
            "admin",
        ),
    )
    assert cancelled[0].owners == {"admin", "carol"}
    imported = change_for_call("config.import", CallFacts(None, None, "admin"))
    assert {c.kind for c in imported} == set(ResourceKind)
    assert all(c.is_reload for c in imported)
    assert change_for_call("logout", CallFacts(None, None, "a")) == []


def test_camera_changes_are_narrowed_to_the_cameras_the_user_sees() -> None:
    viewer = principal(cameras={CameraRight.LIVE: frozenset({1, 2})})
    change = ResourceChange(K.CAMERAS, ChangeAction.UPDATED, (1, 3))
    assert visible_part(viewer, change) == replace(change, ids=(1,))
    assert visible_part(viewer, replace(change, ids=(3,))) is None
    assert visible_part(principal(areas=frozenset({Area.CAMERAS})), change) == change
    status = ResourceChange(K.CAMERA_STATUS, ChangeAction.UPDATED, (2,))
    assert visible_part(viewer, status) == status
    assert visible_part(principal(), status) is None


def test_per_user_and_per_area_kinds_reach_only_their_audience() -> None:
    nobody = principal("nobody")
    private_view = ResourceChange(K.VIEWS, ChangeAction.UPDATED, (4,), frozenset({"op"}))
    assert visible_part(principal("op"), private_view) == private_view
    assert visible_part(nobody, private_view) is None
    assert visible_part(nobody, replace(private_view, shared=True)) is not None
    task = ResourceChange(K.EXPORT_TASKS, ChangeAction.UPDATED, (8,), frozenset({"op"}))
    assert visible_part(nobody, task) is None
    assert visible_part(principal("op"), task) == task
    assert visible_part(principal("sys", areas=frozenset({Area.SYSTEM})), task) == task
    users = ResourceChange(K.USERS, ChangeAction.CREATED, (2,))
    assert visible_part(nobody, users) is None
    assert visible_part(principal(areas=frozenset({Area.ACCOUNTS})), users) == users
    volumes = ResourceChange(K.VOLUMES, ChangeAction.UPDATED)
    assert visible_part(nobody, volumes) is None
    assert visible_part(principal(areas=frozenset({Area.DISKS})), volumes) == volumes
    tag = ResourceChange(K.TAGS, ChangeAction.CREATED, (5,), camera_id=3)
    assert visible_part(principal(cameras={CameraRight.LIVE: frozenset({3})}), tag) is None
    assert visible_part(principal(cameras={CameraRight.PLAYBACK: frozenset({3})}), tag) == tag
    settings = ResourceChange(K.SETTINGS, ChangeAction.UPDATED)
    assert visible_part(nobody, settings) == settings


async def _next(subscription, timeout: float = 5.0) -> FeedItem:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        result: FeedItem = await subscription.next()
        return result


def test_a_subscriber_that_falls_behind_gets_one_reload_per_kind_instead_of_a_backlog() -> None:
    async def scenario() -> None:
        bus = EventBus(queue_size=16)
        feed = ChangeFeed(bus)
        viewer = principal(cameras={CameraRight.LIVE: frozenset({1})})
        async with feed.subscribe([K.CAMERAS, K.USERS, K.SETTINGS], lambda: viewer) as sub:
            for _ in range(1000):  # nobody reads meanwhile
                feed.publish(ResourceChange(K.CAMERAS, ChangeAction.UPDATED, (1,), frozenset()))
            assert feed.dropped == 1000 - 16
            reloads = [(await _next(sub)).change for _ in range(2)]
            # USERS is not for this user: no reload of it.
            assert reloads == [
                ResourceChange(K.CAMERAS, ChangeAction.UPDATED),
                ResourceChange(K.SETTINGS, ChangeAction.UPDATED),
            ]
            assert sub.overflows == 1
            feed.publish(ResourceChange(K.CAMERAS, ChangeAction.CREATED, (1,)))
            assert (await _next(sub)).change.action is ChangeAction.CREATED  # back in step

    asyncio.run(scenario())


def test_a_rights_change_reloads_every_kind_and_a_deleted_camera_is_told_to_who_saw_it() -> None:
    async def scenario() -> None:
        feed = ChangeFeed(EventBus())
        rights = {"now": principal(cameras={CameraRight.LIVE: frozenset({1, 2})})}
        async with feed.subscribe([K.CAMERAS], lambda: rights["now"]) as sub:
            # The camera is already gone from the user's rights when its deletion is told.
            rights["now"] = principal(cameras={CameraRight.LIVE: frozenset({1})})
            feed.publish(ResourceChange(K.CAMERAS, ChangeAction.DELETED, (2,)))
            assert (await _next(sub)).change.ids == (2,)
            feed.publish(ResourceChange(K.CAMERAS, ChangeAction.UPDATED, (2,)))  # a new camera 2
            rights["now"] = principal(cameras={CameraRight.LIVE: frozenset({1, 3})})
            feed.publish(ResourceChange(K.GROUPS, ChangeAction.UPDATED, (4,)))
            # Camera 2's update was not for them; the group change gave them camera 3.
            assert (await _next(sub)).change == ResourceChange(K.CAMERAS, ChangeAction.UPDATED)
            feed.publish(ResourceChange(K.CAMERAS, ChangeAction.UPDATED, (3,)))
            assert (await _next(sub)).change.ids == (3,)

    asyncio.run(scenario())


def test_an_ended_subscription_and_a_closing_feed_raise_feed_ended() -> None:
    async def scenario() -> None:
        feed = ChangeFeed(EventBus())
        async with (
            feed.subscribe([K.CAMERAS], lambda: ADMIN) as sub,  # nothing to tell at first
            feed.subscribe([], lambda: ADMIN) as other,
        ):
            waiting = asyncio.create_task(sub.next())
            await asyncio.sleep(0)
            sub.end("gone", session_ended=True)
            with pytest.raises(FeedEnded) as ended:
                await waiting
            assert ended.value.session_ended
            await feed.aclose()
            with pytest.raises(FeedEnded) as stopping:
                await _next(other)
            assert not stopping.value.session_ended
        async with feed.subscribe([], lambda: ADMIN) as late:
            with pytest.raises(FeedEnded):
                await _next(late)

    asyncio.run(scenario())


def test_volume_states_publish_only_what_changed_since_the_last_look() -> None:
    async def scenario() -> None:
        bus = EventBus()
        feed = ChangeFeed(bus)
        async with feed.subscribe([K.VOLUMES], lambda: ADMIN) as sub:
            feed.volume_states({1: "read_write", 2: "read_write"})  # the first look: no news
            feed.volume_states({1: "read_write", 2: "full", 3: "read_write"})
            feed.volume_states({1: "read_write", 2: "full", 3: "read_write"})
            feed.volume_states({1: "unavailable", 2: "full", 3: "read_write"})
            assert (await _next(sub)).change.ids == (2,)
            assert (await _next(sub)).change.ids == (1,)
            with pytest.raises(TimeoutError):
                await _next(sub, timeout=0.05)

    asyncio.run(scenario())


def test_the_status_board_tells_transitions_not_figures_or_an_offline_cameras_retries() -> None:
    told: list[int] = []
    board = StatusBoard(on_transition=told.append)

    def report(state: str, *, reason: str = "", recording: bool = False, kbps: int = 0) -> int:
        before = len(told)
        board.update(5, "main", StreamHealth(state, reason, recording=recording, bitrate_kbps=kbps))
        return len(told) - before

    assert report("connecting") == 1
    assert report("online") == 1
    assert report("online", recording=True, kbps=900) == 1
    assert report("online", recording=True, kbps=1200) == 0  # a figure, not a transition
    assert report("offline", reason="timeout") == 1
    for _ in range(3):  # retrying every few seconds, failing the same way
        assert report("connecting") == 0
        assert report("offline", reason="timeout") == 0
    assert report("offline", reason="auth_failed") == 1
    assert report("connecting") == 0
    assert report("online") == 1
    assert told == [5] * 6
