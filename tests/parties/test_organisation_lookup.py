"""Picking a party by name when filing: ``GET /api/v1/organisations?name=`` answers the
enterprises registered at the caller's centre (an active, verified account there)
whose name contains the text; name and credit code only, a handful at most."""

from types import SimpleNamespace

import pytest

from mediation_app.extensions import db
from mediation_app.parties.operations import create_user
from tests.conftest import Api
from tests.factories import PASSWORD, registration, uscc
from tests.tenancy.conftest import COMMON_NAME, COMMON_USCC

HUADA = "海安华达锦纶有限公司"
CHANGAN = "江苏常安纺织科技有限公司"
OUTSIDER = "无关企业有限公司"


def _names(client, name: str, **params) -> list[str]:
    response = client.get("/organisations", query_string={"name": name, **params})
    assert response.status_code == 200, response.get_json()
    return [match["name"] for match in response.get_json()]


@pytest.mark.parametrize(
    ("who", "name", "found"),
    [
        ("applicant", "有限公司", {HUADA, OUTSIDER}),  # never one's own company
        ("applicant", "华达锦纶", {HUADA}),
        ("respondent", " 常安 ", {CHANGAN}),  # trimmed
        ("staff", "有限公司", {HUADA, CHANGAN, OUTSIDER}),
        ("liaison", "锦纶", {HUADA}),
        ("staff", "法院", set()),  # a court is not an enterprise
        ("staff", "%_", set()),  # LIKE's wildcards are plain characters
    ],
)
def test_a_filer_finds_the_enterprises_registered_at_the_centre(world, api, who, name, found):
    assert set(_names(api(getattr(world, who)), name)) == found


def test_only_the_name_and_the_credit_code_are_answered(world, api):
    [match] = api(world.staff).get("/organisations", query_string={"name": "华达"}).get_json()
    assert match == {"name": HUADA, "uscc": world.respondent_uscc}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "name"),
        ({"name": "华"}, "name"),
        ({"name": "  华 "}, "name"),
        ({"name": "华达", "limit": 21}, "limit"),
    ],
)
def test_short_names_and_large_pages_are_refused(world, api, params, field):
    response = api(world.staff).get("/organisations", query_string=params)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_a_handful_at_most(world, api, app):
    with app.app_context():
        for serial in range(100, 112):
            create_user(
                role="enterprise",
                email=f"firm{serial}@test.example",
                password=PASSWORD,
                uscc=uscc(serial),
                organisation=f"海安第{serial}纺织有限公司",
            )
        db.session.commit()
    staff = api(world.staff)
    assert len(_names(staff, "纺织有限公司")) == 8  # the default
    assert len(_names(staff, "纺织有限公司", limit=20)) == 12  # every one
    assert len(_names(staff, "纺织有限公司", limit=3)) == 3


def test_a_company_counts_once_the_centre_has_verified_an_account_of_it(world, api, client):
    registered = Api(client).post("/registrations", json=registration()).get_json()
    staff = api(world.staff)
    assert _names(staff, "新锦纶") == []  # anyone can claim a company: not until verified
    staff.post(f"/registrations/{registered['id']}/decision", json={"approved": True})
    assert _names(staff, "新锦纶") == ["海安新锦纶有限公司"]


def test_an_unverified_registrant_may_not_look_up(world, client):
    Api(client).post("/registrations", json=registration())
    newcomer = Api(client).login(SimpleNamespace(email="wang@newfirm.test", password="a-long-passphrase"))
    assert newcomer.get("/organisations", query_string={"name": "华达"}).status_code == 403


@pytest.mark.parametrize("index", [0, 1])
def test_another_centres_enterprises_never_appear(app, centres, index):
    mine, theirs = centres[index], centres[1 - index]
    for person in mine.people().values():
        if person.role == "mediator":
            continue  # mediators do not file
        found = _names(Api(app.test_client()).login(person), "企业有限公司")
        assert theirs.own_enterprise not in found and not any("新注册" in name for name in found)
        if person is not mine.respondent:  # the respondent's own company is left out for it
            assert mine.own_enterprise in found
    # the company both centres deal with, found at each through its account there
    [common] = (
        Api(app.test_client())
        .login(mine.staff)
        .get("/organisations", query_string={"name": "常安纺织"})
        .get_json()
    )
    assert common == {"name": COMMON_NAME, "uscc": COMMON_USCC}
