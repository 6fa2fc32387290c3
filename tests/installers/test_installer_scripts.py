"""The installers' part of the signing bridge (issue 18), checked where they cannot run.

The Windows installers (Inno Setup EXE, WiX MSI) are built and run only by the Windows
workflow; here their text is parsed: the .wxs must be well-formed XML (WiX refuses anything
else), each installer runs ``kyso bridge setup --machine --if-enabled`` after its files are
in and ``kyso bridge remove --machine`` on uninstall, and those command lines are accepted by
Kyso's real argument parser. The .deb's maintainer scripts are checked by ``sh -n`` here and
run for real by installers/smoke_deb.sh.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kyso.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
WXS = ROOT / "installers" / "windows" / "kyso.wxs"
ISS = ROOT / "installers" / "windows" / "kyso.iss"
NS = {"w": "http://wixtoolset.org/schemas/v4/wxs"}
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
