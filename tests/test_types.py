"""The app's one clock (``types.utcnow``) and its override for a block (``clock_at``):
what a history loaded as it happened (the demo) relies on."""

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest

from mediation_app.types import clock_at, utcnow

MOMENT = datetime(2025, 3, 14, 2, 30, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))


def _is_real_time(moment: datetime) -> bool:
    return abs(moment - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "given",
    [MOMENT, MOMENT.astimezone(BEIJING)],
    ids=["utc", "beijing"],
)
def test_inside_the_block_the_clock_reads_the_moment_in_utc_and_after_it_the_real_time(given):
    with clock_at(given) as moment:
        assert utcnow() == moment == MOMENT
        assert utcnow().utcoffset() == timedelta(0)
        assert utcnow() == MOMENT  # it stands still: every reading inside is the same moment
    assert _is_real_time(utcnow())


def test_the_clock_is_reset_when_the_block_raises():
    with pytest.raises(RuntimeError), clock_at(MOMENT):
        raise RuntimeError("a step failed")
    assert _is_real_time(utcnow())


def test_a_nested_block_gives_back_the_enclosing_moment():
    later = MOMENT + timedelta(days=3)
    with clock_at(MOMENT):
        with clock_at(later):
            assert utcnow() == later
        assert utcnow() == MOMENT
    assert _is_real_time(utcnow())


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"), clock_at(datetime(2025, 3, 14, 10, 30)):
        pass
    assert _is_real_time(utcnow())


def test_other_threads_keep_the_real_time():
    seen = []
    with clock_at(MOMENT):
        thread = threading.Thread(target=lambda: seen.append(utcnow()))
        thread.start()
        thread.join()
    assert _is_real_time(seen[0])
