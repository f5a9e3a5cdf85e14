"""A party's agents in a case (委托代理人): who acts for it, on what authority, the
authorisation letter (授权委托书) that gives it, and the account it acts through. An
appointment is revoked, never deleted: the documents issued while it stood name the
agent."""

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


class AgentKind(StrEnum):
    """Who may be an agent (民事诉讼法 art. 61, which mediation follows)."""

    LAWYER = "lawyer"  # 律师
    LEGAL_WORKER = "legal_worker"  # 基层法律服务工作者
    EMPLOYEE = "employee"  # the party's own staff (工作人员)
    RELATIVE = "relative"  # a natural person's close relative (近亲属)
    CITIZEN = "citizen"  # a citizen recommended by the community, employer or a body


class AgentScope(StrEnum):
    GENERAL = "general"  # 一般授权: takes part, states views, receives documents
    SPECIAL = "special"  # 特别授权: may also admit, waive or change claims and settle


class CaseAgent(db.Model):
    __tablename__ = "case_agents"
    __table_args__ = (
        CheckConstraint("party IN ('applicant', 'respondent')", name="agent_party_is_a_side"),
        Index("ix_case_agents_case_id_party", "case_id", "party"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    party: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[AgentKind] = mapped_column(
        db.Enum(AgentKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    workplace: Mapped[str] = mapped_column(String(200), default="")  # 律师事务所, or the employer
    licence_number: Mapped[str] = mapped_column(String(20), default="")  # 律师执业证号 (17 digits)
    phone: Mapped[str] = mapped_column(String(20), default="")
    scope: Mapped[AgentScope] = mapped_column(
        db.Enum(AgentScope, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    powers: Mapped[str] = mapped_column(Text, default="")  # 代理权限, as the letter words it
    letter_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id"))
    # The agent's own account (a personal one: no company), through which it acts for
    # the party in this case while the appointment stands; None: on paper only.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    appointed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    appointed_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[object | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    letter: Mapped[EvidenceFile] = relationship()
    appointed_by: Mapped[User] = relationship(foreign_keys=[appointed_by_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
