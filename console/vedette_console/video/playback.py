"""One ``MediaService.Playback`` session for several cameras on a shared clock.

The bidirectional stream runs on its own reader thread: control messages (play,
pause, step, seek) are queued from the UI thread into the request iterator; the
responses are dispatched into one ``PacketSource`` per camera, which the tiles'
decoder threads read like a live stream. Clock messages reach the UI through the
``on_clock`` callback (the owner turns it into a queued signal).

A server without the Playback RPC answers UNIMPLEMENTED: every camera's source then
ends with a final note saying playback is not available on this server version.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator

import grpc

from vedette_api.client import Client
from vedette_api.errors import error_from_rpc
from vedette_api.timestamps import timestamp_from_us
from vedette_api.v1 import common_pb2, media_pb2, media_pb2_grpc
from vedette_console.video.sources import (
    DecodeOnlyPacket,
    ReverseGopPacket,
    SourceItem,
    StreamNote,
    StreamStart,
)

PLAYBACK_UNAVAILABLE = "Playback is not available on this server version"
_END = object()


class CameraFeed:
    """The packets of one camera in a playback session (a ``PacketSource``)."""

    def __init__(self, session: PlaybackSession, camera_id: int) -> None:
        self._session = session
        self.camera_id = camera_id
        self._queue: queue.Queue[object] = queue.Queue(maxsize=600)
        self._closed = threading.Event()

    def put(self, item: object) -> None:
        if self._closed.is_set():
            return
        # A full queue means the tile stopped reading; it shows that by itself.
        with contextlib.suppress(queue.Full):
            self._queue.put(item, timeout=2.0)

    def __iter__(self) -> Iterator[SourceItem]:
        while not self._closed.is_set():
            try:
                item = self._queue.get(timeout=0.25)
            except queue.Empty:
                continue
            if item is _END:
                return
            yield item  # type: ignore[misc]

    def close(self) -> None:
        self._closed.set()


class PlaybackSession:
    def __init__(
        self,
        client: Client,
        camera_ids: list[int],
        *,
        start_us: int | None = None,
        ago_seconds: float = 0.0,
        stream: int = common_pb2.STREAM_SUB,
        paused: bool = False,
        audio: bool = False,
        on_clock: Callable[[media_pb2.PlaybackClock], None] | None = None,
    ) -> None:
        self._client = client
        self.camera_ids = list(camera_ids)
        self.feeds = {camera_id: CameraFeed(self, camera_id) for camera_id in camera_ids}
        self._requests: queue.Queue[media_pb2.PlaybackRequest | None] = queue.Queue()
        open_ = media_pb2.PlaybackOpen(
            camera_ids=camera_ids, paused=paused, ago_seconds=ago_seconds, audio=audio
        )
        open_.stream = stream  # type: ignore[assignment]
        if start_us is not None:
            open_.start_time.CopyFrom(timestamp_from_us(start_us))
        self._requests.put(media_pb2.PlaybackRequest(open=open_))
        self._on_clock = on_clock
        self._call: grpc.Future | None = None
        self._closed = threading.Event()
        self.error = ""
        self._thread = threading.Thread(target=self._run, name="playback", daemon=True)

    def start(self) -> None:
        self._thread.start()

    # -- controls (any thread) -------------------------------------------------------

    def _send(self, request: media_pb2.PlaybackRequest) -> None:
        if not self._closed.is_set():
            self._requests.put(request)

    def play(self, speed: float = 1.0, reverse: bool = False) -> None:
        self._send(
            media_pb2.PlaybackRequest(play=media_pb2.PlaybackPlay(speed=speed, reverse=reverse))
        )

    def pause(self) -> None:
        self._send(media_pb2.PlaybackRequest(pause=media_pb2.PlaybackPause()))

    def step(self, frames: int) -> None:
        self._send(media_pb2.PlaybackRequest(step=media_pb2.PlaybackStep(frames=frames)))

    def seek(self, time_us: int) -> None:
        seek = media_pb2.PlaybackSeek(time=timestamp_from_us(time_us))
        self._send(media_pb2.PlaybackRequest(seek=seek))

    def seek_by(self, offset_us: int) -> None:
        self._send(media_pb2.PlaybackRequest(seek=media_pb2.PlaybackSeek(offset_us=offset_us)))

    def close(self) -> None:
        self._closed.set()
        self._requests.put(None)
        if self._call is not None:
            self._call.cancel()
        for feed in self.feeds.values():
            feed.close()

    # -- reader thread -------------------------------------------------------------------

    def _request_iterator(self) -> Iterator[media_pb2.PlaybackRequest]:
        while True:
            request = self._requests.get()
            if request is None:
                return
            yield request

    def _run(self) -> None:
        stub = media_pb2_grpc.MediaServiceStub(self._client.channel)
        try:
            call = stub.Playback(self._request_iterator(), metadata=self._client.metadata)
            self._call = call
            for response in call:
                self._dispatch(response)
            self._end("End of playback")
        except grpc.RpcError as exc:
            if self._closed.is_set():
                return
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                self._end(PLAYBACK_UNAVAILABLE)
            else:
                self._end(str(error_from_rpc(exc, server=self._client.server)).splitlines()[0])

    def _end(self, text: str) -> None:
        self.error = text
        for feed in self.feeds.values():
            feed.put(StreamNote(text, final=True))
            feed.put(_END)

    def _dispatch(self, response: media_pb2.PlaybackResponse) -> None:
        body = response.WhichOneof("body")
        if body == "started":
            for track in response.started.tracks:
                self._track(track)
            if self._on_clock is not None:
                self._on_clock(response.started.clock)
        elif body == "packet":
            feed = self.feeds.get(response.packet.camera_id)
            if feed is not None:
                packet = response.packet
                if packet.reverse_gop:
                    feed.put(ReverseGopPacket(packet.packet))
                elif packet.decode_only:
                    feed.put(DecodeOnlyPacket(packet.packet))
                else:
                    feed.put(packet.packet)
        elif body == "clock":
            if self._on_clock is not None:
                self._on_clock(response.clock)
        elif body == "gap":
            gap = response.gap
            feed = self.feeds.get(gap.camera_id)
            if feed is not None:
                feed.put(StreamNote("No recording here" if gap.to_us else "End of recording"))
        elif body == "codec_changed":
            self._track(response.codec_changed)

    def _track(self, track: media_pb2.PlaybackTrack) -> None:
        if track.video.codec == media_pb2.CODEC_UNSPECIFIED:
            return  # nothing recorded at the start yet: codec_changed comes with the first
        feed = self.feeds.get(track.camera_id)
        if feed is not None:
            audio = track.audio if track.HasField("audio") else None
            feed.put(StreamStart(track.video, audio))
