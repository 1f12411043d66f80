"""The incident report as a PDF (the shared document: ``console.pdf_base``), in the
officer's language: every heading, label and sentence passes through ``_()``, so an
English report reads as it always has and a Welsh one is wholly Welsh, its exercise
marking too (YMARFER, as the window's banner; ``console.marking.printed_mark``).
The CSV and JSON exports keep the stable English marker for the programs that read
them (``report.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.marking import printed_word
from console.pdf_base import CordonPdf
from console.timezone import local_text
from incident.report import mode_words
from storage.i18n import N_, _
from storage.stored_words import shown

if TYPE_CHECKING:
    from incident.report import Report

# A pull-back's state in words (``storage.pullbacks`` keeps the key).
_PULL_BACK_STATES = {"pulling": N_("pulling"), "pulled": N_("pulled"), "failed": N_("failed")}


def _pull_back_state(state: str) -> str:
    words = _PULL_BACK_STATES.get(state)
    return _(words) if words else state


class _Document(CordonPdf):
    def __init__(self, report: Report) -> None:
        super().__init__(exercise=report.exercise)
        self.report = report
        self.set_title(_("Incident report: {title}").format(title=report.incident.title))

    def footer(self) -> None:
        cp = self.report.checkpoint
        mark = f"{printed_word()} · " if self.report.exercise else ""
        self.footer_line(
            mark
            + _(
                "Audit checkpoint: store {store}, entry {seq}, hash {hash} · page {page}/{nb}"
            ).format(store=cp.store_id, seq=cp.seq, hash=cp.hash, page=self.page_no(), nb="{nb}")
        )


def render(report: Report) -> bytes:
    doc = _Document(report)
    incident = report.incident
    doc.add_page()
    doc.heading(_("Incident report: {title}").format(title=incident.title), 16)
    doc.pair(_("Reference"), incident.reference)
    doc.pair(_("Gold commander"), incident.gold_commander)
    doc.pair(_("Reason"), incident.reason)
    doc.pair(
        _("Engaged"),
        _("{when} by {who}").format(when=local_text(incident.engaged_utc), who=incident.engaged_by),
    )
    if incident.stood_down_utc:
        doc.pair(
            _("Stood down"),
            _("{when} by {who}").format(
                when=local_text(incident.stood_down_utc), who=incident.stood_down_by
            ),
        )
    else:
        doc.pair(_("Stood down"), _("not yet: the incident is still running"))
    doc.pair(_("Mode"), mode_words(incident.mode.value))
    doc.pair(_("Scope"), report.scope)
    c = report.counts
    doc.pair(
        _("Held posts"),
        _("{held} still held, {released} released, {cancelled} cancelled").format(
            held=c.held, released=c.released, cancelled=c.cancelled
        ),
    )
    doc.pair(
        _("Holding statements"),
        _("{sent} sent, {waiting} waiting, {failed} failed").format(
            sent=c.statements_sent, waiting=c.statements_waiting, failed=c.statements_failed
        ),
    )

    doc.heading(_("Holding statements"))
    if report.statements:
        doc.grid(
            (30, 18, 80, 62),
            (_("Channel"), _("Status"), _("Text"), _("Link")),
            [(r.channel, r.status.label, r.text, r.remote_url) for r in report.statements],
        )
    else:
        doc.multi_cell(0, 5, _("None were sent."), new_x="LMARGIN", new_y="NEXT")

    if report.in_flight:
        doc.heading(_("Already sending when incident mode started"))
        doc.grid(
            (30, 18, 80, 62),
            (_("Channel"), _("Outcome"), _("Text"), _("Link")),
            [(r.channel, r.status.label, r.text, r.remote_url) for r in report.in_flight],
        )

    if report.pulled_back:
        doc.heading(_("Pulled back from the networks' own schedulers"))
        doc.grid(
            (30, 30, 80, 50),
            (_("Channel"), _("Was due"), _("Text"), _("Result")),
            [
                (p.channel, local_text(p.scheduled_utc, compact=True) if p.scheduled_utc else "-",
                 p.text, _pull_back_state(p.state) + (f": {shown(p.last_error)}" if p.last_error
                                                      else ""))
                for p in report.pulled_back
            ],
        )  # fmt: skip

    doc.heading(_("Timeline"))
    doc.grid(
        (26, 22, 88, 54),
        (_("Time"), _("Who"), _("What"), _("Why / link")),
        [
            (
                local_text(line.at_utc, compact=True),
                line.actor,
                line.what,
                "\n".join(part for part in (line.why, line.link) if part),
            )
            for line in report.timeline
        ],
    )
    doc.ln(3)
    doc.set_font(doc.family, "", 8)
    cp = report.checkpoint
    doc.multi_cell(
        0,
        4.5,
        doc.text_of(
            _(
                "Made {when} from the store's audit trail up to entry {seq}. To check this "
                "report against the store later, verify the audit trail against this "
                "checkpoint: store {store}, entry {seq}, hash {hash}."
            ).format(when=local_text(cp.at_utc), seq=cp.seq, store=cp.store_id, hash=cp.hash)
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.alias_nb_pages()
    return bytes(doc.output())
