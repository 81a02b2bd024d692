"""The configuration as one document (SYS-07): built for export, checked, diffed and
applied on import; and the factory reset (SYS-05).

The document (JSON, sealed by ``sealed_file``) holds cameras with their credentials
in clear, their motion settings (``motion_section``) and recording policies with
the schedules they use (``recording_section``), disk group settings,
permission groups, users with their password hashes and Digest HA1, every setting,
the users' saved views and tours (``views_section``), and the alarm configuration
(``alarms_section``: rules, I/O devices, recipients, webhooks with their secrets,
SMTP with its password). Camera ids differ between
servers, so the cameras named in a group's rights or a view's tiles are written by
name and resolved again on import.

Every function blocks (catalog I/O); the server calls them on its catalog thread.

Invariants:
- ``plan_import`` changes nothing: it validates the whole document first (every
  camera, user, group, setting through the same checks as the API) and returns the
  list of changes; a bad document raises ``InvalidArgument`` naming the item.
- ``apply_import`` is one transaction: the configuration becomes the document's, or
  stays as it was.
- Nothing is deleted that holds recordings: cameras absent from the document, and
  every camera at a factory reset that keeps recordings, are disabled instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

from vedette_api import timestamps
from vedette_server.accounts.groups import (
    MAX_GROUP_NAME,
    GroupKind,
    PermissionGroups,
    check_ptz_priority,
)
from vedette_server.accounts.rights import GroupRights, InvalidRights, parse_rights
from vedette_server.accounts.users import ADMIN, check_user_name
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import MAX_DISK_GROUPS, Account, Camera, PermissionGroup
from vedette_server.config_backup.alarms_section import AlarmSection
from vedette_server.config_backup.motion_section import (
    apply_motion,
    check_motion,
    export_motion,
)
from vedette_server.config_backup.recording_section import (
    apply_recording,
    check_recording_document,
    check_schedules,
    export_recording,
    export_schedules,
    schedule_changes,
)
from vedette_server.config_backup.views_section import (
    apply_views,
    check_views,
    export_views,
    view_changes,
)
from vedette_server.errors import InvalidArgument
from vedette_server.motion.settings import MotionSettingsStore
from vedette_server.names import check_name
from vedette_server.onvif.capabilities import Capabilities
from vedette_server.onvif.mask_push import MasksEntry, read_entries, write_entries
from vedette_server.recording.cameras import CameraRegistry, CameraSpec, validate_spec
from vedette_server.recording.onvif_sources import OnvifPlace, OnvifSource, OnvifSources
from vedette_server.recording.policy_store import PolicyStore
from vedette_server.recording.privacy import Watermark, masks_from_list, masks_to_list
from vedette_server.recording.volumes import VolumeManager
from vedette_server.security.secretbox import CameraCredentials, SecretBox
from vedette_server.settings.model import Settings, SettingsError
from vedette_server.settings.store import SettingsStore

DOCUMENT_FORMAT: Final = "vedette-config"
DOCUMENT_SCHEMA: Final = 1
_CAMERA_KEYS = ("main_url", "sub_url", "disk_group", "enabled", "expiry_days", "record_audio")


@dataclass(frozen=True)
class ConfigChange:
    kind: str  # camera, user, group, disk_group, setting, schedule, view, tour, + alarms_section
    name: str  # for a view or a tour: owner/name
    action: str  # add, change, remove, disable
    fields: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    document: dict[str, Any]
    changes: list[ConfigChange] = field(default_factory=list)


def _rights_by_name(rights: GroupRights, names: dict[int, str]) -> dict[str, Any]:
    document = json.loads(rights.to_json_text())
    for scope in document.values():
        for right, ids in scope["cameras"].items():
            if ids != "all":
                scope["cameras"][right] = sorted(names[i] for i in ids if i in names)
    return dict(document)


def _rights_by_id(document: Any, ids: dict[str, int], where: str) -> GroupRights:
    try:
        copied = json.loads(json.dumps(document))
        for scope in copied.values():
            for right, names in scope.get("cameras", {}).items():
                if names != "all":
                    scope["cameras"][right] = [ids[str(n).lower()] for n in names]
        return parse_rights(json.dumps(copied))
    except (InvalidRights, KeyError, AttributeError, TypeError, ValueError) as error:
        raise InvalidArgument(where, f"rights are not valid: {error}") from None


def _watermark(value: Any, where: str) -> Watermark:
    if not isinstance(value, dict) or not isinstance(value.get("text", ""), str):
        raise InvalidArgument(where, 'must be {"enabled": true|false, "text": "..."}')
    return Watermark(bool(value.get("enabled", False)), value.get("text", ""))


class ConfigSnapshots:
    def __init__(
        self,
        catalog: Catalog,
        cameras: CameraRegistry,
        volumes: VolumeManager,
        groups: PermissionGroups,
        settings: SettingsStore,
        secrets: SecretBox,
    ) -> None:
        self.catalog = catalog
        self.cameras = cameras
        self.volumes = volumes
        self.groups = groups
        self.settings = settings
        self.secrets = secrets
        self.motion = MotionSettingsStore(catalog.database)
        self.recording = PolicyStore(catalog.database)
        self.alarms = AlarmSection(catalog, secrets)
        self.onvif = OnvifSources(catalog, cameras)

    # -- export ------------------------------------------------------------------------

    def export_document(self) -> dict[str, Any]:
        names = {c.id: c.name for c in self.cameras.list_all()}
        sources = self.onvif.all()
        masks = read_entries()
        cameras = []
        for camera in self.cameras.list_all():
            credentials = self.cameras.credentials(camera.id)
            cameras.append(
                {
                    "name": camera.name,
                    "main_url": camera.main_url,
                    "sub_url": camera.sub_url or "",
                    "credentials": None
                    if credentials is None
                    else {"user": credentials.user, "password": credentials.password},
                    "disk_group": camera.disk_group,
                    "enabled": camera.enabled,
                    "expiry_days": camera.expiry_days or 0,
                    "record_audio": camera.record_audio,
                    "privacy_masks": masks_to_list(camera.privacy_masks),
                    "watermark": {
                        "enabled": camera.watermark.enabled,
                        "text": camera.watermark.text,
                    },
                    "motion": export_motion(self.motion.get(camera.id)),
                    "recording": export_recording(self.recording, camera.id),
                    "onvif": _export_onvif(sources.get(camera.id)),
                    "masks_on_camera": _export_masks(masks.get(camera.id)),
                }
            )
        groups = [
            {
                "name": g.name,
                "kind": g.kind.value,
                "rights": _rights_by_name(g.rights, names),
                "ptz_priority": g.ptz_priority,
            }
            for g in self.groups.list_all()
        ]
        group_names = {g.id: g.name for g in self.groups.list_all()}
        users = []
        for row in Account.select().order_by(Account.id).execute(self.catalog.database):
            ha1 = None
            if row.digest_ha1 is not None:
                ha1 = self.secrets.open_bytes(bytes(row.digest_ha1)).decode()
            users.append(
                {
                    "name": row.name,
                    "password_hash": row.password_hash,
                    "digest_ha1": ha1,
                    "group": group_names[row.group_id],
                    "enabled": bool(row.enabled),
                    "permission_control": bool(row.permission_control),
                    "email": row.email,
                    "mac_binding": row.mac_binding,
                    "note": row.note,
                }
            )
        disk_groups = [
            {"id": g.id, "name": g.name, "overwrite": g.overwrite, "reserve_bytes": g.reserve_bytes}
            for g in self.volumes.groups()
        ]
        return {
            "format": DOCUMENT_FORMAT,
            "schema": DOCUMENT_SCHEMA,
            "cameras": cameras,
            "disk_groups": disk_groups,
            "groups": groups,
            "users": users,
            "settings": self.settings.current.to_json(),
            "schedules": export_schedules(self.recording),
            **export_views(self.catalog, names),
            "alarms": self.alarms.export(),
        }

    # -- import ------------------------------------------------------------------------

    def _check(self, document: Any) -> tuple[Settings, dict[str, GroupRights]]:
        try:
            return self._check_document(document)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            if isinstance(error, InvalidArgument):
                raise
            raise InvalidArgument("data", f"the configuration is malformed: {error}") from None

    def _check_document(self, document: Any) -> tuple[Settings, dict[str, GroupRights]]:
        if not isinstance(document, dict) or document.get("format") != DOCUMENT_FORMAT:
            raise InvalidArgument("data", "the file does not hold a Vedette configuration")
        if document.get("schema") != DOCUMENT_SCHEMA:
            raise InvalidArgument(
                "data", f"configuration schema {document.get('schema')!r} is not supported"
            )
        for key in ("cameras", "disk_groups", "groups", "users"):
            if not isinstance(document.get(key), list):
                raise InvalidArgument("data", f"{key} must be a list")
        camera_ids = {}
        for index, camera in enumerate(document["cameras"]):
            where = f"cameras[{index}]"
            if not isinstance(camera, dict) or not isinstance(camera.get("name"), str):
                raise InvalidArgument(where, "a camera needs a name")
            credentials = camera.get("credentials")
            if credentials is not None and not (
                isinstance(credentials, dict)
                and isinstance(credentials.get("user"), str)
                and isinstance(credentials.get("password"), str)
            ):
                raise InvalidArgument(f"{where}.credentials", "expected user and password")
            if not camera.get("main_url"):
                raise InvalidArgument(where, "a camera needs a main_url")
            try:
                validate_spec(self._camera_spec(camera))
            except InvalidArgument as error:
                raise InvalidArgument(where, str(error)) from None
            check_motion(camera, where)
            if "onvif" in camera:
                _import_onvif(camera)
            if "masks_on_camera" in camera:
                _import_masks(camera)
            camera_ids[camera["name"].lower()] = index + 1  # a stand-in: ids come at apply
        check_recording_document(self.recording, document)
        schedules = check_schedules(document)
        self.alarms.check(
            document,
            set(camera_ids) | {c.name.lower() for c in self.cameras.list_all()},
            None if schedules is None else set(schedules),
        )
        for group in document["disk_groups"]:
            if not isinstance(group, dict) or not 1 <= int(group.get("id", 0)) <= MAX_DISK_GROUPS:
                raise InvalidArgument("disk_groups", f"bad disk group {str(group)[:80]}")
            check_name(str(group.get("name", "")), f"disk_groups[{group['id']}].name", 64)
        rights = {}
        kinds = set()
        for index, group in enumerate(document["groups"]):
            where = f"groups[{index}]"
            if not isinstance(group, dict) or group.get("kind") not in {k.value for k in GroupKind}:
                raise InvalidArgument(where, "a group needs a name and a kind")
            check_name(str(group.get("name", "")), f"{where}.name", MAX_GROUP_NAME)
            if group["kind"] != "custom":
                if group["kind"] in kinds:
                    raise InvalidArgument(where, f"two {group['kind']} groups")
                kinds.add(group["kind"])
            rights[str(group["name"])] = _rights_by_id(group.get("rights"), camera_ids, where)
            if group["kind"] != "administrator":
                try:
                    check_ptz_priority(group.get("ptz_priority"))
                except InvalidArgument as error:
                    raise InvalidArgument(f"{where}.ptz_priority", error.reason) from None
        names = {str(g["name"]).lower() for g in document["groups"]}
        administrators = {
            str(g["name"]).lower() for g in document["groups"] if g["kind"] == "administrator"
        }
        admins = [u for u in document["users"] if str(u.get("name", "")).lower() == ADMIN]
        if len(admins) != 1:
            raise InvalidArgument("users", "the file must hold exactly one admin account")
        admin = admins[0]
        if (
            str(admin.get("group", "")).lower() not in administrators
            or not admin.get("enabled", True)
            or admin.get("permission_control", False)
        ):
            raise InvalidArgument("users", "admin must be enabled, in the administrator group")
        for index, user in enumerate(document["users"]):
            where = f"users[{index}]"
            if not isinstance(user, dict):
                raise InvalidArgument(where, "expected an object")
            check_user_name(str(user.get("name", "")))
            if not str(user.get("password_hash", "")).startswith("$argon2id$"):
                raise InvalidArgument(where, "the password hash is not Argon2id")
            if str(user.get("group", "")).lower() not in names:
                raise InvalidArgument(where, f"unknown group {user.get('group')!r}")
        check_views(document, camera_ids, {str(u["name"]).lower() for u in document["users"]})
        try:
            settings = Settings.from_json(document.get("settings", {}))
        except SettingsError as error:
            raise InvalidArgument("settings", str(error)) from None
        return settings, rights

    @staticmethod
    def _camera_spec(camera: dict[str, Any]) -> CameraSpec:
        credentials = camera.get("credentials")
        where = f"cameras[{camera.get('name')!r}]"
        return CameraSpec(
            name=camera["name"],
            main_url=camera.get("main_url"),
            sub_url=camera.get("sub_url") or "",
            credentials=None
            if credentials is None
            else CameraCredentials(credentials["user"], credentials["password"]),
            clear_credentials=credentials is None,
            disk_group=int(camera.get("disk_group", 1)),
            enabled=bool(camera.get("enabled", True)),
            expiry_days=int(camera.get("expiry_days", 0)),
            record_audio=bool(camera.get("record_audio", True)),
            # A backup made before masks existed leaves the camera's own as they are.
            privacy_masks=masks_from_list(camera["privacy_masks"], f"{where}.privacy_masks")
            if "privacy_masks" in camera
            else None,
            watermark=_watermark(camera["watermark"], f"{where}.watermark")
            if "watermark" in camera
            else None,
        )

    def plan_import(self, document: Any) -> ImportPlan:
        """Validate ``document`` and list what importing it changes. Changes nothing."""
        settings, _ = self._check(document)
        plan = ImportPlan(document)
        changes = plan.changes
        current = self.export_document()
        for kind, key, items, old_items in (
            ("disk_group", "id", document["disk_groups"], current["disk_groups"]),
            ("camera", "name", document["cameras"], current["cameras"]),
            ("group", "name", document["groups"], current["groups"]),
            ("user", "name", document["users"], current["users"]),
        ):
            old = {str(o[key]).lower(): o for o in old_items}
            new = {str(n[key]).lower(): n for n in items}
            for name, item in new.items():
                if name not in old:
                    changes.append(ConfigChange(kind, str(item[key]), "add"))
                else:
                    fields = tuple(k for k in item if k != key and item[k] != old[name].get(k))
                    if fields:
                        changes.append(ConfigChange(kind, str(item[key]), "change", fields))
            for name, item in old.items():
                if name not in new:
                    action = "disable" if kind == "camera" else "remove"
                    if kind == "disk_group" or (kind == "group" and item["kind"] != "custom"):
                        continue
                    if kind == "camera" and not item["enabled"]:
                        continue
                    changes.append(ConfigChange(kind, str(item[key]), action))
        old_settings = current["settings"]
        for section, values in settings.to_json().items():
            if values != old_settings.get(section):
                changes.append(ConfigChange("setting", section, "change"))
        for name, action in schedule_changes(self.recording, document):
            changes.append(ConfigChange("schedule", name, action))
        for change in view_changes(document, current) + self.alarms.changes(
            document, current["alarms"]
        ):
            changes.append(ConfigChange(change.kind, change.name, change.action, change.fields))
        return plan

    def apply_import(self, plan: ImportPlan) -> list[ConfigChange]:
        """Make the configuration the plan's document's, in one transaction."""
        document = plan.document
        settings, _ = self._check(document)
        with self.catalog.atomic():
            for group in document["disk_groups"]:
                self.volumes.ensure_group(int(group["id"]))
                self.volumes.update_group(
                    int(group["id"]),
                    name=str(group["name"]),
                    overwrite=bool(group["overwrite"]),
                    reserve_bytes=int(group["reserve_bytes"]),
                )
            camera_ids = self._apply_cameras(document["cameras"])
            apply_motion(self.motion, document["cameras"], camera_ids)
            self.alarms.detach_schedules(document)  # before the schedules it drops go
            apply_recording(self.recording, document, camera_ids)
            self._apply_groups_and_users(document, camera_ids)
            apply_views(self.catalog, document, camera_ids)
            self.alarms.apply(document)
            self.settings.save(settings)
        return plan.changes

    def _apply_cameras(self, cameras: list[dict[str, Any]]) -> dict[str, int]:
        existing = {c.name.lower(): c for c in self.cameras.list_all()}
        ids = {}
        masks = read_entries()
        for camera in cameras:
            spec = self._camera_spec(camera)
            found = existing.pop(camera["name"].lower(), None)
            record = (
                self.cameras.create(spec) if found is None else self.cameras.update(found.id, spec)
            )
            if "onvif" in camera:  # a file made before it was carried leaves it as it is
                self.onvif.replace(record.id, _import_onvif(camera))
            if "masks_on_camera" in camera:  # likewise the choice of masks on the camera
                masks[record.id] = _merged_masks(masks.get(record.id), _import_masks(camera))
            ids[record.name.lower()] = record.id
        write_entries(self.catalog.database, masks)
        for leftover in existing.values():
            self.cameras.update(leftover.id, CameraSpec(enabled=False))
        return ids

    def _apply_groups_and_users(self, document: dict[str, Any], camera_ids: dict[str, int]) -> None:
        db = self.catalog.database
        group_ids = {}
        custom_kept = set()
        for index, group in enumerate(document["groups"]):
            rights = _rights_by_id(group["rights"], camera_ids, f"groups[{index}]")
            if group["kind"] == "custom":
                row = PermissionGroup.get_or_none(
                    (PermissionGroup.name == str(group["name"]))
                    & (PermissionGroup.kind == "custom")
                )
                priority = group.get("ptz_priority")  # absent (older files): the default
                if row is None:
                    record = self.groups.create(str(group["name"]), rights, ptz_priority=priority)
                    group_id = record.id
                else:
                    group_id = int(row.id)
                    self.groups.update(group_id, rights=rights, ptz_priority=priority)
                custom_kept.add(group_id)
            else:
                group_id = self.groups.builtin_id(GroupKind(group["kind"]))
                if group["kind"] != "administrator":
                    self.groups.update(
                        group_id,
                        name=str(group["name"]),
                        rights=rights,
                        ptz_priority=group.get("ptz_priority"),
                    )
            group_ids[str(group["name"]).lower()] = group_id
        names = set()
        for user in document["users"]:
            name = str(user["name"])
            names.add(name.lower())
            ha1 = user.get("digest_ha1")
            values = {
                "password_hash": user["password_hash"],
                "digest_ha1": None if not ha1 else self.secrets.seal_bytes(str(ha1).encode()),
                "group": group_ids[str(user["group"]).lower()],
                "enabled": bool(user.get("enabled", True)),
                "permission_control": bool(user.get("permission_control", True)),
                "email": str(user.get("email", "")),
                "mac_binding": str(user.get("mac_binding", "")),
                "note": str(user.get("note", "")),
            }
            account = Account.get_or_none(Account.name == name)
            now_us = timestamps.now_us()
            if account is None:
                Account.insert(
                    name=name, password_changed_us=now_us, created_us=now_us, updated_us=now_us,
                    **values,
                ).execute(db)  # fmt: skip
            else:
                Account.update(updated_us=now_us, **values).where(Account.id == account.id).execute(
                    db
                )
        for row in Account.select(Account.id, Account.name).execute(db):
            if str(row.name).lower() not in names:
                Account.delete().where(Account.id == row.id).execute(db)
        for row in PermissionGroup.select().where(PermissionGroup.kind == "custom").execute(db):
            if int(row.id) not in custom_kept:
                PermissionGroup.delete().where(PermissionGroup.id == row.id).execute(db)

    # -- factory reset -----------------------------------------------------------------

    def factory_reset(self, *, keep_cameras: bool) -> None:
        """Defaults for settings, groups and accounts (``admin`` kept, with its password),
        the alarm configuration (``AlarmSection.reset``: built-in rules only, no I/O,
        recipients, webhooks or SMTP, the outbox emptied; alarms and events kept);
        cameras disabled with their credentials erased when ``keep_cameras``. The caller
        deletes the cameras (with their recordings) otherwise."""
        db = self.catalog.database
        with self.catalog.atomic():
            Account.delete().where(Account.name != ADMIN).execute(db)
            self.groups.reset_defaults()
            self.settings.reset()
            self.alarms.reset()  # before the schedules its rules, inputs, recipients use
            self.recording.reset()
            for group in self.volumes.groups():
                self.volumes.update_group(group.id, overwrite=True, reserve_bytes=1 << 30)
            if keep_cameras:
                Camera.update(enabled=False, credentials=None).execute(db)


def _export_onvif(source: OnvifSource | None) -> dict[str, Any] | None:
    """Where the camera answers ONVIF and what it offered (None: added by URL), so a
    restored camera keeps its PTZ, events, imaging, relays and masks."""
    if source is None:
        return None
    return {"host": source.host, "port": source.port, "capabilities": source.capabilities.as_dict()}


def _import_onvif(camera: dict[str, Any]) -> OnvifPlace | None:
    """The document's ``onvif`` of a camera, checked (InvalidArgument naming it)."""
    value = camera["onvif"]
    if value is None:
        return None
    where = f"cameras[{camera.get('name')!r}].onvif"
    if not isinstance(value, dict):
        raise InvalidArgument(where, "must be null or {host, port, capabilities}")
    host, port, offered = value.get("host"), value.get("port"), value.get("capabilities", {})
    if not isinstance(host, str) or not 0 < len(host) <= 253:
        raise InvalidArgument(where, "host must be a host name or address")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise InvalidArgument(where, "port must be 1..65535")
    if not isinstance(offered, dict) or not all(
        v is None or isinstance(v, (bool, int)) for v in offered.values()
    ):
        raise InvalidArgument(where, "capabilities must map names to true, false or counts")
    return OnvifPlace(host, port, Capabilities.from_dict(offered))


