"""A child process that records like an ingest worker whose main process was just killed.

``python -m tests.support.late_segment_writer ROOT VOLUME_ID CAMERA_ID START_US``

It opens a segment with the real ``StreamSegmenter`` (one keyframe: what a worker has
written right after it opened a segment), prints ``opened RELPATH START_US``, then
waits for a line on stdin before it writes the rest of its second of video and
closes the segment as a worker does at shutdown, and prints ``closed END_US FRAMES``.
The wait stands for a worker that finishes after the new server has started: one
that was descheduled, or stuck in an fsync, when the main process died.
"""

from __future__ import annotations

import sys
from fractions import Fraction

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_server.ingest.config import VolumeTarget
from vedette_server.ingest.messages import SegmentClosed, SegmentOpened, WorkerMessage
from vedette_server.ingest.segmenter import StreamSegmenter

FRAME_US = 40_000
FRAMES = 25
H264 = CodecParameters(Codec.H264, b"\x00\x00\x00\x01\x67\x42", 320, 180, Fraction(25))


def main(root: str, volume_id: int, camera_id: int, start_us: int) -> None:
    messages: list[WorkerMessage] = []
    segmenter = StreamSegmenter(
        camera_id=camera_id,
        stream="main",
        volumes=(VolumeTarget(volume_id, root),),
        segment_seconds=60.0,
        fsync_interval_s=2.0,
        record_reasons=1,
        emit=messages.append,
    )
    segmenter.set_tracks((H264,))
    frames = [
        MediaPacket(PacketKind.VIDEO, start_us + i * FRAME_US, FRAME_US, i == 0, b"frame %d" % i)
        for i in range(FRAMES)
    ]
    segmenter.write(frames[0])
    (opened,) = [m for m in messages if isinstance(m, SegmentOpened)]
    print(f"opened {opened.relpath} {opened.start_us}", flush=True)
    sys.stdin.readline()
    for frame in frames[1:]:
        segmenter.write(frame)
    segmenter.close(final=True)
    (closed,) = [m for m in messages if isinstance(m, SegmentClosed)]
    print(f"closed {closed.end_us} {closed.frames}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
