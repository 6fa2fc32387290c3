"""The consent window: which web address asks, the document, the certificate, then sign.

Nothing is signed without it; closing it answers "cancelled". It shows the asking origin in
large type (the one thing a user must read), the document's name, size, page count and first
page, the Nghị định 30 profile the page asked for, and the certificate that will sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

PROFILE_TEXT = {
    "approval": ("Phê duyệt (chữ ký của người có thẩm quyền)", "Approval (the signatory)"),
    "issuance": ("Phát hành (con dấu của cơ quan)", "Issuance (the organization's seal)"),
    "appendix": ("Phụ lục kèm theo", "Appendix"),
    "copy": ("Sao y bản chính / bản sao điện tử", "Certified copy"),
    "invisible": ("Văn bản đến (không hiển thị chữ ký)", "Received document (invisible)"),
}


@dataclass(frozen=True)
class CertificateChoice:
    label: str
    """"Name — organization (token / account)", shown in the list."""
    key: object
    """What the caller needs to sign with it (opaque here)."""


def _size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


class ConsentDialog(QDialog):
    def __init__(
        self,
        origin: str,
        profile: str,
        documents: list[Path],
        names: list[str],
        certificates: list[CertificateChoice],
        *,
        doc_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("A web page asks Kyso to sign"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        who = QLabel(self.tr("<b>%1</b> asks you to sign:").replace("%1", origin))
        who.setObjectName("origin")
        who.setTextFormat(Qt.TextFormat.RichText)
        who.setStyleSheet("font-size: 15pt;")
        who.setWordWrap(True)
        layout.addWidget(who)
        row = QHBoxLayout()
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setMinimumSize(QSize(220, 300))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #999; background: white;")
        row.addWidget(self.preview)
        form = QFormLayout()
        first = documents[0]
        doc = QPdfDocument(self)
        doc.load(str(first))
        pages = doc.pageCount() if doc.status() == QPdfDocument.Status.Ready else 0
        if pages:
            image: QImage = doc.render(0, QSize(220, 300))
            self.preview.setPixmap(QPixmap.fromImage(image))
        doc.close()
        self.page_count = pages
        files = QLabel("\n".join(names))
        files.setObjectName("files")
        files.setWordWrap(True)
        form.addRow(self.tr("Document:"), files)
        total = sum(p.stat().st_size for p in documents)
        self.details = QLabel(
            self.tr("%1 file(s), %2, first file %3 page(s)")
            .replace("%1", str(len(documents))).replace("%2", _size_text(total))
            .replace("%3", str(pages))
        )
        self.details.setObjectName("details")
        form.addRow(self.tr("Size:"), self.details)
        vi, en = PROFILE_TEXT.get(profile, (profile, profile))
        form.addRow(self.tr("Signature:"), QLabel(vi))
        if doc_number:
            form.addRow(self.tr("Number:"), QLabel(doc_number))
        self.certificates = QComboBox()
        self.certificates.setObjectName("certificates")
        for c in certificates:
            self.certificates.addItem(c.label, c)
        form.addRow(self.tr("Certificate:"), self.certificates)
        side = QWidget()
        side.setLayout(form)
        row.addWidget(side, 1)
        layout.addLayout(row)
        warning = QLabel(self.tr(
            "Sign only if you opened this page yourself and the document is the one you "
            "expect. The PIN is asked next."))
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.buttons = QDialogButtonBox()
        self.sign_button = self.buttons.addButton(self.tr("Sign"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("sign")
        self.sign_button.setEnabled(bool(certificates))
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if not certificates:
            none = QLabel(self.tr("No certificate can sign: insert the token and try again."))
            none.setObjectName("no_certificate")
            layout.insertWidget(layout.count() - 1, none)

    def chosen(self) -> CertificateChoice | None:
        data = self.certificates.currentData()
        return data if isinstance(data, CertificateChoice) else None
