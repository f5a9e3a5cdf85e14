"""The operators' commands, run through Flask's CLI runner on the real database."""

from decimal import Decimal

from sqlalchemy import update

from mediation_app.extensions import db
from mediation_app.reporting.models import CaseTally

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
