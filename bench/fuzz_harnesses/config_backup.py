"""The configuration backup file (SYS-07) as the server opens an uploaded one, up to
the key derivation: size, magic, header JSON, version, lengths, fields, signature, KDF
costs (``inspect_config``); and the decrypted document's strict JSON parser.

The input's first byte is a mode (modulo 3): 0, the rest is the file as uploaded;
1, the rest re-signed with the harness's key (``SIGNING_KEY``, whose public key the
seed files carry): anyone can sign a file with their own key, so the checks behind
the signature are reachable by an attacker and must hold too; 2, the rest is a
decrypted document for ``_load_json`` (an attacker knows the passphrase of a file they
made). ``open_config`` itself is not called: its Argon2id derivation (≥ 100 ms) would
make the fuzzer crawl, and everything before it is ``inspect_config``'s.

Expected: ``ConfigFileRefused`` (sealed_file.py's only refusal); ``ValueError`` from
``_load_json``.
"""

from __future__ import annotations

import contextlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_server.config_backup.sealed_file import (
    SIGNATURE_BYTES,
    ConfigFileRefused,
    _load_json,
    inspect_config,
)

SIGNING_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
"""A fixed key, so seeds signed with it keep verifying after a re-sign."""


def run(data: bytes) -> None:
    mode, body = (data[0] % 3, data[1:]) if data else (0, b"")
    if mode == 2:
        with contextlib.suppress(ValueError):
            _load_json(body)
        return
    if mode == 1 and len(body) >= SIGNATURE_BYTES:
        signed = body[:-SIGNATURE_BYTES]
        body = signed + SIGNING_KEY.sign(signed)
    with contextlib.suppress(ConfigFileRefused):
        inspect_config(body)
