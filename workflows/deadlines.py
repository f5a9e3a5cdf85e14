"""Mediation time limits, counted in calendar days of Asia/Shanghai.

The limits (DOMAIN.md, "Deadlines"):

* ``"direct"`` (当事人直接申请, centre practice): 30 days from the **first
  mediation session**; extendable with the parties' consent by at most 30
  further days in total (60 days in all). Before the first session the clock
  has not started.
* ``"court_delegated"`` (委派调解, before filing, 诉前): 30 days from the
  delegation; continuing past it needs the parties' consent, modelled as an
  extension by agreement (no statutory cap).
* ``"court_commissioned"`` (委托调解, after filing): 15 days under the
  ``"ordinary"`` procedure, 7 under the ``"simple"`` procedure, counted from
  the commission; extendable by agreement (no statutory cap). The procedure
  is ignored for the other two sources.

Boundary semantics, exactly:

* Inputs are **aware** datetimes (stored in UTC); a naive datetime raises
  :class:`ValueError`. Only the calendar date in China of a moment counts, so
  ``2026-01-31T16:30:00Z`` is 1 February in Shanghai (UTC+8).
* "N days from" a clock start on China date ``D`` means the **last day**
  (inclusive) is ``D + N``, where N is the base limit plus every agreed
  extension. The case is therefore still in time until 23:59:59.999999
  Shanghai time on ``D + N`` and **overdue from 00:00:00 Shanghai time on**
  ``D + N + 1`` (16:00:00 UTC on ``D + N``); see :meth:`Clock.overdue_from`.
* ``days_left(now) = deadline - (China date of now)`` in days: 0 on the last
  day, 1 on the day before, negative once overdue (-1 on ``D + N + 1``).
* ``status(now)``: ``"not_started"`` without a start, ``"overdue"`` when fewer
  than 0 days are left, ``"due_soon"`` when 0 to 3 days are left (the last
  day and the three before it), otherwise ``"running"``.

Consent is recorded by the caller (an audit event on the case); this module
only checks that an extension is allowed and computes its effect. It is pure:
standard library only, no clock reads (``now`` is always passed in).
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")

SOURCES = ("direct", "court_delegated", "court_commissioned")
PROCEDURES = ("ordinary", "simple")

# Base limit by source; court_commissioned under the ordinary procedure (see PROCEDURE_DAYS).
DAYS_BY_SOURCE = {"direct": 30, "court_delegated": 30, "court_commissioned": 15}
# court_commissioned (委托调解) by procedure of the court case.
PROCEDURE_DAYS = {"ordinary": 15, "simple": 7}
# Extra days allowed in total, by source; None means no cap (extension by agreement).
MAX_EXTENSION_DAYS = {"direct": 30, "court_delegated": None, "court_commissioned": None}
# "due soon" from this many days left down to 0 (the last day), inclusive.
DUE_SOON_DAYS = 3


class ClockStatus(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


class ExtensionRefused(ValueError):
    """An extension that the rules do not allow.

    ``reason`` is a stable code for the faces to translate: ``"not_positive"``,
    ``"not_started"`` or ``"over_limit"``; ``requested`` is the number of days
    asked for and ``allowed`` the days still available (None when unlimited).
    """

    def __init__(self, reason: str, message: str, *, requested: int, allowed: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.requested = requested
        self.allowed = allowed


def _require_aware(moment: datetime, name: str) -> datetime:
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (UTC), not naive: {moment.isoformat()}")
    return moment


def _require_days(days: int, name: str = "days") -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"{name} must be an int, not {type(days).__name__}")
    return days


def local_date(moment: datetime) -> date:
    """The calendar date in China of an aware moment; a naive one raises ValueError."""
    return _require_aware(moment, "moment").astimezone(CHINA).date()


def china_midnight(day: date) -> datetime:
    """00:00:00 Shanghai time on ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=CHINA).astimezone(UTC)


def days_for(source: str, procedure: str = "ordinary") -> int:
    """The limit in days before any extension (``procedure`` matters only when commissioned)."""
    if source not in DAYS_BY_SOURCE:
        raise ValueError(f"unknown case source {source!r}; expected one of {', '.join(SOURCES)}")
    if procedure not in PROCEDURE_DAYS:
        raise ValueError(f"unknown procedure {procedure!r}; expected one of {', '.join(PROCEDURES)}")
    if source == "court_commissioned":
        return PROCEDURE_DAYS[procedure]
    return DAYS_BY_SOURCE[source]


