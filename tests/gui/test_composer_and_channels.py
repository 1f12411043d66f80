"""The composer (counters, UK time with daylight saving, drafts) and the channels area."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from console import channel_admin
from console import users as user_admin
from console.session import Session
from storage import channels as channel_rows
from storage import posts
from storage.errors import StoreError
from storage.records import Role, TargetStatus
from tests.gui.waiting import ok_button, shown, until
from ui.channels.channels_view import ChannelsView, NewChannel, NewChannelDialog
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import typed, wall_clock
from ui.frame.main_window import MainWindow
from ui.queue.composer import ComposerDialog
from ui.queue.queue_view import RescheduleDialog

pytestmark = pytest.mark.asyncio


async def _desk(session: Session) -> Session:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    await channel_admin.add_channel(session, name="Force X", network="x", account="force")
    await channel_admin.add_channel(session, name="Force Sky", network="bluesky", account="f.sky")
    return session


def _set_when(dialog: ComposerDialog, moment: datetime) -> None:
    dialog.when.setDateTime(wall_clock(moment))


async def _composer(session: Session, qtbot: QtBot) -> ComposerDialog:
    channels = await session.store.run(channel_rows.all_channels)
    dialog = ComposerDialog(session, channels, Tasks())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


async def test_the_times_offered_are_never_in_the_hour_the_clocks_skip(
    session: Session, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 00:45 on the spring night the composer offered 01:15 and Reschedule 01:00,
    times that do not exist: the officer was refused on a default they never chose."""
    await _desk(session)
    night = datetime(2027, 3, 28, 0, 45, tzinfo=UTC)
    monkeypatch.setattr(session.store, "clock", lambda: night)
    dialog = await _composer(session, qtbot)
    assert typed(dialog.when) == datetime(2027, 3, 28, 2, 15)  # half an hour on, BST
    reschedule = RescheduleDialog(1, clock=session.store.clock)
    qtbot.addWidget(reschedule)
    assert typed(reschedule.when) == datetime(2027, 3, 28, 2, 0)


async def test_counters_count_the_way_each_network_does(session: Session, qtbot: QtBot) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    assert dialog.counters.text() == "Choose at least one channel."
    dialog.choose_channels([1, 2])
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    dialog.text.setPlainText(f"Hello {family}")
    text = dialog.counters.text()
    assert "<b>Force Sky</b>: 7/300" in text  # Bluesky: graphemes
    assert "<b>Force X</b>: 8/280" in text  # X: the emoji weighs two


async def test_a_time_in_the_spring_gap_is_refused(session: Session, qtbot: QtBot) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([1])
    dialog.text.setPlainText("Clocks go forward tonight")
    _set_when(dialog, datetime(2027, 3, 28, 1, 30))
    dialog.submit(draft=False)
    await until(lambda: dialog.message.text().startswith("There is no 01:30 on Sunday 28 March"))
    await until(lambda: dialog.queue_button.isEnabled())  # the officer may choose again
    count = await session.store.run(
        lambda db: db.execute("SELECT count(*) FROM posts").fetchone()[0]
    )
    assert count == 0


@pytest.fixture
def uk_desk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's own zone is UK time, as on an officer's desk (Qt reads it anew)."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("uk_desk")
async def test_a_time_typed_in_the_spring_gap_is_refused_on_a_desk_set_to_uk_time(
    session: Session, qtbot: QtBot
) -> None:
    """The officer steps the hour up from 00:30 on the night the clocks go forward:
    the edit shows 01:30 as typed (Qt on a UK desk made it 02:30 without a word, and
    queued the post there) and Queue says there is no such time."""
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([1])
    dialog.text.setPlainText("Clocks go forward tonight")
    _set_when(dialog, datetime(2027, 3, 28, 0, 30))
    dialog.when.setFocus()
    dialog.when.setCurrentSection(QDateTimeEdit.Section.HourSection)
    QTest.keyClick(dialog.when, Qt.Key.Key_Up)
    assert typed(dialog.when) == datetime(2027, 3, 28, 1, 30)
    assert "01:30" in dialog.when.text()
    dialog.submit(draft=False)
    await until(lambda: dialog.message.text().startswith("There is no 01:30 on Sunday 28 March"))
    count = await session.store.run(
        lambda db: db.execute("SELECT count(*) FROM posts").fetchone()[0]
    )
    assert count == 0


async def test_an_autumn_time_asks_which_and_queues_the_chosen_one(
    session: Session, qtbot: QtBot
) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([1])
    dialog.text.setPlainText("Clocks go back tonight")
    _set_when(dialog, datetime(2027, 10, 31, 1, 30))
    made: list[posts.Post] = []
    dialog.created.connect(made.append)
    PROMPTS.answer_next(1)  # the second 01:30, in GMT
    dialog.submit(draft=False)
    await until(lambda: bool(made))
    assert made[0].targets[0].scheduled_utc == "2027-10-31T01:30:00.000000Z"
    assert made[0].targets[0].status is TargetStatus.QUEUED


