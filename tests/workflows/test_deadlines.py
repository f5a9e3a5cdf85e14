"""The mediation time limits of DOMAIN.md ("Deadlines"), counted in calendar days of Asia/Shanghai.

Pure: no app, no database. Expected dates are written out by hand, not computed
with the code under test. Shanghai is UTC+8 all year, so 23:59:59 there is
15:59:59Z and 00:00:00 there is 16:00:00Z of the previous UTC day.
"""

import ast
import dataclasses
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path

import pytest

import workflows.deadlines as deadlines_module
from workflows.deadlines import (
    CHINA,
    DAYS_BY_SOURCE,
    Clock,
    ClockStatus,
    ExtensionRefused,
    china_midnight,
    days_for,
    local_date,
    mediation_deadline,
)

# (source, procedure, base days) for every kind of clock.
KINDS = [
    ("direct", "ordinary", 30),
    ("court_delegated", "ordinary", 30),
    ("court_commissioned", "ordinary", 15),
    ("court_commissioned", "simple", 7),
]
KIND_IDS = [f"{source}-{procedure}" for source, procedure, _ in KINDS]

# A start at 10:00 Shanghai on 1 March 2026, and the last day of each kind from it.
START = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
LAST_DAY_FROM_START = {
    ("direct", "ordinary"): date(2026, 3, 31),
    ("court_delegated", "ordinary"): date(2026, 3, 31),
    ("court_commissioned", "ordinary"): date(2026, 3, 16),
    ("court_commissioned", "simple"): date(2026, 3, 8),
}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def last_second_of(day: date) -> datetime:
    """23:59:59 Shanghai time on ``day``, in UTC."""
    return utc(day.year, day.month, day.day, 15, 59, 59)


def first_second_after(day: date) -> datetime:
    """00:00:00 Shanghai time on the day after ``day``, in UTC."""
    return utc(day.year, day.month, day.day, 16, 0, 0)


# --- local dates ------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "china_date"),
    [
        (utc(2026, 3, 1, 0, 0, 0), date(2026, 3, 1)),
        (utc(2026, 3, 1, 15, 59, 59), date(2026, 3, 1)),
        (utc(2026, 3, 1, 16, 0, 0), date(2026, 3, 2)),
        (utc(2025, 12, 31, 17, 0), date(2026, 1, 1)),  # already New Year in Shanghai
        (utc(2028, 2, 28, 16, 0), date(2028, 2, 29)),  # leap day starts at 16:00Z
        (utc(2027, 2, 28, 16, 0), date(2027, 3, 1)),
        (datetime(2026, 3, 1, 23, 59, 59, tzinfo=CHINA), date(2026, 3, 1)),
        (datetime(2026, 3, 1, 20, 0, tzinfo=timezone(timedelta(hours=-5))), date(2026, 3, 2)),
    ],
)
def test_local_date_is_the_calendar_date_in_china(moment, china_date):
    assert local_date(moment) == china_date


def test_naive_datetimes_are_refused_everywhere():
    naive = datetime(2026, 3, 1, 2, 0)
    with pytest.raises(ValueError, match="aware"):
        local_date(naive)
    with pytest.raises(ValueError, match="aware"):
        Clock("direct", started_at=naive)
    with pytest.raises(ValueError, match="aware"):
        Clock("direct").start(naive)
    with pytest.raises(ValueError, match="aware"):
        mediation_deadline("direct", naive)
    running = Clock("direct", started_at=START)
    with pytest.raises(ValueError, match="aware"):
        running.days_left(naive)
    with pytest.raises(ValueError, match="aware"):
        running.status(naive)


def test_china_midnight_is_16_00_utc_the_day_before():
    assert china_midnight(date(2026, 1, 1)) == utc(2025, 12, 31, 16, 0)


# --- deadlines by source and procedure ---------------------------------------


@pytest.mark.parametrize(("source", "procedure", "days"), KINDS, ids=KIND_IDS)
def test_base_days_by_source_and_procedure(source, procedure, days):
    assert days_for(source, procedure) == days
    clock = Clock(source, procedure, started_at=START)
    assert clock.base_days == clock.total_days == days
    assert clock.deadline() == LAST_DAY_FROM_START[(source, procedure)]


