"""CatalogReader on a real catalog: its connections refuse writes, it sees what the
writer (the catalog thread) committed, it reads beside a writer's open transaction
(WAL) and sees one committed state per job."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import OperationalError

from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event
from vedette_server.catalog_reader import CatalogReader
from vedette_server.catalog_thread import CatalogThread

BOUND_S = 60.0  # generous: a loaded 2-core machine


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as opened:
        yield opened


def add_event(catalog: Catalog, start_us: int) -> int:
    return int(
        Event.insert(type="manual", start_us=start_us, source="test").execute(catalog.database)
    )


def count_events(catalog: Catalog) -> int:
    return int(Event.select().count(catalog.database))


def test_a_write_on_the_reader_is_refused_and_leaves_nothing(catalog: Catalog) -> None:
    async def main() -> None:
        reader = CatalogReader(catalog)
        try:
            with pytest.raises((OperationalError, sqlite3.OperationalError), match="readonly"):
                await reader.call(add_event, catalog, 1)
            # every reader thread's connection, not only the first one used
            jobs = [reader.call(add_event, catalog, n) for n in range(8)]
            results = await asyncio.gather(*jobs, return_exceptions=True)
            assert all(isinstance(r, OperationalError | sqlite3.OperationalError) for r in results)
        finally:
            reader.shutdown()
        assert count_events(catalog) == 0

    asyncio.run(asyncio.wait_for(main(), BOUND_S))


def test_a_read_sees_what_the_writer_committed_before_it(catalog: Catalog) -> None:
    async def main() -> None:
        writer, reader = CatalogThread(), CatalogReader(catalog)
        try:
            assert await reader.call(count_events, catalog) == 0
            for n in range(1, 6):
                event_id = await writer.call(add_event, catalog, n)
                assert await reader.call(count_events, catalog) == n
                found = await reader.call(Event.get_or_none, Event.id == event_id)
                assert found is not None and found.start_us == n
        finally:
            reader.shutdown()
            writer.shutdown()

    asyncio.run(asyncio.wait_for(main(), BOUND_S))


def test_reads_run_beside_an_open_write_and_see_only_committed_rows(catalog: Catalog) -> None:
    """While the writer holds a transaction open (one row written, not committed),
    the reader is not blocked and does not see the row; once committed, it does."""
    written, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with catalog.atomic():
            add_event(catalog, 1)
            written.set()
            assert release.wait(BOUND_S)

    async def main() -> None:
        writer, reader = CatalogThread(), CatalogReader(catalog)
        try:
            job = asyncio.ensure_future(writer.call(long_write))
            assert await asyncio.get_running_loop().run_in_executor(None, written.wait, BOUND_S)
            assert await reader.call(count_events, catalog) == 0
            release.set()
            await job
            assert await reader.call(count_events, catalog) == 1
        finally:
            release.set()
            reader.shutdown()
            writer.shutdown()

    asyncio.run(asyncio.wait_for(main(), BOUND_S))


def test_a_job_of_several_queries_sees_one_committed_state(catalog: Catalog) -> None:
    """A commit between a job's two queries is not seen by the second: the job is one
    read transaction."""
    first_read, committed = threading.Event(), threading.Event()

    def two_counts() -> tuple[int, int]:
        before = count_events(catalog)
        first_read.set()
        assert committed.wait(BOUND_S)
        return before, count_events(catalog)

    async def main() -> None:
        writer, reader = CatalogThread(), CatalogReader(catalog)
        try:
            job = asyncio.ensure_future(reader.call(two_counts))
            loop = asyncio.get_running_loop()
            assert await loop.run_in_executor(None, first_read.wait, BOUND_S)
            await writer.call(add_event, catalog, 1)
            committed.set()
            assert await job == (0, 0)
            assert await reader.call(count_events, catalog) == 1
        finally:
            committed.set()
            reader.shutdown()
            writer.shutdown()

    asyncio.run(asyncio.wait_for(main(), BOUND_S))