async def test_too_long_for_one_channel_names_it_and_saves_nothing(
    session: Session, qtbot: QtBot
) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([1, 2])
    dialog.text.setPlainText("x" * 290)
    dialog.now_button.setChecked(True)
    dialog.submit(draft=False)
    await until(lambda: dialog.message.text() != "")
    assert dialog.message.text().startswith("Force X: X allows 280 characters: this is 10")


async def test_a_draft_needs_no_time_and_a_past_time_is_refused(
    session: Session, qtbot: QtBot
) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([2])
    dialog.text.setPlainText("Draft for later")
    _set_when(dialog, datetime.now(UTC).replace(tzinfo=None) - timedelta(days=2))
    dialog.submit(draft=False)
    await until(
        lambda: dialog.message.text() == "That time has passed: choose a later one, or Publish now."
    )
    await until(lambda: dialog.draft_button.isEnabled())
    made: list[posts.Post] = []
    dialog.created.connect(made.append)
    dialog.submit(draft=True)
    await until(lambda: bool(made))
    assert made[0].targets[0].status is TargetStatus.DRAFT
    assert made[0].targets[0].scheduled_utc is None


async def test_the_window_opens_the_composer_and_shows_the_queue_after(
    session: Session, qtbot: QtBot
) -> None:
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.compose()
    await until(lambda: window.composer is not None and window.composer.isVisible())
    composer = window.composer
    assert composer is not None
    composer.choose_channels([2])
    composer.text.setPlainText("From the window")
    composer.now_button.setChecked(True)
    composer.submit(draft=False)
    await until(lambda: window.current_area() == "queue")
    await until(lambda: window.queue_view.model.rowCount() == 1)
    window.close_for_good()


async def test_channels_area_adds_and_disables_with_reasons(session: Session, qtbot: QtBot) -> None:
    view = ChannelsView(session, Tasks())
    qtbot.addWidget(view)
    await view.refresh()
    PROMPTS.answer_next(NewChannel("Northshire Police", "mastodon", "@northshire", "Force-wide"))
    view.add_button.click()
    await until(lambda: view.table.rowCount() == 1)
    assert view.result.text() == "Added Northshire Police."
    view.table.selectRow(0)
    PROMPTS.answer_next("account compromised")
    view.toggle_button.click()
    await until(lambda: view.result.text() == "Northshire Police is now disabled.")
    await until(lambda: _cell(view, 0, 4) == "Disabled")


async def test_enabling_asks_the_enabling_question(session: Session, qtbot: QtBot) -> None:
    view = ChannelsView(session, Tasks())
    qtbot.addWidget(view)
    await channel_admin.add_channel(session, name="Northshire", network="mastodon", account="n")
    await view.refresh()
    view.table.selectRow(0)
    PROMPTS.answer_next("account compromised")
    view.toggle_button.click()
    await until(lambda: view.result.text() == "Northshire is now disabled.")
    assert PROMPTS.shown[-1] == (
        "Disable Northshire: Why? A disabled channel publishes nothing; its queued posts wait."
    )
    await until(lambda: _cell(view, 0, 4) == "Disabled")
    view.table.selectRow(0)
    PROMPTS.answer_next("account secured")
    view.toggle_button.click()
    await until(lambda: view.result.text() == "Northshire is now enabled.")
    asked = PROMPTS.shown[-1]
    assert asked.startswith("Enable Northshire: ")
    assert "A disabled channel publishes nothing" not in asked
    assert "publishes and syncs again" in asked


async def test_the_add_form_says_what_is_wrong_and_keeps_what_was_typed(
    session: Session, qtbot: QtBot
) -> None:
    await channel_admin.add_channel(session, name="Northshire", network="mastodon", account="n")
    view = ChannelsView(session, Tasks())
    qtbot.addWidget(view)
    await view.refresh()
    view.add_button.click()
    dialog = await shown(NewChannelDialog)
    dialog.account.setText("@kingsbridge")
    dialog.area.setText("Kingsbridge")

    ok_button(dialog).click()  # no name
    assert dialog.isVisible()
    assert dialog.problem.text() == "A channel needs a name and the account it posts as."
    assert dialog.account.text() == "@kingsbridge" and dialog.area.text() == "Kingsbridge"

    dialog.name.setText("  Northshire ")  # taken
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text() == "There is already a channel called Northshire."
    dialog.name.setText("NORTHSHIRE")  # differs only in case: mistaken for it in every list
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text() == "There is already a channel called Northshire."

    dialog.name.setText("K" * 61)  # too long
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text() == "A channel's name may be up to 60 characters; this one has 61."

    dialog.name.setText("Kingsbridge\x07")  # a control character
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text() == "A channel's name may not hold control characters."

    dialog.name.setText("Kingsbridge")
    ok_button(dialog).click()
    await until(lambda: view.result.text() == "Added Kingsbridge.")
    assert not dialog.isVisible()
    await until(lambda: view.table.rowCount() == 2)


