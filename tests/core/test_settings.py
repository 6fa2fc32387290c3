"""Settings precedence: defaults < machine [defaults] < per-user < machine [settings] (locked)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from kyso.core.errors import SettingsError
from kyso.core.settings import Paths, Settings, load_settings, save_user_settings


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("machine", "user", "expected", "locked"),
    [
        ("", {}, 500, False),
        ("[defaults]\nwatch_interval_ms = 800\n", {}, 800, False),
        ("[defaults]\nwatch_interval_ms = 800\n", {"watch_interval_ms": 300}, 300, False),
        ("[settings]\nwatch_interval_ms = 1000\n", {"watch_interval_ms": 300}, 1000, True),
        (
            "[defaults]\nwatch_interval_ms = 800\n[settings]\nwatch_interval_ms = 900\n",
            {"watch_interval_ms": 300},
            900,
            True,
        ),
    ],
)
def test_precedence(tmp_path: Path, machine: str, user: dict, expected: int, locked: bool) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, user)
    loaded = load_settings(paths, _write(tmp_path / "machine.toml", machine))
    assert loaded.values.watch_interval_ms == expected
    assert loaded.is_locked("watch_interval_ms") is locked
    assert loaded.problems == []


def test_defaults_are_declared_once() -> None:
    s = Settings()
    assert s.watch_interval_ms == 500 and s.expiry_warning_days == 30
    assert s.tsa_url == "http://ca.gov.vn/tsa"
    assert s.pin_in_keyring is False and s.allow_outdated_org_cert is False


def test_malformed_machine_file_is_reported_with_line_and_ignored(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, {"expiry_warning_days": 45})
    bad = _write(tmp_path / "machine.toml", "[settings]\nexpiry_warning_days = 10\ntsa_url = \n")
    loaded = load_settings(paths, bad)
    assert loaded.values.expiry_warning_days == 45  # the whole bad file is ignored
    assert len(loaded.problems) == 1
    assert "line 3" in loaded.problems[0].vi and str(bad) in loaded.problems[0].vi


def test_wrong_types_and_unknown_names_are_reported(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    machine = _write(
        tmp_path / "machine.toml",
        '[settings]\nexpiry_warning_days = "ten"\nno_such_thing = 1\npin_in_keyring = true\n',
    )
    loaded = load_settings(paths, machine)
    assert loaded.values.expiry_warning_days == 30
    assert loaded.values.pin_in_keyring is True
    codes = sorted(p.code for p in loaded.problems)
    assert codes == ["settings_type", "settings_unknown"]


def test_malformed_user_file_is_ignored(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    paths.config_dir.mkdir(parents=True)
    paths.user_settings_file.write_text("{not json", encoding="utf-8")
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert loaded.values == Settings()
    assert loaded.problems and "line 1" in loaded.problems[0].en


def test_set_user_saves_and_respects_locks(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    machine = _write(tmp_path / "machine.toml", '[settings]\ntsa_url = "http://tsa.local"\n')
    loaded = load_settings(paths, machine)
    loaded.set_user("language", "en")
    assert load_settings(paths, machine).values.language == "en"
    with pytest.raises(SettingsError) as info:
        loaded.set_user("tsa_url", "http://other")
    assert info.value.code == "settings_locked"
    with pytest.raises(SettingsError):
        loaded.set_user("watch_interval_ms", "fast")


def test_machine_only_settings_ignore_user_values(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, {"allow_outdated_org_cert": True, "pin_in_keyring": True})
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert loaded.values.allow_outdated_org_cert is False
    assert loaded.values.pin_in_keyring is False
    assert sorted(p.code for p in loaded.problems) == ["settings_machine_only"] * 2
    with pytest.raises(SettingsError):
        loaded.set_user("allow_outdated_org_cert", True)
    machine = _write(tmp_path / "machine.toml", "[settings]\nallow_outdated_org_cert = true\n")
    assert load_settings(paths, machine).values.allow_outdated_org_cert is True


# -- hostile and broken files (issue 14): reported with file, line and value; never raised --


@pytest.mark.parametrize(
    ("text", "value_shown", "line"),
    [
        ("[settings]\nrevocation_timeout_s = 1e308\n", "1e+308", 2),
        ("[settings]\n\nrevocation_timeout_s = -5\n", "-5", 3),
        ("[settings]\nrevocation_timeout_s = nan\n", "nan", 2),
        ("[settings]\nrevocation_timeout_s = inf\n", "inf", 2),
        ("[settings]\nrevocation_timeout_s = 0\n", "0", 2),
        ("[defaults]\nwatch_interval_ms = 1\n", "1", 2),
        ("[defaults]\nwatch_interval_ms = 100000000000000000000\n", "100000000000000000000", 2),
        ("[settings]\nexpiry_warning_days = -1\n", "-1", 2),
        ('[settings]\nlanguage = "fr"\n', "'fr'", 2),
        ('[settings]\ntsa_url = "ftp://tsa.example"\n', "'ftp://tsa.example'", 2),
        ('[settings]\ntsa_url = "not a url"\n', "'not a url'", 2),
        ('[settings]\nproxy_url = "socks5://proxy:1080"\n', "'socks5://proxy:1080'", 2),
        ('[settings]\nproxy_url = "http://proxy:99999"\n', "'http://proxy:99999'", 2),
        ('[settings]\nproxy_url = "https://proxy:443"\n', "'https://proxy:443'", 2),
    ],
)
def test_out_of_range_values_are_reported_with_file_line_and_value(
    tmp_path: Path, text: str, value_shown: str, line: int
) -> None:
    machine = _write(tmp_path / "machine.toml", "# IT\n" + text)
    loaded = load_settings(Paths.under(tmp_path), machine)
    assert loaded.values == Settings()  # the default stays
    assert [p.code for p in loaded.problems] == ["settings_range"]
    message = loaded.problems[0].vi
    assert str(machine) in message and f"dòng {line + 1}" in message
    assert value_shown in message, message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("revocation_timeout_s", 0.5),
        ("revocation_timeout_s", 120),
        ("watch_interval_ms", 100),
        ("expiry_warning_days", 0),
        ("tsa_url", ""),
        ("tsa_url", "https://tsa.example.vn:8443/tsa"),
        ("proxy_url", "none"),
        ("proxy_url", "http://user:p%40ss@proxy.so.gov.vn:3128"),
        ("proxy_bypass", "*.gov.vn, 10.0.0.0/8, <local>"),
        ("language", "en"),
    ],
)
def test_values_inside_their_ranges_are_taken(tmp_path: Path, name: str, value: object) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, {name: value})
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert loaded.problems == []
    assert getattr(loaded.values, name) == value


def test_set_user_checks_ranges(tmp_path: Path) -> None:
    loaded = load_settings(Paths.under(tmp_path), tmp_path / "none.toml")
    with pytest.raises(SettingsError) as info:
        loaded.set_user("revocation_timeout_s", float("nan"))
    assert info.value.code == "settings_range"
    assert loaded.values.revocation_timeout_s == 5.0


def _deep_array(n: int) -> bytes:
    return b"[settings]\nwatch_interval_ms = " + b"[" * n + b"]" * n + b"\n"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("utf16-le", "[settings]\nlanguage = 'en'\n".encode("utf-16"), "UTF-16"),
        ("utf16-be", codecs.BOM_UTF16_BE + "[settings]\n".encode("utf-16-be"), "UTF-16"),
        ("utf16-no-bom", "[settings]\nlanguage = 'en'\n".encode("utf-16-le"), "UTF-16"),
        ("latin-1", "[settings]\n# Hà Nội, café\n".encode("latin-1", "replace"), "dòng 2"),
        ("deep-array", _deep_array(100_000), "sâu"),
        ("deep-inline", b"[settings]\nx = " + b"{a=" * 50_000 + b"1" + b"}" * 50_000, "sâu"),
        ("deep-dotted", b"[settings]\n" + b"x." * 100_000 + b"a = 1\n", "sâu"),
        ("deep-header", b"[" + b"x." * 100_000 + b"a]\n", "sâu"),
        ("binary", bytes(range(256)) * 4, "UTF"),
        ("huge", b"# " + b"x" * (1024 * 1024) + b"\n", "quá lớn"),
        ("syntax", b"[settings]\ntsa_url = \n", "line 2"),
    ],
)
def test_malformed_machine_files_are_reported_and_ignored(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, {"expiry_warning_days": 45})
    machine = tmp_path / f"{name}.toml"
    machine.write_bytes(data)
    loaded = load_settings(paths, machine)
    assert loaded.values.expiry_warning_days == 45  # the per-user file still counts
    assert [p.code for p in loaded.problems] == ["settings_malformed"]
    assert str(machine) in loaded.problems[0].vi
    assert says in loaded.problems[0].vi, loaded.problems[0].vi


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    machine = tmp_path / "machine.toml"
    machine.write_bytes(codecs.BOM_UTF8 + b"[settings]\nlanguage = 'en'\n")
    loaded = load_settings(Paths.under(tmp_path), machine)
    assert loaded.problems == []
    assert loaded.values.language == "en" and loaded.is_locked("language")


def test_a_fifo_or_a_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "kyso.toml"
    os.mkfifo(fifo)  # opening it for reading would block the start forever
    loaded = load_settings(Paths.under(tmp_path), fifo)
    assert [p.code for p in loaded.problems] == ["settings_malformed"]
    loaded = load_settings(Paths.under(tmp_path), tmp_path)
    assert [p.code for p in loaded.problems] == ["settings_malformed"]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("settings = 5\n", "settings_type", None),
        ('tsa_url = "http://x.example"\n', "settings_unknown", 1),
        ("[setting]\ntsa_url = 'http://x.example'\n", "settings_unknown", 1),
        ("[settings]\nwatch_interval_ms = 1e3\n", "settings_type", 2),
        ("[settings]\npkcs11_modules = ['/a.so', 5]\n", "settings_type", 2),
        ("[settings]\npkcs11_modules = '/a.so'\n", "settings_type", 2),
        ("[settings]\npin_in_keyring = 'yes'\n", "settings_type", 2),
        ("[settings]\nanchors_path = 5\n", "settings_type", 2),
        ('[settings]\nanchors_path = "/etc/\\u0000kyso"\n', "settings_range", 2),
        ("[settings]\nwatch_interval_ms = [[[[1]]]]\n", "settings_type", 2),
    ],
)
def test_wrong_types_and_places_are_reported_with_their_line(
    tmp_path: Path, text: str, code: str, line: int | None
) -> None:
    machine = _write(tmp_path / "machine.toml", text)
    loaded = load_settings(Paths.under(tmp_path), machine)
    assert [p.code for p in loaded.problems] == [code]
    if line:
        assert f"dòng {line}" in loaded.problems[0].vi and f"line {line}" in loaded.problems[0].en
    assert loaded.values == Settings()


@pytest.mark.parametrize(
    "data",
    [
        "{}".encode("utf-16"),
        b"[" * 200_000 + b"]" * 200_000,
        b'{"revocation_timeout_s": 1e999}',
        b'{"watch_interval_ms": -1, "language": ["vi"]}',
        b"\xff\xfe\x00",
        b"null",
    ],
)
def test_malformed_user_files_never_raise(tmp_path: Path, data: bytes) -> None:
    paths = Paths.under(tmp_path)
    paths.config_dir.mkdir(parents=True)
    paths.user_settings_file.write_bytes(data)
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert loaded.values == Settings()
    assert loaded.problems
    assert all(str(paths.user_settings_file) in p.vi for p in loaded.problems)


def test_user_file_problems_name_the_line(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    paths.config_dir.mkdir(parents=True)
    paths.user_settings_file.write_text(
        '{\n  "language": "vi",\n  "revocation_timeout_s": -5\n}', encoding="utf-8"
    )
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert [p.code for p in loaded.problems] == ["settings_range"]
    assert "dòng 3" in loaded.problems[0].vi and "-5" in loaded.problems[0].vi


def test_the_bridge_remote_and_updates_tables_are_not_reported_unknown(tmp_path) -> None:
    """IT enabling the signing bridge ([bridge]) must not make every command warn."""
    from kyso.core.settings import Paths, load_settings

    machine = tmp_path / "kyso.toml"
    machine.write_text('[settings]\nexpiry_warning_days = 40\n[bridge]\nenabled = true\n'
                       '[remote]\n[updates]\nlatest_url = "https://x.example/latest.json"\n'
                       '[bogus]\nx = 1\n', encoding="utf-8")
    loaded = load_settings(Paths.under(tmp_path / "home"), machine_file=machine)
    unknown = [p for p in loaded.problems if p.code == "settings_unknown"]
    assert len(unknown) == 1 and "bogus" in unknown[0].en, [p.en for p in loaded.problems]


@pytest.mark.parametrize("bad", ["0", '"20"', "true", "-5", "2.5", "100001"])
def test_a_bridge_batch_limit_out_of_range_is_said_to_it(tmp_path, bad) -> None:
    """``[bridge] max_batch_mb`` out of range: the bridge uses 200 MB (its own test) and every
    command says so with the file's line, as for any broken setting — not only the log."""
    from kyso.core.bridge.config import read_config
    from kyso.core.bridge.policy import MAX_BATCH
    from kyso.core.settings import BRIDGE_MAX_BATCH_MB, Paths, load_settings

    assert BRIDGE_MAX_BATCH_MB[2] * 1024 * 1024 == MAX_BATCH  # one default, said and used
    machine = tmp_path / "kyso.toml"
    machine.write_text(f"[bridge]\nenabled = true\nmax_batch_mb = {bad}\n", encoding="utf-8")
    loaded = load_settings(Paths.under(tmp_path / "home"), machine_file=machine)
    said = [p for p in loaded.problems if "max_batch_mb" in p.vi]
    assert len(said) == 1, [p.en for p in loaded.problems]
    assert "dòng 3" in said[0].vi and "200 MB" in said[0].vi and said[0].code == "settings_type"
    assert read_config(machine).max_batch == MAX_BATCH
    machine.write_text("[bridge]\nmax_batch_mb = 100000\n", encoding="utf-8")
    loaded = load_settings(Paths.under(tmp_path / "home"), machine_file=machine)
    assert not [p for p in loaded.problems if "max_batch_mb" in p.vi]
