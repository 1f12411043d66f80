"""Regenerate the README's screenshots from the real window.

    .venv/bin/python scripts/screenshots.py [OUT_DIR] [WIDTHxHEIGHT]

Runs offscreen (no display needed) on a fresh demo exercise store in a temporary
folder, does real work through the core (sign-in, a backup, an export, a verify)
so the audit view shows a true log, and saves each screen with ``QWidget.grab``;
then the same in Welsh in a second process, of which the queue is kept
(``welsh-queue.png``).
The window is the size of a 1280x800 screen (or the size given); every area is
also saved in normal and in incident mode under ``areas/`` (``normal-queue.png``,
``incident-queue.png``…), to check that nothing is cut, covered or off screen.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from console import audit_trail, inbox_list, settings  # noqa: E402
from console import queue as queue_service  # noqa: E402
from console.bilingual import Choice, First, Form  # noqa: E402
from console.engine import Engine  # noqa: E402
from console.engine_keeper import EngineKeeper, ProcessLauncher  # noqa: E402
from console.inbox import listening  # noqa: E402
from console.reports import service as report_service  # noqa: E402
from console.reports.grading import Category, Grade, ReportState, Thrive  # noqa: E402
from console.service import EngineService  # noqa: E402
from console.session import Session, sign_in  # noqa: E402
from console.sync import SyncPolicy  # noqa: E402
from console.timezone import FORCE_ZONE  # noqa: E402
from incident import statements  # noqa: E402
from incident.demo import ensure_demo_store  # noqa: E402
from incident.demo_accounts import DEMO_PASSWORD, DEMO_USER  # noqa: E402
from incident.engage import Details  # noqa: E402
from storage import channels as channel_rows  # noqa: E402
from storage import inbox as inbox_rows  # noqa: E402
from storage import lifecycle  # noqa: E402
from storage import users as user_rows  # noqa: E402
from storage.inbox import InboxFilter  # noqa: E402
from storage.incidents import Scope  # noqa: E402
from storage.keyslots import KdfParams  # noqa: E402
from storage.records import Channel, IncidentMode  # noqa: E402
from storage.store import Transaction  # noqa: E402
from storage.timeutil import to_iso  # noqa: E402
from ui.channels.connect_dialog import ConnectDialog  # noqa: E402
from ui.common.prompts import PROMPTS  # noqa: E402
from ui.common.tasks import Tasks  # noqa: E402
from ui.common.translations import install  # noqa: E402
from ui.frame.app import style_sheet  # noqa: E402
from ui.frame.main_window import MainWindow  # noqa: E402
from ui.frame.sign_in import SignInScreen  # noqa: E402
from ui.inbox.inbox_model import PREVIEW  # noqa: E402
from ui.incident.incident_dialogs import IncidentAnswer, StatementDialog  # noqa: E402
from ui.incident.template_dialog import TemplateLibrary  # noqa: E402
from ui.reports import report_dialogs  # noqa: E402

KDF = KdfParams(time_cost=1, memory_kib=64)  # screenshots need no real key cost
SCREEN = (1280, 800)  # the smallest screen Cordon is made for (set from the command line)


async def settle(seconds: float = 0.3) -> None:
    """Let the window paint and the engine work (never ``processEvents``: a nested
    event loop inside a task would strand the engine's tasks)."""
    await asyncio.sleep(seconds)


async def engine_for(session: Session) -> tuple[EngineService, EngineKeeper]:
    """The engine as the app runs it (an ``EngineService``; here in this process, so
    the script can drive its simulator) and the window's keeper watching it."""
    served = EngineService(
        session.store,
        Engine(session.store, sync_policy=SyncPolicy(interval=2.0, recheck=1.0)),
        started_by=session.user.name,
    )
    await served.start()
    keeper = EngineKeeper(
        session.store, ProcessLauncher([sys.executable, str(ROOT / "main.py")]),
        started_by=session.user.name,
    )  # fmt: skip
    await keeper.start()
    return served, keeper


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / name
    widget.grab().save(str(path))
    print(f"wrote {path}")


async def shoot(out: Path, work: Path) -> None:
    tasks = Tasks()
    welcome = SignInScreen(work / "cordon.cordon", tasks)
    welcome.resize(1100, 700)
    welcome.show()
    await settle()
    save(welcome, out, "welcome.png")

    demo = await ensure_demo_store(work / "demo-exercise.cordon")
    welcome.prefill(demo, DEMO_USER)
    await settle()
    save(welcome, out, "sign-in.png")
    welcome.close()

    # Real work, so the audit trail holds a true history.
    session = await sign_in(demo, DEMO_USER, DEMO_PASSWORD, via="window")
    await lifecycle.backup(session.store, work / "backup.cordon", actor=DEMO_USER)
    await audit_trail.export(
        session.store,
        work / "audit.csv",
        actor=DEMO_USER,
        reason="Exercise debrief pack",
        recipient="Training unit",
    )
    served, keeper = await engine_for(session)
    window = MainWindow(session, keeper)
    window.resize(*SCREEN)
    window.show()
    await settle(0.6)
    await window.audit_view.verify()
    window.audit_view.table.selectRow(0)
    await settle(0.4)
    save(window, out, "main-window.png")
    await shoot_areas(window, out, "normal")
    window.show_area("queue")
    await settle(0.6)
    save(window, out, "queue.png")
    window.show_area("calendar")
    await window.calendar_view.refresh()
    await settle(0.6)
    save(window, out, "calendar.png")
    window.show_area("settings")
    await settle(0.5)
    save(window, out, "settings.png")
    await shoot_sync(session, served.engine, keeper, out, work)
    await shoot_incident(window, out)
    await shoot_areas(window, out, "incident")
    window.show_area("incident")
    window.lock(window.tr("locked by hand"))  # as the Lock button says it
    await settle(1.2)
    save(window, out, "locked.png")
    window.lock_screen.user_edit.setText(DEMO_USER)
    window.lock_screen.password_edit.setText(DEMO_PASSWORD)
    window.lock_screen.attempt()
    await settle(1.0)
    # The engine stopped (by an officer elsewhere): every area says so, in red.
    await served.stop("Stopped by gold: end of the exercise", by="gold")
    window.show_area("queue")
    await settle(2.0)
    save(window, out, "engine-stopped.png")
    window.close_for_good()
    await keeper.close()
    await session.sign_out("screenshots taken")
    await shoot_exercise(out, work)


INBOX = (
    (
        "northshirepolice",
        "mention",
        "kim_w",
        "Kim Walsh",
        "@northshirepolice is the A140 at Eastbridge open again? Sat nav still says closed",
    ),
    (
        "np_kingsbridge",
        "message",
        "d.okafor",
        "Dele Okafor",
        "Hi, my son's bike was taken from outside the library on Mill Street about 4pm. "
        "It's a blue Carrera, frame number ends 4471. Do I report it here or online?",
    ),
    (
        "np_roads",
        "reply",
        "roadwatcher",
        "",
        "Thanks for the update. Any idea how long the diversion will be in place?",
    ),
    (
        "np_marlowvale",
        "mention",
        "marlowvalemum",
        "Sarah P",
        "Loads of police cars by the school in Marlow Vale, is everything ok?? @np_marlowvale",
    ),
    (
        "northshirepolice",
        "reply",
        "jt_1987",
        "James T",
        "Great work by the officers at the market today 👏",
    ),
    (
        "np_kingsbridge",
        "mention",
        "kb_residents",
        "Kingsbridge Residents' Assoc.",
        "Reminder: @np_kingsbridge beat surgery at the community centre Thursday 6pm",
    ),
)


async def shoot_areas(window: MainWindow, out: Path, mode: str) -> None:
    """Every area of the window as it is now (``mode``: normal or incident)."""
    folder = out / "areas"
    folder.mkdir(exist_ok=True)
    for key in window.area_index:
        if window.navigation.item(window.area_index[key]).isHidden():
            continue  # the demo holds no exercise: no Exercise area
        window.show_area(key)
        # An area hidden while the store changed reloads when it is shown (within
        # half a second, then its read): wait for that, as an officer's eye would.
        await settle(1.5)
        save(window, folder, f"{mode}-{key}.png")


async def until_true(condition: Callable[[], Awaitable[bool]], seconds: float = 20.0) -> None:
    """Wait for the engine's work (sync reading the simulator), never a fixed time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await condition():
        if loop.time() > deadline:
            raise RuntimeError("the engine did not get there in time")
        await asyncio.sleep(0.25)


async def shoot_sync(
    session: Session, engine: Engine, keeper: EngineKeeper, out: Path, work: Path
) -> None:
    """Channel health with a channel needing reconnection and one paused, the inbox
    with items arriving, and the connect dialog (on a live store: an exercise store
    refuses real networks)."""
    window = MainWindow(session, keeper)
    window.resize(*SCREEN)
    window.show()
    for account, kind, handle, name, text in INBOX:
        engine.simulator.inject(account, text, kind=kind, author_handle=handle, author_name=name)
    engine.simulator.set_rate_limit(300, window=900)
    await asyncio.sleep(2.5)
    found = await queue_service.channels(session.store)
    roads = next(c for c in found if c.account == "np_roads")
    marlow = next(c for c in found if c.account == "np_marlowvale")
    assert engine.sync is not None
    await engine.sync.pause(session, marlow.id, reason="account under review by the press office")
    engine.simulator.fail_next_reads("401")
    engine.sync.wake(roads.id)
    await asyncio.sleep(2.5)
    window.show_area("channels")
    await window.health_view.refresh()
    window.health_view.select_channel(roads.id)
    await asyncio.sleep(1.0)
    save(window, out, "channel-health.png")
    await shoot_inbox(window, out)
    await shoot_composer(window, out, work)
    await shoot_reports(window, engine, out)
    await shoot_dashboard(window, out)
    window.close_for_good()

    live = work / "live.cordon"
    await (await lifecycle.create_store(live, user="admin", password="screenshots only",
                                         kdf=KdfParams(1, 64))).close()  # fmt: skip
    admin = await sign_in(live, "admin", "screenshots only", via="window")
    first = MainWindow(admin)  # a new store's first page: what to do next
    first.resize(*SCREEN)
    first.show()
    await settle(1.0)
    save(first, out, "first-steps.png")
    first.close_for_good()

    def add(tx: Transaction) -> Channel | None:
        added = channel_rows.insert(tx.db, name="Northshire Police", network="bluesky",
                                    account="northshirepolice.bsky.social", area="Force-wide",
                                    now=tx.now())  # fmt: skip
        return channel_rows.get(tx.db, added)

    channel = await admin.store.write(add)
    assert channel is not None
    dialog = ConnectDialog(admin, channel, Tasks())
    dialog.fields["handle"].setText("northshirepolice.bsky.social")
    dialog.fields["app_password"].setText("xxxx-xxxx-xxxx-xxxx")
    dialog.show()
    await asyncio.sleep(0.5)
    save(dialog, out, "connect-dialog.png")
    dialog.reject()
    await admin.sign_out("screenshots taken")


async def shoot_composer(window: MainWindow, out: Path, work: Path) -> None:
    """The composer: a thumbnail with its alt text, the per-channel preview."""
    from PySide6.QtGui import QColor, QImage

    picture = work / "closure-map.png"
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6f9f"))
    image.save(str(picture))
    window.compose()
    for _ in range(40):
        await settle(0.1)
        if window.composer is not None and window.composer.isVisible():
            break
    composer = window.composer
    assert composer is not None
    composer.text.setPlainText(
        "The A140 is closed both ways at Eastbridge while we deal with a collision. Please "
        "avoid the area and allow extra time 🚧 Updates: https://northshire.police.uk/roads"
    )
    ids = [int(composer.channel_list.item(row).data(256)) for row in range(2)]
    composer.choose_channels(ids)
    composer.attach(picture.name, picture.read_bytes(), "Map of the closure on the A140")
    await settle(0.6)
    save(composer, out, "composer.png")
    composer.reject()

    # A force that posts in Welsh and English: both boxes, each channel's two posts counted.
    session = window.session
    await settings.change(session, settings.BILINGUAL, Choice(Form.TWO, First.WELSH),
                          reason="screenshots: bilingual posting")  # fmt: skip
    window.compose()
    for _ in range(40):
        await settle(0.1)
        if window.composer is not None and window.composer.isVisible():
            break
    composer = window.composer
    assert composer is not None
    composer.welsh.setPlainText(
        "Mae’r A140 ar gau i’r ddau gyfeiriad yn Eastbridge tra byddwn yn delio â gwrthdrawiad. "
        "Osgowch yr ardal a chaniatewch amser ychwanegol 🚧"
    )
    composer.text.setPlainText(
        "The A140 is closed both ways at Eastbridge while we deal with a collision. Please "
        "avoid the area and allow extra time 🚧"
    )
    composer.choose_channels(ids)
    await settle(0.6)
    save(composer, out, "composer-bilingual.png")
    composer.reject()
    await settings.change(session, settings.BILINGUAL, Choice(), reason="screenshots done")


async def shoot_reports(window: MainWindow, engine: Engine, out: Path) -> None:
    """A threat-to-life alert on the band (with a listening surge under it), the
    report form filled in, and the Reports area with a report opened."""
    session = window.session
    await listening.add_rule(
        session, listening.RuleKind.KEYWORD, "Eastbridge", reason="Market day policing"
    )
    engine.simulator.inject(
        "np_kingsbridge", "I can't do this any more, I want to end my life tonight",
        kind="message", author_handle="anon_kb", author_name="K",
    )  # fmt: skip
    engine.simulator.inject("northshirepolice", "Is anyone answering? help me please",
                            author_handle="w_smith", author_name="W Smith")  # fmt: skip
    for n, text in enumerate(
        (
            "Sirens all over Eastbridge",
            "Eastbridge market closed?",
            "Road blocked in Eastbridge",
            "Eastbridge high st cordon",
            "Police everywhere in Eastbridge",
            "What's happening Eastbridge",
        )
    ):
        engine.simulator.inject("northshirepolice", text, author_handle=f"res{n}")  # fmt: skip
    await asyncio.sleep(3.0)
    await window.threat_alerts.refresh()
    window.show_area("queue")
    await asyncio.sleep(0.5)
    save(window, out, "threat-alert.png")

    ids = await inbox_list.matching(session.store, InboxFilter(text="bike"))
    made = await report_service.create_report(
        session, ids, category=Category.CRIME, grade=Grade.SCHEDULED, thrive=DEMO_THRIVE,
        location="Outside the library, Mill Street, Kingsbridge",
        summary="Theft of a blue Carrera bicycle (frame number ends 4471) about 16:00.",
    )  # fmt: skip
    ids = await inbox_list.matching(session.store, InboxFilter(text="Marlow Vale"))
    await report_service.create_report(
        session, ids, category=Category.CONCERN_FOR_WELFARE, grade=Grade.IMMEDIATE,
        thrive=DEMO_THRIVE, location="Marlow Vale primary school",
        summary="Parent worried by police vehicles at the school.",
    )  # fmt: skip
    allowed = await report_dialogs.allowances(session.store)
    source = report_dialogs.ReportWords().source(1, 2)  # as the inbox's Record report… says
    form = report_dialogs.ReportForm(allowed, window, source=source)
    form.category.setCurrentIndex(form.category.findData(Category.CRIME.value))
    form.location.setText("Outside the library, Mill Street, Kingsbridge")
    form.summary.setPlainText("Theft of a blue Carrera bicycle, frame number ends 4471.")
    for part, value in DEMO_THRIVE.as_dict().items():
        form.thrive[part].setPlainText(value)
    form.show()
    await asyncio.sleep(0.5)
    save(form, out, "report-dialog.png")
    form.reject()

    window.show_area("reports")
    view = window.reports_view
    await view.refresh()
    view.select(made.reference)
    PROMPTS.answer_next("Reviewing the theft report before hand-over")
    view.open_button.click()
    await asyncio.sleep(1.0)
    save(window, out, "reports.png")


DEMO_THRIVE = Thrive(
    threat="None identified: the theft is over",
    harm="Loss of a bicycle worth about £400",
    risk="Low",
    investigation="CCTV at the library; frame number for the stolen property register",
    vulnerability="None identified",
    engagement="Parent wants a crime number for insurance",
)


async def shoot_dashboard(window: MainWindow, out: Path) -> None:
    """The dashboard after three of the inbox's items became reports (one answered)."""
    session = window.session
    ids = await session.store.run(lambda db: inbox_rows.matching(db))
    thrive = Thrive("None identified", "Property taken", "Low", "Bike theft; CCTV at library",
                    "None identified", "Wants a crime number")  # fmt: skip
    made = []
    for item_id, category, grade in zip(
        ids[:3],
        (Category.CRIME, Category.ROAD_TRAFFIC, Category.CONCERN_FOR_WELFARE),
        (Grade.SCHEDULED, Grade.PRIORITY, Grade.IMMEDIATE),
        strict=False,
    ):
        made.append(await report_service.create_report(
            session, [item_id], category=category, grade=grade, thrive=thrive))  # fmt: skip
    await report_service.set_state(session, made[0].reference, ReportState.ANSWERED,
                                   reason="Crime number sent by direct message")  # fmt: skip
    window.show_area("dashboard")
    await window.dashboard_view.refresh()
    await asyncio.sleep(0.5)
    save(window, out, "dashboard.png")


async def shoot_inbox(window: MainWindow, out: Path) -> None:
    """A conversation opened (the justification recorded), a note and a reply."""
    window.show_area("inbox")
    view = window.inbox_view
    previews: list[str] = []

    async def bike_listed() -> bool:
        await view.refresh()
        await asyncio.sleep(0.3)  # the page of rows loads
        previews[:] = [str(view.model.data(view.model.index(row, PREVIEW)))
                       for row in range(view.model.rowCount())]  # fmt: skip
        return any("bike" in p for p in previews)

    await until_true(bike_listed)
    view.table.selectRow(next(i for i, p in enumerate(previews) if "bike" in p))
    await asyncio.sleep(0.3)
    PROMPTS.answer_next("Reported theft of a bicycle: recording and answering it")
    view.open_selected()
    await asyncio.sleep(0.5)
    pane = view.pane
    pane.note_text.setPlainText("Frame number checked against the stolen bikes list: no match yet.")
    pane.note_button.click()
    await asyncio.sleep(0.5)
    pane.tabs.setCurrentIndex(2)
    pane.composer.text.setPlainText(
        "Sorry to hear that, Dele. Please report it online at northshire.police.uk/report "
        "and quote the frame number: we will update you here."
    )
    await asyncio.sleep(0.3)
    save(window, out, "inbox-reply.png")
    pane.composer.send_button.click()
    await asyncio.sleep(1.0)
    save(window, out, "inbox.png")


async def shoot_incident(window: MainWindow, out: Path) -> None:
    """One click, the details, a holding statement on two channels; then the
    incident area, the statement dialog and the wall display."""
    store = window.session.store
    PROMPTS.answer_next(
        IncidentAnswer(
            Details(
                "Eastbridge market firearms incident",
                "OP-TALON-24",
                "Ch Supt R. Okafor",
                "Shots reported at the Saturday market",
            ),
            Scope.everything(),
            IncidentMode.REVIEW,
        )
    )
    window.engage_incident()
    await settle(1.5)
    await statements.ensure_shipped(store)
    templates = await statements.templates(store)
    flooding = next(t for t in templates if t.name == "Major road closure")
    channels = await queue_service.channels(store)
    # The reminder at the time the statement promises the public, to the minute.
    reminder = (datetime.now(UTC) + timedelta(minutes=50)).replace(second=0, microsecond=0)
    values = {"road": "the A140", "location": "Eastbridge market", "reference": "OP-TALON-24",
              "next_update": f"{reminder.astimezone(FORCE_ZONE):%H:%M}"}  # fmt: skip
    await statements.send(
        window.session, flooding.id, values, [c.id for c in channels[:2]],
        next_update_utc=to_iso(reminder),
    )  # fmt: skip
    await settle(2.5)
    await window.incident_view.refresh()
    await settle(0.5)
    save(window, out, "incident.png")

    firearms = next(t for t in templates if t.name == "Firearms incident")
    dialog = StatementDialog(store, templates, channels, window._tasks, window)
    dialog.template.setCurrentIndex(dialog.template.findData(firearms.id))
    for name, value in {"location": "Eastbridge town centre", "time": "11:40",
                        "reference": "OP-TALON-24", "next_update": "13:30"}.items():  # fmt: skip
        dialog.fields[name].setText(value)
    dialog.show()
    await settle(1.0)
    save(dialog, out, "holding-statement.png")
    dialog.reject()

    library = TemplateLibrary(window.session, window._tasks, window)
    await library.load()
    library.listing.setCurrentRow(2)
    library.show()
    await settle(0.6)
    save(library, out, "templates.png")
    library.close()

    window.show_wall()
    assert window.wall is not None
    window.wall.resize(1280, 720)
    await settle(0.5)
    save(window.wall, out, "wall-display.png")
    window.wall.close()


def _scenario() -> Path:
    """The flooding scenario: the one the README's exercise pictures show."""
    return ROOT / "resources" / "scenarios" / "flooding.toml"


async def shoot_exercise(out: Path, work: Path) -> None:
    """The new-exercise dialog, then the trainer's panel part-way through a scenario
    that the runner plays while a duty officer works the inbox."""
    from console import users as user_admin
    from console.inbox import work as inbox_work
    from incident import engage
    from incident.exercise import service
    from incident.exercise.runner import ExerciseRunner
    from storage.records import Role
    from ui.exercise.new_exercise import NewExerciseDialog

    tasks = Tasks()
    dialog = NewExerciseDialog(tasks, folder=work)
    dialog.use_scenario(_scenario())
    dialog.password_edit.setText("exercise password")
    dialog.confirm_edit.setText("exercise password")
    dialog.show()
    await settle()
    save(dialog, out, "new-exercise.png")
    dialog.close()

    path = await service.create_exercise(
        work / "exercise.cordon", _scenario(), "trainer", "exercise password", kdf=KDF
    )
    trainer = await sign_in(path, "trainer", "exercise password", via="window")
    await user_admin.add_user(
        trainer, name="dora", password="exercise password", roles=[Role.DUTY_OFFICER],
        display_name="Dora Evans", kdf=KDF,
    )  # fmt: skip
    dora_user = await trainer.store.run(lambda db: user_rows.by_name(db, "dora"))
    assert dora_user is not None
    dora = Session(trainer.store, dora_user, via="window")
    served, keeper = await engine_for(trainer)
    runner = next(c for c in served.companions if isinstance(c, ExerciseRunner))
    window = MainWindow(trainer, keeper)
    window.resize(*SCREEN)
    window.show()
    await service.start(trainer)
    await service.jump(trainer, timedelta(minutes=26))  # the first sign at +25m
    first = None
    for _ in range(40):  # sync stores the first mention within a few seconds
        await settle(0.25)
        await runner.link_items()
        status = await service.status(trainer.store)
        first = next((i for i in status.injects if i.item_ids), None)
        if first is not None:
            break
    assert first is not None, "the first inject's mention never reached the inbox"
    await inbox_work.open_item(dora, first.item_ids[0], "new mention")
    await service.jump(trainer, timedelta(minutes=40))
    await engage.hold_now(dora, details=Details(name="Flooding in the Lenn valley"))
    await service.jump(trainer, timedelta(hours=2, minutes=10))
    await service.set_speed(trainer, 4)
    await settle(1.5)
    window.show_area("exercise")
    assert window.trainer_view is not None
    await window.trainer_view.refresh()
    await settle(0.6)
    save(window, out, "trainer-panel.png")
    window.close_for_good()
    await keeper.close()
    await served.stop("screenshots taken")
    await trainer.sign_out("screenshots taken")


def main() -> int:
    global SCREEN
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    if len(sys.argv) > 2:
        width, height = sys.argv[2].lower().split("x")
        SCREEN = (int(width), int(height))
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    install(app, os.environ.get("CORDON_LANG", "en"))  # CORDON_LANG=cy: the window in Welsh
    app.setStyleSheet(style_sheet())
    with tempfile.TemporaryDirectory() as work:
        os.environ["CORDON_HOME"] = work
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(shoot(out, Path(work)))
    if "CORDON_LANG" not in os.environ:
        welsh_queue(out)
    return 0


def welsh_queue(out: Path) -> None:
    """The README's Welsh queue: the same run in Welsh, in a process of its own (the
    language is chosen when the application starts), keeping its queue."""
    with tempfile.TemporaryDirectory() as welsh:
        subprocess.run(
            [sys.executable, __file__, welsh, "x".join(map(str, SCREEN))],
            env={**os.environ, "CORDON_LANG": "cy"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copyfile(Path(welsh) / "queue.png", out / "welsh-queue.png")
    print(f"wrote {out / 'welsh-queue.png'}")


if __name__ == "__main__":
    sys.exit(main())
