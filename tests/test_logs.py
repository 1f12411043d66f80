"""Cordon's logs, run as the officer runs Cordon: real processes with their own
``CORDON_HOME``, canary strings for the secrets and personal data a log must never
hold, a real fault, a real Qt warning, and an error nobody caught."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from console.logs import scrub
from tests.service_fixtures import ROOT, cordon

pytestmark = pytest.mark.slow

PASSWORD_CANARY = "Canary-Passw0rd-4417-xq"
NAME_CANARY = "Gwenllian Canary-Pritchard"


def _all_logs(home: Path) -> str:
    folder = home / "logs"
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(folder.glob("*"))
        if path.is_file()
    )


def _python(code: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "CORDON_HOME": str(home), **env},
        check=False,
    )


def test_scrub_hides_tokens_passwords_and_keys_and_keeps_the_rest() -> None:
    said = scrub(
        "POST https://graph.example/v19.0/me/feed?access_token=EAAB123secret&fields=id "
        'failed; Authorization: Bearer abcdef123456; {"password": "hunter22", '
        '"refreshJwt": "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"} client_secret=xyz789 '
        "status 503"
    )
    for secret in ("EAAB123secret", "abcdef123456", "hunter22", "eyJhbGciOi", "xyz789"):
        assert secret not in said, said
    assert "fields=id" in said and "status 503" in said and "[hidden]" in said


def test_the_command_line_logs_to_its_folder_and_the_terminal_gets_no_detail(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    env = {"CORDON_HOME": str(home), "CORDON_PASSWORD": PASSWORD_CANARY}
    store = home / "force.cordon"
    made = cordon(
        "store", "create", str(store), "--user", "gwen", "--display-name", NAME_CANARY, env=env
    )
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""  # nothing but warnings and errors on the terminal
    verified = cordon("audit", "verify", str(store), "--user", "gwen", env=env)
    assert verified.returncode == 0, verified.stderr
    wrong = cordon(
        "audit", "verify", str(store), "--user", "gwen", env={**env, "CORDON_PASSWORD": "nope"}
    )
    assert wrong.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1
    where = cordon("logs", env=env)
    assert where.returncode == 0
    assert where.stdout.splitlines()[0] == str(home / "logs")
    assert "cordon-cli.log" in where.stdout
    text = _all_logs(home)
    assert "cordon store create" in text and "cordon audit verify" in text
    assert PASSWORD_CANARY not in text and NAME_CANARY not in text and "gwen" not in text
    mode = (home / "logs" / "cordon-cli.log").stat().st_mode & 0o777
    assert mode == 0o600


def test_an_error_nobody_caught_is_one_sentence_naming_the_log_which_has_the_detail(
    tmp_path: Path,
) -> None:
    ran = _python(
        """
        import threading
        from console import logs
        logs.setup("cordon")
        def worker():
            raise LookupError("from a thread")
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        raise ValueError("Authorization: Bearer sekrit-token-123")
        """,
        tmp_path,
    )
    assert ran.returncode == 1
    lines = ran.stderr.strip().splitlines()
    log = tmp_path / "logs" / "cordon.log"
    assert len(lines) == 2, ran.stderr  # one sentence for each error, no traceback
    assert "LookupError" in lines[0] and "ValueError" in lines[1]
    assert all(str(log) in line for line in lines) and "Traceback" not in ran.stderr
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "LookupError: from a thread" in text
    assert "sekrit-token-123" not in text and "Authorization: [hidden]" in text


def test_a_fatal_fault_leaves_its_python_stack_in_the_faults_log(tmp_path: Path) -> None:
    ran = _python(
        """
        import ctypes
        from console import logs
        logs.setup("cordon")
        def crash_in_native_code():
            ctypes.string_at(0)
        crash_in_native_code()
        """,
        tmp_path,
    )
    assert ran.returncode != 0
    faults = (tmp_path / "logs" / "faults.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in faults and "crash_in_native_code" in faults


def test_qt_warnings_go_to_the_log_file_not_the_terminal(tmp_path: Path) -> None:
    ran = _python(
        """
        from console import logs
        logs.setup("cordon")
        from ui.frame.faults import route_qt_messages
        route_qt_messages()
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from PySide6.QtCore import qWarning
        qWarning("a warning from Qt itself")
        """,
        tmp_path,
        QT_QPA_PLATFORM="offscreen",
    )
    assert ran.returncode == 0, ran.stderr
    text = (tmp_path / "logs" / "cordon.log").read_text(encoding="utf-8")
    assert "WARNING qt: default: a warning from Qt itself" in text
    assert ran.stderr.strip().splitlines() == ["cordon: warning: default: a warning from Qt itself"]
