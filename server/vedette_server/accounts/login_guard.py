"""One guard for every way in that checks a password: gRPC ``Login``, RTSP Basic and
Digest, and the current password of ``ChangeMyPassword`` (USER-07).

Each check is admitted by the ``LoginThrottle`` (lockout per account and per
address, at most as many checks in flight as may still fail), and each failure is
written to the system log the same way, whichever protocol it came by; a failure
that starts a lockout is also logged and published as "illegal access". Successes
are not logged here: the caller logs a login, and RTSP, which authenticates every
request, logs none.

Messages say who tried from where and why it failed, for the administrator; what the
client is told never says whether the name or the password was wrong.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Protocol

from vedette_server.accounts.throttle import Attempt, LoginThrottle
from vedette_server.ops.tallies import Tally
from vedette_server.system_log import LogType


class AuditSink(Protocol):
    """Where the guard writes (``api.audit.AuditTrail``)."""

    def record(
        self,
        type: LogType,
        action: str,
        message: str,
        *,
        username: str = "",
        peer: str = "",
        camera_id: int | None = None,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None: ...

    def publish(self, kind: str, **facts: Any) -> None: ...


def address_key(ip: str | None) -> str:
    """What failed logins are counted against: an IPv4 address, the /64 of an IPv6
    one (a host usually owns a whole /64, so counting single IPv6 addresses would let
    it guess without end), or ``local`` for the server's own socket."""
    if ip is None:
        return "local"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class LoginGuard:
    def __init__(self, throttle: LoginThrottle, audit: AuditSink) -> None:
        self.throttle = throttle
        self.audit = audit
        #: Failed checks by way in ("login" for the gRPC Login): the metrics'.
        self.failures = Tally()

    def begin(self, name: str, address: str) -> Attempt:
        """Admit a password check; raises ``LoginThrottled`` (nothing is logged: a
        refused guess costs the server nothing and must not flood the log)."""
        return self.throttle.begin(name, address)

    def failed(self, attempt: Attempt, peer: str, reason: str, *, via: str = "") -> None:
        """Count and log a failed check; log and publish any lockout it starts."""
        name = attempt.account
        how = f" over {via}" if via else ""
        self.failures.add(via or "login")
        self.audit.record(
            LogType.OPERATION,
            "login.failed",
            f"failed login{how} as {name!r} from {peer}: {reason}",
            username=name,
            peer=peer,
            outcome="UNAUTHENTICATED",
            detail={"via": via} if via else None,
        )
        for lockout in attempt.failed():
            seconds = round(self.throttle.lockout_s)
            what = (
                f"account {name!r}" if lockout.kind == "account" else f"address {lockout.key}"
            )
            self.audit.record(
                LogType.EXCEPTION,
                "illegal_access",
                f"illegal access: {lockout.failures} failed logins{how}; {what} is"
                f" throttled for {seconds} s",
                username=name,
                peer=peer,
                outcome="RESOURCE_EXHAUSTED",
                detail={"locked": lockout.kind, "failures": lockout.failures, "via": via},
            )
            self.audit.publish(
                "illegal_access",
                username=name,
                peer=peer,
                locked=lockout.kind,
                failures=lockout.failures,
                lockout_s=seconds,
                via=via,
            )
