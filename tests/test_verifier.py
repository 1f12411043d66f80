"""The standalone verifier (storage/verify_cordon.py, shipped beside every export):
run as a third party runs it, with nothing but Python (``-I -S``: no Cordon, no
installed packages), against real exports and tampered copies of them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from console import audit_trail
from incident import engage, report
from storage.audit import AuditFilter
from storage.records import StoreKind
from tests.desk import Desk
from tests.helpers import add_entries, make_store

VERIFIER = Path(audit_trail.__file__).resolve().parent.parent / "storage" / "verify_cordon.py"


def _verify(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-S", str(folder / "verify_cordon.py"), *args],
        capture_output=True, text=True, cwd=folder, timeout=120, check=False,
    )  # fmt: skip


async def _exported(tmp_path: Path, entries: int = 40, **kw: object) -> Path:
    store = await make_store(tmp_path / "s.cordon")
    await add_entries(store, entries, text="a “quoted” note — with ünïcode")
    out = tmp_path / "out" / "trail.jsonl"
    out.parent.mkdir()
    await audit_trail.export(store, out, actor="alice", reason="SAR", recipient="IOPC", **kw)  # type: ignore[arg-type]
    await store.close()
    return out


def test_the_verifier_uses_nothing_but_the_standard_library() -> None:
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    assert len(VERIFIER.read_text().splitlines()) < 400  # readable in one sitting


@pytest.mark.asyncio
async def test_an_export_ships_with_its_verifier_and_verifies(tmp_path: Path) -> None:
    out = await _exported(tmp_path)
    assert (out.parent / "verify_cordon.py").read_bytes() == VERIFIER.read_bytes()
    done = _verify(out.parent, out.name)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "trail.jsonl: 43 entries intact, ending at entry #43 as its checkpoint says.",
        "Verified.",
    ]


def _lines(out: Path) -> list[str]:
    return out.read_text(encoding="utf-8").splitlines(keepends=True)


def _rewrite(out: Path, lines: list[str]) -> None:
    out.write_text("".join(lines), encoding="utf-8")


def _altered(lines: list[str]) -> list[str]:
    entry = json.loads(lines[9])
    entry["actor"] = "mallory"
    return [*lines[:9], json.dumps(entry, ensure_ascii=False) + "\n", *lines[10:]]


def _rehashed(lines: list[str]) -> list[str]:
    """An insider alters entry 10 and recomputes every hash after it."""
    import hashlib

    fields = ("at_utc", "actor", "action", "category", "object_type", "object_id", "before",
              "after", "justification", "recipient")  # fmt: skip
    entries = [json.loads(line) for line in lines]
    entries[9]["justification"] = "nothing to see"
    for n in range(9, len(entries)):
        entries[n]["prev_hash"] = entries[n - 1]["hash"]
        encoded = json.dumps([entries[n][k] for k in fields], ensure_ascii=False,
                             separators=(",", ":"))  # fmt: skip
        entries[n]["hash"] = hashlib.sha256(
            f"{entries[n]['prev_hash']}\n{encoded}".encode()
        ).hexdigest()
    return [json.dumps(e, ensure_ascii=False) + "\n" for e in entries]


TAMPERED = {
    "altered": (_altered, "Entry #10 was altered: its contents do not match its hash."),
    "deleted": (lambda ls: ls[:9] + ls[10:], "Entries #10 to #10 were deleted"),
    "reordered": (
        lambda ls: [*ls[:9], ls[10], ls[9], *ls[11:]],
        "Entry #10 is out of order: it comes after #11.",
    ),
    "cut short": (lambda ls: ls[:-5], "but the export ends at entry #38"),
    "rewritten and re-hashed": (_rehashed, "The checkpoint names entry #43"),
    "cut at the front": (lambda ls: ls[1:], "whole trail starts at entry #2"),
}


@pytest.mark.parametrize("how", sorted(TAMPERED))
@pytest.mark.asyncio
async def test_a_tampered_export_is_named_and_exits_1(tmp_path: Path, how: str) -> None:
    out = await _exported(tmp_path)
    change, sentence = TAMPERED[how]
    _rewrite(out, change(_lines(out)))
    done = _verify(out.parent, out.name)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("NOT VERIFIED: ")
    assert sentence in done.stdout


@pytest.mark.asyncio
async def test_a_front_cut_export_with_a_matching_forged_first_entry_fails(tmp_path: Path) -> None:
    out = await _exported(tmp_path)
    lines = _lines(out)
    first = json.loads(lines[0])
    first["prev_hash"] = "0" * 64
    _rewrite(out, [json.dumps(first) + "\n", *lines[1:]])
    done = _verify(out.parent, out.name)
    assert done.returncode == 1 and "Entry #1 was altered" in done.stdout


@pytest.mark.asyncio
async def test_a_changed_checkpoint_is_caught(tmp_path: Path) -> None:
    out = await _exported(tmp_path)
    cp_path = out.with_name(out.name + ".checkpoint.json")
    cp = json.loads(cp_path.read_text())
    cp["hash"] = "f" * 64
    cp_path.write_text(json.dumps(cp))
    done = _verify(out.parent, out.name)
    assert done.returncode == 1 and "cut short or rewritten" in done.stdout


@pytest.mark.asyncio
async def test_a_filtered_export_verifies_its_entries(tmp_path: Path) -> None:
    out = await _exported(tmp_path, flt=AuditFilter(action="audit."))
    done = _verify(out.parent, out.name)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.asyncio
async def test_what_is_not_an_export_exits_2(tmp_path: Path) -> None:
    out = await _exported(tmp_path)
    out.write_text("this is not json\n")
    done = _verify(out.parent, out.name)
    assert done.returncode == 2 and "line 1 is not JSON" in done.stderr
    done = _verify(out.parent, "missing.jsonl")
    assert done.returncode == 2 and "cannot be read" in done.stderr


@pytest.mark.asyncio
async def test_a_disclosed_report_verifies_alone_and_against_the_trail(
    desk: Desk, tmp_path: Path
) -> None:
    store = desk.officer.store
    incident = await engage.engage(desk.officer, details=engage.Details("Flood", "", "", "r"))
    built = await report.build(store, incident.id)
    folder = tmp_path / "bundle"
    folder.mkdir()
    pdf = folder / "report.pdf"
    done = await report.export(store, built, pdf, actor="alice", reason="inquiry",
                               recipient="IOPC")  # fmt: skip
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"
    alone = _verify(folder, "--report", "report.pdf")
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert f"the report disclosed in entry #{done.entry.seq}" in alone.stdout
    await audit_trail.export(store, folder / "trail.jsonl", actor="alice", reason="inquiry",
                             recipient="IOPC")  # fmt: skip
    both = _verify(folder, "trail.jsonl", "--report", "report.pdf")
    assert both.returncode == 0, both.stdout + both.stderr
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    changed = _verify(folder, "--report", "report.pdf")
    assert changed.returncode == 1
    assert "report.pdf is not the report that was disclosed" in changed.stdout


@pytest.mark.asyncio
async def test_an_exercise_export_verifies_past_its_marking(tmp_path: Path) -> None:
    store = await make_store(tmp_path / "x.cordon", kind=StoreKind.EXERCISE)
    out = tmp_path / "trail.jsonl"
    await audit_trail.export(store, out, actor="alice", reason="debrief", recipient="team")
    await store.close()
    assert out.read_text().startswith('{"marking": "EXERCISE EXERCISE EXERCISE"}')
    done = _verify(tmp_path, "trail.jsonl")
    assert done.returncode == 0, done.stdout + done.stderr
