"""Login sessions: absolute and idle expiry on an injected clock, and ending them."""

from __future__ import annotations

from vedette_server.accounts.rights import Scope
from vedette_server.api.sessions import SessionTable


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def table(clock: Clock, lifetime_s: float = 8 * 3600, idle_s: float = 1800) -> SessionTable:
    return SessionTable(lifetime_s=lambda: lifetime_s, idle_s=lambda: idle_s, clock=clock)


def test_a_token_expires_after_its_lifetime_even_when_active() -> None:
    clock = Clock()
    sessions = table(clock)
    token, _ = sessions.create(1, "admin", "ipv4:127.0.0.1:5", Scope.REMOTE)
    for _ in range(16):
        clock.now += 1799  # never idle for 30 minutes
        assert sessions.validate(token) is not None
    clock.now += 8 * 3600 - 16 * 1799
    assert sessions.validate(token) is None
    assert sessions.validate(token) is None  # forgotten, not revived


def test_an_idle_session_logs_out_and_zero_idle_means_never() -> None:
    clock = Clock()
    sessions = table(clock, idle_s=600)
    token, _ = sessions.create(1, "admin", "p", Scope.LOCAL)
    clock.now += 599
    assert sessions.validate(token) is not None
    clock.now += 601
    assert sessions.validate(token) is None
    forever = table(clock, idle_s=0)
    token, _ = forever.create(1, "admin", "p", Scope.LOCAL)
    clock.now += 7 * 3600
    assert forever.validate(token) is not None


def test_a_shorter_lifetime_setting_applies_to_open_sessions() -> None:
    clock = Clock()
    lifetime = [8 * 3600.0]
    sessions = SessionTable(lifetime_s=lambda: lifetime[0], idle_s=lambda: 0, clock=clock)
    token, _ = sessions.create(1, "admin", "p", Scope.REMOTE)
    clock.now += 3600
    lifetime[0] = 1800.0
    assert sessions.validate(token) is None


def test_ending_sessions_by_token_id_and_user_runs_their_end_callbacks() -> None:
    clock = Clock()
    sessions = table(clock)
    ended: list[str] = []
    tokens = {}
    for user_id, name in ((1, "admin"), (2, "guard"), (2, "guard")):
        token, session = sessions.create(user_id, name, "p", Scope.REMOTE)
        session.on_end.append(lambda s=session: ended.append(s.id))
        tokens[session.id] = token
    guard_ids = [s.id for s in sessions.sessions() if s.user == "guard"]
    keep = next(s for s in sessions.sessions() if s.id == guard_ids[0])
    assert sessions.end_for_user(2, keep=keep) == 1
    assert ended == [guard_ids[1]]
    assert sessions.end_by_id(guard_ids[0])
    assert not sessions.end_by_id(guard_ids[0])
    admin_token = next(t for i, t in tokens.items() if i not in guard_ids)
    assert sessions.end(admin_token) and not sessions.end(admin_token)
    assert sessions.sessions() == [] and len(ended) == 3


def test_tokens_are_random_and_only_their_hash_is_kept() -> None:
    sessions = table(Clock())
    token_a, _ = sessions.create(1, "admin", "p", Scope.REMOTE)
    token_b, _ = sessions.create(1, "admin", "p", Scope.REMOTE)
    assert token_a != token_b and len(token_a) >= 40
    assert token_a not in repr(sessions._sessions)


def test_calls_that_do_not_touch_leave_the_idle_clock_running() -> None:
    clock = Clock()
    sessions = table(clock, idle_s=600)
    token, _ = sessions.create(1, "admin", "p", Scope.REMOTE)
    for _ in range(9):
        clock.now += 60
        assert sessions.validate(token, touch=False) is not None  # background polling
    clock.now += 60
    assert sessions.validate(token) is not None  # the user did something at 600 s
    clock.now += 599
    assert sessions.validate(token, touch=False) is not None
    clock.now += 2
    assert sessions.validate(token, touch=False) is None


def test_a_renewal_extends_the_lifetime_from_now_but_is_no_activity() -> None:
    clock = Clock()
    sessions = table(clock, lifetime_s=3600, idle_s=1800)
    token, session = sessions.create(1, "admin", "p", Scope.REMOTE)
    clock.now += 1000
    assert sessions.validate(token) is not None
    clock.now += 1000
    renewed = sessions.renew(token)
    assert renewed is session and session.expires_s == clock.now + 3600
    assert (session.renewals, sessions.renewals) == (1, 1)
    clock.now += 700
    assert sessions.validate(token) is not None
    clock.now += 900  # the login's lifetime is over, the renewal's is not
    assert sessions.validate(token) is not None
    clock.now += 1801
    assert sessions.renew(token) is None  # idle: refused
    assert sessions.validate(token) is None
    # Renewing every 10 minutes does not keep an unused session alive.
    token, _ = sessions.create(1, "admin", "p", Scope.REMOTE)
    for _ in range(3):
        clock.now += 600
        assert sessions.renew(token) is not None
    clock.now += 1
    assert sessions.validate(token, touch=False) is None


def test_a_renewed_session_still_ends_at_a_lifetime_shortened_since() -> None:
    clock = Clock()
    lifetime = [3600.0]
    sessions = SessionTable(lifetime_s=lambda: lifetime[0], idle_s=lambda: 0, clock=clock)
    token, _ = sessions.create(1, "admin", "p", Scope.REMOTE)
    clock.now += 3000
    assert sessions.renew(token) is not None
    clock.now += 3000  # past the login's lifetime, within the renewal's
    assert sessions.validate(token) is not None
    lifetime[0] = 1800.0
    assert sessions.validate(token) is None
