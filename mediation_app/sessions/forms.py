"""Forms of the case page's sessions section. They carry fields and the CSRF token;
the operations validate the content (one set of rules for pages and API)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from workflows.deadlines import CHINA

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
KIND_LABELS = {"joint": _l("Joint session"), "private": _l("Private session (背对背) with one party")}


def local_input(moment) -> str:
    """A UTC moment as the value of a ``datetime-local`` input (Shanghai time)."""
    return moment.astimezone(CHINA).strftime(LOCAL_FORMAT) if moment else ""


def from_local(raw):
    """Shanghai wall-clock time from the input as ISO 8601 with its offset; anything
    else is passed on for the operation to refuse with a field error."""
    try:
        local = datetime.strptime((raw or "").strip(), LOCAL_FORMAT)
    except ValueError:
        return raw
    return local.replace(tzinfo=CHINA).isoformat()


def form_prefix(key: str, session_id: int) -> str:
    """Each session's forms on the case page have field names (and ids) of their own."""
    return f"{key}{session_id}"


def _int_or_raw(raw):
    return int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() else raw


def _version(raw):
    return _int_or_raw(raw) if raw else None


class _When:
    starts_at = StringField(_l("Starts (Beijing time)"), render_kw={"type": "datetime-local"})
    ends_at = StringField(_l("Ends (Beijing time)"), render_kw={"type": "datetime-local"})
    place = StringField(_l("Place"), render_kw={"placeholder": "海安市常安大道1号三楼调解室"})
    video_link = StringField(_l("Video link"), render_kw={"type": "url", "placeholder": "https://"})

    def when_input(self) -> dict:
        return {
            "starts_at": from_local(self.starts_at.data),
            "ends_at": from_local(self.ends_at.data),
            "place": self.place.data,
            "video_link": self.video_link.data,
        }


class ScheduleForm(_When, FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()], default="joint"
    )
    party_id = SelectField(_l("Party of a private session"), validate_choice=False)
    participant_ids = SelectMultipleField(
        _l("Taking part"),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def offer_parties(self, case) -> "ScheduleForm":
        parties = [SelectChoice(str(o.id), o.name) for o in (case.applicant, case.respondent)]
        self.party_id.choices = [SelectChoice("", "—"), *parties]
        self.participant_ids.choices = parties
        if self.participant_ids.data is None:
            self.participant_ids.data = [choice.value for choice in parties]
        return self

    def as_input(self) -> dict:
        """The same shape as the API's request body."""
        private = self.kind.data == "private"
        return {
            **self.when_input(),
            "kind": self.kind.data,
            "party_id": _int_or_raw(self.party_id.data) if private and self.party_id.data else None,
            "participant_ids": None if private else [_int_or_raw(v) for v in self.participant_ids.data or []],
        }


class RescheduleForm(_When, FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Reason for the change"), render_kw={"rows": 2})

    def as_input(self) -> dict:
        return {**self.when_input(), "version": _version(self.version.data), "reason": self.reason.data}


class CancelForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Reason for cancelling"), render_kw={"rows": 2})

    def as_input(self) -> dict:
        return {"version": _version(self.version.data), "reason": self.reason.data}


class MinutesForm(FlaskForm):
    version = HiddenField()
    text = TextAreaField(_l("Minutes"), render_kw={"rows": 10})

    def as_input(self) -> dict:
        return {"version": _version(self.version.data), "text": self.text.data}


class FinaliseForm(FlaskForm):
    version = HiddenField()
    confirm = BooleanField(_l("I understand the minutes cannot be changed afterwards"))

    def as_input(self) -> dict:
        return {"version": _version(self.version.data)}
