"""The catalog's schema, its version, and the migrations from one version to the next.

``PRAGMA user_version`` holds the schema version; ``PRAGMA application_id`` marks the
file as a Vedette catalog. A new file gets ``CURRENT_SCHEMA`` in one step; an older
file is brought up by ``MIGRATIONS``, one transaction per version (``MIGRATIONS[0]``
creates version 1 from an empty file, ``MIGRATIONS[n]`` takes version n to n + 1).

Invariants:
- Migrating from version 1 step by step gives exactly the schema ``CURRENT_SCHEMA``
  gives (tables, columns, indexes, triggers): a test compares the two, as Moonfire's
  does. Adding version N + 1 means: append its migration, freeze the text an older
  migration uses, and edit ``CURRENT_SCHEMA`` and docs/catalog.md to match.
- Each version step commits with its ``user_version`` or not at all.
- A file whose version is newer than ``SCHEMA_VERSION`` is never written to.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from peewee import SqliteDatabase

from vedette_api import timestamps
from vedette_server.catalog.models import DEFAULT_DISK_GROUP_ID
from vedette_server.catalog.runs import rebuild_all

#: ``PRAGMA application_id`` of a Vedette catalog: "VDET" in ASCII.
APPLICATION_ID: Final = 0x56444554

# Version 1. Frozen: once released, a migration's SQL never changes.
_SCHEMA_V1: Final = """
CREATE TABLE server (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_id TEXT NOT NULL CHECK (length(server_id) = 36),
    created_us INTEGER NOT NULL
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value))
);

CREATE TABLE disk_group (
    id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 8),
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    overwrite INTEGER NOT NULL DEFAULT 1 CHECK (overwrite IN (0, 1)),
    reserve_bytes INTEGER NOT NULL DEFAULT 1073741824 CHECK (reserve_bytes >= 0)
);

CREATE TRIGGER disk_group_1_not_deleted BEFORE DELETE ON disk_group
WHEN OLD.id = 1
BEGIN
    SELECT RAISE(ABORT, 'disk group 1 cannot be deleted');
END;

CREATE TRIGGER disk_group_1_not_renumbered BEFORE UPDATE OF id ON disk_group
WHEN OLD.id = 1 AND NEW.id <> 1
BEGIN
    SELECT RAISE(ABORT, 'disk group 1 cannot be renumbered');
END;

CREATE TABLE volume (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    path TEXT NOT NULL UNIQUE CHECK (path <> ''),
    disk_group_id INTEGER NOT NULL DEFAULT 1 REFERENCES disk_group (id),
    state TEXT NOT NULL DEFAULT 'none'
        CHECK (state IN ('none', 'foreign', 'unavailable', 'read_write', 'full')),
    capacity_bytes INTEGER NOT NULL DEFAULT 0 CHECK (capacity_bytes >= 0),
    free_bytes INTEGER NOT NULL DEFAULT 0 CHECK (free_bytes >= 0),
    serial TEXT,
    initialized_us INTEGER,
    last_checked_us INTEGER,
    error TEXT
);

CREATE INDEX volume_disk_group ON volume (disk_group_id);

CREATE TABLE camera (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    main_url TEXT NOT NULL,
    sub_url TEXT,
    credentials BLOB,
    disk_group_id INTEGER NOT NULL DEFAULT 1 REFERENCES disk_group (id),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    expiry_days INTEGER CHECK (expiry_days > 0),
    record_audio INTEGER NOT NULL DEFAULT 1 CHECK (record_audio IN (0, 1)),
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);

CREATE INDEX camera_disk_group ON camera (disk_group_id);

CREATE TABLE user (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    password_hash TEXT NOT NULL CHECK (substr(password_hash, 1, 10) = '$argon2id$'),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_us INTEGER NOT NULL
);

CREATE TABLE segment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera_id INTEGER NOT NULL REFERENCES camera (id),
    stream INTEGER NOT NULL CHECK (stream IN (1, 2)),
    volume_id INTEGER NOT NULL REFERENCES volume (id),
    relpath TEXT NOT NULL CHECK (relpath <> ''),
    start_us INTEGER NOT NULL,
    end_us INTEGER
        CHECK (end_us IS NULL OR (end_us >= start_us AND end_us - start_us <= 300000000)),
    size_bytes INTEGER NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    frames INTEGER NOT NULL DEFAULT 0 CHECK (frames >= 0),
    keyframe_index BLOB NOT NULL DEFAULT x'',
    record_reasons INTEGER NOT NULL CHECK (record_reasons BETWEEN 1 AND 31),
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    codec TEXT NOT NULL,
    width INTEGER NOT NULL CHECK (width >= 0),
    height INTEGER NOT NULL CHECK (height >= 0)
);

CREATE UNIQUE INDEX segment_volume_relpath ON segment (volume_id, relpath);
CREATE INDEX segment_camera_stream_start ON segment (camera_id, stream, start_us);
CREATE INDEX segment_volume_start ON segment (volume_id, start_us);
CREATE INDEX segment_open ON segment (id) WHERE end_us IS NULL;

CREATE TABLE camera_totals (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    segments INTEGER NOT NULL CHECK (segments >= 0),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0)
);

