"""What the case page's sessions section shows to the current user.

Attached to the case page (``cases.sections``); ``cases/show.html`` includes
``sessions/_case_section.html``. A form submitted with errors is shown again (its key
is the form's name and the session's id).
"""

from dataclasses import dataclass

from mediation_app.cases.actions import CASE
from mediation_app.cases.sections import posted
from mediation_app.sessions.actions import SESSION
from mediation_app.sessions.forms import (
    KIND_LABELS,
    CancelForm,
    FinaliseForm,
    MinutesForm,
    RescheduleForm,
    ScheduleForm,
    form_prefix,
    local_input,
)
from mediation_app.sessions.models import MediationSession, SessionMinutes
from mediation_app.sessions.queries import readable_minutes, sessions_of


@dataclass
class SessionItem:
    meeting: MediationSession
    minutes: SessionMinutes | None  # only when the viewer may read them
    reschedule_form: RescheduleForm | None = None
    cancel_form: CancelForm | None = None
    minutes_form: MinutesForm | None = None
    finalise_form: FinaliseForm | None = None


@dataclass
class Section:
    items: list[SessionItem]
    schedule_form: ScheduleForm | None
    kind_labels: dict


def _forms(user, case, item: SessionItem) -> None:
    meeting = item.meeting
    if SESSION.allows(user, meeting, "change_session"):
        item.reschedule_form = posted(("reschedule", meeting.id)) or RescheduleForm(
            formdata=None,
            prefix=form_prefix("reschedule", meeting.id),
            version=meeting.version,
            starts_at=local_input(meeting.starts_at),
            ends_at=local_input(meeting.ends_at),
            place=meeting.place,
            video_link=meeting.video_link,
        )
        item.cancel_form = posted(("cancel", meeting.id)) or CancelForm(
            formdata=None, prefix=form_prefix("cancel", meeting.id), version=meeting.version
        )
    if SESSION.allows(user, meeting, "write_minutes"):
        minutes = item.minutes
        item.minutes_form = posted(("minutes", meeting.id)) or MinutesForm(
            formdata=None,
            prefix=form_prefix("minutes", meeting.id),
            version=minutes.version if minutes else 0,
            text=minutes.text if minutes else "",
        )
        if minutes is not None:
            item.finalise_form = posted(("finalise", meeting.id)) or FinaliseForm(
                formdata=None, prefix=form_prefix("finalise", meeting.id), version=minutes.version
            )


def case_section(case, user) -> dict:
    """The template context of the section: ``session_section``."""
    sessions = sessions_of(user, case)
    minutes = readable_minutes(user, sessions)
    items = [SessionItem(s, minutes.get(s.id)) for s in sessions]
    for item in items:
        _forms(user, case, item)
    schedule_form = None
    if CASE.allows(user, case, "schedule_session"):
        schedule_form = (posted("schedule") or ScheduleForm(formdata=None)).offer_parties(case)
    return {"session_section": Section(items, schedule_form, KIND_LABELS)}
