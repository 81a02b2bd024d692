"""Calls to the alarm services the SDK has no wrappers for yet (``RuleService``,
``NotificationService``, parts of ``AlarmService``): one unary RPC on the client's
channel with its session's token and deadline, failing with the SDK's own
``VedetteError`` like every wrapped call (``ServiceCalls._call``).

When the SDK gains ``list_rules`` and friends, the operations switch to them and
this module goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from vedette_api.client import Client

S = TypeVar("S")


def stub(client: Client, stub_class: Callable[[Any], S]) -> S:
    """A stub of ``stub_class`` on ``client``'s channel."""
    return stub_class(client._channel)


def call(client: Client, method: Callable[..., Any], request: Any) -> Any:
    """``method(request)`` with the session's metadata and deadline; a failure is the
    SDK's ``VedetteError`` naming the server."""
    return client._call(method, request)
