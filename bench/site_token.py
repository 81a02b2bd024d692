"""site_token: what single sign-on costs a member server (issue 19).

    .venv/bin/python bench/site_token.py                    # 10 rounds, 2000 checks, 30 RPCs
    .venv/bin/python bench/site_token.py --rounds 3 --checks 200 --calls 5   # smoke test

1. **Per check, in process**: verifying a site token (``vedette_server.site.tokens.
   verify``: EdDSA signature, audience, issuer, expiry; what ``ExchangeSiteToken``
   does before it opens a session) against today's session check
   (``SessionTable.validate``: a SHA-256 of the bearer token and a dict lookup, what
   every RPC does). Rounds alternate between the two; medians of the per-round
   means, and their ratio. The research note measured ~130 µs for the verification.
2. **Per session, over gRPC**: on a real directory (its own PostgreSQL, started here)
   and one member server, ``ExchangeSiteToken`` (a site token → a session) against
   ``Login`` with a password (Argon2id), one call at a time, alternating: median
   and p99 of each, and their ratio. Every session opened is logged out.

Results: ``bench/results/site_token-<UTC timestamp>.json`` (or ``--out``) and a table.
Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from machine import machine_info  # noqa: E402
from tests.support.postgres import remove_cluster, start_cluster  # noqa: E402
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, start_server  # noqa: E402
from tests.support.site_directory import (  # noqa: E402
    ADMIN_PASSWORD as SITE_ADMIN_PASSWORD,
)
from tests.support.site_directory import (  # noqa: E402
    init_directory,
    join_server,
    start_directory,
)

NAME = "site_token"


def per_check(rounds: int, checks: int) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from vedette_server.accounts.rights import Scope
    from vedette_server.api.sessions import SessionTable
    from vedette_server.site import tokens

    key = ed25519.Ed25519PrivateKey.generate()
    raw = tokens.public_raw(key)
    keys = {tokens.kid_of(raw): raw}
    site = "00000000-0000-4000-8000-000000000000"
    token, _ = tokens.issue(key, site, "alice", "s1", session_expires_s=time.time() + 3600)
    table = SessionTable()
    bearer, _ = table.create(1, "alice", "ipv4:127.0.0.1:1", Scope.REMOTE)
    for _ in range(checks):  # warm both paths
        tokens.verify(token, keys, site)
        table.validate(bearer)
    verify_us, session_us = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(checks):
            tokens.verify(token, keys, site)
        verify_us.append((time.perf_counter() - started) / checks * 1e6)
        started = time.perf_counter()
        for _ in range(checks):
            table.validate(bearer)
        session_us.append((time.perf_counter() - started) / checks * 1e6)
    verify, session = statistics.median(verify_us), statistics.median(session_us)
    return {
        "token_chars": len(token),
        "site_token_verify_us": {
            "median": round(verify, 2),
            "rounds": [round(x, 2) for x in verify_us],
        },
        "session_check_us": {
            "median": round(session, 3),
            "rounds": [round(x, 3) for x in session_us],
        },
        "ratio_verify_over_session_check": round(verify / session, 1),
    }


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def per_session(calls: int, work: Path) -> dict[str, Any]:
    from vedette_api.client import Client
    from vedette_api.v1 import site_pb2

    cluster = start_cluster()
    if cluster is None:
        raise SystemExit("site_token: PostgreSQL is not installed (make setup installs it)")
    directory = server = None
    try:
        assert init_directory(work / "directory", cluster.new_database()).returncode == 0
        directory = start_directory(work / "directory")
        data = work / "rs"
        assert init_data_dir(data, default_volume=False).returncode == 0
        joined = join_server(data, directory, "rs")
        assert joined.returncode == 0, joined.stderr
        server = start_server(data, work / "known.json")
        known_directory = work / "known-directory.json"
        password = "Night-Shift-2026!"
        with Client.connect(
            directory.address, username="admin", password=SITE_ADMIN_PASSWORD,
            known_servers_path=known_directory,
        ) as admin:  # fmt: skip
            admin.put_site_user("alice", site_pb2.SITE_ROLE_VIEWER, password=password)
        site = Client.connect(
            directory.address, username="alice", password=password,
            known_servers_path=known_directory,
        )  # fmt: skip
        token = site.issue_site_token().site_token
        deadline = time.monotonic() + 60
        while True:  # the server learns of alice with its next heartbeats
            try:
                Client.connect_with_site_token(
                    server.address, token, known_servers_path=server.known_servers
                ).close()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.25)
        exchange_ms, login_ms = [], []
        for _ in range(calls):
            started = time.perf_counter()
            client = Client.connect_with_site_token(
                server.address, token, known_servers_path=server.known_servers
            )
            exchange_ms.append((time.perf_counter() - started) * 1e3)
            client.close()
            started = time.perf_counter()
            client = server.client(ADMIN_PASSWORD)
            login_ms.append((time.perf_counter() - started) * 1e3)
            client.close()
        site.close()
        exchange, login = statistics.median(exchange_ms), statistics.median(login_ms)
        return {
            "calls": calls,
            "exchange_site_token_ms": {
                "median": round(exchange, 2),
                "p99": round(p99(exchange_ms), 2),
            },
            "password_login_ms": {"median": round(login, 2), "p99": round(p99(login_ms), 2)},
            "ratio_exchange_over_login": round(exchange / login, 3),
            "note": "each call opens a TLS channel (pinned certificate) and the session;"
            " the password login verifies Argon2id on the server",
        }
    finally:
        if server is not None:
            server.stop()
        if directory is not None:
            directory.stop()
        remove_cluster(cluster)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "machine": machine_info(),
        "parameters": vars(args) | {"out": str(out)},
    }
    report["per_check"] = per_check(args.rounds, args.checks)
    with tempfile.TemporaryDirectory(prefix=f"{NAME}-{secrets.token_hex(3)}-") as work:
        report["per_session"] = per_session(args.calls, Path(work))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    check, session = report["per_check"], report["per_session"]
    print(
        f"site token verify   {check['site_token_verify_us']['median']:8.1f} µs  (median of rounds)"
    )
    print(
        f"session check       {check['session_check_us']['median']:8.2f} µs"
        f"  ratio {check['ratio_verify_over_session_check']}"
    )
    print(
        f"ExchangeSiteToken   {session['exchange_site_token_ms']['median']:8.1f} ms  p99"
        f" {session['exchange_site_token_ms']['p99']:.1f}"
    )
    print(
        f"password Login      {session['password_login_ms']['median']:8.1f} ms  p99"
        f" {session['password_login_ms']['p99']:.1f}  ratio {session['ratio_exchange_over_login']}"
    )
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
