"""Restarting and powering off the machine the server runs on (SPEC SYS-11, appliance).

This module owns the port ``HostPower`` and its adapters: ``UnmanagedHostPower`` (a
workstation: always refuses), ``LogindHostPower`` (an appliance running systemd) and
``RecordingHostPower`` (the test double, writing each command it would run as a JSON
line, in the file ``RecordingHostTime`` writes to). ``host_power_from_spec`` reads the
same command-line form as the clock's ("none", "systemd", "record:PATH").

Why logind's D-Bus methods through ``busctl``, not ``systemctl reboot``: ``CanReboot``
and ``CanPowerOff`` say beforehand whether the host would agree (the polkit rule in
installers/polkit), so a request the host would refuse is refused while the server
still runs, instead of after it closed every segment; and ``Reboot(false)`` is one
non-interactive call, where ``systemctl`` as a non-root user adds client-side logic
(inhibitor checks, a fallback to starting ``reboot.target`` that needs another polkit
action). ``busctl`` ships with systemd, so no D-Bus library is needed.

Invariants:

- ``check`` raises ``HostPowerUnavailable`` when the server does not control its host
  and ``HostControlError`` when the host would refuse; ``perform`` either asks the
  host to go down or raises ``HostControlError`` naming the command and its stderr.
- ``perform`` is called only once the server has stopped (every segment closed).

Both block (they run host commands or write a file); call them from an executor.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Literal, Protocol

from vedette_hw.host_time import CommandRunner, HostControlError, checked_output, run_command

HostPowerAction = Literal["reboot", "power_off"]
_LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")
#: logind's method that asks, and the one that does, per action.
_METHODS: dict[HostPowerAction, tuple[str, str]] = {
    "reboot": ("CanReboot", "Reboot"),
    "power_off": ("CanPowerOff", "PowerOff"),
}


class HostPowerUnavailable(HostControlError):
    """This server does not control its host (``--host-control none``)."""

    def __init__(self, action: HostPowerAction) -> None:
        what = "restart" if action == "reboot" else "power off"
        super().__init__(
            f"cannot {what} the machine: this server does not control its host "
            "(it runs without --host-control systemd)"
        )
        self.action = action


class HostPower(Protocol):
    """The port through which the server restarts or powers off its machine."""

    @property
    def managed(self) -> bool:
        """True when ``perform`` acts on the host; False when it always refuses."""
        ...

    def check(self, action: HostPowerAction) -> None:
        """Raise unless the host would do ``action`` now (nothing is done)."""
        ...

    def perform(self, action: HostPowerAction) -> None:
        """Ask the host to reboot or power off; returns once the host accepted."""
        ...


def logind_command(action: HostPowerAction, *, ask: bool) -> list[str]:
    """The busctl command asking whether (``ask``) or telling logind to do ``action``."""
    can, do = _METHODS[action]
    command = ["busctl", "--system", "call", *_LOGIND]
    # Reboot(b interactive): false, so logind never waits for a password agent.
    return [*command, can] if ask else [*command, do, "b", "false"]


class UnmanagedHostPower:
    """The host is not ours: every request raises ``HostPowerUnavailable``."""

    @property
    def managed(self) -> bool:
        return False

    def check(self, action: HostPowerAction) -> None:
        raise HostPowerUnavailable(action)

    def perform(self, action: HostPowerAction) -> None:
        raise HostPowerUnavailable(action)


class LogindHostPower:
    """Asks systemd-logind over the system bus; polkit decides (installers/polkit)."""

    def __init__(self, runner: CommandRunner = run_command) -> None:
        self._runner = runner

    @property
    def managed(self) -> bool:
        return True

    def check(self, action: HostPowerAction) -> None:
        """logind's answer must be "yes"; "challenge" means polkit would ask for a
        password (the rule is missing), "no" or "na" that it cannot be done here."""
        answer = self._run(logind_command(action, ask=True)).split()
        if answer != ["s", '"yes"']:
            said = answer[-1].strip('"') if answer else "(nothing)"
            raise HostControlError(
                f"the host refuses to {'restart' if action == 'reboot' else 'power off'}: "
                f"logind answers {said!r} to {_METHODS[action][0]}"
            )

    def perform(self, action: HostPowerAction) -> None:
        self._run(logind_command(action, ask=False))

    def _run(self, argv: list[str]) -> str:
        return checked_output(self._runner, argv)


class RecordingHostPower:
    """The test double: agrees, and records the logind command it would run.

    Each ``perform`` appends ``{"call": ACTION, "args": [busctl argv...], "time_us": T}``
    to the file (opened and closed per call, so another process can read it as it
    happens); ``time_us`` (µs since the epoch) lets a test order it among log entries.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def managed(self) -> bool:
        return True

    def check(self, action: HostPowerAction) -> None:
        """The recorded host agrees to everything."""

    def perform(self, action: HostPowerAction) -> None:
        command = logind_command(action, ask=False)
        line = json.dumps({"call": action, "args": command, "time_us": time.time_ns() // 1000})
        with self.path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
            file.flush()


def host_power_from_spec(spec: str) -> HostPower:
    """Build the adapter named by ``spec``: "none", "systemd" or "record:PATH"."""
    if spec == "none":
        return UnmanagedHostPower()
    if spec == "systemd":
        return LogindHostPower()
    if spec.startswith("record:") and spec != "record:":
        return RecordingHostPower(Path(spec.removeprefix("record:")))
    raise ValueError(f"host control {spec!r} is not one of 'none', 'systemd' or 'record:PATH'")
