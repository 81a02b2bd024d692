"""The named executor for catalog reads that need not queue behind the writer.

The catalog thread (``catalog_thread.py``) runs every write, and every read that
must see the writes queued before it, in submission order. Reads that only need
what is committed (an API read: the caller's own earlier writes returned, so they
are committed) run here instead, beside the writer: SQLite's WAL mode (the
catalog's, ``catalog/database.py``) lets readers run while one connection writes.

Invariants:
- every connection this executor's threads use is read-only (``PRAGMA query_only =
  ON``, set on the thread's connection before its first job and again whenever the
  thread's connection is a new one): a write submitted here fails, never commits;
- each job runs in one read transaction, so a job of several queries sees one
  committed state of the catalog (never half of a writer's transaction);
- ``shutdown()`` waits for the running jobs; it runs before the catalog closes.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, TypeVar

from vedette_server.catalog.database import Catalog

T = TypeVar("T")

READER_THREADS: Final = 2


class CatalogReader:
    def __init__(self, catalog: Catalog, *, threads: int = READER_THREADS) -> None:
        self._catalog = catalog
        self._marked = threading.local()
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="catalog-read")

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on a reader thread, in one read transaction, and return its
        result. A write inside it fails (``query_only``)."""
        loop = asyncio.get_running_loop()
        job = functools.partial(self._run, functools.partial(fn, *args, **kwargs))
        return await loop.run_in_executor(self._executor, job)

    def _run(self, job: Callable[[], T]) -> T:
        db = self._catalog.database
        connection: sqlite3.Connection = db.connection()
        if getattr(self._marked, "connection", None) is not connection:
            connection.execute("PRAGMA query_only = ON")
            self._marked.connection = connection
        with db.atomic():  # BEGIN (deferred): a read transaction, one snapshot
            return job()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
