"""Damaged PDFs (issue 13): every one of at least 100 mutants is either refused with a clear
reason, or signed into a file that pdfsig and pyHanko (with its diff analysis), openssl and
endesive all accept; the input is never touched."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pikepdf

from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions
from tests.support.output_checks import check_signed_output
from tests.support.pdf_mutations import mutants
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]

MUTANTS = 110


def _bases(world, tmp: Path) -> dict[str, bytes]:
    tmp.mkdir()
    one = make_pdf(tmp / "one.pdf")
    three = make_pdf(tmp / "three.pdf", pages=3)
    with pikepdf.open(three) as pdf:
        pdf.save(tmp / "streams.pdf", object_stream_mode=pikepdf.ObjectStreamMode.generate)
    signed = world.signer().sign_file(one, SignOptions(level=Level.B_B))
    assert signed.status == "signed", signed.error
    return {
        "one": one.read_bytes(),
        "three": three.read_bytes(),
        "streams": (tmp / "streams.pdf").read_bytes(),
        "signed": signed.output.read_bytes(),
    }


def test_mutated_pdfs_are_refused_or_signed_right(sign_world, tmp_path):
    bases = _bases(sign_world, tmp_path / "bases")
    signer = sign_world.signer()
    spec = AppearanceSpec(Profile.APPENDIX, number_symbol="13/QĐ-UBND")
    outcomes: dict[str, str] = {}
    bad: list[str] = []
    for name, data in mutants(bases, MUTANTS):
        folder = tmp_path / name
        folder.mkdir()
        src = folder / "in.pdf"
        src.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        result = signer.sign_file(src, SignOptions(level=Level.B_B, appearance=spec))
        assert hashlib.sha256(src.read_bytes()).hexdigest() == digest, name
        if result.status == "signed":
            # every signature the input's bytes held, plus the new one
            expected = data.count(b"/ByteRange") + 1
            try:
                check_signed_output(result.output, sign_world.root_der, folder / "checks", signatures=expected)
            except Exception as exc:  # a validator that cannot even read it counts too
                bad.append(f"{name}: signed but rejected: {str(exc)[:300]}")
            outcomes[name] = "signed"
            if result.repaired is not None:
                outcomes[name] = "repaired and signed"
                assert result.repaired.is_file() and result.repaired.parent == folder
                assert "lỗi cấu trúc" in result.notice and "bản mới" in result.notice
                assert "repaired" in result.to_json()
        else:
            err = result.error
            outcomes[name] = f"refused {err.code}"
            if err is None or not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", err.vi):
                bad.append(f"{name}: unclear refusal {err!r}")
            elif re.search(r"Error|Exception|Traceback", err.vi):
                bad.append(f"{name}: library text in the message: {err.vi}")
            leftovers = [p.name for p in folder.iterdir() if p.name not in ("in.pdf", "checks")]
            if leftovers:
                bad.append(f"{name}: refused but left {leftovers}")
    print("\n".join(f"{k}: {v}" for k, v in outcomes.items()))
    assert len(outcomes) >= 100
    kinds = set(outcomes.values())
    # the run really exercises all three ways out (else the mutations went soft)
    assert {"signed", "repaired and signed"} <= kinds and any(k.startswith("refused") for k in kinds)
    assert not bad, "\n".join(bad)
