"""The demo's second centre and city federation, beside the seed's first centre."""

import json
from decimal import Decimal

from mediation_app.demo.loader import PASSWORD, RUGAO
from tests.conftest import Api
from tests.factories import Person


def _person(email: str) -> Person:
    return Person(0, email, "", None, password=PASSWORD)


def test_the_demo_has_two_centres_reporting_to_one_city_federation(app, client, clean_db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    shown = json.loads(runner.invoke(args=["totals", "show"]).output)
    haian, rugao = shown["haian"], shown["rugao"]
    assert haian["concluded"] == 125 and haian["resolved_claim_amount"] == "58360000.00"
    assert rugao["concluded"] == RUGAO.settled and Decimal(rugao["resolved_claim_amount"]) == RUGAO.resolved
    assert rugao["received"] == RUGAO.settled + sum(RUGAO.other_cases.values())
    rollup = Api(client).login(_person("federation@nantong.test")).get("/federation/totals").get_json()
    assert rollup["federation"]["name"] == "南通市工商联"
    assert {c["code"]: c["totals"] for c in rollup["centres"]} == {"haian": haian, "rugao": rugao}
    total = Decimal(haian["resolved_claim_amount"]) + Decimal(rugao["resolved_claim_amount"])
    assert Decimal(rollup["totals"]["resolved_claim_amount"]) == total
    # The shared enterprise follows each centre's cases through that centre's account.
    for email, prefix in (("changan@enterprise.test", "海工商调"), ("changan@rugao.test", "皋工商调")):
        cases = Api(app.test_client()).login(_person(email)).get("/cases?limit=100").get_json()["items"]
        assert cases and all(prefix in c["number"] for c in cases)
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already present" in again.output
    assert json.loads(runner.invoke(args=["totals", "show"]).output) == shown
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0
