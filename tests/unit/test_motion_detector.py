"""The motion detector (vedette_server.motion) on synthetic luma frames: noise, lighting
steps, a moving box, masks, sensitivity bounds, make and hold timing."""

from __future__ import annotations

import numpy as np
import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.config import SENSITIVITY, MotionArea, MotionConfig
from vedette_server.motion.detector import MotionDetector, MotionResult
from vedette_server.motion.hysteresis import Hysteresis, MotionEvent

W, H = 320, 180
FPS = 5
FRAME_US = 1_000_000 // FPS


def background(seed: int = 1) -> np.ndarray:
    """A smooth textured picture (uint8), like a yard."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(70, 180, size=(H // 20 + 1, W // 20 + 1))
    return np.kron(coarse, np.ones((20, 20)))[:H, :W].astype(np.float32)


def noisy(picture: np.ndarray, rng: np.random.Generator, sigma: float = 6.0) -> np.ndarray:
    return np.clip(picture + rng.normal(0, sigma, picture.shape), 0, 255).astype(np.uint8)


def with_box(picture: np.ndarray, x0: int, y0: int, w: int, h: int) -> np.ndarray:
    out = picture.copy()
    ys, xs = np.mgrid[0:h, 0:w]
    out[y0 : y0 + h, x0 : x0 + w] = np.where((ys // 6 + xs // 6) % 2 == 0, 235, 20)
    return out


def run(detector: MotionDetector, frames: list[np.ndarray], start: int = 0) -> list[MotionResult]:
    return [detector.feed(f, (start + i) * FRAME_US) for i, f in enumerate(frames)]


def test_sensor_noise_never_triggers_at_levels_up_to_8() -> None:
    rng = np.random.default_rng(2)
    bg = background()
    for level in range(1, 9):
        detector = MotionDetector(MotionConfig(sensitivity=level))
        results = run(detector, [noisy(bg, rng) for _ in range(60)])
        assert not any(r.motion for r in results), f"level {level}"
        assert detector.event is None


def test_a_moving_box_lights_the_cells_under_it_and_starts_an_event() -> None:
    rng = np.random.default_rng(3)
    bg = background()
    detector = MotionDetector(MotionConfig(sensitivity=6, make_frames=2, hold_s=2))
    results = run(detector, [noisy(bg, rng) for _ in range(10)])
    assert not any(r.motion for r in results)
    moving = []
    for i in range(10):  # a 40 × 60 box crossing from x = 60 to x = 240
        x0 = 60 + i * 20
        moving.append(with_box(noisy(bg, rng), x0, 60, 40, 60))
    results = run(detector, moving, start=10)
    first = results[0]
    assert first.motion and first.started is None  # make time: 2 frames
    assert results[1].started is not None and results[1].started.start_us == 10 * FRAME_US
    for i, result in enumerate(results):
        x0 = 60 + i * 20
        box = grid.cells_in_rect(x0 / W, 60 / H, 40 / W, 60 / H)
        # Every lit cell touches the box now or where it was; the cells wholly inside
        # the box now are lit.
        was = grid.cells_in_rect(max(0, x0 - 20) / W, 60 / H, 60 / W, 60 / H)
        assert not (result.cells & ~(box | was | _ring(box | was))).any(), f"frame {i}"
        inside = grid.cells_inside_rect(x0 / W, 60 / H, 40 / W, 60 / H)
        assert (result.cells | ~inside).all(), f"frame {i}"
    assert detector.event is not None
    # The box leaves: the event ends 2 s (the hold) after the last frame with motion.
    results = run(detector, [noisy(bg, rng) for _ in range(15)], start=20)
    ended = [r.ended for r in results if r.ended is not None]
    assert len(ended) == 1
    last_motion = ended[0].last_motion_us
    assert last_motion is not None and last_motion >= 19 * FRAME_US
    assert ended[0].end_us == last_motion + 2_000_000
    assert detector.event is None


def _ring(mask: np.ndarray) -> np.ndarray:
    """The cells next to ``mask`` (a one-cell border: box edges straddle cell edges)."""
    padded = np.pad(mask, 1)
    out = np.zeros_like(mask)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            out |= padded[dy : dy + mask.shape[0], dx : dx + mask.shape[1]]
    return out


def test_a_global_brightness_step_does_not_trigger() -> None:
    rng = np.random.default_rng(4)
    bg = background()
    detector = MotionDetector(MotionConfig(sensitivity=10))
    frames = [noisy(bg, rng) for _ in range(10)]
    frames += [noisy(np.clip(bg + 60, 0, 255), rng) for _ in range(20)]  # lights on
    frames += [noisy(np.clip(bg * 0.5, 0, 255), rng) for _ in range(20)]  # IR switch
    results = run(detector, frames)
    assert not any(r.motion for r in results)
    assert detector.global_changes == 2
    assert [r.suppressed for r in results[10:11]] == ["global_change"]


def test_a_large_object_arriving_gradually_is_not_taken_for_a_lighting_step() -> None:
    rng = np.random.default_rng(5)
    bg = background()
    detector = MotionDetector(MotionConfig(sensitivity=6))
    frames = [noisy(bg, rng) for _ in range(10)]
    for width in range(40, W + 1, 40):  # a doorbell view: someone steps up and fills it
        frames.append(with_box(noisy(bg, rng), 0, 0, width, H))
    results = run(detector, frames)
    assert detector.global_changes == 0
    assert detector.event is not None
    assert results[-1].cells.sum() > 0.7 * grid.ROWS * grid.COLUMNS


def test_masked_cells_never_trigger_and_areas_report_separately() -> None:
    rng = np.random.default_rng(6)
    bg = background()
    left = grid.cells_in_rect(0, 0, 0.5, 1)
    right = ~left
    areas = (
        MotionArea("door", left),
        MotionArea("gate", right & grid.cells_in_rect(0.5, 0, 0.5, 0.5)),
    )
    detector = MotionDetector(MotionConfig(sensitivity=10, areas=(areas[0],)))
    # Motion only in the right half: never seen.
    frames = [noisy(bg, rng) for _ in range(5)]
    frames += [with_box(noisy(bg, rng), 200 + 3 * i, 40, 60, 100) for i in range(20)]
    results = run(detector, frames)
    assert not any(r.motion for r in results) and not any(r.cells.any() for r in results)
    assert detector.event is None
    # Two areas: the motion is in "gate" only.
    detector = MotionDetector(MotionConfig(sensitivity=10, areas=areas))
    results = run(
        detector, frames[:5] + [with_box(noisy(bg, rng), 200 + 5 * i, 10, 60, 60) for i in range(5)]
    )
    assert {r.areas for r in results[5:] if r.motion} == {("gate",)}
    assert all(not (r.cells & ~areas[1].cells).any() for r in results)


def test_sensitivity_is_1_to_10_and_other_settings_are_checked() -> None:
    assert sorted(SENSITIVITY) == list(range(1, 11))
    thresholds = [SENSITIVITY[level] for level in range(1, 11)]
    assert thresholds == sorted(thresholds, reverse=True), "higher level, smaller changes"
    for bad in (0, 11, -1, True, 5.5):
        with pytest.raises(InvalidArgument, match="sensitivity"):
            MotionConfig(sensitivity=bad)  # type: ignore[arg-type]
    for field, value in [("make_frames", 0), ("hold_s", 0), ("fps", 0), ("alpha", 0)]:
        with pytest.raises(InvalidArgument, match=field):
            MotionConfig(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="same name"):
        MotionConfig(areas=(MotionArea("a", grid.all_cells()), MotionArea("a", grid.no_cells())))
    with pytest.raises(InvalidArgument, match="18×22"):
        MotionArea("a", np.ones((18, 21), bool))
    with pytest.raises(InvalidArgument, match="frame"):
        MotionDetector(MotionConfig()).feed(np.zeros((H, W), np.float32), 0)


def test_packed_grids_are_onvif_row_major_and_round_trip() -> None:
    cells = grid.no_cells()
    cells[0, 0] = cells[0, 21] = cells[17, 21] = True
    packed = grid.pack(cells)
    assert len(packed) == grid.PACKED_BYTES
    assert packed[0] == 0x80  # the top-left cell is the first, most significant bit
    assert packed[21 // 8] & (0x80 >> (21 % 8))
    assert np.array_equal(grid.unpack(packed), cells)
    with pytest.raises(InvalidArgument):
        grid.unpack(packed[:-1])
    with pytest.raises(InvalidArgument):
        grid.unpack(packed[:-1] + b"\x01")  # a padding bit set


def test_hold_and_make_are_exact_to_the_frame() -> None:
    rng = np.random.default_rng(7)
    bg = background()
    detector = MotionDetector(MotionConfig(sensitivity=6, make_frames=3, hold_s=1.0))
    frames = [noisy(bg, rng) for _ in range(5)]
    frames += [with_box(noisy(bg, rng), 40 + 15 * i, 50, 40, 60) for i in range(6)]
    frames += [noisy(bg, rng) for _ in range(10)]
    results = run(detector, frames)
    started = [(i, r.started) for i, r in enumerate(results) if r.started]
    ended = [(i, r.ended) for i, r in enumerate(results) if r.ended]
    assert len(started) == 1 and len(ended) == 1
    assert started[0][0] == 7 and started[0][1] is not None  # the third moving frame
    assert started[0][1].start_us == 5 * FRAME_US  # stamped with the first
    # Motion in frames 5..10 (the box's last frame, maybe one more for where it was).
    last = ended[0][1].last_motion_us
    assert last is not None and 10 * FRAME_US <= last <= 11 * FRAME_US
    assert ended[0][1].end_us == last + 1_000_000
    assert results[ended[0][0]].pts_us == ended[0][1].end_us  # ends at the first frame past


def test_a_reset_rebuilds_the_background_without_reporting_motion() -> None:
    rng = np.random.default_rng(8)
    detector = MotionDetector(MotionConfig(sensitivity=10))
    run(detector, [noisy(background(1), rng) for _ in range(5)])
    detector.reset()  # e.g. a reconnection: the camera now looks elsewhere
    results = run(detector, [noisy(background(2), rng) for _ in range(10)], start=5)
    assert [r.suppressed for r in results[:3]] == ["warming"] * 3
    assert not any(r.motion for r in results)


@pytest.mark.parametrize("level", range(3, 11))
def test_a_box_of_two_by_two_cells_triggers_at_every_level_from_3(level: int) -> None:
    rng = np.random.default_rng(9 + level)
    bg = background()
    cell_w, cell_h = W // grid.COLUMNS + 1, H // grid.ROWS + 1
    for x0, y0 in [(33, 47), (150, 100), (271, 12)]:  # on and off cell edges
        detector = MotionDetector(MotionConfig(sensitivity=level, make_frames=2))
        frames = [noisy(bg, rng) for _ in range(5)]
        frames += [
            with_box(noisy(bg, rng), x0 + 2 * i, y0, 2 * cell_w, 2 * cell_h) for i in range(4)
        ]
        results = run(detector, frames)
        assert detector.event is not None, f"level {level}, box at {(x0, y0)}"
        swept = grid.cells_in_rect(
            x0 / W, y0 / H, min(2 * cell_w + 6, W - x0) / W, min(2 * cell_h, H - y0) / H
        )
        assert all(not (r.cells & ~swept).any() for r in results), "only where the box went"


def test_a_camera_clock_step_back_ends_the_event_before_it_and_starts_anew() -> None:
    hysteresis = Hysteresis(make_frames=2, hold_us=1_000_000)
    s = 1_000_000
    assert hysteresis.update(True, 100 * s) == (None, None)
    assert hysteresis.update(True, 100 * s + 200_000) == (MotionEvent(100 * s), None)
    # The clock steps back 20 s while the motion goes on.
    started, ended = hysteresis.update(True, 80 * s + 400_000)
    assert started is None
    assert ended == MotionEvent(100 * s, 100 * s + 200_000, 100 * s + 200_000)
    started, ended = hysteresis.update(True, 80 * s + 600_000)
    assert started == MotionEvent(80 * s + 400_000) and ended is None
    ends = [hysteresis.update(False, 80 * s + 600_000 + t * 200_000)[1] for t in range(1, 8)]
    assert (
        ends
        == [None] * 4
        + [MotionEvent(80 * s + 400_000, 81 * s + 600_000, 80 * s + 600_000)]
        + [None] * 2
    )
