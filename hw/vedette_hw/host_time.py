"""Applying the date and time settings to the host's clock (SPEC SYS-03).

This module owns the port ``HostTime`` and its adapters: ``UnmanagedHostTime`` (a
workstation: settings are stored and shown, never applied), ``TimedatectlHostTime``
(an appliance running systemd) and ``RecordingHostTime`` (the test double, which
writes each call as a JSON line another process can read). ``host_time_from_spec``
turns the command-line form ("none", "systemd", "record:PATH") into one of them.

Invariants:

- Every setter of an adapter either takes effect or raises: ``HostControlError`` when
  a host command fails (the message names the command and its stderr; no secret ever
  passes through these commands), ``HostControlUnavailable`` when the server does not
  manage the clock, ``ValueError`` when the argument is malformed.
- An NTP server name reaches the timesyncd drop-in only after ``validate_ntp_server``
  accepted it, so no text can add lines or keys to that file; the drop-in is replaced
  atomically (temporary file, fsync, rename), never left half written.
- Instants are ``int`` microseconds since the Unix epoch, UTC.

All setters block (they run host commands or write files); call them from an executor.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

CommandRunner = Callable[[Sequence[str]], tuple[int, str, str]]
"""Runs one host command (an argv list, no shell); returns (returncode, stdout, stderr)."""

TIMESYNCD_DROP_IN_DIR = Path("/etc/systemd/timesyncd.conf.d")
DROP_IN_NAME = "vedette.conf"
MAX_HOST_NAME_LENGTH = 253
_COMMAND_TIMEOUT_S = 30.0
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_ZONE = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+][A-Za-z0-9_+\-]*)*")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class HostControlError(Exception):
    """A change to the host could not be made; the message says what failed."""


class HostControlUnavailable(HostControlError):
    """This server does not manage the host's clock."""

    def __init__(self, action: str) -> None:
        super().__init__(
            f"cannot {action}: this server does not manage the host's clock; "
            "set the time on the host itself"
        )
        self.action = action


class HostTime(Protocol):
    """The port through which the server applies date and time settings to the host."""

    @property
    def managed(self) -> bool:
        """True when the setters change the host; False when they always refuse."""
        ...

    def set_time_zone(self, zone: str) -> None:
        """Make ``zone`` (an IANA name, validated by the caller) the host's time zone."""
        ...

    def set_ntp(self, server: str | None) -> None:
        """Sync the clock from ``server`` (a host name or address), or stop syncing (None)."""
        ...

    def set_time(self, time_us: int) -> None:
        """Set the clock to ``time_us`` µs since the Unix epoch, UTC; needs NTP off."""
        ...


def validate_ntp_server(server: str) -> str:
    """Return ``server`` when it is one IP address or host name; raise ValueError otherwise.

    The check is strict because the text is written into a configuration file: only
    the characters of a host name (letters, digits, '-', '.') or an IP address pass.
    """
    if not server:
        raise ValueError("NTP server is empty")
    if len(server) > MAX_HOST_NAME_LENGTH:
        raise ValueError(
            f"NTP server is {len(server)} characters long, over {MAX_HOST_NAME_LENGTH}"
        )
    try:
        ipaddress.ip_address(server)
        return server
    except ValueError:
        pass
    labels = server.removesuffix(".").split(".")
    if all(_LABEL.fullmatch(label) for label in labels):
        return server
    raise ValueError(
        f"NTP server {server!r} is neither an IP address nor a host name "
        "(letters, digits and '-' in dot-separated labels of at most 63 characters)"
    )


def validate_zone_argument(zone: str) -> str:
    """Return ``zone`` when it has the shape of an IANA name; raise ValueError otherwise.

    Callers check the zone exists with zoneinfo; this only keeps option-like or odd
    text ("-h", "../x", spaces) away from the host command line.
    """
    if not _ZONE.fullmatch(zone):
        raise ValueError(f"time zone {zone!r} is not an IANA name such as 'Europe/Paris'")
    return zone


