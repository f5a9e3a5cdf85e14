"""Mediation time limits, counted in calendar days of Asia/Shanghai.

Sources: court-delegated before filing (委派, 诉前) 30 days; court-commissioned
after filing (委托) 15 days under ordinary procedure; direct applications 30
days from the start of mediation (centre practice). Extensions arrive with the
case-work issue; this module only computes the base deadline.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")

DAYS_BY_SOURCE = {"direct": 30, "court_delegated": 30, "court_commissioned": 15}


def local_date(moment: datetime) -> date:
    """The calendar date in China of an aware UTC moment."""
    return moment.astimezone(CHINA).date()


def mediation_deadline(source: str, clock_start: datetime) -> date:
    """Last day (inclusive) to conclude a case whose clock started at ``clock_start``."""
    return local_date(clock_start) + timedelta(days=DAYS_BY_SOURCE[source])
