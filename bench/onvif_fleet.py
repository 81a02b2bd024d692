"""onvif_fleet: discovering, testing and adding 64 ONVIF cameras through a real server.

    .venv/bin/python bench/onvif_fleet.py                                # 64 cameras, 3 runs
    .venv/bin/python bench/onvif_fleet.py --cameras 4 --repetitions 1 --probes 2   # smoke test

One camsim serves ``--cameras`` ONVIF cameras (``--onvif --onvif-port 0
--discovery-port 0``, camera *i* on its own address 127.0.1.(10+i), credentials
required; small streams, 640x360 + 320x180, since video is not what is measured). Each
repetition runs a real ``vedette-server`` on a fresh data directory and measures,
through the SDK:

- **discovery**: ``client.discover_cameras(targets=[every camera's ADDR:PORT])`` —
  the time from the call until the last camera was streamed back (the server ends the
  call as soon as every unicast target answered). Target: ≤ 3 s for 64. Peer floor: a
  bare asyncio WS-Discovery sender in this script (one UDP socket, the same Probe
  envelope to every camera at once, answers matched by ``RelatesTo`` with a byte
  search, no XML parsing), timed the same way; the ratio vedette / bare.
- **adding** every camera with ``client.add_onvif_camera`` (the server connects,
  reads the device's identity, profiles and stream URIs, stores the camera and has
  it recorded): the total time, sequentially, and with ``--concurrency`` callers at
  once (8: what a console's "add all" would run) on a second fresh server. Target:
  ≤ 15 s. The cameras are added enabled, as the SDK and a console add them, so each
  add starts recording its two streams while the next adds run. For sequential adds,
  camsim's ``--request-log`` splits each call: before its first ONVIF request, from
  first to last request, and from the last request until the call returned.
- **TestCamera**: ``client.test_camera`` of every camera in turn; p50/p99 per call.

Each figure is the median over repetitions (TestCamera: percentiles over every call
of every repetition, and each repetition's own). ``--profile DIR`` records the server
with py-spy during the first repetition's sequential adds (raw collapsed stacks).

Results: ``bench/results/onvif_fleet-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.support, when run as a script

NAME = "onvif_fleet"
TARGET_DISCOVERY_S = 3.0
TARGET_ADD_S = 15.0
USER, PASSWORD = "admin", "Fleet-Bench-Pass-4471"
#: camsim's small streams (tests/conftest.py SMALL): video is not what is measured.
SMALL = ("--main", "640x360", "--sub", "320x180", "--main-kbps", "1000", "--sub-kbps", "256")
ENV = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# -- the bare peer: WS-Discovery by hand ----------------------------------------------------


def probe_envelope(message_id: str) -> bytes:
    """The Probe the server sends (server/vedette_server/onvif/discovery.py), byte for byte."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{ENV}" xmlns:a="{WSA}" xmlns:d="{WSD}" xmlns:dn="{DN}">'
        f"<s:Header><a:Action>{WSD}/Probe</a:Action>"
        f"<a:MessageID>{message_id}</a:MessageID>"
        f"<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
        f"<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
        f"</s:Envelope>"
    ).encode()


class _Answers(asyncio.DatagramProtocol):
    def __init__(self, message_id: bytes, expected: int) -> None:
        self.message_id = message_id
        self.expected = expected
        self.sources: set[str] = set()
        self.done = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: tuple[str | int, int]) -> None:
        if b"ProbeMatches" in data and self.message_id in data:
            self.sources.add(str(addr[0]))
            if len(self.sources) >= self.expected and not self.done.done():
                self.done.set_result(None)


async def bare_discovery(targets: list[tuple[str, int]], timeout_s: float) -> tuple[float, int]:
    """(seconds until every target answered, how many answered) for one Probe sent to
    every target at once from one socket."""
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    message_id = f"urn:uuid:{uuid.uuid4()}"
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)
    sock.bind(("0.0.0.0", 0))
    transport, answers = await loop.create_datagram_endpoint(
        lambda: _Answers(message_id.encode(), len(targets)), sock=sock
    )
    try:
        datagram = probe_envelope(message_id)
        for target in targets:
            transport.sendto(datagram, target)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(answers.done, timeout_s)
        return time.perf_counter() - started, len(answers.sources)
    finally:
        transport.close()


# -- the processes --------------------------------------------------------------------------


@dataclass
class Fleet:
    """The running camsim: its pid, each camera's device (host, port) and discovery
    target ``ADDR:PORT`` in camera order, and its request log."""

    pid: int
    devices: list[tuple[str, int]]
    targets: list[str]
    request_log: Path

    def requests(self) -> list[tuple[int, int]]:
        """(arrival ns, camera index) of every ONVIF request so far."""
        rows = []
        for line in self.request_log.read_text().splitlines():
            at, camera, _ = line.split(" ")
            rows.append((int(at), int(camera.removeprefix("cam")) - 1))
        return rows


