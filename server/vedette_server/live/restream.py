"""RTSP re-streaming (NET-02): ``rtsp://server:port/<camera id or name>/<main|sub>``
served from the live hub through ``vedette_server.rtsp``, so any RTSP player (VLC,
ffplay, GStreamer, another VMS) watches a camera without opening a connection of
its own to it.

Access:
- Users log in with their Vedette name and password, by Digest (realm ``Vedette``)
  or Basic. Both are checked against the Digest HA1 (MD5 of ``name:Vedette:password``)
  kept sealed beside the Argon2 hash whenever a password is set, so no Argon2 work
  runs on the event loop; an account whose password predates the HA1 cannot use
  RTSP until its password is set again.
- Every credential check goes through the server's login guard, exactly as a gRPC
  ``Login``: failures count per account and per address, a lockout refuses the
  user or address with 503 and Retry-After before anything is checked, and each
  failure and lockout ("illegal access") is written to the system log.
- No or wrong credentials, and right credentials without the live right on the
  camera (remote scope): the same 401 with a fresh challenge, so a guess never
  learns that its password was right. Unknown camera or stream: 404; a camera that
  has not yet been connected (no codec parameters known): 503.
- With the setting ``network.rtsp_anonymous`` on, nobody is asked to log in.

Invariants:
- One mount per camera stream, attached to its hub as a listener while it has RTSP
  sessions (and ``linger_s`` after the last one ended), so the worker's live flow
  is on exactly while someone watches. The mount's tracks packetize each packet
  once for every RTSP client and skip slow clients to the next keyframe
  (``rtsp/stream.py``); nothing here blocks the loop.
- A camera deleted or disabled loses its RTSP viewers within a few seconds.
- Only the video track is served (audio over RTSP would need a per-user SDP for
  the audio right). A codec-parameter change the SDP shows (parameter sets, frame
  rate) ends the mount's sessions; players reconnect and get the new description.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from vedette_api.media.packet import CodecParameters, MediaPacket, PacketKind
from vedette_server.accounts.authorization import AccountDirectory, may
from vedette_server.accounts.login_guard import LoginGuard, address_key
from vedette_server.accounts.rights import CameraRight, Scope
from vedette_server.accounts.throttle import Attempt, LoginThrottled
from vedette_server.accounts.users import DIGEST_REALM
from vedette_server.api import user_limits
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import NotFound
from vedette_server.ingest.config import StreamName
from vedette_server.live.hub import LiveHubs, LiveStart, StreamHub
from vedette_server.recording.cameras import CameraRecord, CameraRegistry
from vedette_server.rtsp.auth import AuthThrottled, RtspAuthenticator, md5_ha1
from vedette_server.rtsp.limits import RtspLimits
from vedette_server.rtsp.server import RtspServer
from vedette_server.rtsp.stream import MediaTrack, Mount
from vedette_server.security.secretbox import CredentialsUnreadable, SecretBox

log = logging.getLogger(__name__)

DEFAULT_LINGER_S = 5.0


def _sdp_view(params: CodecParameters) -> tuple[object, ...]:
    """What of a track's parameters its SDP carries (not the picture size: a size
    learnt from the first keyframe changes nothing for clients)."""
    return (params.codec, params.extradata, params.frame_rate)


@dataclass(eq=False)
class _Restream:
    """One camera stream's mount, fed by its hub."""

    camera_id: int
    stream: StreamName
    mount: Mount
    #: Ends the mount's sessions (the RTSP server's ``close_mount_sessions``).
    drop_sessions: Callable[[Mount], object]
    hub: StreamHub | None = None
    start: LiveStart | None = None
    idle_since: float | None = None

    def on_start(self, start: LiveStart) -> None:
        if self.start is not None and _sdp_view(start.video) != _sdp_view(self.start.video):
            # The SDP the clients have no longer describes the stream.
            self.mount.tracks[0] = MediaTrack(start.video)
            self.drop_sessions(self.mount)
        elif self.start is None:
            self.mount.tracks.append(MediaTrack(start.video))
        self.start = start
        self.mount.unavailable = False

    def on_packet(self, packet: MediaPacket) -> None:
        if packet.kind == PacketKind.VIDEO and self.mount.tracks:
            self.mount.push(0, packet)


@dataclass
class _GuardedCheck:
    """One RTSP credential check admitted by the login guard."""

    guard: LoginGuard
    attempt: Attempt
    peer_host: str

    def failed(self, reason: str) -> None:
        self.guard.failed(self.attempt, self.peer_host, reason, via="RTSP")

    def succeeded(self) -> None:
        self.attempt.succeeded()

    def abandon(self) -> None:
        self.attempt.abandon()


@dataclass
class RtspLoginGuard:
    """The login guard as the RTSP server asks it (``rtsp.auth.AuthGuard``)."""

    guard: LoginGuard

    def begin(self, user: str, peer_host: str) -> _GuardedCheck:
        try:
            attempt = self.guard.begin(user, address_key(peer_host))
        except LoginThrottled as refused:
            raise AuthThrottled(refused.retry_after_s) from None
        return _GuardedCheck(self.guard, attempt, peer_host)


def _with_user_bound(limits: RtspLimits) -> RtspLimits:
    """``limits`` with the per-user session bound of the server's user limits, unless
    it sets one itself."""
    if limits.max_sessions_per_user is not None:
        return limits
    return replace(limits, max_sessions_per_user=user_limits.MAX_RTSP_SESSIONS)


