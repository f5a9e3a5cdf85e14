"""Scheduling sessions and writing minutes from the case page."""

from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.views import submit
from mediation_app.errors import ValidationFailed
from mediation_app.sessions import operations
from mediation_app.sessions.actions import SESSION
from mediation_app.sessions.delivery import send_calendar
from mediation_app.sessions.forms import (
    CancelForm,
    FinaliseForm,
    MinutesForm,
    RescheduleForm,
    ScheduleForm,
    form_prefix,
)
from mediation_app.sessions.queries import get_visible_session


@login_required
def calendar(session_id: int):
    return send_calendar(current_user, session_id)


def _submit(case_id: int, key, form, operation, done: str):
    return submit(case_id, key, form, lambda form: operation(form.as_input()), done, anchor="#sessions")


@login_required
def schedule(case_id: int):
    form = ScheduleForm()  # CSRFProtect has checked the token; the operation checks the rest
    return _submit(
        case_id,
        "schedule",
        form,
        lambda data: operations.schedule_session(current_user, case_id, data),
        _("The session has been scheduled and the participants invited."),
    )


def _session_form(session_id: int, key: str, form_class, operation, done: str):
    _session, case = get_visible_session(current_user, session_id)  # 404 before anything else
    form = form_class(prefix=form_prefix(key, session_id))
    return _submit(
        case.id,
        (key, session_id),
        form,
        lambda data: operation(current_user, session_id, data),
        done,
    )


@login_required
def reschedule(session_id: int):
    return _session_form(
        session_id,
        "reschedule",
        RescheduleForm,
        operations.reschedule_session,
        _("The session has been moved and the participants told."),
    )


@login_required
def cancel(session_id: int):
    return _session_form(
        session_id,
        "cancel",
        CancelForm,
        operations.cancel_session,
        _("The session has been cancelled and the participants told."),
    )


@login_required
def save_minutes(session_id: int):
    return _session_form(
        session_id, "minutes", MinutesForm, operations.save_minutes, _("The minutes have been saved.")
    )


@login_required
def finalise_minutes(session_id: int):
    meeting, case = get_visible_session(current_user, session_id)
    form = FinaliseForm(prefix=form_prefix("finalise", session_id))

    def finalise(data):
        # Asked only of those who may finalise: anyone else hears 403 / 409 from the operation.
        if SESSION.allows(current_user, meeting, "finalise_minutes") and not form.confirm.data:
            message = _("Please confirm: the minutes cannot be changed afterwards.")
            raise ValidationFailed(fields={"confirm": message})
        return operations.finalise_minutes(current_user, session_id, data)

    return _submit(
        case.id,
        ("finalise", session_id),
        form,
        finalise,
        _("The minutes are final; the participants have been told."),
    )
