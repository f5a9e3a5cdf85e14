"""Users, their roles, API tokens, and the record of what administrators changed."""

import hashlib
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow
from workflows.roles import Role


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    # Tenancy: every account belongs to one centre, except a federation user's, which
    # belongs to its federation (and sees figures only).
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"))
    federation_id: Mapped[int | None] = mapped_column(ForeignKey("federations.id"))
    # An enterprise user's company, a liaison's court, a mediator's chamber.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    industry: Mapped[str] = mapped_column(String(40), default="")  # a mediator's specialty
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Self-registered enterprise users wait for the centre to verify them (None until then);
    # accounts made by operators are verified when created.
    verified_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # Why the centre refused the registration (the account is then inactive); the
    # applicant is sent it.
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(String(20), default="")  # shown masked (PIPL)
    # Part of the session id: bumping it ends every session of this user server-side.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Set by an administrator's reset: the temporary password works only to choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    # By name: the parties domain stands on accounts, not the other way round.
    centre: Mapped["Centre | None"] = relationship("Centre")  # noqa: F821
    organisation: Mapped["Organisation | None"] = relationship("Organisation")  # noqa: F821

    # flask-login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class Scope(StrEnum):
    """What a narrowed token may reach (the routes that declare it); a token without
    scopes reaches what its user may."""

    COURT_EXCHANGE = "court_exchange"  # a court system: the court exchange routes only


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals none."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[object] = mapped_column(UTCDateTime)
    revoked_at: Mapped[object | None] = mapped_column(UTCDateTime)
    scopes: Mapped[list | None] = mapped_column(JSON)  # None: all its user may; else ``Scope`` values

    user: Mapped[User] = relationship()

    def covers(self, route_scopes: frozenset) -> bool:
        """Whether the token may call a route that declares ``route_scopes``."""
        return self.scopes is None or bool(route_scopes & set(self.scopes))

    @staticmethod
    def hash_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class AccountChange(StrEnum):
    CREATED = "created"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (the name of a change, not a password)
    DISABLED = "disabled"
    ENABLED = "enabled"
    ROLE_CHANGED = "role_changed"
    MEDIATOR_PROFILE_CHANGED = "mediator_profile_changed"  # specialty and chamber
    REGISTER_ENTRY_CHANGED = "register_entry_changed"  # the mediator register (mediators)
    TRAINING_RECORDED = "training_recorded"
    TRAINING_REMOVED = "training_removed"
    REGISTRATION_VERIFIED = "registration_verified"  # by the centre's staff
    REGISTRATION_REFUSED = "registration_refused"  # by the centre's staff, with the reason


class AccountEvent(db.Model):
    """One change made to an account by an administrator (or by the operator at the
    console: no actor), with what it was before and what it became. Who may act as
    whom is evidence as much as what they did; never a password, never personal data
    (the account row holds those)."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    change: Mapped[AccountChange] = mapped_column(
        db.Enum(AccountChange, native_enum=False, length=30, values_callable=lambda e: [m.value for m in e])
    )
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
