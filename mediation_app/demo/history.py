"""When the demo's cases happened: two years of filings with a centre's rhythm, and each
case's story (accepted, mediated, sessions, agreement, signatures, payments) at dates a
centre would recognise. Pure dates and chances; the loader acts each step out through
the real operations with the app's clock set to its moment (``types.clock_at``).

A story is a generator of :class:`Step` in time order. A ``session`` step is answered
with the start the mediator's calendar gave it (the loader books a free slot on or
after the day asked for); the story goes on from there. :func:`run` interleaves the
stories of all cases in time order, so case numbers, calendars and conflicts unfold
as they did.

The durations aim at what the courts' mediation platform reported (23 days on average,
about 65 % of concluded cases settled; the loader sets the mix of outcomes).
"""

import heapq
import random
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from workflows.deadlines import CHINA, local_date

HISTORY_DAYS = 730  # two years before today
# Filings by calendar month: few around the Spring Festival and National Day, most at
# the year's end and mid-year, when payments fall due and accounts are closed.
MONTH_WEIGHT = {
    1: 1.1,
    2: 0.5,
    3: 1.0,
    4: 1.0,
    5: 1.1,
    6: 1.2,
    7: 1.0,
    8: 0.9,
    9: 1.0,
    10: 0.7,
    11: 1.1,
    12: 1.3,
}
GROWTH = 0.6  # a young centre: the last month sees 1.6 times the first's filings
SESSION_STARTS = (time(9, 0), time(10, 30), time(14, 0), time(15, 30))
SESSION_LENGTH = timedelta(hours=1, minutes=20)
# A history is over this long before now at least: room for sessions that a mediator's
# calendar moved later than ``length`` assumed.
MARGIN = timedelta(days=4)
RECENT_DAYS = 60
Answer = datetime | None
Story = Generator["Step", Answer, None]


@dataclass(frozen=True)
class Step:
    at: datetime  # UTC
    action: str  # file, assign, start_mediation, session, record_agreement, sign, settle, pay, …
    data: dict = field(default_factory=dict)


def at_work(
    day: date, rng: random.Random, earliest: time = time(8, 30), latest: time = time(17, 0)
) -> datetime:
    """A moment of office hours on ``day`` (China), in UTC."""
    start = datetime.combine(day, earliest, CHINA)
    span = (datetime.combine(day, latest, CHINA) - start).total_seconds()
    return (start + timedelta(seconds=round(rng.uniform(0, span)))).astimezone(UTC)


def working_days_after(day: date, n: int) -> date:
    """The ``n``-th working day (Monday to Friday) after ``day``; ``day`` itself for 0
    when it is one."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def working_days_before(day: date, n: int) -> date:
    """The ``n``-th working day before ``day``; for 0, ``day`` or the working day before it."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    while n > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def later(moment: datetime, rng: random.Random, least: int, most: int) -> datetime:
    """A moment of office hours ``least`` to ``most`` working days after ``moment``;
    on its own day, 10 to 90 minutes after it at least."""
    days = rng.randint(least, most)
    day = working_days_after(local_date(moment), days)
    if day != local_date(moment):
        return at_work(day, rng)
    return max(moment + timedelta(minutes=rng.randint(10, 90)), at_work(day, rng))


class Rhythm:
    """Filing days over the two years before ``today``: working days weighted by their
    month's rhythm and the centre's growth."""

    def __init__(self, today: date):
        first = today - timedelta(days=HISTORY_DAYS)
        days = [first + timedelta(days=n) for n in range(HISTORY_DAYS)]
        self.days = [d for d in days if d.weekday() < 5]
        self.weights = [
            MONTH_WEIGHT[d.month] * (1 + GROWTH * (d - first).days / HISTORY_DAYS) for d in self.days
        ]

    def filing(self, rng: random.Random, *, latest: date, earliest: date = date.min) -> datetime:
        """A filing moment on a working day from ``earliest`` to ``latest``."""
        first = sum(1 for d in self.days if d < earliest)
        last = sum(1 for d in self.days if d <= latest)
        day = rng.choices(self.days[first:last], self.weights[first:last])[0]
        return at_work(day, rng)

    def filing_over_by(
        self,
        now: datetime,
        story_of: Callable[[datetime], Story],
        rng: random.Random,
        *,
        recent: bool = False,
    ) -> datetime:
        """A filing moment from which the story ``story_of(filed)`` is over by ``now``
        (``recent``: filed within the last two months): drawn until one is (the last
        weeks' filings are mostly still open, as they are)."""
        today = local_date(now)
        earliest = today - timedelta(days=RECENT_DAYS) if recent else date.min
        while True:
            filed = self.filing(rng, latest=today, earliest=earliest)
            if filed + length(story_of(filed)) < now - MARGIN:
                return filed


# --- stories -------------------------------------------------------------------------------


