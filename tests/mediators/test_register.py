"""The mediator register: staff keep each mediator's entry (kinds of dispute, languages,
qualifications, a two-year term by default, listed or not) and training, on the pages
and through the API; a term ending within 60 days is flagged; anyone reads the public
register, which lists the mediators in office and never their contact details."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mediation_app.auth.models import AccountChange, AccountEvent
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.mediators.models import TrainingRecord
from mediation_app.mediators.schemas import RegisterEntryIn
from mediation_app.types import utcnow
from tests.conftest import Api, log_in
from workflows.deadlines import local_date

ENGLISH = {"Accept-Language": "en"}


def _today() -> date:
    return local_date(utcnow())


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 1), date(2028, 2, 29)),  # the day before the second anniversary
        (date(2024, 2, 29), date(2026, 2, 28)),  # a leap day starts a term that runs to February's end
        (date(2025, 12, 31), date(2027, 12, 30)),
    ],
)
def test_a_term_given_only_its_start_runs_two_years(start, end):
    assert RegisterEntryIn.parse({"term_starts_on": start.isoformat()}).term_end() == end


@pytest.mark.parametrize(
    ("fields", "blamed", "message"),
    [
        ({"term_ends_on": "2027-01-01"}, "term_starts_on", "is required when the term has an end"),
        (
            {"term_starts_on": "2027-01-02", "term_ends_on": "2027-01-01"},
            "term_ends_on",
            "must not be before",
        ),
        ({"dispute_types": ["piracy"]}, "dispute_types.0", ""),
        ({"languages": "x" * 201}, "languages", ""),
    ],
)
def test_a_bad_entry_names_its_field(app, fields, blamed, message):
    with app.test_request_context("/api/v1/", headers=ENGLISH), pytest.raises(ValidationFailed) as refused:
        RegisterEntryIn.parse(fields)
    assert message in refused.value.fields[blamed]


def _entry(api, mediator_id, **fields):
    return api.call("PUT", f"/mediator-register/{mediator_id}", json=fields)


def test_staff_keep_an_entry_and_its_change_is_recorded(app, world, client):
    api = Api(client)
    api.login(world.staff)
    start = _today() - timedelta(days=30)
    response = _entry(
        api,
        world.mediator.id,
        dispute_types=["sale_contract", "loan"],
        languages="普通话、英语",
        qualifications="律师",
        term_starts_on=start.isoformat(),
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["dispute_types"] == ["sale_contract", "loan"]
    assert body["term_ends_on"] == (start.replace(year=start.year + 2) - timedelta(days=1)).isoformat()
    assert body["active"] is True and body["term_ending_soon"] is False
    assert _entry(api, world.mediator.id, term_starts_on="2026-13-01").status_code == 422
    with app.app_context():
        changes = db.session.scalars(
            select(AccountEvent).where(
                AccountEvent.user_id == world.mediator.id,
                AccountEvent.change == AccountChange.REGISTER_ENTRY_CHANGED,
            )
        ).all()
    assert len(changes) == 1 and changes[0].actor_id == world.staff.id
    assert changes[0].after["languages"] == "普通话、英语"


def test_only_a_mediator_of_the_centre_has_an_entry(world, client):
    api = Api(client)
    api.login(world.staff)
    assert _entry(api, world.applicant.id, languages="普通话").status_code == 404


def test_training_hours_add_up_per_year_and_a_bad_figure_is_refused(app, world, client):
    api = Api(client)
    api.login(world.staff)
    path = f"/mediator-register/{world.mediator.id}/trainings"
    this_year = _today().replace(month=1, day=1)
    for held_on, hours in (
        (this_year, "1.5"),
        (this_year, "6"),
        (this_year.replace(year=this_year.year - 1), "8"),
    ):
        response = api.call(
            "POST", path, json={"course": "商事调解实务", "held_on": held_on.isoformat(), "hours": hours}
        )
        assert response.status_code == 201, response.get_json()
    for hours in ("1.55", "0", "201", "abc", 2.5):
        response = api.call("POST", path, json={"course": "x", "held_on": "2026-01-05", "hours": hours})
        assert response.status_code == 422 and "hours" in response.get_json()["error"]["fields"]
    listed = {entry["id"]: entry for entry in api.get("/mediator-register").get_json()}
    assert listed[world.mediator.id]["training_hours_this_year"] == "7.5"
    with app.app_context():
        assert db.session.scalars(select(TrainingRecord.hours)).all().count(None) == 0


def test_a_training_is_removed_only_after_confirmation(app, world, client):
    api = Api(client)
    api.login(world.staff)
    training = api.call(
        "POST",
        f"/mediator-register/{world.mediator.id}/trainings",
        json={"course": "调解技巧", "held_on": "2026-03-01", "hours": "3"},
    ).get_json()
    log_in(client, world.staff)
    url = f"/mediator-trainings/{training['id']}/remove"
    assert client.post(url).status_code == 422
    assert client.post(url, data={"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(TrainingRecord, training["id"]) is None
        assert db.session.scalars(
            select(AccountEvent.change).where(AccountEvent.user_id == world.mediator.id)
        ).all() == [AccountChange.TRAINING_RECORDED, AccountChange.TRAINING_REMOVED]


def _in_english(client, person):
    log_in(client, person)
    client.post("/lang/en")
    return client


def test_the_entry_page_saves_and_shows_errors_beside_their_fields(world, client):
    _in_english(client, world.staff)
    url = f"/mediators/{world.mediator.id}"
    refused = client.post(
        url, data={"term_starts_on": "2027-01-02", "term_ends_on": "2027-01-01"}, headers=ENGLISH
    )
    assert refused.status_code == 422
    assert "must not be before the start of the term" in refused.get_data(as_text=True)
    saved = client.post(
        url,
        data={
            "dispute_types": ["loan"],
            "languages": "南通话",
            "term_starts_on": "2026-01-01",
            "active": "y",
        },
        follow_redirects=True,
    )
    page = saved.get_data(as_text=True)
    assert "The register entry is saved." in page and "南通话" in page and "2027-12-31" in page


def test_terms_ending_within_sixty_days_are_flagged_first(world, client):
    api = Api(client)
    api.login(world.staff)
    today = _today()
    _entry(
        api,
        world.mediator.id,
        term_starts_on="2020-01-01",
        term_ends_on=(today + timedelta(days=59)).isoformat(),
    )
    _entry(
        api,
        world.other_mediator.id,
        term_starts_on="2020-01-01",
        term_ends_on=(today + timedelta(days=61)).isoformat(),
    )
    entries = api.get("/mediator-register").get_json()
    assert entries[0]["id"] == world.mediator.id and entries[0]["term_ending_soon"] is True
    assert {e["id"]: e["term_ending_soon"] for e in entries}[world.other_mediator.id] is False
    page = _in_english(client, world.staff).get("/mediators").get_data(as_text=True)
    assert "Terms of appointment ending within 60 days: 1." in page
    desk = client.get("/dashboard").get_data(as_text=True).split("Figures", 1)[0]  # the work, first
    assert f"/mediators/{world.mediator.id}" in desk and f"/mediators/{world.other_mediator.id}" not in desk


def test_the_public_register_lists_mediators_in_office_without_contact_details(world, client):
    api = Api(client)
    api.login(world.staff)
    today = _today()
    in_office = {
        "term_starts_on": (today - timedelta(days=1)).isoformat(),
        "languages": "普通话",
        "dispute_types": ["loan", "lease"],
    }
    _entry(api, world.mediator.id, **in_office)
    _entry(api, world.other_mediator.id, **in_office, active=False)  # suspended
    _entry(api, world.conflicted_mediator.id, term_starts_on="2020-01-01", term_ends_on="2021-12-31")  # ended
    anonymous = Api(client.application.test_client())
    listed = anonymous.get("/centres/test/mediators").get_json()
    assert [entry["id"] for entry in listed] == [world.mediator.id]
    assert "email" not in listed[0] and "phone" not in listed[0]
    page = client.application.test_client().get("/centres/test/mediators").get_data(as_text=True)
    assert listed[0]["name"] in page and world.mediator.email not in page
    assert "借款、租赁" in page  # its kinds of dispute, in the default language
    assert "other-mediator" not in page
    assert anonymous.get("/centres/nowhere/mediators").status_code == 404
