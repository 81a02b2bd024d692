"""The signed manifest of a streamed export (``ExportRecording``, EXP-06): the
trailer the server sends after the file's last byte, which the client writes beside
the file as ``<file>.vsig`` (``vedette_api.evidence``).

It is the same document export tasks write beside each file: the file's name, size
and SHA-256, what was exported (camera, range, format, stream), by whom and when, and
this server's id, signed with its Ed25519 key.

Invariant: the size and SHA-256 are of the bytes the stream carried, counted as they
were sent, so the signature covers exactly what the client received.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_api.evidence import sign_manifest


@dataclass
class SentFile:
    """The bytes of a file as they are sent: fed each chunk, in order."""

    size_bytes: int = 0
    _digest: Any = field(default_factory=hashlib.sha256)

    def add(self, chunk: bytes) -> bytes:
        self._digest.update(chunk)
        self.size_bytes += len(chunk)
        return chunk

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def sign_streamed_export(
    key: Ed25519PrivateKey,
    sent: SentFile,
    *,
    server_id: str,
    file_name: str,
    exported_by: str,
    camera_id: int,
    start_us: int,
    end_us: int,
    export_format: str,
    stream: str,
    created_us: int,
    burnt_in: dict[str, object] | None = None,
) -> bytes:
    """The ``.vsig`` document of a streamed file; ``burnt_in``: what a re-encoded
    file had burnt into it (``BurnIn.manifest_fields``)."""
    manifest = {
        "server_id": server_id,
        "exported_by": exported_by,
        "created_us": created_us,
        "items": [{"camera_id": camera_id, "start_us": start_us, "end_us": end_us}],
        "export_format": export_format,  # "format" names the manifest's own format
        "stream": stream,
        "streamed": True,
        "files": [{"name": file_name, "size_bytes": sent.size_bytes, "sha256": sent.sha256}],
        **(burnt_in or {}),
    }
    return sign_manifest(manifest, key)
