"""Failed-login throttling: timings driven by an injected clock, never a sleep."""

from __future__ import annotations

import asyncio
import contextlib
import threading

import pytest

from vedette_server.accounts.login_guard import address_key
from vedette_server.accounts.throttle import LoginThrottle, LoginThrottled
from vedette_server.errors import ResourceExhausted
from vedette_server.security.password_pool import PasswordWork


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


def test_a_spray_of_names_from_many_addresses_does_not_lift_a_lockout() -> None:
    throttle = LoginThrottle(clock=Clock(), max_keys=100)
    for _ in range(5):
        throttle.begin("admin", "10.0.0.1").failed()
    for address in range(40):  # 5 fresh names each: 240 keys more, 40 of them locked
        for index in range(5):
            throttle.begin(f"name{address}-{index}", f"10.1.0.{address}").failed()
    assert len(throttle._tracks) <= 100
    with pytest.raises(LoginThrottled) as refused:
        throttle.begin("admin", "192.0.2.9")
    assert refused.value.locked


def test_no_more_checks_are_admitted_at_once_than_may_still_fail() -> None:
    throttle = LoginThrottle(clock=Clock(), max_failures=5)
    attempts = [throttle.begin("guard", "192.0.2.7") for _ in range(5)]
    with pytest.raises(LoginThrottled) as refused:
        throttle.begin("guard", "192.0.2.7")  # five in flight: a sixth could fail too
    assert not refused.value.locked
    with pytest.raises(LoginThrottled):
        throttle.begin("other", "192.0.2.7")  # the address's checks are in flight too
    assert throttle.begin("other", "198.51.100.1") is not None  # another address, account
    for attempt in attempts[:2]:
        attempt.failed()
    for attempt in attempts[2:]:
        attempt.abandon()  # not checked (busy, cancelled): not counted
    # Two failures so far: three more checks may run, not four.
    more = [throttle.begin("guard", "192.0.2.7") for _ in range(3)]
    with pytest.raises(LoginThrottled):
        throttle.begin("guard", "192.0.2.7")
    locks = [lockout for attempt in more for lockout in attempt.failed()]
    assert {lock.kind for lock in locks} == {"account", "address"}
    with pytest.raises(LoginThrottled) as locked:
        throttle.begin("guard", "192.0.2.7")
    assert locked.value.locked and locked.value.retry_after_s == 300


def test_an_attempt_ends_once_and_a_success_frees_the_account() -> None:
    throttle = LoginThrottle(clock=Clock(), max_failures=2)
    first = throttle.begin("guard", "192.0.2.7")
    first.failed()
    first.failed()  # ending twice counts once
    second = throttle.begin("guard", "192.0.2.7")
    second.succeeded()
    second.failed()
    assert throttle.in_flight("guard", "192.0.2.7") == 0
    assert throttle.retry_after_s("guard", "192.0.2.7") == 0


def test_keys_with_checks_in_flight_are_never_evicted() -> None:
    throttle = LoginThrottle(clock=Clock(), max_keys=10, max_failures=1)
    held = throttle.begin("victim", "192.0.2.7")
    for index in range(100):
        throttle.begin(f"name{index}", f"10.0.{index}.1").abandon()
    with pytest.raises(LoginThrottled):  # the reservation still holds
        throttle.begin("victim", "198.51.100.9")
    held.abandon()


def test_ipv6_clients_are_counted_by_their_slash_64() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert address_key(None) == "local"


def test_the_argon2_pool_refuses_work_beyond_its_bound_until_work_really_ends() -> None:
    async def scenario() -> None:
        pool = PasswordWork(workers=1, max_pending=2)
        release = threading.Event()
        first = asyncio.ensure_future(pool.run(release.wait, 30))
        second = asyncio.ensure_future(pool.run(release.wait, 30))
        await asyncio.sleep(0)
        with pytest.raises(ResourceExhausted):
            await pool.run(lambda: None)
        second.cancel()  # its caller gives up; the queued work is dropped
        with contextlib.suppress(asyncio.CancelledError):
            await second
        for _ in range(100):
            if pool.pending == 1:
                break
            await asyncio.sleep(0.01)
        assert pool.pending == 1
        first.cancel()  # the running check cannot be stopped: its slot stays taken
        with contextlib.suppress(asyncio.CancelledError):
            await first
        assert pool.pending == 1
        release.set()
        for _ in range(1000):
            if pool.pending == 0:
                break
            await asyncio.sleep(0.01)
        assert pool.pending == 0
        assert await pool.run(lambda: 42) == 42
        pool.shutdown()

    asyncio.run(scenario())
