"""``$VEDETTE_GRPC_MAX_IDLE_MS`` (listen.py): it replaces only the idle bound, the
default stays 5 minutes, and a bad value stops the start with an error naming it."""

from __future__ import annotations

import pytest

from vedette_server.fd_budget import fd_budget
from vedette_server.listen import IDLE_MS_ENV, grpc_server_options

IDLE = "grpc.max_connection_idle_ms"


def test_the_idle_bound_is_five_minutes_unless_the_variable_sets_it() -> None:
    budget = fd_budget(1024)
    default = dict(grpc_server_options(budget, {}))
    assert default[IDLE] == 300_000
    lowered = dict(grpc_server_options(budget, {IDLE_MS_ENV: "1500"}))
    assert lowered[IDLE] == 1500
    assert {k: v for k, v in lowered.items() if k != IDLE} == {
        k: v for k, v in default.items() if k != IDLE
    }


@pytest.mark.parametrize("value", ["", "0", "-5", "1.5", "5m", str(2**31)])
def test_a_bad_idle_bound_is_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match=IDLE_MS_ENV):
        grpc_server_options(fd_budget(1024), {IDLE_MS_ENV: value})
