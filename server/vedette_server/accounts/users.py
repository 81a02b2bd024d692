"""User accounts (USER-01, USER-03): add, edit, enable, delete, passwords, login.

Catalog functions block briefly (catalog thread). Password work is CPU-bound
(Argon2id, ~100 ms) and is kept apart: ``prepare_password`` and ``verify_login``
run on a hashing executor, so they never hold the catalog thread.

Invariants:
- There is no default password: an account exists only with a password that passed
  the policy, and only its Argon2id hash is stored, with (sealed by the server's
  credentials key, which is not in the catalog) the Digest HA1 that RTSP clients
  authenticate with.
- Accounts are not renamed: the Digest HA1 is bound to the name (add a new user).
- The ``admin`` account cannot be deleted, renamed, disabled or moved out of the
  administrator group, and has permission control off (the schema refuses it too).
- A failed login takes as long as a successful one (a dummy hash is verified for
  unknown users), so user names cannot be probed by timing.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from vedette_server.accounts.groups import ADMINISTRATOR_GROUP_ID
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, PermissionGroup
from vedette_server.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from vedette_server.names import check_characters, check_text
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy, WeakPassword
from vedette_server.security.secretbox import SecretBox

ADMIN = "admin"
#: The realm of RTSP Digest authentication against Vedette accounts (RFC 2617).
DIGEST_REALM = "Vedette"
MAX_NOTE = 256
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,32}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{1,63}$")


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str
    group_id: int
    enabled: bool
    permission_control: bool
    email: str
    mac_binding: str
    note: str
    password_changed_us: int
    created_us: int
    updated_us: int

    @property
    def is_admin(self) -> bool:
        return self.name.lower() == ADMIN


@dataclass(frozen=True)
class PreparedPassword:
    """A password that passed the policy, hashed and sealed: ready to store."""

    password_hash: str
    digest_ha1: bytes

    def __repr__(self) -> str:
        return "PreparedPassword(<hidden>)"


@dataclass(frozen=True)
class UserChanges:
    """Fields to change on a user; ``None`` keeps the current value."""

    group_id: int | None = None
    enabled: bool | None = None
    permission_control: bool | None = None
    email: str | None = None
    mac_binding: str | None = None
    note: str | None = None


def _record(row: Account) -> UserRecord:
    return UserRecord(
        id=int(row.id),
        name=str(row.name),
        group_id=int(row.group_id),
        enabled=bool(row.enabled),
        permission_control=bool(row.permission_control),
        email=str(row.email),
        mac_binding=str(row.mac_binding),
        note=str(row.note),
        password_changed_us=int(row.password_changed_us),
        created_us=int(row.created_us),
        updated_us=int(row.updated_us),
    )


def check_user_name(name: str) -> str:
    check_characters(name, "name", allow_spaces=False)  # says which invisible character
    if not _NAME.fullmatch(name):  # fullmatch: "$" would accept a final newline
        raise InvalidArgument(
            "name", f"{name[:40]!r}: use 1 to 32 letters, digits, or the characters . _ - @"
        )
    return name


def check_email(email: str) -> str:
    email = email.strip()
    check_characters(email, "email", allow_spaces=False)
    if email and not _EMAIL.fullmatch(email):
        raise InvalidArgument("email", f"{email[:80]!r} is not an e-mail address")
    return email


def check_mac(mac: str) -> str:
    from vedette_hw.host_network import normalise_mac

    if not mac.strip():
        return ""
    try:
        return normalise_mac(mac)
    except ValueError:
        raise InvalidArgument("mac_binding", f"{mac[:40]!r} is not a MAC address") from None


def check_note(note: str) -> str:
    return check_text(note, "note", MAX_NOTE)


class Users:
    def __init__(
        self,
        catalog: Catalog,
        hashing: PasswordHashing,
        secrets: SecretBox,
        *,
        policy: Callable[[], PasswordPolicy] = PasswordPolicy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalog = catalog
        self.hashing = hashing
        self.secrets = secrets
        self.policy = policy
        self._clock = clock
        self._dummy_hash: str | None = None

    def _now_us(self) -> int:
        return int(self._clock() * 1_000_000)

    # -- passwords (CPU-bound: the hashing executor) ---------------------------------

    def prepare_password(
        self, name: str, password: str, *, field: str = "password"
    ) -> PreparedPassword:
        """Check ``password`` against the policy and hash it. Blocking (~100 ms)."""
        policy = self.policy()
        try:
            policy.check(password, username=name)
        except WeakPassword as weak:
            raise InvalidArgument(
                field,
                str(weak),
                error_reason="PASSWORD_TOO_WEAK",
                min_length=policy.min_length,
                min_classes=policy.min_classes,
            ) from None
        ha1 = hashlib.md5(f"{name}:{DIGEST_REALM}:{password}".encode()).hexdigest()
        return PreparedPassword(self.hashing.hash(password), self.secrets.seal_bytes(ha1.encode()))

    def verify_login(self, name: str, password: str) -> UserRecord | None:
        """The account when the password is right (enabled or not). Blocking (~100 ms)."""
        row = Account.get_or_none(Account.name == name)
        if row is None:
            if self._dummy_hash is None:
                self._dummy_hash = self.hashing.hash("dummy password for timing")
            self.hashing.verify(self._dummy_hash, password)
            return None
        if not self.hashing.verify(row.password_hash, password):
            return None
        return _record(row)

    # -- catalog (the catalog thread) --------------------------------------------------

    def list_all(self) -> list[UserRecord]:
        rows = Account.select().order_by(Account.id).execute(self.catalog.database)
        return [_record(row) for row in rows]

    def get(self, user_id: int) -> UserRecord:
        row = Account.get_or_none(Account.id == user_id)
        if row is None:
            raise NotFound("user", user_id)
        return _record(row)

    def digest_ha1(self, name: str) -> str | None:
        """The unsealed Digest HA1 of an enabled account, for RTSP authentication."""
        row = Account.get_or_none(Account.name == name)
        if row is None or not row.enabled or row.digest_ha1 is None:
            return None
        return self.secrets.open_bytes(bytes(row.digest_ha1)).decode()

    def sealed_digest_ha1s(self) -> dict[str, bytes]:
        """Every enabled account's sealed Digest HA1, by name (accounts whose password
        predates the HA1 have none). Blocking (catalog)."""
        rows = Account.select(Account.name, Account.enabled, Account.digest_ha1)
        return {
            str(row.name): bytes(row.digest_ha1)
            for row in rows
            if row.enabled and row.digest_ha1 is not None
        }

    def _check_group(self, group_id: int) -> None:
        if PermissionGroup.get_or_none(PermissionGroup.id == group_id) is None:
            raise NotFound("permission group", group_id)

    def _name_taken(self, name: str, except_id: int | None = None) -> bool:
        query = Account.select().where(Account.name == name)
        if except_id is not None:
            query = query.where(Account.id != except_id)
        return bool(query.exists(self.catalog.database))

    def create(
        self,
        name: str,
        password: PreparedPassword,
        *,
        group_id: int,
        enabled: bool = True,
        permission_control: bool = True,
        email: str = "",
        mac_binding: str = "",
        note: str = "",
    ) -> UserRecord:
        check_user_name(name)
        is_admin = name.lower() == ADMIN
        if is_admin:
            group_id, enabled, permission_control = ADMINISTRATOR_GROUP_ID, True, False
        values = {
            "email": check_email(email),
            "mac_binding": check_mac(mac_binding),
            "note": check_note(note),
        }
        now_us = self._now_us()
        with self.catalog.atomic():
            self._check_group(group_id)
            if self._name_taken(name):
                raise AlreadyExists("user", name)
            user_id = Account.insert(
                name=name,
                password_hash=password.password_hash,
                digest_ha1=password.digest_ha1,
                group=group_id,
                enabled=enabled,
                permission_control=permission_control,
                password_changed_us=now_us,
                created_us=now_us,
                updated_us=now_us,
                **values,
            ).execute(self.catalog.database)
        return self.get(int(user_id))

    def update(self, user_id: int, changes: UserChanges) -> UserRecord:
        with self.catalog.atomic():
            user = self.get(user_id)
            values: dict[str, object] = {}
            if changes.group_id is not None and changes.group_id != user.group_id:
                self._check_group(changes.group_id)
                values["group"] = changes.group_id
            if changes.enabled is not None:
                values["enabled"] = changes.enabled
            if changes.permission_control is not None:
                values["permission_control"] = changes.permission_control
            if changes.email is not None:
                values["email"] = check_email(changes.email)
            if changes.mac_binding is not None:
                values["mac_binding"] = check_mac(changes.mac_binding)
            if changes.note is not None:
                values["note"] = check_note(changes.note)
            if user.is_admin and (
                "group" in values
                or values.get("enabled") is False
                or values.get("permission_control") is True
            ):
                raise FailedPrecondition(
                    "the admin account keeps its administrator group, is always enabled"
                    " and has every right",
                    error_reason="ADMIN_PROTECTED",
                )
            if values:
                values["updated_us"] = self._now_us()
                Account.update(**values).where(Account.id == user_id).execute(self.catalog.database)
        return self.get(user_id)

    def set_password(self, user_id: int, password: PreparedPassword) -> UserRecord:
        now_us = self._now_us()
        with self.catalog.atomic():
            self.get(user_id)
            Account.update(
                password_hash=password.password_hash,
                digest_ha1=password.digest_ha1,
                password_changed_us=now_us,
                updated_us=now_us,
            ).where(Account.id == user_id).execute(self.catalog.database)
        return self.get(user_id)

    def delete(self, user_id: int) -> UserRecord:
        with self.catalog.atomic():
            user = self.get(user_id)
            if user.is_admin:
                raise FailedPrecondition(
                    "the admin account cannot be deleted", error_reason="ADMIN_PROTECTED"
                )
            Account.delete().where(Account.id == user_id).execute(self.catalog.database)
        return user
