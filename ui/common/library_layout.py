"""The layout two library dialogs share (holding-statement templates, saved replies):
the list with New and Retire under it on the left; the form, a message line and Save
on the right; Close at the foot.

``library_layout`` makes the message label and the Save button (returned for the
dialog to keep and connect) and lays everything out on ``dialog``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def library_layout(
    dialog: QDialog,
    listing: QWidget,
    new_button: QPushButton,
    retire_button: QPushButton,
    form: QFormLayout,
) -> tuple[QLabel, QPushButton]:
    message = QLabel(dialog)
    message.setWordWrap(True)
    save_button = QPushButton(QCoreApplication.translate("LibraryLayout", "&Save"), dialog)
    save_button.setObjectName("primary")
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close.rejected.connect(dialog.reject)

    left = QVBoxLayout()
    left.addWidget(listing, 1)
    buttons = QHBoxLayout()
    buttons.addWidget(new_button)
    buttons.addWidget(retire_button)
    left.addLayout(buttons)
    right = QVBoxLayout()
    right.addLayout(form, 1)
    row = QHBoxLayout()
    row.addWidget(message, 1)
    row.addWidget(save_button)
    right.addLayout(row)
    body = QHBoxLayout()
    body.addLayout(left)
    body.addLayout(right, 1)
    layout = QVBoxLayout(dialog)
    layout.addLayout(body, 1)
    layout.addWidget(close)
    return message, save_button
