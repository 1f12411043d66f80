"""``cordon report list|export`` as a shell runs them: a real process on a real store."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from console import users as user_admin
from console.session import Session
from storage import audit, channels, users
from storage.lifecycle import open_store
from storage.records import AuditCategory, AuditEntry, Role
from storage.store import Transaction
from tests.helpers import PASSWORD, make_store
from tests.reports.helpers import add_items, item, report_from
from tests.test_cli import cordon

pytestmark = pytest.mark.slow


async def _prepare(path: Path) -> str:
    store = await make_store(path)
    try:
        admin = await store.run(lambda db: users.by_name(db, "alice"))
        assert admin is not None
        await user_admin.set_roles(
            Session(store, admin, via="test"),
            "alice",
            [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
            reason="desk",
        )

        def add(tx: Transaction) -> None:
            channels.insert(tx.db, name="Force X", network="simulator", account="x", area="",
                            now=tx.now())  # fmt: skip

        await store.write(add)
    finally:
        await store.close()
    store, alice = await open_store(path, "alice", PASSWORD)
    try:
        ids = await add_items(store, item("1", "Someone took my phone on the bus"))
        row = await report_from(Session(store, alice, via="test"), ids)
        return row.reference
    finally:
        await store.close()


async def _disclosures(path: Path) -> list[AuditEntry]:
    store, _alice = await open_store(path, "alice", PASSWORD)
    try:
        found = await store.run(lambda db: list(audit.iter_entries(db)))
    finally:
        await store.close()
    return [e for e in found if e.category is AuditCategory.DISCLOSURE]


def test_list_and_export_a_report_from_the_shell(tmp_path: Path) -> None:
    path = tmp_path / "desk.cordon"
    ref = asyncio.run(_prepare(path))
    store = str(path)

    listed = cordon("report", "list", store, "--user", "alice", password=PASSWORD)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(f"{ref}\t")
    assert "\tCrime report\tPriority\tOpen\t" in listed.stdout
    assert listed.stdout.rstrip().endswith("1 items")

    out = tmp_path / "handover.json"
    done = cordon("report", "export", store, ref, "--out", str(out), "--reason", "Crime to record",
                  "--to", "Records bureau", "--user", "alice", password=PASSWORD)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Wrote {out}: report {ref}, version 1."
    assert json.loads(out.read_text("utf-8"))["reference"] == ref
    pdf = tmp_path / "handover.pdf"
    done = cordon("report", "export", store, ref, "--out", str(pdf), "--reason", "Crime to record",
                  "--to", "Records bureau", "--user", "alice", password=PASSWORD)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert done.stdout.splitlines()[-1] == (
        "Signed with the store's certificate; check it anywhere with "
        "python3 verify_cordon.py --report handover.pdf"
    )
    assert (tmp_path / "verify_cordon.py").exists()
    assert (tmp_path / "handover.pdf.checkpoint.json").exists()

    blank = cordon("report", "export", store, ref, "--out", str(out), "--reason", " ",
                   "--to", "Records bureau", "--user", "alice", password=PASSWORD)  # fmt: skip
    assert blank.returncode == 2
    assert blank.stderr.startswith("cordon: Handing over a report is a disclosure")
    unknown = cordon("report", "export", store, "NP-X", "--out", str(out), "--reason", "r",
                     "--to", "t", "--user", "alice", password=PASSWORD)  # fmt: skip
    assert unknown.returncode == 2
    assert unknown.stderr == "cordon: There is no report NP-X in this store: check the reference.\n"
    missing = cordon(
        "report", "export", store, ref, "--out", str(out), "--user", "alice", password=PASSWORD
    )
    assert missing.returncode == 2 and "--reason" in missing.stderr

    disclosed = asyncio.run(_disclosures(path))
    assert [(e.action, e.actor, e.justification, e.recipient) for e in disclosed] == [
        ("report.export", "alice", "Crime to record", "Records bureau"),
    ] * 2
