"""Windows-specific paths, tested on Linux with the OS boundary faked: the per-machine
settings file under %ProgramData%, the vendor modules in System32, the bridge CA in the
Windows root store (tests/core/bridge), the system proxy (tests/core/net)."""

from __future__ import annotations

import sys
from pathlib import PureWindowsPath

from kyso.core import settings
from kyso.core.tokens.modules import KNOWN_MODULES


def test_machine_settings_file_under_programdata(monkeypatch) -> None:
    monkeypatch.delenv("KYSO_MACHINE_CONFIG", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("ProgramData", r"D:\ProgramData")
    path = settings.machine_settings_file()
    assert PureWindowsPath(str(path)).parts[-2:] == ("Kyso", "kyso.toml")
    assert str(path).startswith(r"D:\ProgramData")
    monkeypatch.delenv("ProgramData")
    assert str(settings.machine_settings_file()).startswith(r"C:\ProgramData")


def test_every_vendor_module_has_a_system32_path() -> None:
    """The CAs' installers put their module in System32 (OpenSC in Program Files)."""
    for known in KNOWN_MODULES:
        paths = known.paths("win32")
        assert paths, known.vendor
        if known.vendor == "OpenSC":
            assert paths[0].endswith(r"OpenSC\pkcs11\opensc-pkcs11.dll")
            continue
        for p in paths:
            assert PureWindowsPath(p).parent == PureWindowsPath(r"C:\Windows\System32"), p
            assert p.lower().endswith(".dll")
