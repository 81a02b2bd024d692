"""User accounts: the admin account made at init, and password login.

Every function blocks (Argon2id and catalog I/O); the server runs them in executors.

Invariants:
- There is no default password: the admin account exists only once an operator
  chose a password that passes the policy.
- A failed login takes as long as a successful one (a dummy hash is verified for
  unknown users), so user names cannot be probed by timing.
"""

from __future__ import annotations

import time

from peewee import fn

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import User
from vedette_server.errors import AlreadyExists
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy

ADMIN = "admin"


class Accounts:
    def __init__(self, catalog: Catalog, hashing: PasswordHashing, policy: PasswordPolicy) -> None:
        self.catalog = catalog
        self.hashing = hashing
        self.policy = policy
        self._dummy_hash: str | None = None

    def create_user(self, name: str, password: str) -> None:
        self.policy.check(password, username=name)
        password_hash = self.hashing.hash(password)
        with self.catalog.atomic():
            if User.select().where(fn.lower(User.name) == name.lower()).exists():
                raise AlreadyExists("user", name)
            User.create(
                name=name,
                password_hash=password_hash,
                enabled=True,
                created_us=time.time_ns() // 1000,
            )

    def verify_login(self, name: str, password: str) -> str | None:
        """The user's canonical name when the password is right and the account enabled."""
        row = User.get_or_none(fn.lower(User.name) == name.lower())
        if row is None:
            if self._dummy_hash is None:
                self._dummy_hash = self.hashing.hash("dummy password for timing")
            self.hashing.verify(self._dummy_hash, password)
            return None
        if not self.hashing.verify(row.password_hash, password) or not row.enabled:
            return None
        return str(row.name)
