"""The exercise debrief as a PDF (the shared document: ``console.pdf_base``), with
EXERCISE EXERCISE EXERCISE at the top of every page and in the footer. Its headings,
labels, sentences and words (the exercise's state, each inject's kind, how long the
team took) are in the officer's language (``_()``), the exercise marking too:
YMARFER in Welsh, as the window's banner (``console.marking.printed_mark``). The
CSV keeps the stable English marker and the scenario's keys (``debrief_out``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.marking import printed_mark, printed_word
from console.pdf_base import CordonPdf
from incident.exercise.scenario import kind_words
from storage.exercises import ClockState
from storage.i18n import _

if TYPE_CHECKING:
    from incident.exercise.debrief import Debrief, Statement


def _clock_state(state: str) -> str:
    """The exercise clock's state (``ClockState``'s key) in words."""
    try:
        return ClockState(state).label
    except ValueError:
        return state


class _Document(CordonPdf):
    def __init__(self, debrief: Debrief) -> None:
        super().__init__(exercise=True)  # a debrief only ever comes from an exercise
        self.debrief = debrief
        self.set_title(f"{printed_word()} " + _("Debrief: {title}").format(title=debrief.title))

    def footer(self) -> None:
        self.footer_line(
            f"{printed_mark()} · "
            + _("Debrief of {title} · store {store} · page {page}/{nb}").format(
                title=self.debrief.title,
                store=self.debrief.store_id,
                page=self.page_no(),
                nb="{nb}",
            )
        )


def render(d: Debrief) -> bytes:
    from incident.exercise.debrief_out import duration_text, offset_text, when_text

    doc = _Document(d)
    doc.add_page()
    doc.heading(_("Debrief: {title}").format(title=d.title), 16)
    doc.pair(_("Exercise"), _clock_state(d.state))
    doc.pair(
        _("Read at"),
        _("{when} (exercise time; every time here is)").format(when=when_text(d.built_at)),
    )
    answered = sum(1 for i in d.injects if i.picked_up is not None)
    fired = sum(1 for i in d.injects if i.arrived is not None)
    doc.pair(
        _("Injects"),
        _("{fired} of {total} arrived, {answered} picked up").format(
            fired=fired, total=len(d.injects), answered=answered
        ),
    )

    doc.heading(_("Incident mode"))
    if d.first_sign is None:
        doc.pair(_("First sign"), _("no first sign arrived"))
    else:
        doc.pair(
            _("First sign"),
            _("{when} ({inject})").format(when=when_text(d.first_sign), inject=d.first_sign_inject),
        )
    if d.engaged is None:
        doc.pair(_("Engaged"), _("incident mode was not engaged"))
    else:
        doc.pair(
            _("Engaged"), _("{when} by {who}").format(when=when_text(d.engaged), who=d.engaged_by)
        )
        doc.pair(_("After the first sign"), duration_text(d.engage_delay))
        if d.incident_name:
            doc.pair(_("Incident"), d.incident_name)

    doc.heading(_("Injects and the team's response"))
    doc.grid(
        (16, 26, 48, 28, 22, 22, 28),
        (
            _("At"),
            _("Inject"),
            _("Summary / expected"),
            _("Arrived"),
            _("Picked up by"),
            _("Took"),
            _("Response"),
        ),
        [
            (
                offset_text(i.at),
                f"{i.id}\n{kind_words(i.kind)}" + (f"\n{i.channel}" if i.channel else ""),
                i.summary
                + ("\n" + _("Expected: {expect}").format(expect=i.expect) if i.expect else ""),
                when_text(i.arrived) if i.arrived else _("not yet"),
                i.picked_up.actor if i.picked_up else "-",
                duration_text(i.took),
                i.picked_up.what if i.picked_up else "-",
            )
            for i in d.injects
        ],
    )

    doc.heading(_("Holding statements"))
    if d.statements:
        doc.grid(
            (36, 48, 22, 34, 50),
            (_("Sent"), _("Went out"), _("By"), _("Template"), _("Channels")),
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
        doc.multi_cell(0, 5, _("None were sent."), new_x="LMARGIN", new_y="NEXT")

    doc.heading(_("Posts that went out but should have been held"))
    if d.should_have_been_held:
        doc.grid(
            (34, 30, 66, 60),
            (_("Went out"), _("Channel"), _("Text"), _("Why")),
            [(when_text(h.at), h.channel, h.text, h.why) for h in d.should_have_been_held],
        )
    else:
        doc.multi_cell(0, 5, _("None."), new_x="LMARGIN", new_y="NEXT")

    doc.heading(_("Reports raised"))
    if d.reports:
        doc.grid(
            (34, 32, 20, 34, 34, 36),
            (
                _("Reference"),
                _("Raised"),
                _("By"),
                _("Category"),
                _("THRIVE grade"),
                _("From injects"),
            ),
            [
                (
                    r.reference,
                    when_text(r.at),
                    r.by,
                    r.category,
                    r.grade
                    if r.grade == r.first_grade
                    else _("{grade} (first {first})").format(grade=r.grade, first=r.first_grade),
                    ", ".join(r.injects) or "-",
                )
                for r in d.reports
            ],
        )
    else:
        doc.multi_cell(0, 5, _("None were raised."), new_x="LMARGIN", new_y="NEXT")
    doc.alias_nb_pages()
    return bytes(doc.output())


def _went_out_text(s: Statement) -> str:
    """When it went out; what is still to go, and why, under it."""
    from incident.exercise.debrief import WENT_OUT
    from incident.exercise.debrief_out import when_text

    if s.at is None:
        return s.state[:1].upper() + s.state[1:]
    if s.state == _(WENT_OUT):  # the debrief was read in the language it is drawn in
        return when_text(s.at)
    return f"{when_text(s.at)}\n({s.state})"
