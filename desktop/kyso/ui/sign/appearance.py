"""The sign page's appearance choices: profile, signature or seal image, and the place
of the box on the page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog

from kyso.core.errors import KysoError
from kyso.core.signing import appearance as ap
from kyso.core.signing.appearance import Profile
from kyso.ui.sign.models import Box


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
        self.memory.set_placement(self.profile(), page, box)
        self._update_place_label()

    def set_placement(self, page: int, box: Box | None) -> None:
        """Place the box (0-based page, PDF points) as a click on the preview would."""
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
