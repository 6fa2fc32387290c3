"""The sign page's appearance choices: profile, signature or seal image, the place of
the box on the page, and the live preview of exactly what Kyso will draw there.

The preview is the real thing: :func:`kyso.core.signing.appearance.layout_appearance` and
:func:`~kyso.core.signing.appearance.render_appearance_pdf` (the same calls the signer
makes) build the appearance PDF in a worker; the GUI thread renders that one small page
to an image and the placement view paints it at the box.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFileDialog

from kyso.core.errors import KysoError
from kyso.core.signing import appearance as ap
from kyso.core.signing import existing
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.ui import workers
from kyso.ui.sign.models import Box


def appearance_pdf(
    serial: int, spec: AppearanceSpec, image_path: Path | None, box: Box
) -> tuple[int, bytes]:
    """Worker thread: the appearance PDF Kyso would write in ``box`` (signing time: now)."""
    if image_path is not None:
        try:
            spec = dataclasses.replace(spec, image_png=image_path.read_bytes())
        except OSError:
            spec = dataclasses.replace(spec, image_png=None)
    x1, y1, x2, y2 = (int(round(v)) for v in box)  # whole points, as the signer rounds
    layout = ap.layout_appearance(spec, dt.datetime.now(dt.timezone.utc), (x1, y1, x2, y2))
    return serial, ap.render_appearance_pdf(layout)


class SignAppearanceMixin:
    """Part of :class:`kyso.ui.sign.page.SignPage`: profile, image and placement."""

    def _profile_changed(self, *_: object) -> None:
        p = self.profile()
        self.number_edit.setEnabled(p in (Profile.ISSUANCE, Profile.APPENDIX))
        self.organization_edit.setEnabled(p in (Profile.ISSUANCE, Profile.COPY))
        self.image_button.setEnabled(p in (Profile.APPROVAL, Profile.ISSUANCE))
        self.preview.setEnabled(p.value != "invisible")
        self.preview.default_size = (260.0, 110.0) if p is Profile.ISSUANCE else (180.0, 80.0)
        if p in (Profile.APPENDIX, Profile.COPY):
            self.preview.default_size = (200.0, 40.0)
        placement = self.memory.placement(p) if p is not Profile.INVISIBLE else None
        if placement is not None:
            page, box = placement
            self.preview.set_box(page, box)
            if page < self._pdf_doc.pageCount():
                self.page_spin.setValue(page + 1)
        else:
            self.preview.set_box(0, None)
        self._load_image()
        self._update_place_label()

    def _load_image(self) -> None:
        kind, c = self._image_kind(), self.current_candidate()
        self._image_path = None
        if kind and c is not None:
            path = self.memory.image(kind, c.sha256)
            if path is not None and path.is_file():
                self._image_path = path
        self._update_image_row()

    def _update_image_row(self) -> None:
        p = self.profile() if self.profile_combo.count() else Profile.INVISIBLE
        if p is Profile.ISSUANCE:
            self.image_caption.setText(self.tr("Seal image:"))
            self.image_button.setText(self.tr("Choose the seal (PNG)…"))
        else:
            self.image_caption.setText(self.tr("Signature image:"))
            self.image_button.setText(self.tr("Choose the signature (PNG)…"))
        if p not in (Profile.APPROVAL, Profile.ISSUANCE):
            self.image_label.setText(self.tr("Not used by this profile"))
        elif self._image_path is None:
            self.image_label.setText(
                self.tr("None chosen (the signer's name is shown instead)")
                if p is Profile.APPROVAL
                else self.tr("None chosen (text only)")
            )
        else:
            self.image_label.setText(self._image_path.name)
            self.image_label.setToolTip(str(self._image_path))
        self.appearance_changed()

    @Slot()
    def choose_image(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a transparent PNG"))
        dialog.setNameFilter(self.tr("PNG images (*.png)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda path: self.set_image(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def set_image(self, path: Path) -> bool:
        """Use ``path`` as this certificate's signature (approval) or seal (issuance) image,
        and remember it for the certificate."""
        kind, c = self._image_kind(), self.current_candidate()
        if kind is None:
            return False
        try:
            ap.check_png(Path(path).read_bytes())
        except KysoError as exc:
            self.show_message(exc.message(self.language), error=True)
            return False
        except OSError as exc:
            self.show_message(f"{path}: {exc.strerror or exc}", error=True)
            return False
        self._image_path = Path(path)
        if c is not None:
            self.memory.set_image(kind, c.sha256, Path(path))
        self._update_image_row()
        return True

    def _placed(self, page: int, box: Box) -> None:
        if self._seal_only and self._snap_target() is None:
            self._set_seal_only(False)
        self.memory.set_placement(self.profile(), page, box)
        self._update_place_label()

    def set_placement(self, page: int, box: Box | None) -> None:
        """Place the box (0-based page, PDF points) as a click on the preview would."""
        self._set_seal_only(False)
        self.preview.set_box(page, box)
        self.memory.set_placement(self.profile(), page, box)
        self._update_place_label()

    def placement(self) -> tuple[int, Box | None]:
        return self.preview.box_page, self.preview.box

    @Slot()
    def reset_placement(self) -> None:
        self.set_placement(0, None)

    def _page_changed(self, value: int) -> None:
        if self._pdf_doc.pageCount():
            self.preview.go_to_page(value - 1)
            self.thumbnails.show_page(value - 1)
        self._update_snap_button()

    def _update_place_label(self) -> None:
        page, box = self.placement()
        p = self.profile() if self.profile_combo.count() else Profile.INVISIBLE
        if p is Profile.INVISIBLE:
            self.place_label.setText(self.tr("Invisible signature: no place on the page"))
        elif box is None:
            self.place_label.setText(self.tr("The profile's default place"))
        else:
            self.place_label.setText(
                self.tr("Page %1, box %2 (points)")
                .replace("%1", str(page + 1))
                .replace("%2", ", ".join(f"{v:.0f}" for v in box))
            )
        self.place_label.setToolTip(self.place_label.text())
        self._update_snap_button()
        self.appearance_changed()

    # -- the seal over the leader's signature -------------------------------------------
    def _snap_target(self) -> existing.SignatureWidget | None:
        """The leader's signature the seal would go over on the shown page, if any."""
        if self.profile() is not Profile.ISSUANCE:
            return None
        return existing.leader_signature(self._preview_signatures, self.preview.current_page())

    def _update_snap_button(self) -> None:
        issuance = self.profile_combo.count() > 0 and self.profile() is Profile.ISSUANCE
        self.snap_button.setVisible(issuance)
        self.snap_button.setEnabled(issuance and self._snap_target() is not None)
        self.snap_button.setChecked(self._seal_only)

    def _set_seal_only(self, on: bool) -> None:
        self._seal_only = on
        self.snap_button.setChecked(on)
        self.appearance_changed()

    def seal_only(self) -> bool:
        return self._seal_only and self.profile() is Profile.ISSUANCE

    @Slot()
    def snap_seal(self) -> bool:
        """Put the seal alone over the left third of the leader's signature on this page
        (the place :mod:`kyso.core.signing.pades` chooses by default, made explicit)."""
        leader = self._snap_target()
        if leader is None:
            self._set_seal_only(False)
            return False
        box = existing.seal_box_over(leader.box, self.preview.default_size[1])
        box = tuple(round(v, 1) for v in box)
        self.preview.set_box(leader.page, box)  # type: ignore[arg-type]
        self.memory.set_placement(self.profile(), leader.page, box)  # type: ignore[arg-type]
        self._seal_only = True
        self._update_place_label()
        return True

    # -- the live appearance ------------------------------------------------------------
    def preview_spec(self) -> AppearanceSpec:
        """What the appearance looks like with the current choices (image not read)."""
        c = self.current_candidate()
        profile = self.profile()
        organization = self.organization_edit.text().strip()
        return AppearanceSpec(
            profile,
            signer_name=c.name if c is not None else "",
            organization=organization,
            number_symbol=self.number_edit.text().strip(),
            seal_only=self.seal_only(),
        )

    def shown_box(self) -> tuple[int, Box] | None:
        """The box the preview shows: the placed one, else the profile's default place as
        the signer computes it (over the leader's signature for a seal, when there is one)."""
        page, box = self.placement()
        if box is not None:
            return page, box
        pts = self._page_size(0)
        spec = self.preview_spec()
        if pts is None or not spec.visible:
            return None
        spec = dataclasses.replace(spec, image_png=b"x" if self._image_path else None)
        default = ap.default_box(spec, dt.datetime.now(dt.timezone.utc), pts)
        if spec.profile is Profile.ISSUANCE and self._image_path is not None:
            leader = existing.leader_signature(self._preview_signatures, 0)
            if leader is not None:
                return 0, existing.seal_box_over(leader.box, default[3] - default[1])
        return 0, default

    def _page_size(self, page: int) -> tuple[float, float] | None:
        doc = self._pdf_doc
        if doc.status() != QPdfDocument.Status.Ready or page >= doc.pageCount():
            return None
        size = doc.pagePointSize(page)
        return (size.width(), size.height()) if size.width() > 0 else None

    def appearance_changed(self, *_: object) -> None:
        """Something the appearance depends on changed: redraw it shortly (debounced)."""
        if hasattr(self, "_appearance_timer"):
            self._appearance_timer.start()

    def _page_rendered(self, *_: object) -> None:
        if self.placement()[1] is None:
            self.appearance_changed()

    def _render_appearance(self) -> None:
        shown = self.shown_box()
        spec = self.preview_spec()
        self._appearance_serial += 1
        if shown is None or not spec.visible:
            self.preview.set_ghost(None)
            self.preview.set_appearance(None)
            return
        page, box = shown
        if self.placement()[1] is None:
            self.preview.set_ghost((page, box))
            if spec.profile is Profile.ISSUANCE and self._image_path is not None:
                leader = existing.leader_signature(self._preview_signatures, 0)
                spec = dataclasses.replace(spec, seal_only=leader is not None)
        else:
            self.preview.set_ghost(None)
        image = self._image_path if spec.profile in (Profile.APPROVAL, Profile.ISSUANCE) else None
        workers.start(
            appearance_pdf,
            self._appearance_serial,
            spec,
            image,
            box,
            on_done=self._appearance_ready,
            on_error=self._appearance_failed,
        )

    def _appearance_ready(self, result: tuple[int, bytes]) -> None:
        serial, data = result
        if serial != self._appearance_serial:
            return  # a newer appearance is on its way
        image: QImage = self._appearance_image.render(data)
        self.preview.set_appearance(image)
        self.appearance_rendered.emit()

    def _appearance_failed(self, err: object) -> None:
        # a box too small to hold the appearance: nothing drawn in it (the signer says why)
        self.preview.set_appearance(None)
