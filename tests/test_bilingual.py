"""Posts in Welsh and English: the store setting, the refusal of a post missing a
language, one bilingual post against the network's limit, and two linked posts going
out in order: on the simulator (two posts) and on a Mastodon server (a real HTTP test
server on 127.0.0.1: the second a reply to the first), with a failure of the second
retried without sending the first again; gold amending both texts of two held
linked posts (and refused with one, or over the limit). Real SQLCipher stores (and
PostgreSQL where the store fixture runs there); time is a fake clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
import pytest_asyncio

from console import approval, settings
from console import users as user_admin
from console.adapters import ByNetwork
from console.bilingual import SEPARATOR, Choice, First, Form
from console.channels.base import Account, Published
from console.channels.mastodon import MastodonAdapter
from console.inbox import saved_replies
from console.permissions import NotPermitted
from console.posts import cancel_post, create_post, edit_post
from console.publisher import Publisher, PublishPolicy
from console.session import Session
from incident import engage, report, review, statements
from incident.engage import Details
from incident.review import When
from storage import audit, channels, lifecycle, posts, queue
from storage import incidents as incident_rows
from storage.errors import ChangedMeanwhile, StoreError
from storage.records import AuditEntry, IncidentMode, Role, TargetStatus
from storage.store import Transaction
from tests.channels.mastodon_fixtures import start_stub
from tests.channels.servers.mastodon_stub import Fault, StubServer, render
from tests.desk import Desk
from tests.helpers import FAST_KDF

pytestmark = pytest.mark.asyncio

WELSH = "Mae'r A470 ar gau ger Llanidloes."
ENGLISH = "The A470 is closed near Llanidloes."
NO_WELSH = (
    "This post has no Welsh text. The force requires both languages: add the Welsh, or "
    "ask an administrator to turn bilingual posting off."
)
NO_ENGLISH = (
    "This post has no English text. The force requires both languages: add the English, "
    "or ask an administrator to turn bilingual posting off."
)


@pytest.fixture
def mastodon_stub() -> Iterator[StubServer]:
    server = start_stub()
    yield server
    server.stop()


async def bilingual(desk: Desk, form: Form, first: First) -> None:
    await settings.change(desk.officer, settings.BILINGUAL, Choice(form, first), reason="Welsh")


async def both(
    desk: Desk,
    *,
    welsh: str = WELSH,
    english: str = ENGLISH,
    on: tuple[int, ...] = (1,),
    minutes: float = 1,
) -> posts.Post:
    """A post in Welsh and English, due in ``minutes``."""
    return await create_post(
        desk.officer, body="", welsh=welsh, english=english, channel_ids=list(on),
        scheduled_utc=desk.at(minutes),
    )  # fmt: skip


async def test_the_setting_is_off_by_default_changed_by_an_administrator_and_audited(
    desk: Desk,
) -> None:
    assert await settings.get(desk.officer.store, settings.BILINGUAL) == Choice()
    with pytest.raises(NotPermitted):  # gold is an approver, not an administrator
        await settings.change(desk.gold, settings.BILINGUAL, Choice(Form.TWO, First.ENGLISH))
    await bilingual(desk, Form.TWO, First.ENGLISH)
    assert await settings.get(desk.officer.store, settings.BILINGUAL) == Choice(
        Form.TWO, First.ENGLISH
    )
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    last = entries[-1]
    assert (last.action, last.object_id, last.justification) == (
        "settings.change",
        "posts.bilingual",
        "Welsh",
    )
    assert last.before == '{"value":"off"}' and last.after == '{"value":"two:en"}'


async def test_a_post_missing_a_language_cannot_be_scheduled(desk: Desk) -> None:
    await bilingual(desk, Form.ONE, First.WELSH)
    for (body, welsh, english), sentence in (
        (("", "", ENGLISH), NO_WELSH),
        (("", WELSH, ""), NO_ENGLISH),
        ((ENGLISH, "", ""), NO_WELSH),  # a post written the old way is taken as English
    ):
        with pytest.raises(StoreError) as refused:
            await create_post(
                desk.officer, body=body, welsh=welsh, english=english, channel_ids=[1],
                scheduled_utc=desk.at(5),
            )  # fmt: skip
        assert str(refused.value) == sentence
    count = await desk.officer.store.run(
        lambda db: db.execute("SELECT count(*) FROM posts").fetchone()[0]
    )
    assert count == 0  # nothing was stored
    with pytest.raises(StoreError, match="no English text"):  # nor kept as a draft
        await create_post(
            desk.officer, body="", welsh=WELSH, channel_ids=[1], scheduled_utc=None, draft=True
        )


async def test_one_bilingual_post_holds_both_texts_in_the_chosen_order(desk: Desk) -> None:
    await bilingual(desk, Form.ONE, First.ENGLISH)
    post = await both(desk)
    assert (post.welsh, post.english, post.bilingual) == (WELSH, ENGLISH, "one")
    assert len(post.targets) == 1
    desk.clock.advance(minutes=2)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    assert [r.text for r in desk.simulator.received("force")] == [ENGLISH + SEPARATOR + WELSH]


async def test_one_bilingual_post_over_the_limit_is_refused_with_a_sentence(desk: Desk) -> None:
    def small(tx: Transaction) -> None:
        tx.execute("UPDATE channels SET network = 'bluesky' WHERE id = 1")

    await desk.officer.store.write(small)
    await bilingual(desk, Form.ONE, First.WELSH)
    welsh, english = "Mae " + "a" * 150, "The " + "b" * 150  # each fits alone, not together
    with pytest.raises(StoreError) as refused:
        await both(desk, welsh=welsh, english=english)
    used = len(welsh) + len(SEPARATOR) + len(english)
    assert str(refused.value) == (
        f"Force X: the Welsh and English together come to {used} characters, and Bluesky "
        f"allows 300: {used - 300} characters too many. Shorten them, or ask an "
        "administrator to post the two languages as two linked posts."
    )
    # As two linked posts each text is counted on its own, and both fit.
    await bilingual(desk, Form.TWO, First.WELSH)
    post = await both(desk, welsh=welsh, english=english)
    assert [t.second_text for t in post.targets] == [english]


async def test_two_linked_posts_go_out_in_order_as_two_posts_without_replies(
    desk: Desk,
) -> None:
    await bilingual(desk, Form.TWO, First.WELSH)
    post = await both(desk, on=(1, 2))
    assert [t.second_text for t in post.targets] == [ENGLISH, ENGLISH]
    desk.clock.advance(minutes=2)
    results = await desk.publisher.publish_due()
    assert [r.status for r in results] == ["published"] * 2
    for account in ("force", "south"):
        assert [r.text for r in desk.simulator.received(account)] == [WELSH, ENGLISH]
    ids = await desk.officer.store.run(
        lambda db: db.execute(
            "SELECT remote_id, second_remote_id FROM targets WHERE post_id = ? ORDER BY id",
            (post.id,),
        ).fetchall()
    )
    received = {r.text: r.id for r in desk.simulator.received("force")}
    assert tuple(ids[0]) == (received[WELSH], received[ENGLISH])  # both ids are recorded


async def test_a_bilingual_post_is_edited_with_both_texts_and_goes_out_as_edited(
    desk: Desk,
) -> None:
    """A typo in the Welsh of two linked posts, mended in the editor: both texts are
    kept, each channel's pair is rewritten, the edit is audited with both languages,
    and what goes out is the mended pair. Without both texts nothing changes."""
    await bilingual(desk, Form.TWO, First.WELSH)
    post = await both(desk, welsh="Mae'r A470 ar gua ger Llanidloes.", on=(1, 2), minutes=5)
    for welsh, english, sentence in (
        ("", "", "This post is in Welsh and English: change it with both texts."),
        ("", ENGLISH, NO_WELSH),
        (WELSH, "", NO_ENGLISH),
    ):
        with pytest.raises(StoreError) as refused:
            await edit_post(desk.officer, post.id, "typo", welsh=welsh, english=english)
        assert str(refused.value) == sentence
    assert await desk.officer.store.run(lambda db: posts.get(db, post.id)) == post

    edited = await edit_post(
        desk.officer, post.id, "", welsh=WELSH, english=ENGLISH, reason="Welsh typo"
    )
    assert (edited.welsh, edited.english, edited.bilingual) == (WELSH, ENGLISH, "two")
    assert [t.second_text for t in edited.targets] == [ENGLISH, ENGLISH]
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    [entry] = [e for e in entries if e.action == "post.edit"]
    assert entry.before is not None and entry.after is not None
    assert '"welsh":"Mae\'r A470 ar gua' in entry.before
    assert f'"welsh":"{WELSH}"' in entry.after and entry.justification == "Welsh typo"

    desk.clock.advance(minutes=6)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"] * 2
    for account in ("force", "south"):
        assert [r.text for r in desk.simulator.received(account)] == [WELSH, ENGLISH]


async def test_a_bilingual_post_partly_sent_keeps_the_sent_words(desk: Desk) -> None:
    """One channel has gone out: the edit changes the other only, and the post's
    recorded texts stay those that went out."""
    await bilingual(desk, Form.ONE, First.ENGLISH)
    post = await both(desk, on=(1, 2), minutes=5)
    await desk.officer.store.write(
        lambda tx: tx.execute(
            "UPDATE targets SET status = 'published' WHERE id = ?", (post.targets[0].id,)
        )
    )
    mended = "The A470 is closed near Llanidloes until 6 pm."
    edited = await edit_post(desk.officer, post.id, "", welsh=WELSH, english=mended)
    assert (edited.welsh, edited.english) == (WELSH, ENGLISH)
    rows = await desk.officer.store.run(lambda db: queue.rows(db, [t.id for t in post.targets]))
    assert rows[post.targets[0].id].text == ENGLISH + SEPARATOR + WELSH
    assert rows[post.targets[1].id].text == mended + SEPARATOR + WELSH


async def test_cancelling_a_linked_post_cancels_both(desk: Desk) -> None:
    await bilingual(desk, Form.TWO, First.ENGLISH)
    post = await both(desk, minutes=5)
    cancelled = await cancel_post(desk.officer, post.id, reason="wrong road")
    assert [t.status for t in cancelled.targets] == [TargetStatus.CANCELLED]
    desk.clock.advance(minutes=6)
    assert await desk.publisher.publish_due() == []
    assert desk.simulator.received() == []


@pytest_asyncio.fixture
async def on_mastodon(desk: Desk, mastodon_stub: StubServer) -> AsyncIterator[Publisher]:
    """A Mastodon channel (number 3) on the stub server, and a publisher for it."""

    def mastodon(tx: Transaction) -> None:
        channels.insert(
            tx.db, name="Force Mastodon", network="mastodon", account="cordon", area="North",
            now=tx.now(),
        )  # fmt: skip

    await desk.officer.store.write(mastodon)
    adapter = MastodonAdapter(
        Account(mastodon_stub.url, "cordon", {"access_token": "good-token"}), None
    )
    yield Publisher(
        desk.officer.store,
        ByNetwork({"mastodon": adapter}),
        clock=desk.clock,
        policy=PublishPolicy(first_backoff=timedelta(seconds=30)),
    )
    await adapter.aclose()


async def linked_pair(desk: Desk, first: First, channel_id: int) -> posts.Post:
    """Two linked posts, Welsh and English, due in a minute."""
    await bilingual(desk, Form.TWO, first)
    return await both(desk, on=(channel_id,))


async def test_two_linked_posts_on_mastodon_the_second_replies_to_the_first(
    desk: Desk, mastodon_stub: StubServer, on_mastodon: Publisher
) -> None:
    post = await linked_pair(desk, First.WELSH, 3)
    desk.clock.advance(minutes=2)
    assert [r.status for r in await on_mastodon.publish_due()] == ["published"]
    with mastodon_stub.state.lock:
        statuses = list(mastodon_stub.state.statuses.values())
    # In order, and no one mentioned in the second.
    assert [s["content"] for s in statuses] == [render(WELSH), render(ENGLISH)]
    first_id, second_id = await desk.officer.store.run(
        lambda db: tuple(db.execute(
            "SELECT remote_id, second_remote_id FROM targets WHERE post_id = ?", (post.id,)
        ).fetchone())
    )  # fmt: skip
    assert (first_id, second_id) == (statuses[0]["id"], statuses[1]["id"])
    assert statuses[1]["in_reply_to_id"] == first_id  # the second replies to the first


async def test_a_failed_second_post_is_retried_without_sending_the_first_again(
    desk: Desk, mastodon_stub: StubServer, on_mastodon: Publisher
) -> None:
    (target,) = (t.id for t in (await linked_pair(desk, First.ENGLISH, 3)).targets)
    # The first goes through; the second meets a server error.
    mastodon_stub.fault(
        "POST /api/v1/statuses", Fault(), Fault(status=503, body={"error": "Unavailable"})
    )
    desk.clock.advance(minutes=2)
    (result,) = await on_mastodon.publish_due()
    assert (result.status, result.detail) == ("retry", "Mastodon failed (HTTP 503): Unavailable.")
    assert await desk.status(target) is TargetStatus.QUEUED
    first_id = await desk.officer.store.run(
        lambda db: db.execute(
            "SELECT first_remote_id FROM targets WHERE id = ?", (target,)
        ).fetchone()[0]
    )
    assert first_id is not None  # the first's id is kept for the retry
    desk.clock.advance(seconds=31)
    assert [r.status for r in await on_mastodon.publish_due()] == ["published"]
    assert len(mastodon_stub.headers_of("POST", "/api/v1/statuses")) == 3  # one refused
    with mastodon_stub.state.lock:
        statuses = list(mastodon_stub.state.statuses.values())
    # The first was not sent again: one English, one Welsh replying to it.
    assert [s["content"] for s in statuses] == [render(ENGLISH), render(WELSH)]
    assert statuses[1]["in_reply_to_id"] == first_id
    assert await on_mastodon.publish_due() == []


async def test_posts_made_before_the_setting_keep_working(desk: Desk) -> None:
    target = await desk.post("Before bilingual posting", minutes=3)
    await bilingual(desk, Form.TWO, First.WELSH)
    desk.clock.advance(minutes=4)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    assert await desk.status(target) is TargetStatus.PUBLISHED
    assert [r.text for r in desk.simulator.received()] == ["Before bilingual posting"]


async def test_the_setting_reads_back_what_it_wrote() -> None:
    for choice in (Choice(), *(Choice(f, o) for f in (Form.ONE, Form.TWO) for o in First)):
        assert Choice.parse(choice.render()) == choice
    with pytest.raises(ValueError, match="both"):
        Choice.parse("both")


async def test_a_holding_statement_goes_out_in_both_languages_by_the_forces_form(
    desk: Desk,
) -> None:
    await statements.save_template(
        desk.gold, template_id=None, name="Bridge", incident_type="Road closure",
        body="{place} bridge is closed.", variants={}, welsh="Mae pont {place} ar gau.",
    )  # fmt: skip
    await statements.save_template(
        desk.gold, template_id=None, name="English only", incident_type="Road closure",
        body="{place} bridge is closed.", variants={},
    )  # fmt: skip
    bridge, english_only = sorted(
        (t for t in await statements.templates(desk.officer.store) if "ridge" in t.body),
        key=lambda t: t.name,
    )
    silver_user = await user_admin.add_user(
        desk.officer, name="silver", password="silver commander 1", roles=[Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    silver = Session(desk.officer.store, silver_user, via="test")
    await statements.pre_approve(silver, bridge.id, reason="agreed")
    await statements.pre_approve(silver, english_only.id, reason="agreed")
    await bilingual(desk, Form.ONE, First.ENGLISH)
    await engage.engage(desk.officer, details=Details("Bridge", "OP-1", "Gold", "Damage"))
    values = {"place": "Menai"}
    (unsaid,) = await statements.preview(desk.officer.store, english_only, values, [1])
    assert unsaid.problem == NO_WELSH  # said in the dialog before it is sent
    with pytest.raises(StoreError) as refused:
        await statements.send(desk.officer, english_only.id, values, [1])
    assert str(refused.value) == NO_WELSH
    (shown,) = await statements.preview(desk.officer.store, bridge, values, [1])
    combined = "Menai bridge is closed." + SEPARATOR + "Mae pont Menai ar gau."
    assert (shown.text, shown.problem) == (combined, None)
    await statements.send(desk.officer, bridge.id, values, [1])
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    assert [r.text for r in desk.simulator.received("force")] == [combined]


async def test_a_saved_reply_keeps_its_welsh_and_fills_in_both(desk: Desk) -> None:
    gold = desk.gold  # an approver keeps the saved replies
    made = await saved_replies.create(gold, "Call 101", "Call 101, quoting {ref}.")
    assert made.welsh == ""
    assert saved_replies.filled(made, {"ref": "NP-7"}) == "Call 101, quoting NP-7."
    changed = await saved_replies.change(gold, made.id, welsh="Ffoniwch 101, cyf {ref} {day}.")
    assert saved_replies.reply_fields(changed) == ["ref", "day"]  # the Welsh's own too
    values = {"ref": "NP-7", "day": "heddiw"}
    english_first = Choice(Form.TWO, First.ENGLISH)
    assert saved_replies.filled(changed, values, english_first) == (
        "Call 101, quoting NP-7." + SEPARATOR + "Ffoniwch 101, cyf NP-7 heddiw."
    )
    assert saved_replies.filled(changed, values, Choice()).startswith("Ffoniwch")  # Welsh first
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    assert entries[-1].action == "saved_reply.change"
    assert '"welsh":"Ffoniwch 101, cyf {ref} {day}."' in (entries[-1].after or "")


async def test_the_incident_report_shows_both_texts_of_each_statement(desk: Desk) -> None:
    await bilingual(desk, Form.TWO, First.WELSH)
    incident = await engage.engage(desk.officer, details=Details("Bridge", "OP-1", "Gold", "x"))
    await statements.save_template(
        desk.gold, template_id=None, name="Bridge", incident_type="Road closure",
        body="{place} bridge is closed.", variants={}, welsh="Mae pont {place} ar gau.",
    )  # fmt: skip
    (bridge,) = [t for t in await statements.templates(desk.officer.store) if t.name == "Bridge"]
    sent = await statements.send(desk.officer, bridge.id, {"place": "Menai"}, [1])
    await approval.approve(desk.gold, sent.post_id)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    made = await report.build(desk.officer.store, incident.id)
    (statement,) = made.statements
    both = "Mae pont Menai ar gau." + SEPARATOR + "Menai bridge is closed."
    assert (statement.text, statement.status) == (both, TargetStatus.PUBLISHED)
    lines = [line.what for line in made.timeline if line.action == "target.published"]
    assert lines and "Mae pont Menai ar gau. — Menai bridge is closed." in lines[0]
    assert report.pdf_bytes(made).startswith(b"%PDF")


async def test_a_crash_between_the_two_posts_sends_only_the_second_after(desk: Desk) -> None:
    await bilingual(desk, Form.TWO, First.WELSH)
    (target,) = (await both(desk)).targets
    desk.clock.advance(minutes=2)

    def claim(tx: Transaction) -> queue.Claimed | None:
        return queue.claim(tx.db, target.id, "key-1", tx.now(), "gone")

    claimed = await desk.officer.store.write(claim)
    assert claimed is not None and claimed.second_text == ENGLISH
    first = await desk.adapter.publish(claimed)  # the first went out, then Cordon stopped
    assert isinstance(first, Published)
    await desk.officer.store.write(
        lambda tx: queue.mark_first_sent(tx.db, target.id, first.remote_id, first.url, tx.now())
    )
    results = await desk.publisher.publish_due()  # a new publisher: reconcile, then send
    assert [r.status for r in results] == ["requeued", "published"]
    assert [r.text for r in desk.simulator.received("force")] == [WELSH, ENGLISH]
    ids = await desk.officer.store.run(
        lambda db: tuple(db.execute(
            "SELECT remote_id, second_remote_id FROM targets WHERE id = ?", (target.id,)
        ).fetchone())
    )  # fmt: skip
    assert ids == tuple(r.id for r in desk.simulator.received("force"))


async def test_texts_written_before_the_setting_was_turned_off_still_go(desk: Desk) -> None:
    # The composer was opened while the setting was on; an administrator turned it off.
    only = await both(desk, welsh="", english=ENGLISH)
    assert (only.body, only.bilingual) == (ENGLISH, None)  # one language: a post as any
    pair = await both(desk)
    assert (pair.body, pair.bilingual) == (WELSH + SEPARATOR + ENGLISH, "one")


# -- gold amends two linked posts held by an incident ----------------------------------------

TWO_TEXTS = (
    "This post goes out as two linked posts, one in Welsh and one in English: amend it "
    "with both texts, neither empty."
)
NEW_WELSH = "Mae'r A470 ar gau ger Llanidloes tan 6 pm."
NEW_ENGLISH = "The A470 is closed near Llanidloes until 6 pm."


async def held_pair(desk: Desk, first: First = First.WELSH) -> int:
    """Two linked posts on the simulator channel, due in an hour and a half, held by an
    incident in review mode: the target's id."""
    await bilingual(desk, Form.TWO, first)
    (target,) = (await both(desk, minutes=90)).targets
    await engage.engage(
        desk.officer,
        details=Details("Flood", "OP-1", "Gold", "rising water"),
        mode=IncidentMode.REVIEW,
    )
    assert await desk.status(target.id) is TargetStatus.HELD
    return target.id


