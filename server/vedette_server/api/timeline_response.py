"""``GetTimelineResponse`` from the catalog's spans, without a message per run each time.

A day of 64 cameras is about 3 000 runs, and a protobuf message per run (two
Timestamps, a list of reasons) cost more than the query (bench/timeline.py, issue
12: ~7 ms of Python per call). The response is therefore put together from encoded
pieces, which are kept, keyed by what they encode:

- each camera's runs but its first and last, encoded as one piece (the repeated
  ``runs`` field of ``CameraTimeline`` is its records back to back);
- its first and last run, each on its own: they are the ones that change when a
  window moves (clipped at its ends) or a camera records now (its last run ends "now").

Asking again for the same recording, or for a window moved a little, which a console
does whenever it redraws or scrolls, then joins stored bytes and parses the response
once, in C.

Invariants:
- The response is the message the per-run construction gives, byte for byte
  (fields in number order, proto3 defaults left out), whatever was stored before:
  a piece is found only under the very runs it encodes, so nothing is ever stale and
  there is nothing to invalidate.
- About ``MAX_STORED_BYTES`` at most are kept (pieces, their keys and Python's
  objects, estimated), least recently used first out: 32 MiB hold about 180 000
  runs, 4 000 camera-days of bench/timeline.py's recording.
- Not thread-safe: one instance belongs to the catalog thread.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Final

from vedette_api.timestamps import US_PER_S
from vedette_api.v1 import search_pb2
from vedette_server.api.convert import REASONS_OF_MASK
from vedette_server.catalog.timeline import Span

MAX_STORED_BYTES: Final = 32 << 20
_TIMELINES_TAG: Final = b"\x0a"  # GetTimelineResponse.timelines: field 1, length-delimited
_CAMERA_ID_TAG: Final = b"\x08"  # CameraTimeline.camera_id: field 1, varint
#: Memory of a span in a key, and of the objects around a stored piece, about.
_SPAN_BYTES: Final = 160
_OBJECT_BYTES: Final = 200


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def camera_timeline(camera_id: int, spans: Sequence[Span]) -> search_pb2.CameraTimeline:
    """One camera's entry, built field by field (the fields are set directly:
    ``Timestamp.FromMicroseconds`` is a Python method with checks, 30 % of the
    building; the instants come from validated requests and the catalog)."""
    entry = search_pb2.CameraTimeline(camera_id=camera_id)
    add = entry.runs.add
    for start_us, end_us, reasons in spans:
        run = add()
        start = run.start_time
        start.seconds, micros = divmod(start_us, US_PER_S)
        start.nanos = micros * 1000
        end = run.end_time
        end.seconds, micros = divmod(end_us, US_PER_S)
        end.nanos = micros * 1000
        if reasons:
            run.record_reasons.extend(REASONS_OF_MASK[reasons])
    return entry


class TimelineResponses:
    """Builds responses from stored pieces (see the module docstring)."""

    def __init__(self, max_stored_bytes: int = MAX_STORED_BYTES) -> None:
        # A span (a first or last run), or a middle's spans -> their encoded runs.
        self._stored: OrderedDict[Span | tuple[Span, ...], bytes] = OrderedDict()
        self._stored_bytes = 0
        self._max_stored_bytes = max_stored_bytes

    @property
    def stored_bytes(self) -> int:
        return self._stored_bytes

    def response(
        self, camera_ids: Sequence[int], spans: Mapping[int, Sequence[Span]]
    ) -> search_pb2.GetTimelineResponse:
        """One timeline per camera of ``camera_ids``, in that order (none: no runs)."""
        return search_pb2.GetTimelineResponse.FromString(
            b"".join([self._entry(camera_id, spans.get(camera_id, ())) for camera_id in camera_ids])
        )

    def _entry(self, camera_id: int, spans: Sequence[Span]) -> bytes:
        """``timelines`` field record of one camera."""
        body = [_CAMERA_ID_TAG + _varint(camera_id)] if camera_id else []
        if spans:
            body.append(self._runs(spans[0], spans[:1]))
        if len(spans) > 2:
            middle = tuple(spans[1:-1])
            body.append(self._runs(middle, middle))
        if len(spans) > 1:
            body.append(self._runs(spans[-1], spans[-1:]))
        entry = b"".join(body)
        return _TIMELINES_TAG + _varint(len(entry)) + entry

    def _runs(self, key: Span | tuple[Span, ...], spans: Sequence[Span]) -> bytes:
        """The ``runs`` records of ``spans``: one span, keyed by itself, or a middle,
        keyed by the tuple of its spans."""
        stored = self._stored.get(key)
        if stored is not None:
            self._stored.move_to_end(key)
            return stored
        stored = camera_timeline(0, spans).SerializeToString()  # no camera id: runs only
        self._stored[key] = stored
        self._stored_bytes += _size(key, stored)
        while self._stored_bytes > self._max_stored_bytes:
            dropped_key, dropped = self._stored.popitem(last=False)
            self._stored_bytes -= _size(dropped_key, dropped)
        return stored


def _size(key: Span | tuple[Span, ...], stored: bytes) -> int:
    """What a stored piece costs in memory, about: its bytes, its key's spans (a tuple of
    three integers is ~160 bytes) and the objects around them."""
    spans = len(key) if isinstance(key[0], tuple) else 1
    return len(stored) + spans * _SPAN_BYTES + _OBJECT_BYTES
