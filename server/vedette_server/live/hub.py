"""The live hub: one fan-out per camera stream, fed by the ingest workers' packets.

A :class:`StreamHub` holds, for one (camera, stream), the codec parameters the worker
last announced (STREAM_CODECS) and the current GOP: every packet since the latest
video keyframe. Subscribers are of two kinds, both fed synchronously on the event
loop as packets arrive (nothing here awaits, so ingest is never slowed):

- :class:`LiveSubscription`: a bounded queue read by one consumer (a gRPC ``Live``
  call). When it overflows (the consumer reads too slowly) its backlog is dropped
  and it resumes at the next video keyframe, preceded by a :class:`LiveSkip` that
  says how many packets it lost.
- any :class:`LiveListener` (the RTSP re-stream): called for each item, it does its
  own pacing (``vedette_server.rtsp.stream`` skips slow RTSP clients itself).

:class:`LiveHubs` owns the hubs and turns the worker's live flow on for a stream
while it has subscribers, and off ``linger_s`` after the last one left (so a
client that reconnects, or a second one a moment later, finds the GOP warm).

Invariants:
- A subscriber's first item is a :class:`LiveStart` (the stream's codec
  parameters); its first packet is a video keyframe: the cached GOP when there is
  one, else the next keyframe that arrives. A new ``LiveStart`` precedes the first
  packet after a codec-parameter change; packets before it used the old ones.
- The GOP cache starts at a keyframe and holds at most ``max_gop_bytes``; a longer
  GOP is not cached (joiners then wait for the next keyframe).
- A subscription never holds more than ``max_queue_bytes`` / ``max_queue_packets``
  of packets, nor packets spanning more than ``max_queue_us`` of media time (a live
  viewer that far behind is better served by the next keyframe); its consumer is
  never blocked by another, nor the hub by any.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from vedette_api.media.packet import CodecParameters, MediaPacket, PacketKind
from vedette_server.ingest.config import StreamName
from vedette_server.ingest.messages import Packet, StreamCodecs, WorkerMessage

log = logging.getLogger(__name__)

DEFAULT_MAX_QUEUE_BYTES = 8 << 20
DEFAULT_MAX_QUEUE_PACKETS = 1000
#: A subscriber further behind than this (queued media time) is skipped forward.
DEFAULT_MAX_QUEUE_US = 2_000_000
DEFAULT_MAX_GOP_BYTES = 16 << 20
DEFAULT_LINGER_S = 5.0


@dataclass(frozen=True, slots=True)
class LiveStart:
    """The stream's tracks: sent first, and again after a codec-parameter change."""

    camera_id: int
    stream: StreamName
    video: CodecParameters
    audio: CodecParameters | None


@dataclass(frozen=True, slots=True)
class LiveSkip:
    """Packets were dropped for this subscriber; it resumes at ``resumed_at_us``."""

    dropped_packets: int
    resumed_at_us: int


LiveItem = LiveStart | MediaPacket | LiveSkip


class LiveListener(Protocol):
    """A subscriber called for every item (it must not block)."""

    def on_start(self, start: LiveStart) -> None: ...

    def on_packet(self, packet: MediaPacket) -> None: ...


