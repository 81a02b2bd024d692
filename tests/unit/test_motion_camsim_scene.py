"""camsim's still scene and scripted motion (camsim/scene.py), before encoding."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from vedette_api.media.packet import Codec
from vedette_server.camsim.content import ContentSpec, SceneRenderer, StreamProfile
from vedette_server.camsim.scene import (
    NOISE_LIMIT,
    NOISE_SIGMA,
    StillScene,
    changing_overlays,
    parse_motion,
)

W, H, FPS = 320, 180, 10


def test_parse_motion_reads_the_contract_and_refuses_bad_scripts() -> None:
    motion = parse_motion("cam1:5-8:box@0.1,0.4,0.25,0.3")
    assert (motion.camera, motion.start_s, motion.end_s) == ("cam1", 5.0, 8.0)
    assert (motion.x, motion.y, motion.w, motion.h) == (0.1, 0.4, 0.25, 0.3)
    assert motion.text == "5-8:box@0.1,0.4,0.25,0.3"
    assert parse_motion("2.5-3:box@0,0,1,1").camera is None
    for bad, words in [
        ("cam1:5-8:ball@0,0,1,1", "expected"),
        ("cam1:8-5:box@0,0,0.5,0.5", "START must be before END"),
        ("cam1:5-8:box@0,0,0.5", "four numbers"),
        ("cam1:5-8:box@0.8,0,0.5,0.5", "inside the picture"),
        ("cam1:5-8:box@0,0,0,0.5", "in (0, 1]"),
        ("cam1:5-8:box@-0.1,0,0.5,0.5", "in 0..1"),
    ]:
        with pytest.raises(ValueError, match=words.replace("(", r"\(").replace("]", r"\]")):
            parse_motion(bad)


def test_a_box_crosses_its_region_only_during_its_times() -> None:
    motion = parse_motion("4-6:box@0.25,0.5,0.5,0.25")
    left, top, right, bottom = motion.region_px(W, H)
    assert (left, top, right, bottom) == (80, 90, 240, 135)
    assert motion.box_at(3.99, W, H) is None and motion.box_at(6.0, W, H) is None
    boxes = [motion.box_at(4 + i / FPS, W, H) for i in range(20)]
    assert all(b is not None for b in boxes)
    xs = [b[0] for b in boxes if b is not None]
    assert xs == sorted(xs) and xs[0] == left and len(set(xs)) == 20, "moves every frame"
    for b in boxes:
        assert b is not None
        assert left <= b[0] < b[2] <= right and (b[1], b[3]) == (top, bottom)
        assert b[2] - b[0] == 40  # a quarter of the region's width


def test_still_frames_differ_from_the_background_only_by_bounded_noise_and_the_box() -> None:
    motion = parse_motion("1-2:box@0.1,0.2,0.4,0.5")
    scene = StillScene(W, H, seed=7, fps=FPS, motions=(motion,))
    background = scene.background
    noises = []
    for index in range(0, 30):
        diff = scene.frame(index).astype(np.int16) - background
        box = motion.box_at(index / FPS, W, H)
        outside = np.ones((H, W), bool)
        if box is not None:
            x0, y0, x1, y1 = box
            outside[y0:y1, x0:x1] = False
            assert np.abs(diff[y0:y1, x0:x1]).mean() > 50, "the box is there"
        assert np.abs(diff[outside]).max() <= NOISE_LIMIT
        noises.append(diff[outside][:, 0])
    sigma = float(np.concatenate(noises).std())
    assert NOISE_SIGMA * 0.8 < sigma < NOISE_SIGMA * 1.2
    # Noise is fresh in every frame, and the same for the same frame.
    assert not np.array_equal(scene.frame(3), scene.frame(4))
    assert np.array_equal(scene.frame(3), scene.frame(3))


def test_a_still_spec_renders_the_still_scene_and_keys_its_own_cache() -> None:
    base = ContentSpec("cam1", Codec.H264, StreamProfile(W, H, 256), None, FPS, 5)
    still = replace(base, scene="still")
    moving = replace(still, motions=(parse_motion("1-2:box@0.1,0.2,0.4,0.5"),))
    other = replace(still, motions=(parse_motion("1-2:box@0.1,0.2,0.4,0.6"),))
    assert len({base.key(), still.key(), moving.key(), other.key()}) == 4
    assert "scene" not in repr(base) and "motions" not in repr(base)
    renderer = SceneRenderer(moving)
    a, b = renderer.frame(0).astype(np.int16), renderer.frame(1).astype(np.int16)
    overlays = np.zeros((H, W), bool)
    for x0, y0, x1, y1 in changing_overlays(W, H):
        overlays[y0:y1, x0:x1] = True
    # Two frames before the box: only noise differs, except in the changing overlays.
    assert np.abs(a - b)[~overlays].max() <= 2 * NOISE_LIMIT
    assert np.abs(a - b)[overlays].max() > 100, "the clock and its strip change"
