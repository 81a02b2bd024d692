"""Log storms are cut short (issue 11): a repeated message passes a few times per
interval, its traceback once, then one line sums up what was suppressed."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from vedette_server.log_limits import MAX_KINDS, RepeatLimitingHandler, limit_repeated_messages


class Clock:
    def __init__(self) -> None:
        self.now_s = 0.0

    def __call__(self) -> float:
        return self.now_s


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def logger(out: io.StringIO, clock: Clock) -> Iterator[logging.Logger]:
    """A logger of its own whose one handler writes to ``out`` through the limiter."""
    target = logging.StreamHandler(out)
    target.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger(f"test_log_limits.{id(out)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(RepeatLimitingHandler(target, burst=3, interval_s=60.0, clock=clock))
    yield logger
    logger.handlers.clear()


def fail(logger: logging.Logger, fd: int, error: type[Exception] = OSError) -> None:
    try:
        raise error(24, "Too many open files")
    except Exception:
        logger.exception("accept failed on fd %d", fd)


def test_a_repeated_message_passes_burst_times_then_is_summed_up(
    logger: logging.Logger, out: io.StringIO, clock: Clock
) -> None:
    for fd in range(1000):
        logger.warning("volume %d could not be checked", fd)
    assert out.getvalue().count("could not be checked") == 3
    clock.now_s += 60.0
    logger.info("housekeeping done")
    lines = out.getvalue().splitlines()
    assert lines[3:] == [
        f"{logger.name} WARNING 997 similar messages suppressed in the last 60 s:"
        " 'volume %d could not be checked'",
        f"{logger.name} INFO housekeeping done",
    ]


def test_a_repeated_traceback_is_written_once_per_interval(
    logger: logging.Logger, out: io.StringIO, clock: Clock
) -> None:
    for fd in range(50):
        fail(logger, fd)
    first = out.getvalue()
    assert first.count("Traceback (most recent call last)") == 1
    assert first.count("accept failed on fd") == 3
    assert "accept failed on fd 1 [OSError: [Errno 24] Too many open files;" in first
    clock.now_s += 61.0
    fail(logger, 99)
    second = out.getvalue()[len(first) :]
    assert "47 similar messages suppressed" in second
    assert second.count("Traceback (most recent call last)") == 1  # a new interval


def test_kinds_do_not_limit_each_other(logger: logging.Logger, out: io.StringIO) -> None:
    for i in range(20):
        logger.warning("flood %d", i)
        fail(logger, i, ValueError)
        fail(logger, i, OSError)
        logging.getLogger(f"{logger.name}.child").warning("flood %d", i)
    text = out.getvalue()
    assert text.count("WARNING flood") == 6  # two loggers, 3 each
    assert text.count("ValueError") >= 3 and text.count("Traceback") == 2


def test_suppressed_counts_are_written_when_the_handler_is_flushed_or_closed(
    logger: logging.Logger, out: io.StringIO
) -> None:
    for i in range(10):
        logger.error("camera %d is offline", i)
    logger.handlers[0].flush()
    assert "7 similar messages suppressed" in out.getvalue()


def test_the_table_of_kinds_is_bounded(logger: logging.Logger, out: io.StringIO) -> None:
    handler = logger.handlers[0]
    assert isinstance(handler, RepeatLimitingHandler)
    for i in range(MAX_KINDS + 500):
        logger.warning(f"unique message {chr(0x4E00 + i)}")  # no digits: a new kind each
    assert len(handler._windows) <= MAX_KINDS + 1
    assert out.getvalue().count("unique message") < MAX_KINDS + 10


def test_wrapping_keeps_one_limiter_per_handler() -> None:
    logger = logging.getLogger("test_log_limits.wrap")
    logger.addHandler(logging.StreamHandler(io.StringIO()))
    try:
        assert len(limit_repeated_messages(logger)) == 1
        assert limit_repeated_messages(logger) == []
        assert [type(h) for h in logger.handlers] == [RepeatLimitingHandler]
    finally:
        logger.handlers.clear()


_ACCEPT_STORM = """
import asyncio, os, resource, socket, subprocess, sys
from vedette_server.cli import configure_logging

configure_logging()

async def main():
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    # Clients in another process, started while descriptors are left.
    clients = subprocess.Popen([sys.executable, "-c",
        "import socket, sys, time\\n"
        "s = [socket.create_connection(('127.0.0.1', int(sys.argv[1]))) for _ in range(50)]\\n"
        "time.sleep(4)", str(port)])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
    held = []
    try:
        while True:
            held.append(os.open(os.devnull, os.O_RDONLY))
    except OSError:
        pass
    await asyncio.sleep(3.5)  # asyncio fails to accept, retries every second
    for fd in held:
        os.close(fd)
    await asyncio.sleep(1.5)  # the retries asyncio scheduled run, and accept
    clients.wait()
    server.close()

asyncio.run(main())
"""


def test_asyncio_accept_errors_out_of_descriptors_are_limited() -> None:
    """Python 3.11's accept loop logs "socket.accept() out of system resource" with a
    traceback up to a hundred times per attempt, once a second: a storm."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_ACCEPT_STORM)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    errors = result.stderr.count("socket.accept() out of system resource")
    assert 1 <= errors <= 5 + 1, result.stderr[-3000:]  # the burst, and the summary line
    assert result.stderr.count("Traceback (most recent call last)") == 1
    assert "similar messages suppressed" in result.stderr
