"""login_flood: how many password guesses a server checks, and what a flood costs a real
login, this code against the code before issue 11 in one run.

    .venv/bin/python bench/login_flood.py                          # this tree, then the old one
    .venv/bin/python bench/login_flood.py --sides new --guesses 50 # smoke test

Issue 11's probes, against a fresh ``vedette-server`` child process per side (``new``:
this repository, ``old``: ``--old-tree``, a checkout of 90210b2, through PYTHONPATH):

- **gRPC:** ``--guesses`` concurrent ``Login`` calls for one account with wrong
  passwords, all sent at once over TCP. Meanwhile the administrator logs in through
  the server's local socket (another address, never locked) every 0.2 s; the figures
  are how many guesses were verified (answered UNAUTHENTICATED: an Argon2 check ran)
  and how long the administrator's logins took (median and max).
- **RTSP:** ``--rtsp-guesses`` DESCRIBEs with wrong Basic passwords over one
  keep-alive connection to the re-stream, then one with the right password: the
  statuses counted, and whether the right password got through.

Results: JSON on stdout, also in ``bench/results/login_flood-<UTC timestamp>.json``.
Traffic stays on 127.0.0.1 and a Unix socket in a temporary folder.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import grpc

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from machine import machine_info  # noqa: E402
from sides import bearer, login, tree_env  # noqa: E402
from tests.support.child_process import start_until_line  # noqa: E402

from vedette_api.v1 import (  # noqa: E402
    accounts_pb2,
    accounts_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2,
    cameras_pb2_grpc,
)

NAME = "login_flood"
ADMIN_PASSWORD = "Night-Watch-2026!"
OPERATOR_PASSWORD = "Operat0r-Pass-2026!"


def _prepare(address: str) -> None:
    """An operator with the live right on every camera, and a camera to name."""
    admin = login(address, "admin", ADMIN_PASSWORD)
    with grpc.insecure_channel(address) as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        live = accounts_pb2.CameraAccess(right=accounts_pb2.CAMERA_RIGHT_LIVE, all_cameras=True)
        rights = accounts_pb2.Rights(cameras=[live])
        group = accounts.CreateGroup(
            accounts_pb2.CreateGroupRequest(
                group=accounts_pb2.Group(name="viewers", remote_rights=rights)
            ),
            metadata=bearer(admin),
            timeout=60,
        ).group
        user = accounts_pb2.User(
            name="operator", password=OPERATOR_PASSWORD, group_id=group.id, enabled=True,
            permission_control=True,
        )  # fmt: skip
        accounts.CreateUser(
            accounts_pb2.CreateUserRequest(user=user), metadata=bearer(admin), timeout=60
        )
        cameras_pb2_grpc.CameraServiceStub(channel).CreateCamera(
            cameras_pb2.CreateCameraRequest(
                camera=cameras_pb2.Camera(name="Gate", main_url="rtsp://127.0.0.1:9/none")
            ),
            metadata=bearer(admin),
            timeout=60,
        )


def grpc_flood(address: str, local: str, guesses: int) -> dict[str, Any]:
    codes: Counter[str] = Counter()
    stop = threading.Event()
    latencies: list[float] = []
    failures: Counter[str] = Counter()

    def administrator() -> None:
        with grpc.insecure_channel(local) as channel:
            stub = auth_pb2_grpc.AuthServiceStub(channel)
            while not stop.is_set():
                started = time.monotonic()
                try:
                    stub.Login(
                        auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD),
                        timeout=120,
                    )
                    latencies.append(time.monotonic() - started)
                except grpc.RpcError as error:
                    failures[error.code().name] += 1
                stop.wait(0.2)

    watcher = threading.Thread(target=administrator, daemon=True)
    watcher.start()
    started = time.monotonic()
    with grpc.insecure_channel(address) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        calls = [
            stub.Login.future(
                auth_pb2.LoginRequest(username="operator", password=f"guess-{i:05d}"), timeout=300
            )
            for i in range(guesses)
        ]
        for call in calls:
            try:
                call.result()
                codes["OK"] += 1
            except grpc.RpcError as error:
                codes[error.code().name] += 1
    flood_s = time.monotonic() - started
    stop.set()
    watcher.join(150)
    return {
        "guesses": guesses,
        "codes": dict(codes),
        "verified": codes["UNAUTHENTICATED"],
        "flood_s": round(flood_s, 2),
        "admin_logins_during_flood": len(latencies),
        "admin_login_s": {
            "median": round(statistics.median(latencies), 3) if latencies else None,
            "max": round(max(latencies), 3) if latencies else None,
        },
        "admin_login_failures": dict(failures),
    }


def _describe(sock: socket.socket, buffer: bytearray, port: int, cseq: int, auth: str) -> int:
    request = (
        f"DESCRIBE rtsp://127.0.0.1:{port}/Gate/main RTSP/1.0\r\nCSeq: {cseq}\r\n"
        f"Authorization: {auth}\r\n\r\n"
    )
    sock.sendall(request.encode())
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        buffer += chunk
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end]).decode("latin-1")
    del buffer[:end]
    length = 0
    for line in head.split("\r\n"):
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    while len(buffer) < length:
        buffer += sock.recv(65536)
    del buffer[:length]
    return int(head.split()[1])


def rtsp_flood(port: int, guesses: int) -> dict[str, Any]:
    def basic(password: str) -> str:
        return "Basic " + base64.b64encode(f"operator:{password}".encode()).decode()

    statuses: Counter[int] = Counter()
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        buffer = bytearray()
        for index in range(guesses):
            statuses[_describe(sock, buffer, port, index + 1, basic(f"guess-{index}"))] += 1
        right = _describe(sock, buffer, port, guesses + 1, basic(OPERATOR_PASSWORD))
    return {
        "guesses": guesses,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "checked_and_refused_401": statuses[401],
        "seconds": round(time.monotonic() - started, 2),
        # 503: not served (not connected); 200 or 503 both mean the password got through.
        "right_password_status": right,
        "right_password_got_through": right in (200, 503) and statuses[503] == 0,
    }


def run_side(tree: Path, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    env = tree_env(tree)
    data = scratch / "data"
    init = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(data)],
        env=dict(env, VEDETTE_ADMIN_PASSWORD=ADMIN_PASSWORD),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if init.returncode != 0:
        raise RuntimeError(f"{tree}: init failed: {init.stderr}")
    local = scratch / "s.sock"
    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", "--insecure", "--local-socket", str(local),
            "--rtsp-listen", "127.0.0.1:0"]  # fmt: skip
    process, line, seen = start_until_line(argv, "vedette-server ready on", 60, env)
    address = f"127.0.0.1:{int(line.rsplit(':', 1)[1])}"
    rtsp_port = int(next(x for x in seen if "RTSP on" in x).rsplit(":", 1)[1])
    try:
        _prepare(address)
        figures = {"grpc": grpc_flood(address, f"unix:{local}", args.guesses)}
        process.terminate()
        process.wait(60)
        # A fresh start for RTSP: the gRPC flood locked the account and the address.
        process, line, seen = start_until_line(argv, "vedette-server ready on", 60, env)
        rtsp_port = int(next(x for x in seen if "RTSP on" in x).rsplit(":", 1)[1])
        figures["rtsp"] = rtsp_flood(rtsp_port, args.rtsp_guesses)
        return figures
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guesses", type=int, default=200)
    parser.add_argument("--rtsp-guesses", type=int, default=5000)
    parser.add_argument("--sides", default="new,old")
    parser.add_argument("--new-tree", type=Path, default=REPO)
    parser.add_argument("--old-tree", type=Path, default=Path("/tmp/old-main"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    trees = {"new": args.new_tree, "old": args.old_tree}
    result: dict[str, Any] = {"benchmark": NAME, "machine": machine_info()}
    for side in args.sides.split(","):
        with tempfile.TemporaryDirectory(prefix="lf-") as scratch:
            result[side] = {"tree": str(trees[side]), **run_side(trees[side], args, Path(scratch))}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2)
    out.write_text(text + "\n")
    print(text)
    print(f"\nresults: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
