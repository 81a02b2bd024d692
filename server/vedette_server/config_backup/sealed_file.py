"""The configuration backup file (SPEC SYS-07): one versioned, encrypted, signed file.

This module owns the file format only: it seals a configuration document (a JSON-able
dict built elsewhere) and opens it again after validation. docs/config-backup.md is
the reference for operators and integrators.

Layout, format version 1 (integers big-endian, no padding; H and C are lengths):

    offset    size  field
    0         15    MAGIC = b"VEDETTE-CONFIG\\n"
    15        4     H: header length in bytes (u32)
    19        H     header: a UTF-8 JSON object, keys below
    19+H      8     C: ciphertext length in bytes (u64)
    27+H      C     ciphertext: AES-256-GCM of the document, its 16-byte tag at the end
    27+H+C    64    Ed25519 signature over bytes [0, 27+H+C)
    The file is exactly 91 + H + C bytes long, at most MAX_FILE_BYTES.

    header = {"format_version": 1, "server_id": str, "created_us": int (µs, UTC),
              "kdf": {"algorithm": "argon2id", "time_cost": int, "memory_cost_kib": int,
                      "parallelism": int, "salt": base64 of 16 random bytes},
              "cipher": "aes-256-gcm", "nonce": base64 of 12 random bytes,
              "signer_public_key": base64 of the raw 32-byte Ed25519 public key}

    key        = Argon2id(UTF-8 of the NFC-normalised passphrase, salt, kdf costs) → 32 bytes
    plaintext  = canonical JSON of the document (sort_keys, separators (",", ":"),
                 ensure_ascii False, UTF-8); the header is written the same way
    associated = bytes [0, 19+H): MAGIC, H and the header

Invariants:
- Opening checks, in this order, and stops at the first failure: size → magic → header
  length → header JSON → format version → body lengths → header fields → signature →
  KDF costs → decryption → document. The version is read as soon as the header parses,
  so a newer file is reported as such whatever else its header or body hold.
- Nothing is derived from the passphrase before the signature and the KDF costs pass:
  a crafted file cannot make the server spend memory or time on it.
- Refusals are ``ConfigFileRefused``; their messages never hold the passphrase or
  decrypted content, and a refused file yields nothing.
- ``seal_config`` never writes a file ``open_config`` would refuse for its size or costs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Final

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC: Final = b"VEDETTE-CONFIG\n"
FORMAT_VERSION: Final = 1
MAX_FILE_BYTES: Final = 64 << 20

# Why a file is refused (ConfigFileRefused.reason).
NOT_A_CONFIG_FILE: Final = "NOT_A_CONFIG_FILE"
UNSUPPORTED_VERSION: Final = "UNSUPPORTED_VERSION"
CORRUPT: Final = "CORRUPT"
TAMPERED: Final = "TAMPERED"
WRONG_PASSPHRASE: Final = "WRONG_PASSPHRASE"

# Ceilings on the costs a file may ask for: above them it is refused, not derived.
# Twice what Vedette writes (KdfParameters' defaults: time 3, 64 MiB, 2 lanes), so
# a crafted file costs at most 4 times an honest one (~0.4-1 s and 128 MiB), never
# the 17 s and 1 GiB that the earlier ceilings (time 20, 1 GiB) allowed per preview.
MAX_KDF_TIME_COST: Final = 6
MAX_KDF_MEMORY_KIB: Final = 128 << 10  # 128 MiB
MAX_KDF_PARALLELISM: Final = 4

SIGNATURE_BYTES: Final = 64
_U32, _U64 = struct.Struct(">I"), struct.Struct(">Q")
_SALT_BYTES, _NONCE_BYTES, _KEY_BYTES, _PUBLIC_KEY_BYTES, _TAG_BYTES = 16, 12, 32, 32, 16
# The version 1 header: every field, of exactly this JSON type.
_HEADER_FIELDS = {"format_version": int, "server_id": str, "created_us": int, "kdf": dict,
                  "cipher": str, "nonce": str, "signer_public_key": str}  # fmt: skip
_KDF_FIELDS = {"algorithm": str, "time_cost": int, "memory_cost_kib": int, "parallelism": int,
               "salt": str}  # fmt: skip


class ConfigFileRefused(Exception):
    """A configuration backup cannot be used; nothing was read from it.

    ``reason`` is one of NOT_A_CONFIG_FILE, UNSUPPORTED_VERSION, CORRUPT, TAMPERED,
    WRONG_PASSPHRASE; the message says exactly what was wrong, never a secret.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id costs. The defaults take 100–250 ms and 64 MiB on a small server."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.parallelism <= MAX_KDF_PARALLELISM:
            raise ValueError(f"parallelism {self.parallelism} is not in 1..{MAX_KDF_PARALLELISM}")
        if not 1 <= self.time_cost <= MAX_KDF_TIME_COST:
            raise ValueError(f"time_cost {self.time_cost} is not in 1..{MAX_KDF_TIME_COST}")
        low = 8 * self.parallelism  # Argon2's own minimum
        if not low <= self.memory_cost_kib <= MAX_KDF_MEMORY_KIB:
            raise ValueError(
                f"memory_cost_kib {self.memory_cost_kib} is not in {low}..{MAX_KDF_MEMORY_KIB}"
            )


