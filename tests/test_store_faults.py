"""Faults that lose nothing and say the truth: full and read-only disks, a store
cut to nothing, key files that are not what they should be. Full disks are real
(a small tmpfs, tests/disk.py), not mocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console import audit_trail
from console import users as user_admin
from console.session import Session
from storage import audit, keychange
from storage.errors import DiskFull, StoreDamaged, StoreError, StoreNotFound, WrongPassword
from storage.keyslots import KdfParams, KeyFile
from storage.lifecycle import open_store
from storage.records import Role
from tests.disk import fill, set_read_only, small_disk
from tests.helpers import FAST_KDF, PASSWORD, add_entries, file_states, make_store

pytestmark = pytest.mark.asyncio
BOB = "a password for bob"


async def _signed_in(path: Path) -> Session:
    store, user = await open_store(path, "alice", PASSWORD)
    return Session(store, user, via="test")


async def _opens(path: Path, user: str, password: str) -> bool:
    try:
        store, _ = await open_store(path, user, password)
    except WrongPassword:
        return False
    await store.close()
    return True


# -- the key file changes with the store, or not at all ----------------------------------------


async def test_a_user_add_whose_commit_fails_on_a_full_disk_leaves_no_key_slot(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "s.cordon"
        await (await make_store(path)).close()
        session = await _signed_in(path)
        await user_admin.add_user(
            session, name="carol", password="carol's password", roles=[Role.OBSERVER], kdf=FAST_KDF
        )
        filler = fill(disk, leave=8192)  # room for the key file, none for the commit
        with pytest.raises(DiskFull, match="nothing was lost"):
            await user_admin.add_user(
                session, name="bob", password=BOB, roles=[Role.OBSERVER], kdf=FAST_KDF
            )
        with pytest.raises(DiskFull):
            await user_admin.reset_password(
                session, "carol", "carol's new password", reason="forgot", kdf=FAST_KDF
            )
        with pytest.raises(DiskFull):
            await user_admin.change_own_password(
                session, PASSWORD, "alice's new password", kdf=FAST_KDF
            )
        assert not keychange.pending_path(path).exists()
        assert not session.store.keyfile.has_user("bob")
        await session.store.close()
        filler.unlink()
        assert not KeyFile.load(path).has_user("bob")
        assert not await _opens(path, "bob", BOB)
        assert await _opens(path, "carol", "carol's password")  # the old slot stands
        assert await _opens(path, "alice", PASSWORD)
        assert not await _opens(path, "alice", "alice's new password")


async def test_a_key_change_cut_off_after_its_commit_takes_effect_at_the_next_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    session = await _signed_in(path)
    store = session.store
    slot = await store.run(lambda _db: store.new_slot("bob", BOB, FAST_KDF))
    change = keychange.KeyChange(store)

    def add(tx):  # type: ignore[no-untyped-def]
        from storage import users

        users.add(tx, actor="alice", name="bob", display_name="", roles=[Role.OBSERVER])
        change.stage(tx, lambda keyfile: keyfile.replacing("bob", slot))

    await store.write(add)  # committed, but never settled: as if the process died here
    await store.close()
    assert keychange.pending_path(path).exists()
    assert not KeyFile.load(path).has_user("bob")
    assert await _opens(path, "alice", PASSWORD)  # the open settles it
    assert not keychange.pending_path(path).exists()
    assert KeyFile.load(path).has_user("bob")
    assert await _opens(path, "bob", BOB)


async def test_a_pending_key_file_the_store_never_committed_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    store = await make_store(path)
    forged = store.keyfile.with_slot("mallory", "mallory's password", b"\0" * 32, FAST_KDF)
    await store.close()
    pending = keychange.pending_path(path)
    pending.write_bytes(KeyFile(**{**forged.__dict__, "generation": 5}).encoded())
    assert await _opens(path, "alice", PASSWORD)
    assert not KeyFile.load(path).has_user("mallory")


# -- full and read-only disks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "sentence"),
    [
        ("full", "is full: Cordon can read the store but save nothing"),
        ("read-only", "is mounted read-only: Cordon can read the store but save nothing"),
    ],
)
async def test_a_full_or_read_only_disk_opens_to_read_and_says_which(
    tmp_path: Path, state: str, sentence: str
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "s.cordon"
        store = await make_store(path)
        await add_entries(store, 20)
        await store.close()
        if state == "full":
            fill(disk)
        else:
            set_read_only(disk, True)
        try:
            before = file_states(disk)
            store, _user = await open_store(path, "alice", PASSWORD)
            assert sentence in store.read_only
            verdict = await audit_trail.verify(store)
            assert verdict is not None and verdict.ok and verdict.count == 22
            with pytest.raises(StoreError, match=sentence) as refused:
                await add_entries(store, 1)
            assert isinstance(refused.value, DiskFull) == (state == "full")
            await store.close()
            assert file_states(disk) == before
        finally:
            set_read_only(disk, False)


# -- a store that is not there, or not whole ----------------------------------------------------


async def test_a_store_cut_to_nothing_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    path.write_bytes(b"")
    before = file_states(tmp_path)
    with pytest.raises(StoreDamaged, match=r"s\.cordon is empty: the store was cut short"):
        await open_store(path, "alice", PASSWORD)
    assert file_states(tmp_path) == before  # no fresh schema, no -wal


async def test_a_missing_store_beside_its_key_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    path.unlink()
    with pytest.raises(StoreDamaged, match="missing beside its key file"):
        await open_store(path, "alice", PASSWORD)
    assert not path.exists()
    with pytest.raises(StoreNotFound):
        await open_store(tmp_path / "nothing.cordon", "alice", PASSWORD)


async def test_folders_where_the_files_should_be_are_sentences(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    keys = KeyFile.path_for(path)
    keys.rename(tmp_path / "kept.keys")
    keys.mkdir()
    with pytest.raises(StoreError, match="is a folder, not a key file"):
        await open_store(path, "alice", PASSWORD)
    keys.rmdir()
    (tmp_path / "kept.keys").rename(keys)
    path.rename(tmp_path / "kept.cordon")
    path.mkdir()
    with pytest.raises(StoreError, match="is a folder, not a Cordon store"):
        await open_store(path, "alice", PASSWORD)


# -- key files ----------------------------------------------------------------------------------


def _damage_slot(path: Path, field: str, value: object) -> None:
    keys = KeyFile.path_for(path)
    doc = json.loads(keys.read_text())
    doc["slots"][0][field] = value
    keys.write_text(json.dumps(doc))


@pytest.mark.parametrize(
    ("field", "value"),
    [("nonce", "zz" * 12), ("kdf_salt", "not hex"), ("wrapped_key", "00"), ("time_cost", "2")],
)
async def test_a_damaged_slot_is_called_damaged_not_a_wrong_password(
    tmp_path: Path, field: str, value: object
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    _damage_slot(path, field, value)
    with pytest.raises(StoreDamaged, match=r"key file s\.cordon\.keys is damaged"):
        await open_store(path, "alice", PASSWORD)


async def test_a_key_file_that_is_a_json_list_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    KeyFile.path_for(path).write_text("[1, 2, 3]")
    with pytest.raises(StoreDamaged, match=r"not a set of key slots Cordon can read\)") as said:
        await open_store(path, "alice", PASSWORD)
    assert "Error" not in str(said.value)  # no Python error's name (it said "(ValueError)")


async def test_an_unknown_user_is_answered_as_a_wrong_password_after_the_same_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    derived: list[tuple[int, int]] = []
    real = KdfParams.derive

    def counting(self: KdfParams, password: str, salt: bytes) -> bytes:
        derived.append((self.time_cost, self.memory_kib))
        return real(self, password, salt)

    monkeypatch.setattr(KdfParams, "derive", counting)
    with pytest.raises(WrongPassword) as wrong:
        await open_store(path, "alice", "not the password")
    with pytest.raises(WrongPassword) as unknown:
        await open_store(path, "bob", "not the password")
    assert str(wrong.value) == "Wrong password for alice, or no such user."
    assert str(unknown.value) == "Wrong password for bob, or no such user."
    assert derived[0] == derived[1] == (FAST_KDF.time_cost, FAST_KDF.memory_kib)


# -- exports leave nothing behind unless their disclosure is committed --------------------------


async def test_an_export_whose_disclosure_cannot_commit_leaves_no_file(tmp_path: Path) -> None:
    probe = tmp_path / "probe.jsonl"
    with small_disk(tmp_path / "disk", 8192) as disk:
        store = await make_store(disk / "s.cordon")
        await add_entries(store, 1000, text="x" * 100)
        await audit_trail.export(store, probe, actor="alice", reason="size", recipient="test")
        count = await store.run(audit.count)
        # Room for the export, its checkpoint and the verifier beside them, none for
        # committing its disclosure.
        verifier = len(audit_trail.verifier_bytes())
        fill(
            disk, leave=sum(-(-size // 4096) * 4096 for size in (probe.stat().st_size, 1, verifier))
        )
        with pytest.raises(DiskFull, match="nothing was lost"):
            await audit_trail.export(
                store, disk / "trail.jsonl", actor="alice", reason="SAR", recipient="IOPC"
            )
        assert sorted(p.name for p in disk.iterdir() if "trail" in p.name) == []
        assert await store.run(audit.count) == count  # no disclosure recorded either
        await store.close()


async def test_a_file_that_is_no_store_is_named_so_not_sent_looking_for_a_key_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    notes = tmp_path / "notes.cordon"
    notes.write_text("shift notes\n", encoding="utf-8")
    plain = tmp_path / "plain.cordon"
    plain.write_bytes(b"SQLite format 3\x00" + bytes(4096 - 16))
    for other in (notes, plain):
        with pytest.raises(StoreError, match="does not look like a Cordon store") as refused:
            await open_store(other, "alice", PASSWORD)
        assert "key file" in str(refused.value) and "missing" not in str(refused.value)
    keys = KeyFile.path_for(path)
    with pytest.raises(StoreError, match=r"s\.cordon\.keys is the key file of s\.cordon"):
        await open_store(keys, "alice", PASSWORD)
    with pytest.raises(StoreError, match="is the key file of"):
        KeyFile.load(keys)
    assert not KeyFile.path_for(keys).exists()
    # A store whose key file is lost is still told so.
    keys.unlink()
    with pytest.raises(StoreDamaged, match=r"key file s\.cordon\.keys is missing"):
        await open_store(path, "alice", PASSWORD)


@pytest.mark.usefixtures("welsh")
async def test_a_full_disk_is_told_in_the_officer_s_language(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "s.cordon"
        await (await make_store(path)).close()
        fill(disk)
        store, _user = await open_store(path, "alice", PASSWORD)
        try:
            assert store.read_only.startswith("Mae'r ddisg sy'n dal")
            with pytest.raises(DiskFull) as refused:
                await add_entries(store, 1)
            assert "Ni chollwyd dim." in str(refused.value)
            assert "Cordon can read" not in str(refused.value)
        finally:
            await store.close()


async def test_signing_in_on_a_full_disk_says_why_it_cannot_open_not_that_it_can_read(
    tmp_path: Path,
) -> None:
    from console.session import SignInThrottle, sign_in

    with small_disk(tmp_path / "disk") as disk:
        path = disk / "s.cordon"
        await (await make_store(path)).close()
        fill(disk)
        before = file_states(disk)
        with pytest.raises(StoreError) as refused:
            await sign_in(path, "alice", PASSWORD, via="window", throttle=SignInThrottle())
        told = str(refused.value)
        assert "is full" in told and "A sign-in is recorded in the store's audit trail" in told
        assert "cordon store check" in told and "Nothing was lost" not in told
        assert file_states(disk) == before
