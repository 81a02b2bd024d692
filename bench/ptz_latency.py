"""ptz_latency: a PTZ move through a real server, to the camera and to the picture.

    .venv/bin/python bench/ptz_latency.py                               # 200 moves, 50 frame moves
    .venv/bin/python bench/ptz_latency.py --samples 10 --frame-samples 4   # smoke test

camsim serves one ONVIF PTZ camera (``--onvif --ptz cam1``, credentials required,
640x360 main stream) with ``--request-log``: it notes every ONVIF request as it
arrives with ``time.monotonic_ns()`` (CLOCK_MONOTONIC, one clock for every process on
Linux), so this script knows when the camera received a command without changing
what camsim does. A real ``vedette-server`` (fresh data directory) has the camera,
added with ``add_onvif_camera`` and recording. Measured:

- **(a) move → ContinuousMove received**: ``control.move(pan=…)`` on an SDK
  ``ptz_control`` stream (acquired once; its ONVIF session warmed up by a few moves
  first) to the camera's arrival of the ContinuousMove it causes. After each move a
  stop, and a pause so that moves stay under the server's 10 a second. p50/p99.
  Target: p99 ≤ 50 ms. Peer floor: the same SOAP ContinuousMove envelope (same
  velocity space, same Timeout, a fresh WS-UsernameToken PasswordDigest for every
  request, as the server's client signs it) POSTed with ``http.client`` on a kept-alive
  connection straight to camsim: from before the envelope is built to its arrival.
  Ratio vedette p50 / bare p50, and the same for p99 (target ≤ 3).
- **(a') the console's path**: the console PTZ panel's ``ControlLink``
  (console/vedette_console/ptz/control.py, the object the joystick drives) on a
  headless Qt application, ``link.move(Velocity(pan=…))`` → arrival, the same way.
- **(b) move → first moved frame**: from ``control.move(pan=1)`` of a still head to
  the first decoded frame whose burned-in PTZ strip (``camsim.ptzcode``) shows a
  changed pan: the server's live stream through the SDK (``client.live``, decoded
  with PyAV as the console does: what an operator sees) and, at the same time, camsim's
  own RTSP stream (PyAV, TCP, no buffering) as a second figure. p50/p99. Target: p99
  ≤ 300 ms. A frame counts when it is decoded in this process (painting is not
  included). camsim renders 25 frames a second: up to 40 ms of every figure is the
  wait for the next frame.

Results: ``bench/results/ptz_latency-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.support, when run as a script

NAME = "ptz_latency"
TARGET_RECEIVED_P99_MS = 50.0
TARGET_RATIO = 3.0
TARGET_FRAME_P99_MS = 300.0
USER, PASSWORD = "admin", "Ptz-Bench-Pass-6620"
MAIN = ("--main", "640x360", "--main-kbps", "1000", "--sub", "none")
#: The server lets 10 moves a second through; a move, a stop and this pause keep under it.
PAUSE_S = 0.25
WARMUP_MOVES = 3
WAIT_S = 10.0
#: A pan this far from the still head's is a moved picture (the strip reads 0.01°).
MOVED_DEG = 0.05
#: Frames in a row with one pan before the head counts as still.
STILL_FRAMES = 4
ENV = "http://www.w3.org/2003/05/soap-envelope"
TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
TT = "http://www.onvif.org/ver10/schema"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
TOKEN_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
SPACES = "http://www.onvif.org/ver10/tptz/"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def figures(samples_ms: list[float]) -> dict[str, Any]:
    if not samples_ms:
        return {"samples": 0}
    return {
        "samples": len(samples_ms),
        "p50": round(_percentile(samples_ms, 0.5), 2),
        "p99": round(_percentile(samples_ms, 0.99), 2),
        "max": round(max(samples_ms), 2),
        "mean": round(statistics.fmean(samples_ms), 2),
    }


# -- camsim's request log --------------------------------------------------------------------


class RequestLog:
    """Reads camsim's ``--request-log`` as it grows: (arrival ns, camera, operation)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._rest = b""

    def new(self) -> list[tuple[int, str, str]]:
        with self.path.open("rb") as f:
            f.seek(self._offset)
            data = f.read()
        self._offset += len(data)
        data = self._rest + data
        *lines, self._rest = data.split(b"\n")
        rows = []
        for line in lines:
            at, camera, operation = line.decode().split(" ")
            rows.append((int(at), camera, operation))
        return rows

    def skip(self) -> None:
        self.new()

    def wait_for(self, operation: str, after_ns: int, timeout_s: float = WAIT_S) -> int:
        """Arrival (ns) of the first ``operation`` that arrived after ``after_ns``."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for at, _, op in self.new():
                if op == operation and at >= after_ns:
                    return at
            time.sleep(0.0005)
        raise TimeoutError(f"camsim received no {operation} within {timeout_s} s")


# -- the bare peer: the SOAP envelope by hand ------------------------------------------------


def security_header(user: str, password: str) -> str:
    """A WS-UsernameToken with PasswordDigest, as onvif-zeep signs every request."""
    nonce = os.urandom(16)
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode()).digest())
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username>"
        f'<wsse:Password Type="{TOKEN_PROFILE}#PasswordDigest">{digest.decode()}</wsse:Password>'
        f'<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/'
        f'oasis-200401-wss-soap-message-security-1.0#Base64Binary">'
        f"{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security>"
    )


def continuous_move(pan: float) -> bytes:
    """ContinuousMove as the server sends it (onvif/ptz.py: generic velocity spaces,
    the driver's 10 s Timeout), signed."""
    return (
        f'<soap-env:Envelope xmlns:soap-env="{ENV}">'
        f"<soap-env:Header>{security_header(USER, PASSWORD)}</soap-env:Header>"
        f'<soap-env:Body><ns0:ContinuousMove xmlns:ns0="{TPTZ}">'
        f"<ns0:ProfileToken>main</ns0:ProfileToken><ns0:Velocity>"
        f'<ns1:PanTilt xmlns:ns1="{TT}" x="{pan}" y="0.0"'
        f' space="{SPACES}PanTiltSpaces/VelocityGenericSpace"/>'
        f'<ns2:Zoom xmlns:ns2="{TT}" x="0.0" space="{SPACES}ZoomSpaces/VelocityGenericSpace"/>'
        f"</ns0:Velocity><ns0:Timeout>PT10S</ns0:Timeout></ns0:ContinuousMove>"
        f"</soap-env:Body></soap-env:Envelope>"
    ).encode()


def stop_envelope() -> bytes:
    return (
        f'<soap-env:Envelope xmlns:soap-env="{ENV}">'
        f"<soap-env:Header>{security_header(USER, PASSWORD)}</soap-env:Header>"
        f'<soap-env:Body><ns0:Stop xmlns:ns0="{TPTZ}"><ns0:ProfileToken>main</ns0:ProfileToken>'
        f"<ns0:PanTilt>true</ns0:PanTilt><ns0:Zoom>true</ns0:Zoom></ns0:Stop>"
        f"</soap-env:Body></soap-env:Envelope>"
    ).encode()


class BarePtz:
    """POSTs to camsim's PTZ service on one kept-alive HTTP connection."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=WAIT_S)

    def post(self, body: bytes) -> None:
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        self.connection.request("POST", "/onvif/ptz_service", body, headers)
        response = self.connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise RuntimeError(f"camsim answered {response.status}: {answer[:300]!r}")

    def move(self, pan: float) -> None:
        self.post(continuous_move(pan))

    def stop(self) -> None:
        self.post(stop_envelope())

    def close(self) -> None:
        self.connection.close()


# -- (a): command → received -----------------------------------------------------------------


def received_latencies(
    move: Callable[[float], None],
    stop: Callable[[], None],
    log: RequestLog,
    samples: int,
    pump: Callable[[float], None] = time.sleep,
) -> list[float]:
    """ms from each ``move(pan)`` to camsim's arrival of its ContinuousMove. ``pump``
    waits (a Qt application processes its events meanwhile)."""
    latencies = []
    for i in range(WARMUP_MOVES + samples):
        pan = 0.5 if i % 2 == 0 else -0.5
        log.skip()
        started = time.monotonic_ns()
        move(pan)
        arrived = _wait_pumped(log, "ContinuousMove", started, pump)
        if i >= WARMUP_MOVES:
            latencies.append((arrived - started) / 1e6)
        stop()
        _wait_pumped(log, "Stop", started, pump)
        pump(PAUSE_S)
    return latencies


def _wait_pumped(
    log: RequestLog, operation: str, after_ns: int, pump: Callable[[float], None]
) -> int:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        for at, _, op in log.new():
            if op == operation and at >= after_ns:
                return at
        pump(0.0005)
    raise TimeoutError(f"camsim received no {operation} within {WAIT_S} s")


# -- (b): move → first moved frame -----------------------------------------------------------


@dataclass
class FrameWatcher:
    """Decodes a stream on a thread; notes (decoded ns, pan°) of every readable frame."""

    name: str
    frames: list[tuple[int, float]] = field(default_factory=list)
    error: str | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, luma: Any) -> None:
        from vedette_server.camsim import ptzcode

        position = ptzcode.read(luma)
        if position is not None:
            with self.lock:
                self.frames.append((time.monotonic_ns(), position.pan_deg))

    def since(self, after_ns: int) -> list[tuple[int, float]]:
        with self.lock:
            return [f for f in self.frames if f[0] >= after_ns]


def watch_live(client: Any, camera_id: int, watcher: FrameWatcher) -> threading.Thread:
    """The server's live stream through the SDK, decoded with PyAV."""
    import av

    def run() -> None:
        try:
            with client.live(camera_id, stream="main") as live:
                extradata = b""
                decoder = av.CodecContext.create("h264", "r")
                for message in live:
                    if watcher.stopping.is_set():
                        break
                    body = message.WhichOneof("body")
                    if body == "start":
                        extradata = message.start.video.extradata
                    elif body == "packet":
                        packet = message.packet
                        data = (extradata if packet.keyframe else b"") + packet.data
                        for frame in decoder.decode(av.Packet(data)):
                            watcher.note(frame.to_ndarray(format="gray"))
        except Exception as error:  # reported in the results, never a silent thread death
            if not watcher.stopping.is_set():
                watcher.error = f"{type(error).__name__}: {error}"

    thread = threading.Thread(target=run, name=f"watch-{watcher.name}", daemon=True)
    thread.start()
    return thread


def watch_rtsp(url: str, watcher: FrameWatcher) -> threading.Thread:
    """camsim's own RTSP stream, decoded with PyAV (TCP, no input buffering)."""
    import av

    def run() -> None:
        options = {"rtsp_transport": "tcp", "fflags": "nobuffer", "flags": "low_delay"}
        try:
            with av.open(url, options=options, timeout=WAIT_S) as container:
                for frame in container.decode(video=0):
                    if watcher.stopping.is_set():
                        break
                    watcher.note(frame.to_ndarray(format="gray"))
        except Exception as error:
            if not watcher.stopping.is_set():
                watcher.error = f"{type(error).__name__}: {error}"

    thread = threading.Thread(target=run, name=f"watch-{watcher.name}", daemon=True)
    thread.start()
    return thread


def still_pan(watcher: FrameWatcher, timeout_s: float = WAIT_S) -> float:
    """The pan once the last ``STILL_FRAMES`` frames all show the same one."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with watcher.lock:
            last = [pan for _, pan in watcher.frames[-STILL_FRAMES:]]
        if len(last) == STILL_FRAMES and max(last) - min(last) < 0.005:
            return last[-1]
        time.sleep(0.02)
    raise TimeoutError(f"{watcher.name}: the head did not come to rest ({watcher.error})")


def first_moved(watcher: FrameWatcher, after_ns: int, rest: float) -> int | None:
    for at, pan in watcher.since(after_ns):
        if abs((pan - rest + 180.0) % 360.0 - 180.0) >= MOVED_DEG:
            return at
    return None


def frame_latencies(
    control: Any, watchers: list[FrameWatcher], samples: int
) -> dict[str, list[float]]:
    """ms from ``control.move(pan=±1)`` of a still head to each watcher's first moved frame."""
    results: dict[str, list[float]] = {w.name: [] for w in watchers}
    for i in range(samples):
        rests = {w.name: still_pan(w) for w in watchers}
        started = time.monotonic_ns()
        control.move(pan=1.0 if i % 2 == 0 else -1.0)
        deadline = time.monotonic() + WAIT_S
        seen: dict[str, int] = {}
        while len(seen) < len(watchers) and time.monotonic() < deadline:
            for w in watchers:
                if w.name not in seen and (at := first_moved(w, started, rests[w.name])):
                    seen[w.name] = at
            time.sleep(0.002)
        control.stop()
        for w in watchers:
            if w.name not in seen:
                raise TimeoutError(f"{w.name}: no moved frame within {WAIT_S} s ({w.error})")
            results[w.name].append((seen[w.name] - started) / 1e6)
        time.sleep(PAUSE_S)
    return results


# -- (a'): the console's ControlLink, headless -----------------------------------------------


def console_latencies(client: Any, camera_id: int, log: RequestLog, samples: int) -> list[float]:
    """(a) through the console panel's ControlLink on an offscreen Qt application."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from vedette_console.ptz.control import ControlLink, Velocity
    from vedette_console.session import Session

    app = QApplication.instance() or QApplication([])
    session = Session()
    session.adopt(client)
    link = ControlLink(session)
    failures: list[str] = []
    link.failed.connect(failures.append)
    link.set_camera(camera_id)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            app.processEvents()
            if failures:
                raise RuntimeError(f"the console's control stream failed: {failures[0]}")
            if time.monotonic() >= end:
                return
            time.sleep(min(0.0005, max(0.0, end - time.monotonic())))

    try:
        return received_latencies(
            lambda pan: link.move(Velocity(pan=pan)), link.stop, log, samples, pump
        )
    finally:
        link.close()
        pump(0.2)
        link.join(5.0)


# -- the run ---------------------------------------------------------------------------------


@contextlib.contextmanager
def ptz_setup(work: Path) -> Iterator[tuple[Any, Any, Any, int, RequestLog, tuple[str, int]]]:
    """(camsim, server, client, camera id, request log, camera (host, port))."""
    from tests.integration.onvif_camsim import onvif_cameras
    from tests.support.camsim_process import start_camsim
    from tests.support.server_process import init_data_dir, start_server

    log_path = work / "requests.log"
    camsim = start_camsim(
        *MAIN,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        *("--user", USER, "--password", PASSWORD, "--request-log", str(log_path)),
        cameras=1,
    )
    server = None
    try:
        device_url = onvif_cameras(camsim)["cam1"].device_url
        host, port = device_url.split("//")[1].split("/")[0].split(":")
        init = init_data_dir(work / "data")
        if init.returncode != 0:
            raise RuntimeError(f"vedette-server init failed: {init.stderr}")
        server = start_server(work / "data", work / "known.json", "--segment-seconds", "60")
        with server.client() as client:
            camera = client.add_onvif_camera(
                "PTZ bench", host, int(port), camera_user=USER, camera_password=PASSWORD
            )
            yield camsim, server, client, int(camera.id), RequestLog(log_path), (host, int(port))
    finally:
        if server is not None:
            server.stop()
        camsim.stop()


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with ptz_setup(work) as (camsim, _, client, camera_id, log, (host, port)):
        # (b) first, while nothing else runs: both pictures watched at once.
        live = FrameWatcher("server_live_sdk")
        rtsp = FrameWatcher("camsim_rtsp_direct")
        threads = [watch_live(client, camera_id, live), watch_rtsp(camsim.url("cam1"), rtsp)]
        with client.ptz_control(camera_id) as control:
            first = control.next_event()
            if first is None or first.WhichOneof("event") != "granted":
                raise RuntimeError(f"PTZ control not granted: {first}")
            try:
                frames = frame_latencies(control, [live, rtsp], args.frame_samples)
            finally:
                live.stopping.set()
                rtsp.stopping.set()
            results["move_to_moved_frame_ms"] = {name: figures(v) for name, v in frames.items()}
            results["move_to_moved_frame_raw_ms"] = {
                name: [round(x, 2) for x in v] for name, v in frames.items()
            }
            # (a) the SDK's control stream.
            ours = received_latencies(
                lambda pan: control.move(pan=pan), control.stop, log, args.samples
            )
            control.finish()
        for thread in threads:
            thread.join(WAIT_S)
        # (a) the bare floor.
        bare_ptz = BarePtz(host, port)
        try:
            bare = received_latencies(bare_ptz.move, bare_ptz.stop, log, args.samples)
        finally:
            bare_ptz.close()
        results["move_to_received_ms"] = {"vedette_sdk": figures(ours), "bare_http": figures(bare)}
        results["move_to_received_raw_ms"] = {
            "vedette_sdk": [round(x, 3) for x in ours],
            "bare_http": [round(x, 3) for x in bare],
        }
        ratio = {
            "p50": round(_percentile(ours, 0.5) / _percentile(bare, 0.5), 2),
            "p99": round(_percentile(ours, 0.99) / _percentile(bare, 0.99), 2),
        }
        results["ratio_vedette_over_bare"] = ratio
        # (a') the console's path.
        if args.console:
            try:
                console = console_latencies(client, camera_id, log, args.samples)
                results["move_to_received_ms"]["console_control_link"] = figures(console)
                results["move_to_received_raw_ms"]["console_control_link"] = [
                    round(x, 3) for x in console
                ]
            except Exception as error:  # the console's path is optional; say why it failed
                results["console_error"] = f"{type(error).__name__}: {error}"
    received = results["move_to_received_ms"]["vedette_sdk"]
    frame = results["move_to_moved_frame_ms"]["server_live_sdk"]
    results["targets_met"] = {
        "received_p99": received["p99"] <= TARGET_RECEIVED_P99_MS,
        "ratio_p99": results["ratio_vedette_over_bare"]["p99"] <= TARGET_RATIO,
        "moved_frame_p99": frame["p99"] <= TARGET_FRAME_P99_MS,
    }
    return results


def print_summary(report: dict[str, Any]) -> None:
    r = report["results"]
    print("PTZ latency (ms)")
    print(f"{'':34}{'p50':>8}{'p99':>8}{'max':>8}{'n':>6}")
    rows = [(f"move → received ({k})", v) for k, v in r["move_to_received_ms"].items()]
    rows += [(f"move → moved frame ({k})", v) for k, v in r["move_to_moved_frame_ms"].items()]
    for name, f in rows:
        print(f"{name[:34]:34}{f['p50']:>8.2f}{f['p99']:>8.2f}{f['max']:>8.2f}{f['samples']:>6}")
    ratio = r["ratio_vedette_over_bare"]
    print(f"ratio vedette / bare: p50 {ratio['p50']}, p99 {ratio['p99']} (≤ {TARGET_RATIO:g})")
    if "console_error" in r:
        print(f"console path not measured: {r['console_error']}")
    print(
        f"targets: received p99 ≤ {TARGET_RECEIVED_P99_MS:g} ms, moved frame p99 ≤"
        f" {TARGET_FRAME_P99_MS:g} ms: {r['targets_met']}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--samples", type=int, default=200, help="moves per path for (a)")
    p.add_argument("--frame-samples", type=int, default=50, help="moves for (b)")
    p.add_argument("--no-console", dest="console", action="store_false", help="skip (a')")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args(argv)
    if args.samples < 1 or args.frame_samples < 1:
        p.error("--samples and --frame-samples must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {"benchmark": NAME, "started": stamp, "machine": machine_info()}
    report["parameters"] = {
        "samples": args.samples,
        "frame_samples": args.frame_samples,
        "warmup_moves": WARMUP_MOVES,
        "pause_s": PAUSE_S,
        "camsim": "one ONVIF PTZ camera, credentials, " + " ".join(MAIN),
        "received": "control.move → camsim's --request-log arrival (time.monotonic_ns)",
        "bare_http": "http.client POST, kept-alive, same ContinuousMove + WS-UsernameToken",
        "moved_frame": f"control.move(pan=±1) → first decoded frame whose strip pan moved"
        f" ≥ {MOVED_DEG}°",
    }
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-ptz-"))
    try:
        report["results"] = measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
