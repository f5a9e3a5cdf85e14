"""How dates and amounts are written for people, in documents, e-mails and reports."""

from datetime import date, datetime

from workflows.deadlines import CHINA


def chinese_date(day: date) -> str:
    """Dates in the body of a document: 2026年11月29日."""
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(amount) -> str:
    """Figures with thousands separators, as printed: 580,000.00."""
    return f"{amount:,.2f}"


def local_minute(moment: datetime) -> str:
    """A moment as read in China, to the minute: 2026-12-10 09:30."""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