@contextlib.contextmanager
def fleet_camsim(cameras: int, work: Path) -> Iterator[Fleet]:
    """camsim with ``cameras`` ONVIF cameras, noting each request's arrival."""
    from tests.integration.onvif_camsim import onvif_cameras
    from tests.support.camsim_process import start_camsim

    request_log = work / "camsim-requests.log"
    camsim = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD, "--request-log", str(request_log)),
        cameras=cameras,
    )
    try:
        found = onvif_cameras(camsim)
        names = [f"cam{i}" for i in range(1, cameras + 1)]
        devices = []
        for name in names:
            host, port = found[name].device_url.split("//", 1)[1].split("/", 1)[0].split(":")
            devices.append((host, int(port)))
        targets = [f"{found[n].discovery_address}:{found[n].discovery_port}" for n in names]
        yield Fleet(camsim.process.pid, devices, targets, request_log)
    finally:
        camsim.stop()


@contextlib.contextmanager
def fresh_server(work: Path, name: str) -> Iterator[Any]:
    """vedette-server on a new data directory (its default volume); stopped at exit."""
    from tests.support.server_process import init_data_dir, start_server

    data = work / name / "data"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr}")
    server = start_server(data, work / name / "known.json", "--segment-seconds", "60")
    try:
        yield server
    finally:
        server.stop()


def _cpu_s(pid: int) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


@contextlib.contextmanager
def profiled(pid: int, out: Path | None) -> Iterator[None]:
    """py-spy records ``pid`` (raw collapsed stacks into ``out``) while the block runs."""
    if out is None:
        yield
        return
    spy = REPO / ".venv" / "bin" / "py-spy"
    out.parent.mkdir(parents=True, exist_ok=True)
    argv = [str(spy), "record", "--pid", str(pid), "--format", "raw", "--rate", "250"]
    argv += ["--subprocesses", "--nonblocking", "-o", str(out)]
    recorder = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)  # py-spy attaches
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        try:
            recorder.wait(30)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait(5)


# -- one repetition -------------------------------------------------------------------------


def vedette_discovery(client: Any, targets: list[str], timeout_s: float) -> dict[str, Any]:
    started = time.perf_counter()
    arrivals = []
    for _ in client.discover_cameras(targets, timeout_s=timeout_s):
        arrivals.append(time.perf_counter() - started)
    total = time.perf_counter() - started
    return {
        "found": len(arrivals),
        "all_s": round(arrivals[-1], 4) if len(arrivals) == len(targets) else None,
        "first_s": round(arrivals[0], 4) if arrivals else None,
        "call_s": round(total, 4),
    }


def add_all(client: Any, fleet: Fleet, concurrency: int, tag: str) -> dict[str, Any]:
    """Add every camera with ``concurrency`` callers: the total, each call's time, and
    (sequential only) where each call's time went, from camsim's request log."""
    devices = fleet.devices
    spans: dict[int, tuple[int, int]] = {}

    def add(index: int) -> int:
        host, port = devices[index]
        started = time.monotonic_ns()
        camera = client.add_onvif_camera(
            f"{tag} {index + 1}", host, port, camera_user=USER, camera_password=PASSWORD
        )
        spans[index] = (started, time.monotonic_ns())
        return int(camera.id)

    started = time.perf_counter()
    if concurrency <= 1:
        ids = [add(i) for i in range(len(devices))]
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            ids = list(pool.map(add, range(len(devices))))
    total = time.perf_counter() - started
    if len(set(ids)) != len(devices):
        raise RuntimeError(f"{len(set(ids))} distinct cameras added of {len(devices)}")
    calls = [(end - begin) / 1e9 for begin, end in spans.values()]
    result: dict[str, Any] = {
        "total_s": round(total, 3),
        "per_call_ms": {"p50": _ms(_percentile(calls, 0.5)), "p99": _ms(_percentile(calls, 0.99))},
    }
    if concurrency <= 1:
        result["per_call_breakdown_ms"] = breakdown(spans, fleet.requests())
    return result


