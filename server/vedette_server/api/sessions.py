"""Login sessions: opaque bearer tokens with an absolute and an idle expiry.

Invariants:
- A token is 256 random bits; only its SHA-256 is kept, so a memory dump of the
  table does not hand out live tokens.
- An expired, idle or logged-out token is refused and forgotten.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoginSession:
    user: str
    peer: str
    created_s: float
    expires_s: float
    last_seen_s: float
    id: str = field(default_factory=lambda: secrets.token_hex(8))


class SessionTable:
    """In-memory table of login sessions (a restart logs everyone out)."""

    def __init__(
        self,
        *,
        lifetime_s: float = 8 * 3600.0,
        idle_s: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.lifetime_s = lifetime_s
        self.idle_s = idle_s
        self._clock = clock
        self._sessions: dict[str, LoginSession] = {}

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def create(self, user: str, peer: str) -> tuple[str, LoginSession]:
        now = self._clock()
        token = secrets.token_urlsafe(32)
        session = LoginSession(user, peer, now, now + self.lifetime_s, now)
        self._sessions[self._key(token)] = session
        return token, session

    def validate(self, token: str) -> LoginSession | None:
        key = self._key(token)
        session = self._sessions.get(key)
        if session is None:
            return None
        now = self._clock()
        if now >= session.expires_s or now - session.last_seen_s > self.idle_s:
            del self._sessions[key]
            return None
        session.last_seen_s = now
        return session

    def end(self, token: str) -> bool:
        return self._sessions.pop(self._key(token), None) is not None

    def sessions(self) -> list[LoginSession]:
        return list(self._sessions.values())
