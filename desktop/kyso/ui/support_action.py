"""Help → "Tạo gói hỗ trợ": the support bundle IT asks for (core/app/support.py), written
in a worker to a file the user picks; never overwrites (the core refuses), says where it went."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kyso.core.app.support import build_support_bundle
from kyso.ui import workers


class SupportBundleAction(QAction):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.last_path: Path | None = None
        self.triggered.connect(self.ask_and_write)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Create a support bundle for IT…"))

    def default_name(self) -> str:
        return f"kyso-ho-tro-{dt.date.today():%Y%m%d}.zip"

    def ask_and_write(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save the support bundle"),
            str(Path.home() / self.default_name()), self.tr("ZIP files (*.zip)"),
            options=QFileDialog.Option.DontConfirmOverwrite,  # the core never overwrites
        )
        if path:
            self.write(Path(path))

    def write(self, path: Path) -> None:
        env = getattr(self.window, "env", None)
        if env is None:
            return
        workers.start(build_support_bundle, env, path, on_done=self._done,
                      on_error=self.window.show_error)

    def _done(self, bundle: Any) -> None:
        self.last_path = bundle.path
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Support bundle"),
                          self.tr("The support bundle was saved as %1. It holds no PIN, "
                                  "password or document content; send it to IT.")
                          .replace("%1", str(bundle.path)),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("supportBundleBox")
        box.open()
