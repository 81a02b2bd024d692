"""Password recovery questions (USER-03) and the appliance's first admin password.

An appliance is initialised without an admin password (``vedette-server init
--no-admin``): the ``admin`` account exists with the hash of a random secret that
was never kept, so no password opens it, and ``password_changed_us`` 0 says that no
password was ever set. The start-up wizard sets one, with three recovery questions,
through ``set_up_admin``; the answers let whoever is at the appliance set a new
password later (``RecoverPassword``).

Invariants:
- Answers are stored only as Argon2id hashes of their normalised form (no case, no
  surrounding spaces), as passwords are; they are never returned.
- Every answer of a recovery is verified, right or wrong, so the time taken does
  not say which one was wrong.
- ``set_up_admin`` sets the password only while none is set, in the same
  transaction that checks it: two wizards cannot both set one.

Catalog functions block briefly (catalog thread); hashing and verifying are
CPU-bound (the password pool).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from vedette_server.accounts.groups import ADMINISTRATOR_GROUP_ID
from vedette_server.accounts.users import ADMIN, PreparedPassword, UserRecord, Users
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Account, RecoveryQuestionRow
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.names import check_text
from vedette_server.security.passwords import PasswordHashing

#: How many questions an account has (the manual's three).
QUESTION_COUNT: Final = 3
MAX_TEXT: Final = 200
#: ``password_changed_us`` of an account whose password was never set.
NO_PASSWORD_US: Final = 0


def normalise_answer(answer: str) -> str:
    return answer.strip().casefold()


def password_set(user: UserRecord) -> bool:
    return user.password_changed_us != NO_PASSWORD_US


def check_questions(pairs: Sequence[tuple[str, str]], field: str = "questions") -> None:
    """Exactly three questions, all different, each with an answer, 1 to 200 characters."""
    if len(pairs) != QUESTION_COUNT:
        raise InvalidArgument(field, f"give exactly {QUESTION_COUNT} questions, not {len(pairs)}")
    seen: set[str] = set()
    for index, (question, answer) in enumerate(pairs):
        text = check_text(question, f"{field}[{index}].question", MAX_TEXT).strip()
        if not text:
            raise InvalidArgument(f"{field}[{index}].question", "is required")
        if text.casefold() in seen:
            raise InvalidArgument(f"{field}[{index}].question", "is the same as another one")
        seen.add(text.casefold())
        if not normalise_answer(answer):
            raise InvalidArgument(f"{field}[{index}].answer", "is required")
        if len(answer) > MAX_TEXT:
            raise InvalidArgument(f"{field}[{index}].answer", f"at most {MAX_TEXT} characters")


@dataclass(frozen=True)
class HashedQuestions:
    """Questions with their answers hashed: ready to store."""

    questions: tuple[str, ...]
    answer_hashes: tuple[str, ...]

    def __repr__(self) -> str:
        return f"HashedQuestions({self.questions!r}, <hidden>)"


class Recovery:
    def __init__(self, catalog: Catalog, hashing: PasswordHashing) -> None:
        self.catalog = catalog
        self.hashing = hashing

    # -- hashing (the password pool) -------------------------------------------------

    def hash_answers(self, pairs: Sequence[tuple[str, str]]) -> HashedQuestions:
        """Check and hash the questions' answers. Blocking (~100 ms each)."""
        check_questions(pairs)
        return HashedQuestions(
            tuple(q.strip() for q, _ in pairs),
            tuple(self.hashing.hash(normalise_answer(a)) for _, a in pairs),
        )

    def answers_match(self, hashes: Sequence[str], answers: Sequence[str]) -> bool:
        """Whether every answer is right; each one is verified. Blocking."""
        if not hashes:
            self.hashing.verify(self._dummy(), "")  # as long as a real check
            return False
        given = list(answers) + [""] * (len(hashes) - len(answers))
        results = [
            self.hashing.verify(h, normalise_answer(a)) for h, a in zip(hashes, given, strict=False)
        ]
        return len(answers) == len(hashes) and all(results)

    def _dummy(self) -> str:
        return self.hashing.hash("no recovery questions")

    # -- the catalog (catalog thread) -------------------------------------------------

    def questions(self, user_id: int) -> list[str]:
        return [row.question for row in self._rows(user_id)]

    def answer_hashes(self, user_id: int) -> list[str]:
        return [row.answer_hash for row in self._rows(user_id)]

    def _rows(self, user_id: int) -> list[RecoveryQuestionRow]:
        query = (
            RecoveryQuestionRow.select()
            .where(RecoveryQuestionRow.account_id == user_id)
            .order_by(RecoveryQuestionRow.position)
        )
        return list(query.execute(self.catalog.database))

    def set(self, user_id: int, hashed: HashedQuestions) -> None:
        """Replace the account's questions."""
        with self.catalog.atomic():
            RecoveryQuestionRow.delete().where(RecoveryQuestionRow.account_id == user_id).execute(
                self.catalog.database
            )
            for position, (question, answer_hash) in enumerate(
                zip(hashed.questions, hashed.answer_hashes, strict=True)
            ):
                RecoveryQuestionRow.insert(
                    account_id=user_id,
                    position=position,
                    question=question,
                    answer_hash=answer_hash,
                ).execute(self.catalog.database)

    def set_up_admin(
        self, users: Users, password: PreparedPassword, hashed: HashedQuestions
    ) -> UserRecord:
        """Set the first admin password and its questions, only while it has none."""
        with self.catalog.atomic():
            admin = admin_account(users)
            if password_set(admin):
                raise FailedPrecondition("the admin password is already set; sign in instead")
            users.set_password(admin.id, password)
            self.set(admin.id, hashed)
        return users.get(admin.id)


def admin_account(users: Users) -> UserRecord:
    """The ``admin`` account. Blocking (catalog)."""
    row = Account.get_or_none(Account.name == ADMIN)
    if row is None:
        raise FailedPrecondition("this server has no admin account")
    return users.get(int(row.id))


def create_admin_without_password(users: Users) -> UserRecord:
    """The appliance's ``admin``, opened by no password until the wizard sets one:
    its hash is of a random secret nobody keeps, and it has no RTSP Digest HA1."""
    unknown = secrets.token_urlsafe(32)
    prepared = PreparedPassword(users.hashing.hash(unknown), b"")
    with users.catalog.atomic():
        admin = users.create(ADMIN, prepared, group_id=ADMINISTRATOR_GROUP_ID)
        Account.update(digest_ha1=None, password_changed_us=NO_PASSWORD_US).where(
            Account.id == admin.id
        ).execute(users.catalog.database)
    return users.get(admin.id)
