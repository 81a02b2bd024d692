"""Every peewee model of the catalog, and the enums and limits of its columns.

The tables themselves are created by ``migrations.py`` from hand-written SQL (the
SQL, with its CHECK constraints, triggers and partial indexes, is the reference; see
docs/catalog.md); these models are how Python code queries them. A test checks that
every model field names a column of the same nullability in a freshly created
catalog.

Invariants kept here:
- The models carry no database (``database = None``): ``open_catalog`` binds them to
  the catalog it opens, and the catalog's own queries name their database explicitly,
  so two catalogs open in one process never read each other's tables.
- Every instant is an integer of microseconds since the Unix epoch, UTC, in a field
  whose name ends in ``_us``; every size is in bytes, in a field ending in ``_bytes``.
- A segment lasts at most ``MAX_SEGMENT_US`` (the schema refuses longer ones), which
  bounds the index range of the "segments overlapping [t0, t1)" query.
"""

from __future__ import annotations

import enum
from typing import Any, Final

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CompositeKey,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

#: The longest a segment may last; writers cut segments before this, the schema refuses
#: longer ones, and the overlap query relies on it.
MAX_SEGMENT_US: Final = 300_000_000
#: One day in microseconds, the unit of ``camera.expiry_days``.
DAY_US: Final = 86_400_000_000
#: ``disk_group.reserve_bytes`` when not given: 1 GiB.
DEFAULT_RESERVE_BYTES: Final = 1 << 30
#: Disk group ids run from 1 to this.
MAX_DISK_GROUPS: Final = 8
#: The disk group that exists from the start and cannot be deleted.
DEFAULT_DISK_GROUP_ID: Final = 1


class Stream(enum.IntEnum):
    """Which of a camera's streams a segment belongs to (``segment.stream``)."""

    MAIN = 1
    SUB = 2


class RecordReason(enum.IntFlag):
    """Why a segment was recorded (``segment.record_reasons``, a bit mask)."""

    SCHEDULE = 1
    MANUAL = 2
    MOTION = 4
    SENSOR = 8
    ANALYTICS = 16


#: Every known reason bit set: masks outside it are refused.
ALL_RECORD_REASONS: Final = RecordReason(31)


class VolumeState(enum.Enum):
    """``volume.state``: what the server may do with a volume now."""

    NONE = "none"  # not initialised (no volume.json of this server)
    FOREIGN = "foreign"  # initialised by another server: refused until re-initialised
    UNAVAILABLE = "unavailable"  # missing, unreadable, or read-only
    READ_WRITE = "read_write"  # recording to it
    FULL = "full"  # at the reserve with overwrite off: read only until space frees


class _CatalogModel(Model):
    class Meta:
        database = None
        legacy_table_names = False


class Server(_CatalogModel):
    """The one row describing this server (id 1)."""

    id = IntegerField(primary_key=True)
    server_id = TextField()  # uuid4, canonical text form
    created_us = IntegerField()


class Setting(_CatalogModel):
    """A server-wide setting: a key and its value as JSON text."""

    key = TextField(primary_key=True)
    value = TextField()


class DiskGroup(_CatalogModel):
    """A group of volumes and the cameras recording to them (ids 1..8)."""

    id = IntegerField(primary_key=True)
    name = TextField()
    overwrite = BooleanField(default=True)
    reserve_bytes = IntegerField(default=DEFAULT_RESERVE_BYTES)

    class Meta:
        table_name = "disk_group"


class Volume(_CatalogModel):
    """A directory (a mount point on the appliance) that holds segment files; ids are
    never reused (AUTOINCREMENT), the uuid is the one its volume.json holds."""

    id = AutoField()  # never reused (AUTOINCREMENT); what segments and the API name
    uuid = TextField()  # uuid4, canonical text form; also in <path>/vedette/volume.json
    path = TextField()
    disk_group = ForeignKeyField(DiskGroup, column_name="disk_group_id", default=1)
    disk_group_id: int  # peewee's accessor for the raw key, declared for type checkers
    state = TextField(default=VolumeState.NONE.value)
    capacity_bytes = IntegerField(default=0)
    free_bytes = IntegerField(default=0)
    serial = TextField(null=True)
    initialized_us = IntegerField(null=True)
    last_checked_us = IntegerField(null=True)
    error = TextField(null=True)


