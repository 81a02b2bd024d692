"""``make demo``: simulated cameras, a recording server on a fresh data directory, and
a live status table until Ctrl-C, and the operator console when there is a display
(DEP-03). One more camera is a PTZ dome that the demo finds by WS-Discovery and adds
over ONVIF, as an installer would (issue 13): ``vedette ptz ptz1 move …`` moves it.

Runs camsim and vedette-server as child processes, exactly as an operator would,
and talks to the server only through the SDK.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.v1 import cameras_pb2
from vedette_server.child_processes import set_parent_death_signal

STATES = {
    cameras_pb2.STREAM_STATE_CONNECTING: "connecting",
    cameras_pb2.STREAM_STATE_ONLINE: "online",
    cameras_pb2.STREAM_STATE_OFFLINE: "OFFLINE",
    cameras_pb2.STREAM_STATE_DISABLED: "disabled",
}


def _wait_line(
    process: subprocess.Popen[str], prefix: str, timeout_s: float, seen: list[str] | None = None
) -> str:
    """The child's first line starting with ``prefix``; the lines before it go to
    ``seen``."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith(prefix):
            return line.strip()
        if seen is not None:
            seen.append(line.strip())
    raise SystemExit(f"demo: a child process did not start (no '{prefix}' line)")


def _discovery_target(camsim_lines: list[str], camera: str) -> str:
    """``ADDRESS:PORT`` where ``camera`` answers WS-Discovery, from camsim's line
    ``onvif CAM http://… discovery udp://ADDRESS:PORT``."""
    for line in camsim_lines:
        match = re.fullmatch(rf"onvif {camera} \S+ discovery udp://(\S+)", line)
        if match:
            return match[1]
    raise SystemExit(f"demo: camsim did not say where {camera} answers ONVIF")


def _add_ptz_camera(
    client: Client, target: str, name: str, user: str, password: str
) -> cameras_pb2.Camera:
    """Finds the PTZ camera by a WS-Discovery probe to ``target`` and adds it over
    ONVIF: its streams come from its profiles, its PTZ service drives it."""
    found = next(iter(client.discover_cameras([target], timeout_s=10.0)), None)
    if found is None:
        raise SystemExit(f"demo: no ONVIF camera answered a WS-Discovery probe at {target}")
    where = f"{found.address}:{found.port}"
    print(f"Found {found.name or 'an ONVIF camera'} ({found.hardware}) at {where} by "
          "WS-Discovery; adding it over ONVIF…", flush=True)  # fmt: skip
    return client.add_onvif_camera(
        name, found.address, found.port, camera_user=user, camera_password=password
    )


def _password() -> str:
    return f"Demo-{secrets.token_urlsafe(9)}-7"


def _table(client: Client) -> str:
    rows = [
        f"{'camera':<8} {'main':<11} {'fps':>5} {'kbit/s':>7} {'sub':<11} {'MB':>8} {'segments':>8}"
    ]
    for camera in client.list_cameras():
        main, sub = camera.status.main, camera.status.sub
        megabytes = (main.bytes_written + sub.bytes_written) / 1e6
        rows.append(
            f"{camera.name:<8} {STATES.get(main.state, '?'):<11} {main.fps:>5.1f} "
            f"{main.bitrate_kbps:>7} {STATES.get(sub.state, '?'):<11} {megabytes:>8.1f} "
            f"{main.segment_count + sub.segment_count:>8}"
        )
    return "\n".join(rows)


def _open_console(args: argparse.Namespace, password: str) -> subprocess.Popen[bytes] | None:
    """The operator console, signed in, the cameras in a 2x2 grid; only with a display."""
    if args.no_console:
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("No display here (DISPLAY/WAYLAND_DISPLAY unset): the console is not opened; "
              "the demo goes on headless. On a desktop:\n"
              f"  VEDETTE_PASSWORD='{password}' .venv/bin/vedette-console --server "
              f"{args.listen} --user admin --cameras all\n", flush=True)  # fmt: skip
        return None
    print("Opening the operator console…", flush=True)
    return subprocess.Popen(
        [sys.executable, "-m", "vedette_console", "--server", args.listen, "--user", "admin",
         "--layout", "4", "--cameras", "all"],
        env=dict(os.environ, VEDETTE_PASSWORD=password),
    )  # fmt: skip


def _start(argv: list[str], **kwargs: Any) -> subprocess.Popen[str]:
    """A child that gets SIGTERM if the demo dies without stopping it (even kill -9).
    Only before the demo has threads (the SDK's): ``preexec_fn`` runs after fork."""
    return subprocess.Popen(
        argv,
        preexec_fn=lambda: set_parent_death_signal(signal.SIGTERM),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        **kwargs,
    )


