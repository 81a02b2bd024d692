"""RTP depacketization (RFC 3550) of the codecs Vedette records: RTP packets → access units.

The receiving twin of ``rtp.py``, for the native RTSP client. Owns:

- H.264, RFC 6184 non-interleaved mode: single NAL unit packets, STAP-A, FU-A
  (STAP-B, MTAP and FU-B belong to the interleaved mode and are counted as
  unsupported and skipped).
- H.265, RFC 7798: single NAL unit packets, aggregation packets (48) and
  fragmentation units (49), with DONL/DOND skipped when ``sprop-max-don-diff`` > 0
  (decoding order is transmission order over TCP). PACI (50) is skipped.
- AAC, RFC 3640 mpeg4-generic (AAC-hbr, AAC-lbr or any ``sizelength`` /
  ``indexlength``): several AUs per packet, or one AU fragmented over packets.
- G.711 PCMU/PCMA, RFC 3551: each packet's samples.

Output: each depacketizer appends tuples ``(track, rtp_timestamp, duration_ticks,
keyframe, data)`` to the ``out`` list it was given, in completion order, so that
tracks sharing one list stay in arrival order. Video ``data`` is one access unit
in Annex B form (4-byte start codes); audio is one raw AAC frame or G.711 samples.

Invariants:
- A video access unit is every NAL unit of consecutive packets with one RTP
  timestamp, closed by the first packet of another timestamp (the marker bit only
  says no more is expected: a late packet of the same timestamp still joins it).
  It is emitted when the next one starts, with ``duration_ticks`` the difference of
  their timestamps (0 when that is negative or absurd), so it is held at most one
  frame; :meth:`VideoDepacketizer.flush` emits the last one with duration 0.
- A sequence gap (``(seq - expected) mod 2**16`` below 2**15) counts the missing
  packets in ``lost_packets`` and drops every access unit it may have damaged: the
  one in progress and the one the next packet belongs to; ``dropped_units``
  counts them. A packet behind the expected number (a duplicate or a late,
  reordered one: TCP never reorders, so nothing waits for it) is counted in
  ``late_packets`` and dropped.
- ``push(view, start, end)`` reads the packet in ``view[start:end]`` and may keep
  slices of ``view`` until :meth:`settle`, which the caller must call before the
  buffer under ``view`` is overwritten; afterwards nothing refers to it.
- Malformed packets never raise: they are counted (``malformed_packets``) and
  dropped, with the access unit they belong to.
"""

from __future__ import annotations

import struct

START_CODE = b"\x00\x00\x00\x01"
_RTP = struct.Struct("!BBHI")
_U16 = struct.Struct("!H")
_MAX_DURATION_TICKS = 1 << 24  # over ~3 min at 90 kHz: a jump, not a frame
_H264_FU_PREFIX = [START_CODE + bytes((i,)) for i in range(256)]

AccessUnit = tuple[int, int, int, bool, bytes]
"""(track, RTP timestamp, duration in RTP ticks (0: unknown), keyframe, data)."""


