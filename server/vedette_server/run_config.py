"""``vedette-server run --config FILE``: the run options from a TOML file.

A key is an option's long name without the dashes (``listen = "0.0.0.0:6036"``,
``local-socket-group = "vedette-console"``), its value of the option's type: a string, a
number, true/false for a flag, a list of strings for a repeatable option. The file's
values become the options' defaults, so the command line wins (a repeatable option's
values add to the file's). An unknown key or a value of the wrong type stops the server
before it starts, naming the file and the key: a service must not run on half of its
configuration. The Debian package's service reads /etc/vedette/server.toml.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Options that only the command line gives: where the data is, and this file itself.
COMMAND_LINE_ONLY = frozenset({"data", "config", "help"})


class ConfigFileError(ValueError):
    """The file cannot be read, is not TOML, or has a key or value the options refuse."""


def run_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The ``run`` subcommand's parser inside ``vedette-server``'s."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices["run"]
            return found
    raise LookupError("vedette-server's parser has no run subcommand")


def load_run_defaults(path: Path, run: argparse.ArgumentParser) -> dict[str, Any]:
    """The file's values, checked against ``run``'s options, by argparse ``dest``."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigFileError(f"cannot read {path}: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigFileError(f"{path} is not TOML: {error}") from None
    options = {
        option[2:]: action
        for action in run._actions
        for option in action.option_strings
        if option.startswith("--")
    }
    defaults: dict[str, Any] = {}
    for key, value in table.items():
        action = options.get(key)
        if action is None or key in COMMAND_LINE_ONLY:
            where = "is given on the command line" if action else "is not a run option"
            raise ConfigFileError(f"{path}: key {key!r} {where} (vedette-server run --help)")
        try:
            defaults[action.dest] = _convert(action, value)
        except (TypeError, ValueError, argparse.ArgumentTypeError) as error:
            raise ConfigFileError(f"{path}: key {key!r}: {error}") from None
    return defaults


def _convert(action: argparse.Action, value: object) -> object:
    """``value`` as the command line would have made it, or TypeError/ValueError."""
    if action.nargs == 0:  # a flag (--insecure)
        if not isinstance(value, bool):
            raise TypeError("must be true or false")
        return value
    if isinstance(action, argparse._AppendAction):
        if not isinstance(value, list):
            raise TypeError("must be a list of strings (the option is repeatable)")
        return [_scalar(action, item) for item in value]
    return _scalar(action, value)


def _scalar(action: argparse.Action, value: object) -> object:
    kind = action.type
    if kind is int or kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("must be a number")
        if kind is int and not isinstance(value, int):
            raise TypeError("must be a whole number")
        converted: object = kind(value)
    elif not isinstance(value, str):
        raise TypeError("must be a string")
    else:
        converted = kind(value) if callable(kind) else value
    if action.choices is not None and converted not in action.choices:
        raise ValueError(f"must be one of {', '.join(map(str, action.choices))}")
    return converted


def parse_with_config(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None, config: Path
) -> argparse.Namespace:
    """``argv`` parsed again with ``config``'s values as the run options' defaults."""
    run = run_parser(parser)
    run.set_defaults(**load_run_defaults(config, run))
    return parser.parse_args(argv)
