"""The Pelco dome simulator's core: frames for its address move the model, queries are
answered, other addresses and broken frames are ignored (bytes in, bytes out)."""

from __future__ import annotations

import pytest

from vedette_hw.pelco import (
    Aux,
    AuxOp,
    Axis,
    Move,
    Pattern,
    PatternOp,
    PelcoParser,
    PositionReply,
    Preset,
    PresetOp,
    Protocol,
    Query,
    RemoteReset,
    SetPosition,
    Stop,
    ZoomSpeed,
    encode,
    encode_d,
    encode_p,
    pan_to_wire,
    tilt_to_wire,
)
from vedette_hw.sim.pelco_dome import LensState, PelcoDome
from vedette_hw.sim.ptz_model import MoveStatus, PtzLimits, PtzModel, PtzPosition

LIMITS = PtzLimits(pan_speed_max_deg_s=63.0, pan_accel_deg_s2=1e6, tilt_accel_deg_s2=1e6)


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 0.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def dome(clock: FakeClock, protocol: Protocol = Protocol.D, camera: int = 4) -> PelcoDome:
    return PelcoDome(camera, protocol, PtzModel(clock, LIMITS))


def replies(data: bytes) -> list[PositionReply]:
    frames = PelcoParser(Protocol.D).feed(data)
    return [frame.command for frame in frames if isinstance(frame.command, PositionReply)]


@pytest.mark.parametrize("protocol", list(Protocol))
def test_a_move_for_its_address_pans_at_the_frame_speed(
    clock: FakeClock, protocol: Protocol
) -> None:
    simulated = dome(clock, protocol)

    assert simulated.receive(encode(protocol, 4, Move(pan=1, pan_speed=0x20))) == b""
    clock.now_s = 2.0

    # 0x20 of 0x3F × 63°/s = 32°/s (acceleration is near instant here).
    assert simulated.model.position().pan_deg == pytest.approx(64.0, abs=0.01)
    simulated.receive(encode(protocol, 4, Stop()))
    clock.now_s = 3.0
    assert simulated.model.status().pan_tilt is MoveStatus.IDLE


def test_frames_for_other_addresses_and_broken_frames_change_nothing(clock: FakeClock) -> None:
    simulated = dome(clock)
    broken = bytearray(encode_d(4, Move(pan=1, pan_speed=0x3F)))
    broken[-1] ^= 0xFF

    simulated.receive(encode_d(5, Move(pan=1, pan_speed=0x3F)) + bytes(broken))
    clock.now_s = 1.0

    assert simulated.model.position() == PtzPosition(0.0, 0.0, 1.0)
    assert simulated.parser.dropped == 1
    assert simulated.handled == 0


def test_position_queries_are_answered_for_each_axis(clock: FakeClock) -> None:
    simulated = dome(clock)
    simulated.model.absolute(PtzPosition(123.45, -30.0, 15.5))
    clock.now_s = 60.0

    answer = simulated.receive(
        encode_d(4, Query(Axis.PAN)) + encode_d(4, Query(Axis.TILT)) + encode_d(4, Query(Axis.ZOOM))
    )

    assert answer[:2] == b"\xff\x04", "the reply carries the dome's address"
    assert replies(answer) == [
        PositionReply(Axis.PAN, 12345),
        PositionReply(Axis.TILT, 3000),
        PositionReply(Axis.ZOOM, round(0.5 * 0xFFFF)),
    ]


def test_absolute_position_commands_move_one_axis(clock: FakeClock) -> None:
    simulated = dome(clock)

    simulated.receive(
        encode_d(4, SetPosition(Axis.PAN, pan_to_wire(270.0)))
        + encode_d(4, SetPosition(Axis.TILT, tilt_to_wire(-45.0)))
    )
    clock.now_s = 60.0

    assert simulated.model.position() == PtzPosition(270.0, -45.0, 1.0)


def test_presets_are_saved_and_called_and_an_unset_one_is_ignored(clock: FakeClock) -> None:
    simulated = dome(clock, Protocol.P)
    simulated.model.absolute(PtzPosition(40.0, -10.0, 2.0))
    clock.now_s = 60.0
    simulated.receive(encode_p(4, Preset(PresetOp.SET, 200)))
    simulated.model.goto_home()
    clock.now_s = 120.0

    simulated.receive(
        encode_p(4, Preset(PresetOp.GOTO, 17)) + encode_p(4, Preset(PresetOp.GOTO, 200))
    )
    clock.now_s = 180.0

    assert simulated.model.position() == PtzPosition(40.0, -10.0, 2.0)
    assert (simulated.handled, simulated.ignored) == (2, 1)


def test_zoom_speed_aux_lens_and_reset_are_kept(clock: FakeClock) -> None:
    simulated = dome(clock, Protocol.P)

    simulated.receive(
        encode_p(4, ZoomSpeed(0))
        + encode_p(4, Aux(AuxOp.SET, 3))
        + encode_p(4, Move(zoom=1, focus=-1, iris=1))
        + encode_p(4, Pattern(PatternOp.RUN))
    )
    clock.now_s = 1.0

    assert simulated.aux_on == {3}
    assert simulated.lens == LensState(focus=-1, iris=1)
    # Zoom speed 0 is a quarter of 10×/s; acceleration 40×/s² costs 2.5²/80 ≈ 0.078.
    assert simulated.model.position().zoom == pytest.approx(1.0 + 2.5 - 0.078, abs=0.01)
    assert simulated.ignored == 1  # the pattern

    simulated.receive(encode_p(4, RemoteReset()))
    clock.now_s = 60.0
    assert simulated.model.position() == PtzPosition(0.0, 0.0, 1.0)
