"""The installers' part of the signing bridge (issue 18), checked where they cannot run.

The Windows installers (Inno Setup EXE, WiX MSI) are built and run only by the Windows
workflow; here their text is parsed: the .wxs must be well-formed XML (WiX refuses anything
else), each installer runs ``kyso bridge setup --machine --if-enabled`` after its files are
in and ``kyso bridge remove --machine`` on uninstall, and those command lines are accepted by
Kyso's real argument parser. The .deb's maintainer scripts are checked by ``sh -n`` here and
run for real by installers/smoke_deb.sh.

The bridge's start at login: the HKLM ``Run`` value of both Windows installers and the .deb's
/etc/xdg/autostart entry run ``kyso-desktop --background`` (parsed by kyso-desktop's own
parser), removed again on uninstall.
"""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kyso.cli.main import build_parser
from kyso.ui.app import parse_args as desktop_args

ROOT = Path(__file__).resolve().parents[2]
WXS = ROOT / "installers" / "windows" / "kyso.wxs"
ISS = ROOT / "installers" / "windows" / "kyso.iss"
NS = {"w": "http://wixtoolset.org/schemas/v4/wxs"}
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
SETUP = ["bridge", "setup", "--machine", "--if-enabled"]
REMOVE = ["bridge", "remove", "--machine"]


def _kyso_args(command: str) -> list[str]:
    """The arguments after ``…kyso.exe`` in an installer's command line."""
    words = shlex.split(command.replace("&quot;", '"'), posix=True)
    exe = next(i for i, w in enumerate(words) if w.lower().endswith("kyso.exe"))
    return words[exe + 1:]


def _parses(args: list[str]) -> None:
    ns = build_parser().parse_args(args)
    assert ns.machine is True
    assert ns.func.__name__ in ("cmd_bridge_setup", "cmd_bridge_remove")


def test_wxs_is_xml_with_the_bridge_custom_actions() -> None:
    root = ET.parse(WXS).getroot()  # raises on a comment holding "--", as WiX would
    actions = {a.get("Id"): a for a in root.iter(f"{{{NS['w']}}}CustomAction")}
    setup, remove = actions["KysoBridgeSetup"], actions["KysoBridgeRemove"]
    for action, want in ((setup, SETUP), (remove, REMOVE)):
        assert action.get("Directory") == "INSTALLFOLDER"
        assert action.get("ExeCommand").startswith('"[INSTALLFOLDER]kyso.exe"')
        assert _kyso_args(action.get("ExeCommand")) == want
        _parses(want)
        # the machine's root store: deferred, as LocalSystem (not the installing user)
        assert action.get("Execute") == "deferred" and action.get("Impersonate") == "no"
        assert action.get("Return") == "ignore"
    sequence = {c.get("Action"): c for c in root.find("w:Package/w:InstallExecuteSequence", NS)}
    assert sequence["KysoBridgeSetup"].get("Before") == "InstallFinalize"  # after the files
    assert sequence["KysoBridgeSetup"].get("Condition") == "NOT REMOVE"
    assert sequence["KysoBridgeRemove"].get("Before") == "RemoveFiles"  # kyso.exe still there
    condition = sequence["KysoBridgeRemove"].get("Condition")
    assert 'REMOVE~="ALL"' in condition and "NOT UPGRADINGPRODUCTCODE" in condition


