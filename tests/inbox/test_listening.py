"""Listening rules and threat-to-life alerts, on items as sync stores them.

The threat-to-life list is the one shipped in resources/threat_phrases.toml: the
alert must fire on every listed phrase and its variants however they are written
(case, punctuation, spacing, stretched letters, curly apostrophes, a hashtag),
never on the harmless near-misses below, and record who saw it and when.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import timedelta

import pytest

from console import settings
from console.inbox import listening, threats
from console.inbox.listening import RuleKind
from console.inbox.matching import found, normalise
from console.permissions import NotPermitted
from console.sync import SyncEvent
from storage.errors import StoreError
from storage.records import AuditCategory
from tests.inbox.conftest import Desk
from tests.sync.conftest import NORTH, SOUTH

pytestmark = pytest.mark.asyncio

SHIPPED = threats.shipped()


def written_ways(text: str) -> list[str]:
    """How people write a phrase in a hurry: the phrase itself in a sentence, shouted,
    with punctuation and extra spaces, stretched, with curly apostrophes, as a hashtag."""
    words = text.split()
    ways = [
        f"Please read this. {text}",
        f"{text.upper()}!!!",
        f"...{text.capitalize()}?!",
        "  ".join(words) + " .",
        "-".join(words),
        text.replace("'", "\u2019"),
        text[:-1] + text[-1] * 4 + " now",
        "#" + "".join(w.replace("'", "") for w in words),
    ]
    letters = re.sub(r"[^a-z]", "", text.lower())
    if len(words) > 1 and len(letters) <= 12 and re.fullmatch(r"[a-z' ]+", text.lower()):
        ways.append("omg " + " ".join(letters) + " pls")  # spelled out
    return ways


# Harmless posts that share words or letters with the list: none may raise an alert.
NEAR_MISSES = [
    "Great skills on show at the open day, well done everyone",
    "The A1 queue is killing me this morning",
    "Is the knife crime awareness talk still on at the library?",
    "Thanks, that was really helpful",
    "Helped me find the right form, thank you",
    "Joined a self-help group at the community centre",
    "My library books are overdue again",
    "The steak was overdone but the chips were lovely",
    "Got a new suitcase for the holiday",
    "The suite at the hotel was lovely",
    "Gunnersbury Park is busy today",
    "The works have begun on the high street",
    "Who let the dogs out at the retail park?",
    "Is the danger sign on Mill Lane still needed?",
    "Breathtaking views from the bridge this morning",
    "I shot a video of the fireworks",
    "The helpmeet stall at the fete sold out",
    "Killer whales spotted off the coast!",
    "Stabilisers came off the bike today, proud parent",
    "Can someone tell me when the road reopens?",
    "Following the match updates from the stadium",
    "We ran out of time at the meeting",
    "The dead end on Oak Road needs a new sign",
    "Lost a glove near the bus station",
]


# -- the list and its variants (the normaliser) --------------------------------------------


def every_listed_form() -> list[tuple[str, str]]:
    """(the listed phrase, a form it is listed in: itself or one of its variants)."""
    with threats.SHIPPED.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        (entry["text"], written)
        for entry in data["phrase"]
        for written in [entry["text"], *entry.get("variants", [])]
    ]


@pytest.mark.parametrize(("listed", "written"), every_listed_form())
async def test_the_alert_fires_on_each_listed_phrase_and_its_variants(
    listed: str, written: str
) -> None:
    for way in written_ways(written):
        assert listed in found(normalise(way), SHIPPED.phrases), (listed, way)


@pytest.mark.parametrize("harmless", NEAR_MISSES)
async def test_it_never_fires_on_harmless_near_misses(harmless: str) -> None:
    assert found(normalise(harmless), SHIPPED.phrases) == []


async def test_the_normaliser_reads_hurried_writing_the_same_way() -> None:
    assert normalise("HELP ME!!!") == normalise("help...me") == normalise("helppp meee")
    assert normalise("he\u2019s got a knife") == normalise("hes got a KNIFE.")
    assert normalise("k1ll myself") == normalise("kill myself")
    assert normalise("h e l p  m e") == " helpme "
    assert normalise("Suïcide") == " suicide "
    assert " kil " not in normalise("skill")


# -- alerts, end to end through sync -------------------------------------------------------


async def test_an_alert_is_raised_as_items_are_stored_and_stays_until_acknowledged(
    desk: Desk,
) -> None:
    station = desk.station
    danger = station.simulator.inject(
        "north", "He's got a KNIFE outside the chip shop", kind="message"
    )
    station.simulator.inject("north", "Great skills at the open day")
    await station.sync.sync_once(NORTH)

    alerts = await threats.open_alerts(station.store)
    item_id = await desk.item_id(danger.remote_id)
    assert [(a.item_id, a.phrases) for a in alerts] == [
        (item_id, ("he's got a knife", "got a knife"))
    ]
    assert SyncEvent("threat", NORTH, 1) in station.events
    assert [after for _, after in await station.afters("threat.alert")] == [
        {"alert": alerts[0].id, "phrases": ["he's got a knife", "got a knife"], "channel": NORTH}
    ]

    # The same page read again (a restart) raises nothing twice; a later sync neither.
    await station.store.write(
        lambda tx: tx.execute("UPDATE sync_state SET inbox_cursor = NULL WHERE channel_id = 1")
    )
    await station.sync.sync_once(NORTH)
    assert len(await threats.open_alerts(station.store)) == 1

    with pytest.raises(NotPermitted):
        await threats.acknowledge(desk.observer, alerts[0].id, justification="curious")
    with pytest.raises(StoreError, match="Say why"):
        await threats.acknowledge(desk.officer, alerts[0].id, justification="  ")

    station.clock.advance(minutes=2)
    seen = await threats.acknowledge(
        desk.officer, alerts[0].id, justification="Assessing a reported threat to life"
    )
    assert seen.alert.seen_by == "dora"
    assert seen.alert.seen_utc == station.at(0)
    assert seen.item.text == "He's got a KNIFE outside the chip shop"
    assert await threats.open_alerts(station.store) == []

    entries = await station.audit("threat.acknowledge")
    assert len(entries) == 1
    assert entries[0].actor == "dora"
    assert entries[0].category is AuditCategory.CONSULTATION
    assert entries[0].justification == "Assessing a reported threat to life"
    assert entries[0].object_id == str(item_id)

    with pytest.raises(StoreError, match="already acknowledged by dora"):
        await threats.acknowledge(desk.gold, alerts[0].id, justification="checking")


async def test_administrators_keep_the_list_and_every_change_is_audited(desk: Desk) -> None:
    station = desk.station
    with pytest.raises(NotPermitted):
        await threats.add_phrase(desk.gold, "bomb in the car")

    await threats.add_phrase(desk.admin, "bomb in the car", reason="after the briefing")
    await threats.remove_phrase(desk.admin, "help me", reason="too many false alarms in tests")
    listed = await threats.phrases(station.store)
    assert "bomb in the car" in listed
    assert "help me" not in listed
    with pytest.raises(StoreError, match="already on"):
        await threats.add_phrase(desk.admin, "Bomb  in the car".lower())
    with pytest.raises(StoreError, match="Say why"):
        await threats.remove_phrase(desk.admin, "bomb in the car", reason="")

    added = station.simulator.inject("north", "there's a BOMB in the car park van!")
    station.simulator.inject("north", "please help me find my cat")
    await station.sync.sync_once(NORTH)
    alerts = await threats.open_alerts(station.store)
    assert [a.item_id for a in alerts] == [await desk.item_id(added.remote_id)]

    await threats.add_phrase(desk.admin, "help me", reason="restored")  # shipped, back again
    assert "help me" in await threats.phrases(station.store)
    actions = [(e.action, e.object_id) for e in await station.audit("threat_phrase.")]
    assert actions == [
        ("threat_phrase.add", "bomb in the car"),
        ("threat_phrase.remove", "help me"),
        ("threat_phrase.add", "help me"),
    ]


async def test_the_standard_reply_directs_the_person_to_999(desk: Desk) -> None:
    store = desk.station.store
    shipped = await threats.standard_reply(store)
    assert "999" in shipped
    assert shipped == SHIPPED.standard_reply

    with pytest.raises(StoreError, match="999"):
        await settings.change(desk.admin, settings.THREAT_STANDARD_REPLY, "Call us on 101.")
    ours = "In an emergency call 999 now. We do not monitor this account all the time."
    await settings.change(desk.admin, settings.THREAT_STANDARD_REPLY, ours, reason="force text")
    assert await threats.standard_reply(store) == ours


# -- listening rules -----------------------------------------------------------------------


async def test_rules_flag_matching_items_as_they_are_stored(desk: Desk) -> None:
    station, gold = desk.station, desk.gold
    with pytest.raises(NotPermitted):
        await listening.add_rule(desk.officer, RuleKind.KEYWORD, "flood")

    flood = await listening.add_rule(gold, RuleKind.KEYWORD, "flood", reason="river warning")
    tag = await listening.add_rule(gold, RuleKind.HASHTAG, "A1closure")
    name = await listening.add_rule(gold, RuleKind.NAME, "Jo Bloggs")
    area = await listening.add_rule(gold, RuleKind.AREA, "Mill Lane", channel_id=SOUTH)
    with pytest.raises(StoreError, match="already listens"):
        await listening.add_rule(gold, RuleKind.KEYWORD, "FLOOD")
    with pytest.raises(StoreError, match="no incident"):
        await listening.add_rule(gold, RuleKind.AREA, "Northgate", incident_id=99)
    assert tag.value == "#A1closure"

    sim = station.simulator
    texts = {
        "flooded": sim.inject("north", "The underpass is flooded again"),  # not the keyword
        "flood": sim.inject("north", "FLOOD water on the B road!"),
        "hashtag": sim.inject("north", "Stuck in traffic #a1closure"),
        "words": sim.inject("north", "the a1 closure is a pain"),  # not the hashtag
        "name": sim.inject("north", "Has anyone seen Jo Bloggs's dog?"),
        "north_area": sim.inject("north", "Crash on Mill Lane"),  # the rule is South's
        "south_area": sim.inject("south", "Crash on mill-lane"),
    }
    await station.sync.sync_once(NORTH)
    await station.sync.sync_once(SOUTH)

    ids = {
        key: await desk.item_id(e.remote_id, SOUTH if key == "south_area" else NORTH)
        for key, e in texts.items()
    }
    flags = await listening.flags_of(station.store, list(ids.values()))
    assert {key: flags.get(item_id, []) for key, item_id in ids.items()} == {
        "flooded": [],
        "flood": [flood.id],
        "hashtag": [tag.id],
        "words": [],
        "name": [name.id],
        "north_area": [],
        "south_area": [area.id],
    }
    assert SyncEvent("flagged", NORTH, 3) in station.events
    hour = station.clock.now.replace(minute=0, second=0)
    counted = await listening.hourly_counts(
        station.store, flood.id, hour - timedelta(hours=1), hour + timedelta(hours=2)
    )
    assert counted == {hour.strftime("%Y-%m-%dT%H"): 1}

    await listening.remove_rule(gold, flood.id, reason="warning lifted")
    sim.inject("north", "more flood water")
    await station.sync.sync_once(NORTH)
    assert [r.id for r in await listening.rules(station.store)] == [tag.id, name.id, area.id]
    after = await listening.hourly_counts(
        station.store, flood.id, hour - timedelta(hours=1), hour + timedelta(hours=2)
    )
    assert after == counted  # a removed rule flags nothing more, and keeps its counts
    audited = [e.action for e in await station.audit("listening.")]
    assert audited.count("listening.add_rule") == 4
    assert "listening.remove_rule" in audited
    assert "listening.flag" in audited


async def test_a_new_rule_looks_back_over_the_last_day(desk: Desk) -> None:
    station = desk.station
    station.simulator.inject("north", "Smoke over the retail park")
    station.clock.advance(hours=2)
    station.simulator.inject("north", "More smoke over the retail park")
    await station.sync.sync_once(NORTH)

    rule = await listening.add_rule(desk.gold, RuleKind.PHRASE, "retail park")
    entries = await station.afters("listening.add_rule")
    assert entries[0][1]["flagged_from_last_24h"] == 2
    assert len(await listening.flags_of(station.store, [1, 2])) == 2
    assert rule.active


async def test_a_sudden_rise_is_reported_and_a_steady_flow_is_not(desk: Desk) -> None:
    station, sim = desk.station, desk.station.simulator
    rise = await listening.add_rule(desk.gold, RuleKind.KEYWORD, "explosion")
    steady = await listening.add_rule(desk.gold, RuleKind.KEYWORD, "roadworks")
    for _ in range(24):  # a day: one about the explosion an hour, three about roadworks
        sim.inject("north", "was that an explosion?")
        for _ in range(3):
            sim.inject("north", "roadworks again")
        station.clock.advance(hours=1)
    for _ in range(6):  # the last hour: six about each
        sim.inject("north", "EXPLOSION near the station")
        sim.inject("north", "roadworks, roadworks")
        station.clock.advance(minutes=5)
    await station.sync.sync_once(NORTH)

    found_now = await listening.surges(station.store, station.clock.now)
    assert [(s.rule.id, s.last_hour, s.median) for s in found_now] == [(rise.id, 6, 1)]
    assert "6 in the last hour" in found_now[0].sentence
    assert steady.id not in [s.rule.id for s in found_now]  # 6 is not 3 x 3

    # Below the minimum it is not a surge, however quiet the day was.
    assert await listening.surges(station.store, station.clock.now, minimum=7) == []
    # Two hours on, the rise is over.
    assert await listening.surges(station.store, station.clock.now + timedelta(hours=2)) == []


async def test_flags_and_alerts_are_in_the_same_transaction_as_the_items(desk: Desk) -> None:
    """A page's items, its flags and its alerts commit together (one write)."""
    station = desk.station
    await listening.add_rule(desk.gold, RuleKind.KEYWORD, "knife")
    station.simulator.inject("north", "he has a knife")
    await station.sync.sync_once(NORTH)
    collected = await station.audit("inbox.collect")
    flagged = await station.audit("listening.flag")
    alerted = await station.audit("threat.alert")
    assert len(collected) == len(flagged) == len(alerted) == 1
    # Consecutive entries of one transaction: collect, flag, alert.
    assert [collected[0].seq + 1, collected[0].seq + 2] == [flagged[0].seq, alerted[0].seq]
    assert json.loads(flagged[0].after or "{}") == {"flags": 1, "items_read": 1}
