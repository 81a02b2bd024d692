"""The ``vedette`` command: a command line client of a Vedette server, on the SDK.

``vedette_api.cli.entry`` is the entry point (the global options, the checks made
before connecting, the dispatch); each area of commands is one module here.
``main`` is imported on first use, so importing a module of this package (the
formatting, the time parser) does not load every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vedette_api.cli.entry import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from vedette_api.cli.entry import main

        return main
    raise AttributeError(f"module 'vedette_api.cli' has no attribute {name!r}")
