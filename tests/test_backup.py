"""The backup drill on each backend: an archive of a centre with cases, documents,
evidence and payments, restored into an empty database and empty stores, verifies
against its manifest row for row, total for total, chain for chain and file for file;
what differs afterwards is named; nothing is restored over a deployment in use."""

import io
import json
import tarfile

import pytest
from sqlalchemy import update

from mediation_app.court.models import Payment
from mediation_app.extensions import db
from mediation_app.reporting.models import CaseTally
from mediation_app.types import utcnow
from tests.conftest import make_app, new_database
from tests.factories import MINIMAL_PDF
from workflows.deadlines import local_date


@pytest.fixture
def empty_database(backend, tmp_path):
    """A new, empty database on the same backend, to restore into."""
    with new_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
def restored(empty_database, tmp_path):
    """The app of an empty deployment (database and stores), to restore into."""
    app = make_app(empty_database, tmp_path / "restored")
    yield app
    with app.app_context():
        db.engine.dispose()  # before its database is dropped: no connection left open


@pytest.fixture
def centre(world, api):
    """Cases in several states with their documents, evidence, a payment and a session."""
    settled = world.case("settled")
    world.case("referred_to_court")
    mediated = world.case("mediated")
    world.evidence(mediated)
    world.evidence(mediated, by=world.respondent, name="对账单.pdf", content=MINIMAL_PDF + b"%2")
    paid = api(world.mediator).post(
        f"/cases/{settled}/payments", json={"amount": "1000.00", "paid_on": _today()}
    )
    assert paid.status_code == 201, paid.get_json()
    return world


def _today() -> str:
    return local_date(utcnow()).isoformat()


@pytest.mark.with_documents
def test_a_backup_restores_whole_into_an_empty_deployment(app, centre, restored, tmp_path):
    archive = tmp_path / "backup.tar"
    created = app.test_cli_runner().invoke(args=["backup", "create", "--output", str(archive)])
    assert created.exit_code == 0, created.output
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["rows"]["cases"] == 3 and manifest["rows"]["payments"] == 1
    assert manifest["broken_chains"] == []
    documents = [n for n in manifest["files"] if n.startswith("documents/")]
    evidence = [n for n in manifest["files"] if n.startswith("evidence/")]
    assert len(documents) >= 3 and len(evidence) == 2 and set(manifest["files"]) <= set(names)

    runner = restored.test_cli_runner()
    done = runner.invoke(args=["backup", "restore", str(archive)])
    assert done.exit_code == 0, done.output
    verified = runner.invoke(args=["backup", "verify", str(archive)])
    assert verified.exit_code == 0 and "0 difference(s)" in verified.output, verified.output
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0
    # The restored deployment serves what the original served.
    client = restored.test_client()
    login = client.post(
        "/api/v1/tokens", json={"email": centre.applicant.email, "password": centre.applicant.password}
    )
    token = {"Authorization": f"Bearer {login.get_json()['token']}"}
    listed = client.get("/api/v1/cases", headers=token).get_json()["items"]
    assert len(listed) == 3
    first_document = client.get(f"/api/v1/cases/{listed[-1]['id']}/documents", headers=token).get_json()[0]
    pdf = client.get(f"/api/v1/documents/{first_document['id']}", headers=token)
    served = pdf.get_data()
    pdf.close()  # the file it streams
    assert pdf.status_code == 200 and served.startswith(b"%PDF")

    # A second restore over it is refused; a lost or changed file, a lost row, are named.
    again = runner.invoke(args=["backup", "restore", str(archive)])
    assert again.exit_code != 0 and "空的数据库" in again.output  # only into an empty one
    lost, changed = (restored.config["EVIDENCE_STORAGE"] / n.split("/")[1] for n in evidence)
    lost.unlink()
    changed.write_bytes(b"%PDF-1.4 altered")
    with restored.app_context():
        db.session.query(Payment).delete()
        db.session.execute(update(CaseTally).values(case_count=CaseTally.case_count + 1))
        db.session.commit()
    verified = runner.invoke(args=["backup", "verify", str(archive)])
    assert verified.exit_code == 1
    assert f"file {evidence[0]}: missing" in verified.output
    assert f"file {evidence[1]}: its content differs from the archive's" in verified.output
    assert "table payments: 0 rows, the archive had 1" in verified.output
    assert "centre test: totals" in verified.output


def test_an_archive_with_a_stray_member_is_refused(app, world, restored, tmp_path):
    world.case("filed")
    archive = tmp_path / "backup.tar"
    assert app.test_cli_runner().invoke(args=["backup", "create", "--output", str(archive)]).exit_code == 0
    with tarfile.open(archive, "a") as tar:
        member = tarfile.TarInfo("documents/../../escaped.pdf")
        member.size = 4
        tar.addfile(member, io.BytesIO(b"%PDF"))
    refused = restored.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    assert refused.exit_code != 0 and "unexpected member" in refused.output
    assert not (tmp_path / "escaped.pdf").exists()
