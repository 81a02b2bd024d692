"""A member server's link to its site directory: a heartbeat every second over
mutual TLS (the site port), so the directory knows it is up, and through which the
server keeps its copy of the site's users (``users.py``: applied when the directory's
version differs from the one the server holds) and of the keys site tokens are signed
with (``tokens.py``; saved to ``DATA/site/token-keys.json``).

Nothing the server does depends on the link: recording, live, playback and export go
on whether the directory answers or not. The link logs when the directory stops
answering and when it answers again (once each, not every second), and stops
beating when the directory says the server is no longer a member (it left, or joined
again elsewhere with another certificate), saying so in the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from vedette_api.v1 import site_pb2, site_pb2_grpc
from vedette_server.catalog_thread import CatalogThread
from vedette_server.site.cameras import SiteCamera
from vedette_server.site.membership import (
    TOKEN_KEYS_FILE,
    Membership,
    channel_options,
    write_token_keys,
)
from vedette_server.site.outbox import SiteOutbox
from vedette_server.site.users import SiteUser

log = logging.getLogger("vedette.site")


def _timestamp(us: int) -> Any:
    from google.protobuf import timestamp_pb2

    stamp = timestamp_pb2.Timestamp()
    stamp.FromMicroseconds(int(us))
    return stamp


ROLES = {
    site_pb2.SITE_ROLE_ADMINISTRATOR: "administrator",
    site_pb2.SITE_ROLE_OPERATOR: "operator",
    site_pb2.SITE_ROLE_VIEWER: "viewer",
}
HEARTBEAT_S = 1.0
CALL_TIMEOUT_S = 3.0


@dataclass
class LinkState:
    #: Whether the last heartbeat was answered.
    connected: bool = False
    #: When the directory last answered (wall µs), 0 for never.
    last_ok_us: int = 0
    #: Why the last heartbeat failed ("" after a success).
    error: str = ""
    #: The directory's clock minus ours at the last answer (µs), halfway through the call.
    clock_offset_us: int = 0
    #: Set when the directory said this server is not a member any more.
    refused: bool = False
    #: The version of the site's user list applied here (0: none yet).
    users_version: int = 0
    #: The number of the last directory session end heard (0: none).
    ended_since: int = 0
    #: The version of the site's cameras applied here (0: none yet).
    cameras_version: int = 0


class SiteLink:
    def __init__(
        self,
        membership: Membership,
        *,
        address: Callable[[], str],
        cameras: Callable[[], tuple[int, int]],
        version: str,
        api_fingerprint: str = "",
        apply_users: Callable[[list[SiteUser]], Awaitable[None]],
        end_sessions: Callable[[set[str]], int],
        apply_cameras: Callable[[list[SiteCamera]], Awaitable[None]],
        site_dir: Path,
        outbox: SiteOutbox | None = None,
        thread: CatalogThread | None = None,
        interval_s: float = HEARTBEAT_S,
    ) -> None:
        self.membership = membership
        self._address = address
        self._cameras = cameras
        self._apply_users = apply_users
        self._end_sessions = end_sessions
        self._apply_cameras = apply_cameras
        self._outbox = outbox
        self._thread = thread
        self._keys_file = site_dir / TOKEN_KEYS_FILE
        self.version = version
        #: The SHA-256 of this server's API certificate, vouched for by the directory.
        self.api_fingerprint = api_fingerprint
        self.interval_s = interval_s
        self.state = LinkState()
        #: kid → raw public key of the site's token keys, as last heard.
        self.token_keys: dict[str, bytes] = dict(membership.token_keys)
        self._task: asyncio.Task[None] | None = None
        self._channel: grpc.aio.Channel | None = None

    async def start(self) -> None:
        if self._outbox is not None:
            await self._outbox.start()
        self._channel = grpc.aio.secure_channel(
            self.membership.site_address,
            self.membership.channel_credentials(),
            options=channel_options(),
        )
        self._task = asyncio.get_running_loop().create_task(self._run(), name="site link")
        log.info(
            "member of site %r as %s: heartbeats to %s",
            self.membership.site_name,
            self.membership.name,
            self.membership.site_address,
        )

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._channel is not None:
            await self._channel.close()
        if self._outbox is not None:
            await self._outbox.aclose()

    async def _run(self) -> None:
        assert self._channel is not None
        stub = site_pb2_grpc.SiteSyncServiceStub(self._channel)
        while not self.state.refused:
            started = time.monotonic()
            try:
                await self.beat(stub)
            except Exception:
                # A beat must never end the loop: a server that stops beating is
                # failed over by the directory while it still records, and never
                # hears that it was (its fence is the next heartbeat's answer).
                log.exception("a heartbeat failed; the next one runs in %.0f s", self.interval_s)
            await asyncio.sleep(max(0.0, self.interval_s - (time.monotonic() - started)))

    async def beat(self, stub: site_pb2_grpc.SiteSyncServiceStub) -> None:
        cameras, recording = self._cameras()
        request = site_pb2.HeartbeatRequest(
            address=self._address(),
            version=self.version,
            cameras=cameras,
            cameras_recording=recording,
            users_version=self.state.users_version,
            ended_since=self.state.ended_since,
            cameras_version=self.state.cameras_version,
            server_time=_timestamp(time.time_ns() // 1000),
            api_certificate_sha256=self.api_fingerprint,
        )
        sent_us = time.time_ns() // 1000
        try:
            response = await stub.Heartbeat(request, timeout=CALL_TIMEOUT_S)
        except grpc.aio.AioRpcError as exc:
            self._failed(exc)
            return
        now_us = time.time_ns() // 1000
        directory_us = (
            response.directory_time.seconds * 1_000_000 + response.directory_time.nanos // 1000
        )
        if not self.state.connected:
            log.info("site directory %s answers", self.membership.site_address)
        self.state.connected = True
        self.state.error = ""
        self.state.last_ok_us = now_us
        self.state.clock_offset_us = directory_us - (sent_us + now_us) // 2
        await self._keys_heard({k.kid: bytes(k.public_key) for k in response.token_keys})
        await self._push_alarms(stub)
        if response.ended_sessions:
            ended = self._end_sessions(set(response.ended_sessions))
            if ended:
                log.info("ended %d session(s) whose site session ended", ended)
        self.state.ended_since = response.ended_sequence
        if response.users_included:
            users = [
                SiteUser(u.name, ROLES.get(u.role, "viewer"), u.enabled, u.password_hash)
                for u in response.users
            ]
            try:
                await self._apply_users(users)
            except Exception:
                log.exception("the site's users could not be applied; retrying at the next beat")
                return
            log.info(
                "site users: version %d applied (%d users)", response.users_version, len(users)
            )
            self.state.users_version = response.users_version
        if response.cameras_included:
            site_cameras = [
                SiteCamera(
                    c.site_camera_id,
                    c.name,
                    c.main_url,
                    c.sub_url,
                    c.camera_user,
                    c.camera_password,
                    c.enabled,
                    c.record_audio,
                )
                for c in response.cameras
            ]
            try:
                await self._apply_cameras(site_cameras)
            except Exception:
                log.exception("the site's cameras could not be applied; retrying at the next beat")
                return
            log.info(
                "site cameras: version %d applied (%d recorded here)",
                response.cameras_version,
                len(site_cameras),
            )
            self.state.cameras_version = response.cameras_version

    async def _push_alarms(self, stub: site_pb2_grpc.SiteSyncServiceStub) -> None:
        """Send the outbox's rows, oldest first, and delete those the directory holds."""
        if self._outbox is None or self._thread is None:
            return
        while True:
            rows = await self._thread.call(self._outbox.unsent)
            if not rows:
                return
            request = site_pb2.PushAlarmsRequest()
            for sequence, payload in rows:
                alarm = site_pb2.SiteAlarm(
                    alarm_id=payload["alarm_id"],
                    version=payload["version"],
                    title=payload["title"],
                    rule_name=payload["rule_name"],
                    priority=payload["priority"],
                    state=payload["state"],
                    first_time=_timestamp(payload["first_us"]),
                    last_time=_timestamp(payload["last_us"]),
                    count=payload["count"],
                    camera_names=[c[0] for c in payload["cameras"]],
                    site_camera_ids=[c[1] for c in payload["cameras"]],
                )
                request.items.add(sequence=sequence, alarm=alarm)
            try:
                response = await stub.PushAlarms(request, timeout=CALL_TIMEOUT_S)
            except grpc.aio.AioRpcError as exc:
                log.debug("alarms not sent to the directory yet: %s", exc.details())
                return
            held = min(response.acknowledged, rows[-1][0])
            if held:
                await self._thread.call(self._outbox.delete_through, held)
            if held < rows[-1][0]:  # the directory holds less than was sent: later
                return

    async def _keys_heard(self, keys: dict[str, bytes]) -> None:
        if not keys or keys == self.token_keys:
            return
        self.token_keys = keys
        try:
            await asyncio.to_thread(write_token_keys, self._keys_file, keys)
        except OSError as exc:
            log.warning("the site's token keys could not be saved: %s", exc)

    def _failed(self, exc: grpc.aio.AioRpcError) -> None:
        reason = f"{exc.code().name}: {exc.details() or ''}".strip()
        if exc.code() is grpc.StatusCode.UNAUTHENTICATED:
            self.state.refused = True
            log.error(
                "the site directory no longer accepts this server (%s); heartbeats stop."
                " Join the site again with a new token",
                exc.details(),
            )
        elif self.state.connected or not self.state.error:
            log.warning(
                "site directory %s does not answer (%s); recording goes on, heartbeats retry"
                " every %.0f s",
                self.membership.site_address,
                reason,
                self.interval_s,
            )
        self.state.connected = False
        self.state.error = reason
