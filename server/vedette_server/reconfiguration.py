"""What the running server does when its configuration changes under it.

- Settings act at once on the parts that hold a copy of them: the login throttle's
  limits and the RTSP re-stream's anonymous access (``apply_settings``).
- After a configuration import or a factory reset (``configuration_replaced``),
  accounts and groups are read again, the settings applied, every session but the
  caller's ended (its user may be gone or hold other rights now), and the ingest
  workers told the new cameras.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.throttle import LoginThrottle
from vedette_server.api import call_context
from vedette_server.api.display_session import display_cameras
from vedette_server.api.sessions import SessionTable
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import Unauthenticated
from vedette_server.listen import RestreamListener
from vedette_server.settings.model import Settings
from vedette_server.settings.store import SettingsStore


class Reconfiguration:
    def __init__(
        self,
        thread: CatalogThread,
        settings: SettingsStore,
        directory: AccountDirectory,
        sessions: SessionTable,
        throttle: LoginThrottle,
        restream: RestreamListener,
        reconfigure_workers: Callable[[], Awaitable[None]],
    ) -> None:
        self.thread = thread
        self.settings = settings
        self.directory = directory
        self.sessions = sessions
        self.throttle = throttle
        self.restream = restream
        self.reconfigure_workers = reconfigure_workers

    def apply_settings(self, settings: Settings) -> None:
        security = settings.security
        self.throttle.configure(
            max_failures=security.max_failed_logins, lockout_s=float(security.lockout_s)
        )
        self.restream.set_anonymous(settings.network.rtsp_anonymous)
        # A logged-out live display shows the cameras it opened with, or ends.
        self.sessions.end_displays_other_than(display_cameras(settings))

    async def settings_changed(self, before: Settings, after: Settings) -> None:
        self.apply_settings(after)

    async def load(self) -> None:
        """At start: the settings and the accounts read, the settings applied."""

        def read() -> None:
            self.settings.load()
            self.directory.reload()

        await self.thread.call(read)
        self.apply_settings(self.settings.current)

    async def configuration_replaced(self) -> None:
        """After an import or a factory reset: accounts, settings and cameras are new."""
        await self.thread.call(self.directory.reload)
        self.apply_settings(self.settings.current)
        try:
            keep = call_context.session()
        except Unauthenticated:
            keep = None
        self.sessions.end_all(keep=keep)
        await self.reconfigure_workers()
