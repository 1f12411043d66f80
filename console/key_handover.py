"""Handing a store's data key from a signed-in window to the engine service it starts.

The key never goes through a file, an argument or an environment variable. The
window makes a connected pair of Unix sockets (``socketpair``: no name in the file
system, so no other process and no other user can open it), gives one end to the
service process it starts (an inherited descriptor, named by number on its command
line), writes the key into its own end and closes it. The service reads the key
once, checks it is for the store it was asked to open, and closes its end.

The frame: ``MAGIC``, one byte giving the length of the store id, the store id
(ASCII), then the 32-byte key.
"""

from __future__ import annotations

import socket

from storage.errors import StoreError
from storage.i18n import _

MAGIC = b"CORDON-KEY/1\n"
KEY_BYTES = 32
TIMEOUT_SECONDS = 10.0


def send_key(end: socket.socket, store_id: str, key: bytes | bytearray) -> None:
    """Write the frame into ``end`` (the window's end of the pair) and close it."""
    ident = store_id.encode("ascii")
    if len(ident) > 255 or len(key) != KEY_BYTES:
        raise ValueError("a store id of at most 255 characters and a 32-byte key")
    frame = bytearray(MAGIC)
    frame += bytes([len(ident)]) + ident
    frame += key
    try:
        end.sendall(frame)
    finally:
        frame[:] = bytes(len(frame))
        end.close()


def receive_key(fd: int, store_id: str) -> bytearray:
    """Read the frame from the inherited descriptor ``fd`` (closing it) and return the
    key, after checking it is for ``store_id``. The caller wipes it once used."""
    try:
        end = socket.socket(fileno=fd)
    except OSError:
        raise StoreError(
            _(
                "The engine was started without its key: start it from a "
                "signed-in Cordon window, or give --user to unlock the store "
                "with a password."
            )
        ) from None
    buffer = bytearray()
    try:
        end.settimeout(TIMEOUT_SECONDS)
        while True:
            chunk = end.recv(4096)
            if not chunk:
                break
            buffer += chunk
    except OSError:
        buffer[:] = bytes(len(buffer))
        raise StoreError(
            _("The engine did not receive the store's key from the window in time.")
        ) from None
    finally:
        end.close()
    try:
        return _parse(buffer, store_id)
    finally:
        buffer[:] = bytes(len(buffer))


def _parse(buffer: bytearray, store_id: str) -> bytearray:
    if not buffer.startswith(MAGIC) or len(buffer) <= len(MAGIC):
        raise StoreError(_("The engine received something other than a store key: not started."))
    at = len(MAGIC)
    length = buffer[at]
    ident = bytes(buffer[at + 1 : at + 1 + length]).decode("ascii", "replace")
    key = bytearray(buffer[at + 1 + length :])
    if len(key) != KEY_BYTES:
        key[:] = bytes(len(key))
        raise StoreError(_("The engine received a damaged store key: not started."))
    if ident != store_id:
        key[:] = bytes(len(key))
        raise StoreError(
            _(
                "The engine was handed the key of another store: not "
                "started. Start it again from the window signed in to this "
                "store."
            )
        )
    return key