CREATE TRIGGER segment_counted AFTER INSERT ON segment
BEGIN
    INSERT INTO camera_totals (camera_id, segments, size_bytes)
    VALUES (NEW.camera_id, 1, NEW.size_bytes)
    ON CONFLICT (camera_id) DO UPDATE
        SET segments = segments + 1, size_bytes = size_bytes + excluded.size_bytes;
END;

CREATE TRIGGER segment_recounted AFTER UPDATE OF camera_id, size_bytes ON segment
BEGIN
    UPDATE camera_totals
        SET segments = segments - 1, size_bytes = size_bytes - OLD.size_bytes
        WHERE camera_id = OLD.camera_id;
    INSERT INTO camera_totals (camera_id, segments, size_bytes)
    VALUES (NEW.camera_id, 1, NEW.size_bytes)
    ON CONFLICT (camera_id) DO UPDATE
        SET segments = segments + 1, size_bytes = size_bytes + excluded.size_bytes;
END;

CREATE TRIGGER segment_uncounted AFTER DELETE ON segment
BEGIN
    UPDATE camera_totals
        SET segments = segments - 1, size_bytes = size_bytes - OLD.size_bytes
        WHERE camera_id = OLD.camera_id;
END;

CREATE TABLE garbage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    volume_id INTEGER NOT NULL REFERENCES volume (id),
    relpath TEXT NOT NULL CHECK (relpath <> ''),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    camera_id INTEGER NOT NULL,
    marked_us INTEGER NOT NULL
);

CREATE UNIQUE INDEX garbage_volume_relpath ON garbage (volume_id, relpath);

CREATE TRIGGER segment_path_not_garbage BEFORE INSERT ON segment
WHEN EXISTS (SELECT 1 FROM garbage WHERE volume_id = NEW.volume_id AND relpath = NEW.relpath)
BEGIN
    SELECT RAISE(ABORT, 'segment path is awaiting deletion');
END;
"""

# Version 2: accounts with permission groups (USER-01/02), and the system log (SYS-09).
# The ``user`` table of version 1 becomes ``account``. Frozen, as every migration.
_GROUPS_V2: Final = """
CREATE TABLE permission_group (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('administrator', 'advanced', 'ordinary', 'custom')),
    rights TEXT NOT NULL CHECK (json_valid(rights)),
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);

CREATE UNIQUE INDEX permission_group_builtin ON permission_group (kind) WHERE kind <> 'custom';

CREATE TRIGGER permission_group_builtin_kept BEFORE DELETE ON permission_group
WHEN OLD.kind <> 'custom'
BEGIN
    SELECT RAISE(ABORT, 'the built-in permission groups cannot be deleted');
END;

CREATE TRIGGER permission_group_kind_fixed BEFORE UPDATE OF kind ON permission_group
WHEN OLD.kind <> NEW.kind
BEGIN
    SELECT RAISE(ABORT, 'a permission group keeps its kind');
END;

CREATE TABLE account (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    password_hash TEXT NOT NULL CHECK (substr(password_hash, 1, 10) = '$argon2id$'),
    digest_ha1 BLOB,
    group_id INTEGER NOT NULL REFERENCES permission_group (id),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    permission_control INTEGER NOT NULL DEFAULT 1 CHECK (permission_control IN (0, 1)),
    email TEXT NOT NULL DEFAULT '',
    mac_binding TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    password_changed_us INTEGER NOT NULL,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);

CREATE INDEX account_group ON account (group_id);

CREATE TRIGGER account_admin_kept BEFORE DELETE ON account
WHEN OLD.name = 'admin' COLLATE NOCASE
BEGIN
    SELECT RAISE(ABORT, 'the admin account cannot be deleted');
END;

CREATE TRIGGER account_admin_intact BEFORE UPDATE ON account
WHEN OLD.name = 'admin' COLLATE NOCASE AND (NEW.name <> OLD.name OR NEW.enabled = 0
    OR NEW.group_id <> (SELECT id FROM permission_group WHERE kind = 'administrator'))
BEGIN
    SELECT RAISE(ABORT, 'the admin account cannot be renamed, disabled or demoted');
END;

CREATE TABLE log_entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_us INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('operation', 'alarm', 'exception', 'information')),
    action TEXT NOT NULL CHECK (action <> ''),
    username TEXT NOT NULL DEFAULT '',
    peer TEXT NOT NULL DEFAULT '',
    camera_id INTEGER,
    outcome TEXT NOT NULL DEFAULT 'ok',
    message TEXT NOT NULL,
    detail TEXT CHECK (detail IS NULL OR json_valid(detail))
);

