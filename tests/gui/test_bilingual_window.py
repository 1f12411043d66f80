"""Posts in Welsh and English in the window: the settings box changes the store's
setting, and the composer shows a Welsh box beside the English one, counts what each
channel will be sent, and says a language is missing before Queue is pressed (the
core refuses it in the same sentence)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from console import channel_admin, settings
from console import users as user_admin
from console.bilingual import SEPARATOR, Choice, First, Form
from console.session import Session
from storage import posts
from storage.records import Role
from tests.gui.test_composer_and_channels import _composer as plain_composer
from tests.gui.waiting import until
from ui.composer import ComposerDialog
from ui.settings_view import SettingsView
from ui.tasks import Tasks

pytestmark = pytest.mark.asyncio

NO_WELSH = (
    "This post has no Welsh text. The force requires both languages: add the Welsh, or "
    "ask an administrator to turn bilingual posting off."
)


async def _desk(session: Session, choice: Choice) -> Session:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    await channel_admin.add_channel(session, name="Force X", network="x", account="force")
    await channel_admin.add_channel(session, name="Force Sky", network="bluesky", account="f.sky")
    if choice.on:
        await settings.change(session, settings.BILINGUAL, choice, reason="test")
    return session


async def _composer(session: Session, qtbot: QtBot, choice: Choice) -> ComposerDialog:
    """The composer open, with the force posting in both languages by ``choice``."""
    await _desk(session, choice)
    dialog = await plain_composer(session, qtbot)
    await until(lambda: dialog.welsh.isVisible())
    return dialog


async def test_the_settings_box_changes_bilingual_posting(session: Session, qtbot: QtBot) -> None:
    await _desk(session, Choice())
    view = SettingsView(session, Tasks())
    qtbot.addWidget(view)
    await view.refresh()
    assert view.chosen_bilingual() == Choice()
    assert not view.bilingual_first.isEnabled()  # off: no order to choose
    view.bilingual_form.setCurrentIndex(view.bilingual_form.findData("two"))
    assert view.bilingual_first.isEnabled()
    view.bilingual_first.setCurrentIndex(view.bilingual_first.findData("en"))
    view.bilingual_apply.click()
    await until(lambda: view.users_result.text() == "Bilingual posting changed.")
    assert await settings.get(session.store, settings.BILINGUAL) == Choice(Form.TWO, First.ENGLISH)


async def test_the_composer_refuses_a_post_without_welsh_before_and_on_queue(
    session: Session, qtbot: QtBot
) -> None:
    dialog = await _composer(session, qtbot, Choice(Form.ONE, First.WELSH))
    assert dialog.text_label.text() == "&English"
    assert not dialog.version_button.isVisible()
    dialog.choose_channels([1])
    dialog.text.setPlainText("The A470 is closed.")
    assert dialog.message.text() == NO_WELSH  # said before Queue is pressed
    dialog.now_button.setChecked(True)
    dialog.submit(draft=False)
    await until(lambda: dialog.queue_button.isEnabled())
    assert dialog.message.text() == NO_WELSH  # and the core's refusal is the same sentence
    count = await session.store.run(
        lambda db: db.execute("SELECT count(*) FROM posts").fetchone()[0]
    )
    assert count == 0
    dialog.welsh.setPlainText("Mae'r A470 ar gau.")
    assert dialog.message.text() == ""
    combined = "Mae'r A470 ar gau." + SEPARATOR + "The A470 is closed."
    assert f"{len(combined)}/280" in dialog.counters.text()  # the one post X is sent
    made: list[posts.Post] = []
    dialog.created.connect(made.append)
    dialog.submit(draft=False)
    await until(lambda: bool(made))
    assert (made[0].welsh, made[0].english, made[0].body) == (
        "Mae'r A470 ar gau.",
        "The A470 is closed.",
        combined,
    )


async def test_two_linked_posts_count_each_post_on_its_own(session: Session, qtbot: QtBot) -> None:
    dialog = await _composer(session, qtbot, Choice(Form.TWO, First.ENGLISH))
    dialog.choose_channels([2])
    dialog.welsh.setPlainText("Cymraeg " * 30)  # 240 graphemes
    dialog.text.setPlainText("English " * 10)  # 80
    counters = dialog.counters.text()
    assert "<b>Force Sky</b>: " in counters
    # English first, then Welsh: each against Bluesky's 300.
    assert counters.index("79/300") < counters.index("239/300")
