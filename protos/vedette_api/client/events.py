"""The live feed in ``vedette_api.Client`` (``AlarmService.WatchEvents``). Blocking:
iterate the stream on a thread of your own.

    with client.watch_events() as feed:
        for message in feed:                   # WatchEventsResponse
            if message.HasField("heartbeat"):  # the first one: subscribed
                ...                            # now load what you show
            elif message.HasField("changed"):
                ...                            # reload message.changed.ids (all if none)

Leaving the ``with`` block (or ``close()``) cancels the call on the server. The
stream ends with ``Unauthenticated`` when the session ends and ``Unavailable`` when
the server stops; subscribe again (after a new login for the first).
"""

from __future__ import annotations

from collections.abc import Iterable

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.server_stream import ServerStream
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc


class EventStream(ServerStream[alarms_pb2.WatchEventsResponse]):
    """An open ``WatchEvents`` call: an iterator of ``WatchEventsResponse`` messages."""


class EventCalls(ServiceCalls):
    _alarms: alarms_pb2_grpc.AlarmServiceStub

    def watch_events(
        self, kinds: Iterable[alarms_pb2.ResourceKind] = (), *, timeout_s: float | None = None
    ) -> EventStream:
        """Subscribe to the live feed: every change of ``kinds`` (empty: every kind) the
        user may see. The first message is a heartbeat once subscribed; then changes,
        and a heartbeat whenever nothing else came for ``heartbeat.interval`` (30 s).
        The call does not count as the user's activity (idle logout)."""
        request = alarms_pb2.WatchEventsRequest(kinds=list(kinds))
        call = self._alarms.WatchEvents(request, metadata=self._metadata, timeout=timeout_s)
        return EventStream(call, self.server)