CREATE INDEX log_entry_time ON log_entry (time_us);
CREATE INDEX log_entry_type_time ON log_entry (type, time_us);
"""

# The rights of the built-in groups when a catalog gets them (the Python defaults in
# vedette_server.accounts.rights may change later; these stay as they were).
_ALL_RIGHTS_V2: Final = (
    '{"areas":["accounts","alarms","cameras","disks","logs","network","recording","system"],'
    '"cameras":{"audio":"all","export":"all","live":"all","playback":"all","ptz":"all"}}'
)
_ADVANCED_RIGHTS_V2: Final = (
    '{"areas":["alarms","cameras","disks","logs","recording"],'
    '"cameras":{"audio":"all","export":"all","live":"all","playback":"all","ptz":"all"}}'
)
_ORDINARY_RIGHTS_V2: Final = '{"areas":[],"cameras":{"live":"all","playback":"all"}}'


def _seed_groups_v2(db: SqliteDatabase) -> None:
    now_us = timestamps.now_us()
    for group_id, name, kind, rights in (
        (1, "administrator", "administrator", _ALL_RIGHTS_V2),
        (2, "advanced", "advanced", _ADVANCED_RIGHTS_V2),
        (3, "ordinary", "ordinary", _ORDINARY_RIGHTS_V2),
    ):
        both = f'{{"local":{rights},"remote":{rights}}}'
        db.execute_sql(
            "INSERT INTO permission_group (id, name, kind, rights, created_us, updated_us)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (group_id, name, kind, both, now_us, now_us),
        )


def _migrate_v1_to_v2(db: SqliteDatabase) -> None:
    _run_script(db, _GROUPS_V2)
    _seed_groups_v2(db)
    # v1 had only the admin account; any other becomes "ordinary".
    db.execute_sql(
        "INSERT INTO account (id, name, password_hash, group_id, enabled, permission_control,"
        " password_changed_us, created_us, updated_us)"
        " SELECT id, name, password_hash,"
        " CASE WHEN name = 'admin' COLLATE NOCASE THEN 1 ELSE 3 END, enabled,"
        " CASE WHEN name = 'admin' COLLATE NOCASE THEN 0 ELSE 1 END,"
        " created_us, created_us, created_us FROM user"
    )
    db.execute_sql("DROP TABLE user")


# Version 3: what the media services keep (SEARCH-04..06, EXP-04, evidence locks,
# REC-06). Frozen, as every migration.
_MEDIA_V3: Final = """
CREATE TABLE event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera_id INTEGER,
    type TEXT NOT NULL CHECK (type IN ('manual', 'motion', 'sensor', 'analytics', 'exception')),
    start_us INTEGER NOT NULL,
    end_us INTEGER CHECK (end_us IS NULL OR end_us >= start_us),
    source TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    detail TEXT CHECK (detail IS NULL OR json_valid(detail))
);

CREATE INDEX event_camera_start ON event (camera_id, start_us);
CREATE INDEX event_type_start ON event (type, start_us);
CREATE INDEX event_start ON event (start_us);

CREATE TABLE tag (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera_id INTEGER NOT NULL REFERENCES camera (id) ON DELETE CASCADE,
    time_us INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (name <> ''),
    created_by TEXT NOT NULL DEFAULT '',
    created_us INTEGER NOT NULL
);

CREATE INDEX tag_camera_time ON tag (camera_id, time_us);
CREATE INDEX tag_time ON tag (time_us);

CREATE TABLE snapshot (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera_id INTEGER NOT NULL,
    time_us INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('live', 'recording')),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    relpath TEXT NOT NULL UNIQUE CHECK (relpath <> ''),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    created_by TEXT NOT NULL DEFAULT '',
    created_us INTEGER NOT NULL
);

CREATE INDEX snapshot_camera_time ON snapshot (camera_id, time_us);
CREATE INDEX snapshot_time ON snapshot (time_us);

CREATE TABLE evidence_lock (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera_id INTEGER NOT NULL REFERENCES camera (id) ON DELETE CASCADE,
    start_us INTEGER NOT NULL,
    end_us INTEGER NOT NULL CHECK (end_us > start_us),
    reason TEXT NOT NULL CHECK (reason <> ''),
    created_by TEXT NOT NULL DEFAULT '',
    created_us INTEGER NOT NULL,
    expires_us INTEGER
);

CREATE INDEX evidence_lock_camera ON evidence_lock (camera_id, start_us);

