"""The stop watchdog (ptz/stop_watchdog.py): a Stop that did not get through is sent
again until it does; a later command settles it; a driver opened later pays it first."""

from __future__ import annotations

import asyncio

from vedette_server.ptz.stop_watchdog import StopWatchdog


class Camera:
    """A camera whose first ``failures`` Stops do not get through."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.tried = 0
        self.stopped = asyncio.Event()

    async def stop(self) -> None:
        self.tried += 1
        if self.tried <= self.failures:
            raise OSError("connection refused")
        self.stopped.set()


def test_a_stop_owed_is_sent_again_until_it_gets_through() -> None:
    async def main() -> None:
        watchdog = StopWatchdog(first_retry_s=0.01, max_retry_s=0.04)
        camera = Camera(failures=4)
        watchdog.owe(7, camera.stop, "unreachable")
        assert watchdog.owed(7)
        await asyncio.wait_for(camera.stopped.wait(), 10)
        assert camera.tried == 5
        await asyncio.sleep(0.1)
        assert not watchdog.owed(7) and camera.tried == 5  # nothing after it got through
        await watchdog.aclose()

    asyncio.run(main())


def test_a_later_command_settles_the_debt_and_nothing_more_is_sent() -> None:
    async def main() -> None:
        watchdog = StopWatchdog(first_retry_s=0.05)
        camera = Camera(failures=0)
        watchdog.owe(7, camera.stop, "unreachable")
        watchdog.settle(7)
        await asyncio.sleep(0.2)
        assert camera.tried == 0 and not watchdog.owed(7)

    asyncio.run(main())


def test_a_driver_opened_later_pays_first_and_a_failed_payment_leaves_the_retries() -> None:
    async def main() -> None:
        watchdog = StopWatchdog(first_retry_s=60.0)
        retried = Camera(failures=0)
        watchdog.owe(7, retried.stop, "unreachable")
        still_down = Camera(failures=1)
        await watchdog.pay(7, still_down.stop)  # fails: never raises, still owed
        assert still_down.tried == 1 and watchdog.owed(7)
        back = Camera(failures=0)
        await watchdog.pay(7, back.stop)
        assert back.stopped.is_set() and not watchdog.owed(7)
        await watchdog.pay(7, back.stop)  # nothing owed: nothing sent
        assert back.tried == 1 and retried.tried == 0
        await watchdog.aclose()

    asyncio.run(main())
