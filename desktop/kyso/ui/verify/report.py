"""The verify page's report: the details of a document and its signatures (HTML), and
the PDF and JSON exports, written off the GUI thread."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from kyso.core.certs.details import parse_name
from kyso.core.certs.x509util import display_name
from kyso.core.errors import KysoError
from kyso.core.verify.report import DocumentResult, SignatureResult, vn_display
from kyso.ui import workers as background
from kyso.ui.save_asker import SaveAsker


def write_report_pdf(report_html: str, title: str, path: Path, overwrite: bool) -> Path:
    """Render ``report_html`` to an A4 PDF at ``path`` (temporary file, then renamed into
    place). Runs on any thread: the document and the writer belong to the caller's thread."""
    from kyso.core.inventory.report_files import write_atomically  # loads openpyxl: only to export

    def write(tmp: Path) -> None:
        doc = QTextDocument()
        doc.setHtml(report_html)
        writer = QPdfWriter(str(tmp))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setTitle(title)
        writer.setCreator("Kyso")
        doc.print_(writer)
        del writer  # finishes the file

    return write_atomically(Path(path), write, overwrite=overwrite)


def write_report_json(data: Any, path: Path, overwrite: bool) -> Path:
    """Write ``data`` as UTF-8 JSON at ``path`` (temporary file, then renamed into place)."""
    from kyso.core.inventory.report_files import write_atomically

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return write_atomically(
        Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"), overwrite=overwrite
    )


