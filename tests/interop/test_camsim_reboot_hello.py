"""A camsim camera that reboots says WS-Discovery Bye going down and Hello again once it
answers (issue 13 §1: "reboot that goes offline and says Hello again"), as a VMS
listening on the group sees it. Multicast, so only inside the test's own private
network namespace (tests/support/netns.py), never in the host's.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from tests.conftest import SMALL
from tests.support.netns import describe, netns_unavailable, run_in_netns
from vedette_server.camsim.onvif.schema import wsdl_dir

pytestmark = [pytest.mark.interop, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NETNS_TIMEOUT_S = 600.0
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"


def _announcements(out_dir: Path) -> list[tuple[str, str, str]]:
    """(kind, endpoint, AppSequence InstanceId) of every Hello and Bye heard, in order;
    each is valid WS-Discovery."""
    schema = xmlschema.XMLSchema(
        str(wsdl_dir() / "ws-discovery.xsd"),
        locations=[(WSA, str(wsdl_dir() / "addressing"))],
        allow="local",
    )
    heard = []
    paths = sorted(out_dir.glob("group-*.xml"), key=lambda p: int(p.stem.split("-")[1]))
    for path in paths:
        envelope = etree.fromstring(path.read_bytes())
        for kind in ("Hello", "Bye"):
            element = envelope.find(f".//{{{WSD}}}{kind}")
            if element is None:
                continue
            errors = [str(e) for e in schema.iter_errors(element, namespaces=dict(element.nsmap))]
            assert errors == [], (path.name, errors)
            endpoint = element.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address") or ""
            sequence = envelope.find(f".//{{{WSD}}}AppSequence")
            assert sequence is not None, path.name
            heard.append((kind, endpoint, sequence.get("InstanceId", "")))
    return heard


def test_a_rebooting_camera_says_bye_then_hello_again_and_answers(tmp_path: Path) -> None:
    reason = netns_unavailable()
    if reason is not None:
        pytest.skip(f"no private network namespace for multicast: {reason}")
    camsim_args = [
        *SMALL,
        *("--cameras", "2", "--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--discovery-multicast", "lo", "--fault", "cam1:reboot@8s+3s"),
    ]
    driver = [sys.executable, "-m", "tests.support.reboot_hello_driver", str(tmp_path)]
    result = run_in_netns(shlex.join([*driver, *camsim_args]), cwd=REPO, timeout_s=NETNS_TIMEOUT_S)
    why = describe(result, [tmp_path / "camsim.log"])
    assert result.returncode == 0, why
    assert (tmp_path / "answered.txt").read_text() == "200", why

    heard = _announcements(tmp_path)
    endpoints = list(dict.fromkeys(endpoint for _, endpoint, _ in heard))
    assert len(endpoints) == 2, heard
    by_camera = {e: [(k, i) for k, e2, i in heard if e2 == e] for e in endpoints}
    rebooted = [said for said in by_camera.values() if len(said) == 4]
    assert len(rebooted) == 1, by_camera
    kinds = [kind for kind, _ in rebooted[0]]
    assert kinds == ["Hello", "Bye", "Hello", "Bye"], rebooted
    # The Hello after the reboot is a new instance (WS-Discovery AppSequence).
    assert rebooted[0][2][1] != rebooted[0][0][1], rebooted
    others = [said for said in by_camera.values() if len(said) != 4]
    assert [[kind for kind, _ in said] for said in others] == [["Hello", "Bye"]], by_camera
