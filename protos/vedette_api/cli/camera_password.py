"""Where the ``vedette`` CLI takes a camera's password from (``cameras add``).

A flag's value is visible to every user of the machine (``ps``, ``/proc/PID/cmdline``)
and stays in shell histories, so the password of a camera has three other sources:
an environment variable, what an installer script sets; a prompt on the terminal;
and standard input, for a script that has it in a pipe. In order:

1. ``--cam-password P``: ``P`` (still accepted: it is what older scripts pass);
2. ``--cam-password -``: asked on the terminal, or, when standard input is not a
   terminal, its first line (``printf '%s\\n' "$PW" | vedette cameras add ... -``);
3. ``$VEDETTE_CAM_PASSWORD``, when set and not empty;
4. with ``--cam-user`` and a terminal: asked ("Enter" for none);
5. otherwise none: a script without a terminal is never stopped by a prompt.

Reading blocks for the user or for standard input.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Mapping
from typing import TextIO

from vedette_api.errors import InvalidArgument

CAM_PASSWORD_VARIABLE = "VEDETTE_CAM_PASSWORD"
#: ``--cam-password -``: read it rather than take it from the command line.
FROM_INPUT = "-"


def read_camera_password(
    user: str,
    given: str | None,
    environ: Mapping[str, str],
    *,
    stdin: TextIO,
    prompt: Callable[[str], str] = getpass.getpass,
) -> str:
    """The password of camera user ``user`` (``given``: the --cam-password value or
    None), from the sources in the module docstring, in their order."""
    if given is not None and given != FROM_INPUT:
        return given
    asking = f"Password of camera user {user!r}: "
    if given == FROM_INPUT:
        if stdin.isatty():
            return prompt(asking)
        line = stdin.readline()
        if not line:
            raise InvalidArgument("--cam-password -: standard input is empty")
        return line.rstrip("\r\n")
    if environ.get(CAM_PASSWORD_VARIABLE):
        return environ[CAM_PASSWORD_VARIABLE]
    if user and stdin.isatty():
        return prompt(asking.replace(": ", " (Enter for none): "))
    return ""
