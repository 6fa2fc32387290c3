"""The bridge's real signing path in the app: the inserted token's certificates offered in
the consent window, the Sign page's policy decision, a PIN, sign_with_key, upload — and the
refusal of a certificate the policy does not allow (no emergency signing from a web page)."""

from __future__ import annotations

import subprocess
import threading

import pytest
from PySide6.QtWidgets import QWidget

from kyso.core.app.environment import Environment
from kyso.core.bridge import local_ca
from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer
from kyso.core.checkup.certificate import make_checker
from kyso.core.settings import Paths, Settings, load_settings
from kyso.core.tokens.slots import list_tokens
from kyso.ui.bridge.consent import ConsentDialog
from kyso.ui.bridge.gui_app import GuiBridgeApp
from kyso.ui.bridge.signing import token_choices, token_signer
from tests.core.bridge.test_bridge import call
from tests.support.signing_fixtures import PIN, FixedPin, make_pdf, sign_world, sign_world_base
from tests.support.web_app import WebApp

__all__ = ["sign_world", "sign_world_base"]


@pytest.fixture
def world(qtbot, sign_world, tmp_path):
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world.certs.pki.root.pem)
    loaded = load_settings(Paths.under(tmp_path / "home"))
    loaded.values = Settings(anchors_path=str(anchors), tsa_url=sign_world.tsa.url,
                             revocation_timeout_s=2.0)
    env = Environment(loaded, modules=[sign_world.module])
    snaps = [s for s in list_tokens(sign_world.module) if s.info.serial == sign_world.pin_serial]
    checker = make_checker(loaded.values, loaded.paths)
    window = QWidget()
    qtbot.addWidget(window)
    app = GuiBridgeApp(
        window, lambda: token_choices(snaps),
        token_signer(env, lambda: snaps, FixedPin(PIN), lambda: checker,
                     lambda: tmp_path / "audit.jsonl"),
        answer_timeout=60,
    )
    web = WebApp({"doc.pdf": make_pdf(tmp_path / "src.pdf").read_bytes()})
    certs = local_ca.create(tmp_path / "bridge")
    server = BridgeServer(app, BridgePolicy(it_origins=(web.origin,), allow_http=True),
                          ssl_context=certs.ssl_context(), port=0, work_dir=tmp_path)
    server.start()
    yield server, certs, web, app
    server.stop()
    web.close()


def _ask(server, certs, web, op):
    box: dict = {}
    threading.Thread(target=lambda: box.setdefault("answer", call(server, certs, op, {
        "FileName": web.url("doc.pdf"), "FileUploadHandler": web.url("upload"),
        "DocNumber": "9/SY-UBND"}, web.origin)), daemon=True).start()
    return box


def _pick(dialog: ConsentDialog, text: str) -> None:
    for i in range(dialog.certificates.count()):
        if text in dialog.certificates.itemText(i):
            dialog.certificates.setCurrentIndex(i)
            return
    raise AssertionError(f"{text} not offered: {[dialog.certificates.itemText(i) for i in range(dialog.certificates.count())]}")


def test_copy_signed_with_the_organization_certificate(qtbot, world, tmp_path, sign_world):
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignCopy")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=30000)
    name = sign_world.entries["organization"].details.common_name
    _pick(app.last_dialog, name)
    app.last_dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 0, box["answer"]
    out = web.save_upload(0, tmp_path / "up.pdf")
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout


def test_a_revoked_certificate_is_refused_in_words(qtbot, world, sign_world):
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignApproved")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=30000)
    _pick(app.last_dialog, sign_world.entries["revoked"].details.common_name)
    app.last_dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 1 and "thu hồi" in box["answer"]["Message"]
    assert web.uploads == []
