"""Hand-over: a report as JSON (its schema) and PDF (its text), each export a
disclosure recorded with its reason and recipient, together with the file."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from console import users as user_admin
from console.permissions import NotPermitted
from console.reports import export, service
from console.reports.grading import Category, Grade, ReportState, Thrive
from console.session import Session, SignInThrottle, sign_in
from storage import channels, i18n, users
from storage.errors import StoreError
from storage.records import AuditCategory, Role, StoreKind
from storage.store import Transaction
from tests.helpers import PASSWORD, make_store
from tests.reports.helpers import MASTODON_RAW, THRIVE, add_items, entries, item, report_from
from tests.reports.pdftext import pdf_text
from tests.team import Team

pytestmark = pytest.mark.asyncio

TO, WHY = "Crime recording bureau (Niche RMS)", "Crime to be recorded and allocated"


async def _answered_report(team: Team) -> str:
    ids = await add_items(
        team.admin.store,
        item("110", "My neighbour hit me", raw=MASTODON_RAW, kind="reply"),
        item("111", "Still scared — he’s outside again", minutes=3),
    )
    ref = (await report_from(team["dora"], ids)).reference
    team.clock.advance(minutes=20)
    await service.edit_report(team["gold"], ref, reason="more detail", grade=Grade.IMMEDIATE,
                              summary="Assault; suspect outside the address")  # fmt: skip
    await service.set_state(team["dora"], ref, ReportState.ANSWERED, reason="replied by DM")
    return ref


async def test_the_json_export_follows_its_schema_with_items_and_history(
    team: Team, tmp_path: Path
) -> None:
    ref = await _answered_report(team)
    out = tmp_path / "handover.json"
    done = await export.export_report(team["dora"], ref, out, reason=WHY, recipient=TO)
    doc = json.loads(out.read_text("utf-8"))
    assert out.stat().st_mode & 0o777 == 0o600
    assert set(doc) == {
        "schema", "reference", "exercise", "store_id", "created_utc", "created_by", "version",
        "state", "category", "category_label", "grade", "grade_label", "location", "summary",
        "thrive", "clock", "versions", "items", "disclosure",
    }  # fmt: skip
    assert (doc["schema"], doc["reference"], doc["exercise"]) == ("cordon.report/1", ref, False)
    assert doc["store_id"] == team.admin.store.store_id
    assert (doc["version"], doc["state"], doc["grade"], doc["category"]) == (
        3, "answered", "immediate", "crime",
    )  # fmt: skip
    assert (doc["grade_label"], doc["category_label"]) == ("Immediate", "Crime report")
    assert doc["thrive"] == THRIVE.as_dict()
    assert doc["summary"] == "Assault; suspect outside the address"
    # Regraded to 15 minutes after 20: answered late, and the clock says so.
    assert doc["clock"] == {
        "start_utc": "2026-11-28T09:00:00.000000Z", "allowed_minutes": 15,
        "due_utc": "2026-11-28T09:15:00.000000Z", "stopped_utc": "2026-11-28T09:20:00.000000Z",
        "state": "red", "seconds_left": -300, "at_utc": "2026-11-28T09:20:00.000000Z",
    }  # fmt: skip
    assert [v["version"] for v in doc["versions"]] == [1, 2, 3]
    assert set(doc["versions"][1]) == {
        "version",
        "at_utc",
        "by",
        "reason",
        "changes",
        "content",
        "content_sha256",
    }
    assert doc["versions"][2]["changes"] == {"state": {"before": "open", "after": "answered"}}
    assert doc["versions"][1]["by"] == "gold" and doc["versions"][1]["reason"] == "more detail"
    first, second = doc["items"]
    assert set(first) == {
        "position", "source_item_id", "channel", "remote_id", "kind", "author", "text",
        "created_utc", "received_utc", "url", "conversation_id", "in_reply_to", "links",
        "media", "raw", "copied_utc",
    }  # fmt: skip
    assert first["raw"] == MASTODON_RAW  # byte for byte, as received
    assert first["channel"] == {"id": 1, "name": "Force X", "network": "simulator"}
    assert first["author"] == {"handle": "@jo@social.example", "name": "Jo Bloggs"}
    assert first["media"] == ["https://files.example/media/1.jpg",
                              "https://files.example/media/1s.jpg"]  # fmt: skip
    assert second["text"] == "Still scared — he’s outside again"
    disclosure = (await entries(team.admin.store, "report.export"))[-1]
    assert doc["disclosure"] == {
        "by": "dora", "at_utc": disclosure.at_utc, "to": TO, "reason": WHY,
        "audit_seq": disclosure.seq, "audit_hash": disclosure.hash,
    }  # fmt: skip
    assert done.audit_seq == disclosure.seq and done.version == 3
    assert (disclosure.category, disclosure.justification, disclosure.recipient) == (
        AuditCategory.DISCLOSURE, WHY, TO,
    )  # fmt: skip
    assert json.loads(disclosure.after or "{}") == {
        "version": 3, "format": "json", "file": "handover.json",
    }  # fmt: skip


async def test_the_pdf_carries_the_reference_the_words_and_the_disclosure(
    team: Team, tmp_path: Path
) -> None:
    ref = await _answered_report(team)
    out = tmp_path / "handover.pdf"
    await export.export_report(team["gold"], ref, out, reason=WHY, recipient=TO)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert f"Report from the public: {ref}" in text
    assert "Still scared — he’s outside again" in text  # DejaVu: the public's own characters
    assert "Threat of violence to the caller from a neighbour" in text
    assert "Resolution" not in text and "Immediate" in text
    assert "recorded from the inbox" in text and "more detail" in text
    assert "grade, response time, summary" in text  # the fields version 2 changed, in words
    assert f"Disclosed to {TO} by gold" in text
    assert "EXERCISE" not in text
    seq = (await entries(team.admin.store, "report.export"))[-1].seq
    assert f"audit entry {seq}" in text


async def test_an_export_needs_a_reason_a_recipient_and_an_officer(
    team: Team, tmp_path: Path
) -> None:
    ref = await _answered_report(team)
    store = team.admin.store
    count = len(await entries(store))
    out = tmp_path / "r.pdf"
    with pytest.raises(StoreError, match="say why, and to whom"):
        await export.export_report(team["dora"], ref, out, reason="", recipient=TO)
    with pytest.raises(StoreError, match="say why, and to whom"):
        await export.export_report(team["dora"], ref, out, reason=WHY, recipient=" ")
    with pytest.raises(NotPermitted, match="Handing over"):
        await export.export_report(team["olly"], ref, out, reason=WHY, recipient=TO)
    with pytest.raises(StoreError, match=r"\.pdf or a \.json file, not r\.txt"):
        await export.export_report(team["dora"], ref, tmp_path / "r.txt", reason=WHY,
                                   recipient=TO)  # fmt: skip
    with pytest.raises(StoreError, match="does not exist: create it first"):
        await export.export_report(team["dora"], ref, tmp_path / "no" / "r.pdf", reason=WHY,
                                   recipient=TO)  # fmt: skip
    with pytest.raises(StoreError, match="There is no report"):
        await export.export_report(team["dora"], "NP-0", out, reason=WHY, recipient=TO)
    assert len(await entries(store)) == count and not out.exists()


async def test_a_file_that_cannot_be_written_records_no_disclosure(
    team: Team, tmp_path: Path
) -> None:
    ref = await _answered_report(team)
    blocked = tmp_path / "r.json"
    blocked.mkdir()  # a folder where the file should go: the rename fails, even for root
    count = len(await entries(team.admin.store))
    with pytest.raises(StoreError):
        await export.export_report(team["dora"], ref, blocked, reason=WHY, recipient=TO)
    assert len(await entries(team.admin.store)) == count
    assert list(blocked.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no half file left


@pytest_asyncio.fixture
async def exercise_desk(tmp_path: Path) -> AsyncIterator[Session]:
    path = tmp_path / "exercise.cordon"
    await (await make_store(path, kind=StoreKind.EXERCISE)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
                               reason="exercise desk")  # fmt: skip

    def channel(tx: Transaction) -> None:
        channels.insert(tx.db, name="Sim", network="simulator", account="sim", area="",
                        now=tx.now())  # fmt: skip

    await admin.store.write(channel)
    refreshed = await admin.store.run(lambda db: users.by_name(db, "alice"))
    assert refreshed is not None
    yield Session(admin.store, refreshed, via="test")
    await admin.sign_out()


async def test_an_exercise_report_says_exercise_on_every_page_and_in_the_json(
    exercise_desk: Session, tmp_path: Path
) -> None:
    ids = await add_items(exercise_desk.store, item("1", "Inject 3: a missing child"))
    ref = (await report_from(exercise_desk, ids, category=Category.MISSING_PERSON)).reference
    await export.export_report(exercise_desk, ref, tmp_path / "r.pdf", reason="debrief",
                               recipient="Exercise control")  # fmt: skip
    await export.export_report(exercise_desk, ref, tmp_path / "r.json", reason="debrief",
                               recipient="Exercise control")  # fmt: skip
    text = pdf_text((tmp_path / "r.pdf").read_bytes())
    assert text.startswith("EXERCISE EXERCISE EXERCISE\n")
    assert f"EXERCISE · {ref}" in text
    assert b"/Title (EXERCISE Report from the public" in (tmp_path / "r.pdf").read_bytes()
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["exercise"] is True
    # The signed PDF's checkpoint, beside it, says EXERCISE first, as the debrief's.
    checkpoint = json.loads((tmp_path / "r.pdf.checkpoint.json").read_text("utf-8"))
    assert next(iter(checkpoint.items())) == ("marking", "EXERCISE EXERCISE EXERCISE")


# A Welsh force's report: the public, the officers and the recipient all write Welsh,
# so any English word left on the page is one of Cordon's.
_WELSH_THRIVE = Thrive(
    threat="Bygythiad o drais i'r galwr gan gymydog",
    harm="Cleisiau; dim arf wedi'i grybwyll",
    risk="Canolig: mae'r cymydog yn byw drws nesaf",
    investigation="Ymosodiad cyffredin; gall teledu cylch cyfyng ar y stryd ei ddangos",
    vulnerability="Mae'r galwr yn byw ar ei ben ei hun, yn 81 oed",
    engagement="Mae'r galwr eisiau galwad yn ôl, nid ymweliad heno",
)
_WELSH_TO, _WELSH_WHY = "Canolfan cofnodi troseddau", "Trosedd i'w chofnodi a'i dyrannu"

_REPORT_WELSH = (
    "Adroddiad gan y cyhoedd: {ref}", "Cyfeirnod {ref}", "Cyflwr wedi'i ateb",
    "Categori Adroddiad am drosedd", "Gradd Ar unwaith",
    "Cloc ymateb 15 munud, erbyn Sad 28 Tach 2026 09:15:00 GMT; stopiwyd Sad 28 Tach 2026"
    " 09:20:00 GMT (yn hwyr)",
    "Lleoliad 12 Stryd Fawr, Y Drenewydd", "Cofnodwyd Sad 28 Tach 2026 09:00:00 GMT gan dora",
    "Fersiwn 3", "Crynodeb Ymosodiad; y sawl a amheuir y tu allan i'r cyfeiriad",
    "Asesiad THRIVE", "Rhan Asesiad", "Bygythiad Bygythiad o drais", "Niwed Cleisiau",
    "Risg Canolig", "Ymchwiliad Ymosodiad cyffredin", "Bregusrwydd Mae'r galwr",
    "Ymgysylltu Mae'r galwr eisiau", "Beth a anfonodd y cyhoedd (fel y'i derbyniwyd)",
    "1. ateb ar Force X (simulator) gan Siân Jones (@sian@social.example)",
    "2. crybwylliad ar Force X (simulator) gan Siân Jones (@sian@social.example)",
    "Anfonwyd Sad 28 Tach 2026 08:00:00 GMT", "Derbyniwyd Sad 28 Tach 2026 09:00:00 GMT",
    "Testun Mae fy nghymydog wedi fy nharo", "Dolen https://social.example/@sian/210",
    "Dolenni ynddi https://photos.example/p/1", "Cyfryngau https://files.example/media/1.jpg",
    "Hanes yr adroddiad", "Rhif Pryd Pwy Pam Beth a newidiodd",
    "cofnodwyd o'r mewnflwch cofnodwyd", "rhagor o fanylion amser ymateb, crynodeb, gradd",
    "atebwyd drwy neges uniongyrchol cyflwr",
    "Datgelwyd i Canolfan cofnodi troseddau gan gold ar Sad 28 Tach 2026 09:20:00 GMT"
    " oherwydd: Trosedd i'w chofnodi a'i dyrannu. Cofnodwyd yn nhrywydd archwilio Cordon fel"
    " cofnod {seq} (hash",
    "Mae allforiad JSON yr un adroddiad yn cynnwys data crai pob eitem fel y'i derbyniwyd.",
    "{ref} · datgelwyd i Canolfan cofnodi troseddau · cofnod archwilio {seq} · tudalen 1/",
)  # fmt: skip
# Every English word of the document's own (labels, headings, sentences, the words
# for the keys it prints), none of which may be left on a Welsh page.
_REPORT_ENGLISH = (
    "Report", "public", "Reference", "State", "answered", "Category", "Crime", "Grade",
    "Immediate", "Response", "clock", "min", "due", "stopped", "in time", "late", "Location",
    "Recorded", "by", "Version", "Summary", "THRIVE assessment", "Part", "Assessment",
    "Threat", "Harm", "Risk", "Investigation", "Vulnerability", "Engagement", "What", "sent",
    "received", "reply", "mention", "on", "from", "Sent", "Received", "Text", "Link", "Links",
    "Media", "History", "No.", "When", "Who", "Why", "changed", "recorded", "inbox", "time",
    "grade", "summary", "state", "Disclosed", "because", "audit", "trail", "entry",
    "store", "export", "carries", "page", "EXERCISE", "ok", "amber", "red", "exported",
)  # fmt: skip


async def _welsh_report(team: Team) -> str:
    ids = await add_items(
        team.admin.store,
        item("210", "Mae fy nghymydog wedi fy nharo", raw=MASTODON_RAW, kind="reply",
             author_handle="@sian@social.example", author_name="Siân Jones",
             url="https://social.example/@sian/210"),
        item("211", "Dw i'n dal yn ofnus — mae e tu allan eto", minutes=3,
             author_handle="@sian@social.example", author_name="Siân Jones",
             url="https://social.example/@sian/211"),
    )  # fmt: skip
    ref = (
        await report_from(
            team["dora"],
            ids,
            thrive=_WELSH_THRIVE,
            location="12 Stryd Fawr, Y Drenewydd",
            summary="Ymosodiad gan gymydog, wedi'i adrodd mewn ateb",
        )
    ).reference
    team.clock.advance(minutes=20)
    await service.edit_report(
        team["gold"], ref, reason="rhagor o fanylion", grade=Grade.IMMEDIATE,
        summary="Ymosodiad; y sawl a amheuir y tu allan i'r cyfeiriad",
    )  # fmt: skip
    await service.set_state(team["dora"], ref, ReportState.ANSWERED,
                            reason="atebwyd drwy neges uniongyrchol")  # fmt: skip
    return ref


async def test_a_welsh_console_hands_over_a_report_wholly_in_welsh(
    team: Team, tmp_path: Path
) -> None:
    ref = await _welsh_report(team)
    out = tmp_path / "trosglwyddo.pdf"
    i18n.use(i18n.WELSH)
    try:
        await export.export_report(team["gold"], ref, out, reason=_WELSH_WHY, recipient=_WELSH_TO)
    finally:
        i18n.use(i18n.ENGLISH)
    data = out.read_bytes()
    welsh = " ".join(pdf_text(data).split())
    seq = (await entries(team.admin.store, "report.export"))[-1].seq
    missing = [w for w in _REPORT_WELSH if w.format(ref=ref, seq=seq) not in welsh]
    assert not missing, welsh
    # The public's words, links and names are printed as they were written.
    assert "Dw i'n dal yn ofnus — mae e tu allan eto" in welsh
    assert "https://news.example/story" in welsh and "https://files.example/media/1s.jpg" in welsh
    left = [w for w in _REPORT_ENGLISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", welsh)]
    assert not left, welsh
    assert f"/Title (Adroddiad gan y cyhoedd {ref})".encode() in data


async def test_a_welsh_exercise_report_says_ymarfer_and_its_json_keeps_the_english_marker(
    exercise_desk: Session, tmp_path: Path
) -> None:
    ids = await add_items(exercise_desk.store, item("1", "Mewnbwn 3: plentyn ar goll"))
    ref = (await report_from(exercise_desk, ids, category=Category.MISSING_PERSON)).reference
    i18n.use(i18n.WELSH)
    try:
        for suffix in ("pdf", "json"):
            await export.export_report(
                exercise_desk, ref, tmp_path / f"r.{suffix}", reason="ôl-drafodaeth",
                recipient="Rheoli'r ymarfer",
            )  # fmt: skip
    finally:
        i18n.use(i18n.ENGLISH)
    data = (tmp_path / "r.pdf").read_bytes()
    welsh = " ".join(pdf_text(data).split())
    assert welsh.startswith("YMARFER YMARFER YMARFER Adroddiad gan y cyhoedd:")
    assert f"YMARFER · {ref} · datgelwyd i Rheoli'r ymarfer" in welsh
    assert "Categori Person ar goll Gradd Blaenoriaeth" in welsh
    assert "; iawn pan gafodd ei allforio" in welsh  # the clock still running
    assert "EXERCISE" not in welsh
    assert f"/Title (YMARFER Adroddiad gan y cyhoedd {ref})".encode() in data
    doc = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert doc["marking"] == "EXERCISE EXERCISE EXERCISE"  # machine-read: the stable marker
    assert (doc["category"], doc["state"], doc["grade"]) == ("missing_person", "open", "priority")
