"""The demo store: an exercise store anyone can open to look around.

(It lives in the incident layer because it also sets up incident mode: the
holding statement library, two templates pre-approved by the demo's gold.)

It is an *exercise* store (it can never hold real credentials or reach a live
channel), so its sign-in is published here and shown on the sign-in screen. It
holds a fictional force's channels on the simulator network and a week of
ordinary scheduled content, the first of it due a few minutes after the store is
made, so a visitor can watch it go out.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from console import users as user_admin
from console.inbox import saved_replies
from console.paths import demo_store_path, ensure_data_dir
from console.posts import create_post
from console.session import Session, SignInThrottle, sign_in
from incident import statements
from incident.demo_accounts import DEMO_GOLD, DEMO_GOLD_PASSWORD, DEMO_PASSWORD, DEMO_USER
from storage import channels
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role, StoreKind
from storage.store import Transaction
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

# Templates the demo's gold has pre-approved: a duty officer sends them at once.
DEMO_PRE_APPROVED = ("Flooding", "Major road closure")

DEMO_CHANNELS = (
    # name, account, area
    ("Northshire Police", "northshirepolice", "Force-wide"),
    ("Northshire Police – Kingsbridge", "np_kingsbridge", "Kingsbridge"),
    ("Northshire Police – Marlow Vale", "np_marlowvale", "Marlow Vale"),
    ("Northshire Roads Policing", "np_roads", "Force-wide"),
)

# (minutes after the store is made, channels by index, text)
DEMO_WEEK = (
    (3, (0,), "Good morning from Northshire Police. Our front counters in Kingsbridge and "
              "Marlow Vale are open from 8am today. Non-emergency? Call 101 or report online."),
    (6, (3,), "Road safety week starts today. Over the next seven days our roads policing team "
              "will be out across the county talking about the fatal four: speed, seatbelts, "
              "drink and drug driving, and mobile phones."),
    (60, (1,), "Kingsbridge neighbourhood team will be at the market square from 10am until "
               "noon. Come and say hello, and ask us about bike marking."),
    (180, (0, 2), "We are recruiting police community support officers. Find out more at our "
                  "online open evening this Thursday at 7pm."),
    (24 * 60, (3,), "Seatbelts save lives. Last year in Northshire, a third of people killed in "
                    "cars were not wearing one. Belt up, every journey, every seat."),
    (24 * 60 + 240, (0,), "Scam warning: we will never ask you to move money to a 'safe account' "
                          "or to hand cash to a courier. If in doubt, hang up and call 101."),
    (2 * 24 * 60, (2,), "Marlow Vale: thank you to everyone who came to Tuesday's beat meeting. "
                        "Your priorities for the next quarter are anti-social driving and "
                        "shed burglaries."),
    (2 * 24 * 60 + 300, (3,), "Tired? Pull over. Driver fatigue is a factor in one in five "
                              "serious collisions on major roads."),
    (3 * 24 * 60, (0, 1, 2), "Have you seen our lost property page? From bikes to wedding "
                             "rings, we would love to reunite them with their owners."),
    (4 * 24 * 60, (3,), "Drink and drug driving: our Christmas campaign starts next week. If you "
                        "know someone who drives under the influence, tell us."),
    (5 * 24 * 60, (0,), "Our control room took 4,312 calls this week. Please keep 999 for "
                        "emergencies, when life is in danger or a crime is in progress."),
    (6 * 24 * 60, (1, 2), "Weekend plans? Lock up, light up: timer switches make an empty home "
                          "look lived in."),
)  # fmt: skip


async def ensure_demo_store(
    path: Path | None = None, kdf: KdfParams | None = None, clock: Clock = system_clock
) -> Path:
    """Create and fill the demo store if it does not exist yet; return its path."""
    path = path or demo_store_path()
    if path.exists():
        return path
    ensure_data_dir()
    store = await create_store(
        path,
        user=DEMO_USER,
        password=DEMO_PASSWORD,
        display_name="Exercise trainer",
        kind=StoreKind.EXERCISE,
        kdf=kdf,
        clock=clock,
    )
    await store.close()
    session = await sign_in(
        path, DEMO_USER, DEMO_PASSWORD, via="demo set-up", throttle=SignInThrottle(), clock=clock
    )
    try:
        await user_admin.set_roles(
            session,
            DEMO_USER,
            [Role.ADMINISTRATOR, Role.DUTY_OFFICER, Role.APPROVER],
            reason=english("the demo's trainer plays every part"),
        )
        gold = await user_admin.add_user(
            session,
            name=DEMO_GOLD,
            password=DEMO_GOLD_PASSWORD,
            roles=[Role.APPROVER],
            display_name="Gold commander (exercise)",
            kdf=kdf,
        )

        def add_channels(tx: Transaction) -> list[int]:
            return [
                channels.insert(
                    tx.db,
                    name=name,
                    network="simulator",
                    account=account,
                    area=area,
                    now=tx.now(),
                )
                for name, account, area in DEMO_CHANNELS
            ]

        ids = await session.store.write(add_channels)
        await session.store.write(lambda tx: saved_replies.add_shipped(tx, DEMO_USER))
        await statements.ensure_shipped(session.store)
        gold_session = Session(session.store, gold, via="demo set-up")
        for template in await statements.templates(session.store):
            if template.name in DEMO_PRE_APPROVED:
                await statements.pre_approve(
                    gold_session,
                    template.id,
                    reason=english("standard wording, agreed for the demo"),
                )
        start = clock().astimezone(UTC).replace(second=0, microsecond=0)
        for minutes, indexes, text in DEMO_WEEK:
            await create_post(
                session,
                body=text,
                channel_ids=[ids[i] for i in indexes],
                scheduled_utc=to_iso(start + timedelta(minutes=minutes)),
            )
    finally:
        await session.sign_out("demo set-up finished")
    return path