class VerifyReportMixin:
    """Part of :class:`kyso.ui.verify.page.VerifyPage`: details, the report, exports."""

    def details_html(self, result: DocumentResult, sig: SignatureResult | None) -> str:
        e = html.escape
        lang = self.language
        parts = [f"<h3>{e(Path(result.file).name)}</h3>"]
        empty = getattr(result, "empty_fields", None) or []
        parts.append(
            f"<p><b>{e(self.conclusion_label(result.status))}</b> — {e(result.summary(lang))}</p>"
        )
        if result.error is not None:
            return "".join(parts)
        sigs = [sig] if sig is not None else result.signatures
        for s in sigs:
            parts.append(self._signature_html(s))
        if empty and sig is None:
            label = self.tr("Empty signature fields")
            parts.append(f"<p>{e(label)}: {e(', '.join(map(str, empty)))}</p>")
        return "".join(parts)

    def _signature_html(self, s: SignatureResult) -> str:
        e = html.escape
        lang = self.language
        yes, no, unknown = self.tr("yes"), self.tr("no"), self.tr("not analysed")

        def yn(value: bool | None) -> str:
            return unknown if value is None else (yes if value else no)

        coverage = {
            "entire_file": self.tr("the whole file"),
            "entire_revision": self.tr("the whole signed revision (updated later)"),
            "partial": self.tr("only part of the document"),
        }.get(s.coverage, unknown)
        mods = {
            "none": self.tr("none"),
            "allowed": self.tr("allowed changes (signatures, form filling, validation data)"),
            "not_allowed": self.tr("changes that are NOT allowed"),
        }.get(s.modifications, unknown)
        revocation = {
            "good": self.tr("not revoked"),
            "revoked": self.tr("REVOKED"),
            "unknown": self.tr("not known"),
        }.get(s.revocation.status, unknown)
        source = {
            "embedded": self.tr("data embedded in the document"),
            "cached": self.tr("cached data"),
            "online": self.tr("online look-up"),
            "file": self.tr("CRL file loaded on this computer"),
        }.get(s.revocation.source or "", "—")
        reform = {
            "current": self.tr("on the new model"),
            "needs_change": self.tr("needs a change of information"),
            "unit_abolished": self.tr("district-level unit abolished"),
            "check_with_unit": self.tr("check with the unit"),
            "unknown": self.tr("not determined"),
        }.get((s.reform or {}).get("status") or "", "—")
        level = s.level or "—"
        if s.format_level and s.format_level != s.level:
            level += " " + self.tr("(structured as %1)").replace("%1", s.format_level)
        rows = [(self.tr("Conclusion"), s.conclusion_text(lang))]  # codes only in the JSON
        if s.emergency_reason:
            rows.append((self.tr("Emergency signature (item 4, Công văn 393/BCY-CTSBMTT)"),
                         s.emergency_reason))
        rows += [
            (self.tr("Signer"), s.signer_name or "—"),
            (self.tr("Organization"), s.signer_organization or "—"),
            (self.tr("Certificate SHA-256"), s.signer_sha256 or "—"),
            (self.tr("Signature field"), s.field or "—"),
            (self.tr("Two-tier model"), reform),
            (self.tr("Signing time (claimed)"), vn_display(s.signing_time)),
            (self.tr("Timestamp"), vn_display(s.timestamp_time) if s.timestamp_time else "—"),
            (self.tr("Intact"), yn(s.intact)),
            (self.tr("Signature covers"), coverage),
            (self.tr("Changes after signing"), mods),
        ]
        if s.modification_detail:
            rows.append((self.tr("What changed"), s.modification_detail))
        if s.changed_fields:
            rows.append((self.tr("Fields changed later"), ", ".join(s.changed_fields)))
        for page, (x1, y1, x2, y2) in s.visual_differences:
            rows.append((self.tr("Visible difference"),
                         self.tr("page %1").replace("%1", str(page + 1))
                         + f" ({x1:.0f}, {y1:.0f}) – ({x2:.0f}, {y2:.0f})"))
        rows += [
            (self.tr("Trusted at signing time"), yn(s.trusted_at_signing)),
            (self.tr("Trusted now"), yn(s.trusted_now)),
            (self.tr("Revocation"), f"{revocation} ({source})"),
            (self.tr("PAdES level"), level),
        ]
        status_text = {
            "good": self.tr("not revoked"),
            "revoked": self.tr("REVOKED"),
            "unknown": self.tr("not known"),
            "no_source": self.tr("no revocation service named"),
        }
        for cert in s.path_revocation:
            # the CN, not the whole DN: a DN as label pushed every value to the right half
            # (the whole path is in the "Chain" line below)
            rows.append((self.tr("Revocation of %1").replace("%1", f"“{_short(cert.subject)}”"),
                         status_text.get(cert.status, unknown)))
        if s.appearance is not None:
            x1, y1, x2, y2 = s.appearance.box
            rows.append(
                (
                    self.tr("Visible signature"),
                    self.tr("page %1").replace("%1", str(s.appearance.page + 1))
                    + f" ({x1:.0f}, {y1:.0f}) – ({x2:.0f}, {y2:.0f})",
                )
            )
        table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(str(v))}</td></tr>" for k, v in rows)
        reasons = "".join(f"<li>{e(r.message(lang))}</li>" for r in s.reasons)
        chain = " → ".join(e(c) for c in s.chain) or "—"
        # tr() outside the f-strings: lupdate does not look inside them.
        kind = {
            "document_timestamp": self.tr("Document timestamp"),
            "unsupported": self.tr("A signature of a type Kyso cannot verify"),
        }.get(s.kind, "")
        heading = s.heading + (f" — {kind}" if kind else "")
        chain_label = self.tr("Chain")
        return (
            f"<h4>{e(heading)}</h4>"
            f"<table cellspacing='2'>{table}</table>"
            f"<ul>{reasons}</ul>"
            f"<p><small>{e(chain_label)}: {chain}</small></p>"
        )

    def report_html(self) -> str:
        e = html.escape
        parts = [
            '<html><body style=\'font-family: "Liberation Serif", "Times New Roman", serif\'>',
            "<h2>" + e(self.tr("Signature verification report")) + "</h2>",
        ]
        for result in self.results:
            parts.append(self.details_html(result, None))
            parts.append("<hr/>")
        parts.append("</body></html>")
        return "".join(parts)

    def _report_json(self) -> list[dict[str, Any]]:
        return [r.to_json(self.language, details=True) for r in self.results]

    def export_pdf(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write a printable report of every result (A4 PDF) on the calling thread; the
        buttons use :meth:`start_export_pdf`, which writes in a worker."""
        return write_report_pdf(
            self.report_html(), self.tr("Signature verification report"), Path(path), overwrite
        )

    def export_json(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the results as JSON on the calling thread (see :meth:`start_export_json`)."""
        return write_report_json(self._report_json(), Path(path), overwrite)

    def start_export_pdf(self, path: str | Path, overwrite: bool = False) -> None:
        """Write the PDF report in a worker; :attr:`exported` or :attr:`failed` follows.
        ``overwrite`` only when the user said to replace an existing file."""
        self._start_export(
            write_report_pdf,
            self.report_html(),
            self.tr("Signature verification report"),
            Path(path),
            overwrite,
        )

    def start_export_json(self, path: str | Path, overwrite: bool = False) -> None:
        self._start_export(write_report_json, self._report_json(), Path(path), overwrite)

    def _start_export(self, fn: Callable[..., Path], *args: Any) -> None:
        self._exporting = True
        self._update_buttons()
        self.hint.setText(self.tr("Writing the report…"))
        background.start(fn, *args, on_done=self._export_done, on_error=self._export_failed)

    def _export_done(self, path: Path) -> None:
        self._exporting = False
        self._update_buttons()
        self.hint.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.exported.emit(str(path))

    def _export_failed(self, err: KysoError) -> None:
        self._exporting = False
        self._update_buttons()
        self.hint.setText(err.message(self.language))
        self.failed.emit(err)

    def choose_export_pdf(self) -> None:
        self._choose_export(
            self.tr("Export report (PDF)"), "PDF (*.pdf)", "pdf", self.start_export_pdf
        )

    def choose_export_json(self) -> None:
        self._choose_export(
            self.tr("Export JSON"), "JSON (*.json)", "json", self.start_export_json
        )

    def _choose_export(
        self, title: str, name_filter: str, suffix: str, write: Callable[[Path, bool], None]
    ) -> None:
        asker = SaveAsker(self, title, [(name_filter, suffix)], f"kyso-verify.{suffix}")
        asker.chosen.connect(write)
        self.save_asker = asker
        asker.open()


def _short(subject: str) -> str:
    """A certificate's common name from its RFC 4514 subject (the subject itself when it
    cannot be parsed or names no CN)."""
    try:
        return display_name(parse_name(subject))
    except ValueError:
        return subject
