"""The operators' commands, run through Flask's CLI runner on the real database."""

import json
from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select, update

from mediation_app.cases.models import Case
from mediation_app.demo.loader import RECENT_SETTLED
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.reporting.models import CaseTally
from workflows import CaseState

CREATE = ["users", "create", "--role", "enterprise", "--email"]


def test_users_create_and_its_errors(app, clean_db):
    runner = app.test_cli_runner()
    ok = runner.invoke(
        args=[
            *CREATE,
            "Boss@Firm.test",
            "--password",
            "a-long-password",
            "--organisation",
            "某某纺织有限公司",
            "--uscc",
            "91350100M000100Y43",
        ]
    )
    assert ok.exit_code == 0, ok.output
    assert "boss@firm.test" in ok.output
    bad = runner.invoke(
        args=[*CREATE, "x@firm.test", "--password", "password", "--uscc", "91350100M000100Y44"]
    )
    assert bad.exit_code != 0
    assert "uscc" in bad.output and "password" in bad.output


def test_the_demo_shows_the_seeds_headline_and_loads_once(app, clean_db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "staff@centre.test" in first.output
    shown = json.loads(runner.invoke(args=["totals", "show"]).output)["haian"]
    assert shown["concluded"] == 125
    assert Decimal("58000000") <= Decimal(shown["resolved_claim_amount"]) <= Decimal("59000000")
    assert all(shown["cases_by_state"][state.value] > 0 for state in CaseState)
    with app.app_context():
        cases = db.session.scalar(select(func.count()).select_from(Case))
        # Historical cases come without documents; the recent settled ones have their agreement.
        agreements = db.session.scalars(
            select(Case.centre_id)
            .join(Document, Document.case_id == Case.id)
            .where(Document.kind == "agreement")
        ).all()
        assert sorted(Counter(agreements).values()) == [RECENT_SETTLED, RECENT_SETTLED]  # two centres
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already present" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == cases
    verified = runner.invoke(args=["totals", "verify"])
    assert verified.exit_code == 0, verified.output


def test_totals_verify_fails_loudly_on_any_difference(app, world):
    world.case("settled")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0
    with app.app_context():
        db.session.execute(
            update(CaseTally)
            .where(CaseTally.state == "settled")
            .values(claim_amount=CaseTally.claim_amount + Decimal("0.01"))
        )
        db.session.commit()
    result = runner.invoke(args=["totals", "verify"])
    assert result.exit_code == 1
    assert "settled claim" in result.output
