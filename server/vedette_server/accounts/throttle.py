"""Failed-login throttling (USER-07): too many failures lock an account and an address
for a while, never for good; and no more guesses are checked at once than may fail.

Failures are counted per account name (lower-cased, known or not, so probing names
is throttled too) and per source address. ``max_failures`` failures within
``lockout_s`` start a lockout of ``lockout_s`` for that key; while it lasts, logins
for the key are refused before any password is checked. A success clears the
account's count (not the address's: one right password must not reset an attacker's
address).

Every way in that checks a password (gRPC ``Login``, RTSP Basic/Digest, the current
password of ``ChangeMyPassword``) goes through ``begin``, which admits an attempt only
while *failures so far + attempts in flight* stays under ``max_failures`` for both
its account and its address. So however many guesses arrive at once, at most
``max_failures`` are ever verified before the lockout starts: the check and the
reservation are one step (the event loop runs ``begin`` without yielding), not a
check before a slow verification that the next guess can pass too.

Invariants:
- Time comes from the injected monotonic ``clock``, so tests drive it without sleeping.
- A lockout always ends: nothing here is permanent, and a restart forgets it all.
- Memory is bounded: at most ``max_keys`` keys are tracked; the stalest go first,
  never a key with attempts in flight (its reservation must hold), and a locked key
  only once no unlocked one is left to forget (a spray must not lift a lockout).
- An ``Attempt`` ends exactly once (``failed``, ``succeeded`` or ``abandon``);
  ending it again does nothing.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: How long a client refused because enough guesses are already in flight should wait.
IN_FLIGHT_RETRY_S = 1.0


@dataclass(frozen=True)
class Lockout:
    """A lockout that has just started."""

    kind: str  # "account" or "address"
    key: str
    failures: int
    until_s: float


class LoginThrottled(Exception):
    """A login refused before its password was checked: the account or the address is
    locked out, or as many guesses as may still fail are being checked right now."""

    def __init__(self, retry_after_s: float, locked: bool) -> None:
        what = "too many failed logins" if locked else "too many logins in progress"
        super().__init__(f"{what} for this account or address")
        self.retry_after_s = retry_after_s
        self.locked = locked


@dataclass
class _Track:
    failures: deque[float] = field(default_factory=deque)
    locked_until_s: float = 0.0
    in_flight: int = 0


class Attempt:
    """One admitted password check; end it with ``failed``, ``succeeded`` or ``abandon``."""

    __slots__ = ("_ended", "_throttle", "account", "address")

    def __init__(self, throttle: LoginThrottle, account: str, address: str) -> None:
        self._throttle = throttle
        self.account = account
        self.address = address
        self._ended = False

    def _end(self) -> bool:
        if self._ended:
            return False
        self._ended = True
        self._throttle._release(self.account, self.address)
        return True

    def failed(self) -> list[Lockout]:
        """The password was wrong: count it; returns the lockouts it started (0–2)."""
        if not self._end():
            return []
        return self._throttle.failed(self.account, self.address)

    def succeeded(self) -> None:
        if self._end():
            self._throttle.succeeded(self.account)

    def abandon(self) -> None:
        """The check did not finish (cancelled, server busy): count nothing."""
        self._end()


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

    @staticmethod
    def _keys(account: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("account", account.lower()), ("address", address)

    def _track(self, kind: str, key: str) -> _Track:
        track = self._tracks.get((kind, key))
        if track is None:
            track = _Track()
            self._tracks[(kind, key)] = track
            self._evict()
        self._tracks.move_to_end((kind, key))
        return track

    def _evict(self) -> None:
        """Forget the stalest keys that hold nothing back (not locked, no check in
        flight); a lockout goes only when more than ``max_keys`` are held. Before, a
        spray of fresh names from many addresses evicted a locked account's key and
        the account could be guessed again at once."""
        excess = len(self._tracks) - self._max_keys
        if excess <= 0:
            return
        now = self._clock()
        free = [k for k, t in self._tracks.items() if t.in_flight == 0]
        idle = [k for k in free if self._tracks[k].locked_until_s <= now]
        locked = [k for k in free if self._tracks[k].locked_until_s > now]
        for k in [*idle, *locked][:excess]:
            del self._tracks[k]

    def _recent_failures(self, track: _Track, now: float) -> int:
        failures = track.failures
        while failures and failures[0] <= now - self.lockout_s:
            failures.popleft()
        return len(failures)

    def retry_after_s(self, account: str, address: str) -> float:
        """Seconds until a login for (account, address) may be tried; 0 if now."""
        now = self._clock()
        wait = 0.0
        for kind, key in self._keys(account, address):
            track = self._tracks.get((kind, key))
            if track is not None and track.locked_until_s > now:
                wait = max(wait, track.locked_until_s - now)
        return wait

    def begin(self, account: str, address: str) -> Attempt:
        """Admit one password check for (account, address), or raise ``LoginThrottled``.

        Admitted only when neither key is locked and, for both, the failures within
        the window plus the checks in flight stay under ``max_failures``.
        """
        wait = self.retry_after_s(account, address)
        if wait > 0:
            raise LoginThrottled(wait, locked=True)
        now = self._clock()
        tracks = [self._track(kind, key) for kind, key in self._keys(account, address)]
        for track in tracks:
            if self._recent_failures(track, now) + track.in_flight >= self.max_failures:
                raise LoginThrottled(IN_FLIGHT_RETRY_S, locked=False)
        for track in tracks:
            track.in_flight += 1
        return Attempt(self, account, address)

    def _release(self, account: str, address: str) -> None:
        for kind_key in self._keys(account, address):
            track = self._tracks.get(kind_key)
            if track is not None and track.in_flight > 0:
                track.in_flight -= 1

    def in_flight(self, account: str, address: str) -> int:
        """The most checks in flight for either key (for tests and status)."""
        return max(
            (t.in_flight for k in self._keys(account, address) if (t := self._tracks.get(k))),
            default=0,
        )

    def failed(self, account: str, address: str) -> list[Lockout]:
        """Count a failure; returns the lockouts this failure started (0, 1 or 2)."""
        now = self._clock()
        started = []
        for kind, key in self._keys(account, address):
            track = self._track(kind, key)
            if track.locked_until_s > now:
                continue
            track.failures.append(now)
            count = self._recent_failures(track, now)
            if count >= self.max_failures:
                track.locked_until_s = now + self.lockout_s
                started.append(Lockout(kind, key, count, track.locked_until_s))
                track.failures.clear()
        return started

    def succeeded(self, account: str) -> None:
        track = self._tracks.get(("account", account.lower()))
        if track is not None:
            track.failures.clear()
            track.locked_until_s = 0.0
            if track.in_flight == 0:
                del self._tracks[("account", account.lower())]

    def locked(self) -> list[tuple[str, str, float]]:
        """(kind, key, seconds left) of every lockout in force."""
        now = self._clock()
        return [
            (kind, key, track.locked_until_s - now)
            for (kind, key), track in self._tracks.items()
            if track.locked_until_s > now
        ]
