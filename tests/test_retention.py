"""The retention schedule: evidence files of cases concluded longer ago than the
retention period are destroyed (the row stays, marked, its download answering 410) and
refused registrants' personal details anonymised; each destruction is logged with the
file's hash; totals, timelines and documents stay; a dry run destroys nothing."""

from datetime import timedelta

from sqlalchemy import select, update

from mediation_app import storage
from mediation_app.auth.models import User
from mediation_app.cases.audit import verify_case
from mediation_app.cases.models import Case
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.notifications.models import Notification, OutboxMessage
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.retention.models import DestructionRecord
from mediation_app.types import utcnow
from tests.conftest import Api
from tests.factories import registration


def _age(app, model, column, record_id: int, years: float) -> None:
    """Set-up of time, not of state: the record's date moved into the past."""
    with app.app_context():
        db.session.execute(
            update(model)
            .where(model.id == record_id)
            .values({column: utcnow() - timedelta(days=365 * years)})
        )
        db.session.commit()


def test_expired_evidence_is_destroyed_and_logged_and_the_rest_stays(app, world, api, client):
    old, recent = world.case("mediated"), world.case("mediated")
    old_file, recent_file = world.evidence(old), world.evidence(recent, name="近期合同.pdf")
    for case_id in (old, recent):
        world.fire(case_id, "settle")
    _age(app, Case, "concluded_at", old, 6)  # past the 5 years of RETENTION_EVIDENCE_YEARS
    with app.app_context():
        kept_totals = totals(world.centre_id)
        name = db.session.get(EvidenceFile, old_file).storage_name
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert "evidence files due: 1" in dry.output and storage_exists(app, name)

    done = runner.invoke(args=["retention", "run"])
    assert (
        done.exit_code == 0
        and "evidence files destroyed: 1" in done.output
        and "files deleted: 1" in done.output
    )
    assert not storage_exists(app, name)
    with app.app_context():
        destroyed = db.session.get(EvidenceFile, old_file)
        log = db.session.scalars(select(DestructionRecord)).one()
        assert (
            destroyed.destroyed_at is not None
            and db.session.get(EvidenceFile, recent_file).destroyed_at is None
        )
        assert (log.kind, log.record_id, log.case_id, log.sha256) == (
            "evidence",
            old_file,
            old,
            destroyed.sha256,
        )
        assert totals(world.centre_id) == kept_totals and totals_differences(world.centre_id) == []
        assert verify_case(old) is None  # the timeline still names the upload, and holds
    applicant = api(world.applicant)
    gone = applicant.get(f"/evidence/{old_file}")
    assert gone.status_code == 410 and gone.get_json()["error"]["code"] == "gone"
    kept = applicant.get(f"/evidence/{recent_file}")
    kept.close()  # the file it streams
    assert kept.status_code == 200
    listed = {e["id"]: e["destroyed_at"] for e in applicant.get(f"/cases/{old}/evidence").get_json()}
    assert listed[old_file] is not None
    assert runner.invoke(args=["retention", "run"]).output.startswith("evidence files destroyed: 0")


def storage_exists(app, name: str) -> bool:
    with app.app_context():
        return storage.evidence.path_of(name).exists()


def test_a_refused_registrants_details_are_anonymised_after_their_period(app, world, api, client):
    refused = Api(client).post("/registrations", json=registration()).get_json()["id"]
    api(world.staff).post(
        f"/registrations/{refused}/decision", json={"approved": False, "reason": "无法核实企业身份"}
    )
    waiting = (
        Api(client)
        .post("/registrations", json=registration(email="second@newfirm.test", contact_name="李四"))
        .get_json()["id"]
    )
    for user_id in (refused, waiting):
        _age(app, User, "created_at", user_id, 2)
    assert "registrants anonymised: 1" in app.test_cli_runner().invoke(args=["retention", "run"]).output
    with app.app_context():
        gone, kept = db.session.get(User, refused), db.session.get(User, waiting)
        assert (gone.name, gone.phone, gone.email) == ("已匿名", "", f"user-{refused}@anonymised.invalid")
        assert (kept.name, kept.phone) == ("李四", "13812345678")  # still waiting: not refused
        log = db.session.scalars(select(DestructionRecord)).one()
        assert (log.kind, log.record_id, log.details) == (
            "personal_data",
            refused,
            {"fields": ["name", "phone", "email"], "notices": 1},  # the refusal, by name
        )
        assert db.session.scalars(select(Notification).where(Notification.user_id == refused)).all() == []
        assert (
            db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "registration_refused")
            ).all()
            == []
        )
