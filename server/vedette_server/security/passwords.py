"""Password hashing (Argon2id) and the password policy.

Invariants:
- Only Argon2id hashes are stored; a plaintext password is never stored or logged.
- A weak password is refused with every reason it is weak, so the operator can fix
  it in one go.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Words every credential-stuffing list starts with; checked case-insensitively.
_COMMON = {
    "password", "passw0rd", "admin", "administrator", "12345678", "123456789", "1234567890",
    "qwerty", "qwertyuiop", "azerty", "letmein", "welcome", "iloveyou", "vedette", "changeme",
    "default", "root", "camera", "security", "11111111", "00000000", "abc12345",
}  # fmt: skip


class WeakPassword(ValueError):
    """The password does not meet the policy; ``reasons`` lists every failure."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("password refused: " + "; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class PasswordPolicy:
    """Length and character-class rules (defaults follow the manual's "strong" level)."""

    min_length: int = 8
    min_classes: int = 3  # of: lower case, upper case, digits, symbols

    def problems(self, password: str, *, username: str | None = None) -> list[str]:
        reasons = []
        if len(password) < self.min_length:
            reasons.append(f"shorter than {self.min_length} characters")
        classes = sum(
            any(c in chars for c in password)
            for chars in (string.ascii_lowercase, string.ascii_uppercase, string.digits)
        ) + any(not c.isalnum() for c in password)
        if classes < self.min_classes:
            reasons.append(
                f"uses {classes} of the 4 character classes (lower case, upper case, "
                f"digits, symbols); at least {self.min_classes} are needed"
            )
        lowered = password.lower()
        if lowered in _COMMON or lowered.rstrip(string.digits + "!") in _COMMON:
            reasons.append("is a commonly used password")
        if username and username.lower() in lowered:
            reasons.append("contains the user name")
        return reasons

    def check(self, password: str, *, username: str | None = None) -> None:
        """Raise WeakPassword listing every reason when ``password`` is refused."""
        reasons = self.problems(password, username=username)
        if reasons:
            raise WeakPassword(reasons)


class PasswordHashing:
    """Argon2id with parameters chosen for a 50–250 ms login on a small server. Blocking."""

    def __init__(self, time_cost: int = 3, memory_cost_kib: int = 65536, parallelism: int = 2):
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=parallelism
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
