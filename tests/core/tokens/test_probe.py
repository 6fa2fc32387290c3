"""Drivers cannot take Kyso down: crashing and hanging PKCS#11 modules, built with gcc here."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kyso.core.errors import ModuleLoadError
from kyso.core.tokens.modules import ModuleRegistry
from kyso.core.tokens.probe import probe_module, run_probe
from kyso.core.tokens.slots import list_tokens
from kyso.core.tokens.softhsm import find_softhsm_module

from .fake_modules import build_module


def test_a_module_that_segfaults_is_reported_and_not_loaded(tmp_path: Path, softhsm_module) -> None:
    crash = build_module(tmp_path / "crash", crash_in_get_function_list=True)
    softhsm = find_softhsm_module()
    assert softhsm
    # Loaded straight into this process, it would kill the test run with SIGSEGV.
    bad, good = ModuleRegistry.instance().load([str(crash.path), softhsm])
    assert not bad.loaded and bad.lib is None
    assert bad.probe is not None and bad.probe.outcome == "crashed"
    assert bad.probe.step == "C_GetFunctionList" and bad.probe.detail == "SIGSEGV"
    assert bad.error is not None and bad.error.code == "module_crashed"
    assert str(crash.path) in bad.error.vi and str(crash.path) in bad.error.en
    assert "lỗi nghiêm trọng" in bad.error.vi and "trình điều khiển" in bad.error.vi
    assert "SIGSEGV" in bad.error.vi
    assert bad.to_json()["probe"]["outcome"] == "crashed"
    assert good is softhsm_module and good.loaded


def test_a_module_whose_c_initialize_never_returns_is_cut_off(tmp_path: Path) -> None:
    hang = build_module(tmp_path / "hang", hang_in_initialize=True)
    result = run_probe(str(hang.path), timeout_s=1.0)
    assert result.outcome == "hung" and result.step == "C_Initialize"
    error = result.error()
    assert error is not None and error.code == "module_hung"
    assert str(hang.path) in error.vi and "không trả lời" in error.vi
    assert "khởi tạo (C_Initialize)" in error.vi


def test_registry_skips_a_hanging_module_under_the_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, softhsm_module
) -> None:
    hang = build_module(tmp_path / "hang", hang_in_initialize=True)
    monkeypatch.setenv("KYSO_PKCS11_PROBE_TIMEOUT_S", "1")
    softhsm = find_softhsm_module()
    assert softhsm
    bad, good = ModuleRegistry.instance().load([str(hang.path), softhsm])
    assert not bad.loaded and bad.error is not None and bad.error.code == "module_hung"
    assert good.loaded
    assert list_tokens(bad) == []  # an unloaded module is simply empty


def test_not_a_library_is_reported_from_the_probe(tmp_path: Path) -> None:
    junk = tmp_path / "libjunk.so"
    junk.write_bytes(b"\x7fELF but not really")
    result = run_probe(str(junk), timeout_s=10)
    assert result.outcome == "failed" and result.step == "load"
    error = result.error()
    assert error is not None and error.code == "module_load" and str(junk) in error.vi


def test_a_good_module_passes_every_step(tmp_path: Path) -> None:
    fake = build_module(tmp_path / "good")
    result = run_probe(str(fake.path), timeout_s=10)
    assert result.ok and result.step == "C_GetSlotList" and result.slots == 1
    assert result.error() is None


def test_probe_is_cached_per_path_size_and_mtime(tmp_path: Path) -> None:
    fake = build_module(tmp_path / "cached")
    first = probe_module(str(fake.path))
    assert probe_module(str(fake.path)) is first  # no second child process
    st = fake.path.stat()
    os.utime(fake.path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    again = probe_module(str(fake.path))
    assert again is not first and again.ok


def test_a_module_that_hangs_later_blocks_only_its_own_thread(
    tmp_path: Path, softhsm_module, tokens
) -> None:
    fake = build_module(tmp_path / "later", name="libhangslater.so")
    module = ModuleRegistry.instance().load([str(fake.path)])[0]
    assert module.loaded
    tok = tokens.empty()
    fake.hang()  # from now on its C_GetSlotList does not return
    try:
        with pytest.raises(ModuleLoadError) as info:
            list_tokens(module, timeout=0.5)
        assert info.value.code == "module_unresponsive" and module.unresponsive
        assert str(fake.path) in info.value.vi
        # The other module answers meanwhile, from this thread and from another.
        assert any(s.info.serial == tok.serial for s in list_tokens(softhsm_module))
        seen: list[int] = []
        t = threading.Thread(target=lambda: seen.append(len(list_tokens(softhsm_module))))
        t.start()
        t.join(10)
        assert seen and seen[0] >= 1
    finally:
        fake.release()
    assert [s.info.serial for s in list_tokens(module)] == [fake.serial]


def test_the_probe_runs_through_the_app_itself_when_frozen(tmp_path: Path) -> None:
    """A frozen build has no python to run probe_child.py: it runs itself with a flag."""
    import subprocess
    import sys

    fake = build_module(tmp_path / "frozen")
    code = (
        "import sys; from kyso.core.tokens.probe import run_child_if_requested; "
        "run_child_if_requested(sys.argv); print('not reached')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--kyso-pkcs11-probe", str(fake.path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.splitlines()[-1] == "ok 1" and "not reached" not in proc.stdout