async def test_a_channel_name_is_refused_when_too_long_or_with_control_characters(
    session: Session,
) -> None:
    with pytest.raises(StoreError, match="may be up to 60 characters; this one has 400"):
        await channel_admin.add_channel(session, name="N" * 400, network="x", account="force")
    with pytest.raises(StoreError, match="may not hold control characters"):
        await channel_admin.add_channel(session, name="North\x00shire", network="x", account="f")
    longest = await channel_admin.add_channel(session, name="N" * 60, network="x", account="force")
    assert longest.name == "N" * 60
    assert [c.name for c in await session.store.run(channel_rows.all_channels)] == ["N" * 60]


def _cell(view: ChannelsView, row: int, column: int) -> str:
    item = view.table.item(row, column)
    return item.text() if item is not None else ""


async def test_an_exercise_store_takes_only_simulator_channels(exercise_session: Session) -> None:
    with pytest.raises(StoreError, match="An exercise store takes only simulator channels"):
        await channel_admin.add_channel(exercise_session, name="Real", network="x", account="a")
    added = await channel_admin.add_channel(
        exercise_session, name="Sim", network="simulator", account="sim"
    )
    assert added.network == "simulator"


async def test_approval_rules_are_set_per_channel_and_kind(session: Session, qtbot: QtBot) -> None:
    from console import approval
    from storage.records import ContentKind

    await _desk(session)
    view = ChannelsView(session, Tasks())
    qtbot.addWidget(view)
    await view.refresh()
    row = next(r for r in range(2) if _cell(view, r, 0) == "Force X")
    view.table.selectRow(row)
    PROMPTS.answer_next(
        ({ContentKind.POST: True, ContentKind.HOLDING_STATEMENT: True, ContentKind.REPLY: False},
         "press office policy")
    )  # fmt: skip
    view.rules_button.click()
    await until(lambda: view.result.text() == "Approval rules for Force X saved.")
    await until(lambda: _cell(view, row, 5) == "posts, holding statements")
    rules = await approval.rules_for(session, 1)
    assert rules == {
        ContentKind.POST: True,
        ContentKind.HOLDING_STATEMENT: True,
        ContentKind.REPLY: False,
    }


async def test_a_channel_can_have_its_own_version(session: Session, qtbot: QtBot) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([2])
    dialog.text.setPlainText("x" * 290)  # too long for X (280), fine for Bluesky (300)
    version = dialog.add_version(1)  # Force X gets its own, shorter text
    assert sorted(dialog.chosen()) == [1, 2]
    version.setPlainText("Short for X")
    assert "<b>Force X</b>: 11/280" in dialog.counters.text()
    assert "<b>Force Sky</b>: 290/300" in dialog.counters.text()
    made: list[posts.Post] = []
    dialog.created.connect(made.append)
    dialog.now_button.setChecked(True)
    dialog.submit(draft=False)
    await until(lambda: bool(made))
    query = "SELECT channel_id, body_override FROM targets ORDER BY channel_id"
    texts = await session.store.run(lambda db: db.execute(query).fetchall())
    assert texts == [(1, "Short for X"), (2, None)]


async def test_duplicate_opens_the_composer_with_the_posts_text_and_channels(
    session: Session, qtbot: QtBot
) -> None:
    from console.posts import create_post

    await _desk(session)
    later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    await create_post(session, body="Repeat me", channel_ids=[1, 2], scheduled_utc=later)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("queue")
    await window.queue_view.refresh()
    window.queue_view.table.selectRow(0)
    await until(lambda: window.queue_view.model.record_at(0) is not None)
    window.queue_view.table.setCurrentIndex(window.queue_view.model.index(0, 0))
    window.queue_view.duplicate_button.click()
    await until(lambda: window.composer is not None and window.composer.isVisible())
    assert window.composer is not None
    assert window.composer.text.toPlainText() == "Repeat me"
    assert sorted(window.composer.chosen()) == [1, 2]
    window.close_for_good()


