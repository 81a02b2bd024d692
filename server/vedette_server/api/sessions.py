"""Login sessions: opaque bearer tokens with an absolute and an idle expiry (USER-04),
and what each session has open (USER-06).

A session lives ``security.session_lifetime`` from its login or its last renewal
(``renew``: a console on a 24×7 wall keeps its token and its streams), and ends
sooner when it is idle for ``general.auto_logout``: only calls that count as
activity (``validate(touch=True)``) move its idle clock; a renewal does not.

Invariants:
- A token is 256 random bits; only its SHA-256 is kept, so a memory dump of the
  table does not hand out live tokens.
- An expired, idle or ended token is refused and forgotten; ending a session (logout,
  an administrator, a password change, a deleted user) also cancels its open streams.
- Time comes from the injected ``clock`` (wall seconds), so tests drive expiry
  without sleeping. Lifetime and idle time are read at each check, so a settings
  change applies to sessions already open.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from vedette_server.accounts.rights import Scope
from vedette_server.api.user_limits import StreamUsage


@dataclass(eq=False)
class LoginSession:
    user_id: int
    user: str
    peer: str
    scope: Scope
    created_s: float
    expires_s: float
    last_seen_s: float
    #: When the lifetime last started: the login, then each renewal.
    renewed_s: float = 0.0
    renewals: int = 0
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    #: camera id → open streams of each kind, kept by the media services.
    live: Counter[int] = field(default_factory=Counter)
    playback: Counter[int] = field(default_factory=Counter)
    #: Called when the session ends, to cancel its open streams.
    on_end: list[Callable[[], None]] = field(default_factory=list, repr=False)
    #: What the user has open across all their sessions (per-user limits).
    usage: StreamUsage = field(default_factory=StreamUsage, repr=False)
    #: A logged-out live display (LIVE-14, ``api/display_session.py``): the cameras it
    #: may watch live, and nothing else; None for a user's session.
    display: frozenset[int] | None = None
    #: The site directory's session whose site token opened this one (single sign-on,
    #: docs/sites.md); "" for a session opened here. Ends with it.
    site_session: str = ""

    def end(self) -> None:
        callbacks, self.on_end = self.on_end, []
        for callback in callbacks:
            callback()


class SessionTable:
    """In-memory table of login sessions (a restart logs everyone out)."""

    def __init__(
        self,
        *,
        lifetime_s: Callable[[], float] = lambda: 8 * 3600.0,
        idle_s: Callable[[], float] = lambda: 1800.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._lifetime_s = lifetime_s
        self._idle_s = idle_s  # 0 = no idle expiry
        self._clock = clock
        self._sessions: dict[str, LoginSession] = {}
        self._usage: dict[int, StreamUsage] = {}
        #: Renewals since the server started (they are not written to the system log).
        self.renewals = 0

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def create(
        self,
        user_id: int,
        user: str,
        peer: str,
        scope: Scope,
        *,
        display: frozenset[int] | None = None,
    ) -> tuple[str, LoginSession]:
        """``display``: a logged-out live display's cameras (no user behind it)."""
        now = self._clock()
        token = secrets.token_urlsafe(32)
        session = LoginSession(user_id, user, peer, scope, now, now + self._lifetime_s(), now, now)
        session.display = display
        session.usage = self._usage.setdefault(user_id, StreamUsage())
        self._sessions[self._key(token)] = session
        return token, session

    def _expired(self, session: LoginSession, now: float) -> bool:
        idle = self._idle_s()
        if now >= min(session.expires_s, session.renewed_s + self._lifetime_s()):
            return True
        return bool(idle) and now - session.last_seen_s > idle

    def validate(self, token: str, *, touch: bool = True) -> LoginSession | None:
        """The token's live session, or None (an expired one is ended). ``touch``:
        the call counts as activity (it restarts the idle clock); background calls
        and renewals pass False."""
        key = self._key(token)
        session = self._sessions.get(key)
        if session is None:
            return None
        now = self._clock()
        if self._expired(session, now):
            del self._sessions[key]
            session.end()
            return None
        if touch:
            session.last_seen_s = now
        return session

    def renew(self, token: str) -> LoginSession | None:
        """Extend the token's live session to the lifetime from now (not activity:
        the idle clock keeps running); None for an expired, idle or ended one."""
        session = self.validate(token, touch=False)
        if session is None:
            return None
        now = self._clock()
        session.renewed_s = now
        session.expires_s = now + self._lifetime_s()
        session.renewals += 1
        self.renewals += 1
        return session

    def end(self, token: str) -> bool:
        session = self._sessions.pop(self._key(token), None)
        if session is not None:
            session.end()
        return session is not None

    def _end_where(self, condition: Callable[[LoginSession], bool]) -> int:
        keys = [key for key, s in self._sessions.items() if condition(s)]
        for key in keys:
            self._sessions.pop(key).end()
        return len(keys)

    def end_by_id(self, session_id: str) -> bool:
        return self._end_where(lambda s: s.id == session_id) > 0

    def end_for_user(self, user_id: int, *, keep: LoginSession | None = None) -> int:
        """End every session of a user (but ``keep``); returns how many ended."""
        return self._end_where(lambda s: s.user_id == user_id and s is not keep)

    def end_site_sessions(self, site_sessions: set[str]) -> int:
        """End the sessions opened with the site tokens of these directory sessions."""
        return self._end_where(lambda s: bool(s.site_session) and s.site_session in site_sessions)

    def end_displays_other_than(self, cameras: frozenset[int]) -> int:
        """End the live displays whose cameras are no longer ``cameras``."""
        return self._end_where(lambda s: s.display is not None and s.display != cameras)

    def end_all(self, *, keep: LoginSession | None = None) -> int:
        return self._end_where(lambda s: s is not keep)

    def sessions(self) -> list[LoginSession]:
        """The live sessions, oldest first (expired ones are dropped on the way)."""
        now = self._clock()
        self._end_where(lambda s: self._expired(s, now))
        return sorted(self._sessions.values(), key=lambda s: s.created_s)