@dataclass(frozen=True)
class ConfigHeader:
    """What a backup says about itself, readable without the passphrase."""

    format_version: int
    server_id: str
    created_us: int
    signer_public_key: bytes  # raw 32-byte Ed25519
    signer_fingerprint: str  # SHA-256 of the raw key, "AB:CD:…"


@dataclass(frozen=True)
class OpenedConfig:
    """A backup opened with the right passphrase: its document and where it came from."""

    document: dict[str, Any] = field(repr=False)  # camera passwords in clear
    server_id: str
    created_us: int
    format_version: int
    signer_public_key: bytes
    signer_fingerprint: str


@dataclass(frozen=True)
class _Sealed:
    header: ConfigHeader
    kdf: KdfParameters
    salt: bytes
    nonce: bytes
    associated_data: bytes
    ciphertext: bytes


def seal_config(
    document: dict[str, Any],
    *,
    passphrase: str,
    signing_key: Ed25519PrivateKey,
    server_id: str,
    created_us: int,
    kdf: KdfParameters | None = None,
) -> bytes:
    """The backup file of ``document``, encrypted under ``passphrase`` and signed.

    Blocking: the key derivation takes 100–250 ms (and ``kdf.memory_cost_kib`` of
    memory) with the default costs; run it in an executor. Raises ValueError for an
    empty passphrase or a document too large for MAX_FILE_BYTES, TypeError for a
    document that JSON cannot represent.
    """
    if not passphrase:
        raise ValueError("the passphrase must not be empty")
    kdf = KdfParameters() if kdf is None else kdf
    salt, nonce = os.urandom(_SALT_BYTES), os.urandom(_NONCE_BYTES)
    header = _canonical_json({
        "format_version": FORMAT_VERSION, "server_id": server_id, "created_us": created_us,
        "kdf": {"algorithm": "argon2id", "time_cost": kdf.time_cost,
                "memory_cost_kib": kdf.memory_cost_kib, "parallelism": kdf.parallelism,
                "salt": _b64(salt)},
        "cipher": "aes-256-gcm", "nonce": _b64(nonce),
        "signer_public_key": _b64(signing_key.public_key().public_bytes_raw()),
    })  # fmt: skip
    plaintext = _canonical_json(document)
    size_bytes = len(MAGIC) + 4 + len(header) + 8 + len(plaintext) + _TAG_BYTES + SIGNATURE_BYTES
    if size_bytes > MAX_FILE_BYTES:
        raise ValueError(
            f"the sealed configuration would be {size_bytes} bytes; the limit is {MAX_FILE_BYTES}"
        )
    associated = MAGIC + _U32.pack(len(header)) + header
    ciphertext = AESGCM(_derive_key(passphrase, salt, kdf)).encrypt(nonce, plaintext, associated)
    signed = associated + _U64.pack(len(ciphertext)) + ciphertext
    return signed + signing_key.sign(signed)


