"""Federations: a city sums its centres, a province its cities, exactly; federation
users see figures only, never a case."""

from dataclasses import fields
from decimal import Decimal

import pytest

from mediation_app.cases.operations import file_case
from mediation_app.errors import ValidationFailed
from mediation_app.federation.queries import roll_up, sum_totals
from mediation_app.parties.operations import (
    create_centre,
    create_federation,
    create_user,
    federation_named,
    join_federation,
)
from mediation_app.reporting.queries import Totals, totals
from tests.conftest import Api, log_in
from tests.factories import PASSWORD, Person

PROVINCE, CITY, OTHER_CITY = "江苏省工商联", "测试市工商联", "盐城市工商联"  # CITY: the world's


@pytest.fixture
def federations(world, app):
    """The world's centre and two more: test and rugao in the world's city, yancheng in
    another, both cities in one province; each centre with cases whose amounts have cents."""
    with app.app_context():
        create_federation("province", PROVINCE)
        federation_named(CITY).parent_id = federation_named(PROVINCE).id  # the world's city joins
        create_federation("city", OTHER_CITY, parent=PROVINCE)
        for code, name, prefix, city in (
            ("rugao", "如皋调解中心", "皋工商调", CITY),
            ("yancheng", "盐城调解中心", "盐工商调", OTHER_CITY),
        ):
            create_centre(code, name, prefix)
            join_federation(code, city)
            staff = create_user(role="staff", email=f"staff@{code}.test", password=PASSWORD, centre_code=code)
            for claim in ("1000.01", "2345.67"):
                file_case(staff, world.filing(claim_amount=claim))
        province = create_user(
            role="federation", email="jiangsu@federation.test", password=PASSWORD, federation=PROVINCE
        )
        province = Person(province.id, province.email, "federation", None)
    for claim in ("580000.00", "0.03"):
        world.case("settled", claim_amount=claim)
    world.case("referred_to_court", claim_amount="99.99")
    return province


def _figures(t: Totals) -> dict:
    return {f.name: getattr(t, f.name) for f in fields(Totals)}


def test_a_roll_up_is_exactly_the_sum_of_its_parts(app, federations):
    with app.app_context():
        province = roll_up(federation_named(PROVINCE))
        assert [m.federation.name for m in province.members] == [CITY, OTHER_CITY]
        nantong, yancheng = province.members
        assert {c.centre.code for c in nantong.centres} == {"test", "rugao"}
        for city in province.members:
            assert _figures(city.totals) == _figures(sum_totals(totals(c.centre.id) for c in city.centres))
            for member in city.centres:
                assert _figures(member.totals) == _figures(totals(member.centre.id))
        assert _figures(province.totals) == _figures(sum_totals([nantong.totals, yancheng.totals]))
        every_centre = sum_totals(totals(c.centre.id) for city in province.members for c in city.centres)
        assert _figures(province.totals) == _figures(every_centre)
        assert province.totals.resolved_claim_amount == Decimal("580000.03")
        assert province.totals.cases_by_state["filed"] == 4
        assert province.totals.received == 7
        assert isinstance(province.totals.claim_by_state["filed"], Decimal)


def test_the_api_gives_the_roll_up_and_each_centres_figures(app, client, world, federations):
    body = Api(client).login(federations).get("/federation/totals").get_json()
    assert body["federation"] == {"id": body["federation"]["id"], "name": PROVINCE, "level": "province"}
    assert body["centres"] == []
    cities = {m["federation"]["name"]: m for m in body["members"]}
    nantong = cities[CITY]
    by_code = {c["code"]: c["totals"] for c in nantong["centres"]}
    assert by_code["test"]["resolved_claim_amount"] == "580000.03"
    assert by_code["rugao"]["cases_by_state"]["filed"] == 2
    # Money as strings with two decimals, and the sums add up in the JSON too.
    total = sum(Decimal(c["totals"]["resolved_claim_amount"]) for m in body["members"] for c in m["centres"])
    assert Decimal(body["totals"]["resolved_claim_amount"]) == total == Decimal("580000.03")
    assert body["totals"]["received"] == sum(m["totals"]["received"] for m in body["members"]) == 7
    city = Api(app.test_client()).login(world.federation).get("/federation/totals").get_json()
    assert city["federation"]["level"] == "city" and city["members"] == []
    assert {c["code"] for c in city["centres"]} == {"test", "rugao"}


def test_a_federation_user_sees_figures_never_a_case(app, client, world, federations):
    case_id = world.case("settled")
    federation = Api(client).login(world.federation)
    assert federation.get("/cases").status_code == 403
    assert federation.get(f"/cases/{case_id}").status_code == 404
    assert federation.get("/totals").status_code == 403
    page = log_in(app.test_client(), world.federation)
    shown = page.get("/federation").get_data(as_text=True)
    assert "如皋调解中心" in shown and "测试调解中心" in shown and "盐城调解中心" not in shown
    assert "¥ 1,160,000.03" in shown  # the headline: the world's two settled claims
    assert page.get("/").headers["Location"].endswith("/federation")
    for person in (world.staff, world.mediator, world.applicant, world.admin):
        assert Api(app.test_client()).login(person).get("/federation/totals").status_code == 403


@pytest.mark.parametrize(
    ("level", "name", "parent", "field"),
    [
        ("county", "某县工商联", None, "level"),
        ("city", "", None, "name"),
        ("city", CITY, None, "name"),  # taken
        ("city", "泰州市工商联", CITY, "parent"),  # a city is not a province
        ("city", "泰州市工商联", "不存在的工商联", "parent"),
        ("province", "浙江省工商联", PROVINCE, "parent"),  # a province is the top
    ],
)
def test_a_federation_is_refused_with_the_field_to_correct(app, federations, level, name, parent, field):
    with app.app_context():
        with pytest.raises(ValidationFailed) as refused:
            create_federation(level, name, parent)
        assert field in refused.value.fields


def test_a_centre_joins_only_a_city_federation_and_one_at_a_time(app, federations):
    with app.app_context():
        with pytest.raises(ValidationFailed) as refused:
            join_federation("rugao", PROVINCE)
        assert set(refused.value.fields) == {"federation"}
        with pytest.raises(ValidationFailed) as refused:
            join_federation("nowhere", CITY)
        assert set(refused.value.fields) == {"centre"}
        join_federation("rugao", OTHER_CITY)  # moving leaves the previous city
        province = roll_up(federation_named(PROVINCE))
        assert [{c.centre.code for c in m.centres} for m in province.members] == [
            {"test"},
            {"rugao", "yancheng"},
        ]


def test_operators_set_up_a_federation_from_the_command_line(app, world):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["federations", "create", "--level", "city", "--name", "海安市工商联"])
    assert created.exit_code == 0, created.output
    assert (
        runner.invoke(
            args=["federations", "add-centre", "--federation", "海安市工商联", "--centre", "test"]
        ).exit_code
        == 0
    )
    user = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "federation",
            "--email",
            "f@haian.test",
            "--password",
            PASSWORD,
            "--federation",
            "海安市工商联",
        ]
    )
    assert user.exit_code == 0, user.output
    refused = runner.invoke(
        args=["users", "create", "--role", "federation", "--email", "g@haian.test", "--password", PASSWORD]
    )
    assert refused.exit_code != 0 and "federation" in refused.output
    shown = runner.invoke(args=["federations", "totals", "海安市工商联"])
    assert shown.exit_code == 0 and '"code": "test"' in shown.output
