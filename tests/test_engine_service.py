"""The engine service in one process, its store shared with another connection that
stands for the window: change notification across connections, the lease, the
heartbeat, requests, stopping, and taking over from a service that died."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from console import service
from console.engine import Engine
from console.engine_health import EngineLevel, assess, assess_all, this_host
from console.publisher import PublishPolicy
from console.service import EngineBusy, EngineService
from storage import engine_service as rows
from storage.engine_service import RequestKind, RequestState, ServiceState
from storage.errors import StoreError
from storage.stored_words import shown
from storage.timeutil import system_clock, to_iso
from tests.service_fixtures import (
    eventually,
    is_published,
    other_process,
    post_due_in,
    prepare,
    published_at,
    window_session,
)

pytestmark = pytest.mark.asyncio


async def _entries(store: object, action: str) -> list[dict[str, object]]:
    def read(db: object) -> list[dict[str, object]]:
        found = db.execute(  # type: ignore[attr-defined]
            "SELECT actor, after FROM audit_log WHERE action = ? ORDER BY seq", (action,)
        ).fetchall()
        return [{"actor": actor, **json.loads(after or "{}")} for actor, after in found]

    return await store.run(read)  # type: ignore[attr-defined,no-any-return]


async def test_another_connections_commit_wakes_the_listeners_and_a_quiet_one_does_not(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    await prepare(path)
    window = await window_session(path)
    engine_side = await other_process(path)
    heard: list[int] = []
    window.store.add_commit_listener(lambda: heard.append(1))
    try:
        await post_due_in(window, 3600)
        heard.clear()
        await engine_side.write(
            lambda tx: tx.execute("UPDATE channels SET area = 'North' WHERE id = 1")
        )
        await eventually(lambda: heard, 2.0)
        heard.clear()
        # A heartbeat is a quiet write: nobody is woken for it, here or there; the
        # watcher did look (the next, ordinary write wakes them exactly once).
        await engine_side.write(
            lambda tx: tx.execute("UPDATE channels SET settings = settings WHERE id = 1"),
            quiet=True,
        )
        await asyncio.sleep(0.5)
        assert heard == []
        await engine_side.write(
            lambda tx: tx.execute("UPDATE channels SET area = 'South' WHERE id = 1")
        )
        await eventually(lambda: heard, 2.0)
        await asyncio.sleep(0.3)
        assert heard == [1]
    finally:
        await engine_side.close()
        await window.sign_out()


async def test_a_post_written_in_the_window_goes_out_on_time_from_the_service(
    tmp_path: Path, store_where: Path | str
) -> None:
    """The scheduler in the service's process hears of the window's commit at once (its
    own fallback look is 15 s away) and sends the post at its time."""
    path = store_where
    await prepare(path)
    engine_store = await other_process(path)
    engine = EngineService(engine_store, Engine(engine_store, policy=PublishPolicy()))
    await engine.start()
    window = await window_session(path)
    try:
        await asyncio.sleep(0.3)  # the scheduler has nothing to do and sleeps
        target = await post_due_in(window, 2.0)
        due = system_clock()
        await eventually(partial(is_published, window.store, target), 10.0)
        when = await published_at(window.store, target)
        assert when is not None
        lateness = (when - due).total_seconds() - 2.0
        # On time: the scheduler heard of the post at once (its own fallback look is
        # 15 s away); the margin is for a busy machine, not a measurement.
        assert lateness < 5.0, f"published {lateness:.2f} s late"
    finally:
        await engine.stop("test over")
        await engine_store.close()
        await window.sign_out()


async def test_one_service_per_store_file_the_second_is_refused_with_a_sentence(
    tmp_path: Path, store_where: Path | str
) -> None:
    """A store file runs one service; a team store runs one per site, side by side."""
    path = store_where
    await prepare(path)
    first_store = await other_process(path)
    second_store = await other_process(path)
    first = EngineService(first_store)
    await first.start()
    second = EngineService(second_store)
    try:
        if not first_store.team:
            with pytest.raises(EngineBusy, match=r"already running for this store \(process \d+"):
                await second.start()
            row = await service.status(second_store)
            assert row is not None and row.holder == first.holder
            assert row.state is ServiceState.RUNNING
            assert assess(row, system_clock()).level is EngineLevel.RUNNING
        else:
            await second.start()
            found = await service.statuses(first_store)
            assert {r.holder for r in found if r.state is ServiceState.RUNNING} == {
                first.holder,
                second.holder,
            }
            health = assess_all(found, system_clock())
            assert health.level is EngineLevel.RUNNING and "2 engines" in health.sentence
    finally:
        await first.stop("test over")
        if not second.stopped and second_store.team:
            await second.stop("test over")
        await first_store.close()
        await second_store.close()


async def test_a_stop_request_stops_it_and_the_audit_trail_says_who_and_why(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    await prepare(path)
    engine_store = await other_process(path)
    window = await window_session(path)
    engine = EngineService(engine_store, started_by="alice")
    await engine.start()
    try:
        assert await service.request_stop(window.store, "alice", "end of shift", timeout=10)
        assert await asyncio.wait_for(engine.wait(), 5) == "Stopped by alice: end of shift"
        row = await service.status(window.store)
        assert row is not None and row.state is ServiceState.STOPPED
        health = assess(row, system_clock())
        assert health.level is EngineLevel.STOPPED
        assert "Publishing and sync are off" in health.sentence
        assert "end of shift" in health.sentence
        started = await _entries(window.store, "engine.start")
        stopped = await _entries(window.store, "engine.stop")
        assert started[-1]["started_by"] == "alice"
        assert stopped[-1]["actor"] == "alice"
        assert stopped[-1]["reason"] == "Stopped by alice: end of shift"
        # Nothing runs now: a second stop says so rather than waiting.
        assert not await service.request_stop(window.store, "alice", "again", timeout=2)
    finally:
        await engine.stop()
        await engine_store.close()
        await window.sign_out()


async def test_a_service_whose_process_died_is_replaced_at_once_and_the_trail_says_so(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    await prepare(path)
    window = await window_session(path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    real_now = system_clock()
    await window.store.write(
        lambda tx: rows.take(
            tx.db, holder="dead", pid=gone.pid, host=this_host(), real_now=real_now
        )
    )
    row = await service.status(window.store)
    assert assess(row, system_clock()).level is EngineLevel.DOWN
    assert "ended without stopping properly" in assess(row, system_clock()).sentence
    engine_store = await other_process(path)
    engine = EngineService(engine_store)
    try:
        await engine.start()  # no wait for the dead one's heartbeat to go stale
        started = await _entries(window.store, "engine.start")
        replaced = started[-1]["replaced"]
        assert isinstance(replaced, dict)
        assert replaced["pid"] == gone.pid and replaced["gone"] is True
    finally:
        await engine.stop()
        await engine_store.close()
        await window.sign_out()


async def test_a_service_frozen_past_its_lease_stops_when_it_finds_the_lease_taken(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    await prepare(path)
    engine_store = await other_process(path)
    engine = EngineService(engine_store, beat_seconds=0.05)
    await engine.start()
    window = await window_session(path)
    try:
        await eventually(lambda: engine.beats >= 2, 5)
        # Another service took the lease while this one was not answering.
        await window.store.write(
            lambda tx: rows.take(
                tx.db, holder="newer", pid=1, host="elsewhere", real_now=system_clock(),
                gone=frozenset({engine.holder}), several=window.store.team,
            )
        )  # fmt: skip
        why = await asyncio.wait_for(engine.wait(), 5)
        assert "Another engine took over" in why
        assert engine.final_state is ServiceState.FAILED
        row = await service.status(window.store)
        assert row is not None and row.holder == "newer"  # its row is not ours to end
    finally:
        await engine_store.close()
        await window.sign_out()


async def test_a_service_stops_when_a_newer_cordon_upgrades_its_store(
    tmp_path: Path, store_where: Path | str
) -> None:
    """Its writes (claims included) can no longer be saved, so it sends nothing; it
    stops, saying why, and leaves the store to the newer Cordon's engine."""
    from tests.helpers import upgraded_by_a_newer_cordon

    path = store_where
    await prepare(path)
    engine_store = await other_process(path)
    engine = EngineService(engine_store, beat_seconds=0.05)
    await engine.start()
    try:
        await eventually(lambda: engine.beats >= 2, 5)
        upgraded_by_a_newer_cordon(path)  # as the newer Cordon's migration leaves it
        why = await asyncio.wait_for(engine.wait(), 5)
        assert why == "A newer version of Cordon upgraded the store: this engine stopped."
        assert engine.final_state is ServiceState.FAILED
    finally:
        await engine_store.close()


