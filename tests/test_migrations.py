"""The migrations build exactly the schema the models describe, and undo it."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from mediation_app.cases.operations import record_past_transition
from mediation_app.cases.workloads import workload_differences
from mediation_app.extensions import db
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.reporting.recompute import figures_differences
from tests.conftest import make_app
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
        assert totals(world.centre_id).concluded == 1
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
            totals(world.centre_id).concluded == 0 and totals(world.centre_id).cases_by_state["mediated"] == 1
        )
        assert totals_differences(world.centre_id) == figures_differences(world.centre_id) == []
        assert workload_differences(world.centre_id) == []
        db.session.remove()