def format_utc_for_timedatectl(time_us: int) -> str:
    """Format an instant as timedatectl's set-time reads it, with an explicit " UTC".

    Without a zone suffix timedatectl reads the time in the host's local zone (or in
    the caller's TZ); the literal suffix " UTC" is accepted by every systemd
    (systemd.time(7), "Parsing timestamps") and makes the reading independent of both.
    """
    if time_us < 0:
        raise ValueError(f"time_us {time_us} is before the Unix epoch")
    moment = _EPOCH + timedelta(microseconds=time_us)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def run_command(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run ``argv`` without a shell and return (returncode, stdout, stderr). Blocks.

    A missing program or a timeout comes back as a failed run (returncode 127 or
    124, the reason in stderr), so callers handle every failure in one place.
    """
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,  # never wait on a password prompt
            capture_output=True,
            text=True,
            timeout=_COMMAND_TIMEOUT_S,
            check=False,
        )
    except FileNotFoundError:
        return 127, "", f"{argv[0]}: command not found"
    except subprocess.TimeoutExpired:
        return 124, "", f"timed out after {_COMMAND_TIMEOUT_S:g} s"
    except OSError as error:
        return 126, "", f"{argv[0]}: {error.strerror}"
    return done.returncode, done.stdout, done.stderr


def checked_output(runner: CommandRunner, argv: list[str]) -> str:
    """Run ``argv`` with ``runner``; its stdout, or ``HostControlError`` naming the
    command, its exit code and its stderr."""
    returncode, stdout, stderr = runner(argv)
    if returncode != 0:
        raise HostControlError(
            f"{shlex.join(argv)} failed with exit code {returncode}: "
            f"{stderr.strip() or '(no message)'}"
        )
    return stdout


class UnmanagedHostTime:
    """The host's clock is not ours: every setter raises ``HostControlUnavailable``."""

    @property
    def managed(self) -> bool:
        return False

    def set_time_zone(self, zone: str) -> None:
        raise HostControlUnavailable("set the time zone")

    def set_ntp(self, server: str | None) -> None:
        raise HostControlUnavailable("configure network time")

    def set_time(self, time_us: int) -> None:
        raise HostControlUnavailable("set the time")


class TimedatectlHostTime:
    """Applies the settings through systemd: timedatectl, and a timesyncd drop-in.

    Needs the privileges to change the clock (root, or a polkit rule for
    org.freedesktop.timedate1); without them the command fails and its stderr is in
    the ``HostControlError``.
    """

    def __init__(
        self,
        runner: CommandRunner = run_command,
        drop_in_dir: Path = TIMESYNCD_DROP_IN_DIR,
    ) -> None:
        self._runner = runner
        self._drop_in_dir = drop_in_dir

    @property
    def managed(self) -> bool:
        return True

    def set_time_zone(self, zone: str) -> None:
        self._run(["timedatectl", "set-timezone", validate_zone_argument(zone)])

    def set_ntp(self, server: str | None) -> None:
        """Turn network time off (None), or write the server's drop-in and sync from it.

        Turning NTP off leaves the drop-in in place: timesyncd is stopped, so it is
        unused, and it keeps the last server for whoever turns NTP back on by hand.
        """
        if server is None:
            self._run(["timedatectl", "set-ntp", "false"])
            return
        self._write_drop_in(f"[Time]\nNTP={validate_ntp_server(server)}\n")
        self._run(["timedatectl", "set-ntp", "true"])
        # set-ntp does not restart a running timesyncd, which reads its files at start.
        self._run(["systemctl", "restart", "systemd-timesyncd"])

    def set_time(self, time_us: int) -> None:
        self._run(["timedatectl", "set-time", format_utc_for_timedatectl(time_us)])

    def _run(self, argv: list[str]) -> None:
        checked_output(self._runner, argv)

    def _write_drop_in(self, text: str) -> None:
        """Replace the drop-in atomically; readable by all (timesyncd drops root)."""
        path = self._drop_in_dir / DROP_IN_NAME
        temporary: str | None = None
        try:
            self._drop_in_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self._drop_in_dir, prefix=".vedette.")
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
            temporary = None
            directory_fd = os.open(self._drop_in_dir, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(directory_fd)
            finally:
                os.close(directory_fd)
        except OSError as error:
            raise HostControlError(f"cannot write {path}: {error.strerror}") from error
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)


class RecordingHostTime:
    """The test double: records each call, in memory and as one JSON line in a file.

    Each call opens the file, appends ``{"call": NAME, "args": [...]}`` and closes it,
    so another process (a test driving a server) can read the calls as they happen.
    Arguments are validated as the systemd adapter validates them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    @property
    def managed(self) -> bool:
        return True

    def set_time_zone(self, zone: str) -> None:
        self._record("set_time_zone", validate_zone_argument(zone))

    def set_ntp(self, server: str | None) -> None:
        self._record("set_ntp", None if server is None else validate_ntp_server(server))

    def set_time(self, time_us: int) -> None:
        self._record("set_time", time_us)

    def _record(self, call: str, *args: object) -> None:
        self.calls.append((call, args))
        line = json.dumps({"call": call, "args": list(args)})
        with self.path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
            file.flush()


def host_time_from_spec(spec: str) -> HostTime:
    """Build the adapter named by ``spec``: "none", "systemd" or "record:PATH"."""
    if spec == "none":
        return UnmanagedHostTime()
    if spec == "systemd":
        return TimedatectlHostTime()
    if spec.startswith("record:") and spec != "record:":
        return RecordingHostTime(Path(spec.removeprefix("record:")))
    raise ValueError(f"host time {spec!r} is not one of 'none', 'systemd' or 'record:PATH'")
