"""A report from the public as a PDF for hand-over (fpdf2, as incident/pdf.py).

Drawn from the same dict as the JSON export (``console.reports.export.document``),
so the two never disagree. DejaVu Sans (fonts-dejavu-core) carries the public's
accents, emoji-free symbols and curly quotes; without it, Helvetica and Latin-1
replacements. An exercise store's report says EXERCISE at the top of every page
and in the footer.

In the officer's language: every heading, label and sentence passes through
``_()``, and the words the document keeps as keys (the state, category, grade,
THRIVE parts, an item's kind, the fields a version changed) are put into words at
print time, so an English report reads as it always has and a Welsh one is wholly
Welsh, its exercise marking too (YMARFER, as the window's banner;
``console.marking.printed_mark``). What people wrote (the public's words, names,
handles, links, an officer's reasons) is printed as written. The JSON export keeps
the keys and the stable English marker for the programs that read it.
"""

from __future__ import annotations

from typing import Any

from console.marking import printed_word
from console.pdf_base import CordonPdf
from console.reports.grading import THRIVE_LABELS, Category, Grade, ReportState
from console.reports.service import RECORDED_REASON
from console.timezone import duration_text, local_text
from storage.i18n import N_, _

# The word before the disclosure entry's number and hash in the PDF's keywords: what
# ``verify_cordon.py`` reads to tie a signed report to the entry that disclosed it.
DISCLOSED_IN = "cordon-disclosure"

# An item's kind (``console.channels.base.InboxItem.kind``) in words.
_KINDS = {
    "mention": N_("mention"),
    "reply": N_("reply"),
    "comment": N_("comment"),
    "message": N_("message"),
}
# The fields a version changed (``console.reports.service.Content``), in words.
_FIELDS = {
    "category": N_("category"),
    "grade": N_("grade"),
    "allowed_minutes": N_("response time"),
    "state": N_("state"),
    "location": N_("location"),
    "summary": N_("summary"),
    "threat": N_("threat"),
    "harm": N_("harm"),
    "risk": N_("risk"),
    "investigation": N_("investigation"),
    "vulnerability": N_("vulnerability"),
    "engagement": N_("engagement"),
}


def _word(words: dict[str, str], key: str) -> str:
    """``key`` in words, or as it is when it has none (a newer file's key)."""
    found = words.get(key)
    return _(found) if found else key


class _Document(CordonPdf):
    def __init__(self, doc: dict[str, Any]) -> None:
        super().__init__(exercise=bool(doc["exercise"]))
        self.doc = doc
        mark = f"{printed_word()} " if doc["exercise"] else ""
        self.set_title(mark + _("Report from the public {reference}").format(
            reference=doc["reference"]
        ))  # fmt: skip
        self.set_subject(doc["reference"])
        # The disclosure entry, where a verifier finds it (``console.reports.export``).
        given = doc["disclosure"]
        self.set_keywords(f"{DISCLOSED_IN} {given['audit_seq']} {given['audit_hash']}")

    def footer(self) -> None:
        given = self.doc["disclosure"]
        mark = f"{printed_word()} · " if self.doc["exercise"] else ""
        self.footer_line(
            mark
            + _("{reference} · disclosed to {to} · audit entry {seq} · page {page}/{nb}").format(
                reference=self.doc["reference"],
                to=given["to"],
                seq=given["audit_seq"],
                page=self.page_no(),
                nb="{nb}",
            )
        )


def _state_text(state: str) -> str:
    """The report's state in words, lower case as the line reads (``answered``)."""
    words = ReportState(state).label
    return words[:1].lower() + words[1:]


def _clock_text(clock: dict[str, Any]) -> str:
    due = local_text(clock["due_utc"])
    allowed = duration_text(clock["allowed_minutes"] * 60)
    if clock["stopped_utc"]:
        stopped = local_text(clock["stopped_utc"])
        if clock["seconds_left"] > 0:
            words = _("{allowed}, due {due}; stopped {stopped} (in time)")
        else:
            words = _("{allowed}, due {due}; stopped {stopped} (late)")
        return words.format(allowed=allowed, due=due, stopped=stopped)
    running = {
        "ok": _("{allowed}, due {due}; ok when exported"),
        "amber": _("{allowed}, due {due}; amber when exported"),
        "red": _("{allowed}, due {due}; red when exported"),
    }
    return running[clock["state"]].format(allowed=allowed, due=due)


