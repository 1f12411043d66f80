"""The strip that says a team store's database server does not answer."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from widgets.offline_banner import OfflineBanner


class UnreachableBanner(OfflineBanner):
    """Shown while the team store's server cannot be reached; hidden otherwise (the
    offline strip's shape, in red).

    It only shows what it is told (``show_unreachable``); it calls no service.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unreachableBanner")
        self.message.setObjectName("unreachableText")
        self.message.clear()

    def show_unreachable(self, location: str, since: str) -> None:
        """``since``: the local time the server stopped answering (HH:MM:SS)."""
        self.message.setText(
            self.tr(
                "Team store unreachable: the database server at {where} has not answered "
                "since {since}. What you see is as it was then; changes are refused until "
                "it answers. Cordon reconnects by itself."
            ).format(where=location, since=since)
        )
        self.setAccessibleName(self.message.text())
        self.show()

    def show_reachable(self) -> None:
        self.hide()
