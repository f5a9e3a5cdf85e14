"""Column types that behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator


class Scaled(TypeDecorator):
    """A ``Decimal`` with a fixed number of decimals, stored as an integer count of its
    smallest unit on every backend: SQLite keeps NUMERIC as a binary float, so
    exactness on both backends is bought by storing integers (SUM over them is exact
    everywhere too)."""

    impl = BigInteger
    cache_ok = True
    places = 2
    what = "a fixed-point value"

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"{self.what} must be a Decimal, not {type(value).__name__}")
        units = value.scaleb(self.places)
        if units != units.to_integral_value():
            raise ValueError(f"{self.what} has more than {self.places} decimals: {value}")
        return int(units)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(Decimal(1).scaleb(-self.places))


class Money(Scaled):
    """A yuan amount, stored as integer fen (分)."""

    cache_ok = True  # read from each class itself, not inherited
    places = 2
    what = "money"


class Hours(Scaled):
    """A duration in hours to one decimal (a training course's 1.5 h), stored as tenths."""

    cache_ok = True
    places = 1
    what = "hours"


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime; SQLite drops the offset, so it is restored on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
