"""Signing from the sign page: the policy check, the emergency confirmation, the job
gathered on the GUI thread, the batch in a worker, progress and results."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography import x509
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from kyso.core.errors import KysoError
from kyso.core.inventory.store import default_inventory_path
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.audit import default_audit_path
from kyso.core.signing.batch import BatchReport, sign_options
from kyso.core.signing.choice import FallbackChoice, default_organization
from kyso.core.signing.pades import Level, SignResult
from kyso.core.signing.policy import PolicyDecision
from kyso.core.signing.preflight import (
    FileCheck,
    PreflightReport,
    check_before_pin,
    check_files,
)
from kyso.ui import workers
from kyso.ui.sign.emergency import EmergencyDialog
from kyso.ui.sign.models import Candidate
from kyso.ui.sign.worker import SignJob, policy_and_choices, run_batch


class SignRunMixin:
    """Part of :class:`kyso.ui.sign.page.SignPage`: checking, then signing the list."""

    @Slot()
    def start_signing(
        self, emergency_reason: str | None = None, organization_name: str | None = None
    ) -> None:
        """Check the policy (off the GUI thread), then log in once and sign the list.

        ``organization_name``: the organization certificate item 4 rests on, picked in the
        emergency dialog (``kyso sign --organization``); it reaches the decision, so the
        signing request and the audit entry name it.
        """
        c = self.current_candidate()
        if self._busy or self._listing or c is None or not self.files:
            return
        loaded = self.context.settings()
        allow = bool(loaded and loaded.values.allow_outdated_org_cert)
        profile = self.profile()
        try:
            snaps = list(self.context.snapshots())
            checks = dict(self.context.checks() or {})
            check = checks.get(c.sha256)
        except Exception:
            snaps, check = ([c.snapshot] if c.snapshot is not None else []), None
            checks = {}
        remote = list(self.context.remote())
        checker = self.context.checker()
        now = self.now() if self.now is not None else None
        self._set_busy(True)
        self.status_label.setText(self.tr("Checking the certificate…"))

        loaded = self.context.settings()
        inventory_path = (
            default_inventory_path(loaded.values, loaded.paths) if loaded is not None else None
        )

        def work() -> tuple[PolicyDecision, str, str, list[FallbackChoice]]:
            return policy_and_choices(
                c,
                profile,
                snaps,
                check,
                checker,
                emergency_reason=emergency_reason,
                allow_outdated_org_cert=allow,
                now=now,
                inventory_path=inventory_path,
                organization_name=organization_name,
                remote=remote,
                checks=checks,
            )

        workers.start(
            work,
            on_done=lambda r: self._policy_done(c, r, emergency_reason, organization_name),
            on_error=self._failed,
        )

    def _policy_done(
        self,
        candidate: Candidate,
        result: tuple[PolicyDecision, str, str, list[FallbackChoice]],
        emergency_reason: str | None,
        organization_name: str | None = None,
    ) -> None:
        decision, kind, organization, choices = result
        if decision.needs_emergency_confirmation:
            self._set_busy(False)
            org = (
                decision.emergency_organization.shown_name
                if decision.emergency_organization
                else organization
            )
            dialog = EmergencyDialog(self.language, org, self, choices=choices)
            dialog.accepted.connect(
                lambda: self.start_signing(dialog.reason(), dialog.organization())
            )
            dialog.rejected.connect(lambda: self._emergency_declined())
            dialog.finished.connect(lambda *_: dialog.deleteLater())
            self.emergency_dialog = dialog
            self.status_label.setText(
                self.tr("Emergency signature: confirm the urgency and give a reason.")
            )
            dialog.open()
            return
        if not decision.allowed:
            self._set_busy(False)
            lines = [(r.en if self.language == "en" else r.vi) for r in decision.refusals]
            self.show_message(
                self.tr("This certificate may not sign:") + "\n" + "\n".join(lines), error=True
            )
            self.finished.emit(None)
            return
        try:
            job = self._make_job(candidate, decision, kind, organization_name)
        except KysoError as exc:
            self._failed(exc)
            return
        self._check_before_pin(job)

    def _check_before_pin(self, job: SignJob) -> None:
        """The TSA, the output folders and every input file (the same per-file check as
        ``kyso sign``: qpdf, repair, password, certification, field locks): checked (off
        the GUI thread) before the PIN is asked, so nothing fails after the user typed it."""
        self._set_busy(True)
        self.status_label.setText(self.tr("Checking the timestamp server and the folders…"))
        options = job.options
        signer = x509.load_der_x509_certificate(job.candidate.entry.der)
        chain = [signer, *(c for c in job.pool if c.issuer != c.subject)]

        def work() -> tuple[PreflightReport, list[FileCheck]]:
            report = check_before_pin(
                job.files,
                level=options.level,
                tsa_url=options.tsa_url,
                out_dir=options.out_dir,
                fallback_levels=(Level.B_B,),
                certificates=chain,
                have_revocation_data=bool(options.crls or options.ocsps),
                timeout=min(options.network_timeout, 10.0),
            )
            return report, self._check_files(job)

        workers.start(
            work, on_done=lambda r: self._preflight_done(job, *r), on_error=self._failed
        )

    @staticmethod
    def _check_files(job: SignJob) -> list[FileCheck]:
        """Worker thread: each input, with the password the user gave (if any)."""
        options = job.options
        return check_files(
            job.files,
            password=options.password,
            appearance=options.appearance,
            out_dir=options.out_dir,
        )

    def _preflight_done(
        self, job: SignJob, report: PreflightReport, files: list[FileCheck]
    ) -> None:
        if report.problems:
            self._set_busy(False)
            self.show_message(
                self.tr("Nothing was signed. Fix this first:")
                + "\n"
                + "\n".join(f"• {m}" for m in report.messages(self.language)),
                error=True,
            )
            self.finished.emit(None)
            return
        self._files_checked(job, report, files)

    def _files_checked(
        self, job: SignJob, report: PreflightReport, files: list[FileCheck]
    ) -> None:
        locked = [f for f in files if f.needs_password]
        if locked and not job.password_declined:
            self._ask_pdf_password(job, report, files, locked[0])
            return
        job.refused = {
            i: SignResult(f.path, status="failed", error=f.error)
            for i, f in enumerate(files)
            if f.error is not None
        }
        repairs = [f for f in files if f.repaired_to is not None and f.error is None]
        if repairs:
            self._tell_repairs(job, report, repairs)
            return
        self._after_inputs(job, report)

    def _after_inputs(self, job: SignJob, report: PreflightReport) -> None:
        if report.tsa_problem is not None and report.fallback is not None:
            self._ask_fallback(job, report)
            return
        self._run_job(job)

    def _ask_pdf_password(
        self, job: SignJob, report: PreflightReport, files: list[FileCheck], check: FileCheck
    ) -> None:
        """An input encrypted with a user password: asked here, in a password field (the
        text is never shown, logged or kept beyond this job), then every file is checked
        again with it; the signer gets it as ``kyso sign`` passes it
        (``SignOptions.password``). Cancelled: the encrypted files are not signed."""
        self._set_busy(False)
        wrong = check.error is not None and check.error.code == "bad_password"
        text = (
            self.tr("Wrong password for “%1”. Enter the file's password again:")
            if wrong
            else self.tr("“%1” is protected by a password. Enter the file's password to sign it:")
        ).replace("%1", check.path.name)
        dialog = QInputDialog(self)
        dialog.setObjectName("pdfPasswordDialog")
        dialog.setWindowTitle(self.tr("PDF password"))
        dialog.setLabelText(text)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(self.tr("Continue"))
        dialog.setCancelButtonText(self.tr("Do not sign this file"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog = dialog
        self.status_label.setText(self.tr("Waiting for the PDF file's password…"))

        def accepted() -> None:
            password = dialog.textValue()
            dialog.setTextValue("")
            self.password_dialog = None
            if not password:
                declined()
                return
            job.options = dataclasses.replace(job.options, password=password)
            self._set_busy(True)
            self.status_label.setText(self.tr("Checking the files…"))
            workers.start(
                lambda: self._check_files(job),
                on_done=lambda files: self._files_checked(job, report, files),
                on_error=self._failed,
            )

        def declined() -> None:
            self.password_dialog = None
            job.password_declined = True  # the encrypted files are refused, the rest go on
            self._set_busy(True)
            self._files_checked(job, report, files)

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(declined)
        dialog.open()

    def _tell_repairs(
        self, job: SignJob, report: PreflightReport, repairs: list[FileCheck]
    ) -> None:
        """Damaged inputs are repaired into new files, and those are signed: said here,
        before the PIN, file by file, with the new file's name."""
        self._set_busy(False)
        lines = "\n".join(f"• {f.path.name} → {f.repaired_to}" for f in repairs)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Sign"),
            self.tr(
                "The structure of these files is damaged. Kyso will save each as a new file "
                "before signing, and sign that new file:"
            )
            + "\n"
            + lines,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("repairNotice")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Repair and sign"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Do not sign"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.repair_box = box

        def answered(button: int) -> None:
            self.repair_box = None
            if button == QMessageBox.StandardButton.Yes:
                self._set_busy(True)
                self._after_inputs(job, report)
            else:
                self.status_label.setText(self.tr("Not signed: the damaged files were not repaired."))
                self.finished.emit(None)

        box.finished.connect(answered)
        box.open()

    def _ask_fallback(self, job: SignJob, report: PreflightReport) -> None:
        """Offline: B-B only if the user says so, here, before the PIN."""
        assert report.tsa_problem is not None and report.fallback is not None
        fallback = report.fallback
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Sign"),
            report.tsa_problem.message(self.language)
            + "\n\n"
            + self.tr(
                "Sign at %1 instead? The signature is valid but carries no trusted time; "
                "you can add a timestamp later."
            ).replace("%1", fallback.value),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("fallbackQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText(
            self.tr("Sign at %1").replace("%1", fallback.value)
        )
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Do not sign"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.fallback_box = box

        def answered(button: int) -> None:
            self.fallback_box = None
            if button == QMessageBox.StandardButton.Yes:
                job.options = dataclasses.replace(job.options, level=fallback)
                self._run_job(job)
            else:
                self._set_busy(False)
                self.status_label.setText(self.tr("Not signed: no timestamp server."))
                self.finished.emit(None)

        box.finished.connect(answered)
        box.open()

    def _emergency_declined(self) -> None:
        self.status_label.setText(self.tr("Not signed: the emergency was not confirmed."))
        self.finished.emit(None)

    def _error(self, text: str, code: str) -> KysoError:
        """A :class:`KysoError` raised by the page itself: ``text`` is already translated."""
        return KysoError(text, text, code=code)

    def _make_job(
        self,
        candidate: Candidate,
        decision: PolicyDecision,
        kind: str,
        organization_name: str | None = None,
    ) -> SignJob:
        module = (
            self.context.module_for(candidate.snapshot.info.module_path)
            if candidate.snapshot is not None
            else None
        )
        if module is None and candidate.remote is None:
            raise self._error(
                self.tr("The token's PKCS#11 module is gone; insert the token again and retry."),
                "module_missing",
            )
        profile = self.profile()
        image = None
        if profile in (Profile.APPROVAL, Profile.ISSUANCE) and self._image_path is not None:
            try:
                image = self._image_path.read_bytes()
            except OSError as exc:
                raise self._error(
                    self.tr("Could not read the image %1: %2.")
                    .replace("%1", str(self._image_path))
                    .replace("%2", str(exc.strerror or exc)),
                    "image_unreadable",
                ) from None
        page, box = self.placement()
        cert = x509.load_der_x509_certificate(candidate.entry.der)
        spec = AppearanceSpec(
            profile,
            page=page if profile is not Profile.INVISIBLE else 0,
            box=box if profile is not Profile.INVISIBLE else None,
            image_png=image,
            signer_name=candidate.name,
            # the organization picked for item 4 when none is typed, as `kyso sign
            # --organization` shows it
            organization=default_organization(
                self.organization_edit.text() or (organization_name or ""), kind, cert
            ),
            number_symbol=self.number_edit.text().strip(),
            seal_only=self.seal_only(),
        )
        loaded = self.context.settings()
        out_dir = None
        if self.folder_radio.isChecked():
            text = self.folder_edit.text().strip()
            if not text:
                raise self._error(
                    self.tr("Choose the folder for the signed files first."), "no_output_folder"
                )
            out_dir = Path(text)
        options = sign_options(
            loaded.values if loaded is not None else None,
            spec,
            level=self.level(),
            reason=decision.signature_reason,
            out_dir=out_dir,
        )
        pool = self.context.pool()
        paths = self.context.paths()
        purpose = (
            self.tr("Sign %1 PDF file(s) with “%2”")
            .replace("%1", str(len(self.files)))
            .replace("%2", candidate.name)
        )
        remote_prompter = None
        if candidate.remote is not None:
            from kyso.ui.remote.waiting import GuiRemotePrompter

            remote_prompter = GuiRemotePrompter(self)  # its cancel: the batch's (_run_job)
            if self.remote_prompter is not None and self.remote_prompter.waiting is None:
                self.remote_prompter.deleteLater()  # the last run's, done with
            self.remote_prompter = remote_prompter
        timeout = loaded.values.revocation_timeout_s * 6 if loaded is not None else 30.0
        return SignJob(
            remote_prompter=remote_prompter,
            data_dir=Path(paths.data_dir) if paths is not None else None,
            remote_timeout=max(10.0, timeout),
            candidate=candidate,
            module=module,
            files=list(self.files),
            options=options,
            pool=pool,
            roots=[c for c in pool if c.issuer == c.subject],
            decision=decision,
            audit_path=default_audit_path(paths) if paths is not None else None,
            prompter=self.context.prompter,
            purpose=purpose,
        )

    def _run_job(self, job: SignJob) -> None:
        self.results.clear()
        self.results.update(job.refused)  # refused before the PIN: shown with their reasons
        self.report = None
        for i in range(len(self.files)):
            self._show_row(i)
        self.progress.setRange(0, len(job.files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        if job.candidate.remote is not None:
            self.status_label.setText(self.tr("Connecting to the signing service…"))
        else:
            self.status_label.setText(self.tr("Logging in to the token…"))
        bridge = self._bridge

        def work(report: Callable[[int, int, str], None], cancel: threading.Event) -> BatchReport:
            return run_batch(job, report, cancel, bridge.file_done.emit)

        self.worker = workers.start_with_progress(
            work, on_progress=self._progress, on_done=self._batch_done, on_error=self._failed
        )
        if job.remote_prompter is not None:
            # "Cancel signing" in the waiting dialog stops the batch like the page's Cancel
            job.remote_prompter.cancel = self.worker.cancel
        self._update_buttons()

    @Slot()
    def cancel(self) -> None:
        """Stop after the file being signed now (files not started are left unsigned)."""
        if self.worker is not None and self._busy:
            self.worker.cancel.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling after the current file…"))

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, name: str) -> None:
        if not self._busy:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if done < total:
            self.status_label.setText(
                self.tr("Signing %1 (%2 of %3)…")
                .replace("%1", name)
                .replace("%2", str(done + 1))
                .replace("%3", str(total))
            )

    @Slot(int, object)
    def _file_done(self, index: int, result: SignResult) -> None:
        self.results[index] = result
        self._show_row(index)

    def _batch_done(self, report: BatchReport) -> None:
        self.report = report
        for i, result in enumerate(report.results):
            self.results[i] = result
            self._show_row(i)
        self.worker = None
        self._set_busy(False)
        self.progress.setValue(len(report.signed))
        summary = (
            self.tr("Signed %1 of %2 files; %3 failed.")
            .replace("%1", str(len(report.signed)))
            .replace("%2", str(len(report.results)))
            .replace("%3", str(len(report.failed)))
        )
        if report.stopped in (
            "token_removed", "audit_failed", "key_mismatch", "refused", "tsa_failed"
        ):
            parts = [summary]
            if report.error is not None:
                parts.append(report.error.message(self.language))
            if report.left:
                left = ", ".join(p.name for p in report.left)
                parts.append(self.tr("Left to sign: %1").replace("%1", left))
            self.show_message(" ".join(parts), error=True)
        elif report.stopped == "cancelled":
            self.status_label.setText(
                summary + " " + self.tr("Cancelled: %1 files not signed.").replace(
                    "%1", str(len(report.left))
                )
            )
        elif report.failed:
            # a failure is said in a dialog, not only in a row cut to "Failed: Co…" (issue 16)
            lines = [summary]
            for i, result in enumerate(report.results):
                if result.status == "failed" and i < len(self.files):
                    lines.append(f"• {self.files[i].name}: {self.status_text(result)}")
            self.show_message("\n".join(lines), error=True)
        else:
            self.status_label.setText(summary)
        self.finished.emit(report)

    def _failed(self, err: Any) -> None:
        self.worker = None
        self._set_busy(False)
        self.progress.setVisible(False)
        text = err.message(self.language) if isinstance(err, KysoError) else str(err)
        self.show_message(text, error=True)
        self.finished.emit(None)