class SubscriptionClosed(Exception):
    """The subscription ended (the session ended or the server is stopping)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LiveSubscription:
    """One consumer's bounded queue of live items; read with ``await get()``."""

    def __init__(
        self,
        hub: StreamHub,
        *,
        audio: bool,
        max_queue_bytes: int = DEFAULT_MAX_QUEUE_BYTES,
        max_queue_packets: int = DEFAULT_MAX_QUEUE_PACKETS,
        max_queue_us: int = DEFAULT_MAX_QUEUE_US,
    ) -> None:
        self.hub = hub
        self.audio = audio
        self.max_queue_bytes = max_queue_bytes
        self.max_queue_packets = max_queue_packets
        self.max_queue_us = max_queue_us
        self._items: collections.deque[LiveItem] = collections.deque()
        self._queued_bytes = 0
        self._queued_packets = 0
        self._wakeup = asyncio.Event()
        self._closed: str | None = None
        self.waiting_for_keyframe = True
        self._had_keyframe = False
        #: Packets dropped since the last skip notice (reported with the next keyframe).
        self._dropped = 0
        self.dropped_total = 0
        self.skips = 0
        self.delivered = 0

    # -- fed by the hub (synchronous, on the loop) --------------------------------------

    def on_start(self, start: LiveStart) -> None:
        # A start obsoletes any packet of the old parameters still queued.
        self._drop_queued_packets()
        self._push(start)
        self.waiting_for_keyframe = True

    def on_packet(self, packet: MediaPacket) -> None:
        if packet.kind == PacketKind.AUDIO and not self.audio:
            return
        keyframe = packet.kind == PacketKind.VIDEO and packet.keyframe
        if self.waiting_for_keyframe:
            if not keyframe:
                if self._had_keyframe:  # waiting for the first frame is not a skip
                    self._dropped += 1
                return
            self.waiting_for_keyframe = False
            self._had_keyframe = True
            self._notify_skip(packet)
        size = len(packet.data)
        if self._queued_packets and (
            self._queued_bytes + size > self.max_queue_bytes
            or self._queued_packets + 1 > self.max_queue_packets
            or packet.timestamp_us - self._oldest_queued_us() > self.max_queue_us
        ):
            # Overflow: drop the backlog; resume here if this is a keyframe, else at
            # the next one.
            self._dropped += self._drop_queued_packets()
            if not keyframe:
                self._dropped += 1
                self.waiting_for_keyframe = True
                return
            self._notify_skip(packet)
        self._queued_bytes += size
        self._queued_packets += 1
        self._push(packet)

    def _notify_skip(self, keyframe: MediaPacket) -> None:
        if self._dropped:
            self._push(LiveSkip(self._dropped, keyframe.timestamp_us))
            self.dropped_total += self._dropped
            self.skips += 1
            self._dropped = 0

    def _oldest_queued_us(self) -> int:
        for item in self._items:  # a start or a skip notice at most precede it
            if isinstance(item, MediaPacket):
                return item.timestamp_us
        return 0

    def _push(self, item: LiveItem) -> None:
        self._items.append(item)
        self._wakeup.set()

    def _drop_queued_packets(self) -> int:
        """Forget queued packets (and skip notices); keep the latest start. Returns how
        many packets were dropped."""
        dropped = self._queued_packets
        starts = [item for item in self._items if isinstance(item, LiveStart)]
        for item in self._items:
            if isinstance(item, LiveSkip):  # never sent: its count goes in the next one
                self._dropped += item.dropped_packets
                self.dropped_total -= item.dropped_packets
                self.skips -= 1
        self._items.clear()
        if starts:
            self._items.append(starts[-1])
        self._queued_bytes = self._queued_packets = 0
        return dropped

    def close(self, reason: str) -> None:
        """End the subscription: ``get`` raises ``SubscriptionClosed(reason)``."""
        if self._closed is None:
            self._closed = reason
            self._wakeup.set()

    @property
    def closed(self) -> bool:
        return self._closed is not None

    # -- read by the consumer ----------------------------------------------------------

    def get_nowait(self) -> LiveItem | None:
        if not self._items:
            return None
        item = self._items.popleft()
        if isinstance(item, MediaPacket):
            self._queued_bytes -= len(item.data)
            self._queued_packets -= 1
            self.delivered += 1
        return item

    async def get(self) -> LiveItem:
        """The next item; waits while there is none. Raises ``SubscriptionClosed``."""
        while True:
            if self._closed is not None:
                raise SubscriptionClosed(self._closed)
            item = self.get_nowait()
            if item is not None:
                return item
            self._wakeup.clear()
            await self._wakeup.wait()

    @property
    def queued_packets(self) -> int:
        return self._queued_packets