@pytest.mark.parametrize("source", ["direct", "court_delegated"])
def test_procedure_only_matters_when_commissioned(source):
    assert Clock(source, "simple", started_at=START).deadline() == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("source", "procedure", "started_at", "last_day"),
    [
        # Late evening UTC is already the next day in China: the count starts there.
        ("direct", "ordinary", utc(2026, 3, 1, 15, 59, 59), date(2026, 3, 31)),
        ("direct", "ordinary", utc(2026, 3, 1, 16, 0, 0), date(2026, 4, 1)),
        ("court_delegated", "ordinary", utc(2026, 3, 1, 23, 30), date(2026, 4, 1)),
        ("court_commissioned", "ordinary", utc(2026, 3, 1, 16, 0), date(2026, 3, 17)),
        ("court_commissioned", "simple", utc(2026, 3, 1, 20, 0), date(2026, 3, 9)),
        # Month ends.
        ("direct", "ordinary", utc(2026, 1, 31, 10, 0), date(2026, 3, 2)),
        ("court_commissioned", "ordinary", utc(2026, 4, 30, 16, 0), date(2026, 5, 16)),
        ("court_commissioned", "simple", utc(2026, 4, 24, 1, 0), date(2026, 5, 1)),
        # Year ends.
        ("court_delegated", "ordinary", utc(2025, 12, 31, 16, 30), date(2026, 1, 31)),
        ("court_delegated", "ordinary", utc(2025, 12, 31, 15, 59, 59), date(2026, 1, 30)),
        ("court_commissioned", "simple", utc(2025, 12, 31, 15, 59, 59), date(2026, 1, 7)),
        ("court_commissioned", "ordinary", utc(2025, 12, 20, 3, 0), date(2026, 1, 4)),
        ("direct", "ordinary", utc(2025, 12, 10, 0, 0), date(2026, 1, 9)),
        # Leap years: through, onto and from 29 February.
        ("direct", "ordinary", utc(2028, 2, 1, 0, 0), date(2028, 3, 2)),
        ("direct", "ordinary", utc(2027, 2, 1, 0, 0), date(2027, 3, 3)),
        ("court_commissioned", "ordinary", utc(2028, 2, 14, 2, 0), date(2028, 2, 29)),
        ("court_commissioned", "simple", utc(2028, 2, 21, 16, 0), date(2028, 2, 29)),
        ("court_delegated", "ordinary", utc(2028, 2, 28, 16, 0), date(2028, 3, 30)),
        ("court_delegated", "ordinary", utc(2028, 2, 28, 15, 59, 59), date(2028, 3, 29)),
    ],
)
def test_deadline_is_the_china_start_date_plus_the_limit(source, procedure, started_at, last_day):
    clock = Clock(source, procedure, started_at=started_at)
    assert clock.deadline() == last_day
    assert mediation_deadline(source, started_at, procedure) == last_day
    assert clock.overdue_from() == first_second_after(last_day)


def test_an_aware_start_in_any_zone_counts_the_same():
    in_shanghai = datetime(2026, 3, 2, 0, 0, tzinfo=CHINA)  # == 2026-03-01T16:00Z
    in_utc = Clock("direct", started_at=utc(2026, 3, 1, 16, 0))
    assert Clock("direct", started_at=in_shanghai) == in_utc
    assert Clock("direct", started_at=in_shanghai).deadline() == in_utc.deadline() == date(2026, 4, 1)


# --- both sides of every boundary --------------------------------------------


