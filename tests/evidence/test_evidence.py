"""Evidence: checked by content, stored under generated names, shown only to whom it may be."""

import hashlib
import io
import re
import zipfile
from urllib.parse import quote

import pytest

from mediation_app.evidence import operations
from tests.factories import MINIMAL_PDF

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(api_client, case_id, name, content, **fields):
    data = {"file": (io.BytesIO(content), name), "category": "contract", **fields}
    return api_client.post(f"/cases/{case_id}/evidence", data=data, content_type="multipart/form-data")


def _download(api_client, evidence_id):
    response = api_client.get(f"/evidence/{evidence_id}")
    body = response.get_data()
    response.close()
    return response, body


def test_a_party_uploads_evidence_and_gets_the_same_bytes_and_chinese_name_back(world, api, app):
    case_id = world.case("assigned")
    applicant = api(world.applicant)
    created = _upload(applicant, case_id, "买卖合同（2024）.pdf", MINIMAL_PDF, description="双方签订的合同")
    assert created.status_code == 201, created.get_json()
    evidence = created.get_json()
    assert evidence["name"] == "买卖合同（2024）.pdf" and evidence["content_type"] == "application/pdf"
    assert evidence["sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()
    response, body = _download(api(world.mediator), evidence["id"])
    assert response.status_code == 200 and body == MINIMAL_PDF
    assert response.headers["X-Content-SHA256"] == evidence["sha256"]
    assert f"filename*=UTF-8''{quote('买卖合同（2024）.pdf')}" in response.headers["Content-Disposition"]
    events = applicant.get(f"/cases/{case_id}/events").get_json()
    assert events[-1]["action"] == "upload_evidence" and events[-1]["data"]["sha256"] == evidence["sha256"]
    stored = list(app.config["EVIDENCE_STORAGE"].iterdir())
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{32}\.pdf", stored[0].name)


def test_two_files_with_the_same_chinese_name_are_both_kept(world, api):
    case_id = world.case("mediated")
    applicant = api(world.applicant)
    first = _upload(applicant, case_id, "发票.pdf", MINIMAL_PDF).get_json()
    second = _upload(applicant, case_id, "发票.pdf", MINIMAL_PDF + b"%second").get_json()
    assert first["id"] != second["id"]
    listed = applicant.get(f"/cases/{case_id}/evidence").get_json()
    assert [e["name"] for e in listed] == ["发票.pdf", "发票.pdf"]
    assert _download(applicant, second["id"])[1].endswith(b"%second")


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("scan.png", PNG, True),
        ("photo.jpeg", JPEG, True),
        ("意见.docx", _docx(), True),
        ("noextension", PNG, True),
        ("invoice.pdf", b"<html><script>alert(1)</script></html>", False),
        ("empty.pdf", b"", False),
        ("photo.png", JPEG, False),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 40, False),
        ("run.exe", b"MZ\x90\x00", False),
    ],
)
def test_files_are_judged_by_their_content(world, api, name, content, accepted):
    case_id = world.case("assigned")
    response = _upload(api(world.applicant), case_id, name, content)
    if accepted:
        assert response.status_code == 201, response.get_json()
    else:
        assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]


def test_a_path_in_the_name_is_dropped_and_never_used_for_storage(world, api, app):
    case_id = world.case("assigned")
    evidence = _upload(api(world.applicant), case_id, "../../x.pdf", MINIMAL_PDF).get_json()
    assert evidence["name"] == "x.pdf"
    assert all(p.parent == app.config["EVIDENCE_STORAGE"] for p in app.config["EVIDENCE_STORAGE"].iterdir())


