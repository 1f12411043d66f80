"""The store is unreadable without a key, and the key only comes from a password."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from console.session import SignInThrottle, sign_in
from console.users import add_user, disable_user
from storage.errors import StoreDamaged, StoreError, TooManyAttempts, WrongPassword
from storage.keyslots import MIN_KDF, KdfParams, KeyFile, benchmark_kdf
from storage.lifecycle import open_store, store_files
from storage.records import AuditCategory, Role, StoreKind
from storage.store import Transaction
from tests.helpers import FAST_KDF, PASSWORD, add_entries, file_states, make_store

CANARY = "CANARY-3f9c1e-officer-wrote-this"


async def _write_canaries(store_path: Path) -> None:
    store = await make_store(store_path)

    def write(tx: Transaction) -> None:
        now = tx.now()
        tx.execute(
            "INSERT INTO channels (name, network, account, created_utc)"
            " VALUES ('Force X', 'simulator', '@force', ?)",
            (now,),
        )
        tx.execute(
            "INSERT INTO posts (author_id, body, created_utc, updated_utc) VALUES (1, ?, ?, ?)",
            (f"post {CANARY}", now, now),
        )
        tx.execute(
            "INSERT INTO targets (post_id, channel_id, status, updated_utc)"
            " VALUES (1, 1, 'queued', ?)",
            (now,),
        )
        tx.audit(
            actor="alice",
            action="post.create",
            category=AuditCategory.COLLECTION,
            object_type="post",
            object_id=1,
            after={"body": f"audit {CANARY}"},
            justification=f"why {CANARY}",
        )

    await store.write(write)
    await add_entries(store, 200, text=CANARY)
    # Scan while the store is open, so the -wal and -shm files are there too.
    names = {p.name for p in store_path.parent.iterdir()}
    assert f"{store_path.name}-wal" in names
    _assert_no_canary(store_path.parent)
    await store.close()
    _assert_no_canary(store_path.parent)


def _assert_no_canary(folder: Path) -> None:
    needles = [CANARY.encode(), CANARY.encode("utf-16-le"), b"officer-wrote"]
    for path in folder.iterdir():
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} found in plain text in {path.name}"


@pytest.mark.asyncio
async def test_text_in_posts_and_audit_is_in_no_file_of_the_store(tmp_path: Path) -> None:
    await _write_canaries(tmp_path / "canary.cordon")


@pytest.mark.asyncio
async def test_store_has_no_sqlite_header_and_plain_sqlite_cannot_read_it(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    assert not path.read_bytes().startswith(b"SQLite format 3\x00")
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()


@pytest.mark.asyncio
async def test_key_file_holds_neither_names_nor_passwords_nor_the_key(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    store = await make_store(path, user="Inspector Morse")
    key = bytes(store._data_key or b"")
    await store.close()
    text = KeyFile.path_for(path).read_bytes()
    assert b"Morse" not in text and b"morse" not in text
    assert PASSWORD.encode() not in text
    assert key.hex().encode() not in text and key not in text


@pytest.mark.asyncio
async def test_store_files_are_private_to_their_owner(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    store = await make_store(path)
    await add_entries(store, 3)
    for file in store_files(path):
        if file.exists():
            assert file.stat().st_mode & 0o077 == 0, f"{file.name} is readable by others"
    await store.close()


@pytest.mark.asyncio
async def test_wrong_password_is_reported_as_such_and_changes_no_file(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    before = file_states(tmp_path)
    with pytest.raises(WrongPassword) as caught:
        await open_store(path, "alice", "not the password")
    assert str(caught.value) == "Wrong password for alice, or no such user."
    assert file_states(tmp_path) == before


@pytest.mark.asyncio
async def test_user_names_are_matched_without_regard_to_case_or_spacing(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path, user="Jane Smith")).close()
    store, user = await open_store(path, "  jane   SMITH ", PASSWORD)
    assert user.name == "Jane Smith"
    await store.close()


@pytest.mark.asyncio
async def test_unknown_user_is_answered_as_a_wrong_password(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    with pytest.raises(WrongPassword, match="Wrong password for bob, or no such user"):
        await open_store(path, "bob", PASSWORD)


@pytest.mark.asyncio
async def test_repeated_wrong_passwords_meet_a_growing_delay(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    now = [1000.0]
    throttle = SignInThrottle(monotonic=lambda: now[0])
    delays = []
    for _ in range(5):
        with pytest.raises(WrongPassword) as caught:
            await sign_in(path, "alice", "nope", via="test", throttle=throttle)
        delays.append(caught.value.retry_after)
        if caught.value.retry_after:
            # Even the right password must wait for the delay to run out.
            with pytest.raises(TooManyAttempts, match=r"wait \d+ s before trying again"):
                await sign_in(path, "alice", PASSWORD, via="test", throttle=throttle)
        now[0] += caught.value.retry_after
    assert delays == [0.0, 0.0, 1.0, 2.0, 4.0]
    # The wait is over: the right password works and resets the delay.
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=throttle)
    await session.sign_out()
    assert throttle.remaining(path.absolute()) == 0


@pytest.mark.asyncio
async def test_wrong_password_message_says_how_long_to_wait(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    now = [0.0]
    throttle = SignInThrottle(monotonic=lambda: now[0])
    for _ in range(2):
        with pytest.raises(WrongPassword):
            await sign_in(path, "alice", "x", via="test", throttle=throttle)
    with pytest.raises(WrongPassword) as caught:
        await sign_in(path, "alice", "x", via="test", throttle=throttle)
    assert str(caught.value) == (
        "Wrong password for alice, or no such user. Wait 1 s before the next try."
    )


@pytest.mark.asyncio
async def test_a_missing_key_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    KeyFile.path_for(path).unlink()
    with pytest.raises(StoreDamaged, match=r"key file s\.cordon\.keys is missing"):
        await open_store(path, "alice", PASSWORD)


@pytest.mark.asyncio
async def test_no_store_at_the_path_is_explained(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="There is no Cordon store at"):
        await open_store(tmp_path / "nothing.cordon", "alice", PASSWORD)


@pytest.mark.asyncio
async def test_turning_an_exercise_store_live_in_the_key_file_locks_everyone_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path, kind=StoreKind.EXERCISE)).close()
    keys = KeyFile.path_for(path)
    keys.write_text(keys.read_text().replace('"exercise"', '"live"'))
    with pytest.raises(WrongPassword):
        await open_store(path, "alice", PASSWORD)


@pytest.mark.asyncio
async def test_adding_and_disabling_users_never_re_encrypts_the_store(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    session = await sign_in(path, "alice", PASSWORD, via="test")
    await session.store.run(lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    first_page = path.read_bytes()[:4096]
    await add_user(
        session, name="bob", password="a long pass phrase", roles=[Role.DUTY_OFFICER], kdf=FAST_KDF
    )
    await session.store.run(lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    # The same data key: page 1 (salt and first page) is byte for byte the same kind of
    # page under the same key; the key file gained a slot.
    assert path.read_bytes()[:16] == first_page[:16]
    assert len(KeyFile.load(path).slots) == 2
    await session.sign_out()

    bob_store, bob = await open_store(path, "bob", "a long pass phrase")
    assert bob.roles == frozenset({Role.DUTY_OFFICER})
    await bob_store.close()

    session = await sign_in(path, "alice", PASSWORD, via="test")
    await disable_user(session, "bob", reason="left the team")
    await session.sign_out()
    with pytest.raises(WrongPassword):
        await open_store(path, "bob", "a long pass phrase")
    assert len(KeyFile.load(path).slots) == 1


@pytest.mark.asyncio
async def test_the_last_administrator_cannot_be_disabled(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    session = await sign_in(path, "alice", PASSWORD, via="test")
    await add_user(
        session, name="bob", password="a long pass phrase", roles=[Role.OBSERVER], kdf=FAST_KDF
    )
    with pytest.raises(StoreError, match="cannot disable yourself"):
        await disable_user(session, "alice", reason="test")
    await session.sign_out()


@pytest.mark.asyncio
async def test_key_derivation_runs_off_the_event_loop_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    threads: list[threading.Thread] = []
    original = KdfParams.derive

    def watched(self: KdfParams, password: str, salt: bytes) -> bytes:
        threads.append(threading.current_thread())
        return original(self, password, salt)

    monkeypatch.setattr(KdfParams, "derive", watched)
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    beat = asyncio.create_task(heartbeat())
    store, _ = await open_store(path, "alice", PASSWORD)
    beat.cancel()
    await store.close()
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert ticks > 0


@pytest.mark.asyncio
async def test_all_store_work_runs_on_one_store_thread(tmp_path: Path) -> None:
    store = await make_store(tmp_path / "s.cordon")
    names = await asyncio.gather(
        *(store.run(lambda db: threading.current_thread()) for _ in range(20))
    )
    assert len({id(t) for t in names}) == 1
    assert names[0].name.startswith("cordon-store")
    await store.close()
    with pytest.raises(StoreError, match="The store is closed"):
        await store.run(lambda db: None)


def test_benchmarked_key_derivation_cost_never_falls_below_the_floor() -> None:
    params = benchmark_kdf(target_seconds=0.05)
    assert params.time_cost >= MIN_KDF.time_cost
    assert params.memory_kib >= MIN_KDF.memory_kib
