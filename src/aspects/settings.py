"""All settings, read from the environment (prefix ``ASPECTS_``, nesting with ``__``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
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
    connections: int = Field(
        3,
        ge=1,
        le=32,
        description="Queries a server runs at once (one connection each): a page's reports "
        "run side by side.",
    )

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


class LmsAuthSettings(BaseModel):
    """Sign in through the Open edX LMS (OAuth2 authorization code, JWT); issue 7."""

    url: str = Field("", description="LMS root URL, e.g. https://lms.example.com (mode `lms`).")
    client_id: str = Field(
        "", description="Client id of the LMS OAuth2 application (create_dot_application)."
    )
    client_secret: SecretStr = Field(
        SecretStr(""), description="Client secret of the LMS OAuth2 application."
    )
    jwks: str = Field(
        "",
        description="The LMS's public JWT signing keys: the JSON of its "
        "JWT_PUBLIC_SIGNING_JWK_SET, or a path to a file holding it. Every token is verified.",
    )
    issuer: str = Field(
        "", description="Expected JWT `iss` (the LMS's JWT_ISSUER); default `{url}/oauth2`."
    )
    audience: str = Field(
        "", description="Expected JWT `aud` (the LMS's JWT_AUDIENCE); empty: not checked."
    )
    redirect_uri: str = Field(
        "",
        description="Callback URL registered in the LMS; default derived from the request: "
        "`<this server>/login/lms/callback`.",
    )
    courses_cache_s: int = Field(
        300, ge=0, description="Seconds a user's LMS course list is trusted before re-reading it."
    )
    timeout_s: float = Field(10.0, gt=0, description="Timeout of each request to the LMS.")


class AuthSettings(BaseModel):
    """Who may read reports: local accounts or the LMS, sessions, API tokens; issue 7."""

    mode: Literal["local", "lms"] = Field(
        "local",
        description="`local`: accounts made with `aspects user add`; `lms`: sign in through "
        "the Open edX LMS (set ASPECTS_AUTH__LMS__*).",
    )
    session_secret: SecretStr | None = Field(
        None,
        description="Key that signs session cookies; default: generated once into "
        "ASPECTS_DATA_DIR/session-secret.",
    )
    session_max_age_s: int = Field(
        8 * 3600, ge=60, description="Seconds a sign-in lasts (LMS tokens may end it sooner)."
    )
    cookie_secure: Literal["auto", "always", "never"] = Field(
        "auto",
        description="Secure flag of the session cookie: `auto` sets it on HTTPS requests.",
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins per address or username before a pause (429)."
    )
    login_window_s: int = Field(
        300, ge=1, description="Seconds over which failed sign-ins are counted and paused."
    )
    metrics_public: bool = Field(
        False,
        description="Serve /metrics without sign-in (for a scraper on a private network); "
        "otherwise operators and operator API tokens only.",
    )
    users_file: Path | None = Field(
        None, description="Local accounts (bcrypt); default ASPECTS_DATA_DIR/users.json."
    )
    tokens_file: Path | None = Field(
        None, description="API tokens (SHA-256); default ASPECTS_DATA_DIR/api-tokens.json."
    )
    audit_file: Path | None = Field(
        None,
        description="Audit log of PII exports (JSON lines); default ASPECTS_DATA_DIR/audit.log.",
    )
    lms: LmsAuthSettings = Field(default_factory=LmsAuthSettings)  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _lms_mode_is_configured(self) -> AuthSettings:
        if self.mode == "lms":
            missing = [
                f"ASPECTS_AUTH__LMS__{name.upper()}"
                for name in ("url", "client_id", "client_secret", "jwks")
                if not _text(getattr(self.lms, name))
            ]
            if missing:
                raise ValueError(f"mode `lms` needs {', '.join(missing)}")
        return self


class GroupsSettings(BaseModel):
    """Learner groups (issue 5)."""

    inactive_days: int = Field(
        7,
        ge=1,
        description="At-risk learners: days without a visit before a learner counts as inactive.",
    )


def _text(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


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
    auth: AuthSettings = Field(default_factory=AuthSettings)  # type: ignore[arg-type]
    groups: GroupsSettings = Field(default_factory=GroupsSettings)  # type: ignore[arg-type]

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
