"""The signing keys the CLI learns from servers it logs in to (known_signing_keys.json)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from vedette_api.client.known_signers import KnownSigningKeys
from vedette_api.errors import VedetteError

FIRST = ":".join(["AB"] * 32)
SECOND = "cd" * 32  # any case, with or without colons


def test_keys_accumulate_per_server_in_a_private_file(tmp_path: Path) -> None:
    store = KnownSigningKeys(tmp_path / "config" / "known_signing_keys.json")
    assert store.keys() == {}
    assert store.remember("s-1", FIRST, "10.0.0.2:6036")
    assert not store.remember("s-1", FIRST.lower(), "10.0.0.2:6036")  # already known
    assert store.remember("s-1", SECOND, "10.0.0.2:6036")  # a new key keeps the old one
    assert store.remember("s-2", SECOND, "10.0.0.3:6036")
    assert store.keys() == {"s-1": [FIRST, ":".join(["CD"] * 32)], "s-2": [":".join(["CD"] * 32)]}
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_a_damaged_file_is_reported_and_malformed_keys_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "known_signing_keys.json"
    path.write_text('{"servers": {"s-1": {"fingerprints": ["nonsense", "' + FIRST + '"]}}}')
    assert KnownSigningKeys(path).keys() == {"s-1": [FIRST]}
    path.write_text("{")
    with pytest.raises(VedetteError, match="not a valid known-signing-keys file"):
        KnownSigningKeys(path).keys()
