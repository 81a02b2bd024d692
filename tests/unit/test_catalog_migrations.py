"""Schema versions: a catalog migrated step by step equals a new one (Moonfire's rule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from peewee import ForeignKeyField, OperationalError, SqliteDatabase

from vedette_server.catalog import open_catalog
from vedette_server.catalog.migrations import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    Migration,
    iter_statements,
    schema_version,
    upgrade,
)
from vedette_server.catalog.models import MODELS


def raw_database(path: Path) -> SqliteDatabase:
    return SqliteDatabase(str(path), pragmas=[("foreign_keys", 1)])


def schema_of(db: SqliteDatabase) -> dict[str, Any]:
    """Everything that defines the schema, comparable between two files."""
    master = db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name"
    ).fetchall()
    tables = [name for kind, name, _, _ in master if kind == "table"]
    snapshot: dict[str, Any] = {
        # Whitespace differs between a CREATE and an ALTER; the definitions must not.
        "master": [(k, n, t, " ".join(sql.split()) if sql else None) for k, n, t, sql in master],
        "user_version": schema_version(db),
        "application_id": db.execute_sql("PRAGMA application_id").fetchone()[0],
    }
    for table in tables:
        snapshot[f"columns {table}"] = db.execute_sql(f'PRAGMA table_xinfo("{table}")').fetchall()
        snapshot[f"foreign keys {table}"] = db.execute_sql(
            f'PRAGMA foreign_key_list("{table}")'
        ).fetchall()
        indexes = db.execute_sql(f'PRAGMA index_list("{table}")').fetchall()
        snapshot[f"indexes {table}"] = sorted(indexes, key=lambda row: row[1])
        for index in indexes:
            snapshot[f"index {index[1]}"] = db.execute_sql(
                f'PRAGMA index_xinfo("{index[1]}")'
            ).fetchall()
    return snapshot


def test_migrating_from_version_1_step_by_step_equals_a_new_catalog(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "new.sqlite3") as catalog:
        fresh = schema_of(catalog.database)
    db = raw_database(tmp_path / "migrated.sqlite3")
    assert upgrade(db, 1) == [1]
    for version in range(2, SCHEMA_VERSION + 1):
        assert upgrade(db, version) == [version]
    migrated = schema_of(db)
    db.close()
    assert migrated == fresh
    assert fresh["user_version"] == SCHEMA_VERSION
    assert fresh["application_id"] == APPLICATION_ID
    assert {"table segment", "table garbage", "index segment_camera_stream_start"} <= {
        f"{kind} {name}" for kind, name, _, _ in fresh["master"]
    }


def test_a_catalog_at_an_older_version_is_upgraded_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    db = raw_database(path)
    upgrade(db, 1)
    db.close()
    with open_catalog(path) as catalog:
        assert schema_version(catalog.database) == SCHEMA_VERSION
        assert upgrade(catalog.database) == []  # nothing left to apply


def test_each_version_step_commits_with_its_version_or_not_at_all(tmp_path: Path) -> None:
    def add_column(db: SqliteDatabase) -> None:
        db.execute_sql("ALTER TABLE setting ADD COLUMN note TEXT")

    def half_done(db: SqliteDatabase) -> None:
        db.execute_sql("CREATE TABLE half_done (x INTEGER)")
        raise OperationalError("the migration failed halfway")

    steps: tuple[Migration, ...] = (*MIGRATIONS, add_column, half_done)
    db = raw_database(tmp_path / "catalog.sqlite3")
    with pytest.raises(OperationalError, match="halfway"):
        upgrade(db, steps=steps)
    assert schema_version(db) == SCHEMA_VERSION + 1
    columns = [row[1] for row in db.execute_sql("PRAGMA table_info(setting)").fetchall()]
    assert columns == ["key", "value", "note"]
    assert "half_done" not in db.get_tables()
    db.close()


def test_every_model_field_is_a_column_with_the_same_nullability(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "catalog.sqlite3") as catalog:
        for model in MODELS:
            table = model._meta.table_name
            rows = catalog.database.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
            columns = {name: (notnull, pk) for _, name, _, notnull, _, pk in rows}
            fields = {field.column_name: field for field in model._meta.sorted_fields}
            assert set(fields) == set(columns), table
            for name, field in fields.items():
                notnull, pk = columns[name]
                assert bool(notnull or pk) == (not field.null), f"{table}.{name}"
                if isinstance(field, ForeignKeyField):
                    fks = catalog.database.execute_sql(
                        f'PRAGMA foreign_key_list("{table}")'
                    ).fetchall()
                    assert (field.rel_model._meta.table_name, name) in {
                        (row[2], row[3]) for row in fks
                    }


def test_statements_are_split_with_triggers_kept_whole() -> None:
    script = """
    CREATE TABLE a (x INTEGER);
    CREATE TRIGGER t BEFORE DELETE ON a BEGIN SELECT RAISE(ABORT, 'no; never'); END;
    INSERT INTO a VALUES (1);
    """
    statements = list(iter_statements(script))
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    with pytest.raises(ValueError, match="incomplete"):
        list(iter_statements("CREATE TABLE b (x INTEGER)"))


def test_an_upgraded_catalog_counts_the_log_it_already_had(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    db = raw_database(path)
    upgrade(db, 5)  # the last version without log_usage
    for index in range(3):
        db.execute_sql(
            "INSERT INTO log_entry (time_us, type, action, message, detail)"
            " VALUES (?, 'operation', 'camera.update', ?, ?)",
            (index, f"changed {index}", '{"before": "é"}'),
        )
    db.close()
    with open_catalog(path) as catalog:
        database = catalog.database
        usage = database.execute_sql("SELECT entries, size_bytes FROM log_usage").fetchone()
        # 64 a row, and the bytes of its text: "é" is two.
        each = 64 + len("operation") + len("camera.update") + len("ok") + len("changed 0") + 16
        assert tuple(usage) == (3, 3 * each)
        database.execute_sql("DELETE FROM log_entry WHERE time_us = 0")
        usage = database.execute_sql("SELECT entries, size_bytes FROM log_usage").fetchone()
        assert tuple(usage) == (2, 2 * each)
