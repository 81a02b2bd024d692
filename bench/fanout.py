"""fanout: live fan-out of one camera to 1, 8 and 32 gRPC clients (TLS) and 8 RTSP clients.

    .venv/bin/python bench/fanout.py                              # 1080p, 10 s windows
    .venv/bin/python bench/fanout.py --small --seconds 4 --clients 1,8   # smoke test

One camsim camera (H.264 1920x1080 25 fps 4000 kbit/s; ``--small``: 640x360 1000
kbit/s) is recorded by a real ``vedette-server`` (TLS, its RTSP re-streaming on an
ephemeral port), run by this script in ``--serve`` mode so that it can note when each
video packet of the camera reaches the live hub (wall clock, µs).

Clients run in child processes (asyncio; each gRPC client on its own TLS connection,
each RTSP client on its own TCP connection with RTP interleaved) and note when each
video packet arrives. Measured per configuration:

- **added latency**: arrival at the client minus arrival at the hub, for the same
  packet (gRPC: by ``timestamp_us``; RTSP: the RTP timestamp mapped back to
  ``timestamp_us`` through the sender report, exact to one 90 kHz tick). It is what
  the fan-out adds (hub queue, servicer, gRPC/TLS or RTP packetization, loopback
  TCP, the client's own scheduling), not the camera-to-server path. p50, p99, max.
  Target: p99 ≤ 20 ms.
- **server CPU** (main process; the ingest workers apart) over the window, in % of
  one core, and the CPU per additional client: (CPU(N) − CPU(1)) / (N − 1).
- delivered frames per client (a client that falls behind is skipped, so the rate
  shows whether every client kept up).

Results: ``bench/results/fanout-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import bisect
import contextlib
import datetime as dt
import json
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.support, when run as a script

NAME = "fanout"
TARGET_P99_MS = 20.0
NTP_EPOCH_OFFSET_S = 2_208_988_800


def now_us() -> int:
    return time.time_ns() // 1000


# -- the server, with the hub's arrival times ---------------------------------------------


def serve(data: Path, arrivals_path: Path) -> int:
    """Run vedette-server on ``data``, noting hub arrivals; dump them at SIGTERM."""
    from vedette_api.media.packet import PacketKind
    from vedette_server.composition import ServerConfig, build_server
    from vedette_server.datadir import DataDir
    from vedette_server.ingest.messages import Packet, WorkerMessage

    #: [camera id, stream, timestamp µs, hub arrival µs] of every video packet.
    arrivals: list[tuple[int, str, int, int]] = []

    async def run() -> None:
        config = ServerConfig(
            data=DataDir(data),
            port=0,
            local_socket=None,
            rtsp_host="127.0.0.1",
            rtsp_port=0,
            segment_seconds=60.0,
        )
        server = await build_server(config)
        deliver = server.live_hubs.on_message

        def noted(message: WorkerMessage) -> None:
            if isinstance(message, Packet) and message.packet.kind == PacketKind.VIDEO:
                packet = message.packet
                arrivals.append((message.camera_id, message.stream, packet.timestamp_us, now_us()))
            deliver(message)

        server.recorder.on_live = noted
        await server.start()
        assert server.restream is not None
        print(f"vedette-server RTSP on 127.0.0.1:{server.restream.port}", flush=True)
        print(f"vedette-server ready on 127.0.0.1:{server.port}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        arrivals_path.write_text(json.dumps(arrivals))
        await server.aclose()

    asyncio.run(run())
    return 0


# -- gRPC clients -------------------------------------------------------------------------


async def grpc_clients(spec: dict[str, Any]) -> dict[str, Any]:
    import grpc

    from vedette_api.v1 import media_pb2, media_pb2_grpc

    credentials = grpc.ssl_channel_credentials(root_certificates=spec["cert"].encode())
    options = [
        ("grpc.ssl_target_name_override", spec["target_name"]),
        ("grpc.use_local_subchannel_pool", 1),  # one TCP connection per client
        ("grpc.max_receive_message_length", 8 << 20),
    ]
    metadata = (("authorization", f"Bearer {spec['token']}"),)

    async def one() -> dict[str, Any]:
        rows: list[tuple[int, int]] = []
        skips = 0
        async with grpc.aio.secure_channel(spec["address"], credentials, options) as channel:
            call = media_pb2_grpc.MediaServiceStub(channel).Live(
                media_pb2.LiveRequest(camera_id=spec["camera_id"]), metadata=metadata
            )
            async for message in call:
                at = now_us()
                if at >= spec["end_us"]:
                    call.cancel()
                    break
                body = message.WhichOneof("body")
                if body == "skipped" and at >= spec["record_us"]:
                    skips += 1
                elif (
                    body == "packet"
                    and message.packet.kind == media_pb2.PACKET_KIND_VIDEO
                    and at >= spec["record_us"]
                ):
                    rows.append((message.packet.timestamp_us, at))
        return {"rows": rows, "skips": skips}

    results = await asyncio.gather(*(one() for _ in range(spec["count"])))
    return {"clients": list(results)}


# -- RTSP clients -------------------------------------------------------------------------


async def _rtsp_request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    lines: list[str],
) -> tuple[int, dict[str, str], bytes]:
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(status_line.split()[1]), headers, body


async def rtsp_clients(spec: dict[str, Any]) -> dict[str, Any]:
    basic = base64.b64encode(f"{spec['user']}:{spec['password']}".encode()).decode()
    url = f"rtsp://127.0.0.1:{spec['rtsp_port']}/{spec['camera_id']}/main"

    async def one() -> dict[str, Any]:
        reader, writer = await asyncio.open_connection("127.0.0.1", spec["rtsp_port"])
        auth = f"Authorization: Basic {basic}"
        status, headers, _ = await _rtsp_request(
            reader, writer, [f"DESCRIBE {url} RTSP/1.0", "CSeq: 1", auth]
        )
        assert status == 200, f"DESCRIBE: {status}"
        base = headers.get("content-base", url + "/")
        transport = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"
        status, headers, _ = await _rtsp_request(
            reader, writer, [f"SETUP {base}trackID=0 RTSP/1.0", "CSeq: 2", auth, transport]
        )
        assert status == 200, f"SETUP: {status}"
        session = headers["session"].split(";")[0]
        status, _, _ = await _rtsp_request(
            reader, writer, [f"PLAY {url} RTSP/1.0", "CSeq: 3", auth, f"Session: {session}"]
        )
        assert status == 200, f"PLAY: {status}"
        rows: list[tuple[int, int]] = []
        mapping: tuple[int, int] | None = None  # (NTP µs, RTP timestamp) of a sender report
        while True:
            head = await reader.readexactly(4)
            at = now_us()
            if at >= spec["end_us"]:
                break
            _, channel, size = struct.unpack(">BBH", head)
            payload = await reader.readexactly(size)
            if channel == 1 and len(payload) >= 20 and payload[1] == 200:
                ntp_s, ntp_frac, rtp = struct.unpack_from(">IIL", payload, 8)
                wall = (ntp_s - NTP_EPOCH_OFFSET_S) * 1_000_000 + (ntp_frac * 1_000_000 >> 32)
                mapping = (wall, rtp)
            elif channel == 0 and payload[1] & 0x80 and mapping is not None:  # marker: AU end
                (rtp,) = struct.unpack_from(">L", payload, 4)
                ticks = (rtp - mapping[1] + (1 << 31)) % (1 << 32) - (1 << 31)
                if at >= spec["record_us"]:
                    rows.append((mapping[0] + ticks * 1_000_000 // 90_000, at))
        writer.close()
        return {"rows": rows, "skips": 0}

    results = await asyncio.gather(*(one() for _ in range(spec["count"])))
    return {"clients": list(results)}


def client_process(spec_path: Path) -> int:
    spec = json.loads(spec_path.read_text())
    run = grpc_clients if spec["kind"] == "grpc" else rtsp_clients
    result = asyncio.run(run(spec))
    Path(spec["out"]).write_text(json.dumps(result))
    return 0


# -- the orchestration ------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _cpu_s(pid: int) -> tuple[float, float]:
    """(main process, its children) CPU seconds, user + system."""
    import psutil

    process = psutil.Process(pid)
    times = process.cpu_times()
    children = 0.0
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child_times = child.cpu_times()
            children += child_times.user + child_times.system
    return times.user + times.system, children


def run_configuration(
    kind: str, count: int, base_spec: dict[str, Any], server_pid: int, args: argparse.Namespace,
    work: Path,
) -> dict[str, Any]:  # fmt: skip
    """Start ``count`` clients of ``kind``, measure the window; raw per-client rows."""
    start = now_us() + int(args.warmup * 1e6) + 2_000_000  # connections and logins first
    end = start + int(args.seconds * 1e6)
    processes = []
    per_process = max(1, -(-count // args.client_processes)) if count else 0
    remaining = count
    index = 0
    while remaining > 0:
        n = min(per_process, remaining)
        spec = dict(base_spec, kind=kind, count=n, record_us=start, end_us=end)
        spec["out"] = str(work / f"{kind}-{count}-{index}.json")
        path = work / f"{kind}-{count}-{index}.spec.json"
        path.write_text(json.dumps(spec))
        processes.append(
            (subprocess.Popen([sys.executable, __file__, "--client", str(path)]), Path(spec["out"]))
        )
        remaining -= n
        index += 1
    time.sleep(max(0.0, (start - now_us()) / 1e6))
    main0, workers0 = _cpu_s(server_pid)
    time.sleep(max(0.0, (end - now_us()) / 1e6))
    main1, workers1 = _cpu_s(server_pid)
    clients: list[dict[str, Any]] = []
    for process, out in processes:
        process.wait(60 + args.seconds)
        if process.returncode != 0:
            raise RuntimeError(f"a {kind} client process failed ({process.returncode})")
        clients += json.loads(out.read_text())["clients"]
    window_s = (end - start) / 1e6
    return {
        "kind": kind,
        "clients": count,
        "window_s": window_s,
        "server_cpu_percent": round(100 * (main1 - main0) / window_s, 2),
        "workers_cpu_percent": round(100 * (workers1 - workers0) / window_s, 2),
        "raw": clients,
    }


def latency_figures(run: dict[str, Any], arrivals: list[tuple[int, int]]) -> dict[str, Any]:
    """Added latency of every matched packet of every client of a run."""
    stamps = [ts for ts, _ in arrivals]
    hub = dict(arrivals)
    added_ms: list[float] = []
    frames: list[int] = []
    skips = 0
    for client in run.pop("raw"):
        frames.append(len(client["rows"]))
        skips += client["skips"]
        for ts, at in client["rows"]:
            i = bisect.bisect_left(stamps, ts - 100)  # RTSP: within one 90 kHz tick
            if i < len(stamps) and abs(stamps[i] - ts) <= 100:
                added_ms.append((at - hub[stamps[i]]) / 1000)
    figures: dict[str, Any] = dict(run)
    window_s = run["window_s"]
    figures["frames_per_client_per_s"] = {
        "min": round(min(frames) / window_s, 2) if frames else 0,
        "median": round(statistics.median(frames) / window_s, 2) if frames else 0,
    }
    figures["skips"] = skips
    figures["matched_packets"] = len(added_ms)
    if added_ms:
        figures["added_latency_ms"] = {
            "p50": round(_percentile(added_ms, 0.5), 2),
            "p99": round(_percentile(added_ms, 0.99), 2),
            "max": round(max(added_ms), 2),
        }
        figures["target_p99_met"] = figures["added_latency_ms"]["p99"] <= TARGET_P99_MS
    return figures


@dataclass
class NotedServer:
    """A ``--serve`` server recording camsim cameras, signed in as admin."""

    process: subprocess.Popen[str]
    address: str
    port: int
    rtsp_port: int
    known: Path
    client: Any  # vedette_api.client.Client
    camera_ids: list[int]
    arrivals_path: Path

    def arrivals(self) -> list[tuple[int, str, int, int]]:
        """[camera id, stream, timestamp µs, hub arrival µs], once the server stopped."""
        return [tuple(row) for row in json.loads(self.arrivals_path.read_text())]  # type: ignore[misc]


@contextlib.contextmanager
def noted_server(work: Path, camsim_args: tuple[str, ...], cameras: int) -> Iterator[NotedServer]:
    """camsim with ``cameras`` cameras (main streams only), this script's ``--serve``
    server on a fresh data directory with a volume, every camera recording. At exit
    the server is stopped (SIGTERM: it writes the arrivals) and camsim too."""
    from tests.support.camsim_process import start_camsim
    from tests.support.child_process import start_until_line
    from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, wait_for

    from vedette_api.client import Client

    camsim = start_camsim(*camsim_args, "--sub", "none", cameras=cameras)
    process = None
    try:
        data = work / "data"
        init = init_data_dir(data)
        assert init.returncode == 0, init.stderr
        arrivals_path = work / "arrivals.json"
        argv = [sys.executable, __file__, "--serve", str(data), "--arrivals", str(arrivals_path)]
        process, line, seen = start_until_line(argv, "vedette-server ready on", 60)
        port = int(line.rsplit(":", 1)[1])
        rtsp_port = int([x for x in seen if "RTSP on" in x][-1].rsplit(":", 1)[1])
        address = f"127.0.0.1:{port}"
        known = work / "known.json"
        with Client.connect(
            address, username="admin", password=ADMIN_PASSWORD, known_servers_path=known
        ) as client:
            ids = [
                client.create_camera(f"cam{i}", camsim.url(f"cam{i}", "main")).id
                for i in range(1, cameras + 1)
            ]
            wait_for(
                lambda: all(s.recording for s in client.get_recording_status(ids)),
                60,
                "every camera recording",
            )
            yield NotedServer(process, address, port, rtsp_port, known, client, ids, arrivals_path)
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            process.wait(30)
        camsim.stop()


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from tests.support.server_process import ADMIN_PASSWORD

    from vedette_api.client.pinning import pin_server_certificate

    size = ("--main", "640x360", "--main-kbps", "1000") if args.small else ()
    with noted_server(work, size, 1) as served:
        # The clients share one session: logins are not what is measured.
        token = served.client.metadata[0][1].removeprefix("Bearer ")
        pin = pin_server_certificate("127.0.0.1", served.port, known_servers_path=served.known)
        base = {
            "address": served.address,
            "cert": pin.certificate_pem,
            "target_name": pin.target_name,
            "token": token,
            "camera_id": served.camera_ids[0],
            "rtsp_port": served.rtsp_port,
            "user": "admin",
            "password": ADMIN_PASSWORD,
        }
        pid = served.process.pid
        # No viewer first: live is off, the workers forward nothing.
        idle = run_configuration("grpc", 0, base, pid, args, work)
        runs = [run_configuration("grpc", n, base, pid, args, work) for n in args.clients]
        runs.append(run_configuration("rtsp", args.rtsp_clients, base, pid, args, work))
    arrivals = sorted((ts, at) for _, stream, ts, at in served.arrivals() if stream == "main")
    figures = [latency_figures(run, arrivals) for run in runs]
    idle.pop("raw")
    results: dict[str, Any] = {"idle": idle, "runs": figures}
    grpc_runs = {r["clients"]: r for r in figures if r["kind"] == "grpc"}
    if 1 in grpc_runs:
        one = grpc_runs[1]["server_cpu_percent"]
        results["server_cpu_percent_per_additional_grpc_client"] = {
            str(n): round((r["server_cpu_percent"] - one) / (n - 1), 3)
            for n, r in grpc_runs.items()
            if n > 1
        }
        rtsp = next(r for r in figures if r["kind"] == "rtsp")
        results["server_cpu_percent_per_rtsp_client"] = round(
            (rtsp["server_cpu_percent"] - idle["server_cpu_percent"]) / max(1, rtsp["clients"]), 3
        )
    return results


def print_summary(report: dict[str, Any]) -> None:
    results = report["results"]
    print(f"live fan-out of one camera ({report['parameters']['stream']})")
    print(
        f"{'':14}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'cpu %':>8}{'fps/client':>11}{'skips':>7}"
    )
    for run in results["runs"]:
        lat = run.get("added_latency_ms", {"p50": 0, "p99": 0, "max": 0})
        name = f"{run['kind']} × {run['clients']}"
        print(
            f"{name:14}{lat['p50']:>8.2f}{lat['p99']:>8.2f}{lat['max']:>8.2f}"
            f"{run['server_cpu_percent']:>8.1f}{run['frames_per_client_per_s']['min']:>11.1f}"
            f"{run['skips']:>7}"
        )
    print(f"idle (no viewer): server cpu {results['idle']['server_cpu_percent']:.1f} %")
    per = results.get("server_cpu_percent_per_additional_grpc_client", {})
    for n, value in per.items():
        print(f"cpu per additional gRPC client (1 → {n}): {value:.2f} % of a core")
    if "server_cpu_percent_per_rtsp_client" in results:
        value = results["server_cpu_percent_per_rtsp_client"]
        print(f"cpu per RTSP client: {value:.2f} % of a core")
    print(f"target: added latency p99 ≤ {TARGET_P99_MS:g} ms")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--clients", default="1,8,32", help="gRPC client counts (default 1,8,32)")
    p.add_argument("--rtsp-clients", type=int, default=8, help="RTSP clients (default 8)")
    p.add_argument("--seconds", type=float, default=10.0, help="measurement window per run")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds before each window")
    p.add_argument("--client-processes", type=int, default=2, help="client processes per run")
    p.add_argument("--small", action="store_true", help="640x360 at 1000 kbit/s, not 1080p")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--arrivals", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--client", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve is None and args.client is None:
        args.clients = [int(n) for n in args.clients.split(",")]
        if any(n < 1 for n in args.clients) or args.rtsp_clients < 1 or args.seconds <= 0:
            p.error("client counts and --seconds must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve is not None:
        return serve(args.serve, args.arrivals)
    if args.client is not None:
        return client_process(args.client)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {"benchmark": NAME, "started": stamp, "machine": machine_info()}
    stream = (
        "H.264 640x360 25 fps 1000 kbit/s" if args.small else "H.264 1920x1080 25 fps 4000 kbit/s"
    )
    report["parameters"] = {
        "stream": stream,
        "grpc_clients": args.clients,
        "rtsp_clients": args.rtsp_clients,
        "window_s": args.seconds,
        "warmup_s": args.warmup,
        "client_processes": args.client_processes,
        "transport": "gRPC over TLS (one connection per client); RTSP over TCP, interleaved",
        "latency": "client arrival minus live-hub arrival of the same packet",
    }
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-fanout-"))
    try:
        report["results"] = measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
