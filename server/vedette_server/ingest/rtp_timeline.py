"""One stream's RTP timestamps → one shared timeline in microseconds (the sources' ``pts_us``).

Each track's 32-bit RTP timestamps are unwrapped to 64 bits (a step of more than
half the range backwards is a wrap forwards, and the reverse) and converted with
the track's clock rate: ``pts_us = ticks × 10⁶ // rate + offset[track]``.

Offsets: a track is first anchored on its first packet's arrival (its first pts is
that arrival time). Once RTCP sender reports of the video track (track 0, the
reference, never moved) and of another track have both arrived, the other track's
offset is set so that instants the sender reports call simultaneous get the same
pts (RFC 3550 6.4.1: the NTP ↔ RTP mapping of each track); every later pair of
reports refreshes it. The WallClock (wallclock.py) then maps this timeline to wall
time, so the absolute value of pts carries no meaning.

Pure arithmetic: no clocks, no I/O.
"""

from __future__ import annotations

from vedette_api.timestamps import US_PER_S

_HALF = 1 << 31
_FULL = 1 << 32


class RtpTimeline:
    """The pts of every track of one stream, for one connection."""

    def __init__(self, clock_rates: list[int]) -> None:
        if not clock_rates or min(clock_rates) <= 0:
            raise ValueError(f"clock rates {clock_rates} must be positive")
        self.clock_rates = clock_rates
        count = len(clock_rates)
        self._ext: list[int | None] = [None] * count
        self._offset_us: list[int | None] = [None] * count
        self._rtp_minus_ntp_us: list[int | None] = [None] * count

    def _unwrap(self, track: int, ts: int) -> int:
        last = self._ext[track]
        if last is None:
            return ts
        delta = (ts - last) & 0xFFFFFFFF
        return last + (delta - _FULL if delta >= _HALF else delta)

    def pts_us(self, track: int, ts: int, arrival_us: int) -> int:
        """The pts of a packet of ``track`` with RTP timestamp ``ts`` arriving then."""
        ext = self._unwrap(track, ts)
        self._ext[track] = ext
        ticks_us = ext * US_PER_S // self.clock_rates[track]
        offset = self._offset_us[track]
        if offset is None:
            offset = self._offset_us[track] = arrival_us - ticks_us
            self._align()
        return ticks_us + offset

    def sender_report(self, track: int, rtp_timestamp: int, ntp_us: int) -> None:
        """An RTCP SR of ``track``: its RTP clock read ``rtp_timestamp`` at ``ntp_us``."""
        ext = self._unwrap(track, rtp_timestamp)
        self._rtp_minus_ntp_us[track] = ext * US_PER_S // self.clock_rates[track] - ntp_us
        self._align()

    def _align(self) -> None:
        reference_offset, reference = self._offset_us[0], self._rtp_minus_ntp_us[0]
        if reference_offset is None or reference is None:
            return
        for track in range(1, len(self.clock_rates)):
            mine = self._rtp_minus_ntp_us[track]
            if mine is not None:
                self._offset_us[track] = reference_offset + reference - mine
