"""PySide6 6.12.0 on Python 3.11 drops a reference to True on every Signal.emit and
the process aborts after a few hundred emits (../shared/notes/toolchain.md). This
test emits thousands of times: an upgrade that brings the bug back fails here."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication


class Emitter(QObject):
    changed = Signal(bool)
    counted = Signal(int, str)


def test_emitting_thousands_of_signals_leaves_reference_counts_alone(qapp: QApplication) -> None:
    emitter = Emitter()
    received = [0]

    def count(_value: bool) -> None:  # keeps no reference to the bool it gets
        received[0] += 1

    emitter.changed.connect(count)
    emitter.counted.connect(lambda n, s: None)
    before_true = sys.getrefcount(True)
    before_false = sys.getrefcount(False)
    for number in range(5000):
        emitter.changed.emit(number % 2 == 0)
        emitter.counted.emit(number, "x")
    assert received[0] == 5000
    # A few references may come and go elsewhere; the bug moves it by thousands.
    assert abs(sys.getrefcount(True) - before_true) < 50
    assert abs(sys.getrefcount(False) - before_false) < 50
