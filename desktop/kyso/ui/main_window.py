"""Kyso's main window: the device tree, the details panel, the empty state, and the
Sign, Verify and Inventory pages in tabs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QDataStream,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kyso.core.app.about import about
from kyso.core.app.environment import Environment, add_demo
from kyso.core.checkup.certificate import make_checker
from kyso.core.checkup.export import CheckRow
from kyso.core.errors import KysoError
from kyso.core.inventory.phuluc import directive_from_settings
from kyso.core.inventory.store import Inventory
from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.pin_store import PinStore
from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import CertificateEntry, TokenKey, TokenSnapshot, read_certificates
from kyso.core.tokens.watching import TokenEvent, TokenWatcher
from kyso.core.trust.anchors import download_bcy_roots, downloaded_anchors_dir
from kyso.ui import workers
from kyso.ui.about_dialog import AboutDialog
from kyso.ui.checks import CertificateChecksMixin
from kyso.ui.details import DetailsPanel
from kyso.ui.device_model import (
    COL_NAME,
    KIND_CERT,
    KIND_REMOTE_ACCOUNT,
    KIND_TOKEN,
    ROLE_TOKEN_KEY,
    DeviceModel,
    payload,
)
from kyso.ui.guide_dialog import GuideDialog
from kyso.ui.inventory.page import InventoryPage
from kyso.ui.pin_dialog import GuiPinPrompter
from kyso.ui.reform_panel import ReformPanel
from kyso.ui.remote.window import RemoteAccountsMixin
from kyso.ui.save_asker import SaveAsker
from kyso.ui.settings_dialog import SettingsDialog
from kyso.ui.sign.context import SigningContext
from kyso.ui.sign.page import SignPage
from kyso.ui.verify.page import VerifyPage
from kyso.ui.widgets.demo_banner import DemoBanner
from kyso.ui.widgets.empty_state import EmptyState
from kyso.ui.widgets.scroll_area import scrollable

log = logging.getLogger(__name__)


class DeviceSplitter(QSplitter):
    """The device tree beside the details; knows whether it was ever on screen.

    It sits in a stack behind the "no token" page, so a session that never shows a token
    never lays it out: its sizes then are size hints (70 : 181 pixels), and saving them made
    every later start give the tree a quarter of the width (names cut to "…")."""

    MIN_LAID_OUT = 400
    """Below this total width a saved state is one of a splitter never laid out."""

    def __init__(self) -> None:
        super().__init__()
        self.shown = False

    def showEvent(self, event: QShowEvent) -> None:
        self.shown = True
        super().showEvent(event)

    @staticmethod
    def saved_sizes(state: QByteArray) -> list[int]:
        """The sizes written in a :meth:`saveState` (``sizes()`` after ``restoreState``
        on a splitter not laid out yet gives them rescaled, so they are read here)."""
        stream = QDataStream(state)
        marker, _version, count = stream.readInt32(), stream.readInt32(), stream.readInt32()
        if marker != 0xFF or not 0 < count < 16:
            return []
        return [stream.readInt32() for _ in range(count)]


class WatcherBridge(QObject):
    """Carries watcher events from its thread to the GUI thread (queued signal)."""

    event = Signal(object)

    def __call__(self, event: TokenEvent) -> None:
        self.event.emit(event)


class MainWindow(RemoteAccountsMixin, CertificateChecksMixin, QMainWindow):
    ready = Signal()
    """Emitted once the modules are loaded and the watcher runs."""
    exported = Signal(str)

    def __init__(
        self,
        open_env: Callable[[], Environment],
        *,
        language: str = "vi",
        set_language: Callable[[str], None] | None = None,
        settings_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("KysoMainWindow")
        self.language = language
        self._set_language = set_language
        self.env: Environment | None = None
        self.watcher: TokenWatcher | None = None
        self.checker: Any = None
        self._pending_checks: list[TokenSnapshot] = []
        self._waiting_files: list[str] = []
        """Files to verify once the trust checker is ready."""
        self.check_rows: list[CheckRow] = []
        """The last "Check all" results, for export."""
        self.progress: QProgressDialog | None = None
        self.bridge = WatcherBridge()
        self.bridge.event.connect(self.on_token_event, Qt.ConnectionType.QueuedConnection)
        self.prompter = GuiPinPrompter(self, language)
        self.prompter.pinpad.connect(self.on_pinpad)
        self.prompter.shared_login.connect(self.on_shared_login)
        self.pinpad_box: QMessageBox | None = None
        self._qsettings = (
            QSettings(str(settings_file), QSettings.Format.IniFormat) if settings_file else None
        )

        self.model = DeviceModel(language)
        self.tree = QTreeView()
        self.tree.setObjectName("deviceTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self.on_current_changed)
        self.details = DetailsPanel(language)
        self.empty = EmptyState()
        self.empty.demo_requested.connect(self.use_demo)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        splitter = DeviceSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.tree)
        self.reform_panel = ReformPanel(language)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.details, "")
        self.side_tabs.addTab(self.reform_panel, "")
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.stack.addWidget(splitter)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.stack, "")
        self.demo_banner = DemoBanner()
        self.demo_banner.setVisible(False)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(2)
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.inventory_page: InventoryPage | None = None
        self.inventory_tab: QWidget | None = None
        # The Sign and Verify pages lay themselves out for small screens (their settings
        # scroll, their main action bar does not), so they are tabs as they are.
        self.verify_page = VerifyPage(language=language)
        self.verify_page.failed.connect(self.show_error)
        self.save_asker: SaveAsker | None = None
        self.verify_tab = self.verify_page
        self.tabs.addTab(self.verify_tab, "")
        self.sign_page = SignPage(SigningContext.for_window(self), language=language)
        self.sign_tab = self.sign_page
        self.tabs.insertTab(1, self.sign_tab, "")
        self._reform_shown: CertificateEntry | None = None
        """The certificate the two-tier panel shows (a unit picked there survives refreshes)."""
        self.loading = QLabel()
        self.statusBar().addWidget(self.loading)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.addToolBar(self.toolbar)
        self.act_refresh = QAction(self)
        self.act_refresh.triggered.connect(self.refresh)
        self.act_login = QAction(self)
        self.act_login.setEnabled(False)
        self.act_login.triggered.connect(self.login_selected)
        self.act_check_all = QAction(self)
        self.act_check_all.setEnabled(False)
        self.act_check_all.triggered.connect(self.check_all)
        self.act_export = QAction(self)
        self.act_export.setEnabled(False)
        self.act_export.triggered.connect(self.ask_export_checks)
        self.toolbar.addAction(self.act_refresh)
        self.toolbar.addAction(self.act_login)
        self.toolbar.addAction(self.act_check_all)
        self.act_add_inventory = QAction(self)
        self.act_add_inventory.setEnabled(False)
        self.act_add_inventory.triggered.connect(self.add_selected_to_inventory)
        self.toolbar.addAction(self.act_add_inventory)
        self.toolbar.addAction(self.act_export)
        self.remote = None
        self.account_dialog = None
        self.act_remote_accounts = QAction(self)
        self.act_remote_accounts.setObjectName("remoteAccountsAction")
        self.act_remote_accounts.setEnabled(False)
        self.act_remote_accounts.triggered.connect(lambda: self.open_account_dialog())
        self.toolbar.addAction(self.act_remote_accounts)
        self.lang_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.act_vi = QAction("Tiếng Việt", self, checkable=True)
        self.act_en = QAction("English", self, checkable=True)
        for act, code in ((self.act_vi, "vi"), (self.act_en, "en")):
            group.addAction(act)
            self.lang_menu.addAction(act)
            act.setChecked(code == language)
            act.triggered.connect(lambda checked, c=code: self.change_language(c))
        self.tools_menu = self.menuBar().addMenu("")
        self.act_settings = QAction(self)
        self.act_settings.triggered.connect(self.show_settings)
        self.act_download_roots = QAction(self)
        self.act_download_roots.triggered.connect(self.download_roots)
        self.tools_menu.addAction(self.act_settings)
        self.tools_menu.addAction(self.act_download_roots)
        from kyso.ui.crl_action import LoadCrlAction

        self.act_load_crl = LoadCrlAction(self)
        self.tools_menu.addAction(self.act_load_crl)
        self.help_menu = self.menuBar().addMenu("")
        self.act_guide = QAction(self)
        self.act_guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.act_guide.triggered.connect(self.show_guide)
        self.help_menu.addAction(self.act_guide)
        self.guide_dialog: GuideDialog | None = None
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.show_about)
        self.help_menu.addAction(self.act_about)
        from kyso.ui.support_action import SupportBundleAction

        self.act_support = SupportBundleAction(self)
        self.help_menu.addAction(self.act_support)
        self.retranslate()
        self.resize(self.default_size())
        self._restore_state()
        self._load(open_env)

    def default_size(self) -> QSize:
        """1100×680, or less on a screen that offers less (1366×768 at 150 % gives 911×512
        logical pixels): a window larger than its screen hides its own buttons."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1100, 680)
        avail = screen.availableGeometry()
        return QSize(min(1100, avail.width()), min(680, avail.height()))

    # -- texts ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Kyso — public-service digital signatures"))
        self.act_refresh.setText(self.tr("Refresh"))
        self.act_login.setText(self.tr("Log in to check keys"))
        self.act_check_all.setText(self.tr("Check all"))
        self.act_export.setText(self.tr("Export check results…"))
        self.act_add_inventory.setText(self.tr("Add to inventory"))
        self.act_remote_accounts.setText(self.tr("Remote signing accounts…"))
        self.tabs.setTabText(0, self.tr("Devices"))
        self.tabs.setTabText(self.tabs.indexOf(self.verify_tab), self.tr("Verify"))
        self.tabs.setTabText(self.tabs.indexOf(self.sign_tab), self.tr("Sign"))
        self.side_tabs.setTabText(0, self.tr("Details"))
        self.side_tabs.setTabText(1, self.tr("Two-tier model"))
        if self.inventory_page is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.inventory_tab), self.tr("Inventory"))
        self.lang_menu.setTitle(self.tr("Language"))
        self.help_menu.setTitle(self.tr("Help"))
        self.act_settings.setText(self.tr("Settings…"))
        self.tools_menu.setTitle(self.tr("Tools"))
        self.act_download_roots.setText(self.tr("Download Ban Cơ yếu's root certificates"))
        self.act_about.setText(self.tr("About Kyso"))
        if hasattr(self, "act_support"):
            self.act_support.retranslate()
        if hasattr(self, "act_load_crl"):
            self.act_load_crl.retranslate()
        self.act_guide.setText(self.tr("User guide"))
        self.model.retranslate()
        self.empty.retranslate()
        if self.env is None:
            self.loading.setText(self.tr("Looking for tokens…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def change_language(self, code: str) -> None:
        """Switch every page now: the translators are swapped first, so the pages that
        retranslate here (and on Qt's LanguageChange event, later) read the new ones."""
        if self._set_language:
            self._set_language(code)
        self.language = code
        self.details.language = code
        self.model.set_language(code)
        self.reform_panel.language = code
        self.verify_page.set_language(code)
        self.sign_page.set_language(code)
        self.prompter.language = code
        if self.inventory_page is not None:
            self.inventory_page.language = code
            self.inventory_page.retranslate()
        self.retranslate()

    # -- start-up ------------------------------------------------------------------------
    def _load(self, open_env: Callable[[], Environment]) -> None:
        workers.start(open_env, on_done=self._env_ready, on_error=self.show_error)

    @Slot(object)
    def _env_ready(self, env: Environment) -> None:
        """Always ends with the checker started and :attr:`ready` emitted: a part that fails
        here (a damaged inventory, a module) is reported and the rest of Kyso keeps working."""
        self.env = env
        self.loading.setText("")
        try:
            self.prompter.pin_store = PinStore(env.settings.values.pin_in_keyring)
            for problem in env.problems:
                self.statusBar().showMessage(problem.message(self.language), 15000)
            self._start_watching(env.modules)
            self._start_remote(env)
            self._add_inventory_page(env)
            self._start_bridge(env)
        except Exception as exc:  # reported; start-up goes on
            log.exception("start-up step failed")
            self.show_error(
                exc
                if isinstance(exc, KysoError)
                else KysoError(
                    f"Một phần của Kyso không khởi động được ({type(exc).__name__}); các phần "
                    "khác vẫn dùng được. Hãy khởi động lại Kyso; nếu vẫn lỗi, gửi tệp nhật ký "
                    "cho bộ phận CNTT.",
                    f"Part of Kyso could not start ({type(exc).__name__}); the rest works. "
                    "Restart Kyso; if it persists, send the log file to IT.",
                    code="unexpected",
                )
            )
        finally:
            workers.start(
                self._make_checker, env, on_done=self._checker_ready, on_error=self._checker_failed
            )
            self.ready.emit()

    def _start_bridge(self, env: Environment) -> None:
        """The local signing bridge for web document systems (ui/bridge/runner.py)."""
        from kyso.ui.bridge.runner import BridgeRunner

        self.web_bridge = BridgeRunner(self, env)
        self.web_bridge.start()

    def _add_inventory_page(self, env: Environment) -> None:
        settings, paths = env.settings.values, env.paths
        # The page opens the file itself and shows why when it cannot (never raises here).
        self.inventory_page = InventoryPage(
            lambda: Inventory.open_default(settings, paths),
            language=self.language,
            # Read when a report is made: a directive saved in Settings heads the next one.
            directive_source=lambda: directive_from_settings(env.settings.values),
        )
        # its tables and forms need about 900×410 pixels: below that, the page scrolls
        self.inventory_tab = scrollable(self.inventory_page)
        self.tabs.addTab(self.inventory_tab, self.tr("Inventory"))

    def _make_checker(self, env: Environment) -> Any:
        """The window's trust checker, with the CRL files loaded by hand (if any)."""
        files = list(self.act_load_crl.files)
        if files:
            from kyso.ui.crl_action import checker_with_crls

            return checker_with_crls(env, files)
        return make_checker(env.settings.values, env.paths, demo=env.demo)

    @Slot(object)
    def _checker_failed(self, err: Any) -> None:
        self.show_error(err)
        self._open_waiting()  # verified with the default anchors rather than never

    def _open_waiting(self) -> None:
        waiting, self._waiting_files = self._waiting_files, []
        if waiting:
            self.open_files(waiting)

    @Slot(object)
    def _checker_ready(self, checker: Any) -> None:
        replaced = self.checker is not None
        self.checker = checker
        self.verify_page.set_checker(checker)
        self._open_waiting()
        self.act_check_all.setEnabled(self.progress is None)  # not while "Check all" runs
        self.act_load_crl.setEnabled(True)
        pending, self._pending_checks = self._pending_checks, []
        for snap in pending:
            self._check_token(snap)
        self._check_remote(again=replaced)
        if replaced and self.watcher is not None:  # new anchors: check everything again
            for snap in self.watcher.snapshots():
                self._check_token(snap)

    def _start_watching(self, modules: list[Pkcs11Module]) -> None:
        if self.watcher:
            self.watcher.stop(wait=False)  # never block the GUI thread on a busy token
        assert self.env is not None
        self.model.set_modules(modules)
        self.watcher = TokenWatcher(
            modules, self.bridge, interval_s=self.env.settings.values.watch_interval_ms / 1000
        )
        self.watcher.start()
        self._update_stack()

    @Slot()
    def use_demo(self) -> None:
        if self.env is None:
            return
        env = self.env

        def work() -> list[Pkcs11Module]:
            add_demo(env)
            if env.demo is None:
                raise env.problems[-1]
            return env.modules

        workers.start(work, on_done=self._start_watching, on_error=self.show_error)

    # -- events from the watcher ---------------------------------------------------------
    def _update_demo_banner(self) -> None:
        """The banner shows while a DEMO token is inserted."""
        snaps = self.watcher.snapshots() if self.watcher is not None else []
        self.demo_banner.show_for_demo(any(s.info.is_demo for s in snaps))

    @Slot(object)
    def on_token_event(self, event: TokenEvent) -> None:
        snap = event.snapshot
        module = self._module(snap.key.module_path)
        if event.kind == "added" and module is not None:
            item = self.model.token_added(module, snap)
            self.tree.expand(item.index())
            if item.parent():
                self.tree.expand(item.parent().index())
            self.statusBar().showMessage(
                self.tr("Token inserted: %1").replace("%1", snap.info.label), 5000
            )
            self._check_token(snap)
            self._update_demo_banner()
        elif event.kind == "removed":
            self.model.token_removed(snap.key)
            self._update_demo_banner()
            self.statusBar().showMessage(
                self.tr("Token removed: %1").replace("%1", snap.info.label), 5000
            )
            if event.had_session:
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    self.tr("Token removed"),
                    self.tr(
                        "Token “%1” was removed while Kyso was using it. The session was closed; insert the token again and repeat what you were doing."
                    ).replace("%1", snap.info.label),
                    QMessageBox.StandardButton.Ok,
                    self,
                )
                box.setObjectName("tokenRemovedBox")
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
        elif event.kind == "changed":
            self.model.token_changed(snap)
        self._update_stack()
        self.on_current_changed(self.tree.currentIndex(), QModelIndex())
        self.sign_page.tokens_changed()

    def _module(self, path: str) -> Pkcs11Module | None:
        return self.env.module_for(path) if self.env else None

    def _update_stack(self) -> None:
        shown = self.model.token_count() or self.model.remote_count()
        self.stack.setCurrentIndex(1 if shown else 0)

    # -- selection and details -----------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        kind, data = payload(current)
        self.act_login.setEnabled(kind in (KIND_TOKEN, KIND_CERT, KIND_REMOTE_ACCOUNT))
        self.act_add_inventory.setEnabled(
            kind == KIND_CERT
            and data.details is not None
            and not data.is_ca
            and self.inventory_page is not None
        )
        if kind == KIND_TOKEN:
            self.details.show_token(data)
            self.reform_panel.clear()
            self._reform_shown = None
        elif kind == KIND_CERT:
            sha = data.details.sha256 if data.details else None
            self.details.show_certificate(data, self.model.checks.get(sha) if sha else None)
            if data.details is not None and data is not self._reform_shown:
                self.reform_panel.show_certificate(data.details)
                self._reform_shown = data
            elif data.details is None:
                self.reform_panel.clear()
        elif kind == KIND_REMOTE_ACCOUNT:
            self.act_add_inventory.setEnabled(
                bool(data.credentials) and self.inventory_page is not None
            )
            self.details.show_rows(*self.remote_account_rows(data))
            self.reform_panel.clear()
            self._reform_shown = None
        else:
            self.details.clear()
            self.reform_panel.clear()
            self._reform_shown = None

    def selected_token_key(self) -> TokenKey | None:
        index = self.tree.currentIndex().siblingAtColumn(COL_NAME)
        return index.data(ROLE_TOKEN_KEY) if index.isValid() else None

    def select_certificate(self, predicate: Callable[[CertificateEntry], bool]) -> bool:
        """Select the first certificate matching ``predicate`` (used by tests and search)."""
        for row in range(self.model.rowCount()):
            if self._select_in(self.model.index(row, 0), predicate):
                return True
        return False

    def _select_in(
        self, parent: QModelIndex, predicate: Callable[[CertificateEntry], bool]
    ) -> bool:
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            kind, data = payload(index)
            if kind == KIND_CERT and predicate(data):
                self.tree.setCurrentIndex(index)
                return True
            if self._select_in(index, predicate):
                return True
        return False

    # -- actions -------------------------------------------------------------------------
    def open_files_when_ready(self, files: list[str], *, sign: bool = False) -> None:
        """Files from the command line or the file manager, given at start-up: to sign, once
        the tokens are looked for; to verify, once the trust checker (with the DEMO root in
        DEMO mode, IT's anchors otherwise) is built: verified before, a DEMO-signed file
        came out "no certificate chain found" (issue 16)."""
        if sign:
            if self.env is not None:
                self.open_files(files, sign=True)
            else:
                self.ready.connect(lambda: self.open_files(files, sign=True))
            return
        if self.checker is not None:
            self.open_files(files)
        else:
            self._waiting_files.extend(files)

    def open_files(self, files: list[str], *, sign: bool = False) -> None:
        """PDFs from the command line or the file manager ("Open with Kyso")."""
        if sign:
            self.tabs.setCurrentWidget(self.sign_tab)
            self.sign_page.add_paths(files)
            return
        self.tabs.setCurrentWidget(self.verify_tab)
        self.verify_page.open_paths(files)

    @Slot(bool, object)
    def on_shared_login(self, request: Any) -> None:
        label = request.token.label if request is not None else ""
        self.statusBar().showMessage(
            self.tr("Token “%1” is already logged in: the PIN was not asked again.").replace(
                "%1", label
            ),
            10000,
        )

    def on_pinpad(self, started: bool, request: Any) -> None:
        """A reader with its own keypad: tell the user to type the PIN there (no dialog to fill)."""
        if started:
            label = request.token.label if request is not None else ""
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Enter the PIN on the reader"),
                self.tr("Type the PIN of token “%1” on the card reader's keypad.").replace(
                    "%1", label
                ),
                QMessageBox.StandardButton.NoButton,
                self,
            )
            box.setObjectName("pinpadBox")
            box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            box.open()
            self.pinpad_box = box
        elif self.pinpad_box is not None:
            self.pinpad_box.close()
            self.pinpad_box.deleteLater()
            self.pinpad_box = None

    @Slot()
    def show_settings(self) -> None:
        if self.env is None:
            return
        dialog = SettingsDialog(self.env.settings, self, language=self.language)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def download_roots(self) -> None:
        """The explicit download: only certificates matching a pinned fingerprint are kept."""
        if self.env is None:
            return
        env = self.env
        dest = downloaded_anchors_dir(env.paths)

        def done(result: Any) -> None:
            self.statusBar().showMessage(
                self.tr("Saved %1 root certificate(s) with a pinned fingerprint.").replace(
                    "%1", str(len(result.saved))
                ),
                15000,
            )
            # Re-check with the new anchors.
            workers.start(
                self._make_checker, env, on_done=self._checker_ready, on_error=self._checker_failed
            )

        workers.start(download_bcy_roots, dest, on_done=done, on_error=self.show_error)

    @Slot()
    def show_guide(self) -> None:
        """The user guide in the current language (one window, raised when open)."""
        if self.guide_dialog is None:
            self.guide_dialog = GuideDialog(self.language, self)
        else:
            self.guide_dialog.show_language(self.language)
        self.guide_dialog.show()
        self.guide_dialog.raise_()

    def show_about(self) -> None:
        dialog = AboutDialog(about(self.env), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def add_selected_to_inventory(self) -> None:
        """One click: the selected certificate goes into the unit's inventory (or is updated)."""
        kind, entry = payload(self.tree.currentIndex())
        if self.add_remote_to_inventory():
            return
        key = self.selected_token_key()
        if kind != KIND_CERT or entry.details is None or key is None or not self.watcher:
            return
        snap = self.watcher.current.get(key)
        if snap is None or self.inventory_page is None:
            return
        check = self.model.checks.get(entry.details.sha256)
        self.inventory_page.add_from_token(entry, snap.info, check)

    @Slot()
    def refresh(self) -> None:
        if self.watcher:
            workers.start(self.watcher.poll_once)
        if self.remote is not None:
            self.remote.refresh()

    @Slot()
    def login_selected(self) -> None:
        if self.login_selected_remote():
            return
        key = self.selected_token_key()
        module = self._module(key.module_path) if key else None
        if key is None or module is None:
            return
        prompter = self.prompter

        def work() -> TokenSnapshot:
            session = login(
                module,
                key,
                prompter,
                purpose_vi="Đăng nhập để kiểm tra khóa bí mật trên token",
                purpose_en="Log in to check the private keys on the token",
            )
            with session:
                entries = session.run(lambda raw: read_certificates(raw, session.info.flags))
            return TokenSnapshot(session.info, entries)

        workers.start(work, on_done=self._logged_in, on_error=self.show_error)

    @Slot(object)
    def _logged_in(self, snap: TokenSnapshot) -> None:
        module = self._module(snap.key.module_path)
        if module is None:
            return
        self._remember_logged_in(snap)
        item = self.model.token_added(module, snap)
        self.tree.expand(item.index())
        self.tree.setCurrentIndex(item.index())
        self.statusBar().showMessage(self.tr("Logged in; private keys checked."), 8000)
        self.sign_page.tokens_changed()

    def _remember_logged_in(self, snap: TokenSnapshot) -> None:
        """Hand the logged-in reading (which keys exist) to the watcher, whose snapshots the
        Sign page reads (ignored if the token has gone meanwhile)."""
        if self.watcher is not None:
            self.watcher.update(snap)

    def show_error(self, err: Any) -> None:
        text = err.message(self.language) if isinstance(err, KysoError) else str(err)
        self.statusBar().showMessage(text, 20000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Kyso"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- window state --------------------------------------------------------------------
    def _restore_state(self) -> None:
        if not self._qsettings:
            return
        geometry = self._qsettings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self._qsettings.value("windowState")
        if state is not None:
            self.restoreState(state)
        splitter = self._qsettings.value("splitter")
        # one saved by an older Kyso from a splitter never laid out is left: the 3 : 2 split
        if (
            isinstance(splitter, QByteArray)
            and sum(DeviceSplitter.saved_sizes(splitter)) >= DeviceSplitter.MIN_LAID_OUT
        ):
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        if not self._qsettings:
            return
        self._qsettings.setValue("geometry", self.saveGeometry())
        self._qsettings.setValue("windowState", self.saveState())
        if self.splitter.shown:  # sizes of a splitter never on screen mean nothing
            self._qsettings.setValue("splitter", self.splitter.saveState())
        self._qsettings.sync()

    def shutdown(self) -> None:
        self.prompter.shutdown()  # a worker waiting for a PIN is released as "cancelled"
        if getattr(self, "web_bridge", None) is not None:
            self.web_bridge.stop()
        self.sign_page.shutdown()
        self.verify_page.shutdown()
        if self.remote is not None:
            self.remote.blockSignals(True)
        if self.inventory_page is not None:
            self.inventory_page.shutdown()
        if self.watcher:
            self.watcher.stop(wait=False)  # never block the GUI thread on a busy token
            self.watcher = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.shutdown()
        super().closeEvent(event)
