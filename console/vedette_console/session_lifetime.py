"""Keeping a console signed in on a 24×7 wall, and letting the idle logout happen.

A server session ends at its expiry (``security.session_lifetime`` after the login
or the last renewal), after ``general.auto_logout`` without the operator's
activity, at a restart (sessions live in the server's memory), or when an
administrator ends it. ``SessionLifetime`` (one per ``Session``) answers each:

- **Expiry:** it renews (``Client.renew_session``, not activity on the server) once
  a quarter of the lifetime is left (at least 15 s, at most 10 min before), on the
  server's clock as the session estimates it (``Session.clock``). The token stays
  the same, so open streams stay open.
- **A server restart:** the feed loses the connection (``Unavailable``), then, once
  the server is back, finds the token unknown (``Unauthenticated``). A session
  that lost its connection before being refused signs in again by itself with the
  credentials the operator gave (held in memory), retrying while the server is
  still starting, and the views restart their streams (``Session.reconnected``).
- **The idle logout:** refused on a connection that never broke, after the
  operator did nothing for ``auto_logout`` (the console's ``last_activity_s``: its
  own background refreshes do not count), the console does not sign in again: it
  emits ``Session.signed_out`` with the reason, and the main window shows the
  sign-in dialog saying why. Any other end (an administrator, a deleted account)
  signs out too, saying the server ended the session.

Invariants:
- Each client is judged once: the calls that fail after the session ended do not
  start a second sign-in.
- Nothing here blocks the UI thread: renewal and sign-in run on the session's pool.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance

from vedette_api.client import Client
from vedette_api.errors import (
    DeadlineExceeded,
    Unauthenticated,
    Unavailable,
    Unimplemented,
    VedetteError,
)
from vedette_console.background import TaskRunner
from vedette_console.change_feed import ChangeFeed
from vedette_console.connect import ConnectSettings, sign_in
from vedette_console.failures import error_text
from vedette_console.operations.settings import ConsoleSettings


class LifetimeHost(Protocol):
    """What the lifetime uses of its session (``session.Session``)."""

    @property
    def clock(self) -> Callable[[], float]: ...
    @property
    def credentials(self) -> ConnectSettings | None: ...
    @property
    def feed(self) -> ChangeFeed: ...
    @property
    def last_activity_s(self) -> float: ...
    @property
    def runner(self) -> TaskRunner: ...
    @property
    def settings(self) -> ConsoleSettings: ...
    @property
    def signed_out(self) -> SignalInstance: ...
    def use_new_sign_in(self, client: Client) -> None: ...
    def drop_client(self) -> None: ...

#: Renew once this share of the lifetime is left...
RENEW_SHARE = 0.25
#: ...but at least this long before expiry, and at most this long.
MIN_MARGIN_S = 15.0
MAX_MARGIN_S = 600.0
#: Waits between attempts to sign in again while the server restarts.
SIGN_IN_RETRY_S: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class SessionLifetime(QObject):
    """Renewal, signing in again, and telling an idle logout apart (see module)."""

    def __init__(self, session: LifetimeHost, parent: QObject, *, check_ms: int = 5000) -> None:
        super().__init__(parent)
        self.session = session
        self._client: Client | None = None
        self._margin_s = MAX_MARGIN_S
        self._renewing = False
        #: Whether the connection broke since the last good answer of the feed.
        self._connection_lost = False
        self._judged: Client | None = None
        self._attempt = 0
        #: How many times the session was renewed, and signed in again (tests, logs).
        self.renewals = 0
        self.sign_ins = 0
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        session.feed.lost.connect(self._on_feed_lost)
        session.feed.subscribed.connect(self._on_feed_subscribed)

    def set_check_interval(self, check_ms: int) -> None:
        self._timer.setInterval(check_ms)

    def signed_in(self, client: Client) -> None:
        """A new client (a sign-in, by the operator or by the session)."""
        self._client = client
        self._judged = None
        self._connection_lost = False
        self._renewing = False
        self._attempt = 0
        self._plan(client)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._client = None

    def _plan(self, client: Client) -> None:
        if client.expire_us:
            lifetime_s = client.expire_us / 1e6 - self.session.clock()
            self._margin_s = min(MAX_MARGIN_S, max(MIN_MARGIN_S, lifetime_s * RENEW_SHARE))

    # -- renewal ---------------------------------------------------------------------------

    def check(self) -> None:
        """Renew when the expiry is near (the timer calls this)."""
        client = self._client
        if client is None or self._renewing or not client.expire_us:
            return
        if self.session.clock() < client.expire_us / 1e6 - self._margin_s:
            return
        self._renewing = True
        self.session.runner.submit(
            client.renew_session,
            lambda _: self._renewed(client),
            lambda error: self._renew_failed(client, error),
            owner=self,
        )

    def _renewed(self, client: Client) -> None:
        self._renewing = False
        if client is self._client:
            self.renewals += 1
            self._plan(client)

    def _renew_failed(self, client: Client, error: Exception) -> None:
        self._renewing = False
        if client is not self._client:
            return
        if isinstance(error, Unauthenticated):
            self.session_ended()
        elif isinstance(error, Unimplemented):
            # A server without renewal: a new sign-in before the token expires.
            self._sign_in_again()
        # Otherwise (the server unreachable for a moment) the next check tries again.

    # -- the end of a session -------------------------------------------------------------

    def connection_lost(self) -> None:
        self._connection_lost = True

    def _on_feed_lost(self, error: Exception) -> None:
        if isinstance(error, Unauthenticated):
            self.session_ended()
        elif not isinstance(error, Unimplemented):
            self.connection_lost()

    def _on_feed_subscribed(self) -> None:
        self._connection_lost = False

    def session_ended(self) -> None:
        """The server refused the token: sign in again, or sign out saying why."""
        client = self._client
        if client is None or self._judged is client:
            return
        self._judged = client
        session = self.session
        idle_s = session.clock() - session.last_activity_s
        auto_logout_s = session.settings.auto_logout_s
        if auto_logout_s and idle_s >= auto_logout_s - max(5.0, auto_logout_s * 0.1):
            minutes = max(1, round(auto_logout_s / 60))
            self._sign_out(
                self.tr(
                    "Signed out after {minutes} min without activity (the server's "
                    "automatic logout). Sign in to go on."
                ).format(minutes=minutes)
            )
        elif session.credentials is not None and (
            self._connection_lost or session.clock() >= client.expire_us / 1e6 > 0
        ):
            self._sign_in_again()
        else:
            self._sign_out(self.tr("Signed out: the server ended this session. Sign in to go on."))

    def _sign_in_again(self) -> None:

        settings = self.session.credentials
        if settings is None:
            self._sign_out(self.tr("The server restarted. Sign in to go on."))
            return
        self._timer.stop()
        self.session.feed.stop()
        self.session.runner.submit(
            lambda: sign_in(settings), self._signed_in_again, self._sign_in_failed, owner=self
        )

    def _signed_in_again(self, client: Client) -> None:
        self.sign_ins += 1
        self.session.use_new_sign_in(client)

    def _sign_in_failed(self, error: Exception) -> None:
        if isinstance(error, Unavailable | DeadlineExceeded):
            wait = SIGN_IN_RETRY_S[min(self._attempt, len(SIGN_IN_RETRY_S) - 1)]
            self._attempt += 1
            QTimer.singleShot(int(wait * 1000), self, self._sign_in_again)
            return
        reason = error_text(error) if isinstance(error, VedetteError) else repr(error)
        self._sign_out(
            self.tr("Could not sign in again after the server restarted: {reason}").format(
                reason=reason
            )
        )

    def _sign_out(self, reason: str) -> None:
        self.session.drop_client()
        self.session.signed_out.emit(reason)
