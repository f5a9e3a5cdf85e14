"""The electronic service certificate (电子送达凭证): issued by staff from one party's
service records, each document with its channel, masked address and times, read back
from the rendered PDF."""

import os

import pytest

from mediation_app.notifications.operations import send_pending
from tests.pdf import pdf_text

pytestmark = pytest.mark.with_documents


def test_staff_issue_a_partys_service_certificate_from_its_records(app, world, api, address, smtp, client):
    case_id = world.case("filed")
    applicant = api(world.applicant)
    applicant.call("PUT", f"/cases/{case_id}/service-address", json=address)
    world.fire(case_id, "assign")
    with app.app_context():
        send_pending()  # the e-mails reach the mail server: delivered

    staff = api(world.staff)
    issued = staff.post(f"/cases/{case_id}/service-certificates", json={"party": "applicant"})
    assert issued.status_code == 201 and issued.get_json()["kind"] == "service_certificate"
    document_id = issued.get_json()["id"]
    with staff.get(f"/documents/{document_id}") as response:
        pdf = response.data
    if path := os.environ.get("SERVICE_CERTIFICATE_PDF"):  # to look at it: pdftoppm -png -r 60
        with open(path, "wb") as out:
            out.write(pdf)
    text = pdf_text(pdf)
    assert "电子送达凭证" in text and "江苏常安纺织科技有限公司（申请人）" in text
    for expected in ("受理通知书", "权利义务告知书", "电子邮件", "系统站内信", "l***@changan.example"):
        assert expected in text
    assert "legal@changan.example" not in text  # the address masked
    assert "与送达回证具有同等效力" in text

    # the respondent reads neither the applicant's certificate nor its address
    assert api(world.respondent).get(f"/documents/{document_id}").status_code == 404
    with applicant.get(f"/documents/{document_id}") as own:
        assert own.status_code == 200


def test_a_certificate_needs_something_served_and_a_party(world, api):
    case_id = world.case("filed")
    staff = api(world.staff)
    assert (
        staff.post(f"/cases/{case_id}/service-certificates", json={"party": "respondent"}).status_code == 409
    )
    missing = staff.post(f"/cases/{case_id}/service-certificates", json={})
    assert missing.status_code == 422 and "party" in missing.get_json()["error"]["fields"]
    refused = api(world.applicant).post(f"/cases/{case_id}/service-certificates", json={"party": "applicant"})
    assert refused.status_code == 403
