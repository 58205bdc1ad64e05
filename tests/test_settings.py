"""Settings: every one documented, read from ``ASPECTS_*``, bad values named."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from aspects.settings import Settings, SettingsError, describe, load_settings


@pytest.fixture(autouse=True)
def _no_aspects_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ASPECTS_"):
            monkeypatch.delenv(name)


def _leaf_fields(model: type[BaseModel], path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every non-model field of the settings tree, as an attribute path."""
    leaves: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            leaves += _leaf_fields(kind, (*path, name))
        else:
            leaves.append((*path, name))
    return leaves


def _variable(path: tuple[str, ...]) -> str:
    return "ASPECTS_" + "__".join(part.upper() for part in path)


def _value(settings: Settings, path: tuple[str, ...]) -> Any:
    value: Any = settings
    for part in path:
        value = getattr(value, part)
    return value


def test_every_setting_has_help_text() -> None:
    described = describe()
    assert described
    for name, _, help_text in described:
        assert len(help_text.strip()) >= 15, f"{name} has no help text"


def test_describe_lists_every_field_of_the_settings_tree_once() -> None:
    names = [name for name, _, _ in describe()]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(_variable(p) for p in _leaf_fields(Settings))


def test_describe_shows_each_settings_real_default() -> None:
    defaults = load_settings()
    by_name = {_variable(p): p for p in _leaf_fields(Settings)}
    for name, default, _ in describe():
        assert _value(defaults, by_name[name]) == default, name


@pytest.mark.parametrize(
    ("variable", "raw", "expected"),
    [
        ("ASPECTS_PORT", "8123", 8123),
        ("ASPECTS_DATA_DIR", "/srv/aspects", Path("/srv/aspects")),
        ("ASPECTS_STORE__DATABASE", "analytics_1", "analytics_1"),
        ("ASPECTS_STORE__ENGINE", "clickhouse", "clickhouse"),
        ("ASPECTS_WRITER__LINGER_MS", "7.5", 7.5),
        ("ASPECTS_LRS__STRICT_VERSION", "true", True),
        ("ASPECTS_LRS__GET_LIMIT", "500", 500),
    ],
)
def test_settings_are_read_from_their_aspects_variables(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str, expected: object
) -> None:
    monkeypatch.setenv(variable, raw)
    path = tuple(part.lower() for part in variable.removeprefix("ASPECTS_").split("__"))
    assert _value(load_settings(), path) == expected


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("ASPECTS_PORT", "abc"),
        ("ASPECTS_PORT", "70000"),
        ("ASPECTS_STORE__DATABASE", "x; drop"),
        ("ASPECTS_STORE__DATABASE", "1abc"),
        ("ASPECTS_STORE__ENGINE", "postgres"),
        ("ASPECTS_WRITER__MAX_BATCH", "0"),
        ("ASPECTS_WRITER__LINGER_MS", "-1"),
        ("ASPECTS_LRS__STRICT_VERSION", "maybe"),
        ("ASPECTS_LRS__GET_LIMIT", "100000"),
    ],
)
def test_a_bad_environment_value_raises_settings_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str
) -> None:
    monkeypatch.setenv(variable, raw)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert variable in message
    assert repr(raw) in message  # what was given, so the operator can find it


def test_every_bad_variable_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASPECTS_PORT", "abc")
    monkeypatch.setenv("ASPECTS_STORE__DATABASE", "x; drop")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "ASPECTS_PORT" in str(caught.value)
    assert "ASPECTS_STORE__DATABASE" in str(caught.value)


def test_explicit_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASPECTS_PORT", "9000")
    assert load_settings(port=9100).port == 9100
    assert load_settings().port == 9000