def breakdown(spans: dict[int, tuple[int, int]], requests: list[tuple[int, int]]) -> dict[str, Any]:
    """Medians over sequential calls: call → camsim's first request of it, first → last
    request, last request → the call returned (camsim's last answer, then the server's
    own work: the catalog, the recorder's reconfiguration, the gRPC answer), and how
    many ONVIF requests one call made."""
    before, onvif, after, counts = [], [], [], []
    for index, (begin, end) in spans.items():
        arrivals = sorted(at for at, camera in requests if camera == index and begin <= at <= end)
        if not arrivals:
            continue
        before.append((arrivals[0] - begin) / 1e6)
        onvif.append((arrivals[-1] - arrivals[0]) / 1e6)
        after.append((end - arrivals[-1]) / 1e6)
        counts.append(len(arrivals))
    if not counts:
        return {}
    return {
        "call_to_first_request": round(statistics.median(before), 2),
        "first_to_last_request": round(statistics.median(onvif), 2),
        "last_request_to_return": round(statistics.median(after), 2),
        "last_request_to_return_p90": round(_percentile(after, 0.9), 2),
        "onvif_requests_per_call": statistics.median(counts),
    }


def test_all(client: Any, devices: list[tuple[str, int]]) -> list[float]:
    """Seconds of each TestCamera call, every camera in turn (each must succeed)."""
    from vedette_api.v1 import cameras_pb2

    times = []
    for host, port in devices:
        started = time.perf_counter()
        result = client.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
        times.append(time.perf_counter() - started)
        if result.error != cameras_pb2.ONVIF_ERROR_UNSPECIFIED:
            raise RuntimeError(f"TestCamera {host}:{port}: {result.error_message}")
    return times


def repetition(args: argparse.Namespace, index: int, fleet: Fleet, work: Path) -> dict[str, Any]:
    devices, targets = fleet.devices, fleet.targets
    result: dict[str, Any] = {}
    with fresh_server(work, f"r{index}-a") as server, server.client() as client:
        pid = server.process.pid
        # Discovery: ours and the bare floor, alternating, --probes times each.
        ours, bare = [], []
        pairs = [(host, int(port)) for host, port in (t.split(":") for t in targets)]
        for _ in range(args.probes):
            ours.append(vedette_discovery(client, targets, args.discovery_timeout))
            elapsed, answered = asyncio.run(bare_discovery(pairs, args.discovery_timeout))
            bare.append({"found": answered, "all_s": round(elapsed, 4)})
        result["discovery"] = {"vedette": ours, "bare": bare}

        profile = args.profile / f"adds-sequential-r{index}.txt" if args.profile else None
        cpu0, camsim0 = _cpu_s(pid), _cpu_s(fleet.pid)
        with profiled(pid, profile if index == 0 else None):
            sequential = add_all(client, fleet, 1, "Seq")
        sequential["server_cpu_s"] = round(_cpu_s(pid) - cpu0, 3)
        sequential["camsim_cpu_s"] = round(_cpu_s(fleet.pid) - camsim0, 3)
        result["add_sequential"] = sequential

        cpu0, camsim0 = _cpu_s(pid), _cpu_s(fleet.pid)
        result["test_camera_s"] = [round(t, 5) for t in test_all(client, devices)]
        result["test_camera_server_cpu_s"] = round(_cpu_s(pid) - cpu0, 3)
        result["test_camera_camsim_cpu_s"] = round(_cpu_s(fleet.pid) - camsim0, 3)
    with fresh_server(work, f"r{index}-b") as server, server.client() as client:
        pid = server.process.pid
        cpu0, camsim0 = _cpu_s(pid), _cpu_s(fleet.pid)
        concurrent = add_all(client, fleet, args.concurrency, "Par")
        concurrent["server_cpu_s"] = round(_cpu_s(pid) - cpu0, 3)
        concurrent["camsim_cpu_s"] = round(_cpu_s(fleet.pid) - camsim0, 3)
        result["add_concurrent"] = concurrent
    result["loadavg_after"] = [round(v, 2) for v in os.getloadavg()]
    return result


# -- the report -----------------------------------------------------------------------------


