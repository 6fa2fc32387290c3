"""The sign page's list of PDFs: adding files and folders (listed off the GUI thread),
dropping them, the per-file result rows and the preview of the first file."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import QFileDialog, QStyle, QTreeWidgetItem

from kyso.core.errors import KysoError
from kyso.core.signing.existing import SignatureWidget, signature_widgets
from kyso.ui import workers
from kyso.ui.sign.worker import list_pdfs, read_preview

log = logging.getLogger(__name__)


def _read_with_signatures(path: Path) -> tuple[Path, bytes, list[SignatureWidget]]:
    """Worker thread: the PDF's bytes and the visible signatures already in it."""
    path, data = read_preview(path)
    return path, data, signature_widgets(data)


class SignFilesMixin:
    """Part of :class:`kyso.ui.sign.page.SignPage`: the files to sign (``files``,
    ``file_tree``) and the preview."""

    @Slot()
    def choose_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Add PDF files to sign"))
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.filesSelected.connect(self.add_paths)
        self.file_dialog = dialog
        dialog.open()

    @Slot()
    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Add a folder of PDF files"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda path: self.add_paths([path]))
        self.file_dialog = dialog
        dialog.open()

    @Slot()
    def choose_output_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Folder for the signed files"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.set_output_folder)
        self.file_dialog = dialog
        dialog.open()

    def set_output_folder(self, folder: str | Path | None) -> None:
        if folder:
            self.folder_edit.setText(str(folder))
            self.folder_radio.setChecked(True)
        else:
            self.beside_radio.setChecked(True)

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        """Add PDF files, and the PDFs directly inside folders (already signed outputs and
        duplicates are skipped). Folders are listed by a worker, never on the GUI thread;
        files named ``*.pdf`` are added at once."""
        if self._busy:
            return
        paths = list(paths)
        if not paths:
            return
        if all(str(p).lower().endswith(".pdf") for p in paths):
            self._add_found([Path(p) for p in paths])
            return
        self._listing += 1
        self.status_label.setText(self.tr("Looking for PDF files in the folder…"))
        self._update_buttons()
        workers.start(list_pdfs, paths, on_done=self._listed, on_error=self._listing_failed)

    def is_listing(self) -> bool:
        """True while a folder is being listed (its PDFs are not in the list yet)."""
        return self._listing > 0

    @Slot(object)
    def _listed(self, found: list[Path]) -> None:
        self._listing -= 1
        self.status_label.setText("")
        self._add_found(found)
        self._update_buttons()

    @Slot(object)
    def _listing_failed(self, err: object) -> None:
        self._listing -= 1
        self._update_buttons()
        text = err.message(self.language) if isinstance(err, KysoError) else str(err)
        self.show_message(text, error=True)

    def _add_found(self, found: Iterable[Path]) -> None:
        if self._busy:
            return
        added = False
        for f in found:
            if f.suffix.lower() != ".pdf" or f in self.files:
                continue
            self.files.append(f)
            self.file_tree.addTopLevelItem(QTreeWidgetItem([f.name, "", ""]))
            self._show_row(len(self.files) - 1)
            added = True
        if added:
            self._new_list()

    def remove_selected(self) -> None:
        if self._busy:
            return
        rows = sorted(
            (self.file_tree.indexOfTopLevelItem(i) for i in self.file_tree.selectedItems()),
            reverse=True,
        )
        for row in rows:
            self.file_tree.takeTopLevelItem(row)
            del self.files[row]
        self._new_list()

    def clear_files(self) -> None:
        if self._busy:
            return
        self.files.clear()
        self.file_tree.clear()
        self._new_list()

    def _new_list(self) -> None:
        self.results.clear()
        self.report = None
        for i in range(len(self.files)):
            self._show_row(i)
        self._load_preview()
        self._update_buttons()

    def _load_preview(self) -> None:
        """Preview the first file: read by a worker, shown when its bytes arrive."""
        first = self.files[0] if self.files else None
        if first == self._preview_path:
            return
        self._preview_path = first
        if first is None:
            self._close_preview()
            return
        workers.start(
            _read_with_signatures, first, on_done=self._preview_read, on_error=self._preview_failed
        )

    @Slot(object)
    def _preview_read(self, result: tuple[Path, bytes, list[SignatureWidget]]) -> None:
        path, data, signatures = result
        if path != self._preview_path:
            return  # the list changed meanwhile; a newer read is on its way
        self._close_preview()
        self._preview_signatures = signatures
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._preview_buffer = buffer
        self.preview.set_source(data)
        self._pdf_doc.load(buffer)
        count = max(self._pdf_doc.pageCount(), 1)
        self.thumbnails.set_source(data, self._pdf_doc.pageCount())
        self.thumbnails.setVisible(count > 1)  # one page: the room goes to the page itself
        self.page_spin.setRange(1, count)
        page, _box = self.placement()
        self.page_spin.setValue(min(page + 1, count))
        self.preview.go_to_page(self.page_spin.value() - 1)
        self.thumbnails.show_page(self.page_spin.value() - 1)
        self._update_snap_button()
        self.appearance_changed()

    @Slot(object)
    def _preview_failed(self, err: object) -> None:
        log.info("no preview: %s", err)
        self._preview_path = None
        self._close_preview()

    def _close_preview(self) -> None:
        self._preview_signatures = []
        self.preview.set_source(None)
        self.thumbnails.set_source(None, 0)
        self.thumbnails.setVisible(False)
        self._pdf_doc.close()
        if self._preview_buffer is not None:
            self._preview_buffer.close()
            self._preview_buffer.deleteLater()
            self._preview_buffer = None
        self.page_spin.setRange(1, 1)

    def _show_row(self, index: int) -> None:
        item = self.file_tree.topLevelItem(index)
        if item is None:
            return
        result = self.results.get(index)
        stopped = self.report.stopped if self.report is not None else None
        status = self.status_text(result, stopped)
        item.setText(self.COL_STATUS, status)
        item.setToolTip(self.COL_STATUS, status)  # an error is longer than its column
        item.setText(
            self.COL_OUTPUT,
            str(result.output) if result and result.status in ("signed", "already_signed") else "",
        )
        item.setToolTip(self.COL_FILE, str(self.files[index]))
        pix = None
        if result is not None:
            pix = {
                "signed": QStyle.StandardPixmap.SP_DialogApplyButton,
                "already_signed": QStyle.StandardPixmap.SP_DialogApplyButton,
                "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
            }.get(result.status, QStyle.StandardPixmap.SP_MessageBoxWarning)
        item.setIcon(self.COL_STATUS, self.style().standardIcon(pix) if pix else QIcon())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self._busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if p]  # folders are told apart by the listing worker
        if paths and not self._busy:
            event.acceptProposedAction()
            self.add_paths(paths)
        else:
            event.ignore()
