"""Scheduling sessions and writing their minutes: each action one function, one
transaction, one event on the case's timeline, and its e-mails in the same commit.

Checks run in the order of the answers: not visible (404), not yours to do (403),
not now (409), bad input (422). Changes to a session or its minutes are
compare-and-set on the version the caller read (409 when stale).
"""

import hashlib
import uuid
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mediation_app.cases.actions import CASE
from mediation_app.cases.models import Case
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.core.formatting import local_minute
from mediation_app.core.schema import FieldErrors
from mediation_app.errors import Conflict
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.sessions import notices
from mediation_app.sessions.actions import SESSION
from mediation_app.sessions.hooks import minutes_finalised
from mediation_app.sessions.inputs import check_people, check_when
from mediation_app.sessions.models import (
    MediationSession,
    MediatorCalendar,
    SessionMinutes,
    SessionReminder,
    SessionStatus,
)
from mediation_app.sessions.queries import get_visible_session
from mediation_app.sessions.schemas import (
    MinutesDraft,
    NewSession,
    SessionCancel,
    SessionReschedule,
    SessionVersioned,
)
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from mediation_app.upsert import insert_once, upsert
from workflows.case_states import OPEN_STATES
from workflows.deadlines import CHINA, local_date


class StaleSession(Conflict):
    code = "stale_version"
    default_message = _l("The session was changed by someone else; reload it and try again.")


def _uid() -> str:
    domain = parseaddr(current_app.config.get("MAIL_FROM") or "")[1].rpartition("@")[2]
    return f"{uuid.uuid4()}@{domain or 'mediation-centre.invalid'}"


def _check_version(current: int, data) -> None:
    """The version read first: a stale change is a 409 whatever else it carries."""
    if SessionVersioned.parse(data).version != current:
        raise StaleSession()


def _book(mediator_id: int, when, *, excluding: int | None = None) -> None:
    """Take the mediator's calendar (serialising their bookings until commit), then
    refuse a time that overlaps another of their scheduled sessions, in any case."""
    db.session.execute(
        upsert(
            MediatorCalendar,
            {"mediator_id": mediator_id, "revision": 1},
            key=["mediator_id"],
            update=lambda new: {"revision": MediatorCalendar.revision + 1},
        )
    )
    query = select(MediationSession.starts_at, MediationSession.ends_at).where(
        MediationSession.mediator_id == mediator_id,
        MediationSession.status == SessionStatus.SCHEDULED,
        MediationSession.starts_at < when.ends_at,
        MediationSession.ends_at > when.starts_at,
    )
    if excluding is not None:
        query = query.where(MediationSession.id != excluding)
    clash = db.session.execute(query.order_by(MediationSession.starts_at).limit(1)).first()
    if clash is not None:
        starts, ends = (moment.astimezone(CHINA) for moment in clash)
        message = _(
            "The mediator already has a session from %(start)s to %(end)s.",
            start=f"{starts:%Y-%m-%d %H:%M}",
            end=f"{ends:%H:%M}" if starts.date() == ends.date() else f"{ends:%Y-%m-%d %H:%M}",
        )
        raise Conflict(message, fields={"starts_at": message})


def _run(action):
    """Run ``action`` in one transaction. A unique constraint hit means another entry
    joined the case's timeline at the same moment, or a first draft was written twice."""
    with committed(StaleSession, _("The case changed at the same moment; please try again.")):
        result = action()
    return result


def _place(session: MediationSession) -> dict:
    return {
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "place": session.place,
        "video_link": session.video_link,
    }


def schedule_session(actor, case_id: int, data: dict, *, remote_addr: str | None = None) -> MediationSession:
    case = get_visible_case(actor, case_id)
    CASE.require(actor, case, "schedule_session")
    now = utcnow()
    payload = NewSession.parse(data)
    fields = FieldErrors()
    when = check_when(fields, payload, now)
    kind, party_id, participant_ids = check_people(fields, case, payload)
    fields.raise_if_any()

    def action():
        _book(case.mediator_id, when)
        session = MediationSession(
            case_id=case.id,
            mediator_id=case.mediator_id,
            starts_at=when.starts_at,
            ends_at=when.ends_at,
            place=when.place,
            video_link=when.video_link,
            kind=kind,
            party_id=party_id,
            status=SessionStatus.SCHEDULED,
            uid=_uid(),
            sequence=0,
            created_by_id=actor.id,
            created_at=now,
            updated_at=now,
            participants=[db.session.get(Organisation, i) for i in participant_ids],
        )
        db.session.add(session)
        db.session.flush()
        record_event(
            case,
            actor,
            "schedule_session",
            remote_addr=remote_addr,
            data={
                "session_id": session.id,
                "kind": kind.value,
                "party_id": party_id,
                "participant_ids": participant_ids,
                **_place(session),
            },
        )
        notices.notify_scheduled(case, session)
        _time_the_clock(case)
        return session

    return _run(action)


def _time_the_clock(case) -> None:
    """A direct application's time limit runs from its first session (centre practice):
    the earliest session still on the calendar, so a cancelled first session moves it."""
    if case.source.value != "direct":
        return
    first = db.session.scalar(
        select(func.min(MediationSession.starts_at)).where(
            MediationSession.case_id == case.id, MediationSession.status == SessionStatus.SCHEDULED
        )
    )
    if first != case.clock_started_at:
        case.start_clock(first)


def _changeable(actor, session_id: int) -> tuple[MediationSession, object]:
    session, case = get_visible_session(actor, session_id)
    CASE.require(actor, case, "schedule_session")  # the case's own reason first, if it says no
    SESSION.require(actor, session, "change_session")
    return session, case