class Depacketizer:
    """Sequence and header handling shared by every payload format."""

    def __init__(self, track: int, payload_type: int, out: list[AccessUnit]) -> None:
        self.track = track
        self.payload_type = payload_type
        self.out = out
        self.next_seq = -1  # -1: no packet yet
        self.packets = 0
        self.lost_packets = 0
        self.late_packets = 0
        self.dropped_units = 0
        self.malformed_packets = 0
        self.unsupported_packets = 0

    def _header(self, view: memoryview, start: int, end: int) -> tuple[int, int, int, int, bool]:
        """(payload start, payload end, timestamp, gap, marker); start −1 drops the packet.

        ``gap`` is the number of packets missing before this one (0 when none).
        """
        if end - start < 12:
            self.malformed_packets += 1
            return -1, 0, 0, 0, False
        first, second, seq, ts = _RTP.unpack_from(view, start)
        if (second & 0x7F) != self.payload_type:
            return -1, 0, 0, 0, False  # comfort noise, FEC… on the same channel
        payload = start + 12
        if first != 0x80:  # anything but V=2 without padding, extension or CSRC
            if first >> 6 != 2:
                self.malformed_packets += 1
                return -1, 0, 0, 0, False
            payload += 4 * (first & 0x0F)
            if first & 0x10 and payload + 4 <= end:
                payload += 4 + 4 * _U16.unpack_from(view, payload + 2)[0]
            if first & 0x20:
                end -= view[end - 1]
            if payload > end:
                self.malformed_packets += 1
                return -1, 0, 0, 0, False
        gap = 0
        expected = self.next_seq
        if seq != expected and expected >= 0:
            gap = (seq - expected) & 0xFFFF
            if gap >= 0x8000:
                self.late_packets += 1
                return -1, 0, 0, 0, False
            self.lost_packets += gap
        self.next_seq = (seq + 1) & 0xFFFF
        self.packets += 1
        return payload, end, ts, gap, bool(second & 0x80)

    def push(self, view: memoryview, start: int, end: int) -> None:
        """Take the RTP packet in ``view[start:end]``."""
        raise NotImplementedError

    def settle(self) -> None:
        """Copy out whatever still refers to the receive buffer (before it is reused)."""

    def flush(self) -> None:
        """Emit what is complete at the end of the stream."""


class VideoDepacketizer(Depacketizer):
    """Access-unit assembly common to H.264 and H.265; subclasses read payloads."""

    def __init__(self, track: int, payload_type: int, out: list[AccessUnit]) -> None:
        super().__init__(track, payload_type, out)
        self._ts = -1  # timestamp of the unit being assembled; -1: none
        self._parts: list[bytes | memoryview] = []
        self._keyframe = False
        self._discard = False  # the current unit is damaged: skip it to the next timestamp
        self._marked = False  # the current unit's marker came: a gap now cannot cut it
        self._in_fragment = False

    def push(self, view: memoryview, start: int, end: int) -> None:
        payload, end, ts, gap, marker = self._header(view, start, end)
        if payload < 0:
            return
        if gap:
            self._damaged(ts)
            return
        if ts != self._ts:
            self._start(ts)
        if self._discard:
            return
        if payload < end and not self._payload(view, payload, end):
            self.malformed_packets += 1
            self._drop()
            self._discard = True
        elif marker:
            self._marked = True

    def _damaged(self, ts: int) -> None:
        """Packets were lost before this one (of timestamp ``ts``): drop what they cut."""
        self._in_fragment = False
        if ts != self._ts:
            if not self._marked:  # the unit in progress may have lost its end
                self._drop()
            self._start(ts)
        elif self._discard:
            return
        self._parts = []
        self._discard = True
        self.dropped_units += 1

    def _drop(self) -> None:
        if self._parts:
            self._parts = []
            self.dropped_units += 1

    def _start(self, ts: int) -> None:
        """A packet of a new timestamp: the previous unit is complete."""
        parts = self._parts
        if parts:
            data = parts[0] if len(parts) == 1 else b"".join(parts)
            duration = (ts - self._ts) & 0xFFFFFFFF
            if duration >= _MAX_DURATION_TICKS:
                duration = 0
            self.out.append((self.track, self._ts, duration, self._keyframe, bytes(data)))
            self._parts = []
        self._ts = ts
        self._keyframe = False
        self._discard = False
        self._marked = False
        self._in_fragment = False

    def settle(self) -> None:
        parts = self._parts
        if len(parts) > 1 or (parts and not isinstance(parts[0], bytes)):
            self._parts = [b"".join(parts)]

    def flush(self) -> None:
        if self._parts:
            self._start(self._ts)  # duration 0: nothing follows

    def _payload(self, view: memoryview, start: int, end: int) -> bool:
        """Add the payload's NAL units to the unit; False when malformed."""
        raise NotImplementedError


