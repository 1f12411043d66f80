"""The debrief's figures match the audit trail: a scripted team acts at known
exercise times on the small scenario, and the debrief reports exactly those times."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.inbox import work
from console.marking import EXERCISE_MARK
from console.permissions import NotPermitted
from console.posts import create_post
from console.publisher import Publisher
from console.reports.grading import Grade
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from incident import engage, report, statements
from incident.exercise import debrief, debrief_out, service
from incident.exercise.scenario import InjectKind
from storage import audit, channels, exercises, i18n, queue
from storage.errors import StoreError
from storage.incidents import Scope
from storage.records import AuditCategory, Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.exercise.conftest import SMALL, TRAINER, FakeRealClock
from tests.helpers import FAST_KDF, PASSWORD, raw_db
from tests.reports.helpers import add_items, item, report_from
from tests.reports.pdftext import pdf_text

pytestmark = pytest.mark.asyncio

STARTS = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)  # small.toml: 09:00 GMT


@dataclass
class Exercise:
    trainer: Session
    dora: Session
    gold: Session
    real: FakeRealClock
    publisher: Publisher
    adapter: SimulatorAdapter

    def at(self, minutes: int) -> datetime:
        return STARTS + timedelta(minutes=minutes)

    def to(self, minutes: int) -> None:
        """Move the (real, and at 1x exercise) clock to ``minutes`` after the start."""
        now = self.trainer.store.clock()
        self.real.advance(seconds=(self.at(minutes) - now).total_seconds())
        assert self.trainer.store.clock() == self.at(minutes)

    async def fire(self, inject_id: str, channel: str, *remote_ids: str) -> list[int]:
        """What the runner does when an inject falls due: mark it fired and, once
        sync stored them, link its inbox items."""
        store = self.trainer.store
        channel_id = await store.run(lambda db: channels.by_name(db, channel))
        assert channel_id is not None
        now = to_iso(store.clock())

        def fired(tx: Transaction) -> None:
            real_now = to_iso(self.real())
            exercises.mark_fired(
                tx.db, inject_id, exercise_utc=now, real_utc=real_now, remote_ids=list(remote_ids)
            )

        await store.write(fired)
        ids = await add_items(
            store,
            *(item(r, f"Inject {inject_id} ({r})") for r in remote_ids),
            channel_id=channel_id.id,
        )
        await store.write(lambda tx: exercises.set_items(tx.db, inject_id, ids))
        return ids


@pytest_asyncio.fixture
async def ex(
    tmp_path: Path, real: FakeRealClock, simulator: SimulatorServer
) -> AsyncIterator[Exercise]:
    async for made in _exercise(tmp_path, real, simulator, SMALL):
        yield made


# small.toml's injects and one of every other kind, each on the public's side.
_EVERY_KIND = "".join(
    f"""
