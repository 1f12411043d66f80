"""Key slots: each user's password unlocks the store's one random data key.

The store is encrypted by SQLCipher with a random 256-bit *data key*, passed as a
raw key so that opening it costs no key derivation. The data key never touches the
disk in the clear. Beside the store lies its key file (``<store>.keys``, JSON): a
small header (store id, kind) and one *slot* per user. A slot holds the data key
wrapped with AES-256-GCM under a key derived from the user's password with
Argon2id; the Argon2 cost is chosen by a short benchmark when the slot is made and
kept in the slot, so a faster machine later still opens it.

Adding or removing a user rewrites only this small file (atomically), never the
store. The slot's authenticated data binds it to the store id, the store kind and
the user, so a slot copied from another store or user, or a header edited to turn
an exercise store into a live one, fails to unlock.

User names are not written in the clear: each slot carries a salted SHA-256 tag of
the normalised name, enough to find the slot to try without listing the officers
who can open the store.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
import uuid
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.errors import StoreDamaged, StoreError, StoreNotFound, WrongPassword
from storage.files import atomic_write_bytes
from storage.i18n import _
from storage.records import StoreKind

KEYFILE_FORMAT = "cordon-keys"
KEYFILE_VERSION = 1
DATA_KEY_BYTES = 32
_AAD_PREFIX = "cordon-key-slot/v1"
# A key file is a few kilobytes; anything much larger is not one (and is not read whole).
MAX_KEYFILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. ``memory_kib`` in KiB, as argon2 takes it."""

    time_cost: int
    memory_kib: int
    parallelism: int = 1

    def derive(self, password: str, salt: bytes) -> bytes:
        return hash_secret_raw(
            secret=password.encode("utf-8"),
            salt=salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )


# The floor: never below OWASP's Argon2id minimum (19 MiB, t=2), whatever the clock says.
MIN_KDF = KdfParams(time_cost=2, memory_kib=19 * 1024)


def benchmark_kdf(target_seconds: float = 0.5, memory_kib: int = 64 * 1024) -> KdfParams:
    """Pick an Argon2id cost that takes about ``target_seconds`` on this machine."""
    probe = KdfParams(time_cost=1, memory_kib=memory_kib)
    started = time.perf_counter()
    probe.derive("cordon benchmark", secrets.token_bytes(16))
    per_pass = max(time.perf_counter() - started, 1e-3)
    passes = max(MIN_KDF.time_cost, round(target_seconds / per_pass))
    return KdfParams(time_cost=min(passes, 64), memory_kib=memory_kib)


