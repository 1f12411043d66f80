"""Real dialogs, answered through their widgets, while the real engine works.

No answer is scripted here: each dialog the window opens is found on screen, its
fields typed into and its buttons clicked, on the offscreen platform, with the
real ``console.engine.Engine`` (publisher, scheduler, sync, the simulator network
on 127.0.0.1) running on the same qasync loop. Each dialog is kept open for a few
seconds of real time (``tests.gui.meanwhile``): a post that falls due meanwhile
is published on time and a sync pass reads a new inbox item, while the dialog is
still open. With dialogs run by ``exec()`` (a nested event loop) the engine's
tasks would be stranded and none of that would happen.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from console import credentials, settings
from console import users as user_admin
from console.bilingual import Choice, First, Form
from console.posts import create_post
from console.session import Session
from incident import engage, review, statements
from incident.engage import Details
from storage import channels, queue
from storage.incidents import Scope
from storage.posts import Post
from storage.records import Channel, IncidentMode, Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.connect.helpers import browse
from tests.connect.servers.mastodon_oauth import MastodonOAuthServer
from tests.connect.servers.mastodon_oauth import start as start_mastodon
from tests.gui.meanwhile import meanwhile
from tests.gui.sync_window import Desk, desk
from tests.gui.waiting import button, ok_button, shown, until
from tests.helpers import FAST_KDF
from ui.channels.connect_dialog import ConnectDialog
from ui.common.prompts import PROMPTS, ReasonDialog
from ui.common.time_entry import wall_clock
from ui.incident.incident_dialogs import (
    AmendDialog,
    IncidentDialog,
    ReleaseDialog,
    StatementDialog,
)
from ui.incident.incident_view import IncidentView
from ui.queue.composer import ComposerDialog
from widgets.mode_banner import ConsoleMode

pytestmark = pytest.mark.asyncio


async def _desk(
    session: Session, *wanted: tuple[str, str, str, str], gold: bool = False
) -> list[Channel]:
    """alice as administrator and duty officer (and approver with ``gold``), and
    the channels ``wanted`` (name, network, account, area)."""
    roles = [Role.ADMINISTRATOR, Role.DUTY_OFFICER, *([Role.APPROVER] if gold else [])]
    await user_admin.set_roles(session, "alice", roles, reason="test")

    def add(tx: Transaction) -> list[Channel]:
        made = []
        for name, network, account, area in wanted:
            added = channels.insert(
                tx.db, name=name, network=network, account=account, area=area, now=tx.now()
            )
            found = channels.get(tx.db, added)
            assert found is not None
            made.append(found)
        return made

    return await session.store.write(add)


async def _target_status(session: Session, target_id: int) -> str:
    row = await session.store.run(
        lambda db: db.execute("SELECT status FROM targets WHERE id = ?", (target_id,)).fetchone()
    )
    return str(row[0])


def _line(dialog: ReasonDialog) -> QLineEdit:
    found = dialog.findChild(QLineEdit)
    assert isinstance(found, QLineEdit)
    return found


async def _reason(
    d: Desk, opens: QAbstractButton, title: str, channel: Channel, reason: str, ok: str
) -> None:
    """Press ``opens``; in the reason dialog it shows (titled ``title``), while the
    engine works on ``channel``, type ``reason`` and press the button named ``ok``."""
    opens.click()
    asked = await shown(ReasonDialog)
    assert asked.windowTitle() == title
    await meanwhile(d, asked, channel)
    QTest.keyClicks(_line(asked), reason)
    button(asked, ok).click()


def _preview_of(text: str, channel: str) -> str:
    """One channel's block of the statement dialog's preview ('' if it has none)."""
    found = re.search(rf"— {channel} \([^)]*\) · [^\n]* —\n(.*?)(?=\n\n— |\Z)", text, re.S)
    return found.group(1) if found else ""


async def _gold_desk(session: Session) -> list[Channel]:
    """North and South, two simulator channels in two areas; alice an approver too."""
    return await _desk(
        session, ("North", "simulator", "north", "North"),
        ("South", "simulator", "south", "South"), gold=True,
    )  # fmt: skip


async def _flood_in_north(session: Session) -> None:
    """Incident mode over the North area: its queued posts held for review."""
    await engage.engage(
        session, details=Details("Flood", "OP-1", "Gold", "rising water"),
        scope=Scope.of_areas(["North"]), mode=IncidentMode.REVIEW,
    )  # fmt: skip


async def _amend_the_held_post(d: Desk) -> tuple[IncidentView, AmendDialog]:
    """The incident area's one held post chosen, and its real amend dialog shown."""
    view = d.window.incident_view
    await until(lambda: view.model.rowCount() == 1)
    view.table.selectRow(0)
    view.amend_button.click()
    return view, await shown(AmendDialog)


