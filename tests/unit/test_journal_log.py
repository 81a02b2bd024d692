"""Log lines for the journal: ``<prio>name: message`` when stderr is the stream
JOURNAL_STREAM names (a real pipe's device and inode here), the usual format
otherwise; the repeat limiter (log_limits.py) still in front."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap

import pytest
from tests.support.notify_socket import pipe_journal_stream

from vedette_server.ops.journal import is_journal_stream, syslog_priority

#: What the server's configure_logging writes, from a child whose stderr is a pipe.
CHILD = textwrap.dedent(
    """
    import logging
    from vedette_server.cli import configure_logging

    configure_logging()
    log = logging.getLogger("vedette.server")
    log.warning("camera 3 offline")
    log.info("listening")
    try:
        raise OSError("disk gone")
    except OSError:
        log.exception("volume 2 failed")
    for _ in range(20):
        log.error("storm %d", 1)
    logging.shutdown()
    """
)
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def run_child(journal_stream: str | None) -> list[str]:
    """CHILD's stderr lines; JOURNAL_STREAM set to ``journal_stream``, or, when it is
    "match", to the pipe's own device and inode (as systemd sets it)."""
    read_fd, write_fd = os.pipe()
    environ = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    if journal_stream == "match":
        environ["JOURNAL_STREAM"] = pipe_journal_stream(write_fd)
    elif journal_stream is not None:
        environ["JOURNAL_STREAM"] = journal_stream
    with os.fdopen(read_fd, "r") as reader:
        try:
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD], stderr=write_fd, env=environ, text=True
            )
        finally:
            os.close(write_fd)
        output = reader.read()
    assert child.wait(60) == 0, output
    return output.splitlines()


def test_lines_carry_the_syslog_priority_and_no_timestamp_on_the_journal() -> None:
    lines = run_child("match")

    assert "<4>vedette.server: camera 3 offline" in lines
    assert "<6>vedette.server: listening" in lines
    assert not [line for line in lines if TIMESTAMP.search(line)]
    # Every line of the traceback is an error too, not journald's default level.
    start = lines.index("<3>vedette.server: volume 2 failed")
    assert lines[start + 1] == "<3>Traceback (most recent call last):"
    assert "<3>OSError: disk gone" in lines
    assert all(line.startswith("<") for line in lines), lines


def test_repeated_messages_are_still_limited_on_the_journal() -> None:
    lines = run_child("match")

    storm = [line for line in lines if line == "<3>vedette.server: storm 1"]
    assert 1 <= len(storm) < 20
    assert any("suppressed" in line and line.startswith("<") for line in lines), lines


@pytest.mark.parametrize("journal_stream", [None, "", "8:12345", "not-a-stream"])
def test_the_usual_format_when_stderr_is_not_the_journal(journal_stream: str | None) -> None:
    lines = run_child(journal_stream)

    (line,) = [line for line in lines if line.endswith("camera 3 offline")]
    assert TIMESTAMP.match(line) and " WARNING vedette.server: " in line
    assert not [line for line in lines if line.startswith("<")]


def test_is_journal_stream_compares_device_and_inode() -> None:
    read_fd, write_fd = os.pipe()
    other_read, other_write = os.pipe()
    try:
        with os.fdopen(write_fd, "w", closefd=False) as stream:
            value = pipe_journal_stream(write_fd)
            assert is_journal_stream(stream, {"JOURNAL_STREAM": value})
            assert not is_journal_stream(
                stream, {"JOURNAL_STREAM": pipe_journal_stream(other_write)}
            )
            assert not is_journal_stream(stream, {})
    finally:
        for fd in (read_fd, write_fd, other_read, other_write):
            os.close(fd)


@pytest.mark.parametrize(
    ("level", "priority"),
    [
        (logging.CRITICAL, 2),
        (logging.ERROR, 3),
        (logging.WARNING, 4),
        (logging.INFO, 6),
        (logging.DEBUG, 7),
        (logging.WARNING + 5, 4),  # a custom level between two takes the lower's
        (1, 7),
    ],
)
def test_syslog_priorities(level: int, priority: int) -> None:
    assert syslog_priority(level) == priority