class StreamHub:
    """The live fan-out of one camera stream; see the module docstring."""

    def __init__(
        self, camera_id: int, stream: StreamName, *, max_gop_bytes: int = DEFAULT_MAX_GOP_BYTES
    ) -> None:
        self.camera_id = camera_id
        self.stream: StreamName = stream
        self.max_gop_bytes = max_gop_bytes
        self.start: LiveStart | None = None
        self._gop: list[MediaPacket] = []
        self._gop_bytes = 0
        self.subscribers: list[LiveSubscription | LiveListener] = []
        self.packets_in = 0
        #: Monotonic time (s) a packet last arrived; None before the first.
        self.last_packet_at: float | None = None

    @property
    def gop(self) -> tuple[MediaPacket, ...]:
        return tuple(self._gop)

    def on_codecs(self, tracks: tuple[CodecParameters, ...]) -> None:
        """The worker (re)connected or the camera changed its parameters."""
        video = next((t for t in tracks if t.kind == PacketKind.VIDEO), None)
        if video is None:
            return
        audio = next((t for t in tracks if t.kind == PacketKind.AUDIO), None)
        start = LiveStart(self.camera_id, self.stream, video, audio)
        self.clear_gop()  # a new connection or new parameters: the old GOP is not ours
        if start == self.start:
            # A reconnect with the same parameters: resume every subscriber at a keyframe.
            for subscriber in self.subscribers:
                if isinstance(subscriber, LiveSubscription):
                    subscriber.waiting_for_keyframe = True
            return
        self.start = start
        for subscriber in tuple(self.subscribers):
            subscriber.on_start(start)

    def on_packet(self, packet: MediaPacket) -> None:
        self.packets_in += 1
        if packet.kind == PacketKind.VIDEO and packet.keyframe:
            self._gop = [packet]
            self._gop_bytes = len(packet.data)
        elif self._gop:
            if self._gop_bytes + len(packet.data) > self.max_gop_bytes:
                self.clear_gop()
            else:
                self._gop.append(packet)
                self._gop_bytes += len(packet.data)
        for subscriber in tuple(self.subscribers):
            subscriber.on_packet(packet)

    def clear_gop(self) -> None:
        self._gop = []
        self._gop_bytes = 0

    def add(self, subscriber: LiveSubscription | LiveListener) -> None:
        """Attach a subscriber: it is sent the start and the cached GOP at once."""
        self.subscribers.append(subscriber)
        if self.start is not None:
            subscriber.on_start(self.start)
            for packet in self._gop:
                subscriber.on_packet(packet)

    def remove(self, subscriber: LiveSubscription | LiveListener) -> None:
        if subscriber in self.subscribers:
            self.subscribers.remove(subscriber)


