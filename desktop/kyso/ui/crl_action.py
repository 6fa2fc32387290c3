"""Tools → "Nạp CRL từ tệp…": revocation lists copied by hand on a closed network.

The files are read the way ``kyso check --crl FILE…`` reads them
(:func:`kyso.core.trust.revocation.load_crl_files`, then
:func:`kyso.core.checkup.certificate.make_checker` with ``crls=``): the window's trust
checker is rebuilt with them, in a worker, and every inserted token is checked again, so a
certificate whose revocation could not be checked ("chưa kiểm tra được") shows "revoked" or
"good" as the file says. The CRLs stay loaded until Kyso closes; files loaded later are
added to them. A file that is not a CRL is refused with a message that names it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from kyso.core.app.environment import Environment
from kyso.core.checkup.certificate import make_checker
from kyso.core.trust.revocation import load_crl_files
from kyso.ui import workers


def checker_with_crls(env: Environment, files: Sequence[Path]) -> Any:
    """The trust checker ``kyso check --crl FILE…`` would use (raises
    :class:`~kyso.core.trust.revocation.RevocationDataError` for a file that is not a CRL)."""
    return make_checker(
        env.settings.values, env.paths, demo=env.demo, crls=load_crl_files(list(files))
    )


class LoadCrlAction(QAction):
    """The menu entry; :meth:`load` does the work (tests call it without the dialog)."""

    loaded = Signal(int)
    """Emitted with the number of CRL files in use once the checker has been replaced."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("loadCrlAction")
        self.window = window
        self.files: list[Path] = []
        """The CRL files in use (kept for this session only)."""
        self.choose: Callable[[], list[str]] = self._dialog
        """Asks for the files; tests replace it (the static dialog is modal)."""
        self.setEnabled(False)  # until the window's checker is ready
        self.triggered.connect(self.ask_and_load)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Load a CRL from a file…"))
        self.setToolTip(
            self.tr(
                "Check revocation with certificate revocation lists (CRL) copied by hand, "
                "for computers without network access"
            )
        )

    def _dialog(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Load a CRL from a file"),
            "",
            self.tr("Certificate revocation lists (*.crl *.pem *.der);;All files (*)"),
        )
        return list(files)

    def ask_and_load(self) -> None:
        files = self.choose()
        if files:
            self.load([Path(f) for f in files])

    def load(self, paths: Sequence[Path]) -> None:
        env: Environment | None = getattr(self.window, "env", None)
        if env is None:
            return
        files = [*self.files, *(p for p in paths if p not in self.files)]
        self.setEnabled(False)
        workers.start(
            lambda: (checker_with_crls(env, files), files),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, result: tuple[Any, list[Path]]) -> None:
        checker, files = result
        self.files = files
        self.setEnabled(True)
        self.window._checker_ready(checker)  # re-checks every inserted token
        self.window.statusBar().showMessage(
            self.tr("Loaded %1 CRL file(s); the certificates are being checked again.").replace(
                "%1", str(len(files))
            ),
            15000,
        )
        self.loaded.emit(len(files))

    def _failed(self, err: Any) -> None:
        self.setEnabled(True)
        self.window.show_error(err)