class Camera(_CatalogModel):
    """A camera; ids are never reused (AUTOINCREMENT)."""

    id = AutoField()
    name = TextField()  # unique, case-insensitive (ASCII)
    main_url = TextField()
    sub_url = TextField(null=True)
    credentials = BlobField(null=True)  # encrypted by the caller; never plaintext
    disk_group = ForeignKeyField(DiskGroup, column_name="disk_group_id", default=1)
    disk_group_id: int  # peewee's accessor for the raw key, declared for type checkers
    enabled = BooleanField(default=True)
    expiry_days = IntegerField(null=True)  # None: kept until overwritten
    record_audio = BooleanField(default=True)
    privacy_masks = TextField(default="[]")  # JSON [[x, y, width, height], ...] (privacy.py)
    watermark_enabled = BooleanField(default=False)
    watermark_text = TextField(default="")
    created_us = IntegerField()
    updated_us = IntegerField()


class SiteCameraRow(_CatalogModel):
    """A camera the server records for its site (issue 19, ``site/cameras.py``):
    ``site_camera_id`` is the camera's UUID at the directory; ``assigned`` is 0 once
    the directory no longer gives it to this server (moved or deleted there): the
    camera stays, disabled, with what it recorded (version 15)."""

    camera = ForeignKeyField(Camera, column_name="camera_id", primary_key=True, on_delete="CASCADE")
    camera_id: int
    site_camera_id = TextField(unique=True)
    assigned = BooleanField(default=True)

    class Meta:
        table_name = "site_camera"


class SiteOutboxRow(_CatalogModel):
    """An alarm's state after a change, waiting for the site directory (issue 19,
    ``site/outbox.py``): numbered, deleted once the directory holds it (version 15)."""

    sequence = AutoField()
    payload = TextField()  # JSON: the SiteAlarm message's fields
    created_us = IntegerField()

    class Meta:
        table_name = "site_outbox"


class OnvifDeviceRow(_CatalogModel):
    """Where a camera added over ONVIF answers ONVIF (its device service's host and
    port) and its capabilities, JSON ``onvif.capabilities.Capabilities.as_dict()``."""

    camera = ForeignKeyField(Camera, column_name="camera_id", primary_key=True, on_delete="CASCADE")
    camera_id: int
    host = TextField()
    port = IntegerField()
    capabilities = TextField()
    updated_us = IntegerField()

    class Meta:
        table_name = "onvif_device"


class PtzDeviceRow(_CatalogModel):
    """A camera's serial PTZ dome (PTZ-04): ``protocol`` pelco-d | pelco-p,
    ``p_variant`` standard | d-style, ``serial_port`` a device path or pyserial URL,
    ``address`` its number on the bus, ``reserved_presets`` JSON ``[number, ...]``."""

    camera = ForeignKeyField(Camera, column_name="camera_id", primary_key=True, on_delete="CASCADE")
    camera_id: int
    protocol = TextField()
    p_variant = TextField()
    serial_port = TextField()
    baud_rate = IntegerField()
    address = IntegerField()
    reserved_presets = TextField()
    updated_us = IntegerField()

    class Meta:
        table_name = "ptz_device"


class PtzPresetRow(_CatalogModel):
    """A preset of a camera (PTZ-02): number 1..255, name, the device's token."""

    camera = ForeignKeyField(Camera, column_name="camera_id", on_delete="CASCADE")
    camera_id: int
    number = IntegerField()
    name = TextField()
    token = TextField()
    updated_us = IntegerField()

    class Meta:
        table_name = "ptz_preset"
        primary_key = CompositeKey("camera", "number")


class PtzCruiseRow(_CatalogModel):
    """A cruise of a camera (PTZ-03): number 1..8, name, ``steps`` JSON
    ``[[preset, dwell_s, speed], ...]``."""

    camera = ForeignKeyField(Camera, column_name="camera_id", on_delete="CASCADE")
    camera_id: int
    number = IntegerField()
    name = TextField()
    steps = TextField()
    updated_us = IntegerField()

    class Meta:
        table_name = "ptz_cruise"
        primary_key = CompositeKey("camera", "number")


class PtzCruiseRunRow(_CatalogModel):
    """The cruise running on a camera, at whose priority, so a restart resumes it."""

    camera = ForeignKeyField(Camera, column_name="camera_id", primary_key=True, on_delete="CASCADE")
    camera_id: int
    cruise_number = IntegerField()
    priority = IntegerField()
    started_by = TextField()
    started_us = IntegerField()

    class Meta:
        table_name = "ptz_cruise_run"


