"""Threat-to-life alerts and listening surges in the window, on the real engine and
the simulator network: the red band on every area until an officer acknowledges
it (recorded with their reason), the standard reply through the channel with its
result, and the amber notice of a sudden rise, dismissible per surge."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.engine import Engine
from console.inbox import listening, replies, threats
from console.publisher import PublishPolicy
from console.session import Session
from storage.records import AuditCategory, Role, TargetStatus
from storage.store import Store
from tests.gui.sync_window import NORTH, QUICK, Desk, admin_with_channels, desk
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD
from tests.reports.helpers import entries
from ui.common.prompts import PROMPTS
from ui.frame.main_window import AREAS, MainWindow
from ui.inbox.listening_dialog import ListeningDialog, RuleAnswer
from ui.inbox.threat_alerts import ThreatAlerts

pytestmark = pytest.mark.asyncio


def alerts_of(d: Desk) -> ThreatAlerts:
    return d.window.threat_alerts


async def test_the_alert_shows_on_every_area_until_acknowledged_and_the_999_reply_goes(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window, alerts = d.window, alerts_of(d)
        banner = alerts.banner
        assert not banner.isVisible()
        entry = d.simulator.inject("north", "I am going to kill myself tonight",
                                   author_handle="sam", author_name="Sam")  # fmt: skip
        await until(banner.isVisible)
        assert "THREAT TO LIFE" in banner.headline.text()
        assert "North" in banner.headline.text()
        assert "“kill myself”" in banner.headline.text()
        assert "Raised" in banner.detail.text() and "999" in banner.detail.text()
        assert not banner.more.isVisible()
        assert banner.acknowledge_button.isEnabled()
        # The person's words are not on the band: reading them is the consultation.
        assert "tonight" not in banner.headline.text() + banner.detail.text()

        # On every area of the window.
        for key, _label, _purpose in AREAS:
            window.show_area(key)
            assert banner.isVisible(), key
            assert banner.isVisibleTo(window)

        # It stays: reading again (a later sync, the poll) does not clear it.
        await alerts.refresh()
        assert banner.isVisible()

        # Cancelling the reason leaves it open, and nothing is recorded.
        PROMPTS.answer_next(None)
        banner.acknowledge_button.click()
        assert banner.isVisible()
        assert await entries(session.store, "threat.acknowledge") == []

        PROMPTS.answer_next("Assessing a possible threat to life")
        banner.acknowledge_button.click()
        await until(lambda: alerts.reply_dialog is not None)
        await until(lambda: not banner.isVisible())
        assert alerts.alerts == []
        [seen] = await entries(session.store, "threat.acknowledge")
        assert seen.actor == "alice"
        assert seen.category is AuditCategory.CONSULTATION
        assert seen.justification == "Assessing a possible threat to life"
        assert (await threats.open_alerts(session.store)) == []

        dialog = alerts.reply_dialog
        assert dialog is not None
        assert dialog.message.toPlainText() == "I am going to kill myself tonight"
        assert dialog.reply_text.toPlainText() == await threats.standard_reply(session.store)
        assert "999" in dialog.reply_text.toPlainText()
        # A mention on the simulator may be answered either way; public is offered first.
        assert dialog.public.isEnabled() and dialog.direct.isEnabled()
        assert dialog.public.isChecked()
        dialog.direct.setChecked(True)
        dialog.send_button.click()
        await until(lambda: dialog.status.text().startswith("Sent by direct message"))
        assert dialog.status.property("ok") == "true"
        [sent] = d.simulator.received("north")
        assert sent.in_reply_to == entry.remote_id
        assert sent.direct
        assert "999" in sent.text
        [created] = await entries(session.store, "reply.create")
        assert json.loads(created.after or "{}")["public"] is False


async def test_during_an_incident_the_999_reply_is_not_held(session: Session, qtbot: QtBot) -> None:
    """Incident mode holds everything; the 999 reply sent from the alert's own dialog
    goes all the same, and the trail says the hold let it go."""
    from incident import engage

    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        alerts = alerts_of(d)
        await engage.engage(session)  # suspend, every channel
        d.simulator.inject("north", "I am going to kill myself tonight", author_handle="sam")
        await until(alerts.banner.isVisible)
        PROMPTS.answer_next("Assessing a possible threat to life")
        alerts.banner.acknowledge_button.click()
        await until(lambda: alerts.reply_dialog is not None)
        dialog = alerts.reply_dialog
        assert dialog is not None
        dialog.direct.setChecked(True)
        dialog.send_button.click()
        await until(lambda: dialog.status.text().startswith("Sent by direct message"))
        [sent] = d.simulator.received("north")
        assert "999" in sent.text
        [created] = await entries(session.store, "reply.create")
        after = json.loads(created.after or "{}")
        assert after["not_held_threat_to_life"] == 1 and "held_by_incident" not in after


async def test_several_alerts_oldest_first_with_a_count_and_locked_says_only_how_many(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window, alerts = d.window, alerts_of(d)
        banner = alerts.banner
        d.simulator.inject("north", "Please help me, he has got a knife")
        await until(lambda: len(alerts.alerts) == 1)
        d.simulator.inject("south", "I feel suicidal")
        d.simulator.inject("south", "Thinking about suicide")
        await until(lambda: len(alerts.alerts) == 3)
        assert "3 urgent alerts" in banner.headline.text()
        assert "North" in banner.headline.text()  # the oldest first
        assert banner.more.text() == "+ 2 more"

        window.lock("test")
        assert banner.isVisible()
        assert "3 urgent alerts open" in banner.headline.text()
        assert "North" not in banner.headline.text() + banner.detail.text()
        assert not banner.acknowledge_button.isEnabled()

        window.lock_screen.password_edit.setText(PASSWORD)
        window.lock_screen.attempt()
        await until(lambda: not window.locked)
        await until(lambda: "North" in banner.headline.text())
        assert banner.acknowledge_button.isEnabled()

        # The oldest is acknowledged first; the next one takes its place.
        PROMPTS.answer_next("Assessing the risk")
        banner.acknowledge_button.click()
        await until(lambda: len(alerts.alerts) == 2)
        assert "South" in banner.headline.text()
        assert banner.more.text() == "+ 1 more"
        [seen] = await entries(session.store, "threat.acknowledge")
        assert "knife" not in (seen.after or "")  # the audit names the alert, not the words
        # The message opens once the standard reply is read: a step after the refresh.
        await until(lambda: alerts.reply_dialog is not None)
        assert alerts.reply_dialog is not None
        alerts.reply_dialog.reject()


async def test_the_message_never_shows_on_a_console_locked_after_the_acknowledgement(
    session: Session, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Acknowledged, then locked before the message was on screen: it is not shown on
    the lock screen, nor to whoever signs in next."""
    await admin_with_channels(session)
    real = threats.standard_reply
    gate, read = asyncio.Event(), asyncio.Event()
    finished: list[bool] = []

    async def slow_reply(store: Store) -> str:
        read.set()
        await gate.wait()
        finished.append(True)  # offer() goes on in the same step as this returns
        return await real(store)

    monkeypatch.setattr(threats, "standard_reply", slow_reply)
    async with desk(session, qtbot) as d:
        window, alerts = d.window, alerts_of(d)
        d.simulator.inject("north", "Please help me, he has got a knife")
        await until(lambda: len(alerts.alerts) == 1)
        PROMPTS.answer_next("Assessing the risk")
        alerts.banner.acknowledge_button.click()
        await read.wait()  # acknowledged and recorded; the message is on its way
        assert len(await entries(session.store, "threat.acknowledge")) == 1
        window.lock("test")
        gate.set()
        await until(lambda: bool(finished))
        await asyncio.sleep(0)
        assert alerts.reply_dialog is None
        window.lock_screen.password_edit.setText(PASSWORD)
        window.lock_screen.attempt()
        await until(lambda: not window.locked)
        assert alerts.reply_dialog is None


