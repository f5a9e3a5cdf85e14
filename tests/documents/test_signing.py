"""Signing the agreement: each party, then the mediator; it takes effect when all
have signed, and the signed copy is issued with the signatures in it."""

import base64
import io
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases.models import Case
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from mediation_app.types import utcnow
from tests.factories import MINIMAL_PDF
from tests.pdf import pdf_text
from tests.sessions.conftest import COURT_CASE
from workflows.deadlines import local_date

pytestmark = pytest.mark.with_documents  # these tests read the PDFs the transitions issue


def _png(draw=True, size=(240, 80), mode="RGBA") -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    if draw:
        ImageDraw.Draw(image).line([(10, 60), (80, 10), (150, 70), (230, 20)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _seal() -> bytes:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([5, 5, 195, 195], outline="red", width=8)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _sign(client, case_id, method="drawn", signature=None, seal=None, scan=None, **fields):
    data = {"method": method, **fields}
    if signature is not None:
        data["signature"] = (io.BytesIO(signature), "signature.png")
    if seal is not None:
        data["seal"] = (io.BytesIO(seal), "seal.png")
    if scan is not None:
        data["scan"] = (io.BytesIO(scan), "signed.pdf")
    return client.post(f"/cases/{case_id}/signatures", data=data, content_type="multipart/form-data")


def _status(client, case_id):
    return client.get(f"/cases/{case_id}/signatures").get_json()


def test_each_party_signs_then_the_mediator_and_the_agreement_takes_effect(world, api, app):
    case_id = world.agreed(**COURT_CASE)
    applicant, respondent, mediator = api(world.applicant), api(world.respondent), api(world.mediator)
    assert _status(applicant, case_id)["awaiting"] == ["applicant", "respondent", "mediator"]
    early = _sign(mediator, case_id, signature=_png())
    assert early.status_code == 409  # the mediator countersigns last
    answer = _sign(applicant, case_id, signature=_png(), seal=_seal())
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["awaiting"] == ["respondent", "mediator"]
    assert _sign(applicant, case_id, signature=_png(), seal=_seal()).status_code == 409  # once
    assert _sign(respondent, case_id, method="scan", scan=MINIMAL_PDF).status_code == 201
    status = _status(applicant, case_id)
    assert [s["signer_role"] for s in status["signatures"]] == ["applicant", "respondent"]
    assert status["effective_on"] is None
    # not yet a success: the case is still in mediation and the totals do not count it
    assert applicant.get(f"/cases/{case_id}").get_json()["state"] == "mediated"
    assert api(world.staff).get("/totals").get_json()["concluded"] == 0
    done = _sign(mediator, case_id, signature=_png())
    assert done.status_code == 201, done.get_json()
    status = done.get_json()
    assert status["awaiting"] == [] and status["effective_on"] == local_date(utcnow()).isoformat()
    assert applicant.get(f"/cases/{case_id}").get_json()["state"] == "settled"
    totals = api(world.staff).get("/totals").get_json()
    assert totals["concluded"] == 1 and totals["resolved_claim_amount"] == "580000.00"
    with app.app_context():
        assert db.session.get(Case, case_id).agreement_effective_on == local_date(utcnow())
        agreement, signed = db.session.scalars(
            select(Document)
            .where(Document.case_id == case_id, Document.kind.in_(["agreement", "signed_agreement"]))
            .order_by(Document.id)
        ).all()
        assert signed.kind == "signed_agreement" and signed.number == agreement.number
        pdf = storage.documents.path_of(signed.storage_name).read_bytes()
    text = pdf_text(pdf)
    assert "生效文本" in text and "已于" in text and "生效" in text and "签章页扫描件存档" in text
    assert pdf.count(b"/Subtype /Image") + pdf.count(b"/Subtype/Image") >= 3  # two drawings and a seal
    assert _sign(respondent, case_id, method="scan", scan=MINIMAL_PDF).status_code == 409  # already effective
    actions = [e["action"] for e in applicant.get(f"/cases/{case_id}/events").get_json()]
    assert actions.count("sign_agreement") == 3 and actions[-4:] == [
        "agreement_effective",
        "settle",  # fired by the last signature
        "issue_document",  # the signed copy
        "store_document",
    ]
    # the court may read the signed copy (it needs it for judicial confirmation)
    kinds = {d["kind"] for d in api(world.liaison).get(f"/cases/{case_id}/documents").get_json()}
    assert kinds == {"acceptance_notice", "signed_agreement"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"method": "sketch"}, "method"),
        ({"signature": None, "seal": "seal"}, "signature"),
        ({"signature": "blank", "seal": "seal"}, "signature"),
        ({"signature": "text", "seal": "seal"}, "signature"),
        ({"signature": "drawn"}, "seal"),
        ({"method": "scan"}, "scan"),
        ({"method": "scan", "scan": b"MZ\x90\x00 not a document"}, "scan"),
    ],
)
def test_bad_signatures_are_refused_and_nothing_is_recorded(world, api, app, fields, field):
    case_id = world.agreed()
    images = {"drawn": _png(), "blank": _png(draw=False), "text": b"<svg onload=alert(1)>", "seal": _seal()}
    method = fields.get("method", "drawn")
    signature = images.get(fields.get("signature")) if fields.get("signature") else None
    seal = images.get(fields.get("seal")) if fields.get("seal") else None
    response = _sign(
        api(world.applicant), case_id, method=method, signature=signature, seal=seal, scan=fields.get("scan")
    )
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert _status(api(world.applicant), case_id)["signatures"] == []
    with app.app_context():
        assert (
            sorted(p.suffix for p in storage.documents.root().iterdir()) == [".pdf"] * 3
        )  # the issued ones only


