"""One window per store on this computer: a second is refused, and the first comes to
the front.

A window that signs in to a store listens on a local socket named after the store's
path and the OS user (``QLocalServer``: a socket file only this user may open). A
second window about to sign in to the same store finds the first listening, asks it
to come to the front, and refuses with a sentence. A name left by a window that was
killed answers nobody, and is taken over. A team store (a database many consoles
share) is not held: any number of windows may open it.

Signals: ``raiseRequested()``: another window asked this one to come to the front.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from storage.lifecycle import Where, is_team

ASK = b"raise\n"
WAIT_MS = 500  # connecting to a local socket is immediate, or refused at once


def socket_name(store_path: Path) -> str:
    who = getpass.getuser()
    where = str(Path(store_path).expanduser().absolute())
    return "cordon-" + hashlib.sha256(f"{who}\0{where}".encode()).hexdigest()[:32]


class StoreInstance(QObject):
    raiseRequested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server: QLocalServer | None = None
        self.store_path: Path | None = None

    def claim(self, store_path: Where) -> str | None:
        """Hold ``store_path`` for this window; a sentence if another window holds it
        (that window was asked to come to the front). A team store is many consoles'
        by design: any number of windows may open it, here or elsewhere."""
        if is_team(store_path):
            self.release()
            return None
        path = Path(store_path).expanduser().absolute()
        if self._server is not None and self.store_path == path:
            return None
        self.release()
        name = socket_name(path)
        probe = QLocalSocket(self)
        probe.connectToServer(name)
        if probe.waitForConnected(WAIT_MS):
            probe.write(ASK)
            probe.waitForBytesWritten(WAIT_MS)
            probe.disconnectFromServer()
            probe.deleteLater()
            return self.tr(
                "Cordon is already open on {name} in another window on this computer: it "
                "has been brought to the front. One window per store."
            ).format(name=path.name)
        probe.deleteLater()
        QLocalServer.removeServer(name)  # a name left by a window that was killed
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            server.deleteLater()
            return None  # cannot tell: better a second window than none at 3 a.m.
        server.newConnection.connect(self._asked)
        self._server = server
        self.store_path = path
        return None

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self.store_path = None

    def _asked(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            connection = server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(ASK.strip()):
            self.raiseRequested.emit()
