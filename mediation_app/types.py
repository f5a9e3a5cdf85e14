"""Column types that behave the same on SQLite and PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator

FEN_PER_YUAN = 100
CENT = Decimal("0.01")


class Money(TypeDecorator):
    """A yuan amount as ``Decimal``, stored as integer fen (分) on every backend.

    SQLite keeps NUMERIC as a binary float, so exactness on both backends is
    bought by storing integers; SUM over integers is exact everywhere too.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money must be a Decimal, not {type(value).__name__}")
        fen = value * FEN_PER_YUAN
        if fen != fen.to_integral_value():
            raise ValueError(f"money has more than two decimals: {value}")
        return int(fen)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(int(value)) / FEN_PER_YUAN).quantize(CENT)


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
