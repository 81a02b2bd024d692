"""The server's side of an upgrade (SYS-06): receive an uploaded bundle, verify it,
hand it to the host (``handoff``).

Invariants:
- One upgrade at a time: an upload while another is received, waits for the host
  or installs is refused (``UpgradeRunning``) before a byte is written.
- A server that cannot take upgrades (no trusted key, not a Debian host) says so
  before receiving the bytes.
- The upload goes to a file in ``incoming/``, never memory; it is removed whatever
  ends the upload short of a hand-over: refusal, a full disk (``UPGRADE_NO_SPACE``),
  fewer bytes than announced (``UPGRADE_TRUNCATED``), the client gone.
- ``request.json`` is written last: the host sees a request only for a bundle that
  passed ``verify``, complete on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import BinaryIO, Final

from vedette_api import timestamps
from vedette_server.errors import InvalidArgument
from vedette_server.upgrade import manifest, verify
from vedette_server.upgrade.handoff import UpgradeDir, UpgradeState, read_status, write_json
from vedette_server.upgrade.host import HostTarget, detect_target, running_version
from vedette_server.upgrade.manifest import Manifest
from vedette_server.upgrade.refusal import UpgradeRefused, UpgradeRunning

MAX_BUNDLE_BYTES: Final = 4 * 1024 * 1024 * 1024
MAX_CHUNK_BYTES: Final = 1024 * 1024
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def _no_space(directory: Path, needed: int, free: int) -> UpgradeRefused:
    return UpgradeRefused(
        "UPGRADE_NO_SPACE",
        f"not enough room for the bundle in {directory}: {needed} bytes needed, {free} free",
        needed_bytes=needed,
        free_bytes=free,
    )


def open_upload(directory: Path, total_bytes: int) -> tuple[BinaryIO, Path]:
    """A new file in ``directory`` for a ``total_bytes`` upload, when the file system
    has room for it. Blocks."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    if free < total_bytes:
        raise _no_space(directory, total_bytes, free)
    fd, name = tempfile.mkstemp(dir=directory, prefix="upload-", suffix=".part")
    return os.fdopen(fd, "wb"), Path(name)


def write_chunk(file: BinaryIO, chunk: bytes, directory: Path, total_bytes: int) -> None:
    """Write and, for the full disk, ``UPGRADE_NO_SPACE``. Blocks."""
    try:
        file.write(chunk)
        file.flush()
    except OSError as error:
        if error.errno in _NO_SPACE:
            raise _no_space(directory, total_bytes, shutil.disk_usage(directory).free) from None
        raise


def finish_file(file: BinaryIO, directory: Path, total_bytes: int) -> None:
    """fsync and close (a full disk may show only here). Blocks."""
    try:
        os.fsync(file.fileno())
    except OSError as error:
        if error.errno in _NO_SPACE:
            raise _no_space(directory, total_bytes, shutil.disk_usage(directory).free) from None
        raise
    finally:
        file.close()


async def receive(
    chunks: AsyncIterator[bytes], total_bytes: int, file: BinaryIO, directory: Path
) -> None:
    """Write the stream to ``file``; refused unless exactly ``total_bytes`` arrive."""
    received = 0
    async for chunk in chunks:
        if len(chunk) > MAX_CHUNK_BYTES:
            raise InvalidArgument("chunk", f"{len(chunk)} bytes: at most {MAX_CHUNK_BYTES}")
        received += len(chunk)
        if received > total_bytes:
            raise InvalidArgument("chunk", f"more bytes than the {total_bytes} of total_bytes")
        await asyncio.to_thread(write_chunk, file, chunk, directory, total_bytes)
    if received != total_bytes:
        raise UpgradeRefused(
            "UPGRADE_TRUNCATED",
            f"the upload ended after {received} of its {total_bytes} bytes",
            received_bytes=received,
            total_bytes=total_bytes,
        )
    await asyncio.to_thread(finish_file, file, directory, total_bytes)


class UpgradeIntake:
    """Takes bundles for this server; ``directory``: the hand-off directory,
    ``keys``: the directory of the trusted public keys."""

    def __init__(
        self,
        directory: Path,
        keys: Path,
        *,
        target: Callable[[], HostTarget] = detect_target,
        running: Callable[[], str] = running_version,
    ) -> None:
        self.directory = UpgradeDir(directory)
        self.keys = keys
        self.target = target
        self.running = running
        self._receiving = False

    async def status(self) -> UpgradeState:
        return await asyncio.to_thread(read_status, self.directory)

    async def upload(self, total_bytes: int, chunks: AsyncIterator[bytes]) -> Manifest:
        """Receive, verify and hand over a bundle; its manifest. Refusals leave
        nothing behind (``UpgradeRefused``, ``UpgradeRunning``, ``InvalidArgument``)."""
        running = UpgradeRunning("another upgrade is being received or installed; wait for it")
        if self._receiving:
            raise running
        self._receiving = True  # before any await: two uploads never both pass
        try:
            if (await self.status()).busy:
                raise running
            return await self._upload(total_bytes, chunks)
        finally:
            self._receiving = False

    async def _upload(self, total_bytes: int, chunks: AsyncIterator[bytes]) -> Manifest:
        keys = await asyncio.to_thread(manifest.load_trusted_keys, self.keys)
        target = await asyncio.to_thread(self.target)
        if not 0 < total_bytes <= MAX_BUNDLE_BYTES:
            raise InvalidArgument(
                "total_bytes", f"{total_bytes}: a bundle is 1 to {MAX_BUNDLE_BYTES} bytes"
            )
        incoming = self.directory.incoming
        file, path = await asyncio.to_thread(open_upload, incoming, total_bytes)
        try:
            try:
                await receive(chunks, total_bytes, file, incoming)
            finally:
                with contextlib.suppress(OSError):  # the error that ended it is raised
                    file.close()
            running = self.running()
            signed = await asyncio.to_thread(verify.verify_bundle, path, keys, target, running)
            await asyncio.to_thread(self._hand_over, path, signed)
        finally:
            with contextlib.suppress(FileNotFoundError):
                await asyncio.to_thread(path.unlink)
        return signed

    def _hand_over(self, path: Path, signed: Manifest) -> None:
        """Blocking: the bundle into place, then the request the host waits for."""
        os.replace(path, self.directory.bundle)
        write_json(
            self.directory.request,
            {
                "request_id": str(uuid.uuid4()),
                "version": signed.version,
                "request_time_us": timestamps.now_us(),
            },
        )
