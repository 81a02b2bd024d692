"""The SMTP section of the settings (ALARM-07, NET-03): where the server sends alarm
mail, stored as JSON under the key ``smtp`` of the catalog's ``setting`` table, with
the password sealed by the server's ``SecretBox`` (the key file camera passwords use).

Not part of the ``Settings`` aggregate that ``SystemService.UpdateSettings`` carries
(that copies whole sections into the audit log's before/after, and this section holds
a secret). It is read and written through ``NotificationService`` (``GetSmtp`` /
``SetSmtp``), and travels in configuration backups in their ``alarms`` part
(``config_backup/alarms_section.py``), with the password only inside the encrypted
document, as camera passwords travel.

Invariants:
- what is stored is a validated ``SmtpSettings`` (``notify/mail.py``) and the sealed
  password; the plain password exists only in memory, on its way to the SMTP server;
- ``SmtpView`` (what callers and the audit see) has no password, only ``password_set``;
- a stored section that cannot be read (hand-edited, a key file replaced) is reported
  in the log and treated as "not configured", never half-applied.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Final

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Setting
from vedette_server.errors import InvalidArgument
from vedette_server.notify.mail import DEFAULT_TIMEOUT_S, Security, SmtpSettings
from vedette_server.security.secretbox import CredentialsUnreadable, SecretBox

log = logging.getLogger(__name__)

SECTION: Final = "smtp"


@dataclass(frozen=True)
class SmtpView:
    """The SMTP settings as shown to callers and written to the audit: no password."""

    host: str
    port: int
    security: str
    sender: str
    user: str
    password_set: bool
    timeout_s: float
    #: Whether a private certificate (or CA) is trusted instead of the system's store.
    tls_ca_set: bool

    @classmethod
    def of(cls, settings: SmtpSettings) -> SmtpView:
        return cls(
            settings.host,
            settings.port,
            settings.security.value,
            settings.sender,
            settings.user,
            bool(settings.password),
            settings.timeout_s,
            bool(settings.tls_ca_pem),
        )

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


#: Keep the stored password: what ``SmtpStore.save`` takes for "unchanged".
KEEP_PASSWORD: Final = None


class SmtpStore:
    """Loads and saves the SMTP section. Blocking (the catalog thread); ``current`` is
    kept in memory for readers on the event loop."""

    def __init__(self, catalog: Catalog, secrets: SecretBox) -> None:
        self.catalog = catalog
        self.secrets = secrets
        self.current: SmtpSettings | None = None

    def load(self) -> SmtpSettings | None:
        rows = list(
            Setting.select(Setting.value)
            .where(Setting.key == SECTION)
            .execute(self.catalog.database)
        )
        self.current = self._parse(str(rows[0].value)) if rows else None
        return self.current

    def _parse(self, text: str) -> SmtpSettings | None:
        try:
            data = json.loads(text)
            sealed = str(data.pop("password_sealed", ""))
            password = self.secrets.open_bytes(sealed.encode()).decode() if sealed else ""
            return SmtpSettings(
                host=str(data["host"]),
                port=int(data["port"]),
                security=Security(data["security"]),
                sender=str(data["sender"]),
                user=str(data.get("user", "")),
                password=password,
                timeout_s=float(data.get("timeout_s", DEFAULT_TIMEOUT_S)),
                tls_ca_pem=str(data.get("tls_ca_pem", "")),
            )
        except (ValueError, KeyError, TypeError, InvalidArgument, CredentialsUnreadable) as error:
            # The error never holds the password: SmtpSettings hides it, open_bytes too.
            log.error("the stored SMTP settings are unreadable (%s); mail is off", error)
            return None

    def save(self, settings: SmtpSettings) -> SmtpSettings:
        """Store ``settings`` (its password sealed) and make them current."""
        data: dict[str, Any] = {
            "host": settings.host,
            "port": settings.port,
            "security": settings.security.value,
            "sender": settings.sender,
            "user": settings.user,
            "timeout_s": settings.timeout_s,
            "tls_ca_pem": settings.tls_ca_pem,
            "password_sealed": (
                self.secrets.seal_bytes(settings.password.encode()).decode("ascii")
                if settings.password
                else ""
            ),
        }
        text = json.dumps(data, sort_keys=True)
        with self.catalog.atomic():
            Setting.insert(key=SECTION, value=text).on_conflict_replace().execute(
                self.catalog.database
            )
        self.current = settings
        return settings
