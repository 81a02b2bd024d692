"""The live feed in ``vedette_api.Client`` (``AlarmService.WatchEvents``). Blocking:
iterate the stream on a thread of your own.

    with client.watch_events() as feed:
        for message in feed:                   # WatchEventsResponse
            if message.HasField("heartbeat"):  # the first one: subscribed
                ...                            # now load what you show
            elif message.HasField("changed"):
                ...                            # reload message.changed.ids (all if none)
            elif message.HasField("alarm"):    # keep the highest version of each
                ...
            elif message.HasField("resync"):   # reload everything (a snapshot follows)
                ...
            last = (message.seq, message.run_id)  # to resume after a lost connection

Leaving the ``with`` block (or ``close()``) cancels the call on the server. The
stream ends with ``Unauthenticated`` when the session ends and ``Unavailable`` when
the server stops; subscribe again (after a new login for the first).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.server_stream import ServerStream
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc


class EventStream(ServerStream[alarms_pb2.WatchEventsResponse]):
    """An open ``WatchEvents`` call: an iterator of ``WatchEventsResponse`` messages,
    one by one (the messages of a ``FeedBatch`` in order, never the batch)."""

    def __init__(self, call: Any, server: str) -> None:
        super().__init__(call, server)
        self._batched: deque[alarms_pb2.WatchEventsResponse] = deque()

    def __next__(self) -> alarms_pb2.WatchEventsResponse:
        while not self._batched:
            message = super().__next__()
            if message.WhichOneof("event") != "batch":
                return message
            self._batched.extend(message.batch.messages)
        return self._batched.popleft()


class EventCalls(ServiceCalls):
    _alarms: alarms_pb2_grpc.AlarmServiceStub

    def watch_events(
        self,
        kinds: Iterable[alarms_pb2.ResourceKind] = (),
        *,
        items: Iterable[alarms_pb2.WatchKind] = (),
        camera_ids: Iterable[int] = (),
        camera_only: bool = False,
        max_priority: int = 0,
        resume_after_seq: int = 0,
        resume_run_id: str = "",
        timeout_s: float | None = None,
        max_batch: int = 100,
    ) -> EventStream:
        """Subscribe to the live feed: every change of ``kinds`` (empty: every kind) and
        every item of ``items`` the user may see (both empty: everything; only
        ``kinds``: resource changes, motion and the keyboard). The first message is a
        heartbeat once subscribed; then changes (after the snapshot of open alarms
        when alarms are watched), and a heartbeat whenever nothing else came for
        ``heartbeat.interval`` (30 s). ``camera_ids``/``camera_only``/``max_priority``
        narrow alarms, events, I/O and popups; ``resume_after_seq`` with
        ``resume_run_id`` (the last ``seq`` and ``run_id`` received) resumes after a
        lost connection. ``max_batch``: how many messages the server may send in one
        when several are waiting (fewer, larger messages on a busy feed; the stream
        gives them one by one all the same). The call does not count as the user's
        activity (idle logout)."""
        request = alarms_pb2.WatchEventsRequest(
            kinds=list(kinds),
            items=list(items),
            camera_ids=list(camera_ids),
            camera_only=camera_only,
            max_priority=max_priority,
            resume_after_seq=resume_after_seq,
            resume_run_id=resume_run_id,
            max_batch=max_batch,
        )
        call = self._alarms.WatchEvents(request, metadata=self._metadata, timeout=timeout_s)
        return EventStream(call, self.server)
