"""What the commands of the ``vedette`` CLI share, and nothing else.

- ``Command``: the signature of every command, run on a connected ``Client`` with
  the validated arguments, the "now" read at start-up (µs), stdout and stderr;
  ``Commands``: an area's table from ``(command, action)`` to its function (action
  ``None`` for a command without one); ``SubParsers``: where an area adds its parsers.
- ``add_range_options``: CAMERA ``--from`` ``--to`` ``--stream``, as ``timeline`` and
  ``export`` take them.
- ``write_json``, the ``--json`` output; ``read_secret``, a new password or a
  passphrase from an environment variable or the terminal, never from a flag.

Each area module (``accounts``, ``cameras``, ``export``, ``images``, ``live``,
``play``, ``ptz``, ``search``, ``system``, ``volumes``) exports ``add_parsers(sub)`` and
``COMMANDS`` and imports this module; only the entry point (``entry``) imports them
all, so no area imports another.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeAlias

from vedette_api.client import Client
from vedette_api.errors import InvalidArgument

Command: TypeAlias = Callable[[Client, argparse.Namespace, int, TextIO, TextIO], None]
Commands: TypeAlias = dict[tuple[str, str | None], Command]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

TIME_HELP = "ISO 8601 (local time unless a zone is given), 'now', or -10m, -2h, -1d, +5m"


def add_range_options(parser: argparse.ArgumentParser) -> None:
    """CAMERA, ``--from`` and ``--to`` (both required) and ``--stream``."""
    parser.add_argument("camera", metavar="CAMERA", help="camera id or name (case-insensitive)")
    parser.add_argument("--from", dest="time_from", metavar="T", required=True, help=TIME_HELP)
    parser.add_argument("--to", dest="time_to", metavar="T", required=True, help=TIME_HELP)
    parser.add_argument("--stream", choices=("main", "sub"), default="main")


def write_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def read_secret(variable: str, prompt: str, *, confirm: bool = False) -> str:
    """``$variable``, else a prompt on the terminal (twice with ``confirm``); blocks
    for the user. ``InvalidArgument`` when neither is there."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InvalidArgument(f"no terminal to ask for it: set ${variable}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise InvalidArgument("the two entries differ")
    return first