def test_who_may_sign(world, api):
    case_id = world.agreed()
    for person in (world.outsider, world.other_mediator, world.other_liaison):
        assert _sign(api(person), case_id, signature=_png(), seal=_seal()).status_code == 404
    assert _sign(api(world.liaison), case_id, method="scan", scan=MINIMAL_PDF).status_code == 404
    staff = api(world.staff)
    assert _sign(staff, case_id, signature=_png()).status_code == 403  # staff draw no one's signature
    assert _sign(staff, case_id, method="scan", scan=MINIMAL_PDF).status_code == 403  # whose?
    recorded = _sign(staff, case_id, method="scan", scan=MINIMAL_PDF, party="respondent")
    assert recorded.status_code == 201 and recorded.get_json()["awaiting"] == ["applicant", "mediator"]
    open_case = world.case("mediated")
    assert _sign(api(world.applicant), open_case, signature=_png(), seal=_seal()).status_code == 409


def test_a_signed_agreement_cannot_be_corrected_but_an_unsigned_one_can(world, api):
    case_id = world.agreed()
    staff = api(world.staff)
    (agreement,) = [
        d for d in staff.get(f"/cases/{case_id}/documents").get_json() if d["kind"] == "agreement"
    ]
    corrected = staff.post(f"/documents/{agreement['id']}/corrections", json={"reason": "更正履行期限笔误"})
    assert corrected.status_code == 201
    assert (
        _status(staff, case_id)["agreement_id"] == corrected.get_json()["id"]
    )  # parties sign the new version
    assert _sign(api(world.applicant), case_id, signature=_png(), seal=_seal()).status_code == 201
    again = staff.post(f"/documents/{corrected.get_json()['id']}/corrections", json={"reason": "再改"})
    assert again.status_code == 409


def test_signing_from_the_case_page_with_a_drawn_signature(world, client, app):
    from tests.conftest import log_in

    case_id = world.agreed()
    log_in(client, world.applicant)
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "signature-pad" in page and 'name="seal"' in page
    data_url = "data:image/png;base64," + base64.b64encode(_png()).decode()
    unconfirmed = client.post(
        f"/cases/{case_id}/signatures",
        data={"method": "drawn", "signature": data_url, "seal": (io.BytesIO(_seal()), "seal.png")},
        content_type="multipart/form-data",
    )
    assert unconfirmed.status_code == 422
    response = client.post(
        f"/cases/{case_id}/signatures",
        data={
            "method": "drawn",
            "signature": data_url,
            "seal": (io.BytesIO(_seal()), "seal.png"),
            "confirm": "yes",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "江苏常安纺织科技有限公司" in page or world.applicant.email in page or "✔" in page
    assert page.count("✔") == 1


def test_a_party_that_refuses_to_sign_lets_the_mediator_end_the_mediation_unsettled(world, api, app):
    case_id = world.agreed(**COURT_CASE)
    respondent, mediator = api(world.respondent), api(world.mediator)
    assert respondent.post(f"/cases/{case_id}/signatures/refusal", json={}).status_code == 422  # why?
    assert mediator.post(f"/cases/{case_id}/signatures/refusal", json={"reason": "x"}).status_code == 403
    assert (
        api(world.outsider).post(f"/cases/{case_id}/signatures/refusal", json={"reason": "x"}).status_code
        == 404
    )
    refused = respondent.post(f"/cases/{case_id}/signatures/refusal", json={"reason": "付款期限无法接受。"})
    assert refused.status_code == 201, refused.get_json()
    status = refused.get_json()
    assert [(r["signer_role"], r["reason"]) for r in status["refusals"]] == [
        ("respondent", "付款期限无法接受。")
    ]
    assert status["effective_on"] is None and status["sign_by"] is not None
    with app.app_context():
        told = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "signature_refused")
        ).all()
        assert [m.recipient for m in told] == [world.mediator.email] and "付款期限无法接受。" in told[0].body
    ended = mediator.fire(case_id, "refer_to_court", reason="被申请人拒绝签署调解协议，调解不成。")
    assert ended.status_code == 200 and ended.get_json()["state"] == "referred_to_court"
    kinds = [d["kind"] for d in mediator.get(f"/cases/{case_id}/documents").get_json()]
    assert "termination_notice" in kinds and "signed_agreement" not in kinds
    totals = api(world.staff).get("/totals").get_json()
    assert totals["concluded"] == 0 and totals["referred_to_court"] == 1


def test_after_the_signing_period_the_mediator_is_offered_to_end_the_mediation(world, client, app):
    from tests.conftest import log_in

    case_id = world.agreed()
    warning = "签署期限已届满"
    log_in(client, world.mediator)
    assert warning not in client.get(f"/cases/{case_id}").get_data(as_text=True)
    with app.app_context():  # the agreement was recorded long ago (test set-up of time)
        case = db.session.get(Case, case_id)
        case.agreement_recorded_at = utcnow() - timedelta(days=app.config["AGREEMENT_SIGNING_DAYS"] + 1)
        db.session.commit()
    assert warning in client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_each_signature_but_the_last_tells_everyone_else_whose_is_still_awaited(world, api, app):
    case_id = world.agreed()
    assert _sign(api(world.applicant), case_id, signature=_png(), seal=_seal()).status_code == 201
    with app.app_context():
        told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "agreement_signed")).all()
        assert sorted(m.recipient for m in told) == sorted([world.respondent.email, world.mediator.email])
        assert (
            "江苏常安纺织科技有限公司已签署" in told[0].body
            and "尚待签署：海安华达锦纶有限公司、" in told[0].body
        )
