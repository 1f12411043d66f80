"""The incident report's timeline tells what officers did around the incident in
words, not by the trail's keys ("Audit entry session.lock (user 1)."), in English and
in Welsh."""

from __future__ import annotations

import json

import pytest

from incident.report import timeline_line
from storage.queue import QueueRow
from storage.records import AuditCategory, AuditEntry, TargetStatus
from storage.stored_words import english

NAMES = {1: "Northshire Police", 2: "Northshire Police – Kingsbridge"}


def _line(action: str, object_type: str, object_id: str, after: dict[str, object]) -> str:
    entry = AuditEntry(
        9, "2026-12-07T10:00:00.000000Z", "gold", action, AuditCategory.ALTERATION,
        object_type, object_id, None, json.dumps(after), "", "", "", "",
    )  # fmt: skip
    return timeline_line(entry, {}, NAMES).what


CASES: list[tuple[str, str, str, dict[str, object], str]] = [
    ("session.lock", "user", "1", {"reason": "locked by hand"}, "Console locked (locked by hand)."),
    ("session.unlock", "user", "2", {}, "Console unlocked."),
    ("session.sign_in", "user", "2", {"taking_over_from": "alice"},
     "Signed in, taking over from alice."),
    ("session.sign_out", "user", "1", {"reason": "handover to gold"}, "Signed out."),
    ("post.cancel", "post", "12", {"status": "cancelled"},
     "Post 12 cancelled on every channel it was still due on."),
    ("target.cancel", "target", "40", {"status": "cancelled"}, "Cancelled target 40."),
    ("post.edit", "post", "12", {}, "Post 12 edited."),
    ("post.reject", "post", "12", {"approval": "rejected"},
     "Post 12 rejected: back to its author as a draft."),
    ("target.reschedule", "target", "40", {"scheduled_utc": "2026-12-07T15:00:00.000000Z"},
     "Rescheduled target 40 to Mon 07 Dec 2026 15:00:00 GMT."),
    ("threat.acknowledge", "inbox_item", "5", {"seen": True},
     "Threat-to-life alert acknowledged: the message was read."),
    ("report.open", "report", "NP-2026-0001", {}, "Report NP-2026-0001 opened."),
    ("engine.start", "engine", "host:1", {}, "The engine started: publishing and sync on."),
    ("engine.stop", "engine", "host:1", {"reason": english("Stopped by {user}.", user="alice")},
     "The engine stopped: Stopped by alice."),
    ("channel.sync_paused", "channel", "2", {"paused": True},
     "Sync paused on Northshire Police – Kingsbridge."),
    ("channel.sync_paused", "channel", "2", {"paused": False},
     "Sync resumed on Northshire Police – Kingsbridge."),
    ("inbox.reopen", "conversation", "3", {"state": "new"}, "Conversation 3 reopened."),
    ("inbox.unassign", "conversation", "3", {}, "Conversation 3 unassigned."),
    ("post.create", "post", "13", {"kind": "holding_statement", "channels": [1, 2]},
     "Holding statement written for Northshire Police, Northshire Police – Kingsbridge"
     " (post 13)."),
]  # fmt: skip


@pytest.mark.parametrize(("action", "object_type", "object_id", "after", "said"), CASES)
def test_each_officer_action_reads_as_a_sentence(
    action: str, object_type: str, object_id: str, after: dict[str, object], said: str
) -> None:
    assert _line(action, object_type, object_id, after) == said


def test_the_same_lines_read_in_welsh(welsh: None) -> None:
    for action, object_type, object_id, after, said in CASES:
        line = _line(action, object_type, object_id, after)
        assert line != said and "Audit entry" not in line, (action, line)
    assert _line("session.unlock", "user", "2", {}) == "Cafodd y consol ei ddatgloi."
    stopped = _line("engine.stop", "engine", "h", {"reason": "Stopped by alice."})
    assert stopped.startswith("Stopiodd y peiriant: ") and "alice" in stopped
    assert not stopped.endswith("Stopped by alice.")  # the kept reason in Welsh too


def test_a_rescheduled_post_is_named_by_its_text_and_channel() -> None:
    row = QueueRow(
        target_id=40, post_id=12, status=TargetStatus.HELD, scheduled_utc=None,
        channel="Northshire Police", network="simulator", text="Fun run this Saturday",
        author="alice", approval="not_required", attempts=0, last_error="", remote_url="",
    )  # fmt: skip
    entry = AuditEntry(
        9, "2026-12-07T10:00:00.000000Z", "gold", "target.cancel", AuditCategory.ALTERATION,
        "target", "40", None, json.dumps({"status": "cancelled"}), "", "", "", "",
    )  # fmt: skip
    assert timeline_line(entry, {40: row}, NAMES).what == (
        "Cancelled “Fun run this Saturday” on Northshire Police."
    )
