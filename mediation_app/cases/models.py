"""Cases and their audit trail."""

from enum import StrEnum
from typing import ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation
from mediation_app.types import Money, UTCDateTime, utcnow
from workflows.case_states import CaseState
from workflows.deadlines import Clock


def _values(enum):
    return [m.value for m in enum]


class CaseSource(StrEnum):
    DIRECT = "direct"  # 当事人直接申请
    COURT_DELEGATED = "court_delegated"  # 委派调解, before filing (诉前)
    COURT_COMMISSIONED = "court_commissioned"  # 委托调解, after filing

    @property
    def from_court(self) -> bool:
        return self is not CaseSource.DIRECT


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("claim_amount > 0", name="claim_amount_positive"),
        CheckConstraint("agreed_amount IS NULL OR agreed_amount > 0", name="agreed_amount_positive"),
        CheckConstraint("applicant_id <> respondent_id", name="parties_differ"),
        UniqueConstraint("court_id", "court_case_number"),
        # Per centre: a centre's historical numbers (kept on ledger import) may repeat another's.
        UniqueConstraint("centre_id", "number"),
        UniqueConstraint("filed_by_id", "submission_key"),
        Index("ix_cases_centre_state_id", "centre_id", "state", "id"),
        Index("ix_cases_centre_id_id", "centre_id", "id"),  # a centre's newest-first list, all states
        Index("ix_cases_centre_id_deadline", "centre_id", "deadline"),  # overdue and due-soon lists
        Index("ix_cases_centre_claim_amount_id", "centre_id", "claim_amount", "id"),  # claim-amount sorts
        Index("ix_cases_mediator_id_id", "mediator_id", "id"),
        Index("ix_cases_applicant_id_id", "applicant_id", "id"),
        Index("ix_cases_respondent_id_id", "respondent_id", "id"),
        Index("ix_cases_court_id_id", "court_id", "id"),
        # Possible duplicates at intake: the open cases between two parties, either way round.
        Index("ix_cases_applicant_id_respondent_id_id", "applicant_id", "respondent_id", "id"),
        # Conflict screening: has this mediator concluded a case of this party lately? One
        # probe per mediator and party, whatever the party's history (cases.conflicts).
        # Only concluded cases are entered: they never change parties or mediator again.
        Index(
            "ix_cases_applicant_id_mediator_id_concluded_at",
            "applicant_id",
            "mediator_id",
            "concluded_at",
            postgresql_where=text("concluded_at IS NOT NULL"),
            sqlite_where=text("concluded_at IS NOT NULL"),
        ),
        Index(
            "ix_cases_respondent_id_mediator_id_concluded_at",
            "respondent_id",
            "mediator_id",
            "concluded_at",
            postgresql_where=text("concluded_at IS NOT NULL"),
            sqlite_where=text("concluded_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    number: Mapped[str] = mapped_column(String(40))
    # Written only by workflows.fire() (and file_case for the initial state).
    state: Mapped[CaseState] = mapped_column(
        db.Enum(CaseState, native_enum=False, length=20, values_callable=_values)
    )
    source: Mapped[CaseSource] = mapped_column(
        db.Enum(CaseSource, native_enum=False, length=20, values_callable=_values)
    )
    court_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    court_case_number: Mapped[str | None] = mapped_column(String(60))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    respondent_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claim_amount = mapped_column(Money, nullable=False)  # 标的额
    agreed_amount = mapped_column(Money)
    summary: Mapped[str] = mapped_column(Text)
    industry: Mapped[str] = mapped_column(String(40), default="")
    dispute_type: Mapped[str] = mapped_column(String(20), default="other")  # 纠纷类型 (inputs.DISPUTE_TYPES)
    # The mediators of the register the filer prefers (the suggestions put them first).
    preferred_mediator_ids: Mapped[list] = mapped_column(JSON, default=list)
    # Where the filer says the respondent is reached: it is invited there on acceptance
    # when it has no account at the centre (the staff see both, to phone it as well).
    respondent_email: Mapped[str] = mapped_column(String(254), default="")
    respondent_mobile: Mapped[str] = mapped_column(String(20), default="")
    terms: Mapped[list | None] = mapped_column(JSON)
    performance_deadline: Mapped[object | None] = mapped_column(Date)
    payment_method: Mapped[str | None] = mapped_column(String(20))  # schemas.PAYMENT_METHODS
    payment_method_other: Mapped[str | None] = mapped_column(String(200))
    over_claim_reason: Mapped[str | None] = mapped_column(Text)  # why more than the claim was agreed
    # When the agreement was recorded and issued for signature: the signing period runs from it.
    agreement_recorded_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # The day the agreement took effect (all signatures in); starts the 30-day
    # judicial-confirmation window.
    agreement_effective_on: Mapped[object | None] = mapped_column(Date)
    # The mediation time limit (workflows.deadlines): the clock's inputs, and its last
    # day (a China calendar day) kept as a column so overdue lists can use an index.
    procedure: Mapped[str] = mapped_column(
        String(10), default="ordinary"
    )  # 委托: ordinary 15 / simple 7 days
    clock_started_at: Mapped[object | None] = mapped_column(UTCDateTime)
    extension_days: Mapped[list] = mapped_column(JSON, default=list)
    deadline: Mapped[object | None] = mapped_column(Date)
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    # Why it ended without settlement (cases.schemas.OUTCOME_CODES), beside the reason's text.
    outcome_code: Mapped[str | None] = mapped_column(String(30))
    # The respondent's answer to the invitation: None until given; mediation is voluntary.
    respondent_consent: Mapped[bool | None] = mapped_column(Boolean)
    respondent_consent_at: Mapped[object | None] = mapped_column(
        UTCDateTime
    )  # refusal / referral / withdrawal reason
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The filing form's one-time key (the API's retries are ``mediation_app.idempotency``'s
    # work): a double-submitted form returns the case already filed.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    concluded_at: Mapped[object | None] = mapped_column(UTCDateTime)

    centre: Mapped[Centre] = relationship()
    court: Mapped[Organisation | None] = relationship(foreign_keys=[court_id])
    applicant: Mapped[Organisation] = relationship(foreign_keys=[applicant_id])
    respondent: Mapped[Organisation] = relationship(foreign_keys=[respondent_id])
    mediator: Mapped[User | None] = relationship(foreign_keys=[mediator_id])
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])

    # Every UPDATE is a compare-and-set on version (UPDATE … WHERE version = :v),
    # which holds on SQLite too, where SELECT … FOR UPDATE is ignored.
    __mapper_args__: ClassVar[dict] = {"version_id_col": version}

    @property
    def clock(self) -> Clock:
        return Clock(
            self.source.value, self.procedure, self.clock_started_at, tuple(self.extension_days or ())
        )

    def start_clock(self, at) -> None:
        """Start (or, with ``None``, stop) the time limit: delegation, or the first session."""
        self.clock_started_at = at
        self.deadline = self.clock.deadline()

    def __repr__(self) -> str:
        return f"<Case {self.number} {self.state.value}>"


