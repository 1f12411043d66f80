"""Cycles holding Qt objects are freed on the GUI thread, not on a worker thread that
happened to allocate when the collector's threshold was crossed."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui.common.gc_on_gui_thread import GuiThreadCollector


def test_a_cycle_holding_a_qt_object_is_freed_on_the_gui_thread(
    qapp: QApplication, gc_on_gui_thread: GuiThreadCollector
) -> None:
    assert not gc.isenabled()  # the automatic collector is off while the window runs
    freed_on: list[int] = []

    class Holder:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it
            self.timer = QTimer()
            self.timer.start(60_000)  # a live timer: freed on another thread, Qt warns

    weakref.finalize(Holder(), lambda: freed_on.append(threading.get_ident()))
    gui_thread = threading.get_ident()

    def allocate() -> None:  # enough to cross every threshold, on a worker thread
        junk: list[Any] = []
        for _ in range(200_000):
            cycle: list[Any] = []
            cycle.append(cycle)
            junk.append(cycle)

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert freed_on == []  # nothing was collected on the worker thread

    while gc_on_gui_thread.collect_due():
        pass
    gc.collect()  # whatever was left below the thresholds
    assert freed_on == [gui_thread]


def test_stopping_collects_and_turns_the_automatic_collector_back_on(qapp: QApplication) -> None:
    was = gc.isenabled()
    collector = GuiThreadCollector()
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    if not was:
        gc.disable()  # the package's collector is still running
    collector.deleteLater()