@asynccontextmanager
async def desk_giving_up_at_once(session: Session, qtbot: QtBot) -> AsyncIterator[Desk]:
    engine = Engine(session.store, PublishPolicy(max_attempts=1), sync_policy=QUICK)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await engine.start()
    try:
        await until(lambda: engine.sync is not None)
        yield Desk(window, engine)
    finally:
        window.close_for_good()
        await engine.stop()


async def test_a_refused_or_failed_reply_is_said_clearly_and_can_be_sent_again(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk_giving_up_at_once(session, qtbot) as d:
        alerts = alerts_of(d)
        d.simulator.inject("north", "help me please", kind="message")
        await until(alerts.banner.isVisible)
        PROMPTS.answer_next("Threat to life check")
        alerts.banner.acknowledge_button.click()
        await until(lambda: alerts.reply_dialog is not None)
        dialog = alerts.reply_dialog
        assert dialog is not None
        # A direct message is answered by direct message only.
        assert not dialog.public.isEnabled()
        assert "direct message" in dialog.public.toolTip()
        assert dialog.direct.isChecked()

        # Refused before anything is stored: too long for the network.
        dialog.reply_text.setPlainText("x" * 600)
        dialog.send_button.click()
        await until(lambda: dialog.status.text().startswith("Not sent:"))
        assert dialog.status.property("ok") == "false"
        assert dialog.send_button.isEnabled()
        assert await entries(session.store, "reply.create") == []

        # The network fails it: said in red, with the network's words.
        dialog.reply_text.setPlainText(await threats.standard_reply(session.store))
        d.simulator.fail_next("500")
        dialog.send_button.click()
        await until(lambda: dialog.status.text().startswith("The reply FAILED"))
        assert "500" in dialog.status.text()
        assert dialog.status.property("ok") == "false"
        assert dialog.send_button.text() == "&Send again"
        assert d.simulator.received("north") == []
        assert dialog.reply_text.isReadOnly()  # the same reply goes again

        dialog.send_button.click()
        await until(lambda: dialog.status.text().startswith("Sent by direct message"))
        assert len(d.simulator.received("north")) == 1
        # Tried again under its key: one reply recorded, the failed one now sent, and the
        # inbox has no failed reply left to offer again.
        [made] = await entries(session.store, "reply.create")
        [again] = await entries(session.store, "target.reschedule")
        assert again.object_id == str(json.loads(made.after or "{}")["target"])
        assert dialog.sent is not None
        [row] = await replies.replies_to(session.store, dialog.seen.item.id)
        assert (row.target_id, row.status) == (dialog.sent.target_id, TargetStatus.PUBLISHED)


async def test_a_sudden_rise_shows_an_amber_notice_dismissible_per_surge(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.APPROVER], reason="test")
    eastbridge = await listening.add_rule(
        session, listening.RuleKind.KEYWORD, "Eastbridge", reason="market day"
    )
    await listening.add_rule(
        session, listening.RuleKind.HASHTAG, "A140", channel_id=NORTH, reason="roadworks"
    )
    async with desk(session, qtbot) as d:
        alerts = alerts_of(d)
        notice = alerts.surge_notice
        now = datetime.now(UTC) + timedelta(minutes=10)  # after the items arrive
        alerts.now = lambda: now
        for n in range(6):
            d.simulator.inject("north", f"Sirens all over Eastbridge again {n}")
        d.simulator.inject("north", "Is the #A140 open?")
        await until(lambda: eastbridge.id in notice.lines)
        assert notice.isVisible()
        line = notice.lines[eastbridge.id].text()
        assert "keyword “Eastbridge”" in line and "6 in the last hour" in line
        assert len(notice.lines) == 1  # one #A140 item is no rise
        assert not alerts.banner.isVisible()  # a surge is not a threat to life

        notice.dismissed.emit(eastbridge.id)
        assert not notice.isVisible()
        await alerts.refresh()
        assert not notice.isVisible()  # dismissed while it lasts

        # Three hours on, the rise is over; when a new one starts it shows again.
        alerts.now = lambda: now + timedelta(hours=3)
        await alerts.refresh()
        assert alerts.dismissed == set()
        alerts.now = lambda: now
        await alerts.refresh()
        assert notice.isVisible() and eastbridge.id in notice.lines