class PermissionGroup(_CatalogModel):
    """A permission group: its rights (JSON, see vedette_server.accounts.rights) for
    local and remote sessions. Three built-in groups exist from the start."""

    id = AutoField()
    name = TextField()  # unique, case-insensitive (ASCII)
    kind = TextField()  # administrator | advanced | ordinary | custom (fixed at creation)
    rights = TextField()  # JSON: {"local": {...}, "remote": {...}}
    created_us = IntegerField()
    updated_us = IntegerField()
    ptz_priority = IntegerField(null=True)  # 1..32000; NULL: the default for its rights

    class Meta:
        table_name = "permission_group"


class Account(_CatalogModel):
    """A user account (``account`` table; version 1 called it ``user``)."""

    id = AutoField()
    name = TextField()  # unique, case-insensitive (ASCII)
    password_hash = TextField()  # Argon2id PHC string, computed by the caller
    digest_ha1 = BlobField(null=True)  # sealed MD5(name:realm:password), for RTSP Digest
    group = ForeignKeyField(PermissionGroup, column_name="group_id")
    group_id: int  # peewee's accessor for the raw key, declared for type checkers
    enabled = BooleanField(default=True)
    permission_control = BooleanField(default=True)  # off: the administrator's rights
    email = TextField(default="")
    mac_binding = TextField(default="")  # "" or a normalised MAC the user must log in from
    note = TextField(default="")
    password_changed_us = IntegerField()
    created_us = IntegerField()
    updated_us = IntegerField()


class RecoveryQuestionRow(_CatalogModel):
    """One of an account's password recovery questions (USER-03, version 13)."""

    account_id = IntegerField()
    position = IntegerField()  # 0..2, the order the answers are asked in
    question = TextField()
    answer_hash = TextField()  # Argon2id of the normalised answer

    class Meta:
        table_name = "recovery_question"
        primary_key = CompositeKey("account_id", "position")


class LogEntry(_CatalogModel):
    """One entry of the system log: an operation, alarm, exception or information."""

    id = AutoField()
    time_us = IntegerField()
    type = TextField()  # operation | alarm | exception | information
    action = TextField()  # e.g. "camera.update", "login.failed"
    username = TextField(default="")
    peer = TextField(default="")
    camera_id = IntegerField(null=True)  # no foreign key: the camera may be deleted later
    outcome = TextField(default="ok")  # "ok" or the error's status name
    message = TextField()
    detail = TextField(null=True)  # JSON: before/after values, secrets masked

    class Meta:
        table_name = "log_entry"


class LogUsage(_CatalogModel):
    """The system log's entry count and size, one row kept by triggers on ``log_entry``
    (``size_bytes``: the bytes of its text columns plus 64 per row)."""

    id = IntegerField(primary_key=True)  # always 1
    entries = IntegerField()
    size_bytes = IntegerField()

    class Meta:
        table_name = "log_usage"


class Segment(_CatalogModel):
    """One segment file of one camera stream; ``end_us`` is None while it is open."""

    id = AutoField()
    camera = ForeignKeyField(Camera, column_name="camera_id")
    camera_id: int  # peewee's accessors for the raw keys, declared for type checkers
    stream = IntegerField()
    volume = ForeignKeyField(Volume, column_name="volume_id")
    volume_id: int
    relpath = TextField()
    start_us = IntegerField()
    end_us = IntegerField(null=True)
    size_bytes = IntegerField(default=0)
    frames = IntegerField(default=0)
    keyframe_index = BlobField(default=b"")
    record_reasons = IntegerField()
    locked = BooleanField(default=False)
    codec = TextField()
    width = IntegerField()
    height = IntegerField()


class RecordingRun(_CatalogModel):
    """A stretch of continuous recording of one camera stream with one set of record
    reasons, derived from the segments (catalog/runs.py); ``end_us`` is None while its
    last segment is open."""

    id = AutoField()
    camera = ForeignKeyField(Camera, column_name="camera_id", on_delete="CASCADE")
    camera_id: int
    stream = IntegerField()
    start_us = IntegerField()
    end_us = IntegerField(null=True)
    record_reasons = IntegerField()

    class Meta:
        table_name = "recording_run"


class CameraTotals(_CatalogModel):
    """A camera's segment count and bytes, kept by triggers on ``segment``."""

    camera = ForeignKeyField(Camera, column_name="camera_id", primary_key=True)
    segments = IntegerField()
    size_bytes = IntegerField()

    class Meta:
        table_name = "camera_totals"


class Garbage(_CatalogModel):
    """A segment file whose row is gone and which is yet to be unlinked."""

    id = AutoField()
    volume = ForeignKeyField(Volume, column_name="volume_id")
    volume_id: int  # peewee's accessor for the raw key, declared for type checkers
    relpath = TextField()
    size_bytes = IntegerField()
    camera_id = IntegerField()  # no foreign key: the camera may be deleted first
    marked_us = IntegerField()