async def test_incident_mode_through_its_real_dialogs(session: Session, qtbot: QtBot) -> None:
    north, south = await _gold_desk(session)
    gold = await user_admin.add_user(
        session, name="gold", password="gold commander phrase", roles=[Role.APPROVER],
        display_name="Ch Supt Gold", kdf=FAST_KDF,
    )  # fmt: skip
    gold_desk = Session(session.store, gold, via="test")
    for minutes in (60, 120):  # gold's posts: alice may release them (four eyes)
        later = to_iso(datetime.now(UTC) + timedelta(minutes=minutes))
        await create_post(gold_desk, body=f"Fun day {minutes}", channel_ids=[north.id],
                          scheduled_utc=later)  # fmt: skip
    await statements.ensure_shipped(session.store)
    flooding = next(t for t in await statements.templates(session.store) if t.name == "Flooding")
    await statements.pre_approve(gold_desk, flooding.id, reason="agreed wording")

    async with desk(session, qtbot) as d:
        window = d.window
        view = window.incident_view
        await until(lambda: view.pages.currentIndex() == 0)

        # -- one click: held at once, then "name the incident" ---------------------------
        window.engage_button.click()
        details = await shown(IncidentDialog)
        assert window.banner.mode is ConsoleMode.INCIDENT  # red while the officer types
        # Every channel is held until the scope is narrowed: nothing is due to go out,
        # but sync goes on.
        await meanwhile(d, details, south, publishes=False)
        QTest.keyClicks(details.name, "Eastbridge market")
        QTest.keyClicks(details.reference, "OP-TALON")
        QTest.keyClicks(details.gold, "Ch Supt Gold")
        QTest.keyClicks(details.reason, "Shots reported")
        details.scope_areas.click()
        QTest.keyClicks(details.areas, "North")
        details.review.click()
        ok_button(details).click()
        await until(lambda: "Eastbridge market" in window.banner.title())
        await until(lambda: view.result.text() == "Incident details saved.")
        assert not details.isVisible()

        # -- a holding statement: the preview shows each channel's text -----------------
        view.statement_button.click()
        dialog = await shown(StatementDialog)
        dialog.template.setCurrentIndex(dialog.template.findData(flooding.id))
        values = {"location": "Eastbridge", "reference": "OP-TALON", "next_update": "13:00"}
        assert set(dialog.fields) == set(values)
        assert dialog.fields["reference"].text() == "OP-TALON"  # the incident's own
        for name in ("location", "next_update"):
            QTest.keyClicks(dialog.fields[name], values[name])
        dialog.next_update_on.setChecked(False)
        send = ok_button(dialog)
        assert not send.isEnabled()  # nothing goes before its preview is read

        def previewed() -> bool:
            text = dialog.preview.toPlainText()
            return all(
                "Eastbridge" in _preview_of(text, c) and "OP-TALON" in _preview_of(text, c)
                for c in ("North", "South")
            )

        await until(previewed)
        # Each channel's length as its network counts it, and where the statement goes.
        assert re.search(r"— North \(.*\) · \d+ of \d+ characters —", dialog.preview.toPlainText())
        await until(send.isEnabled)
        assert send.text() == "Send now to 2 channels"
        seen = await meanwhile(d, dialog, south)
        assert previewed()  # still there, before it is sent
        assert seen.late_by is not None
        ok_button(dialog).click()
        await until(lambda: view.statements_panel.table.rowCount() == 2)
        assert "sent to 2 channels" in view.result.text()
        await until(lambda: window.incident_counts.statements_sent == 2)  # the engine sent them

        # -- release one held post through the release dialog ---------------------------
        await until(lambda: view.model.rowCount() == 2)
        view.table.selectRow(0)
        [chosen] = view.selected_ids()
        view.release_button.click()
        release = await shown(ReleaseDialog)
        assert "Fun day" in release.posts.text()  # it names the post it releases
        release.now.click()
        QTest.keyClicks(release.reason, "harmless community news")
        await meanwhile(d, release, south)
        ok_button(release).click()
        await until(lambda: view.result.text() == "Released 1 post.")
        await until(lambda: window.incident_counts.released == 1)
        async with asyncio.timeout(15):  # released "now": the engine publishes it
            while await _target_status(session, chosen) != TargetStatus.PUBLISHED.value:
                await asyncio.sleep(0.05)

        # -- cancel the other: the reason's buttons say what they do ---------------------
        await until(lambda: view.model.rowCount() == 1)
        view.table.selectRow(0)
        view.cancel_button.click()
        cancel = await shown(ReasonDialog)
        assert cancel.windowTitle() == "Cancel the held post"
        keep = button(cancel, "Keep it held")
        cancel_it = button(cancel, "Cancel the post")
        QTest.keyClicks(_line(cancel), "no longer fit to publish")
        assert keep.isVisible()
        cancel_it.click()
        await until(lambda: window.incident_counts.cancelled == 1)
        await until(lambda: window.incident_counts.held == 0)

        # -- stand down, with its reason ---------------------------------------------------
        await _reason(
            d, view.stand_down_button, "Stand down Eastbridge market", south,
            "suspect arrested, scene released", "Stand down",
        )  # fmt: skip
        await until(lambda: window.banner.mode is ConsoleMode.NORMAL)
        await until(lambda: "stood down" in view.idle_result.text())

        assert PROMPTS.pending() == 0 and PROMPTS.showing() == []