def reschedule_session(
    actor, session_id: int, data: dict, *, remote_addr: str | None = None
) -> MediationSession:
    """A new time and place (or video link), with the reason; participants stay."""
    session, case = _changeable(actor, session_id)
    _check_version(session.version, data)
    payload = SessionReschedule.parse(data)
    fields = FieldErrors()
    when = check_when(fields, payload, utcnow())
    fields.raise_if_any()
    reason = payload.reason
    previous = session.starts_at

    def action():
        _book(case.mediator_id, when, excluding=session.id)
        before = _place(session)
        session.mediator_id = case.mediator_id  # the case's mediator runs it (after a reassignment too)
        session.starts_at, session.ends_at = when.starts_at, when.ends_at
        session.place, session.video_link = when.place, when.video_link
        session.sequence += 1
        db.session.flush()  # UPDATE … WHERE version = :read; the loser of a race stops here
        record_event(
            case,
            actor,
            "reschedule_session",
            remote_addr=remote_addr,
            data={"session_id": session.id, "reason": reason, "previous": before, **_place(session)},
        )
        notices.notify_rescheduled(case, session, previous, reason)
        _time_the_clock(case)
        return session

    return _run(action)


def cancel_session(actor, session_id: int, data: dict, *, remote_addr: str | None = None) -> MediationSession:
    session, case = _changeable(actor, session_id)
    _check_version(session.version, data)
    reason = SessionCancel.parse(data).reason

    def action():
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.sequence += 1
        db.session.flush()
        record_event(
            case,
            actor,
            "cancel_session",
            remote_addr=remote_addr,
            data={"session_id": session.id, "reason": reason, "starts_at": session.starts_at.isoformat()},
        )
        notices.notify_cancelled(case, session, reason)
        _time_the_clock(case)
        return session

    return _run(action)


def _writable(actor, session_id: int, action: str) -> tuple[MediationSession, object]:
    session, case = get_visible_session(actor, session_id)
    SESSION.require(actor, session, action)
    return session, case


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def save_minutes(actor, session_id: int, data: dict, *, remote_addr: str | None = None) -> SessionMinutes:
    """Write or rewrite the draft; ``version`` is 0 for the first draft."""
    session, case = _writable(actor, session_id, "write_minutes")
    minutes = session.minutes
    _check_version(minutes.version if minutes else 0, data)
    text = MinutesDraft.parse(data).text

    def action():
        nonlocal minutes
        now = utcnow()
        if minutes is None:
            minutes = SessionMinutes(session=session, text=text, written_by_id=actor.id, updated_at=now)
            db.session.add(minutes)
        else:
            minutes.text, minutes.written_by_id, minutes.updated_at = text, actor.id, now
        db.session.flush()
        record_event(
            case,
            actor,
            "save_minutes",
            remote_addr=remote_addr,
            data={
                "session_id": session.id,
                "minutes_id": minutes.id,
                "sha256": _digest(text),
                "length": len(text),
            },
        )
        return minutes

    return _run(action)


def finalise_minutes(actor, session_id: int, data: dict, *, remote_addr: str | None = None) -> SessionMinutes:
    """Fix the minutes (no more edits), record their hash, issue them as a document
    (调解笔录) and tell the participants."""
    session, case = _writable(actor, session_id, "finalise_minutes")
    minutes = session.minutes
    if minutes is None:
        raise Conflict(_("Write the minutes before finalising them."))
    if session.starts_at > utcnow():  # minutes record what was said: not before it was
        raise Conflict(
            _(
                "The minutes can be finalised once the session has started (%(when)s).",
                when=local_minute(session.starts_at),
            )
        )
    _check_version(minutes.version, data)  # MinutesFinalise: the version alone

    def action():
        now = utcnow()
        minutes.finalised_at, minutes.finalised_by_id = now, actor.id
        minutes.sha256 = _digest(minutes.text)
        db.session.flush()
        record_event(
            case,
            actor,
            "finalise_minutes",
            remote_addr=remote_addr,
            data={"session_id": session.id, "minutes_id": minutes.id, "sha256": minutes.sha256},
        )
        notices.notify_minutes_ready(case, session)
        minutes_finalised(case=case, session=session, actor=actor, remote_addr=remote_addr)
        return minutes

    return _run(action)


def _tomorrow(now: datetime) -> tuple[datetime, datetime]:
    """Tomorrow in the China calendar, as the UTC instants it starts and ends."""
    day = local_date(now) + timedelta(days=1)
    start = datetime.combine(day, time(), tzinfo=CHINA)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def send_session_reminders(now: datetime | None = None) -> int:
    """Remind the participants of every session of an open case held tomorrow (China),
    once per session and start (safe to run twice, or from two schedulers)."""
    start, end = _tomorrow(now or utcnow())
    due = db.session.scalars(
        select(MediationSession)
        .join(Case, Case.id == MediationSession.case_id)
        .where(
            MediationSession.status == SessionStatus.SCHEDULED,
            MediationSession.starts_at >= start,
            MediationSession.starts_at < end,
            Case.state.in_(OPEN_STATES),
        )
        .order_by(MediationSession.starts_at)
    ).all()
    sent = 0
    for session in due:
        with committed(reload=False):
            key = {"session_id": session.id, "starts_at": session.starts_at}
            if db.session.execute(insert_once(SessionReminder, key, list(key))).first() is not None:
                notices.notify_tomorrow(session.case, session)
                sent += 1
    return sent
