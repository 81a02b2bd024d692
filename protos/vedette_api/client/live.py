"""Live video in ``vedette_api.Client`` (``MediaService.Live``). Blocking: iterate the
stream on a thread of your own (the console's stream workers do).

    with client.live(camera.id, stream="sub") as live:
        for message in live:          # LiveResponse: start, packet or skipped
            ...

Leaving the ``with`` block (or ``close()``) cancels the call on the server.
``close()`` may come from another thread while one is blocked reading the stream
(a UI closing a tile whose decoder thread waits for the next packet): that read
ends the iteration, without an error.
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.server_stream import ServerStream
from vedette_api.client.streams import StreamArg, stream_proto
from vedette_api.v1 import media_pb2, media_pb2_grpc


class LiveStream(ServerStream[media_pb2.LiveResponse]):
    """An open ``Live`` call: an iterator of ``LiveResponse`` messages."""


class LiveCalls(ServiceCalls):
    _media: media_pb2_grpc.MediaServiceStub

    def live(
        self,
        camera_id: int,
        *,
        stream: StreamArg = "main",
        audio: bool = False,
        timeout_s: float | None = None,
    ) -> LiveStream:
        """Open a camera's live stream (``stream`` "main" or "sub"; ``audio`` needs the
        audio right). The first message is ``start``; packets begin at a keyframe."""
        request = media_pb2.LiveRequest(
            camera_id=camera_id,
            stream=stream_proto(stream),
            audio=audio,
        )
        call = self._media.Live(request, metadata=self._metadata, timeout=timeout_s)
        return LiveStream(call, self.server)
