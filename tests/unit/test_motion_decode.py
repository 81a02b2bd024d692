"""FrameDecoder (vedette_server.motion.decode) on real encoded streams: camsim's still
scene with scripted motion encoded by camsim's own encoder (H.264 and H.265), and an
H.264 stream with non-reference B-frames encoded here."""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.camsim.content import ContentSpec, StreamProfile, encode_loop, load_loop
from vedette_server.camsim.faults import StreamFaults, parse_fault
from vedette_server.camsim.scene import StillScene, parse_motion
from vedette_server.errors import InvalidArgument
from vedette_server.media.annexb import (
    avcc_parameter_sets,
    join_nal_units,
    length_prefixed_to_annexb,
)
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.decode import FrameDecoder, luma_plane
from vedette_server.motion.detector import MotionDetector

SCRIPT = "1-2:box@0.1,0.4,0.4,0.3"
BODY = MotionArea("body", grid.cells_in_rect(0, 3 / 18, 1, 13 / 18))


def loop_units(
    tmp_path: Path, codec: Codec, fps: int, repeats: int
) -> tuple[CodecParameters, list[tuple[bytes, bool, int]]]:
    """camsim's 4 s still loop (320x180, one box pass at 1-2 s), ``repeats`` times."""
    spec = ContentSpec("cam1", codec, StreamProfile(320, 180, 256), None, fps, 4)
    spec = replace(spec, scene="still", motions=(parse_motion(SCRIPT),))
    encode_loop(spec, tmp_path)
    loop = load_loop(spec.paths(tmp_path)["main"], Fraction(fps), spec.frames)
    frames = loop.frames * repeats
    units = [(f.data, f.keyframe, round(i * 1_000_000 / fps)) for i, f in enumerate(frames)]
    return loop.params, units


@pytest.mark.parametrize(("codec", "fps"), [(Codec.H264, 15), (Codec.H265, 15), (Codec.H264, 25)])
def test_frames_are_due_at_5_fps_of_stream_time_and_the_box_is_found(
    tmp_path: Path, codec: Codec, fps: int
) -> None:
    params, units = loop_units(tmp_path, codec, fps, repeats=3)
    decoder = FrameDecoder(params, fps=5)
    detector = MotionDetector(MotionConfig(hold_s=1.0, areas=(BODY,)))
    analysed, starts = [], []
    for data, keyframe, pts in units:
        for frame in decoder.decode(data, keyframe, pts):
            assert frame.luma.shape == (180, 320) and frame.luma.dtype == np.uint8
            analysed.append(frame.pts_us)
            result = detector.feed(frame.luma, frame.pts_us)
            if result.started is not None:
                starts.append(result.started.start_us)
    assert decoder.stats.decoded == len(units) and decoder.stats.damaged == 0
    assert len(analysed) == 12 * 5, "5 frames a second of 12 s"
    # 200 ms is a whole number of frames at 15 and 25 fps: exactly every 3rd or 5th frame.
    assert {b - a for a, b in itertools.pairwise(analysed)} == {200_000}
    # One event a pass of the box (loop seconds 1-2), starting at its first frame.
    assert starts == [1_000_000, 5_000_000, 9_000_000]


def test_non_reference_pictures_not_due_are_not_decoded(tmp_path: Path) -> None:
    width, height, fps = 320, 180, 15
    scene = StillScene(width, height, seed=3, fps=fps, motions=(parse_motion(SCRIPT),))
    path = tmp_path / "bframes.mkv"
    with av.open(str(path), "w", format="matroska") as out:
        stream = out.add_stream(
            "libx264",
            rate=fps,
            options={"preset": "ultrafast", "x264-params": "keyint=30:bframes=2:b-pyramid=none"},
        )
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(4 * fps):
            picture = av.VideoFrame.from_ndarray(scene.frame(index), format="rgb24")
            frame = picture.reformat(format="yuv420p")
            frame.pts = index
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    params = CodecParameters(Codec.H264, width=width, height=height, frame_rate=Fraction(fps))
    units = []
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        params = replace(params, extradata=bytes(video.codec_context.extradata or b""))
        for packet in container.demux(video):
            if packet.size and packet.pts is not None:
                pts_us = round(packet.pts * packet.time_base * 1_000_000)
                units.append((_annexb(bytes(packet)), packet.is_keyframe, pts_us))
    full = {}
    reference = av.CodecContext.create("h264", "r")
    reference.extradata = _avcc_to_annexb(params.extradata)
    for data, _, pts in units:
        packet = av.Packet(data)
        packet.pts = pts
        for frame in reference.decode(packet):
            full[frame.pts] = luma_plane(frame).copy()
    decoder = FrameDecoder(replace(params, extradata=_avcc_to_annexb(params.extradata)), fps=5)
    analysed = [f for data, key, pts in units for f in decoder.decode(data, key, pts)]
    assert decoder.stats.skipped_nonref > 0, "the B-frames not due were skipped"
    assert decoder.stats.damaged == 0
    assert len(analysed) == 4 * 5
    for frame in analysed:
        assert np.array_equal(frame.luma, full[frame.pts_us]), "the same picture as a full decode"


def test_damage_leaves_out_the_rest_of_the_gop_and_never_looks_like_motion(
    tmp_path: Path,
) -> None:
    params, units = loop_units(tmp_path, Codec.H264, 15, repeats=4)
    faults = StreamFaults([parse_fault("cam1:corrupt=0.1")], Codec.H264)
    decoder = FrameDecoder(params, fps=5)
    no_box = MotionArea("right", grid.cells_in_rect(0.55, 3 / 18, 0.45, 13 / 18))
    detector = MotionDetector(MotionConfig(sensitivity=8, areas=(no_box,)))
    results = [
        detector.feed(frame.luma, frame.pts_us)
        for data, key, pts in units
        for frame in decoder.decode(faults.damage(data, 1.0), key, pts)
    ]
    assert decoder.stats.damaged > 0 and decoder.stats.discarded > 0
    assert results, "clean frames were analysed"
    assert not any(r.motion for r in results)
    # Bytes that are no video at all: counted, never a crash.
    assert decoder.decode(b"\x00\x00\x01\x65garbage" * 10, True, 99_000_000) == []


def test_a_camera_clock_step_back_keeps_the_analysed_rate(tmp_path: Path) -> None:
    params, units = loop_units(tmp_path, Codec.H264, 15, repeats=3)
    jump_us = -20_000_000
    units = [(d, k, pts + (jump_us if i >= 70 else 0)) for i, (d, k, pts) in enumerate(units)]
    decoder = FrameDecoder(params, fps=5)
    analysed = [f.pts_us for d, k, pts in units for f in decoder.decode(d, k, pts)]
    steps = [b - a for a, b in itertools.pairwise(analysed)]
    assert len(analysed) >= 12 * 5 - 1
    assert [s for s in steps if s != 200_000] == [steps[23]] and steps[23] < 0


def test_bad_decoder_settings_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="codec"):
        FrameDecoder(CodecParameters(Codec.AAC, sample_rate=16000, channels=1))
    with pytest.raises(InvalidArgument, match="fps"):
        FrameDecoder(CodecParameters(Codec.H264), fps=0)


def _avcc_to_annexb(extradata: bytes) -> bytes:
    return join_nal_units(avcc_parameter_sets(extradata))


def _annexb(data: bytes) -> bytes:
    return length_prefixed_to_annexb(data, 4)
