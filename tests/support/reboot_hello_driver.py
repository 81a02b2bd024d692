"""Run inside a private network namespace (tests/support/netns.py), never on the host.

Listens on the WS-Discovery group, starts camsim with ``--discovery-multicast`` and a
``reboot`` fault (CAMSIM_ARG…), waits until camsim says it is back from the reboot
and the camera's second Hello was heard, asks the camera's clock over ONVIF (it must
answer again), stops camsim, and writes to ``OUT_DIR``: every datagram heard on the
group as ``group-N.xml`` (numbered in arrival order), ``camsim.log`` and
``answered.txt`` (the HTTP status of the GetSystemDateAndTime after the reboot).

    python -m tests.support.reboot_hello_driver OUT_DIR CAMSIM_ARG…
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.support.multicast_probe_driver import BYE_WAIT_S, group_socket, listen

READY_TIMEOUT_S = 300.0
BACK_TIMEOUT_S = 180.0
HTTP_TIMEOUT_S = 30.0
_DEVICE = re.compile(r"^onvif cam1 (http://\S+) discovery", re.MULTILINE)
_ASK_CLOCK = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
    b' xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
    b"<s:Body><tds:GetSystemDateAndTime/></s:Body></s:Envelope>"
)


def wait_until(condition: object, timeout_s: float, camsim: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        if camsim.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def hellos(out_dir: Path) -> int:
    return sum(b":Hello" in path.read_bytes() for path in out_dir.glob("group-*.xml"))


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0])
    log_path = out_dir / "camsim.log"
    sock = group_socket()
    stop = threading.Event()
    listener = threading.Thread(target=listen, args=(sock, out_dir, stop), daemon=True)
    listener.start()
    log = log_path.open("w")
    camsim = subprocess.Popen(
        [sys.executable, "-m", "vedette_server.camsim.cli", "--rtsp-port", "0", *argv[1:]],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        if not wait_until(lambda: "camsim ready:" in log_path.read_text(), READY_TIMEOUT_S, camsim):
            print("camsim did not get ready", file=sys.stderr)
            return 2
        back = wait_until(
            lambda: "back from reboot" in log_path.read_text() and hellos(out_dir) >= 2,
            BACK_TIMEOUT_S,
            camsim,
        )
        if not back:
            print("no reboot and second Hello", file=sys.stderr)
            return 3
        match = _DEVICE.search(log_path.read_text())
        assert match is not None
        request = urllib.request.Request(
            match[1],
            data=_ASK_CLOCK,
            headers={"Content-Type": "application/soap+xml; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as answer:
            (out_dir / "answered.txt").write_text(str(answer.status))
    finally:
        camsim.send_signal(signal.SIGTERM)
        try:
            camsim.wait(30)
        except subprocess.TimeoutExpired:
            camsim.kill()
            camsim.wait(10)
        time.sleep(BYE_WAIT_S)  # the last Bye is on its way through lo
        stop.set()
        listener.join(5)
        sock.close()
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
