"""The digital desk's day end to end, through the window as the digital desk officer
works it: "a digital desk officer can work a busy inbox across Bluesky and Mastodon,
turn a reported crime into a referenced, THRIVE-graded report with a running clock,
answer it, and export it for hand-over, with every step on the record."

A live store; the administrator connects a Mastodon account on **mastodon-mock** (a
third party's stateful Mastodon API, the whole OAuth flow through Cordon's loopback
listener) and a Bluesky account on the **real PDS** (an app password it issued), as
tests/channels/test_end_to_end.py does. The ``Engine`` runs for real (its adapters,
publisher and sync, on short policies) and the main window is open on the session of
the digital desk officer, a duty officer, who does everything through the window's
widgets; every question the window asks is answered through ``ui.common.prompts.PROMPTS``.

* **A busy inbox.** Residents write a few dozen mentions, replies to the force's
  post and direct messages to the force's account on mastodon-mock; they arrive
  through real sync. Among them, a resident reports a theft.
* **Bluesky items do not come through sync here, and why.** A lone PDS has no
  AppView, so ``app.bsky.notification.listNotifications`` answers "No service
  configured" (see test_end_to_end's docstring; channel health says so). Residents
  really post their mentions of the force on the PDS; the test then builds each
  notification as an AppView would list it from the real record (uri, cid, author,
  record, indexedAt), turns it into an item with the Bluesky adapter's own parser
  and stores the page with the sync engine's own ingest (``SyncEngine._store_page``:
  conversations filed, ``inbox.collect`` audited, listening and threat phrases read,
  the window told), which is what sync does with a page it fetched.
* **The work.** The officer filters by channel and keyword to find the theft,
  opens it (asked why once: a consultation), assigns it to herself, records a
  report with **Record a report…** (category, location, THRIVE, grade), sees its
  reference and running clock in the inbox list (amber once the view's clock is
  moved on), replies with the reply composer (it reaches mastodon-mock as a reply
  threaded to the resident's status), marks the report answered in the Reports area
  (**State…**, after opening it with a reason) and exports it for hand-over as PDF
  and JSON (**Export…**: to whom and why, a disclosure).
* **The record.** The audit trail holds every step in order with the officer's
  name and reasons, and the chain verifies.

No timing is asserted: every wait is "until this is true, or fail".
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from console import audit_trail, channel_admin, credentials, users
from console.channels.base import InboxItem, InboxPage
from console.channels.bluesky import _inbox_item, parse_time
from console.engine import Engine
from console.publisher import PublishPolicy
from console.reports.grading import NEXT_STATES, Category, ClockState, Grade, ReportState, Thrive
from console.session import Session, SignInThrottle, sign_in
from console.sync import SyncPolicy
from storage import audit
from storage.records import AuditCategory, AuditEntry, Role
from storage.timeutil import to_iso
from tests.channels.conftest import Pds, PdsAccount, pds  # noqa: F401 - the session's PDS
from tests.channels.mastodon_fixtures import MastodonMock, start_mastodon_mock
from tests.channels.test_end_to_end import connect_bluesky, connect_mastodon
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD, make_store
from ui.common.lazy_model import LOADING
from ui.common.prompts import PROMPTS
from ui.frame.main_window import MainWindow
from ui.inbox.inbox_model import CLOCK, PREVIEW, REFERENCE
from ui.inbox.inbox_view import JUSTIFY_LABEL, JUSTIFY_TITLE, InboxView
from ui.reports.report_dialogs import ReportAnswer

pytestmark = pytest.mark.asyncio

WAIT = 60.0  # seconds any one wait may take
PUBLISH = PublishPolicy(first_backoff=timedelta(seconds=1), max_backoff=timedelta(seconds=2))
SYNC = SyncPolicy(interval=1.0, first_backoff=1.0, max_backoff=2.0, recheck=1.0, jitter=0.0)
OFFICER, OFFICER_PASSWORD = "priya", "digital desk password 1"
THEFT = (
    "@cordon Someone stole my bike from outside the library on Castle Street about an "
    "hour ago. It is a red Raleigh with a basket. What should I do?"
)
WHY = "A resident reports a theft: recording it and answering"
REPORT_WHY = "Following up the bike theft to answer the resident"
ANSWERED_WHY = "Replied with the reference; crime recorded for the Castle Street team"
THRIVE = Thrive(
    threat="None to the person: property taken while unattended",
    harm="Loss of a bicycle (about £400)",
    risk="Low; no vulnerability identified",
    investigation="Library CCTV on Castle Street; frame number from the owner",
    vulnerability="None identified",
    engagement="Wants a crime reference for insurance; reachable on Mastodon",
)


@pytest.fixture(scope="module")
def mastodon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MastodonMock]:
    server = start_mastodon_mock(tmp_path_factory.mktemp("done-when-mastodon-mock"))
    yield server
    server.stop()


# -- the networks, as the public sees them -----------------------------------------------


async def toot(url: str, token: str, text: str, **fields: str) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        answer = await client.post("/api/v1/statuses", data={"status": text, **fields})
    assert answer.status_code == 200, answer.text
    status: dict[str, Any] = answer.json()
    return status


async def status_of(url: str, status_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": "Bearer resident-token"}, timeout=10
    ) as client:
        answer = await client.get(f"/api/v1/statuses/{status_id}")
    answer.raise_for_status()
    status: dict[str, Any] = answer.json()
    return status


def skeet(server: Pds, author: PdsAccount, text: str) -> dict[str, Any]:
    """A resident posts on the PDS; returns the notification an AppView would list
    for the account it mentions."""
    access = server.session(author.handle, author.password)["accessJwt"]
    record = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }
    made = httpx.post(
        f"{server.url}/xrpc/com.atproto.repo.createRecord",
        headers={"Authorization": f"Bearer {access}"},
        json={"repo": author.did, "collection": "app.bsky.feed.post", "record": record},
        timeout=30,
    )
    made.raise_for_status()
    uri, cid = made.json()["uri"], made.json()["cid"]
    stored = server.get_post(author.did, uri.rsplit("/", 1)[1])
    stored.raise_for_status()
    return {
        "uri": uri,
        "cid": cid,
        "author": {
            "did": author.did,
            "handle": author.handle,
            "displayName": author.handle.split(".")[0].title(),
        },
        "reason": "mention",
        "record": stored.json()["value"],
        "isRead": False,
        "indexedAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "labels": [],
    }


def as_items(notes: list[dict[str, Any]]) -> tuple[InboxItem, ...]:
    """The Bluesky adapter's own reading of listNotifications entries."""
    items = []
    for note in notes:
        when = parse_time(note["indexedAt"])
        assert when is not None
        item = _inbox_item(note, when)
        assert item is not None
        items.append(item)
    return tuple(items)