def _item_heading(item: dict[str, Any]) -> str:
    author = item["author"]
    who = f"{author['name']} ({author['handle']})" if author["name"] else author["handle"]
    return _("{position}. {kind} on {channel} ({network}) from {who}").format(
        position=item["position"],
        kind=_word(_KINDS, item["kind"]),
        channel=item["channel"]["name"],
        network=item["channel"]["network"],
        who=who,
    )


def _changed_text(version: dict[str, Any]) -> str:
    if version["version"] == 1:
        return _("recorded")
    return ", ".join(sorted(_word(_FIELDS, field) for field in version["changes"]))


def _reason_text(version: dict[str, Any]) -> str:
    """An officer's reason as written; the first version's, which Cordon wrote, in
    the reader's language."""
    if version["version"] == 1 and version["reason"] == RECORDED_REASON:
        return _(RECORDED_REASON)
    return str(version["reason"])


def render(doc: dict[str, Any]) -> bytes:
    pdf = _Document(doc)
    pdf.add_page()
    pdf.heading(_("Report from the public: {reference}").format(reference=doc["reference"]), 16)
    pdf.pair(_("Reference"), doc["reference"])
    pdf.pair(_("State"), _state_text(doc["state"]))
    pdf.pair(_("Category"), Category(doc["category"]).label)
    pdf.pair(_("Grade"), Grade(doc["grade"]).label)
    pdf.pair(_("Response clock"), _clock_text(doc["clock"]))
    pdf.pair(_("Location"), doc["location"])
    pdf.pair(
        _("Recorded"),
        _("{when} by {who}").format(when=local_text(doc["created_utc"]), who=doc["created_by"]),
    )
    pdf.pair(_("Version"), str(doc["version"]))
    pdf.pair(_("Summary"), doc["summary"])

    pdf.heading(_("THRIVE assessment"))
    pdf.grid(
        (42, 148),
        (_("Part"), _("Assessment")),
        [(_word(THRIVE_LABELS, part), text) for part, text in doc["thrive"].items()],
    )

    pdf.heading(_("What the public sent (as received)"))
    for item in doc["items"]:
        pdf.set_font(pdf.family, "B", 9)
        pdf.multi_cell(
            0, 5.5, pdf.text_of(_item_heading(item)), new_x="LMARGIN", new_y="NEXT"
        )  # fmt: skip
        pdf.set_font(pdf.family, "", 9)
        pdf.pair(_("Sent"), local_text(item["created_utc"]))
        pdf.pair(_("Received"), local_text(item["received_utc"]))
        pdf.pair(_("Text"), item["text"])
        pdf.pair(_("Link"), item["url"])
        if item["links"]:
            pdf.pair(_("Links in it"), "\n".join(item["links"]))
        if item["media"]:
            pdf.pair(_("Media"), "\n".join(item["media"]))
        pdf.ln(1)

    pdf.heading(_("History of the report"))
    pdf.grid(
        (12, 32, 24, 50, 72),
        (_("No."), _("When"), _("Who"), _("Why"), _("What changed")),
        [
            (
                str(v["version"]),
                local_text(v["at_utc"], compact=True),
                v["by"],
                _reason_text(v),
                _changed_text(v),
            )
            for v in doc["versions"]
        ],
    )
    given = doc["disclosure"]
    pdf.ln(3)
    pdf.set_font(pdf.family, "", 8)
    pdf.multi_cell(
        0,
        4.5,
        pdf.text_of(
            _(
                "Disclosed to {to} by {by} on {when} because: {reason}. Recorded in Cordon's "
                "audit trail as entry {seq} (hash {hash}) of store {store}. The JSON export "
                "of the same report carries each item's raw data as received."
            ).format(
                to=given["to"],
                by=given["by"],
                when=local_text(given["at_utc"]),
                reason=given["reason"],
                seq=given["audit_seq"],
                hash=given["audit_hash"],
                store=doc["store_id"],
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.alias_nb_pages()
    return bytes(pdf.output())
