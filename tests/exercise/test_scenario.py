"""The scenario loader: a good file loads; each kind of mistake is refused with the
line it is on and one sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from incident.exercise.scenario import InjectKind, format_offset, parse_span
from incident.exercise.scenario_file import ScenarioError, load_scenario, shipped_scenarios
from tests.exercise.conftest import SMALL

# A scenario written for these tests; the comments give each line's number.
BASE = """\
[scenario]
title = "Test"
summary = "A test."
force = "Wessex Police"
area = "Wessex"
starts = "2026-07-04T10:00"
duration = "2h"

[[channels]]
name = "Main"
account = "main_acct"
followers = 100
limit = 50

[[posts]]
at = "+30m"
channels = ["Main"]
text = "Hello"

[[injects]]
id = "one"
at = "+10m"
kind = "mention"
channel = "Main"
author = "someone"
text = "Hi"
"""
# Line numbers in BASE, for the cases below.
SCENARIO, TITLE, FORCE, STARTS, DURATION = 1, 2, 4, 6, 7
CHANNELS, ACCOUNT, FOLLOWERS, LIMIT = 9, 11, 12, 13
POST_AT, POST_CHANNELS, POST_TEXT = 16, 17, 18
INJECT, INJECT_ID, INJECT_AT, INJECT_KIND, INJECT_CHANNEL, INJECT_AUTHOR, INJECT_TEXT = (
    20, 21, 22, 23, 24, 25, 26,
)  # fmt: skip


_OUTAGE = '\n[[injects]]\nid = "{id}"\nat = "{at}"\nkind = "outage"\nchannel = "Main"\n'
_RESTORE = '\n[[injects]]\nid = "{id}"\nat = "{at}"\nkind = "restore"\nchannel = "Main"\n'


def _with(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def _refused(text: str, tmp_path: Path) -> ScenarioError:
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


def test_the_base_and_the_test_scenario_load(tmp_path: Path) -> None:
    path = tmp_path / "base.toml"
    path.write_text(BASE, encoding="utf-8")
    base = load_scenario(path)
    # 10:00 British Summer Time is 09:00 UTC.
    assert base.starts_utc == datetime(2026, 7, 4, 9, 0, tzinfo=UTC)
    assert base.duration == timedelta(hours=2)
    assert base.channels[0].limit == 50
    assert base.source_text == BASE

    small = load_scenario(SMALL)
    assert small.starts_utc == datetime(2026, 3, 14, 9, 0, tzinfo=UTC)  # GMT in March
    assert [i.id for i in small.injects] == [
        "first-report", "unsafe-rumour", "gold-holding", "press", "worried-residents",
        "kingsford-down", "kingsford-back", "token-gone",
    ]  # fmt: skip
    surge = next(i for i in small.injects if i.kind is InjectKind.SURGE)
    assert (surge.count, surge.over, len(surge.texts)) == (6, timedelta(minutes=15), 3)
    assert small.injects[0].first_sign
    assert next(i for i in small.injects if i.id == "press").direct
    assert small.channel("Wessex Police").followers == 182000
    assert [p.at for p in small.posts] == [timedelta(minutes=30), timedelta(hours=2)]


def test_injects_fire_in_time_order_whatever_the_file_order(tmp_path: Path) -> None:
    text = BASE + '\n[[injects]]\nid = "zero"\nat = "+5m"\nkind = "gold_instruction"\ntext = "Go"\n'
    path = tmp_path / "order.toml"
    path.write_text(text, encoding="utf-8")
    assert [i.id for i in load_scenario(path).injects] == ["zero", "one"]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        # not TOML at all: tomllib's own line
        (_with('title = "Test"', 'title = "Test'), TITLE, "this is not valid TOML"),
        (_with("[scenario]", "[scenario]\nweather = 'rain'"), 2, "weather is not a setting"),
        (BASE + "\n[extras]\nx = 1\n", 28, "extras is not part of a scenario"),
        (_with('title = "Test"\n', ""), SCENARIO, "[scenario] needs title"),
        (_with('force = "Wessex Police"', "force = 3"), FORCE, "force must be text"),
        (_with('"2026-07-04T10:00"', '"4 July"'), STARTS, "is not a date and time"),
        (_with('"2026-07-04T10:00"', '"2026-03-29T01:30"'), STARTS, "There is no 01:30"),
        (_with('"2026-07-04T10:00"', '"2026-07-04T10:00+01:00"'), STARTS, "leave out the offset"),
        (_with('duration = "2h"', 'duration = "two hours"'), DURATION, "is not a time span"),
        (_with('duration = "2h"', 'duration = "0m"'), DURATION, "longer than nothing"),
        (_with('account = "main_acct"', 'account = "Main Account"'), ACCOUNT, "small letters"),
        (_with("followers = 100", "followers = -1"), FOLLOWERS, "cannot be negative"),
        (_with("followers = 100", 'followers = "lots"'), FOLLOWERS, "whole number"),
        (_with("limit = 50", "limit = 0"), LIMIT, "limit must be between"),
        (_with("limit = 50", "limit = 50\nhandle = 'x'"), 14, "handle is not a setting"),
        (
            _with("[[posts]]", '[[channels]]\nname = "Main"\naccount = "other"\n\n[[posts]]'),
            16,
            "two channels are called 'Main'",
        ),
        (
            _with("[[posts]]", '[[channels]]\nname = "B"\naccount = "main_acct"\n\n[[posts]]'),
            17,
            "two channels use the account",
        ),
        (
            BASE.replace(
                "[[channels]]",
                "[[channels]]\nname = 'x'\naccount = 'x'\n\n" * 12 + "[[channels]]",
                1,
            ),
            9 + 4 * 12,
            "at most 12 channels",
        ),
        (_with('at = "+30m"', 'at = "+3h"'), POST_AT, "after the scenario ends"),
        (
            _with('channels = ["Main"]', 'channels = ["Other"]'),
            POST_CHANNELS,
            "no [[channels]] is called 'Other'",
        ),
        (_with('channels = ["Main"]', "channels = []"), POST_CHANNELS, "a post needs channels"),
        (_with('text = "Hello"', 'text = "' + "x" * 51 + '"'), POST_TEXT, "Main takes at most 50"),
        (_with('id = "one"', 'id = "One!"'), INJECT_ID, "small letters, digits and -"),
        (_with('at = "+10m"', 'at = "soon"'), INJECT_AT, "is not a time span"),
        (_with('at = "+10m"', 'at = "+5h"'), INJECT_AT, "falls after the scenario ends"),
        (_with('kind = "mention"', 'kind = "tweet"'), INJECT_KIND, "kind 'tweet' is not one of"),
        (_with('channel = "Main"\n', ""), INJECT, "needs channel"),
        (
            _with('channel = "Main"\nauthor', 'channel = "Elsewhere"\nauthor'),
            INJECT_CHANNEL,
            "no [[channels]] is called 'Elsewhere'",
        ),
        (_with('author = "someone"\n', ""), INJECT, "needs author"),
        (_with('text = "Hi"\n', ""), INJECT, "needs text"),
        (
            _with('text = "Hi"', 'text = "Hi"\nfirst_sign = "yes"'),
            27,
            "first_sign must be true or false",
        ),
        (_with('text = "Hi"', 'text = "Hi"\ncount = 3'), 27, "count is only for a surge"),
        (_with('text = "Hi"', 'text = "Hi"\ndirect = true'), 27, "a mention is always what"),
        (
            BASE
            + '\n[[injects]]\nid = "one"\nat = "+20m"\nkind = "gold_instruction"\ntext = "Go"\n',
            29,
            "two injects have the id 'one'",
        ),
        (
            BASE + '\n[[injects]]\nid = "gold"\nat = "+20m"\nkind = "gold_instruction"\n'
            'channel = "Main"\ntext = "Go"\n',
            32,
            "a gold_instruction inject has no channel",
        ),
        (
            BASE + '\n[[injects]]\nid = "s"\nat = "+20m"\nkind = "surge"\nchannel = "Main"\n'
            'count = 1\nover = "5m"\ntexts = ["a"]\n',
            33,
            "count must be from 2 to 500",
        ),
        (
            BASE + '\n[[injects]]\nid = "s"\nat = "+20m"\nkind = "surge"\nchannel = "Main"\n'
            'count = 5\ntexts = ["a"]\n',
            28,
            "needs over",
        ),
        (
            BASE + '\n[[injects]]\nid = "s"\nat = "+20m"\nkind = "surge"\nchannel = "Main"\n'
            'count = 5\nover = "5m"\n',
            28,
            "a surge needs texts",
        ),
        (
            BASE + '\n[[injects]]\nid = "s"\nat = "+1h50m"\nkind = "surge"\nchannel = "Main"\n'
            'count = 5\nover = "15m"\ntexts = ["a"]\n',
            34,
            "runs past the scenario's end",
        ),
        (
            BASE + '\n[[injects]]\nid = "s"\nat = "+20m"\nkind = "surge"\nchannel = "Main"\n'
            'count = 5\nover = "5m"\ntexts = "a"\n',
            35,
            "texts must be a list",
        ),
        # Outages and restores alternate on each channel, in firing order.
        (BASE + _RESTORE.format(id="back", at="+20m"), 31, "has no outage before it"),
        (
            BASE + _OUTAGE.format(id="down", at="+40m") + _RESTORE.format(id="back", at="+20m"),
            37,
            "restore back comes when Main has no outage before it",
        ),
        (
            BASE + _OUTAGE.format(id="down", at="+20m") + _OUTAGE.format(id="again", at="+30m"),
            37,
            "Main is already out (since inject down): put a restore before outage again",
        ),
        (
            BASE
            + _OUTAGE.format(id="down", at="+20m")
            + _RESTORE.format(id="back", at="+30m")
            + _RESTORE.format(id="twice", at="+35m"),
            43,
            "restore twice comes when Main has no outage",
        ),
        # Only a message from the public can be the first sign.
        (
            BASE + _OUTAGE.format(id="down", at="+20m").replace("kind", "first_sign = true\nkind"),
            31,
            "an outage inject cannot be the first sign",
        ),
        (_with('author = "someone"', 'author = "@market mo"'), INJECT_AUTHOR, "is not a handle"),
        (_with('author = "someone"', 'author = "@"'), INJECT_AUTHOR, "is not a handle"),
        (
            BASE + _OUTAGE.format(id="down", at="+20m").replace("kind", "author = 'x'\nkind"),
            31,
            "an outage inject has no author",
        ),
        # A sub-table is reported at its own header, not at [scenario]'s.
        (_with('duration = "2h"', 'duration = "2h"\n\n[scenario.extra]\nx = 1'), 9, "extra is"),
        (_with('duration = "2h"', 'duration = "2h"\nextra.x = 1'), 8, "extra is not a setting"),
        (
            BASE + "\n[injects.extra]\nx = 1\n",
            28,
            "extra is not a setting of [[injects]] number 1",
        ),
        # Spans an exercise can play, texts of a size people write.
        (_with('duration = "2h"', 'duration = "99999999999d"'), DURATION, "longer than 30 days"),
        (_with('duration = "2h"', 'duration = "3000000d"'), DURATION, "longer than 30 days"),
        (_with('text = "Hi"', f'text = "{"x" * 5001}"'), INJECT_TEXT, "at most 5000"),
        # The store keeps one area per channel: a second one is refused, not dropped.
        (_with("limit = 50", 'limit = 50\nareas = ["North", "South"]'), 14, "names 2 areas"),
    ],
)
def test_each_mistake_is_refused_with_its_line(
    text: str, line: int, problem: str, tmp_path: Path
) -> None:
    error = _refused(text, tmp_path)
    assert error.line == line, str(error)
    assert problem in error.problem, str(error)
    assert str(error).startswith(f"case.toml line {line}: ")


def test_outages_and_restores_alternate_and_handles_lose_their_at(tmp_path: Path) -> None:
    text = _with('author = "someone"', 'author = "@Someone.Else-2"') + "".join(
        (
            _RESTORE.format(id="back", at="+30m"),  # written first, fires after its outage
            _OUTAGE.format(id="down", at="+20m"),
            _OUTAGE.format(id="down-again", at="+40m"),  # no restore after: it stays down
        )
    )
    path = tmp_path / "ok.toml"
    path.write_text(text.replace("limit = 50", 'limit = 50\nareas = ["North"]'), encoding="utf-8")
    loaded = load_scenario(path)
    assert [i.id for i in loaded.injects] == ["one", "down", "back", "down-again"]
    assert loaded.injects[0].author == "Someone.Else-2"
    assert loaded.channels[0].area == "North"


def test_no_scenario_table_no_channels_and_a_missing_file(tmp_path: Path) -> None:
    error = _refused('[[channels]]\nname = "a"\naccount = "a"\n', tmp_path)
    assert error.problem == "the file has no [scenario] table."
    only_head = BASE[: BASE.index("[[channels]]")]
    error = _refused(only_head, tmp_path)
    assert error.line is None and "at least one [[channels]]" in error.problem
    with pytest.raises(ScenarioError, match=r"nowhere\.toml: the file does not exist\."):
        load_scenario(tmp_path / "nowhere.toml")


def test_a_file_larger_than_any_scenario_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(BASE.replace('text = "Hi"', f'text = "{"x" * 10_000_000}"'))
    with pytest.raises(ScenarioError, match=r"huge\.toml: the file is larger than 1 MB"):
        load_scenario(path)


def test_a_multi_line_string_is_not_taken_for_keys(tmp_path: Path) -> None:
    text = _with('summary = "A test."', 'summary = """\nforce = "not a key"\n[[posts]]\n"""')
    text = text.replace('force = "Wessex Police"', "force = 7")
    error = _refused(text, tmp_path)
    assert error.line == FORCE + 3  # the real force line, three lines lower now


def test_spans_read_and_write() -> None:
    assert parse_span("+1d2h3m4s") == timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert parse_span("45m") == timedelta(minutes=45)
    assert parse_span("+") is None and parse_span("1h 30m") is None
    assert format_offset(timedelta(hours=2, minutes=30)) == "+2h30m"
    assert format_offset(timedelta(0), plus=False) == "0m"


def test_every_shipped_scenario_loads() -> None:
    # The scenario files themselves are written alongside (resources/scenarios/).
    for path in shipped_scenarios():
        scenario = load_scenario(path)
        assert scenario.injects, path.name
