"""The segment file header and the track entry it shares with codec-change records.

Header (big-endian): ``b"VSEG"``, u16 format version (1), u16 header length (all
of it, magic and trailing CRC included), u32 camera_id, u8 stream (1 main, 2 sub),
u8 track count, i64 start_us, the track entries, u32 CRC-32 of every byte before
it. A track entry is u8 codec, u16 width, u16 height, u32 frame-rate numerator,
u32 denominator, u32 sample_rate, u8 channels, u16 extradata length, extradata.
docs/storage-format.md is the byte-by-byte reference.

Invariants:
- Track 0 is the video track; track 1, when present, the audio track; no others.
- ``decode_header`` raises only ``CorruptSegment``, whatever bytes it is given, so
  recovery can scan any file; ``encode_header`` raises ValueError naming the field
  that does not fit, so a bad header is never written.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from vedette_api.media.file_io import pread
from vedette_api.media.packet import Codec, CodecParameters

MAGIC = b"VSEG"
FORMAT_VERSION = 1
MAX_HEADER_BYTES = 0xFFFF
STREAM_CODES = {"main": 1, "sub": 2}
CODEC_CODES = {Codec.H264: 1, Codec.H265: 2, Codec.AAC: 3, Codec.PCMU: 4, Codec.PCMA: 5}

_PREFIX = struct.Struct(">4sHH")  # magic, version, header length
_FIXED = struct.Struct(">4sHHIBBq")  # ... camera_id, stream, track count, start_us
_TRACK = struct.Struct(">BHHIIIBH")  # codec .. extradata length
_CRC = struct.Struct(">I")
MIN_HEADER_BYTES = _FIXED.size + _TRACK.size + _CRC.size
_STREAMS = {code: name for name, code in STREAM_CODES.items()}
_CODECS = {code: codec for codec, code in CODEC_CODES.items()}
_U16, _U32 = 0xFFFF, 0xFFFFFFFF


@dataclass(frozen=True)
class SegmentHeader:
    """What a reader needs before the first record: whose stream, from when, codecs."""

    camera_id: int
    stream: str  # "main" or "sub"
    start_us: int
    tracks: tuple[CodecParameters, ...]

    @property
    def video(self) -> CodecParameters:
        return self.tracks[0]

    @property
    def audio(self) -> CodecParameters | None:
        return self.tracks[1] if len(self.tracks) > 1 else None


class CorruptSegment(Exception):
    """A file whose header is not a valid segment header (or not ours at all)."""

    def __init__(self, path: Path | None, reason: str) -> None:
        super().__init__(f"{path if path is not None else 'segment header'}: {reason}")
        self.path, self.reason = path, reason


def _check_range(name: str, value: int, high: int) -> None:
    if not 0 <= value <= high:
        raise ValueError(f"{name}: {value} is outside 0..{high}")


def encode_track_entry(params: CodecParameters) -> bytes:
    """A track entry: in the header, and the payload of a codec-change record."""
    rate = params.frame_rate
    _check_range("width", params.width, _U16)
    _check_range("height", params.height, _U16)
    _check_range("frame_rate numerator", rate.numerator, _U32)
    _check_range("frame_rate denominator", rate.denominator, _U32)
    _check_range("sample_rate", params.sample_rate, _U32)
    _check_range("channels", params.channels, 0xFF)
    _check_range("extradata length", len(params.extradata), _U16)
    fixed = _TRACK.pack(
        CODEC_CODES[params.codec],
        params.width,
        params.height,
        rate.numerator,
        rate.denominator,
        params.sample_rate,
        params.channels,
        len(params.extradata),
    )
    return fixed + params.extradata


def _parse_track_entry(data: bytes, offset: int) -> tuple[CodecParameters, int]:
    """The entry at ``offset`` and the offset after it; ValueError with the reason."""
    if len(data) - offset < _TRACK.size:
        raise ValueError(f"track entry needs {_TRACK.size} bytes, {len(data) - offset} left")
    code, width, height, num, den, sample_rate, channels, size = _TRACK.unpack_from(data, offset)
    if code not in _CODECS:
        raise ValueError(f"unknown codec code {code}")
    if den == 0 and num != 0:
        raise ValueError(f"frame rate {num}/0")
    start = offset + _TRACK.size
    if len(data) - start < size:
        raise ValueError(f"extradata of {size} bytes, {len(data) - start} left")
    params = CodecParameters(
        codec=_CODECS[code],
        extradata=bytes(data[start : start + size]),
        width=width,
        height=height,
        frame_rate=Fraction(num, den) if num else Fraction(0),
        sample_rate=sample_rate,
        channels=channels,
    )
    return params, start + size


def decode_track_entry(payload: bytes) -> CodecParameters:
    """The payload of a codec-change record; ValueError when it is not one entry."""
    params, end = _parse_track_entry(payload, 0)
    if end != len(payload):
        raise ValueError(f"{len(payload) - end} bytes after the track entry")
    return params


def _check_tracks(tracks: tuple[CodecParameters, ...]) -> None:
    if not 1 <= len(tracks) <= 2:
        raise ValueError(f"tracks: {len(tracks)} tracks, expected 1 (video) or 2 (video, audio)")
    if not tracks[0].codec.is_video:
        raise ValueError(f"tracks: track 0 must be video, not {tracks[0].codec.value}")
    if len(tracks) == 2 and tracks[1].codec.is_video:
        raise ValueError(f"tracks: track 1 must be audio, not {tracks[1].codec.value}")


def encode_header(header: SegmentHeader) -> bytes:
    """The header bytes, CRC included; ValueError names a field that does not fit."""
    _check_range("camera_id", header.camera_id, _U32)
    if header.stream not in STREAM_CODES:
        raise ValueError(f"stream: {header.stream!r}, expected 'main' or 'sub'")
    _check_tracks(header.tracks)
    entries = b"".join(encode_track_entry(t) for t in header.tracks)
    length = _FIXED.size + len(entries) + _CRC.size
    if length > MAX_HEADER_BYTES:
        raise ValueError(f"tracks: header of {length} bytes exceeds {MAX_HEADER_BYTES}")
    fixed = _FIXED.pack(
        MAGIC,
        FORMAT_VERSION,
        length,
        header.camera_id,
        STREAM_CODES[header.stream],
        len(header.tracks),
        header.start_us,
    )
    body = fixed + entries
    return body + _CRC.pack(zlib.crc32(body))


def header_length_from_prefix(prefix: bytes, path: Path | None = None) -> int:
    """Check magic and version in the first 8 bytes; return the header's length."""
    if len(prefix) < _PREFIX.size:
        raise CorruptSegment(path, f"truncated header: {len(prefix)} bytes")
    magic, version, length = _PREFIX.unpack_from(prefix)
    if magic != MAGIC:
        raise CorruptSegment(path, f"not a Vedette segment (magic {magic!r})")
    if version != FORMAT_VERSION:
        raise CorruptSegment(path, f"unsupported format version {version}")
    if length < MIN_HEADER_BYTES:
        raise CorruptSegment(path, f"header length {length} is under {MIN_HEADER_BYTES}")
    return int(length)