# -- the window ----------------------------------------------------------------------------


def cells(view: InboxView, column: int) -> list[str]:
    model = view.model
    return [str(model.data(model.index(row, column))) for row in range(model.rowCount())]


async def listed(view: InboxView, count: int) -> None:
    await until(lambda: view.model.rowCount() == count, WAIT)
    await until(lambda: LOADING not in cells(view, PREVIEW), WAIT)


async def counted(session: Session, sql: str, *args: Any) -> int:
    return int(await session.store.run(lambda db: db.execute(sql, args).fetchone()[0]))


async def items_on(session: Session, channel_id: int) -> int:
    return await counted(
        session, "SELECT count(*) FROM inbox_items WHERE channel_id = ?", channel_id
    )


async def wait_for(check: Any, what: str) -> None:
    """``await check()`` until it is true (fails after WAIT seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not await check():
        if loop.time() > deadline:
            pytest.fail(f"not within {WAIT:.0f} s: {what}")
        await asyncio.sleep(0.1)


async def everything(session: Session) -> list[AuditEntry]:
    return await session.store.run(lambda db: list(audit.iter_entries(db)))


async def test_a_desk_officer_turns_a_reported_crime_into_a_handed_over_report(
    tmp_path: Path,
    pds: Pds,  # noqa: F811 - the fixture imported above
    mastodon: MastodonMock,
    qtbot: QtBot,
) -> None:
    # -- a live store; the administrator connects Mastodon and Bluesky ------------------
    path = tmp_path / "force.cordon"
    await (await make_store(path)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await users.set_roles(admin, "alice", [Role.ADMINISTRATOR], reason="the force's admin")
    await users.add_user(
        admin, name=OFFICER, password=OFFICER_PASSWORD, roles=[Role.DUTY_OFFICER], kdf=FAST_KDF
    )
    force = await asyncio.to_thread(pds.create_account, "force")
    sky = await channel_admin.add_channel(
        admin, name="Force Bluesky", network="bluesky", account=force.handle
    )
    fedi = await channel_admin.add_channel(
        admin, name="Force Mastodon", network="mastodon", account="cordon"
    )
    for channel, result in (
        (sky, await connect_bluesky(pds, force)),
        (fedi, await connect_mastodon(mastodon.url)),
    ):
        await credentials.connect(
            admin,
            channel.id,
            secrets=result.secrets,
            expires_utc=result.expires_utc,
            base_url=result.base_url,
        )

    # -- the digital desk officer takes the console; the engine and the window run ------
    officer = await admin.unlock(OFFICER, OFFICER_PASSWORD, throttle=SignInThrottle())
    engine = Engine(officer.store, policy=PUBLISH, sync_policy=SYNC)
    window = MainWindow(officer)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    await engine.start()
    try:
        await until(lambda: engine.sync is not None, WAIT)
        window.show_area("inbox")
        view = window.inbox_view
        assert engine.sync is not None
        sync = engine.sync
        started = to_iso(datetime.now(UTC))

        async def mastodon_synced() -> bool:
            health = sync.health().get(fedi.id)
            return health is not None and (health.last_sync_utc or "") > started

        await wait_for(mastodon_synced, "a first pass of the Mastodon channel")

        # -- a busy inbox: Mastodon through real sync --------------------------------------
        tag = uuid.uuid4().hex[:6]
        post = await toot(
            mastodon.url,
            "cordon-token",
            f"Roadworks on the A64 at Eastbridge start on Monday. #{tag}",
        )
        chatter = [
            "@cordon is the A64 closed both ways?",
            "@cordon what are the diversion times?",
            "@cordon well done to the team at the fun run on Sunday",
            "@cordon is the front counter at Northtown open on Saturdays?",
            "@cordon there's a car parked on the zigzags by the school again",
            "@cordon loud music on Elm Road every night this week",
            "@cordon how do I get a copy of a collision report?",
            "@cordon are you recruiting specials this year?",
            "@cordon fireworks in the park again, kids scared",
            "@cordon lovely photo of the police horses today",
            "@cordon found a wallet on the 42 bus, where do I hand it in?",
            "@cordon the streetlight on Mill Lane is out, is that you or the council?",
            "@cordon any news on the road closure near the retail park?",
            "@cordon thanks for the safety talk at the primary school",
        ]
        replies_to_post = [
            "@cordon how long for?",
            "@cordon will the buses still run?",
            "@cordon is the cycle lane kept open?",
            "@cordon night works too?",
            "@cordon thanks for the warning",
            "@cordon what about deliveries to the farm shop?",
            "@cordon can residents still get out of Eastbridge Close?",
            "@cordon is this the gas main again?",
        ]
        for n, text in enumerate(chatter):
            await toot(mastodon.url, "resident-token", f"{text} {tag}-{n}")
        for n, text in enumerate(replies_to_post):
            await toot(
                mastodon.url, "resident-token", f"{text} {tag}-r{n}", in_reply_to_id=post["id"]
            )
        for n, text in enumerate(
            (
                "@cordon can I tell you something privately?",
                "@cordon my neighbour's van has no tax, reg in a DM",
            )
        ):
            await toot(mastodon.url, "resident-token", f"{text} {tag}-d{n}", visibility="direct")
        theft = await toot(mastodon.url, "resident-token", THEFT)
        more = [
            "@cordon is the police station car park free?",
            "@cordon great to see officers on foot in town today",
        ]
        for n, text in enumerate(more):
            await toot(mastodon.url, "resident-token", f"{text} {tag}-m{n}")
        on_mastodon = len(chatter) + len(replies_to_post) + 2 + 1 + len(more)
        sync.wake(fedi.id)

        # -- and Bluesky, through sync's own ingest (a lone PDS lists no notifications) ----
        residents = [
            await asyncio.to_thread(pds.create_account, who) for who in ("kim", "lee", "ash")
        ]
        sky_texts = [
            "is the Eastbridge road open yet?",
            "thanks for finding our cat, honestly",
            "there's a pothole the size of a car on the ring road",
            "when is the next have-your-say meeting?",
        ]
        notes = [
            await asyncio.to_thread(skeet, pds, who, f"@{force.handle} {text} {tag}-s{n}")
            for who in residents
            for n, text in enumerate(sky_texts)
        ]
        await sync._store_page(sky.id, InboxPage(as_items(notes), None))
        on_bluesky = len(notes)

        async def all_arrived() -> bool:
            return (
                await items_on(officer, fedi.id) == on_mastodon
                and await items_on(officer, sky.id) == on_bluesky
            )

        await wait_for(all_arrived, f"{on_mastodon} Mastodon and {on_bluesky} Bluesky items")
        conversations = await counted(officer, "SELECT count(*) FROM inbox_conversations")
        assert conversations >= 30  # a busy inbox: the replies to the post share one
        await listed(view, conversations)
        assert f"New {conversations}" in view.counts.text()

        # -- she narrows it down: one channel, then a keyword --------------------------------
        view.channel_filter.setCurrentIndex(view.channel_filter.findData(sky.id))
        await listed(view, on_bluesky)
        view.channel_filter.setCurrentIndex(view.channel_filter.findData(fedi.id))
        await until(lambda: view.model.rowCount() not in (0, on_bluesky), WAIT)
        await listed(view, view.model.rowCount())
        assert view.model.rowCount() < conversations
        view.search.setText("stole")
        await listed(view, 1)
        [preview] = cells(view, PREVIEW)
        assert preview.startswith("@cordon Someone stole my bike")  # the start of it

        # -- opens it: asked why, once --------------------------------------------------------
        view.table.selectRow(0)
        conversation = view.selected_id()
        assert conversation is not None
        pane = view.pane
        await until(lambda: pane.open_button.isVisible(), WAIT)
        PROMPTS.answer_next(WHY)
        pane.open_button.click()
        await until(lambda: pane.opened is not None, WAIT)
        assert PROMPTS.shown[-1] == f"{JUSTIFY_TITLE}: {JUSTIFY_LABEL}"
        assert THEFT in pane.item_view.toPlainText()
        assert pane.items.count() == 1

        # -- assigns it to herself ------------------------------------------------------------
        PROMPTS.answer_next(("officer", OFFICER, ""))
        pane.assign_button.click()
        await until(
            lambda: pane.opened is not None and pane.opened.conversation.assignee == OFFICER, WAIT
        )
        assert PROMPTS.shown[-1] == "Assign the conversation"

        # -- records a report: a reference and a running clock ------------------------------
        PROMPTS.answer_next(
            ReportAnswer(
                Category.CRIME,
                Grade.PRIORITY,
                "Outside the library, Castle Street",
                "Theft of a red Raleigh bicycle with a basket",
                THRIVE,
            ),
            None,  # the "Report recorded" sentence, read
        )
        assert pane.report_button.isVisible() and pane.report_button.isEnabled()
        pane.report_button.click()
        await until(lambda: PROMPTS.shown[-1].startswith("Report recorded"), WAIT)
        said = PROMPTS.shown[-1]
        found = re.search(r"Report (\S+) is recorded \(Crime report, 1 item", said)
        assert found is not None, said
        reference = found.group(1)
        assert "Priority: respond within 1 h, by " in said
        await until(lambda: cells(view, REFERENCE) == [reference], WAIT)
        assert cells(view, 3) == ["Report"]  # the conversation's state
        assert not view.table.isColumnHidden(CLOCK)
        clock_cell = view.table.visualRect(view.model.index(0, CLOCK))
        assert view.table.viewport().rect().contains(clock_cell)  # in view, not scrolled to
        assert cells(view, CLOCK)[0].endswith("left")
        assert view.model.clock_colour(0) == ClockState.OK.value
        real = view.model.now
        view.model.now = lambda: real() + timedelta(minutes=50)  # ten minutes left
        view.model.tick()
        assert view.model.clock_colour(0) == ClockState.AMBER.value
        assert cells(view, CLOCK)[0].endswith("left")
        view.model.now = real
        view.model.tick()

        # -- answers the resident: a reply threaded to their status on Mastodon -------------
        composer = pane.composer
        pane.tabs.setCurrentIndex(2)
        await until(lambda: composer.item is not None and composer.isEnabled(), WAIT)
        answer = (
            f"Thank you for telling us. Your crime reference is {reference}. An officer from "
            "the Castle Street team will contact you today: please have the frame number ready."
        )
        composer.text.setPlainText(answer)
        composer.send_button.click()
        await until(lambda: pane.tabs.currentIndex() == 0, WAIT)
        await until(lambda: "sent" in pane.item_view.toPlainText(), WAIT)
        assert answer in pane.item_view.toPlainText()

        def sent_reply(db: Any) -> str:
            row = db.execute(
                "SELECT t.remote_id FROM reply_links l JOIN targets t ON t.id = l.target_id"
            ).fetchone()
            return str(row[0])

        on_server = await status_of(mastodon.url, await officer.store.run(sent_reply))
        assert on_server["in_reply_to_id"] == theft["id"]
        assert on_server["account"]["acct"] == "cordon"
        assert reference in on_server["content"] and "@resident" in on_server["content"]

        # -- the Reports area: opened with a reason, marked answered --------------------------
        window.show_area("reports")
        reports = window.reports_view
        await until(lambda: reports.model.rowCount() == 1, WAIT)
        reports.select(reference)
        PROMPTS.answer_next(REPORT_WHY)
        reports.open_button.click()
        await until(lambda: reports.opened is not None, WAIT)
        assert THEFT in reports.detail.toPlainText()
        assert "Response clock:" in reports.detail.toPlainText()
        options = sorted(NEXT_STATES[ReportState.OPEN], key=list(ReportState).index)
        PROMPTS.answer_next(options.index(ReportState.ANSWERED), ANSWERED_WHY)
        reports.state_button.click()
        await until(lambda: reports.opened is not None and reports.opened.row.version == 2, WAIT)
        opened = reports.opened
        assert opened is not None and opened.content.state is ReportState.ANSWERED
        model = reports.model
        await until(lambda: model.data(model.index(0, 3)) == "Answered", WAIT)
        assert model.data(model.index(0, model.CLOCK)) == "answered in time"

        # Back in the inbox, the conversation's clock has stopped: answered in time.
        window.show_area("inbox")
        await until(lambda: cells(view, CLOCK)[0].startswith("answered ("), WAIT)
        assert view.model.clock_colour(0) == "stopped"
        window.show_area("reports")

        # -- hands it over: PDF and JSON, each a disclosure ----------------------------------
        pdf, document = tmp_path / f"{reference}.pdf", tmp_path / f"{reference}.json"
        PROMPTS.answer_next(  # where first, then why and to whom
            str(pdf),
            ("Crime recorded: hand-over for investigation", "Castle Street neighbourhood team"),
            None,
        )
        reports.export_button.click()
        await until(pdf.exists, WAIT)
        await until(lambda: PROMPTS.shown[-1].startswith("Report exported"), WAIT)
        assert pdf.read_bytes().startswith(b"%PDF")
        PROMPTS.answer_next(
            str(document), ("Records system entry", "Force crime recording bureau"), None
        )
        reports.export_button.click()
        await until(document.exists, WAIT)
        await until(lambda: "Force crime recording bureau" in PROMPTS.shown[-1], WAIT)
        handed = json.loads(document.read_text())
        assert handed["reference"] == reference
        assert handed["disclosure"]["to"] == "Force crime recording bureau"
        assert [item["text"] for item in handed["items"]] == [THEFT]
        assert PROMPTS.pending() == 0

        # -- every step on the record, in order, with who and why ----------------------------
        trail = await everything(officer)

        def first(action: str, **match: Any) -> AuditEntry:
            for entry in trail:
                after = json.loads(entry.after or "{}")
                if entry.action == action and all(after.get(k) == v for k, v in match.items()):
                    return entry
            pytest.fail(f"no {action} {match} in the audit trail")

        collected = [e for e in trail if e.action == "inbox.collect"]
        assert {e.object_id for e in collected} == {str(fedi.id), str(sky.id)}
        assert all(e.actor == "sync" for e in collected)
        consult = first("inbox.consult")
        assign = first("inbox.assign")
        created = first("report.create")
        reply = first("reply.create")
        consulted = first("report.open")
        answered = first("report.state")
        exports = [e for e in trail if e.action == "report.export"]
        steps = [consult, assign, created, reply, consulted, answered, *exports]
        assert [e.seq for e in steps] == sorted(e.seq for e in steps)
        assert all(e.actor == OFFICER for e in steps)
        assert last_collect_before(collected, consult)
        assert (consult.object_id, consult.justification) == (str(conversation), WHY)
        assert consult.category is AuditCategory.CONSULTATION
        assert assign.object_id == str(conversation)
        assert json.loads(assign.after or "{}")["officer"] == OFFICER
        assert created.object_id == reference
        assert json.loads(reply.after or "{}")["channel"] == fedi.id
        assert (consulted.object_id, consulted.justification) == (reference, REPORT_WHY)
        assert consulted.category is AuditCategory.CONSULTATION
        assert (answered.object_id, answered.justification) == (reference, ANSWERED_WHY)
        assert [
            (e.category, e.object_id, e.recipient, json.loads(e.after or "{}")["format"])
            for e in exports
        ] == [
            (AuditCategory.DISCLOSURE, reference, "Castle Street neighbourhood team", "pdf"),
            (AuditCategory.DISCLOSURE, reference, "Force crime recording bureau", "json"),
        ]
        assert exports[0].justification == "Crime recorded: hand-over for investigation"
        sent = [
            e
            for e in trail
            if e.action == "target.published"
            and e.object_id == str(json.loads(reply.after or "{}")["target"])
        ]
        assert len(sent) == 1 and reply.seq < sent[0].seq  # the reply going out, recorded

        # The status bar shows the newest entry, however busy the store is.
        def head_shown() -> int:
            found = re.search(r"#(\d+)", window.checkpoint_label.text())
            return int(found.group(1)) if found else 0

        await until(lambda: head_shown() >= exports[-1].seq, WAIT)

        verdict = await audit_trail.verify(officer.store)
        assert verdict is not None and verdict.ok, verdict
        assert verdict.count == len(await everything(officer))
    finally:
        window.close_for_good()
        await engine.stop()
        await officer.sign_out()


def last_collect_before(collected: list[AuditEntry], consult: AuditEntry) -> bool:
    """The items were collected (by sync) before the officer read any of them."""
    return bool(collected) and collected[0].seq < consult.seq
