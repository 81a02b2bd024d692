"""AlarmService: the live feed (``WatchEvents``: resource changes, the control
keyboard, cameras' motion, alarms, events, I/O, popups and the buzzer, numbered for
resuming) and alarm handling.

Thin: the feed's logic (what is published and numbered, who sees what, a subscriber
that falls behind, resuming) is ``vedette_server.feed``, the alarms' is the alarm
desk's (``alarms/desk.py``); this translates them to the API and keeps the
stream's promises:

- the first message is a heartbeat, sent once the subscription is in place, so a
  client that then loads its lists misses no change; every message carries the
  ``seq`` and ``run_id`` a client resumes with (heartbeats: the subscription's
  position, so resuming after one misses nothing);
- a heartbeat follows whenever nothing was sent for ``heartbeat_s``; at each one the
  session is checked (without counting as activity), so an expired or idle session
  ends the stream even when no other call of it comes;
- with ``max_batch`` above 1, the items already queued when one is sent go with it
  in one ``FeedBatch`` (at most ``MAX_FEED_BATCH``), each message as it would have
  been alone: the cost of a stream is mostly per message written;
- the stream ends UNAUTHENTICATED when the session ends, UNAVAILABLE when the
  server stops (``ChangeFeed.aclose``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import grpc

from vedette_api.timestamps import now_us
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc
from vedette_server.accounts.authorization import AccountDirectory, Principal, sees_camera
from vedette_server.alarms import states
from vedette_server.alarms.desk import AlarmDesk
from vedette_server.alarms.model import AlarmError, AlarmState, VersionConflict
from vedette_server.alarms.states import operation_name
from vedette_server.alarms.store import AlarmView, Visible
from vedette_server.api import call_context
from vedette_server.api.alarm_calls import (
    conflict_message,
    filter_of,
    list_response,
    operation_of,
    page_of,
    statistics_response,
    update_response,
    view_message,
)
from vedette_server.api.alarm_convert import activity_message, duration, set_item
from vedette_server.api.convert import timestamp
from vedette_server.api.gate import bearer_token
from vedette_server.api.sessions import SessionTable
from vedette_server.api.status import abort, streaming, unary
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.feed.changes import ResourceKind
from vedette_server.feed.hub import (
    SESSION_ENDED,
    ChangeFeed,
    FeedEnded,
    FeedItem,
    FeedSubscription,
    Resync,
    SnapshotDone,
    Watch,
)
from vedette_server.feed.items import BusItem, ItemFilter, WatchKind
from vedette_server.feed.keyboard import KeyboardSignal
from vedette_server.feed.motion import MotionSignal
from vedette_server.recording.plan import CameraPlan

HEARTBEAT_S = 30.0
#: The most messages put in one ``FeedBatch`` (the proto's ``max_batch``).
MAX_FEED_BATCH = 100
#: Until the alarm engine runs on the server, its RPCs say so.
ENGINE_NOT_RUNNING = "the alarm engine is not running on this server yet"
_KINDS = {kind.value: kind for kind in ResourceKind}
_ITEMS = {kind.value: kind for kind in WatchKind}


def watched_kinds(numbers: list[int]) -> frozenset[ResourceKind]:
    """The kinds a request names (empty: every kind); INVALID_ARGUMENT for an
    unknown or unspecified one."""
    kinds = set()
    for index, number in enumerate(numbers):
        kind = _KINDS.get(number)
        if kind is None:
            raise InvalidArgument(f"kinds[{index}]", f"unknown resource kind {number}")
        kinds.add(kind)
    return frozenset(kinds)


def watch_of(request: alarms_pb2.WatchEventsRequest) -> Watch:
    """What a ``WatchEventsRequest`` asks for; INVALID_ARGUMENT for unknown kinds or a
    priority outside 0..3."""
    kinds = watched_kinds(list(request.kinds))
    items = set()
    for index, number in enumerate(request.items):
        item = _ITEMS.get(number)
        if item is None:
            raise InvalidArgument(f"items[{index}]", f"unknown item kind {number}")
        items.add(item)
    if not 0 <= request.max_priority <= 3:
        raise InvalidArgument("max_priority", f"must be 0..3, got {request.max_priority}")
    item_filter = ItemFilter(
        camera_ids=frozenset(request.camera_ids),
        camera_only=request.camera_only,
        max_priority=request.max_priority,
    )
    return Watch.of(kinds, items, item_filter)


def change_message(item: FeedItem, run_id: str = "") -> alarms_pb2.WatchEventsResponse:
    """A feed item as the stream's message, with its ``seq`` in the run ``run_id``."""
    response = alarms_pb2.WatchEventsResponse(
        time=timestamp(item.time_us), seq=item.seq, run_id=run_id
    )
    change = item.change
    if isinstance(change, MotionSignal):
        response.motion.CopyFrom(
            alarms_pb2.MotionState(
                camera_id=change.camera_id,
                active=change.active,
                source=change.source,
                areas=change.areas,
            )
        )
        if change.time_us:
            response.motion.time.CopyFrom(timestamp(change.time_us))
    elif isinstance(change, KeyboardSignal):
        response.keyboard.CopyFrom(
            alarms_pb2.KeyboardEvent(
                number=change.number or 0,
                camera_id=change.camera_id or 0,
                dvr_key=change.dvr_key or 0,
            )
        )
    elif isinstance(change, BusItem):
        set_item(response, change)
    elif isinstance(change, Resync):
        response.resync.CopyFrom(
            alarms_pb2.Resync(
                reason=change.reason.value,  # type: ignore[arg-type]
                oldest_seq=change.oldest_seq,
            )
        )
    elif isinstance(change, SnapshotDone):
        response.heartbeat.snapshot_done = True
    else:
        response.changed.CopyFrom(
            alarms_pb2.ResourceChanged(
                kind=change.kind.value,  # type: ignore[arg-type]
                action=change.action.value,  # type: ignore[arg-type]
                ids=change.ids,
            )
        )
    return response