[[injects]]
id = "{kind.replace("_", "-")}-one"
at = "+2h{20 + n}m"
kind = "{kind}"
channel = "Wessex Police"
author = "resident_{n}"
text = "A {kind.replace("_", " ")} from the public."
"""
    for n, kind in enumerate(
        ("reply", "message", "misinformation", "crime_report", "threat_to_life")
    )
)


@pytest_asyncio.fixture
async def every_kind(
    tmp_path: Path, real: FakeRealClock, simulator: SimulatorServer
) -> AsyncIterator[Exercise]:
    """An exercise whose scenario has an inject of every kind."""
    scenario = tmp_path / "every_kind.toml"
    scenario.write_text(SMALL.read_text("utf-8") + _EVERY_KIND, "utf-8")
    async for made in _exercise(tmp_path, real, simulator, scenario):
        yield made


async def _exercise(
    tmp_path: Path, real: FakeRealClock, simulator: SimulatorServer, scenario: Path
) -> AsyncIterator[Exercise]:
    exercise_path = await service.create_exercise(
        tmp_path / "ex.cordon", scenario, TRAINER, PASSWORD, kdf=FAST_KDF, real=real
    )
    trainer = await sign_in(exercise_path, TRAINER, PASSWORD, via="test", throttle=SignInThrottle())
    store = trainer.store
    clock = await store.run(lambda db: exercises.clock_for(db, real))
    assert clock is not None
    store.clock = clock  # the exercise clock on the test's real clock
    for name, role in (("dora", Role.DUTY_OFFICER), ("gold", Role.APPROVER)):
        await user_admin.add_user(trainer, name=name, password=PASSWORD, roles=[role], kdf=FAST_KDF)
    dora = await sign_in(exercise_path, "dora", PASSWORD, via="test", throttle=SignInThrottle())
    gold = await sign_in(exercise_path, "gold", PASSWORD, via="test", throttle=SignInThrottle())
    await dora.store.close()  # one store for the whole team: their sessions share it
    await gold.store.close()
    dora, gold = Session(store, dora.user, via="test"), Session(store, gold.user, via="test")
    adapter = SimulatorAdapter(simulator.url)
    publisher = Publisher(store, ByNetwork({"simulator": adapter}), clock=store.clock)
    yield Exercise(trainer, dora, gold, real, publisher, adapter)
    await adapter.aclose()
    await trainer.sign_out()


async def _channel(ex: Exercise, name: str) -> int:
    found = await ex.trainer.store.run(lambda db: channels.by_name(db, name))
    assert found is not None
    return found.id


async def _play(ex: Exercise) -> dict[str, object]:
    """The scripted exercise; returns the ids the test checks against."""
    wessex = await _channel(ex, "Wessex Police")
    kingsford = await _channel(ex, "Kingsford Police")
    await service.start(ex.trainer)
    ex.to(5)  # scheduled content, written before the first sign, for a channel out of scope
    await create_post(
        ex.dora, body="Road safety week starts on Monday.", channel_ids=[wessex],
        scheduled_utc=to_iso(ex.at(25)),
    )  # fmt: skip
    ex.to(10)
    (first,) = await ex.fire("first-report", "Kingsford Police", "r-1")
    ex.to(12)
    await work.open_item(ex.trainer, first, "watching the team")  # the trainer: not a pickup
    ex.to(14)
    await work.open_item(ex.dora, first, "new mention")
    conversation = await ex.trainer.store.run(lambda db: _conversation_of(db, first))
    ex.to(16)
    await work.assign(ex.dora, conversation, officer="dora", reason="mine")
    ex.to(20)  # the team's own "we're aware" post, after the first sign: part of the response
    await create_post(
        ex.dora, body="We are aware of flooding on the High Street.", channel_ids=[kingsford],
        scheduled_utc=to_iso(ex.at(22)),
    )  # fmt: skip
    ex.to(22)
    assert [r.status for r in await ex.publisher.publish_due()] == ["published"]
    ex.to(25)  # goes out on Wessex Police, which the incident's scope will leave out
    assert [r.status for r in await ex.publisher.publish_due()] == ["published"]
    ex.to(30)  # the market post falls due before anyone engages incident mode; Cordon
    # stops while it is on its way (it reaches the network) and finds it out at 09:31.
    market = await ex.trainer.store.run(lambda db: _queued_on(db, kingsford))
    await ex.trainer.store.write(lambda tx: queue.claim(tx.db, market, f"key-{market}", tx.now()))
    claimed = await ex.trainer.store.run(lambda db: queue.claimed(db, market))
    assert claimed is not None
    await ex.adapter.publish(claimed)
    ex.to(31)
    assert [r.status for r in await ex.publisher.publish_due()] == ["published"]
    ex.to(35)
    incident = await engage.hold_now(ex.dora, details=engage.Details(name="Burst main"))
    ex.to(36)  # described: only Kingsford is affected
    await engage.change_scope(
        ex.dora, incident.id, Scope.of_channels([kingsford]), reason="Kingsford only"
    )
    ex.to(40)
    await ex.fire("unsafe-rumour", "Wessex Police", "r-2")  # nobody picks this one up
    ex.to(45)
    await statements.ensure_shipped(ex.trainer.store)
    templates = await statements.templates(ex.trainer.store)
    flooding = next(t for t in templates if t.name == "Flooding")
    await statements.pre_approve(ex.gold, flooding.id, reason="agreed wording")
    fields = {"location": "High Street, Kingsford", "time": "09:10", "reference": "OP-1",
              "next_update": "10:30"}  # fmt: skip
    # (Flooding's words are longer than Kingsford Police's 280 characters.)
    await statements.send(ex.dora, flooding.id, fields, [wessex])
    ex.to(47)
    assert [r.status for r in await ex.publisher.publish_due()] == ["published"]
    ex.to(48)  # words gold has not pre-approved: they wait for an approver
    closure = next(t for t in templates if t.name == "Major road closure")
    values = {name: "A1" for name in statements.template_fields(closure)}
    sent = await statements.send(ex.dora, closure.id, values, [wessex])
    assert sent.awaiting_approval
    ex.to(50)
    report = await report_from(ex.dora, [first], grade=Grade.IMMEDIATE)
    return {"first": first, "incident": incident.id, "report": report.reference, "market": market}


def _queued_on(db: object, channel_id: int) -> int:
    row = db.execute(  # type: ignore[attr-defined]
        "SELECT id FROM targets WHERE channel_id = ? AND status = 'queued'"
        " ORDER BY scheduled_utc LIMIT 1",
        (channel_id,),
    ).fetchone()
    return int(row[0])


def _conversation_of(db: object, item_id: int) -> int:
    from storage import conversations

    found = conversations.of_item(db, item_id)
    assert found is not None
    return found


async def test_the_debriefs_figures_match_the_audit_trail(ex: Exercise) -> None:
    ids = await _play(ex)
    d = await debrief.build_debrief(ex.trainer)

    first = d.inject("first-report")
    assert first.arrived == ex.at(10)
    assert first.items == (ids["first"],)
    assert first.picked_up is not None
    assert (first.picked_up.actor, first.picked_up.what) == ("dora", "opened it")
    assert first.picked_up.at == ex.at(14)
    assert first.took == timedelta(minutes=4)
    assert [(r.actor, r.what, r.at) for r in first.responses] == [
        ("dora", "opened it", ex.at(14)),
        ("dora", "assigned it to dora", ex.at(16)),
        ("dora", f"raised report {ids['report']}", ex.at(50)),
        ("dora", "marked it report", ex.at(50)),
    ]
    rumour = d.inject("unsafe-rumour")
    assert rumour.arrived == ex.at(40) and rumour.picked_up is None and rumour.took is None
    assert all(
        i.arrived is None for i in d.injects if i.id not in ("first-report", "unsafe-rumour")
    )

    assert (d.first_sign, d.first_sign_inject) == (ex.at(10), "first-report")
    assert (d.engaged, d.engaged_by, d.incident_name) == (ex.at(35), "dora", "Burst main")
    assert d.engage_delay == timedelta(minutes=25)

    # Holding statements by the time they went out; the one awaiting approval as such.
    assert [(s.sent, s.at, s.state, s.by, s.template, s.channels) for s in d.statements] == [
        (ex.at(45), ex.at(47), "went out", "dora", "Flooding", ("Wessex Police",)),
        (ex.at(48), None, "awaiting approval", "dora", "Major road closure", ("Wessex Police",)),
    ]
    assert d.statements[0].went_out == (("Wessex Police", ex.at(47)),)
    # Only the scheduled market post on the incident's channel, found out after the
    # crash; not the team's own post (09:22), nor the post on Wessex Police (09:25),
    # outside the scope the incident was given.
    assert [(h.at, h.channel, h.target_id) for h in d.should_have_been_held] == [
        (ex.at(31), "Kingsford Police", ids["market"])
    ]
    assert d.should_have_been_held[0].text.startswith("Good morning Kingsford!")
    assert [(r.reference, r.at, r.by, r.grade, r.injects) for r in d.reports] == [
        (ids["report"], ex.at(50), "dora", "Immediate", ("first-report",))
    ]

    # Every figure is the audit trail's own time for the same act.
    entries = await ex.trainer.store.run(lambda db: list(audit.iter_entries(db)))
    engaged = next(e for e in entries if e.action == "incident.engage")
    published = {
        int(e.object_id or 0): e.at_utc
        for e in entries
        if e.action in ("target.published", "target.reconcile_published")
    }
    assert published[ids["market"]] == to_iso(ex.at(31))  # type: ignore[index]
    assert to_iso(ex.at(47)) in published.values()
    opened = [e for e in entries if e.action == "inbox.consult" and e.actor == "dora"]
    assert engaged.at_utc == to_iso(d.engaged)  # type: ignore[arg-type]
    assert opened[0].at_utc == to_iso(first.picked_up.at)


async def test_csv_and_pdf_carry_the_figures_and_the_exercise_marking(ex: Exercise) -> None:
    await _play(ex)
    d = await debrief.build_debrief(ex.trainer)
    text = debrief_out.debrief_csv(d)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [EXERCISE_MARK]
    inject_rows = {r[1]: r for r in rows if r and r[0] == "inject"}
    picked = ["dora", "opened it", "Sat 14 Mar 2026 09:14:00 GMT", "4m 00s"]
    assert inject_rows["first-report"][8:12] == picked
    incident = next(r for r in rows if r and r[0] == "incident mode")
    assert incident[5] == "25m 00s"
    pdf = pdf_text(debrief_out.debrief_pdf(d))
    pages = pdf.split("\f")
    assert all(page.lstrip().startswith(EXERCISE_MARK) for page in pages if page.strip())
    assert "Burst main" in pdf and "25m 00s" in pdf
    assert "Awaiting approval" in pdf
    said = [r[1:4] for r in rows if r and r[0] == "holding statement"]
    assert said == [
        ["Sat 14 Mar 2026 09:45:00 GMT", "Sat 14 Mar 2026 09:47:00 GMT", "went out"],
        ["Sat 14 Mar 2026 09:48:00 GMT", "-", "awaiting approval"],
    ]


# English headings, labels and sentences of the debrief's PDF, and their Welsh.
_DEBRIEF_ENGLISH = (
    "Debrief:", "Read at", "exercise time", "Injects and the team's response",
    "Picked up by", "Summary / expected", "Holding statements", "Went out",
    "should have been held", "Reports raised", "THRIVE grade", "Awaiting approval",
    "opened it", "Debrief of", "page 1/",
)  # fmt: skip
_DEBRIEF_WELSH = (
    "Ôl-drafodaeth:", "Darllenwyd am", "amser yr ymarfer", "Mewnbynnau ac ymateb y tîm",
    "Codwyd gan", "Crynodeb / disgwyliedig", "Datganiadau dros dro", "Aeth allan",
    "a ddylai fod wedi’u hatal", "Adroddiadau a godwyd", "Gradd THRIVE",
    "Yn aros am gymeradwyaeth", "agorodd yr eitem", "Ôl-drafodaeth ar", "tudalen 1/",
)  # fmt: skip


async def test_a_debrief_read_in_welsh_is_drawn_wholly_in_welsh(ex: Exercise) -> None:
    """The headings, labels and the debrief's own words are Welsh, its durations and
    its exercise marking too (YMARFER, as the window's banner says it); the CSV keeps
    the stable English marker for the programs that read it; the English is as it
    always was."""
    await _play(ex)
    english = " ".join(
        pdf_text(debrief_out.debrief_pdf(await debrief.build_debrief(ex.trainer))).split()
    )
    assert all(words in english for words in _DEBRIEF_ENGLISH), english
    assert "After the first sign 25m 00s" in english and "YMARFER" not in english
    try:
        i18n.use(i18n.WELSH)
        d = await debrief.build_debrief(ex.trainer)
        data = debrief_out.debrief_pdf(d)
        table = debrief_out.debrief_csv(d)
    finally:
        i18n.use(i18n.ENGLISH)
    welsh = " ".join(pdf_text(data).split())
    missing = [words for words in _DEBRIEF_WELSH if words not in welsh]
    assert not missing, welsh
    left = [words for words in _DEBRIEF_ENGLISH if words in welsh]
    assert not left, welsh
    pages = _pages(data)
    assert pages == 2 and welsh.startswith(_WELSH_MARK)
    assert welsh.count(_WELSH_MARK) == 2 * pages  # every page's top and its footer
    assert welsh.count(f"{_WELSH_MARK} · Ôl-drafodaeth ar") == pages
    assert "EXERCISE" not in welsh
    assert "Ar ôl yr arwydd cyntaf 25 munud 00 eiliad" in welsh
    assert "4 munud 00 eiliad" in welsh  # how long first-report took to pick up
    assert d.inject("first-report").responses[-1].what == "marciodd yr eitem: adroddiad"
    assert "25m" not in welsh and "00s" not in welsh
    assert table.splitlines()[0] == EXERCISE_MARK  # machine-read: the stable marker


_WELSH_MARK = "YMARFER YMARFER YMARFER"


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


# Every kind of inject in words, in English and in Welsh (the scenario file's key).
_KIND_WORDS = {
    "mention": ("Mention", "Crybwylliad"),
    "reply": ("Reply", "Ateb"),
    "message": ("Message", "Neges"),
    "rumour": ("Rumour", "Si"),
    "misinformation": ("Misinformation", "Camwybodaeth"),
    "media_enquiry": ("Media enquiry", "Ymholiad gan y cyfryngau"),
    "crime_report": ("Crime report", "Adroddiad am drosedd"),
    "threat_to_life": ("Threat to life", "Bygythiad i fywyd"),
    "surge": ("Surge", "Ymchwydd"),
    "outage": ("Outage", "Toriad"),
    "restore": ("Restore", "Adfer"),
    "token_expired": ("Token expired", "Tocyn wedi dod i ben"),
    "gold_instruction": ("Gold instruction", "Cyfarwyddyd aur"),
}
# The lines Cordon writes for the injects with no text of their own.
_OWN_LINES = (
    ("6 messages over 15m", "6 neges dros 15m"),
    ("Kingsford Police stops answering", "Mae Kingsford Police yn peidio ag ateb"),
    ("Kingsford Police answers again", "Mae Kingsford Police yn ateb eto"),
    ("Wessex Police's token expires", "Mae tocyn Wessex Police yn dod i ben"),
)
# The exercise clock's states as the debrief says them.
_STATE_WORDS = {
    "not_started": ("Not started", "Heb ddechrau"),
    "running": ("Running", "Yn rhedeg"),
    "paused": ("Paused", "Wedi’i seibio"),
    "ended": ("Ended", "Wedi dod i ben"),
}


async def _drawn(ex: Exercise, language: str) -> str:
    """The debrief's PDF as read in ``language``, its text on one line."""
    try:
        i18n.use(language)
        d = await debrief.build_debrief(ex.trainer)
        return " ".join(pdf_text(debrief_out.debrief_pdf(d)).split())
    finally:
        i18n.use(i18n.ENGLISH)


async def test_every_kind_state_and_duration_is_in_words_in_english_and_welsh(
    every_kind: Exercise,
) -> None:
    """No key of the scenario or the clock is printed as it is stored: each kind of
    inject, each state of the exercise, the generated lines and an hour-long delay
    read as words, in English and in Welsh; the CSV keeps the keys."""
    ex = every_kind
    read: dict[str, dict[str, str]] = {}

    async def read_now(state: str) -> None:
        read[state] = {lang: await _drawn(ex, lang) for lang in (i18n.ENGLISH, i18n.WELSH)}

    await read_now("not_started")
    await service.start(ex.trainer)
    ex.to(10)
    await ex.fire("first-report", "Kingsford Police", "r-1")
    ex.to(75)  # over an hour after the first sign
    await engage.hold_now(ex.dora, details=engage.Details(name="Burst main"))
    await read_now("running")
    await service.pause(ex.trainer)
    await read_now("paused")
    await service.end(ex.trainer)
    await read_now("ended")

    for state, (in_english, in_welsh) in _STATE_WORDS.items():
        english, welsh = read[state][i18n.ENGLISH], read[state][i18n.WELSH]
        assert f"Exercise {in_english} Read at" in english, english
        assert f"Ymarfer {in_welsh} Darllenwyd am" in welsh, welsh
        for key in _STATE_WORDS:
            assert key not in english and key not in welsh
    english, welsh = read["ended"][i18n.ENGLISH], read["ended"][i18n.WELSH]
    assert set(_KIND_WORDS) == {str(kind) for kind in InjectKind}
    for key, (in_english, in_welsh) in _KIND_WORDS.items():
        assert in_english in english, key
        assert in_welsh in welsh, key
        assert in_english not in welsh, key
        if "_" in key:
            assert key not in english and key not in welsh
    for in_english, in_welsh in _OWN_LINES:
        assert in_english in english and in_welsh in welsh
        assert in_english not in welsh
    assert "After the first sign 1h 05m 00s" in english
    assert "Ar ôl yr arwydd cyntaf 1 awr 05 munud 00 eiliad" in welsh
    assert english.startswith(EXERCISE_MARK) and "YMARFER" not in english
    assert welsh.startswith(_WELSH_MARK) and "EXERCISE" not in welsh

    try:
        i18n.use(i18n.WELSH)
        rows = list(
            csv.reader(
                io.StringIO(debrief_out.debrief_csv(await debrief.build_debrief(ex.trainer)))
            )
        )
    finally:
        i18n.use(i18n.ENGLISH)
    assert rows[0] == [EXERCISE_MARK]
    assert ["state", "ended"] in rows
    assert {r[3] for r in rows if r and r[0] == "inject"} == set(_KIND_WORDS)


async def test_the_exercises_incident_report_is_marked_in_its_readers_language(
    ex: Exercise,
) -> None:
    """An incident report made in an exercise store says YMARFER in Welsh, at the top
    of every page and in its footer, EXERCISE in English; its CSV keeps the stable
    English marker. The timeline says in words what the team did meanwhile (a
    changed scope, a report raised, a conversation's state), in either language."""
    ids = await _play(ex)
    incident_id = ids["incident"]
    assert isinstance(incident_id, int)
    built = await report.build(ex.trainer.store, incident_id)
    data = report.pdf_bytes(built)
    english = " ".join(pdf_text(data).split())
    pages = _pages(data)
    assert pages == 2 and english.startswith(EXERCISE_MARK)
    assert english.count(EXERCISE_MARK) == pages  # the top of every page
    assert english.count("EXERCISE · Audit checkpoint: store") == pages  # every footer
    assert "Scope changed to channels: Kingsford Police; 1 more held." in english
    assert f"Report {ids['report']} raised." in english
    assert "marked report." in english
    assert "YMARFER" not in english
    try:
        i18n.use(i18n.WELSH)
        built = await report.build(ex.trainer.store, incident_id)
        data = report.pdf_bytes(built)
        table = report.csv_bytes(built).decode("utf-8")
    finally:
        i18n.use(i18n.ENGLISH)
    welsh = " ".join(pdf_text(data).split())
    pages = _pages(data)
    assert pages == 2 and welsh.startswith(_WELSH_MARK)
    assert welsh.count(_WELSH_MARK) == pages
    assert welsh.count("YMARFER · Pwynt gwirio archwilio: storfa") == pages
    assert "EXERCISE" not in welsh
    assert "Newidiwyd y cwmpas i sianeli: Kingsford Police; 1 arall wedi’u hatal." in welsh
    assert f"Codwyd adroddiad {ids['report']}." in welsh
    assert ": adroddiad." in welsh and "Marciwyd sgwrs" in welsh
    assert not any(words in welsh for words in ("Scope changed", "raised.", "Report create"))
    assert table.splitlines()[0] == EXERCISE_MARK


async def test_a_debrief_handed_out_in_welsh_is_signed_for_a_welsh_reader(
    ex: Exercise, tmp_path: Path
) -> None:
    """The signature's reason, which a PDF reader shows beside the signature, is
    in the language the debrief is drawn in; the signature still covers the file."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from storage import signing

    await _play(ex)
    out = tmp_path / "ol-drafodaeth.pdf"
    try:
        i18n.use(i18n.WELSH)
        await debrief_out.export_debrief(ex.trainer, out, reason="hot debrief", recipient="y tîm")
    finally:
        i18n.use(i18n.ENGLISH)
    who = await ex.trainer.store.run(signing.identity_of)
    assert who is not None
    signature = PdfFileReader(io.BytesIO(out.read_bytes())).embedded_signatures[0]
    assert str(signature.sig_object["/Reason"]) == "Ôl-drafodaeth yr ymarfer"
    trusted = ValidationContext(trust_roots=[x509.Certificate.load(who.certificate_der)])
    status = await async_validate_pdf_signature(signature, trusted)
    assert status.intact and status.valid
    assert pdf_text(out.read_bytes()).lstrip().startswith(_WELSH_MARK)


async def test_the_export_is_a_disclosure_written_with_its_file(
    ex: Exercise, tmp_path: Path
) -> None:
    await _play(ex)
    out = tmp_path / "debrief.csv"
    done = await debrief_out.export_debrief(
        ex.trainer, out, reason="hot debrief", recipient="the team of three"
    )
    assert out.read_text("utf-8").splitlines()[0] == EXERCISE_MARK
    last = (await ex.trainer.store.run(lambda db: list(audit.iter_entries(db))))[-1]
    assert (last.seq, last.action, last.category) == (
        done.audit_seq,
        "exercise.debrief_export",
        AuditCategory.DISCLOSURE,
    )
    assert (last.justification, last.recipient) == ("hot debrief", "the team of three")
    with pytest.raises(NotPermitted):
        await debrief_out.export_debrief(ex.dora, tmp_path / "d.pdf")
    with pytest.raises(StoreError, match="disclosure"):
        await debrief_out.export_debrief(ex.trainer, tmp_path / "d.pdf", reason=" ")
    with pytest.raises(StoreError, match=r"\.pdf or a \.csv"):
        await debrief_out.export_debrief(ex.trainer, tmp_path / "d.docx")
    assert not (tmp_path / "d.pdf").exists()


async def test_durations_read_plainly() -> None:
    assert debrief_out.duration_text(timedelta(minutes=4)) == "4m 00s"
    assert debrief_out.duration_text(timedelta(hours=1, minutes=5, seconds=3)) == "1h 05m 03s"
    assert debrief_out.duration_text(-timedelta(seconds=65)) == "-1m 05s"
    assert debrief_out.duration_text(None) == "-"
    try:
        i18n.use(i18n.WELSH)  # Welsh counts with the singular after a number
        assert debrief_out.duration_text(timedelta(minutes=4)) == "4 munud 00 eiliad"
        assert (
            debrief_out.duration_text(timedelta(hours=1, minutes=5, seconds=3))
            == "1 awr 05 munud 03 eiliad"
        )
        assert debrief_out.duration_text(-timedelta(seconds=65)) == "-1 munud 05 eiliad"
        assert debrief_out.duration_text(None) == "-"
    finally:
        i18n.use(i18n.ENGLISH)


async def test_a_reader_reads_each_entry_once_and_agrees_with_a_full_read(ex: Exercise) -> None:
    """The trainer's panel keeps a DebriefReader: each refresh reads only the audit
    entries after the last it saw, and its debrief is the one a full read gives."""
    store = ex.trainer.store
    reader = debrief.DebriefReader(store)
    early = await reader.refresh(await service.status(store))
    assert early.statements == () and early.first_sign is None
    read_once = reader.entries_read
    assert read_once == await store.run(audit.count) and reader.last_seq > 0
    again = await reader.refresh(await service.status(store))
    assert reader.entries_read == read_once and again == early  # nothing new: nothing read

    ids = await _play(ex)
    status = await service.status(store)
    incremental = await reader.refresh(status)
    assert reader.entries_read == await store.run(audit.count)  # each entry read once
    assert incremental == await debrief.debrief_of(store, status)
    assert [h.target_id for h in incremental.should_have_been_held] == [ids["market"]]
    assert [s.state for s in incremental.statements] == ["went out", "awaiting approval"]


async def test_a_debrief_pdf_is_signed_and_ships_with_its_verifier(
    ex: Exercise, tmp_path: Path
) -> None:
    await _play(ex)
    out = tmp_path / "debrief.pdf"
    await debrief_out.export_debrief(ex.trainer, out, reason="hot debrief", recipient="the team")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    checked = subprocess.run(
        [sys.executable, "-I", "-S", "verify_cordon.py", "--report", "debrief.pdf"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "signed with the store's certificate" in checked.stdout


async def test_a_debrief_is_not_handed_out_from_rows_changed_behind_cordon(
    ex: Exercise, tmp_path: Path
) -> None:
    await _play(ex)
    with raw_db(ex.trainer.store.path, TRAINER) as db:
        db.execute("UPDATE posts SET body = 'Something we never said' WHERE id = 1")
    with pytest.raises(StoreError, match="post 1 is not what entry #"):
        await debrief_out.export_debrief(
            ex.trainer, tmp_path / "d.pdf", reason="hot debrief", recipient="the team"
        )
    assert not (tmp_path / "d.pdf").exists()
