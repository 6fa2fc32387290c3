"""`kyso verify`: signed PDFs from the command line (issue 6)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.verify_fixtures import (
    VerifyWorld,
    flip_signed_byte,
    simple_pdf,
    verify_world,
)

__all__ = ["verify_world"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli-docs")
    good = verify_world.sign_bytes(simple_pdf(), level="B-T")
    out = {
        "good": good,
        "good2": verify_world.sign_bytes(simple_pdf(pages=2), level="B-B"),
        "tampered": flip_signed_byte(verify_world.sign_bytes(simple_pdf(), level="B-B")),
        "junk": b"not a pdf at all",
    }
    paths = {}
    for name, data in out.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def test_verify_json_passes(docs, world, softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = run(env, "verify", "--json", "--anchors", str(world.anchors_dir), str(docs["good"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [doc] = json.loads(proc.stdout)
    assert set(doc) == {"file", "status", "error", "signatures", "empty_fields"}
    assert doc["status"] == "passed" and doc["error"] is None
    [sig] = doc["signatures"]
    assert sig["conclusion"] == "TOTAL_PASSED" and sig["level"] == "B-T"
    assert sig["intact"] is True and sig["trusted"] is True
    assert sig["timestamp_time"].endswith("+07:00")


def test_verify_folder_findings_and_text(
    docs, world, softhsm_store, isolated_home, tmp_path
) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("good", "good2", "tampered"):
        (folder / f"{name}.pdf").write_bytes(docs[name].read_bytes())
    proc = run(env, "verify", "--json", "--anchors", str(world.anchors_dir), str(folder))
    assert proc.returncode == 3, proc.stdout + proc.stderr
    results = json.loads(proc.stdout)
    assert [Path(r["file"]).name for r in results] == ["good.pdf", "good2.pdf", "tampered.pdf"]
    tampered = results[-1]
    assert tampered["status"] == "failed"
    assert tampered["signatures"][0]["sub_indication"] == "HASH_FAILURE"
    text = run(env, "verify", "--anchors", str(world.anchors_dir), str(docs["tampered"]))
    assert text.returncode == 3
    assert "Không hợp lệ" in text.stdout and "Traceback" not in text.stderr


def test_verify_error_exit_1(docs, world, softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = run(
        env,
        "verify",
        "--json",
        "--anchors",
        str(world.anchors_dir),
        str(docs["junk"]),
        str(docs["good"]),
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    junk, good = json.loads(proc.stdout)
    assert junk["status"] == "error" and junk["error"] and junk["signatures"] == []
    assert good["status"] == "passed"
    missing = run(env, "verify", "--anchors", str(world.anchors_dir / "nope"), str(docs["good"]))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_verify_offline_without_cache_is_indeterminate(
    docs, world, softhsm_store, isolated_home
) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = run(
        env,
        "verify",
        "--json",
        "--offline",
        "--anchors",
        str(world.anchors_dir),
        str(docs["good2"]),
    )
    assert proc.returncode == 3, proc.stdout + proc.stderr
    [doc] = json.loads(proc.stdout)
    assert doc["signatures"][0]["sub_indication"] == "TRY_LATER"
    assert doc["signatures"][0]["revocation"]["status"] == "unknown"
