"""When to restart a motion worker that died: at once, then after 0.5 s, 1 s, 2 s …
up to ``MAX_RESTART_DELAY_S`` while it keeps dying within ``STABLE_RUN_S`` of its
start; a worker that ran that long before dying is restarted at once again.

The doubling and the cap are ingest's ``Backoff`` (the ingest workers' reconnects),
without its jitter: a handful of workers restarting in step hammers nothing, and an
exact delay is what the operator's docs promise. Pure logic: the caller passes how long
the worker ran.
"""

from __future__ import annotations

import random

from vedette_server.ingest.backoff import Backoff

STABLE_RUN_S = 10.0
FIRST_DELAY_S = 0.5
MAX_RESTART_DELAY_S = 30.0


class _NoJitter(random.Random):
    """``Backoff``'s delays at the top of their window."""

    def uniform(self, a: float, b: float) -> float:
        return b


class RestartPacing:
    """The restart delays of one worker."""

    def __init__(self) -> None:
        #: None until the worker dies quickly, then the doubling from the second
        #: quick death in a row on.
        self._backoff: Backoff | None = None

    def died(self, ran_s: float) -> float:
        """The worker died after running ``ran_s`` seconds: how long to wait before
        starting it again (0 for at once)."""
        if ran_s >= STABLE_RUN_S:
            self._backoff = None
            return 0.0
        if self._backoff is None:  # the first quick death in a row
            self._backoff = Backoff(
                base_s=FIRST_DELAY_S,
                cap_s=MAX_RESTART_DELAY_S,
                stable_s=float("inf"),  # a stable run is told apart above
                rng=_NoJitter(),
            )
            return 0.0
        return self._backoff.next_delay_s(0.0)
