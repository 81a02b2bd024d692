"""A real PostgreSQL cluster in a temporary directory, for the site directory's tests.

Debian's ``postgresql`` package (installed by ``make setup``) puts ``initdb`` and
``pg_ctl`` in ``/usr/lib/postgresql/<version>/bin``, off PATH. ``initdb`` refuses to
run as root, so when the tests run as root the cluster belongs to the ``postgres``
user the package created and its commands run through ``runuser``.

The cluster listens on a Unix socket in its own directory only (``listen_addresses``
empty): no TCP port to clash with another run. ``fsync=off``: nothing here needs to
survive a power cut of the test machine; ``synchronous_commit`` stays on, so what was
committed survives PostgreSQL being killed (``stop("immediate")``), as the tests of a
database going away need. Each test gets its own database
(``PostgresCluster.new_database``).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: The cluster's superuser (``initdb -U``): the directory connects as it.
SUPERUSER = "vedette"


def postgres_bin() -> Path | None:
    """The newest installed server's bin directory, or None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@dataclass
class PostgresCluster:
    root: Path
    bin: Path
    as_user: list[str]
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *argv], capture_output=True, text=True, timeout=timeout, check=True
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._run(
            str(self.bin / "psql"), "-h", str(self.socket_dir), "-U", SUPERUSER,
            "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql,
        )  # fmt: skip
        return result.stdout

    def new_database(self) -> str:
        """A fresh, empty database; returns its DSN."""
        name = f"t_{os.getpid()}_{next(self._numbers)}"
        self.psql(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.dsn(name)

    def start(self) -> None:
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}'"
            " -c fsync=off -c full_page_writes=off"
            " -c shared_buffers=16MB -c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "120",
            "-l", str(self.root / "log"), "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m MODE``: ``immediate`` is PostgreSQL going away at once."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def postmaster_pid(self) -> int | None:
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return None
        return int(pid_file.read_text().split("\n", 1)[0])

    def kill(self) -> None:
        """Stop whatever is left (a teardown after a failure)."""
        pid = self.postmaster_pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def start_cluster() -> PostgresCluster | None:
    """initdb and start a cluster in a new temporary directory; None when PostgreSQL
    is not installed (the caller skips)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="vedette-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = PostgresCluster(root, bin_dir, as_user)
    cluster._run(
        str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER, "-A", "trust",
        "--no-sync", "-E", "UTF8", "--no-instructions",
    )  # fmt: skip
    cluster.start()
    return cluster


def remove_cluster(cluster: PostgresCluster) -> None:
    try:
        cluster.stop("immediate")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        cluster.kill()
    shutil.rmtree(cluster.root, ignore_errors=True)
