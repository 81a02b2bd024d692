"""Turning one fuzz input into the pieces a parser receives (chunks, packets)."""

from __future__ import annotations

from collections.abc import Iterator


def chunks(data: bytes) -> Iterator[bytes]:
    """The input after its first byte, in pieces of 1 + 16 × first byte bytes (1 to
    4081): the same bytes arriving in different recv() sizes, so the parsers'
    buffering is fuzzed too."""
    if not data:
        return
    size = 1 + 16 * data[0]
    for start in range(1, len(data), size):
        yield data[start : start + size]


def packets(data: bytes) -> Iterator[bytes]:
    """Length-prefixed pieces: a big-endian u16 length, then that many bytes (fewer at
    the end). One fuzz input is a sequence of RTP packets, as a TCP stream delivers them."""
    pos = 0
    while pos + 2 <= len(data):
        size = int.from_bytes(data[pos : pos + 2], "big")
        yield data[pos + 2 : pos + 2 + size]
        pos += 2 + size
