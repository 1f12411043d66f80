"""The Mastodon adapter's parsing, against answers recorded from a real Mastodon.

The cassettes (``data/mastodon_cassettes``, from Mastodon.py 2.3.3, MIT) hold real
request/response pairs recorded against Mastodon 4.7.3. Each test takes recorded
bodies and headers and feeds them to the adapter's parsing functions. Entities as the
API reference defines them: Status, ScheduledStatus, Notification, Conversation,
MediaAttachment, Instance (docs.joinmastodon.org/entities/), rate-limit headers
(/api/rate-limits/), ``Link`` pagination (/api/guidelines/#pagination).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import yaml

from console.channels import mastodon_answers as answers
from console.channels.base import (
    Metrics,
    NeedsReconnect,
    Published,
    RateBudget,
    Rejected,
    ScheduledItem,
)
from console.channels.mastodon_server import limits_from
from storage.records import ServerLimits

CASSETTES = Path(__file__).parent / "data" / "mastodon_cassettes"


def recorded(cassette: str, method: str, uri_ends: str, number: int = 0) -> dict[str, Any]:
    """The ``number``-th recorded response to ``method`` on a URI ending ``uri_ends``."""
    interactions = yaml.safe_load((CASSETTES / cassette).read_text())["interactions"]
    found = [
        i["response"]
        for i in interactions
        if i["request"]["method"] == method and i["request"]["uri"].endswith(uri_ends)
    ]
    return dict(found[number])


def body(response: dict[str, Any]) -> Any:
    return json.loads(response["body"]["string"])


def as_httpx(response: dict[str, Any]) -> httpx.Response:
    headers = [(name, value) for name, values in response["headers"].items() for value in values]
    return httpx.Response(
        response["status"]["code"],
        headers=headers,
        content=response["body"]["string"].encode(),
    )


def test_a_posted_status_is_published_with_its_id_and_url() -> None:
    answer = body(recorded("test_status.yaml", "POST", "/api/v1/statuses"))

    published = answers.parse_published(answer)

    assert published == Published(
        "117440826656342711", "http://localhost:3000/@mastodonpy_test/117440826656342711"
    )
    assert answers.parse_scheduled(answer) is None


def test_the_rate_limit_headers_become_the_budget() -> None:
    answer = recorded("test_status.yaml", "POST", "/api/v1/statuses")

    budget = answers.parse_budget(as_httpx(answer).headers)

    assert budget is not None
    assert budget.limit == 300
    assert budget.remaining is not None and 0 <= budget.remaining <= 300
    assert budget.reset_utc is not None and budget.reset_utc.startswith("2026-10-14T")
    assert budget.reset_utc.endswith("Z")
    assert answers.parse_budget(httpx.Headers()) is None


def test_metrics_from_a_recorded_status() -> None:
    # The thread's first post, deleted after its reply: replies_count 1.
    answer = body(recorded("test_status_reply.yaml", "DELETE", "/117440826670289215"))

    assert answers.parse_metrics(answer) == Metrics(likes=0, replies=1, reposts=0)
    assert answers.parse_metrics({"id": "1"}) is None


def test_a_reply_is_an_inbox_reply_with_its_parent() -> None:
    reply = body(recorded("test_status_reply.yaml", "POST", "/api/v1/statuses", 1))

    item = answers.item_from_status(reply)

    assert item is not None
    assert item.kind == "reply"
    assert item.remote_id == "117440826677780974"
    assert item.in_reply_to == "117440826670289215"
    assert item.conversation_id == "117440826670289215"
    assert item.text == "@mastodonpy_test_2 same!"
    assert item.author_handle == "admin"
    assert item.author_name == "admin"  # an empty display name falls back to the username
    assert item.created_utc == "2026-10-14T19:06:41.602000Z"
    assert item.url == "http://localhost:3000/@admin/117440826677780974"


def test_a_direct_status_is_a_message() -> None:
    direct = body(recorded("test_status_post[None-direct].yaml", "POST", "/api/v1/statuses"))

    item = answers.item_from_status(direct)

    assert item is not None
    assert item.kind == "message"
    assert item.text == "Toot!"
    assert item.in_reply_to == ""
    assert item.conversation_id == item.remote_id


def test_a_mention_notification_becomes_an_inbox_item() -> None:
    answer = recorded(
        "test_notifications_mentions_only.yaml", "GET", "/api/v1/notifications?types%5B%5D=mention"
    )
    notifications = body(answer)

    items = [answers.item_from_notification(n) for n in notifications]

    assert len(items) == 1 and items[0] is not None
    item = items[0]
    assert item.kind == "mention"
    assert item.remote_id == "117440821885976823"
    # The status's source text, as Mastodon gave it back on delete:
    source = body(
        recorded("test_notifications_mentions_only.yaml", "DELETE", "/117440821885976823")
    )
    assert item.text == source["text"] == "@mastodonpy_test hello!"
    assert json.loads(item.raw)["id"] == "21"  # the notification, as received
    assert answers.item_from_notification({**notifications[0], "type": "favourite"}) is None


def test_the_link_header_keeps_the_filter_and_gives_the_cursors() -> None:
    answer = as_httpx(
        recorded(
            "test_notifications_mentions_only.yaml",
            "GET",
            "/api/v1/notifications?types%5B%5D=mention",
        )
    )
    link = answer.headers["Link"]

    assert "types%5B%5D=mention" in link  # a real server keeps types[] in its links
    assert answers.link_cursor(link, "prev", "min_id") == "21"
    assert answers.link_cursor(link, "next", "max_id") == "21"
    assert answers.link_cursor(link, "next", "min_id") is None
    assert answers.link_cursor(None, "prev", "min_id") is None


def test_a_conversation_is_a_message_unless_the_account_sent_it() -> None:
    answer = recorded("test_conversations.yaml", "GET", "/api/v1/conversations/")
    conversation = body(answer)[0]
    author_id = conversation["last_status"]["account"]["id"]

    item = answers.item_from_conversation(conversation, own_id="117440810233042393")

    assert item is not None
    assert item.kind == "message"
    assert item.author_handle == "mastodonpy_test_2"
    source = body(recorded("test_conversations.yaml", "DELETE", "/117440841625302455"))
    assert item.text == source["text"] == "@admin ilu bby ;3"
    assert answers.item_from_conversation(conversation, own_id=author_id) is None
    # Conversations page by their last status: the Link's min_id is that status's id.
    link = as_httpx(answer).headers["Link"]
    assert answers.link_cursor(link, "prev", "min_id") == "117440841625302455"


def test_scheduled_statuses_as_created_and_as_listed() -> None:
    created = body(recorded("test_scheduled_status.yaml", "POST", "/api/v1/statuses"))
    listed = body(recorded("test_scheduled_status.yaml", "GET", "/api/v1/scheduled_statuses"))

    item = answers.parse_scheduled(created)

    assert item == ScheduledItem(
        "1", "4000-01-01T14:33:14.000000Z", "please ensure adequate headroom"
    )
    assert answers.parse_published(created) is None  # not a Status
    assert [answers.parse_scheduled(entry) for entry in listed] == [
        ScheduledItem("1", "4000-01-01T14:23:14.000000Z", "please ensure adequate headroom")
    ]


def test_media_still_processing_then_ready() -> None:
    cassette = "test_media_post[True].yaml"
    accepted = recorded(cassette, "POST", "/api/v2/media")
    polled = recorded(cassette, "GET", "/api/v1/media/117440819877733537")

    assert accepted["status"]["code"] == 202
    assert answers.parse_media(body(accepted)) == ("117440819877733537", False)
    assert answers.parse_media(body(polled)) == ("117440819877733537", True)
    posted = body(recorded(cassette, "POST", "/api/v1/statuses"))
    assert [m["id"] for m in posted["media_attachments"]] == ["117440819877733537"]
    assert answers.parse_published(posted) is not None


def test_the_instance_says_its_own_status_length() -> None:
    instance = body(recorded("test_instance.yaml", "GET", "/api/v2/instance/"))

    limits = limits_from("mastodon", "4.5.0", instance)
    assert limits == ServerLimits("mastodon", 500, 23, 4, 16_777_216, "mastodon 4.5.0")
    assert limits_from("", "", {"configuration": {}}) == ServerLimits("mastodon")


def test_refusals_keep_mastodons_own_words() -> None:
    invalid = as_httpx(recorded("test_status_empty.yaml", "POST", "/api/v1/statuses"))
    missing = as_httpx(recorded("test_status_missing.yaml", "GET", "/api/v1/statuses/0"))
    unauthorised = as_httpx(
        recorded("test_home_tl_anonymous_throws.yaml", "GET", "/api/v1/timelines/home")
    )

    assert invalid.status_code == 422
    assert (
        answers.error_message(invalid)
        == body(recorded("test_status_empty.yaml", "POST", "/api/v1/statuses"))["error"]
    )
    assert answers.refusal(invalid) == Rejected(answers.error_message(invalid))
    assert answers.error_message(missing) == "Not Found"  # Mastodon 4.7's words for a 404
    assert answers.refusal(unauthorised) == NeedsReconnect(answers.RECONNECT)


def test_plain_text_keeps_line_breaks_links_and_entities() -> None:
    html = (
        '<p>Road closed &amp; diverted<br />via <a href="https://example.com/a/long/path">'
        '<span class="invisible">https://</span><span class="ellipsis">example.com/a/lo</span>'
        '<span class="invisible">ng/path</span></a></p><p>&lt;Stay safe&gt; &#x1F6A7;</p>'
    )

    assert answers.plain_text(html) == (
        "Road closed & diverted\nvia https://example.com/a/long/path\n\n<Stay safe> 🚧"
    )


def test_a_budget_without_a_reset_is_still_recorded() -> None:
    headers = httpx.Headers({"X-RateLimit-Limit": "30", "X-RateLimit-Remaining": "29"})

    assert answers.parse_budget(headers) == RateBudget(30, 29, None)
