"""The judicial-confirmation window and instalment due dates, counted in China
calendar days (pure: no database, no clock reads).

人民调解法 art. 33: the parties apply jointly within 30 days of the agreement
taking effect. As for mediation time limits (workflows.deadlines), "30 days from
day D" ends on D + 30 inclusive; the window is closed from D + 31.
"""

from datetime import date, timedelta

CONFIRMATION_DAYS = 30
# Reminders while the window runs and nobody has applied: one at 7 days left, one at 2.
REMINDER_DAYS = (7, 2)
# A referral the court has not acknowledged after this long is flagged.
ACKNOWLEDGE_WITHIN = timedelta(days=3)


def window_last_day(effective_on: date) -> date:
    return effective_on + timedelta(days=CONFIRMATION_DAYS)


def days_left(effective_on: date, today: date) -> int:
    """0 on the last day, negative once the window has closed."""
    return (window_last_day(effective_on) - today).days


def reminder_due(effective_on: date, today: date) -> int | None:
    """Which reminder (7 or 2 days left) is due today, or None: the 7-day one from 7
    down to 3 days left, the 2-day one from 2 down to the last day, so a scheduler
    that missed a day still sends each once."""
    left = days_left(effective_on, today)
    if 2 < left <= 7:
        return 7
    if 0 <= left <= 2:
        return 2
    return None


def is_overdue(due_on: date, today: date) -> bool:
    """An instalment is still in time on its due day; overdue from the day after."""
    return today > due_on