@pytest.mark.parametrize(("source", "procedure", "days"), KINDS, ids=KIND_IDS)
@pytest.mark.parametrize(
    ("moment_of", "days_left", "status"),
    [
        # The day before "due soon": 4 days left until 23:59:59 Shanghai time.
        (lambda last: last_second_of(last - timedelta(days=4)), 4, "running"),
        (lambda last: first_second_after(last - timedelta(days=4)), 3, "due_soon"),
        # The last day: 0 days left, still in time until its last second.
        (lambda last: last_second_of(last - timedelta(days=1)), 1, "due_soon"),
        (lambda last: first_second_after(last - timedelta(days=1)), 0, "due_soon"),
        (last_second_of, 0, "due_soon"),
        # Overdue from 00:00:00 Shanghai time the day after.
        (first_second_after, -1, "overdue"),
        (lambda last: last_second_of(last + timedelta(days=1)), -1, "overdue"),
        (lambda last: first_second_after(last + timedelta(days=1)), -2, "overdue"),
    ],
    ids=[
        "23:59:59-4-days-before",
        "00:00:00-3-days-before",
        "23:59:59-day-before",
        "00:00:00-last-day",
        "23:59:59-last-day",
        "00:00:00-day-after",
        "23:59:59-day-after",
        "00:00:00-2-days-after",
    ],
)
def test_days_left_and_status_on_both_sides_of_midnight(
    source, procedure, days, moment_of, days_left, status
):
    clock = Clock(source, procedure, started_at=START)
    now = moment_of(LAST_DAY_FROM_START[(source, procedure)])
    assert clock.days_left(now) == days_left
    assert clock.status(now) == status


@pytest.mark.parametrize(("source", "procedure", "days"), KINDS, ids=KIND_IDS)
def test_on_the_start_day_the_whole_limit_is_left(source, procedure, days):
    clock = Clock(source, procedure, started_at=START)
    assert clock.days_left(START) == days
    assert clock.days_left(last_second_of(date(2026, 3, 1))) == days
    assert clock.days_left(first_second_after(date(2026, 3, 1))) == days - 1


@pytest.mark.parametrize(("source", "procedure", "days"), KINDS, ids=KIND_IDS)
def test_status_changes_exactly_twice_at_shanghai_midnights(source, procedure, days):
    """Sweep minute by minute from the start to two days past the deadline."""
    clock = Clock(source, procedure, started_at=START)
    last = LAST_DAY_FROM_START[(source, procedure)]
    changes = []
    previous = clock.status(START)
    now = START
    end = first_second_after(last + timedelta(days=2))
    while now <= end:
        status = clock.status(now)
        if status != previous:
            changes.append((now, status))
            previous = status
        now += timedelta(minutes=1)
    assert clock.status(START) == "running"
    assert changes == [
        (utc(last.year, last.month, last.day, 16, 0) - timedelta(days=4), "due_soon"),
        (utc(last.year, last.month, last.day, 16, 0), "overdue"),
    ]


def test_a_short_clock_can_be_due_soon_from_its_start():
    # Simple procedure, commissioned at 23:00 Shanghai on 5 March: last day 12 March.
    clock = Clock("court_commissioned", "simple", started_at=utc(2026, 3, 5, 15, 0))
    assert clock.deadline() == date(2026, 3, 12)
    assert clock.status(utc(2026, 3, 5, 15, 0)) == "running"
    assert clock.status(utc(2026, 3, 8, 15, 59, 59)) == "running"
    assert clock.status(utc(2026, 3, 8, 16, 0)) == "due_soon"
    assert clock.status(utc(2026, 3, 12, 15, 59, 59)) == "due_soon"
    assert clock.status(utc(2026, 3, 12, 16, 0)) == "overdue"


def test_status_values_are_plain_strings():
    clock = Clock("direct", started_at=START)
    status = clock.status(START)
    assert status is ClockStatus.RUNNING
    assert status == "running"
    assert isinstance(status, str)
    assert {member.value for member in ClockStatus} == {"not_started", "running", "due_soon", "overdue"}


# --- clocks that have not started --------------------------------------------


@pytest.mark.parametrize(("source", "procedure", "days"), KINDS, ids=KIND_IDS)
def test_a_clock_that_has_not_started(source, procedure, days):
    clock = Clock(source, procedure)
    now = utc(2026, 3, 1, 12, 0)
    assert not clock.started
    assert clock.start_date() is None
    assert clock.deadline() is None
    assert clock.overdue_from() is None
    assert clock.days_left(now) is None
    assert clock.status(now) == "not_started"
    with pytest.raises(ExtensionRefused, match="not started") as refused:
        clock.extend(5)
    assert refused.value.reason == "not_started"


def test_a_direct_clock_starts_at_the_first_session():
    before = Clock("direct")
    first_session = utc(2026, 6, 30, 16, 30)  # 00:30 on 1 July in Shanghai
    running = before.start(first_session)
    assert before.started_at is None  # unchanged
    assert running.started_at == first_session
    assert running.start_date() == date(2026, 7, 1)
    assert running.deadline() == date(2026, 7, 31)
    assert running.status(first_session) == "running"
    with pytest.raises(ValueError, match="already started"):
        running.start(first_session)


