"""The site's keys: its CA (also the directory's TLS certificate) and the server
certificates it signs.

The directory serves TLS with the site CA's own self-signed certificate, so one
certificate is what a console pins on first use, what a joining server checks
against the CA hash it was given, and what every recording server trusts on the site
port (mutual TLS). A recording server's certificate names it by a URI,
``urn:vedette:server:<server_id>``: the directory takes the caller's identity from
that, never from a request.

Invariants:
- ``ca_hash`` is SHA-256 over the CA's SubjectPublicKeyInfo (DER), written
  ``sha256:<hex>``, as RFC 7469 pins and ``kubeadm join --discovery-token-ca-cert-hash``
  check: it survives re-issuing the certificate with the same key.
- A CSR is signed only when its own signature verifies and its key is EC P-256; the
  certificate is built from the request's key alone (its subject and extensions are
  ignored), for client authentication only, not a CA.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import socket
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: The name the directory's certificate carries (what clients check it against).
DIRECTORY_NAME = "vedette-directory"
SERVER_URI_PREFIX = "urn:vedette:server:"
SERVER_CERT_DAYS = 365
CA_DAYS = 3650


class CsrRefused(ValueError):
    """A certificate signing request the site will not sign (the message says why)."""


def private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def create_site_ca(site_name: str) -> tuple[bytes, bytes]:
    """A new site CA: (key PEM, certificate PEM). Its names are the directory's."""
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(DIRECTORY_NAME), x509.DNSName("localhost")]
    hostname = socket.gethostname()
    if hostname and hostname not in (DIRECTORY_NAME, "localhost"):
        names.append(x509.DNSName(hostname))
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in ("127.0.0.1", "::1")]
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, DIRECTORY_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"vedette site {site_name}"[:64]),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True,
        crl_sign=True, encipher_only=False, decipher_only=False,
    )  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return private_pem(key), cert.public_bytes(serialization.Encoding.PEM)


def ca_hash(cert_pem: bytes) -> str:
    """``sha256:<hex>`` of the certificate's SubjectPublicKeyInfo."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    return "sha256:" + hashlib.sha256(spki_der(cert)).hexdigest()


def ca_hash_of_der(cert_der: bytes) -> str:
    return (
        "sha256:" + hashlib.sha256(spki_der(x509.load_der_x509_certificate(cert_der))).hexdigest()
    )


def spki_der(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def normalise_ca_hash(text: str) -> str:
    """``sha256:<64 hex>`` from what a user typed (the prefix optional, any case);
    ValueError for anything else."""
    value = text.strip().lower()
    if value.startswith("sha256:"):
        value = value[len("sha256:") :]
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError("a CA hash is 'sha256:' and 64 hexadecimal digits")
    return "sha256:" + value


def make_csr(name: str) -> tuple[bytes, bytes]:
    """A new EC P-256 key and a CSR for it: (key PEM, CSR PEM)."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name[:64])]))
        .sign(key, hashes.SHA256())
    )
    return private_pem(key), csr.public_bytes(serialization.Encoding.PEM)


def sign_server_csr(
    ca_key_pem: bytes, ca_cert_pem: bytes, csr_pem: bytes, server_id: str, name: str
) -> tuple[bytes, str]:
    """The server's client certificate (PEM) and its SHA-256 fingerprint (hex)."""
    try:
        csr = x509.load_pem_x509_csr(csr_pem)
    except ValueError as exc:
        raise CsrRefused(f"the certificate signing request is not PEM PKCS #10: {exc}") from None
    if not csr.is_signature_valid:
        raise CsrRefused("the certificate signing request's signature does not verify")
    public = csr.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
        raise CsrRefused("the certificate signing request's key must be EC P-256")
    ca_key = serialization.load_pem_private_key(ca_key_pem, password=None)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise ValueError("the site CA key is not an EC key")
    ca_cert = x509.load_pem_x509_certificate(ca_cert_pem)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name[:64])]))
        .issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SERVER_CERT_DAYS))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier(SERVER_URI_PREFIX + server_id)]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    return cert.public_bytes(serialization.Encoding.PEM), hashlib.sha256(der).hexdigest()


def certificate_fingerprint(cert_pem: bytes) -> str:
    """SHA-256 (hex) of a PEM certificate's DER form."""
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def server_id_of(cert_pem: bytes) -> str | None:
    """The server id a site certificate names (its ``urn:vedette:server:`` URI)."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    for uri in names.get_values_for_type(x509.UniformResourceIdentifier):
        if uri.startswith(SERVER_URI_PREFIX):
            candidate = uri[len(SERVER_URI_PREFIX) :]
            try:
                return str(uuid.UUID(candidate))
            except ValueError:
                return None
    return None
