"""The team store on a real PostgreSQL server: what only a shared database has.

Everything a store does is tested on both kinds of store through ``store_where``;
here are the things a file cannot show: the URL's rules, several consoles writing
to one database at once, LISTEN/NOTIFY, secrets a database administrator cannot
read, the grants and triggers that keep the trail, a tampering administrator named
by verify, and the server restarted in the middle of writes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable

import psycopg
import pytest
import pytest_asyncio

from console import audit_trail
from storage import channels, credentials, lifecycle, pg, posts, queue, state
from storage.errors import UNREACHABLE, AuditRefused, StoreDamaged, StoreError, StoreUnreachable
from storage.records import ApprovalState, AuditCategory, ContentKind, TargetStatus
from storage.store import Store, Transaction
from storage.team_store import TeamStore
from tests.helpers import PASSWORD, add_entries, make_store, raw_db, tamperable
from tests.pg import Server

pytestmark = pytest.mark.asyncio

# -- the URL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://cordon@db.force.example/cordon",
        "postgresql://cordon@db.force.example/cordon?sslmode=require",
        "postgresql://cordon@db1.example,db2.example/cordon?sslmode=verify-ca",
        "postgresql:///cordon?host=/run/postgresql&hostaddr=10.0.0.5",
    ],
)
async def test_a_server_over_the_network_needs_tls_with_its_certificate_checked(
    url: str,
) -> None:
    with pytest.raises(StoreError, match="add sslmode=verify-full"):
        pg.check_url(url)
    with pytest.raises(StoreError, match="add sslmode=verify-full"):
        await lifecycle.open_store(url, "alice", PASSWORD)


async def test_a_local_socket_or_verified_tls_is_accepted() -> None:
    pg.check_url("postgresql:///cordon?host=/run/postgresql")
    pg.check_url("postgresql://cordon@db1.example,db2.example/cordon?sslmode=verify-full")
    with pytest.raises(StoreError, match="names no database"):
        pg.check_url("postgresql://cordon@/?host=/run/postgresql")
    assert "secret" not in pg.display("postgresql://cordon:secret@db.example/cordon")


async def test_libpqs_multi_host_form_finds_the_server_that_takes_writes(
    pg_server: Server, pg_url: str
) -> None:
    name = pg_url.split("/")[3].split("?")[0]
    url = (
        f"postgresql:///{name}?host=/nonexistent-cordon-socket,{pg_server.folder}"
        "&user=cordon&target_session_attrs=read-write"
    )
    store = await make_store(url)
    try:
        await add_entries(store, 3)
        assert (await audit_trail.verify(store)) is not None
    finally:
        await store.close()


async def test_a_store_is_created_only_in_an_empty_database(pg_url: str) -> None:
    await (await make_store(pg_url)).close()
    with pytest.raises(StoreError, match="already a Cordon store"):
        await make_store(pg_url)


async def test_an_exercise_never_runs_on_a_team_database(pg_url: str) -> None:
    from storage.records import StoreKind

    with pytest.raises(StoreError, match="store file of its own"):
        await make_store(pg_url, kind=StoreKind.EXERCISE)


# -- several consoles ---------------------------------------------------------------------------


@pytest_asyncio.fixture
async def consoles(pg_url: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two consoles (their own connections, pools and listeners) on one team store."""
    await (await make_store(pg_url)).close()
    first, _ = await lifecycle.open_store(pg_url, "alice", PASSWORD)
    second, _ = await lifecycle.open_store(pg_url, "alice", PASSWORD)
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def _heard(event: asyncio.Event) -> bool:
    try:
        await asyncio.wait_for(event.wait(), 5)
    except TimeoutError:
        return False
    event.clear()
    return True


