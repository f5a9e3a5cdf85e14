"""Centres and the organisations around them: enterprises, courts, chambers, and the
federations (工商联) centres report to.

A centre belongs to at most one city federation (``centres.federation_id``); a city
federation to at most one province federation (``parent_id``). Federation users
(``users.federation_id``) see their members' figures, never a case.
"""

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.privacy.masking import mask_id_number
from mediation_app.types import UTCDateTime, utcnow


class Centre(db.Model):
    """A mediation centre; one deployment can serve many."""

    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Prefix of the centre's case numbers, e.g. 海工商调 → (2026)海工商调字第0001号;
    # unique, so that a number names one centre's case across the deployment.
    case_prefix: Mapped[str] = mapped_column(String(20), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    # The city federation (工商联) the centre reports to, if any.
    federation_id: Mapped[int | None] = mapped_column(ForeignKey("federations.id"), index=True)
    # The centre's seal image (documents.seal), in the document store; the agreements
    # that take effect carry it.
    seal_storage_name: Mapped[str | None] = mapped_column(String(100))
    seal_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class OrganisationKind(StrEnum):
    ENTERPRISE = "enterprise"
    COURT = "court"
    CHAMBER = "chamber"  # 商会: supplies mediators, so membership can be a conflict
    # Parties besides companies: a natural person (自然人), identified by the resident
    # identity number, and an individual business (个体工商户), by its credit code (92…)
    # and run by its operator (经营者).
    PERSON = "person"
    INDIVIDUAL_BUSINESS = "individual_business"


#: The kinds of organisation that may be a party to a case.
PARTY_KINDS = (OrganisationKind.ENTERPRISE, OrganisationKind.PERSON, OrganisationKind.INDIVIDUAL_BUSINESS)


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("kind <> 'enterprise' OR uscc IS NOT NULL", name="enterprise_has_uscc"),
        CheckConstraint("kind <> 'court' OR court_code IS NOT NULL", name="court_has_code"),
        CheckConstraint("kind <> 'person' OR id_number IS NOT NULL", name="person_has_id_number"),
        CheckConstraint(
            "kind <> 'individual_business' OR (uscc IS NOT NULL AND operator_name <> '')",
            name="individual_business_has_uscc_and_operator",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        db.Enum(
            OrganisationKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        )
    )
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    court_code: Mapped[str | None] = mapped_column(String(16), unique=True)  # e.g. 苏0621
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)  # a person's 居民身份证号码
    operator_name: Mapped[str] = mapped_column(String(100), default="")  # an individual business's 经营者
    phone: Mapped[str] = mapped_column(String(20), default="")  # a person's, for service (送达)
    address: Mapped[str] = mapped_column(String(300), default="")
    legal_representative: Mapped[str] = mapped_column(String(100), default="")
    industry: Mapped[str] = mapped_column(String(40), default="")
    chamber_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    verified_at: Mapped[object | None] = mapped_column(UTCDateTime)  # an enterprise checked by the centre
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    chamber: Mapped["Organisation | None"] = relationship(remote_side=[id])

    @property
    def identifier(self) -> str:
        """What identifies the party where its full identity is not needed: the credit
        code, or a person's identity number masked (PIPL)."""
        if self.kind is OrganisationKind.PERSON:
            return mask_id_number(self.id_number or "")
        return self.uscc or ""

    def __repr__(self) -> str:
        return f"<Organisation {self.kind.value} {self.name}>"


class FederationLevel(StrEnum):
    CITY = "city"  # 市工商联
    PROVINCE = "province"  # 省工商联


class Federation(db.Model):
    __tablename__ = "federations"
    # Only a city federation sits under another (its province); a province is the top.
    __table_args__ = (CheckConstraint("level = 'city' OR parent_id IS NULL", name="province_has_no_parent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[FederationLevel] = mapped_column(
        db.Enum(FederationLevel, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("federations.id"), index=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped["Federation | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Federation {self.level.value} {self.name}>"
