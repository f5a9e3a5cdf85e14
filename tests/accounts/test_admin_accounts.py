"""The administrator manages their centre's accounts, on the page and through the API:
makes one (with a temporary password to change at the first log-in), changes its role
(its sessions and tokens end), sets a mediator's specialty and chamber (which conflict
screening and the suggestions read), and every change is recorded with its actor and
what it was before. Disruptive buttons ask for a confirmation the server checks."""

import re
from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from mediation_app.accounts.operations import change_role
from mediation_app.auth.models import AccountChange, AccountEvent, User
from mediation_app.auth.operations import set_active
from mediation_app.errors import Conflict
from mediation_app.extensions import db
from mediation_app.idempotency import IdempotentRequest
from mediation_app.parties.models import Organisation
from mediation_app.parties.operations import create_user
from tests.conftest import Api, log_in
from tests.factories import PASSWORD, Person, uscc
from workflows.roles import Role

NEW_EMAIL = "new.person@test.example"
ENGLISH = {"Accept-Language": "en"}  # the API's messages as written

# The fields of a new account of each role, as the page and the API take them.
NEW_ACCOUNTS = {
    "staff": {},
    "admin": {},
    "mediator": {"organisation": "化纤业总商会"},
    "court_liaison": {"organisation": "海安市人民法院"},
    "enterprise": {"organisation": "海安新创纺织有限公司", "uscc": uscc(60)},
}

# Bad new accounts: (the fields sent, the field blamed, part of its message).
BAD_NEW_ACCOUNTS = {
    "a registered e-mail address": ({"email": "STAFF@test.example"}, "email", "is already registered"),
    "an unknown role": ({"role": "superuser"}, "role", "must be one of"),
    "a federation account": ({"role": "federation"}, "role", "operator"),
    "an enterprise without its code": ({"role": "enterprise"}, "uscc", "is required"),
    "a mediator of a court": (
        {"role": "mediator", "organisation": "海安市人民法院"},
        "organisation",
        "chamber",
    ),
    "an unknown organisation": ({"role": "staff", "organisation": "不存在的单位"}, "organisation", "unknown"),
    "no name": ({"name": " "}, "name", "is required"),
    "not an e-mail address": ({"email": "nobody"}, "email", "e-mail address"),
}


def _new_account(**fields) -> dict:
    return {"name": "新同事", "email": NEW_EMAIL, "role": "staff", **fields}


def _events(app, user_id: int) -> list[tuple]:
    with app.app_context():
        return [
            (e.change, e.actor_id, e.before, e.after)
            for e in db.session.scalars(
                select(AccountEvent).where(AccountEvent.user_id == user_id).order_by(AccountEvent.id)
            )
        ]


def _account(app, user_id: int) -> dict:
    with app.app_context():
        user = db.session.get(User, user_id)
        return {
            "role": user.role.value,
            "active": user.active,
            "password_hash": user.password_hash,
            "industry": user.industry,
            "organisation_id": user.organisation_id,
            "session_version": user.session_version,
        }


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _id_of(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalars(select(model.id).filter_by(**where)).one()


def _temporary_password(page: str) -> str:
    return re.search(r'<code class="pre">([^<]+)</code>', page)[1]


def _create(face: str, app, world, data: dict):
    """Make an account on the page or through the API: (status, the new user's id or
    None, the temporary password or None, the field errors)."""
    client = app.test_client()
    if face == "page":
        client.post("/lang/en")  # the messages as written
        response = log_in(client, world.admin).post("/admin/accounts", data=data)
        page = response.get_data(as_text=True)
        created = response.status_code == 200
        password = _temporary_password(page) if created else None
        errors = re.findall(r'<small class="error">([^<]+)</small>', page)
        return response.status_code, password, errors
    response = Api(client).login(world.admin).post("/admin/accounts", json=data, headers=ENGLISH)
    body = response.get_json()
    if response.status_code == 201:
        return 201, body["temporary_password"], []
    return response.status_code, None, body["error"]["fields"]


@pytest.mark.parametrize("face", ["page", "api"])
@pytest.mark.parametrize("role", sorted(NEW_ACCOUNTS))
def test_an_administrator_makes_an_account_that_must_choose_its_password(app, world, face, role):
    status, temporary, _errors = _create(face, app, world, _new_account(role=role, **NEW_ACCOUNTS[role]))
    assert status == (200 if face == "page" else 201)
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == NEW_EMAIL)).one()
        organisation = user.organisation
        assert (user.role.value, user.centre_id, user.must_change_password) == (role, world.centre_id, True)
        assert user.verified_at is not None  # made by the centre: nothing left to verify
        if role == "enterprise":
            assert (organisation.uscc, organisation.name) == (uscc(60), "海安新创纺织有限公司")
        elif NEW_ACCOUNTS[role]:
            assert organisation.name == NEW_ACCOUNTS[role]["organisation"]
        after = {"role": role, "centre_id": world.centre_id, "organisation_id": user.organisation_id}
        user_id = user.id
    assert _events(app, user_id) == [(AccountChange.CREATED, world.admin.id, {}, after)]
    person = Person(user_id, NEW_EMAIL, role, None, password=temporary)
    assert log_in(app.test_client(), person).get("/cases").location.endswith("/account/password")