def _iss_sections(text: str) -> dict[str, list[dict[str, str]]]:
    """Inno Setup's sections as lists of entries (``Name: value; Name: "value"; …``)."""
    sections: dict[str, list[dict[str, str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = sections.setdefault(m.group(1), [])
            continue
        if current is None or ":" not in line:
            continue
        entry = {}
        for part in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
            key, value = part
            value = value.strip()
            if value.startswith('"') and value.endswith('"'):
                value = value[1:-1].replace('""', '"')
            entry[key] = value
        current.append(entry)
    return sections


def test_iss_runs_setup_after_install_and_remove_on_uninstall() -> None:
    raw = ISS.read_bytes()
    text = raw.decode("utf-8-sig")  # Inno Setup 6 reads a UTF-8 script with its BOM
    sections = _iss_sections(text)
    run = [e for e in sections["Run"] if e.get("Filename") == r"{app}\kyso.exe"]
    assert len(run) == 1
    assert run[0]["Parameters"].split() == SETUP
    flags = run[0]["Flags"].split()
    # hidden, waited for, and not a "postinstall" checkbox the user (or /SILENT) could skip
    assert {"runhidden", "waituntilterminated"} <= set(flags) and "postinstall" not in flags
    _parses(run[0]["Parameters"].split())
    # [Run] entries run in order after [Files]: the setup comes before the app is launched
    assert sections["Run"].index(run[0]) == 0
    undo = [e for e in sections["UninstallRun"] if e.get("Filename") == r"{app}\kyso.exe"]
    assert len(undo) == 1 and undo[0]["Parameters"].split() == REMOVE
    assert undo[0].get("RunOnceId") and "runhidden" in undo[0]["Flags"].split()
    _parses(REMOVE)


@pytest.mark.parametrize("script", ["postinst", "prerm", "postrm"])
def test_deb_maintainer_scripts_are_valid_sh(script: str) -> None:
    path = ROOT / "installers" / "linux" / script
    proc = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_deb_scripts_run_the_bridge_commands_and_are_packaged() -> None:
    postinst = (ROOT / "installers" / "linux" / "postinst").read_text()
    prerm = (ROOT / "installers" / "linux" / "prerm").read_text()
    assert "/opt/kyso/kyso bridge setup --machine --if-enabled" in postinst
    assert "/opt/kyso/kyso bridge remove --machine" in prerm
    # removal only, not before an upgrade (the users' browsers keep trusting the same CA)
    assert re.search(r"^\s*remove\|deconfigure\)", prerm, re.M)
    _parses(SETUP)
    _parses(REMOVE)
    build = (ROOT / "installers" / "build_linux.sh").read_text()
    assert "for script in postinst prerm postrm; do" in build


def _background_start(command: str, exe_dir: str) -> None:
    """``"<dir>kyso-desktop.exe" --background``: the GUI program (kyso.exe is the console CLI,
    which has no such option), accepted by kyso-desktop's parser."""
    words = shlex.split(command.replace("&quot;", '"'), posix=True)
    assert words[0] == exe_dir + "kyso-desktop.exe", words
    assert desktop_args(words[1:]).background is True
    assert words[1:] == ["--background"]


def test_iss_starts_the_bridge_at_login_and_uninstall_deletes_it() -> None:
    sections = _iss_sections(ISS.read_bytes().decode("utf-8-sig"))
    run = [e for e in sections["Registry"] if e.get("Subkey") == RUN_KEY]
    assert len(run) == 1, run
    entry = run[0]
    assert entry["Root"] == "HKLM" and entry["ValueType"] == "string"
    assert entry["ValueName"] == "KysoBridge"
    assert "uninsdeletevalue" in entry["Flags"].split()
    assert "uninsdeletekey" not in entry["Flags"].split()  # the Run key holds other programs
    _background_start(entry["ValueData"], "{app}\\")
    # the same program the Start menu opens
    icon = next(e for e in sections["Icons"] if e["Name"] == "{autoprograms}\\Kyso")
    assert icon["Filename"] == "{app}\\kyso-desktop.exe"


def test_wxs_starts_the_bridge_at_login_in_a_component() -> None:
    root = ET.parse(WXS).getroot()
    parents = {child: parent for parent in root.iter() for child in parent}
    values = [v for v in root.iter(f"{{{NS['w']}}}RegistryValue") if v.get("Key") == RUN_KEY]
    assert len(values) == 1
    value = values[0]
    assert value.get("Root") == "HKLM" and value.get("Type") == "string"
    assert value.get("Name") == "KysoBridge" and value.get("KeyPath") == "yes"
    _background_start(value.get("Value"), "[INSTALLFOLDER]")
    component = parents[value]
    assert component.tag == f"{{{NS['w']}}}Component"
    assert component.get("Condition") is None and component.get("Permanent") is None
    # in INSTALLFOLDER, whose components the package installs (no Feature picks among them)
    assert parents[component].get("Id") == "INSTALLFOLDER"
    assert root.find(".//w:Feature", NS) is None
    shortcut = root.find(".//w:Shortcut", NS)
    assert shortcut.get("Target") == "[INSTALLFOLDER]kyso-desktop.exe"


AUTOSTART = ROOT / "installers" / "linux" / "kyso-bridge.desktop"


def test_deb_autostart_entry_runs_the_background_start() -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(AUTOSTART, encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application"
    words = shlex.split(d["Exec"])
    assert words[0] == "kyso-desktop" and desktop_args(words[1:]).background is True
    assert d["TryExec"] == "kyso-desktop"  # skipped once the package is gone
    assert d["NoDisplay"] == "true" and d["X-GNOME-Autostart-enabled"] == "true"
    assert d["Name[vi]"] and d["Comment[vi]"]
    validate = shutil.which("desktop-file-validate")
    assert validate, "desktop-file-validate is missing: apt-get install desktop-file-utils"
    proc = subprocess.run([validate, str(AUTOSTART)], capture_output=True, text=True)
    assert proc.returncode == 0 and "error" not in proc.stdout, proc.stdout + proc.stderr
    build = (ROOT / "installers" / "build_linux.sh").read_text()
    assert re.search(r'install -m 644 "\$ROOT/installers/linux/kyso-bridge\.desktop" '
                     r'"\$PKG/etc/xdg/autostart/kyso-bridge\.desktop"', build)
