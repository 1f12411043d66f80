"""The engine service plays an exercise in a process of its own, which may speak
another language than the trainer's window (a Welsh console, an English engine, or
the other way round). What it refuses is kept in English, and the window reads it in
its own language. One process here stands for both: the language is switched to
stand for the other side."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

import incident.exercise.runner  # noqa: F401  (the jump's handler and the runner, beside the engine)
from console import service as engine_service
from console import users as user_admin
from console.engine import Engine
from console.engine_health import EngineLevel, assess
from console.service import EngineService
from incident.exercise import service
from incident.exercise.runner import runner_for
from storage import i18n
from storage.engine_service import RequestKind, RequestState
from storage.errors import StoreError
from storage.lifecycle import open_store
from storage.records import Role
from storage.stored_words import english, shown
from storage.timeutil import system_clock
from tests.exercise.conftest import SMALL, TRAINER, trainer_session
from tests.helpers import FAST_KDF, PASSWORD

pytestmark = pytest.mark.asyncio


async def _exercise(tmp_path: Path) -> Path:
    return await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )


async def test_a_jump_the_engine_refuses_reads_in_the_windows_language(
    tmp_path: Path, welsh: None
) -> None:
    path = await _exercise(tmp_path)
    engine_store, _user = await open_store(path, TRAINER, PASSWORD)
    engine = EngineService(engine_store)  # a Welsh engine
    await engine.start()
    trainer = await trainer_session(path)
    try:
        assert engine.companions  # the runner plays beside it
        await service.start(trainer)
        # Past the end (the window would refuse this itself; asked straight of the engine).
        asked = await engine_service.ask(
            trainer.store, RequestKind.JUMP, TRAINER, {"seconds": 4 * 3600}
        )
        done = await engine_service.wait_for(trainer.store, asked, 20)
        assert done.state is RequestState.FAILED
        assert done.result == "The exercise lasts 3h: jump to a time within it."
        assert shown(done.result) == "Mae'r ymarfer yn para 3h: neidiwch i amser o'i fewn."

        # The trainer's role taken away after the window signed in: the window still
        # lets them ask, and the engine, reading the store, refuses the jump.
        await user_admin.set_roles(trainer, TRAINER, [Role.ADMINISTRATOR], reason="test")
        with pytest.raises(StoreError) as refused:
            await service.jump(trainer, timedelta(minutes=30))
        kept = (
            "Controlling an exercise (its clock and injects) needs the Trainer role;"
            " you hold Administrator."
        )
        assert refused.value.english == kept  # the request's answer, as stored
        assert str(refused.value) == (
            "Mae Rheoli ymarfer (ei gloc a'i fewnbynnau) angen rôl Hyfforddwr;"
            " mae gennych chi Gweinyddwr."
        )
        # An English window reads the same answers in English.
        i18n.use(i18n.ENGLISH)
        assert shown(done.result) == done.result
        assert shown(refused.value.english) == kept

        # And an English engine's refusal reads in Welsh.
        asked = await engine_service.ask(trainer.store, RequestKind.JUMP, TRAINER, {"seconds": 600})
        done = await engine_service.wait_for(trainer.store, asked, 20)
        assert done.result == kept
        i18n.use(i18n.WELSH)
        assert shown(done.result) == str(refused.value)
    finally:
        await engine.stop()
        await engine_store.close()
        await trainer.store.close()


async def test_an_engine_that_cannot_play_the_exercise_says_why_in_the_readers_language(
    tmp_path: Path, welsh: None
) -> None:
    """Something else already plays the exercise: the Welsh engine runs without its
    runner and its state says why, in English, for every window to read."""
    path = await _exercise(tmp_path)
    trainer = await trainer_session(path)
    beside = Engine(trainer.store)
    await beside.start()
    runner = await runner_for(beside)  # it holds the exercise's lease
    assert runner is not None
    engine_store, _user = await open_store(path, TRAINER, PASSWORD)
    engine = EngineService(engine_store)
    await engine.start()
    try:
        assert engine.companions == []
        row = await engine_service.status(trainer.store)
        assert row is not None
        assert row.detail.startswith(
            "Another Cordon window or command is already playing this exercise (it last"
            " answered at "
        )
        # The time in figures, which read the same in either language (no "Mon"/"Llun").
        assert re.search(r"answered at \d\d/\d\d/\d{4} \d\d:\d\d:\d\d \w+\)", row.detail)
        welsh_note = shown(row.detail)
        assert welsh_note.startswith(
            "Mae ffenestr neu orchymyn Cordon arall eisoes yn chwarae'r ymarfer hwn"
        )
        health = assess(row, system_clock())
        assert health.level is EngineLevel.RUNNING
        assert welsh_note in health.sentence
        i18n.use(i18n.ENGLISH)
        assert shown(row.detail) == row.detail
    finally:
        await engine.stop()
        await engine_store.close()
        await runner.stop()
        await beside.stop()
        await trainer.store.close()


async def test_each_of_the_engines_notes_reads_in_the_readers_language(
    tmp_path: Path, welsh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two companions cannot run beside the engine: its state keeps both reasons, one
    a line, and a window reads each in its own language (joined, neither was found)."""
    sync_late = english("Sync is not running in the engine yet: try again in a moment.")
    cannot = english("This engine cannot do {what}.", what="jump")

    def refusing(sentence: str) -> engine_service.CompanionFactory:
        async def factory(_service: EngineService) -> None:
            raise StoreError.kept(sentence)

        return factory

    monkeypatch.setattr(engine_service, "_COMPANIONS", [refusing(sync_late), refusing(cannot)])
    path = await _exercise(tmp_path)
    engine_store, _user = await open_store(path, TRAINER, PASSWORD)
    engine = EngineService(engine_store)
    await engine.start()
    trainer = await trainer_session(path)
    try:
        row = await engine_service.status(trainer.store)
        assert row is not None and row.detail == f"{sync_late}\n{cannot}"
        sentence = assess(row, system_clock()).sentence
        assert f"{shown(sync_late)} {shown(cannot)}" in sentence, sentence
        assert shown(sync_late) != sync_late and shown(cannot) != cannot  # both in Welsh
        i18n.use(i18n.ENGLISH)
        assert f"{sync_late} {cannot}" in assess(row, system_clock()).sentence
    finally:
        await engine.stop()
        await engine_store.close()
        await trainer.store.close()
