"""``Client``: one logged-in session on one Vedette server.

``Client.connect`` pins the server's TLS certificate (``vedette_api.client.pinning``),
opens a gRPC channel that trusts only that certificate (``channel``), and logs in;
``close`` (or leaving the ``with`` block) logs out. Its methods, one class of calls
per service (``cameras``, ``storage``, ``search``, ``export``, ``images``, ``live``,
``playback``, ``events``, ``accounts``, ``system``, ``views``), mirror the RPCs of
``protos/vedette/v1`` and return their protobuf messages; instants are int
microseconds since the Unix epoch, UTC, converted to and from ``Timestamp`` there.

Invariants:
- Every call carries the session token and a deadline, and fails only with a
  ``VedetteError`` subclass (``vedette_api.errors``) holding the server's message.
- Plaintext channels are opened only to loopback addresses.

Every method blocks until the server answers (at most ``timeout_s``); the client is
safe to use from several threads, as its gRPC channel is.

Sessions: ``renew_session`` extends the session before ``expire_us`` (a console on a
24×7 wall); ``background()`` is the same client whose calls do not count as the
user's activity, for what a program does by itself (refreshes, polling), so the
server's idle logout still ends a session nobody uses.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import grpc

from vedette_api.client.accounts import AccountCalls
from vedette_api.client.alarms import AlarmCalls
from vedette_api.client.cameras import CameraCalls
from vedette_api.client.channel import ClientCertificate, open_server_channel
from vedette_api.client.closing import Closeable
from vedette_api.client.events import EventCalls
from vedette_api.client.export import ExportCalls
from vedette_api.client.images import ImageCalls
from vedette_api.client.io import IoCalls
from vedette_api.client.live import LiveCalls
from vedette_api.client.motion import MotionCalls
from vedette_api.client.notify import NotifyCalls
from vedette_api.client.playback import PlaybackCalls
from vedette_api.client.ptz import PtzCalls
from vedette_api.client.recording_policy import RecordingPolicyCalls
from vedette_api.client.rules import RuleCalls
from vedette_api.client.search import SearchCalls
from vedette_api.client.site import SiteCalls
from vedette_api.client.storage import StorageCalls
from vedette_api.client.system import SystemCalls
from vedette_api.client.views import ViewCalls
from vedette_api.errors import error_from_rpc as _error_from_rpc
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import (
    accounts_pb2_grpc,
    alarms_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    cameras_pb2_grpc,
    export_pb2_grpc,
    images_pb2_grpc,
    io_pb2_grpc,
    media_pb2_grpc,
    motion_pb2_grpc,
    notify_pb2_grpc,
    ptz_pb2_grpc,
    recording_pb2_grpc,
    rules_pb2_grpc,
    search_pb2_grpc,
    site_pb2_grpc,
    storage_pb2_grpc,
    system_pb2_grpc,
    views_pb2_grpc,
)

#: The metadata entry of calls that are not the user's doing (``Client.background``).
BACKGROUND_METADATA = ("x-vedette-activity", "background")


@dataclass
class _SessionState:
    """What a client and its background view share."""

    expire_us: int


class Client(
    Closeable,
    CameraCalls,
    StorageCalls,
    SearchCalls,
    ExportCalls,
    ImageCalls,
    LiveCalls,
    PlaybackCalls,
    EventCalls,
    AlarmCalls,
    RuleCalls,
    AccountCalls,
    SystemCalls,
    ViewCalls,
    PtzCalls,
    MotionCalls,
    RecordingPolicyCalls,
    IoCalls,
    NotifyCalls,
    SiteCalls,
):
    """A logged-in session on one Vedette server. Build it with ``Client.connect``."""

    def __init__(
        self,
        channel: grpc.Channel,
        *,
        server: str,
        login: auth_pb2.LoginResponse,
        timeout_s: float,
        certificate_fingerprint: str | None,
    ) -> None:
        self._channel = channel
        self._metadata = (("authorization", f"Bearer {login.token}"),)
        self._timeout_s = timeout_s
        self._closed = False
        self._session = _SessionState(us_from_timestamp(login.expire_time))
        #: The client this one is the background view of (None: it owns the session).
        self._owner: Client | None = None
        self._background: Client | None = None
        #: ``host:port`` of the server.
        self.server = server
        #: The user name of the session, as the server stores it.
        self.username = login.username
        #: SHA-256 fingerprint of the pinned certificate; ``None`` on plaintext.
        self.certificate_fingerprint = certificate_fingerprint
        self._auth = auth_pb2_grpc.AuthServiceStub(channel)
        self._cameras = cameras_pb2_grpc.CameraServiceStub(channel)
        self._storage = storage_pb2_grpc.StorageServiceStub(channel)
        self._search = search_pb2_grpc.SearchServiceStub(channel)
        self._export = export_pb2_grpc.ExportServiceStub(channel)
        self._images = images_pb2_grpc.ImageServiceStub(channel)
        self._system = system_pb2_grpc.SystemServiceStub(channel)
        self._accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        self._recording = recording_pb2_grpc.RecordingServiceStub(channel)
        self._media = media_pb2_grpc.MediaServiceStub(channel)
        self._views = views_pb2_grpc.ViewServiceStub(channel)
        self._alarms = alarms_pb2_grpc.AlarmServiceStub(channel)
        self._rules = rules_pb2_grpc.RuleServiceStub(channel)
        self._ptz = ptz_pb2_grpc.PtzServiceStub(channel)
        self._motion = motion_pb2_grpc.MotionServiceStub(channel)
        self._io = io_pb2_grpc.IoServiceStub(channel)
        self._notify = notify_pb2_grpc.NotificationServiceStub(channel)
        self._site = site_pb2_grpc.SiteServiceStub(channel)

    @classmethod
    def connect(
        cls,
        address: str,
        *,
        username: str,
        password: str,
        insecure: bool = False,
        known_servers_path: Path | None = None,
        trust_new: bool = False,
        timeout_s: float = 10.0,
        client_certificate: ClientCertificate | None = None,
    ) -> Self:
        """Connect to ``address`` (``host:port``, or ``unix:PATH`` for the server's
        local socket) and log in; blocks up to ~``timeout_s``.

        TLS by default, with the server's certificate pinned on first use in
        ``known_servers_path`` (default: the user's config dir); ``trust_new``
        replaces a pin that no longer matches; ``client_certificate`` is presented
        to servers that require mutual TLS. ``insecure`` uses plaintext and is
        refused (``InsecureConnectionRefused``) unless the host is loopback. The
        local socket is always plaintext (it never leaves the host).
        Raises ``Unauthenticated`` for a wrong user name or password,
        ``CertificateMismatch``, ``Unavailable``, or another ``VedetteError``.
        """
        channel, server, fingerprint = open_server_channel(
            address,
            insecure=insecure,
            known_servers_path=known_servers_path,
            trust_new=trust_new,
            timeout_s=timeout_s,
            client_certificate=client_certificate,
        )
        try:
            request = auth_pb2.LoginRequest(username=username, password=password)
            login = auth_pb2_grpc.AuthServiceStub(channel).Login(request, timeout=timeout_s)
        except grpc.RpcError as exc:
            channel.close()
            raise _error_from_rpc(exc, server=server) from exc
        except BaseException:
            channel.close()
            raise
        return cls(
            channel,
            server=server,
            login=login,
            timeout_s=timeout_s,
            certificate_fingerprint=fingerprint,
        )

    @classmethod
    def connect_with_site_token(
        cls,
        address: str,
        site_token: str,
        *,
        insecure: bool = False,
        known_servers_path: Path | None = None,
        trust_new: bool = False,
        timeout_s: float = 10.0,
        client_certificate: ClientCertificate | None = None,
    ) -> Self:
        """Connect to a member recording server of a site and open a session there with
        a site token (``issue_site_token`` on a client of the site directory): single
        sign-on, no password. As ``connect`` otherwise; ``Unauthenticated`` for a token
        the server does not accept, ``FailedPrecondition`` for a server in no site."""
        channel, server, fingerprint = open_server_channel(
            address,
            insecure=insecure,
            known_servers_path=known_servers_path,
            trust_new=trust_new,
            timeout_s=timeout_s,
            client_certificate=client_certificate,
        )
        try:
            request = auth_pb2.ExchangeSiteTokenRequest(site_token=site_token)
            exchanged = auth_pb2_grpc.AuthServiceStub(channel).ExchangeSiteToken(
                request, timeout=timeout_s
            )
        except grpc.RpcError as exc:
            channel.close()
            raise _error_from_rpc(exc, server=server) from exc
        except BaseException:
            channel.close()
            raise
        login = auth_pb2.LoginResponse(
            token=exchanged.token, expire_time=exchanged.expire_time, username=exchanged.username
        )
        return cls(
            channel,
            server=server,
            login=login,
            timeout_s=timeout_s,
            certificate_fingerprint=fingerprint,
        )

    # -- session ------------------------------------------------------------------

    @property
    def channel(self) -> grpc.Channel:
        """The gRPC channel, for what this class does not wrap (the standard health and
        reflection services)."""
        return self._channel

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """The call metadata (the ``authorization`` entry) every RPC needs."""
        return self._metadata

    @property
    def expire_us(self) -> int:
        """When the session expires unless renewed, µs since the epoch (0 when the
        server set none); ``renew_session`` moves it."""
        return self._session.expire_us

    def renew_session(self) -> int:
        """Extend the session to the server's session lifetime from now (same token,
        open streams stay open); returns the new expiry (µs since the epoch), also
        ``expire_us``. Not activity: a session idle for the server's auto-logout time
        still ends. ``Unauthenticated`` once the session has ended."""
        response = self._call(self._auth.RenewSession, auth_pb2.RenewSessionRequest())
        self._session.expire_us = us_from_timestamp(response.expire_time)
        return self._session.expire_us

    def background(self) -> Client:
        """This client, for calls that are not the user's doing: refreshes and polling
        a program makes by itself (``client.background().list_cameras()``). Its calls
        carry ``x-vedette-activity: background`` and so do not restart the session's
        idle clock. Same channel and session; closing it does nothing (close this
        client). Always the same object."""
        if self._owner is not None:
            return self
        if self._background is None:
            view = copy.copy(self)
            view._metadata = (*self._metadata, BACKGROUND_METADATA)
            view._owner = self
            view._background = None
            self._background = view
        return self._background

    @property
    def is_background(self) -> bool:
        """Whether this is a ``background()`` view."""
        return self._owner is not None

    def close(self) -> None:
        """Log out (best effort, short deadline) and close the channel. Idempotent.
        On a ``background()`` view: nothing (its owner holds the session)."""
        if self._closed or self._owner is not None:
            return
        self._closed = True
        try:
            self._auth.Logout(
                auth_pb2.LogoutRequest(), timeout=min(self._timeout_s, 2.0), metadata=self._metadata
            )
        except grpc.RpcError:
            pass  # the session expires by itself on the server
        finally:
            self._channel.close()