class RtspRestream:
    """The RTSP server of the recording server; see the module docstring."""

    def __init__(
        self,
        hubs: LiveHubs,
        cameras: CameraRegistry,
        thread: CatalogThread,
        directory: AccountDirectory,
        secrets: SecretBox,
        guard: LoginGuard,
        *,
        host: str,
        port: int,
        anonymous: bool = False,
        linger_s: float = DEFAULT_LINGER_S,
        limits: RtspLimits | None = None,
    ) -> None:
        self.hubs = hubs
        self.cameras = cameras
        self.thread = thread
        self.directory = directory
        self.secrets = secrets
        self.linger_s = linger_s
        self.authenticator = RtspAuthenticator(
            DIGEST_REALM, check_password=self._check_password, digest_ha1=self._digest_ha1
        )
        self.server = RtspServer(
            host=host,
            port=port,
            authenticator=None if anonymous else self.authenticator,
            guard=RtspLoginGuard(guard),
            authorizer=self._may_view,
            resolver=self._resolve,
            server_name="Vedette",
            limits=_with_user_bound(limits or RtspLimits()),
        )
        self._restreams: dict[tuple[int, StreamName], _Restream] = {}
        self._housekeeping: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        return self.server.port

    async def start(self) -> None:
        await self.server.start()
        self._housekeeping = asyncio.get_running_loop().create_task(self._housekeep())

    async def aclose(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._housekeeping
        for restream in list(self._restreams.values()):
            self._retire(restream)
        await self.server.aclose()

    def set_anonymous(self, anonymous: bool) -> None:
        """Apply the ``network.rtsp_anonymous`` setting (from the next request on)."""
        self.server.authenticator = None if anonymous else self.authenticator

    # -- authentication and rights (on the loop, from memory) ---------------------------

    def _digest_ha1(self, user: str) -> str | None:
        sealed = self.directory.sealed_digest_ha1(user)
        if sealed is None:
            return None
        try:
            return self.secrets.open_bytes(sealed).decode("ascii")
        except (CredentialsUnreadable, UnicodeDecodeError):
            log.warning("the RTSP Digest secret of user %r cannot be read", user)
            return None

    def _check_password(self, user: str, password: str) -> bool:
        ha1 = self._digest_ha1(user)
        if ha1 is None:
            return False
        return hmac.compare_digest(md5_ha1(user, DIGEST_REALM, password), ha1)

    def _may_view(self, user: str | None, mount: Mount) -> bool:
        restream = next((r for r in self._restreams.values() if r.mount is mount), None)
        if restream is None:
            return False
        if user is None:
            return self.server.authenticator is None  # anonymous access is on
        record = self.directory.user_named(user)
        if record is None:
            return False
        principal = self.directory.principal(record.id, Scope.REMOTE)
        return principal is not None and may(principal, CameraRight.LIVE, restream.camera_id)

    # -- mounts ------------------------------------------------------------------------

    async def _resolve(self, path: str) -> Mount | None:
        camera_ref, sep, stream_text = path.rpartition("/")
        if not sep or stream_text not in ("main", "sub") or not camera_ref:
            return None
        stream: StreamName = "main" if stream_text == "main" else "sub"
        camera = await self.thread.call(self._find_camera, camera_ref)
        if camera is None or (stream == "sub" and not camera.sub_url):
            return None
        key = (camera.id, stream)
        restream = self._restreams.get(key)
        if restream is None:
            mount = Mount(f"{camera.id}/{stream}", [], title=f"{camera.name} ({stream})")
            restream = _Restream(camera.id, stream, mount, self.server.close_mount_sessions)
            self._restreams[key] = restream
        restream.mount.unavailable = not camera.enabled
        if restream.hub is None and camera.enabled:
            restream.hub = self.hubs.attach(camera.id, stream, restream)
            restream.idle_since = time.monotonic()
        if restream.start is None:
            restream.mount.unavailable = True  # not connected yet: 503, try again
        return restream.mount

    def _find_camera(self, ref: str) -> CameraRecord | None:
        """The camera whose id, or else whose name, is ``ref``. Blocking (catalog)."""
        if ref.isascii() and ref.isdigit():
            with contextlib.suppress(NotFound):
                return self.cameras.get(int(ref))
        return next((c for c in self.cameras.list_all() if c.name == ref), None)

    def _retire(self, restream: _Restream) -> None:
        self.server.close_mount_sessions(restream.mount)
        if restream.hub is not None:
            self.hubs.detach(restream.hub, restream)
            restream.hub = None
        self._restreams.pop((restream.camera_id, restream.stream), None)

    def sessions_of(self, camera_id: int, stream: StreamName) -> int:
        restream = self._restreams.get((camera_id, stream))
        if restream is None:
            return 0
        return sum(1 for s in self.server.sessions.values() if s.mount is restream.mount)

    def _gone(self, camera_ids: set[int]) -> set[int]:
        """Which of these cameras were deleted or disabled. Blocking (catalog)."""
        enabled = {c.id for c in self.cameras.list_all() if c.enabled}
        return camera_ids - enabled

    async def _housekeep(self) -> None:
        """Detach mounts nobody has watched for ``linger_s``, and end those of cameras
        deleted or disabled (checked every few seconds)."""
        checks = 0
        while True:
            await asyncio.sleep(min(1.0, self.linger_s))
            checks += 1
            if checks % 5 == 0 and self._restreams:
                try:
                    gone = await self.thread.call(
                        self._gone, {r.camera_id for r in self._restreams.values()}
                    )
                except Exception:
                    log.exception("could not check the re-streamed cameras")
                    gone = set()
                for restream in list(self._restreams.values()):
                    if restream.camera_id in gone:
                        self._retire(restream)
            now = time.monotonic()
            for restream in list(self._restreams.values()):
                if self.sessions_of(restream.camera_id, restream.stream):
                    restream.idle_since = None
                elif restream.idle_since is None:
                    restream.idle_since = now
                elif now - restream.idle_since >= self.linger_s:
                    self._retire(restream)
