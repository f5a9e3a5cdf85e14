from datetime import UTC, date, datetime

import pytest

from workflows.deadlines import local_date, mediation_deadline


def test_dates_are_counted_in_china_not_utc():
    # 17:00 UTC on 31 Dec is already 1 January in Shanghai.
    assert local_date(datetime(2025, 12, 31, 17, 0, tzinfo=UTC)) == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("source", "days"), [("court_delegated", 30), ("court_commissioned", 15), ("direct", 30)]
)
def test_deadline_by_source(source, days):
    start = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert (mediation_deadline(source, start) - date(2026, 3, 1)).days == days
