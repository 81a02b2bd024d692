"""Keyboard frames into events: camera selection, normalised moves, level triggering,
presets as edges, DVR keys on our own address, and the silence watchdog (fake clock);
and the keyboard simulator's frames for a script."""

from __future__ import annotations

import re

import pytest

from vedette_hw.keyboard import (
    CallPreset,
    DvrKey,
    KeyboardDecoder,
    KeyboardEvent,
    KeyboardMove,
    KeyboardStop,
    SelectCamera,
    SetPreset,
)
from vedette_hw.pelco import (
    TURBO,
    Aux,
    AuxOp,
    Frame,
    Move,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Stop,
    decode_p,
    encode_d,
)
from vedette_hw.sim import keyboard as sim


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 10.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def frame(camera: int, command: Move | Stop | Preset | Aux) -> Frame:
    return Frame(Protocol.D, camera, command)


def feed(decoder: KeyboardDecoder, *frames: Frame) -> list[KeyboardEvent]:
    return [event for f in frames for event in decoder.on_frame(f)]


def test_the_first_frame_to_a_camera_selects_it_then_moves_it(clock: FakeClock) -> None:
    decoder = KeyboardDecoder(clock)

    events = feed(decoder, frame(3, Move(pan=-1, tilt=1, pan_speed=0x3F, tilt_speed=0x15)))

    assert events == [SelectCamera(3), KeyboardMove(3, vx=-1.0, vy=0x15 / 0x3F)]


def test_lens_keys_and_turbo_are_normalised(clock: FakeClock) -> None:
    decoder = KeyboardDecoder(clock)

    events = feed(decoder, frame(1, Move(pan=1, zoom=-1, focus=1, iris=-1, pan_speed=TURBO)))

    assert events[-1] == KeyboardMove(1, vx=1.0, vy=0.0, zoom=-1, focus=1, iris=-1)


def test_repeated_frames_emit_nothing_and_a_change_emits_the_new_level(
    clock: FakeClock,
) -> None:
    decoder = KeyboardDecoder(clock)
    right = frame(2, Move(pan=1, pan_speed=0x10))

    events = feed(decoder, right, right, right, frame(2, Stop()), frame(2, Stop()))

    assert events == [
        SelectCamera(2),
        KeyboardMove(2, vx=0x10 / 0x3F, vy=0.0),
        KeyboardStop(2),
    ]


def test_a_move_with_no_speed_is_a_stop(clock: FakeClock) -> None:
    decoder = KeyboardDecoder(clock)

    assert feed(decoder, frame(2, Move(pan=1, pan_speed=0)))[-1] == KeyboardStop(2)


def test_presets_are_edges_every_frame_emits(clock: FakeClock) -> None:
    decoder = KeyboardDecoder(clock)
    call = frame(5, Preset(PresetOp.GOTO, 7))

    events = feed(decoder, call, call, frame(5, Preset(PresetOp.SET, 8)))

    assert events == [SelectCamera(5), CallPreset(5, 7), CallPreset(5, 7), SetPreset(5, 8)]


def test_frames_to_our_own_address_are_dvr_keys_and_select_nothing(clock: FakeClock) -> None:
    decoder = KeyboardDecoder(clock, own_address=99)

    events = feed(
        decoder,
        frame(99, Preset(PresetOp.GOTO, 4)),
        frame(99, Move(pan=1, pan_speed=5)),
        frame(1, Stop()),
        frame(99, Preset(PresetOp.GOTO, 12)),
    )

    assert events == [DvrKey(4), SelectCamera(1), KeyboardStop(1), DvrKey(12)]
    assert decoder.selected == 1


def test_switching_cameras_selects_the_new_one_and_other_commands_are_quiet(
    clock: FakeClock,
) -> None:
    decoder = KeyboardDecoder(clock)

    events = feed(decoder, frame(1, Stop()), frame(2, Aux(AuxOp.SET, 1)), frame(1, Stop()))

    assert events == [SelectCamera(1), KeyboardStop(1), SelectCamera(2), SelectCamera(1)]


def test_a_moving_keyboard_silent_for_more_than_a_second_stops_the_camera(
    clock: FakeClock,
) -> None:
    decoder = KeyboardDecoder(clock)
    up = frame(6, Move(tilt=1, tilt_speed=0x20))
    feed(decoder, up)
    clock.now_s += 0.9
    feed(decoder, up)  # a repeat keeps it alive
    clock.now_s += 0.99

    assert decoder.check_silence() == []
    clock.now_s += 0.02
    assert decoder.check_silence() == [KeyboardStop(6)]
    assert decoder.check_silence() == []
    # The next frame is a change again.
    assert feed(decoder, up) == [KeyboardMove(6, 0.0, 0x20 / 0x3F)]


def test_the_watchdog_leaves_stopped_cameras_and_non_repeating_keyboards_alone(
    clock: FakeClock,
) -> None:
    repeating = KeyboardDecoder(clock)
    feed(repeating, frame(1, Move(pan=1, pan_speed=9)), frame(1, Stop()))
    quiet = KeyboardDecoder(clock, repeats_frames=False)
    feed(quiet, frame(1, Move(pan=1, pan_speed=9)))
    clock.now_s += 60.0

    assert repeating.check_silence() == []
    assert quiet.check_silence() == []


def test_the_keyboard_simulator_sends_what_a_keyboard_sends() -> None:
    frames = sim.script_frames(
        [
            sim.SelectCamera(2),
            sim.Joystick(x=0.5, y=-1.0, zoom=1),
            sim.Release(),
            sim.CallPreset(3),
            sim.SelectCamera(9),
            sim.SetPreset(4),
        ],
        Protocol.D,
    )

    assert frames == [
        encode_d(2, Move(pan=1, tilt=-1, zoom=1, pan_speed=32, tilt_speed=0x3F)),
        encode_d(2, Stop()),
        encode_d(2, Preset(PresetOp.GOTO, 3)),
        encode_d(9, Preset(PresetOp.SET, 4)),
    ]


def test_the_keyboard_simulator_speaks_pelco_p_with_0_based_addresses() -> None:
    (only,) = sim.script_frames([sim.Joystick(x=-1.0, y=0.0)], Protocol.P, PVariant.STANDARD)

    assert only[1] == 0x00
    assert decode_p(only).command == Move(pan=-1, pan_speed=0x3F)


def test_a_joystick_outside_its_range_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("joystick x must be within -1..1, got 1.5")):
        sim.script_frames([sim.Joystick(x=1.5, y=0.0)], Protocol.D)
