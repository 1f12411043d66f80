"""The holding-statement dialog shows the statement card an Instagram channel gets,
beside the per-channel text, and no card when no such channel is ticked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from console import settings
from console.session import Session
from incident import statements
from storage import channels
from storage.store import Transaction
from tests.gui.waiting import until
from ui.common.tasks import Tasks
from ui.incident.incident_dialogs import StatementDialog

pytestmark = pytest.mark.asyncio


async def test_the_card_shows_beside_the_text_while_instagram_is_ticked(
    session: Session, qtbot: QtBot
) -> None:
    def add(tx: Transaction) -> None:
        channels.insert(tx.db, name="Force X", network="simulator", account="force",
                        area="North", now=tx.now())  # fmt: skip
        channels.insert(tx.db, name="Force Instagram", network="instagram", account="178414",
                        area="North", now=tx.now())  # fmt: skip

    await session.store.write(add)
    await settings.change(session, settings.CARD_FORCE_NAME, "Northshire Police")
    await statements.ensure_shipped(session.store)
    templates = await statements.templates(session.store)
    listed = await session.store.run(channels.all_channels)
    dialog = StatementDialog(session.store, templates, listed, Tasks())
    qtbot.addWidget(dialog)
    dialog.template.setCurrentIndex(
        next(i for i, t in enumerate(templates) if t.name == "Flooding")
    )
    for name, value in {"location": "Eastbridge", "reference": "F-1",
                        "next_update": "13:00"}.items():  # fmt: skip
        dialog.fields[name].setText(value)

    await until(lambda: dialog.card.isVisibleTo(dialog))
    pixmap = dialog.card.pixmap()
    assert (pixmap.width(), pixmap.height()) == (1080, 1350)
    assert "Eastbridge" in dialog.card.toolTip()
    assert "statement card" in dialog.preview.toPlainText()

    instagram_row = next(
        dialog.channels.item(i) for i in range(dialog.channels.count())
        if "Instagram" in dialog.channels.item(i).text()
    )  # fmt: skip
    instagram_row.setCheckState(Qt.CheckState.Unchecked)
    await until(lambda: not dialog.card.isVisibleTo(dialog))


async def test_send_waits_until_the_preview_shows_nothing_to_put_right(
    session: Session, qtbot: QtBot
) -> None:
    def add(tx: Transaction) -> None:
        channels.insert(tx.db, name="Force X", network="x", account="force", area="North",
                        now=tx.now())  # fmt: skip

    await session.store.write(add)
    await statements.ensure_shipped(session.store)
    templates = await statements.templates(session.store)
    listed = await session.store.run(channels.all_channels)
    dialog = StatementDialog(session.store, templates, listed, Tasks())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.template.setCurrentIndex(
        next(i for i, t in enumerate(templates) if t.name == "Flooding")
    )
    send = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.fields["location"].setText("Eastbridge")  # the other fields left empty
    await until(lambda: "Fill in" in dialog.preview.toPlainText())
    assert not send.isEnabled()
    assert send.toolTip() == "Put right what the preview marks first"

    dialog.fields["reference"].setText("F-1")
    dialog.fields["next_update"].setText("13:00")
    await until(send.isEnabled)
    assert send.toolTip() == ""
    dialog.fields["location"].setText("Eastbridge " + "x" * 300)  # past X's 280
    await until(lambda: "X allows 280 characters" in dialog.preview.toPlainText())
    assert not send.isEnabled()
