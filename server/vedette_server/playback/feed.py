"""One camera of a playback session: its cursor and what was read ahead of the clock.

A ``CameraFeed`` holds ``Unit``s: outputs to send together when the session's clock
reaches ``due_us`` (forward: a packet's timestamp; reverse: a GOP's last frame, a
little early). The session's pacer is the only one that changes a feed, except its
reads, which hold the feed's lock.

An unreadable stretch (``UnreadableItem``) is sent as ``UnreadableOut`` and, for the
clock, is a gap: the session skips it as one.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from vedette_api.media.packet import CodecParameters, MediaPacket
from vedette_server.export.errors import UnreadableSegment
from vedette_server.playback.cursor import CameraCursor
from vedette_server.playback.messages import (
    CameraTracks,
    GapOut,
    Output,
    PacketOut,
    UnreadableOut,
)
from vedette_server.playback.segments import GapItem, Item, TrackChange, UnreadableItem


@dataclass
class Unit:
    """Outputs sent together when the clock reaches ``due_us`` (None: at once)."""

    due_us: int | None
    outputs: list[Output]
    gap: GapOut | None = None  # a gap: where the camera is after it is sent
    lead_us: int = 0  # reverse GOPs go out this much media time early


@dataclass
class CameraFeed:
    camera_id: int
    cursor: CameraCursor
    units: deque[Unit] = field(default_factory=deque)
    generation: int = 0
    reading: bool = False
    retry_s: float = 0.0  # monotonic time before which no read is started
    catalog_s: float = 0.0  # monotonic time of the next catalog refresh at the live edge
    live: bool = False  # at the end of a segment still being written
    ended: bool = False  # nothing more is recorded in the session's direction
    gap: GapOut | None = None  # the gap the camera is in (last one sent), if any
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    audio: bool = False  # the session sends audio (its codec parameters, then)
    #: Ended with nothing readable after this unreadable file: the session's error.
    failure: UnreadableSegment | None = None

    def queue_preroll(
        self, items: list[Item], *, reverse: bool, keyframes_only: bool, lead_us: int
    ) -> None:
        """A seek's packets go at once: forward, all but the last frame decode-only;
        reverse, the GOP up to the position."""
        if reverse:
            self.queue_backward(items, keyframes_only=keyframes_only, lead_us=lead_us, at_once=True)
            return
        outputs: list[Output] = []
        gaps: list[GapItem | UnreadableItem] = []
        video = [i for i in items if isinstance(i, MediaPacket)]
        last = video[-1] if video else None
        for item in items:
            if isinstance(item, MediaPacket):
                outputs.append(
                    PacketOut(
                        self.camera_id,
                        item,
                        keyframes_only=keyframes_only,
                        decode_only=item is not last,
                    )
                )
            elif isinstance(item, TrackChange):
                outputs.append(CameraTracks(self.camera_id, item.video, self._audio(item)))
            else:
                gaps.append(item)
        self.units.append(Unit(None, outputs))
        for gap in gaps:
            self.units.append(self._gap_unit(gap, gap.from_us))

    def _gap_unit(self, item: GapItem | UnreadableItem, due_us: int | None) -> Unit:
        """A gap, or an unreadable stretch: sent as such, a gap for the clock."""
        gap = GapOut(self.camera_id, item.from_us, item.to_us)
        if isinstance(item, GapItem):
            return Unit(due_us, [gap], gap=gap)
        out = UnreadableOut(self.camera_id, item.from_us, item.to_us, item.reason)
        return Unit(due_us, [out], gap=gap)

    def _audio(self, tracks: TrackChange) -> CodecParameters | None:
        return tracks.audio if self.audio else None

    def queue_end(self, *, reverse: bool, position: int) -> None:
        """Nothing more in this direction: announce the end (or the beginning)."""
        cursor = self.cursor
        if reverse:
            edge = cursor.first_start_us if cursor.first_start_us is not None else position
            gap = GapOut(self.camera_id, 0, edge)
        else:
            edge = cursor.last_end_us if cursor.last_end_us is not None else position
            gap = GapOut(self.camera_id, edge, 0)
        self.units.append(Unit(edge, [gap], gap=gap))
        self.ended = True

    def queue(
        self, items: Sequence[Item], *, reverse: bool, keyframes_only: bool, lead_us: int
    ) -> None:
        """Items of later reads: forward, each packet when the clock reaches it."""
        if reverse:
            self.queue_backward(
                list(items), keyframes_only=keyframes_only, lead_us=lead_us, at_once=False
            )
            return
        for item in items:
            if isinstance(item, MediaPacket):
                out = PacketOut(self.camera_id, item, keyframes_only=keyframes_only)
                self.units.append(Unit(item.timestamp_us, [out]))
            elif isinstance(item, TrackChange):
                due = self.units[-1].due_us if self.units else None
                tracks = CameraTracks(self.camera_id, item.video, self._audio(item))
                self.units.append(Unit(due, [tracks]))
            else:
                self.units.append(self._gap_unit(item, item.from_us))

    def queue_backward(
        self, items: list[Item], *, keyframes_only: bool, lead_us: int, at_once: bool
    ) -> None:
        """Items of reverse reads: gaps, and GOPs (track changes lead their GOP)."""
        pending: list[Output] = []
        packets = [i for i in items if isinstance(i, MediaPacket)]
        for item in items:
            if isinstance(item, GapItem | UnreadableItem):
                # (an unreadable file still being written has no end: at once)
                self.units.append(self._gap_unit(item, None if at_once else item.to_us or None))
                at_once = False  # the GOP before a gap waits for the clock to cross it
            elif isinstance(item, TrackChange):
                pending.append(CameraTracks(self.camera_id, item.video, self._audio(item)))
            else:
                pending.append(
                    PacketOut(
                        self.camera_id,
                        item,
                        reverse_gop=True,
                        keyframes_only=keyframes_only,
                        gop_end=item is packets[-1],
                    )
                )
        if packets:
            due = None if at_once else packets[-1].timestamp_us
            self.units.append(Unit(due, pending, lead_us=lead_us))
        elif pending:
            self.units.append(Unit(None, pending))
