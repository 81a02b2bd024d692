"""Default credentials per manufacturer (CAM-03): the list quick add tries, in order,
when a camera is added or tested without credentials.

Stored in the catalog's ``setting`` table under ``onvif_default_credentials`` (a key
the settings sections do not use): each entry's label, manufacturer ("any" or a
name compared case-insensitively with the camera's GetDeviceInformation
Manufacturer) and user in clear, its password sealed with the server's key like a
camera's. Blocking functions run on the catalog thread.

Invariants: a password is only ever returned to ``find_working``'s caller for the
camera; ``entries()`` gives labels, manufacturers, users and whether a password is
set. Labels are unique (case-insensitively) and name an entry in results and logs.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final, TypeVar

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Setting
from vedette_server.errors import InvalidArgument
from vedette_server.onvif.errors import NotAuthorised
from vedette_server.security.secretbox import CameraCredentials, SecretBox

KEY: Final = "onvif_default_credentials"
MAX_ENTRIES: Final = 32
MAX_CHARS: Final = 64
ANY: Final = "any"
T = TypeVar("T")


@dataclass(frozen=True)
class DefaultCredential:
    label: str
    manufacturer: str  # "any" or a manufacturer's name
    user: str
    password: str = ""

    def __repr__(self) -> str:
        return (
            f"DefaultCredential(label={self.label!r}, manufacturer={self.manufacturer!r},"
            f" user={self.user!r}, password=<hidden>)"
        )

    def fits(self, manufacturer: str) -> bool:
        wanted = self.manufacturer.strip().lower()
        return wanted == ANY or wanted == manufacturer.strip().lower()


def _text(field: str, value: str, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidArgument(field, "is required")
    if len(value) > MAX_CHARS or not value.isprintable():
        raise InvalidArgument(field, f"must be 1 to {MAX_CHARS} printable characters")
    return value


class DefaultCredentials:
    def __init__(self, catalog: Catalog, secrets: SecretBox) -> None:
        self.catalog = catalog
        self.secrets = secrets

    def load(self) -> list[DefaultCredential]:
        """Every entry with its password, in order."""
        row = Setting.get_or_none(Setting.key == KEY)
        if row is None:
            return []
        found = []
        for item in json.loads(str(row.value)):
            sealed = base64.b64decode(item["sealed"])
            credentials = self.secrets.open(sealed)
            found.append(
                DefaultCredential(
                    item["label"], item["manufacturer"], credentials.user, credentials.password
                )
            )
        return found

    def replace(self, entries: list[DefaultCredential]) -> list[DefaultCredential]:
        """Store ``entries`` (checked) in place of the list; an entry given without a
        password keeps the stored password of the entry with its label."""
        if len(entries) > MAX_ENTRIES:
            raise InvalidArgument("credentials", f"at most {MAX_ENTRIES} entries")
        with self.catalog.atomic():
            stored = {e.label.lower(): e for e in self.load()}
            checked: list[DefaultCredential] = []
            for i, entry in enumerate(entries):
                label = _text(f"credentials[{i}].label", entry.label)
                if label.lower() in {c.label.lower() for c in checked}:
                    raise InvalidArgument(f"credentials[{i}].label", f"{label!r} is given twice")
                manufacturer = _text(f"credentials[{i}].manufacturer", entry.manufacturer or ANY)
                user = _text(f"credentials[{i}].user", entry.user)
                password = entry.password
                if not password:
                    kept = stored.get(label.lower())
                    if kept is None:
                        raise InvalidArgument(
                            f"credentials[{i}].password", "is required for a new entry"
                        )
                    password = kept.password
                if len(password) > MAX_CHARS:
                    raise InvalidArgument(
                        f"credentials[{i}].password", f"is longer than {MAX_CHARS} characters"
                    )
                checked.append(DefaultCredential(label, manufacturer, user, password))
            value = [
                {
                    "label": c.label,
                    "manufacturer": c.manufacturer,
                    "sealed": base64.b64encode(
                        self.secrets.seal(CameraCredentials(c.user, c.password))
                    ).decode(),
                }
                for c in checked
            ]
            Setting.insert(key=KEY, value=json.dumps(value)).on_conflict_replace().execute(
                self.catalog.database
            )
        return checked


async def find_working(
    read: Callable[[str, str], Awaitable[T]],
    manufacturer_of: Callable[[T], str],
    entries: list[DefaultCredential],
) -> tuple[T, DefaultCredential | None]:
    """What ``read(user, password)`` gives with no credentials, else with the first entry
    the camera accepts whose manufacturer fits the camera's; None: no credentials were
    needed. Raises the last ``NotAuthorised`` when none is accepted."""
    try:
        return await read("", ""), None
    except NotAuthorised as refused:
        last = refused
    for entry in entries:
        try:
            found = await read(entry.user, entry.password)
        except NotAuthorised as refused:
            last = refused
            continue
        if entry.fits(manufacturer_of(found)):
            return found, entry
    raise last
