"""``vedette-kiosk-launch``: the program Weston auto-launches in the kiosk session
(``[autolaunch] path=``, ``watch=true``). It runs the consoles and keeps them running.

    vedette-kiosk-launch [--config WESTON_INI] [--server unix:/run/vedette/console.sock]
                         [--console COMMAND] [-- CONSOLE_ARGS...]

- The main console: ``vedette-console --kiosk --server SOCKET`` (its app-id,
  ``org.vedette.Console``, puts it on the main output).
- The spot monitor, when the Weston configuration (``--config``, default Weston's own
  ``WESTON_CONFIG_FILE``) routes ``org.vedette.Spot`` to an output:
  ``vedette-console --spot --kiosk --server SOCKET --user VEDETTE_SPOT_USER --screen
  OUTPUT``, its password handed over as ``VEDETTE_PASSWORD``. The main console's
  environment never holds that password.

Either process is started again when it ends (a crash, ``kill -9``, the stall guard),
after a back-off that doubles from ``--min-backoff`` to ``--max-backoff`` while it
keeps ending within ``STABLE_S`` of its start. A process stopped as a whole (SIGSTOP,
which its own stall guard cannot see) for longer than ``--stall`` is killed, then
started again. SIGTERM, SIGINT or SIGHUP end both processes (SIGTERM, then SIGKILL
after ``STOP_TIMEOUT_S``) and the launcher; Weston (``watch=true``) then exits and
systemd starts the kiosk again.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from vedette_console.kiosk_session import LOCAL_SOCKET, SPOT_APP_ID
from vedette_console.kiosk_session.stall_guard import STALL_EXIT_CODE

log = logging.getLogger("vedette-kiosk-launch")

#: A process that ran this long before ending starts again after the shortest back-off.
STABLE_S = 60.0
STOP_TIMEOUT_S = 10.0
POLL_S = 0.5
#: Variables only the spot process may see.
SPOT_SECRETS = ("VEDETTE_SPOT_PASSWORD", "VEDETTE_PASSWORD")


def weston_sections(text: str) -> list[tuple[str, dict[str, str]]]:
    """The sections of a weston.ini, in order (it may repeat ``[output]``)."""
    sections: list[tuple[str, dict[str, str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            sections.append((line[1:-1].strip(), {}))
        elif sections and "=" in line:
            key, _, value = line.partition("=")
            sections[-1][1][key.strip()] = value.strip()
    return sections


def spot_output(text: str) -> str | None:
    """The output the spot monitor's app-id is routed to, if any (and not off)."""
    for name, keys in weston_sections(text):
        app_ids = [part.strip() for part in keys.get("app-ids", "").split(",")]
        if name == "output" and SPOT_APP_ID in app_ids and keys.get("mode") != "off":
            return keys.get("name") or None
    return None


def exit_text(code: int) -> str:
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    if code == STALL_EXIT_CODE:
        return f"was ended by its stall guard (code {code})"
    return f"ended with code {code}"


