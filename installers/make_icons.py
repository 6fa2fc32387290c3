"""Render resources/icons/kyso.svg to the raster icons the installers need.

    python installers/make_icons.py OUT_DIR

writes ``kyso-256.png`` (Linux hicolor theme) and ``kyso.ico`` (Windows executables and
Setup), using Qt's own SVG renderer and ICO writer, so no extra tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    svg = Path(__file__).resolve().parents[1] / "resources" / "icons" / "kyso.svg"
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"make_icons: cannot read {svg}", file=sys.stderr)
        return 1

    def render(size: int) -> QImage:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        painter = QPainter(img)
        renderer.render(painter)
        painter.end()
        return img

    ok = render(256).save(str(out / "kyso-256.png"), "PNG")
    ok = render(256).save(str(out / "kyso.ico"), "ICO") and ok
    if not ok:
        print("make_icons: could not write the icons", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
