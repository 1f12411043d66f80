"""The basic inbox in the window: items the simulator's inbox receives (injected over
its /control endpoint, as a scenario does) arrive in the list live, newest first;
filters by channel, kind and text; the detail pane; the officer's place is kept."""

from __future__ import annotations

import httpx
import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console.session import Session
from tests.gui.sync_window import NORTH, Desk, admin_with_channels, desk
from tests.gui.waiting import until
from ui.lazy_model import LOADING

pytestmark = pytest.mark.asyncio


async def inject(d: Desk, *items: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=d.simulator.url) as client:
        answer = await client.post("/control", json={"inbox": list(items)})
    assert answer.status_code == 200


def texts(d: Desk) -> list[str]:
    model = d.window.inbox_view.model
    return [str(model.data(model.index(row, 4))) for row in range(model.rowCount())]


async def test_items_arrive_live_and_filter(
    session: Session, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window = d.window
        window.show_area("inbox")
        view = window.inbox_view
        assert "comes in a later release" in view.note.text()
        await inject(
            d,
            {"account": "north", "kind": "mention", "author_handle": "pat", "author_name": "Pat",
             "text": "Is the A140 open yet?"},
            {"account": "south", "kind": "message", "author_handle": "jo",
             "text": "I saw a man by the school gates"},
        )  # fmt: skip
        await until(lambda: view.model.rowCount() == 2)
        await until(lambda: LOADING not in texts(d))
        assert set(texts(d)) == {"Is the A140 open yet?", "I saw a man by the school gates"}
        assert view.counts.text() == "2 items"
        qtmodeltester.check(view.model)  # type: ignore[no-untyped-call]

        # The detail pane: the whole text, the author, the link.
        row = texts(d).index("Is the A140 open yet?")
        view.table.selectRow(row)
        await until(lambda: view.detail_text.toPlainText() == "Is the A140 open yet?")
        assert view.detail_heading.text() == "Mention from Pat (@pat)"
        assert "On North" in view.detail_meta.text()
        opened: list[str] = []
        view.open_url = opened.append
        view.open_button.click()
        assert opened and opened[0].startswith("https://simulator.invalid/@pat/")

        # More arrive: newest first, the selection stays on the same item.
        await inject(d, {"account": "north", "kind": "reply", "author_handle": "sam",
                         "text": "Thanks for the update", "in_reply_to": "post-1"})  # fmt: skip
        await until(lambda: view.model.rowCount() == 3)
        await until(lambda: LOADING not in texts(d))
        assert texts(d)[0] == "Thanks for the update"
        selected = view.selected()
        assert selected is not None and selected.text == "Is the A140 open yet?"
        assert view.detail_text.toPlainText() == "Is the A140 open yet?"

        # Filters: channel, kind, text.
        view.channel_filter.setCurrentIndex(view.channel_filter.findData(NORTH))
        await until(lambda: view.model.rowCount() == 2)
        assert view.counts.text() == "2 match"
        view.kind_filter.setCurrentIndex(view.kind_filter.findData("reply"))
        await until(lambda: view.model.rowCount() == 1)
        view.channel_filter.setCurrentIndex(0)
        view.kind_filter.setCurrentIndex(0)
        view.search.setText("school")
        await until(lambda: view.model.rowCount() == 1)
        await until(lambda: texts(d) == ["I saw a man by the school gates"])
        view.search.clear()
        await until(lambda: view.model.rowCount() == 3)


async def test_the_officers_place_is_kept_while_items_pour_in(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window = d.window
        window.show_area("inbox")
        view = window.inbox_view
        d.simulator.inject_many("north", 300, text="Early message {n}")
        await until(lambda: view.model.rowCount() == 300)
        bar = view.table.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        await until(lambda: view.table.rowAt(0) > 0)
        top_id = view.model.id_at(view.table.rowAt(0))
        d.simulator.inject_many("north", 50, text="Later message {n}")
        await until(lambda: view.model.rowCount() == 350)
        assert view.model.id_at(view.table.rowAt(0)) == top_id  # the same item on top

        bar.setValue(0)  # an officer at the top sees new ones arrive above
        d.simulator.inject_many("north", 5, text="Newest {n}")
        await until(lambda: view.model.rowCount() == 355)
        assert bar.value() == 0
