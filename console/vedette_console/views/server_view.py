"""What the main window asks of every view of a server's data (playback, search,
backup, the offline player), and how a view follows its session's changes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Protocol

from vedette_api.v1 import cameras_pb2
from vedette_console.session import Session


class ServerView(Protocol):
    """A view shown in the main window's stack."""

    def set_session(self, session: Session) -> None:
        """Work on another server (the one picked in the tree); its cameras follow
        with ``set_cameras``."""

    def signed_in(self) -> None:
        """The first server is signed in: load what the view shows."""

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        """The cameras of the view's server (after every change of them)."""

    def activate(self) -> None:
        """The view is shown: bring it up to date."""


def follow_session(
    old: Session | None,
    new: Session,
    *,
    changed: Callable[[int, Any], None] | None = None,
    settings: Callable[[Any], None] | None = None,
) -> None:
    """Move a view's handlers of ``Session.changed`` and ``Session.settings_changed``
    from ``old`` to ``new`` (the view switched servers)."""
    if old is new:
        return
    for session, connect in ((old, False), (new, True)):
        if session is None:
            continue
        for signal, handler in ((session.changed, changed), (session.settings_changed, settings)):
            if handler is None:
                continue
            if connect:
                signal.connect(handler)
            else:
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(handler)