def summarise(runs: list[dict[str, Any]], cameras: int) -> dict[str, Any]:
    def median(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return round(statistics.median(known), 4) if known else None

    ours_all = [p["all_s"] for r in runs for p in r["discovery"]["vedette"]]
    bare_all = [
        p["all_s"] if p["found"] == cameras else None for r in runs for p in r["discovery"]["bare"]
    ]
    ours_median, bare_median = median(ours_all), median(bare_all)
    tests = [t for r in runs for t in r["test_camera_s"]]
    sequential = median([r["add_sequential"]["total_s"] for r in runs])
    concurrent = median([r["add_concurrent"]["total_s"] for r in runs])
    per_camera_ms = round(1000 * sequential / cameras, 1) if sequential else None
    return {
        "discovery_all_s_median": ours_median,
        "discovery_all_s_max": max((v for v in ours_all if v is not None), default=None),
        "discovery_incomplete": sum(1 for v in ours_all if v is None),
        "bare_discovery_all_s_median": bare_median,
        "bare_discovery_incomplete": sum(1 for v in bare_all if v is None),
        "discovery_ratio_vedette_over_bare": (
            round(ours_median / bare_median, 2) if ours_median and bare_median else None
        ),
        "discovery_target_met": ours_median is not None and ours_median <= TARGET_DISCOVERY_S,
        "add_sequential_s_median": sequential,
        "add_concurrent_s_median": concurrent,
        "add_sequential_per_camera_ms": per_camera_ms,
        "add_target_met": {
            "sequential": sequential is not None and sequential <= TARGET_ADD_S,
            "concurrent": concurrent is not None and concurrent <= TARGET_ADD_S,
        },
        "test_camera_ms": {
            "p50": _ms(_percentile(tests, 0.5)),
            "p99": _ms(_percentile(tests, 0.99)),
            "max": _ms(max(tests)),
            "calls": len(tests),
        },
        "test_camera_p50_ms_per_repetition": [
            _ms(_percentile(r["test_camera_s"], 0.5)) for r in runs
        ],
    }


def print_summary(report: dict[str, Any]) -> None:
    p, s = report["parameters"], report["results"]["summary"]
    n = p["cameras"]
    print(f"{n} ONVIF cameras, {p['repetitions']} repetition(s), medians")
    print(
        f"discovery of all {n}: vedette {s['discovery_all_s_median']} s, bare"
        f" {s['bare_discovery_all_s_median']} s, ratio {s['discovery_ratio_vedette_over_bare']}"
        f" (incomplete: {s['discovery_incomplete']} / {s['bare_discovery_incomplete']});"
        f" target ≤ {TARGET_DISCOVERY_S:g} s"
    )
    for run in report["results"]["repetitions"]:
        b = run["add_sequential"].get("per_call_breakdown_ms", {})
        if b:
            print(
                f"  sequential add, ms (median): call→1st request {b['call_to_first_request']},"
                f" 1st→last {b['first_to_last_request']}, last→return"
                f" {b['last_request_to_return']}; {b['onvif_requests_per_call']} requests a call"
            )
    print(
        f"adding all {n}: sequential {s['add_sequential_s_median']} s"
        f" ({s['add_sequential_per_camera_ms']} ms a camera),"
        f" {p['concurrency']} callers {s['add_concurrent_s_median']} s; target ≤ {TARGET_ADD_S:g} s"
    )
    t = s["test_camera_ms"]
    print(f"TestCamera: p50 {t['p50']} ms, p99 {t['p99']} ms, max {t['max']} ms ({t['calls']})")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--cameras", type=int, default=64, help="ONVIF cameras (default 64)")
    p.add_argument("--repetitions", type=int, default=3, help="fresh servers (default 3)")
    p.add_argument("--probes", type=int, default=5, help="discoveries per repetition (default 5)")
    p.add_argument("--concurrency", type=int, default=8, help="concurrent adders (default 8)")
    p.add_argument("--discovery-timeout", type=float, default=10.0, help="seconds (default 10)")
    p.add_argument("--profile", type=Path, metavar="DIR", help="py-spy the first sequential adds")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args(argv)
    if not 1 <= args.cameras <= 200:
        p.error("--cameras must be 1..200")
    if args.repetitions < 1 or args.probes < 1 or args.concurrency < 1:
        p.error("--repetitions, --probes and --concurrency must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {"benchmark": NAME, "started": stamp, "machine": machine_info()}
    report["parameters"] = {
        "cameras": args.cameras,
        "repetitions": args.repetitions,
        "probes_per_repetition": args.probes,
        "concurrency": args.concurrency,
        "discovery_timeout_s": args.discovery_timeout,
        "cameras_enabled": True,
        "camsim": "--onvif --onvif-port 0 --discovery-port 0, credentials, " + " ".join(SMALL),
        "discovery": "SDK discover_cameras(targets=every ADDR:PORT): call → last camera streamed",
        "bare_discovery": "one asyncio UDP socket, the same Probe to every camera at once,"
        " answers matched by RelatesTo bytes",
        "add": "SDK add_onvif_camera per camera, sequential, then concurrent on a fresh server",
    }
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-onvif-fleet-"))
    runs: list[dict[str, Any]] = []
    try:
        with fleet_camsim(args.cameras, work) as fleet:
            for index in range(args.repetitions):
                runs.append(repetition(args, index, fleet, work))
                print(f"repetition {index + 1}/{args.repetitions} done", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["results"] = {"summary": summarise(runs, args.cameras), "repetitions": runs}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
