"""The ledger's pages: the export download (staff of the centre only, with the case
list's filters) and an upload imported in the background with its report."""

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.ledger import columns as c
from mediation_app.ledger.jobs import STALE_AFTER, wait_for
from mediation_app.ledger.models import ImportStatus, LedgerImport
from mediation_app.parties.operations import create_centre, create_user
from mediation_app.types import utcnow
from tests.factories import PASSWORD, Person
from tests.ledger.conftest import ledger_file, ledger_row


def _download(client, query: str = ""):
    response = client.get(f"/ledger/export.xlsx{query}")
    content = response.get_data()
    response.close()
    return response, content


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_staff_download_the_ledger_with_the_case_lists_filters(world, browser):
    world.case("settled")
    world.case("filed", claim_amount="1000.00")
    staff = browser(world.staff)
    response, content = _download(staff)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    header, settled, filed = _rows(content)
    assert header == c.COLUMNS
    assert settled[9:13] == ("调解成功", settled[10], 500000, "未履行")
    assert (settled[2], settled[5], settled[7], settled[8]) == ("当事人直接申请", "锦纶", 580000, "mediator")
    assert filed[9] == "已申请" and filed[11] is None
    _response, content = _download(staff, "?state=filed")
    assert [row[9] for row in _rows(content)[1:]] == ["已申请"]


@pytest.mark.parametrize("person", ["mediator", "applicant", "liaison"])
def test_no_one_else_downloads_the_ledger(world, browser, person):
    world.case("settled")
    response, _content = _download(browser(getattr(world, person)))
    assert response.status_code == 403


def test_bad_filters_are_refused(world, browser):
    response, _content = _download(browser(world.staff), "?filed_from=yesterday")
    assert response.status_code == 400


def _upload(client, content: io.BytesIO, **fields):
    return client.post(
        "/ledger/imports",
        data={"file": (content, "历史台账.xlsx"), **fields},
        content_type="multipart/form-data",
    )


def _finished(app, response) -> LedgerImport:
    assert response.status_code == 302
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        wait_for(import_id, timeout=60)
        return db.session.get(LedgerImport, import_id)


def test_an_upload_is_imported_in_the_background_and_its_page_shows_the_report(world, browser, app):
    staff = browser(world.staff)
    rows = [ledger_row(), ledger_row(**{c.NUMBER: "(2021)测商调字第0002号", c.CLAIM: "abc"})]
    record = _finished(app, _upload(staff, ledger_file(rows)))
    assert (record.status.value, record.imported, record.invalid_rows) == ("refused", 0, 1)
    assert record.message == "1 行有错误；未导入任何内容。"
    assert record.problems == [{"row": 3, "column": "标的额", "message": "必须为正数金额，最多两位小数"}]
    page = staff.get(f"/ledger/imports/{record.id}").get_data(as_text=True)
    assert "必须为正数金额，最多两位小数" in page and "未导入" in page
    status = staff.get(f"/ledger/imports/{record.id}/status").get_json()
    assert status["finished"] is True and status["status"] == "refused"

    record = _finished(app, _upload(staff, ledger_file(rows), valid_only="y"))
    assert (record.status.value, record.imported, record.invalid_rows) == ("done", 1, 1)
    with app.app_context():
        assert db.session.scalars(select(Case.claim_amount)).all() == [Decimal("580000.00")]


def test_an_upload_that_is_not_a_workbook_is_refused_with_a_clear_message(world, browser, app):
    staff = browser(world.staff)
    record = _finished(app, _upload(staff, io.BytesIO(b"<html>not a ledger</html>")))
    assert (record.status.value, record.message) == ("refused", "此文件不是 Excel 工作簿（.xlsx）。")


def test_an_upload_without_a_file_is_refused_on_the_page(world, browser):
    response = browser(world.staff).post("/ledger/imports", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "请选择要导入的台账工作簿" in response.get_data(as_text=True)


def test_a_running_import_shows_its_progress_and_polls_its_status(world, browser, app):
    with app.app_context():
        record = LedgerImport(
            centre_id=world.centre_id, started_by_id=world.staff.id, file_name="a.xlsx", problems=[]
        )
        db.session.add(record)
        db.session.commit()
        import_id = record.id
    page = browser(world.staff).get(f"/ledger/imports/{import_id}").get_data(as_text=True)
    assert 'id="import-progress"' in page and "ledger_import.js" in page
    labels = page.split('data-labels="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    assert json.loads(labels)["validating"] == "正在检查各行"


def _running_import(app, world, *, age: timedelta, progress_age: timedelta | None = None) -> int:
    """An import row that says it runs, as a process that died would have left it."""
    with app.app_context():
        now = utcnow()
        record = LedgerImport(
            centre_id=world.centre_id,
            started_by_id=world.staff.id,
            file_name="a.xlsx",
            problems=[],
            status=ImportStatus.IMPORTING,
            created_at=now - age,
            progress_at=None if progress_age is None else now - progress_age,
        )
        db.session.add(record)
        db.session.commit()
        return record.id


def test_an_import_whose_process_ended_is_shown_failed_with_nothing_imported(world, browser, app):
    staff = browser(world.staff)
    quiet = STALE_AFTER + timedelta(minutes=1)
    stopped = _running_import(app, world, age=quiet)
    listed = _running_import(app, world, age=2 * quiet, progress_age=quiet)
    status = staff.get(f"/ledger/imports/{stopped}/status").get_json()
    assert (status["status"], status["finished"], status["imported"]) == ("failed", True, 0)
    assert "服务器重启" in staff.get(f"/ledger/imports/{stopped}").get_data(as_text=True)
    staff.get("/ledger")  # the list of recent imports looks at each too
    with app.app_context():
        assert db.session.get(LedgerImport, listed).status is ImportStatus.FAILED


def test_an_import_with_recent_signs_of_life_is_left_running(world, browser, app):
    recent = STALE_AFTER - timedelta(minutes=1)
    progressing = _running_import(app, world, age=3 * STALE_AFTER, progress_age=recent)
    uploaded = _running_import(app, world, age=recent)
    staff = browser(world.staff)
    for import_id in (progressing, uploaded):
        status = staff.get(f"/ledger/imports/{import_id}/status").get_json()
        assert (status["status"], status["finished"]) == ("importing", False)


def test_staff_of_another_centre_neither_see_an_import_nor_export_its_cases(world, browser, app):
    world.case("settled")
    with app.app_context():
        record = LedgerImport(
            centre_id=world.centre_id, started_by_id=world.staff.id, file_name="a.xlsx", problems=[]
        )
        db.session.add(record)
        create_centre("other", "另一调解中心", "另商调")
        other = create_user(role="staff", email="staff@other.example", password=PASSWORD, centre_code="other")
        db.session.commit()
        import_id, other = record.id, Person(other.id, other.email, "staff", None)
    client = browser(other)
    assert client.get(f"/ledger/imports/{import_id}").status_code == 404
    assert client.get(f"/ledger/imports/{import_id}/status").status_code == 404
    _response, content = _download(client)
    assert _rows(content) == [c.COLUMNS]
