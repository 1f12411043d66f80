"""The window in Welsh: the language is chosen in the Settings area (kept for the next
start), and a window started in Welsh shows its areas, menus and the core's sentences
in Welsh."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from console import language
from console.permissions import Action, NotPermitted, require
from console.session import Session
from storage.i18n import ENGLISH, WELSH
from tests.gui.waiting import until
from ui.common.translations import install
from ui.frame.main_window import MainWindow

pytestmark = pytest.mark.asyncio


async def test_the_settings_area_keeps_the_chosen_language(
    session: Session, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    monkeypatch.delenv(language.ENV, raising=False)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    try:
        window.show_area("settings")
        view = window.settings_view
        assert view.language.currentData() == ENGLISH
        view.language.setCurrentIndex(view.language.findData(WELSH))
        view.language_apply.click()
        await until(lambda: "next started" in view.language_result.text())
        assert (tmp_path / "language").read_text(encoding="utf-8").strip() == WELSH
        assert language.choose() == WELSH
    finally:
        window.close_for_good()


async def test_a_window_started_in_welsh_speaks_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    install(qapp, WELSH)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    try:
        areas = [window.navigation.item(row).text() for row in range(window.navigation.count())]
        assert areas[:4] == ["Ciw", "Calendr", "Digwyddiad", "Mewnflwch"]
        assert [action.text() for action in window.menuBar().actions()][:2] == ["&Cordon", "&Mynd"]
        window.show_area("queue")
        queue = window.queue_view
        assert queue.new_button.text() == "&Neges newydd…"

        def shown() -> list[str]:
            return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]

        # A store with no channel: the queue says what to do first, in Welsh.
        await until(lambda: "Ychwanegwch sianel yn gyntaf" in shown())
        # The core's sentences too (gettext): the roles' names in the status bar.
        await until(lambda: any("(Gweinyddwr" in text for text in shown()))
    finally:
        window.close_for_good()


async def test_how_long_an_incident_has_run_reads_in_welsh(qapp: QApplication) -> None:
    from ui.incident.incident_view import since_text

    install(qapp, WELSH)
    try:
        assert since_text(12 * 60 + 30) == "12 munud"
        assert since_text(125 * 60) == "2 awr 05 munud"
    finally:
        install(qapp, ENGLISH)
    assert since_text(125 * 60) == "2 h 05 min"


async def test_the_inbox_list_speaks_welsh(qapp: QApplication) -> None:
    """The inbox's headers, and the marks' and counts' words (they were English)."""
    from PySide6.QtCore import Qt

    from ui.inbox.inbox_model import ConversationTableModel

    install(qapp, WELSH)
    try:

        async def nothing(*_args: object) -> list[int]:
            return []

        model = ConversationTableModel(nothing, nothing, None, lambda: None)  # type: ignore[arg-type, return-value]
        headers = [
            model.headerData(column, Qt.Orientation.Horizontal)
            for column in range(model.columnCount())
        ]
    finally:
        install(qapp, ENGLISH)
    assert headers[1:] == [
        "Amser (y DU)", "Sianel", "Cyflwr", "Wedi'i neilltuo i", "Awdur", "Rhagolwg",
        "Adroddiad", "Cloc",
    ]  # fmt: skip


