"""The API's TLS as an outside scanner sees it (issue 18 §5): testssl.sh, run against a
real server's gRPC port on 127.0.0.1, must find TLS 1.2 and 1.3 only, no weak cipher
category, forward secrecy, and the certificate docs/security.md describes.

The API's gRPC port is the server's only TLS listener (RTSP re-streaming and metrics
are plain). The scan is narrowed to protocols, cipher categories, forward secrecy
and the server's defaults (certificate); ``bench/tls_scan.py`` runs the full scan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess
from tests.support.testssl import find_testssl, scan
from vedette_server.security.tls import fingerprint

#: What the scanner rates MEDIUM or worse and is so by design: a self-signed
#: certificate for 10 years, which clients pin by its fingerprint (docs/security.md),
#: so browsers' chain, revocation and 398-day rules do not apply.
EXPECTED_FINDINGS = {
    "cert_chain_of_trust": "failed (self signed).",
    "cert_validityPeriod": "3650 days",
    "cert_revocation": "Neither CRL nor OCSP URI provided",
}


@pytest.fixture(scope="module")
def scanner() -> str:
    found = find_testssl()
    if found is None:
        pytest.skip("testssl.sh not installed: make setup installs it (Debian package testssl.sh)")
    return found


def test_the_api_port_offers_only_strong_tls_and_the_documented_certificate(  # type: ignore[no-untyped-def]
    scanner: str, server_factory, tmp_path: Path
) -> None:
    server: ServerProcess = server_factory(volume=False)
    checks = ("--protocols", "--std", "--fs", "--server-defaults")
    findings = scan(scanner, server.port, tmp_path / "scan.json", *checks)
    by_id = {f["id"]: f["finding"] for f in findings}

    for old in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
        assert by_id[old] == "not offered", (old, by_id[old])
    assert by_id["TLS1_2"] == "offered"
    assert by_id["TLS1_3"].startswith("offered")
    for weak in ("NULL", "aNULL", "EXPORT", "LOW", "3DES_IDEA", "AVERAGE"):
        # LOW is testssl's name for DES, RC2 and RC4; AVERAGE for CBC without AEAD.
        assert by_id[f"cipherlist_{weak}"] == "not offered", (weak, by_id[f"cipherlist_{weak}"])
    assert by_id["cipherlist_STRONG"] == "offered"
    forward_secrecy = by_id.get("PFS", by_id.get("FS"))  # testssl 3.1 renamed it FS
    assert forward_secrecy == "offered"

    # The certificate docs/security.md describes, and the one in the data directory.
    assert by_id["cert_keySize"] == "EC 256 bits"
    assert by_id["cert_signatureAlgorithm"] == "ECDSA with SHA256"
    assert by_id["cert_commonName"] == "vedette"
    names = set(by_id["cert_subjectAltName"].split())
    assert {"vedette", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"} <= names
    assert by_id["cert_expirationStatus"].endswith(">= 60 days")
    pinned = fingerprint((server.data / "tls" / "server.crt").read_bytes()).replace(":", "")
    assert by_id["cert_fingerprintSHA256"] == pinned

    serious = {
        f["id"]: f["finding"]
        for f in findings
        if f["severity"] in ("MEDIUM", "HIGH", "CRITICAL") and f["id"] not in EXPECTED_FINDINGS
    }
    assert not serious, serious
    for finding_id, finding in EXPECTED_FINDINGS.items():
        assert by_id[finding_id] == finding
