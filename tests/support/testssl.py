"""testssl.sh (Debian package testssl.sh), the outside TLS scanner: find it and run it
against a port on 127.0.0.1, returning its JSON findings (``test_tls_scan.py`` and
``bench/tls_scan.py``).

``--fast`` is never passed: it tests ciphers with the local OpenSSL alone, and
Debian's cannot even offer NULL or EXPORT ciphers, so they would be found "not
offered" without being asked for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

#: Generous: a narrow scan takes 20–120 s on a loaded 2-core machine, a full one more.
SCAN_TIMEOUT_S = 900


def find_testssl() -> str | None:
    """Debian installs testssl.sh as /usr/bin/testssl; upstream's name is testssl.sh."""
    return shutil.which("testssl") or shutil.which("testssl.sh")


def scan(scanner: str, port: int, json_path: Path, *checks: str) -> list[dict[str, str]]:
    """Run testssl.sh on 127.0.0.1:PORT with ``checks`` (none: all of them) and return
    its findings; fails if the scanner reports a problem of its own."""
    argv = [scanner, *checks, "--jsonfile", str(json_path), "--warnings", "off",
            "--color", "0", "--quiet", "--nodns", "none", f"127.0.0.1:{port}"]  # fmt: skip
    openssl = shutil.which("openssl")
    if openssl:
        argv[1:1] = ["--openssl", openssl]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=SCAN_TIMEOUT_S)
    if not json_path.exists():
        raise AssertionError(f"testssl wrote no JSON (exit {done.returncode}): {done.stderr}")
    findings: list[dict[str, str]] = json.loads(json_path.read_text())
    problems = [f for f in findings if f["severity"] == "FATAL" or f["id"] == "scanProblem"]
    if problems:
        raise AssertionError(f"testssl could not scan: {problems}")
    return findings
