"""Column types that behave the same on SQLite and PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


class Tenths(Scaled):
    """A value to one decimal (a course's 1.5 hours, a 4.5 satisfaction), stored as tenths."""

    cache_ok = True
    places = 1
    what = "a one-decimal value"


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


# The app's one clock. Unset, it is the real time; ``clock_at`` sets it for a block (a
# history loaded as it happened: the demo), and every timestamp, default and deadline
# the app takes inside reads it. A context variable, so other threads and requests
# keep the real time.
_FIXED_NOW: ContextVar[datetime | None] = ContextVar("fixed_now", default=None)


def utcnow() -> datetime:
    return _FIXED_NOW.get() or datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[datetime]:
    """Inside the block ``utcnow()`` is ``moment`` (aware; yielded in UTC); after it,
    whatever it was before (the real time, or an enclosing block's moment)."""
    if moment.tzinfo is None:
        raise ValueError("the clock is set to an aware datetime; use UTC")
    token = _FIXED_NOW.set(moment.astimezone(UTC))
    try:
        yield _FIXED_NOW.get()
    finally:
        _FIXED_NOW.reset(token)
