"""Configuration backup files (SYS-07): sealed, inspected and opened; refused with the
right reason when damaged, truncated, tampered with, from a newer version, or crafted
to make the server burn memory, and never with a secret in the message.

The helpers named ``*_by_the_docs`` read and write the layout as docs/config-backup.md
describes it, independently of the module, so a drift between the two fails here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import struct
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from vedette_server.config_backup import (
    CORRUPT,
    FORMAT_VERSION,
    MAGIC,
    MAX_FILE_BYTES,
    NOT_A_CONFIG_FILE,
    TAMPERED,
    UNSUPPORTED_VERSION,
    WRONG_PASSPHRASE,
    ConfigFileRefused,
    KdfParameters,
    inspect_config,
    open_config,
    seal_config,
    sealed_file,
)

FAST = KdfParameters(time_cost=1, memory_cost_kib=8192, parallelism=1)
PASSPHRASE = "correct horse ☃ battery staple"
WRONG = "correct horse ☃ battery stapler"
SERVER_ID = "vedette-hq-01"
CREATED_US = 1_700_000_000_123_456
CAMERA_PASSWORD = "cam-secret-Ü1"
DOCUMENT: dict[str, Any] = {
    "cameras": [
        {
            "id": "cam-1",
            "name": "Entrée nord — 東京 🎥",
            "credentials": {"user": "admin", "password": CAMERA_PASSWORD},
        }
    ],
    "users": [{"name": "zoë", "password_hash": "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"}],
    "groups": [{"name": "opérateurs", "members": ["zoë"]}],
    "settings": {"timezone": "Europe/Paris", "retention_days": 30, "ratio": 0.25, "note": None},
}
# Fixed keys, so a failure reproduces byte for byte.
SIGNING_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
NOT_AN_OBJECT = "the decrypted document is not a JSON object"
REGIONS = ("magic", "header_length", "header", "ciphertext_length", "ciphertext", "signature")


@pytest.fixture(scope="module")
def sealed() -> bytes:
    return seal(DOCUMENT)


def seal(document: dict[str, Any], passphrase: str = PASSPHRASE) -> bytes:
    return seal_config(
        document,
        passphrase=passphrase,
        signing_key=SIGNING_KEY,
        server_id=SERVER_ID,
        created_us=CREATED_US,
        kdf=FAST,
    )


def refusal(data: bytes, passphrase: str = PASSPHRASE) -> ConfigFileRefused:
    """Why open_config refuses ``data``; inspect_config must refuse it the same way,
    unless the problem only shows once decrypted."""
    with pytest.raises(ConfigFileRefused) as opened:
        open_config(data, passphrase=passphrase)
    try:
        inspect_config(data)
    except ConfigFileRefused as inspected:
        assert (inspected.reason, str(inspected)) == (opened.value.reason, str(opened.value))
    else:
        assert opened.value.reason == WRONG_PASSPHRASE or str(opened.value) == NOT_AN_OBJECT
    return opened.value


def raw_public_key(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def fingerprint_of(raw_key: bytes) -> str:
    """Like the TLS fingerprints: SHA-256, upper-case hex pairs joined by colons."""
    digest = hashlib.sha256(raw_key).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# ------------------------------------------------------------------ the layout, by the docs


def regions_by_the_docs(data: bytes) -> dict[str, range]:
    (h,) = struct.unpack(">I", data[15:19])
    (c,) = struct.unpack(">Q", data[19 + h : 27 + h])
    return {
        "magic": range(0, 15),
        "header_length": range(15, 19),
        "header": range(19, 19 + h),
        "ciphertext_length": range(19 + h, 27 + h),
        "ciphertext": range(27 + h, 27 + h + c),
        "signature": range(27 + h + c, 91 + h + c),
    }


def split_by_the_docs(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """(header, ciphertext, signature) of a well-formed file."""
    regions = regions_by_the_docs(data)
    assert regions["signature"].stop == len(data)
    header = json.loads(data[regions["header"].start : regions["header"].stop])
    ciphertext = data[regions["ciphertext"].start : regions["ciphertext"].stop]
    return header, ciphertext, data[regions["signature"].start :]


def associated_data_by_the_docs(header_bytes: bytes) -> bytes:
    return MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes


def key_by_the_docs(header: dict[str, Any], passphrase: str) -> bytes:
    kdf = header["kdf"]
    return hash_secret_raw(
        unicodedata.normalize("NFC", passphrase).encode(),
        base64.b64decode(kdf["salt"]),
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_cost_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def encrypt_by_the_docs(header_bytes: bytes, plaintext: bytes, passphrase: str) -> bytes:
    header = json.loads(header_bytes)
    return AESGCM(key_by_the_docs(header, passphrase)).encrypt(
        base64.b64decode(header["nonce"]), plaintext, associated_data_by_the_docs(header_bytes)
    )


def assemble_by_the_docs(header_bytes: bytes, ciphertext: bytes, key: Ed25519PrivateKey) -> bytes:
    signed = associated_data_by_the_docs(header_bytes)
    signed += struct.pack(">Q", len(ciphertext)) + ciphertext
    return signed + key.sign(signed)


def resigned(
    data: bytes,
    key: Ed25519PrivateKey,
    edit: Callable[[dict[str, Any]], None] = lambda header: None,
) -> bytes:
    """``data`` with its header edited, its ciphertext kept, signed again by ``key``:
    what someone holding a signing key (but not the passphrase) can produce."""
    header, ciphertext, _ = split_by_the_docs(data)
    header["signer_public_key"] = b64(raw_public_key(key))
    edit(header)
    return assemble_by_the_docs(canonical(header), ciphertext, key)


def flipped(data: bytes, position: int, bit: int) -> bytes:
    damaged = bytearray(data)
    damaged[position] ^= 1 << bit
    return bytes(damaged)


def version_digit_position(data: bytes) -> int:
    field = b'"format_version":1'
    position = data.index(field) + len(field) - 1
    assert position in regions_by_the_docs(data)["header"]
    return position


# --------------------------------------------------------------------------- round trips


def test_round_trip_gives_back_the_document_its_origin_and_the_signer_fingerprint(
    sealed: bytes,
) -> None:
    opened = open_config(sealed, passphrase=PASSPHRASE)

    assert opened.document == DOCUMENT
    assert (opened.server_id, opened.created_us) == (SERVER_ID, CREATED_US)
    assert opened.format_version == FORMAT_VERSION == 1
    assert opened.signer_public_key == raw_public_key(SIGNING_KEY)
    assert opened.signer_fingerprint == fingerprint_of(raw_public_key(SIGNING_KEY))
    assert re.fullmatch(r"[0-9A-F]{2}(:[0-9A-F]{2}){31}", opened.signer_fingerprint)


def test_inspect_shows_origin_and_signer_without_the_passphrase_or_any_key_derivation(
    sealed: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sealed_file, "hash_secret_raw", fail_if_called)

    header = inspect_config(sealed)

    assert (header.server_id, header.created_us, header.format_version) == (
        SERVER_ID,
        CREATED_US,
        1,
    )
    assert header.signer_public_key == raw_public_key(SIGNING_KEY)
    assert header.signer_fingerprint == fingerprint_of(raw_public_key(SIGNING_KEY))


def fail_if_called(*args: object, **kwargs: object) -> bytes:
    raise AssertionError("a key was derived")


def test_default_costs_are_written_to_the_header_and_the_file_opens() -> None:
    data = seal_config(
        DOCUMENT,
        passphrase=PASSPHRASE,
        signing_key=SIGNING_KEY,
        server_id=SERVER_ID,
        created_us=CREATED_US,
    )

    kdf = split_by_the_docs(data)[0]["kdf"]
    assert (kdf["time_cost"], kdf["memory_cost_kib"], kdf["parallelism"]) == (3, 65536, 2)
    assert open_config(data, passphrase=PASSPHRASE).document == DOCUMENT


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=20, deadline=None)
@given(document=st.dictionaries(st.text(max_size=8), json_values, max_size=5))
def test_any_json_object_round_trips_including_non_ascii_text(document: dict[str, Any]) -> None:
    assert open_config(seal(document), passphrase=PASSPHRASE).document == document


def test_the_file_is_laid_out_as_documented(sealed: bytes) -> None:
    header, ciphertext, signature = split_by_the_docs(sealed)
    regions = regions_by_the_docs(sealed)
    header_bytes = sealed[regions["header"].start : regions["header"].stop]

    assert sealed.startswith(b"VEDETTE-CONFIG\n")
    assert header_bytes == canonical(header)  # written canonically
    assert header == {
        "format_version": 1,
        "server_id": SERVER_ID,
        "created_us": CREATED_US,
        "kdf": {
            "algorithm": "argon2id",
            "time_cost": 1,
            "memory_cost_kib": 8192,
            "parallelism": 1,
            "salt": header["kdf"]["salt"],
        },
        "cipher": "aes-256-gcm",
        "nonce": header["nonce"],
        "signer_public_key": b64(raw_public_key(SIGNING_KEY)),
    }
    assert len(base64.b64decode(header["kdf"]["salt"])) == 16
    assert len(base64.b64decode(header["nonce"])) == 12
    assert len(sealed) == 91 + len(header_bytes) + len(ciphertext)
    SIGNING_KEY.public_key().verify(signature, sealed[:-64])
    plaintext = AESGCM(key_by_the_docs(header, PASSPHRASE)).decrypt(
        base64.b64decode(header["nonce"]), ciphertext, associated_data_by_the_docs(header_bytes)
    )
    assert plaintext == canonical(DOCUMENT)
    assert "Entrée".encode() in plaintext  # UTF-8 itself, not \\u escapes


def test_a_file_written_by_another_implementation_of_the_docs_opens(sealed: bytes) -> None:
    header = split_by_the_docs(sealed)[0]
    header.update(server_id="written-elsewhere", nonce=b64(bytes(12)))
    header["kdf"]["salt"] = b64(bytes(range(16)))
    header_bytes = canonical(header)
    ciphertext = encrypt_by_the_docs(header_bytes, canonical(DOCUMENT), PASSPHRASE)

    opened = open_config(
        assemble_by_the_docs(header_bytes, ciphertext, SIGNING_KEY), passphrase=PASSPHRASE
    )

    assert (opened.document, opened.server_id) == (DOCUMENT, "written-elsewhere")


def test_the_example_header_in_the_docs_is_a_valid_header() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "config-backup.md").read_text()
    block = docs.split("Example (line breaks added):\n\n```json\n", 1)[1].split("```", 1)[0]
    header_bytes = "".join(line.strip() for line in block.splitlines()).encode()
    assert header_bytes == canonical(json.loads(header_bytes))

    header = inspect_config(assemble_by_the_docs(header_bytes, bytes(16), SIGNING_KEY))

    assert (header.server_id, header.created_us) == ("vedette-hq-01", 1_700_000_000_123_456)
    assert header.signer_public_key == raw_public_key(SIGNING_KEY)


def test_the_passphrase_is_compared_after_unicode_normalisation() -> None:
    data = seal(DOCUMENT, passphrase=unicodedata.normalize("NFC", "Café-clé 9"))
    typed_elsewhere = unicodedata.normalize("NFD", "Café-clé 9")
    assert open_config(data, passphrase=typed_elsewhere).document == DOCUMENT


# ------------------------------------------------------------------------------ refusals


def test_a_wrong_passphrase_is_refused_as_such(sealed: bytes) -> None:
    error = refusal(sealed, passphrase=WRONG)
    assert (error.reason, str(error)) == (WRONG_PASSPHRASE, "the passphrase is wrong")


def test_a_file_that_is_not_a_backup_is_refused_for_its_magic() -> None:
    error = refusal(b'{"cameras": []}')
    assert (error.reason, str(error)) == (
        NOT_A_CONFIG_FILE,
        "not a Vedette configuration backup (bad magic)",
    )


@settings(max_examples=400, deadline=None)
@given(region=st.sampled_from(REGIONS), data=st.data(), bit=st.integers(0, 7))
def test_a_flipped_bit_anywhere_is_refused_with_a_reason_that_fits_its_region(
    sealed: bytes, region: str, data: st.DataObject, bit: int
) -> None:
    span = regions_by_the_docs(sealed)[region]
    position = data.draw(st.integers(span.start, span.stop - 1), label="position")
    expected = {
        "magic": {NOT_A_CONFIG_FILE},
        # Any other length makes the header unparsable or the total wrong.
        "header_length": {CORRUPT},
        # Unparsable or ill-typed: CORRUPT; still well-formed: its signature fails.
        "header": {CORRUPT, TAMPERED},
        "ciphertext_length": {CORRUPT},
        "ciphertext": {TAMPERED},
        "signature": {TAMPERED},
    }[region]
    if position == version_digit_position(sealed):
        # '1' becomes '0', '3', '5' or '9' (bits 0 to 3), or stops being a digit.
        expected = {UNSUPPORTED_VERSION} if bit < 4 else {CORRUPT}

    assert refusal(flipped(sealed, position, bit)).reason in expected


@pytest.mark.parametrize("bit", range(8))
def test_a_flipped_bit_in_the_version_number_names_the_version_it_reads(
    sealed: bytes, bit: int
) -> None:
    error = refusal(flipped(sealed, version_digit_position(sealed), bit))
    if bit < 4:  # another digit
        digit = chr(ord("1") ^ (1 << bit))
        assert (error.reason, str(error)) == (
            UNSUPPORTED_VERSION,
            f"format version {digit} is not supported; this server reads version 1",
        )
    else:
        assert error.reason == CORRUPT
        assert str(error).startswith("the header is not valid JSON")


def test_a_newer_version_is_reported_as_such_whatever_its_header_and_body_hold(
    sealed: bytes,
) -> None:
    def version_2(header: dict[str, Any]) -> None:
        header.update(format_version=2, cipher="xchacha20-poly1305", compression="zstd")
        del header["nonce"]

    newer = resigned(sealed, OTHER_KEY, version_2)
    body_start = regions_by_the_docs(newer)["ciphertext_length"].start
    for data in (newer, newer[:body_start] + b"a body of another layout"):
        error = refusal(data)
        assert (error.reason, str(error)) == (
            UNSUPPORTED_VERSION,
            "format version 2 is not supported; this server reads version 1",
        )


def test_a_truncated_file_is_refused_at_every_length(sealed: bytes) -> None:
    for length in range(len(sealed)):
        error = refusal(sealed[:length])
        if length < len(MAGIC):
            assert error.reason == NOT_A_CONFIG_FILE, length
        else:
            assert error.reason == CORRUPT, length
            assert str(error).startswith("the file is truncated in "), (length, str(error))


@pytest.mark.parametrize("garbage", [b"\x00", b"\n", b"more", bytes(1000)], ids=repr)
def test_bytes_after_the_signature_are_refused(sealed: bytes, garbage: bytes) -> None:
    error = refusal(sealed + garbage)
    assert (error.reason, str(error)) == (
        CORRUPT,
        f"{len(garbage)} unexpected bytes follow the signature",
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    error = refusal(MAGIC + bytes(MAX_FILE_BYTES))
    assert error.reason == CORRUPT
    assert str(error) == f"the file is {MAX_FILE_BYTES + 15} bytes; a backup is at most 67108864"


@pytest.mark.parametrize(
    ("costs", "named"),
    [
        ({"memory_cost_kib": (128 << 10) + 1}, "memory_cost_kib 131073"),
        ({"memory_cost_kib": 1 << 20}, "memory_cost_kib 1048576"),  # 1 GiB
        ({"memory_cost_kib": 1 << 40}, "memory_cost_kib 1099511627776"),
        ({"time_cost": 7}, "time_cost 7"),
        ({"time_cost": 20, "memory_cost_kib": 1 << 20}, "time_cost 20"),  # the probe's file
        ({"time_cost": 10**9}, "time_cost 1000000000"),
        ({"parallelism": 5}, "parallelism 5"),
        ({"time_cost": 0}, "time_cost 0"),
        ({"parallelism": 0}, "parallelism 0"),
        ({"memory_cost_kib": 7}, "memory_cost_kib 7"),  # Argon2 needs 8 KiB per lane
    ],
)
def test_absurd_key_derivation_costs_are_refused_before_any_derivation(
    sealed: bytes, monkeypatch: pytest.MonkeyPatch, costs: dict[str, int], named: str
) -> None:
    crafted = resigned(sealed, OTHER_KEY, lambda header: header["kdf"].update(costs))
    monkeypatch.setattr(sealed_file, "hash_secret_raw", fail_if_called)

    error = refusal(crafted)

    assert error.reason == CORRUPT
    assert str(error).startswith(f"the key derivation costs are refused: {named} is not in ")


def test_the_cost_ceilings_themselves_are_accepted_and_are_twice_the_defaults() -> None:
    written = KdfParameters()
    KdfParameters(time_cost=6, memory_cost_kib=128 << 10, parallelism=4)
    assert (
        2 * written.time_cost, 2 * written.memory_cost_kib, 2 * written.parallelism
    ) == (6, 128 << 10, 4)
    with pytest.raises(ValueError, match=r"time_cost 7 is not in 1\.\.6"):
        KdfParameters(time_cost=7)


def test_a_file_re_signed_by_another_key_shows_that_key_and_does_not_open(sealed: bytes) -> None:
    # The signer's key is in the associated data: replacing it breaks the GCM tag, so
    # only someone who knows the passphrase can pass content off under another key.
    forged = resigned(sealed, OTHER_KEY)

    assert inspect_config(forged).signer_public_key == raw_public_key(OTHER_KEY)
    assert refusal(forged).reason == WRONG_PASSPHRASE


DELETE = object()


def edit_header(**changes: Any) -> Callable[[dict[str, Any]], None]:
    """An edit setting (or deleting) header fields; ``kdf__salt`` names a kdf field."""

    def edit(header: dict[str, Any]) -> None:
        for name, value in changes.items():
            *parent, key = name.split("__")
            target = header[parent[0]] if parent else header
            if value is DELETE:
                del target[key]
            else:
                target[key] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (edit_header(cipher=DELETE), "the header lacks cipher"),
        (edit_header(kdf__salt=DELETE), "the header field kdf lacks salt"),
        (edit_header(comment="hi"), "the header has unknown keys: comment"),
        (edit_header(format_version=True), "header field format_version is bool, not int"),
        (edit_header(format_version="1"), "header field format_version is str, not int"),
        (edit_header(created_us="2024-01-01"), "header field created_us is str, not int"),
        (edit_header(created_us=1.5), "header field created_us is float, not int"),
        (edit_header(kdf=[]), "header field kdf is list, not dict"),
        (
            edit_header(cipher="aes-128-cbc"),
            "header field cipher is 'aes-128-cbc', not 'aes-256-gcm'",
        ),
        (
            edit_header(kdf__algorithm="scrypt"),
            "header field algorithm is 'scrypt', not 'argon2id'",
        ),
        (edit_header(nonce=b64(bytes(16))), "header field nonce holds 16 bytes, not 12"),
        (edit_header(kdf__salt="not base64!"), "header field salt is not base64"),
        (edit_header(signer_public_key="é"), "header field signer_public_key is not base64"),
    ],
)
def test_a_malformed_header_is_corrupt_even_when_correctly_signed(
    sealed: bytes, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    error = refusal(resigned(sealed, SIGNING_KEY, edit))
    assert (error.reason, str(error)) == (CORRUPT, message)


@pytest.mark.parametrize(
    ("header_bytes", "message"),
    [
        (b'["a list"]', "the header is not a JSON object"),
        (b"\xff\xfe", "the header is not valid JSON: 'utf-8' codec can't decode byte 0xff"),
        (b'{"format_version":1,"format_version":2}', "the header is not valid JSON: a key appears"),
        (b"[" * 100_000, "the header is not valid JSON: nested too deeply"),
    ],
)
def test_a_header_that_is_not_one_json_object_is_corrupt(header_bytes: bytes, message: str) -> None:
    error = refusal(assemble_by_the_docs(header_bytes, bytes(16), SIGNING_KEY))
    assert error.reason == CORRUPT
    assert str(error).startswith(message)


def test_a_ciphertext_shorter_than_its_tag_is_corrupt(sealed: bytes) -> None:
    header_bytes = canonical(split_by_the_docs(sealed)[0])
    error = refusal(assemble_by_the_docs(header_bytes, bytes(15), SIGNING_KEY))
    assert (error.reason, str(error)) == (
        CORRUPT,
        "the ciphertext is 15 bytes, shorter than its tag",
    )


def seal_plaintext_by_the_docs(sealed: bytes, plaintext: bytes) -> bytes:
    """A correctly encrypted and signed file whose plaintext is ``plaintext``."""
    header_bytes = canonical(split_by_the_docs(sealed)[0])
    ciphertext = encrypt_by_the_docs(header_bytes, plaintext, PASSPHRASE)
    return assemble_by_the_docs(header_bytes, ciphertext, SIGNING_KEY)


@pytest.mark.parametrize(
    "plaintext",
    [
        f'["{CAMERA_PASSWORD}"]'.encode(),
        f'"{CAMERA_PASSWORD}"'.encode(),
        f'{{"password": "{CAMERA_PASSWORD}"'.encode(),  # cut short
        f'{{"password": "{CAMERA_PASSWORD}", "password": "x"}}'.encode(),
        b"\xff" + CAMERA_PASSWORD.encode(),
    ],
    ids=["list", "string", "truncated", "duplicate key", "not utf-8"],
)
def test_a_decrypted_document_that_is_not_a_json_object_is_corrupt(
    sealed: bytes, plaintext: bytes
) -> None:
    error = refusal(seal_plaintext_by_the_docs(sealed, plaintext))
    assert (error.reason, str(error)) == (CORRUPT, NOT_AN_OBJECT)
    assert CAMERA_PASSWORD not in "".join(traceback.format_exception(error))


def every_refusal(sealed: bytes) -> Iterator[ConfigFileRefused]:
    yield refusal(sealed, passphrase=WRONG)
    yield refusal(sealed[:-1])
    yield refusal(sealed + b"!")
    yield refusal(flipped(sealed, regions_by_the_docs(sealed)["ciphertext"].start, 0))
    yield refusal(flipped(sealed, 0, 0))
    yield refusal(resigned(sealed, OTHER_KEY, edit_header(format_version=9)))
    yield refusal(resigned(sealed, OTHER_KEY, edit_header(kdf__time_cost=99)))
    yield refusal(resigned(sealed, OTHER_KEY))
    yield refusal(seal_plaintext_by_the_docs(sealed, f'["{CAMERA_PASSWORD}"]'.encode()))


def test_no_refusal_or_opened_config_shows_a_passphrase_or_decrypted_content(
    sealed: bytes,
) -> None:
    reasons = set()
    for error in every_refusal(sealed):
        reasons.add(error.reason)
        text = "".join(traceback.format_exception(error)) + repr(error)
        for secret in (PASSPHRASE, WRONG, "horse", CAMERA_PASSWORD):
            assert secret not in text, (error.reason, text)
    assert len(reasons) == 5  # every kind of refusal was looked at
    assert CAMERA_PASSWORD not in repr(open_config(sealed, passphrase=PASSPHRASE))


def test_sealing_refuses_an_empty_passphrase_and_a_document_over_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError, match="the passphrase must not be empty"):
        seal(DOCUMENT, passphrase="")
    monkeypatch.setattr(sealed_file, "MAX_FILE_BYTES", 4096)
    monkeypatch.setattr(sealed_file, "hash_secret_raw", fail_if_called)
    with pytest.raises(ValueError, match=r"would be \d+ bytes; the limit is 4096"):
        seal({"blob": "x" * 4096})
