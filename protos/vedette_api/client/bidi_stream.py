"""One open bidirectional call as an object (``Client.playback``,
``Client.ptz_control``): requests go through a queue the call's request iterator
drains, responses come out as an iterator.

``close()`` cancels the call (a read blocked in another thread then ends the
iteration without an error); ``_half_close()`` ends the request side and lets the
server finish its answers. After either, queuing a request raises InvalidArgument.
Any other end of the call raises the SDK's typed error (``vedette_api.errors``).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, Self, TypeVar

import grpc

from vedette_api.client.closing import Closeable
from vedette_api.errors import InvalidArgument, error_from_rpc

Request = TypeVar("Request")
Response = TypeVar("Response")


class BidiStream(Closeable, Generic[Request, Response]):
    """An open bidirectional call; subclasses name its requests."""

    #: What queuing a request after the end says.
    closed_message = "the stream is closed"

    def __init__(
        self, open_call: Callable[[Iterator[Request]], Any], first: Request, *, server: str
    ) -> None:
        self._server = server
        self._requests: queue.Queue[Request | None] = queue.Queue()
        self._requests.put(first)
        self._lock = threading.Lock()
        self._closed = False
        self._half_closed = False
        self._call: Any = open_call(self._outgoing())

    def _outgoing(self) -> Iterator[Request]:
        while True:
            request = self._requests.get()
            if request is None:
                return
            yield request

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Response:
        try:
            response: Response = next(self._call)
        except grpc.RpcError as error:
            if self._closed and error.code() is grpc.StatusCode.CANCELLED:
                raise StopIteration from None
            raise error_from_rpc(error, server=self._server) from error
        return response

    def _enqueue_locked(self, request: Request) -> None:
        """Queue a request; the caller holds ``self._lock``."""
        if self._closed or self._half_closed:
            raise InvalidArgument(self.closed_message)
        self._requests.put(request)

    def _half_close(self) -> None:
        """End the request side (idempotent); the server's answers go on."""
        with self._lock:
            if self._half_closed or self._closed:
                return
            self._half_closed = True
        self._requests.put(None)

    def close(self) -> None:
        """Cancel the call (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._requests.put(None)
        self._call.cancel()