async def test_saving_a_post_in_the_composer_through_its_real_dialogs(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    north, south = await _desk(
        session, ("North", "simulator", "north", ""), ("South", "simulator", "south", "")
    )
    picture = tmp_path / "closure-map.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    async with desk(session, qtbot) as d:
        window = d.window
        window.compose()
        composer = await shown(ComposerDialog)
        composer.choose_channels([north.id])
        QTest.keyClicks(composer.text, "Clocks go back tonight: the A1 is closed at Kingsford")
        await meanwhile(d, composer, south)

        # An image: Qt's own file chooser, then its alt text in its own field.
        composer.image_button.click()
        chooser = await shown(QFileDialog)
        assert chooser.testOption(QFileDialog.Option.DontUseNativeDialog)
        await meanwhile(d, chooser, south)
        name = chooser.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(picture))  # set, not typed: typing pops up its completer
        button(chooser, "Open").click()
        await until(lambda: len(composer.image_strip.rows) == 1)
        QTest.keyClicks(composer.image_strip.rows[0].alt, "Map of the closure on the A1")

        # 01:30 on the night the clocks go back: which one?
        composer.when.setDateTime(wall_clock(datetime(2027, 10, 31, 1, 30)))
        composer.queue_button.click()
        which = await shown(QMessageBox)
        assert which.windowTitle() == "Which 01:00-02:00?"
        await meanwhile(d, which, south)
        made: list[Post] = []
        composer.created.connect(made.append)
        button(which, "The second (winter time)").click()
        await until(lambda: bool(made))
        assert made[0].targets[0].scheduled_utc == "2027-10-31T01:30:00.000000Z"
        assert made[0].targets[0].status is TargetStatus.QUEUED
        await until(lambda: not composer.isVisible())
        images = await session.store.run(
            lambda db: db.execute("SELECT file_name, alt_text FROM post_images").fetchall()
        )
        assert [tuple(i) for i in images] == [("closure-map.png", "Map of the closure on the A1")]
        assert PROMPTS.showing() == []


async def test_amending_two_linked_posts_through_the_real_dialog(
    session: Session, qtbot: QtBot
) -> None:
    """A held post in Welsh and English that goes out as two linked posts: the amend
    dialog shows a box for each language, in the order they go out, each counted
    against the channel's limit; gold rewrites both while the engine works, and both
    new texts are stored (the post stays held)."""
    north, south = await _gold_desk(session)
    await settings.change(session, settings.BILINGUAL, Choice(Form.TWO, First.ENGLISH))
    later = to_iso(datetime.now(UTC) + timedelta(hours=1))
    post = await create_post(
        session, body="", welsh="Mae'r ffordd ar gau.", english="The road is closed.",
        channel_ids=[north.id], scheduled_utc=later,
    )  # fmt: skip
    [target] = post.targets
    # Turned off since: the post keeps its two texts (and the engine's own posts
    # meanwhile are in one language).
    await settings.change(session, settings.BILINGUAL, Choice())
    await _flood_in_north(session)

    async with desk(session, qtbot) as d:
        view, dialog = await _amend_the_held_post(d)
        assert dialog.second is not None
        form = dialog.findChild(QFormLayout)
        assert isinstance(form, QFormLayout)
        labels = [
            label.text()
            for row in range(form.rowCount())
            if isinstance(item := form.itemAt(row, QFormLayout.ItemRole.LabelRole), QLayoutItem)
            and isinstance(label := item.widget(), QLabel)
        ]
        assert labels == ["&English", "&Welsh", "Wh&y"]  # in the order they go out
        assert (dialog.text.toPlainText(), dialog.second.toPlainText()) == (
            "The road is closed.",
            "Mae'r ffordd ar gau.",
        )
        assert [c.text() for c in dialog.counts] == ["19 of 500 characters", "20 of 500 characters"]
        dialog.second.insertPlainText("x" * 490)  # over the channel's limit: counted so
        assert dialog.counts[1].text() == "510 of 500 characters"
        assert not ok_button(dialog).isEnabled()
        for edit, words in (
            (dialog.text, "The road is closed until 6 pm."),
            (dialog.second, "Mae'r ffordd ar gau tan 6 pm."),
        ):
            edit.selectAll()
            QTest.keyClick(edit, Qt.Key.Key_Delete)
            assert not ok_button(dialog).isEnabled()  # a box left empty: nothing to amend
            QTest.keyClicks(edit, words)
        assert [c.text() for c in dialog.counts] == ["30 of 500 characters", "29 of 500 characters"]
        QTest.keyClicks(dialog.reason, "time of reopening added")
        await meanwhile(d, dialog, south)
        ok_button(dialog).click()
        await until(lambda: view.result.text() == "Amended; it stays held until released.")
        rows = await session.store.run(lambda db: queue.rows(db, [target.id]))
        row = rows[target.id]
        assert (row.status, row.first_text, row.second_text) == (
            TargetStatus.HELD,
            "The road is closed until 6 pm.",
            "Mae'r ffordd ar gau tan 6 pm.",
        )
        assert PROMPTS.showing() == []


