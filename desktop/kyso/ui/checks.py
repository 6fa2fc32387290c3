"""The main window's certificate checks (trust and the two-tier model): each token's
certificates when it appears, "Check all" (tokens and remote signing accounts) with
progress and cancel, and the export of the results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QProgressDialog

from kyso.core.checkup.certificate import certificates_reform, check_certificate_full
from kyso.core.checkup.export import CheckRow, write_csv, write_xlsx
from kyso.core.checkup.token_checks import check_snapshot
from kyso.core.tokens.slots import TokenSnapshot
from kyso.ui import workers
from kyso.ui.save_asker import SaveAsker


class CertificateChecksMixin:
    """Part of :class:`kyso.ui.main_window.MainWindow`: checking certificates."""

    def _check_token(self, snap: TokenSnapshot) -> None:
        """Check a token's certificates in the background; badges appear when done."""
        if self.checker is None:
            self._pending_checks.append(snap)
            return
        checker = self.checker
        workers.start(
            lambda: [(r.check.sha256, r.check) for r in check_snapshot(snap, checker)],
            on_done=self._checks_done,
            on_error=self.show_error,
        )

    @Slot(object)
    def _checks_done(self, results: list[tuple[str, Any]]) -> None:
        for sha256, check in results:
            self.model.set_check(sha256, check)
        self.on_current_changed(self.tree.currentIndex(), QModelIndex())
        self.sign_page.tokens_changed()

    @Slot()
    def check_all(self) -> None:
        """Re-check every certificate on every inserted token, with progress and cancel."""
        if self.checker is None or self.watcher is None:
            return
        snaps = self.watcher.snapshots()
        remote = self.remote.credentials() if getattr(self, "remote", None) is not None else []
        checker = self.checker
        total = sum(len([c for c in s.user_certificates() if c.details]) for s in snaps)
        total += len(remote)
        self.progress = QProgressDialog(
            self.tr("Checking certificates…"), self.tr("Cancel"), 0, max(total, 1), self
        )
        self.progress.setObjectName("checkAllProgress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.act_check_all.setEnabled(False)

        def work(report: Callable[[int, int, str], None], cancel: Any) -> list[CheckRow]:
            rows: list[CheckRow] = []
            for snap in snaps:
                rows.extend(
                    check_snapshot(
                        snap, checker, report=report, cancel=cancel, done=len(rows), total=total
                    )
                )
                if cancel.is_set():
                    break
            reforms = certificates_reform([c.credential.certificate for c in remote])
            for cred, reform in zip(remote, reforms, strict=True):  # as a token's
                if cancel.is_set():
                    break
                check = check_certificate_full(cred.credential.certificate, checker,
                                               extra_certs=cred.credential.chain, reform=reform)
                name = cred.entry.details.common_name if cred.entry.details else cred.sha256
                rows.append(CheckRow(cred.account.name,
                                     f"remote:{cred.account.name}/{cred.credential.id}",
                                     name, check))
                report(len(rows), total, name)
            return rows

        worker = workers.start_with_progress(
            work,
            on_progress=self._check_progress,
            on_done=self._check_all_done,
            on_error=self._check_all_failed,
        )
        self.progress.canceled.connect(worker.cancel.set)
        self.progress.show()

    @Slot(int, int, str)
    def _check_progress(self, done: int, total: int, text: str) -> None:
        progress = self.progress
        if progress is None:
            return
        progress.setLabelText(self.tr("Checking: %1").replace("%1", text))
        progress.setMaximum(max(total, 1))
        # Last: a window-modal dialog's setValue processes events, which may close it.
        progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self.act_check_all.setEnabled(self.checker is not None)

    @Slot(object)
    def _check_all_done(self, rows: list[CheckRow]) -> None:
        self._close_progress()
        self.check_rows = rows
        for row in rows:
            if row.check.sha256:
                self.model.set_check(row.check.sha256, row.check)
        self.act_export.setEnabled(bool(rows))
        bad = sum(1 for r in rows if r.check.trust is not None and r.check.trust.status == "failed")
        warn = sum(
            1 for r in rows if r.check.trust is not None and r.check.trust.status == "warning"
        )
        self.statusBar().showMessage(
            self.tr("Checked %1 certificates: %2 failed, %3 with warnings.")
            .replace("%1", str(len(rows)))
            .replace("%2", str(bad))
            .replace("%3", str(warn)),
            15000,
        )
        self.on_current_changed(self.tree.currentIndex(), QModelIndex())
        self.sign_page.tokens_changed()

    @Slot(object)
    def _check_all_failed(self, err: Any) -> None:
        self._close_progress()
        self.show_error(err)

    @Slot()
    def ask_export_checks(self) -> None:
        """Ask for the file (the type's extension is added when missing, then Kyso asks
        before replacing an existing file) and export in a worker."""
        asker = SaveAsker(
            self,
            self.tr("Export check results"),
            [(self.tr("Excel workbook (*.xlsx)"), "xlsx"), (self.tr("CSV (*.csv)"), "csv")],
            str(Path.home() / "kiem-tra-chung-thu.xlsx"),
        )
        asker.chosen.connect(lambda path, overwrite: self.export_checks(path, overwrite=overwrite))
        self.save_asker = asker
        asker.open()

    def export_checks(self, path: Path, *, overwrite: bool = False) -> None:
        rows = list(self.check_rows)
        writer = write_csv if path.suffix.lower() == ".csv" else write_xlsx

        def done(out: Path) -> None:
            self.statusBar().showMessage(self.tr("Saved: %1").replace("%1", str(out)), 10000)
            self.exported.emit(str(out))

        workers.start(
            lambda: writer(rows, path, overwrite=overwrite), on_done=done, on_error=self.show_error
        )
