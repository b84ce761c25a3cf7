"""Service settings, read from the environment and a `.env` file."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pymongo.uri_parser import parse_uri

PositiveInt = Annotated[int, Field(gt=0)]
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def default_data_dir() -> Path:
    """Where the local database lives when DATA_DIR is unset (XDG base-directory spec)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "career-navigator"


class Settings(BaseSettings):
    """Every setting of the service; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    mongodb_uri: SecretStr | None = None
    mongodb_db: str = Field(default="career_navigator", pattern=r"^[A-Za-z0-9_-]{1,63}$")
    data_dir: Path = Field(default_factory=default_data_dir)
    ferretdb_bin: Path | None = None

    their_stack_api_key: SecretStr | None = None
    their_stack_base_url: str = "https://api.theirstack.com"
    their_stack_timeout: Annotated[float, Field(gt=0)] = 30.0
    their_stack_max_retries: Annotated[int, Field(ge=0)] = 3
    their_stack_rate_limit: PositiveInt = 300
    job_collection_schedule: str = "0 2 * * *"
    max_jobs_per_search: PositiveInt = 100
    job_data_retention_days: PositiveInt = 90
    collection_roles: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: [
            "Software Engineer",
            "Backend Developer",
            "Frontend Developer",
            "Full Stack Developer",
            "Data Engineer",
            "Data Scientist",
            "Data Analyst",
            "Machine Learning Engineer",
            "DevOps Engineer",
            "Mobile Developer",
        ]
    )
    collection_locations: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["United States", "United Kingdom", "Germany", "India", "Remote"]
    )
    daily_credit_budget: Annotated[int, Field(ge=0)] = 500
    targeted_min_postings: Annotated[int, Field(ge=0)] = 20

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    discord_bot_token: SecretStr | None = None
    discord_api_base_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    discord_dev_guild_id: int | None = None
    admin_telegram_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_discord_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    rate_limit_per_minute: Annotated[int, Field(ge=0)] = 20
    profile_cache_seconds: Annotated[float, Field(ge=0)] = 60.0
    digest_default_time: str = "09:00"
    digest_claim_timeout: Annotated[float, Field(gt=0)] = 120.0
    telegram_max_rate: Annotated[float, Field(gt=0)] = 30.0
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    http_host: str = "127.0.0.1"
    http_port: Annotated[int, Field(ge=0, le=65535)] = 8080

    def secrets(self) -> list[str]:
        """Every configured secret, for redaction (the database password included)."""
        values = [
            self.telegram_bot_token,
            self.discord_bot_token,
            self.their_stack_api_key,
            self.telegram_webhook_secret,
            self.mongodb_uri,
        ]
        out = [v.get_secret_value() for v in values if v is not None]
        if self.mongodb_uri is not None:
            password = parse_uri(self.mongodb_uri.get_secret_value()).get("password")
            if password:
                out.append(str(password))
        if self.telegram_bot_token is not None:
            # The part after the bot id is the secret; URLs may show it alone.
            out.append(self.telegram_bot_token.get_secret_value().partition(":")[2])
        return [s for s in out if s]

    @field_validator(
        "mongodb_uri",
        "telegram_bot_token",
        "discord_bot_token",
        "their_stack_api_key",
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "discord_gateway_url",
        "discord_dev_guild_id",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _valid_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("Telegram only posts to https:// addresses")
        return value

    @field_validator("mongodb_uri")
    @classmethod
    def _valid_uri(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                parse_uri(value.get_secret_value())
            except Exception as exc:  # pymongo raises several types for one cause
                # The message may contain the password, so it is not echoed.
                raise ValueError("not a valid MongoDB connection string") from exc
        return value

    @field_validator("job_collection_schedule")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"not a valid cron expression ({exc})") from exc
        return value

    @field_validator("digest_default_time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        if not _TIME.match(value):
            raise ValueError("must be a 24-hour time HH:MM")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("collection_roles")
    @classmethod
    def _known_roles(cls, value: list[str]) -> list[str]:
        from core.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        return _canonical(
            value,
            lambda n: r.name if (r := taxonomy.find_role(n)) else None,
            "role",
            " (see core/taxonomy/data/roles.yaml)",
        )

    @field_validator("collection_locations")
    @classmethod
    def _known_places(cls, value: list[str]) -> list[str]:
        from core.places import load_gazetteer

        gazetteer = load_gazetteer()
        return _canonical(value, lambda n: p.name if (p := gazetteer.find(n)) else None, "place")

    @field_validator(
        "admin_telegram_ids",
        "admin_discord_ids",
        "collection_roles",
        "collection_locations",
        mode="before",
    )
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("their_stack_base_url", "telegram_api_base_url", "discord_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")


def _canonical(
    names: list[str], find: Callable[[str], str | None], what: str, hint: str = ""
) -> list[str]:
    """Each name as the catalogue spells it; an unknown one is a settings error."""
    resolved = []
    for name in names:
        found = find(name)
        if found is None:
            raise ValueError(f"unknown {what} {name!r}{hint}")
        resolved.append(found)
    return resolved


class SettingsError(Exception):
    """A setting has a bad value; the message is one line naming the setting."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    """One line per bad setting, naming it as it is written in the environment."""
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"Invalid setting {name}: {message}")
    return "; ".join(lines)
