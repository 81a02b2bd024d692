"""The main process's descriptor budget (issue 11): the soft limit raised at start, a
reserve that connections never take, and the listeners' caps derived from it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_server.fd_budget import (
    MAX_GRPC_CONNECTIONS,
    MAX_RTSP_CONNECTIONS,
    MIN_RESERVE_FDS,
    fd_budget,
    rtsp_limits_within,
)
from vedette_server.rtsp.limits import RtspLimits


@given(
    limit=st.integers(16, 2_000_000),
    grpc_listeners=st.integers(1, 2),
    rtsp=st.booleans(),
    backlog=st.integers(1, 512),
)
def test_connections_never_take_the_reserve(
    limit: int, grpc_listeners: int, rtsp: bool, backlog: int
) -> None:
    budget = fd_budget(limit, grpc_listeners=grpc_listeners, rtsp=rtsp, rtsp_backlog=backlog)
    assert budget.reserve >= max(MIN_RESERVE_FDS, limit // 4)
    assert 1 <= budget.grpc_connections <= MAX_GRPC_CONNECTIONS
    assert (budget.rtsp_connections > 0) == rtsp
    assert budget.rtsp_connections <= MAX_RTSP_CONNECTIONS
    if not budget.short:
        assert budget.reserve + budget.burst_fds + budget.connection_fds <= limit


def test_the_common_limits_give_usable_caps() -> None:
    at_1024 = fd_budget(1024)  # the usual `ulimit -n`, and the finding's
    assert not at_1024.short
    assert at_1024.grpc_connections >= 128 and at_1024.rtsp_connections >= 32
    roomy = fd_budget(65_536)  # what the server raises itself to under systemd
    assert (roomy.grpc_connections, roomy.rtsp_connections) == (
        MAX_GRPC_CONNECTIONS,
        MAX_RTSP_CONNECTIONS,
    )
    assert fd_budget(256).short  # too low: said so, and the reserve still comes first
    assert fd_budget(256).reserve == MIN_RESERVE_FDS


def test_rtsp_limits_take_the_smaller_connection_cap() -> None:
    defaults = RtspLimits()
    tight = rtsp_limits_within(fd_budget(1024))
    assert tight.max_connections == fd_budget(1024).rtsp_connections < defaults.max_connections
    assert tight.max_connections_per_address == defaults.max_connections_per_address
    assert rtsp_limits_within(fd_budget(65_536)) == defaults


_RAISE = """
import json, resource
from vedette_server.fd_budget import raise_open_files_limit
resource.setrlimit(resource.RLIMIT_NOFILE, (200, 1000))
first = raise_open_files_limit()
again = raise_open_files_limit()
print(json.dumps([first.before, first.soft, first.hard, again.raised,
                  resource.getrlimit(resource.RLIMIT_NOFILE)]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_NOFILE")
def test_the_soft_limit_is_raised_to_the_hard_one_and_never_lowered() -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_RAISE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    before, soft, hard, raised_again, now = json.loads(result.stdout)
    assert (before, soft, hard, raised_again, now) == (200, 1000, 1000, False, [1000, 1000])