async def test_a_commit_on_one_console_wakes_the_others(consoles: tuple[Store, Store]) -> None:
    first, second = consoles
    woken, mine = asyncio.Event(), []
    second.add_commit_listener(woken.set)
    first.add_commit_listener(lambda: mine.append(1))
    await add_entries(first, 1)
    assert await _heard(woken)
    assert mine == [1]  # its own commit once, not again when its notification comes back
    await asyncio.sleep(0.3)
    assert mine == [1]

    # A quiet write (the engine's heartbeat) wakes nobody.
    await first.write(lambda tx: tx.execute("UPDATE change_counter SET id = 1"), quiet=True)
    assert not await asyncio.wait_for(asyncio.shield(_quiet(woken)), 2)


async def test_a_commit_before_a_console_listens_still_wakes_it(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague commits after this console's first reads but before its listening
    connection has said LISTEN (a busy machine starts that thread late): the
    notification reached nobody, so the first LISTEN compares the change counter and
    has the console read afresh."""
    await (await make_store(pg_url)).close()
    first, _ = await lifecycle.open_store(pg_url, "alice", PASSWORD)
    release = threading.Event()
    listen = TeamStore._listen

    def late(self: TeamStore) -> None:
        release.wait(10)
        listen(self)

    monkeypatch.setattr(TeamStore, "_listen", late)
    second, _ = await lifecycle.open_store(pg_url, "alice", PASSWORD)
    try:
        woken = asyncio.Event()
        second.add_commit_listener(woken.set)
        await add_entries(first, 1)  # nobody on the second console listens yet
        release.set()
        assert await _heard(woken)
    finally:
        release.set()
        await first.close()
        await second.close()


async def _quiet(event: asyncio.Event) -> bool:
    await asyncio.sleep(1)
    return event.is_set()


async def test_many_consoles_append_to_one_chain(consoles: tuple[Store, Store]) -> None:
    first, second = consoles

    async def notes(store: Store, actor: str) -> None:
        for _ in range(20):
            await asyncio.gather(*(add_entries(store, 2, actor=actor) for _ in range(3)))

    await asyncio.gather(notes(first, "sgt patel"), notes(second, "pc jones"))
    verdict = await audit_trail.verify(second)
    assert verdict is not None and verdict.ok
    seqs = await first.run(lambda db: [int(r[0]) for r in db.execute("SELECT seq FROM audit_log")])
    assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert len(seqs) >= 240


async def test_a_due_post_is_claimed_by_one_console_only(consoles: tuple[Store, Store]) -> None:
    first, second = consoles

    def queue_posts(tx: Transaction) -> list[int]:
        channel = channels.insert(
            tx.db, name="Force X", network="simulator", account="x", area="", now=tx.now()
        )
        made = []
        for n in range(40):
            post = posts.insert_post(
                tx.db, author_id=1, kind=ContentKind.POST, body=f"post {n}", now=tx.now()
            )
            made.append(
                posts.insert_target(
                    tx.db,
                    post_id=post,
                    channel_id=channel,
                    status=TargetStatus.QUEUED,
                    approval=ApprovalState.NOT_REQUIRED,
                    scheduled_utc="2020-01-01T00:00:00.000000Z",
                    now=tx.now(),
                )
            )
        return made

    targets = await first.write(queue_posts)

    async def claims(store: Store) -> list[int]:
        won = []
        for target in targets:

            def claim(tx: Transaction, t: int = target) -> queue.Claimed | None:
                return queue.claim(tx.db, t, f"key-{t}-{id(store)}", tx.now())

            got = await store.write(claim)
            if got is not None:
                won.append(target)
        return won

    one, two = await asyncio.gather(claims(first), claims(second))
    assert sorted(one + two) == sorted(targets)
    assert not set(one) & set(two)


# -- what the database administrator sees and can do -----------------------------------------


async def test_secrets_reach_the_server_sealed_and_open_only_in_their_row(pg_url: str) -> None:
    store = await make_store(pg_url)
    try:

        def connect_two(tx: Transaction) -> None:
            for name in ("A", "B"):
                channel = channels.insert(
                    tx.db, name=name, network="mastodon", account=name, area="", now=tx.now()
                )
                credentials.put(
                    tx.db,
                    channel,
                    base_url="https://social.example/",
                    secrets={"access_token": f"token-of-{name}"},
                    expires_utc=None,
                    now=tx.now(),
                )

        await store.write(connect_two)
        with raw_db(pg_url) as db:
            stored = dict(db.execute("SELECT channel_id, secrets FROM channel_credentials"))
            key = db.execute("SELECT value FROM meta WHERE key = 'signing_key'").fetchone()[0]
        assert all(value.startswith("sealed:v1:") for value in stored.values())
        assert not any("token-of" in value for value in stored.values())
        assert str(key).startswith("sealed:v1:")
        found = await store.run(lambda db: credentials.get(db, 1))
        assert found is not None and found.secrets == {"access_token": "token-of-A"}

        with raw_db(pg_url) as db:  # the administrator copies A's sealed tokens onto B
            db.execute(
                "UPDATE channel_credentials SET secrets = ? WHERE channel_id = 2", (stored[1],)
            )
        with pytest.raises(StoreDamaged, match="does not open with the store's key"):
            await store.run(lambda db: credentials.get(db, 2))
    finally:
        await store.close()


async def test_the_role_cordon_connects_as_cannot_change_the_trail(
    pg_server: Server, pg_url: str
) -> None:
    await (await make_store(pg_url)).close()  # made by the owner (here the superuser)
    name = pg_url.split("/")[3].split("?")[0]
    with pg_server.admin(name) as admin:
        admin.execute("DROP ROLE IF EXISTS cordon_officer")
        admin.execute("CREATE ROLE cordon_officer LOGIN")
        admin.execute("SELECT cordon_grant('cordon_officer')")
    officer_url = pg_server.url(name, user="cordon_officer")
    try:
        store, _user = await lifecycle.open_store(officer_url, "alice", PASSWORD)
        try:
            await add_entries(store, 2)  # it works as Cordon does
            with pytest.raises(AuditRefused):
                await store.write(lambda tx: tx.execute("UPDATE audit_log SET actor = 'x'"))
            with pytest.raises(AuditRefused):
                await store.write(lambda tx: tx.execute("DELETE FROM audit_rows"))
            with pytest.raises(AuditRefused):
                await store.write(lambda tx: tx.execute("TRUNCATE audit_log"))
            verdict = await audit_trail.verify(store)
            assert verdict is not None and verdict.ok
        finally:
            await store.close()
        # Even the owner meets the triggers.
        with raw_db(pg_url) as db, pytest.raises(psycopg.Error, match="cannot be changed"):
            db.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 1")
        with raw_db(pg_url) as db, pytest.raises(psycopg.Error, match="cannot be deleted"):
            db.execute("TRUNCATE audit_log")
    finally:
        with pg_server.admin(name) as admin:
            admin.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM cordon_officer")
            admin.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM cordon_officer")
            admin.execute("REVOKE ALL ON SCHEMA public FROM cordon_officer")
        with pg_server.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute("DROP ROLE cordon_officer")


async def test_a_tampering_administrator_is_named_by_verify_and_check(pg_url: str) -> None:
    store = await make_store(pg_url)
    try:
        await add_entries(store, 5)
        with tamperable(pg_url) as db:  # triggers skipped, as a superuser can
            db.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 4")
            db.execute("UPDATE users SET display_name = 'Chief' WHERE id = 1")
        verdict = await audit_trail.verify(store)
        assert verdict is not None and not verdict.ok
        assert verdict.problem is not None and verdict.problem.seq == 4
        report = await lifecycle.check(store)
        assert report.state is not None and report.state.first is not None
        assert "user 1" in report.state.first.sentence
        with raw_db(pg_url) as db:  # and a disabled guard is named too
            db.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
        report = await lifecycle.check(store)
        assert report.state is not None
        assert any("audit_log_no_update was changed" in line for line in report.state.triggers)
    finally:
        await store.close()


# -- the server restarted in the middle of writes ----------------------------------------------


async def test_a_restart_in_the_middle_of_writes_loses_nothing_committed(
    pg_server: Server, pg_url: str
) -> None:
    await (await make_store(pg_url)).close()
    store, _ = await lifecycle.open_store(pg_url, "alice", PASSWORD)
    assert isinstance(store, TeamStore)
    seen: list[bool] = []
    store.add_reachability_listener(seen.append)
    saved: list[int] = []
    refused: list[str] = []
    stop = asyncio.Event()

    async def keep_writing() -> None:
        number = 0
        while not stop.is_set():
            number += 1

            def note(tx: Transaction, n: int = number) -> None:
                tx.audit(actor="alice", action="test.note", category=AuditCategory.ALTERATION,
                         object_type="note", object_id=n)  # fmt: skip

            try:
                await store.write(note)
            except StoreUnreachable as error:
                refused.append(str(error))
                await asyncio.sleep(0.05)
            else:
                saved.append(number)
            await asyncio.sleep(0.01)

    writer = asyncio.create_task(keep_writing())
    try:
        await asyncio.sleep(0.5)
        await asyncio.to_thread(pg_server.ctl, "restart")
        for _ in range(200):  # back by itself, and writes go in again
            if seen[-2:] == [False, True] and len(saved) and refused:
                break
            await asyncio.sleep(0.05)
        before = len(saved)
        for _ in range(100):
            if len(saved) > before + 5:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await writer
    assert False in seen and seen[-1] is True
    assert store.reachable
    assert refused and all(line.startswith(UNREACHABLE) for line in refused)
    assert len(saved) > before + 5
    recorded = await store.run(
        lambda db: {
            int(r[0])
            for r in db.execute("SELECT object_id FROM audit_log WHERE action = 'test.note'")
        }
    )
    assert set(saved) <= recorded  # every write told it was saved, was
    verdict = await audit_trail.verify(store)
    assert verdict is not None and verdict.ok
    await store.close()


# -- recording row states ----------------------------------------------------------------------


async def test_the_notes_of_changed_rows_are_cleared_cheaply_and_leave_no_dead_rows(
    pg_url: str,
) -> None:
    """A big write's notes of changed rows are truncated (PostgreSQL never vacuums a
    session's temporary table, so deleting them would leave dead rows every later
    write scans); a small write's are deleted (a TRUNCATE per write costs a new file
    for the table each commit). Either way every row's state is recorded."""
    store = await make_store(pg_url)
    changed = (
        "SELECT count(*), pg_relation_size('pg_temp.cordon_changed') FROM pg_temp.cordon_changed"
    )

    def posts_written(first: int, count: int) -> Callable[[Transaction], tuple[int, int]]:
        def write(tx: Transaction) -> tuple[int, int]:
            now = tx.now()
            tx.db.executemany(
                "INSERT INTO posts (id, author_id, body, created_utc, updated_utc)"
                " VALUES (?, 1, ?, ?, ?)",
                [(n, f"post {n}", now, now) for n in range(first, first + count)],
            )
            tx.audit(actor="alice", action="bench.posts", category=AuditCategory.ALTERATION,
                     object_type="post", object_id=first)  # fmt: skip
            notes, size = tx.execute(changed).fetchone()
            return int(notes), int(size)

        return write

    try:
        big = state.TRUNCATE_FROM + 10
        assert await store.write(posts_written(1, big)) == (0, 0)  # truncated: no space kept
        notes, size = await store.write(posts_written(big + 1, 3))
        assert notes == 0 and size > 0  # deleted: the page stays, its rows dead
        for n in range(20):  # small writes reuse the page rather than growing the table
            notes, later = await store.write(posts_written(big + 10 + 3 * n, 3))
            assert notes == 0
        assert later <= 8192 * 2
        report = await lifecycle.check(store)
        assert report.state is not None and report.state.ok, report.state
        assert report.state.rows >= big + 63
    finally:
        await store.close()
