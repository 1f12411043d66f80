"""Importing a content calendar: every bad row named, nothing until accepted,
then every good row, in chunks that never keep incident mode waiting."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from console import calendar_import, channel_admin, settings
from console import users as user_admin
from console.bilingual import SEPARATOR, Choice, First, Form
from console.session import Session, SignInThrottle, sign_in
from incident import engage
from storage import audit, posts, queue
from storage.errors import StoreError
from storage.records import Role
from tests.helpers import PASSWORD, make_store

pytestmark = pytest.mark.asyncio
ROOT = Path(__file__).resolve().parent.parent

GOOD_AND_BAD = """time,channels,text,text:Force X,image,alt text
2030-06-01 09:00,Force X;Force Sky,Road safety week starts today,Road safety week: day one,,
01/06/2030 12:30,Force Sky,Lunchtime tip: lock your bike,,,
2030-06-02 10:00,Force Nowhere,Who is this?,,,
2030-06-02 10:00,Force X,"{long}",,,
2030-06-02,Force X,No time of day,,,
2030-03-31 01:30,Force X,In the spring gap,,,
2030-10-27 01:30,Force X,In the autumn overlap,,,
2030-10-27 01:30 GMT,Force X,The overlap made clear,,,
2020-01-01 09:00,Force X,Long gone,,,
2030-06-03 09:00,Force X,With a picture,,photo.jpg,A dog
,,,,,
2030-06-04 09:00,Force Sky,,,,
"""


@pytest_asyncio.fixture
async def officer(store_where: Path | str) -> AsyncIterator[Session]:
    path = store_where
    await (await make_store(path)).close()
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t"
    )
    await channel_admin.add_channel(session, name="Force X", network="x", account="fx")
    await channel_admin.add_channel(session, name="Force Sky", network="bluesky", account="fs")
    yield session
    if not session.store.closed:
        await session.sign_out()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.csv"
    path.write_text(text.replace("{long}", "x" * 300), encoding="utf-8")
    return path


async def test_the_report_names_each_bad_row_and_nothing_is_written(
    officer: Session, tmp_path: Path
) -> None:
    plan = await calendar_import.check(officer, _write(tmp_path, GOOD_AND_BAD))
    assert [p.line for p in plan.good] == [2, 3, 9]
    problems = {p.line: p.sentence for p in plan.problems}
    assert problems[4] == "there is no channel called 'Force Nowhere'"
    assert problems[5].startswith("Force X: X allows 280 characters: this is 20 characters")
    assert problems[6].startswith("'2030-06-02' is not a time")
    assert problems[7].startswith("There is no 01:30 on Sunday 31 March 2030 in the UK")
    assert problems[8].endswith("say which. Add BST or GMT after the time.")
    assert problems[10] == "2020-01-01 09:00 has already passed"
    assert problems[11] == "the image photo.jpg could not be read"
    assert problems[13] == "the text is empty"
    assert 12 not in problems  # a blank line is skipped, not a problem
    assert plan.report().splitlines()[0] == "3 rows ready to import, 8 with problems."
    counts = await officer.store.run(queue.counts_by_status)
    assert counts == {}


async def test_accepting_imports_every_good_row_in_one_transaction(
    officer: Session, tmp_path: Path
) -> None:
    plan = await calendar_import.check(officer, _write(tmp_path, GOOD_AND_BAD))
    assert await calendar_import.apply(officer, plan) == 3
    rows = await officer.store.run(
        lambda db: db.execute(
            "SELECT c.name, coalesce(t.body_override, p.body), t.scheduled_utc FROM targets t"
            " JOIN posts p ON p.id = t.post_id JOIN channels c ON c.id = t.channel_id"
            " ORDER BY t.scheduled_utc, c.name"
        ).fetchall()
    )
    assert rows == [
        ("Force Sky", "Road safety week starts today", "2030-06-01T08:00:00.000000Z"),
        ("Force X", "Road safety week: day one", "2030-06-01T08:00:00.000000Z"),
        ("Force Sky", "Lunchtime tip: lock your bike", "2030-06-01T11:30:00.000000Z"),
        ("Force X", "The overlap made clear", "2030-10-27T01:30:00.000000Z"),
    ]


async def test_if_any_row_fails_at_import_none_is_imported(
    officer: Session, tmp_path: Path
) -> None:
    plan = await calendar_import.check(officer, _write(tmp_path, GOOD_AND_BAD))
    await channel_admin.set_enabled(officer, 2, False, reason="changed since the check")
    await officer.store.run(lambda db: db.execute("DELETE FROM channels WHERE id = 2"))
    with pytest.raises(StoreError, match=r"line 2: There is no channel number 2\. Nothing was"):
        await calendar_import.apply(officer, plan)
    assert await officer.store.run(queue.counts_by_status) == {}


async def test_a_file_without_the_needed_columns_is_refused(
    officer: Session, tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="has no channels, text column"):
        await calendar_import.check(
            officer, _write(tmp_path, "time,message\n2030-01-01 09:00,hi\n")
        )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("time,channels,text\n2030-01-01 09:00,Force X,caf\xe9\n".encode("latin-1"))
    with pytest.raises(StoreError, match="not UTF-8"):
        await calendar_import.check(officer, latin)
    with pytest.raises(StoreError, match="There is no file at"):
        await calendar_import.check(officer, tmp_path / "none.csv")


@pytest.mark.slow
async def test_the_command_line_reports_then_imports_only_when_accepted(
    officer: Session, tmp_path: Path
) -> None:
    store_path = officer.store.where
    await officer.sign_out()
    calendar = _write(tmp_path, GOOD_AND_BAD)
    env = {**os.environ, "CORDON_PASSWORD": PASSWORD}

    def cordon(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "calendar", "import", str(store_path),
             str(calendar), "--user", "alice", *extra],
            capture_output=True, text=True, env=env, timeout=120, check=False,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip

    first = cordon()
    assert first.returncode == 1
    assert "line 4: there is no channel called 'Force Nowhere'" in first.stdout
    assert first.stdout.rstrip().endswith(
        "Nothing imported: run again with --accept to import the good rows."
    )
    second = cordon("--accept")
    assert second.returncode == 0, second.stderr
    assert second.stdout.rstrip().endswith("Imported 3 posts.")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_a_row_with_an_image_and_its_alt_text_is_imported(
    officer: Session, tmp_path: Path
) -> None:
    (tmp_path / "closure.png").write_bytes(PNG)
    (tmp_path / "notes.txt").write_text("not an image")
    csv_text = (
        "time,channels,text,image,alt text\n"
        "2030-06-01 09:00,Force Sky,Road closed,closure.png,Map of the A1 closure\n"
        "2030-06-01 10:00,Force Sky,No words for it,closure.png,\n"
        "2030-06-01 11:00,Force Sky,Wrong kind,notes.txt,Some notes\n"
    )
    plan = await calendar_import.check(officer, _write(tmp_path, csv_text))
    problems = {p.line: p.sentence for p in plan.problems}
    assert problems[3] == "closure.png has no alt text: describe the image in 'alt text'"
    assert problems[4] == "Force Sky: notes.txt is not a JPEG, PNG, GIF or WebP image."
    assert await calendar_import.apply(officer, plan) == 1
    from storage import posts as post_rows

    images = await officer.store.run(lambda db: post_rows.images_of(db, 1))
    assert [(i.file_name, i.mime, i.alt_text) for i in images] == [
        ("closure.png", "image/png", "Map of the A1 closure")
    ]


async def test_an_image_outside_the_calendars_folder_is_refused(
    officer: Session, tmp_path: Path
) -> None:
    inside = tmp_path / "plan"
    inside.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    (inside / "pictures").mkdir()
    (inside / "pictures" / "ok.png").write_bytes(PNG)
    csv_text = (
        "time,channels,text,image,alt text\n"
        f"2030-06-01 09:00,Force Sky,Absolute,{tmp_path / 'secret.png'},A file\n"
        "2030-06-01 10:00,Force Sky,Climbing out,../secret.png,A file\n"
        "2030-06-01 11:00,Force Sky,Below it,pictures/ok.png,A map\n"
    )
    plan = await calendar_import.check(officer, _write(inside, csv_text))
    problems = {p.line: p.sentence for p in plan.problems}
    assert set(problems) == {2, 3}
    assert all("is not in the calendar's folder" in s for s in problems.values())
    assert [g.line for g in plan.good] == [4]


async def test_lines_are_counted_across_quoted_line_breaks_and_oversized_fields(
    officer: Session, tmp_path: Path
) -> None:
    csv_text = (
        "time,channels,text\n"
        '2030-06-01 09:00,Force Sky,"A post\nover three\nlines"\n'  # lines 2-4
        "2030-06-01,Force Sky,No time of day\n"  # line 5
        f'2030-06-01 10:00,Force Sky,"{"x" * 200_000}"\n'  # line 6: past the CSV field limit
        "2030-06-01 11:00,Force Sky,After the big one\n"  # line 7
        "2030-06-01 12:00,Force Sky,An unquoted, comma\n"  # line 8
    )
    plan = await calendar_import.check(officer, _write(tmp_path, csv_text))
    problems = {p.line: p.sentence for p in plan.problems}
    assert problems[5].startswith("'2030-06-01' is not a time")
    assert problems[6].startswith("the CSV breaks here (field larger than field limit")
    assert problems[8].startswith("it has 4 cells but the header names 3 columns")
    assert [g.line for g in plan.good] == [2, 7]


async def test_a_column_cordon_does_not_know_is_refused_by_name(
    officer: Session, tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="a column Cordon does not know: 'titel'"):
        await calendar_import.check(
            officer, _write(tmp_path, "time,channels,text,titel\n2030-01-01 09:00,Force X,hi,x\n")
        )


BILINGUAL = """time,channels,welsh,english,text:Force X
2030-06-01 09:00,Force X;Force Sky,Wythnos diogelwch y ffyrdd,Road safety week,Road safety: day one
2030-06-01 12:30,Force Sky,,Lock your bike,
2030-06-01 13:30,Force Sky,Cloi eich beic,,
2030-06-02 10:00,Force X,"{long}",Too long together,
"""


async def test_a_calendar_in_welsh_and_english_imports_both_texts(
    officer: Session, tmp_path: Path
) -> None:
    """While the force posts in both languages, a calendar carries welsh and english
    columns: each row is checked as it will go out (here one post holding both, Welsh
    first: too long for X together), a row missing a language is named with the same
    sentence as the composer's, and the good rows are posts holding both texts."""
    await settings.change(officer, settings.BILINGUAL, Choice(Form.ONE, First.WELSH), reason="cy")
    plan = await calendar_import.check(officer, _write(tmp_path, BILINGUAL))
    assert [p.line for p in plan.good] == [2]
    problems = {p.line: p.sentence for p in plan.problems}
    assert problems[3].startswith("This post has no Welsh text.")
    assert problems[4].startswith("This post has no English text.")
    assert problems[5].startswith("Force X: X allows 280 characters")
    assert await calendar_import.apply(officer, plan) == 1
    made = await officer.store.run(lambda db: posts.get(db, 1))
    assert made is not None
    assert (made.welsh, made.english, made.bilingual) == (
        "Wythnos diogelwch y ffyrdd",
        "Road safety week",
        "one",
    )
    rows = await officer.store.run(lambda db: queue.rows(db, [t.id for t in made.targets]))
    assert sorted(r.text for r in rows.values()) == [
        "Wythnos diogelwch y ffyrdd" + SEPARATOR + "Road safety week",
        "Wythnos diogelwch y ffyrdd" + SEPARATOR + "Road safety: day one",  # X's own
    ]


