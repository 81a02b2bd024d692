"""Pool workers end with their owner: when it closes the pool, and when it is killed
or execs without closing it (the leak of 28 processes after make test / make demo)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool

import psutil
import pytest

from vedette_server.child_processes import OwnedProcessPool


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _gone(pids: Iterable[int], timeout_s: float = 20.0) -> list[int]:
    """The pids still running (zombies aside) after waiting up to ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        alive = []
        for pid in pids:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def test_closing_the_pool_ends_its_workers_even_in_the_middle_of_a_job() -> None:
    with OwnedProcessPool(2) as pool:
        workers = {pool.submit(_pid_after, 0.05).result(timeout=60) for _ in range(4)}
        busy = pool.submit(_pid_after, 30)
        time.sleep(0.2)
    with pytest.raises(BrokenProcessPool):
        busy.result(timeout=20)
    assert _gone(workers) == []


def test_a_worker_ignores_ctrl_c_its_owner_closes_the_pool() -> None:
    with OwnedProcessPool(1) as pool:
        worker = pool.submit(_pid_after, 0).result(timeout=60)
        os.kill(worker, signal.SIGINT)
        assert pool.submit(_pid_after, 0).result(timeout=20) == worker


OWNER = textwrap.dedent(
    """
    import os, sys, time
    from vedette_server.child_processes import OwnedProcessPool

    def pid():
        return os.getpid()

    if __name__ == "__main__":
        pool = OwnedProcessPool(2)
        pool.start()
        pids = {pool.submit(pid).result(timeout=60) for _ in range(8)}
        print(" ".join(map(str, pids)), flush=True)
        if sys.argv[1] == "exec":
            os.execv("/bin/sleep", ["sleep", "30"])
        time.sleep(60)
    """
)


@pytest.mark.parametrize("how", ["kill", "exec"])
def test_workers_end_when_their_owner_is_killed_or_execs_without_closing(
    tmp_path: os.PathLike[str], how: str
) -> None:
    script = os.path.join(tmp_path, "owner.py")
    with open(script, "w") as f:
        f.write(OWNER)
    owner = subprocess.Popen([sys.executable, script, how], stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        workers = [int(p) for p in owner.stdout.readline().split()]
        assert workers
        helpers = [c.pid for c in psutil.Process(owner.pid).children(recursive=True)]
        if how == "kill":
            owner.kill()
        assert _gone(workers) == [], "a pool worker outlived its owner"
        if how == "kill":
            # Nothing holds the forkserver's and resource tracker's pipes any more.
            assert _gone(helpers) == [], "the forkserver or resource tracker stayed"
    finally:
        owner.kill()
        owner.wait(10)


PRELOADING_OWNER = textwrap.dedent(
    """
    import sys
    from vedette_server.child_processes import OwnedProcessPool

    MODULE = "vedette_server.images.keyframe_render"

    def imported_before_the_job():
        return MODULE in sys.modules

    if __name__ == "__main__":
        preload = [MODULE] if sys.argv[1] == "preload" else []
        with OwnedProcessPool(1, preload=preload) as pool:
            print(pool.submit(imported_before_the_job).result(timeout=60), flush=True)
    """
)


@pytest.mark.parametrize("preload", [True, False])
def test_preloaded_modules_are_imported_by_the_forkserver_before_a_worker_forks(
    tmp_path: os.PathLike[str], preload: bool
) -> None:
    """The render pool's imports cost once per server, not once per worker: a worker
    finds the preloaded module imported before its first job (and only then)."""
    if sys.platform != "linux":
        pytest.skip("the forkserver (and so preloading) is Linux's start method here")
    script = os.path.join(tmp_path, "owner.py")
    with open(script, "w") as f:
        f.write(PRELOADING_OWNER)
    argv = [sys.executable, script, "preload" if preload else "none"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(preload)]
