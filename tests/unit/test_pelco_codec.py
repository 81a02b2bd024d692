"""Pelco-D and Pelco-P: golden frames both ways, every command's bytes, range errors,
round trips and the stream parser's resynchronisation (research note §3.1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vedette_hw.pelco import (
    TURBO,
    Aux,
    AuxOp,
    Axis,
    Command,
    FocusSpeed,
    Frame,
    Move,
    Pattern,
    PatternOp,
    PelcoParser,
    PositionReply,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Query,
    RemoteReset,
    SetPosition,
    Stop,
    Unrecognised,
    ZoomSpeed,
    decode_d,
    decode_p,
    encode,
    encode_d,
    encode_p,
    pan_from_wire,
    pan_to_wire,
    tilt_from_wire,
    tilt_to_wire,
    wire_time_s,
    zoom_from_wire,
    zoom_to_wire,
)

# (camera, command, frame) from the research note's golden table.
GOLDEN_D = [
    (1, Move(pan=1, pan_speed=0x20), "ff 01 00 02 20 00 23"),
    (1, Move(pan=-1, pan_speed=0x23), "ff 01 00 04 23 00 28"),
    (1, Preset(PresetOp.GOTO, 5), "ff 01 00 07 00 05 0d"),
    (1, Stop(), "ff 01 00 00 00 00 01"),
]
GOLDEN_P = [
    (1, Preset(PresetOp.GOTO, 5), "a0 00 00 07 00 05 af 0d"),
    (1, Move(pan=-1, pan_speed=0x20), "a0 00 00 04 20 00 af 2b"),
]


@pytest.mark.parametrize(("camera", "command", "frame"), GOLDEN_D)
def test_pelco_d_golden_frames_encode_and_decode(camera: int, command: Command, frame: str) -> None:
    assert encode_d(camera, command).hex(" ") == frame
    assert decode_d(bytes.fromhex(frame)) == Frame(Protocol.D, camera, command)


@pytest.mark.parametrize(("camera", "command", "frame"), GOLDEN_P)
def test_pelco_p_golden_frames_encode_and_decode(camera: int, command: Command, frame: str) -> None:
    assert encode_p(camera, command).hex(" ") == frame
    assert decode_p(bytes.fromhex(frame)) == Frame(Protocol.P, camera, command)


@pytest.mark.parametrize(
    ("command", "middle"),
    [
        (Move(tilt=1, tilt_speed=0x3F), "00 08 00 3f"),
        (Move(tilt=-1, tilt_speed=0x01), "00 10 00 01"),
        (Move(pan=1, tilt=1, pan_speed=0x10, tilt_speed=0x11), "00 0a 10 11"),
        (Move(pan=1, pan_speed=TURBO), "00 02 40 00"),
        (Move(zoom=1), "00 20 00 00"),
        (Move(zoom=-1), "00 40 00 00"),
        (Move(focus=1), "00 80 00 00"),
        (Move(focus=-1), "01 00 00 00"),
        (Move(iris=1), "02 00 00 00"),
        (Move(iris=-1), "04 00 00 00"),
        (Preset(PresetOp.SET, 255), "00 03 00 ff"),
        (Preset(PresetOp.CLEAR, 1), "00 05 00 01"),
        (Aux(AuxOp.SET, 2), "00 09 00 02"),
        (Aux(AuxOp.CLEAR, 8), "00 0b 00 08"),
        (RemoteReset(), "00 0f 00 00"),
        (Pattern(PatternOp.START), "00 1f 00 00"),
        (Pattern(PatternOp.STOP), "00 21 00 00"),
        (Pattern(PatternOp.RUN), "00 23 00 00"),
        (ZoomSpeed(3), "00 25 00 03"),
        (FocusSpeed(2), "00 27 00 02"),
        (SetPosition(Axis.PAN, 0x1234), "00 4b 12 34"),
        (SetPosition(Axis.TILT, 9000), "00 4d 23 28"),
        (SetPosition(Axis.ZOOM, 0xFFFF), "00 4f ff ff"),
        (Query(Axis.PAN), "00 51 00 00"),
        (Query(Axis.TILT), "00 53 00 00"),
        (Query(Axis.ZOOM), "00 55 00 00"),
        (PositionReply(Axis.PAN, 18000), "00 59 46 50"),
        (PositionReply(Axis.TILT, 1), "00 5b 00 01"),
        (PositionReply(Axis.ZOOM, 0x8000), "00 5d 80 00"),
    ],
)
def test_pelco_d_command_bytes_follow_the_manual(command: Command, middle: str) -> None:
    """Bytes 3–6 of camera 7's frame, and a checksum that is the sum of bytes 2–6."""
    frame = encode_d(7, command)

    assert frame[:2] == b"\xff\x07"
    assert frame[2:6].hex(" ") == middle
    assert frame[6] == sum(frame[1:6]) & 0xFF
    assert decode_d(frame) == Frame(Protocol.D, 7, command)


