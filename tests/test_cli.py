"""The ``aspects`` command: help everywhere, LRS credentials, settings."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from aspects.cli import app
from aspects.ingest.credentials import Authenticator
from aspects.settings import describe


def _subcommands(command: Any) -> dict[str, Any]:
    # Typer ships its own copy of Click, so groups are recognised by their ``commands``.
    found = getattr(command, "commands", None)
    return dict(found) if isinstance(found, dict) else {}


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and sub-command, as the words that reach it."""
    yield path
    for name, sub in sorted(_subcommands(command).items()):
        yield from _command_paths(sub, (*path, name))


ROOT = typer.main.get_command(app)
COMMANDS = list(_command_paths(ROOT))


@pytest.fixture(autouse=True)
def _no_aspects_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ASPECTS_"):
            monkeypatch.delenv(name)


def _invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def test_the_command_tree_is_walked_down_to_sub_commands() -> None:
    known = {
        (),
        ("serve",),
        ("load",),
        ("settings",),
        ("lrs-user",),
        ("lrs-user", "add"),
        ("lrs-user", "key"),
        ("lrs-user", "list"),
        ("lrs-user", "remove"),
    }
    assert known <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(("aspects", *p)))
def test_every_command_answers_help(path: tuple[str, ...]) -> None:
    code, out, _ = _invoke(*path, "--help")
    assert code == 0
    assert "Usage:" in out
    command = ROOT
    for name in path:
        command = _subcommands(command)[name]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_lrs_user_add_key_list_remove_round_trip(tmp_path: Path) -> None:
    data = str(tmp_path)
    password, new_password = "correct-horse-battery", "another-long-secret"
    credentials = tmp_path / "lrs-credentials.json"

    code, _, err = _invoke(
        "lrs-user", "add", "--username", "lms", "--password", password, "--data-dir", data
    )
    assert (code, err.strip()) == (0, "added LRS user lms")
    # The password may come from the prompt instead of the command line.
    code, _, err = _invoke(
        "lrs-user", "add", "--username", "lms", "--data-dir", data, stdin=new_password + "\n"
    )
    assert code == 0 and "updated LRS user lms" in err

    code, out, _ = _invoke("lrs-user", "key", "--name", "studio", "--data-dir", data)
    assert code == 0
    key = out.removesuffix("\n")
    assert out == key + "\n" and "\n" not in key and key.startswith("aspk_")  # the key alone
    code, _, err = _invoke("lrs-user", "key", "--name", "studio", "--data-dir", data)
    assert code == 2 and "already exists" in err

    code, out, _ = _invoke("lrs-user", "list", "--data-dir", data)
    assert code == 0
    assert [line.split("\t")[:2] for line in out.splitlines()] == [
        ["basic", "lms"],
        ["bearer", "studio"],
    ]

    stored = credentials.read_text()
    key_hash = hashlib.sha256(key.encode()).hexdigest()
    for secret in (password, new_password, key):
        assert secret not in stored
        assert secret not in out
    assert key_hash in stored and key_hash not in out  # hashed at rest, never listed
    assert "$2b$" in stored and "$2b$" not in out  # bcrypt
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600

    auth = Authenticator(credentials)
    basic = "Basic " + base64.b64encode(f"lms:{new_password}".encode()).decode()
    old = "Basic " + base64.b64encode(f"lms:{password}".encode()).decode()
    assert auth.authenticate(basic) == "lms"
    assert auth.authenticate(old) is None
    assert auth.authenticate(f"Bearer {key}") == "studio"

    code, _, err = _invoke("lrs-user", "remove", "studio", "--data-dir", data)
    assert code == 0 and "removed studio" in err
    code, out, _ = _invoke("lrs-user", "list", "--data-dir", data)
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["basic", "lms"]]
    assert auth.authenticate(f"Bearer {key}") is None
    code, _, err = _invoke("lrs-user", "remove", "studio", "--data-dir", data)
    assert code == 1 and "no LRS user or key named studio" in err


def test_lrs_user_add_refuses_a_short_password_without_writing(tmp_path: Path) -> None:
    code, _, err = _invoke(
        "lrs-user", "add", "--username", "lms", "--password", "short", "--data-dir", str(tmp_path)
    )
    assert code == 2
    assert "at least 8 characters" in err
    assert not (tmp_path / "lrs-credentials.json").exists()


def test_lrs_user_list_on_a_new_data_dir_is_empty(tmp_path: Path) -> None:
    assert _invoke("lrs-user", "list", "--data-dir", str(tmp_path)) == (0, "", "")


def test_aspects_settings_lists_every_setting_with_its_help() -> None:
    code, out, _ = _invoke("settings")
    assert code == 0
    listed = [line.partition("=")[0] for line in out.splitlines() if not line.startswith(" ")]
    described = describe()
    assert listed == [name for name, _, _ in described]
    flat = " ".join(out.split())
    for _, _, help_text in described:
        assert " ".join(help_text.split()) in flat
    for name in ("ASPECTS_DATA_DIR", "ASPECTS_PORT", "ASPECTS_STORE__DATABASE"):
        assert name in listed


@pytest.mark.parametrize(
    "command",
    [["serve"], ["lrs-user", "list"], ["lrs-user", "key", "--name", "lms"]],
    ids=lambda c: " ".join(c),
)
def test_a_bad_setting_stops_a_command_naming_the_variable(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASPECTS_PORT", "abc")
    code, _, err = _invoke(*command)
    assert code == 2
    assert "ASPECTS_PORT" in err and "'abc'" in err


def test_aspects_load_names_missing_files(tmp_path: Path) -> None:
    code, _, err = _invoke("load", str(tmp_path / "a.ndjson"), "--data-dir", str(tmp_path))
    assert code == 2
    assert "no such file" in err and "a.ndjson" in err