class Event(_CatalogModel):
    """Something that happened on a camera or the server, searchable (SEARCH-04)."""

    id = AutoField()
    camera_id = IntegerField(null=True)  # no foreign key: events outlive cameras
    type = TextField()  # manual | motion | sensor | analytics | exception
    start_us = IntegerField()
    end_us = IntegerField(null=True)  # None while it lasts
    source = TextField(default="")  # who or what raised it: a user, an input, a rule
    message = TextField(default="")
    detail = TextField(null=True)  # JSON
    key = TextField(default="")  # dedup key: "motion:3", "input:7", "exc:volume_full:2"
    subtype = TextField(default="")  # analytics kind, exception kind, ...
    count = IntegerField(default=1)  # repeats folded into this row
    last_us = IntegerField(null=True)  # the last repeat's time


class Tag(_CatalogModel):
    """A bookmark at an instant of a camera's recording (SEARCH-05)."""

    id = AutoField()
    camera = ForeignKeyField(Camera, column_name="camera_id", on_delete="CASCADE")
    camera_id: int
    time_us = IntegerField()
    name = TextField()
    created_by = TextField(default="")
    created_us = IntegerField()


class Snapshot(_CatalogModel):
    """A still picture taken from live or a recording, kept as a JPEG (SEARCH-06)."""

    id = AutoField()
    camera_id = IntegerField()  # no foreign key: a snapshot is evidence on its own
    time_us = IntegerField()
    source = TextField()  # live | recording
    width = IntegerField()
    height = IntegerField()
    relpath = TextField()  # under <data>/snapshots/
    size_bytes = IntegerField()
    sha256 = TextField()
    created_by = TextField(default="")
    created_us = IntegerField()


class EmailRecipientRow(_CatalogModel):
    """Who gets alarm e-mail (notify/targets.py): an address, when, and how much."""

    id = AutoField()
    address = TextField()  # unique; checked by notify/addresses.py
    schedule_id = IntegerField(null=True)  # NULL: always
    snapshot = BooleanField(default=False)
    max_per_hour = IntegerField(default=10)
    enabled = BooleanField(default=True)
    updated_us = IntegerField()

    class Meta:
        table_name = "email_recipient"


class WebhookEndpointRow(_CatalogModel):
    """Where signed webhooks go (notify/targets.py); ``secret`` is sealed."""

    id = AutoField()
    url = TextField()  # unique
    secret = BlobField()  # SecretBox.seal_bytes of the whsec_ secret
    enabled = BooleanField(default=True)
    disabled_reason = TextField(default="")
    updated_us = IntegerField()

    class Meta:
        table_name = "webhook_endpoint"


class DeliveryRow(_CatalogModel):
    """One notification to one target in the durable outbox (notify/outbox.py)."""

    id = AutoField()
    channel = TextField()  # email | webhook
    target_id = IntegerField()  # no foreign key: the log outlives its targets
    kind = TextField(default="notice")  # notice | digest | test
    alarm_id = IntegerField(default=0)
    message_id = TextField()  # Message-ID (e-mail) or webhook-id
    payload = TextField()  # JSON
    state = TextField()  # pending | sent | failed | suppressed | digested
    attempts = IntegerField(default=0)
    next_attempt_us = IntegerField(null=True)
    last_status = IntegerField(null=True)  # SMTP code or HTTP status of the last attempt
    last_error = TextField(default="")
    digest_id = IntegerField(null=True)  # the digest delivery that summarised this one
    created_us = IntegerField()
    done_us = IntegerField(null=True)

    class Meta:
        table_name = "delivery"


class EvidenceLock(_CatalogModel):
    """A camera's time range that retention never deletes while the lock lasts."""

    id = AutoField()
    camera = ForeignKeyField(Camera, column_name="camera_id", on_delete="CASCADE")
    camera_id: int
    start_us = IntegerField()
    end_us = IntegerField()
    reason = TextField()
    created_by = TextField(default="")
    created_us = IntegerField()
    expires_us = IntegerField(null=True)  # None: until unlocked

    class Meta:
        table_name = "evidence_lock"


class ExportTask(_CatalogModel):
    """A background export (EXP-04): its request, state and progress survive restarts."""

    id = AutoField()
    state = TextField()  # queued | running | paused | done | failed | cancelled
    spec = TextField()  # JSON: cameras, ranges, format, stream, destination kind
    destination = TextField(default="")
    bytes_done = IntegerField(default=0)
    bytes_total = IntegerField(default=0)
    media_done_us = IntegerField(default=0)
    media_total_us = IntegerField(default=0)
    error = TextField(default="")
    result = TextField(null=True)  # JSON: the files written and their hashes
    created_by = TextField(default="")
    created_us = IntegerField()
    updated_us = IntegerField()

    class Meta:
        table_name = "export_task"