async def amend_entries(desk: Desk) -> list[AuditEntry]:
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    return [e for e in entries if e.action == "incident.amend"]


async def test_gold_amends_both_of_two_held_linked_posts_and_both_go_out_amended(
    desk: Desk,
) -> None:
    """The amend dialog is given each post's own text and its language; gold amends
    both, the audit entry carries both before and after, the state check agrees, and
    once a second approver releases it the simulator receives the new words in both
    posts, in order."""
    target = await held_pair(desk)
    shown = await review.wording(desk.gold.store, target)
    assert shown is not None
    assert (shown.first, shown.second, shown.first_language) == (WELSH, ENGLISH, First.WELSH)
    assert shown.rule.limit > 0
    await review.amend(
        desk.gold, target, NEW_WELSH, second=NEW_ENGLISH, reason="time added", seen=shown.row
    )
    row = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    assert (row.first_text, row.second_text) == (NEW_WELSH, NEW_ENGLISH)
    [entry] = await amend_entries(desk)
    assert entry.before is not None and entry.after is not None
    assert json.loads(entry.before) == {"text": WELSH, "second_text": ENGLISH}
    after = json.loads(entry.after)
    assert (after["text"], after["second_text"]) == (NEW_WELSH, NEW_ENGLISH)
    checked = await lifecycle.check(desk.officer.store)
    assert checked.state is not None and checked.state.ok, checked.state
    # The incident report's timeline names both new texts.
    incident = await desk.officer.store.run(incident_rows.active)
    assert incident is not None
    made = await report.build(desk.officer.store, incident.id)
    [line] = [line.what for line in made.timeline if line.action == "incident.amend"]
    assert line.endswith(
        ": “Mae'r A470 ar gau ger Llanidloes tan 6 pm. — The A470 is closed near …”."
    )
    # Amended, it is still the Welsh first: the dialog labels the boxes the same way.
    again = await review.wording(desk.gold.store, target)
    assert again is not None and again.first_language is First.WELSH

    silver = await user_admin.add_user(
        desk.officer, name="silver", password="silver command 1", roles=[Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    released = await review.release(
        Session(desk.officer.store, silver, via="test"), [target], When.original(), reason="ok"
    )
    assert released == 1
    desk.clock.advance(minutes=91)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    assert [r.text for r in desk.simulator.received("force")] == [NEW_WELSH, NEW_ENGLISH]


async def test_amending_two_linked_posts_with_one_text_is_refused_and_nothing_changes(
    desk: Desk,
) -> None:
    one = await desk.post("One post, one language", minutes=90)  # before the setting
    target = await held_pair(desk, First.ENGLISH)
    shown = await review.wording(desk.gold.store, target)
    assert shown is not None
    assert (shown.first, shown.second, shown.first_language) == (ENGLISH, WELSH, First.ENGLISH)
    for text, second in ((NEW_ENGLISH, None), (NEW_ENGLISH, "  "), ("", NEW_WELSH)):
        with pytest.raises(StoreError) as refused:
            await review.amend(
                desk.gold, target, text, second=second, reason="time", seen=shown.row
            )
        assert str(refused.value) == TWO_TEXTS
    row = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    assert row == shown.row
    assert await amend_entries(desk) == []
    # A post that goes out as one is amended with one text, as before.
    with pytest.raises(StoreError, match="as one post: amend it with one text, not two"):
        await review.amend(desk.gold, one, "Mended", second="Wedi'i drwsio", reason="x")
    await review.amend(desk.gold, one, "Mended", reason="typo")
    [entry] = await amend_entries(desk)
    assert entry.before is not None and json.loads(entry.before) == {
        "text": "One post, one language"
    }


async def test_amending_two_linked_posts_over_the_channels_limit_is_refused(
    desk: Desk,
) -> None:
    def small(tx: Transaction) -> None:
        tx.execute("UPDATE channels SET network = 'bluesky' WHERE id = 1")

    await desk.officer.store.write(small)
    target = await held_pair(desk)
    shown = await review.wording(desk.gold.store, target)
    assert shown is not None and shown.rule.limit == 300
    long = "The " + "b" * 300
    with pytest.raises(StoreError) as refused:
        await review.amend(desk.gold, target, NEW_WELSH, second=long, reason="more", seen=shown.row)
    assert str(refused.value).startswith("Force X: ") and "300" in str(refused.value)
    with pytest.raises(StoreError, match=r"^Force X: "):  # the first is counted on its own too
        await review.amend(desk.gold, target, long, second=NEW_ENGLISH, reason="more")
    row = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    assert row == shown.row and await amend_entries(desk) == []
    # Each within the limit on its own (not together): amended.
    fits = "Mae " + "a" * 200, "The " + "b" * 200
    await review.amend(desk.gold, target, fits[0], second=fits[1], reason="more", seen=shown.row)


async def test_a_colleagues_change_to_the_second_text_meanwhile_refuses_the_amendment(
    desk: Desk,
) -> None:
    target = await held_pair(desk)
    shown = await review.wording(desk.gold.store, target)
    assert shown is not None
    deputy = await user_admin.add_user(
        desk.officer, name="patel", password="silver command 1", roles=[Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    patel = Session(desk.officer.store, deputy, via="test")
    # Only the English (the second) is changed by the colleague.
    await review.amend(patel, target, WELSH, second=NEW_ENGLISH, reason="time added")
    with pytest.raises(ChangedMeanwhile, match=r"changed this .* ago: reload it"):
        await review.amend(
            desk.gold, target, NEW_WELSH, second=ENGLISH, reason="mine", seen=shown.row
        )
    row = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    assert (row.first_text, row.second_text) == (WELSH, NEW_ENGLISH)
    assert [e.actor for e in await amend_entries(desk)] == ["patel"]


async def test_words_moved_between_two_linked_posts_are_a_change_too(desk: Desk) -> None:
    """The queue shows both texts together; words moved from one post to the other
    read the same there, and are still a change the officer must see."""
    target = await held_pair(desk)
    deputy = await user_admin.add_user(
        desk.officer, name="patel", password="silver command 1", roles=[Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    patel = Session(desk.officer.store, deputy, via="test")
    await review.amend(patel, target, WELSH, second="Ar gau." + SEPARATOR + ENGLISH, reason="x")
    shown = await review.wording(desk.gold.store, target)
    assert shown is not None
    await review.amend(patel, target, WELSH + SEPARATOR + "Ar gau.", second=ENGLISH, reason="y")
    row = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    assert row.text == shown.row.text  # the same words, together
    with pytest.raises(ChangedMeanwhile):
        await review.amend(
            desk.gold, target, NEW_WELSH, second=NEW_ENGLISH, reason="z", seen=shown.row
        )