def inspect_config(data: bytes) -> ConfigHeader:
    """The header of a backup, after checking everything but the passphrase.

    Fast (no key derivation), so a UI can show "exported from server X on date Y"
    before asking for the passphrase. Raises ConfigFileRefused.
    """
    return _read(data).header


def open_config(data: bytes, *, passphrase: str) -> OpenedConfig:
    """Validate, verify and decrypt a backup. Raises ConfigFileRefused.

    Blocking: the key derivation takes 100–250 ms with the default costs (at most
    what the ceilings allow: 128 MiB of memory, time_cost 6, about 4 times that);
    run it in an executor.
    """
    sealed = _read(data)
    key = _derive_key(passphrase, sealed.salt, sealed.kdf)
    try:
        plaintext = AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, sealed.associated_data)
    except InvalidTag:
        raise ConfigFileRefused(WRONG_PASSPHRASE, "the passphrase is wrong") from None
    try:
        document = _load_json(plaintext)
    except ValueError:
        document = None  # not chained: the parser's exception holds the decrypted text
    if not isinstance(document, dict):
        raise ConfigFileRefused(CORRUPT, "the decrypted document is not a JSON object")
    return OpenedConfig(document, **vars(sealed.header))  # the header's fields, same names


def _read(data: bytes) -> _Sealed:
    """Everything up to the decryption, in the order the module docstring gives."""
    fields, header_end, body_start = _frame(data)
    header, kdf_fields = _parse_header(fields)
    salt, nonce = _decoded(kdf_fields, "salt", _SALT_BYTES), _decoded(fields, "nonce", _NONCE_BYTES)
    try:
        public_key = Ed25519PublicKey.from_public_bytes(header.signer_public_key)
        public_key.verify(data[-SIGNATURE_BYTES:], data[:-SIGNATURE_BYTES])
    except (InvalidSignature, ValueError):
        message = "the file was modified after export: its signature does not match"
        raise ConfigFileRefused(TAMPERED, message) from None
    try:
        kdf = KdfParameters(
            kdf_fields["time_cost"], kdf_fields["memory_cost_kib"], kdf_fields["parallelism"]
        )
    except ValueError as error:
        raise _corrupt(
            f"the key derivation costs are refused: {error} (Vedette writes time_cost 3,"
            " 65536 KiB, parallelism 2, and reads files asking for at most twice that)"
        ) from None
    ciphertext = data[body_start:-SIGNATURE_BYTES]
    return _Sealed(header, kdf, salt, nonce, data[:header_end], ciphertext)


def _frame(data: bytes) -> tuple[dict[str, Any], int, int]:
    """Size, magic, lengths, header JSON and version: the header object, where it ends
    and where the ciphertext starts."""
    if len(data) > MAX_FILE_BYTES:
        raise _corrupt(f"the file is {len(data)} bytes; a backup is at most {MAX_FILE_BYTES}")
    if not data.startswith(MAGIC):
        raise ConfigFileRefused(NOT_A_CONFIG_FILE, "not a Vedette configuration backup (bad magic)")
    header_start = _need(data, len(MAGIC) + _U32.size, "the header length")
    header_end = _need(data, header_start + _U32.unpack_from(data, len(MAGIC))[0], "the header")
    try:
        fields = _load_json(data[header_start:header_end])
    except ValueError as error:
        raise _corrupt(f"the header is not valid JSON: {error}") from None
    if not isinstance(fields, dict):
        raise _corrupt("the header is not a JSON object")
    version = fields.get("format_version")
    if type(version) is not int:  # exact: a JSON true is not the integer 1
        raise _corrupt(f"header field format_version is {type(version).__name__}, not int")
    if version != FORMAT_VERSION:
        message = f"format version {version} is not supported; this server reads version "
        raise ConfigFileRefused(UNSUPPORTED_VERSION, message + str(FORMAT_VERSION))
    body_start = _need(data, header_end + _U64.size, "the ciphertext length")
    ciphertext_bytes = _U64.unpack_from(data, header_end)[0]
    end = _need(data, body_start + ciphertext_bytes + SIGNATURE_BYTES, "the signature")
    if len(data) > end:
        raise _corrupt(f"{len(data) - end} unexpected bytes follow the signature")
    if ciphertext_bytes < _TAG_BYTES:
        raise _corrupt(f"the ciphertext is {ciphertext_bytes} bytes, shorter than its tag")
    return fields, header_end, body_start


