"""The server's TLS key and self-signed certificate, and its Ed25519 signing key.

Invariants:
- Private keys are written with mode 0600 and never overwritten silently.
- The certificate names "vedette", localhost, the host name and the loopback
  addresses, so clients that pin it can also check the name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import socket
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

CERT_NAME = "vedette"


def write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 (fails if it exists) and fsync it."""
    _write_synced(path, data, os.O_EXCL, 0o600)


def write_public(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0644 (fails if it exists) and fsync it."""
    _write_synced(path, data, os.O_EXCL, 0o644)


def _write_synced(path: Path, data: bytes, flags: int, mode: int) -> None:
    """Write ``path`` whole and fsync it and its folder: a power cut right after
    ``init`` must not leave an empty certificate the server cannot start with (the
    power-cut test found one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | flags, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def create_server_certificate(key_path: Path, cert_path: Path, *, days: int = 3650) -> str:
    """Generate an EC P-256 key and a self-signed certificate; returns its SHA-256 fingerprint."""
    key = ec.generate_private_key(ec.SECP256R1())
    hostname = socket.gethostname()
    names: list[x509.GeneralName] = [x509.DNSName(CERT_NAME), x509.DNSName("localhost")]
    if hostname and hostname not in (CERT_NAME, "localhost"):
        names.append(x509.DNSName(hostname))
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in ("127.0.0.1", "::1")]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CERT_NAME)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    _write_synced(cert_path, pem, os.O_TRUNC, 0o644)
    return fingerprint(pem)


def fingerprint(cert_pem: bytes) -> str:
    """SHA-256 of the certificate's DER form, as colon-separated hex (what clients show)."""
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def create_signing_key(path: Path) -> bytes:
    """Generate the Ed25519 key that signs export manifests; returns the raw public key."""
    key = ed25519.Ed25519PrivateKey.generate()
    write_private(
        path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def ensure_client_ca(key_path: Path, cert_path: Path, *, days: int = 3650) -> None:
    """Create the CA that signs CMS client certificates, unless it exists."""
    if key_path.exists() and cert_path.exists():
        return
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vedette client CA")])
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True,
        crl_sign=True, encipher_only=False, decipher_only=False,
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    _write_synced(cert_path, cert.public_bytes(serialization.Encoding.PEM), os.O_TRUNC, 0o644)


def issue_client_certificate(
    ca_key_path: Path, ca_cert_path: Path, name: str, *, days: int = 825
) -> tuple[bytes, bytes]:
    """A new key and a certificate for client ``name``, signed by the client CA (PEM)."""
    ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{ca_key_path} is not the client CA's EC key")
    ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)
