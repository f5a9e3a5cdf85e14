"""Every kind of the statutory set, issued by the action that causes it, rendered by
the real WeasyPrint and read back; numbers, versions and who may read what."""

import hashlib
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.documents.context import formal_chinese_date
from mediation_app.documents.models import Document
from mediation_app.documents.operations import issue_document
from mediation_app.extensions import db
from mediation_app.types import utcnow
from tests.conftest import Api
from tests.documents.test_agreement_pdf import HOSTILE
from tests.pdf import pdf_text
from tests.sessions.conftest import COURT_CASE, at, hold, schedule
from workflows.deadlines import local_date

pytestmark = pytest.mark.with_documents  # these tests read the PDFs the transitions issue

NUMBER = r"\(\d{{4}}\)测商调{code}字第(\d{{4}})号"


def _documents(app, case_id) -> dict[str, list[tuple[Document, str]]]:
    """The case's documents by kind, each with its PDF's text."""
    with app.app_context():
        found = {}
        for document in db.session.scalars(
            select(Document).where(Document.case_id == case_id).order_by(Document.id)
        ):
            pdf = storage.documents.path_of(document.storage_name).read_bytes()
            db.session.expunge(document)
            found.setdefault(document.kind, []).append((document, pdf_text(pdf)))
        return found


def _assert_says(text: str, *phrases: str) -> None:
    """Every phrase is in the document's text (all missing ones are reported at once)."""
    missing = [phrase for phrase in phrases if phrase not in text]
    assert missing == [], missing


def _only(app, case_id, kind) -> tuple[Document, str]:
    (found,) = _documents(app, case_id)[kind]
    return found


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 11, 29), "二〇二六年十一月二十九日"),
        (date(2026, 1, 1), "二〇二六年一月一日"),
        (date(2030, 10, 10), "二〇三〇年十月十日"),
        (date(2025, 12, 31), "二〇二五年十二月三十一日"),
        (date(2024, 2, 20), "二〇二四年二月二十日"),
    ],
)
def test_formal_dates_are_written_in_chinese_numerals(day, written):
    assert formal_chinese_date(day) == written


def test_acceptance_issues_the_acceptance_notice_and_the_notice_of_rights(world, app):
    case_id = world.case("assigned")
    documents = _documents(app, case_id)
    assert sorted(documents) == ["acceptance_notice", "rights_notice"]
    with app.app_context():
        case = db.session.get(Case, case_id)
        number = case.number
    notice, text = documents["acceptance_notice"][0]
    assert re.fullmatch(NUMBER.format(code="受"), notice.number)
    for expected in (
        "受理通知书",
        "测试调解中心",
        notice.number,
        number,
        "江苏常安纺织科技有限公司",
        "海安华达锦纶有限公司",
        "决定受理",
        "580,000.00",
        "伍拾捌万元整",
        "平等自愿",
        "第1页共1页",
        notice.verification_code,
    ):
        assert expected.replace(" ", "") in text, expected
    assert re.search(
        r"二〇[〇一二三四五六七八九]{2}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日", text
    )
    rights, text = documents["rights_notice"][0]
    assert re.fullmatch(NUMBER.format(code="告"), rights.number)
    _assert_says(text, "权利义务告知书", "申请其回避", "调解不收取任何费用", "如实陈述", "三十日内")


def test_numbers_run_per_kind_and_year(world, app):
    first, second = world.case("assigned"), world.case("assigned")
    serials = [
        int(re.fullmatch(NUMBER.format(code="受"), _only(app, c, "acceptance_notice")[0].number).group(1))
        for c in (first, second)
    ]
    assert serials == [1, 2]
    assert (
        re.fullmatch(NUMBER.format(code="告"), _only(app, second, "rights_notice")[0].number).group(1)
        == "0002"
    )


def test_rejection_issues_the_refusal_notice_with_its_reason(world, app):
    case_id = world.case("rejected")
    assert sorted(_documents(app, case_id)) == ["refusal_notice"]
    notice, text = _only(app, case_id, "refusal_notice")
    assert re.fullmatch(NUMBER.format(code="不受"), notice.number)
    _assert_says(text, "不予受理通知书", "不属于受理范围", "提起诉讼", "江苏常安纺织科技有限公司")