@pytest.mark.parametrize("face", ["page", "api"])
@pytest.mark.parametrize("case", sorted(BAD_NEW_ACCOUNTS))
def test_a_bad_new_account_is_refused_field_by_field_and_nothing_is_made(app, world, face, case):
    fields, blamed, message = BAD_NEW_ACCOUNTS[case]
    users, events = _count(app, User), _count(app, AccountEvent)
    status, temporary, errors = _create(face, app, world, _new_account(**fields))
    assert (status, temporary) == (422, None)
    if face == "api":
        assert message in errors[blamed], errors
    else:
        assert any(message in error for error in errors), errors
    assert (_count(app, User), _count(app, AccountEvent)) == (users, events)


def test_an_account_is_made_for_the_administrators_own_centre_only(app, world, api):
    admin = api(world.admin)
    for centre in ("rugao", "test-other"):
        response = admin.post("/admin/accounts", json=_new_account(centre=centre))
        assert (
            response.status_code == 422
            and "您所在的调解中心" in response.get_json()["error"]["fields"]["centre"]
        )
    assert admin.post("/admin/accounts", json=_new_account(centre="test")).status_code == 201


def test_a_retried_creation_makes_one_account_and_never_keeps_its_password(app, world, api):
    admin, key = api(world.admin), {"Idempotency-Key": "new-account-2026-0001"}
    first = admin.post("/admin/accounts", json=_new_account(), headers=dict(key))
    retry = admin.post("/admin/accounts", json=_new_account(), headers=dict(key))
    assert (first.status_code, retry.status_code, retry.headers["Idempotent-Replayed"]) == (201, 201, "true")
    password = first.get_json()["temporary_password"]
    assert password and retry.get_json() == {**first.get_json(), "temporary_password": None}
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == NEW_EMAIL)) == 1
        kept = db.session.scalars(select(IdempotentRequest.response)).one()
    assert password not in kept