async def test_edit_changes_the_text_of_a_queued_post(session: Session, qtbot: QtBot) -> None:
    from console.posts import create_post

    await _desk(session)
    later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    await create_post(session, body="Old words", channel_ids=[2], scheduled_utc=later)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("queue")
    await window.queue_view.refresh()
    await until(lambda: window.queue_view.model.record_at(0) is not None)
    window.queue_view.table.setCurrentIndex(window.queue_view.model.index(0, 0))
    window.queue_view.edit_button.click()
    await until(lambda: window.composer is not None and window.composer.isVisible())
    composer = window.composer
    assert composer is not None
    assert composer.windowTitle() == "Edit post"
    assert composer.text.toPlainText() == "Old words"
    assert not composer.channel_list.isEnabled()
    composer.text.setPlainText("New words")
    composer.submit(draft=False)
    await until(lambda: window.queue_view.model.data(window.queue_view.model.index(0, 3))
                == "New words")  # fmt: skip
    window.close_for_good()


async def test_an_image_needs_alt_text_in_the_composer(
    session: Session, qtbot: QtBot, tmp_path: object
) -> None:
    """The image stays, shown as a thumbnail; its missing alt text marks its field,
    and the mark and the sentence go once the alt text is written."""
    from pathlib import Path

    from PySide6.QtGui import QColor, QImage
    from PySide6.QtTest import QTest

    assert isinstance(tmp_path, Path)
    picture = tmp_path / "cordon.png"
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#1d4ed8"))
    assert image.save(str(picture))
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([2])
    dialog.text.setPlainText("Road closed: see the map")
    PROMPTS.answer_next(str(picture))
    dialog.image_button.click()
    await until(lambda: len(dialog.image_strip.rows) == 1)
    row = dialog.image_strip.rows[0]
    pixmap = row.thumbnail.pixmap()
    assert not pixmap.isNull() and pixmap.width() <= 56  # a thumbnail, not a file name
    assert row.alt.property("missing") != "true"  # not marked before the officer goes on
    dialog.now_button.setChecked(True)
    dialog.queue_button.click()
    assert "alt text" in dialog.message.text()
    assert row.alt.property("missing") == "true"
    assert len(dialog.image_strip.rows) == 1  # the image is kept
    QTest.keyClicks(row.alt, "Map of the closure on the A1")
    assert row.alt.property("missing") == "false"
    assert dialog.message.text() == ""  # the error clears once it is fixed
    made: list[posts.Post] = []
    dialog.created.connect(made.append)
    dialog.queue_button.click()
    await until(lambda: bool(made))
    images = await session.store.run(lambda db: posts.images_of(db, made[0].id))
    assert [(i.file_name, i.alt_text) for i in images] == [
        ("cordon.png", "Map of the closure on the A1")
    ]


async def test_the_preview_shows_the_text_as_each_channel_carries_it(
    session: Session, qtbot: QtBot
) -> None:
    """Cut where each network's limit falls, counted its way, links marked."""
    await _desk(session)
    dialog = await _composer(session, qtbot)
    assert "Choose a channel" in dialog.preview.toPlainText()
    dialog.choose_channels([1, 2])
    words = "Flood water on the A1 at Kingsford: please find another way. "
    dialog.text.setPlainText(words + "More at https://northshire.police.uk/roads")
    text = dialog.preview.toPlainText()
    assert "Force X (X) · 92 of 280 characters · each link counts as 23" in text
    assert "Force Sky (Bluesky) · 103 of 300 characters" in text
    assert "underline" in dialog.preview.toHtml()  # the link is marked
    assert "line-through" not in dialog.preview.toHtml()
    dialog.text.setPlainText(words * 5)  # 305: past both limits
    shown = dialog.preview.toHtml()
    assert shown.count("line-through") == 2  # the part each network would not carry
    assert "305 of 280" in dialog.preview.toPlainText()


async def test_the_emoji_picker_inserts_at_the_cursor(session: Session, qtbot: QtBot) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.text.setPlainText("Stay safe ")
    cursor = dialog.text.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    dialog.text.setTextCursor(cursor)
    dialog.emoji_button.click()
    picker = dialog.emoji_picker
    await until(picker.isVisible)
    picker.buttons["🚨"].click()
    assert dialog.text.toPlainText() == "Stay safe 🚨"
    assert not picker.isVisible()


async def test_ctrl_return_pressed_twice_queues_one_post(session: Session, qtbot: QtBot) -> None:
    await _desk(session)
    dialog = await _composer(session, qtbot)
    dialog.choose_channels([2])
    dialog.text.setPlainText("Road closed at the junction: please avoid the area.")
    dialog.now_button.setChecked(True)
    made: list[posts.Post] = []
    dialog.created.connect(made.append)
    [queue] = [
        shortcut
        for shortcut in dialog.findChildren(QShortcut)
        if shortcut.key() == QKeySequence("Ctrl+Return")
    ]
    queue.activated.emit()  # the officer's two quick presses
    queue.activated.emit()
    await until(lambda: bool(made))
    await asyncio.sleep(0.3)  # time for a second save, were one under way
    count = await session.store.run(lambda db: db.execute("SELECT count(*) FROM posts").fetchone())
    assert count[0] == 1
