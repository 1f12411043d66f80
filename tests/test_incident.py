"""Incident mode in the core: engage, holds and scope, review, holding statements,
stand-down and the report, against the simulator network on 127.0.0.1 and a real
encrypted store. Time is the desk's fake clock; nothing is timed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from console import approval, fields
from console import users as user_admin
from console.holds import resume
from console.networks import check_text
from console.permissions import NotPermitted
from console.posts import create_post
from console.queue import reschedule_targets
from console.session import Session
from incident import engage, report, review, stand_down, statements
from incident.engage import AlreadyEngaged, Details
from incident.review import When
from storage import audit, channels, pullbacks, queue
from storage import incidents as rows
from storage.errors import StoreError
from storage.incidents import Scope, UnknownArea, match_areas
from storage.records import ContentKind, IncidentMode, Role, TargetStatus
from storage.store import Transaction
from tests.desk import Desk
from tests.helpers import FAST_KDF

pytestmark = pytest.mark.asyncio

DETAILS = Details("Town centre firearms", "OP-TALON-24", "Ch Supt Gold", "Shots reported")


async def _statuses(desk: Desk, ids: list[int]) -> list[TargetStatus]:
    return [await desk.status(i) for i in ids]


async def _actions(desk: Desk) -> list[str]:
    return await desk.officer.store.run(lambda db: [e.action for e in audit.iter_entries(db)])


async def _south(desk: Desk, text: str, minutes: float = 30) -> int:
    from console.posts import create_post

    post = await create_post(
        desk.officer, body=text, channel_ids=[2], scheduled_utc=desk.at(minutes)
    )
    return post.targets[0].id


async def _silver(desk: Desk) -> Session:
    """A second approver (gold's deputy)."""
    user = await user_admin.add_user(
        desk.officer, name="silver", password="silver command 1", roles=[Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    return Session(desk.officer.store, user, via="test")


async def _engaged(desk: Desk, **kw: object) -> rows.Incident:
    return await engage.engage(desk.officer, details=DETAILS, **kw)  # type: ignore[arg-type]


# -- engage ---------------------------------------------------------------------------------


async def test_engage_holds_every_queued_post_and_says_so(desk: Desk) -> None:
    north = [await desk.post(f"Cheerful post {n}", minutes=10 + n) for n in range(3)]
    south = await _south(desk, "Open day at the station")
    incident = await _engaged(desk)
    assert incident.targets_held_utc is not None and incident.engage_seq is not None
    assert await _statuses(desk, [*north, south]) == [TargetStatus.HELD] * 4
    counts = await engage.counts(desk.officer.store, incident.id)
    assert (counts.held, counts.released, counts.cancelled) == (4, 0, 0)
    desk.clock.advance(hours=2)
    assert await desk.publisher.publish_due() == []
    assert desk.simulator.received() == []
    assert (await _actions(desk))[-2:] == ["incident.engage", "incident.hold_targets"]


async def test_the_hold_alone_stops_publishing_and_a_restart_finishes_the_move(
    desk: Desk,
) -> None:
    """The process stopped between the hold's commit and moving the targets."""
    target = await desk.post("Due in a minute", minutes=1)
    incident = await engage.hold_now(desk.officer)
    assert incident.targets_held_utc is None
    desk.clock.advance(minutes=30)  # long past its time and the grace
    assert await desk.publisher.publish_due() == []
    assert desk.simulator.received() == []
    assert await desk.status(target) is TargetStatus.QUEUED  # not missed: held, undecided
    assert await resume(desk.officer.store) == 1
    assert await desk.status(target) is TargetStatus.HELD
    assert await resume(desk.officer.store) == 0


async def test_a_post_already_sending_is_reported_by_name_with_its_outcome(desk: Desk) -> None:
    target = await desk.post("Already on its way", minutes=1)
    desk.clock.advance(minutes=2)
    claimed = await desk.publisher._claim(target)
    assert claimed is not None
    incident = await _engaged(desk)
    assert incident.in_flight == (target,)
    flying = await engage.in_flight(desk.officer.store, incident)
    assert engage.in_flight_summary(flying).startswith(
        "1 post was already sending when incident mode started: “Already on its way” on "
        "Force X is still being sent."
    )
    await desk.publisher._send(claimed)
    flying = await engage.in_flight(desk.officer.store, incident)
    assert "went out: http" in engage.in_flight_summary(flying)


async def test_engaging_twice_is_refused_with_the_incident_named(desk: Desk) -> None:
    await _engaged(desk)
    with pytest.raises(AlreadyEngaged, match="already engaged for Town centre firearms"):
        await engage.hold_now(desk.officer)


async def test_an_observer_cannot_engage_and_a_duty_officer_cannot_stand_down(
    desk: Desk,
) -> None:
    observer = Session(
        desk.officer.store,
        desk.officer.user.__class__(9, "olly", "Olly", True, frozenset({Role.OBSERVER}), ""),
        via="test",
    )
    with pytest.raises(NotPermitted, match="Engaging incident mode needs"):
        await engage.hold_now(observer)
    incident = await _engaged(desk)
    with pytest.raises(NotPermitted, match="Standing down incident mode needs the Approver"):
        await stand_down.stand_down(desk.officer, incident.id, reason="over")


async def test_a_channel_scope_holds_only_its_channels_and_can_widen_and_narrow(
    desk: Desk,
) -> None:
    north = await desk.post("North news", minutes=5)
    south = await _south(desk, "South news", minutes=5)
    incident = await _engaged(desk, scope=Scope.of_channels([1]))
    assert await _statuses(desk, [north, south]) == [TargetStatus.HELD, TargetStatus.QUEUED]
    await engage.change_scope(desk.officer, incident.id, Scope.everything(), reason="spreading")
    assert await desk.status(south) is TargetStatus.HELD
    await engage.change_scope(desk.officer, incident.id, Scope.of_areas(["North"]), reason="x")
    # Narrowing never releases: what is held stays held until gold decides.
    assert await _statuses(desk, [north, south]) == [TargetStatus.HELD, TargetStatus.HELD]
    later_south = await _south(desk, "Later South news", minutes=5)
    assert await desk.status(later_south) is TargetStatus.QUEUED  # outside the new scope
    desk.clock.advance(minutes=6)
    results = await desk.publisher.publish_due()
    assert [r.target_id for r in results if r.status == "published"] == [later_south]
    with pytest.raises(StoreError, match="at least one channel"):
        await engage.change_scope(desk.officer, incident.id, Scope("channels"), reason="x")


async def test_an_area_no_channel_is_in_is_refused_with_the_areas_there_are(
    desk: Desk,
) -> None:
    """A misspelt area would hold nothing, and posts there would go out during the
    incident: it is refused by name, on engaging and on changing the scope."""
    north = await desk.post("North news", minutes=5)
    with pytest.raises(UnknownArea) as refused:
        await _engaged(desk, scope=Scope.of_areas(["Nroth"]))
    assert str(refused.value) == "No channel is in the area “Nroth”. The areas are: North, South."
    assert await engage.current(desk.officer.store) is None
    assert await desk.status(north) is TargetStatus.QUEUED
    incident = await _engaged(desk, scope=Scope.of_areas(["South"]))
    with pytest.raises(UnknownArea) as refused:
        await engage.change_scope(
            desk.officer, incident.id, Scope.of_areas(["north", "Sowth", "Eest"]), reason="x"
        )
    assert str(refused.value) == (
        "No channel is in the areas “Eest”, “Sowth”. The areas are: North, South."
    )
    still = await engage.get(desk.officer.store, incident.id)
    assert still is not None and still.scope == Scope.of_areas(["South"])
    assert await desk.status(north) is TargetStatus.QUEUED


async def test_an_area_is_matched_whatever_its_case_and_the_spaces_around_it(
    desk: Desk,
) -> None:
    north = await desk.post("North news", minutes=5)
    south = await _south(desk, "South news", minutes=5)

    def another_north(tx: Transaction) -> None:  # added by someone spelling it otherwise
        channels.insert(tx.db, name="Force North Two", network="simulator", account="north2",
                        area=" NORTH ", now=tx.now())  # fmt: skip

    await desk.officer.store.write(another_north)
    two = (await create_post(desk.officer, body="North two news", channel_ids=[3],
                             scheduled_utc=desk.at(5))).targets[0].id  # fmt: skip
    incident = await _engaged(desk, scope=Scope.of_areas(["  north  "]))
    # Kept in the channels' own spellings: the summary and the report name them so.
    assert incident.scope.areas == {"North", " NORTH "}
    assert await _statuses(desk, [north, two, south]) == [
        TargetStatus.HELD, TargetStatus.HELD, TargetStatus.QUEUED,
    ]  # fmt: skip
    in_scope = await desk.officer.store.run(pullbacks.channels_in_scope)
    assert [channel_id for channel_id, _ in in_scope] == [1, 3]
    # A scope typed again in another case is the same scope: nothing changes.
    assert (
        await engage.change_scope(desk.officer, incident.id, Scope.of_areas(["NORTH"]), reason="x")
        == 0
    )
    desk.clock.advance(minutes=6)
    results = await desk.publisher.publish_due()
    assert [r.target_id for r in results if r.status == "published"] == [south]


async def test_a_hold_on_an_area_later_given_another_spelling_still_covers_it(
    desk: Desk,
) -> None:
    """The hold and the claim compare areas the same way on both kinds of store."""
    incident = await _engaged(desk, scope=Scope.of_areas(["North"]))

    def later(tx: Transaction) -> None:
        channels.insert(tx.db, name="Force North Late", network="simulator", account="late",
                        area="north", now=tx.now())  # fmt: skip

    await desk.officer.store.write(later)
    late = (await create_post(desk.officer, body="Late north news", channel_ids=[3],
                              scheduled_utc=desk.at(5))).targets[0].id  # fmt: skip
    assert await desk.status(late) is TargetStatus.HELD
    in_scope = await desk.officer.store.run(pullbacks.channels_in_scope)
    assert [channel_id for channel_id, _ in in_scope] == [1, 3]
    assert incident.scope.areas == {"North"}


async def test_a_scope_over_areas_no_channel_is_in_says_it_holds_nothing() -> None:
    areas = ["North", "South", ""]
    assert Scope.of_areas(["north"]).describe({}, areas) == "areas: north"
    assert Scope.of_areas(["Nroth"]).describe({}, areas) == (
        "areas: Nroth. No channel is in them: this scope holds nothing."
    )
    assert Scope.of_areas(["North", "Eest"]).describe({}, areas) == (
        "areas: Eest, North. No channel is in Eest: nothing is held there."
    )
    with pytest.raises(UnknownArea, match="No channel has an area yet"):
        match_areas(Scope.of_areas(["North"]), [""])


async def test_a_post_composed_or_requeued_during_the_incident_is_held_at_once(
    desk: Desk,
) -> None:
    missed = await desk.post("Missed while closed", minutes=1)
    desk.clock.advance(minutes=30)
    await desk.publisher.publish_due()
    assert await desk.status(missed) is TargetStatus.MISSED
    await _engaged(desk)
    fresh = await desk.post("Written during the incident", minutes=5)
    assert await desk.status(fresh) is TargetStatus.HELD
    await reschedule_targets(desk.officer, [missed], desk.at(20), reason="try again")
    assert await desk.status(missed) is TargetStatus.HELD


# -- review ---------------------------------------------------------------------------------


async def test_suspend_refuses_release_until_gold_switches_to_review(desk: Desk) -> None:
    target = await desk.post("Charity run on Sunday", minutes=60)
    incident = await _engaged(desk)
    with pytest.raises(StoreError, match="suspending everything: switch the incident to review"):
        await review.release(desk.gold, [target], When.original(), reason="harmless")
    await engage.change_mode(desk.officer, incident.id, IncidentMode.REVIEW, reason="gold")
    with pytest.raises(NotPermitted, match="Releasing a held post needs the Approver role"):
        await review.release(desk.officer, [target], When.original(), reason="mine")
    assert await review.release(desk.gold, [target], When.original(), reason="harmless") == 1
    assert await desk.status(target) is TargetStatus.QUEUED
    desk.clock.advance(minutes=61)
    results = await desk.publisher.publish_due()
    assert [r.status for r in results] == ["published"]  # the incident's hold lets it go


async def test_release_needs_a_second_pair_of_eyes_and_a_time_still_ahead(desk: Desk) -> None:
    from console.posts import create_post

    own = await create_post(
        desk.gold, body="Gold's own post", channel_ids=[1], scheduled_utc=desk.at(60)
    )
    soon = await desk.post("Due in two minutes", minutes=2)
    incident = await _engaged(desk, mode=IncidentMode.REVIEW)
    with pytest.raises(StoreError, match="You wrote this post: another approver must release"):
        await review.release(desk.gold, [own.targets[0].id], When.now(), reason="fine")
    desk.clock.advance(minutes=5)
    with pytest.raises(StoreError, match=r"was due at .* which has passed: release it now or"):
        await review.release(desk.gold, [soon], When.original(), reason="fine")
    with pytest.raises(StoreError, match="That time has passed"):
        await review.release(desk.gold, [soon], When.at(desk.at(-1)), reason="fine")
    with pytest.raises(StoreError, match="Say why"):
        await review.release(desk.gold, [soon], When.now(), reason=" ")
    assert await review.release(desk.gold, [soon], When.now(), reason="still true") == 1
    results = await desk.publisher.publish_due()
    assert [r.target_id for r in results if r.status == "published"] == [soon]
    counts = await engage.counts(desk.officer.store, incident.id)
    assert (counts.held, counts.released) == (1, 1)


async def test_amend_then_release_and_cancel_each_with_its_reason(desk: Desk) -> None:
    first = await desk.post("Come to the fun day in the square!", minutes=90)
    second = await desk.post("Great weather for the parade", minutes=90)
    incident = await _engaged(desk, mode=IncidentMode.REVIEW)
    await review.amend(desk.gold, first, "The fun day is postponed.", reason="tone")
    with pytest.raises(StoreError, match="You amended the words of this post: another"):
        await review.release(desk.gold, [first], When.original(), reason="mine")
    silver = await _silver(desk)
    assert await review.release(silver, [first], When.original(), reason="now fitting") == 1
    assert await review.cancel(desk.gold, [second], reason="insensitive today") == 1
    assert await desk.status(second) is TargetStatus.CANCELLED
    with pytest.raises(StoreError, match="None of the chosen posts is held any more"):
        await review.cancel(desk.gold, [second], reason="again")
    desk.clock.advance(minutes=91)
    await desk.publisher.publish_due()
    assert [r.text for r in desk.simulator.received()] == ["The fun day is postponed."]
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    decided = [(e.actor, e.action, e.justification) for e in entries if e.action.startswith(
        "incident.") and e.object_type == "target"]  # fmt: skip
    assert decided == [
        ("gold", "incident.amend", "tone"),
        ("silver", "incident.release", "now fitting"),
        ("gold", "incident.cancel", "insensitive today"),
    ]
    assert (await engage.counts(desk.officer.store, incident.id)).cancelled == 1


# -- holding statements ---------------------------------------------------------------------

VALUES = {
    "location": "Market Square, Eastbridge",
    "time": "11:40",
    "reference": "OP-TALON-24",
    "next_update": "13:00",
}


async def _template(desk: Desk, name: str, *, pre_approved: bool = False) -> rows.Template:
    await statements.ensure_shipped(desk.officer.store)
    found = {t.name: t for t in await statements.templates(desk.officer.store)}
    if pre_approved:
        await statements.pre_approve(desk.gold, found[name].id, reason="agreed wording")
        found = {t.name: t for t in await statements.templates(desk.officer.store)}
    return found[name]


async def test_shipped_templates_load_once_and_fit_every_network_when_filled(
    desk: Desk,
) -> None:
    assert await statements.ensure_shipped(desk.officer.store) == 6
    assert await statements.ensure_shipped(desk.officer.store) == 0
    for template in await statements.templates(desk.officer.store):
        sample = {name: "Sample value 12" for name in statements.template_fields(template)}
        for network in ("x", "bluesky", "mastodon", "facebook"):
            text = fields.fill(template.text_for(network), sample)
            assert check_text(network, text) is None, (template.name, network)
        # Each has its Welsh, asking for the same fields as the English: a force that
        # posts in both languages can send every shipped statement as it comes.
        assert template.welsh, template.name
        assert set(fields.fields_of(template.welsh, whose="template")) == set(
            fields.fields_of(template.body, whose="template")
        ), template.name
        welsh = fields.fill(template.welsh, sample)
        for network in ("mastodon", "facebook"):
            assert check_text(network, welsh) is None, (template.name, network)


async def test_a_pre_approved_statement_goes_out_at_once_through_the_hold(desk: Desk) -> None:
    await _engaged(desk)
    template = await _template(desk, "Flooding", pre_approved=True)
    with pytest.raises(StoreError, match=r"Fill in every field before it goes: \{next_update\}"):
        await statements.send(desk.officer, template.id, {**VALUES, "next_update": " "}, [1, 2])
    promised = {**VALUES, "next_update": "10:20"}  # desk.at(80), UK time
    sent = await statements.send(
        desk.officer, template.id, promised, [1, 2], next_update_utc=desk.at(80)
    )
    assert not sent.awaiting_approval
    results = await desk.publisher.publish_due()
    assert sorted(r.status for r in results) == ["published", "published"]
    texts = {r.text for r in desk.simulator.received()}
    assert texts == {fields.fill(template.body, promised)}
    incident = await engage.current(desk.officer.store)
    assert incident is not None and incident.next_update_utc == desk.at(80)
    counts = await engage.counts(desk.officer.store, incident.id)
    assert counts.statements_sent == 2


async def test_a_reminder_at_another_time_than_the_one_promised_is_refused(desk: Desk) -> None:
    """The public is told 13:00; a reminder for 10:20 would let the banner say 10:20.
    The core refuses it whoever sends (the window, the command line), storing nothing."""
    await _engaged(desk)
    template = await _template(desk, "Flooding", pre_approved=True)
    before = await _actions(desk)
    with pytest.raises(StoreError, match="promises the next update at 13:00, but the reminder "
                       "is for 10:20: make them the same"):  # fmt: skip
        await statements.send(desk.officer, template.id, VALUES, [1], next_update_utc=desk.at(80))
    assert await _actions(desk) == before
    assert await desk.publisher.publish_due() == []
    incident = await engage.current(desk.officer.store)
    assert incident is not None and incident.next_update_utc is None
    # Words that name no clock time ("within the hour") leave the reminder free.
    free = {**VALUES, "next_update": "within the hour"}
    await statements.send(desk.officer, template.id, free, [1], next_update_utc=desk.at(80))


async def test_other_statements_wait_for_another_approver_then_go_at_once(desk: Desk) -> None:
    await _engaged(desk)
    template = await _template(desk, "Firearms incident")
    sent = await statements.send(desk.officer, template.id, VALUES, [1])
    assert sent.awaiting_approval
    assert await desk.publisher.publish_due() == []
    desk.clock.advance(minutes=20)  # gold takes a while: it still goes, now
    await approval.approve(desk.gold, sent.post_id, reason="checked with SIO")
    results = await desk.publisher.publish_due()
    assert [r.status for r in results] == ["published"]


async def test_preview_gives_each_network_its_text_and_says_what_is_wrong(desk: Desk) -> None:
    template = await _template(desk, "Major road closure")
    long_road = {**VALUES, "road": "the A1 " + "x" * 300}
    previews = await statements.preview(desk.officer.store, template, long_road, [1])
    assert previews[0].problem is not None and "too long" in previews[0].problem
    previews = await statements.preview(desk.officer.store, template, {"road": "A1"}, [1])
    assert previews[0].problem == "Fill in {location}, {reference}, {next_update}."


async def test_a_statement_needs_an_engaged_incident(desk: Desk) -> None:
    template = await _template(desk, "Flooding", pre_approved=True)
    with pytest.raises(StoreError, match="Incident mode is not engaged"):
        await statements.send(desk.officer, template.id, VALUES, [1])


async def test_templates_are_managed_by_approvers_with_their_fields_checked(desk: Desk) -> None:
    with pytest.raises(NotPermitted, match="Managing holding statement templates needs"):
        await statements.save_template(
            desk.officer, template_id=None, name="X", incident_type="Y", body="Z", variants={},
        )  # fmt: skip
    with pytest.raises(StoreError, match="braces do not pair up"):
        await statements.save_template(
            desk.gold, template_id=None, name="Gas leak", incident_type="Gas",
            body="Gas leak in {location", variants={},
        )  # fmt: skip
    new = await statements.save_template(
        desk.gold, template_id=None, name="Gas leak", incident_type="Gas",
        body="A gas leak in {location}: keep away. Ref {reference}.", variants={},
    )  # fmt: skip
    with pytest.raises(StoreError, match="You wrote these words, so another approver must"):
        await statements.pre_approve(desk.gold, new, reason="mine")
    await statements.pre_approve(await _silver(desk), new, reason="read and agreed")
    agreed = next(t for t in await statements.templates(desk.officer.store) if t.id == new)
    assert agreed.pre_approved and agreed.approved_by == "silver"
    await statements.save_template(
        desk.gold, template_id=new, name="Gas leak", incident_type="Gas",
        body="A gas leak in {location}: stay indoors. Ref {reference}.", variants={},
    )  # fmt: skip
    changed = next(t for t in await statements.templates(desk.officer.store) if t.id == new)
    assert not changed.pre_approved  # new words: another approver must read them again
    with pytest.raises(StoreError, match="already exists"):
        await statements.save_template(
            desk.gold, template_id=None, name="Gas leak", incident_type="Gas", body="b",
            variants={},
        )  # fmt: skip
    await statements.retire_template(desk.gold, new, reason="merged into Critical incident")
    assert "Gas leak" not in {t.name for t in await statements.templates(desk.officer.store)}


# -- stand-down and the report --------------------------------------------------------------


async def test_stand_down_waits_for_every_held_post_then_lets_the_queue_run(
    desk: Desk,
) -> None:
    held = [await desk.post(f"Post {n}", minutes=60) for n in range(3)]
    incident = await _engaged(desk, mode=IncidentMode.REVIEW)
    with pytest.raises(stand_down.StillHeld, match="3 posts are still held: release, resched"):
        await stand_down.stand_down(desk.gold, incident.id, reason="resolved")
    await review.release(desk.gold, held[:1], When.at(desk.at(120)), reason="reschedule")
    await review.cancel(desk.gold, held[1:], reason="not today")
    done = await stand_down.stand_down(desk.gold, incident.id, reason="resolved")
    assert done.stood_down_utc is not None and done.stood_down_by == "gold"
    assert await engage.current(desk.officer.store) is None
    after = await desk.post("Back to normal", minutes=5)
    assert await desk.status(after) is TargetStatus.QUEUED
    desk.clock.advance(minutes=6)
    assert [r.target_id for r in await desk.publisher.publish_due()] == [after]
    with pytest.raises(StoreError, match="already stood down"):
        await stand_down.stand_down(desk.gold, incident.id, reason="again")


async def test_the_report_tells_the_whole_story_and_carries_the_checkpoint(
    desk: Desk, tmp_path: Path
) -> None:
    keep = await desk.post("Keep this one", minutes=60)
    drop = await desk.post("Drop this one", minutes=60)
    incident = await _engaged(desk, mode=IncidentMode.REVIEW)
    template = await _template(desk, "Flooding", pre_approved=True)
    await statements.send(desk.officer, template.id, VALUES, [1, 2])
    await desk.publisher.publish_due()
    await review.release(desk.gold, [keep], When.original(), reason="harmless")
    await review.cancel(desk.gold, [drop], reason="insensitive")
    await stand_down.stand_down(desk.gold, incident.id, reason="flood receded")

    built = await report.build(desk.officer.store, incident.id)
    head = await desk.officer.store.run(lambda db: audit.head(db, desk.officer.store.store_id))
    assert built.checkpoint.hash == head.hash and built.checkpoint.seq == head.seq
    whats = [line.what for line in built.timeline]
    assert whats[0].startswith("Incident mode engaged (review): hold on all channels")
    assert "Holding statement “Flooding” sent (pre-approved)." in whats
    assert sum(1 for line in built.timeline if line.link.startswith("http")) == 2
    release = next(line for line in built.timeline if line.action == "incident.release")
    assert (release.actor, release.why) == ("gold", "harmless")
    assert "“Keep this one” on Force X" in release.what
    assert whats[-1].startswith("Stood down: 1 released, 1 cancelled, 2 statements sent")
    assert all(line.action != "target.claim" for line in built.timeline)

    out_csv = tmp_path / "report.csv"
    await report.export(
        desk.officer.store, built, out_csv, actor="alice", reason="inquiry", recipient="IOPC"
    )
    table = list(csv.reader(out_csv.read_text(encoding="utf-8").splitlines()))
    assert table[0][:3] == ["seq", "time_utc", "time_local"]
    assert table[-1] == [
        "checkpoint",
        desk.officer.store.store_id,
        str(head.seq),
        head.hash,
        built.checkpoint.at_utc,
    ]
    out_pdf = tmp_path / "report.pdf"
    await report.export(
        desk.officer.store, built, out_pdf, actor="alice", reason="inquiry", recipient="IOPC"
    )
    assert out_pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(StoreError, match=r"to a \.pdf or a \.csv file"):
        await report.export(
            desk.officer.store,
            built,
            tmp_path / "report.docx",
            actor="alice",
            reason="inquiry",
            recipient="IOPC",
        )


# English headings, labels and sentences of the report's PDF, and their Welsh.
_REPORT_ENGLISH = (
    "Incident report:", "Gold commander", "Engaged", "Stood down", "Held posts",
    "still held", "Holding statements", "Timeline", "Why / link", "Audit checkpoint",
    "from the store's audit trail", "page 1/",
)  # fmt: skip
_REPORT_WELSH = (
    "Adroddiad digwyddiad: Town centre firearms", "Cyfeirnod", "Comander aur", "Rheswm",
    "Cychwynnwyd", "Dirwynwyd i ben", "Negeseuon wedi’u hatal", "yn dal wedi’u hatal",
    "Datganiadau dros dro", "Llinell amser", "Pam / dolen", "Pwynt gwirio archwilio",
    "o drywydd archwilio’r storfa", "tudalen 1/",
)  # fmt: skip


async def test_a_report_made_in_welsh_is_wholly_welsh_and_in_english_as_ever(
    desk: Desk,
) -> None:
    from storage import i18n
    from tests.reports.pdftext import pdf_text

    keep = await desk.post("Keep this one", minutes=60)
    incident = await _engaged(desk, mode=IncidentMode.REVIEW)
    template = await _template(desk, "Flooding", pre_approved=True)
    await statements.send(desk.officer, template.id, VALUES, [1, 2])
    await desk.publisher.publish_due()
    await review.release(desk.gold, [keep], When.original(), reason="harmless")
    await stand_down.stand_down(desk.gold, incident.id, reason="flood receded")

    english = " ".join(
        pdf_text(report.pdf_bytes(await report.build(desk.officer.store, incident.id))).split()
    )
    assert all(words in english for words in _REPORT_ENGLISH), english
    assert not any(words in english for words in _REPORT_WELSH)
    try:
        i18n.use(i18n.WELSH)
        built = await report.build(desk.officer.store, incident.id)
        welsh = " ".join(pdf_text(report.pdf_bytes(built)).split())
    finally:
        i18n.use(i18n.ENGLISH)
    missing = [words for words in _REPORT_WELSH if words not in welsh]
    assert not missing, welsh
    left = [words for words in _REPORT_ENGLISH if words in welsh]
    assert not left, welsh
    assert "Cychwynnwyd modd digwyddiad (adolygu)" in welsh  # the timeline, as before
    assert f"cofnod {built.checkpoint.seq}, hash {built.checkpoint.hash}" in welsh


async def test_queue_rows_show_held_targets_with_their_original_time(desk: Desk) -> None:
    target = await desk.post("Original time kept", minutes=45)
    incident = await _engaged(desk, mode=IncidentMode.REVIEW)
    listed = await review.held(desk.officer.store, incident.id)
    assert [(r.target_id, r.status, r.scheduled_utc) for r in listed] == [
        (target, TargetStatus.HELD, desk.at(45))
    ]
    found = await desk.officer.store.run(lambda db: queue.rows(db, [target]))
    assert found[target].status is TargetStatus.HELD


async def test_engaging_while_offline_holds_and_statements_wait_to_retry(desk: Desk) -> None:
    target = await desk.post("Queued before the network went down", minutes=30)
    desk.simulator.stop()  # no network at all: engaging needs none
    incident = await _engaged(desk)
    assert await desk.status(target) is TargetStatus.HELD
    template = await _template(desk, "Flooding", pre_approved=True)
    sent = await statements.send(desk.officer, template.id, VALUES, [1])
    results = await desk.publisher.publish_due()
    assert [r.status for r in results] == ["retry"]
    rows_now = await report.statement_rows(desk.officer.store, incident.id)
    assert rows_now[0].status is TargetStatus.QUEUED
    assert "could not be reached" in rows_now[0].last_error
    counts = await engage.counts(desk.officer.store, incident.id)
    assert counts.statements_waiting == 1 and sent.target_ids == (rows_now[0].target_id,)


async def test_a_channel_locked_out_is_held_and_its_statement_fails_with_a_sentence(
    desk: Desk,
) -> None:
    south = await _south(desk, "South post", minutes=30)
    incident = await _engaged(desk)
    assert await desk.status(south) is TargetStatus.HELD  # held whatever its connection
    template = await _template(desk, "Flooding", pre_approved=True)
    desk.simulator.fail_next("401")  # the South account's token was revoked
    await statements.send(desk.officer, template.id, VALUES, [2])
    assert [r.status for r in await desk.publisher.publish_due()] == ["failed"]
    await statements.send(desk.officer, template.id, VALUES, [1])
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    by_channel = {r.channel: r for r in await report.statement_rows(desk.officer.store,
                                                                      incident.id)}  # fmt: skip
    assert by_channel["Force X"].status is TargetStatus.PUBLISHED
    assert by_channel["Force South"].status is TargetStatus.FAILED
    assert by_channel["Force South"].last_error.startswith("Force South needs reconnecting")
    counts = await engage.counts(desk.officer.store, incident.id)
    assert (counts.statements_sent, counts.statements_failed) == (1, 1)


# -- the review's findings: nothing in scope slips past gold ---------------------------------


async def test_editing_a_statement_sends_its_words_back_to_an_approver(desk: Desk) -> None:
    from console.posts import edit_post

    await _engaged(desk)
    template = await _template(desk, "Flooding", pre_approved=True)
    firearms = await _template(desk, "Firearms incident")
    waiting = await statements.send(desk.officer, firearms.id, VALUES, [1])
    await edit_post(desk.officer, waiting.post_id, "Anything I like", reason="typo")
    sent = await statements.send(desk.officer, template.id, VALUES, [2])
    await edit_post(desk.officer, sent.post_id, "Other words entirely", reason="typo")
    assert await desk.publisher.publish_due() == []  # both wait for an approver now
    assert desk.simulator.received() == []


async def test_a_released_post_changed_afterwards_is_held_again(desk: Desk) -> None:
    from console.posts import edit_post

    words = await desk.post("Words gold read", minutes=60)
    when = await desk.post("Time gold agreed", minutes=60)
    await _engaged(desk, mode=IncidentMode.REVIEW)
    await review.release(desk.gold, [words, when], When.original(), reason="fine")
    post_id = (await desk.officer.store.run(lambda db: queue.rows(db, [words])))[words].post_id
    await edit_post(desk.officer, post_id, "Words gold never read", reason="better")
    await reschedule_targets(desk.officer, [when], desk.at(2), reason="sooner")
    assert await _statuses(desk, [words, when]) == [TargetStatus.HELD, TargetStatus.HELD]
    desk.clock.advance(minutes=61)
    assert await desk.publisher.publish_due() == []
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    moved = next(e for e in entries if e.action == "target.reschedule")
    assert '"status":"held"' in (moved.after or "")


async def test_editing_a_post_leaves_its_held_targets_words_alone(desk: Desk) -> None:
    from console.posts import create_post, edit_post

    post = await create_post(desk.officer, body="Original words", channel_ids=[1, 2],
                             scheduled_utc=desk.at(60))  # fmt: skip
    await _engaged(desk, scope=Scope.of_channels([1]))
    await edit_post(desk.officer, post.id, "Changed words", reason="update")
    found = await desk.officer.store.run(lambda db: queue.rows(db, [t.id for t in post.targets]))
    by_status = {row.status: row.text for row in found.values()}
    assert by_status == {TargetStatus.HELD: "Original words", TargetStatus.QUEUED: "Changed words"}


async def test_a_statement_waiting_long_for_approval_still_goes_when_approved(
    desk: Desk,
) -> None:
    await _engaged(desk)
    firearms = await _template(desk, "Firearms incident")
    sent = await statements.send(desk.officer, firearms.id, VALUES, [1])
    desk.clock.advance(minutes=6)
    assert await desk.publisher.publish_due() == []  # not marked missed meanwhile
    assert await desk.status(sent.target_ids[0]) is TargetStatus.QUEUED
    await approval.approve(desk.gold, sent.post_id, reason="checked")
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]


async def test_held_posts_are_gold_s_alone(desk: Desk) -> None:
    from console.posts import cancel_post
    from console.queue import cancel_targets

    await approval.set_rule(desk.officer, 1, ContentKind.POST, True)
    target = await desk.post("Needs approval and now held", minutes=60)
    incident = await _engaged(desk)
    post_id = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target].post_id
    with pytest.raises(StoreError, match="held by incident mode: gold decides"):
        await approval.reject(desk.gold, post_id, reason="no")
    with pytest.raises(StoreError, match="held by incident mode: gold decides"):
        await cancel_targets(desk.officer, [target], reason="tidy up")
    with pytest.raises(StoreError, match="held by incident mode: gold decides"):
        await cancel_post(desk.officer, post_id, reason="tidy up")
    with pytest.raises(StoreError, match="held by incident mode"):
        await reschedule_targets(desk.officer, [target], desk.at(90), reason="later")
    before = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    desk.clock.advance(minutes=90)  # approving its words keeps it held, at its own time
    await approval.approve(desk.gold, post_id, reason="words fine")
    after = (await desk.officer.store.run(lambda db: queue.rows(db, [target])))[target]
    assert (after.status, after.scheduled_utc) == (TargetStatus.HELD, before.scheduled_utc)
    assert (await engage.counts(desk.officer.store, incident.id)).held == 1


async def test_blocked_words_typed_into_a_pre_approved_template_need_an_approver(
    desk: Desk,
) -> None:
    await approval.add_blocked_phrase(desk.officer, "terror", reason="needs gold")
    await _engaged(desk)
    template = await _template(desk, "Flooding", pre_approved=True)
    sent = await statements.send(
        desk.officer, template.id, {**VALUES, "location": "the terror attack site"}, [1]
    )
    assert sent.awaiting_approval and sent.blocked_phrases == ("terror",)
    assert await desk.publisher.publish_due() == []


async def test_stand_down_waits_for_statements_and_a_late_approval_is_refused(
    desk: Desk,
) -> None:
    from console.queue import cancel_targets

    incident = await _engaged(desk)
    firearms = await _template(desk, "Firearms incident")
    sent = await statements.send(desk.officer, firearms.id, VALUES, [1])
    with pytest.raises(StoreError, match="1 holding statement has not gone out yet"):
        await stand_down.stand_down(desk.gold, incident.id, reason="over")
    await cancel_targets(desk.officer, list(sent.target_ids), reason="overtaken by events")
    await stand_down.stand_down(desk.gold, incident.id, reason="over")
    with pytest.raises(StoreError, match=r"not awaiting approval|stood down"):
        await approval.approve(desk.gold, sent.post_id, reason="late")


async def test_stand_down_finishes_an_interrupted_engage_first(desk: Desk) -> None:
    target = await desk.post("Held by the hold only", minutes=60)
    incident = await engage.hold_now(desk.officer, details=DETAILS)
    with pytest.raises(stand_down.StillHeld, match="1 post is still held"):
        await stand_down.stand_down(desk.gold, incident.id, reason="over")
    assert await desk.status(target) is TargetStatus.HELD


async def test_an_unnamed_incident_cannot_stand_down(desk: Desk) -> None:
    incident = await engage.hold_now(desk.officer)
    with pytest.raises(StoreError, match="Name the incident first"):
        await stand_down.stand_down(desk.gold, incident.id, reason="over")