async def test_approvers_and_administrators_keep_the_rules_and_phrases_with_reasons(
    session: Session, qtbot: QtBot
) -> None:
    await admin_with_channels(session)
    async with desk(session, qtbot) as d:
        window = d.window
        window.show_area("reports")
        # An administrator without the approver role: phrases yes, rules no.
        window.reports_view.listening_button.click()
        first = window.reports_view.listening_dialog
        assert isinstance(first, ListeningDialog)
        dialog = first
        await until(lambda: first.phrase_list.count() > 10)
        assert not dialog.add_rule_button.isEnabled()
        assert "Approver" in dialog.add_rule_button.toolTip()
        assert dialog.add_phrase_button.isEnabled()

        PROMPTS.answer_next("he's going to hurt me", "Seen in a case review")
        dialog.add_phrase_button.click()
        await until(lambda: "he's going to hurt me" in first.phrases)
        [added] = await entries(session.store, "threat_phrase.add")
        assert added.justification == "Seen in a case review"
        row = dialog.phrases.index("he's going to hurt me")
        dialog.phrase_list.setCurrentRow(row)
        PROMPTS.answer_next("Too many false alarms")
        dialog.remove_phrase_button.click()
        await until(lambda: "he's going to hurt me" not in first.phrases)
        [removed] = await entries(session.store, "threat_phrase.remove")
        assert removed.justification == "Too many false alarms"
        dialog.close()

        await user_admin.set_roles(
            session, "alice", [Role.ADMINISTRATOR, Role.APPROVER], reason="test"
        )
        window.lock("test")
        window.lock_screen.password_edit.setText(PASSWORD)
        window.lock_screen.attempt()
        await until(lambda: not window.locked)
        window.reports_view.listening_button.click()
        second = window.reports_view.listening_dialog
        assert isinstance(second, ListeningDialog)
        dialog = second
        await until(second.add_rule_button.isEnabled)
        PROMPTS.answer_next(RuleAnswer(listening.RuleKind.HASHTAG, "EastbridgeMarket", NORTH,
                                       "Market day"))  # fmt: skip
        dialog.add_rule_button.click()
        await until(lambda: second.rule_table.rowCount() == 1)
        cells = [dialog.rule_table.item(0, column) for column in (1, 2)]
        assert [c.text() if c else "" for c in cells] == ["#EastbridgeMarket", "North"]
        [rule_added] = await entries(session.store, "listening.add_rule")
        assert rule_added.justification == "Market day"
        dialog.rule_table.selectRow(0)
        PROMPTS.answer_next("Market is over")
        dialog.remove_rule_button.click()
        await until(lambda: second.rule_table.rowCount() == 0)
        [rule_removed] = await entries(session.store, "listening.remove_rule")
        assert rule_removed.justification == "Market is over"


