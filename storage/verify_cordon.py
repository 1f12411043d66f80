#!/usr/bin/env python3
"""Check a Cordon audit trail export, its checkpoint, and reports disclosed from it,
with nothing but Python 3.9 or later (standard library only).

    python3 verify_cordon.py TRAIL.jsonl
    python3 verify_cordon.py TRAIL.jsonl --report REPORT.pdf
    python3 verify_cordon.py --report REPORT.pdf

For a trail (a ``.jsonl`` export) it checks every entry's hash, that each entry
follows the one before it, that the first entry starts the chain (for an export
of the whole trail), and that the checkpoint beside it (``TRAIL.jsonl.checkpoint.json``)
names the last entry and its hash. For a report it checks that the report's
SHA-256 is the one its disclosure entry records, and that the entry's hash is the
one the checkpoint beside the report (``REPORT.pdf.checkpoint.json``) names; given
a trail too, that this entry is in the trail.

The hash of an entry (docs/verifying.md says the same):

    hash = SHA-256( prev_hash + "\\n" + JSON([at_utc, actor, action, category,
                    object_type, object_id, before, after, justification, recipient]) )

where JSON is compact (separators "," and ":"), UTF-8, characters not escaped,
``before`` and ``after`` the canonical JSON texts exactly as exported (or null),
and the first entry's ``prev_hash`` is SHA-256("cordon-audit-genesis|" + store_id).
Hashes are lowercase hex. The entry number (seq) is not hashed: the chain itself
carries the order.

Exit code 0: everything checked out; 1: something does not (the first problem is
named); 2: the files could not be read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

Entry = dict[str, Any]

HASHED = ("at_utc", "actor", "action", "category", "object_type", "object_id",
          "before", "after", "justification", "recipient")  # fmt: skip
FIELDS = ("seq", *HASHED, "prev_hash", "hash")


class Problem(Exception):
    """What does not check out, in a sentence (exit 1)."""


class Unreadable(Exception):
    """A file that cannot be read as what it should be (exit 2)."""


def genesis(store_id: str) -> str:
    return hashlib.sha256(f"cordon-audit-genesis|{store_id}".encode()).hexdigest()


def entry_hash(entry: Entry) -> str:
    fields = json.dumps([entry[k] for k in HASHED], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{entry['prev_hash']}\n{fields}".encode()).hexdigest()


def read_json(path: Path) -> Entry:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Unreadable(f"{path} cannot be read as JSON ({error}).") from None
    if not isinstance(found, dict):
        raise Unreadable(f"{path} is not a JSON object.")
    return found


def read_checkpoint(path: Path) -> Entry:
    found = read_json(path)
    if found.get("format") != "cordon-audit-checkpoint":
        raise Unreadable(f"{path} is not a Cordon audit checkpoint.")
    return found


def check_trail(path: Path, checkpoint: Entry) -> dict[int, Entry]:
    """Walk the export; return its disclosure entries by number (what a report needs)."""
    store_id = str(checkpoint["store_id"])
    previous: Entry | None = None
    count = 0
    first_seq = 0
    gaps: list[tuple[int, int]] = []  # (last before, first after) each jump in numbers
    disclosures: dict[int, Entry] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise Unreadable(f"{path} cannot be read ({error.strerror}).") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            try:
                entry = json.loads(line)
            except ValueError:
                raise Unreadable(f"{path} line {number} is not JSON.") from None
            if not isinstance(entry, dict):
                raise Unreadable(f"{path} line {number} is not an entry.")
            if set(entry) == {"marking"}:
                continue  # "EXERCISE EXERCISE EXERCISE" before an exercise store's entries
            if any(k not in entry for k in FIELDS):
                raise Unreadable(f"{path} line {number} is not a Cordon audit entry.")
            seq = entry["seq"]
            if entry_hash(entry) != entry["hash"]:
                raise Problem(f"Entry #{seq} was altered: its contents do not match its hash.")
            if previous is None:
                first_seq = seq
                if seq == 1 and entry["prev_hash"] != genesis(store_id):
                    raise Problem("Entry #1 does not start this store's chain.")
            elif seq == previous["seq"] + 1:
                if entry["prev_hash"] != previous["hash"]:
                    raise Problem(f"Entry #{seq} does not follow entry #{previous['seq']}.")
            elif seq <= previous["seq"]:
                raise Problem(f"Entry #{seq} is out of order: it comes after #{previous['seq']}.")
            else:
                gaps.append((previous["seq"], seq))  # filtered, or deleted: see below
            if entry["category"] == "disclosure":
                disclosures[seq] = entry
            previous = entry
            count += 1
    if previous is None:
        raise Problem(f"{path} holds no entries.")
    if previous["seq"] != checkpoint["seq"] or previous["hash"] != checkpoint["hash"]:
        raise Problem(
            f"The checkpoint names entry #{checkpoint['seq']} ({checkpoint['hash'][:16]}…) but "
            f"the export ends at entry #{previous['seq']} ({previous['hash'][:16]}…): it was "
            "cut short or rewritten."
        )
    # The export's own disclosure entry (the last, named by the checkpoint, so held
    # by the chain) says whether it holds the whole trail: then nothing may be missing.
    whole = previous["action"] == "audit.export" and previous["object_id"] == "all"
    if whole and first_seq != 1:
        raise Problem(f"The export of the whole trail starts at entry #{first_seq}: the "
                      "entries before it were cut.")  # fmt: skip
    if whole and gaps:
        before, after = gaps[0]
        raise Problem(f"Entries #{before + 1} to #{after - 1} were deleted: the export of the "
                      f"whole trail jumps from #{before} to #{after}.")  # fmt: skip
    filtered = (
        ""
        if not gaps and first_seq == 1
        else (
            f" (a filtered export: {len(gaps)} gaps; entries checked, and linked where neighbours)"
        )
    )
    print(f"{path.name}: {count} entries intact, ending at entry #{previous['seq']} as its "
          f"checkpoint says{filtered}.")  # fmt: skip
    return disclosures


def check_report(path: Path, trail: dict[int, Entry] | None) -> None:
    """The report is the file its disclosure entry records; the entry is the one its
    checkpoint names (and in the trail, when one is given)."""
    cp_path = path.with_name(path.name + ".checkpoint.json")
    checkpoint = read_checkpoint(cp_path)
    entry = checkpoint.get("entry")
    if not isinstance(entry, dict) or any(k not in entry for k in FIELDS):
        raise Unreadable(f"{cp_path} does not carry the report's disclosure entry.")
    if entry_hash(entry) != entry["hash"] or entry["hash"] != checkpoint["hash"]:
        raise Problem(f"The disclosure entry in {cp_path.name} was altered.")
    try:
        recorded = json.loads(entry["after"] or "{}").get("sha256")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise Unreadable(f"{path} cannot be read ({error.strerror}).") from None
    except (ValueError, AttributeError):
        raise Unreadable(f"{cp_path} does not record the report's digest.") from None
    if digest != recorded:
        raise Problem(
            f"{path.name} is not the report that was disclosed: its SHA-256 is {digest}, "
            f"entry #{entry['seq']} records {recorded}."
        )
    if trail is not None:
        found = trail.get(entry["seq"])
        if found is None or found["hash"] != entry["hash"]:
            raise Problem(
                f"Entry #{entry['seq']}, which disclosed {path.name}, is not in the trail."
            )
    print(f"{path.name}: the report disclosed in entry #{entry['seq']} ({entry['at_utc']}, by "
          f"{entry['actor']} to {entry['recipient']}), unchanged; SHA-256 {digest}.")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trail", nargs="?", type=Path, help="an audit export (.jsonl)")
    parser.add_argument("--checkpoint", type=Path, help="default: TRAIL.checkpoint.json")
    parser.add_argument("--report", type=Path, action="append", default=[],
                        help="a report disclosed from the store (repeat for several)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.trail is None and not args.report:
        parser.error("give an audit export, a --report, or both")
    try:
        disclosures = None
        if args.trail is not None:
            cp = args.checkpoint or args.trail.with_name(args.trail.name + ".checkpoint.json")
            disclosures = check_trail(args.trail, read_checkpoint(cp))
        for report in args.report:
            check_report(report, disclosures)
    except Problem as problem:
        print(f"NOT VERIFIED: {problem}")
        return 1
    except (Unreadable, KeyError, TypeError) as error:
        print(f"verify_cordon: {error}", file=sys.stderr)
        return 2
    print("Verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