CREATE TABLE export_task (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state TEXT NOT NULL
        CHECK (state IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
    spec TEXT NOT NULL CHECK (json_valid(spec)),
    destination TEXT NOT NULL DEFAULT '',
    bytes_done INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
    bytes_total INTEGER NOT NULL DEFAULT 0 CHECK (bytes_total >= 0),
    media_done_us INTEGER NOT NULL DEFAULT 0,
    media_total_us INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    result TEXT CHECK (result IS NULL OR json_valid(result)),
    created_by TEXT NOT NULL DEFAULT '',
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);

CREATE INDEX export_task_state ON export_task (state);

CREATE TABLE manual_recording (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    started_us INTEGER NOT NULL,
    started_by TEXT NOT NULL DEFAULT '',
    event_id INTEGER
);
"""


def _migrate_v2_to_v3(db: SqliteDatabase) -> None:
    _run_script(db, _MEDIA_V3)


# Version 4: recording runs, the timeline kept as segments come and go (catalog/runs.py).
# Frozen.
_RUNS_V4: Final = """
CREATE TABLE recording_run (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera_id INTEGER NOT NULL REFERENCES camera (id) ON DELETE CASCADE,
    stream INTEGER NOT NULL CHECK (stream IN (1, 2)),
    start_us INTEGER NOT NULL,
    end_us INTEGER CHECK (end_us IS NULL OR end_us > start_us),
    record_reasons INTEGER NOT NULL CHECK (record_reasons BETWEEN 1 AND 31)
);

CREATE INDEX recording_run_camera_stream_start ON recording_run (camera_id, stream, start_us);
"""


def _migrate_v3_to_v4(db: SqliteDatabase) -> None:
    _run_script(db, _RUNS_V4)
    rebuild_all(db)


# Version 5: saved views and tours of the live console (LIVE-06, LIVE-07), per user.
# Frozen.
_VIEWS_V5: Final = """
CREATE TABLE saved_view (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    layout INTEGER NOT NULL CHECK (layout BETWEEN 1 AND 64),
    tiles TEXT NOT NULL CHECK (json_valid(tiles)),
    shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    updated_us INTEGER NOT NULL,
    UNIQUE (owner_id, name)
);

CREATE TABLE tour (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    steps TEXT NOT NULL CHECK (json_valid(steps)),
    shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    updated_us INTEGER NOT NULL,
    UNIQUE (owner_id, name)
);
"""


def _migrate_v4_to_v5(db: SqliteDatabase) -> None:
    _run_script(db, _VIEWS_V5)


# Version 6: the system log's count and size, kept by triggers, so it is retained by
# bytes as well as entries without reading it (system_log.py); entries are never
# changed. Frozen.
_LOG_USAGE_V6: Final = """
CREATE TABLE log_usage (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entries INTEGER NOT NULL CHECK (entries >= 0),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0)
);

CREATE TRIGGER log_entry_counted AFTER INSERT ON log_entry
BEGIN
    UPDATE log_usage SET entries = entries + 1, size_bytes = size_bytes + 64
        + length(CAST(NEW.type AS BLOB)) + length(CAST(NEW.action AS BLOB))
        + length(CAST(NEW.username AS BLOB)) + length(CAST(NEW.peer AS BLOB))
        + length(CAST(NEW.outcome AS BLOB)) + length(CAST(NEW.message AS BLOB))
        + coalesce(length(CAST(NEW.detail AS BLOB)), 0)
    WHERE id = 1;
END;

CREATE TRIGGER log_entry_uncounted AFTER DELETE ON log_entry
BEGIN
    UPDATE log_usage SET entries = entries - 1, size_bytes = size_bytes - 64
        - length(CAST(OLD.type AS BLOB)) - length(CAST(OLD.action AS BLOB))
        - length(CAST(OLD.username AS BLOB)) - length(CAST(OLD.peer AS BLOB))
        - length(CAST(OLD.outcome AS BLOB)) - length(CAST(OLD.message AS BLOB))
        - coalesce(length(CAST(OLD.detail AS BLOB)), 0)
    WHERE id = 1;
END;

CREATE TRIGGER log_entry_append_only BEFORE UPDATE ON log_entry
BEGIN
    SELECT RAISE(ABORT, 'system log entries are never changed');
END;
"""


def _count_log_v6(db: SqliteDatabase) -> None:
    """The ``log_usage`` row, from the entries already there (none in a new file)."""
    db.execute_sql(
        "INSERT INTO log_usage (id, entries, size_bytes) SELECT 1, count(*), coalesce(sum(64"
        " + length(CAST(type AS BLOB)) + length(CAST(action AS BLOB))"
        " + length(CAST(username AS BLOB)) + length(CAST(peer AS BLOB))"
        " + length(CAST(outcome AS BLOB)) + length(CAST(message AS BLOB))"
        " + coalesce(length(CAST(detail AS BLOB)), 0)), 0) FROM log_entry"
    )


def _migrate_v5_to_v6(db: SqliteDatabase) -> None:
    _run_script(db, _LOG_USAGE_V6)
    _count_log_v6(db)


# Version 7: where a camera added over ONVIF answers ONVIF, and what it can do
# (CAM-01..03), so discovery can tell a camera already added and the console can show
# its capabilities. Deleted with its camera. Frozen.
_ONVIF_V7: Final = """
CREATE TABLE onvif_device (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    host TEXT NOT NULL CHECK (host <> ''),
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    capabilities TEXT NOT NULL CHECK (json_valid(capabilities)),
    updated_us INTEGER NOT NULL
);

CREATE INDEX onvif_device_host_port ON onvif_device (host, port);
"""


def _migrate_v6_to_v7(db: SqliteDatabase) -> None:
    _run_script(db, _ONVIF_V7)


# Version 8: PTZ (PTZ-01..04): a camera's serial PTZ device, its presets, its cruises
# and the cruise running on it (so a restart resumes it). Deleted with their camera; a
# running cruise's row with its cruise. Frozen.
_PTZ_V8: Final = """
CREATE TABLE ptz_device (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    protocol TEXT NOT NULL CHECK (protocol IN ('pelco-d', 'pelco-p')),
    p_variant TEXT NOT NULL CHECK (p_variant IN ('standard', 'd-style')),
    serial_port TEXT NOT NULL CHECK (serial_port <> ''),
    baud_rate INTEGER NOT NULL CHECK (baud_rate BETWEEN 1200 AND 115200),
    address INTEGER NOT NULL CHECK (address BETWEEN 1 AND 256),
    reserved_presets TEXT NOT NULL CHECK (json_valid(reserved_presets)),
    updated_us INTEGER NOT NULL
);