async def test_a_refused_amendment_comes_back_with_the_officers_words(
    session: Session, qtbot: QtBot
) -> None:
    """Another change lands while gold types: the core refuses (nothing saved), and the
    real dialog opens again with gold's own words, the reason, why it was refused and
    the post's words now; Amend then saves gold's words."""
    north, south = await _gold_desk(session)
    later = to_iso(datetime.now(UTC) + timedelta(hours=1))
    post = await create_post(
        session, body="Road closed.", channel_ids=[north.id], scheduled_utc=later
    )
    [target] = post.targets
    await _flood_in_north(session)

    async with desk(session, qtbot) as d:
        view, dialog = await _amend_the_held_post(d)
        assert not dialog.problem.isVisible()
        dialog.text.selectAll()
        QTest.keyClicks(dialog.text, "Road closed until 6 pm: use the A14.")
        QTest.keyClicks(dialog.reason, "diversion added")
        # Meanwhile the words change under gold (another amendment).
        await review.amend(session, target.id, "Road closed: avoid the area.", reason="other")
        await meanwhile(d, dialog, south)
        ok_button(dialog).click()
        again = await shown(AmendDialog)
        assert again is not dialog
        assert again.text.toPlainText() == "Road closed until 6 pm: use the A14."
        assert again.reason.text() == "diversion added"
        assert again.problem.isVisible() and "Nothing of yours was saved" in again.problem.text()
        assert "Road closed: avoid the area." in again.now.text()
        rows = await session.store.run(lambda db: queue.rows(db, [target.id]))
        assert rows[target.id].first_text == "Road closed: avoid the area."  # not saved
        await meanwhile(d, again, south)
        ok_button(again).click()
        await until(lambda: view.result.text() == "Amended; it stays held until released.")
        rows = await session.store.run(lambda db: queue.rows(db, [target.id]))
        assert rows[target.id].first_text == "Road closed until 6 pm: use the A14."
        assert PROMPTS.showing() == []


@pytest.fixture
def mastodon() -> Iterator[MastodonOAuthServer]:
    server = start_mastodon()
    yield server
    server.stop()


async def test_connecting_and_disconnecting_through_their_real_dialogs(
    session: Session, qtbot: QtBot, mastodon: MastodonOAuthServer
) -> None:
    north, masto = await _desk(
        session, ("North", "simulator", "north", ""), ("Force Mastodon", "mastodon", "force", "")
    )
    opened: list[str] = []

    async with desk(session, qtbot) as d:
        window = d.window
        window.sync_parts.open_url = lambda url: opened.append(
            url
        )  # the officer's browser, driven below
        window.show_area("channels")
        health = window.health_view
        await until(lambda: health.model.rowCount() == 2)
        health.select_channel(masto.id)
        health.connect_button.click()
        dialog = await shown(ConnectDialog)
        QTest.keyClicks(dialog.fields["instance_url"], mastodon.url)
        dialog.connect_button.click()
        await until(lambda: bool(opened) and "left" in dialog.waiting.text())
        # The officer takes a while in the browser; the console carries on.
        await meanwhile(d, dialog, north)
        page = await browse(opened[0])
        assert page.status_code == 200
        await until(lambda: dialog.connected)
        assert dialog.message.text().startswith("Force Mastodon is connected as Cordon.")
        assert (await credentials.connection(session.store, masto.id)).connected
        dialog.cancel_button.click()  # now "Close"
        await until(lambda: not dialog.isVisible())

        # Disconnect: why, asked with buttons that say what they do.
        health.select_channel(masto.id)
        await _reason(
            d, health.disconnect_button, "Disconnect Force Mastodon", north,
            "the account was handed to the press office", "Disconnect",
        )  # fmt: skip
        await until(lambda: "is disconnected" in health.result.text())
        assert not (await credentials.connection(session.store, masto.id)).connected
        assert PROMPTS.showing() == []