class CaseEvent(db.Model):
    """One entry of a case's append-only, hash-chained timeline."""

    __tablename__ = "case_events"
    # Each entry links to exactly one predecessor: two writers racing to append to the
    # same case cannot fork its chain; the second one fails and retries.
    __table_args__ = (
        Index("ix_case_events_case_id_id", "case_id", "id"),
        UniqueConstraint("case_id", "prev_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # HMAC of the hash under AUDIT_KEY (kept outside the database): whoever edits an
    # entry and recomputes the public hashes after it cannot seal the result
    # (``cases.audit``). NULL only for entries written before seals existed.
    seal: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


class ChainHead(db.Model):
    """Where a case's timeline ends: its number of entries and last hash, sealed
    together, so a deleted last entry is found as surely as an edited one. Written
    with every entry, in its transaction (``cases.timeline``)."""

    __tablename__ = "chain_heads"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str | None] = mapped_column(String(64))  # NULL until `flask audit seal`


class MediatorWorkload(db.Model):
    """A mediator's open cases, counted as cases change state or mediator
    (``cases.workloads``, in the same transaction), so the roster reads one row per
    mediator however many cases the centre holds. ``totals verify`` recounts them."""

    __tablename__ = "mediator_workloads"

    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    open_cases: Mapped[int] = mapped_column(Integer, default=0)


class CaseNumberCounter(db.Model):
    """Per centre and year serial behind case numbers; incremented atomically."""

    __tablename__ = "case_number_counters"

    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class DeadlineReminder(db.Model):
    """A reminder sent about one case's time limit; one per case, deadline and kind,
    so running the reminder command twice sends nothing twice."""

    __tablename__ = "deadline_reminders"
    __table_args__ = (UniqueConstraint("case_id", "deadline", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    deadline: Mapped[object] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # due_soon / overdue
    sent_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class RecusalRequest(db.Model):
    """A party's request that the mediator withdraw (申请回避), and staff's decision."""

    __tablename__ = "recusal_requests"
    __table_args__ = (Index("ix_recusal_requests_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the mediator challenged
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    grounds: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending / granted / refused
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[object | None] = mapped_column(UTCDateTime)

    mediator: Mapped[User] = relationship(foreign_keys=[mediator_id])
    party: Mapped[Organisation] = relationship(foreign_keys=[party_id])


class Instalment(db.Model):
    """One instalment of a settled agreement (履行期限): an amount due by a day.

    Payments are applied to instalments in due order, so a case is in default when
    the amount due before today exceeds everything paid.
    """

    __tablename__ = "instalments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="instalment_amount_positive"),
        UniqueConstraint("case_id", "sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    sequence: Mapped[int] = mapped_column(Integer)  # 1, 2, … in due order
    amount = mapped_column(Money, nullable=False)
    due_on: Mapped[object] = mapped_column(Date)
