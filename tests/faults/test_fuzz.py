"""A bounded fuzz run over what users hand Kyso: certificate files, inventory CSVs, settings
TOMLs and signed PDFs (400 inputs, fixed seeds, so a failure replays). The promise: a clear
:class:`KysoError` or a result, never another exception — and through the real CLI never a
traceback or "Lỗi không mong đợi". Signing of mutated PDFs is fuzzed in
tests/core/signing (every output validated or refused)."""

from __future__ import annotations

import json
import random
import subprocess

import pytest

from kyso.core.certs.files import parse_certificates
from kyso.core.errors import KysoError
from kyso.core.inventory.importing import (
    ImportMode,
    csv_template_header,
    import_certificate_csv,
    read_certificate_file,
)
from kyso.core.inventory.store import Inventory
from kyso.core.settings import Paths, load_settings
from tests.conftest import kyso_cli_env, kyso_cmd

JUNK = [b"\x00", b"\xff\xfe", b'"', b",", b";", b"\r\n", b"=HYPERLINK(1)", b"-----BEGIN ",
        b"\xe1\xbb\x87", "Đ".encode("utf-16"), b"[[[[", b"}", b"\\", b"A" * 5000]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        if not out:
            out += rng.choice(JUNK)
            continue
        i = rng.randrange(len(out))
        if op == 0:
            out[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            del out[i:i + rng.randint(1, 64)]
        elif op == 2:
            out[i:i] = rng.choice(JUNK)
        elif op == 3:
            out = out[: rng.randrange(len(out) + 1)]
        else:
            j = rng.randrange(len(out))
            out[i:i] = out[j:j + rng.randint(1, 200)]
    return bytes(out)


def test_certificate_files(test_pki, tmp_path) -> None:
    seeds = [test_pki.leader.der, test_pki.leader.pem, test_pki.pki.sub_ca.pem + test_pki.leader.pem]
    rng = random.Random(20251129)
    for n in range(120):
        data = mutate(rng.choice(seeds), rng)
        try:
            parse_certificates(data, source=f"fuzz-{n}")
        except KysoError as exc:
            assert exc.vi and exc.en
        path = tmp_path / f"c{n}.cer"
        path.write_bytes(data)
        certs, problems = read_certificate_file(path)  # never raises: problems are rows
        assert certs or problems


def test_inventory_csvs(tmp_path) -> None:
    header = ",".join(csv_template_header())
    good = (header + "\r\n" + ",".join(["Sở Y tế", "Nguyễn Văn A", "Giám đốc"] +
                                       [""] * (len(csv_template_header()) - 3))).encode("utf-8")
    rng = random.Random(7)
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.add_unit("Sở Y tế")
        for n in range(120):
            path = tmp_path / f"f{n}.csv"
            path.write_bytes(mutate(good, rng))
            try:
                result = import_certificate_csv(inv, path, mode=ImportMode.GOOD_ROWS)
            except KysoError as exc:
                assert exc.vi and exc.en
            else:
                for problem in result.problems:
                    assert getattr(problem, "vi", None) or str(problem)


def test_settings_tomls(tmp_path) -> None:
    good = (b'[settings]\nuse_builtin_modules = false\nrevocation_timeout_s = 5\n'
            b'[defaults]\nlanguage = "vi"\ntsa_url = "http://ca.gov.vn/tsa"\n')
    rng = random.Random(11)
    paths = Paths.under(tmp_path / "home")
    for n in range(100):
        machine = tmp_path / f"m{n}.toml"
        machine.write_bytes(mutate(good, rng))
        loaded = load_settings(paths, machine)  # never raises
        assert loaded.values.revocation_timeout_s > 0
        for p in loaded.problems:
            assert p.vi and p.en


@pytest.fixture
def signed_pdfs(sign_world, tmp_path):
    from kyso.core.signing.pades import Level, SignOptions
    from tests.support.signing_fixtures import make_pdf

    out = []
    for name in ("a", "b"):
        r = sign_world.signer().sign_file(make_pdf(tmp_path / f"{name}.pdf"),
                                          SignOptions(level=Level.B_B, tsa_url=sign_world.tsa.url))
        assert r.status == "signed", r.error
        out.append(r.output.read_bytes())
    return out


def test_signed_pdfs_through_kyso_verify(signed_pdfs, softhsm_store, isolated_home,
                                         tmp_path) -> None:
    """60 mutated signed PDFs in one ``kyso verify --json --offline`` run: one JSON result
    per file, exit 0/1/3, no traceback, no "Lỗi không mong đợi"."""
    folder = tmp_path / "fuzz"
    folder.mkdir()
    rng = random.Random(29)
    for n in range(60):
        (folder / f"p{n:02d}.pdf").write_bytes(mutate(rng.choice(signed_pdfs), rng))
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = subprocess.run(kyso_cmd("verify", "--json", "--offline", str(folder)), env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode in (0, 1, 3), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "Lỗi không mong đợi" not in proc.stderr
    results = json.loads(proc.stdout)
    files = results if isinstance(results, list) else results.get("documents", [])
    assert len(files) == 60


__all__ = ["sign_world", "sign_world_base"]
from tests.support.signing_fixtures import sign_world, sign_world_base  # noqa: E402
