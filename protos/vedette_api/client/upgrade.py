"""Signed upgrades of the server (SYS-06), part of ``vedette_api.Client`` through
``SystemCalls``: upload a bundle (``.vup``) and read how the upgrade goes. Every
method blocks.

The server verifies the bundle (signature, hashes, newer version, architecture and
Debian release) and hands it to its host, which installs it outside the server: the
upload returns at the hand-over (state PENDING); ``get_upgrade_status`` follows it
(INSTALLING, then SUCCEEDED or FAILED). A refusal is a ``FailedPrecondition`` whose
``reason`` says why (``UPGRADE_TAMPERED``…); ``Aborted`` (``UPGRADE_RUNNING``) while
another upgrade runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import grpc

from vedette_api.client.calls import ServiceCalls
from vedette_api.errors import InvalidArgument, error_from_rpc
from vedette_api.v1 import system_pb2, system_pb2_grpc

#: Bytes per message (the server takes at most 1 MiB).
CHUNK_BYTES: Final = 1024 * 1024
#: The upload and the server's check of a bundle of hundreds of MB on a slow link.
UPLOAD_TIMEOUT_S: Final = 3600.0

#: Called with (bytes sent, total bytes) after each chunk.
UploadProgress = Callable[[int, int], None]


def _requests(
    path: Path, size_bytes: int, progress: UploadProgress | None
) -> Iterator[system_pb2.UploadUpgradeRequest]:
    sent = 0
    with path.open("rb") as bundle:
        while chunk := bundle.read(CHUNK_BYTES):
            request = system_pb2.UploadUpgradeRequest(chunk=chunk)
            if sent == 0:
                request.total_bytes = size_bytes
            yield request
            sent += len(chunk)
            if progress is not None:
                progress(sent, size_bytes)


class UpgradeCalls(ServiceCalls):
    _system: system_pb2_grpc.SystemServiceStub

    def upload_upgrade(
        self, path: Path | str, *, progress: UploadProgress | None = None
    ) -> system_pb2.UpgradeStatus:
        """Send the bundle at ``path``; the state once the server verified it and
        handed it over (PENDING). ``progress`` sees the bytes sent. ``InvalidArgument``
        for a file that cannot be read or is empty."""
        file = Path(path)
        try:
            size_bytes = file.stat().st_size
        except OSError as error:
            raise InvalidArgument(f"{file}: {error.strerror or error}") from None
        if size_bytes == 0:
            raise InvalidArgument(f"{file} is empty")
        try:
            response = self._system.UploadUpgrade(
                _requests(file, size_bytes, progress),
                timeout=max(self._timeout_s, UPLOAD_TIMEOUT_S),
                metadata=self._metadata,
            )
        except grpc.RpcError as exc:
            raise error_from_rpc(exc, server=self.server) from exc
        return response.status

    def get_upgrade_status(self) -> system_pb2.UpgradeStatus:
        """The last upgrade's state (NONE when there was none)."""
        request = system_pb2.GetUpgradeStatusRequest()
        return self._call(self._system.GetUpgradeStatus, request).status
