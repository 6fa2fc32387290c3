"""Tools → "Nạp CRL từ tệp…" (issue 21): CRLs copied by hand feed the window's trust check
the way ``kyso check --crl`` does.

A token holds two certificates of the test PKI whose only revocation service is an address
nothing answers on (a closed network): both are "Cần lưu ý" with "Chưa kiểm tra được…".
After the sub-CA's CRL is loaded from a file, the one it lists is "Không đạt" (revoked) and
the other "Tin cậy" (good), in the device tree and in the details panel.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization

from kyso.core.app.environment import Environment
from kyso.core.demo.pki import PkiUrls
from kyso.core.settings import load_settings
from kyso.core.tokens.softhsm import CertObject
from kyso.ui.device_model import COL_STATUS
from kyso.ui.main_window import MainWindow
from tests.support.pki_cases import make_crl
from tests.support.trust_fixtures import TrustWorld

UNREACHABLE = PkiUrls(crl_url="http://127.0.0.1:9/khong-ket-noi.crl")


@pytest.fixture
def trusting_window(qtbot, softhsm_module, translations, world: TrustWorld):
    """The main window with the trust world's root as IT's anchor."""
    loaded = load_settings()
    loaded.values.anchors_path = str(world.anchors_dir)
    loaded.values.revocation_timeout_s = 0.5
    env = Environment(loaded, modules=[softhsm_module])
    window = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    yield window
    window.shutdown()


def _sha(cert) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _status(w, sha: str) -> str:
    name = w.model._certs[sha][0]
    return name.parent().child(name.row(), COL_STATUS).text()


def _reasons(w, label: str) -> list[str]:
    assert w.select_certificate(lambda c: c.label == label)
    return [v for k, v in w.details.rows() if k == "Lý do"]


def test_loading_a_crl_file_turns_unchecked_into_revoked_and_good(
    qtbot, trusting_window, tokens, world: TrustWorld, tmp_path: Path
) -> None:
    w = trusting_window
    revoked = world.issue("Trần Thị Thu Hồi", urls=UNREACHABLE)
    good = world.issue("Lê Văn Còn Hiệu Lực", urls=UNREACHABLE)
    sub = world.pki.sub_ca
    tokens.custom(
        certs=[
            CertObject(revoked.der, b"\x01", "thu-hoi", revoked.cert.subject.public_bytes()),
            CertObject(good.der, b"\x02", "con-hieu-luc", good.cert.subject.public_bytes()),
            CertObject(sub.der, b"\x03", "sub-ca", sub.cert.subject.public_bytes()),
        ]
    )
    bad_sha, good_sha = _sha(revoked.cert), _sha(good.cert)
    qtbot.waitUntil(lambda: bad_sha in w.model.checks and good_sha in w.model.checks, timeout=20000)
    assert _status(w, bad_sha) == _status(w, good_sha) == "⚠ Cần lưu ý"
    assert any("Chưa kiểm tra được" in r for r in _reasons(w, "thu-hoi"))
    assert w.act_load_crl.isEnabled()
    _idle(qtbot)
    assert w.act_load_crl.text() == "Nạp CRL từ tệp…"
    assert w.act_load_crl in w.tools_menu.actions()

    crl = tmp_path / "sub-ca.crl"
    crl.write_bytes(
        make_crl(world, revoked=[revoked.cert]).public_bytes(serialization.Encoding.DER)
    )
    w.act_load_crl.choose = lambda: [str(crl)]  # what the file dialog would answer
    with qtbot.waitSignal(w.act_load_crl.loaded, timeout=10000):
        w.act_load_crl.trigger()
    qtbot.waitUntil(lambda: _status(w, bad_sha) == "✖ Không đạt", timeout=20000)
    qtbot.waitUntil(lambda: _status(w, good_sha) == "✔ Tin cậy", timeout=20000)
    assert any("đã bị thu hồi" in r for r in _reasons(w, "thu-hoi"))
    assert _reasons(w, "con-hieu-luc") == []
    assert w.model.checks[bad_sha].trust.revocation.status == "revoked"
    assert w.model.checks[good_sha].trust.revocation.source == "file"
    assert w.act_load_crl.files == [crl]
    w.select_certificate(lambda c: c.label == "thu-hoi")
    qtbot.wait(50)
    shot = tmp_path / "crl-from-file.png"
    assert w.grab().toImage().save(str(shot))
    print(f"screenshot: {shot}")
    _idle(qtbot)


def _idle(qtbot) -> None:
    """No check still running when the window closes (its results would find it gone)."""
    from PySide6.QtCore import QThreadPool

    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=20000)


def test_a_file_that_is_not_a_crl_is_refused_by_name(
    qtbot, trusting_window, tmp_path: Path
) -> None:
    w = trusting_window
    qtbot.waitUntil(w.act_load_crl.isEnabled, timeout=10000)
    checker = w.checker
    junk = tmp_path / "danh-sach.crl"
    junk.write_bytes(b"khong phai CRL")
    errors: list[object] = []
    w.show_error = errors.append  # the message box is modal; the message is what matters
    w.act_load_crl.choose = lambda: [str(junk)]
    w.act_load_crl.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert "danh-sach.crl" in errors[0].vi
    assert w.checker is checker and w.act_load_crl.files == []
    assert w.act_load_crl.isEnabled()
    _idle(qtbot)