def normalise_user_name(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class KeySlot:
    slot_id: str
    user_tag: str
    tag_salt: str
    kdf_salt: str
    time_cost: int
    memory_kib: int
    parallelism: int
    nonce: str
    wrapped_key: str

    @property
    def kdf(self) -> KdfParams:
        return KdfParams(self.time_cost, self.memory_kib, self.parallelism)

    def belongs_to(self, user_name: str) -> bool:
        tag = _user_tag(user_name, bytes.fromhex(self.tag_salt))
        return hmac.compare_digest(tag, self.user_tag)

    @classmethod
    def from_json(cls, raw: object) -> KeySlot:
        """A slot read from the key file, every field checked: a damaged slot raises
        ``ValueError`` here, never later inside the cryptography."""
        if not isinstance(raw, dict) or set(raw) != {f.name for f in fields(cls)}:
            raise ValueError("a slot does not have the fields of a key slot")
        slot = cls(**raw)
        for name, size in (("user_tag", 32), ("nonce", 12), ("wrapped_key", DATA_KEY_BYTES + 16)):
            if len(_hex(getattr(slot, name))) != size:
                raise ValueError(f"a slot's {name} is not {size} bytes")
        for name in ("tag_salt", "kdf_salt"):
            if not 8 <= len(_hex(getattr(slot, name))) <= 64:
                raise ValueError(f"a slot's {name} is not a salt")
        if not isinstance(slot.slot_id, str) or not slot.slot_id:
            raise ValueError("a slot has no id")
        for name, low, high in (
            ("time_cost", 1, MAX_TIME_COST),
            ("parallelism", 1, 16),
            ("memory_kib", 8, MAX_MEMORY_KIB),
        ):
            value = getattr(slot, name)
            if type(value) is not int or not low <= value <= high:
                raise ValueError(f"a slot's {name} is out of range")
        if slot.memory_kib < 8 * slot.parallelism:
            raise ValueError("a slot's memory_kib is too small for its parallelism")
        return slot


# What a slot may ask of Argon2: far above what ``benchmark_kdf`` picks, low enough
# that a damaged or hostile key file cannot ask for more memory than a laptop has.
MAX_TIME_COST = 256
MAX_MEMORY_KIB = 1024 * 1024


def _hex(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("a slot holds text where hex is expected")
    return bytes.fromhex(value)


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    kind: StoreKind
    created_utc: str
    slots: tuple[KeySlot, ...]
    # Counts the committed changes of the slots; the store records the same number
    # in the transaction that changes them (``storage.keychange``).
    generation: int = 0

    # -- reading and writing -------------------------------------------------

    @staticmethod
    def path_for(store_path: Path) -> Path:
        return store_path.with_name(store_path.name + ".keys")

    @classmethod
    def load(cls, store_path: Path) -> KeyFile:
        path = cls.path_for(store_path)
        try:
            raw = _read_small(path)
        except FileNotFoundError:
            _refuse_what_is_no_store(store_path)
            if store_path.exists():
                raise StoreDamaged(
                    _(
                        "The key file {path.name} is missing beside the store: "
                        "restore it from the backup it was made with; without it the "
                        "store cannot be opened."
                    ).format(path=path)
                ) from None
            raise StoreNotFound(
                _("There is no Cordon store at {store_path}.").format(store_path=store_path)
            ) from None
        except IsADirectoryError:
            raise StoreError(
                _(
                    "{path} is a folder, not a key file: move it away and "
                    "restore the key file from a backup."
                ).format(path=path)
            ) from None
        except OSError as error:
            raise StoreError(
                _("The key file {path} cannot be read: {error.strerror}.").format(
                    path=path, error=error
                )
            ) from None
        return cls.parse(raw, path.name)

    @classmethod
    def parse(cls, raw: bytes, name: str) -> KeyFile:
        """A key file from its bytes; anything that is not one is ``StoreDamaged``."""
        try:
            if len(raw) > MAX_KEYFILE_BYTES:
                raise ValueError("too large")
            doc = json.loads(raw)
            if not isinstance(doc, dict) or doc.get("format") != KEYFILE_FORMAT:
                raise ValueError("not a Cordon key file")
            if doc.get("version") != KEYFILE_VERSION:
                raise StoreError(
                    _(
                        "The key file {name} was written by a newer Cordon (format "
                        "{value}): open it with that version."
                    ).format(name=name, value=str(doc.get("version"))[:20])
                )
            slots = doc["slots"]
            generation = doc.get("generation", 0)
            if not isinstance(slots, list) or type(generation) is not int or generation < 0:
                raise ValueError("no list of slots")
            for text in ("store_id", "created_utc"):
                if not isinstance(doc[text], str) or not doc[text]:
                    raise ValueError(f"no {text}")
            return cls(
                store_id=doc["store_id"],
                kind=StoreKind(doc["kind"]),
                created_utc=doc["created_utc"],
                slots=tuple(KeySlot.from_json(slot) for slot in slots),
                generation=generation,
            )
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError, RecursionError):
            raise StoreDamaged(
                _(
                    "The key file {name} is damaged (what it holds is not a set of key "
                    "slots Cordon can read): restore it from a backup."
                ).format(name=name)
            ) from None

    def save(self, store_path: Path) -> None:
        atomic_write_bytes(self.path_for(store_path), self.encoded())

    def encoded(self) -> bytes:
        doc: dict[str, Any] = {
            "format": KEYFILE_FORMAT,
            "version": KEYFILE_VERSION,
            "store_id": self.store_id,
            "kind": self.kind.value,
            "created_utc": self.created_utc,
            "slots": [asdict(slot) for slot in self.slots],
        }
        if self.generation:
            doc["generation"] = self.generation
        return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8") + b"\n"

    # -- slots ---------------------------------------------------------------

    def has_user(self, user_name: str) -> bool:
        return any(slot.belongs_to(user_name) for slot in self.slots)

    def unlock(self, user_name: str, password: str) -> bytes:
        """Return the data key, or raise ``WrongPassword``. Slow: run it off the UI thread.

        A name with no slot is answered exactly as a wrong password, after the same
        work (a derivation at a slot's cost), so names cannot be probed."""
        if not _encodable(password):
            raise WrongPassword(_wrong(user_name))
        slot = next((s for s in self.slots if s.belongs_to(user_name)), None)
        if slot is None:
            decoy = self.slots[0] if self.slots else None
            (decoy.kdf if decoy is not None else MIN_KDF).derive(password, secrets.token_bytes(16))
            raise WrongPassword(_wrong(user_name))
        wrapping_key = slot.kdf.derive(password, bytes.fromhex(slot.kdf_salt))
        try:
            return AESGCM(wrapping_key).decrypt(
                bytes.fromhex(slot.nonce),
                bytes.fromhex(slot.wrapped_key),
                self._aad(slot.slot_id, slot.user_tag),
            )
        except InvalidTag:
            raise WrongPassword(_wrong(user_name)) from None

    def with_slot(self, user_name: str, password: str, data_key: bytes, kdf: KdfParams) -> KeyFile:
        """A copy with a new slot for ``user_name`` (replacing theirs if they had one)."""
        return self.replacing(user_name, self.new_slot(user_name, password, data_key, kdf))

    def new_slot(self, user_name: str, password: str, data_key: bytes, kdf: KdfParams) -> KeySlot:
        """A slot that opens this store for ``user_name``. Slow (Argon2): use a thread."""
        tag_salt = secrets.token_bytes(16)
        user_tag = _user_tag(user_name, tag_salt)
        slot_id = uuid.uuid4().hex
        kdf_salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        wrapping_key = kdf.derive(password, kdf_salt)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, self._aad(slot_id, user_tag))
        return KeySlot(
            slot_id=slot_id,
            user_tag=user_tag,
            tag_salt=tag_salt.hex(),
            kdf_salt=kdf_salt.hex(),
            time_cost=kdf.time_cost,
            memory_kib=kdf.memory_kib,
            parallelism=kdf.parallelism,
            nonce=nonce.hex(),
            wrapped_key=wrapped.hex(),
        )

    def replacing(self, user_name: str, slot: KeySlot) -> KeyFile:
        """A copy where ``slot`` is ``user_name``'s only slot. Fast."""
        if not slot.belongs_to(user_name):
            raise ValueError("the slot was made for another user")
        others = tuple(s for s in self.slots if not s.belongs_to(user_name))
        return replace(self, slots=(*others, slot))

    def without_user(self, user_name: str) -> KeyFile:
        return replace(self, slots=tuple(s for s in self.slots if not s.belongs_to(user_name)))

    def _aad(self, slot_id: str, user_tag: str) -> bytes:
        return "|".join((_AAD_PREFIX, self.store_id, self.kind.value, slot_id, user_tag)).encode()


