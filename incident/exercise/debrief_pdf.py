"""The exercise debrief as a PDF (the shared document: ``console.pdf_base``), with
EXERCISE EXERCISE EXERCISE at the top of every page and in the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.marking import EXERCISE_MARK
from console.pdf_base import CordonPdf

if TYPE_CHECKING:
    from incident.exercise.debrief import Debrief, Statement


class _Document(CordonPdf):
    def __init__(self, debrief: Debrief) -> None:
        super().__init__(exercise=True)  # a debrief only ever comes from an exercise
        self.debrief = debrief
        self.set_title(f"EXERCISE Debrief: {debrief.title}")

    def footer(self) -> None:
        self.footer_line(
            f"{EXERCISE_MARK} · Debrief of {self.debrief.title} · store "
            f"{self.debrief.store_id} · page {self.page_no()}/{{nb}}"
        )


def render(d: Debrief) -> bytes:
    from incident.exercise.debrief_out import duration_text, offset_text, when_text

    doc = _Document(d)
    doc.add_page()
    doc.heading(f"Debrief: {d.title}", 16)
    doc.pair("Exercise", d.state)
    doc.pair("Read at", f"{when_text(d.built_at)} (exercise time; every time here is)")
    answered = sum(1 for i in d.injects if i.picked_up is not None)
    fired = sum(1 for i in d.injects if i.arrived is not None)
    doc.pair("Injects", f"{fired} of {len(d.injects)} arrived, {answered} picked up")

    doc.heading("Incident mode")
    if d.first_sign is None:
        doc.pair("First sign", "no first sign arrived")
    else:
        doc.pair("First sign", f"{when_text(d.first_sign)} ({d.first_sign_inject})")
    if d.engaged is None:
        doc.pair("Engaged", "incident mode was not engaged")
    else:
        doc.pair("Engaged", f"{when_text(d.engaged)} by {d.engaged_by}")
        doc.pair("After the first sign", duration_text(d.engage_delay))
        if d.incident_name:
            doc.pair("Incident", d.incident_name)

    doc.heading("Injects and the team's response")
    doc.grid(
        (14, 24, 52, 30, 26, 18, 26),
        ("At", "Inject", "Summary / expected", "Arrived", "Picked up by", "Took", "Response"),
        [
            (
                offset_text(i.at),
                f"{i.id}\n{i.kind}" + (f"\n{i.channel}" if i.channel else ""),
                i.summary + (f"\nExpected: {i.expect}" if i.expect else ""),
                when_text(i.arrived) if i.arrived else "not yet",
                i.picked_up.actor if i.picked_up else "-",
                duration_text(i.took),
                i.picked_up.what if i.picked_up else "-",
            )
            for i in d.injects
        ],
    )

    doc.heading("Holding statements")
    if d.statements:
        doc.grid(
            (36, 48, 22, 34, 50),
            ("Sent", "Went out", "By", "Template", "Channels"),
            [
                (
                    when_text(s.sent),
                    _went_out_text(s),
                    s.by,
                    s.template,
                    ", ".join(s.channels),
                )
                for s in d.statements
            ],
        )
    else:
        doc.multi_cell(0, 5, "None were sent.", new_x="LMARGIN", new_y="NEXT")

    doc.heading("Posts that went out but should have been held")
    if d.should_have_been_held:
        doc.grid(
            (34, 30, 66, 60),
            ("Went out", "Channel", "Text", "Why"),
            [(when_text(h.at), h.channel, h.text, h.why) for h in d.should_have_been_held],
        )
    else:
        doc.multi_cell(0, 5, "None.", new_x="LMARGIN", new_y="NEXT")

    doc.heading("Reports raised")
    if d.reports:
        doc.grid(
            (30, 34, 22, 34, 34, 36),
            ("Reference", "Raised", "By", "Category", "THRIVE grade", "From injects"),
            [
                (
                    r.reference,
                    when_text(r.at),
                    r.by,
                    r.category,
                    r.grade if r.grade == r.first_grade else f"{r.grade} (first {r.first_grade})",
                    ", ".join(r.injects) or "-",
                )
                for r in d.reports
            ],
        )
    else:
        doc.multi_cell(0, 5, "None were raised.", new_x="LMARGIN", new_y="NEXT")
    doc.alias_nb_pages()
    return bytes(doc.output())


def _went_out_text(s: Statement) -> str:
    """When it went out; what is still to go, and why, under it."""
    from incident.exercise.debrief_out import when_text

    if s.at is None:
        return s.state[:1].upper() + s.state[1:]
    if s.state == "went out":
        return when_text(s.at)
    return f"{when_text(s.at)}\n({s.state})"
