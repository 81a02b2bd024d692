"""Failed-login throttling: timings driven by an injected clock, never a sleep."""

from __future__ import annotations

from vedette_server.accounts.throttle import LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_account_and_the_address_for_five_minutes() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(4):
        assert throttle.failed("Guard", "192.0.2.7") == []
        assert throttle.retry_after_s("guard", "192.0.2.7") == 0
    started = throttle.failed("guard", "192.0.2.7")
    assert {(s.kind, s.key) for s in started} == {("account", "guard"), ("address", "192.0.2.7")}
    assert throttle.retry_after_s("GUARD", "198.51.100.1") == 300  # the account, anywhere
    assert throttle.retry_after_s("other", "192.0.2.7") == 300  # the address, any account
    clock.now += 299.9
    assert 0 < throttle.retry_after_s("guard", "192.0.2.7") < 1
    clock.now += 0.2
    assert throttle.retry_after_s("guard", "192.0.2.7") == 0  # never a permanent lock
    assert throttle.failed("guard", "192.0.2.7") == []  # counting starts afresh


def test_failures_spread_over_more_than_the_window_do_not_lock() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock, max_failures=5, lockout_s=300)
    for _ in range(10):
        assert throttle.failed("guard", "192.0.2.7") == []
        clock.now += 76  # any five failures span 4 × 76 = 304 s, more than 300
    assert throttle.retry_after_s("guard", "192.0.2.7") == 0


def test_a_success_clears_the_account_but_not_the_address() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(4):
        throttle.failed("guard", "192.0.2.7")
    throttle.succeeded("guard")
    started = throttle.failed("guard", "192.0.2.7")  # the address's fifth, the account's first
    assert [s.kind for s in started] == ["address"]
    assert throttle.retry_after_s("guard", "198.51.100.1") == 0


def test_failures_while_locked_are_not_counted_again_and_settings_apply_at_once() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock, max_failures=3, lockout_s=60)
    for _ in range(3):
        throttle.failed("a", "10.0.0.1")
    assert throttle.failed("a", "10.0.0.1") == []
    throttle.configure(max_failures=2, lockout_s=600)
    throttle.failed("b", "10.0.0.2")
    (lockout, *_) = throttle.failed("b", "10.0.0.2")
    assert lockout.until_s == clock.now + 600


def test_memory_stays_bounded_under_a_spray_of_names() -> None:
    throttle = LoginThrottle(clock=Clock(), max_keys=100)
    for index in range(1000):
        throttle.failed(f"name{index}", "10.0.0.9")
    assert len(throttle._tracks) <= 100