CREATE TABLE ptz_preset (
    camera_id INTEGER NOT NULL REFERENCES camera (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 255),
    name TEXT NOT NULL CHECK (name <> ''),
    token TEXT NOT NULL CHECK (token <> ''),
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (camera_id, number)
);

CREATE TABLE ptz_cruise (
    camera_id INTEGER NOT NULL REFERENCES camera (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 8),
    name TEXT NOT NULL CHECK (name <> ''),
    steps TEXT NOT NULL CHECK (json_valid(steps)),
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (camera_id, number)
);

CREATE TABLE ptz_cruise_run (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    cruise_number INTEGER NOT NULL,
    priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 32000),
    started_by TEXT NOT NULL,
    started_us INTEGER NOT NULL,
    FOREIGN KEY (camera_id, cruise_number)
        REFERENCES ptz_cruise (camera_id, number) ON DELETE CASCADE
);
"""


def _migrate_v7_to_v8(db: SqliteDatabase) -> None:
    _run_script(db, _PTZ_V8)


# Version 9: a permission group's own PTZ priority (PTZ-03), which its users control
# cameras at; NULL: the default for its rights (ptz/priority.py). Frozen.
_GROUP_PTZ_PRIORITY_V9: Final = """
ALTER TABLE permission_group ADD COLUMN ptz_priority INTEGER
    CHECK (ptz_priority IS NULL OR ptz_priority BETWEEN 1 AND 32000);