class H264Depacketizer(VideoDepacketizer):
    """RFC 6184 single NAL unit packets, STAP-A and FU-A."""

    def _payload(self, view: memoryview, start: int, end: int) -> bool:
        header = view[start]
        nal_type = header & 0x1F
        parts = self._parts
        if nal_type == 28:  # FU-A
            if end - start < 3:
                return False
            fu = view[start + 1]
            if fu & 0x80:  # start
                if fu & 0x1F == 5:
                    self._keyframe = True
                parts.append(_H264_FU_PREFIX[(header & 0xE0) | (fu & 0x1F)])
                self._in_fragment = not fu & 0x40
            elif not self._in_fragment:
                return False  # a fragment without its start
            elif fu & 0x40:
                self._in_fragment = False
            parts.append(view[start + 2 : end])
            return True
        self._in_fragment = False
        if 1 <= nal_type <= 23:
            if nal_type == 5:
                self._keyframe = True
            parts.append(START_CODE)
            parts.append(view[start:end])
            return True
        if nal_type == 24:  # STAP-A
            return self._aggregate(view, start + 1, end)
        self.unsupported_packets += 1
        return True  # interleaved-mode or reserved types: skipped, not damage

    def _aggregate(self, view: memoryview, pos: int, end: int) -> bool:
        parts = self._parts
        while pos + 2 < end:
            size = _U16.unpack_from(view, pos)[0]
            pos += 2
            if size == 0 or pos + size > end:
                return False
            if view[pos] & 0x1F == 5:
                self._keyframe = True
            parts.append(START_CODE)
            parts.append(view[pos : pos + size])
            pos += size
        return pos == end


class H265Depacketizer(VideoDepacketizer):
    """RFC 7798 single NAL unit packets, aggregation packets and fragmentation units."""

    def __init__(
        self, track: int, payload_type: int, out: list[AccessUnit], *, donl: bool = False
    ) -> None:
        super().__init__(track, payload_type, out)
        self.donl = 2 if donl else 0  # sprop-max-don-diff > 0: DONL fields are present
        self._fu_prefix: dict[int, bytes] = {}

    def _payload(self, view: memoryview, start: int, end: int) -> bool:
        if end - start < 3:
            return False
        header0 = view[start]
        nal_type = (header0 >> 1) & 0x3F
        parts = self._parts
        donl = self.donl
        if nal_type == 49:  # FU
            fu = view[start + 2]
            fu_type = fu & 0x3F
            body = start + 3
            if fu & 0x80:
                if 16 <= fu_type <= 21:
                    self._keyframe = True
                key = ((header0 & 0x81) | (fu_type << 1)) << 8 | view[start + 1]
                prefix = self._fu_prefix.get(key)
                if prefix is None:
                    prefix = self._fu_prefix[key] = START_CODE + key.to_bytes(2, "big")
                parts.append(prefix)
                body += donl
                self._in_fragment = not fu & 0x40
            elif not self._in_fragment:
                return False
            elif fu & 0x40:
                self._in_fragment = False
            if body > end:
                return False
            parts.append(view[body:end])
            return True
        self._in_fragment = False
        if nal_type < 48:
            if 16 <= nal_type <= 21:
                self._keyframe = True
            parts.append(START_CODE)
            if donl:
                if start + 2 + donl > end:
                    return False
                parts.append(view[start : start + 2])
                parts.append(view[start + 2 + donl : end])
            else:
                parts.append(view[start:end])
            return True
        if nal_type == 48:
            return self._aggregate(view, start + 2, end)
        self.unsupported_packets += 1
        return True  # PACI and reserved types: skipped

    def _aggregate(self, view: memoryview, pos: int, end: int) -> bool:
        parts = self._parts
        pos += self.donl  # DONL of the first unit
        first = True
        while pos + 2 < end:
            if not first and self.donl:
                pos += 1  # DOND
            first = False
            size = _U16.unpack_from(view, pos)[0]
            pos += 2
            if size < 2 or pos + size > end:
                return False
            if 16 <= (view[pos] >> 1) & 0x3F <= 21:
                self._keyframe = True
            parts.append(START_CODE)
            parts.append(view[pos : pos + size])
            pos += size
        return pos == end


