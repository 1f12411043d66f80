"""The composer's parts: each image as a thumbnail with its alt text, and the text
as each chosen channel will carry it.

``ImageStrip`` keeps every image added, with its own alt text field; a missing alt
text marks that field (the image stays), and the mark clears once it is written.
``channel_preview`` renders one channel's text as its network will count it: the
part past the limit struck out in red (where the network would cut or refuse it),
links underlined, the count and the limit.

Signals (``ImageStrip``): ``changed()``: an image or an alt text changed.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.networks import MASTODON, STRICTEST, TextRule, X, network
from storage.i18n import _

THUMBNAIL = 56
LINK = re.compile(r"(?:https?://|www\.)\S+")


class ImageRow(QWidget):
    """One image: its thumbnail, its name, its alt text field and a Remove button."""

    def __init__(self, name: str, data: bytes, alt: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = name
        self.data = data
        self.thumbnail = QLabel(self)
        self.thumbnail.setFixedSize(THUMBNAIL, THUMBNAIL)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setObjectName("thumbnail")
        picture = QPixmap()
        if picture.loadFromData(data):
            self.thumbnail.setPixmap(
                picture.scaled(
                    THUMBNAIL,
                    THUMBNAIL,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.setText("?")
        self.thumbnail.setToolTip(name)
        self.alt = QLineEdit(alt, self)
        self.alt.setPlaceholderText(self.tr("Alt text: describe {name} for people who cannot "
                                            "see it").format(name=name))  # fmt: skip
        self.alt.setAccessibleName(self.tr("Alt text of {name}").format(name=name))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        label = QLabel(name, self)
        label.setObjectName("fieldHint")
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(label)
        column.addWidget(self.alt)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.thumbnail)
        row.addLayout(column, 1)
        row.addWidget(self.remove_button)

    def mark(self, missing: bool) -> None:
        if (self.alt.property("missing") == "true") != missing:
            self.alt.setProperty("missing", "true" if missing else "false")
            self.alt.style().unpolish(self.alt)
            self.alt.style().polish(self.alt)


class ImageStrip(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ImageRow] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self.marking = False  # set once the officer tried to go with an alt text missing

    def add(self, name: str, data: bytes, alt: str = "") -> ImageRow:
        row = ImageRow(name, data, alt, self)
        row.alt.textChanged.connect(lambda _t: self._alt_changed())
        row.remove_button.clicked.connect(lambda: self.remove(row))
        self.rows.append(row)
        self._column.addWidget(row)
        self._alt_changed()
        return row

    def remove(self, row: ImageRow) -> None:
        self.rows.remove(row)
        self._column.removeWidget(row)
        row.deleteLater()
        self._alt_changed()

    def images(self) -> list[tuple[str, bytes, str]]:
        return [(row.name, row.data, row.alt.text().strip()) for row in self.rows]

    def missing_alt(self) -> list[ImageRow]:
        return [row for row in self.rows if not row.alt.text().strip()]

    def mark_missing(self) -> bool:
        """Mark every alt text field still empty (they stay marked until written);
        True if one is."""
        self.marking = True
        self._alt_changed()
        return bool(self.missing_alt())

    def _alt_changed(self) -> None:
        for row in self.rows:
            row.mark(self.marking and not row.alt.text().strip())
        self.changed.emit()


def cut_at(rule: TextRule, text: str) -> int:
    """How much of ``text`` (in characters) fits ``rule``'s limit."""
    if rule.count(text) <= rule.limit:
        return len(text)
    low, high = 0, len(text)
    while low < high:  # the longest prefix that still fits
        middle = (low + high + 1) // 2
        if rule.count(text[:middle]) <= rule.limit:
            low = middle
        else:
            high = middle - 1
    return low


def _marked(text: str) -> str:
    """``text`` as HTML, links underlined."""
    parts, last = [], 0
    for found in LINK.finditer(text):
        parts.append(html.escape(text[last : found.start()]))
        parts.append(f"<u style='color:#1d4ed8'>{html.escape(found.group())}</u>")
        last = found.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def channel_preview(name: str, key: str, rule: TextRule, text: str) -> str:
    """One channel's block of the preview, as HTML."""
    spec = network(key)
    used = rule.count(text)
    cut = cut_at(rule, text)
    colour = "#b00020" if used > rule.limit else "#1f6f43"
    kept = _marked(text[:cut]).replace("\n", "<br>")
    lost = html.escape(text[cut:]).replace("\n", "<br>")
    over = f"<span style='color:#b00020;text-decoration:line-through'>{lost}</span>" if lost else ""
    shortened = rule.counting in (X, MASTODON, STRICTEST)  # links count as a fixed length
    links = (
        " · "
        + QCoreApplication.translate("Composer", "each link counts as {n}").format(
            n=rule.url_length
        )
        if shortened and LINK.search(text)
        else ""
    )
    counted = QCoreApplication.translate("Composer", "{used} of {limit} {unit}").format(
        used=used, limit=rule.limit, unit=_(spec.unit)
    )
    return (
        f"<p style='margin:0 0 2px 0'><b>{html.escape(name)}</b> ({html.escape(spec.label)})"
        f" · <span style='color:{colour}'>{counted}</span>{links}</p>"
        f"<p style='margin:0 0 10px 0'>{kept}{over}</p>"
    )