async def test_a_calendar_without_both_languages_is_refused_in_one_sentence(
    officer: Session, tmp_path: Path
) -> None:
    await settings.change(officer, settings.BILINGUAL, Choice(Form.TWO, First.ENGLISH), reason="cy")
    with pytest.raises(StoreError) as refused:
        await calendar_import.check(officer, _write(tmp_path, "time,channels,text\n"))
    assert str(refused.value) == (
        "calendar.csv has no welsh and english columns: the force posts in Welsh and "
        "English, so the calendar needs both texts of each post (columns welsh and "
        "english, in place of text)."
    )
    with pytest.raises(StoreError, match="has a welsh column without the other language's"):
        await calendar_import.check(officer, _write(tmp_path, "time,channels,welsh\n"))


async def test_engaging_goes_between_the_chunks_of_a_long_import(
    officer: Session, tmp_path: Path
) -> None:
    rows = "".join(f"2030-06-01 09:{n % 60:02d},Force Sky,Post {n}\n" for n in range(600))
    plan = await calendar_import.check(officer, _write(tmp_path, "time,channels,text\n" + rows))
    store = officer.store
    committed = asyncio.Event()
    store.add_commit_listener(committed.set)
    importing = asyncio.create_task(calendar_import.apply(officer, plan, chunk=50))
    await committed.wait()  # the first chunk is in
    incident = await engage.hold_now(officer, details=engage.Details(reason="flood"))
    assert await importing == 600
    actions = await store.run(lambda db: [(e.seq, e.action) for e in audit.iter_entries(db)])
    engaged = next(seq for seq, action in actions if action == "incident.engage")
    parts = [seq for seq, action in actions if action == "calendar.import"]
    assert len(parts) >= 12 and parts[0] < engaged < parts[-1]  # it did not wait for all
    counts = await store.run(queue.counts_by_status)
    assert counts.get("held", 0) > 0  # what came in after the hold is held at once
    assert incident.active
