"""Failed-login throttling (USER-07): too many failures lock an account and an address
for a while, never for good.

Failures are counted per account name (lower-cased, known or not, so probing names
is throttled too) and per source address. ``max_failures`` failures within
``lockout_s`` start a lockout of ``lockout_s`` for that key; while it lasts, logins
for the key are refused before any password is checked. A success clears the
account's count (not the address's: one right password must not reset an attacker's
address).

Invariants:
- Time comes from the injected monotonic ``clock``, so tests drive it without sleeping.
- A lockout always ends: nothing here is permanent, and a restart forgets it all.
- Memory is bounded: at most ``max_keys`` keys are tracked; the stalest go first.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lockout:
    """A lockout that has just started."""

    kind: str  # "account" or "address"
    key: str
    failures: int
    until_s: float


@dataclass
class _Track:
    failures: deque[float] = field(default_factory=deque)
    locked_until_s: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        *,
        max_failures: int = 5,
        lockout_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self._clock = clock
        self._max_keys = max_keys
        self._tracks: OrderedDict[tuple[str, str], _Track] = OrderedDict()

    def configure(self, *, max_failures: int, lockout_s: float) -> None:
        self.max_failures = max_failures
        self.lockout_s = lockout_s

    def _track(self, kind: str, key: str, create: bool) -> _Track | None:
        track = self._tracks.get((kind, key))
        if track is None and create:
            track = _Track()
            self._tracks[(kind, key)] = track
            while len(self._tracks) > self._max_keys:
                self._tracks.popitem(last=False)
        if track is not None:
            self._tracks.move_to_end((kind, key))
        return track

    def retry_after_s(self, account: str, address: str) -> float:
        """Seconds until a login for (account, address) may be tried; 0 if now."""
        now = self._clock()
        wait = 0.0
        for kind, key in (("account", account.lower()), ("address", address)):
            track = self._tracks.get((kind, key))
            if track is not None and track.locked_until_s > now:
                wait = max(wait, track.locked_until_s - now)
        return wait

    def failed(self, account: str, address: str) -> list[Lockout]:
        """Count a failure; returns the lockouts this failure started (0, 1 or 2)."""
        now = self._clock()
        started = []
        for kind, key in (("account", account.lower()), ("address", address)):
            track = self._track(kind, key, create=True)
            assert track is not None
            if track.locked_until_s > now:
                continue
            failures = track.failures
            failures.append(now)
            while failures and failures[0] <= now - self.lockout_s:
                failures.popleft()
            if len(failures) >= self.max_failures:
                track.locked_until_s = now + self.lockout_s
                started.append(Lockout(kind, key, len(failures), track.locked_until_s))
                failures.clear()
        return started

    def succeeded(self, account: str) -> None:
        self._tracks.pop(("account", account.lower()), None)

    def locked(self) -> list[tuple[str, str, float]]:
        """(kind, key, seconds left) of every lockout in force."""
        now = self._clock()
        return [
            (kind, key, track.locked_until_s - now)
            for (kind, key), track in self._tracks.items()
            if track.locked_until_s > now
        ]
