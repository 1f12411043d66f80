"""The command line, run as the audit lead runs it: a real process, real key
derivation (benchmarked at creation), passwords from CORDON_PASSWORD."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough phrase"
PASSWORD_VARIABLES = ("CORDON_PASSWORD", "CORDON_NEW_PASSWORD")
pytestmark = pytest.mark.slow


def cordon(
    *args: str, password: str | None = PASSWORD, stdin: str = "", new_password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PASSWORD_VARIABLES}
    if password is not None:
        env["CORDON_PASSWORD"] = password
    if new_password is not None:
        env["CORDON_NEW_PASSWORD"] = new_password
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "force.cordon"
    result = cordon("store", "create", str(path), "--user", "Audit Lead")
    assert result.returncode == 0, result.stderr
    assert "Created store" in result.stdout
    return path


def _copy(created: Path, tmp_path: Path) -> Path:
    for suffix in ("", ".keys"):
        source = created.with_name(created.name + suffix)
        (tmp_path / (created.name + suffix)).write_bytes(source.read_bytes())
    return tmp_path / created.name


def test_verify_prints_the_count_and_the_newest_hash(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)
    result = cordon("audit", "verify", str(path), "--user", "audit lead")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Audit trail intact: 2 entries; newest hash ")
    assert result.stderr == ""
    # Verifying writes nothing: the hash it printed is still the newest.
    again = cordon("audit", "verify", str(path), "--user", "Audit Lead")
    assert again.stdout == result.stdout


def test_verify_names_the_first_bad_entry_and_exits_1(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)
    from storage.keyslots import KeyFile

    key = KeyFile.load(path).unlock("Audit Lead", PASSWORD)
    from storage.connection import connect

    db = connect(path, key)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET justification = 'nothing to see' WHERE seq = 2")
    db.close()
    result = cordon("audit", "verify", str(path), "--user", "Audit Lead")
    assert result.returncode == 1
    assert "Audit trail NOT intact: Entry #2 was altered" in result.stdout
    assert "First bad entry: #2 (altered)." in result.stdout
    assert "Traceback" not in result.stderr


def test_export_then_verify_against_its_checkpoint_catches_truncation(
    created: Path, tmp_path: Path
) -> None:
    path = _copy(created, tmp_path)
    out = tmp_path / "trail.jsonl"
    result = cordon(
        "audit",
        "export",
        str(path),
        "--out",
        str(out),
        "--user",
        "Audit Lead",
        "--reason",
        "Annual audit",
        "--to",
        "Professional Standards",
    )
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["action"] == "audit.export"
    checkpoint = Path(str(out) + ".checkpoint.json")
    assert checkpoint.exists()
    ok = cordon(
        "audit", "verify", str(path), "--user", "Audit Lead", "--checkpoint", str(checkpoint)
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr

    from storage.connection import connect
    from storage.keyslots import KeyFile

    db = connect(path, KeyFile.load(path).unlock("Audit Lead", PASSWORD))
    db.execute("DROP TRIGGER audit_log_no_delete")
    seq = json.loads(lines[-1])["seq"]
    db.execute("DELETE FROM audit_log WHERE seq >= ?", (seq - 1,))
    db.close()
    cut = cordon(
        "audit", "verify", str(path), "--user", "Audit Lead", "--checkpoint", str(checkpoint)
    )
    assert cut.returncode == 1
    assert "The log was cut short" in cut.stdout


def test_export_demands_a_reason_and_a_recipient(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)
    result = cordon(
        "audit", "export", str(path), "--out", str(tmp_path / "t.csv"), "--user", "Audit Lead"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "cordon: An export is a disclosure: say why with --reason and to whom with --to."
    )
    assert not (tmp_path / "t.csv").exists()


def test_store_check_and_backup(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)
    check = cordon("store", "check", str(path), "--user", "Audit Lead")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "every page's HMAC" in check.stdout
    backup = cordon(
        "store", "backup", str(path), str(tmp_path / "copy.cordon"), "--user", "Audit Lead"
    )
    assert backup.returncode == 0, backup.stderr
    again = cordon("store", "check", str(tmp_path / "copy.cordon"), "--user", "Audit Lead")
    assert again.returncode == 0, again.stdout + again.stderr


def test_wrong_password_is_one_sentence_and_exit_2(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)
    before = path.read_bytes()
    result = cordon("audit", "verify", str(path), "--user", "Audit Lead", password="wrong one")
    assert result.returncode == 2
    assert result.stderr == "cordon: Wrong password for Audit Lead, or no such user.\n"
    assert path.read_bytes() == before


def test_missing_store_and_bad_checkpoint_are_sentences(created: Path, tmp_path: Path) -> None:
    missing = cordon("audit", "verify", str(tmp_path / "none.cordon"), "--user", "x")
    assert missing.returncode == 2
    assert missing.stderr.startswith("cordon: There is no Cordon store at ")
    path = _copy(created, tmp_path)
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{not json")
    bad = cordon("audit", "verify", str(path), "--user", "Audit Lead", "--checkpoint", str(bogus))
    assert bad.returncode == 2
    assert bad.stderr.strip() == f"cordon: {bogus} is not a Cordon audit checkpoint."


def test_create_refuses_a_weak_password_and_an_existing_store(
    created: Path, tmp_path: Path
) -> None:
    weak = cordon("store", "create", str(tmp_path / "w.cordon"), "--user", "a", password="short")
    assert weak.returncode == 2
    assert "at least 10 characters" in weak.stderr
    assert not (tmp_path / "w.cordon").exists()
    again = cordon("store", "create", str(created), "--user", "someone")
    assert again.returncode == 2
    assert "There is already a store at" in again.stderr


def test_a_new_store_takes_its_password_from_cordon_new_password(tmp_path: Path) -> None:
    """As the README says of every new password (CORDON_PASSWORD still works too)."""
    path = tmp_path / "new.cordon"
    made = cordon("store", "create", str(path), "--user", "lead", password=None,
                  new_password="the new store's phrase")  # fmt: skip
    assert made.returncode == 0, made.stderr
    checked = cordon("store", "check", str(path), "--user", "lead",
                     password="the new store's phrase")  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def test_password_can_come_from_standard_input(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)
    result = cordon(
        "audit", "verify", str(path), "--user", "Audit Lead", password=None, stdin=PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    none = cordon("audit", "verify", str(path), "--user", "Audit Lead", password=None, stdin="")
    assert none.returncode == 2
    assert "CORDON_PASSWORD" in none.stderr


def test_the_command_line_never_imports_qt(tmp_path: Path) -> None:
    main_py = str(ROOT / "main.py")
    probe = (
        "import sys, runpy; sys.argv = ['cordon', 'audit', '--help'];\n"
        f"try:\n    runpy.run_path({main_py!r}, run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


TAMPERING = {
    "altered": (["UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"], "Entry #2 was altered"),
    "deleted": (["DELETE FROM audit_log WHERE seq = 1"], "Entry #1 was deleted"),
    "reordered": (
        [
            "UPDATE audit_log SET seq = -1 WHERE seq = 1",
            "UPDATE audit_log SET seq = 1 WHERE seq = 2",
            "UPDATE audit_log SET seq = 2 WHERE seq = -1",
        ],
        "Entry #1 is out of order: it was written after entry #2.",
    ),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_verify_catches_each_kind_of_tampering(created: Path, tmp_path: Path, kind: str) -> None:
    from storage.connection import connect
    from storage.keyslots import KeyFile

    path = _copy(created, tmp_path)
    statements, expected = TAMPERING[kind]
    db = connect(path, KeyFile.load(path).unlock("Audit Lead", PASSWORD))
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        db.execute(statement)
    db.close()
    result = cordon("audit", "verify", str(path), "--user", "Audit Lead")
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout
    assert f"({kind})" in result.stdout


def test_user_verbs_manage_the_team_and_keep_the_rules(created: Path, tmp_path: Path) -> None:
    path = _copy(created, tmp_path)

    def as_admin(*args: str, new_password: str | None = None) -> subprocess.CompletedProcess[str]:
        env_extra = {"CORDON_NEW_PASSWORD": new_password} if new_password else {}
        return cordon_env(env_extra, "user", *args)

    added = as_admin(
        "add", str(path), "dora", "--user", "Audit Lead", "--role", "duty_officer",
        "--display-name", "PC Dora Evans", new_password="dora's long phrase",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added dora (Duty officer)."
    listing = as_admin("list", str(path), "--user", "Audit Lead")
    assert "dora\tPC Dora Evans\tDuty officer" in listing.stdout

    # dora may not add users: the core refuses, naming the role.
    refused = cordon_env(
        {"CORDON_NEW_PASSWORD": "another long one"},
        "user", "add", str(path), "eve", "--user", "dora", "--role", "observer",
        password="dora's long phrase",
    )  # fmt: skip
    assert refused.returncode == 2
    assert "Managing users needs the Administrator role; you hold Duty officer." in refused.stderr

    roles = as_admin(
        "roles", str(path), "dora", "--user", "Audit Lead", "--role", "approver",
        "--role", "duty_officer", "--reason", "acting sergeant",
    )  # fmt: skip
    assert roles.stdout.strip() == "dora now holds: Approver, Duty officer."
    last = as_admin(
        "roles", str(path), "Audit Lead", "--user", "Audit Lead", "--role", "observer",
        "--reason", "x",
    )  # fmt: skip
    assert last.returncode == 2
    assert "last active administrator" in last.stderr
    bad_role = as_admin("roles", str(path), "dora", "--user", "Audit Lead", "--role", "gold",
                        "--reason", "x")  # fmt: skip
    assert bad_role.stderr.startswith("cordon: Roles are: duty_officer")

    gone = as_admin("disable", str(path), "dora", "--user", "Audit Lead", "--reason", "moved")
    assert gone.returncode == 0, gone.stderr
    locked_out = cordon(
        "audit", "verify", str(path), "--user", "dora", password="dora's long phrase"
    )
    assert locked_out.returncode == 2
    assert "Wrong password for dora, or no such user." in locked_out.stderr


def cordon_env(
    extra: dict[str, str], *args: str, password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CORDON_PASSWORD", "CORDON_NEW_PASSWORD")
    }
    env |= {"CORDON_PASSWORD": password, **extra}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_reader_that_goes_away_gets_no_traceback(created: Path, tmp_path: Path) -> None:
    """`cordon user list … | head -1`: the pipe closes early; the command stops quietly."""
    path = _copy(created, tmp_path)
    env = {**os.environ, "CORDON_PASSWORD": PASSWORD}
    command = [sys.executable, str(ROOT / "main.py"), "user", "list", str(path), "--user",
               "audit lead"]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    ) as listing:
        assert listing.stdout is not None and listing.stderr is not None
        listing.stdout.close()  # the reader is gone before the first line
        errors = listing.stderr.read()
        assert listing.wait(timeout=120) == 0
    assert "Traceback" not in errors and "BrokenPipe" not in errors
