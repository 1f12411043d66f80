"""A real PostgreSQL server for the tests, from the project's own script.

``./test`` runs pytest inside ``scripts/pg-test-server.sh run``, which starts a
throwaway cluster on a private socket and sets ``CORDON_TEST_PG`` to its folder.
Run pytest by hand and this plugin starts one itself (the same script) the first
time a test asks for it, and stops and removes it when the session ends, so a
focused run needs nothing set up and leaves nothing running.

``pg_url`` gives each test a database of its own (``CREATE DATABASE``, dropped
after the test): about a tenth of a second, so every test starts empty.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "pg-test-server.sh"
ADMIN_USER = "cordon"


class Server:
    """A running test cluster: its socket folder, and databases made on it."""

    def __init__(self, folder: str, owned: bool) -> None:
        self.folder = folder
        self.owned = owned  # started by this session: stopped by it too

    def url(self, database: str, user: str = ADMIN_USER) -> str:
        return f"postgresql:///{database}?host={self.folder}&user={user}"

    def admin(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            f"host={self.folder} user={ADMIN_USER} dbname={database}", autocommit=True
        )

    def new_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self.admin() as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def ctl(self, action: str) -> None:
        """``pg_ctl restart`` or ``stop``/``start`` the server (fault tests)."""
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        command = [str(bindir / "pg_ctl"), "-D", f"{self.folder}/data", "-w", "-t", "60"]
        if action in ("restart", "start"):
            command += [
                "-l",
                f"{self.folder}/log",
                "-o",
                f"-k {self.folder} -c listen_addresses='' -c fsync=off"
                " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            ]
        if action in ("restart", "stop"):
            command += ["-m", "fast"]
        command.append(action)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)


_SERVER: Server | None = None


def server() -> Server:
    """The session's server, started on first use."""
    global _SERVER
    if _SERVER is None:
        given = os.environ.get("CORDON_TEST_PG", "")
        if given:
            _SERVER = Server(given, owned=False)
        else:
            folder = tempfile.mkdtemp(prefix="cordon-pg.")
            os.rmdir(folder)  # the script makes it, owned by the server's user
            subprocess.run(["bash", str(SCRIPT), "start", folder], check=True)
            _SERVER = Server(folder, owned=True)
    return _SERVER


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _SERVER is not None and _SERVER.owned:
        subprocess.run(["bash", str(SCRIPT), "stop", _SERVER.folder], check=False)


@pytest.fixture
def pg_server() -> Server:
    return server()


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """A new, empty database on the test server, as a team store URL."""
    name = pg_server.new_database()
    try:
        yield pg_server.url(name)
    finally:
        with contextlib.suppress(psycopg.Error):
            pg_server.drop_database(name)


# -- one test, both kinds of store ---------------------------------------------------------

# CORDON_TEST_STORES=file (or team) narrows a focused run to one kind; ./test runs both.
KINDS = tuple(
    kind
    for kind in os.environ.get("CORDON_TEST_STORES", "file,team").split(",")
    if kind in ("file", "team")
)


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Each test that uses a store through ``store_where`` runs once on a SQLCipher
    file and once on a team store (a fresh PostgreSQL database)."""
    return str(request.param)


@pytest.fixture
def store_where(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where the test's store goes: a file in the test's folder, or a new database."""
    if store_kind == "file":
        return tmp_path / "store.cordon"
    return str(request.getfixturevalue("pg_url"))
