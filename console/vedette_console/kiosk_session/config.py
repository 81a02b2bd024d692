"""``vedette-kiosk-config``: the Weston configuration of the appliance's kiosk session,
written by ``vedette-kiosk.service`` before each start of the compositor.

    vedette-kiosk-config --write /run/vedette-kiosk/weston.ini
                         [--server unix:/run/vedette/console.sock]
                         [--main-output HDMI-A-1] [--spot-output HDMI-A-2]
                         [--mode preferred] [--spot-mode preferred] [--launcher PATH]

The options default to ``VEDETTE_KIOSK_*`` variables (``/etc/vedette/kiosk.env``,
the unit's environment file). Weston's kiosk shell shows each app-id on the output
whose ``app-ids=`` names it: the main console on the main output; the spot monitor
on the second one when the server assigns it a view or a tour (SYS-04
``display.spot_view_id`` / ``spot_tour_id``, read over the local socket as the spot
monitor's user, ``VEDETTE_SPOT_USER``). With nothing assigned the second output is
switched off. When the server does not answer, the spot output stays on, so that the
spot process can say on that screen why it shows nothing.

Invariants: the file is replaced atomically (a reader never sees half of it); no
value reaches it unchecked (weston.ini has no quoting, so a newline in a value would
add a section); a bad ``VEDETTE_KIOSK_*`` value is reported and replaced by its
default, so a typo in the environment file never leaves the screen black.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_console.kiosk_session import LOCAL_SOCKET, MAIN_APP_ID, SPOT_APP_ID

#: The environment file the units read (named in messages and in the written file).
ENV_FILE = "/etc/vedette/kiosk.env"
DEFAULT_MAIN_OUTPUT = "HDMI-A-1"
DEFAULT_SPOT_OUTPUT = "HDMI-A-2"
DEFAULT_MODE = "preferred"
#: How long the settings may take to come; the kiosk starts with defaults after that.
SERVER_TIMEOUT_S = 10.0

#: Weston's DRM backend reads WIDTHxHEIGHT@HZ with a whole number of hertz.
_MODE = re.compile(r"(preferred|current|off|[1-9][0-9]{2,4}x[1-9][0-9]{2,4}(@[0-9]{2,3})?)")
_OUTPUT = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,31}")
_PATH = re.compile(r"/[A-Za-z0-9._/+-]*")


def check_mode(text: str) -> str:
    """A Weston ``[output] mode=``: preferred, current, off, WIDTHxHEIGHT[@HZ]."""
    if not _MODE.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a mode (preferred, current, off, 1920x1080 or 1920x1080@60)"
        )
    return text


def check_output(text: str) -> str:
    """A DRM connector name as Weston names it (HDMI-A-1, DP-2, eDP-1)."""
    if not _OUTPUT.fullmatch(text):
        raise ValueError(f"{text!r} is not a connector name (HDMI-A-1, DP-2 ...)")
    return text


def check_path(text: str) -> str:
    """An absolute path Weston can take as it is (no spaces, no newlines)."""
    if not _PATH.fullmatch(text):
        raise ValueError(f"{text!r} is not an absolute path without spaces")
    return text


@dataclass(frozen=True)
class Output:
    """One ``[output]`` section: a connector, its mode, the app-id it shows (none: off)."""

    name: str
    mode: str
    app_id: str | None


@dataclass(frozen=True)
class SpotDecision:
    """Whether the second output shows the spot monitor, and why (written as a comment)."""

    wanted: bool
    reason: str


def spot_decision(server: str, user: str, password: str) -> SpotDecision:
    """Ask the server whether the spot monitor has something to show (blocks up to
    ``SERVER_TIMEOUT_S``); never raises."""
    if not user:
        return SpotDecision(False, f"no spot monitor user (VEDETTE_SPOT_USER in {ENV_FILE})")
    if not password:
        return SpotDecision(True, f"no VEDETTE_SPOT_PASSWORD in {ENV_FILE}; the spot says so")
    try:
        with Client.connect(
            server, username=user, password=password, timeout_s=SERVER_TIMEOUT_S
        ) as client:
            display = client.get_settings().display
    except VedetteError as exc:
        return SpotDecision(True, f"the server did not answer ({exc}); the spot says why")
    if display.spot_tour_id:
        return SpotDecision(True, f"the server assigns tour {display.spot_tour_id}")
    if display.spot_view_id:
        return SpotDecision(True, f"the server assigns view {display.spot_view_id}")
    return SpotDecision(False, "the server assigns no view or tour to the secondary display")


def outputs(
    main: str, spot: str, mode: str, spot_mode: str, decision: SpotDecision
) -> list[Output]:
    """The main output with the console; the second one with the spot monitor or off."""
    second = Output(spot, spot_mode, SPOT_APP_ID) if decision.wanted else Output(spot, "off", None)
    return [Output(main, mode, MAIN_APP_ID), second]


def render(outputs: list[Output], launcher: str, notes: list[str]) -> str:
    """The weston.ini text (kiosk shell, no input needed, no idle blanking, no VT
    switching, the launcher auto-started and watched)."""
    lines = [
        "# Written by vedette-kiosk-config at each start of the kiosk; edits here are lost.",
        f"# Settings: {ENV_FILE} and the server's display settings.",
        *(f"# {note}" for note in notes),
        "[core]",
        "shell=kiosk-shell.so",
        "require-input=false",
        "idle-time=0",
        "",
        "[shell]",
        "background-color=0xff000000",
        "",
        "[keyboard]",
        "vt-switching=false",
        "",
        "[autolaunch]",
        f"path={launcher}",
        "watch=true",
    ]
    for output in outputs:
        lines += ["", "[output]", f"name={output.name}", f"mode={output.mode}"]
        if output.app_id is not None:
            lines.append(f"app-ids={output.app_id}")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename (blocks on the file system)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _env(name: str, default: str, check: Callable[[str], str], notes: list[str]) -> str:
    """``name`` from the environment when it passes ``check``; else ``default``, said
    on stderr (the journal) and in ``notes``."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return check(value)
    except ValueError as exc:
        note = f"{name} in {ENV_FILE}: {exc}; using {default}"
        print(f"vedette-kiosk-config: {note}", file=sys.stderr)
        notes.append(note)
        return default


