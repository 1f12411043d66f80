"""A stand-in screen for the incident room's wall: what gold command needs at a
glance, in type readable across the room. It shows what it is given
(``show``) and calls no service; the main window feeds it each second."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.marking import printed_mark, title_suffix
from storage.incidents import Counts, Incident
from storage.records import IncidentMode


class WallDisplay(QWidget):
    def __init__(self, exercise: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wallDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("Cordon — wall display") + (title_suffix() if exercise else ""))
        self.resize(1280, 720)
        self._exercise = exercise
        band = QWidget(self)
        band.setObjectName("wallBand")
        band.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The band says the mode alone (wrapping on a narrow screen); how long ago it
        # was engaged goes under the incident's name: the wall never outgrows its screen.
        self.mode = QLabel(band)
        self.mode.setWordWrap(True)
        self.since = QLabel(self)
        self.since.setObjectName("wallSince")
        row = QHBoxLayout(band)
        row.setContentsMargins(24, 12, 24, 12)
        row.addWidget(self.mode, 1)
        self.title = QLabel(self)
        self.title.setObjectName("wallTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("wallCaption")
        self.detail.setWordWrap(True)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, (key, caption) in enumerate(
            (
                ("held", self.tr("held")),
                ("released", self.tr("released")),
                ("cancelled", self.tr("cancelled")),
                ("sent", self.tr("statements sent")),
            )
        ):
            figure = QLabel("0", self)
            figure.setObjectName("wallFigure")
            figure.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel(caption, self)
            label.setObjectName("wallCaption")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(figure, 0, column)
            grid.addWidget(label, 1, column)
            self.figures[key] = figure
        self.next_update = QLabel(self)
        self.next_update.setObjectName("wallNext")
        self.next_update.setWordWrap(True)  # never wider than the wall's screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 24)
        layout.addWidget(band)
        body = QVBoxLayout()
        body.setContentsMargins(32, 16, 32, 0)
        body.addWidget(self.title)
        body.addWidget(self.since)
        body.addWidget(self.detail)
        body.addSpacing(24)
        body.addLayout(grid)
        body.addSpacing(24)
        body.addWidget(self.next_update)
        body.addStretch(1)
        layout.addLayout(body, 1)
        full = QShortcut(QKeySequence("F11"), self)
        full.activated.connect(self._toggle_full_screen)
        QShortcut(QKeySequence("Escape"), self).activated.connect(self.showNormal)

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_state(
        self,
        incident: Incident | None,
        counts: Counts,
        since: str,
        next_update: str,
        due: bool,
        locked: bool,
    ) -> None:
        prefix = printed_mark() + " · " if self._exercise else ""
        if incident is None:
            self.mode.setText(prefix + self.tr("No incident engaged"))
            self.since.clear()
            self.title.setText(self.tr("Normal operations"))
            self.detail.clear()
            self.next_update.clear()
            for figure in self.figures.values():
                figure.setText("–")
            return
        self.mode.setText(prefix + self.tr("INCIDENT MODE"))
        self.since.setText(since)  # "engaged 12 min ago"
        if locked:  # nothing of the store while the console is locked
            self.title.setText(self.tr("Console locked"))
            self.detail.clear()
            self.next_update.clear()
            for figure in self.figures.values():
                figure.setText("–")
            return
        self.title.setText(incident.title)
        self.detail.setText(
            " · ".join(
                part
                for part in (
                    incident.reference,
                    self.tr("Gold: {name}").format(name=incident.gold_commander)
                    if incident.gold_commander
                    else "",
                    self.tr("Suspended until gold decides")
                    if incident.mode is IncidentMode.SUSPEND
                    else self.tr("Approvers release held posts one by one"),
                )
                if part
            )
        )
        self.figures["held"].setText(str(counts.held))
        self.figures["released"].setText(str(counts.released))
        self.figures["cancelled"].setText(str(counts.cancelled))
        self.figures["sent"].setText(str(counts.statements_sent))
        self.next_update.setText(next_update)
        self.next_update.setProperty("due", "true" if due else "false")
        self.next_update.style().unpolish(self.next_update)
        self.next_update.style().polish(self.next_update)
