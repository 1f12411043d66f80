"""The command line at its boundary: input that is not what it should be gets one
sentence and exit code 2 (1 means a check found tampering), never a traceback.
Run in-process through ``console.cli.run`` on stores made with a fast key cost;
tests/test_cli.py runs real processes."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from console import cli
from console.session import SignInThrottle
from storage import verify_cordon
from storage.errors import TooManyAttempts
from storage.keyslots import KeyFile
from storage.store import Transaction
from tests.disk import fill, small_disk
from tests.exercise.test_scenario import BASE
from tests.helpers import PASSWORD, file_states, make_store, raw_db

main.load_verbs()  # the incident, exercise and report verbs

ROOT = Path(__file__).resolve().parent.parent


def _cordon(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "s.cordon"

    async def made() -> None:
        await (await make_store(path)).close()

    asyncio.run(made())
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    return path


def _refused(code: int, err: str, sentence: str) -> None:
    assert code == cli.EXIT_ERROR, err
    assert sentence in err
    assert "Traceback" not in err and "did not expect" not in err
    assert err.count("\n") == 1, err


def test_a_key_file_that_is_a_json_list(store_path: Path) -> None:
    KeyFile.path_for(store_path).write_text("[]")
    _refused(*_cordon("audit", "verify", str(store_path), "--user", "alice")[::2], "is damaged")


def test_a_slot_with_a_nonce_that_is_not_hex(store_path: Path) -> None:
    keys = KeyFile.path_for(store_path)
    doc = json.loads(keys.read_text())
    doc["slots"][0]["nonce"] = "not hex at all"
    keys.write_text(json.dumps(doc))
    code, _out, err = _cordon("audit", "verify", str(store_path), "--user", "alice")
    _refused(code, err, "s.cordon.keys is damaged")


def test_folders_where_the_store_or_its_key_file_should_be(store_path: Path) -> None:
    folder = store_path.parent / "elsewhere.cordon"
    folder.mkdir()
    KeyFile.path_for(folder).write_bytes(KeyFile.path_for(store_path).read_bytes())
    code, _out, err = _cordon("audit", "verify", str(folder), "--user", "alice")
    _refused(code, err, "is a folder, not a Cordon store")
    keys = KeyFile.path_for(store_path)
    keys.rename(store_path.parent / "kept")
    keys.mkdir()
    code, _out, err = _cordon("audit", "verify", str(store_path), "--user", "alice")
    _refused(code, err, "is a folder, not a key file")


def test_a_password_that_is_not_utf8(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORDON_PASSWORD", "caf\udce9 latin-1")  # the byte 0xE9 alone
    code, _out, err = _cordon("audit", "verify", str(store_path), "--user", "alice")
    _refused(code, err, "The password from CORDON_PASSWORD is not UTF-8 text")


@pytest.mark.parametrize(
    "verb",
    [
        ("audit", "export", "--reason", "SAR", "--to", "IOPC"),
        ("audit", "checkpoint"),
        ("incident", "report", "--reason", "inquiry", "--to", "IOPC"),
        ("report", "export", "R1", "--reason", "SAR", "--to", "IOPC"),
        ("exercise", "debrief"),
    ],
)
def test_out_into_a_missing_folder_or_onto_a_folder(
    store_path: Path, verb: tuple[str, ...]
) -> None:
    suffix = {"audit": ".jsonl", "report": ".json", "incident": ".pdf", "exercise": ".pdf"}
    ending = ".json" if verb[1] == "checkpoint" else suffix[verb[0]]
    missing = store_path.parent / "no such folder" / f"x{ending}"
    folder = store_path.parent / f"folder{ending}"
    folder.mkdir()
    command = (verb[0], verb[1], str(store_path), *verb[2:], "--user", "alice", "--out")
    code, _out, err = _cordon(*command, str(missing))
    _refused(code, err, "does not exist: create it first")
    code, _out, err = _cordon(*command, str(folder))
    _refused(code, err, "is a folder: give a file name in it")


@pytest.mark.parametrize("verb", [("audit", "verify"), ("store", "check")])
def test_a_checkpoint_that_is_a_folder(store_path: Path, verb: tuple[str, str]) -> None:
    code, _out, err = _cordon(
        *verb, str(store_path), "--user", "alice", "--checkpoint", str(store_path.parent)
    )
    _refused(code, err, "is a folder: name the checkpoint file in it")


def test_a_store_cut_to_nothing_is_not_made_anew(store_path: Path) -> None:
    store_path.write_bytes(b"")
    code, _out, err = _cordon("audit", "verify", str(store_path), "--user", "alice")
    _refused(code, err, "s.cordon is empty: the store was cut short")
    assert store_path.stat().st_size == 0


def test_verify_on_a_full_disk_reads_and_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "s.cordon"

        async def made() -> None:
            await (await make_store(path)).close()

        asyncio.run(made())
        fill(disk)
        code, out, err = _cordon("audit", "verify", str(path), "--user", "alice")
        assert code == cli.EXIT_OK, err
        assert out.startswith("Audit trail intact: 2 entries")
        notice = capsys.readouterr().err  # with_store's notice goes to the real stderr
        assert "is full: Cordon can read the store but save nothing" in notice
        assert "damaged" not in notice + err
        code, _out, err = _cordon(
            "user", "roles", str(path), "alice", "--user", "alice", "--role", "administrator",
            "--role", "approver", "--reason", "test",
        )  # fmt: skip
        _refused(code, err.splitlines()[-1] + "\n", "is full")


@pytest.mark.slow
def test_wrong_passwords_from_separate_processes_meet_the_growing_delay(
    store_path: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CORDON_PASSWORD"}
    env |= {"CORDON_PASSWORD": "not the password", "CORDON_HOME": str(tmp_path / "home")}
    before = file_states(store_path.parent)
    said = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "audit", "verify", str(store_path),
             "--user", "alice"],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == cli.EXIT_ERROR
        said.append(done.stderr)
    assert said[:2] == ["cordon: Wrong password for alice, or no such user.\n"] * 2
    assert said[2] == (
        "cordon: Wrong password for alice, or no such user. Wait 1 s before the next try.\n"
    )
    assert file_states(store_path.parent) == before  # the store's files are untouched


def test_the_shared_count_is_seen_by_a_second_throttle() -> None:
    now = [1000.0]
    first = SignInThrottle(shared=True, wall=lambda: now[0])
    second = SignInThrottle(shared=True, wall=lambda: now[0])  # as another process
    store = Path("/somewhere/s.cordon")
    assert [first.failed(store) for _ in range(4)] == [0.0, 0.0, 1.0, 2.0]
    with pytest.raises(TooManyAttempts, match="wait 2 s"):
        second.check(store)
    now[0] += 2.5
    second.check(store)
    assert second.failed(store) == 4.0
    second.succeeded(store)
    first.check(store)
    assert first.failed(store) == 0.0


def test_store_check_names_an_insider_edit_and_exits_1(store_path: Path) -> None:
    code, out, err = _cordon("store", "check", str(store_path), "--user", "alice")
    assert code == cli.EXIT_OK, out + err
    assert "State: the 1 row of posts, targets, incidents, holds and users is what the" in out
    with raw_db(store_path) as db:
        db.execute("INSERT INTO user_roles (user_id, role) VALUES (1, 'approver')")
        db.execute("DROP TRIGGER audit_log_no_delete")
    code, out, err = _cordon("store", "check", str(store_path), "--user", "alice")
    assert code == cli.EXIT_PROBLEM, out + err
    assert "Audit trail intact" in out  # the chain alone would have said all is well
    assert "The trigger audit_log_no_delete that guards the store was dropped." in out
    assert "State: NOT as the audit trail says: user 1 is not what entry #2 says it" in out


def test_store_certificate_exports_the_signing_certificate(store_path: Path) -> None:
    out = store_path.parent / "force.pem"
    code, said, err = _cordon("store", "certificate", str(store_path), "--user", "alice",
                              "--out", str(out))  # fmt: skip
    assert code == cli.EXIT_OK, err
    assert out.read_text().startswith("-----BEGIN CERTIFICATE-----")
    fingerprint = said.split("SHA-256 fingerprint: ")[1].strip()
    assert fingerprint == verify_cordon.pinned_fingerprint(out)
    assert oct(out.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("duration", ["99999999999d", "3000000d"])
def test_an_exercise_from_a_scenario_of_aeons_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, duration: str
) -> None:
    scenario = tmp_path / "long.toml"
    scenario.write_text(BASE.replace('duration = "2h"', f'duration = "{duration}"'))
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    code, _out, err = _cordon(
        "exercise", "new", str(tmp_path / "x.cordon"), "--scenario", str(scenario),
        "--user", "tess",
    )  # fmt: skip
    _refused(code, err, "long.toml line 7: duration")
    assert "longer than 30 days" in err
    assert not (tmp_path / "x.cordon").exists()


@pytest.mark.slow
def test_engage_from_another_process_goes_in_while_a_long_import_runs(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"

    async def made() -> None:
        store = await make_store(path)

        def desk(tx: Transaction) -> None:
            tx.execute("INSERT INTO user_roles (user_id, role) VALUES (1, 'duty_officer')")
            tx.execute(
                "INSERT INTO channels (name, network, account, created_utc)"
                " VALUES ('Force X', 'simulator', 'fx', ?)",
                (tx.now(),),
            )

        await store.write(desk)
        await store.close()

    asyncio.run(made())
    rows = 20_000
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(
        "time,channels,text\n"
        + "".join(f"2031-01-{1 + n // 1440:02d} {n // 60 % 24:02d}:{n % 60:02d},Force X,"
                  f"Post {n}\n" for n in range(rows)),
        encoding="utf-8",
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "CORDON_PASSWORD"}
    env |= {"CORDON_PASSWORD": PASSWORD}
    command = [sys.executable, str(ROOT / "main.py")]
    importing = subprocess.Popen(
        [*command, "calendar", "import", str(path), str(calendar), "--user", "alice", "--accept"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        while _imported(path) < 1:  # the import is under way (it has committed a part)
            assert importing.poll() is None, importing.communicate()
            time.sleep(0.2)
        engaged = subprocess.run(
            [*command, "incident", "engage", str(path), "--user", "alice", "--name", "Flood",
             "--reason", "rising water"],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
        out, err = importing.communicate(timeout=600)
    finally:
        importing.kill()
    assert engaged.returncode == cli.EXIT_OK, engaged.stderr
    assert "Incident mode engaged: Flood" in engaged.stdout
    assert importing.returncode == cli.EXIT_OK, err
    assert f"Imported {rows} posts." in out
    with raw_db(path) as db:
        seqs = [s for (s,) in db.execute(
            "SELECT seq FROM audit_log WHERE action = 'calendar.import' ORDER BY seq")]  # fmt: skip
        engage_seq = db.execute(
            "SELECT seq FROM audit_log WHERE action = 'incident.engage'"
        ).fetchone()[0]
        held = db.execute("SELECT count(*) FROM targets WHERE status = 'held'").fetchone()[0]
    assert seqs[0] < engage_seq < seqs[-1]  # it went in between, not after the import
    assert held == rows  # held at once, or when the import brought them in


def _imported(path: Path) -> int:
    with raw_db(path) as db:
        return int(
            db.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'calendar.import'"
            ).fetchone()[0]
        )
