"""Every kept fuzz input, replayed through its harness (issue 18 §4).

``tests/data/fuzz/<harness>/`` holds each harness's seeds and, under ``crashes/``, the
inputs that once crashed a parser (bench/fuzz.py found them, or they are the minimal
form of what it found); ``run`` lets through only what the parser must not raise, so
each file here failing means a parser regressed. Plain Python: atheris is not needed.
The long coverage-guided runs are ``bench/fuzz.py`` (bench/README.md).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "fuzz"
sys.path.insert(0, str(REPO / "bench"))

from fuzz_harnesses import HARNESSES  # noqa: E402 (bench/ is not a package on the path)

CASES = sorted(
    (name, path) for name in HARNESSES for path in (DATA / name).rglob("*") if path.is_file()
)


def _harness(name: str) -> ModuleType:
    return importlib.import_module(f"fuzz_harnesses.{name}")


def test_every_harness_has_seeds_and_the_corpora_stay_small() -> None:
    for name in HARNESSES:
        files = [p for p in (DATA / name).rglob("*") if p.is_file()]
        assert files, f"{name}: no seed in {DATA / name}"
        total = sum(p.stat().st_size for p in files)
        assert total < 100_000, f"{name}: {total} bytes of kept inputs (keep them < 100 KB)"


def test_crashes_found_are_kept() -> None:
    kept = {path.parent.parent.name for _, path in CASES if path.parent.name == "crashes"}
    assert {"sdp", "onvif_soap"} <= kept


@pytest.mark.parametrize(
    ("name", "path"), CASES, ids=[str(path.relative_to(DATA)) for _, path in CASES]
)
def test_kept_input_does_not_crash(name: str, path: Path) -> None:
    _harness(name).run(path.read_bytes())