def is_stopped(pid: int) -> bool:
    """Whether ``pid`` is stopped as a whole (SIGSTOP, a tracer): ``/proc/PID/stat``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rpartition(")")[2].split()  # the command name may hold spaces and ")"
    return bool(fields) and fields[0] in ("T", "t")


@dataclass
class Child:
    """One supervised console process."""

    role: str
    argv: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    #: When it is to start (again); None while it runs.
    due_at: float | None = 0.0
    backoff_s: float = 0.0
    stopped_since: float | None = None


class Launcher:
    """Starts the children and starts again those that end (module docstring)."""

    def __init__(
        self, children: list[Child], *, min_backoff_s: float, max_backoff_s: float, stall_s: float
    ) -> None:
        self.children = children
        self.min_backoff_s = min_backoff_s
        self.max_backoff_s = max_backoff_s
        self.stall_s = stall_s
        self.stopping = False

    def run(self) -> int:
        """Until ``stop()`` (a signal): blocks."""
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        try:
            while not self.stopping:
                now = time.monotonic()
                for child in self.children:
                    self._look_after(child, now)
                time.sleep(POLL_S)
        finally:
            self._end_all()
        return 0

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("%s: ending the consoles", signal.Signals(signum).name)
        self.stopping = True

    def _look_after(self, child: Child, now: float) -> None:
        process = child.process
        if process is None:
            if child.due_at is not None and now >= child.due_at:
                self._start(child, now)
            return
        code = process.poll()
        if code is None:
            self._check_stopped(child, process, now)
            return
        ran_s = now - child.started_at
        if ran_s >= STABLE_S:
            child.backoff_s = self.min_backoff_s
        else:
            child.backoff_s = min(max(child.backoff_s * 2, self.min_backoff_s), self.max_backoff_s)
        log.info(
            "%s (pid %d) %s after %.0f s; starting it again in %g s",
            child.role, process.pid, exit_text(code), ran_s, child.backoff_s,
        )  # fmt: skip
        child.process = None
        child.due_at = now + child.backoff_s

    def _check_stopped(self, child: Child, process: subprocess.Popen[bytes], now: float) -> None:
        if not is_stopped(process.pid):
            child.stopped_since = None
            return
        if child.stopped_since is None:
            child.stopped_since = now
        elif now - child.stopped_since > self.stall_s:
            log.info(
                "%s (pid %d) has been stopped for more than %g s; killing it",
                child.role, process.pid, self.stall_s,
            )  # fmt: skip
            process.kill()

    def _start(self, child: Child, now: float) -> None:
        try:
            child.process = subprocess.Popen(child.argv, env=child.env)
        except OSError as exc:
            child.backoff_s = self.max_backoff_s
            child.due_at = now + child.backoff_s
            log.error("%s: cannot start %s: %s; trying again in %g s",
                      child.role, child.argv[0], exc, child.backoff_s)  # fmt: skip
            return
        child.started_at, child.due_at, child.stopped_since = now, None, None
        log.info("%s started (pid %d)", child.role, child.process.pid)

    def _end_all(self) -> None:
        running = [c.process for c in self.children if c.process is not None]
        for process in running:
            process.send_signal(signal.SIGCONT)  # a stopped process cannot handle SIGTERM
            process.terminate()
        for process in running:
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def default_console() -> str:
    """The ``vedette-console`` beside this Python (the appliance's venv), else on PATH."""
    beside = Path(sys.executable).with_name("vedette-console")
    return str(beside) if beside.exists() else (shutil.which("vedette-console") or str(beside))


def children(args: argparse.Namespace, environ: dict[str, str]) -> list[Child]:
    """The main console, and the spot monitor when the configuration routes one."""
    console = shlex.split(args.console)
    given = list(args.console_args)
    extra = given[1:] if given[:1] == ["--"] else given
    env = {k: v for k, v in environ.items() if k not in SPOT_SECRETS}
    if "QT_QPA_PLATFORM" not in env and env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "wayland"  # not xcb through Xwayland
    main = Child("main console", [*console, "--kiosk", "--server", args.server, *extra], env)
    found: list[Child] = [main]
    try:
        output = spot_output(Path(args.config).read_text(encoding="utf-8")) if args.config else None
    except OSError as exc:
        log.error("cannot read %s (%s): no spot monitor", args.config, exc.strerror)
        output = None
    user = environ.get("VEDETTE_SPOT_USER", "").strip()
    if output is None:
        log.info("no output shows the spot monitor in %s", args.config or "(no configuration)")
    elif not user:
        log.error("%s shows the spot monitor but VEDETTE_SPOT_USER is not set", output)
    else:
        spot_env = dict(env, VEDETTE_PASSWORD=environ.get("VEDETTE_SPOT_PASSWORD", ""))
        argv = [*console, "--spot", "--kiosk", "--server", args.server,
                "--user", user, "--screen", output, *extra]  # fmt: skip
        found.append(Child(f"spot monitor on {output}", argv, spot_env))
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vedette-kiosk-launch", description="run the kiosk's consoles and keep them running"
    )
    parser.add_argument(
        "--config",
        default=os.environ.get("WESTON_CONFIG_FILE", ""),
        help="the weston.ini that routes the app-ids (default: $WESTON_CONFIG_FILE)",
    )
    parser.add_argument("--server", default=LOCAL_SOCKET, help="the server's local socket")
    parser.add_argument("--console", default=default_console(), help="the console's command")
    parser.add_argument("--min-backoff", type=float, default=1.0, metavar="SECONDS")
    parser.add_argument("--max-backoff", type=float, default=30.0, metavar="SECONDS")
    parser.add_argument(
        "--stall", type=float, default=30.0, metavar="SECONDS", help="limit for a stopped process"
    )
    parser.add_argument("console_args", nargs=argparse.REMAINDER, help="-- then console options")
    args = parser.parse_args(argv)
    if not 0 < args.min_backoff <= args.max_backoff:
        parser.error(
            f"need 0 < --min-backoff ({args.min_backoff:g}) <= --max-backoff ({args.max_backoff:g})"
        )
    if args.stall <= 0:
        parser.error(f"--stall must be above 0, not {args.stall:g}")
    return args


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="vedette-kiosk-launch: %(message)s")
    args = parse_args(argv)
    launcher = Launcher(
        children(args, dict(os.environ)),
        min_backoff_s=args.min_backoff,
        max_backoff_s=args.max_backoff,
        stall_s=args.stall,
    )
    return launcher.run()


if __name__ == "__main__":
    sys.exit(main())
