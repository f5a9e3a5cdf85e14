"""The centre's seal: staff upload a transparent PNG, and the agreements that take
effect afterwards carry it; the unsigned agreement keeps the place for it."""

import io

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlalchemy import select

from mediation_app import storage
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from tests.conftest import log_in
from tests.pdf import pdf_text


def _png(size=(400, 400), background=(0, 0, 0, 0), mode="RGBA") -> bytes:
    image = Image.new(mode, size, background if mode == "RGBA" else "white")
    ImageDraw.Draw(image).ellipse([10, 10, size[0] - 10, size[1] - 10], outline="red", width=12)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _upload(client, content: bytes | None, name="seal.png"):
    data = {"seal": (io.BytesIO(content), name)} if content is not None else {}
    return client.post("/centre/seal", data=data, content_type="multipart/form-data")


def _image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    return [image.image.size for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "选择"),
        (_png(mode="RGB"), "透明"),  # no transparency: it would hide the text under it
        (_png(background=(255, 255, 255, 255)), "透明"),  # an alpha channel, but opaque everywhere
        (_png(size=(50, 50)), "200"),
        (b"\xff\xd8\xff\xe0 a jpeg", "PNG"),
        (b"<svg onload=alert(1)>", "PNG"),
    ],
)
def test_a_seal_that_is_not_a_transparent_png_is_refused(world, client, app, content, message):
    log_in(client, world.staff)
    response = _upload(client, content)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Centre, world.centre_id).seal_storage_name is None
        assert list(storage.documents.root().iterdir()) == []


def test_only_staff_keep_the_seal(world, client):
    for person in (world.mediator, world.applicant, world.liaison, world.admin):
        log_in(client, person)
        assert _upload(client, _png()).status_code == 403
        refused = client.get("/centre/seal.png")
        assert refused.status_code == 403
        refused.close()


@pytest.mark.with_documents
def test_the_agreement_in_effect_carries_the_seal_and_the_unsigned_one_its_place(world, client, app):
    log_in(client, world.staff)
    assert _upload(client, _png()).status_code == 302
    page = client.get("/centre/seal").get_data(as_text=True)
    assert "/centre/seal.png" in page
    image = client.get("/centre/seal.png")
    assert image.headers["Content-Type"] == "image/png"
    image.close()

    case_id = world.agreed()
    world.sign_all(case_id)
    with app.app_context():
        documents = {
            d.kind: storage.documents.path_of(d.storage_name).read_bytes()
            for d in db.session.scalars(select(Document).where(Document.case_id == case_id))
            if d.kind in ("agreement", "signed_agreement")
        }
    unsigned, signed = documents["agreement"], documents["signed_agreement"]
    assert "（印章）" in pdf_text(unsigned) and "（印章）" not in pdf_text(signed)
    assert _image_sizes(unsigned) == [] and (400, 400) in _image_sizes(signed)  # the seal, as uploaded
    text = pdf_text(signed)
    # the payment clause comes from the recorded fields, not a fixed phrase
    assert "以银行转账方式向申请人一次性付清" in text