def test_referral_issues_the_termination_notice_sending_the_case_back_to_its_court(world, app):
    case_id = world.case("mediated", **COURT_CASE)
    world.fire(case_id, "refer_to_court")  # by the mediator, after mediation failed
    notice, text = _only(app, case_id, "termination_notice")
    assert re.fullmatch(NUMBER.format(code="终"), notice.number)
    _assert_says(
        text,
        "调解终结书",
        "双方分歧较大，调解不成。",
        "海安市人民法院",
        "(2024)苏0621民诉前调66号",
        "退回",
        "共召开调解会议0次",
    )


def test_withdrawal_ends_mediation_with_a_termination_notice_only_once_accepted(world, app):
    before_acceptance = world.case("filed")
    world.fire(before_acceptance, "withdraw")
    assert _documents(app, before_acceptance) == {}
    accepted = world.case("assigned")
    world.fire(accepted, "withdraw")
    _notice, text = _only(app, accepted, "termination_notice")
    assert "申请人撤回调解申请" in text and "双方已自行和解。" in text and "提起诉讼" in text


def _final_minutes(api, world, case_id, text, **session):
    mediator = api(world.mediator)
    held = schedule(mediator, case_id, **session).get_json()
    hold(world, held["id"])
    written = mediator.call(
        "PUT", f"/sessions/{held['id']}/minutes", json={"text": text, "version": 0}
    ).get_json()
    response = mediator.post(f"/sessions/{held['id']}/minutes/finalise", json={"version": written["version"]})
    assert response.status_code == 200, response.get_json()
    return held


def test_finalised_minutes_become_a_document_and_private_ones_stay_private(world, api, app):
    case_id = world.case("mediated", **COURT_CASE)
    joint = _final_minutes(api, world, case_id, "双方同意分两期付款。")
    private = _final_minutes(
        api,
        world,
        case_id,
        "被申请人底线：四十万元",
        kind="private",
        party_id=world.respondent.organisation_id,
        **at(days=3),
    )
    minutes = _documents(app, case_id)["minutes"]
    assert [d.session_id for d, _t in minutes] == [joint["id"], private["id"]]
    joint_doc, text = minutes[0]
    assert re.fullmatch(NUMBER.format(code="笔"), joint_doc.number)
    _assert_says(
        text,
        "调解笔录",
        "双方同意分两期付款。",
        "共同调解",
        "江苏常安纺织科技有限公司",
        "海安市常安大道1号三楼调解室",
    )
    private_doc = minutes[1][0]
    for person in (world.applicant, world.respondent, world.liaison):
        client = api(person)
        listed = [d["id"] for d in client.get(f"/cases/{case_id}/documents").get_json()]
        assert joint_doc.id in listed and private_doc.id not in listed
        assert client.get(f"/documents/{private_doc.id}").status_code == 404
        for event in client.get(f"/cases/{case_id}/events").get_json():
            assert event["data"].get("document_id") != private_doc.id
    for person in (world.mediator, world.staff):
        listed = [d["id"] for d in api(person).get(f"/cases/{case_id}/documents").get_json()]
        assert private_doc.id in listed


