"""One open server-streaming call as an iterator (``Client.live``,
``Client.watch_events``).

``close()`` cancels the call on the server. It may come from another thread while one
is blocked reading the stream (a UI closing a tile whose decoder thread waits for the
next message): that read ends the iteration without an error. Any other end of the
call raises the SDK's typed error (``vedette_api.errors``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

import grpc

from vedette_api.client.closing import Closeable
from vedette_api.errors import error_from_rpc

Message = TypeVar("Message")


class ServerStream(Closeable, Generic[Message]):
    """An open server-streaming call: an iterator of its response messages."""

    def __init__(self, call: Any, server: str) -> None:
        self._call = call
        self._server = server
        self._closed = False

    def __iter__(self) -> Iterator[Message]:
        return self

    def __next__(self) -> Message:
        try:
            message: Message = next(self._call)
        except grpc.RpcError as exc:
            if self._closed and exc.code() == grpc.StatusCode.CANCELLED:
                raise StopIteration from None
            raise error_from_rpc(exc, server=self._server) from exc
        return message

    def close(self) -> None:
        """Cancel the call (idempotent)."""
        if not self._closed:
            self._closed = True
            self._call.cancel()