@dataclass(frozen=True)
class Clock:
    """The mediation time limit of one case: an immutable value.

    ``started_at`` is the aware moment the clock started (first session for
    direct applications, delegation or commission for court cases), or None
    while it has not started. ``extensions`` are the agreed extensions in days,
    in the order granted. Use :meth:`start` and :meth:`extend` to derive new
    clocks; an invalid combination cannot be constructed.
    """

    source: str
    procedure: str = "ordinary"
    started_at: datetime | None = None
    extensions: tuple[int, ...] = field(default=())

    def __post_init__(self):
        days_for(self.source, self.procedure)  # validates both
        # Plain strings, so a StrEnum member (CaseSource.DIRECT) gives an equal, plain value.
        object.__setattr__(self, "source", str(self.source))
        object.__setattr__(self, "procedure", str(self.procedure))
        if self.started_at is not None:
            _require_aware(self.started_at, "started_at")
        extensions = tuple(_require_days(days, "an extension") for days in self.extensions)
        object.__setattr__(self, "extensions", extensions)
        if extensions and self.started_at is None:
            raise ExtensionRefused(
                "not_started",
                "a clock that has not started cannot be extended",
                requested=sum(extensions),
                allowed=0,
            )
        for days in extensions:
            if days <= 0:
                raise ExtensionRefused(
                    "not_positive", f"an extension must be at least 1 day, not {days}", requested=days
                )
        cap = MAX_EXTENSION_DAYS[self.source]
        if cap is not None and sum(extensions) > cap:
            raise ExtensionRefused(
                "over_limit",
                f"extensions total {sum(extensions)} days; at most {cap} are allowed for {self.source}",
                requested=sum(extensions),
                allowed=cap,
            )

    # --- derived values -------------------------------------------------

    @property
    def base_days(self) -> int:
        return days_for(self.source, self.procedure)

    @property
    def extension_days(self) -> int:
        """Agreed extra days in total."""
        return sum(self.extensions)

    @property
    def total_days(self) -> int:
        return self.base_days + self.extension_days

    @property
    def max_extension_days(self) -> int | None:
        """Extra days allowed in total for this source; None when unlimited."""
        return MAX_EXTENSION_DAYS[self.source]

    @property
    def remaining_extension_days(self) -> int | None:
        """Extra days that may still be agreed; None when unlimited."""
        cap = self.max_extension_days
        return None if cap is None else cap - self.extension_days

    @property
    def started(self) -> bool:
        return self.started_at is not None

    def start_date(self) -> date | None:
        """The China date the clock started on, or None."""
        return None if self.started_at is None else local_date(self.started_at)

    def deadline(self) -> date | None:
        """The last day (inclusive) in China, or None when the clock has not started."""
        start = self.start_date()
        return None if start is None else start + timedelta(days=self.total_days)

    def overdue_from(self) -> datetime | None:
        """The first overdue instant (00:00 Shanghai after the last day) in UTC, or None."""
        last_day = self.deadline()
        return None if last_day is None else china_midnight(last_day + timedelta(days=1))

    def days_left(self, now: datetime) -> int | None:
        """Days from China's today to the last day: 0 on it, negative when overdue; None if not started."""
        last_day = self.deadline()
        today = local_date(now)
        return None if last_day is None else (last_day - today).days

    def status(self, now: datetime) -> ClockStatus:
        """``not_started``, ``running``, ``due_soon`` (0 to 3 days left) or ``overdue``."""
        left = self.days_left(now)
        if left is None:
            return ClockStatus.NOT_STARTED
        if left < 0:
            return ClockStatus.OVERDUE
        if left <= DUE_SOON_DAYS:
            return ClockStatus.DUE_SOON
        return ClockStatus.RUNNING

    # --- new clocks -----------------------------------------------------

    def start(self, at: datetime) -> "Clock":
        """A clock started at ``at``; starting one that already runs is a ValueError."""
        _require_aware(at, "at")
        if self.started_at is not None:
            raise ValueError(f"the clock already started at {self.started_at.isoformat()}")
        return replace(self, started_at=at)

    def extend(self, days: int) -> "Clock":
        """A clock extended by ``days`` agreed days; raises :class:`ExtensionRefused` when not allowed.

        Refused: fewer than 1 day, a clock that has not started, and for direct
        applications anything beyond 30 extra days in total.
        """
        _require_days(days)
        if days <= 0:
            raise ExtensionRefused(
                "not_positive", f"an extension must be at least 1 day, not {days}", requested=days
            )
        if self.started_at is None:
            raise ExtensionRefused(
                "not_started", "a clock that has not started cannot be extended", requested=days, allowed=0
            )
        remaining = self.remaining_extension_days
        if remaining is not None and days > remaining:
            raise ExtensionRefused(
                "over_limit",
                f"cannot extend by {days} days: {self.extension_days} of the {self.max_extension_days} "
                f"extra days allowed for {self.source} are used, {remaining} remain",
                requested=days,
                allowed=remaining,
            )
        return replace(self, extensions=(*self.extensions, days))


def mediation_deadline(source: str, clock_start: datetime, procedure: str = "ordinary") -> date:
    """Last day (inclusive) in China of a case whose clock started at ``clock_start``, unextended."""
    return local_date(clock_start) + timedelta(days=days_for(source, procedure))