def decode_header(data: bytes, path: Path | None = None) -> SegmentHeader:
    """Parse a whole header (exactly its length); raises only ``CorruptSegment``."""
    length = header_length_from_prefix(data, path)
    if len(data) != length:
        raise CorruptSegment(path, f"truncated header: {len(data)} of {length} bytes")
    (stored,) = _CRC.unpack_from(data, length - _CRC.size)
    computed = zlib.crc32(data[: length - _CRC.size])
    if stored != computed:
        raise CorruptSegment(
            path, f"header CRC mismatch (stored {stored:#010x}, computed {computed:#010x})"
        )
    _, _, _, camera_id, stream, count, start_us = _FIXED.unpack_from(data)
    if stream not in _STREAMS:
        raise CorruptSegment(path, f"unknown stream code {stream}")
    body = data[: length - _CRC.size]
    offset = _FIXED.size
    tracks = []
    try:
        for _ in range(count):
            params, offset = _parse_track_entry(body, offset)
            tracks.append(params)
    except ValueError as e:
        raise CorruptSegment(path, f"track {len(tracks)}: {e}") from None
    try:
        _check_tracks(tuple(tracks))
    except ValueError as e:
        raise CorruptSegment(path, str(e)) from None
    if offset != len(body):
        raise CorruptSegment(path, f"{len(body) - offset} unexplained bytes after the tracks")
    return SegmentHeader(camera_id, _STREAMS[stream], start_us, tuple(tracks))


def read_header(fd: int, path: Path | None = None) -> tuple[SegmentHeader, int]:
    """Read and check the header of an open file (blocking); returns it and its
    length, which is the offset of the first record."""
    length = header_length_from_prefix(pread(fd, _PREFIX.size, 0), path)
    return decode_header(pread(fd, length, 0), path), length
