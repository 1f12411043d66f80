"""The team store's connection: PostgreSQL through psycopg 3, shaped like SQLite's.

Storage functions take a ``db`` and call ``db.execute(sql, params)`` with SQLite's
``?`` placeholders, iterate the cursor, ``fetchone``/``fetchall`` and read
``rowcount``. ``PgConnection`` gives them the same surface on a psycopg connection:
it translates ``?`` to ``%s`` (and a literal ``%`` to ``%%``) once per statement
text, passes ``True``/``False`` as the integers the schema keeps them as, and runs in
autocommit mode so that ``BEGIN``, ``SAVEPOINT`` and ``COMMIT`` are the caller's, as
they are on SQLite with ``isolation_level=None``.

Where the SQL itself differs, the difference is written out where it is used,
behind ``is_postgres(db)`` (``storage/sql.py`` holds the few shared fragments).

URLs: ``postgresql://`` or ``postgres://``, in libpq's forms (several hosts,
``target_session_attrs=read-write`` and the rest pass through to libpq).
``check_url`` refuses a URL that would reach a server over the network without
TLS and a checked certificate (``sslmode=verify-full``); a local socket needs no
TLS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from storage.errors import StoreError
from storage.i18n import _

if TYPE_CHECKING:
    # psycopg itself is imported where a team store is used: a SQLCipher store, and
    # the sign-in screen before one is chosen, do not wait for it.
    import psycopg

SCHEMES = ("postgresql://", "postgres://")
DIALECT = "postgresql"


def is_team_url(text: object) -> bool:
    """Whether ``text`` names a team store (a PostgreSQL URL) rather than a file."""
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def is_postgres(db: Any) -> bool:
    """Whether ``db`` is a team store's connection (else SQLCipher's)."""
    return getattr(db, "dialect", "") == DIALECT


def _parts(url: str) -> dict[str, Any]:
    import psycopg
    from psycopg import conninfo

    try:
        return conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise StoreError(
            _(
                "The team store's address is not a PostgreSQL URL libpq can "
                "read ({error}): check it "
                "(postgresql://USER@HOST/DATABASE?sslmode=verify-full)."
            ).format(error=error)
        ) from None


def _local(host: str) -> bool:
    """A Unix socket directory (or libpq's default, which is one here)."""
    return host == "" or host.startswith("/") or host.startswith("@")


def check_url(url: str) -> dict[str, Any]:
    """The URL's parts, or a ``StoreError`` sentence when it may not be used: a server
    reached over the network must be asked for TLS with its certificate and name
    checked (``sslmode=verify-full``)."""
    parts = _parts(url)
    hosts = [h.strip() for h in str(parts.get("host", "")).split(",")]
    addresses = str(parts.get("hostaddr", "")).strip()
    remote = addresses != "" or not all(_local(host) for host in hosts)
    if remote and parts.get("sslmode") != "verify-full":
        raise StoreError(
            _(
                "A team store on another machine must be reached over TLS "
                "with the server's certificate checked: add "
                "sslmode=verify-full to the URL (and sslrootcert= if the "
                "force's CA is not the system's)."
            )
        )
    if not parts.get("dbname"):
        raise StoreError(
            _(
                "The team store's URL names no database: end it with "
                "/DATABASE (postgresql://USER@HOST/DATABASE)."
            )
        )
    return parts


def display(url: str) -> str:
    """The URL without its password, for titles, logs and sentences."""
    import psycopg
    from psycopg import conninfo

    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "a team store (the URL could not be read)"
    user = str(parts.get("user", ""))
    hosts = str(parts.get("host", "")) or "localhost"
    ports = parts.get("port")
    where = hosts if not ports else f"{hosts}:{ports}"
    return f"postgresql://{user + '@' if user else ''}{where}/{parts.get('dbname', '')}"


def connect(url: str, *, timeout: float = 5.0) -> psycopg.Connection[Any]:
    """A raw psycopg connection (autocommit) to the checked ``url``."""
    import psycopg

    check_url(url)
    return psycopg.connect(
        url,
        autocommit=True,
        connect_timeout=max(1, int(timeout)),
        application_name="cordon",
    )


# -- the SQLite-shaped surface ---------------------------------------------------------

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"])*\"|--[^\n]*|\?|%|:[A-Za-z_][A-Za-z0-9_]*")
_CACHE: dict[tuple[str, bool], str] = {}
_CACHE_LIMIT = 4096


def translate(sql: str, named: bool = False) -> str:
    """``sql`` written for SQLite's ``?`` (or ``:name``) placeholders, for psycopg."""
    key = (sql, named)
    found = _CACHE.get(key)
    if found is not None:
        return found

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "?":
            return "%s"
        if found == "%":
            return "%%"
        if found.startswith(":"):
            return f"%({found[1:]})s" if named else found
        return found.replace("%", "%%")  # a literal or a comment

    translated = _TOKENS.sub(swap, sql)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = translated
    return translated


def _value(value: object) -> object:
    return int(value) if isinstance(value, bool) else value


def _params(params: Sequence[Any] | dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
    if isinstance(params, dict):
        return {k: _value(v) for k, v in params.items()}
    return tuple(_value(v) for v in params)


class PgConnection:
    """A psycopg connection with the surface storage functions use on SQLite."""

    dialect = DIALECT

    def __init__(self, raw: psycopg.Connection[Any], sealer: Any = None) -> None:
        self.raw = raw
        # The store's ``storage.secrets.Sealer``: secrets are sealed with the data key
        # before they reach a team store's server.
        self.sealer = sealer

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> psycopg.Cursor[Any]:
        named = isinstance(params, dict)
        return self.raw.execute(translate(sql, named), _params(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]) -> Any:
        batch = [_params(row) for row in rows]
        cursor = self.raw.cursor()
        if batch:
            named = isinstance(batch[0], dict)
            cursor.executemany(translate(sql, named), batch)
        return cursor

    def script(self, sql: str) -> None:
        """Run several statements at once (a migration), with no parameters."""
        self.raw.execute(sql)  # no parameters: run as written, several statements at once

    @property
    def in_transaction(self) -> bool:
        """Inside a transaction that can still be rolled back to a savepoint (a lost
        connection is in none: everything it had is gone, as SQLite's rolled back)."""
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status in (
            TransactionStatus.INTRANS,
            TransactionStatus.INERROR,
            TransactionStatus.ACTIVE,
        )

    @property
    def backend_pid(self) -> int:
        return int(self.raw.info.backend_pid)

    @property
    def broken(self) -> bool:
        return self.raw.closed or self.raw.broken

    def close(self) -> None:
        self.raw.close()
