"""The migrations build exactly the schema the models describe, and undo it."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from mediation_app.extensions import db
from tests.conftest import make_app


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
