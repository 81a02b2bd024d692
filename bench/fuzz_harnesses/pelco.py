"""Pelco-D and Pelco-P from a PTZ keyboard's serial line: the stream parser (any
chunking, resynchronisation), then the keyboard decoder that turns frames into
camera selections, moves and presets.

The input's first byte chooses the protocol and variant (bits 1-2: D, P standard, P
D-style) and, with bit 3 set, fixes each candidate frame's checksum so that mutations
reach the command decoder instead of dying at the checksum. The chunk size is
``_split.chunks``'.

Expected: nothing raises (``PelcoParser.feed`` never raises; ``KeyboardDecoder``
takes any frame).
"""

from __future__ import annotations

from fuzz_harnesses._split import chunks
from vedette_hw.keyboard import KeyboardDecoder
from vedette_hw.pelco import (
    D_FRAME_BYTES,
    D_SYNC,
    P_FRAME_BYTES,
    P_STX,
    PelcoParser,
    Protocol,
    PVariant,
)

_SETUPS = (
    (Protocol.D, PVariant.STANDARD),
    (Protocol.P, PVariant.STANDARD),
    (Protocol.P, PVariant.D_STYLE),
)


def fix_checksums(data: bytearray, protocol: Protocol) -> None:
    """Give every frame-sized run after a sync byte the checksum of its bytes."""
    if protocol is Protocol.D:
        for i in range(len(data) - D_FRAME_BYTES + 1):
            if data[i] == D_SYNC:
                data[i + 6] = sum(data[i + 1 : i + 6]) & 0xFF
        return
    for i in range(len(data) - P_FRAME_BYTES + 1):
        if data[i] == P_STX:
            data[i + 6] = 0xAF
            check = 0
            for byte in data[i : i + 7]:
                check ^= byte
            data[i + 7] = check


def run(data: bytes) -> None:
    if not data:
        return
    protocol, variant = _SETUPS[(data[0] >> 1) % 3]
    stream = bytearray(data)
    if data[0] & 8:
        body = stream[1:]
        fix_checksums(body, protocol)
        stream[1:] = body
    parser = PelcoParser(protocol, variant)
    decoder = KeyboardDecoder(clock=lambda: 0.0, own_address=99)
    for chunk in chunks(bytes(stream)):
        for frame in parser.feed(chunk):
            decoder.on_frame(frame)
