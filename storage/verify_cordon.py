#!/usr/bin/env python3
"""Check a Cordon audit trail export, its checkpoint, and reports disclosed from it,
with nothing but Python 3.10 or later (standard library only).

    python3 verify_cordon.py TRAIL.jsonl
    python3 verify_cordon.py TRAIL.jsonl --report REPORT.pdf
    python3 verify_cordon.py --report REPORT.pdf [--certificate STORE.pem]

For a trail (a ``.jsonl`` export) it checks every entry's hash, that each entry
follows the one before it, that the first entry starts the chain (for an export
of the whole trail), and that the checkpoint beside it (``TRAIL.jsonl.checkpoint.json``)
names the last entry and its hash. For a report it checks that the report's
SHA-256 is the one its disclosure entry records, and that the entry's hash is the
one the checkpoint beside the report (``REPORT.pdf.checkpoint.json``) names; given
a trail too, that this entry is in the trail. A PDF report must carry a signature
over the whole file that verifies with the store's certificate: the one the
disclosure records, or the one given with ``--certificate STORE.pem`` (as the
force published it). A report from the public prints its own disclosure entry's
hash, so that entry cannot record the file's SHA-256: its signature stands in for
it (over the whole file, with the certificate the entry records), and the signed
file must name the entry (``/Keywords (cordon-disclosure SEQ HASH)``).

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
import re
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


def check_report(path: Path, trail: dict[int, Entry] | None, pinned: str | None = None) -> None:
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
        after = json.loads(entry["after"] or "{}")
        recorded = after.get("sha256")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
    except OSError as error:
        raise Unreadable(f"{path} cannot be read ({error.strerror}).") from None
    except (ValueError, AttributeError):
        raise Unreadable(f"{cp_path} does not record the report's digest.") from None
    signed = ", signed with the store's certificate" if data.startswith(b"%PDF") else ""
    names_its_entry = recorded is None and bool(signed)
    if names_its_entry:  # a report from the public: the signature, then the entry it names
        check_signature(path.name, data, after.get("certificate_sha256"), pinned)
        named = set(DISCLOSED_IN.findall(data))
        if named != {(str(entry["seq"]).encode(), entry["hash"].encode())}:
            raise Problem(
                f"{path.name} is not the report that was disclosed in entry #{entry['seq']}: "
                "it does not name that entry."
            )
    elif digest != recorded:
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
    if signed and not names_its_entry:
        check_signature(path.name, data, after.get("certificate_sha256"), pinned)
    print(f"{path.name}: the report disclosed in entry #{entry['seq']} ({entry['at_utc']}, "
          f"by {entry['actor']} to {entry['recipient']}), unchanged{signed}; SHA-256 "
          f"{digest}.")  # fmt: skip


# -- the PDF signature (PAdES: a CMS signature, ECDSA P-256 with SHA-256) -----------------

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)  # fmt: skip
DISCLOSED_IN = re.compile(rb"/Keywords \(cordon-disclosure (\d+) ([0-9a-f]{64})\)")
MESSAGE_DIGEST = bytes.fromhex("06092a864886f70d010904")  # the OID 1.2.840.113549.1.9.4
Point = tuple[int, int] | None


def der(data: bytes, at: int) -> tuple[int, int, int]:
    """The DER element at ``at``: (tag, where its content starts, where it ends)."""
    tag, length, at = data[at], data[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(data[at : at + count], "big"), at + count
    return tag, at, at + length


def children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """The elements inside a constructed one: (tag, content start, end, element start)."""
    found = []
    while start < end:
        tag, content, after = der(data, start)
        found.append((tag, content, after, start))
        start = after
    return found


def add(a: Point, b: Point) -> Point:
    if a is None or b is None:
        return a or b
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        slope = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, P)  # the curve's a is -3
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, P)
    x = (slope * slope - a[0] - b[0]) % P
    return x, (slope * (a[0] - x) - a[1]) % P


def times(k: int, point: Point) -> Point:
    result = None
    while k:
        if k & 1:
            result = add(result, point)
        point, k = add(point, point), k >> 1
    return result


def ecdsa_ok(public: bytes, message: bytes, signature: bytes) -> bool:
    """ECDSA P-256 with SHA-256 (FIPS 186-4): ``public`` is 04 || X || Y."""
    if len(public) != 65 or public[0] != 4:
        return False
    q = (int.from_bytes(public[1:33], "big"), int.from_bytes(public[33:], "big"))
    _tag, start, end = der(signature, 0)
    (_, rs, re_, _), (_, ss, se, _) = children(signature, start, end)
    r, s = int.from_bytes(signature[rs:re_], "big"), int.from_bytes(signature[ss:se], "big")
    if not (0 < r < N and 0 < s < N):
        return False
    e = int.from_bytes(hashlib.sha256(message).digest(), "big")
    w = pow(s, -1, N)
    point = add(times(e * w % N, G), times(r * w % N, q))
    return point is not None and point[0] % N == r


def check_signature(name: str, pdf: bytes, recorded: str | None, pinned: str | None) -> None:
    """The signature covers the whole file, its digest is the file's, it verifies with
    the certificate it carries, and that certificate is the store's."""
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    if not found:
        raise Problem(f"{name} is not signed.")
    a, b, c, d = (int(v) for v in found[-1])
    if a != 0 or c + d != len(pdf):
        raise Problem(f"{name} was changed after it was signed: the signature covers only part.")
    cms = bytes.fromhex(pdf[a + b + 1 : c - 1].decode("ascii"))
    _, start, end = der(cms, 0)
    signed_data = children(cms, *der(cms, children(cms, start, end)[1][1])[1:])
    certificates = next(e for e in signed_data if e[0] == 0xA0)
    signer_info = children(cms, *der(cms, [e for e in signed_data if e[0] == 0x31][-1][1])[1:])
    attributes = next(e for e in signer_info if e[0] == 0xA0)
    signature = next(e for e in signer_info if e[0] == 0x04)
    digest = hashlib.sha256(pdf[a : a + b] + pdf[c : c + d]).digest()
    attrs = cms[attributes[3] : attributes[2]]
    for _tag, start, end, _at in children(cms, attributes[1], attributes[2]):
        oid, values = children(cms, start, end)
        if cms[oid[3] : oid[2]] == MESSAGE_DIGEST:
            value = children(cms, values[1], values[2])[0]
            if cms[value[1] : value[2]] != digest:
                raise Problem(f"{name} does not match its signature: it changed after signing.")
            break
    else:
        raise Problem(f"{name}'s signature does not say what it signed.")
    if pinned and recorded and pinned != recorded:
        raise Problem(
            f"{name} was disclosed as signed with another certificate than the one "
            "given: the store's certificate is not the one the force published."
        )
    expected = pinned or recorded
    for _tag, cert_start, cert_end, cert_at in children(cms, certificates[1], certificates[2]):
        if hashlib.sha256(cms[cert_at:cert_end]).hexdigest() != expected:
            continue
        tbs = children(cms, *der(cms, cert_start)[1:])
        spki = [e for e in tbs if e[0] == 0x30][-1]  # subjectPublicKeyInfo comes last
        key_bits = children(cms, spki[1], spki[2])[1]
        public = cms[key_bits[1] + 1 : key_bits[2]]  # a BIT STRING: skip its unused-bits byte
        message = b"\x31" + attrs[1:]  # signed as a SET OF, not as the [0] it is stored as
        if ecdsa_ok(public, message, cms[signature[1] : signature[2]]):
            return
        raise Problem(f"{name}'s signature does not verify with the store's certificate.")
    raise Problem(f"{name} is not signed with this store's certificate.")


