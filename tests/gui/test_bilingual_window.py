"""Posts in Welsh and English in the window: the settings box changes the store's
setting; the composer shows a Welsh box beside the English one, counts what each
channel will be sent, and says a language is missing before Queue is pressed (the
core refuses it in the same sentence); and a holding statement written in both
languages in the template library goes out in both when incident mode is engaged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from console import channel_admin, settings
from console import users as user_admin
from console.adapters import ByNetwork
from console.bilingual import SEPARATOR, Choice, First, Form
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher
from console.session import Session
from console.simulator import SimulatorServer
from incident import statements
from incident.engage import Details
from storage import channels as channel_rows
from storage import posts
from storage.records import Role
from storage.store import Transaction
from tests.gui.sync_window import desk, inject
from tests.gui.test_composer_and_channels import _composer as plain_composer
from tests.gui.test_inbox_window import opened, select_text, shown, with_people
from tests.gui.test_incident_window import engage_in_window
from tests.gui.waiting import until
from tests.helpers import FAST_KDF
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import StatementAnswer
from ui.incident.template_dialog import TemplateLibrary
from ui.queue.composer import ComposerDialog
from ui.settings.settings_view import SettingsView

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


async def test_engaging_incident_mode_sends_the_holding_statement_in_both_languages(
    session: Session, qtbot: QtBot
) -> None:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER, Role.APPROVER], reason="t"
    )
    gold_user = await user_admin.add_user(
        session, name="gold", password="gold commander phrase", roles=[Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    gold = Session(session.store, gold_user, via="test")

    def add(tx: Transaction) -> None:
        for name, account in (("Force North", "north"), ("Force South", "south")):
            channel_rows.insert(
                tx.db, name=name, network="simulator", account=account, area="Wales",
                now=tx.now(),
            )  # fmt: skip

    await session.store.write(add)
    await settings.change(session, settings.BILINGUAL, Choice(Form.TWO, First.WELSH))

    # Gold writes the template in both languages in the library; alice pre-approves it.
    library = TemplateLibrary(gold, Tasks())
    qtbot.addWidget(library)
    await library.load()
    library._new()
    library.name.setText("Bridge closed")
    library.kind.setText("Road closure")
    library.body.setPlainText("{location} bridge is closed. Ref {reference}.")
    library.welsh.setPlainText("Mae pont {location} ar gau. Cyf {reference}.")
    library.save()
    await until(lambda: library.message.text() == "Saved.")
    saved = next(t for t in await statements.templates(session.store) if t.name == "Bridge closed")
    assert saved.welsh == "Mae pont {location} ar gau. Cyf {reference}."
    await statements.pre_approve(session, saved.id, reason="agreed wording")
    library.close()

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.incident_view.pages.currentIndex() == 0)
    await engage_in_window(
        window, Details("Menai bridge", "OP-PONT", "Ch Supt Gold", "Bridge damaged")
    )
    await until(lambda: PROMPTS.pending() == 0)
    view = window.incident_view
    values = {"location": "Menai", "reference": "OP-PONT"}
    PROMPTS.answer_next(StatementAnswer(saved.id, values, [1, 2], None))
    view.statement_button.click()
    await until(lambda: "sent to 2 channels" in view.result.text())
    server = SimulatorServer().start()  # the engine's part: the statement goes out
    adapter = SimulatorAdapter(server.url)
    try:
        results = await Publisher(session.store, ByNetwork({"simulator": adapter})).publish_due()
        assert [r.status for r in results] == ["published", "published"]
        await until(lambda: window.incident_counts.statements_sent == 2)
        for account in ("north", "south"):  # Welsh first, then the English
            assert [r.text for r in server.received(account)] == [
                "Mae pont Menai ar gau. Cyf OP-PONT.",
                "Menai bridge is closed. Ref OP-PONT.",
            ]
    finally:
        await adapter.aclose()
        server.stop()
    window.close_for_good()


async def test_a_saved_reply_in_both_languages_is_inserted_with_both(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    await settings.change(session, settings.BILINGUAL, Choice(Form.ONE, First.ENGLISH))
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        composer = view.pane.composer
        # The approvers' dialog keeps the Welsh beside the English.
        composer.manage_saved_replies()
        dialog = composer.saved_dialog
        await until(lambda: dialog.message.text() != "")
        dialog.new()
        dialog.name.setText("Call 101")
        dialog.body.setPlainText("Please call 101, quoting {reference}.")
        dialog.welsh.setPlainText("Ffoniwch 101, gan ddyfynnu {reference}.")
        dialog.save()
        await until(lambda: dialog.message.text() == "Saved.")
        dialog.reject()
        await inject(d, {"account": "north", "author_handle": "pat", "text": "Bike stolen"})
        await shown(view, 1)
        await select_text(view, "Bike")
        await opened(view)
        await until(lambda: composer.saved_choice.findText("Call 101") >= 0)
        composer.saved_choice.setCurrentIndex(composer.saved_choice.findText("Call 101"))
        PROMPTS.answer_next({"reference": "NP-7"})
        composer.use_saved.click()
        both = "Please call 101, quoting NP-7." + SEPARATOR + "Ffoniwch 101, gan ddyfynnu NP-7."
        await until(lambda: composer.text.toPlainText() == both)  # English first, as set


async def test_a_bilingual_post_is_edited_in_both_boxes_from_the_queue(
    session: Session, qtbot: QtBot
) -> None:
    """Edit on a bilingual post opens the editor with its Welsh and English in their
    boxes; a mended Welsh text is saved with Save (the dialog's own button), and the
    queue shows the post as it will now go out."""
    from console.posts import create_post
    from storage.timeutil import to_iso

    await _desk(session, Choice(Form.ONE, First.WELSH))
    later = to_iso(session.store.clock() + timedelta(hours=1))
    typo, welsh, english = "Mae'r A470 ar gua.", "Mae'r A470 ar gau.", "The A470 is closed."
    post = await create_post(session, body="", welsh=typo, english=english, channel_ids=[1],
                             scheduled_utc=later)  # fmt: skip
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("queue")
    queue = window.queue_view
    await queue.refresh()
    await until(lambda: queue.model.record_at(0) is not None)
    queue.table.setCurrentIndex(queue.model.index(0, 0))
    queue.edit_button.click()
    await until(lambda: window.composer is not None and window.composer.isVisible())
    composer = window.composer
    assert composer is not None
    await until(lambda: composer.welsh.isVisible())
    assert composer.windowTitle() == "Edit post"
    assert (composer.welsh.toPlainText(), composer.text.toPlainText()) == (typo, english)
    assert composer.text_label.text() == "&English"
    composer.welsh.setPlainText(welsh)
    combined = welsh + SEPARATOR + english
    assert f"{len(combined)}/280" in composer.counters.text()  # what X will be sent
    composer.queue_button.click()  # Save
    await until(lambda: not composer.isVisible() or bool(composer.message.text()))
    assert composer.message.text() == ""
    await until(lambda: (r := queue.model.record_at(0)) is not None and r.text == combined)
    edited = await session.store.run(lambda db: posts.get(db, post.id))
    assert edited is not None and (edited.welsh, edited.english) == (welsh, english)
    window.close_for_good()
