"""``Thumbnailer`` on real segment files and a real catalog: the segment being written
(no keyframe index yet) is walked as it grows, instants sharing a keyframe are
rendered once by the worker processes, and a damaged keyframe is reported."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import psutil
import pytest

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, Volume
from vedette_server.catalog.segments import complete_segment, open_segment
from vedette_server.catalog_thread import CatalogThread
from vedette_server.images.keyframe_choice import ThumbnailQuery
from vedette_server.images.keyframe_render import RenderError, RenderJob, RenderPool
from vedette_server.images.thumbnail_cache import ThumbnailCache
from vedette_server.images.thumbnails import Thumbnailer
from vedette_server.recording.volumes import VolumeManager
from vedette_server.storage import SegmentWriter, segment_relpath

S = 1_000_000
T0 = 1_767_225_600 * S
FRAME_US = 40_000


def h264_frames(count: int) -> list[tuple[bytes, bool]]:
    """``count`` 320x240 frames, a keyframe every 25, each a different grey level."""
    encoder = av.CodecContext.create("libx264", "w")
    encoder.width, encoder.height, encoder.pix_fmt = 320, 240, "yuv420p"
    encoder.time_base = Fraction(1, 25)
    encoder.options = {"x264-params": "keyint=25:min-keyint=25:scenecut=0:repeat-headers=1",
                       "bf": "0", "preset": "ultrafast"}  # fmt: skip
    packets = []
    for i in range(count):
        picture = np.full((240, 320, 3), (i * 9) % 256, dtype=np.uint8)
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts = i
        packets += encoder.encode(frame)
    packets += encoder.encode(None)
    return [(bytes(p), bool(p.is_keyframe)) for p in packets]


@pytest.fixture(scope="module")
def frames() -> list[tuple[bytes, bool]]:
    return h264_frames(100)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[tuple[Catalog, int, int, Path]]:
    catalog = open_catalog(tmp_path / "catalog.sqlite3")
    root = tmp_path / "volume"
    volume = Volume.insert(uuid=str(uuid.uuid4()), path=str(root), state="read_write").execute()
    camera = Camera.insert(
        name="c", main_url="rtsp://127.0.0.1:9/x", created_us=0, updated_us=0
    ).execute()
    yield catalog, int(camera), int(volume), root
    catalog.close()


def write(
    catalog: Catalog, camera: int, volume: int, root: Path, frames: list[tuple[bytes, bool]],
    start_us: int, *, close: bool, stream: str = "sub",
) -> tuple[SegmentWriter, int]:  # fmt: skip
    relpath = segment_relpath(camera, stream, start_us)
    params = CodecParameters(Codec.H264, b"", 320, 240, Fraction(25))
    header = SegmentHeader(camera, stream, start_us, (params,))
    writer = SegmentWriter.create(root / relpath, header)
    number = 1 if stream == "main" else 2
    segment_id = open_segment(
        catalog, camera, number, volume, str(relpath), start_us, Codec.H264, 320, 240, 1
    )
    for i, (data, keyframe) in enumerate(frames):
        writer.append_packet(
            MediaPacket(PacketKind.VIDEO, start_us + i * FRAME_US, FRAME_US, keyframe, data)
        )
    if close:
        summary = writer.close()
        complete_segment(
            catalog, segment_id, summary.end_us, summary.size_bytes, summary.frames,
            summary.keyframe_index_blob,
        )  # fmt: skip
    return writer, segment_id


def test_open_and_closed_segments_are_rendered_once_per_keyframe(
    catalog: tuple[Catalog, int, int, Path], frames: list[tuple[bytes, bool]]
) -> None:
    db, camera, volume, root = catalog
    write(db, camera, volume, root, frames[:50], T0, close=True)  # keyframes at 0 s, 1 s
    writer, _ = write(db, camera, volume, root, frames[50:75], T0 + 2 * S, close=False)

    async def scenario() -> None:
        pool = RenderPool(workers=2)
        cache = ThumbnailCache()
        thumbnailer = Thumbnailer(
            db, CatalogThread(), VolumeManager(db, "test"), pool, cache,
            clock=lambda: (T0 + 10 * S) / S,
        )  # fmt: skip
        try:
            queries = [ThumbnailQuery(t) for t in (T0 + 900_000, T0 + S, T0 + 1_100_000)]
            queries += [ThumbnailQuery(T0 + 2 * S + 300_000), ThumbnailQuery(T0 + 3 * S + 600_000)]
            results = [
                r async for r in thumbnailer.thumbnails(camera, queries, max_width=160,
                                                         max_height=0, streams=(2,))
            ]  # fmt: skip
            keyframes = [r.image.timestamp_us if r.image else None for r in results]
            assert keyframes[:4] == [T0 + S, T0 + S, T0 + S, T0 + 2 * S]
            assert keyframes[4] is None  # past the end of what the open file holds so far
            assert results[0].image is results[1].image is results[2].image
            assert cache.misses == 2  # two keyframes decoded for four pictures
            assert (results[0].image.width, results[0].image.height) == (160, 120)
            # The writer appends the next GOP: the walk picks it up.
            for i, (data, keyframe) in enumerate(frames[75:], start=25):
                writer.append_packet(
                    MediaPacket(PacketKind.VIDEO, T0 + 2 * S + i * FRAME_US, FRAME_US,
                                keyframe, data)
                )  # fmt: skip
            later = [r async for r in thumbnailer.thumbnails(
                camera, [queries[4]], max_width=160, max_height=0, streams=(2,))]  # fmt: skip
            assert later[0].image is not None and later[0].image.timestamp_us == T0 + 3 * S
            newest = await thumbnailer.newest_keyframe(camera, 2)
            assert newest is not None and newest.timestamp_us == T0 + 3 * S
        finally:
            pool.close()
            thumbnailer.close()

    asyncio.run(scenario())
    writer.close()


def test_a_damaged_keyframe_is_reported_not_shown(
    catalog: tuple[Catalog, int, int, Path], frames: list[tuple[bytes, bool]]
) -> None:
    db, camera, volume, root = catalog
    write(db, camera, volume, root, frames[:50], T0, close=True)
    path = next(root.rglob("*.vseg"))
    data = bytearray(path.read_bytes())
    keyframe = frames[25][0]
    at = data.find(keyframe)
    assert frames[25][1] and at > 0
    data[at + len(keyframe) // 2] ^= 0xFF  # the 1 s keyframe's payload: its CRC fails
    path.write_bytes(bytes(data))

    async def scenario() -> None:
        pool = RenderPool(workers=1)
        thumbnailer = Thumbnailer(
            db, CatalogThread(), VolumeManager(db, "test"), pool, ThumbnailCache()
        )
        try:
            queries = [ThumbnailQuery(T0), ThumbnailQuery(T0 + S)]
            good, bad = [
                r async for r in thumbnailer.thumbnails(camera, queries, max_width=0,
                                                         max_height=0, streams=(2,))
            ]  # fmt: skip
            assert good.image is not None and (good.image.width, good.image.height) == (320, 240)
            assert bad.image is None and bad.error and "CRC" in bad.error.upper()
            assert not bad.no_recording
        finally:
            pool.close()
            thumbnailer.close()

    asyncio.run(scenario())


def test_the_main_stream_stands_in_where_the_sub_stream_was_not_recorded(
    catalog: tuple[Catalog, int, int, Path], frames: list[tuple[bytes, bool]]
) -> None:
    db, camera, volume, root = catalog
    write(db, camera, volume, root, frames[:50], T0, close=True)  # sub: 0..2 s
    write(db, camera, volume, root, frames[:100], T0, close=True, stream="main")  # main: 0..4 s

    async def scenario() -> None:
        pool = RenderPool(workers=1)
        thumbnailer = Thumbnailer(
            db, CatalogThread(), VolumeManager(db, "test"), pool, ThumbnailCache()
        )
        try:
            queries = [
                ThumbnailQuery(T0 + S),
                ThumbnailQuery(T0 + 3 * S),
                ThumbnailQuery(T0 + 9 * S),
            ]
            found = [
                r async for r in thumbnailer.thumbnails(camera, queries, max_width=0,
                                                         max_height=0)
            ]  # fmt: skip
            assert [r.stream for r in found] == [2, 1, None]
            assert found[1].image is not None and found[1].image.timestamp_us == T0 + 3 * S
            assert found[2].no_recording
        finally:
            pool.close()
            thumbnailer.close()

    asyncio.run(scenario())


def test_a_killed_decoder_worker_fails_its_job_and_is_replaced(
    frames: list[tuple[bytes, bool]],
) -> None:
    job = RenderJob(None, data=frames[0][0], codec="h264", timestamp_us=T0)

    async def scenario() -> None:
        pool = RenderPool(workers=1)
        try:
            assert (await pool.render(job)).width == 320
            owned = pool._pool
            assert owned is not None
            (pid,) = list(owned.executor._processes)  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie":
                assert time.monotonic() < deadline, "the worker did not die"
                await asyncio.sleep(0.02)
            with pytest.raises(RenderError):
                for _ in range(50):  # until the executor has noticed the death
                    await pool.render(job)
            image = await pool.render(job)  # a new worker
            assert image.timestamp_us == T0 and image.jpeg[:2] == b"\xff\xd8"
        finally:
            pool.close()

    asyncio.run(scenario())
