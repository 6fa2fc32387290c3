"""``kyso-desktop``: start the Qt application.

One Kyso per user session (:mod:`kyso.ui.single_instance`): a later start shows the running
Kyso's window (with the files it was given) and exits 0. ``--background`` is the start at
login (:mod:`kyso.ui.bridge.background`): hidden, the tray icon and the signing bridge only,
and only when IT enabled the bridge — decided before Qt or the window is loaded, so the
login entry costs little on machines where it has nothing to do.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from kyso import __version__
from kyso.core.app.environment import open_environment, use_temp_dir
from kyso.core.logs import setup_logging
from kyso.core.resources import resource_path
from kyso.core.settings import load_settings
from kyso.ui.single_instance import SingleInstance

log = logging.getLogger(__name__)


class Translations:
    """Installs Kyso's .qm for the chosen language (source strings are English), and Qt's
    own (standard buttons, the file dialog, text menus): ``qtbase_<lang>.qm`` from Qt's
    translations folder when Qt ships one, else Kyso's (Qt ships no Vietnamese)."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.translator: QTranslator | None = None
        self.qt_translator: QTranslator | None = None

    def use(self, language: str) -> bool:
        for t in (self.translator, self.qt_translator):
            if t is not None:
                self.app.removeTranslator(t)
        self.translator = self.qt_translator = None
        if language == "en":
            return True
        qt = QTranslator(self.app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        name = f"qtbase_{language}"
        if qt.load(name, qt_dir) or qt.load(str(resource_path("translations", f"{name}.qm"))):
            self.app.installTranslator(qt)
            self.qt_translator = qt
        else:
            log.warning("Qt's own strings have no %s translation; they show in English", language)
        translator = QTranslator(self.app)
        qm = resource_path("translations", f"kyso_{language}.qm")
        if not translator.load(str(qm)):
            log.warning("translation %s not found; showing English", qm)
            return False
        self.app.installTranslator(translator)
        self.translator = translator
        return True


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kyso-desktop")
    parser.add_argument("--version", action="version", version=f"kyso-desktop {__version__}")
    parser.add_argument("--demo", action="store_true", help="use the DEMO token")
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="use the DEMO token when no real token is present",
    )
    parser.add_argument("--temp-dir", metavar="DIR", help="keep this run's files under DIR")
    parser.add_argument("--lang", choices=["vi", "en"], help="UI language for this run")
    parser.add_argument(
        "--smoke", action="store_true", help="quit by itself once the window has painted"
    )
    parser.add_argument(
        "--sign", action="store_true", help="open the PDF files on the signing page"
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help="start hidden with the tray icon and the signing bridge (the start at login); "
        "exits at once unless IT enabled the bridge",
    )
    parser.add_argument(
        "files", nargs="*", metavar="PDF", help="PDF files to open (verified unless --sign)"
    )
    args = parser.parse_args(argv)
    if args.background and (args.files or args.smoke):
        parser.error("--background opens no files and has no --smoke run")
    return args


def show_request(window: QWidget, message: dict[str, object]) -> None:
    """A later start's request to the running Kyso: show the window, open its files."""
    from kyso.ui.bridge.tray import bring_to_front

    if not message.get("show"):
        return
    log.info("a later start of Kyso asked for the window")
    bring_to_front(window)
    files = message.get("files")
    if isinstance(files, list) and files:
        window.open_files_when_ready(  # type: ignore[attr-defined]
            [str(f) for f in files], sign=message.get("sign") is True
        )


def exit_on_sigterm(app: QApplication) -> None:
    """SIGTERM (the session ending, ``systemctl``, ``kill``) ends Kyso like the tray's "Quit":
    the window's state is saved, the bridge stops, the lock and the socket are given back.
    Python runs its signal handlers only when it has control, so the signal also wakes the
    event loop through a socket pair."""
    if sys.platform == "win32":
        return
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    wake_r, wake_w = socket.socketpair()
    for s in (wake_r, wake_w):
        s.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno())
    signal.signal(signal.SIGTERM, lambda *_: app.exit(0))
    notifier = QSocketNotifier(wake_r.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            wake_r.recv(512)
        except OSError:
            pass

    notifier.activated.connect(drain)
    app._kyso_sigterm = (wake_r, wake_w, notifier)  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # verification workers are spawned processes
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.temp_dir:
        use_temp_dir(args.temp_dir)
    logging.basicConfig(level=logging.WARNING)
    settings = load_settings()
    setup_logging(settings.paths.log_dir)
    if args.background:
        from kyso.ui.bridge.background import refusal

        if refusal(settings.paths.data_dir) is not None:
            return 0  # logged; the login entry is on every machine, the bridge is not
    app = QApplication.instance() or QApplication(sys.argv[:1])
    instance = SingleInstance(settings.paths.data_dir, app)
    if not instance.claim():
        if args.background:
            log.info("background start: Kyso is already running in this session; exiting")
            return 0
        files = [str(Path(f).resolve()) for f in args.files]
        if instance.send({"show": True, "files": files, "sign": args.sign}):
            log.info("Kyso is already running in this session: asked it to show its window")
            return 0
        log.warning("another Kyso holds %s but does not answer; starting anyway",
                    instance.server_name)
    try:
        return _run(app, args, settings, instance)
    finally:
        instance.release()


def _run(
    app: QApplication, args: argparse.Namespace, settings: Any, instance: SingleInstance
) -> int:
    from kyso.ui.main_window import MainWindow

    app.setApplicationName("Kyso")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("kyso")  # Wayland matches the window to kyso.desktop by this
    from kyso.ui.gc_thread import GuiThreadCollector

    collector = GuiThreadCollector(app)  # cycles are collected on this thread only
    del collector  # owned by the application
    icon = resource_path("icons", "kyso.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    language = args.lang or settings.values.language
    translations = Translations(app)  # type: ignore[arg-type]
    translations.use(language)
    QLocale.setDefault(
        QLocale(QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English)
    )

    def set_language(code: str) -> None:
        translations.use(code)
        try:
            settings.set_user("language", code)
        except Exception as exc:  # a locked setting: keep it for this run only
            log.info("language not saved: %s", exc)

    window = MainWindow(
        lambda: open_environment(demo=args.demo, demo_if_empty=args.demo_if_empty),
        language=language,
        set_language=set_language,
        settings_file=settings.paths.config_dir / "window.ini",
    )
    instance.request.connect(lambda message: show_request(window, message))
    if args.background:
        from kyso.ui.bridge.background import StayInBackground, end_unless_listening

        StayInBackground(window, app)
        end_unless_listening(window, app.exit)
    else:
        window.show()
    if args.files:
        files = [str(Path(f).resolve()) for f in args.files]
        window.open_files_when_ready(files, sign=args.sign)
    if args.smoke:

        def smoke_done() -> None:
            print(f"kyso-desktop: ready, {window.model.token_count()} token(s)", flush=True)
            window.close()

        window.ready.connect(lambda: QTimer.singleShot(300, smoke_done))
    exit_on_sigterm(app)
    code = app.exec()
    log.info("Kyso ends (%s)", code)
    window.save_state()  # also when the tray's "Quit" ended Kyso without closing the window
    window.shutdown()
    QThreadPool.globalInstance().waitForDone(10000)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
