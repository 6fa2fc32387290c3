"""`kyso check --subjects-from FILE` checked in parts by forked processes (issue 15,
item 6): the same bytes and exit code as one process, Ctrl+C leaves no process behind and
nothing half-written, and a subject-only check loads no PKCS#11 driver (whose thread would
make forking unsafe)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kyso.core.subjects.admin_units import load
from tests.bench.bench_check_subjects import no_repeat_subjects
from tests.bench.bench_reform import subjects
from tests.conftest import kyso_cli_env, kyso_cmd
from tests.core.checkup.test_subjects_json import ODD
from tests.core.reform.test_reform_hard import all_cases

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


@pytest.fixture
def listing(tmp_path: Path) -> Path:
    dns = [c.subject for c in all_cases()] + ODD + subjects(load(), 900, seed=8)
    dns += dns[:100]  # subjects again, in another part: a verdict shared across parts
    path = tmp_path / "subjects.txt"
    path.write_text("\n".join(dns) + "\n", encoding="utf-8")
    return path


@linux_only
@pytest.mark.parametrize("as_json", [True, False])
def test_parts_print_the_one_process_bytes(
    as_json: bool, listing: Path, softhsm_store, isolated_home
) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    runs = {}
    for jobs in ("1", "3"):
        args = ["check", "--jobs", jobs, "--subjects-from", str(listing)]
        runs[jobs] = subprocess.run(
            kyso_cmd(*args, *(["--json"] if as_json else [])),
            env=env,
            capture_output=True,
            timeout=300,
        )
    one, three = runs["1"], runs["3"]
    assert one.returncode == three.returncode == 3, three.stderr.decode("utf-8", "replace")
    assert three.stdout == one.stdout
    assert three.stderr == one.stderr == b""
    assert len(one.stdout) > 1_000_000


@pytest.mark.parametrize("jobs", ["0", "-2", "hai"])
def test_jobs_must_be_a_positive_number(jobs: str, softhsm_store, isolated_home) -> None:
    run = subprocess.run(
        kyso_cmd("check", "--jobs", jobs, "--subject", "CN=A,C=VN"),
        env=kyso_cli_env(softhsm_store, isolated_home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "cần một số nguyên dương" in run.stderr
    assert "Traceback" not in run.stderr


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _group(pgid: int) -> list[str]:
    """The processes of the group still running (a zombie, dead and waiting for whoever
    adopted it to reap it, does not count)."""
    rows = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            rows.append(f"{entry.name} state={fields[0]} ppid={fields[1]}")
    return rows


@linux_only
@pytest.mark.parametrize(
    ("how", "code"),
    [("group", 130), ("parent", 130), ("kill", -signal.SIGKILL), ("term", -signal.SIGTERM)],
)
def test_stopped_during_parts_leaves_no_process_and_no_output(
    how: str, code: int, tmp_path: Path, softhsm_store, isolated_home
) -> None:
    """Ctrl+C (to the terminal's whole group, or to Kyso alone), SIGTERM or SIGKILL while
    forked parts are being checked: nothing on stdout, and no forked copy still working
    a second after Kyso ended (each part takes seconds)."""
    path = tmp_path / "many.txt"
    dns = no_repeat_subjects(load(), 10_000)
    # Three times the communes, each time under another serial: ~30,000 verdicts to make.
    path.write_text(
        "\n".join(f"{dn},SERIALNUMBER=lan {k}" for k in range(3) for dn in dns) + "\n",
        encoding="utf-8",
    )
    # Files, not pipes: a pipe held open by a forked copy would keep a reader waiting until
    # the copy ends, hiding how long it outlived the command.
    out_path, err_path = tmp_path / "out", tmp_path / "err"
    with out_path.open("wb") as out_file, err_path.open("wb") as err_file:
        proc = subprocess.Popen(
            kyso_cmd("check", "--json", "--jobs", "2", "--subjects-from", str(path)),
            env=kyso_cli_env(softhsm_store, isolated_home),
            stdout=out_file,
            stderr=err_file,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not _children_of(proc.pid) and proc.poll() is None:
            assert time.monotonic() < deadline, "no forked part started"
            time.sleep(0.02)
        assert proc.poll() is None, "the batch ended before it could be stopped"
        if how == "group":
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C in a terminal
        else:
            sig = {"parent": signal.SIGINT, "kill": signal.SIGKILL, "term": signal.SIGTERM}
            os.kill(proc.pid, sig[how])
        proc.wait(timeout=60)
        ended = time.monotonic()
        while _group(proc.pid):
            assert time.monotonic() - ended < 1.0, f"outlived the command: {_group(proc.pid)}"
            time.sleep(0.02)
    finally:
        if _group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.wait()
    err = err_path.read_text(encoding="utf-8")
    assert proc.returncode == code, err
    if code == 130:
        assert "đã dừng" in err
    assert (
        out_path.read_bytes() == b""
    )  # nothing half-written: the list is printed only once it is whole


def test_a_subject_check_loads_no_driver(tmp_path: Path, softhsm_store, isolated_home) -> None:
    """``kyso check --subject`` reads no token: a driver that does not load is not even
    tried (nothing said about it), while ``kyso check`` of the tokens still says it."""
    bogus = tmp_path / "libhong-pkcs11.so"
    bogus.write_text("không phải thư viện\n", encoding="utf-8")
    env = dict(kyso_cli_env(softhsm_store, isolated_home), KYSO_PKCS11_MODULES=str(bogus))

    def kyso(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=120)

    subject = kyso("check", "--subject", "CN=UBND Tỉnh Nghệ An,O=UBND Tỉnh Nghệ An,C=VN")
    assert subject.returncode == 0, subject.stderr
    assert str(bogus) not in subject.stderr
    tokens = kyso("check")
    assert str(bogus) in tokens.stderr


def test_parts_out_of_memory_go_on_as_one_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_home
) -> None:
    """The parts hold every subject's text at once (one process writes each verdict's text
    once, as it goes): a list too large for that goes on as one process, same output."""
    from kyso.cli.main import main
    from kyso.core.checkup import subject_batch

    dns = [c.subject for c in all_cases()][:60]
    listing = isolated_home / "subjects.txt"
    listing.write_text("\n".join(dns) + "\n", encoding="utf-8")
    args = ["check", "--json", "--subjects-from", str(listing)]
    assert main([*args, "--jobs", "1"]) == 3
    want = capsys.readouterr()

    def out_of_memory(*_args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(subject_batch, "processes_for", lambda _subjects, _jobs: 2)
    monkeypatch.setattr(subject_batch, "checked_in_parts", out_of_memory)
    assert main([*args, "--jobs", "2"]) == 3
    got = capsys.readouterr()
    assert (got.out, got.err) == (want.out, want.err)


@linux_only
def test_output_closed_early_is_exit_141_with_nothing_said(
    tmp_path: Path, softhsm_store, isolated_home
) -> None:
    """``kyso check --json … | head``: the reader went away; exit as a command SIGPIPE
    ended, no "unexpected error", nothing for IT."""
    listing = tmp_path / "many.txt"
    listing.write_text("\n".join(no_repeat_subjects(load(), 3000)) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        reading, writing = os.pipe()
        proc = subprocess.Popen(
            kyso_cmd("check", "--json", "--jobs", jobs, "--subjects-from", str(listing)),
            env=kyso_cli_env(softhsm_store, isolated_home),
            stdout=writing,
            stderr=subprocess.PIPE,
        )
        os.close(writing)
        with os.fdopen(reading, "rb") as head:
            assert head.read(100).startswith(b'[{"subject": ')
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 141, err.decode("utf-8", "replace")
        assert err == b""


def test_no_list_to_read_is_said_and_no_driver_loaded(
    tmp_path: Path, softhsm_store, isolated_home
) -> None:
    """``--subjects-from ""`` (an empty name, from a script's empty variable) and ``-`` with
    standard input closed: a clear message, exit 1 — never the tokens checked instead."""
    bogus = tmp_path / "libhong-pkcs11.so"
    bogus.write_text("không phải thư viện\n", encoding="utf-8")
    env = dict(kyso_cli_env(softhsm_store, isolated_home), KYSO_PKCS11_MODULES=str(bogus))
    empty = subprocess.run(
        kyso_cmd("check", "--subjects-from", ""), env=env, capture_output=True, text=True
    )
    assert empty.returncode == 1
    assert "Tên tệp danh sách chủ thể đang để trống" in empty.stderr
    assert str(bogus) not in empty.stderr  # no driver tried: no token is read
    closed = subprocess.run(
        kyso_cmd("check", "--subjects-from", "-"),
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),  # the child starts with its stdin closed
    )
    assert closed.returncode == 1, closed.stderr
    assert "stdin đã đóng" in closed.stderr and "ghi đường dẫn tệp" in closed.stderr
    assert "Traceback" not in closed.stderr and "không mong đợi" not in closed.stderr