class SavedView(_CatalogModel):
    """A live layout saved by a user (LIVE-06); ``tiles`` is JSON
    ``[[index, camera_id, stream], ...]``."""

    id = AutoField()
    owner = ForeignKeyField(Account, column_name="owner_id", on_delete="CASCADE")
    owner_id: int
    name = TextField()
    layout = IntegerField()
    tiles = TextField()
    shared = BooleanField(default=False)
    updated_us = IntegerField()

    class Meta:
        table_name = "saved_view"


class Tour(_CatalogModel):
    """A sequence of saved views shown in turn (LIVE-07); ``steps`` is JSON
    ``[[view_id, dwell_seconds], ...]``."""

    id = AutoField()
    owner = ForeignKeyField(Account, column_name="owner_id", on_delete="CASCADE")
    owner_id: int
    name = TextField()
    steps = TextField()
    shared = BooleanField(default=False)
    updated_us = IntegerField()


class ManualRecording(_CatalogModel):
    """A camera recording by hand (REC-06), until stopped; survives a restart."""

    camera = ForeignKeyField(Camera, column_name="camera_id", primary_key=True, on_delete="CASCADE")
    camera_id: int
    started_us = IntegerField()
    started_by = TextField(default="")
    event_id = IntegerField(null=True)

    class Meta:
        table_name = "manual_recording"


class RuleRow(_CatalogModel):
    """An alarm rule (alarms/rules.py): its searchable fields and its JSON definition."""

    id = AutoField()
    name = TextField()  # unique
    enabled = BooleanField(default=True)
    builtin = TextField(null=True)  # the seeded default rule's kind, unique
    arming_schedule_id = IntegerField(null=True)
    definition = TextField()  # JSON, alarms/rules.py
    version = IntegerField(default=1)
    updated_us = IntegerField()

    class Meta:
        table_name = "rule"


class AlarmRow(_CatalogModel):
    """An alarm (alarms/model.py); at most one open per (rule_id, key)."""

    id = AutoField()
    rule_id = IntegerField()  # no foreign key: alarms outlive their rules
    rule_name = TextField()
    key = TextField()
    camera_id = IntegerField(null=True)
    title = TextField()
    priority = IntegerField()
    category = TextField(default="")
    state = TextField()
    owner = TextField(null=True)
    first_us = IntegerField()
    last_us = IntegerField()
    count = IntegerField(default=1)
    acknowledged_by = TextField(null=True)
    acknowledged_us = IntegerField(null=True)
    closed_by = TextField(null=True)
    closed_us = IntegerField(null=True)
    resolution = TextField(null=True)
    auto_close = BooleanField(default=False)
    escalated = BooleanField(default=False)
    storm = BooleanField(default=False)
    instructions = TextField(default="")
    related_cameras = TextField(default="[]")  # JSON list of camera ids
    detail = TextField(default="{}")  # JSON
    version = IntegerField(default=1)

    class Meta:
        table_name = "alarm"


class AlarmActivityRow(_CatalogModel):
    """One line of an alarm's history (alarms/model.py ``Activity``); append-only."""

    id = AutoField()
    alarm_id = IntegerField()  # ON DELETE CASCADE in the schema
    kind = TextField()
    actor = TextField()
    time_us = IntegerField()
    state_before = TextField(null=True)
    state_after = TextField()
    version = IntegerField()
    before = TextField(default="")
    after = TextField(default="")
    text = TextField(default="")

    class Meta:
        table_name = "alarm_activity"


#: Every model, parents before children.
MODELS: Final[tuple[Any, ...]] = (
    Server,
    Setting,
    DiskGroup,
    Volume,
    Camera,
    SiteCameraRow,
    SiteOutboxRow,
    OnvifDeviceRow,
    PtzDeviceRow,
    PtzPresetRow,
    PtzCruiseRow,
    PtzCruiseRunRow,
    PermissionGroup,
    Account,
    Segment,
    RecordingRun,
    CameraTotals,
    Garbage,
    LogEntry,
    LogUsage,
    Event,
    Tag,
    Snapshot,
    EmailRecipientRow,
    WebhookEndpointRow,
    DeliveryRow,
    EvidenceLock,
    ExportTask,
    ManualRecording,
    SavedView,
    Tour,
    RuleRow,
    AlarmRow,
    AlarmActivityRow,
)