def test_extensions_need_a_started_clock_even_when_built_directly():
    with pytest.raises(ExtensionRefused) as refused:
        Clock("court_delegated", extensions=(10,))
    assert refused.value.reason == "not_started"


# --- extensions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("extensions", "last_day"),
    [
        ((), date(2026, 3, 31)),
        ((1,), date(2026, 4, 1)),
        ((30,), date(2026, 4, 30)),
        ((10, 10, 10), date(2026, 4, 30)),
        ((29, 1), date(2026, 4, 30)),
        ((1,) * 30, date(2026, 4, 30)),
        ((15, 5), date(2026, 4, 20)),
    ],
)
def test_direct_extensions_up_to_30_days_in_total(extensions, last_day):
    clock = Clock("direct", started_at=START)
    for days in extensions:
        clock = clock.extend(days)
    assert clock.extensions == extensions
    assert clock.deadline() == last_day
    assert clock.total_days == 30 + sum(extensions) <= 60
    assert clock.remaining_extension_days == 30 - sum(extensions)


@pytest.mark.parametrize(
    ("granted", "asked", "remaining"),
    [
        ((), 31, 30),
        ((30,), 1, 0),
        ((10, 10, 10), 1, 0),
        ((29,), 2, 1),
        ((10, 10), 11, 10),
        ((), 365, 30),
    ],
)
def test_direct_extensions_beyond_30_days_in_total_are_refused(granted, asked, remaining):
    clock = Clock("direct", started_at=START)
    for days in granted:
        clock = clock.extend(days)
    with pytest.raises(ExtensionRefused, match=rf"{remaining} remain") as refused:
        clock.extend(asked)
    assert refused.value.reason == "over_limit"
    assert refused.value.requested == asked
    assert refused.value.allowed == remaining
    assert isinstance(refused.value, ValueError)
    assert clock.extensions == granted  # the clock is unchanged


@pytest.mark.parametrize("extensions", [(31,), (30, 1), (20, 20)])
def test_a_direct_clock_over_the_cap_cannot_be_built(extensions):
    with pytest.raises(ExtensionRefused, match="at most 30") as refused:
        Clock("direct", started_at=START, extensions=extensions)
    assert refused.value.reason == "over_limit"


@pytest.mark.parametrize(
    ("source", "procedure", "extensions", "last_day"),
    [
        # 委派: continuing past 30 days is an extension by agreement, with no cap.
        ("court_delegated", "ordinary", (30,), date(2026, 4, 30)),
        ("court_delegated", "ordinary", (30, 60), date(2026, 6, 29)),
        ("court_delegated", "ordinary", (1, 1, 1), date(2026, 4, 3)),
        # 委托: extendable by agreement under either procedure.
        ("court_commissioned", "ordinary", (15,), date(2026, 3, 31)),
        ("court_commissioned", "ordinary", (15, 15, 15), date(2026, 4, 30)),
        ("court_commissioned", "simple", (7,), date(2026, 3, 15)),
        ("court_commissioned", "simple", (31,), date(2026, 4, 8)),
    ],
)
def test_court_clocks_extend_by_agreement_without_a_cap(source, procedure, extensions, last_day):
    clock = Clock(source, procedure, started_at=START)
    for days in extensions:
        clock = clock.extend(days)
    assert clock.deadline() == last_day
    assert clock.max_extension_days is None
    assert clock.remaining_extension_days is None
    assert clock.extension_days == sum(extensions)


@pytest.mark.parametrize(("source", "procedure", "days"), KINDS, ids=KIND_IDS)
@pytest.mark.parametrize("asked", [0, -1, -30])
def test_non_positive_extensions_are_refused(source, procedure, days, asked):
    clock = Clock(source, procedure, started_at=START)
    with pytest.raises(ExtensionRefused, match="at least 1 day") as refused:
        clock.extend(asked)
    assert refused.value.reason == "not_positive"
    with pytest.raises(ExtensionRefused, match="at least 1 day"):
        Clock(source, procedure, started_at=START, extensions=(5, asked))