def _arg(check: Callable[[str], str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        try:
            return check(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    return parse


def _default_launcher() -> str:
    return str(Path(sys.executable).with_name("vedette-kiosk-launch"))


#: The options whose defaults come from the environment file: option, variable,
#: default, check.
_FROM_ENV = (
    ("--main-output", "VEDETTE_KIOSK_MAIN_OUTPUT", DEFAULT_MAIN_OUTPUT, check_output),
    ("--spot-output", "VEDETTE_KIOSK_SPOT_OUTPUT", DEFAULT_SPOT_OUTPUT, check_output),
    ("--mode", "VEDETTE_KIOSK_MODE", DEFAULT_MODE, check_mode),
    ("--spot-mode", "VEDETTE_KIOSK_SPOT_MODE", DEFAULT_MODE, check_mode),
)


def parse_args(argv: list[str] | None, notes: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vedette-kiosk-config", description="write the kiosk session's weston.ini"
    )
    parser.add_argument(
        "--write", required=True, metavar="PATH", help="weston.ini to write; - for stdout"
    )
    parser.add_argument("--server", default=LOCAL_SOCKET, help="the server's local socket")
    for option, variable, default, check in _FROM_ENV:
        fallback = _env(variable, default, check, notes)
        parser.add_argument(option, type=_arg(check), default=fallback, help=f"default: {variable}")
    parser.add_argument("--launcher", type=_arg(check_path), default=_default_launcher())
    parser.add_argument(
        "--spot-user",
        default=os.environ.get("VEDETTE_SPOT_USER", ""),
        help="the spot monitor's user (its password: VEDETTE_SPOT_PASSWORD)",
    )
    args = parser.parse_args(argv)
    if args.main_output == args.spot_output:
        parser.error(f"--main-output and --spot-output are both {args.main_output!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    notes: list[str] = []
    args = parse_args(argv, notes)
    password = os.environ.get("VEDETTE_SPOT_PASSWORD", "")
    decision = spot_decision(args.server, args.spot_user.strip(), password)
    state = "on" if decision.wanted else "off"
    notes.append(f"Spot monitor on {args.spot_output}: {state}, {decision.reason}.")
    chosen = outputs(args.main_output, args.spot_output, args.mode, args.spot_mode, decision)
    text = render(chosen, args.launcher, notes)
    if args.write == "-":
        sys.stdout.write(text)
    else:
        write_atomically(Path(args.write), text)
    print(f"vedette-kiosk-config: {notes[-1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
