"""Channel health in the window, from a real sync engine on the simulator network:
every state with its pill and plain words, the status bar's summary, the offline
strip, pause and resume with a reason, reconnecting, and the token countdown."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console import credentials
from console.channel_health import ChannelStatus
from console.engine_health import assess
from console.posts import create_post
from console.session import Session
from console.sync import ChannelHealth
from console.timezone import duration_text
from storage import channels, queue
from storage.i18n import ENGLISH, WELSH
from storage.records import Channel, TargetStatus
from storage.sync_state import SyncState
from storage.timeutil import system_clock, to_iso
from tests.gui.sync_window import NORTH, SOUTH, Desk, admin_with_channels, desk
from tests.gui.waiting import until
from ui.channels.health_view import (
    AMBER,
    RED,
    HealthTableModel,
    HealthView,
    countdown,
    relative,
    token_colour,
)
from ui.common.prompts import PROMPTS
from ui.common.sync_bridge import SyncBridge
from ui.common.tasks import Tasks
from ui.common.translations import install
from widgets.status_pill import HEALTH_COLOURS, PILL_KEY_ROLE

pytestmark = pytest.mark.asyncio


def state_of(d: Desk, channel_id: int) -> str:
    model = d.window.health_view.model
    row = model.row_of(channel_id)
    return "" if row is None else str(model.data(model.index(row, 1)))


def in_state(d: Desk, state: SyncState) -> int:
    """The channel the engine now has in ``state`` (the view follows it shortly)."""
    assert d.engine.sync is not None
    return next(i for i, h in d.engine.sync.health().items() if h.state is state)


def cell(d: Desk, channel_id: int, column: int) -> str:
    model = d.window.health_view.model
    row = model.row_of(channel_id)
    return "" if row is None else str(model.data(model.index(row, column)))


async def test_every_state_shows_in_the_view_and_the_status_bar(
    session: Session, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window = d.window
        window.show_area("channels")
        await until(lambda: state_of(d, NORTH) == "ok" and state_of(d, SOUTH) == "ok")
        await until(lambda: window.sync_label.text() == "Sync: 2 ok")
        assert window.sync_label.property("severity") == ""
        assert cell(d, NORTH, 2) == "@north · simulator"
        await until(lambda: "ago" in cell(d, NORTH, 3) or "now" in cell(d, NORTH, 3))
        assert "in " in cell(d, NORTH, 4) or "now" in cell(d, NORTH, 4)
        qtmodeltester.check(window.health_view.model)  # type: ignore[no-untyped-call]

        # The network answers badly: degraded, with its words.
        d.simulator.fail_next_reads("500", "500", "500", "500")
        await until(lambda: "degraded" in window.sync_label.text())
        assert window.sync_label.property("severity") == "warn"
        degraded = in_state(d, SyncState.DEGRADED)
        await until(lambda: state_of(d, degraded) == "degraded")
        assert cell(d, degraded, 7)  # the last error, in words
        await until(lambda: window.sync_label.text() == "Sync: 2 ok", seconds=15)

        # Expired access (401): needs reconnect, red in the status bar.
        d.simulator.fail_next_reads("401")
        await until(lambda: "needs reconnect" in window.sync_label.text())
        assert window.sync_label.text() == "Sync: 1 ok · 1 needs reconnect"
        assert window.sync_label.property("severity") == "bad"
        broken = in_state(d, SyncState.NEEDS_RECONNECT)
        await until(lambda: state_of(d, broken) == "needs reconnect")
        assert "reconnect" in cell(d, broken, 7)
        view = window.health_view
        view.select_channel(broken)
        assert view.connect_button.text() == "Re&connect…"
        assert "Reconnect…" in view.detail.text()

        # Reconnecting (the simulator has no account: the dialog only confirms).
        view.connect_button.click()
        dialog = window.sync_parts.connect_dialog
        assert dialog is not None and dialog.isVisible()
        assert "needs no account" in dialog.intro.text()
        dialog.connect_button.click()
        await until(lambda: dialog.connected)
        assert "is connected" in dialog.message.text()
        await until(lambda: state_of(d, broken) == "ok")
        await until(lambda: window.sync_label.text() == "Sync: 2 ok")
        assert "is connected" in view.result.text()
        dialog.reject()

        # An outage: every channel offline, and the strip under the banner.
        assert window.sync_parts.offline_banner.isHidden()
        d.simulator.set_offline(True)
        await until(lambda: not window.sync_parts.offline_banner.isHidden(), seconds=15)
        banner = window.sync_parts.offline_banner.message.text()
        assert banner.startswith("Offline: no channel can be reached.")
        assert "Posts wait and go out when the network is back" in banner
        await until(lambda: state_of(d, NORTH) == "offline" and state_of(d, SOUTH) == "offline")
        await until(lambda: "OFFLINE" in window.sync_label.text())
        d.simulator.set_offline(False)
        await until(lambda: window.sync_parts.offline_banner.isHidden(), seconds=15)
        await until(lambda: window.sync_label.text() == "Sync: 2 ok")


async def test_pause_and_resume_need_a_reason_and_sync_now_wakes(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window = d.window
        window.show_area("channels")
        view = window.health_view
        await until(lambda: state_of(d, SOUTH) == "ok")
        view.select_channel(SOUTH)
        assert view.pause_button.text() == "&Pause…"
        PROMPTS.answer_next(None)  # thinks again: nothing happens
        view.pause_button.click()
        assert state_of(d, SOUTH) == "ok"
        PROMPTS.answer_next("account under review by the press office")
        view.pause_button.click()
        await until(lambda: state_of(d, SOUTH) == "paused")
        assert PROMPTS.shown[-1].startswith("Pause sync of South")
        assert view.pause_button.text() == "&Resume…"
        assert "Paused by an officer" in cell(d, SOUTH, 7)
        assert cell(d, SOUTH, 4) == "when resumed"
        await until(lambda: window.sync_label.text() == "Sync: 1 ok · 1 paused")
        PROMPTS.answer_next("review finished")
        view.pause_button.click()
        await until(lambda: state_of(d, SOUTH) == "ok")
        assert "resumed" in view.result.text()
        before = cell(d, SOUTH, 3)
        view.sync_button.click()
        await until(lambda: view.result.text() == "Syncing South now.")
        await until(lambda: cell(d, SOUTH, 3) != before)  # the engine read it at once


async def test_a_post_that_failed_for_want_of_access_goes_back_on_reconnect(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window = d.window
        window.show_area("channels")
        d.simulator.fail_next("401")
        created = await create_post(session, body="Road open again", channel_ids=[NORTH],
                                    scheduled_utc=to_iso(datetime.now(UTC)))  # fmt: skip
        target = created.targets[0].id
        assert d.engine.scheduler is not None
        await d.engine.scheduler.run_now()

        async def status() -> TargetStatus:
            return await session.store.run(lambda db: queue.status_of(db, target))

        for _ in range(500):
            if await status() is TargetStatus.FAILED:
                break
            await asyncio.sleep(0.01)
        assert await status() is TargetStatus.FAILED
        await until(lambda: state_of(d, NORTH) == "needs reconnect")
        view = window.health_view
        view.select_channel(NORTH)
        view.connect_button.click()
        dialog = window.sync_parts.connect_dialog
        assert dialog is not None
        dialog.connect_button.click()
        await until(lambda: dialog.connected)
        assert "1 post that was waiting for this channel went back on the queue" in (
            dialog.message.text()
        )
        dialog.reject()


async def test_only_administrators_connect_and_pause(session: Session, qtbot: QtBot) -> None:
    from console import users as user_admin
    from storage.records import Role
    from tests.helpers import FAST_KDF

    await admin_with_channels(session)
    officer = await user_admin.add_user(
        session, name="dora", password="duty officer phrase", roles=[Role.DUTY_OFFICER],
        kdf=FAST_KDF,
    )  # fmt: skip
    officer_session = Session(session.store, officer, via="test")
    tasks = Tasks()
    bridge = SyncBridge(officer_session, tasks, None)
    bridge.engine_changed(assess(None, system_clock()))  # no engine has run
    view = HealthView(officer_session, tasks, bridge)
    qtbot.addWidget(view)
    view.show()
    await view.refresh()
    view.select_channel(NORTH)
    assert not view.connect_button.isEnabled() and not view.pause_button.isEnabled()
    assert view.connect_button.toolTip() == "Only an administrator can do this."
    assert not view.sync_button.isEnabled()  # no engine running
    assert "engine is not running" in view.sync_button.toolTip()
    view.detach()
    bridge.detach()


async def test_countdown_words() -> None:
    assert countdown(None) == "no expiry"
    assert countdown(72 * 60) == "expires in 1 h 12 min"
    assert countdown(4 * 60 + 5) == "expires in 4 min 05 s"
    assert countdown(42) == "expires in 42 s"
    assert countdown(3 * 86400 + 4 * 3600) == "expires in 3 days 4 h"
    assert countdown(-180) == "expired 3 min ago"
    assert duration_text(86400) == "1 day"
    assert token_colour(3600) == AMBER and token_colour(-1) == RED
    assert token_colour(2 * 86400) is None and token_colour(None) is None


async def test_the_channels_health_in_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """Every word the table makes (state, times, token, budget) in Welsh; the state's pill
    keeps its colour, which follows the English key, not the shown word."""
    install(qapp, WELSH)
    try:
        assert countdown(4 * 60 + 5) == "yn dod i ben ymhen 4 munud 05 eiliad"
        assert countdown(3 * 86400 + 4 * 3600) == "yn dod i ben ymhen 3 diwrnod 4 awr"
        now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
        assert relative(now - timedelta(minutes=2), now) == "2 munud yn ôl"
        assert relative(now, now) == "nawr"
        await admin_with_channels(session)
        async with desk(session, qtbot) as d:
            d.window.show_area("channels")
            await until(lambda: state_of(d, NORTH) == "iawn")
            model = d.window.health_view.model
            row = model.row_of(NORTH)
            assert row is not None
            assert model.data(model.index(row, 1), PILL_KEY_ROLE) == "ok"
            assert cell(d, NORTH, 2) == "@north · efelychydd"
            assert cell(d, NORTH, 5) == "dim angen"
            await until(lambda: "yn ôl" in cell(d, NORTH, 3) or "nawr" in cell(d, NORTH, 3))
    finally:
        install(qapp, ENGLISH)


class FakeNow:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_the_token_countdown_moves_and_turns_amber_then_red(
    session: Session, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    await admin_with_channels(session)
    x_channel = await session.store.write(
        lambda tx: channels.insert(
            tx.db, name="Force X", network="x", account="123", area="", now=tx.now()
        )
    )
    now = FakeNow()
    expires = now.now + timedelta(hours=1, minutes=12)
    await credentials.connect(
        session, x_channel, secrets={"access_token": "a-token-value"},
        expires_utc=to_iso(expires), base_url="https://api.x.com",
    )  # fmt: skip
    tasks = Tasks()
    bridge = SyncBridge(session, tasks, None)
    view = HealthView(session, tasks, bridge, now=now)
    qtbot.addWidget(view)
    view.show()
    await view.refresh()
    model = view.model
    row = model.row_of(x_channel)
    assert row is not None
    token = model.index(row, HealthTableModel.TOKEN_COLUMN)
    assert model.data(token) == "expires in 1 h 12 min"
    assert model.data(token, 9).color().name() == AMBER  # ForegroundRole: under a day
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last, _roles=(): changed.append(first.row()))
    now.now += timedelta(hours=1, minutes=11, seconds=30)
    assert model.data(token) == "expires in 30 s"
    await until(lambda: bool(changed))  # the 1 s tick repaints the time columns
    now.now += timedelta(minutes=2)
    await until(lambda: model.data(token) == "expired 1 min ago")
    assert model.data(token, 9).color().name() == RED
    assert "a-token-value" not in " ".join(
        str(model.data(model.index(r, c))) for r in range(model.rowCount()) for c in range(8)
    )
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    view.detach()
    bridge.detach()


async def test_the_model_keeps_its_rows_when_only_values_change(qtbot: QtBot) -> None:
    model = HealthTableModel()
    channel = Channel(1, "North", "simulator", "north", "", True)

    def status(state: SyncState) -> ChannelStatus:
        return ChannelStatus(channel, ChannelHealth(1, "North", "simulator", state), False, None,
                             True)  # fmt: skip

    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_rows([status(SyncState.OK)])
    model.set_rows([status(SyncState.DEGRADED)])
    assert len(resets) == 1
    assert model.data(model.index(0, 1)) == "degraded"


async def test_a_disabled_channel_says_disabled_never_ok(qtbot: QtBot) -> None:
    model = HealthTableModel()
    enabled = Channel(1, "North", "simulator", "north", "", True)
    disabled = Channel(2, "New one", "simulator", "new", "", False)

    def status(channel: Channel, state: SyncState) -> ChannelStatus:
        health = ChannelHealth(channel.id, channel.name, "simulator", state)
        return ChannelStatus(channel, health, False, None, False)

    model.set_rows([status(enabled, SyncState.OK), status(disabled, SyncState.OK)])
    assert model.data(model.index(0, 1)) == "ok"
    assert model.data(model.index(1, 1)) == "disabled"
    assert model.data(model.index(1, 1), PILL_KEY_ROLE) == "disabled"
    # Its own pill colour, neither ok's green nor paused's grey.
    assert HEALTH_COLOURS["disabled"] not in (HEALTH_COLOURS["ok"], HEALTH_COLOURS["paused"])
    model.set_rows([status(enabled, SyncState.OK), status(disabled, SyncState.PAUSED)])
    assert model.data(model.index(1, 1)) == "disabled"