"""


def _migrate_v8_to_v9(db: SqliteDatabase) -> None:
    _run_script(db, _GROUP_PTZ_PRIORITY_V9)


# Version 10: a camera's motion-detection settings (ALARM-02): off unless enabled (it
# costs CPU), sensitivity 1-10, make frames, hold seconds, and its named areas as
# [[name, 56-byte packed 22x18 grid in hex], ...] (motion/grid.py). Frozen.
_MOTION_V10: Final = """
CREATE TABLE motion_setting (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    sensitivity INTEGER NOT NULL CHECK (sensitivity BETWEEN 1 AND 10),
    make_frames INTEGER NOT NULL CHECK (make_frames BETWEEN 1 AND 50),
    hold_s REAL NOT NULL CHECK (hold_s > 0 AND hold_s <= 3600),
    areas TEXT NOT NULL CHECK (json_valid(areas)),
    updated_us INTEGER NOT NULL
);
"""


def _migrate_v9_to_v10(db: SqliteDatabase) -> None:
    _run_script(db, _MOTION_V10)


#: Version 11 (issue 14): tentative segments (mask 0, written for pre-alarm recording
#: and kept only where an event claims them) are found by the reaper through their
#: own small index, not by scanning every segment.
_TENTATIVE_V11: Final = """
CREATE INDEX segment_tentative_end ON segment (end_us) WHERE record_reasons = 0;
"""
_REASONS_CHECK_V1: Final = "CHECK (record_reasons BETWEEN 1 AND 31)"
_REASONS_CHECK_V11: Final = "CHECK (record_reasons BETWEEN 0 AND 31)"


def _allow_tentative_v11(db: SqliteDatabase) -> None:
    """Let ``segment`` and ``recording_run`` hold the mask 0 (tentative).

    The CHECK is loosened in place, the way SQLite documents for changing a CHECK
    constraint ("Making Other Kinds Of Table Schema Changes", alter table page:
    writable_schema, then a new schema_version): no row can violate the looser
    check and the file format does not change, so a catalog of millions of segments
    is not copied. Same transaction as the rest of the migration."""
    version = int(db.execute_sql("PRAGMA schema_version").fetchone()[0])
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql(
            "UPDATE sqlite_schema SET sql = replace(sql, ?, ?)"
            " WHERE type = 'table' AND name IN ('segment', 'recording_run')",
            (_REASONS_CHECK_V1, _REASONS_CHECK_V11),
        )
        db.execute_sql(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")


# Version 11: weekly schedules (REC-05: ranges of wall-clock minutes per day, as
# recording/schedules.py ``Week.to_json``) and each camera's recording policy (REC-02..07,
# recording/policy.py). A camera without a policy row records always, as before. A
# schedule a policy uses cannot be deleted (RESTRICT); a camera's deletion deletes its
# policy. The built-in presets are rows (policy_store.py seeds them). Frozen.
_RECORDING_POLICY_V11: Final = """
CREATE TABLE schedule (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    kind TEXT NOT NULL DEFAULT 'recording' CHECK (kind IN ('recording')),
    week TEXT NOT NULL CHECK (json_valid(week)),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    updated_us INTEGER NOT NULL
);
CREATE TABLE recording_policy (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    normal_schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    motion_schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    sensor_schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    analytics_schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    normal_stream TEXT NOT NULL CHECK (normal_stream IN ('main', 'sub', 'both')),
    event_stream TEXT NOT NULL CHECK (event_stream IN ('main', 'sub', 'both')),
    pre_s INTEGER NOT NULL CHECK (pre_s BETWEEN 0 AND 600),
    post_s INTEGER NOT NULL CHECK (post_s BETWEEN 5 AND 600),
    tentative_segment_s INTEGER NOT NULL DEFAULT 10 CHECK (tentative_segment_s BETWEEN 1 AND 300),
    preset TEXT NOT NULL CHECK (length(preset) BETWEEN 1 AND 32),
    updated_us INTEGER NOT NULL
);
CREATE INDEX recording_policy_normal ON recording_policy (normal_schedule_id);
CREATE INDEX recording_policy_motion ON recording_policy (motion_schedule_id);
CREATE INDEX recording_policy_sensor ON recording_policy (sensor_schedule_id);
CREATE INDEX recording_policy_analytics ON recording_policy (analytics_schedule_id);
"""

#: The built-in schedules of version 11 (recording/schedules.py PRESETS), frozen here.
_BUILTIN_SCHEDULES_V11: Final = (
    (1, "24x7", '{"mon":[[0,1440]],"tue":[[0,1440]],"wed":[[0,1440]],"thu":[[0,1440]],'
     '"fri":[[0,1440]],"sat":[[0,1440]],"sun":[[0,1440]]}'),
    (2, "24x5", '{"mon":[[0,1440]],"tue":[[0,1440]],"wed":[[0,1440]],"thu":[[0,1440]],'
     '"fri":[[0,1440]],"sat":[],"sun":[]}'),
    (3, "24x2", '{"mon":[],"tue":[],"wed":[],"thu":[],"fri":[],"sat":[[0,1440]],'
     '"sun":[[0,1440]]}'),
)  # fmt: skip


def _seed_schedules_v11(db: SqliteDatabase) -> None:
    for schedule_id, name, week in _BUILTIN_SCHEDULES_V11:
        db.execute_sql(
            "INSERT INTO schedule (id, name, week, builtin, updated_us) VALUES (?, ?, ?, 1, ?)",
            (schedule_id, name, week, timestamps.now_us()),
        )


def _migrate_v10_to_v11(db: SqliteDatabase) -> None:
    _run_script(db, _RECORDING_POLICY_V11 + _TENTATIVE_V11)
    _allow_tentative_v11(db)
    _seed_schedules_v11(db)


# Version 12 (issue 15): events, rules and alarms. Each area's tables in their own
# text: events gain their dedup key, repeat count, last time and subtype; alarm rules;
# alarms as durable work items with their activity history (one open alarm per
# (rule, key), enforced by a partial unique index); I/O devices and points; e-mail
# recipients, webhook endpoints and the durable delivery outbox.
_EVENTS_V12: Final = """
ALTER TABLE event ADD COLUMN key TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN subtype TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);
ALTER TABLE event ADD COLUMN last_us INTEGER;
CREATE INDEX event_open_key ON event (key) WHERE end_us IS NULL;
"""
_ALARMS_V12: Final = """
CREATE TABLE rule (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    builtin TEXT UNIQUE,
    arming_schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    definition TEXT NOT NULL CHECK (json_valid(definition)),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_us INTEGER NOT NULL
);
CREATE INDEX rule_arming ON rule (arming_schedule_id);
CREATE TABLE alarm (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL,
    rule_name TEXT NOT NULL,
    key TEXT NOT NULL,
    camera_id INTEGER,
    title TEXT NOT NULL,
    priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 3),
    category TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'on_hold', 'closed')),
    owner TEXT,
    first_us INTEGER NOT NULL,
    last_us INTEGER NOT NULL CHECK (last_us >= first_us),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    acknowledged_by TEXT,
    acknowledged_us INTEGER,
    closed_by TEXT,
    closed_us INTEGER,
    resolution TEXT,
    auto_close INTEGER NOT NULL DEFAULT 0 CHECK (auto_close IN (0, 1)),
    escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    storm INTEGER NOT NULL DEFAULT 0 CHECK (storm IN (0, 1)),
    instructions TEXT NOT NULL DEFAULT '',
    related_cameras TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(related_cameras)),
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK ((state = 'closed') = (closed_us IS NOT NULL))
);
CREATE UNIQUE INDEX alarm_open_key ON alarm (rule_id, key) WHERE state != 'closed';
CREATE INDEX alarm_state_last ON alarm (state, last_us);
CREATE INDEX alarm_last ON alarm (last_us);
CREATE TABLE alarm_activity (
    id INTEGER PRIMARY KEY,
    alarm_id INTEGER NOT NULL REFERENCES alarm (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    time_us INTEGER NOT NULL,
    state_before TEXT,
    state_after TEXT NOT NULL,
    version INTEGER NOT NULL,
    before TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alarm_activity_alarm ON alarm_activity (alarm_id, id);
CREATE INDEX alarm_activity_time ON alarm_activity (time_us);
"""
_IO_V12: Final = """
CREATE TABLE io_device (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    kind TEXT NOT NULL CHECK (kind IN ('modbus', 'onvif', 'virtual')),
    address TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(address)),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_us INTEGER NOT NULL
);
CREATE TABLE io_point (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES io_device (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('input', 'output')),
    number INTEGER NOT NULL CHECK (number >= 0),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    camera_id INTEGER REFERENCES camera (id) ON DELETE SET NULL,
    normal TEXT NOT NULL DEFAULT 'open' CHECK (normal IN ('open', 'closed')),
    debounce_ms INTEGER NOT NULL DEFAULT 100 CHECK (debounce_ms BETWEEN 0 AND 60000),
    schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    pulse_s REAL CHECK (pulse_s IS NULL OR (pulse_s > 0 AND pulse_s <= 86400)),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_us INTEGER NOT NULL,
    UNIQUE (device_id, kind, number)
);
CREATE INDEX io_point_schedule ON io_point (schedule_id);
"""
_NOTIFY_V12: Final = """
CREATE TABLE email_recipient (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    address TEXT NOT NULL UNIQUE CHECK (length(address) BETWEEN 3 AND 254),
    schedule_id INTEGER REFERENCES schedule (id) ON DELETE RESTRICT,
    snapshot INTEGER NOT NULL DEFAULT 0 CHECK (snapshot IN (0, 1)),
    max_per_hour INTEGER NOT NULL DEFAULT 10 CHECK (max_per_hour BETWEEN 1 AND 1000),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_us INTEGER NOT NULL
);
CREATE INDEX email_recipient_schedule ON email_recipient (schedule_id);
CREATE TABLE webhook_endpoint (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE CHECK (length(url) BETWEEN 8 AND 2048),
    secret BLOB NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    disabled_reason TEXT NOT NULL DEFAULT '',
    updated_us INTEGER NOT NULL
);
CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    target_id INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'digest', 'test')),
    alarm_id INTEGER NOT NULL DEFAULT 0 CHECK (alarm_id >= 0),
    message_id TEXT NOT NULL,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'suppressed', 'digested')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_us INTEGER,
    last_status INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    digest_id INTEGER,
    created_us INTEGER NOT NULL,
    done_us INTEGER
);
CREATE INDEX delivery_due ON delivery (next_attempt_us) WHERE state = 'pending';
CREATE INDEX delivery_target ON delivery (channel, target_id, created_us);
CREATE INDEX delivery_alarm ON delivery (alarm_id, channel, target_id) WHERE alarm_id != 0;
CREATE INDEX delivery_undigested ON delivery (target_id)
    WHERE state = 'digested' AND digest_id IS NULL;
