"""Compiled bytecode for the Python programs the tests start, kept under ``build/``.

A test session starts hundreds of servers and camsims. Where the environment forbids
writing bytecode (``PYTHONDONTWRITEBYTECODE``, set on the CI machine so that nothing
lands beside the sources), each of them compiled Vedette's ~400 modules from source
again: 0.8 of a server start's 2.9 CPU-seconds (bench/README.md, ``server_start.py``).
Their bytecode goes to ``build/pycache`` instead (git-ignored; ``make clean`` removes
it): the first process that imports a module writes it, the others read it. Python
checks each file against its source's modification time and size, so an edited
module is compiled again. Only the programs under test get this; a build that a test
runs (the Debian package's ``compileall``) keeps the environment it was given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PYCACHE = Path(__file__).resolve().parents[2] / "build" / "pycache"


def with_bytecode_cache(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with bytecode written to and read from :data:`PYCACHE`."""
    cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return cached


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment plus ``extra``, with the bytecode cache."""
    return with_bytecode_cache({**os.environ, **(extra or {})})
