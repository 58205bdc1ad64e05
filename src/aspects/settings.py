"""All settings, read from the environment (prefix ``ASPECTS_``, nesting with ``__``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class StoreSettings(BaseModel):
    """Where statements and reports live."""

    engine: Literal["chdb", "clickhouse"] = Field(
        "chdb",
        description="`chdb` (embedded, in ASPECTS_DATA_DIR/store) or `clickhouse` (a server).",
    )
    database: str = Field(
        "aspects", description="Database holding every Aspects table (an identifier)."
    )
    url: str = Field(
        "http://localhost:8123",
        description="ClickHouse server URL, used when engine is `clickhouse`.",
    )
    username: str = Field("default", description="ClickHouse server user (engine `clickhouse`).")
    password: str = Field("", description="ClickHouse server password (engine `clickhouse`).")

    @field_validator("database")
    @classmethod
    def _database_is_identifier(cls, value: str) -> str:
        if not _IDENTIFIER.match(value):
            raise ValueError("must be a plain identifier: letters, digits and _")
        return value


class WriterSettings(BaseModel):
    """Group commit: statements of concurrent requests go to the store in one insert."""

    max_batch: int = Field(5000, ge=1, description="Flush when this many statements are waiting.")
    linger_ms: float = Field(
        5.0, ge=0, description="Flush at most this many milliseconds after the first arrives."
    )
    max_queue: int = Field(
        200_000, ge=1, description="Statements waiting beyond this are refused with 503."
    )


class LrsSettings(BaseModel):
    """The xAPI endpoint that event-routing-backends posts to."""

    max_body_bytes: int = Field(
        20 * 1024 * 1024, ge=1024, description="Larger request bodies are refused with 413."
    )
    strict_version: bool = Field(
        False,
        description="Require the X-Experience-API-Version header on xAPI requests (xAPI 1.0.3 "
        "Part 3 §6.2); off by default because some senders omit it.",
    )
    get_limit: int = Field(
        100, ge=1, le=10_000, description="Statements per page of GET /xAPI/statements."
    )
    credentials_file: Path | None = Field(
        None,
        description="LRS credentials (hashed); default ASPECTS_DATA_DIR/lrs-credentials.json.",
    )


class Settings(BaseSettings):
    """Aspects settings. Every field has help text; ``aspects settings`` lists them."""

    model_config = SettingsConfigDict(
        env_prefix="ASPECTS_", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Field(
        Path("./aspects-data"), description="Everything the server owns: store, credentials."
    )
    host: str = Field("127.0.0.1", description="Address `aspects serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `aspects serve` listens on.")
    store: StoreSettings = Field(default_factory=StoreSettings)  # type: ignore[arg-type]
    writer: WriterSettings = Field(default_factory=WriterSettings)  # type: ignore[arg-type]
    lrs: LrsSettings = Field(default_factory=LrsSettings)  # type: ignore[arg-type]

    @property
    def store_path(self) -> Path:
        """The chDB data directory."""
        return self.data_dir.resolve() / "store"

    @property
    def credentials_path(self) -> Path:
        """The LRS credentials file."""
        return self.lrs.credentials_file or self.data_dir.resolve() / "lrs-credentials.json"


class SettingsError(RuntimeError):
    """A setting is missing or invalid; the message names the variable and what to do."""


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides winning.

    Raises:
        SettingsError: naming each bad ``ASPECTS_*`` variable.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = "ASPECTS_" + "__".join(str(p).upper() for p in err["loc"])
            lines.append(f"{name}: {err['msg']} (got {err.get('input')!r})")
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None


def describe() -> list[tuple[str, object, str]]:
    """Every setting as (environment variable, default, help), nested ones flattened."""
    out: list[tuple[str, object, str]] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                walk(annotation, f"{prefix}{name.upper()}__")
            else:
                default = info.get_default(call_default_factory=True)
                out.append((f"{prefix}{name.upper()}", default, info.description or ""))

    walk(Settings, "ASPECTS_")
    return out
