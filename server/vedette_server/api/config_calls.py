"""The configuration RPCs of SystemService: export, preview, import, factory reset.

Sealing and opening the file derive a key (Argon2id, ~100 ms, at most ~4 times that
for a file asking for the highest costs accepted) and run on their own executor,
``sealing`` (one thread in production: one derivation at a time, so at most 128 MiB),
never on the Argon2 pool that logins wait on. The admin password a factory reset asks
for is checked like a login: through the login guard (lockout and audit) on the
Argon2 pool. Reading and writing the configuration run on the catalog thread.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_api import timestamps
from vedette_api.v1 import system_pb2
from vedette_server.accounts.login_guard import LoginGuard, address_key
from vedette_server.accounts.throttle import LoginThrottled
from vedette_server.accounts.users import ADMIN, Users
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.catalog_thread import CatalogThread
from vedette_server.config_backup import ConfigFileRefused, open_config, seal_config
from vedette_server.config_backup.snapshot import ConfigChange, ConfigSnapshots
from vedette_server.errors import InvalidArgument, ResourceExhausted
from vedette_server.security.password_pool import PasswordWork

MIN_PASSPHRASE = 8


def _change_message(change: ConfigChange) -> system_pb2.ConfigChange:
    return system_pb2.ConfigChange(
        kind=change.kind, name=change.name, action=change.action, fields=list(change.fields)
    )


class ConfigCalls:
    def __init__(
        self,
        snapshots: ConfigSnapshots,
        users: Users,
        thread: CatalogThread,
        passwords: PasswordWork,
        guard: LoginGuard,
        sealing: Executor,
        signing_key: Ed25519PrivateKey,
        server_id: str,
        *,
        on_imported: Callable[[], Awaitable[None]],
        erase_cameras: Callable[[], Awaitable[None]],
    ) -> None:
        self.snapshots = snapshots
        self.users = users
        self.thread = thread
        self.passwords = passwords
        self.guard = guard
        self.sealing = sealing
        self.signing_key = signing_key
        self.server_id = server_id
        self.on_imported = on_imported
        self.erase_cameras = erase_cameras

    @staticmethod
    async def _in(executor: Executor, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, lambda: fn(*args, **kwargs))

    async def export(
        self, request: system_pb2.ExportConfigRequest
    ) -> system_pb2.ExportConfigResponse:
        if len(request.passphrase) < MIN_PASSPHRASE:
            raise InvalidArgument("passphrase", f"at least {MIN_PASSPHRASE} characters")
        document = await self.thread.call(self.snapshots.export_document)
        now_us = timestamps.now_us()
        data = await self._in(
            self.sealing,
            seal_config,
            document,
            passphrase=request.passphrase,
            signing_key=self.signing_key,
            server_id=self.server_id,
            created_us=now_us,
        )
        stamp = datetime.fromtimestamp(now_us / 1e6, UTC).strftime("%Y%m%dT%H%M%SZ")
        call_context.note(
            message=f"{call_context.principal().username} exported the configuration",
            cameras=len(document["cameras"]),
            users=len(document["users"]),
        )
        return system_pb2.ExportConfigResponse(data=data, file_name=f"vedette-config-{stamp}.vcfg")

    async def _open(self, data: bytes, passphrase: str) -> Any:
        try:
            return await self._in(self.sealing, open_config, data, passphrase=passphrase)
        except ConfigFileRefused as refused:
            raise InvalidArgument("data", f"{refused} [{refused.reason}]") from None

    async def preview(
        self, request: system_pb2.PreviewConfigImportRequest
    ) -> system_pb2.PreviewConfigImportResponse:
        opened = await self._open(request.data, request.passphrase)
        plan = await self.thread.call(self.snapshots.plan_import, opened.document)
        return system_pb2.PreviewConfigImportResponse(
            source_server_id=opened.server_id,
            export_time=timestamp(opened.created_us),
            signer_fingerprint=opened.signer_fingerprint,
            changes=[_change_message(c) for c in plan.changes],
        )

    async def import_(
        self, request: system_pb2.ImportConfigRequest
    ) -> system_pb2.ImportConfigResponse:
        opened = await self._open(request.data, request.passphrase)

        def plan_and_apply() -> list[ConfigChange]:
            plan = self.snapshots.plan_import(opened.document)
            return self.snapshots.apply_import(plan)

        changes = await self.thread.call(plan_and_apply)
        await self.on_imported()
        call_context.note(
            message=f"configuration imported from server {opened.server_id}"
            f" (signed by {opened.signer_fingerprint[:23]}…), {len(changes)} changes",
            changes=[f"{c.action} {c.kind} {c.name}" for c in changes[:200]],
        )
        return system_pb2.ImportConfigResponse(changes=[_change_message(c) for c in changes])

    async def _check_admin_password(self, password: str) -> None:
        """A check of the admin password like a login: the guard admits it (an
        administrator's session must not be a way to guess it without the lockout)."""
        if not password:
            raise InvalidArgument("admin_password", "is required")
        peer = call_context.peer()
        try:
            attempt = self.guard.begin(ADMIN, address_key(peer.ip if peer else None))
        except LoginThrottled as refused:
            raise ResourceExhausted(
                f"{refused}; try again in {math.ceil(refused.retry_after_s)} s"
            ) from None
        try:
            checked = await self.passwords.run(self.users.verify_login, ADMIN, password)
        except BaseException:
            attempt.abandon()
            raise
        if checked is None:
            reason = "wrong admin password for a factory reset"
            self.guard.failed(attempt, peer.text if peer else "", reason, via="factory reset")
            raise InvalidArgument("admin_password", "is wrong")
        attempt.succeeded()

    async def factory_reset(self, request: system_pb2.FactoryResetRequest) -> None:
        await self._check_admin_password(request.admin_password)
        if request.erase_cameras_and_recordings:
            await self.erase_cameras()
        await self.thread.call(
            self.snapshots.factory_reset, keep_cameras=not request.erase_cameras_and_recordings
        )
        await self.on_imported()
        call_context.note(
            message="factory reset"
            + (", cameras and recordings erased" if request.erase_cameras_and_recordings else ""),
        )
