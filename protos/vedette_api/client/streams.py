"""The one way the SDK names a camera's stream: ``"main"`` or ``"sub"``.

Every method of ``Client`` that takes a stream (``get_timeline``,
``list_recording_days``, ``export_recording``, ``export_to_file``,
``create_export_task``, the thumbnails, ``live``, ``playback``, the tiles of
``save_view``) takes a ``StreamName``, and ``stream_proto`` is the one conversion to
the protobuf value. The protobuf value itself (``common_pb2.STREAM_SUB``, or a
``ViewTile.stream`` read back from the server) is still accepted (``StreamArg``) and
passed on as it is, for code written before the names.
"""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

from vedette_api.errors import InvalidArgument
from vedette_api.v1 import common_pb2

StreamName: TypeAlias = Literal["main", "sub"]
#: What the SDK's methods take: a name, or the protobuf value.
StreamArg: TypeAlias = StreamName | common_pb2.Stream
STREAMS: Final[dict[str, common_pb2.Stream]] = {
    "main": common_pb2.STREAM_MAIN,
    "sub": common_pb2.STREAM_SUB,
}


def stream_proto(stream: StreamArg | None) -> common_pb2.Stream:
    """The protobuf value of ``stream``; ``None`` is ``STREAM_UNSPECIFIED`` (where a
    method lets the server choose). ``InvalidArgument`` for another name."""
    if stream is None:
        return common_pb2.STREAM_UNSPECIFIED
    if isinstance(stream, str):
        if stream not in STREAMS:
            raise InvalidArgument(f"stream {stream!r}: 'main' or 'sub'")
        return STREAMS[stream]
    return stream
