"""auth: what authentication and authorisation cost an RPC, and what a login costs.

    .venv/bin/python bench/auth.py                       # 10 rounds of 300 calls each way
    .venv/bin/python bench/auth.py --rounds 3 --calls 100 --logins 5   # smoke test

One child process runs a real ``VedetteServer`` (TLS, every RPC behind the gate:
access filter, session token, access rule, audit) and, in the same process and on
the same event loop, a twin gRPC server with the same options and every service
registered without the gate, also over TLS with the same certificate. The benchmark
calls ``SystemService.GetServerInfo`` (a unary call that touches no database) on
both, with the same metadata, one call at a time, alternating rounds of ``--calls``
calls between the two, and reports the median and p99 latency of each and their
ratio (target ≤ 1.1).

Login cost: ``--logins`` sequential ``AuthService.Login`` calls with the right
password (Argon2id verification on the server), median and p99, and the Argon2id
parameters in use (target: a login takes 50–250 ms on this machine).

Results: ``bench/results/auth-<UTC timestamp>.json`` (or ``--out``) and a table.
Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir  # noqa: E402

NAME = "auth"


def serve(data_dir: str) -> None:
    """Child process: the gated server and an ungated twin; prints both ports."""
    import grpc

    from vedette_server.composition import ServerConfig, build_server
    from vedette_server.datadir import DataDir
    from vedette_server.listen import GRPC_SERVER_OPTIONS

    async def main() -> None:
        data = DataDir(Path(data_dir))
        server = await build_server(ServerConfig(data=data, port=0, local_socket=None))
        await server.start()
        bare = grpc.aio.server(options=GRPC_SERVER_OPTIONS)
        server.add_services(bare, gated=False)
        credentials = grpc.ssl_server_credentials(
            [(data.tls_key.read_bytes(), data.tls_cert.read_bytes())]
        )
        bare_port = bare.add_secure_port("127.0.0.1:0", credentials)
        await bare.start()
        print(f"ports {server.port} {bare_port}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await bare.stop(1)
        await server.aclose()

    asyncio.run(main())


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import grpc

    from vedette_api.v1 import auth_pb2, auth_pb2_grpc, system_pb2, system_pb2_grpc
    from vedette_server.security.passwords import PasswordHashing

    work = Path(tempfile.mkdtemp(prefix="vedette-bench-auth-"))
    data = work / "data"
    result = init_data_dir(data)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        gated_port, bare_port = (int(p) for p in line.split()[1:3])
        cert = (data / "tls" / "server.crt").read_bytes()
        options = [("grpc.ssl_target_name_override", "vedette")]

        def channel(port: int) -> grpc.Channel:
            creds = grpc.ssl_channel_credentials(root_certificates=cert)
            return grpc.secure_channel(f"127.0.0.1:{port}", creds, options=options)

        gated, bare = channel(gated_port), channel(bare_port)
        login_times = []
        auth = auth_pb2_grpc.AuthServiceStub(gated)
        for _ in range(args.logins):
            started = time.perf_counter()
            reply = auth.Login(auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD))
            login_times.append((time.perf_counter() - started) * 1000)
        metadata = (("authorization", f"Bearer {reply.token}"),)
        stubs = {
            "gated": (system_pb2_grpc.SystemServiceStub(gated), metadata),
            "bare": (system_pb2_grpc.SystemServiceStub(bare), metadata),
        }
        request = system_pb2.GetServerInfoRequest()
        for stub, md in stubs.values():  # warm both connections up
            for _ in range(50):
                stub.GetServerInfo(request, metadata=md, timeout=10)
        samples: dict[str, list[float]] = {"gated": [], "bare": []}
        round_medians: dict[str, list[float]] = {"gated": [], "bare": []}
        for index in range(args.rounds):
            order = ["gated", "bare"] if index % 2 == 0 else ["bare", "gated"]
            for kind in order:
                stub, md = stubs[kind]
                times = []
                for _ in range(args.calls):
                    started = time.perf_counter()
                    stub.GetServerInfo(request, metadata=md, timeout=10)
                    times.append((time.perf_counter() - started) * 1e6)
                samples[kind] += times
                round_medians[kind].append(statistics.median(times))
        hashing = PasswordHashing()
        parameters = hashing._hasher  # the parameters the server uses
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(60)
    figures = {
        kind: {
            "median_us": round(statistics.median(values), 1),
            "p99_us": round(_percentile(values, 0.99), 1),
            "round_medians_us": [round(v, 1) for v in round_medians[kind]],
            "calls": len(values),
        }
        for kind, values in samples.items()
    }
    ratio = figures["gated"]["median_us"] / figures["bare"]["median_us"]
    return {
        "benchmark": NAME,
        "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rpc": "SystemService.GetServerInfo over TLS, one call at a time, same metadata",
        "with_gate": figures["gated"],
        "without_interceptor": figures["bare"],
        "latency_ratio_gated_over_bare": round(ratio, 3),
        "latency_target": "≤ 1.1",
        "latency_target_met": ratio <= 1.1,
        "login_ms": {
            "median": round(statistics.median(login_times), 1),
            "p99": round(_percentile(login_times, 0.99), 1),
            "count": len(login_times),
        },
        "login_target": "50–250 ms",
        "login_target_met": 50 <= statistics.median(login_times) <= 250,
        "argon2id": {
            "time_cost": parameters.time_cost,
            "memory_cost_kib": parameters.memory_cost,
            "parallelism": parameters.parallelism,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "commit": subprocess.run(
                ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
            ).stdout.strip(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    result = measure(args)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    gated, bare = result["with_gate"], result["without_interceptor"]
    print(f"{'server':<22}{'median µs':>12}{'p99 µs':>10}")
    print(f"{'with the gate':<22}{gated['median_us']:>12}{gated['p99_us']:>10}")
    print(f"{'without interceptor':<22}{bare['median_us']:>12}{bare['p99_us']:>10}")
    print(
        f"ratio {result['latency_ratio_gated_over_bare']} (target ≤ 1.1:"
        f" {'met' if result['latency_target_met'] else 'NOT met'})"
    )
    login = result["login_ms"]
    print(
        f"login median {login['median']} ms, p99 {login['p99']} ms, Argon2id {result['argon2id']}"
        f" (target 50–250 ms: {'met' if result['login_target_met'] else 'NOT met'})"
    )
    print(f"\nresults: {out}")


if __name__ == "__main__":
    main()
