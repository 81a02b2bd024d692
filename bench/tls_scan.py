"""tls_scan: testssl.sh's full scan (every check it has: protocols, ciphers, forward
secrecy, server defaults and preferences, vulnerabilities, client simulation) of a
real server's API port, the one TLS listener the server has.

    .venv/bin/python bench/tls_scan.py          # a few minutes

``tests/integration/test_tls_scan.py`` runs the narrow scan CI can afford and asserts
on it; this one records everything the scanner says. The JSON holds the scan's wall
and CPU time, the findings' count per severity, every finding rated LOW or worse,
and the scanner's own JSON file next to it (``tls_scan-<UTC timestamp>-testssl.json``).
The three certificate findings test_tls_scan.py expects (self-signed, 10 years, no
revocation URL) are so by design: clients pin the certificate (docs/security.md).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.server_process import running_server  # noqa: E402
from tests.support.testssl import find_testssl, scan  # noqa: E402

NAME = "tls_scan"
#: Severities worth reading in the summary (testssl: OK, INFO, LOW, MEDIUM, HIGH, CRITICAL).
NOTABLE = ("LOW", "MEDIUM", "HIGH", "CRITICAL", "WARN")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    scanner = find_testssl()
    if scanner is None:
        sys.exit("testssl.sh is not installed: make setup installs it (Debian testssl.sh)")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = out.with_name(out.stem + "-testssl.json")
    raw.unlink(missing_ok=True)
    result: dict[str, Any] = {"benchmark": NAME, "machine": machine_info(scanner=scanner)}
    with tempfile.TemporaryDirectory() as directory, running_server(Path(directory)) as server:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        findings = scan(scanner, server.port, raw)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result |= {
        "scan_wall_s": round(wall, 1),
        "scan_cpu_s": round(cpu, 1),
        "findings": len(findings),
        "by_severity": dict(collections.Counter(f["severity"] for f in findings)),
        "notable": [
            {"id": f["id"], "severity": f["severity"], "finding": f["finding"]}
            for f in findings
            if f["severity"] in NOTABLE
        ],
        "testssl_json": str(raw),
    }
    text = json.dumps(result, indent=2)
    out.write_text(text + "\n")
    print(text)
    print(f"results: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