async def test_a_late_heartbeat_is_late_however_the_service_describes_itself(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    await prepare(path)
    window = await window_session(path)
    try:
        long_ago = system_clock().replace(year=2025)
        await window.store.write(
            lambda tx: rows.take(tx.db, holder="frozen", pid=1, host="elsewhere", real_now=long_ago)
        )
        await window.store.write(
            lambda tx: tx.execute(
                "UPDATE engine_services SET state = 'running' WHERE holder = 'frozen'"
            )
        )
        row = await service.status(window.store)
        health = assess(row, system_clock())
        assert health.level is EngineLevel.LATE
        assert health.sentence.startswith("Publishing stopped ")
        assert "process 1 on elsewhere" in health.sentence
        assert not health.publishing
    finally:
        await window.sign_out()


async def test_requests_the_service_cannot_answer_fail_with_a_sentence(
    tmp_path: Path, store_where: Path | str, welsh: None
) -> None:
    path = store_where
    await prepare(path)
    engine_store = await other_process(path)
    window = await window_session(path)
    engine = EngineService(engine_store)
    await engine.start()
    try:
        asked = await service.ask(window.store, RequestKind.CATCH_UP, "alice")
        done = await service.wait_for(window.store, asked, 10)
        assert done.state is RequestState.DONE
        # A jump in a store with no exercise: the exercise layer's answer, or none.
        asked = await service.ask(window.store, RequestKind.JUMP, "alice", {"seconds": 60})
        done = await service.wait_for(window.store, asked, 10)
        assert done.state is RequestState.FAILED
        # Kept in English by the Welsh engine; a Welsh window reads it in Welsh.
        assert done.result in (
            "This engine cannot do jump.",  # the exercise layer not imported here
            # alice is no trainer (the exercise layer's answer)
            "Controlling an exercise (its clock and injects) needs the Trainer role;"
            " you hold Administrator, Duty officer.",
        )
        assert shown(done.result).startswith(("Ni all y peiriant hwn", "Mae Rheoli ymarfer"))
    finally:
        await engine.stop()
        await engine_store.close()
        await window.sign_out()


async def test_waiting_for_an_engine_that_does_not_answer_says_so(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    await prepare(path)
    window = await window_session(path)
    try:
        asked = await service.ask(window.store, RequestKind.CATCH_UP, "alice")
        with pytest.raises(StoreError, match="did not answer in time"):
            await service.wait_for(window.store, asked, 0.5)
    finally:
        await window.sign_out()


async def test_health_sentences_for_each_level() -> None:
    now = system_clock()
    assert "never run" in assess(None, now).sentence
    row = rows.ServiceRow(
        holder="h", pid=42, host="here", proc_start="", boot_id="", started_utc=to_iso(now),
        beat_utc=to_iso(now), state=ServiceState.RUNNING, detail="", stopped_utc=None,
    )  # fmt: skip
    running = assess(row, now, host="here", alive=lambda found: True)
    assert running.level is EngineLevel.RUNNING and running.publishing
    crashed = assess(row, now, host="here", alive=lambda found: False)
    assert crashed.level is EngineLevel.DOWN
    assert "process 42" in crashed.sentence
    failed = assess(
        rows.ServiceRow(**{**row.__dict__, "state": ServiceState.FAILED, "detail": "Disk full."}),
        now,
        host="here",
    )
    assert failed.level is EngineLevel.DOWN and failed.sentence.endswith("Disk full.")


async def test_health_sentences_in_welsh() -> None:
    """The engine's state is in the status bar all the time: a Welsh console says it in
    Welsh (what the engine recorded too, when Cordon wrote it; a system error stays as written)."""
    from datetime import timedelta

    from storage import i18n

    now = system_clock()
    row = rows.ServiceRow(
        holder="h", pid=42, host="there", proc_start="", boot_id="", started_utc=to_iso(now),
        beat_utc=to_iso(now - timedelta(minutes=5)), state=ServiceState.RUNNING, detail="",
        stopped_utc=None,
    )  # fmt: skip
    i18n.use(i18n.WELSH)
    try:
        never = assess(None, now).sentence
        late = assess(row, now, host="here").sentence
        failed = assess(
            replace(row, state=ServiceState.FAILED, detail="Disk full.", stopped_utc=to_iso(now)),
            now,
            host="here",
        ).sentence
        # Why it stopped, as the engine kept it (in English, whatever it spoke).
        stopped = assess(
            replace(
                row,
                state=ServiceState.STOPPED,
                detail="Another engine took over this store (this one had stopped answering).",
                stopped_utc=to_iso(now),
            ),
            now,
            host="here",
        ).sentence
    finally:
        i18n.use(i18n.ENGLISH)
    assert "Cymerodd peiriant arall y storfa hon drosodd" in stopped, stopped
    assert never.startswith("Nid yw'r peiriant erioed wedi rhedeg"), never
    assert late.startswith("Stopiodd cyhoeddi 5 munud yn ôl") and "proses 42 ar there" in late, late
    assert failed == "Stopiodd cyhoeddi 0 eiliad yn ôl: Disk full.", failed


async def test_a_stop_asked_of_an_engine_that_has_gone_never_stops_the_next(
    tmp_path: Path,
) -> None:
    path = tmp_path / "stale-stop.cordon"
    await prepare(path)
    window = await window_session(path)
    try:
        # A stop the last engine never answered (it was killed first), and one that a
        # window gave up waiting for: neither may stop the engine that comes next.
        await service.ask(window.store, RequestKind.STOP, "alice", {"reason": "quit"})
        given_up = await service.ask(window.store, RequestKind.CATCH_UP, "alice")
        with pytest.raises(StoreError, match="did not answer in time"):
            await service.wait_for(window.store, given_up, 0.3)
        engine_store = await other_process(path)
        engine = EngineService(engine_store)
        await engine.start()
        try:
            await asyncio.sleep(0.5)
            assert not engine.stopped
            done = await service.wait_for(window.store, given_up, 1)
            assert done.state is RequestState.FAILED and "stopped waiting" in done.result
            # A stop meant for another engine (by its id) is not this one's either.
            other = await service.ask(
                window.store, RequestKind.STOP, "alice", {"reason": "x", "holder": "gone"}
            )
            refused = await service.wait_for(window.store, other, 10)
            assert refused.state is RequestState.FAILED and "already gone" in refused.result
            assert not engine.stopped
        finally:
            await engine.stop()
            await engine_store.close()
    finally:
        await window.sign_out()


async def test_a_pid_reused_or_dead_or_from_before_a_reboot_is_no_engine(
    tmp_path: Path,
) -> None:
    from console.engine_health import boot_id, engine_alive, process_mark

    now = system_clock()
    here = rows.ServiceRow(
        holder="h", pid=os.getpid(), host=this_host(), proc_start=process_mark(os.getpid()),
        boot_id=boot_id(), started_utc=to_iso(now), beat_utc=to_iso(now),
        state=ServiceState.RUNNING, detail="", stopped_utc=None,
    )  # fmt: skip
    assert engine_alive(here)
    assert not engine_alive(replace(here, proc_start="1"))  # the pid now names another
    assert not engine_alive(replace(here, boot_id="an-earlier-boot"))
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    while Path(f"/proc/{zombie.pid}/stat").read_text().split(") ")[1][0] != "Z":
        await asyncio.sleep(0.01)
    assert not engine_alive(replace(here, pid=zombie.pid, proc_start=""))
    zombie.wait()


async def test_several_engines_are_named_in_a_steady_order_whichever_beat_last() -> None:
    """The store's judgement names every running engine in the same order from one
    second to the next (it followed whichever had beaten last, so the status bar's
    tooltip swapped the two processes every second)."""
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)

    def row(pid: int, beat_ago: float) -> rows.ServiceRow:
        at = to_iso(now - timedelta(seconds=beat_ago))
        return rows.ServiceRow(
            holder=f"h{pid}", pid=pid, host=this_host(), proc_start="", boot_id="",
            started_utc=to_iso(now - timedelta(minutes=5)), beat_utc=at,
            state=ServiceState.RUNNING, detail="", stopped_utc=None,
        )  # fmt: skip

    def said(a_ago: float, b_ago: float) -> str:
        found = [row(11, a_ago), row(12, b_ago)]
        return assess_all(found, now, alive=lambda _row: True).sentence

    assert said(0.1, 1.5) == said(1.5, 0.1)
    assert "process 11, process 12" in said(1.5, 0.1)


async def test_stopping_an_engine_killed_a_moment_ago_is_nothing_to_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its last beat is still fresh, but its process is gone: nobody would answer, and
    `cordon engine stop` waited 20 s to say so in words meant for the window."""
    from console.engine_health import boot_id

    path = tmp_path / "killed.cordon"
    await prepare(path)
    window = await window_session(path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    now = system_clock()
    killed = rows.ServiceRow(
        holder="h", pid=gone.pid, host=this_host(), proc_start="", boot_id=boot_id(),
        started_utc=to_iso(now), beat_utc=to_iso(now), state=ServiceState.RUNNING,
        detail="", stopped_utc=None,
    )  # fmt: skip

    async def status(_store: object) -> rows.ServiceRow:
        return killed

    monkeypatch.setattr(service, "status", status)
    try:
        assert not await service.request_stop(window.store, "alice", "shift over", timeout=2)
        requests = await window.store.run(
            lambda db: db.execute("SELECT count(*) FROM engine_requests").fetchone()[0]
        )
        assert requests == 0  # nothing was asked of nobody
    finally:
        await window.sign_out()
