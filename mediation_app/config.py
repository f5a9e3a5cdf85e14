"""Settings, read from environment variables (12-factor); see ``.env.example``."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from mediation_app.private_files import write_once


def _instance_key(instance_path: Path, name: str) -> str:
    """Generate a key into the instance folder on first run, never into the repo."""
    key_file = instance_path / name
    if not key_file.exists():
        write_once(key_file, secrets.token_hex(32).encode())
    return key_file.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """The app's configuration: defaults, then the environment, then ``overrides``."""
    env = os.environ
    production = env.get("MEDIATION_ENV", "development") == "production"
    config = {
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL")
        or f"sqlite:///{instance_path / 'mediation.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "DOCUMENT_STORAGE": Path(env.get("DOCUMENT_STORAGE") or instance_path / "documents"),
        "EVIDENCE_STORAGE": Path(env.get("EVIDENCE_STORAGE") or instance_path / "evidence"),
        "EVIDENCE_MAX_BYTES": int(env.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)),
        # Seconds a document may take to render before its action fails cleanly.
        "DOCUMENT_RENDER_TIMEOUT": float(env.get("DOCUMENT_RENDER_TIMEOUT", 30)),
        # Each centre signs its documents with its own key and certificate: <centre code>.pem
        # in this folder (documents.centre_signature), the key optionally under this passphrase.
        "CENTRE_SIGNING_KEYS": Path(env.get("CENTRE_SIGNING_KEYS") or instance_path / "signing-keys"),
        "CENTRE_SIGNING_PASSPHRASE": env.get("CENTRE_SIGNING_PASSPHRASE") or None,
        # A centre without its file gets a self-signed certificate on first use (the demo,
        # development); in production the operator gives it one, and until then its
        # documents are not issued (their jobs fail) rather than issued unsigned.
        "CENTRE_SIGNING_SELF_SIGNED": _bool("CENTRE_SIGNING_SELF_SIGNED", not production),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)),
        "PRODUCTION": production,
        # The job queue (RQ). Unset: jobs run in the web process right after commit.
        "REDIS_URL": env.get("REDIS_URL") or None,
        "LOG_FORMAT": env.get("LOG_FORMAT") or ("json" if production else "text"),
        # /metrics for Prometheus: with this bearer token, or (unset) from this machine only.
        "METRICS_TOKEN": env.get("METRICS_TOKEN") or None,
        "LEDGER_UPLOADS": Path(env.get("LEDGER_UPLOADS") or instance_path / "ledger-uploads"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        # Absolute session lifetime; the idle timeout is enforced in auth.sessions.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(env.get("SESSION_HOURS", 12))),
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", 60)),
        "API_TOKEN_HOURS": int(env.get("API_TOKEN_HOURS", 24)),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ("zh", "en"),
        # Failed log-ins allowed per account and per client address; the windows expire,
        # so an attacker cannot lock the real user out for longer than the window.
        # Shared by every process when Redis is there; memory:// holds for one process only.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: each process counts on its own meanwhile, rather than refuse every log-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": env.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes"),
        # Number of reverse proxies in front of the app whose X-Forwarded-* headers are
        # trusted; 0 (the default) ignores them, so a client cannot spoof its address.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", 0)),
        # Outgoing mail, sent from the outbox by `flask notifications send`. A centre
        # without a mail server sets MAIL_ENABLED=false: notices then go to the inbox in
        # the app only (they always go there), and nothing waits in the outbox.
        "MAIL_ENABLED": _bool("MAIL_ENABLED", True),
        "SMTP_HOST": env.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(env.get("SMTP_PORT", 25)),
        "SMTP_USERNAME": env.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _bool("SMTP_STARTTLS", False),
        "SMTP_SSL": _bool("SMTP_SSL", False),
        "SMTP_TIMEOUT": float(env.get("SMTP_TIMEOUT", 30)),
        "MAIL_FROM": env.get("MAIL_FROM", "noreply@localhost"),
        "MAIL_MAX_ATTEMPTS": int(env.get("MAIL_MAX_ATTEMPTS", 12)),
        "MAIL_RETRY_SECONDS": int(env.get("MAIL_RETRY_SECONDS", 60)),
        # Service (送达): a document not delivered by every channel within this many hours
        # goes to the staff's desk; a recipient's link to open it lasts this many days.
        "SERVICE_DELIVERY_HOURS": int(env.get("SERVICE_DELIVERY_HOURS", 24)),
        "SERVICE_LINK_DAYS": int(env.get("SERVICE_LINK_DAYS", 30)),
        # The SMS gateway (service.sms): unset, service by SMS is not offered.
        "SMS_GATEWAY_URL": env.get("SMS_GATEWAY_URL", ""),
        "SMS_GATEWAY_KEY": env.get("SMS_GATEWAY_KEY", ""),
        "SMS_GATEWAY_TIMEOUT": float(env.get("SMS_GATEWAY_TIMEOUT", 10)),
        # Days the parties and the mediator have to sign a recorded agreement; after that
        # (or a party's refusal) the mediator may end the mediation as not settled.
        "AGREEMENT_SIGNING_DAYS": int(env.get("AGREEMENT_SIGNING_DAYS", 15)),
        # A mediator who mediated a party's case within this many years is flagged (回避).
        "CONFLICT_LOOKBACK_YEARS": int(env.get("CONFLICT_LOOKBACK_YEARS", 3)),
        # The retention schedule (retention): evidence files, years after their case
        # concluded; a refused registrant's name and contact details, years after it registered.
        "RETENTION_EVIDENCE_YEARS": int(env.get("RETENTION_EVIDENCE_YEARS", 5)),
        "RETENTION_REFUSED_REGISTRATION_YEARS": int(env.get("RETENTION_REFUSED_REGISTRATION_YEARS", 1)),
        "PASSWORD_HASH_PROFILE": env.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
    }
    config.update(overrides or {})
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = env.get("SECRET_KEY") or _instance_key(instance_path, "secret_key")
    # Seals the audit trail (cases.audit). Kept outside the database: whoever can
    # rewrite the database must not be able to seal what they wrote. Its own key, so
    # rotating SECRET_KEY (sessions) leaves the seals valid.
    if not config.get("AUDIT_KEY"):
        config["AUDIT_KEY"] = env.get("AUDIT_KEY") or _instance_key(instance_path, "audit_key")
    return config