def test_the_court_reads_what_it_needs_and_not_the_parties_business(world, api):
    case_id = world.case("referred_to_court", **COURT_CASE)
    kinds = {d["kind"]: d for d in api(world.staff).get(f"/cases/{case_id}/documents").get_json()}
    assert set(kinds) == {"acceptance_notice", "rights_notice", "termination_notice"}
    liaison = api(world.liaison)
    assert {d["kind"] for d in liaison.get(f"/cases/{case_id}/documents").get_json()} == {
        "acceptance_notice",
        "termination_notice",
    }
    assert liaison.get(f"/documents/{kinds['rights_notice']['id']}").status_code == 404
    pdf = liaison.get(f"/documents/{kinds['termination_notice']['id']}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pdf.close()
    assert api(world.other_liaison).get(f"/documents/{kinds['termination_notice']['id']}").status_code == 404


def test_a_correction_is_a_new_version_and_the_old_one_remains(world, api, app, client):
    case_id = world.case("assigned")
    staff = api(world.staff)
    (old,) = [
        d for d in staff.get(f"/cases/{case_id}/documents").get_json() if d["kind"] == "acceptance_notice"
    ]
    assert staff.post(f"/documents/{old['id']}/corrections", json={"reason": ""}).status_code == 422
    for person in (world.applicant, world.liaison):
        assert api(person).post(f"/documents/{old['id']}/corrections", json={"reason": "x"}).status_code in (
            403,
            404,
        )
    response = staff.post(f"/documents/{old['id']}/corrections", json={"reason": "更正被申请人名称笔误"})
    assert response.status_code == 201, response.get_json()
    new = response.get_json()
    assert (new["number"], new["version"], new["supersedes_id"]) == (old["number"], 2, old["id"])
    listed = {d["id"]: d for d in staff.get(f"/cases/{case_id}/documents").get_json()}
    assert listed[old["id"]]["superseded"] is True and listed[new["id"]]["superseded"] is False
    _doc, text = _documents(app, case_id)["acceptance_notice"][1]
    assert "（第2版）" in text and "更正被申请人名称笔误" in text
    assert staff.post(f"/documents/{old['id']}/corrections", json={"reason": "再改"}).status_code == 409
    with app.app_context():
        old_doc = db.session.get(Document, old["id"])
        old_pdf = storage.documents.path_of(old_doc.storage_name).read_bytes()
        events = db.session.scalars(select(CaseEvent.data).where(CaseEvent.case_id == case_id)).all()
    assert old["sha256"] == hashlib.sha256(old_pdf).hexdigest()  # the old file never changes
    assert any(e.get("supersedes_id") == old["id"] for e in events)
    answer = Api(client).post("/verifications", json={"code": old_doc.verification_code}).get_json()
    assert answer["match"] is True and answer["superseded"] is True and answer["version"] == 1


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_text_in_every_kind(world, app, hostile):
    case_id = world.case("filed", summary=f"事实：{hostile}")
    world.fire(case_id, "assign")
    world.fire(case_id, "withdraw", reason=f"理由：{hostile}")
    documents = _documents(app, case_id)
    assert hostile.replace(" ", "") in documents["termination_notice"][0][1]
    refused = world.case("filed")
    world.fire(refused, "reject", reason=f"理由：{hostile}")
    assert hostile.replace(" ", "") in _only(app, refused, "refusal_notice")[1]


def test_an_agreement_paid_in_instalments_lists_them_in_figures_and_capitals(world, app):
    case_id = world.case("mediated")
    first, last = local_date(utcnow()) + timedelta(days=10), local_date(utcnow()) + timedelta(days=30)
    world.fire(
        case_id,
        "settle",
        instalments=[
            {"amount": "300000.00", "due_on": first.isoformat()},
            {"amount": "200000.00", "due_on": last.isoformat()},
        ],
    )
    _agreement, text = _only(app, case_id, "agreement")
    _assert_says(
        text,
        "分2期以银行转账方式向申请人支付",
        "第1期",
        "300,000.00",
        "叁拾万元整",
        "第2期",
        "200,000.00",
        "贰拾万元整",
        f"{last.year}年{last.month}月{last.day}日",
    )


def test_the_joint_application_for_judicial_confirmation_lists_what_the_court_needs(world, app):
    case_id = world.case("settled", **COURT_CASE)
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.agreement_effective_on = local_date(utcnow())
        agreement_number = db.session.scalar(
            select(Document.number).where(Document.case_id == case_id, Document.kind == "agreement")
        )
        issue_document(case, "confirmation_application", world.staff.user())
        db.session.commit()
    application, text = _only(app, case_id, "confirmation_application")
    assert re.fullmatch(NUMBER.format(code="确申"), application.number)
    _assert_says(
        text,
        "司法确认申请书",
        "申请人（一）",
        "江苏常安纺织科技有限公司",
        "申请人（二）",
        "海安华达锦纶有限公司",
        "海安市人民法院",
        agreement_number,
        "500,000.00",
        "伍拾万元整",
        "调解协议书（生效文本）",
        "身份证明",
        "财产权利证明",
        "送达地址确认书",
        "联系电话",
    )
