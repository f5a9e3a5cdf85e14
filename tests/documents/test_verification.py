"""Anyone holding a document checks it against the record; a tampered copy fails."""

import io
import re

import pytest
from sqlalchemy import select

from mediation_app import storage
from mediation_app.documents.models import Document
from mediation_app.documents.verification import normalise_code
from mediation_app.extensions import db
from tests.conftest import Api
from tests.pdf import pdf_text

pytestmark = pytest.mark.with_documents  # these tests read the PDFs the transitions issue


def _issued(world, app):
    case_id = world.case("settled")
    with app.app_context():
        document = db.session.scalars(
            select(Document).where(Document.case_id == case_id, Document.kind == "agreement")
        ).one()
        return (
            document.verification_code,
            storage.documents.path_of(document.storage_name).read_bytes(),
            case_id,
        )


def test_the_code_is_printed_on_the_document_and_checks_out(world, app, client):
    code, pdf, _case_id = _issued(world, app)
    assert code in pdf_text(pdf)
    answer = Api(client).post("/verifications", json={"code": code.lower().replace("-", " ")}).get_json()
    assert answer["match"] is True and answer["kind"] == "agreement"
    assert re.fullmatch(r"\(\d{4}\)测商调协字第\d{4}号", answer["number"])
    assert answer["version"] == 1 and answer["superseded"] is False
    # nothing about the parties or the terms: the signature names the centre only
    assert set(answer) == {"match", "kind", "number", "version", "superseded", "issued_on", "signature"}
    assert set(answer["signature"]) == {"signer", "organisation", "signed_at", "intact", "valid", "trusted"}


def test_the_file_itself_checks_out_and_a_tampered_copy_does_not(world, app, client):
    code, pdf, _case_id = _issued(world, app)
    api = Api(client)

    def check(content, **fields):
        data = {"file": (io.BytesIO(content), "协议.pdf"), **fields}
        return api.post("/verifications", data=data, content_type="multipart/form-data").get_json()["match"]

    assert check(pdf) is True and check(pdf, code=code) is True
    tampered = pdf[:2000] + bytes([pdf[2000] ^ 0x01]) + pdf[2001:]  # one bit changed
    assert tampered != pdf and check(tampered) is False and check(tampered, code=code) is False
    assert api.post("/verifications", json={"code": "0000-0000-0000"}).get_json() == {"match": False}
    assert api.post("/verifications", json={"code": "not a code"}).get_json() == {"match": False}


def test_the_public_page(world, app, client):
    code, _pdf, _case_id = _issued(world, app)
    page = client.get("/verify")
    assert page.status_code == 200 and "验证码" in page.get_data(as_text=True)
    ok = client.post("/verify", data={"code": code}).get_data(as_text=True)
    assert "与中心存档一致" in ok
    bad = client.post(
        "/verify", data={"file": (io.BytesIO(b"%PDF-forged"), "x.pdf")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "不一致" in bad
    assert "江苏常安纺织科技有限公司" not in ok  # the parties are not disclosed


def test_codes_are_read_leniently_but_exactly():
    assert normalise_code(" 7k3q 9xwm 2prb ") == "7K3Q-9XWM-2PRB"
    assert normalise_code("7K3Q-9XWM-2PRI") == "7K3Q-9XWM-2PR1"  # I is read as 1
    assert normalise_code("7K3Q-9XWM-2PR") is None
    assert normalise_code(None) is None