"""


#: Version 12 splits the alarm rights: every group may now see and handle alarms (as
#: operators did through their live rights), and a group that could configure alarms
#: may also drive outputs. Groups are edited in JSON, frozen here.
_ALARM_DESK_AREAS_V12: Final = ("alarm_handle", "alarm_view")


def _grant_alarm_desk_v12(db: SqliteDatabase) -> None:
    rows = db.execute_sql("SELECT id, rights FROM permission_group").fetchall()
    for group_id, text in rows:
        document = json.loads(text)
        for scope in document.values():
            areas = set(scope.get("areas", []))
            areas.update(_ALARM_DESK_AREAS_V12)
            if "alarms" in areas:
                areas.add("io_control")
            scope["areas"] = sorted(areas)
        db.execute_sql(
            "UPDATE permission_group SET rights = ? WHERE id = ?",
            (json.dumps(document, sort_keys=True, separators=(",", ":")), group_id),
        )


def _migrate_v11_to_v12(db: SqliteDatabase) -> None:
    _run_script(db, _EVENTS_V12 + _ALARMS_V12 + _IO_V12 + _NOTIFY_V12)
    _grant_alarm_desk_v12(db)


#: Version 13: an account's password recovery questions (USER-03, the appliance's
#: start-up wizard), the answers hashed like passwords.
_RECOVERY_V13: Final = """
CREATE TABLE recovery_question (
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 2),
    question TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 200),
    answer_hash TEXT NOT NULL CHECK (substr(answer_hash, 1, 10) = '$argon2id$'),
    PRIMARY KEY (account_id, position)
);
"""


def _migrate_v12_to_v13(db: SqliteDatabase) -> None:
    _run_script(db, _RECOVERY_V13)


#: Version 14: a camera's privacy masks (CAM-10: JSON [[x, y, width, height], ...] in
#: picture fractions, at most 4, checked by recording/privacy.py) and its watermark
#: (CAM-11). Frozen.
_PRIVACY_V14: Final = """
ALTER TABLE camera ADD COLUMN privacy_masks TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(privacy_masks) AND json_array_length(privacy_masks) <= 4);
ALTER TABLE camera ADD COLUMN watermark_enabled INTEGER NOT NULL DEFAULT 0
    CHECK (watermark_enabled IN (0, 1));
ALTER TABLE camera ADD COLUMN watermark_text TEXT NOT NULL DEFAULT ''
    CHECK (length(watermark_text) <= 15);
