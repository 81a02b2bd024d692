"""The test fixtures' programs keep their compiled bytecode under build/pycache, even
where the environment forbids writing it beside the sources (tests/support/bytecode.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.bytecode import PYCACHE, with_bytecode_cache


def test_a_started_program_writes_its_bytecode_to_the_cache_and_not_beside_the_source(
    tmp_path: Path,
) -> None:
    (tmp_path / "cached_module.py").write_text("ANSWER = 42\n")
    env = with_bytecode_cache({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path)})
    argv = [sys.executable, "-c", "import cached_module; print(cached_module.ANSWER)"]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
    tag = sys.implementation.cache_tag
    cached = PYCACHE / tmp_path.relative_to(tmp_path.anchor) / f"cached_module.{tag}.pyc"
    assert cached.is_file(), f"no bytecode at {cached}"
    assert not (tmp_path / "__pycache__").exists()
