"""The site's keys (issue 19): the CA hash a joining server checks, and which
certificate signing requests the site signs."""

from __future__ import annotations

import uuid

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vedette_server.directory import keys


def test_the_ca_hash_is_of_the_public_key_and_survives_reissuing_the_certificate() -> None:
    _, cert_pem = keys.create_site_ca("north")
    digest = keys.ca_hash(cert_pem)
    assert digest.startswith("sha256:") and len(digest) == 7 + 64
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    assert keys.ca_hash_of_der(der) == digest
    _, other_cert = keys.create_site_ca("north")
    assert keys.ca_hash(other_cert) != digest
    ca = x509.load_pem_x509_certificate(cert_pem)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sha256:" + "AB" * 32, "sha256:" + "ab" * 32),
        ("ab" * 32, "sha256:" + "ab" * 32),
        ("  SHA256:" + "0" * 64 + " ", "sha256:" + "0" * 64),
    ],
)
def test_a_typed_ca_hash_is_normalised(typed: str, expected: str) -> None:
    assert keys.normalise_ca_hash(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "sha256:", "sha1:" + "0" * 40, "sha256:" + "g" * 64, "0" * 63]
)
def test_a_malformed_ca_hash_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="64 hexadecimal digits"):
        keys.normalise_ca_hash(typed)


def test_a_csr_becomes_a_client_certificate_naming_the_server_and_nothing_else() -> None:
    ca_key, ca_cert = keys.create_site_ca("north")
    _, csr = keys.make_csr("rs1")
    server_id = str(uuid.uuid4())
    cert_pem, fingerprint = keys.sign_server_csr(ca_key, ca_cert, csr, server_id, "rs1")
    assert keys.server_id_of(cert_pem) == server_id
    assert keys.certificate_fingerprint(cert_pem) == fingerprint
    cert = x509.load_pem_x509_certificate(cert_pem)
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    ca = x509.load_pem_x509_certificate(ca_cert)
    cert.verify_directly_issued_by(ca)


def _csr_with(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "x")]))
        .sign(key, hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.PEM)


def test_csrs_the_site_does_not_sign() -> None:
    ca_key, ca_cert = keys.create_site_ca("north")
    server_id = str(uuid.uuid4())
    with pytest.raises(keys.CsrRefused, match="not PEM PKCS #10"):
        keys.sign_server_csr(ca_key, ca_cert, b"garbage", server_id, "x")
    rsa_csr = _csr_with(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(keys.CsrRefused, match="EC P-256"):
        keys.sign_server_csr(ca_key, ca_cert, rsa_csr, server_id, "x")
    p384 = _csr_with(ec.generate_private_key(ec.SECP384R1()))
    with pytest.raises(keys.CsrRefused, match="EC P-256"):
        keys.sign_server_csr(ca_key, ca_cert, p384, server_id, "x")
    # A request whose signature does not match its key: its body altered after signing.
    good = bytearray(_csr_with(ec.generate_private_key(ec.SECP256R1())))
    der = bytearray(x509.load_pem_x509_csr(bytes(good)).public_bytes(serialization.Encoding.DER))
    der[-5] ^= 0x01
    forged = x509.load_der_x509_csr(bytes(der)).public_bytes(serialization.Encoding.PEM)
    with pytest.raises(keys.CsrRefused, match="signature"):
        keys.sign_server_csr(ca_key, ca_cert, forged, server_id, "x")


def test_a_certificate_without_a_server_uri_names_no_server() -> None:
    _, ca_cert = keys.create_site_ca("north")
    assert keys.server_id_of(ca_cert) is None
