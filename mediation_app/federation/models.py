"""Federations (工商联): a city federation groups centres, a province federation cities.

A centre belongs to at most one city federation (``centres.federation_id``); a city
federation to at most one province federation (``parent_id``). Federation users
(``users.federation_id``) see their members' figures, never a case.
"""

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.extensions import db
from mediation_app.types import UTCDateTime, utcnow


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
