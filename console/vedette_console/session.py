"""The console's connection to one server: every gRPC call runs off the UI thread.

Views never call ``vedette_api.Client`` themselves. They ask a ``Session`` to run a
function of the client (``session.call(lambda c: c.list_cameras(), on_done)``); the
function runs on a worker thread of the session's pool, and its result (or the
``VedetteError`` it raised) is delivered back on the UI thread, to the callback, by
a queued Qt signal. So a slow or dead server only delays answers: the UI keeps
painting and reacting.

Invariants:
- Callbacks run on the thread that owns the ``Session`` (the UI thread), never on a
  worker; a callback whose ``owner`` QObject was destroyed meanwhile is not run.
- ``Session.connect`` also runs off the UI thread (pinning the certificate opens a
  TLS connection, logging in is an RPC).
- Streams (live, playback, thumbnails) are iterated on their own threads by their
  consumers (``vedette_console.video``), not on this pool, so a long stream never
  starves the short calls.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

from vedette_api.client import Client
from vedette_api.errors import VedetteError

#: Worker threads for short calls: enough that one slow call does not hold up the rest.
POOL_THREADS = 6

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


@dataclass(frozen=True)
class ConnectSettings:
    """What the sign-in dialog collected."""

    address: str
    username: str
    password: str
    known_servers_path: Path | None = None
    trust_new: bool = False
    timeout_s: float = 10.0


@dataclass
class _Pending:
    on_done: Done | None
    on_error: Failed | None
    owner: QObject | None


class _Bridge(QObject):
    """Carries results from worker threads to the UI thread (queued connection)."""

    finished = Signal(int, bool, object)


class Session(QObject):
    """One signed-in server, or the attempt to sign in to it.

    Signals: ``connected(Client)``, ``connect_failed(Exception)``, ``busy_changed(int)``
    (calls in flight) and ``call_failed(str)`` (an error no callback handled).
    """

    connected = Signal(object)
    connect_failed = Signal(object)
    busy_changed = Signal(int)
    call_failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, threads: int = POOL_THREADS) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="vedette-rpc")
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._closed = False

    # -- state -------------------------------------------------------------------------

    @property
    def client(self) -> Client | None:
        """The signed-in client (for streams run on their own threads), or None."""
        return self._client

    @property
    def server(self) -> str:
        return "" if self._client is None else self._client.server

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    # -- connecting ------------------------------------------------------------------

    def connect_to(self, settings: ConnectSettings) -> None:
        """Sign in off the UI thread; ``connected`` or ``connect_failed`` follows."""

        def work(_: Client | None) -> Client:
            return Client.connect(
                settings.address,
                username=settings.username,
                password=settings.password,
                known_servers_path=settings.known_servers_path,
                trust_new=settings.trust_new,
                timeout_s=settings.timeout_s,
            )

        self._submit(work, self._on_connected, self.connect_failed.emit, None, need_client=False)

    def adopt(self, client: Client) -> None:
        """Use an already connected client (tests, the demo)."""
        self._client = client

    def _on_connected(self, client: Client) -> None:
        if self._closed:
            self._pool.submit(client.close)
            return
        old, self._client = self._client, client
        if old is not None:
            self._pool.submit(old.close)
        self.connected.emit(client)

    # -- calls -------------------------------------------------------------------------

    def call(
        self,
        work: Callable[[Client], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work(client)`` on a worker thread; ``on_done(result)`` or
        ``on_error(exception)`` then runs on the UI thread (unless ``owner`` is gone).
        Errors without ``on_error`` are reported by ``call_failed``."""
        self._submit(work, on_done, on_error, owner, need_client=True)

    def run_blocking(
        self,
        work: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work()`` (no client needed: file I/O, a certificate check) off the
        UI thread; callbacks as for ``call``."""
        self._submit(lambda _: work(), on_done, on_error, owner, need_client=False)

    def _submit(
        self,
        work: Callable[[Any], Any],
        on_done: Done | None,
        on_error: Failed | None,
        owner: QObject | None,
        *,
        need_client: bool,
    ) -> None:
        if self._closed:
            return
        call_id = next(self._ids)
        self._pending[call_id] = _Pending(on_done, on_error, owner)
        self.busy_changed.emit(len(self._pending))
        client = self._client
        if need_client and client is None:
            # Nothing to ask yet (a view refreshing before sign-in): only a caller
            # that handles errors hears about it.
            if on_error is None:
                self._pending.pop(call_id)
                self.busy_changed.emit(len(self._pending))
            else:
                self._bridge.finished.emit(call_id, False, VedetteError("not signed in"))
            return

        def run() -> None:
            try:
                result = work(client)
            except Exception as exc:  # delivered to the UI thread, never lost
                self._bridge.finished.emit(call_id, False, exc)
            else:
                self._bridge.finished.emit(call_id, True, result)

        self._pool.submit(run)

    @Slot(int, bool, object)
    def _deliver(self, call_id: int, ok: bool, value: object) -> None:
        pending = self._pending.pop(call_id, None)
        self.busy_changed.emit(len(self._pending))
        if pending is None or self._closed:
            return
        if pending.owner is not None and not isValid(pending.owner):
            return
        if ok:
            if pending.on_done is not None:
                pending.on_done(value)
        elif pending.on_error is not None:
            pending.on_error(value)  # type: ignore[arg-type]
        else:
            self.call_failed.emit(str(value))

    def close(self) -> None:
        """Log out in the background and stop taking calls; does not block the UI."""
        if self._closed:
            return
        self._closed = True
        client, self._client = self._client, None
        if client is not None:
            self._pool.submit(client.close)
        self._pool.shutdown(wait=False, cancel_futures=False)