def test_size_limits(world, api, app, monkeypatch):
    case_id = world.case("assigned")
    applicant = api(world.applicant)
    # Small limits keep the test's request bodies in memory.
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_BYTES", 2048)
    too_big = _upload(applicant, case_id, "big.pdf", MINIMAL_PDF + b"0" * 2048)
    assert too_big.status_code == 422 and "2 KB" in too_big.get_json()["error"]["fields"]["file"]
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    body_too_big = _upload(applicant, case_id, "big.pdf", MINIMAL_PDF + b"0" * 8192)
    assert body_too_big.status_code == 413 and body_too_big.get_json()["error"]["code"] == "too_large"
    assert applicant.get(f"/cases/{case_id}/evidence").get_json() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", "gossip"), ("category", None), ("mediator_only", "perhaps"), ("description", "a\x00b")],
)
def test_bad_fields_are_refused(world, api, field, value):
    case_id = world.case("assigned")
    fields = {field: value} if value is not None else {}
    data = {"file": (io.BytesIO(MINIMAL_PDF), "a.pdf"), "category": "contract", **fields}
    if value is None:
        del data[field]
    response = api(world.applicant).post(
        f"/cases/{case_id}/evidence", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_a_mediator_only_file_is_hidden_from_the_other_party_and_the_court(world, api):
    case_id = world.case("mediated", source="court_delegated", court_case_number="(2024)苏0621民诉前调77号")
    secret = _upload(
        api(world.respondent), case_id, "底线报价.pdf", MINIMAL_PDF, mediator_only="true"
    ).get_json()
    assert secret["mediator_only"] is True
    for person in (world.applicant, world.liaison):
        client = api(person)
        assert client.get(f"/cases/{case_id}/evidence").get_json() == []
        assert _download(client, secret["id"])[0].status_code == 404
        assert all(
            e["action"] != "upload_evidence" for e in client.get(f"/cases/{case_id}/events").get_json()
        )
    for person in (world.respondent, world.mediator, world.staff):
        client = api(person)
        assert [e["id"] for e in client.get(f"/cases/{case_id}/evidence").get_json()] == [secret["id"]]
        assert _download(client, secret["id"])[0].status_code == 200


def test_who_may_upload(world, api):
    case_id = world.case("assigned", source="court_delegated", court_case_number="(2024)苏0621民诉前调78号")
    assert _upload(api(world.liaison), case_id, "a.pdf", MINIMAL_PDF).status_code == 403
    assert _upload(api(world.outsider), case_id, "a.pdf", MINIMAL_PDF).status_code == 404
    assert _upload(api(world.other_mediator), case_id, "a.pdf", MINIMAL_PDF).status_code == 404
    for person in (world.applicant, world.respondent, world.mediator, world.staff):
        assert _upload(api(person), case_id, "a.pdf", MINIMAL_PDF).status_code == 201
    closed = world.case("settled")
    assert _upload(api(world.applicant), closed, "late.pdf", MINIMAL_PDF).status_code == 409


def test_a_failed_upload_leaves_no_file_behind(world, ctx, app, monkeypatch):
    case_id = world.case("assigned")

    def fail(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(operations, "record_event", fail)
    with pytest.raises(RuntimeError):
        operations.upload_evidence(
            world.applicant.user(), case_id, file_name="a.pdf", content=MINIMAL_PDF, category="contract"
        )
    assert list(app.config["EVIDENCE_STORAGE"].iterdir()) == []


def test_the_case_page_uploads_and_lists_evidence(world, browser):
    case_id = world.case("assigned")
    page = browser(world.applicant)
    response = page.post(
        f"/cases/{case_id}/evidence",
        data={
            "file": (io.BytesIO(MINIMAL_PDF), "送货单.pdf"),
            "category": "delivery",
            "description": "三月送货单",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "送货单.pdf" in html and "三月送货单" in html
    link = re.search(r'href="(/evidence/\d+)"', html)[1]
    download = page.get(link)
    assert download.get_data() == MINIMAL_PDF
    download.close()
    refused = page.post(
        f"/cases/{case_id}/evidence",
        data={"file": (io.BytesIO(b"<html>"), "fake.pdf"), "category": "delivery"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and 'class="error"' in refused.get_data(as_text=True)
