"""The committed protobuf stubs are exactly what protos/generate.py produces, and work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from vedette_api.media.packet import PacketKind
from vedette_api.v1 import media_pb2

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = REPO_ROOT / "protos" / "generate.py"
COMMITTED_DIR = REPO_ROOT / "protos" / "vedette_api" / "v1"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")
HINT = "the generated stubs are out of date: run `make protos` and commit the result"


def _generated_files(directory: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted(directory.iterdir())
        if path.name.endswith(GENERATED_SUFFIXES)
    }


def test_committed_stubs_equal_freshly_generated_ones(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, f"protos/generate.py failed:\n{result.stderr}"

    fresh = _generated_files(tmp_path)
    committed = _generated_files(COMMITTED_DIR)
    assert fresh, "protos/generate.py produced no stubs"
    assert sorted(committed) == sorted(fresh), f"{HINT} (file sets differ)"
    for name, data in fresh.items():
        assert committed[name] == data, f"{HINT} ({name} differs)"


def test_media_packet_round_trips_through_the_wire_format() -> None:
    packet = media_pb2.MediaPacket(
        kind=media_pb2.PACKET_KIND_VIDEO,
        timestamp_us=1_700_000_000_123_456,
        duration_us=40_000,
        keyframe=True,
        data=b"\x00\x00\x00\x01\x65\x88\x84\x00",
    )

    decoded = media_pb2.MediaPacket.FromString(packet.SerializeToString())

    assert decoded == packet
    assert decoded.timestamp_us == 1_700_000_000_123_456
    assert decoded.data == b"\x00\x00\x00\x01\x65\x88\x84\x00"
    assert media_pb2.MediaPacket.DESCRIPTOR.full_name == "vedette.v1.MediaPacket"
    assert type(decoded).__module__ == "vedette_api.v1.media_pb2"


def test_packet_kind_values_match_the_domain_enum() -> None:
    wire_kinds = {
        name.removeprefix("PACKET_KIND_"): number
        for name, number in media_pb2.PacketKind.items()
        if number != media_pb2.PACKET_KIND_UNSPECIFIED
    }

    assert wire_kinds == {kind.name: kind.value for kind in PacketKind}