async def test_a_colleague_s_999_reply_meanwhile_is_shown_and_asked_about_first(
    session: Session, qtbot: QtBot
) -> None:
    """Two officers answer the same alert: the second is shown the first's reply and
    asked; keeping theirs back sends nothing, and nothing is ever sent twice by accident."""
    await admin_with_channels(session)
    patel_user = await user_admin.add_user(
        session, name="patel", password="patel password 1", roles=[Role.DUTY_OFFICER],
        display_name="Sgt Patel", kdf=FAST_KDF,
    )  # fmt: skip
    patel = Session(session.store, patel_user, via="test")
    async with desk(session, qtbot) as d:
        alerts = alerts_of(d)
        d.simulator.inject("north", "I am going to kill myself tonight", author_handle="sam")
        await until(alerts.banner.isVisible)
        PROMPTS.answer_next("Assessing a possible threat to life")
        alerts.banner.acknowledge_button.click()
        await until(lambda: alerts.reply_dialog is not None)
        dialog = alerts.reply_dialog
        assert dialog is not None
        item_id = dialog.seen.item.id
        # The replies it already had are read (none) before Sgt Patel's is recorded: one
        # run read them after it, and so counted Sgt Patel's as seen when it opened.
        await until(lambda: dialog.replies_read)
        assert dialog.status.text() == ""  # no earlier reply to say

        # Sgt Patel answers from their console while this dialog is open.
        await replies.reply(patel, item_id, "Please call 999 now.", public=True, seen=())
        # The real question, opened with open() while the engine and sync run on.
        dialog.send_button.click()
        await until(lambda: bool(PROMPTS.showing()))
        box = PROMPTS.showing()[-1]
        assert isinstance(box, QMessageBox)
        assert "Sgt Patel replied to this" in box.text()
        assert "“Please call 999 now.”" in box.text()
        [keep] = [b for b in box.buttons() if b.text() == "Keep my draft"]
        keep.click()
        await until(lambda: dialog.status.text() == "Not sent: a colleague has answered.")
        assert len(await replies.replies_to(session.store, item_id)) == 1
        assert dialog.send_button.isEnabled()

        dialog.send_button.click()  # asked again, and this time sent: recorded once
        await until(lambda: bool(PROMPTS.showing()))
        box = PROMPTS.showing()[-1]
        assert isinstance(box, QMessageBox)
        [send] = [b for b in box.buttons() if b.text() == "Send mine as well"]
        send.click()
        await until(lambda: dialog.sent is not None)
        assert len(await replies.replies_to(session.store, item_id)) == 2
        assert PROMPTS.pending() == 0
