"""Render Cordon's icon (resources/cordon.svg) as the PNG sizes a Linux desktop's icon
theme wants and as a Windows .ico, with Qt (offscreen), into packaging/out/icons.

    python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "packaging" / "out" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QIcon, QImage

    app = QGuiApplication(sys.argv[:1])
    icon = QIcon(str(ROOT / "resources" / "cordon.svg"))
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        image = icon.pixmap(size, size).toImage()
        if image.isNull() or not image.save(str(OUT / f"cordon-{size}.png")):
            print(f"make_icons: could not render the {size} px icon", file=sys.stderr)
            return 1
    large = icon.pixmap(256, 256).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    if not large.save(str(OUT / "cordon.ico")):  # the format from the suffix
        print("make_icons: Qt could not write cordon.ico", file=sys.stderr)
        return 1
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