def test_a_new_role_ends_the_users_sessions_and_tokens_and_is_recorded(app, world, api):
    browser, token = log_in(app.test_client(), world.staff), Api(app.test_client()).login(world.staff)
    admin = log_in(app.test_client(), world.admin)
    response = admin.post(
        f"/admin/accounts/{world.staff.id}/role", data={"role": "mediator", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert browser.get("/cases").status_code == 302 and token.get("/me").status_code == 401
    assert _account(app, world.staff.id)["role"] == "mediator"
    changed = (AccountChange.ROLE_CHANGED, world.admin.id, {"role": "staff"}, {"role": "mediator"})
    assert _events(app, world.staff.id) == [changed]
    answer = api(world.admin).post(f"/admin/accounts/{world.staff.id}/role", json={"role": "staff"})
    assert answer.status_code == 200 and answer.get_json()["role"] == "staff"
    assert len(_events(app, world.staff.id)) == 2
    assert Api(app.test_client()).login(world.staff).get("/me").get_json()["role"] == "staff"


# (whose role, the role asked for, the status, the field blamed)
REFUSED_ROLES = {
    "the administrator's own": ("admin", "staff", 404, None),
    "an unknown role": ("staff", "superuser", 422, "role"),
    "a federation account": ("staff", "federation", 422, "role"),
    "an enterprise account without a company": ("staff", "enterprise", 422, "role"),
    "a liaison of an enterprise": ("outsider", "court_liaison", 422, "role"),
    "a mediator of a court": ("liaison", "mediator", 422, "role"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_ROLES))
def test_a_role_the_account_cannot_hold_is_refused_and_changes_nothing(app, world, api, case):
    whose, role, status, blamed = REFUSED_ROLES[case]
    person = getattr(world, whose)
    before = _account(app, person.id)
    response = api(world.admin).post(f"/admin/accounts/{person.id}/role", json={"role": role})
    assert response.status_code == status
    if blamed:
        assert blamed in response.get_json()["error"]["fields"]
    page = log_in(app.test_client(), world.admin).post(
        f"/admin/accounts/{person.id}/role", data={"role": role, "confirm": "yes"}
    )
    assert page.status_code == status
    assert _account(app, person.id) == before and _events(app, person.id) == []


@pytest.mark.parametrize("action", ["demote", "disable"])
def test_two_administrators_cannot_leave_their_centre_without_one(app, ctx, world, action):
    other = create_user(
        role="admin", email="second-admin@test.example", password=PASSWORD, centre_code="test"
    )
    admin = world.admin.user()
    # The other administrator demoted this one a moment ago; this request still holds
    # the administrator it loaded before (the race that locking the rows serialises).
    db.session.execute(
        update(User).where(User.id == admin.id).values(role=Role.STAFF),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(Conflict) as refused:
        if action == "demote":
            change_role(admin, other.id, {"role": "staff"})
        else:
            set_active(admin, other.id, False)
    assert "没有系统管理员" in str(refused.value.message)
    db.session.rollback()
    assert db.session.get(User, other.id).role is Role.ADMIN and db.session.get(User, other.id).active
    assert db.session.scalar(select(func.count()).select_from(AccountEvent)) == 0


def test_another_administrator_can_be_demoted_while_one_remains(app, world, api):
    with app.app_context():
        other = create_user(
            role="admin", email="second-admin@test.example", password=PASSWORD, centre_code="test"
        )
        other_id = other.id
    response = api(world.admin).post(f"/admin/accounts/{other_id}/role", json={"role": "staff"})
    assert response.status_code == 200 and _account(app, other_id)["role"] == "staff"


def test_a_mediators_specialty_and_chamber_reach_the_suggestions_and_are_recorded(app, world, api):
    chamber_id = _id_of(app, Organisation, name="化纤业总商会")  # the applicant's chamber
    case_id = world.case("filed")  # a nylon case
    staff = api(world.staff)

    def suggestion():
        return next(
            s
            for s in staff.get(f"/cases/{case_id}/mediator-suggestions", headers=ENGLISH).get_json()
            if s["mediator"]["id"] == world.other_mediator.id
        )

    assert suggestion()["conflicts"] == [] and not suggestion()["industry_match"]
    admin = log_in(app.test_client(), world.admin)
    profile = {"industry": "nylon", "chamber_id": str(chamber_id)}
    assert (
        admin.post(f"/admin/accounts/{world.other_mediator.id}/mediator-profile", data=profile).status_code
        == 302
    )
    found = suggestion()
    assert found["industry_match"] and any("chamber" in reason for reason in found["conflicts"])
    recorded = (
        AccountChange.MEDIATOR_PROFILE_CHANGED,
        world.admin.id,
        {"industry": "", "chamber_id": None},
        {"industry": "nylon", "chamber_id": chamber_id},
    )
    assert _events(app, world.other_mediator.id) == [recorded]
    cleared = api(world.admin).post(
        f"/admin/accounts/{world.other_mediator.id}/mediator-profile",
        json={"industry": "", "chamber_id": None},
    )
    assert cleared.status_code == 200 and cleared.get_json()["organisation_id"] is None
    assert suggestion()["conflicts"] == [] and not suggestion()["industry_match"]


# (whose profile, the profile sent, the status, the field blamed)
REFUSED_PROFILES = {
    "an unknown specialty": ("other_mediator", {"industry": "banking", "chamber_id": None}, 422, "industry"),
    "a court as chamber": ("other_mediator", {"industry": "", "chamber_id": "court"}, 422, "chamber_id"),
    "a missing chamber": ("other_mediator", {"industry": "", "chamber_id": 999_999}, 422, "chamber_id"),
    "not a mediator": ("staff", {"industry": "nylon", "chamber_id": None}, 409, None),
}


@pytest.mark.parametrize("face", ["page", "api"])
@pytest.mark.parametrize("case", sorted(REFUSED_PROFILES))
def test_a_bad_mediator_profile_is_refused_and_changes_nothing(app, world, api, face, case):
    whose, profile, status, blamed = REFUSED_PROFILES[case]
    person = getattr(world, whose)
    if profile["chamber_id"] == "court":
        profile = {**profile, "chamber_id": world.court}
    before = _account(app, person.id)
    url = f"/admin/accounts/{person.id}/mediator-profile"
    if face == "api":
        response = api(world.admin).post(url, json=profile)
        assert response.status_code == status
        if blamed:
            assert blamed in response.get_json()["error"]["fields"]
    else:
        data = {**profile, "chamber_id": "" if profile["chamber_id"] is None else str(profile["chamber_id"])}
        assert log_in(app.test_client(), world.admin).post(url, data=data).status_code == status
    assert _account(app, person.id) == before and _events(app, person.id) == []


@pytest.mark.parametrize(
    "action, data",
    [("reset-password", {}), ("active", {"active": "no"}), ("role", {"role": "mediator"})],
)
def test_a_disruptive_button_does_nothing_until_confirmed(app, world, action, data):
    client = app.test_client()
    client.post("/lang/en")
    admin = log_in(client, world.admin)
    page = admin.get("/admin/accounts").get_data(as_text=True)
    form = re.search(rf'action="/admin/accounts/{world.staff.id}/{action}".*?</form>', page, re.S)[0]
    assert 'name="confirm" value="yes" required' in form  # asked on the page, and checked below
    before = _account(app, world.staff.id)
    refused = admin.post(f"/admin/accounts/{world.staff.id}/{action}", data=data)
    assert refused.status_code == 422 and "confirmation" in refused.get_data(as_text=True)
    assert _account(app, world.staff.id) == before and _events(app, world.staff.id) == []
    assert admin.post(
        f"/admin/accounts/{world.staff.id}/{action}", data={**data, "confirm": "yes"}
    ).status_code in (
        200,
        302,
    )
    assert len(_events(app, world.staff.id)) == 1


def test_resets_and_disabling_are_recorded_with_their_actor(app, world, api):
    admin = api(world.admin)
    reset = admin.post(f"/admin/accounts/{world.staff.id}/reset-password")
    assert reset.status_code == 200
    temporary = reset.get_json()["temporary_password"]
    assert admin.post(f"/admin/accounts/{world.staff.id}/active", json={"active": False}).status_code == 200
    credentials = {"email": world.staff.email, "password": temporary}
    assert app.test_client().post("/api/v1/tokens", json=credentials).status_code == 401  # disabled
    assert admin.post(f"/admin/accounts/{world.staff.id}/active", json={"active": True}).status_code == 200
    cli = app.test_cli_runner().invoke(args=["users", "reset-password", "--email", world.staff.email])
    assert cli.exit_code == 0, cli.output
    assert _events(app, world.staff.id) == [
        (
            AccountChange.PASSWORD_RESET,
            world.admin.id,
            {"must_change_password": False},
            {"must_change_password": True},
        ),
        (AccountChange.DISABLED, world.admin.id, {"active": True}, {"active": False}),
        (AccountChange.ENABLED, world.admin.id, {"active": False}, {"active": True}),
        (AccountChange.PASSWORD_RESET, None, {"must_change_password": True}, {"must_change_password": True}),
    ]
    log_in(app.test_client(), replace(world.staff, password=cli.output.rsplit(": ", 1)[1].strip()))


def test_the_page_shows_each_mediators_specialty_and_chamber_and_offers_only_the_centres_roles(app, world):
    page = log_in(app.test_client(), world.admin).get("/admin/accounts").get_data(as_text=True)
    profile_forms = re.findall(r'action="/admin/accounts/(\d+)/mediator-profile"', page)
    mediators = {world.mediator.id, world.other_mediator.id, world.conflicted_mediator.id}
    assert {int(user_id) for user_id in profile_forms} == mediators
    assert "电子信息商会" in page  # the mediator's chamber, and a choice of the chamber forms
    assert 'value="federation"' not in page
