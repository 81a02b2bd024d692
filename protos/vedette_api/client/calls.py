"""What every part of ``Client`` shares: one RPC with the session's token and deadline,
every page of a list, and the fields an update changes.

Each service module of the SDK (``cameras``, ``storage``, ``accounts``, ``search``…)
holds a class of calls built on ``ServiceCalls``; ``Client`` (``session``) inherits
them all and sets the attributes declared here. Every method blocks.

Invariants:
- A call fails only with a ``VedetteError`` (``vedette_api.errors``) naming the
  server; a list is read to its last page, or to ``limit`` items, and a server that
  hands out the same page token twice is an error, not an endless loop.
- An update names exactly the fields given (not ``None``) in its ``update_mask``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import grpc
from google.protobuf import field_mask_pb2
from google.protobuf.message import Message

from vedette_api.errors import InvalidArgument, ServerError, error_from_rpc

#: Items asked for per page; servers send fewer when their own maximum is lower.
PAGE_SIZE = 1000


class ServiceCalls:
    """The base of every part of ``Client``."""

    #: ``host:port`` of the server (``unix:PATH`` for its local socket).
    server: str
    _metadata: tuple[tuple[str, str], ...]
    _timeout_s: float

    def _call(self, method: Callable[..., Any], request: Any, *, min_timeout_s: float = 0.0) -> Any:
        """One unary RPC, with the session's metadata and deadline (at least
        ``min_timeout_s``: calls that wait on a camera)."""
        timeout_s = max(self._timeout_s, min_timeout_s)
        try:
            return method(request, timeout=timeout_s, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise error_from_rpc(exc, server=self.server) from exc

    def _paginate(
        self, method: Callable[..., Any], request: Any, field: str, *, limit: int | None = None
    ) -> Iterator[Any]:
        """The items in ``field`` of every page of a list RPC, at most ``limit`` (None:
        all). ``request`` carries the filters; its ``page_size`` and ``page_token``
        are set here. A generator: each page is asked for when the previous one has
        been read, so stopping early asks for no more."""
        returned = 0
        seen: set[str] = set()
        request.page_token = ""
        while limit is None or returned < limit:
            request.page_size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - returned)
            response = self._call(method, request)
            for item in getattr(response, field):
                yield item
                returned += 1
                if returned == limit:
                    return
            token = response.next_page_token
            if not token:
                return
            if token in seen:
                raise ServerError(f"{self.server} returned the same page token twice")
            seen.add(token)
            request.page_token = token


def apply_changes(
    message: Message, changes: Mapping[str, Any], *, method: str
) -> field_mask_pb2.FieldMask:
    """Set on ``message`` the fields of ``changes`` whose value is not ``None`` (a
    message field is copied) and return the ``update_mask`` naming them, sorted.
    ``InvalidArgument`` naming ``method`` when no field is given or one is unknown."""
    fields = message.DESCRIPTOR.fields_by_name
    given = {name: value for name, value in changes.items() if value is not None}
    if not given:
        raise InvalidArgument(f"{method}: no field to change")
    for name, value in given.items():
        if name not in fields:
            raise InvalidArgument(f"{method}: no field {name!r}; one of {', '.join(fields)}")
        if fields[name].message_type is not None:
            getattr(message, name).CopyFrom(value)
        else:
            setattr(message, name, value)
    return field_mask_pb2.FieldMask(paths=sorted(given))
