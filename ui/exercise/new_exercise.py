"""The dialog that sets up a training exercise: a scenario (one shipped with Cordon
or a file), where the new exercise store goes, and the trainer who runs it.

The scenario is checked as soon as it is chosen, so a file with a mistake is
refused with its line and the problem before anything is made. Creating the store
derives the trainer's key in a worker thread (about half a second) while the dialog
says what it is doing.

Signals: ``created(object, str, str)``: the new store's path, the trainer's user
name and password, so the caller can sign the trainer straight in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from console.passwords import password_problem
from console.paths import STORE_SUFFIX, data_dir
from incident.exercise.scenario import Scenario
from incident.exercise.scenario_file import ScenarioError, load_scenario, shipped_scenarios
from incident.exercise.service import create_exercise
from storage.errors import StoreError
from storage.keyslots import KdfParams
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks


def _file_stem(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "-".join(words[:5]) or "exercise"


class NewExerciseDialog(QDialog):
    created = Signal(object, str, str)

    def __init__(
        self,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        """``folder``: where the store goes by default; ``kdf``: the key derivation's
        cost (None: benchmarked on this machine; tests pass the cheapest)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("New training exercise — EXERCISE"))
        self.setMinimumWidth(680)
        self._tasks = tasks
        self._kdf = kdf
        self._folder = folder or data_dir()
        self._path_edited = False
        self.scenario: Scenario | None = None
        self.scenario_path: Path | None = None

        intro = QLabel(
            self.tr(
                "An exercise store plays a scenario on simulated channels on this computer "
                "only: it can never reach a live account. You will be its trainer: you run "
                "the exercise clock and add the team."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.scenario_box = QComboBox(self)
        self.scenario_box.setAccessibleName(self.tr("Scenario"))
        self._shipped: list[Path] = []
        for path in shipped_scenarios():
            try:
                title = load_scenario(path).title
            except ScenarioError:
                continue  # a broken shipped file is a bug the scenario tests catch
            self._shipped.append(path)
            self.scenario_box.addItem(title, str(path))
        self.scenario_box.addItem(self.tr("A scenario file…"), "")
        self.browse_button = QPushButton(self.tr("&Choose…"), self)
        self.browse_button.clicked.connect(self.choose_file)
        scenario_row = QHBoxLayout()
        scenario_row.addWidget(self.scenario_box, 1)
        scenario_row.addWidget(self.browse_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("scenarioSummary")
        self.summary.setWordWrap(True)

        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("Exercise store file"))
        self.path_edit.textEdited.connect(self._path_typed)
        self.user_edit = QLineEdit("trainer", self)
        self.user_edit.setAccessibleName(self.tr("Trainer's user name"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(self.tr("Password again"))
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("C&reate the exercise"))

        form = QFormLayout(self)
        form.addRow(intro)
        scenario_label = QLabel(self.tr("&Scenario"), self)
        scenario_label.setBuddy(self.scenario_box)
        form.addRow(scenario_label, scenario_row)
        form.addRow("", self.summary)
        form.addRow(self.tr("Store &file"), self.path_edit)
        form.addRow(self.tr("&Trainer"), self.user_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        form.addRow(self.tr("&Again"), self.confirm_edit)
        form.addRow(self.busy)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)
        self.scenario_box.activated.connect(self._scenario_chosen)
        if self._shipped:
            self.use_scenario(self._shipped[0])
        else:
            self.create_button.setEnabled(False)
            self.summary.setText(self.tr("Choose a scenario file (TOML)."))

    # -- the scenario ---------------------------------------------------------------------

    def _scenario_chosen(self, index: int) -> None:
        data = self.scenario_box.itemData(index)
        if data:
            self.use_scenario(Path(str(data)))
        else:
            self.choose_file()

    def choose_file(self) -> None:
        async def choose() -> None:
            path = await PROMPTS.open_path(
                self,
                self.tr("Choose a scenario"),
                self.scenario_path.parent if self.scenario_path else Path.home(),
                self.tr("Scenarios (*.toml);;All files (*)"),
            )
            if path is not None:
                self.use_scenario(path)
            elif self.scenario_path is None and self._shipped:
                self.scenario_box.setCurrentIndex(0)

        self._tasks.spawn(choose(), error=self.message.setText)

    def use_scenario(self, path: Path) -> None:
        """Check the scenario at ``path``; show its summary, or its mistake."""
        try:
            scenario = load_scenario(path)
        except (ScenarioError, OSError) as error:
            self.scenario, self.scenario_path = None, None
            self.summary.setText("")
            self.message.setText(
                str(error) if isinstance(error, ScenarioError)
                else self.tr("Cannot read {file}: {why}").format(file=path, why=error.strerror)
            )  # fmt: skip
            self.create_button.setEnabled(False)
            return
        self.scenario, self.scenario_path = scenario, path
        shipped = path in self._shipped
        if not shipped:
            if self.scenario_box.itemData(self.scenario_box.currentIndex()):
                self.scenario_box.blockSignals(True)
                self.scenario_box.setCurrentIndex(self.scenario_box.count() - 1)
                self.scenario_box.blockSignals(False)
            self.scenario_box.setItemText(self.scenario_box.count() - 1, f"{path.name}")
        injects = len(scenario.injects)
        hours = scenario.duration.total_seconds() / 3600
        self.summary.setText(
            self.tr(
                "{title}\n{force}, {area}. {summary}\n"
                "{channels} channels · {injects} injects · {hours:g} hours of exercise time"
            ).format(
                title=scenario.title,
                force=scenario.force,
                area=scenario.area,
                summary=scenario.summary,
                channels=len(scenario.channels),
                injects=injects,
                hours=round(hours, 1),
            )
        )
        self.message.setText("")
        self.create_button.setEnabled(True)
        self.adjustSize()  # the summary's wrapped lines need their height
        if not self._path_edited:
            name = f"{_file_stem(scenario.title)}{STORE_SUFFIX}"
            self.path_edit.setText(str(self._folder / name))

    def _path_typed(self, _text: str) -> None:
        self._path_edited = True

    # -- creating --------------------------------------------------------------------------

    def attempt(self) -> None:
        if self.scenario_path is None:
            self.message.setText(self.tr("Choose a scenario first."))
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not self.path_edit.text().strip():
            self.message.setText(self.tr("Say where the exercise store goes."))
            return
        if not user:
            self.message.setText(self.tr("Give the trainer's user name: you will sign in with it."))
            return
        if password != self.confirm_edit.text():
            self.message.setText(self.tr("The two passwords differ: type them again."))
            return
        if problem := password_problem(password):
            self.message.setText(problem)
            return
        if path.suffix != STORE_SUFFIX:
            path = path.with_name(path.name + STORE_SUFFIX)
        if path.exists():
            self.message.setText(
                self.tr("There is already a store at {path}: choose another file name.").format(
                    path=path
                )
            )
            return
        scenario = self.scenario_path
        self._set_busy(True)
        self.message.setText(self.tr("Creating the exercise store…"))

        async def create() -> Path:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                return await create_exercise(path, scenario, user, password, kdf=self._kdf)
            except ScenarioError as error:  # the file changed since it was checked
                raise StoreError(str(error)) from None

        def done(created_path: Path) -> None:
            self._set_busy(False)
            self.password_edit.clear()
            self.confirm_edit.clear()
            self.created.emit(created_path, user, password)
            self.accept()

        def failed(sentence: str) -> None:
            self._set_busy(False)
            self.message.setText(sentence)

        self._tasks.spawn(create(), done=done, error=failed)

    def reject(self) -> None:
        """Esc or the window's close while the exercise store is being made does
        nothing: it would be made and signed in to all the same."""
        if self.busy.isVisible():
            return
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)
        for edit in (self.path_edit, self.user_edit, self.password_edit, self.confirm_edit):
            edit.setEnabled(not busy)
