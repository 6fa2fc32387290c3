"""The verify page (issue 6): streaming results, details, preview box, drop, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDropEvent

from kyso.ui.verify.page import VerifyPage, url_list
from tests.support.verify_fixtures import (
    VerifyWorld,
    flip_signed_byte,
    simple_pdf,
    verify_world,
)

__all__ = ["verify_world"]



pytestmark = pytest.mark.usefixtures("english")

@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("gui-docs")
    data = {
        "visible": verify_world.sign_bytes(
            simple_pdf(pages=2), level="B-T", visible=(1, (320, 80, 540, 180)), field_name="LanhDao"
        ),
        "tampered": flip_signed_byte(verify_world.sign_bytes(simple_pdf(), level="B-B")),
        "junk": b"not a pdf",
    }
    out = {}
    for name, content in data.items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(content)
    return out


@pytest.fixture
def page(qtbot, verify_world: VerifyWorld, world, tmp_path: Path):
    checker = verify_world.verifier(tmp_path).checker
    widget = VerifyPage(checker, language="en", workers=1)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    yield widget
    widget.shutdown()


def _open(qtbot, page: VerifyPage, paths) -> None:
    with qtbot.waitSignal(page.finished, timeout=60000):
        page.open_paths(paths)


def test_results_details_and_preview(qtbot, page: VerifyPage, docs) -> None:
    _open(qtbot, page, [docs["visible"], docs["tampered"]])
    assert [Path(r.file).stem for r in page.results] == ["visible", "tampered"]
    assert page.tree.topLevelItemCount() == 2
    good_item = page.tree.topLevelItem(0)
    assert good_item.text(1) == "Valid" and not good_item.icon(1).isNull()
    bad_item = page.tree.topLevelItem(1)
    assert bad_item.text(1) == "Invalid" and not bad_item.icon(1).isNull()
    assert "Content changed after signing" in bad_item.child(0).text(1)
    # selecting the signature shows its details and jumps to its box on page 2
    page.tree.setCurrentItem(good_item.child(0))
    doc, sig = page.selected()
    assert sig is not None and sig.field == "LanhDao"
    assert "Nguyễn Văn Ký" in page.details.toPlainText()
    assert "TOTAL_PASSED" not in page.details.toPlainText()  # codes only in the JSON (issue 12)
    qtbot.waitUntil(lambda: page.preview.current_page() == 1, timeout=5000)
    marked = page.preview.marked
    assert marked is not None and marked[0] == 1
    assert (marked[1].x(), marked[1].y(), marked[1].width(), marked[1].height()) == (
        320,
        80,
        220,
        100,
    )
    rect = page.preview.mark_rect()
    assert rect is not None and page.preview.viewport().rect().toRectF().contains(rect.center())
    page.tree.setCurrentItem(bad_item.child(0))
    assert "HASH_FAILURE" not in page.details.toPlainText()  # words, not codes (issue 12)
    assert "Content changed after signing" in page.details.toPlainText()
    assert page.preview.marked is None


def test_drop_files_and_folders(qtbot, page: VerifyPage, docs) -> None:
    mime = QMimeData()
    mime.setUrls(url_list([docs["junk"].parent]))
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(page.finished, timeout=60000):
        page.dropEvent(event)
    statuses = {Path(r.file).stem: r.status for r in page.results}
    assert statuses == {"visible": "passed", "tampered": "failed", "junk": "error"}
    junk_item = next(
        page.tree.topLevelItem(i)
        for i in range(page.tree.topLevelItemCount())
        if page.tree.topLevelItem(i).text(0) == "junk.pdf"
    )
    page.tree.setCurrentItem(junk_item)
    assert "not a PDF" in page.details.toPlainText()


def test_progress_and_cancel(qtbot, page: VerifyPage, docs, tmp_path: Path) -> None:
    files = []
    for i in range(8):
        files.append(tmp_path / f"f{i}.pdf")
        files[-1].write_bytes(docs["visible"].read_bytes())
    page.open_paths(files)
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: len(page.results) >= 1, timeout=30000)
    with qtbot.waitSignal(page.finished, timeout=30000) as blocker:
        page.cancel_button.click()
    assert blocker.args == [False]
    assert 1 <= len(page.results) < 8
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()


def test_exports(qtbot, page: VerifyPage, docs, tmp_path: Path) -> None:
    assert not page.export_pdf_button.isEnabled()
    _open(qtbot, page, [docs["visible"], docs["tampered"]])
    assert page.export_pdf_button.isEnabled() and page.export_json_button.isEnabled()
    out = page.export_json(tmp_path / "report.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["status"] for d in data] == ["passed", "failed"]
    assert data[0]["signatures"][0]["details"]["appearance"]["page"] == 2
    pdf = page.export_pdf(tmp_path / "report.pdf")
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF-") and len(raw) > 2000
    import pypdfium2 as pdfium

    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(str(pdf)))
    assert "Nguyễn Văn Ký" in text and "LanhDao" in text


def test_a_checker_that_cannot_be_built_is_reported(qtbot, docs, monkeypatch) -> None:
    """make_checker failing (e.g. a bad anchors file): the error, never "0 documents"."""
    import kyso.core.checkup.certificate

    def broken(*args, **kwargs):
        raise RuntimeError("anchors exploded")

    monkeypatch.setattr(kyso.core.checkup.certificate, "make_checker", broken)
    widget = VerifyPage(None, language="en", workers=1)  # no checker yet: the job builds one
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.failed, timeout=30000) as failed:
        with qtbot.waitSignal(widget.finished, timeout=30000) as finished:
            widget.open_paths([docs["visible"]])
    err = failed.args[0]
    assert err.code == "unexpected" and "RuntimeError" in err.vi and "CNTT" in err.vi
    assert finished.args == [False]
    assert widget.hint.text() == err.en and "send the log file to IT" in widget.hint.text()
    assert widget.results == [] and widget.job is None
    qtbot.waitUntil(lambda: not widget._jobs, timeout=5000)  # finished job released

    from kyso.core.errors import KysoError

    def refused(*args, **kwargs):
        raise KysoError("Tệp neo tin cậy hỏng.", "The trust anchors file is damaged.")

    monkeypatch.setattr(kyso.core.checkup.certificate, "make_checker", refused)
    with qtbot.waitSignal(widget.finished, timeout=30000):
        widget.open_paths([docs["visible"]])
    assert widget.hint.text() == "The trust anchors file is damaged."
    widget.shutdown()


def test_clear_drops_late_results(qtbot, page: VerifyPage, docs, tmp_path: Path) -> None:
    files = []
    for i in range(6):
        files.append(tmp_path / f"c{i}.pdf")
        files[-1].write_bytes(docs["visible"].read_bytes())
    page.open_paths(files)
    qtbot.waitUntil(lambda: len(page.results) >= 1, timeout=30000)
    page.clear()
    assert page.job is None and page.results == [] and page.tree.topLevelItemCount() == 0
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not page._jobs, timeout=30000)  # the cancelled job has ended
    qtbot.wait(50)
    assert page.results == [] and page.tree.topLevelItemCount() == 0


def _choose(qtbot, asker, path: Path) -> None:
    dialog = asker.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.selectFile(str(path))
    dialog.accept()


def test_export_asks_before_replacing_and_writes_in_a_worker(
    qtbot, page: VerifyPage, docs, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    _open(qtbot, page, [docs["visible"], docs["tampered"]])
    existing = tmp_path / "bao-cao.json"
    existing.write_text("keep me", encoding="utf-8")
    # typed without the extension: the suffix is added, then Kyso sees the file exists
    page.choose_export_json()
    asker = page.save_asker
    _choose(qtbot, asker, tmp_path / "bao-cao")
    assert asker.confirm is not None and existing.name in asker.confirm.text()
    asker.confirm.button(QMessageBox.StandardButton.No).click()
    qtbot.wait(100)
    assert existing.read_text(encoding="utf-8") == "keep me"
    # asked again, the user agrees to replace it
    page.choose_export_json()
    asker = page.save_asker
    _choose(qtbot, asker, tmp_path / "bao-cao")
    with qtbot.waitSignal(page.exported, timeout=10000) as sig:
        asker.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert sig.args == [str(existing)]
    assert [d["status"] for d in json.loads(existing.read_text(encoding="utf-8"))] == [
        "passed",
        "failed",
    ]
    # a new name: written (off the GUI thread) without asking
    page.choose_export_pdf()
    with qtbot.waitSignal(page.exported, timeout=30000) as sig:
        _choose(qtbot, page.save_asker, tmp_path / "bao-cao-pdf")
    pdf = tmp_path / "bao-cao-pdf.pdf"
    assert sig.args == [str(pdf)] and pdf.read_bytes().startswith(b"%PDF-")
    assert page.export_pdf_button.isEnabled()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # the synchronous API never replaces a file unless told to
    from kyso.core.errors import KysoError

    with pytest.raises(KysoError):
        page.export_pdf(pdf)
    assert page.export_pdf(pdf, overwrite=True) == pdf


def test_preview_loads_each_document_once_and_not_in_the_selection_handler(
    qtbot, page: VerifyPage, docs
) -> None:
    _open(qtbot, page, [docs["visible"], docs["tampered"]])
    qtbot.wait(50)  # the first result's preview has loaded
    loads: list[str] = []
    original = page._pdf_doc.load

    def counting(path: str):
        loads.append(Path(path).stem)
        return original(path)

    page._pdf_doc.load = counting
    good_item, bad_item = page.tree.topLevelItem(0), page.tree.topLevelItem(1)
    page.tree.setCurrentItem(bad_item.child(0))
    assert loads == []  # deferred out of the selection handler
    qtbot.waitUntil(lambda: loads == ["tampered"], timeout=5000)
    page.tree.setCurrentItem(bad_item)  # same document: not loaded again
    page.tree.setCurrentItem(good_item.child(0))
    page.tree.setCurrentItem(good_item)  # two selections before the load: one load
    qtbot.waitUntil(lambda: loads == ["tampered", "visible"], timeout=5000)
    qtbot.wait(50)
    assert loads == ["tampered", "visible"]


def test_details_of_what_was_not_analysed_and_an_emergency_reason(qtbot) -> None:
    """Fields nobody analysed read "not analysed" (never a crash on a new value, never a
    default "no"); no raw ETSI code in the text; the item-4 reason has its own row; the
    signer's name heads the entry, and a document timestamp says what it is."""
    from kyso.core.verify.report import DocumentResult, SignatureResult

    widget = VerifyPage(None, language="vi", workers=1)
    qtbot.addWidget(widget)
    sig = SignatureResult(field="Sig1", signer_name="Trần Thị Bình",
                          emergency_reason="Lãnh đạo đi công tác, văn bản khẩn")
    stamp = SignatureResult(field="TS1", kind="document_timestamp", signer_name="TSA thử")
    result = DocumentResult(file="/tmp/a.pdf", signatures=[sig, stamp], empty_fields=["Sig2"])
    text = widget.details_html(result, None)
    assert "Trần Thị Bình" in text and "Sig1" not in text.split("<table")[0]
    assert "Lãnh đạo đi công tác" in text
    assert "INDETERMINATE" not in text and "TOTAL_" not in text
    for label in ("not analysed", "chưa phân tích được"):
        if label in text:
            break
    else:
        raise AssertionError("unanalysed fields are not said to be so")
    assert "Sig2" in text


