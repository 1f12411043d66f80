"""Forms for managing users: a new user, a new password, roles.

Each checks what it can before it closes (passwords match and are strong enough,
at least one role, a reason) and returns its answer; the core still checks every
rule when the answer is acted on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from console.passwords import password_problem
from console.users import display_name_problem, name_problem
from storage.records import Role


@dataclass(frozen=True)
class NewUser:
    name: str
    display_name: str
    password: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class NewPassword:
    password: str
    reason: str
    current: str = ""


@dataclass(frozen=True)
class RoleChange:
    roles: frozenset[Role]
    reason: str


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout(self)
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow(self.message)
        self.form.addRow(self.buttons)

    def password_pair(self) -> tuple[QLineEdit, QLineEdit]:
        first, second = QLineEdit(self), QLineEdit(self)
        for edit in (first, second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return first, second

    def role_boxes(self, current: frozenset[Role] = frozenset()) -> dict[Role, QCheckBox]:
        boxes = {}
        for role in Role:
            box = QCheckBox(role.label, self)
            box.setChecked(role in current)
            boxes[role] = box
            self.form.addRow("" if boxes.keys() - {role} else self.tr("Roles"), box)
        return boxes

    def problem(self) -> str | None:
        return None

    def _accept_if_valid(self) -> None:
        if sentence := self.problem():
            self.message.setText(sentence)
            return
        self.accept()


def _password_problem(first: QLineEdit, second: QLineEdit) -> str | None:
    if first.text() != second.text():
        return QCoreApplication.translate("_Form", "The two passwords differ: type them again.")
    return password_problem(first.text())


class NewUserDialog(_Form):
    """``taken``: the names already in the store, refused before the form closes."""

    def __init__(self, parent: QWidget | None = None, *, taken: Iterable[str] = ()) -> None:
        super().__init__(QCoreApplication.translate("NewUserDialog", "Add a user"), parent)
        self.taken = {name.casefold() for name in taken}
        self.name = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.password, self.again = self.password_pair()
        self.form.addRow(self.tr("User &name"), self.name)
        self.form.addRow(self.tr("&Full name"), self.display_name)
        self.form.addRow(self.tr("&Password"), self.password)
        self.form.addRow(self.tr("&Again"), self.again)
        self.roles = self.role_boxes(frozenset({Role.DUTY_OFFICER}))
        self.finish_layout()

    def problem(self) -> str | None:
        name = self.name.text().strip()
        if problem := name_problem(name) or display_name_problem(self.display_name.text()):
            return problem
        if name.casefold() in self.taken:
            return self.tr("There is already a user called {name}: choose another name.").format(
                name=name
            )
        if not any(box.isChecked() for box in self.roles.values()):
            return self.tr("Give the user at least one role.")
        return _password_problem(self.password, self.again)

    def answer(self) -> NewUser:
        return NewUser(
            name=self.name.text().strip(),
            display_name=self.display_name.text().strip(),
            password=self.password.text(),
            roles=frozenset(r for r, box in self.roles.items() if box.isChecked()),
        )


class NewPasswordDialog(_Form):
    """An administrator's reset (with a reason) or one's own change (with the current);
    ``enabling``: the new password a disabled user comes back with (with a reason)."""

    def __init__(
        self, title: str, own: bool, parent: QWidget | None = None, *, enabling: bool = False
    ) -> None:
        super().__init__(title, parent)
        self.own = own
        self.enabling = enabling
        self.current = QLineEdit(self)
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(self)
        self.password, self.again = self.password_pair()
        if own:
            self.form.addRow(self.tr("&Current password"), self.current)
        else:
            self.form.addRow(self.tr("&Why"), self.reason)
        self.form.addRow(self.tr("&New password"), self.password)
        self.form.addRow(self.tr("&Again"), self.again)
        self.finish_layout()

    def problem(self) -> str | None:
        if self.enabling and not self.reason.text().strip():
            return self.tr("Say why the user is enabled: it goes in the audit trail.")
        if not self.own and not self.reason.text().strip():
            return self.tr("Say why the password is reset: it goes in the audit trail.")
        return _password_problem(self.password, self.again)

    def answer(self) -> NewPassword:
        return NewPassword(
            password=self.password.text(),
            reason=self.reason.text().strip(),
            current=self.current.text(),
        )

    def refused(self, kept: NewPassword, why: str) -> None:
        """Shown again after the core refused ``kept``: what was typed stays but the
        current password (the one found wrong, or to be given again), and says why."""
        self.reason.setText(kept.reason)
        self.password.setText(kept.password)
        self.again.setText(kept.password)
        self.message.setText(why)
        (self.current if self.own else self.reason).setFocus()


class RolesDialog(_Form):
    def __init__(self, name: str, current: frozenset[Role], parent: QWidget | None = None):
        super().__init__(
            QCoreApplication.translate("RolesDialog", "Roles of {name}").format(name=name), parent
        )
        self.roles = self.role_boxes(current)
        self.reason = QLineEdit(self)
        self.form.addRow(self.tr("&Why"), self.reason)
        self.finish_layout()

    def problem(self) -> str | None:
        if not any(box.isChecked() for box in self.roles.values()):
            return self.tr("A user needs at least one role: disable them instead.")
        if not self.reason.text().strip():
            return self.tr("Say why the roles change: it goes in the audit trail.")
        return None

    def answer(self) -> RoleChange:
        return RoleChange(
            roles=frozenset(r for r, box in self.roles.items() if box.isChecked()),
            reason=self.reason.text().strip(),
        )
