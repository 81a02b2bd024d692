"""The console's connection to one server: every gRPC call runs off the UI thread,
and the session keeps itself signed in and up to date.

Views never call ``vedette_api.Client`` themselves. They run named operations
(``vedette_console.operations``) on a ``Session``: ``call(work, on_done, on_error)``
runs ``work(client)`` on a worker thread of the session's pool, typed by what it
returns, and delivers the result (or the error) back on the UI thread through a
queued Qt signal. A slow or dead server only delays answers: the UI keeps
painting and reacting.

Once ``watch()`` is called (the main window does at sign-in) the session also:
- reads the server's change feed (``change_feed.ChangeFeed``) and re-emits it as
  ``changed(kind, ids)``: the one way views learn that something changed;
- loads the server's display settings (``settings``: time zone, formats, language,
  idle logout) and reloads them when the feed says they changed;
- keeps the session alive (``session_lifetime.SessionLifetime``): renewal before
  the token expires, signing in again by itself after a server restart, and
  ``signed_out(reason)`` when the server ended the session (the idle logout).

Invariants:
- Callbacks run on the thread that owns the ``Session`` (the UI thread), never on
  a worker; a callback whose ``owner`` QObject was destroyed meanwhile is not run.
- An error no callback takes is shown once, one way: a warning over the owner's
  window for what the operator asked (``failures.show_failure``), the status bar
  (``call_failed``) for what the console did by itself.
- Calls marked ``background`` carry ``x-vedette-activity: background``: the server
  does not count them as the operator's activity. Every other call does, and is
  noted in ``last_activity_s`` (the session's idle time is told apart from here).
- The password given at sign-in is kept in memory for this session only (to sign
  in again after a server restart), never written (``credentials`` stores it in
  the keychain only when the operator chose "remember").
- ``connect_to`` also runs off the UI thread (pinning the certificate opens a TLS
  connection, logging in is an RPC). Streams (live, playback) are iterated on their
  consumers' threads, never on this pool, so a long stream never starves calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from vedette_api.client import Client
from vedette_api.errors import Unauthenticated, Unavailable, VedetteError
from vedette_api.v1 import alarms_pb2
from vedette_console.background import OnDone, OnError, TaskRunner
from vedette_console.connect import ConnectSettings
from vedette_console.failures import error_text, show_failure

if TYPE_CHECKING:
    from vedette_console.site import SiteSignIn

T = TypeVar("T")

#: Worker threads for short calls: enough that one slow call does not hold up the rest.
POOL_THREADS = 6


class ServerClock:
    """The server's wall clock as this console sees it: the PC's clock plus the
    offset the server's last feed message showed (a PC clock minutes off must not
    make the console renew its session too late)."""

    def __init__(self, local: Callable[[], float] = time.time) -> None:
        self._local = local
        self.offset_s = 0.0

    def note(self, server_time_s: float) -> None:
        self.offset_s = server_time_s - self._local()

    def __call__(self) -> float:
        return self._local() + self.offset_s


class Session(QObject):
    """One signed-in server, or the attempt to sign in to it.

    Signals: ``connected(Client)`` (a sign-in asked for), ``connect_failed(Exception)``,
    ``reconnected(Client)`` (signed in again by itself), ``signed_out(reason)`` (the
    server ended the session), ``changed(kind, ids)`` (the change feed),
    ``settings_changed(ConsoleSettings)``, ``busy_changed(int)`` and
    ``call_failed(str)`` (an error of background work nobody handled).
    """

    connected = Signal(object)
    connect_failed = Signal(object)
    reconnected = Signal(object)
    signed_out = Signal(str)
    changed = Signal(int, object)
    settings_changed = Signal(object)
    busy_changed = Signal(int)
    call_failed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        threads: int = POOL_THREADS,
        clock: Callable[[], float] | None = None,
    ) -> None:
        from vedette_console.change_feed import ChangeFeed
        from vedette_console.operations.settings import ConsoleSettings
        from vedette_console.session_lifetime import SessionLifetime

        super().__init__(parent)
        #: The session's worker pool (its calls, its own sign-ins and renewals).
        self.runner = TaskRunner(self, threads=threads, name="vedette-rpc")
        self.runner.busy_changed.connect(self.busy_changed)
        self._client: Client | None = None
        self._background_client: Client | None = None
        self._closed = False
        #: What the operator signed in with (None for an adopted client).
        self.credentials: ConnectSettings | None = None
        #: The site sign-in, when the address given was a site directory (this
        #: session is then on its first member server; ``MainWindow`` opens the rest).
        self.site: SiteSignIn | None = None
        self._server_clock = ServerClock()
        self._clock_given = clock is not None
        #: The server's wall clock, in seconds (renewal and idle time are measured on it).
        self.clock: Callable[[], float] = clock if clock is not None else self._server_clock
        #: When the operator last asked the server something (``clock`` seconds).
        self.last_activity_s = self.clock()
        #: The server's display settings (the PC's zone until they are loaded).
        self.settings = ConsoleSettings()
        self.watching = False
        self.feed = ChangeFeed(self)
        self.feed.changed.connect(self._on_feed_change)
        self.feed.subscribed.connect(self._on_subscribed)
        self.feed.lost.connect(self._on_feed_lost)
        self._feed_was_live = False
        self.feed.server_time.connect(self._note_server_time)
        self.lifetime = SessionLifetime(self, self)

    # -- state -------------------------------------------------------------------------

    @property
    def client(self) -> Client | None:
        """The signed-in client (for streams run on their own threads), or None."""
        return self._client

    @property
    def server(self) -> str:
        return "" if self._client is None else self._client.server

    # -- connecting ------------------------------------------------------------------

    def connect_to(self, settings: ConnectSettings) -> None:
        """Sign in off the UI thread; ``connected`` or ``connect_failed`` follows.
        The settings (with the password) are kept, in memory, to sign in again."""

        from vedette_console.site import SiteSignIn, sign_in_anywhere

        def connected(result: Client | SiteSignIn) -> None:
            if isinstance(result, SiteSignIn):  # a site directory: its first member
                primary = result.primary()
                assert primary is not None and primary.client is not None
                if self.site is not None:  # signed in at the site again
                    self.runner.run_detached(self.site.directory.close)
                self.site = result
                self.credentials = result.member_settings(primary.server)
                client = primary.client
            else:
                self.credentials = replace(settings, trust_new=False)
                client = result
            self._use_client(client)
            self.connected.emit(client)

        self.runner.submit(
            lambda: sign_in_anywhere(settings), connected, self.connect_failed.emit, owner=None
        )

    def adopt(self, client: Client, credentials: ConnectSettings | None = None) -> None:
        """Use an already connected client (tests, the demo)."""
        self.credentials = credentials
        self._use_client(client)

    def _use_client(self, client: Client) -> None:
        if self._closed:
            self.runner.run_detached(client.close)
            return
        old, self._client = self._client, client
        self._background_client = client.background()
        self.last_activity_s = self.clock()
        if old is not None and old is not client:
            self.runner.run_detached(old.close)
        if self.watching:
            self.feed.restart(client)
            self.lifetime.signed_in(client)
            self.load_settings()

    def use_new_sign_in(self, client: Client) -> None:
        """A sign-in the session made by itself (``SessionLifetime``): views restart
        their streams on ``reconnected``."""
        self._use_client(client)
        self.reconnected.emit(client)

    def drop_client(self) -> None:
        """The server ended the session: stop using its token (the feed and renewal
        stop; calls fail with "not signed in" until the next sign-in)."""
        self.feed.stop()
        self.lifetime.stop()
        client, self._client, self._background_client = self._client, None, None
        if client is not None:
            self.runner.run_detached(client.close)

    # -- the feed and the settings -------------------------------------------------------

    def watch(self) -> None:
        """Follow the server's changes and keep the session alive (idempotent)."""
        if self.watching or self._client is None:
            return
        self.watching = True
        self.feed.restart(self._client)
        self.lifetime.signed_in(self._client)
        self.load_settings()

    def load_settings(self) -> None:
        from vedette_console.operations.settings import load_console_settings

        load_console_settings(parent=self).background().success(self._on_settings).failure(
            lambda error: None  # the defaults stay: the PC's zone until the server answers
        ).run(self)

    def _on_settings(self, settings: Any) -> None:
        self.settings = settings
        self.settings_changed.emit(settings)

    def _on_feed_change(self, kind: int, ids: tuple[int, ...]) -> None:
        if kind == alarms_pb2.RESOURCE_KIND_SETTINGS:
            self.load_settings()
        self.changed.emit(kind, ids)

    def _on_subscribed(self) -> None:
        """A (new) subscription is in place: reload every kind once, since changes
        made while there was none were not seen."""
        self._feed_was_live = True
        self._reload_everything()

    def _on_feed_lost(self, error: Exception) -> None:
        """The feed broke: reload once (so views show what is known, or that the
        server is unreachable); the feed subscribes again by itself."""
        if self._feed_was_live and not isinstance(error, Unauthenticated):
            self._feed_was_live = False
            self._reload_everything()

    def _reload_everything(self) -> None:
        for kind in self.feed.kinds:
            self._on_feed_change(kind, ())

    def _note_server_time(self, server_time_s: float) -> None:
        if not self._clock_given:
            self._server_clock.note(server_time_s)

    # -- calls -------------------------------------------------------------------------

    def call(
        self,
        work: Callable[[Client], T],
        on_done: OnDone[T] | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
        background: bool = False,
    ) -> None:
        """Run ``work(client)`` on a worker thread; ``on_done(result)`` or
        ``on_error(exception)`` then runs on the UI thread (unless ``owner`` is gone).
        Without ``on_error``, a failure is shown over ``owner``'s window, or in the
        status bar for ``background`` work (what the console does by itself)."""
        if self._closed:
            return
        client = self._background_client if background else self._client
        if not background:
            self.last_activity_s = self.clock()
        failed = self._failure_handler(on_error, owner, background)
        if client is None:
            # Nothing to ask yet (a view refreshing before sign-in): only a caller
            # that handles errors hears about it.
            if on_error is not None:
                self.runner.fail_now(VedetteError("not signed in"), on_error, owner)
            return
        bound = client
        self.runner.submit(lambda: work(bound), on_done, failed, owner=owner)

    def _failure_handler(
        self, on_error: OnError | None, owner: QObject | None, background: bool
    ) -> OnError:
        def failed(error: Exception) -> None:
            if isinstance(error, Unavailable):
                self.lifetime.connection_lost()
            elif isinstance(error, Unauthenticated):
                self.lifetime.session_ended()
            if on_error is not None:
                on_error(error)
            elif background or owner is None:
                self.call_failed.emit(error_text(error))
            else:
                show_failure(error, owner)

        return failed

    def close(self) -> None:
        """Log out in the background and stop taking calls; does not block the UI."""
        if self._closed:
            return
        self._closed = True
        self.watching = False
        self.feed.stop()
        self.lifetime.stop()
        client, self._client, self._background_client = self._client, None, None
        if client is not None:
            self.runner.run_detached(client.close)
        if self.site is not None:  # sign out at the directory too
            self.runner.run_detached(self.site.directory.close)
        self.runner.close()