"""


def _migrate_v13_to_v14(db: SqliteDatabase) -> None:
    _run_script(db, _PRIVACY_V14)


_SITE_V15: Final = """
CREATE TABLE site_camera (
    camera_id INTEGER PRIMARY KEY REFERENCES camera (id) ON DELETE CASCADE,
    site_camera_id TEXT NOT NULL UNIQUE CHECK (length(site_camera_id) = 36),
    assigned INTEGER NOT NULL DEFAULT 1 CHECK (assigned IN (0, 1))
);
CREATE TABLE site_outbox (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    created_us INTEGER NOT NULL
);
"""


def _migrate_v14_to_v15(db: SqliteDatabase) -> None:
    _run_script(db, _SITE_V15)


#: The whole schema of ``SCHEMA_VERSION``, for new files: version 1's tables but
#: ``user``, then version 2's to 15's. Replace (not edit in
#: place the frozen text of) the versions it is made of when the schema changes.
CURRENT_SCHEMA: Final = (
    _SCHEMA_V1.split("CREATE TABLE user (")[0]
    + ("CREATE TABLE segment (" + _SCHEMA_V1.split("CREATE TABLE segment (")[1])
    + _GROUPS_V2
    + _MEDIA_V3
    + _RUNS_V4
    + _VIEWS_V5
    + _LOG_USAGE_V6
    + _ONVIF_V7
    + _PTZ_V8
    + _GROUP_PTZ_PRIORITY_V9
    + _MOTION_V10
    + _RECORDING_POLICY_V11
    + _TENTATIVE_V11
    + _EVENTS_V12
    + _ALARMS_V12
    + _IO_V12
    + _NOTIFY_V12
    + _RECOVERY_V13
    + _PRIVACY_V14
    + _SITE_V15
)

Migration = Callable[[SqliteDatabase], None]


def iter_statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script``, one by one (triggers kept whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement at the end of the script: {pending!r}")


def _run_script(db: SqliteDatabase, script: str) -> None:
    # Not sqlite3's executescript: it commits any open transaction first.
    for statement in iter_statements(script):
        db.execute_sql(statement)


def _seed(db: SqliteDatabase) -> None:
    """The rows every catalog starts with: the server's identity and disk group 1."""
    db.execute_sql(
        "INSERT INTO server (id, server_id, created_us) VALUES (1, ?, ?)",
        (str(uuid.uuid4()), timestamps.now_us()),
    )
    db.execute_sql(
        "INSERT INTO disk_group (id, name) VALUES (?, 'Group 1')", (DEFAULT_DISK_GROUP_ID,)
    )


def _create_v1(db: SqliteDatabase) -> None:
    _run_script(db, _SCHEMA_V1)
    _seed(db)


#: ``MIGRATIONS[n]`` takes a catalog from version n to n + 1.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    _create_v1,
    _migrate_v1_to_v2,
    _migrate_v2_to_v3,
    _migrate_v3_to_v4,
    _migrate_v4_to_v5,
    _migrate_v5_to_v6,
    _migrate_v6_to_v7,
    _migrate_v7_to_v8,
    _migrate_v8_to_v9,
    _migrate_v9_to_v10,
    _migrate_v10_to_v11,
    _migrate_v11_to_v12,
    _migrate_v12_to_v13,
    _migrate_v13_to_v14,
    _migrate_v14_to_v15,
)
#: The schema version this code reads and writes.
SCHEMA_VERSION: Final = len(MIGRATIONS)


def schema_version(db: SqliteDatabase) -> int:
    """The file's ``PRAGMA user_version`` (0 for a new, empty file). Blocking."""
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def application_id(db: SqliteDatabase) -> int:
    """The file's ``PRAGMA application_id``. Blocking."""
    return int(db.execute_sql("PRAGMA application_id").fetchone()[0])


def is_empty(db: SqliteDatabase) -> bool:
    """Whether the file holds no schema at all. Blocking."""
    return db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def create_schema(db: SqliteDatabase) -> None:
    """Give an empty file ``CURRENT_SCHEMA`` and its first rows, in one transaction.

    Blocking. Does nothing if another connection created the schema first.
    """
    with db.atomic("IMMEDIATE"):
        if not is_empty(db):
            return
        _run_script(db, CURRENT_SCHEMA)
        _seed(db)
        _seed_groups_v2(db)
        _count_log_v6(db)
        _allow_tentative_v11(db)
        _seed_schedules_v11(db)
        _grant_alarm_desk_v12(db)
        _set_versions(db, SCHEMA_VERSION)


def upgrade(
    db: SqliteDatabase,
    target_version: int | None = None,
    *,
    steps: Sequence[Migration] = MIGRATIONS,
) -> list[int]:
    """Apply ``steps`` up to ``target_version`` (default: all), one transaction each.

    Blocking. Returns the versions applied. The version is read again inside each
    transaction, so two processes upgrading the same file apply each step once.
    """
    target = len(steps) if target_version is None else target_version
    if not 0 <= target <= len(steps):
        raise ValueError(f"target_version {target} is not in 0..{len(steps)}")
    applied: list[int] = []
    while True:
        with db.atomic("IMMEDIATE"):
            current = schema_version(db)
            if current >= target:
                return applied
            steps[current](db)
            _set_versions(db, current + 1)
        applied.append(current + 1)


def _set_versions(db: SqliteDatabase, version: int) -> None:
    # PRAGMA arguments cannot be bound parameters; both values are our own integers.
    db.execute_sql(f"PRAGMA user_version = {int(version)}")
    db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