@pytest.mark.parametrize("asked", [1.5, 2.0, "3", None, True])
def test_extensions_are_whole_days(asked):
    clock = Clock("court_delegated", started_at=START)
    with pytest.raises(TypeError, match="int"):
        clock.extend(asked)


def test_the_boundaries_move_with_an_extension():
    clock = Clock("direct", started_at=START).extend(30)  # last day 30 April 2026
    assert clock.status(last_second_of(date(2026, 4, 26))) == "running"
    assert clock.status(first_second_after(date(2026, 4, 26))) == "due_soon"
    assert clock.days_left(last_second_of(date(2026, 4, 30))) == 0
    assert clock.status(last_second_of(date(2026, 4, 30))) == "due_soon"
    assert clock.days_left(first_second_after(date(2026, 4, 30))) == -1
    assert clock.status(first_second_after(date(2026, 4, 30))) == "overdue"
    assert clock.overdue_from() == utc(2026, 4, 30, 16, 0)


def test_an_agreed_extension_brings_an_overdue_clock_back():
    # 委派 past its 30 days: the parties agree to continue for 10 more.
    now = utc(2026, 4, 2, 3, 0)  # 2 April in Shanghai, two days past 31 March
    clock = Clock("court_delegated", started_at=START)
    assert clock.status(now) == "overdue"
    assert clock.days_left(now) == -2
    extended = clock.extend(10)
    assert extended.deadline() == date(2026, 4, 10)
    assert extended.days_left(now) == 8
    assert extended.status(now) == "running"


# --- the value itself ------------------------------------------------------------


def test_a_clock_is_an_immutable_hashable_value():
    clock = Clock("direct", started_at=START)
    with pytest.raises(dataclasses.FrozenInstanceError):
        clock.started_at = None
    assert clock.extend(5) == Clock("direct", started_at=START, extensions=(5,))
    assert clock.extend(5) != clock
    assert len({clock, Clock("direct", "ordinary", START, ())}) == 1


def test_extensions_given_as_a_list_are_kept_as_a_tuple():
    clock = Clock("direct", started_at=START, extensions=[10, 5])
    assert clock.extensions == (10, 5)
    assert hash(clock) == hash(Clock("direct", started_at=START, extensions=(10, 5)))


def test_a_source_enum_member_is_accepted_and_kept_as_a_plain_string():
    class CaseSource(StrEnum):  # the shape of mediation_app.cases.models.CaseSource
        COURT_COMMISSIONED = "court_commissioned"

    clock = Clock(CaseSource.COURT_COMMISSIONED, "simple", started_at=START)
    assert type(clock.source) is str
    assert clock == Clock("court_commissioned", "simple", started_at=START)
    assert mediation_deadline(CaseSource.COURT_COMMISSIONED, START) == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("source", "procedure", "message"),
    [
        ("mail_order", "ordinary", "unknown case source"),
        ("", "ordinary", "unknown case source"),
        ("court_commissioned", "summary", "unknown procedure"),
        ("direct", "Simple", "unknown procedure"),
    ],
)
def test_unknown_sources_and_procedures_are_refused(source, procedure, message):
    with pytest.raises(ValueError, match=message):
        Clock(source, procedure)
    with pytest.raises(ValueError, match=message):
        days_for(source, procedure)


# --- the names the application already uses ------------------------------------


@pytest.mark.parametrize(
    ("source", "days"), [("court_delegated", 30), ("court_commissioned", 15), ("direct", 30)]
)
def test_mediation_deadline_keeps_its_two_argument_form(source, days):
    assert DAYS_BY_SOURCE[source] == days
    assert (mediation_deadline(source, START) - date(2026, 3, 1)).days == days


def test_mediation_deadline_takes_the_procedure():
    assert mediation_deadline("court_commissioned", START, "simple") == date(2026, 3, 8)
    assert mediation_deadline("court_commissioned", START, procedure="ordinary") == date(2026, 3, 16)


def test_china_is_shanghai_time():
    assert CHINA.key == "Asia/Shanghai"
    assert utc(2026, 7, 1, 0, 0).astimezone(CHINA).utcoffset() == timedelta(hours=8)


def test_the_module_imports_only_the_standard_library():
    tree = ast.parse(Path(deadlines_module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
