"""The agreement PDF, rendered by the real WeasyPrint and read back."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases import operations
from mediation_app.documents import render
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from tests.pdf import pdf_text

pytestmark = pytest.mark.with_documents  # these tests read the PDFs the transitions issue

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
]


def _agreement(world, case_id) -> tuple[Document, bytes]:
    document = db.session.scalars(
        select(Document).where(Document.case_id == case_id, Document.kind == "agreement")
    ).one()
    return document, storage.documents.path_of(document.storage_name).read_bytes()


def test_settling_issues_an_agreement_with_the_statutory_contents(world, ctx):
    case_id = world.case("settled")
    document, pdf = _agreement(world, case_id)
    text = pdf_text(pdf)
    case = world.load(case_id)
    for expected in (
        "调解协议书",
        case.number,
        "江苏常安纺织科技有限公司",
        world.applicant_uscc,
        "海安华达锦纶有限公司",
        world.respondent_uscc,
        "海安市常安大道1号",
        "张伟",
        "580,000.00",
        "伍拾捌万元整",
        "500,000.00",
        "伍拾万元整",
        "被申请人分两期付清货款。",
        "申请人放弃利息。",
        "履行方式与期限",
        "签名或盖章",
        "调解员",
        "第1页共",
    ):
        assert expected in text, expected
    assert document.template_version == render.template_version("agreement")
    assert len(document.sha256) == 64 and document.size == len(pdf)


def test_the_agreement_is_pdf_a(world, ctx):
    _document, pdf = _agreement(world, world.case("settled"))
    metadata = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata and b"pdfaid:conformance" in metadata


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_appears_literally_and_nothing_is_fetched_or_attached(world, ctx, hostile):
    case_id = world.case("mediated", summary=f"事实：{hostile}")
    case = world.load(case_id)
    data = {"trigger": "record_agreement", "version": case.version, **world.trigger_data("record_agreement")}
    data["terms"] = [f"条款 {hostile}"]
    operations.transition_case(world.mediator.user(), case_id, data)
    _document, pdf = _agreement(world, case_id)
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    assert hostile.replace(" ", "") in text
    assert "49" not in text.split("事实：")[1][:10]  # {{7*7}} was not evaluated
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert [(a["/Subtype"], a["/FT"]) for a in annotations] == [("/Widget", "/Sig")]  # the centre's signature


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "data:text/css,body{}",
        "asset:../../etc/passwd",
        "asset:missing.css",
    ],
)
def test_the_url_fetcher_refuses_everything_but_the_apps_own_assets(url):
    with pytest.raises(render.RefusedResource):
        render.AssetFetcher().fetch(url)
    assert render.AssetFetcher().fetch("asset:base.css").read().startswith(b"/*")


def test_a_raw_stylesheet_link_to_a_local_file_is_refused(tmp_path, caplog):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f'<html><head><link rel="stylesheet" href="file://{secret}"></head><body><p>正文</p></body></html>'
    pdf = render.Layout()(html)  # what the renderer process runs, here where its log is captured
    assert "正文" in pdf_text(pdf)
    assert any("refused resource" in r.getMessage() and str(secret) in r.getMessage() for r in caplog.records)
