"""Starting the bridge with the app: IT's ``[bridge]`` settings, the local certificates, the
listener, and a tray icon that says it is listening.

The listener starts only when IT has not turned it off and this user has local certificates
of their own: made here at the first start when IT's ``[bridge]`` table enables the bridge (or
by the user's ``kyso bridge setup``), renewed here when within 30 days of their end
(:func:`~kyso.core.bridge.local_ca.prepare_user_certificates`: a few milliseconds, no child
process). This user's stores (NSS databases for Chrome and Firefox; the user's Windows root
store, where Windows asks the user to confirm) then learn the user's CA where they do not yet
— in a worker, since ``certutil`` runs as a child process and Windows's question waits for
the user. Once it listens, the tray icon (:mod:`kyso.ui.bridge.tray`) says so and opens the
window or ends Kyso. A port already taken (VGCA Sign Service still installed, or another
user's Kyso) is a status message, not an error dialog.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from kyso.core.bridge.config import read_config
from kyso.core.bridge.local_ca import prepare_user_certificates, trust_for_user
from kyso.core.bridge.policy import PORT
from kyso.core.bridge.server import BridgeServer
from kyso.core.errors import KysoError
from kyso.core.settings import machine_settings_file
from kyso.core.signing.audit import default_audit_path
from kyso.ui import workers
from kyso.ui.bridge.gui_app import GuiBridgeApp
from kyso.ui.bridge.known import WindowKnowledge
from kyso.ui.bridge.signing import pdf_verifier, token_assessor, token_choices, token_signer
from kyso.ui.bridge.tray import BridgeTray

log = logging.getLogger(__name__)


def listening_port() -> int:
    """8987, the port web pages call; ``KYSO_BRIDGE_PORT`` moves it for tests that must not
    collide with a Kyso already running on the machine."""
    value = os.environ.get("KYSO_BRIDGE_PORT", "")
    return int(value) if value.isdigit() else PORT


def follow_calls(server: BridgeServer, tray: BridgeTray) -> None:
    """The tray says what each signing call is doing and cancels the one the user picks."""
    server.on_progress = tray.report
    tray.cancel_requested.connect(server.cancel)


class BridgeRunner:
    def __init__(self, window: Any, env: Any) -> None:
        self.window = window
        self.env = env
        self.server: BridgeServer | None = None
        self.tray: BridgeTray | None = None
        self.status = ""
        self.nss_worker: Any = None
        self.knowledge: WindowKnowledge | None = None
        """What the bridge's decisions read from the window (the Sign page's inputs)."""

    def start(self) -> None:
        config = read_config(machine_settings_file())
        if not config.enabled:  # the one rule: kyso.core.bridge.config.read_config
            self.status = "off"
            log.info("signing bridge not started: off in the machine settings")
            return
        try:
            # IT's [bridge] table is the switch that makes them; else only the user's own
            certs, made = prepare_user_certificates(self.env.paths.data_dir,
                                                    make=config.it_table)
        except OSError as exc:
            log.warning("bridge not started: its certificates cannot be made: %s", exc)
            certs = None
        if certs is None:
            self.status = "no_certificates"
            return
        if made:
            log.info("signing bridge: new local certificates of this user's own in %s",
                     certs.folder)
        self.nss_worker = workers.start(trust_for_user, certs,
                                        on_error=lambda exc: log.warning(
                                            "bridge CA not added to this user's stores: %s", exc))
        window = self.window

        def snapshots() -> list:
            return window.watcher.snapshots() if window.watcher else []

        # The Sign page's inputs to item 4's decision, read on the GUI thread when deciding
        knowledge = WindowKnowledge.for_window(window)
        self.knowledge = knowledge
        app = GuiBridgeApp(
            window,
            lambda: token_choices(snapshots()),
            token_signer(self.env, snapshots, window.prompter, lambda: window.checker,
                         lambda: default_audit_path(self.env.paths), known=knowledge.read),
            assess=token_assessor(self.env, snapshots, lambda: window.checker,
                                  known=knowledge.read),
            verify=pdf_verifier(lambda: window.checker),
        )
        server = BridgeServer(app, config.policy(self.env.paths.data_dir),
                              ssl_context=certs.ssl_context(), port=listening_port())
        try:
            server.start()
        except KysoError as exc:
            self.status = "port_busy"
            window.statusBar().showMessage(exc.message(window.language), 15000)
            log.warning("bridge not started: %s", exc.en)
            return
        self.server = server
        self.status = "listening"
        self.tray = BridgeTray(window, port=server.port)
        follow_calls(server, self.tray)

    def stop(self) -> None:
        if self.server is not None:
            self.server.on_progress = None  # the tray goes away with the window
            self.server.stop()
            self.server = None
        if self.tray is not None:
            self.tray.hide()
            self.tray = None
