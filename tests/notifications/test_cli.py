"""``flask notifications …`` through Flask's CLI runner, and the outbox migration."""

import json

import flask_migrate
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from mediation_app import MIGRATIONS
from mediation_app.extensions import db
from mediation_app.notifications.cli import notifications
from mediation_app.notifications.operations import queue_email
from tests.conftest import make_app

CONTEXT = {
    "case_number": "(2026)海工商调字第0001号",
    "court_name": "海安市人民法院",
    "reason": "调解不成",
    "survey_url": "https://centre.test/cases/1/survey",
}


def _queue(app, *recipients):
    with app.app_context():
        for recipient in recipients:
            queue_email(recipient, "case_referred", CONTEXT)
        db.session.commit()


def test_send_and_status(app, clean_db, smtp):
    _queue(app, "a@firm.example", "b@firm.example", "c@firm.example")
    runner = app.test_cli_runner()

    before = runner.invoke(notifications, ["status"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output) == {"pending": 3, "sent": 0, "failed": 0, "due": 3}

    first = runner.invoke(notifications, ["send", "--limit", "2"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "sent 2, to retry 0, failed 0"
    assert runner.invoke(notifications, ["send"]).output.strip() == "sent 1, to retry 0, failed 0"
    assert runner.invoke(notifications, ["send"]).output.strip() == "sent 0, to retry 0, failed 0"
    assert json.loads(runner.invoke(notifications, ["status"]).output)["sent"] == 3
    assert len(smtp.received) == 3
    assert runner.invoke(notifications, ["send", "--limit", "0"]).exit_code != 0


def test_send_with_the_server_down_reports_retries(app, clean_db, smtp_port):
    _queue(app, "a@firm.example")
    result = app.test_cli_runner().invoke(notifications, ["send"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 0, to retry 1, failed 0"


OUTBOX_REVISION = "1e9dd5a4336e"  # migrations/versions/20261129_1e9dd5a4336e_notification_outbox.py


def test_the_outbox_migration_downgrades_and_upgrades(database_url, tmp_path, backend):
    revision = ScriptDirectory(str(MIGRATIONS)).get_revision(OUTBOX_REVISION)
    assert revision.down_revision is not None
    app = make_app(database_url, tmp_path)
    with app.app_context():
        try:
            flask_migrate.downgrade(revision=revision.down_revision)
            assert "outbox_messages" not in inspect(db.engine).get_table_names()
            assert "cases" in inspect(db.engine).get_table_names()
        finally:
            flask_migrate.upgrade()
        indexes = {index["name"] for index in inspect(db.engine).get_indexes("outbox_messages")}
        assert {"ix_outbox_messages_status_next_attempt_at", "ix_outbox_messages_case_id"} <= indexes
        db.engine.dispose()
