"""The migrations build exactly the schema the models describe, and undo it."""

from datetime import UTC, datetime, timedelta

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from mediation_app.cases.operations import record_past_transition
from mediation_app.cases.workloads import workload_differences
from mediation_app.extensions import db
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.reporting.recompute import figures_differences
from tests.conftest import make_app
from tests.reporting.test_monthly_figures import import_case
from workflows.case_states import CaseState


def test_migrations_match_the_models(app, clean_db):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_downgrade_removes_everything_and_upgrade_rebuilds_it(database_url, tmp_path, backend):
    # A separate app on the same database: drop to base, check, and rebuild for the other tests.
    app = make_app(database_url, tmp_path)
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert {"cases", "case_events", "case_tallies", "documents", "users"} <= set(
            inspect(db.engine).get_table_names()
        )
        db.engine.dispose()


@pytest.mark.with_documents
def test_an_agreement_the_first_version_counted_before_anyone_signed_goes_back_to_mediation(app, world):
    """Upgrading a database where ``settle`` counted at once: a case settled with an
    agreement issued in the system but never signed by everyone had not taken effect."""
    case_id = world.agreed()
    with app.app_context():  # the first version's shape: settled, counted, unsigned
        record_past_transition(
            world.mediator.user(), case_id, {"trigger": "settle", "version": world.load(case_id).version}
        )
        world.load(case_id).agreement_effective_on = None  # it had no effective date without signatures
        db.session.commit()
        assert totals(world.centre_id).settled == 1
        db.session.remove()  # its reads hold locks the migrations' ALTER TABLE waits for (PostgreSQL)
        flask_migrate.downgrade(revision="1b3d5f7a9c20")
        flask_migrate.upgrade()
        db.session.remove()
        case = world.load(case_id)
        assert (case.state, case.concluded_at, case.payment_method) == (
            CaseState.MEDIATED,
            None,
            "bank_transfer",
        )
        assert case.agreement_recorded_at is not None
        assert (
            totals(world.centre_id).settled == 0 and totals(world.centre_id).cases_by_state["mediated"] == 1
        )
        assert totals_differences(world.centre_id) == figures_differences(world.centre_id) == []
        assert workload_differences(world.centre_id) == []
        db.session.remove()


def _days_to_conclude(centre_id: int) -> int:
    """The centre's days to conclude as the table keeps them (the source rows partition the cases)."""
    return db.session.execute(
        text(
            "SELECT COALESCE(SUM(days_to_conclude), 0) FROM monthly_figures "
            "WHERE centre_id = :centre AND scope = 'centre' AND dimension = 'source'"
        ),
        {"centre": centre_id},
    ).scalar_one()


def test_concluded_counts_every_ending_after_acceptance_and_downgrades_to_its_first_meaning(app, world):
    """Before 6b8d0f2a4c68 "concluded" was the settled count (totals) or the settled and
    referred cases (statistics, whose days to conclude they alone carried)."""
    with app.app_context():
        for serial, state in enumerate((CaseState.SETTLED, CaseState.REFERRED_TO_COURT, CaseState.WITHDRAWN)):
            filed = datetime(2025, 3, 1, 2, tzinfo=UTC)
            import_case(world, state, filed, filed + timedelta(days=10 * (serial + 1)), serial)
        assert (totals(world.centre_id).settled, totals(world.centre_id).concluded) == (1, 3)
        assert _days_to_conclude(world.centre_id) == 10 + 20 + 30
        db.session.remove()  # its reads hold locks the migration's ALTER TABLE waits for (PostgreSQL)
        flask_migrate.downgrade(revision="5a7c9e1b3d57")
        db.session.remove()
        assert "concluded_count" not in {c["name"] for c in inspect(db.engine).get_columns("case_tallies")}
        assert _days_to_conclude(world.centre_id) == 10 + 20  # the withdrawn case's days out
        db.session.remove()
        flask_migrate.upgrade()
        db.session.remove()
        assert (totals(world.centre_id).settled, totals(world.centre_id).concluded) == (1, 3)
        assert _days_to_conclude(world.centre_id) == 10 + 20 + 30
        assert totals_differences(world.centre_id) == figures_differences(world.centre_id) == []
        db.session.remove()


def test_the_endings_breakdown_is_counted_from_the_cases_on_upgrade_and_removed_on_downgrade(app, world):
    def endings() -> dict:
        rows = db.session.execute(
            text(
                "SELECT key, SUM(referred_to_court) FROM monthly_figures "
                "WHERE scope = 'centre' AND dimension = 'ending' GROUP BY key"
            )
        )
        return dict(rows.all())

    referred = world.case("mediated")
    world.fire(referred, "refer_to_court", outcome_code="party_unreachable")
    with app.app_context():
        assert endings() == {"party_unreachable": 1}
        db.session.remove()
        flask_migrate.downgrade(revision="9c3e5a7b2d46")
        assert endings() == {}
        db.session.remove()
        flask_migrate.upgrade()
        assert endings() == {"party_unreachable": 1}
        assert figures_differences(world.centre_id) == []
        db.session.remove()
