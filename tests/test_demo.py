"""The demo (``flask demo load``): the seed's centre with its headline, a second
centre and their city federation, loaded once. One test, because loading the demo
is the expensive part: every check here reads the same load."""

import json
from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.demo.loader import PASSWORD, RECENT_SETTLED, RUGAO
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from tests.conftest import Api
from tests.factories import Person
from workflows import CaseState


def _person(email: str) -> Person:
    return Person(0, email, "", None, password=PASSWORD)


def test_the_demo_has_the_seeds_headline_a_second_centre_and_their_federation_and_loads_once(
    app, client, clean_db
):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "staff@centre.test" in first.output
    shown = json.loads(runner.invoke(args=["totals", "show"]).output)
    haian, rugao = shown["haian"], shown["rugao"]
    # The seed: 125 cases concluded, over 58 million yuan.
    assert haian["concluded"] == 125 and haian["resolved_claim_amount"] == "58360000.00"
    assert all(haian["cases_by_state"][state.value] > 0 for state in CaseState)
    assert rugao["concluded"] == RUGAO.settled and Decimal(rugao["resolved_claim_amount"]) == RUGAO.resolved
    assert rugao["received"] == RUGAO.settled + sum(RUGAO.other_cases.values())
    with app.app_context():
        cases = db.session.scalar(select(func.count()).select_from(Case))
        # Historical cases come without documents; the recent settled ones have their agreement.
        agreements = db.session.scalars(
            select(Case.centre_id)
            .join(Document, Document.case_id == Case.id)
            .where(Document.kind == "agreement")
        ).all()
        assert sorted(Counter(agreements).values()) == [RECENT_SETTLED, RECENT_SETTLED]

    rollup = Api(client).login(_person("federation@nantong.test")).get("/federation/totals").get_json()
    assert rollup["federation"]["name"] == "南通市工商联"
    assert {c["code"]: c["totals"] for c in rollup["centres"]} == {"haian": haian, "rugao": rugao}
    total = Decimal(haian["resolved_claim_amount"]) + Decimal(rugao["resolved_claim_amount"])
    assert Decimal(rollup["totals"]["resolved_claim_amount"]) == total
    # The shared enterprise follows each centre's cases through that centre's account.
    for email, prefix in (("changan@enterprise.test", "海工商调"), ("changan@rugao.test", "皋工商调")):
        listed = Api(app.test_client()).login(_person(email)).get("/cases?limit=100").get_json()["items"]
        assert listed and all(prefix in c["number"] for c in listed)

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already present" in again.output
    assert json.loads(runner.invoke(args=["totals", "show"]).output) == shown
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == cases
    verified = runner.invoke(args=["totals", "verify"])
    assert verified.exit_code == 0, verified.output