_MESSAGE = "api.watch_events.message"


def feed_message(item: FeedItem, run_id: str) -> alarms_pb2.WatchEventsResponse:
    """``change_message``, built once per published item for every subscriber who sees
    it as published (``FeedItem.shared``): the message is shared, never to be changed."""
    shared = item.shared
    if shared is None:
        return change_message(item, run_id)
    message: alarms_pb2.WatchEventsResponse | None = shared.memo.get(_MESSAGE)
    if message is None:
        message = shared.memo[_MESSAGE] = change_message(item, run_id)
    return message


class AlarmServicer(alarms_pb2_grpc.AlarmServiceServicer):
    def __init__(
        self,
        feed: ChangeFeed,
        directory: AccountDirectory,
        sessions: SessionTable,
        *,
        desk: AlarmDesk | None = None,
        plan: Callable[[int, int], CameraPlan] | None = None,
        heartbeat_s: float = HEARTBEAT_S,
    ) -> None:
        """``desk``: the alarms (None: the engine is not running; their RPCs say so);
        ``plan``: a camera's recording plan at an instant (its pre- and post-alarm)."""
        self.feed = feed
        self.directory = directory
        self.sessions = sessions
        self.desk = desk
        self.plan = plan
        self.heartbeat_s = heartbeat_s

    def _heartbeat(self, seq: int) -> alarms_pb2.WatchEventsResponse:
        return alarms_pb2.WatchEventsResponse(
            time=timestamp(now_us()),
            heartbeat=alarms_pb2.FeedHeartbeat(interval=duration(self.heartbeat_s)),
            seq=seq,
            run_id=self.feed.journal.run_id,
        )

    @streaming
    async def WatchEvents(
        self, request: alarms_pb2.WatchEventsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[alarms_pb2.WatchEventsResponse]:
        watch = watch_of(request)
        resume = None
        if request.resume_after_seq:
            resume = (request.resume_after_seq, request.resume_run_id)
        session = call_context.session()
        token = bearer_token(tuple(context.invocation_metadata() or ()))
        directory = self.directory

        def principal() -> Principal | None:
            return directory.principal(session.user_id, session.scope)

        run_id = self.feed.journal.run_id
        max_batch = min(request.max_batch, MAX_FEED_BATCH)
        async with self.feed.subscribe(watch, principal, resume=resume) as subscription:

            def session_ended() -> None:
                subscription.end(SESSION_ENDED, session_ended=True)

            session.on_end.append(session_ended)
            try:
                yield self._heartbeat(subscription.position)
                while True:
                    try:
                        async with asyncio.timeout(self.heartbeat_s):
                            item = await subscription.next()
                    except TimeoutError:
                        # Not activity: checking must not keep an idle session alive.
                        if token is None or self.sessions.validate(token, touch=False) is None:
                            session_ended()
                            continue
                        yield self._heartbeat(subscription.position)
                        continue
                    except FeedEnded as ended:
                        code = grpc.StatusCode.UNAUTHENTICATED
                        reason = "SESSION_ENDED"
                        if not ended.session_ended:
                            code, reason = grpc.StatusCode.UNAVAILABLE, "STREAM_CLOSED"
                        await abort(context, code, str(ended), reason)
                        return
                    message = self._message(item, run_id)
                    if max_batch > 1:
                        message = self._with_queued(subscription, message, max_batch, run_id)
                    yield message  # the heartbeat's timer restarts
            finally:
                if session_ended in session.on_end:
                    session.on_end.remove(session_ended)

    def _message(self, item: FeedItem, run_id: str) -> alarms_pb2.WatchEventsResponse:
        if isinstance(item.change, SnapshotDone):  # a heartbeat: the snapshot is complete
            message = change_message(item, run_id)
            message.heartbeat.interval.CopyFrom(duration(self.heartbeat_s))
            return message
        return feed_message(item, run_id)

    def _with_queued(
        self,
        subscription: FeedSubscription,
        first: alarms_pb2.WatchEventsResponse,
        limit: int,
        run_id: str,
    ) -> alarms_pb2.WatchEventsResponse:
        """``first`` alone, or with the messages queued behind it (up to ``limit`` in
        all) in one ``FeedBatch``."""
        messages = [first]
        try:
            while len(messages) < limit and (item := subscription.ready()) is not None:
                messages.append(self._message(item, run_id))
        except FeedEnded:
            pass  # the next ``next`` raises it again: the stream ends after these
        if len(messages) == 1:
            return first
        last = messages[-1]
        return alarms_pb2.WatchEventsResponse(
            time=last.time,
            seq=last.seq,
            run_id=run_id,
            batch=alarms_pb2.FeedBatch(messages=messages),
        )

    # -- alarm handling ------------------------------------------------------------

    def _desk(self) -> AlarmDesk:
        if self.desk is None:
            raise FailedPrecondition(ENGINE_NOT_RUNNING)
        return self.desk

    @unary
    async def ListAlarms(
        self, request: alarms_pb2.ListAlarmsRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.ListAlarmsResponse:
        alarm_filter = filter_of(request.filter)
        limit, after_id = page_of(request.page_size, request.page_token)
        views = await self._desk().list(alarm_filter, _visible(), limit, after_id)
        return list_response(views, limit)

    @unary
    async def GetAlarm(
        self, request: alarms_pb2.GetAlarmRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.GetAlarmResponse:
        view, activities = await self._desk().get(request.alarm_id, _visible())
        response = alarms_pb2.GetAlarmResponse(
            alarm=view_message(view), activities=[activity_message(a) for a in activities]
        )
        start_us, end_us = self._playback(view)
        response.playback_start.CopyFrom(timestamp(start_us))
        response.playback_end.CopyFrom(timestamp(end_us))
        return response

    def _playback(self, view: AlarmView) -> tuple[int, int]:
        """[first − pre, last + post] with the longest pre- and post-alarm of the
        alarm's cameras (their recording policies)."""
        alarm = view.alarm
        pre = post = 0
        if self.plan is not None:
            for camera_id in view.camera_ids:
                pre = max(pre, self.plan(camera_id, alarm.first_us).pre_us)
                post = max(post, self.plan(camera_id, alarm.last_us).post_us)
        return max(alarm.first_us - pre, 0), alarm.last_us + post

    @unary
    async def UpdateAlarm(
        self, request: alarms_pb2.UpdateAlarmRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.UpdateAlarmResponse:
        desk = self._desk()
        operation = operation_of(request)
        actor = call_context.principal().username
        visible = _visible()
        call_context.note(alarm_id=request.alarm_id, operation=operation_name(operation))
        expected = request.expected_version
        for _ in range(_UNCHECKED_TRIES):
            if not request.expected_version:  # "as it is now"
                expected = (await desk.get(request.alarm_id, visible))[0].alarm.version
            try:
                view, activity = await desk.apply(
                    request.alarm_id, operation, actor, expected, visible
                )
                return update_response(view, activity)
            except VersionConflict as error:
                if request.expected_version:
                    _, history = await desk.get(request.alarm_id, visible)
                    await abort(
                        context,
                        grpc.StatusCode.ABORTED,
                        conflict_message(error, history),
                        "VERSION_CONFLICT",
                        resource="alarm",
                        id=request.alarm_id,
                    )
        raise FailedPrecondition(f"alarm {request.alarm_id} keeps changing; try again")

    @unary
    async def AcknowledgeAlarms(
        self, request: alarms_pb2.AcknowledgeAlarmsRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.AcknowledgeAlarmsResponse:
        desk = self._desk()
        ids = list(request.alarm_ids)
        versions = list(request.expected_versions)
        if versions and len(versions) != len(ids):
            raise InvalidArgument(
                "expected_versions", f"{len(versions)} versions for {len(ids)} alarm ids"
            )
        actor = call_context.principal().username
        if ids:
            done, skipped = await self._acknowledge_each(desk, ids, versions, actor)
        elif request.HasField("filter"):
            result = await desk.acknowledge_all(filter_of(request.filter), actor, _visible())
            done = [view.alarm.id for view, _ in result.acknowledged]
            skipped = [(s.alarm_id, s.reason) for s in result.skipped]
        else:
            raise InvalidArgument("alarm_ids", "name alarms, or give a filter")
        call_context.note(acknowledged=len(done), skipped=len(skipped))
        return alarms_pb2.AcknowledgeAlarmsResponse(
            acknowledged=len(done),
            acknowledged_ids=done,
            skipped=[alarms_pb2.SkippedAlarm(alarm_id=i, reason=r) for i, r in skipped],
        )

    async def _acknowledge_each(
        self, desk: AlarmDesk, ids: list[int], versions: list[int], actor: str
    ) -> tuple[list[int], list[tuple[int, str]]]:
        """Acknowledge the named alarms one by one; each one refused is reported."""
        visible = _visible()
        done: list[int] = []
        skipped: list[tuple[int, str]] = []
        for index, alarm_id in enumerate(dict.fromkeys(ids)):
            try:
                view, _ = await desk.get(alarm_id, visible)
                seen = versions[index] if versions else view.alarm.version
                if view.alarm.state is not AlarmState.NEW:
                    skipped.append((alarm_id, f"not new ({view.alarm.state.value})"))
                    continue
                await desk.apply(alarm_id, states.Acknowledge(), actor, seen, visible)
                done.append(alarm_id)
            except NotFound:
                skipped.append((alarm_id, "not found"))
            except VersionConflict as error:
                skipped.append((alarm_id, f"changed since read (version {error.current_version})"))
            except AlarmError as error:
                skipped.append((alarm_id, str(error)))
        return done, skipped

    @unary
    async def GetAlarmStatistics(
        self, request: alarms_pb2.GetAlarmStatisticsRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.GetAlarmStatisticsResponse:
        since = request.since.ToMicroseconds() if request.HasField("since") else 0
        until = request.until.ToMicroseconds() if request.HasField("until") else now_us() + 1
        if until < since:
            raise InvalidArgument("until", "is before since")
        stats = await self._desk().statistics(since, until)
        return statistics_response(stats)

    @unary
    async def TriggerManualAlarm(
        self, request: alarms_pb2.TriggerManualAlarmRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.TriggerManualAlarmResponse:
        if not 0 <= request.priority <= 3:
            raise InvalidArgument("priority", f"must be 0..3, got {request.priority}")
        camera_id = request.camera_id or None
        who = call_context.principal()
        if camera_id is not None and not sees_camera(who, camera_id):
            raise NotFound("camera", camera_id)
        view = await self._desk().trigger_manual(
            request.name, camera_id, request.priority or 2, request.text, who.username
        )
        call_context.note(alarm_id=view.alarm.id, camera_id=camera_id)
        return alarms_pb2.TriggerManualAlarmResponse(alarm=view_message(view))

    @unary
    async def SilenceBuzzer(
        self, request: alarms_pb2.SilenceBuzzerRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.SilenceBuzzerResponse:
        self._desk().silence_buzzer(call_context.principal().username)
        return alarms_pb2.SilenceBuzzerResponse()

    @unary
    async def TestBuzzer(
        self, request: alarms_pb2.TestBuzzerRequest, context: grpc.aio.ServicerContext
    ) -> alarms_pb2.TestBuzzerResponse:
        seconds = self._desk().test_buzzer(call_context.principal().username)
        return alarms_pb2.TestBuzzerResponse(duration=duration(seconds))


#: An update "as it is now" (no expected version) is tried again this often when
#: the alarm changes between reading its version and applying.
_UNCHECKED_TRIES = 3


def _visible() -> Visible:
    """What the caller may see: alarms of cameras they see, and server-wide ones."""
    who = call_context.principal()

    def visible(camera_id: int | None) -> bool:
        return camera_id is None or sees_camera(who, camera_id)

    return visible