def pinned_fingerprint(path: Path) -> str:
    """SHA-256 of a PEM certificate's DER bytes."""
    import base64

    try:
        text = path.read_text(encoding="ascii")
        body = text.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
        return hashlib.sha256(base64.b64decode(body)).hexdigest()
    except (OSError, ValueError, IndexError):
        raise Unreadable(f"{path} is not a PEM certificate.") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trail", nargs="?", type=Path, help="an audit export (.jsonl)")
    parser.add_argument("--checkpoint", type=Path, help="default: TRAIL.checkpoint.json")
    parser.add_argument(
        "--report",
        type=Path,
        action="append",
        default=[],
        help="a report disclosed from the store (repeat for several)",
    )
    parser.add_argument("--certificate", type=Path,
                        help="the store's certificate, as the force published it")  # fmt: skip
    args = parser.parse_args(argv)
    if args.trail is None and not args.report:
        parser.error("give an audit export, a --report, or both")
    try:
        disclosures = None
        if args.trail is not None:
            cp = args.checkpoint or args.trail.with_name(args.trail.name + ".checkpoint.json")
            disclosures = check_trail(args.trail, read_checkpoint(cp))
        pinned = pinned_fingerprint(args.certificate) if args.certificate else None
        for report in args.report:
            check_report(report, disclosures, pinned)
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