def _need(data: bytes, end: int, what: str) -> int:
    """``end``, after checking that the file reaches it (else it is truncated in ``what``)."""
    if len(data) < end:
        raise _corrupt(f"the file is truncated in {what}: {len(data)} bytes, {end} expected")
    return end


def _parse_header(fields: dict[str, Any]) -> tuple[ConfigHeader, dict[str, Any]]:
    """Check the version 1 header fields; returns the header and the kdf object."""
    _check_fields(fields, _HEADER_FIELDS, "header")
    kdf = fields["kdf"]
    _check_fields(kdf, _KDF_FIELDS, "header field kdf")
    for obj, name, expected in ((fields, "cipher", "aes-256-gcm"), (kdf, "algorithm", "argon2id")):
        if obj[name] != expected:
            raise _corrupt(f"header field {name} is {obj[name][:40]!r}, not {expected!r}")
    public_key = _decoded(fields, "signer_public_key", _PUBLIC_KEY_BYTES)
    fingerprint = _fingerprint(public_key)
    server_id, created_us = fields["server_id"], fields["created_us"]
    return ConfigHeader(FORMAT_VERSION, server_id, created_us, public_key, fingerprint), kdf


def _check_fields(obj: dict[str, Any], schema: dict[str, type], where: str) -> None:
    if missing := sorted(schema.keys() - obj.keys()):
        raise _corrupt(f"the {where} lacks {', '.join(missing)}")
    if unknown := sorted(obj.keys() - schema.keys()):
        raise _corrupt(f"the {where} has unknown keys: {', '.join(k[:40] for k in unknown)}")
    for name, kind in schema.items():
        if type(obj[name]) is not kind:  # exact: a JSON true is not the integer 1
            raise _corrupt(
                f"header field {name} is {type(obj[name]).__name__}, not {kind.__name__}"
            )


def _decoded(obj: dict[str, Any], name: str, size_bytes: int) -> bytes:
    try:
        raw = base64.b64decode(obj[name], validate=True)
    except ValueError:  # binascii.Error, or characters outside ASCII
        raise _corrupt(f"header field {name} is not base64") from None
    if len(raw) != size_bytes:
        raise _corrupt(f"header field {name} holds {len(raw)} bytes, not {size_bytes}")
    return raw


def _derive_key(passphrase: str, salt: bytes, kdf: KdfParameters) -> bytes:
    # NFC: "é" typed on another keyboard or system may arrive decomposed.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    costs = (kdf.time_cost, kdf.memory_cost_kib, kdf.parallelism)
    return hash_secret_raw(secret, salt, *costs, hash_len=_KEY_BYTES, type=Type.ID)


def _canonical_json(value: object) -> bytes:
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def _load_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8, no key twice in an object. Raises ValueError."""

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            raise ValueError("a key appears twice in one object")
        return obj

    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=unique)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _corrupt(message: str) -> ConfigFileRefused:
    return ConfigFileRefused(CORRUPT, message)
