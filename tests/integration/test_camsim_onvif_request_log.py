"""camsim's ``--request-log``: each ONVIF request's arrival, noted with the system-wide
monotonic clock, for benchmarks that measure when a camera received a command.

A real camsim (two cameras, credentials required) gets real HTTP requests over
loopback; the file's lines are compared with this process's own ``time.monotonic_ns()``
taken around each request (CLOCK_MONOTONIC is one clock for every process on Linux).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.bytecode import environment
from tests.support.camsim_process import start_camsim

pytestmark = pytest.mark.slow

WAIT_S = 20.0
ENV = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"


def envelope(operation: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tds="{TDS}"><s:Body>'
        f"<tds:{operation}/></s:Body></s:Envelope>"
    ).encode()


async def post(url: str, body: bytes) -> int:
    timeout = aiohttp.ClientTimeout(total=WAIT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        async with session.post(url, data=body, headers=headers) as response:
            await response.read()
            return response.status


def timed_post(url: str, body: bytes) -> tuple[int, int, int]:
    """(before ns, after ns, HTTP status) of one POST."""
    before = time.monotonic_ns()
    status = asyncio.run(post(url, body))
    return before, time.monotonic_ns(), status


def test_every_request_is_noted_with_its_arrival_camera_and_operation(tmp_path: Path) -> None:
    log = tmp_path / "requests.log"
    camsim = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", "admin", "--password", "Log-Pass-7713", "--request-log", str(log)),
        cameras=2,
    )
    try:
        urls = {name: camera.device_url for name, camera in onvif_cameras(camsim).items()}
        # Answered to anyone, refused without credentials, and not SOAP at all: all noted.
        clock = timed_post(urls["cam2"], envelope("GetSystemDateAndTime"))
        refused = timed_post(urls["cam1"], envelope("GetDeviceInformation"))
        garbage = timed_post(urls["cam1"], b"not xml")
    finally:
        camsim.stop()
    assert clock[2] == 200 and refused[2] == 401 and garbage[2] >= 400
    lines = [line.split(" ") for line in log.read_text().splitlines()]
    assert [(camera, op) for _, camera, op in lines] == [
        ("cam2", "GetSystemDateAndTime"),
        ("cam1", "GetDeviceInformation"),
        ("cam1", "-"),
    ]
    for (arrived, _, _), (before, after, _) in zip(lines, [clock, refused, garbage], strict=True):
        assert before <= int(arrived) <= after
    assert "Log-Pass-7713" not in log.read_text()


def test_without_the_option_nothing_is_noted_and_it_needs_onvif(tmp_path: Path) -> None:
    from vedette_server.camsim.cli import build_parser

    assert build_parser().parse_args([]).request_log is None  # off by default
    camsim = [sys.executable, "-m", "vedette_server.camsim.cli", "--cameras", "1"]
    result = subprocess.run(
        [*camsim, "--request-log", str(tmp_path / "log")],
        env=environment(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--request-log: it notes ONVIF requests, give --onvif" in result.stderr
    assert not (tmp_path / "log").exists()


def test_a_log_that_cannot_be_written_stops_camsim_with_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-directory" / "requests.log"
    camsim = [sys.executable, "-m", "vedette_server.camsim.cli", "--cameras", "1", *SMALL]
    onvif = ["--rtsp-port", "0", "--onvif", "--onvif-port", "0", "--discovery-port", "0"]
    result = subprocess.run(
        [*camsim, *onvif, "--request-log", str(missing)],
        env=environment(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "vedette-camsim:" in result.stderr and "requests.log" in result.stderr
    assert "Traceback" not in result.stderr
