"""Asking where to save an export: the chosen type's suffix is added *before* checking
whether the file exists, and replacing one is asked for explicitly (default No)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class SaveAsker(QObject):
    """Asks where to save a file and, when it exists, whether to replace it.

    A :class:`QFileDialog` with a default suffix; the suffix of the chosen type is added
    when the name has none of the offered ones, and only then is the file looked for, so a
    name typed without its extension never replaces a file silently. :attr:`chosen` gives
    ``(path, overwrite)``; ``overwrite`` is True only when the user said to replace the file.
    Both dialogs are opened with ``open()`` and kept as attributes (tests drive them).
    """

    chosen = Signal(object, bool)
    cancelled = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        filters: Sequence[tuple[str, str]],
        suggested: str,
    ) -> None:
        """``filters``: (name filter, suffix without the dot), the first is the default."""
        super().__init__(parent)
        self.parent_widget = parent
        self.title = title
        self.filters = list(filters)
        dialog = QFileDialog(parent, title, suggested)
        dialog.setObjectName("saveFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([f for f, _ in self.filters])
        dialog.setDefaultSuffix(self.filters[0][1])
        # Asked below, once the suffix is on the name (the dialog may ask before adding it).
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
        dialog.filterSelected.connect(self._filter_selected)
        dialog.fileSelected.connect(self._file_selected)
        dialog.rejected.connect(self._cancel)
        self.dialog = dialog
        self.confirm: QMessageBox | None = None

    def open(self) -> None:
        self.dialog.open()

    def _suffix_for(self, name_filter: str) -> str:
        return next((sfx for f, sfx in self.filters if f == name_filter), self.filters[0][1])

    def _filter_selected(self, name_filter: str) -> None:
        self.dialog.setDefaultSuffix(self._suffix_for(name_filter))

    def _file_selected(self, name: str) -> None:
        if not name:
            self._cancel()
            return
        path = Path(name)
        offered = {sfx.lower() for _, sfx in self.filters}
        if path.suffix.lower().lstrip(".") not in offered:
            path = path.with_name(
                f"{path.name}.{self._suffix_for(self.dialog.selectedNameFilter())}"
            )
        if not path.exists():
            self._finish(path, False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.title,
            self.tr("“%1” already exists. Do you want to replace it?").replace("%1", str(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent_widget,
        )
        box.setObjectName("replaceFileBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(
            lambda button: self._finish(path, True)
            if box.standardButton(button) == QMessageBox.StandardButton.Yes
            else self._cancel()
        )
        self.confirm = box
        box.open()

    def _finish(self, path: Path, overwrite: bool) -> None:
        self.chosen.emit(path, overwrite)
        self._dispose()

    def _cancel(self) -> None:
        self.cancelled.emit()
        self._dispose()

    def _dispose(self) -> None:
        for dialog in (self.dialog, self.confirm):
            if dialog is not None:
                dialog.deleteLater()
        self.deleteLater()