async def test_an_exercise_is_marked_in_welsh_in_the_banner_and_titles(
    exercise_session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """YMARFER, not EXERCISE, beside the incident's state and in every window's title."""
    from console import users
    from incident import engage
    from incident.engage import Details
    from storage.records import Role

    await users.set_roles(
        exercise_session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    install(qapp, WELSH)
    window = MainWindow(exercise_session)
    qtbot.addWidget(window)
    window.show()
    try:
        await engage.hold_now(exercise_session, details=Details("Drill", "OP-1", "Gold"))
        await until(lambda: "YMARFER YMARFER YMARFER ·" in window.banner._detail.text())
        assert window.windowTitle().endswith(" — YMARFER"), window.windowTitle()
        assert "EXERCISE" not in window.banner._detail.text()
        # Refused for want of a role: the roles named in Welsh too.
        admin = replace(exercise_session.user, roles=frozenset({Role.ADMINISTRATOR}))
        with pytest.raises(NotPermitted) as refused:
            require(admin, Action.ENGAGE_INCIDENT)
        assert "rôl " in str(refused.value) and " role" not in str(refused.value), refused.value
    finally:
        window.close_for_good()
        install(qapp, ENGLISH)


async def test_the_trainers_timeline_speaks_welsh(qapp: QApplication) -> None:
    """The inject's kind, when it falls due and the team's response (they were English)."""
    from datetime import UTC, datetime, timedelta

    from incident.exercise.debrief import InjectDebrief, Response
    from ui.exercise.trainer_view import InjectModel

    starts = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    arrived = starts + timedelta(minutes=5)
    answered = Response(arrived + timedelta(minutes=2, seconds=30), "dora", "marked it done")
    rows = [
        InjectDebrief("a", timedelta(minutes=5), "media_enquiry", "North", "Press", "", False,
                      arrived, (1,), (answered, answered)),
        InjectDebrief("b", timedelta(minutes=6), "mention", "North", "Hi", "", False,
                      arrived, (2,)),
        InjectDebrief("c", timedelta(minutes=7), "gold_instruction", "", "Hold", "", False,
                      arrived, ()),
        InjectDebrief("d", timedelta(hours=2), "rumour", "North", "Later", "", False, None, ()),
        InjectDebrief("e", timedelta(minutes=10), "rumour", "North", "Soon", "", False, None, ()),
        InjectDebrief("f", timedelta(minutes=1), "rumour", "North", "Late", "", False, None, ()),
    ]  # fmt: skip
    model = InjectModel()

    def cells(column: int) -> list[str]:
        return [str(model.data(model.index(row, column))) for row in range(len(rows))]

    install(qapp, WELSH)
    try:
        model.show(rows, starts, starts + timedelta(minutes=8))
        kinds, due, responses = cells(1), cells(5), cells(6)
    finally:
        install(qapp, ENGLISH)
    assert kinds[:3] == ["Ymholiad gan y cyfryngau", "Crybwylliad", "Cyfarwyddyd aur"], kinds
    assert due[3:] == ["ymhen 1 awr 52 munud", "ymhen 2 munud 00 eiliad", "dyledus nawr"], due
    assert responses[0] == "dora marked it done ar ôl 2 munud 30 eiliad (+1 arall)"
    assert responses[1:4] == ["neb eto", "dangoswyd i'r tîm", ""], responses
    english = " ".join(kinds + due + responses)
    for word in ("nobody", "shown to", "due", " in ", "after", "more", "media"):
        assert word not in english, word

    # And in English as before (the kind now by its label).
    model.show(rows, starts, starts + timedelta(minutes=8))
    assert cells(1)[0] == "Media enquiry"
    assert cells(5)[3:] == ["in 1h 52m", "in 2m 00s", "due now"]
    assert cells(6)[:3] == ["dora marked it done after 2m 30s (+1 more)", "nobody yet",
                            "shown to the team"]  # fmt: skip


async def test_dates_clock_and_audit_entry_speak_welsh(qapp: QApplication) -> None:
    """The calendar's day and month names, the status bar's clock and the audit entry's
    labels (they were English)."""
    from datetime import date, datetime

    from console.timezone import long_day_text, short_day_text
    from storage.records import AuditCategory, AuditEntry
    from ui.audit.audit_view import describe_entry
    from widgets.calendar_grids import day_names, month_names

    entry = AuditEntry(7, "2026-12-07T09:00:00.000000Z", "dora", "report.open",
                       AuditCategory.CONSULTATION, "report", "R-1", None, '{"v": 1}',
                       "Following up", "", "ab" * 32, "cd" * 32)  # fmt: skip
    install(qapp, WELSH)
    try:
        days, months = day_names(), month_names()
        week = long_day_text(date(2026, 12, 7))
        short = short_day_text(datetime(2026, 12, 8, 14), hours=True)
        described = describe_entry(entry)
    finally:
        install(qapp, ENGLISH)
    assert days[:3] == ("Llun", "Maw", "Mer") and months[11] == "Rhag"
    assert week == "Dydd Llun 07 Rhagfyr 2026"
    assert short == "Maw 08 Rhag 14:00"
    assert "Swyddog: dora" in described and "Hash blaenorol:" in described
    assert "Pam: Following up" in described and "Ar ôl: " in described
    for word in ("Officer:", "Previous hash", "Why:", "After:", "Monday", "Dec"):
        assert word not in described + week + short, word
    assert long_day_text(date(2026, 12, 7)) == "Monday 07 December 2026"
    assert describe_entry(entry).splitlines()[1].startswith("Officer: dora    Action: ")


async def test_the_status_bar_clock_speaks_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    install(qapp, WELSH)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    try:
        window._tick()
        assert window.clock_label.text().startswith("Y DU "), window.clock_label.text()
        window.show_area("calendar")
        await until(lambda: window.calendar_view.title.text().startswith("Wythnos Dydd "))
    finally:
        window.close_for_good()
        install(qapp, ENGLISH)


async def test_user_forms_tips_and_the_unexpected_speak_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """The user dialogs' refusals, a control's role tip, the unexpected-failure sentence
    and the shortcuts' list (they were English)."""
    from ui.common.permission_tips import needs_role
    from ui.common.tasks import describe
    from ui.settings.user_dialogs import NewUserDialog, RolesDialog

    install(qapp, WELSH)
    window = MainWindow(session)
    qtbot.addWidget(window)
    try:
        new_user = NewUserDialog()
        roles = RolesDialog("dora", frozenset())
        qtbot.addWidget(new_user)
        qtbot.addWidget(roles)
        refusals = [
            new_user.windowTitle(),
            new_user.problem(),
            roles.windowTitle(),
            roles.problem(),
        ]
        tip = needs_role(Action.ACKNOWLEDGE_ALERT)
        unexpected = describe(KeyError("x"))
        shortcuts = dict(window.shortcuts())
    finally:
        window.close_for_good()
        install(qapp, ENGLISH)
    assert refusals == [
        "Ychwanegu defnyddiwr", "Rhowch enw i'r defnyddiwr i fewngofnodi ag ef.", "Rolau dora",
        "Mae angen o leiaf un rôl ar ddefnyddiwr: analluogwch nhw yn lle hynny.",
    ]  # fmt: skip
    assert tip.startswith("Mae ") and "angen rôl " in tip and " or " not in tip, tip
    assert unexpected.startswith("Aeth rhywbeth o'i le") and "(KeyError)" in unexpected
    assert shortcuts["Ctrl+S"] == "Cadw'r neges fel drafft (yn y ffenestr ysgrifennu)"
    assert needs_role(Action.ACKNOWLEDGE_ALERT).endswith(" roles.")  # English as before


async def test_the_cores_failures_shown_in_the_window_speak_welsh(qapp: QApplication) -> None:
    """A file that cannot be written and a network the connect window cannot reach
    (their sentences were English)."""
    import errno

    import httpx

    from console.connect.base import transport_failure
    from storage.files import os_error_sentence

    install(qapp, WELSH)
    try:
        full = str(os_error_sentence(OSError(errno.ENOSPC, "full"), Path("/tmp/x/y.csv")))
        barred = str(os_error_sentence(OSError(errno.EACCES, "no"), Path("/tmp/y.csv")))
        unreached = str(transport_failure(httpx.ConnectError("no"), "social.example"))
    finally:
        install(qapp, ENGLISH)
    assert full.startswith("Mae'r ddisg sy'n dal /tmp/x yn llawn"), full
    assert barred.startswith("Ni chaiff Cordon ysgrifennu i /tmp/y.csv"), barred
    assert unreached.startswith("Nid oedd modd i Cordon gyrraedd social.example"), unreached
    english = str(os_error_sentence(OSError(errno.ENOSPC, "full"), Path("/tmp/x/y.csv")))
    assert english.startswith("The disk holding /tmp/x is full")


async def test_the_networks_words_speak_welsh(qapp: QApplication) -> None:
    """The simulator's and the by-hand networks' names (they were English)."""
    from console.networks import NETWORKS

    install(qapp, WELSH)
    try:
        names = [NETWORKS[key].label for key in ("simulator", "facebook", "website", "x")]
    finally:
        install(qapp, ENGLISH)
    assert names == ["Efelychydd", "Tudalen Facebook", "Gwefan yr heddlu (â llaw)", "X"]
    assert NETWORKS["simulator"].label == "Simulator"


async def test_the_approval_rules_name_the_kinds_in_welsh(qapp: QApplication) -> None:
    """The kinds of content that need an approver (they were English)."""
    from PySide6.QtWidgets import QCheckBox

    from storage.records import ContentKind
    from ui.channels.channels_view import RulesDialog, kind_words

    install(qapp, WELSH)
    try:
        words = [kind_words(kind) for kind in ContentKind]
        dialog = RulesDialog("North", {})
        boxes = [box.text() for box in dialog.findChildren(QCheckBox)]
        dialog.deleteLater()
    finally:
        install(qapp, ENGLISH)
    assert "datganiadau dros dro" in words and "negeseuon" in words, words
    assert not any("posts" in text or "replies" in text for text in boxes), boxes


async def test_a_failed_posts_reason_kept_by_the_engine_reads_in_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """The engine keeps why a post failed in English (whatever it speaks, and an English
    console may read the same row); the Welsh queue shows it in Welsh, the network's own
    words as they were."""
    from datetime import UTC, datetime, timedelta

    from console import channel_admin
    from console import users as user_admin
    from console.posts import create_post
    from storage import queue
    from storage.records import Role
    from storage.store import Transaction
    from storage.stored_words import english
    from storage.timeutil import to_iso

    await user_admin.set_roles(
        session, session.user.name, [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="desk"
    )
    added = await channel_admin.add_channel(
        session, name="Force X", network="simulator", account="fx"
    )
    created = await create_post(
        session,
        body="Road closed on the A55",
        channel_ids=[added.id],
        scheduled_utc=to_iso(datetime.now(UTC) + timedelta(hours=1)),
    )
    kept = english("The network refused it: {message}", message="Status is a duplicate")
    target = created.targets[0].id

    def fail(tx: Transaction) -> None:  # as the publisher records a refusal
        tx.execute("UPDATE targets SET status = 'publishing' WHERE id = ?", (target,))
        queue.mark_failed(tx.db, target, kept, tx.now())

    await session.store.write(fail)
    install(qapp, WELSH)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    try:
        window.show_area("queue")
        model = window.queue_view.model
        await until(lambda: model.record_at(0) is not None)
        column = len(model.COLUMNS) - 1
        result = model.index(0, column).data()
        assert result == "Gwrthododd y rhwydwaith hi: Status is a duplicate", result
    finally:
        window.close_for_good()
        install(qapp, ENGLISH)


async def test_qts_own_buttons_menus_and_file_chooser_speak_welsh(qapp: QApplication) -> None:
    """Qt's standard buttons (Cancel, OK), a text box's menu and Qt's file chooser were
    English in a Welsh window: PySide6 ships no Welsh for Qt, so Cordon carries its own."""
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit

    buttons = QDialogButtonBox.StandardButton

    def words() -> tuple[list[str], list[str], list[str]]:
        box = QDialogButtonBox(buttons.Ok | buttons.Cancel | buttons.Yes | buttons.No)
        line = QLineEdit()
        menu = line.createStandardContextMenu()
        chooser = QFileDialog(None, "", "", "")
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        labels = [label.text() for label in chooser.findChildren(QLabel)]
        said = (
            [box.button(b).text() for b in (buttons.Ok, buttons.Cancel, buttons.Yes, buttons.No)],
            [action.text().split("\t")[0] for action in menu.actions() if action.text()],
            labels,
        )
        for widget in (box, menu, line, chooser):
            widget.deleteLater()
        return said

    install(qapp, WELSH)
    try:
        welsh_buttons, welsh_menu, welsh_chooser = words()
    finally:
        install(qapp, ENGLISH)
    assert welsh_buttons == ["Iawn", "Canslo", "&Ie", "&Na"]
    assert "&Copïo" in welsh_menu and "&Gludo" in welsh_menu
    assert "&Enw'r ffeil:" in welsh_chooser
    english_buttons, english_menu, _ = words()
    assert english_buttons == ["OK", "Cancel", "&Yes", "&No"]
    assert "&Copy" in english_menu


async def test_the_held_posts_state_reads_whole_in_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """Gold's review lists held posts: their state's pill said "wedi'i h…" on every
    row in Welsh (the column was as wide as the English "held" needs)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from storage.records import TargetStatus
    from widgets.status_pill import StatusPillDelegate

    install(qapp, WELSH)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        table = window.incident_view.table
        option = QStyleOptionViewItem()
        option.initFrom(table)
        option.rect.setWidth(table.columnWidth(1))  # a cell of the state column
        label = TargetStatus.HELD.label
        assert label == "wedi'i hatal"
        assert StatusPillDelegate.shown(option, label) == label
    finally:
        window.close_for_good()