@pytest.mark.parametrize(
    ("command", "standard", "d_style"),
    [
        (Move(focus=1), "01 00", "00 80"),
        (Move(focus=-1), "02 00", "01 00"),
        (Move(iris=1), "04 00", "02 00"),
        (Move(iris=-1), "08 00", "04 00"),
        (Move(zoom=1, tilt=-1, tilt_speed=5), "00 30", "00 30"),
    ],
)
def test_pelco_p_focus_and_iris_bits_follow_the_variant(
    command: Move, standard: str, d_style: str
) -> None:
    std = encode_p(3, command)
    dst = encode_p(3, command, PVariant.D_STYLE)

    assert std[1] == 0x02, "camera 3 is address 2 on the wire"
    assert std[2:4].hex(" ") == standard
    assert dst[2:4].hex(" ") == d_style
    assert decode_p(std).command == command
    assert decode_p(dst, PVariant.D_STYLE).command == command


def test_a_pelco_p_frame_read_with_the_wrong_variant_is_not_the_same_command() -> None:
    frame = encode_p(1, Move(focus=1), PVariant.D_STYLE)

    assert decode_p(frame, PVariant.STANDARD).command == Unrecognised(bytes.fromhex("00800000"))


def test_pelco_p_camera_numbers_run_from_1_to_256_on_addresses_0_to_255() -> None:
    assert encode_p(1, Stop())[1] == 0x00
    assert encode_p(256, Stop())[1] == 0xFF
    assert decode_p(encode_p(256, Stop())).camera == 256


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: encode_d(0, Stop()), "camera must be an integer within 1..255, got 0"),
        (lambda: encode_d(256, Stop()), "camera must be an integer within 1..255, got 256"),
        (lambda: encode_p(0, Stop()), "camera must be an integer within 1..256, got 0"),
        (lambda: encode_p(257, Stop()), "camera must be an integer within 1..256, got 257"),
        (lambda: encode_d(1, Preset(PresetOp.GOTO, 0)), "preset number .* got 0"),
        (lambda: encode_d(1, Preset(PresetOp.SET, 256)), "preset number .* got 256"),
        (lambda: encode_d(1, Move(pan=1, pan_speed=0x41)), "pan speed .*0..63 or 0x40, got 65"),
        (lambda: encode_p(1, Move(pan=1, pan_speed=TURBO)), "pan speed .*0..63, got 64"),
        (lambda: encode_d(1, Move(tilt=1, tilt_speed=0x40)), "tilt speed .*0..63, got 64"),
        (lambda: encode_d(1, Move(pan=2)), "pan must be -1, 0 or 1, got 2"),  # type: ignore[arg-type]
        (lambda: encode_d(1, Aux(AuxOp.SET, 9)), "aux number .*1..8, got 9"),
        (lambda: encode_d(1, ZoomSpeed(4)), "zoom speed .*0..3, got 4"),
        (lambda: encode_d(1, SetPosition(Axis.PAN, 65536)), "pan position .* got 65536"),
        (lambda: encode_p(1, Query(Axis.PAN)), "Query exists in Pelco-D only"),
        (lambda: encode_p(1, SetPosition(Axis.TILT, 0)), "SetPosition exists in Pelco-D only"),
    ],
)
def test_out_of_range_input_is_refused_with_the_field_and_value(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_a_pelco_p_turbo_pan_from_a_keyboard_is_read_though_never_sent() -> None:
    frame = bytes.fromhex("a0 00 00 02 40 00 af")
    frame += bytes((0xA0 ^ 0x02 ^ 0x40 ^ 0xAF,))

    assert decode_p(frame).command == Move(pan=1, pan_speed=TURBO)


def test_a_frame_with_a_bad_checksum_does_not_decode() -> None:
    with pytest.raises(ValueError, match="checksum"):
        decode_d(bytes.fromhex("ff 01 00 02 20 00 24"))
    with pytest.raises(ValueError, match="checksum"):
        decode_p(bytes.fromhex("a0 00 00 04 20 00 af 2c"))


def test_bits_this_codec_does_not_know_decode_as_unrecognised() -> None:
    camera_on = bytes.fromhex("88 00 00 00")  # sense + camera on/off
    both_ways = bytes.fromhex("00 06 20 00")  # left and right at once
    vendor = bytes.fromhex("00 61 00 00")  # an extended command outside the table

    for data in (camera_on, both_ways, vendor):
        body = bytes((1, *data))
        assert decode_d(bytes((0xFF, *body, sum(body) & 0xFF))).command == Unrecognised(data)


def test_angles_and_zoom_map_to_position_values() -> None:
    assert pan_to_wire(180.0) == 18000
    assert pan_to_wire(-90.0) == 27000
    assert pan_from_wire(35999) == pytest.approx(359.99)
    assert tilt_to_wire(-90.0) == 9000  # straight down
    assert tilt_to_wire(10.0) == 35000  # above the horizon
    assert tilt_from_wire(9000) == -90.0
    assert tilt_from_wire(35000) == 10.0
    assert zoom_to_wire(1.0) == 0xFFFF
    assert zoom_from_wire(zoom_to_wire(0.5)) == pytest.approx(0.5, abs=1e-4)
    with pytest.raises(ValueError, match=r"zoom_fraction must be within 0\.\.1, got 1\.5"):
        zoom_to_wire(1.5)


def test_wire_time_counts_ten_bits_per_byte() -> None:
    assert wire_time_s(7, 2400) == pytest.approx(0.029166, abs=1e-5)
    assert wire_time_s(8, 4800) == pytest.approx(0.016666, abs=1e-5)


# ---------------------------------------------------------------------------- round trips

directions = st.sampled_from([-1, 0, 1])
moves = st.builds(
    Move,
    pan=directions,
    tilt=directions,
    zoom=directions,
    focus=directions,
    iris=directions,
    pan_speed=st.integers(0, 0x3F),
    tilt_speed=st.integers(0, 0x3F),
).filter(lambda move: move != Move())
common_commands = st.one_of(
    moves,
    st.just(Stop()),
    st.builds(Preset, st.sampled_from(PresetOp), st.integers(1, 255)),
    st.builds(Aux, st.sampled_from(AuxOp), st.integers(1, 8)),
    st.builds(ZoomSpeed, st.integers(0, 3)),
    st.builds(FocusSpeed, st.integers(0, 3)),
    st.just(RemoteReset()),
    st.builds(Pattern, st.sampled_from(PatternOp)),
)
d_only_commands = st.one_of(
    st.builds(Move, pan=directions, pan_speed=st.just(TURBO)).filter(lambda m: m.pan != 0),
    st.builds(SetPosition, st.sampled_from(Axis), st.integers(0, 0xFFFF)),
    st.builds(Query, st.sampled_from(Axis)),
    st.builds(PositionReply, st.sampled_from(Axis), st.integers(0, 0xFFFF)),
)


@settings(max_examples=300, deadline=None)
@given(camera=st.integers(1, 255), command=st.one_of(common_commands, d_only_commands))
def test_pelco_d_encode_then_decode_is_identity(camera: int, command: Command) -> None:
    assert decode_d(encode_d(camera, command)) == Frame(Protocol.D, camera, command)


@settings(max_examples=300, deadline=None)
@given(camera=st.integers(1, 256), command=common_commands, variant=st.sampled_from(PVariant))
def test_pelco_p_encode_then_decode_is_identity(
    camera: int, command: Command, variant: PVariant
) -> None:
    assert decode_p(encode_p(camera, command, variant), variant) == Frame(
        Protocol.P, camera, command
    )


def test_a_move_with_nothing_set_is_the_stop_frame() -> None:
    assert encode_d(1, Move()) == encode_d(1, Stop())
    assert decode_d(encode_d(1, Move())).command == Stop()


# ---------------------------------------------------------------------------- stream parser


def test_the_parser_reassembles_frames_fed_one_byte_at_a_time() -> None:
    parser = PelcoParser(Protocol.D)
    stream = b"".join(bytes.fromhex(frame) for _, _, frame in GOLDEN_D)

    frames = [frame for byte in stream for frame in parser.feed(bytes((byte,)))]

    assert [f.command for f in frames] == [command for _, command, _ in GOLDEN_D]
    assert parser.dropped == 0


def test_the_parser_resynchronises_after_garbage_and_counts_the_checksum_failure() -> None:
    parser = PelcoParser(Protocol.D)
    good = encode_d(1, Move(pan=1, pan_speed=0x20))
    corrupt = bytearray(good)
    corrupt[4] ^= 0x01

    frames = parser.feed(b"\x12\x34" + bytes(corrupt) + b"\xff\x00" + good)

    assert frames == [Frame(Protocol.D, 1, Move(pan=1, pan_speed=0x20))]
    assert parser.dropped >= 1
    assert parser.skipped_bytes > 0


def test_the_pelco_p_parser_needs_the_etx_and_the_xor() -> None:
    parser = PelcoParser(Protocol.P)
    good = encode_p(2, Preset(PresetOp.SET, 9))
    no_etx = bytearray(good)
    no_etx[6] = 0x00

    frames = parser.feed(b"\xa0\xa0" + bytes(no_etx) + good[:5])
    frames += parser.feed(good[5:])

    assert frames == [Frame(Protocol.P, 2, Preset(PresetOp.SET, 9))]
    assert parser.dropped >= 1


def test_a_frame_with_a_failed_checksum_is_dropped_and_counted() -> None:
    parser = PelcoParser(Protocol.D)

    assert parser.feed(bytes.fromhex("ff 01 00 02 20 00 24")) == []
    assert parser.dropped == 1


@settings(max_examples=300, deadline=None)
@given(
    protocol=st.sampled_from(Protocol),
    garbage=st.binary(max_size=64),
    chunks=st.lists(st.integers(1, 9), min_size=1, max_size=20),
)
def test_random_bytes_never_raise_and_a_clean_frame_after_them_is_found(
    protocol: Protocol, garbage: bytes, chunks: list[int]
) -> None:
    """Garbage followed by a short run of idle bytes and a frame: the parser never raises
    and ends with that frame (anything it found inside the garbage comes before)."""
    parser = PelcoParser(protocol)
    # Idle bytes that cannot start a frame let any partial candidate in the garbage fail.
    stream = garbage + bytes(8) + encode(protocol, 5, Preset(PresetOp.GOTO, 42))
    frames: list[Frame] = []
    position = 0
    for size in chunks * 20:
        if position >= len(stream):
            break
        frames += parser.feed(stream[position : position + size])
        position += size
    frames += parser.feed(stream[position:])

    assert frames[-1] == Frame(protocol, 5, Preset(PresetOp.GOTO, 42))