#: At most this many tokens of masks on one camera, each at most this long (ONVIF
#: ReferenceToken: 64 characters).
MAX_MASK_TOKENS, MAX_TOKEN_LENGTH = 32, 64


def _export_masks(entry: MasksEntry | None) -> dict[str, Any]:
    """Whether the camera applies its masks itself, and the tokens of those the
    server set on it (so a restored server can replace or remove them)."""
    if entry is None:
        return {"on": False, "tokens": []}
    return {"on": entry.on, "tokens": list(entry.tokens or [])}


def _import_masks(camera: dict[str, Any]) -> MasksEntry:
    """The document's ``masks_on_camera`` of a camera, checked (InvalidArgument
    naming it)."""
    value = camera["masks_on_camera"]
    where = f"cameras[{camera.get('name')!r}].masks_on_camera"
    if not isinstance(value, dict) or not isinstance(value.get("on"), bool):
        raise InvalidArgument(where, "must be {on: true or false, tokens: [...]}")
    tokens = value.get("tokens", [])
    if (
        not isinstance(tokens, list)
        or len(tokens) > MAX_MASK_TOKENS
        or not all(isinstance(t, str) and 0 < len(t) <= MAX_TOKEN_LENGTH for t in tokens)
    ):
        raise InvalidArgument(
            where, f"tokens must be at most {MAX_MASK_TOKENS} names of 1..{MAX_TOKEN_LENGTH}"
        )
    if value["on"] and camera.get("onvif", {}) is None:
        raise InvalidArgument(where, "is on for a camera added by URL (its onvif is null)")
    return MasksEntry(value["on"], list(dict.fromkeys(tokens)))


def _merged_masks(kept: MasksEntry | None, imported: MasksEntry) -> MasksEntry:
    """The file's choice, with every token either side knows: a mask this server set
    on the camera is never forgotten (it could no longer be removed)."""
    tokens = list(dict.fromkeys([*(kept.tokens or [] if kept else []), *(imported.tokens or [])]))
    return MasksEntry(imported.on, tokens)
