"""How much one user may hold open at once, whatever their rights: media streams
and unfinished export tasks. Without a bound, one account (a stolen password, a
runaway CMS script) could open streams and queue exports until the server served
nobody else.

The bounds are per user, across all their sessions, and generous for real work: a
64-camera video wall switching between main and sub streams, a 16-camera
synchronous playback times four, a day's batch of evidence exports. Beyond them the
call fails with RESOURCE_EXHAUSTED naming the limit, and nothing is opened.
RTSP re-stream sessions have their own per-user bound (``MAX_RTSP_SESSIONS``) on top
of the RTSP server's per-address connection limits.

Invariant: a stream counts from the moment it is admitted until it ends, on the
event loop, so a burst of calls cannot pass a check together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vedette_server.errors import ResourceExhausted

#: Live streams (gRPC ``Live``) one user may have open at once.
MAX_LIVE_STREAMS: Final = 128
#: Camera streams in playback sessions (a 16-camera playback counts 16).
MAX_PLAYBACK_STREAMS: Final = 64
#: RTSP re-stream sessions one user may have open at once.
MAX_RTSP_SESSIONS: Final = 32
#: Export tasks of one user that are queued, running or paused.
MAX_UNFINISHED_EXPORTS: Final = 32


@dataclass
class StreamUsage:
    """What one user has open, shared by all their login sessions."""

    live: int = 0
    playback: int = 0

    def admit_live(self, user: str) -> None:
        if self.live >= MAX_LIVE_STREAMS:
            raise ResourceExhausted(
                f"user {user!r} already has {self.live} live streams open, the most one"
                f" user may ({MAX_LIVE_STREAMS}); close some first",
                error_reason="LIVE_STREAM_LIMIT",
                user=user,
                limit=MAX_LIVE_STREAMS,
            )
        self.live += 1

    def admit_playback(self, user: str, cameras: int) -> None:
        if self.playback + cameras > MAX_PLAYBACK_STREAMS:
            raise ResourceExhausted(
                f"user {user!r} already plays back {self.playback} camera streams; {cameras}"
                f" more would pass the most one user may ({MAX_PLAYBACK_STREAMS})",
                error_reason="PLAYBACK_STREAM_LIMIT",
                user=user,
                limit=MAX_PLAYBACK_STREAMS,
            )
        self.playback += cameras


def check_unfinished_exports(user: str, unfinished: int) -> None:
    """Refuse a new export task when ``user`` already has too many unfinished."""
    if unfinished >= MAX_UNFINISHED_EXPORTS:
        raise ResourceExhausted(
            f"user {user!r} already has {unfinished} export tasks queued, running or paused,"
            f" the most one user may ({MAX_UNFINISHED_EXPORTS}); wait for some to finish",
            error_reason="EXPORT_LIMIT",
            user=user,
            limit=MAX_UNFINISHED_EXPORTS,
        )
