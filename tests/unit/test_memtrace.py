"""Opt-in memory tracing: only when asked, snapshots that load, nothing inherited."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from vedette_server.ops.memtrace import ENV_DIR, ENV_FRAMES, ENV_MINUTES, MemoryTrace

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_is_traced_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DIR, raising=False)
    assert MemoryTrace.from_environ() is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (ENV_MINUTES, "0"),
        (ENV_MINUTES, "ten"),
        (ENV_FRAMES, "0"),
        (ENV_FRAMES, "²"),
        (ENV_FRAMES, "-3"),
    ],
)
def test_a_bad_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        MemoryTrace.from_environ()


def test_snapshots_are_written_loaded_and_compared(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if tracemalloc.is_tracing():
        pytest.skip("this test process already traces its allocations")
    folder = tmp_path / "trace"
    monkeypatch.setenv(ENV_DIR, str(folder))
    monkeypatch.setenv(ENV_FRAMES, "4")
    monkeypatch.setenv(ENV_MINUTES, "0.001")  # 60 ms
    trace = MemoryTrace.from_environ()
    assert trace is not None and trace.frames == 4 and trace.interval_s == pytest.approx(0.06)
    assert not {ENV_DIR, ENV_FRAMES, ENV_MINUTES} & set(os.environ), "children inherit nothing"
    kept: list[bytes] = []

    async def run() -> None:
        trace.start()
        kept.append(b"x" * 3_000_000)  # what grows between the first and the last
        while trace.written < 2:  # bounded by the test's own timeout
            await asyncio.sleep(0.05)
        await trace.aclose()

    asyncio.run(run())
    assert not tracemalloc.is_tracing()
    snaps = sorted(folder.glob("tracemalloc-*.snap"))
    assert len(snaps) >= 3 and not list(folder.glob("*.partial"))
    loaded = tracemalloc.Snapshot.load(str(snaps[-1]))
    assert loaded.traceback_limit == 4
    assert all(t.traceback[-1].filename != tracemalloc.__file__ for t in loaded.traces)
    grown = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "memtrace_diff.py"), str(snaps[0]), str(snaps[-1])],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "tests/unit/test_memtrace.py" in grown, grown
