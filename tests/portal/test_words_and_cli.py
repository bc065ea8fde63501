"""The portal's words (every key in four languages, the same fields) and the account commands."""

from __future__ import annotations

import io
import re
import string

import pytest

from ctip.schema import LANGUAGES


def test_every_word_in_four_languages_with_the_same_fields():
    from ctip.portal.words import all_words

    table = all_words()
    assert set(table) == set(LANGUAGES)
    keys = set(table["en"])
    for lang in LANGUAGES:
        assert set(table[lang]) == keys, lang
        for key in keys:
            fields = {f for _, f, _, _ in string.Formatter().parse(table[lang][key]) if f}
            en_fields = {f for _, f, _, _ in string.Formatter().parse(table["en"][key]) if f}
            assert fields == en_fields and table[lang][key].strip(), (lang, key)


def test_templates_use_only_known_words():
    from pathlib import Path

    from ctip.portal.words import all_words

    folder = Path(__import__("ctip.portal.app", fromlist=["TEMPLATES_DIR"]).TEMPLATES_DIR)
    used = set()
    for path in folder.glob("*.html"):
        used |= set(re.findall(r"\bw\.([a-z_]+)", path.read_text(encoding="utf-8")))
    assert used and used <= set(all_words()["en"]), used - set(all_words()["en"])


@pytest.mark.parametrize(
    "header, lang", [("es-DO,es;q=0.9", "es"), ("en-GB;q=0.2, fr;q=0.9", "fr"), ("de, nl;q=0.1", "nl"), ("zh", None), ("", None), ("fr;q=0", None)]
)
def test_accept_language(header, lang):
    from ctip.portal.words import from_accept_language

    assert from_accept_language(header) == lang


def test_users_add_list_remove(tmp_path, monkeypatch, capsys):
    from ctip.cli import main

    monkeypatch.setenv("CTIP_PORTAL_DIR", str(tmp_path / "state"))
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["users", "add", "ana", "--country", "jam", "--role", "focal_point"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another-password\n"))
    assert main(["users", "add", "sec", "--role", "secretariat"]) == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["ana\tfocal_point\tJAM", "sec\tsecretariat\t-"]
    # The password reached only the hash.
    db = (tmp_path / "state" / "accounts.sqlite").read_bytes()
    assert b"a-long-password" not in db
    from ctip.portal.store import Store

    assert Store(tmp_path / "state" / "accounts.sqlite").authenticate("ana", "a-long-password").country == "JAM"
    assert main(["users", "remove", "ana"]) == 0
    assert main(["users", "remove", "ana"]) == 1
    capsys.readouterr()
    main(["users", "list"])
    assert capsys.readouterr().out.splitlines() == ["sec\tsecretariat\t-"]


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["users", "add", "x", "--role", "focal_point"], "long-enough-pw\n", "needs --country"),
        (["users", "add", "x", "--role", "focal_point", "--country", "USA"], "long-enough-pw\n", "not a member"),
        (["users", "add", "../x", "--role", "researcher"], "long-enough-pw\n", "user name"),
        (["users", "add", "x", "--role", "researcher"], "short\n", "at least 8"),
    ],
)
def test_users_add_refuses(tmp_path, monkeypatch, capsys, args, stdin, message):
    from ctip.cli import main

    monkeypatch.setenv("CTIP_PORTAL_DIR", str(tmp_path / "state"))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_default_hasher_is_argon2id_with_the_library_defaults():
    from argon2 import DEFAULT_MEMORY_COST, DEFAULT_TIME_COST

    from ctip.portal import store

    assert store._HASHER.time_cost >= DEFAULT_TIME_COST and store._HASHER.memory_cost >= DEFAULT_MEMORY_COST
    assert store._HASHER.hash("x").startswith("$argon2id$")
