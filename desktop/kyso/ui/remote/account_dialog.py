"""The "Remote signing account" dialog (Tài khoản ký số từ xa): add, edit, remove, log in.

The service is one IT preset for this machine (its address, client id and profile fixed) or a
provider with an address the user types. Saving goes through the same account store as
``kyso remote add``; a password typed here logs in at once exactly as ``kyso remote login``
does (:func:`kyso.ui.remote.accounts.log_in`): the password itself is never kept, the
session's tokens go to the OS keyring (else memory). IT's preset accounts can only log in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kyso.core.errors import KysoError
from kyso.core.remote.accounts import PROVIDERS, Account, SecretStore
from kyso.ui.remote.accounts import PROVIDER_NAMES, AccountState, RemoteAccounts

AUTH_BASIC, AUTH_OAUTH = "basic", "oauth2"


class _TypedPassword:
    """A prompter that answers the password typed in the dialog, once."""

    def __init__(self, password: str) -> None:
        self._password: str | None = password

    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        value, self._password = self._password, None
        return value

    def waiting_for_approval(
        self,
        documents: Sequence[str],
        deadline_s: float,
        *,
        part: tuple[int, int] | None = None,
    ) -> None:
        pass

    def approval_finished(self) -> None:
        pass


class AccountDialog(QDialog):
    saved = Signal(str)
    """The account's name, once it is saved (and logged in when a password was typed)."""

    def __init__(self, accounts: RemoteAccounts, account: Account | None = None,
                 parent: QWidget | None = None, *, language: str = "vi") -> None:
        super().__init__(parent)
        self.setObjectName("remoteAccountDialog")
        self.language = "en" if language == "en" else "vi"
        self.accounts = accounts
        self.original = account
        self._busy = False
        self.setWindowTitle(self.tr("Remote signing account"))
        self.setMinimumWidth(min(560, max(420, self.fontMetrics().averageCharWidth() * 70)))

        self.intro = QLabel(self.tr(
            "A certificate kept by a signing service (Ban Cơ yếu's RSSP, VNPT SmartCA, "
            "Viettel MySign): Kyso signs with it like with a token and you approve on your "
            "phone or with a PIN/OTP."))
        self.intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("accountName")
        self.name_edit.setPlaceholderText(self.tr("e.g. bcy-giamdoc (letters without accents)"))
        self.service_combo = QComboBox()
        self.service_combo.setObjectName("serviceCombo")
        try:
            self._presets = {a.name: a for a in accounts.store().presets()}
        except KysoError:
            self._presets = {}
        for preset in self._presets.values():
            self.service_combo.addItem(
                self.tr("%1 — %2 (set by IT)")
                .replace("%1", preset.name).replace("%2", PROVIDER_NAMES[preset.provider]),
                ("preset", preset.name),
            )
        for provider in PROVIDERS:
            self.service_combo.addItem(self.provider_label(provider), ("provider", provider))
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("serviceUrl")
        self.url_edit.setPlaceholderText("https://…")
        self.auth_combo = QComboBox()
        self.auth_combo.setObjectName("authCombo")
        self.auth_combo.addItem(self.tr("User name and password"), AUTH_BASIC)
        self.auth_combo.addItem(self.tr("OAuth2 (user name and password)"), AUTH_OAUTH)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("accountUser")
        self.client_edit = QLineEdit()
        self.client_edit.setObjectName("clientId")
        self.profile_edit = QLineEdit()
        self.profile_edit.setObjectName("profileId")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("accountPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("leave empty to log in later"))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Account name:"), self.name_edit)
        self.form.addRow(self.tr("Service:"), self.service_combo)
        self.form.addRow(self.tr("Service address:"), self.url_edit)
        self.form.addRow(self.tr("Log in with:"), self.auth_combo)
        self.form.addRow(self.tr("User:"), self.user_edit)
        self.form.addRow(self.tr("Client ID:"), self.client_edit)
        self.form.addRow(self.tr("Profile ID:"), self.profile_edit)
        self.form.addRow(self.tr("Password:"), self.password_edit)
        self.status = QLabel()
        self.status.setObjectName("accountStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("Save and log in"))
        self.save_button.setObjectName("saveAccount")
        self.save_button.setDefault(True)
        self.remove_button = QPushButton(self.tr("Remove account"))
        self.remove_button.setObjectName("removeAccount")
        self.close_button = QPushButton(self.tr("Close"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.service_combo.currentIndexChanged.connect(self._service_changed)
        if account is not None:
            self._load(account)
        self._service_changed()
        self.remove_button.setVisible(account is not None and not account.preset)

    # -- texts -------------------------------------------------------------------------------
    def provider_label(self, provider: str) -> str:
        return {
            "csc": self.tr("Another CSC service (enter its address)"),
            "vgca-rssp": self.tr("Ban Cơ yếu's remote signing (RSSP, enter its address)"),
            "vnpt-smartca": self.tr("VNPT SmartCA (enter its address)"),
            "viettel-mysign": self.tr("Viettel MySign (enter its address)"),
        }[provider]

    # -- state -------------------------------------------------------------------------------
    def _load(self, account: Account) -> None:
        self.name_edit.setText(account.name)
        wanted = ("preset", account.name) if account.preset else ("provider", account.provider)
        for i in range(self.service_combo.count()):
            if self.service_combo.itemData(i) == wanted:
                self.service_combo.setCurrentIndex(i)
        self.url_edit.setText(account.url)
        self.user_edit.setText(account.user)
        self.client_edit.setText(account.client_id)
        self.profile_edit.setText(account.profile_id)
        oauth = bool(account.options.get("oauth", False))
        self.auth_combo.setCurrentIndex(1 if oauth else 0)
        if account.preset:
            for w in (self.name_edit, self.service_combo, self.url_edit, self.auth_combo,
                      self.user_edit, self.client_edit, self.profile_edit):
                w.setEnabled(False)
            self.save_button.setText(self.tr("Log in"))

    def _preset(self) -> Account | None:
        kind, value = self.service_combo.currentData() or ("provider", "csc")
        return self._presets.get(value) if kind == "preset" else None

    def provider(self) -> str:
        preset = self._preset()
        if preset is not None:
            return preset.provider
        return str((self.service_combo.currentData() or ("provider", "csc"))[1])

    def _service_changed(self, *_: object) -> None:
        preset = self._preset()
        editing_preset = self.original is not None and self.original.preset
        if preset is not None:
            self.url_edit.setText(preset.url)
            self.client_edit.setText(preset.client_id)
            self.profile_edit.setText(preset.profile_id)
            if preset.user and not self.user_edit.text():
                self.user_edit.setText(preset.user)
            self.auth_combo.setCurrentIndex(1 if preset.options.get("oauth") else 0)
        fixed = preset is not None or editing_preset
        for field in (self.url_edit, self.client_edit, self.profile_edit):
            field.setEnabled(not fixed)  # IT's: shown greyed, not typed over
        provider = self.provider()
        # CSC services log in either way; SmartCA is OAuth2; MySign has its own login
        self.auth_combo.setEnabled(provider in ("csc", "vgca-rssp") and not fixed)
        if provider == "vnpt-smartca":
            self.auth_combo.setCurrentIndex(1)
        if provider == "viettel-mysign":
            self.auth_combo.setCurrentIndex(0)
        self._show_row(self.profile_edit, provider == "viettel-mysign")
        self._show_row(self.auth_combo, provider != "viettel-mysign")
        label = self.form.labelForField(self.password_edit)
        if isinstance(label, QLabel):
            label.setText(self.tr("Client secret:") if provider == "viettel-mysign"
                          else self.tr("Password:"))

    def _show_row(self, field: QWidget, shown: bool) -> None:
        self.form.setRowVisible(field, shown)

    def account(self) -> Account:
        """The account as the fields describe it (not validated yet)."""
        if self.original is not None and self.original.preset:
            return self.original
        preset = self._preset()
        options: dict[str, Any] = dict(preset.options) if preset is not None else (
            dict(self.original.options) if self.original is not None else {})
        provider = self.provider()
        if provider in ("csc", "vgca-rssp"):
            if self.auth_combo.currentData() == AUTH_OAUTH:
                options["oauth"] = True
            else:
                options.pop("oauth", None)
        return Account(
            name=self.name_edit.text().strip(),
            provider=provider,
            url=self.url_edit.text().strip(),
            client_id=self.client_edit.text().strip(),
            user=self.user_edit.text().strip(),
            profile_id=self.profile_edit.text().strip() if provider == "viettel-mysign" else "",
            options=options,
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for b in (self.save_button, self.remove_button):
            b.setEnabled(not busy)

    # -- actions -----------------------------------------------------------------------------
    def save(self) -> None:
        if self._busy:
            return
        account = self.account()
        try:
            if self.original is None:
                self.accounts.add(account)
            elif not self.original.preset and account != self.original:
                self.accounts.replace(self.original.name, account)
        except KysoError as exc:
            self._say(exc.message(self.language), error=True)
            return
        self.original = self.accounts.store().get(account.name)
        self.remove_button.setVisible(not self.original.preset)
        password = self.password_edit.text()
        self.password_edit.clear()
        if not password:
            self.saved.emit(account.name)
            self.accept()
            return
        self._set_busy(True)
        self._say(self.tr("Logging in to %1…").replace("%1", account.url))
        self.accounts.login(account.name, _TypedPassword(password),
                            on_done=self._logged_in, on_error=self._login_failed)

    def _logged_in(self, state: AccountState) -> None:
        if not isValid(self):
            return  # closed while logging in: the tree shows the account anyway
        self._set_busy(False)
        kept = SecretStore().in_keyring(state.account.name, "access_token")
        text = self.tr("Logged in: %1 certificate(s).").replace("%1", str(len(state.credentials)))
        self.saved.emit(state.account.name)
        if kept:
            self._say(text)
            self.accept()
            return
        # said, and left open until read: the password will be asked again next time
        self._say(text + " " + self.tr("This computer has no keyring: the session lasts until "
                                       "Kyso closes; Kyso asks for the password again next "
                                       "time."))
        self.save_button.setEnabled(False)
        self.close_button.setDefault(True)

    def _login_failed(self, err: object) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        if isinstance(err, KysoError):
            self._say(err.message(self.language), error=True)
        else:
            self._say(self.tr("Could not log in; try again."), error=True)

    def remove(self) -> None:
        if self.original is None or self.original.preset or self._busy:
            return
        try:
            self.accounts.remove(self.original.name)
        except KysoError as exc:
            self._say(exc.message(self.language), error=True)
            return
        self.saved.emit("")
        self.accept()

