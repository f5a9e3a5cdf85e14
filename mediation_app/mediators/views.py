"""The register's pages: staff keep each mediator's entry and training; anyone reads the
centre's public register."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.forms import DISPUTE_TYPE_LABELS, INDUSTRY_LABELS
from mediation_app.cases.views import confirmed
from mediation_app.core.forms import show_errors
from mediation_app.core.workspace import require
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.mediators import operations
from mediation_app.mediators.forms import RegisterEntryForm, TrainingForm
from mediation_app.mediators.models import MediatorProfile
from mediation_app.mediators.presenters import public_entry, staff_entry_of, staff_register
from mediation_app.mediators.queries import (
    TERM_WARNING_DAYS,
    mediator_of_centre,
    public_register,
    training_of_centre,
)
from mediation_app.types import utcnow
from workflows.deadlines import local_date

LABELS = {"dispute_labels": DISPUTE_TYPE_LABELS, "industry_labels": INDUSTRY_LABELS}


@login_required
def register():
    staff = require(current_user, "manage_mediator_register")
    entries = staff_register(staff.centre_id, local_date(utcnow()))
    return render_template(
        "mediators/register.html", entries=entries, warning_days=TERM_WARNING_DAYS, **LABELS
    )


def _entry_page(mediator_id: int, entry_form=None, training_form=None, status: int = 200):
    staff = require(current_user, "manage_mediator_register")
    mediator = mediator_of_centre(staff, mediator_id)
    profile = db.session.get(MediatorProfile, mediator.id)
    if entry_form is None:
        entry_form = RegisterEntryForm(formdata=None, obj=profile)
        if profile is not None:  # the date fields are text: give them ISO dates
            entry_form.term_starts_on.data = profile.term_starts_on and profile.term_starts_on.isoformat()
            entry_form.term_ends_on.data = profile.term_ends_on and profile.term_ends_on.isoformat()
    return render_template(
        "mediators/entry.html",
        mediator=mediator,
        entry=staff_entry_of(mediator, profile, local_date(utcnow())),
        entry_form=entry_form,
        training_form=training_form or TrainingForm(formdata=None),
        **LABELS,
    ), status


@login_required
def entry(mediator_id: int):
    return _entry_page(mediator_id)


def _submitted(mediator_id: int, form_class, act, done: str, form_name: str):
    """Run ``act(staff, mediator_id, input)`` with the posted form: back to the entry with
    ``done``, or the page again with each error beside its field (422)."""
    require(current_user, "manage_mediator_register")
    form = form_class()
    try:
        if not form.validate_on_submit():
            raise ValidationFailed()
        act(current_user, mediator_id, form.as_input(), remote_addr=request.remote_addr)
    except ValidationFailed as error:
        show_errors(form, error)
        return _entry_page(mediator_id, status=422, **{form_name: form})
    flash(done, "success")
    return redirect(url_for("mediators.entry", mediator_id=mediator_id))


@login_required
def save_entry(mediator_id: int):
    return _submitted(
        mediator_id,
        RegisterEntryForm,
        operations.update_register_entry,
        _("The register entry is saved."),
        "entry_form",
    )


@login_required
def add_training(mediator_id: int):
    return _submitted(
        mediator_id, TrainingForm, operations.record_training, _("The training is recorded."), "training_form"
    )


@login_required
def remove_training(training_id: int):
    staff = require(current_user, "manage_mediator_register")
    record = training_of_centre(staff, training_id)
    if not confirmed():
        return _entry_page(record.mediator_id, status=422)
    mediator = operations.remove_training(staff, training_id, remote_addr=request.remote_addr)
    flash(_("The training is removed."), "success")
    return redirect(url_for("mediators.entry", mediator_id=mediator.id))


def public(code: str):
    centre, entries = public_register(code, local_date(utcnow()))
    return render_template(
        "mediators/public.html",
        centre=centre,
        entries=[public_entry(user, profile) for user, profile in entries],
        **LABELS,
    )