def accepted(filed: datetime, rng: random.Random) -> Story:
    """Filed, accepted (a mediator assigned) and, with the respondent's consent, in
    mediation; returns when mediation started."""
    yield Step(filed, "file")
    assigned = later(filed, rng, 0, 2)
    yield Step(assigned, "assign")
    started = later(assigned, rng, 0, 2)
    yield Step(started, "start_mediation")
    return started


def sessions(since: datetime, rng: random.Random, count: int, *, first_within=(4, 11)) -> Story:
    """``count`` sessions, each arranged after the one before (the first from ``since``);
    returns when the last one started."""
    arranged, least, most = since, *first_within
    start = since
    for _ in range(count):
        day = working_days_after(local_date(arranged), rng.randint(least, most))
        start = yield Step(arranged, "session", {"day": day})
        arranged, least, most = start + SESSION_LENGTH, 5, 9
    return start


def instalments(
    agreed: Decimal, agreed_on: date, rng: random.Random
) -> tuple[date, list[tuple[Decimal, date]]]:
    """The performance deadline and the instalments (amount, due day): one payment in
    most agreements, two or three in the larger ones."""
    deadline = agreed_on + timedelta(days=rng.choice([15, 30, 30, 45, 60, 90]))
    parts = 1 if agreed < 300_000 or rng.random() < 0.5 else rng.choice([2, 3])
    if parts == 1:
        return deadline, [(agreed, deadline)]
    span = (deadline - agreed_on).days
    share = (agreed / parts).quantize(Decimal("1"))
    amounts = [share] * (parts - 1) + [agreed - share * (parts - 1)]
    return deadline, [
        (amount, agreed_on + timedelta(days=span * (n + 1) // parts)) for n, amount in enumerate(amounts)
    ]


def payments(settled: datetime, due: list[tuple[Decimal, date]], rng: random.Random, now: datetime) -> Story:
    """How a debtor pays: most instalments on time or a little early, some late, some
    in part, a few not at all; in due order (a late one holds up the next); only what
    has been paid by ``now`` is recorded."""
    paid_on, recorded = local_date(settled), settled + timedelta(hours=1)
    for amount, due_on in due:
        luck = rng.random()
        if luck < 0.08:  # in default: the rest stays owed
            return
        paid = amount if luck >= 0.16 else (amount / 2).quantize(Decimal("0.01"))
        late = rng.randint(-6, 0) if luck >= 0.3 else rng.randint(3, 25)
        paid_on = max(due_on + timedelta(days=late), paid_on)
        recorded = max(at_work(working_days_after(paid_on, rng.randint(0, 2)), rng), recorded)
        if recorded >= now:
            return
        yield Step(recorded, "pay", {"amount": paid, "paid_on": paid_on})


def concluded(
    outcome: str,
    filed: datetime,
    rng: random.Random,
    *,
    now: datetime,
    agreed: Decimal = Decimal(0),
    court_files: bool = True,
) -> Story:
    """A case that ended: ``settled``, ``referred_to_court``, ``declined``, ``rejected``,
    ``withdrawn``. A referral back to court is filed there (``court_files``) days later,
    or still waits for it."""
    if outcome == "rejected":  # not within the centre's remit: decided on reading the file
        yield Step(filed, "file")
        yield Step(later(filed, rng, 1, 3), "reject")
        return
    if outcome == "withdrawn" and rng.random() < 0.4:  # settled between themselves before acceptance
        yield Step(filed, "file")
        yield Step(later(filed, rng, 1, 4), "withdraw")
        return
    if outcome == "declined":  # the respondent would not mediate
        yield Step(filed, "file")
        assigned = later(filed, rng, 0, 2)
        yield Step(assigned, "assign")
        declined = later(assigned, rng, 2, 6)
        yield Step(declined, "decline_mediation")
        if court_files:
            yield from acknowledged(declined, rng, now)
        return
    started = yield from accepted(filed, rng)
    held = 1 if rng.random() < 0.55 else 2
    last = yield from sessions(started, rng, held)
    if outcome == "withdrawn":
        withdrawn = later(last, rng, 1, 5)
        yield Step(withdrawn, "withdraw")
        yield from surveyed(withdrawn, rng, now)
    elif outcome == "referred_to_court":
        referred = later(last, rng, 2, 6)
        yield Step(
            referred, "refer_to_court", {"outcome": rng.choices(REFERRAL_OUTCOMES, REFERRAL_WEIGHTS)[0]}
        )
        yield from surveyed(referred, rng, now)
        if court_files:
            yield from acknowledged(referred, rng, now)
    else:
        yield from agreement(last, rng, agreed, now=now)


def agreement(
    session_start: datetime, rng: random.Random, agreed: Decimal, *, now: datetime, signed: bool = True
) -> Story:
    """Agreed at the session (recorded within the hour after it), signed by both parties
    and countersigned days later; then performed as far as it has been by ``now``."""
    recorded = session_start + SESSION_LENGTH + timedelta(minutes=rng.randint(5, 50))
    deadline, due = instalments(agreed, local_date(recorded), rng)
    yield Step(recorded, "record_agreement", {"agreed": agreed, "deadline": deadline, "instalments": due})
    if not signed:
        return
    settled = later(recorded, rng, 1, 8)
    yield Step(settled, "settle")
    yield from surveyed(settled, rng, now)
    yield from payments(settled, due, rng, now)


# Why mediation failed, as a centre's referrals spread: mostly no agreement.
REFERRAL_OUTCOMES = ("no_agreement", "party_absent", "party_unreachable", "other")
REFERRAL_WEIGHTS = (60, 15, 10, 15)


def surveyed(concluded_at: datetime, rng: random.Random, now: datetime) -> Story:
    """Most parties answer the satisfaction survey handed to them as the case ends (those
    with an account: ``survey`` answers for each of them)."""
    answered = concluded_at + timedelta(minutes=rng.randint(10, 40))
    if answered < now and rng.random() < 0.7:
        yield Step(answered, "survey")


def acknowledged(referred: datetime, rng: random.Random, now: datetime) -> Story:
    """The court files a case referred back to it (立案) within days; the last ones
    still wait for it."""
    filed_by_court = later(referred, rng, 2, 12)
    if filed_by_court < now:
        yield Step(filed_by_court, "acknowledge")


def still_open(kind: str, now: datetime, rng: random.Random, *, agreed: Decimal = Decimal(0)) -> Story:
    """A case the centre is working on today: ``filed`` (to accept), ``assigned`` (its
    first session this week), ``in_session`` (a session held, the next one today or in
    the coming days), ``awaiting_signatures`` (an agreement, one party has signed),
    ``overdue`` (a court's case past its 30 days)."""
    today = local_date(now)
    ago = {"filed": (0, 3), "assigned": (3, 6), "in_session": (9, 11), "awaiting_signatures": (14, 16)}
    ago["overdue"] = (27, 29)  # working days: some 38 to 41 days
    filed = at_work(working_days_before(today, rng.randint(*ago[kind])), rng, latest=time(11, 0))
    if kind == "filed":
        yield Step(min(filed, now - timedelta(minutes=30)), "file")
        return
    if kind == "assigned":
        yield Step(filed, "file")
        assigned = later(filed, rng, 0, 1)
        yield Step(assigned, "assign")
        first = working_days_after(today, rng.randint(0, 3))
        yield Step(later(assigned, rng, 0, 1), "session", {"day": first})
        return
    started = yield from accepted(filed, rng)
    if kind == "overdue":
        held = yield from sessions(started, rng, 1, first_within=(3, 5))
        # Late, the second session: next week.
        yield Step(held + SESSION_LENGTH, "session", {"day": working_days_after(today, 4)})
        return
    held = yield from sessions(started, rng, 1, first_within=(1, 2))
    if kind == "in_session":
        yield Step(held + SESSION_LENGTH, "session", {"day": today})  # the next free slot from today
        return
    yield from agreement(held, rng, agreed, now=now, signed=False)
    yield Step(later(held, rng, 1, 2), "sign", {"party": "applicant"})


def reading(since: datetime, now: datetime, rng: random.Random) -> Story:
    """Someone who reads their inbox every week or two; the last time a few days ago,
    so what came since is unread."""
    moment, last = later(since, rng, 4, 10), since
    while moment < now - timedelta(days=3):
        yield Step(moment, "read")
        moment, last = later(moment, rng, 4, 10), moment
    # The last read falls within the week whatever day the demo is loaded on.
    final = now - timedelta(days=3, hours=rng.randint(1, 48))
    if final > last:
        yield Step(final, "read")


def length(story: Story) -> timedelta:
    """How long a story runs, acted out with each session at the day's first slot (a
    mediator's calendar may move one a slot or a day later); payments not counted."""
    first = last = None
    answer = None
    while True:
        try:
            step = story.send(answer)
        except StopIteration:
            return last - first
        first = first or step.at
        if step.action != "pay":
            last = step.at
        is_session = step.action == "session"
        answer = datetime.combine(step.data["day"], SESSION_STARTS[0], CHINA) if is_session else None


# --- acting them out -----------------------------------------------------------------------


def run(stories: Iterable[tuple[object, Story]], act: Callable[[object, Step], Answer]) -> None:
    """Act out every story's steps in time order across all stories: ``act(key, step)``
    does one and answers it (a session's start)."""
    queue: list = []
    for order, (key, story) in enumerate(stories):
        _push(queue, order, key, story, None)
    while queue:
        _at, order, key, story, step = heapq.heappop(queue)
        _push(queue, order, key, story, act(key, step), after=step.at)


def _push(queue: list, order: int, key, story: Story, answer: Answer, after: datetime | None = None) -> None:
    try:
        step = story.send(answer)  # the first send (None) starts the story
    except StopIteration:
        return
    if after is not None and step.at < after:
        raise ValueError(f"a story goes back in time: {step} after {after}")
    heapq.heappush(queue, (step.at, order, key, story, step))
