"""Help → About Kyso: version, build, data version, modules, where settings and logs live."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


class AboutDialog(QDialog):
    def __init__(self, info: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Kyso"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("aboutText")
        self.text.setHtml(self._html(info))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def build_date_text(self, value: str) -> str:
        """The build date, or words for the core's markers (never "source tree" raw)."""
        if value == "source tree":
            return self.tr("not an installed build (run from the source code)")
        if value == "unknown":
            return self.tr("unknown")
        return value

    def _html(self, info: dict[str, Any]) -> str:
        e = html.escape
        data = info["admin_units_data"]
        modules = (
            "".join(
                f"<li>{e(m['path'])} — "
                + (
                    self.tr("loaded")
                    if m["loaded"]
                    else e(self.tr("error: %1").replace("%1", str(m["error"])))
                )
                + "</li>"
                for m in info["modules"]
            )
            or "<li>—</li>"
        )
        locked = ", ".join(info["settings"]["locked"]) or "—"
        rows = [
            (self.tr("Version"), info["version"]),
            (self.tr("Build date"), self.build_date_text(info["build_date"])),
            (
                self.tr("Administrative units data"),
                f"{data.get('package', '?')} {data.get('version', '')} ({data.get('data_date', '?')})",
            ),
            (self.tr("User settings"), info["settings"]["user_file"]),
            (self.tr("Machine settings (IT)"), info["settings"]["machine_file"]),
            (self.tr("Locked by IT"), locked),
            (self.tr("Log file"), info["logs"]),
        ]
        table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(str(v))}</td></tr>" for k, v in rows)
        tagline = self.tr("Public-service digital signatures")
        modules_label = self.tr("PKCS#11 modules")
        return (
            f"<h3>Kyso</h3><p>{e(tagline)}</p>"
            f"<table cellspacing='4'>{table}</table>"
            f"<p><b>{e(modules_label)}</b></p><ul>{modules}</ul>"
        )
