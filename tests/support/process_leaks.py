"""Which processes are left behind: a process's descendants, and every process that
carries a tag in its environment (``TAG_VARIABLE``), which children inherit, so an
orphan adopted by init (a pool worker, a forkserver) is found as surely as a child.

The test session tags itself (tests/conftest.py) and fails when a process it started
outlives it; tests/integration/test_no_leaked_processes.py tags one server, camsim
or demo at a time.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable

import psutil

TAG_VARIABLE = "VEDETTE_TEST_PROCESS_TAG"
#: The interpreter's own helpers, which end with it: not a test's leak while it runs.
_MULTIPROCESSING_HELPERS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


def new_tag() -> str:
    return uuid.uuid4().hex


def tagged_env(tag: str) -> dict[str, str]:
    return {TAG_VARIABLE: tag}


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def tagged(tag: str) -> list[psutil.Process]:
    """Every live process but this one whose environment carries ``tag``."""
    found = []
    for process in psutil.process_iter():
        if process.pid == os.getpid():
            continue
        try:
            if process.environ().get(TAG_VARIABLE) == tag and _alive(process):
                found.append(process)
        except psutil.Error:  # gone meanwhile, or not ours to read
            continue
    return found


def own_multiprocessing_helpers(processes: Iterable[psutil.Process]) -> list[psutil.Process]:
    """This interpreter's forkserver and resource tracker among ``processes``: they
    live as long as it does (their workers are not among them: those are leaks)."""
    helpers = []
    for process in processes:
        try:
            if process.ppid() == os.getpid() and any(
                helper in " ".join(process.cmdline()) for helper in _MULTIPROCESSING_HELPERS
            ):
                helpers.append(process)
        except psutil.Error:
            continue
    return helpers


def still_running(processes: Iterable[psutil.Process], timeout_s: float) -> list[psutil.Process]:
    """Those of ``processes`` still running after waiting up to ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    waiting = list(processes)
    while True:
        waiting = [p for p in waiting if _alive(p)]
        if not waiting or time.monotonic() >= deadline:
            return waiting
        time.sleep(0.1)


def leftovers(tag: str, seen: Iterable[psutil.Process] = (), timeout_s: float = 30.0) -> str:
    """What is still running of ``seen`` (descendants noted while the owner ran) and of
    the processes tagged ``tag``, after up to ``timeout_s``: "" when nothing is."""
    deadline = time.monotonic() + timeout_s
    while True:
        left = {p.pid: p for p in still_running(seen, 0)}
        left.update({p.pid: p for p in tagged(tag)})
        if not left or time.monotonic() >= deadline:
            return describe(left.values())
        time.sleep(0.2)


def describe(processes: Iterable[psutil.Process]) -> str:
    lines = []
    for process in processes:
        try:
            command = " ".join(process.cmdline())[:160]
            lines.append(f"pid {process.pid} (parent {process.ppid()}): {command}")
        except psutil.Error:
            continue
    return "\n".join(lines)


def terminate(processes: Iterable[psutil.Process]) -> None:
    """Kill what a failed check found, so one leak does not pile onto the next test."""
    for process in processes:
        try:
            process.kill()
        except psutil.Error:
            continue