class LiveHubs:
    """Every stream's hub, and the worker live flow switched on while subscribed.

    ``set_live(camera_id, stream, on)`` is the ingest supervisor's; ``on_message`` is
    fed the workers' STREAM_CODECS and PACKET messages (on the loop, in order).
    """

    def __init__(
        self,
        set_live: Callable[[int, StreamName, bool], None],
        *,
        linger_s: float = DEFAULT_LINGER_S,
        max_queue_bytes: int = DEFAULT_MAX_QUEUE_BYTES,
        max_queue_packets: int = DEFAULT_MAX_QUEUE_PACKETS,
        max_queue_us: int = DEFAULT_MAX_QUEUE_US,
        max_gop_bytes: int = DEFAULT_MAX_GOP_BYTES,
    ) -> None:
        self._set_live = set_live
        self.linger_s = linger_s
        self.max_queue_bytes = max_queue_bytes
        self.max_queue_packets = max_queue_packets
        self.max_queue_us = max_queue_us
        self.max_gop_bytes = max_gop_bytes
        self._hubs: dict[tuple[int, StreamName], StreamHub] = {}
        self._live: set[tuple[int, StreamName]] = set()
        self._off_timers: dict[tuple[int, StreamName], asyncio.TimerHandle] = {}
        self._subscriptions: set[LiveSubscription] = set()
        #: Subscriptions of the server's own (motion detection): not viewers.
        self._internal: set[LiveSubscription] = set()
        self._closed = False

    def hub(self, camera_id: int, stream: StreamName) -> StreamHub:
        key = (camera_id, stream)
        hub = self._hubs.get(key)
        if hub is None:
            hub = self._hubs[key] = StreamHub(camera_id, stream, max_gop_bytes=self.max_gop_bytes)
        return hub

    def find(self, camera_id: int, stream: StreamName) -> StreamHub | None:
        return self._hubs.get((camera_id, stream))

    def is_live(self, camera_id: int, stream: StreamName) -> bool:
        """Whether the worker's live flow is on for the stream."""
        return (camera_id, stream) in self._live

    # -- worker messages -------------------------------------------------------------

    def on_message(self, message: WorkerMessage) -> None:
        if isinstance(message, Packet):
            hub = self._hubs.get((message.camera_id, message.stream))
            if hub is not None:
                hub.on_packet(message.packet)
        elif isinstance(message, StreamCodecs):
            # Kept for every stream, live or not, so a first subscriber gets its start.
            self.hub(message.camera_id, message.stream).on_codecs(message.tracks)

    # -- subscribers ------------------------------------------------------------------

    def attach(self, camera_id: int, stream: StreamName, subscriber: LiveListener) -> StreamHub:
        """Attach a listener (and turn live on); ``detach`` it when done."""
        hub = self.hub(camera_id, stream)
        hub.add(subscriber)
        self._wanted(hub)
        return hub

    def detach(self, hub: StreamHub, subscriber: LiveSubscription | LiveListener) -> None:
        hub.remove(subscriber)
        if not hub.subscribers:
            self._schedule_off(hub)

    @asynccontextmanager
    async def subscribe(
        self, camera_id: int, stream: StreamName, *, audio: bool = False, viewer: bool = True
    ) -> AsyncIterator[LiveSubscription]:
        """A bounded-queue subscription to one camera stream, for as long as the block;
        ``viewer`` False: the server's own, not counted by ``viewer_count``."""
        if self._closed:
            raise SubscriptionClosed("the server is stopping")
        hub = self.hub(camera_id, stream)
        subscription = LiveSubscription(
            hub,
            audio=audio,
            max_queue_bytes=self.max_queue_bytes,
            max_queue_packets=self.max_queue_packets,
            max_queue_us=self.max_queue_us,
        )
        self._subscriptions.add(subscription)
        if not viewer:
            self._internal.add(subscription)
        hub.add(subscription)
        self._wanted(hub)
        try:
            yield subscription
        finally:
            self._subscriptions.discard(subscription)
            self._internal.discard(subscription)
            self.detach(hub, subscription)

    def subscriber_count(self, camera_id: int, stream: StreamName) -> int:
        hub = self._hubs.get((camera_id, stream))
        return 0 if hub is None else len(hub.subscribers)

    def viewer_count(self, camera_id: int, stream: StreamName) -> int:
        """Clients watching: live calls and RTSP re-stream sessions (the metrics')."""
        hub = self._hubs.get((camera_id, stream))
        if hub is None:
            return 0
        return sum(1 for s in hub.subscribers if s not in self._internal)

    def _wanted(self, hub: StreamHub) -> None:
        key = (hub.camera_id, hub.stream)
        timer = self._off_timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        if key not in self._live:
            self._live.add(key)
            hub.clear_gop()  # the flow starts at the worker's next keyframe
            self._set_live(hub.camera_id, hub.stream, True)

    def _schedule_off(self, hub: StreamHub) -> None:
        key = (hub.camera_id, hub.stream)
        if key not in self._live or key in self._off_timers:
            return
        loop = asyncio.get_running_loop()
        self._off_timers[key] = loop.call_later(self.linger_s, self._off, hub)

    def _off(self, hub: StreamHub) -> None:
        key = (hub.camera_id, hub.stream)
        self._off_timers.pop(key, None)
        if hub.subscribers or key not in self._live:
            return
        self._live.discard(key)
        hub.clear_gop()
        try:
            self._set_live(hub.camera_id, hub.stream, False)
        except Exception:
            log.exception("could not turn live off for camera %d %s", *key)

    def close(self) -> None:
        """End every subscription (the server is stopping)."""
        self._closed = True
        for subscription in tuple(self._subscriptions):
            subscription.close("the server is stopping")
        for timer in self._off_timers.values():
            timer.cancel()
        self._off_timers.clear()