def test_revocation_rows_name_each_certificate_by_its_common_name(qtbot) -> None:
    """One row per certificate of the path, labelled by its CN: a whole DN as the label
    pushed every value of the table to the right half of the panel."""
    from kyso.core.verify.path_revocation import CertRevocation
    from kyso.core.verify.report import DocumentResult, SignatureResult

    widget = VerifyPage(None, language="vi", workers=1)
    qtbot.addWidget(widget)
    leaf = "UID=CCCD:033182005678,CN=Vũ Thị Hà,OU=Sở Khoa học và Công nghệ,C=VN"
    ca = "CN=CA phục vụ các cơ quan Nhà nước G2 (DEMO),O=Ban Cơ yếu Chính phủ,C=VN"
    sig = SignatureResult(field="Sig1", signer_name="Vũ Thị Hà", chain=[leaf, ca],
                          path_revocation=[CertRevocation(leaf, "signer", "good"),
                                           CertRevocation(ca, "ca", "no_source"),
                                           CertRevocation("not a DN", "ca", "good")])
    text = widget.details_html(DocumentResult(file="/tmp/a.pdf", signatures=[sig]), None)
    table = text.split("<table")[1].split("</table>")[0]
    labels = [cell.split("</b>")[0] for cell in table.split("<td><b>")[1:]]
    revocation = [label for label in labels if "“" in label]
    assert revocation == [
        f"{widget.tr('Revocation of %1').replace('%1', '')}“{name}”"
        for name in ("Vũ Thị Hà", "CA phục vụ các cơ quan Nhà nước G2 (DEMO)", "not a DN")
    ]
    assert "UID=CCCD" not in table  # the DN only in the chain line, after the table
    assert "UID=CCCD" in text.split("</table>")[1]