def _wrong(user_name: str) -> str:
    return f"Wrong password for {user_name}, or no such user."


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: bytes that were not UTF-8
        return False
    return True


# What a file that is not a SQLCipher store may begin with: SQLite's own header (an
# unencrypted database), or the text of a key file.
_PLAIN_SQLITE = b"SQLite format 3\x00"


def _refuse_what_is_no_store(store_path: Path) -> None:
    """Before "the key file is missing": a file that cannot be a store (the key file
    itself, chosen in its place; a file that is not whole database pages, or is an
    unencrypted database) is named as what it is, so nobody goes looking for a key
    file that never was."""
    keys_of = store_path.with_name(store_path.name.removesuffix(".keys"))
    if store_path.name.endswith(".keys") and keys_of.is_file():
        raise StoreError(
            _("{name} is the key file of {store}: open {store} itself.").format(
                name=store_path.name, store=keys_of.name
            )
        )
    try:
        size = store_path.stat().st_size
        with store_path.open("rb") as handle:
            head = handle.read(len(_PLAIN_SQLITE))
    except OSError:
        return  # not there, or not readable: said elsewhere
    if size and (size % 512 or head == _PLAIN_SQLITE or head.startswith(b"{")):
        raise StoreError(
            _(
                "{name} does not look like a Cordon store: choose the store's file (it has its "
                "key file, NAME.cordon.keys, beside it)."
            ).format(name=store_path.name)
        )


def _read_small(path: Path) -> bytes:
    """At most a little more than a key file can be: a huge file is refused unread."""
    with path.open("rb") as handle:
        return handle.read(MAX_KEYFILE_BYTES + 1)


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def _user_tag(user_name: str, salt: bytes) -> str:
    return hashlib.sha256(salt + normalise_user_name(user_name).encode("utf-8")).hexdigest()
