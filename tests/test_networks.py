"""Counting a post's length the way each network does."""

from __future__ import annotations

import pytest

from console.networks import (
    TextRule,
    check_text,
    graphemes,
    mastodon_length,
    network,
    remaining,
    threads_length,
    x_weighted_length,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one emoji, 7 code points
FLAG = "\U0001f1ec\U0001f1e7"  # the Union flag: two regional indicators
E_ACUTE = "e\u0301"  # e + combining acute accent


def test_graphemes_count_what_a_reader_sees() -> None:
    assert graphemes("Police") == 6
    assert graphemes(E_ACUTE) == 1
    assert graphemes(FAMILY) == 1
    assert graphemes(FLAG) == 1
    assert graphemes(f"Caf{E_ACUTE} {FLAG}!") == 7


def test_x_weighs_scripts_emoji_and_links() -> None:
    assert x_weighted_length("Road closed") == 11
    assert x_weighted_length("道路封鎖") == 8  # CJK weighs two each
    assert x_weighted_length(FAMILY) == 2  # an emoji is two, however it is built
    assert x_weighted_length(FLAG + FLAG) == 4
    assert x_weighted_length(E_ACUTE) == 1  # NFC folds it to one light character
    link = "https://www.northshire.police.uk/news/2026/11/road-closure-a1-northbound"
    assert x_weighted_length(f"Details: {link}") == len("Details: ") + 23
    assert x_weighted_length("see www.example.org.") == len("see ") + 23 + 1


def test_mastodon_counts_links_as_23_and_remote_mentions_by_user() -> None:
    link = "https://example.org/" + "x" * 100
    assert mastodon_length(f"Read {link}") == 5 + 23
    assert mastodon_length("thanks @press@police.social") == len("thanks @press")
    assert mastodon_length(f"{FAMILY}{E_ACUTE}") == 2


@pytest.mark.parametrize(
    ("key", "limit"),
    [("bluesky", 300), ("x", 280), ("mastodon", 500), ("facebook", 63_206), ("threads", 500)],
)
def test_each_network_states_its_limit(key: str, limit: int) -> None:
    assert network(key).limit == limit
    assert check_text(key, "a" * limit) is None
    assert check_text(key, "a" * (limit + 1)) == (
        f"{network(key).label} allows {limit} characters: this is 1 character too long. "
        "Shorten it, or give this channel its own shorter version."
    )


def test_threads_counts_an_emoji_as_its_utf8_bytes() -> None:
    assert threads_length("Road closed") == 11
    assert threads_length(f"Caf{E_ACUTE}") == 5  # not an emoji: each code point is one
    assert threads_length("\U0001f600") == 4
    assert threads_length(FAMILY) == len(FAMILY.encode())  # 25: the whole sequence's bytes
    assert threads_length(FLAG) == 8
    assert check_text("threads", "\U0001f600" * 125) is None
    assert check_text("threads", "\U0001f600" * 126) is not None


def test_bluesky_limit_is_graphemes_not_code_points() -> None:
    text = FAMILY * 300  # 2,100 code points, 300 graphemes
    assert remaining("bluesky", text) == 0
    assert check_text("bluesky", text) is None
    assert check_text("x", text) is not None  # X weighs each emoji as two


def test_empty_text_and_unknown_network_are_sentences() -> None:
    assert check_text("x", "   ") == "The post for X is empty: write something first."
    with pytest.raises(ValueError, match="does not know the network 'myspace'"):
        network("myspace")
    assert remaining("mastodon", "hello", TextRule("mastodon", 1000)) == 995


@pytest.mark.asyncio
async def test_a_post_too_long_for_a_channel_is_refused_before_it_is_queued(
    tmp_path: object,
) -> None:
    from pathlib import Path

    from console import users as user_admin
    from console.posts import create_post
    from console.session import SignInThrottle, sign_in
    from storage import channels
    from storage.errors import StoreError
    from storage.records import Role
    from tests.helpers import PASSWORD, make_store

    assert isinstance(tmp_path, Path)
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t"
    )
    await session.store.write(lambda tx: channels.insert(
        tx.db, name="Force X", network="x", account="force", area="", now=tx.now()))  # fmt: skip
    with pytest.raises(StoreError) as caught:
        await create_post(
            session, body="a" * 290, channel_ids=[1], scheduled_utc="2030-01-01T00:00:00.000000Z"
        )
    assert str(caught.value) == (
        "Force X: X allows 280 characters: this is 10 characters too long. "
        "Shorten it, or give this channel its own shorter version."
    )
    count = await session.store.run(
        lambda db: db.execute("SELECT count(*) FROM posts").fetchone()[0]
    )
    assert count == 0
    await session.sign_out()