class AacDepacketizer(Depacketizer):
    """RFC 3640 mpeg4-generic: AU-headers, several AUs per packet or one fragmented AU."""

    def __init__(
        self,
        track: int,
        payload_type: int,
        out: list[AccessUnit],
        *,
        size_length: int = 13,
        index_length: int = 3,
        index_delta_length: int = 3,
        frame_samples: int = 1024,
    ) -> None:
        super().__init__(track, payload_type, out)
        if not 1 <= size_length <= 16 or index_length < 0 or index_delta_length < 0:
            raise ValueError(
                f"AU-header lengths size={size_length} index={index_length} "
                f"delta={index_delta_length} are not supported"
            )
        self.size_length = size_length
        self.index_length = index_length
        self.index_delta_length = index_delta_length
        self.frame_samples = frame_samples
        self._fragment: list[bytes] = []
        self._fragment_size = 0
        self._fragment_got = 0
        self._fragment_ts = -1

    def push(self, view: memoryview, start: int, end: int) -> None:
        payload, end, ts, gap, marker = self._header(view, start, end)
        if payload < 0:
            return
        if gap and self._fragment:
            self._fragment = []
            self.dropped_units += 1
        found = self._au_sizes(view, payload, end)
        if found is None:
            self.malformed_packets += 1
            self._fragment = []
            return
        pos, sizes = found
        out, track, samples = self.out, self.track, self.frame_samples
        if len(sizes) == 1 and pos + sizes[0] > end:
            self._fragmented(view, pos, end, ts, sizes[0], marker)
            return
        if self._fragment:  # a fragmented AU whose last part never came
            self._fragment = []
            self.dropped_units += 1
        for size in sizes:
            if pos + size > end:
                self.malformed_packets += 1
                return
            out.append((track, ts, samples, True, bytes(view[pos : pos + size])))
            ts = (ts + samples) & 0xFFFFFFFF
            pos += size

    def _fragmented(
        self, view: memoryview, pos: int, end: int, ts: int, size: int, marker: bool
    ) -> None:
        """One fragment of an AU larger than a packet (each repeats the AU's header)."""
        if self._fragment and (ts != self._fragment_ts or size != self._fragment_size):
            self._fragment = []
            self.dropped_units += 1
        if not self._fragment:
            self._fragment_ts, self._fragment_size, self._fragment_got = ts, size, 0
        self._fragment.append(bytes(view[pos:end]))
        self._fragment_got += end - pos
        if self._fragment_got >= size or marker:
            parts, self._fragment = self._fragment, []
            if self._fragment_got == size:
                self.out.append((self.track, ts, self.frame_samples, True, b"".join(parts)))
            else:
                self.malformed_packets += 1
                self.dropped_units += 1

    def _au_sizes(self, view: memoryview, pos: int, end: int) -> tuple[int, list[int]] | None:
        """(first AU's offset, AU sizes) from the AU-header section; None if malformed."""
        if pos + 2 > end:
            return None
        header_bits = _U16.unpack_from(view, pos)[0]
        pos += 2
        header_bytes = (header_bits + 7) // 8
        if header_bits == 0 or pos + header_bytes > end:
            return None
        section = int.from_bytes(view[pos : pos + header_bytes], "big")
        left = 8 * header_bytes
        consumed = 0
        sizes = []
        index_bits = self.index_length
        while header_bits - consumed >= self.size_length + index_bits:
            left -= self.size_length
            sizes.append((section >> left) & ((1 << self.size_length) - 1))
            left -= index_bits
            consumed += self.size_length + index_bits
            index_bits = self.index_delta_length
        if not sizes:
            return None
        return pos + header_bytes, sizes

    def flush(self) -> None:
        self._fragment = []


class G711Depacketizer(Depacketizer):
    """RFC 3551 PCMU/PCMA: each packet's samples are one audio packet."""

    def __init__(
        self, track: int, payload_type: int, out: list[AccessUnit], *, channels: int = 1
    ) -> None:
        super().__init__(track, payload_type, out)
        self.channels = max(1, channels)

    def push(self, view: memoryview, start: int, end: int) -> None:
        payload, end, ts, _, _ = self._header(view, start, end)
        if payload < 0 or payload >= end:
            return
        data = bytes(view[payload:end])
        self.out.append((self.track, ts, len(data) // self.channels, True, data))
