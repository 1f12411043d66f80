"""The lock leaves nothing of the officer's usable over the lock screen: the composer
(put away, back only for the same officer), the template library, and any dialog
of the window's, however it was opened; nothing done in them after the lock is saved."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from console import channel_admin
from console import queue as queue_service
from console import users as user_admin
from console.session import Session
from storage import audit
from storage.posts import Post
from storage.records import Role
from tests.gui.waiting import shown, until
from tests.helpers import FAST_KDF, PASSWORD
from ui.frame.main_window import MainWindow
from ui.incident.template_dialog import TemplateLibrary
from ui.queue.composer import ComposerDialog

pytestmark = pytest.mark.asyncio

GOLD_PASSWORD = "gold command phrase"


async def _desk(session: Session) -> MainWindow:
    """alice may compose and manage templates; gold is another officer who may too."""
    roles = [Role.ADMINISTRATOR, Role.DUTY_OFFICER, Role.APPROVER]
    await user_admin.set_roles(session, "alice", roles, reason="test")
    await user_admin.add_user(
        session, name="gold", password=GOLD_PASSWORD, roles=[Role.DUTY_OFFICER, Role.APPROVER],
        display_name="Gold", kdf=FAST_KDF,
    )  # fmt: skip
    await channel_admin.add_channel(session, name="Force X", network="x", account="force")
    window = MainWindow(session)
    window.show()
    await until(lambda: window.audit_view.model.rowCount() > 0)
    return window


async def _since_lock(session: Session) -> list[tuple[str, str]]:
    """Who did what in the audit trail after the newest ``session.lock``."""
    entries = await session.store.run(lambda db: list(audit.iter_entries(db)))
    actions = [(e.actor, e.action) for e in entries]
    last = max(i for i, (_actor, action) in enumerate(actions) if action == "session.lock")
    return actions[last + 1 :]


async def _unlock(window: MainWindow, user: str, password: str) -> None:
    window.lock_screen.user_edit.setText(user)
    window.lock_screen.password_edit.setText(password)
    window.lock_screen.unlock_button.click()
    await until(lambda: not window.locked)


async def _open_composer(window: MainWindow, text: str) -> ComposerDialog:
    new_post = next(a for a in window.findChildren(QAction) if a.text() == "&New post…")
    new_post.trigger()
    composer = await shown(ComposerDialog)
    composer.choose_channels([1])
    composer.text.setPlainText(text)
    composer.now_button.setChecked(True)
    return composer


def _showing(kind: type[QDialog]) -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


async def test_a_locked_composer_posts_nothing_and_another_officer_never_gets_it(
    session: Session, qtbot: QtBot
) -> None:
    window = await _desk(session)
    qtbot.addWidget(window)
    composer = await _open_composer(window, "The A1 is closed at Kirkby")

    window.lock_button.click()
    assert window.locked
    assert not composer.isVisible() and not composer.isEnabled()
    assert QApplication.activeModalWidget() is None  # nothing over the lock screen
    assert window.lock_screen.kept_note.isVisibleTo(window.lock_screen)
    assert window.lock_screen.kept_note.text() == (
        "The post alice was writing is put away, unsent: it comes back when alice unlocks, "
        "and is discarded if another officer signs in."
    )
    # Whatever reaches its buttons now, nothing is sent.
    composer.queue_button.click()
    composer.submit(draft=False)
    composer.submit(draft=True)

    await _unlock(window, "gold", GOLD_PASSWORD)
    await until(lambda: not isValid(composer))  # closed and gone: not gold's to use
    assert window.composer is None
    assert _showing(ComposerDialog) == []
    assert not window.lock_screen.kept_note.isVisibleTo(window.lock_screen)
    # Only the handover after the lock: no post made, in alice's name or anyone's.
    since = await _since_lock(session)
    assert since == [("alice", "session.sign_out"), ("gold", "session.sign_in")]
    assert await queue_service.post(session.store, 1) is None
    window.close_for_good()


async def test_the_same_officer_finds_the_post_again_after_unlocking(
    session: Session, qtbot: QtBot
) -> None:
    window = await _desk(session)
    qtbot.addWidget(window)
    composer = await _open_composer(window, "Please avoid the town centre")
    window.lock("no input for a while")
    assert not composer.isVisible()

    await _unlock(window, "alice", PASSWORD)
    await until(lambda: composer.isVisible())
    assert composer.isEnabled() and window.composer is composer
    assert composer.text.toPlainText() == "Please avoid the town centre"
    assert composer.chosen() == [1]
    assert ("alice", "session.unlock") in await _since_lock(session)
    made: list[Post] = []
    composer.created.connect(made.append)
    composer.queue_button.click()  # hers again: it posts, as her
    await until(lambda: bool(made) or bool(composer.message.text()))
    assert composer.message.text() == ""
    await until(lambda: window.current_area() == "queue")
    assert made[0].author_id == session.user.id
    assert ("alice", "post.create") in await _since_lock(session)
    window.close_for_good()


@pytest.mark.parametrize("button", ["queue_button", "draft_button"])
async def test_a_save_asked_for_as_the_console_locks_saves_nothing(
    session: Session, qtbot: QtBot, button: str
) -> None:
    window = await _desk(session)
    qtbot.addWidget(window)
    composer = await _open_composer(window, "Roads reopened")
    getattr(composer, button).click()  # its save is under way...
    window.lock("locked by hand")  # ...when the console locks
    await until(lambda: composer.queue_button.isEnabledTo(composer))  # ended, saving nothing
    await _unlock(window, "alice", PASSWORD)
    await until(lambda: composer.isVisible())
    assert composer.text.toPlainText() == "Roads reopened"  # still hers to send
    assert [action for _actor, action in await _since_lock(session)] == ["session.unlock"]
    window.close_for_good()


async def test_an_empty_composer_is_simply_closed(session: Session, qtbot: QtBot) -> None:
    window = await _desk(session)
    qtbot.addWidget(window)
    composer = await _open_composer(window, "")
    window.lock("locked by hand")
    assert not window.lock_screen.kept_note.isVisibleTo(window.lock_screen)
    await until(lambda: not isValid(composer))
    await _unlock(window, "alice", PASSWORD)
    assert window.composer is None and _showing(ComposerDialog) == []
    window.close_for_good()


async def test_the_lock_closes_the_template_library_and_any_dialog_of_the_window(
    session: Session, qtbot: QtBot
) -> None:
    window = await _desk(session)
    qtbot.addWidget(window)
    window.show_area("incident")
    window.incident_view.idle_templates_button.click()
    library = await shown(TemplateLibrary)
    await until(lambda: library.listing.count() > 0)
    library.new_button.click()
    library.name.setText("Gas leak")
    library.kind.setText("Gas")
    library.body.setPlainText("Stay away from {location}.")
    # A dialog a view opens by itself, not through PROMPTS (as a future one might).
    other = QDialog(window.queue_view)
    other.open()
    assert other.isVisible()

    window.lock_button.click()
    assert not library.isVisible() and not other.isVisible()
    assert QApplication.activeModalWidget() is None
    await until(lambda: not isValid(other))
    # The library holds a template not yet saved: put away for alice, and said so.
    assert isValid(library) and not library.isEnabled()
    note = window.lock_screen.kept_note
    assert note.isVisibleTo(window.lock_screen)
    assert note.text() == (
        "The changes alice had not saved in Holding statement templates are put away: they "
        "come back when alice unlocks, and are discarded if another officer signs in."
    )

    await _unlock(window, "gold", GOLD_PASSWORD)  # another officer: alice's work is dropped
    await until(lambda: not isValid(library))
    assert _showing(TemplateLibrary) == []
    since = await _since_lock(session)
    assert since == [("alice", "session.sign_out"), ("gold", "session.sign_in")]
    window.close_for_good()


async def test_a_library_with_unsaved_changes_comes_back_to_the_same_officer(
    session: Session, qtbot: QtBot
) -> None:
    window = await _desk(session)
    qtbot.addWidget(window)
    window.show_area("incident")
    window.incident_view.idle_templates_button.click()
    library = await shown(TemplateLibrary)
    await until(lambda: library.listing.count() > 0)
    library.body.setPlainText(library.body.toPlainText() + " Avoid the area.")
    edited = library.body.toPlainText()

    window.lock("locked by hand")
    assert not library.isVisible()
    assert window.lock_screen.kept_note.isVisibleTo(window.lock_screen)
    library.save_button.click()  # hidden and taking no input: nothing is saved
    await _unlock(window, "alice", PASSWORD)
    await until(library.isVisible)
    assert library.isEnabled() and library.body.toPlainText() == edited
    assert not window.lock_screen.kept_note.isVisibleTo(window.lock_screen)
    assert await _since_lock(session) == [("alice", "session.unlock")]
    window.close_for_good()
