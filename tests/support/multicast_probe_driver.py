"""Run inside a private network namespace (tests/support/netns.py), never on the host.

Listens on the WS-Discovery group, starts camsim with ``--discovery-multicast``, runs
the server's own prober (``vedette_server.onvif.discovery.probe``) with multicast and
no unicast targets, then a real ``vedette-server`` and its ``CameraService.Discover``
with ``multicast`` through the SDK, stops camsim, and writes what happened to
``OUT_DIR``: ``found.json`` (the devices the prober yielded), ``via_server.json``
(what Discover streamed), and every datagram heard on the group as ``group-N.xml``
(camsim's Hello and Bye among them; the probes too, since multicast loops back).

    python -m tests.support.multicast_probe_driver OUT_DIR CAMSIM_ARG…
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.support.server_process import init_data_dir, start_server
from vedette_server.onvif.discovery import MULTICAST_GROUP, WSD_PORT, probe

READY_TIMEOUT_S = 300.0
PROBE_TIMEOUT_S = 5.0
BYE_WAIT_S = 3.0


def listen(sock: socket.socket, out_dir: Path, stop: threading.Event) -> None:
    count = 0
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            data, _ = sock.recvfrom(65_535)
        except TimeoutError:
            continue
        (out_dir / f"group-{count}.xml").write_bytes(data)
        count += 1


def group_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((MULTICAST_GROUP, WSD_PORT))
    index = socket.if_nametoindex("lo")
    membership = struct.pack(
        "=4s4si", socket.inet_aton(MULTICAST_GROUP), socket.inet_aton("0.0.0.0"), index
    )
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    return sock


async def discover() -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    async for device in probe([], PROBE_TIMEOUT_S, multicast=True):
        found.append(
            {
                "endpoint": device.endpoint,
                "xaddrs": list(device.xaddrs),
                "name": device.name,
                "source": device.source,
            }
        )
    return found


def discover_through_server(out_dir: Path) -> list[dict[str, object]]:
    """``CameraService.Discover(multicast=True)`` of a real server started here."""
    data = out_dir / "data"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-500:]}")
    server = start_server(data, out_dir / "known_servers")
    try:
        client = server.client()
        try:
            answers = list(client.discover_cameras(timeout_s=PROBE_TIMEOUT_S, multicast=True))
        finally:
            client.close()
    finally:
        server.stop()
    return [
        {"name": a.name, "address": a.address, "port": a.port, "xaddrs": list(a.xaddrs)}
        for a in answers
    ]


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0])
    sock = group_socket()
    stop = threading.Event()
    listener = threading.Thread(target=listen, args=(sock, out_dir, stop), daemon=True)
    listener.start()
    log = (out_dir / "camsim.log").open("w")
    camsim = subprocess.Popen(
        [sys.executable, "-m", "vedette_server.camsim.cli", "--rtsp-port", "0", *argv[1:]],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while "camsim ready:" not in (out_dir / "camsim.log").read_text():
            if camsim.poll() is not None or time.monotonic() > deadline:
                print("camsim did not get ready", file=sys.stderr)
                return 2
            time.sleep(0.5)
        found = asyncio.run(discover())
        (out_dir / "found.json").write_text(json.dumps(found))
        (out_dir / "via_server.json").write_text(json.dumps(discover_through_server(out_dir)))
    finally:
        camsim.send_signal(signal.SIGTERM)
        try:
            camsim.wait(30)
        except subprocess.TimeoutExpired:
            camsim.kill()
            camsim.wait(10)
        time.sleep(BYE_WAIT_S)  # the Bye datagrams are on their way through lo
        stop.set()
        listener.join(5)
        sock.close()
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
