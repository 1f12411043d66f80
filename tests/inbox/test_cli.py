"""``cordon inbox list`` as a shell runs it: a real process on a real store."""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox import work
from console.session import Session
from storage import channels, conversations, users
from storage.conversations import ConversationState
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.helpers import FAST_KDF, PASSWORD, make_store
from tests.test_cli import cordon as cordon_cli

pytestmark = pytest.mark.slow


async def _prepare(path: Path) -> None:
    store = await make_store(path)
    try:
        admin = await store.run(lambda db: users.by_name(db, "alice"))
        assert admin is not None
        session = Session(store, admin, via="test")
        dora = await user_admin.add_user(
            session, name="dora", password=PASSWORD, roles=[Role.DUTY_OFFICER], kdf=FAST_KDF
        )
        now = datetime.now(UTC)

        def add(tx: Transaction) -> None:
            for name in ("Force X", "Force South"):
                channels.insert(
                    tx.db, name=name, network="simulator", account=name, area="", now=tx.now()
                )
            for channel, remote, minutes, text in (
                (1, "a", 30, "Is the\tA1 open?"),
                (1, "b", 20, "Thanks for the update " + "very " * 20),
                (2, "c", 10, "Lights out on the high street"),
            ):
                item = InboxItem(remote, "mention", f"user-{remote}", "", text,
                                 to_iso(now - timedelta(minutes=minutes)))  # fmt: skip
                conversations.collect(tx.db, channel, [item], tx.now())

        await store.write(add)
        officer = Session(store, dora, via="test")
        await work.assign(officer, 1, officer="dora")
    finally:
        await store.close()


def cordon(*args: str) -> subprocess.CompletedProcess[str]:
    return cordon_cli(*args, password=PASSWORD)


def test_inbox_list_from_the_shell(tmp_path: Path) -> None:
    path = tmp_path / "force.cordon"
    asyncio.run(_prepare(path))
    store = str(path)

    listed = cordon("inbox", "list", store, "--user", "dora")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "id\tlatest (UK)\tchannel\tstate\tassigned\titems\tauthor\ttext"
    assert [line.split("\t")[:6] for line in lines[1:4]] == [
        ["3", lines[1].split("\t")[1], "Force South", "new", "-", "1"],
        ["2", lines[2].split("\t")[1], "Force X", "new", "-", "1"],
        ["1", lines[3].split("\t")[1], "Force X", "assigned", "dora", "1"],
    ]
    assert lines[3].endswith("user-a\tIs the A1 open?")
    assert lines[2].split("\t")[-1].endswith("…") and len(lines[2].split("\t")[-1]) == 60
    assert lines[-1] == "3 conversations."

    assigned = cordon("inbox", "list", store, "--user", "dora", "--state",
                      ConversationState.ASSIGNED.value)  # fmt: skip
    assert [line.split("\t")[0] for line in assigned.stdout.splitlines()] == [
        "id", "1", "1 conversation."
    ]  # fmt: skip
    south = cordon("inbox", "list", store, "--user", "dora", "--channel", "Force X", "--limit", "1")
    assert [line.split("\t")[0] for line in south.stdout.splitlines()] == [
        "id", "2", "1 conversation."
    ]  # fmt: skip

    unknown = cordon("inbox", "list", store, "--user", "dora", "--channel", "Nowhere")
    assert unknown.returncode == 2
    assert unknown.stderr == (
        "cordon: No channel is called Nowhere. Channels: Force South, Force X.\n"
    )
    refused = cordon("inbox", "list", store, "--user", "alice")
    assert refused.returncode == 2
    assert refused.stderr.startswith("cordon: Reading the inbox needs")
