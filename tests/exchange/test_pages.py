"""The court exchange through the pages: download, import, endpoints, the delivery log."""

import io
import json

from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.exchange.models import WebhookDelivery
from mediation_app.extensions import db
from tests.exchange.conftest import COURT_NUMBER, delegated


def _english(client):
    client.post("/lang/en")
    return client


def _upload(client, content: bytes, name: str = "法院案件.json"):
    return client.post(
        "/court/exchange/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _cases(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


def test_a_liaison_downloads_its_courts_cases_and_imports_them_back(app, world, browser):
    case_id = world.case("filed", source="court_delegated", court_case_number=COURT_NUMBER.format(n=1))
    liaison = _english(browser(world.liaison))
    page = liaison.get("/court/exchange")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "海安市人民法院" in text and "如皋市人民法院" not in text  # its own court only
    assert "Delivery log" not in text  # staff's
    with liaison.get("/court/exchange/cases.json?court=苏0621&from=&to=") as download:
        assert download.status_code == 200 and download.mimetype == "application/json"
        assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
        exported = json.loads(download.get_data())
    assert exported["format"] == "court-exchange/1"
    assert [c["court_case_number"] for c in exported["cases"]] == [COURT_NUMBER.format(n=1)]
    exported["cases"].append(delegated(2))
    answer = _upload(liaison, json.dumps(exported, ensure_ascii=False).encode())
    assert answer.status_code == 302
    assert "1 case(s) imported, 1 imported before." in liaison.get("/court/exchange").get_data(as_text=True)
    assert _cases(app) == 2 and case_id


def test_a_refused_import_shows_each_case_by_index_and_imports_nothing(app, world, browser):
    liaison = _english(browser(world.liaison))
    batch = {"format": "court-exchange/1", "cases": [delegated(3), delegated(4, summary="")]}
    answer = _upload(liaison, json.dumps(batch).encode())
    assert answer.status_code == 422
    assert "cases.1.summary" in answer.get_data(as_text=True)
    assert _cases(app) == 0


def test_a_file_that_is_not_json_is_refused(world, browser):
    liaison = _english(browser(world.liaison))
    for content in (b"\xff\xfe not utf-8", b"[1, 2]", b"<html>"):
        answer = _upload(liaison, content)
        assert answer.status_code == 422 and "not a JSON object" in answer.get_data(as_text=True)
    assert _upload(liaison, b"", name="").status_code == 422


def test_a_bad_period_is_shown_on_the_page(world, browser):
    liaison = _english(browser(world.liaison))
    for query, shown in (
        ("court=苏0682", "<code>court</code>: names no court you exchange cases with"),
        ("court=苏0621&from=2026-13-01", "<code>from</code>:"),
    ):
        answer = liaison.get(f"/court/exchange/cases.json?{query}")
        assert answer.status_code == 422 and shown in answer.get_data(as_text=True)


def test_staff_register_an_endpoint_see_the_secret_once_and_the_delivery_log(app, world, browser, receiver):
    staff = _english(browser(world.staff))
    refused = staff.post("/court/exchange/endpoints", data={"court": "苏0621", "url": "ftp://x"})
    assert refused.status_code == 422 and "must be an http or https address" in refused.get_data(as_text=True)
    registered = staff.post("/court/exchange/endpoints", data={"court": "苏0621", "url": receiver.url})
    assert registered.status_code == 200
    text = registered.get_data(as_text=True)
    receiver.secret = text.split('<code class="secret">')[1].split("</code>")[0]
    assert len(receiver.secret) == 64
    assert receiver.secret not in staff.get("/court/exchange").get_data(as_text=True)
    receiver.failures = 1
    world.case("assigned", source="court_delegated", court_case_number=COURT_NUMBER.format(n=5))
    log = staff.get("/court/exchange").get_data(as_text=True)
    assert "Accepted" in log and "Sending" in log and "HTTP 500" in log
    with app.app_context():
        delivery_id = db.session.scalar(select(WebhookDelivery.id))
    assert staff.post(f"/court/exchange/deliveries/{delivery_id}/replay").status_code == 409  # still sending


def test_the_page_fits_a_narrow_screen_and_is_in_chinese_by_default(world, browser):
    text = browser(world.staff).get("/court/exchange").get_data(as_text=True)
    assert 'name="viewport"' in text and "data-label=" not in text  # no tables while empty
    assert "还没有" in text or "Nothing has been sent" in text
