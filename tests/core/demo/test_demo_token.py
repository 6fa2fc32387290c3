"""The DEMO token (issue 16 §6): it holds a leader on the new model besides the emergency
case, and a DEMO token made by an older Kyso (another certificate set) is rebuilt."""

from __future__ import annotations

import json

from kyso.core.demo.token import DEMO_VERSION, demo_certificates, ensure_demo_token


def test_the_demo_set_has_a_leader_on_the_new_model() -> None:
    from kyso.core.reform.check import check_subject

    certs = demo_certificates("TEST")
    labels = [name for name, _ in certs.leaves()]
    assert "leader-current" in labels and "leader-province" in labels
    assert check_subject(certs.leader_current.cert.subject).status == "current"
    assert check_subject(certs.leader_province.cert.subject).status == "needs_change"


def test_an_older_demo_token_is_rebuilt(tmp_path) -> None:
    demo = ensure_demo_token(tmp_path)
    state_file = demo.store.root / "demo.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert state["version"] == DEMO_VERSION
    assert ensure_demo_token(tmp_path).serial == demo.serial  # made once, then reused
    state["version"] = DEMO_VERSION - 1  # as an older Kyso left it
    state_file.write_text(json.dumps(state), encoding="utf-8")
    rebuilt = ensure_demo_token(tmp_path)
    assert rebuilt.serial != demo.serial
    assert json.loads(state_file.read_text(encoding="utf-8"))["version"] == DEMO_VERSION
    assert len(list(rebuilt.store.token_dir.glob("*/token.object"))) == 1
