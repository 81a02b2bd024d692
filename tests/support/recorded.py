"""A server recording a camsim camera, as the console tests see it: what was recorded
when, and the burned-in clock each recorded picture shows (the ground truth a
shown frame is compared with)."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from pathlib import Path

import av

from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess
from vedette_api.client import Client
from vedette_api.timestamps import now_us

S = 1_000_000
LOOP_MS = 10_000  # camsim's loop


def loop_distance_ms(a: float, b: float) -> float:
    """How far apart two readings of camsim's looping clock are."""
    return abs((a - b + LOOP_MS / 2) % LOOP_MS - LOOP_MS / 2)


def record_runs(client: Client, camera_id: int) -> list[tuple[int, int, set[int]]]:
    """A camera's recorded runs so far: (start µs, end µs, record reasons)."""
    (line,) = client.get_timeline([camera_id], 0, now_us() + 60 * S)
    return [
        (r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds(), set(r.record_reasons))
        for r in line.runs
    ]


@dataclass
class Recorded:
    server: ServerProcess
    camsim: CamsimProcess
    camera_id: int
    start_us: int
    #: A stretch recorded for the manual reason (and the schedule), then schedule only.
    manual: tuple[int, int]

    @property
    def volume(self) -> Path:
        return self.server.data / "recordings"

    @functools.cached_property
    def recorded_clocks(self) -> dict[int, float]:
        """The burned-in clock of every recorded sub-stream picture by its packet time,
        read from the segment files without the console: the ground truth a shown
        frame is compared with. (The server stamps packets on arrival, so the offset
        between packet times and camsim's clock is constant within a run of packets
        but differs between runs and machines, by up to ~0.5 s under load.)"""
        from tests.support.recorded_packets import recorded_packets
        from vedette_server.camsim import clockcode

        video, packets = recorded_packets(self.volume, self.camera_id, "sub", limit=3000)
        codec = av.CodecContext.create("h264", "r")
        codec.extradata = video.extradata
        clocks: dict[int, float] = {}
        for packet in packets:
            av_packet = av.Packet(packet.data)
            av_packet.pts = packet.timestamp_us
            for frame in codec.decode(av_packet):  # type: ignore[attr-defined]
                shown = clockcode.read(frame.to_ndarray(format="gray"))
                if shown is not None:
                    clocks[int(frame.pts)] = float(shown)
        assert len(clocks) >= 50, "burned-in clock unreadable in the recording"
        return clocks

    def expected_clock_ms(self, time_us: int) -> float:
        """The clock the picture stamped ``time_us`` shows: read from the recording
        for a recorded packet time, else extrapolated from the nearest one."""
        clocks = self.recorded_clocks
        if time_us in clocks:
            return clocks[time_us]
        times = sorted(clocks)
        nearest = times[min(len(times) - 1, bisect.bisect_left(times, time_us))]
        return (clocks[nearest] + (time_us - nearest) / 1000) % LOOP_MS

    def client(self) -> Client:
        return self.server.client()
