"""A member server's copy of its site's users, as accounts of its own.

The directory owns the site's users; each member server keeps one account per site
user, named ``NAME@site``, in the permission group of the user's role (the built-in
administrator, advanced or ordinary group), enabled as the directory says. A session
opened with a site token (``AuthService.ExchangeSiteToken``) is such an account's, so
everything per user on the server — rights, saved views, PTZ priority, the audit
trail — works for site users as for local ones.

Invariants:
- Site accounts are recognisable by their name and their password hash, one no
  password matches (``SITE_PASSWORD_HASH``): a password login as ``NAME@site``
  always fails; they sign in through the directory only. They have no RTSP Digest credentials.
- Applying a list is one catalog transaction: the accounts are the list's, all or
  none. Site accounts the list no longer has are deleted; a local account that
  happens to be named ``NAME@site`` is left alone (the site user cannot sign in here,
  and the log says why).
- What changed for a user (role, enabled, deleted) is returned, so the caller ends
  their sessions on this server.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from vedette_server.accounts.groups import ADMINISTRATOR_GROUP_ID, GroupKind
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, PermissionGroup
from vedette_server.security.tls import write_private

log = logging.getLogger("vedette.site")
SUFFIX = "@site"
#: Stored in place of a password hash: a well-formed Argon2id hash (the catalog checks
#: the form) whose digest is 32 zero bytes, which no known password gives (finding
#: one is a preimage of Argon2id), so no password login matches; its salt says why.
SITE_PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=2$"
    + base64.b64encode(b"vedette-site-user").decode().rstrip("=")
    + "$"
    + "A" * 43
)
_GROUP_KIND = {"operator": GroupKind.ADVANCED, "viewer": GroupKind.ORDINARY}


@dataclass(frozen=True)
class SiteUser:
    name: str
    role: str  # administrator | operator | viewer
    enabled: bool
    #: The user's Argon2id hash, while the site allows offline sign-in ("" otherwise).
    password_hash: str = field(default="", repr=False)

    @property
    def account_name(self) -> str:
        return self.name + SUFFIX


@dataclass(frozen=True)
class Applied:
    #: Account ids whose role or enabled state changed, or that were deleted.
    changed: tuple[int, ...]
    created: int
    deleted: int
    #: Site users with no account here because a local account has their name.
    blocked: tuple[str, ...]


OFFLINE_FILE = "offline-sign-in.json"


def offline_hashes(users: list[SiteUser]) -> dict[str, str]:
    """Account name → password hash of the enabled users the directory sent hashes of."""
    return {u.account_name: u.password_hash for u in users if u.enabled and u.password_hash}


def save_offline_hashes(site_dir: Path, hashes: dict[str, str]) -> None:
    """Replace ``site/offline-sign-in.json`` (0600) whole; removed when empty."""
    path = site_dir / OFFLINE_FILE
    if not hashes:
        path.unlink(missing_ok=True)
        return
    staging = path.with_name(path.name + ".new")
    staging.unlink(missing_ok=True)
    write_private(staging, json.dumps(hashes).encode())
    os.replace(staging, path)


def load_offline_hashes(site_dir: Path) -> dict[str, str]:
    path = site_dir / OFFLINE_FILE
    if not path.exists():
        return {}
    try:
        return {str(k): str(v) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError) as exc:
        log.warning("offline sign-in hashes unreadable (%s): offline sign-in is off", exc)
        return {}


def is_site_account(name: str, password_hash: str) -> bool:
    return name.endswith(SUFFIX) and password_hash == SITE_PASSWORD_HASH


def _group_ids() -> dict[str, int]:
    ids = {"administrator": ADMINISTRATOR_GROUP_ID}
    for role, kind in _GROUP_KIND.items():
        row = PermissionGroup.get_or_none(PermissionGroup.kind == kind.value)
        if row is None:
            raise RuntimeError(f"the built-in {kind.value} permission group is missing")
        ids[role] = int(row.id)
    return ids


def apply_site_users(catalog: Catalog, users: list[SiteUser]) -> Applied:
    """Make the site accounts those of ``users``. Blocking: the catalog thread."""
    now_us = time.time_ns() // 1000
    changed: list[int] = []
    created = deleted = 0
    blocked: list[str] = []
    wanted = {u.account_name: u for u in users}
    with catalog.atomic():
        groups = _group_ids()
        existing = {
            str(row.name): row for row in Account.select().where(Account.name.endswith(SUFFIX))
        }
        for name, row in existing.items():
            if not is_site_account(name, str(row.password_hash)):
                continue
            if name not in wanted:
                Account.delete().where(Account.id == row.id).execute(catalog.database)
                changed.append(int(row.id))
                deleted += 1
        for name, user in wanted.items():
            group_id = groups[user.role]
            found = existing.get(name)
            if found is None:
                Account.insert(
                    name=name,
                    password_hash=SITE_PASSWORD_HASH,
                    digest_ha1=None,
                    group=group_id,
                    enabled=user.enabled,
                    permission_control=True,
                    note="site user (managed by the site directory)",
                    password_changed_us=now_us,
                    created_us=now_us,
                    updated_us=now_us,
                ).execute(catalog.database)
                created += 1
            elif not is_site_account(name, str(found.password_hash)):
                blocked.append(user.name)
            elif int(found.group_id) != group_id or bool(found.enabled) != user.enabled:
                Account.update(group=group_id, enabled=user.enabled, updated_us=now_us).where(
                    Account.id == found.id
                ).execute(catalog.database)
                changed.append(int(found.id))
    for name in blocked:
        log.warning(
            "site user %s cannot sign in here: a local account is named %s%s",
            name,
            name,
            SUFFIX,
        )
    return Applied(tuple(changed), created, deleted, tuple(blocked))