def _stop(processes: list[subprocess.Popen[Any]], timeout_s: float = 30.0) -> None:
    """SIGTERM every child still running, wait, then kill what is left; a second Ctrl-C
    or SIGTERM meanwhile does not cut this short (it would leave the children)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vedette-demo")
    parser.add_argument("--cameras", type=int, default=4)
    parser.add_argument("--rtsp-port", type=int, default=8554)
    parser.add_argument("--listen", default="127.0.0.1:6036")
    parser.add_argument("--dir", type=Path, default=Path(".demo"))
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: Ctrl-C)")
    parser.add_argument("--no-console", action="store_true", help="do not open vedette-console")
    parser.add_argument(
        "--onvif-port", type=int, default=8080,
        help="ONVIF HTTP port of the PTZ camera's address (0: any free one)",
    )  # fmt: skip
    parser.add_argument(
        "--discovery-port", type=int, default=3702,
        help="its WS-Discovery port (0: any free one; 3702 is the protocol's)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    # A SIGTERM (a service manager, a terminal closed) stops the demo as Ctrl-C does:
    # with its children, not without them.
    signal.signal(signal.SIGTERM, _interrupt)
    data = args.dir.resolve() / "data"
    shutil.rmtree(data, ignore_errors=True)
    password = _password()
    # The simulated cameras want credentials too, as real ones do (no open camera).
    camera_user, camera_password = "demo", secrets.token_urlsafe(12)
    ptz_camera = f"cam{args.cameras + 1}"
    python = sys.executable
    env = dict(os.environ, VEDETTE_ADMIN_PASSWORD=password)
    subprocess.run(
        [python, "-m", "vedette_server.cli", "init", "--data", str(data), "--default-volume"],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"Starting {args.cameras} simulated cameras (the first run encodes their loops)…")
    children: list[subprocess.Popen[Any]] = []
    try:
        camsim = _start(
            [python, "-m", "vedette_server.camsim.cli", "--cameras", str(args.cameras + 1),
             "--rtsp-port", str(args.rtsp_port), "--user", camera_user, "--onvif",
             "--onvif-port", str(args.onvif_port), "--discovery-port", str(args.discovery_port),
             "--ptz", ptz_camera],
            env=dict(os.environ, VEDETTE_CAMSIM_PASSWORD=camera_password),
        )  # fmt: skip
        children.append(camsim)
        camsim_lines: list[str] = []
        _wait_line(camsim, "camsim ready", 600, camsim_lines)
        server = _start(
            [python, "-m", "vedette_server.cli", "run", "--data", str(data),
             "--listen", args.listen],
        )  # fmt: skip
        children.append(server)
        _wait_line(server, "vedette-server ready", 60)
        # The demo made this server a moment ago on loopback: pin its new certificate.
        with Client.connect(
            args.listen, username="admin", password=password, trust_new=True
        ) as client:
            for i in range(1, args.cameras + 1):
                base = f"rtsp://127.0.0.1:{args.rtsp_port}/cam{i}"
                client.create_camera(
                    f"cam{i}", f"{base}/main", sub_url=f"{base}/sub",
                    camera_user=camera_user, camera_password=camera_password,
                )  # fmt: skip
            ptz = _add_ptz_camera(
                client, _discovery_target(camsim_lines, ptz_camera), "ptz1",
                camera_user, camera_password,
            )  # fmt: skip
            print(f"PTZ camera '{ptz.name}' added over ONVIF: {ptz.main_url}", flush=True)
            print(f"""
Vedette is recording {args.cameras + 1} cameras into {data / 'recordings'}.
  admin password: {password}
  camera user/password (simulated cameras): {camera_user} / {camera_password}

Try, in another terminal:
  export VEDETTE_PASSWORD='{password}' VEDETTE_SERVER={args.listen}
  .venv/bin/vedette status
  .venv/bin/vedette timeline cam1 --from -10m --to now
  .venv/bin/vedette export cam1 --from -1m --to now --out cam1.mp4
  .venv/bin/vedette ptz ptz1 move --pan 0.5 --seconds 2   (the dome turns right)
  .venv/bin/vedette ptz ptz1 status
  ffplay -rtsp_transport tcp rtsp://{camera_user}:{camera_password}@127.0.0.1:{args.rtsp_port}/cam1/main

Ctrl-C stops the demo.
""", flush=True)  # fmt: skip
            console = _open_console(args, password)
            if console is not None:
                children.insert(0, console)
            # From here Ctrl-C and SIGTERM only ask to stop: raised inside a status
            # call, KeyboardInterrupt came out of gRPC as another error (exit 1).
            stop = threading.Event()
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda _signum, _frame: stop.set())
            started = time.monotonic()
            while not args.seconds or time.monotonic() - started < args.seconds:
                if stop.wait(5):
                    raise KeyboardInterrupt
                if server.poll() is not None:
                    # Nothing left to show. A Ctrl-C reaches the whole group: should the
                    # demo's own handler miss it, the server's exit still ends the demo.
                    print(f"\nThe server stopped (exit status {server.returncode});"
                          " stopping the demo…", flush=True)  # fmt: skip
                    return 0 if server.returncode == 0 else 1
                try:
                    table = _table(client)
                except VedetteError as error:
                    # Ctrl-C reaches the server too (the whole group), so a status call
                    # under way may fail as it stops; a status display never ends the
                    # demo: it says so and the next Ctrl-C or tick decides.
                    table = f"status unavailable: {error}"
                print(time.strftime("%H:%M:%S"), flush=True)
                print(table, flush=True)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
    finally:
        _stop(children)
    return 0


if __name__ == "__main__":
    sys.exit(main())
