"""Feeding a depacketizer as the native source does: packets in a shared receive
buffer, ``push(view, start, end)`` per packet, ``settle`` before the buffer is reused."""

from __future__ import annotations

from collections.abc import Callable

from fuzz_harnesses._split import packets
from vedette_server.rtsp.depacketize import AccessUnit, Depacketizer

_FILL_PACKETS = 4  # packets per simulated recv(); the buffer is scribbled over after each


def depacketize(
    data: bytes, payload_type: int, make: Callable[[list[AccessUnit]], Depacketizer]
) -> list[AccessUnit]:
    """The access units of the packets in ``data`` (see ``_split.packets``). An odd first
    byte keeps each packet's payload type as it is; even sets it to ``payload_type``,
    so most inputs reach the payload parsers."""
    out: list[AccessUnit] = []
    if not data:
        return out
    unpacker = make(out)
    force_type = data[0] % 2 == 0
    items = list(packets(data[1:]))
    for group in range(0, len(items), _FILL_PACKETS):
        buffer = bytearray()
        spans = []
        for packet in items[group : group + _FILL_PACKETS]:
            start = len(buffer) + 4
            buffer += b"$\x00" + len(packet).to_bytes(2, "big") + packet
            if force_type and len(packet) >= 2:
                buffer[start + 1] = (packet[1] & 0x80) | payload_type
            spans.append((start, len(buffer)))
        view = memoryview(buffer)
        for start, end in spans:
            unpacker.push(view, start, end)
        unpacker.settle()
        view.release()
        buffer[:] = b"\xaa" * len(buffer)  # a kept slice would now read garbage
    unpacker.flush()
    return out
