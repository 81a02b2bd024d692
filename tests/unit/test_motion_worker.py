"""The motion worker's loop over a real socketpair: garbage (undecodable packets, a
codec it cannot decode, commands that are not JSON) never ends it, and a real H.264
stream sent afterwards is analysed, a FRAME per analysed frame with its own time."""

from __future__ import annotations

import json
import os
import socket
import threading
from fractions import Fraction
from typing import Any

import av
import numpy as np

from vedette_api.media.packet import Codec
from vedette_api.media.records import RecordDecoder, encode_record
from vedette_server.motion.config import MotionConfig
from vedette_server.motion.worker import (
    CODECS,
    CONFIGURE,
    FRAME,
    MotionWorker,
    config_to_json,
    json_record,
    packet_record,
)

CAMERA = 7
FRAME_US = 200_000  # 5 fps: every frame is due for analysis


def h264_frames(count: int) -> list[tuple[bytes, bool]]:
    """``count`` Annex B access units of a grey picture with a box moving across it."""
    encoder = av.CodecContext.create("libx264", "w")
    encoder.width, encoder.height, encoder.pix_fmt = 320, 176, "yuv420p"
    encoder.time_base = Fraction(1, 5)
    encoder.options = {"tune": "zerolatency", "g": "10", "bf": "0"}
    out: list[tuple[bytes, bool]] = []
    for index in range(count + 1):
        frames = [None] if index == count else [index]
        for i in frames:
            if i is None:
                packets = encoder.encode(None)
            else:
                picture = np.full((176, 320, 3), 120, np.uint8)
                picture[60:120, 10 + 12 * i : 70 + 12 * i] = 250
                frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
                frame.pts = i
                packets = encoder.encode(frame.reformat(format="yuv420p"))
            out += [(bytes(p), bool(p.is_keyframe)) for p in packets]
    return out


def test_garbage_never_ends_the_worker_and_a_real_stream_is_analysed_after_it() -> None:
    parent, child = socket.socketpair()
    worker = MotionWorker(child)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    config = config_to_json(MotionConfig(sensitivity=8, make_frames=1, hold_s=1.0))
    parent.sendall(json_record(CONFIGURE, {"camera_id": CAMERA, "config": config}))
    # Garbage: a codec it does not decode, junk extradata, random packets, non-JSON.
    parent.sendall(json_record(CODECS, {"camera_id": CAMERA, "codec": "vp8", "extradata": ""}))
    parent.sendall(encode_record(CONFIGURE, 0, 0, 0, b"{not json"))
    parent.sendall(json_record(CODECS, {"camera_id": CAMERA, "codec": "h264", "extradata": "00"}))
    for i in range(40):
        parent.sendall(packet_record(CAMERA, i * FRAME_US, i % 10 == 0, os.urandom(500)))
    # A real stream, announced afresh.
    parent.sendall(
        json_record(CODECS, {"camera_id": CAMERA, "codec": Codec.H264.value, "extradata": ""})
    )
    units = h264_frames(20)
    base_us = 1_000 * FRAME_US
    for i, (data, keyframe) in enumerate(units):
        parent.sendall(packet_record(CAMERA, base_us + i * FRAME_US, keyframe, data))
    parent.settimeout(60)
    decoder, results = RecordDecoder(), list[dict[str, Any]]()
    while len(results) < 10:
        data = parent.recv(65536)
        assert data, "the worker ended"
        results += [json.loads(r.payload) for r in decoder.feed(data) if r.kind == FRAME]
    assert thread.is_alive()
    assert {r["camera_id"] for r in results} == {CAMERA}
    assert all(r["pts_us"] >= base_us for r in results), "nothing analysed from the garbage"
    assert any(r["areas"] == ["all"] for r in results), "the moving box was seen"
    assert all(isinstance(r["cpu_us"], int) and r["cpu_us"] >= 0 for r in results)
    parent.close()  # the server went away: the worker ends
    thread.join(30)
    assert not thread.is_alive()
    child.close()
