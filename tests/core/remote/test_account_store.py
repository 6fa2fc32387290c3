"""Editing an account (the GUI's account dialog): the new settings replace the old ones in the
user's file; IT's presets and a name already taken are refused in words."""

from __future__ import annotations

import pytest

from kyso.core.remote.accounts import Account, AccountError, AccountStore


def test_replace_renames_and_changes_one_account(tmp_path) -> None:
    store = AccountStore(tmp_path, {"bcy-it": {"provider": "vgca-rssp",
                                               "url": "https://rssp.example.vn"}})
    store.add(Account("bcy", "csc", "https://a.example.vn", user="lanhdao"))
    store.add(Account("vnpt", "vnpt-smartca", "https://b.example.vn"))
    store.replace("bcy", Account("bcy-gd", "vgca-rssp", "https://c.example.vn", user="gd",
                                 options={"oauth": True}))
    names = [a.name for a in store.all()]
    assert names == ["bcy-gd", "bcy-it", "vnpt"]
    edited = store.get("bcy-gd")
    assert (edited.provider, edited.url, edited.user, edited.options) == (
        "vgca-rssp", "https://c.example.vn", "gd", {"oauth": True})
    assert [a.name for a in store.presets()] == ["bcy-it"]


@pytest.mark.parametrize(
    ("old", "new_name", "code"),
    [("bcy-it", "bcy-it", "remote_account_preset"),
     ("bcy", "vnpt", "remote_account_exists"),
     ("bcy", "bcy-it", "remote_account_exists"),
     ("khong-co", "x", "remote_no_account"),
     ("bcy", "tên có dấu", "remote_bad_name")],
)
def test_replace_refuses_in_words(tmp_path, old, new_name, code) -> None:
    store = AccountStore(tmp_path, {"bcy-it": {"provider": "vgca-rssp",
                                               "url": "https://rssp.example.vn"}})
    store.add(Account("bcy", "csc", "https://a.example.vn"))
    store.add(Account("vnpt", "vnpt-smartca", "https://b.example.vn"))
    before = store.path.read_text(encoding="utf-8")
    with pytest.raises(AccountError) as err:
        store.replace(old, Account(new_name, "csc", "https://a.example.vn"))
    assert err.value.code == code and err.value.vi and err.value.en
    assert store.path.read_text(encoding="utf-8") == before
