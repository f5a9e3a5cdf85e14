"""The annual evaluation and its shortlist of outstanding mediators (商会调解之星): per
mediator over a year, training hours from the register beside the case figures; the
centre sets the thresholds; the federation receives a workbook and a PDF."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from mediation_app.mediators.operations import record_training
from mediation_app.types import utcnow
from tests.pdf import pdf_text
from workflows.deadlines import local_date

RULE = {
    "min_concluded": 1,
    "min_success_rate": 50,
    "min_satisfaction": "3.5",
    "max_breaches": 0,
    "min_training_hours": "6",
}


@pytest.fixture
def year(app, world, api) -> int:
    """This year: the world's mediator settled one case (answered 5 and 4) and referred
    none; the other mediator settled one and had it answered 2; both trained."""
    settled = world.case("settled")
    api(world.applicant).post(f"/cases/{settled}/survey", json={"score": 5})
    api(world.respondent).post(f"/cases/{settled}/survey", json={"score": 4})
    today = local_date(utcnow())
    with app.app_context():
        staff = world.staff.user()
        for person, hours in ((world.mediator, "8"), (world.other_mediator, "2")):
            course = {"course": "商事调解实务", "held_on": today.isoformat(), "hours": hours}
            record_training(staff, person.id, course)
        last_year = {"course": "旧课程", "held_on": date(today.year - 1, 6, 1).isoformat(), "hours": "40"}
        record_training(staff, world.other_mediator.id, last_year)  # another year: not counted
    return today.year


def test_the_shortlist_follows_the_centres_rule(world, api, year):
    staff = api(world.staff)
    default = staff.get(f"/evaluation?year={year}").get_json()
    assert default["shortlist"] == []  # the default rule asks for five cases concluded
    assert staff.call("PUT", "/evaluation/rule", json=RULE).status_code == 200
    evaluation = staff.get(f"/evaluation?year={year}").get_json()
    rows = {row["mediator_id"]: row for row in evaluation["mediators"]}
    assert rows[world.mediator.id]["training_hours"] == "8.0"
    assert rows[world.other_mediator.id]["training_hours"] == "2.0"
    assert (rows[world.mediator.id]["satisfaction"], rows[world.mediator.id]["success_rate"]) == (
        "4.5",
        "100.0",
    )
    assert evaluation["shortlist"] == [world.mediator.id] and rows[world.mediator.id]["shortlisted"]
    assert evaluation["rule"]["min_satisfaction"] == "3.5"
    earlier = staff.get(f"/evaluation?year={year - 1}").get_json()
    assert earlier["shortlist"] == [] and {r["training_hours"] for r in earlier["mediators"]} == {
        "0.0",
        "40.0",
    }


@pytest.mark.parametrize(
    ("change", "blamed"),
    [
        ({"min_success_rate": 101}, "min_success_rate"),
        ({"min_satisfaction": "5.5"}, "min_satisfaction"),
        ({"min_training_hours": "1.25"}, "min_training_hours"),
        ({"max_breaches": -1}, "max_breaches"),
        ({"min_concluded": "3"}, "min_concluded"),  # a JSON integer, not a string
    ],
)
def test_a_bad_threshold_is_refused_by_name(world, api, change, blamed):
    refused = api(world.staff).call("PUT", "/evaluation/rule", json=RULE | change)
    assert refused.status_code == 422 and blamed in refused.get_json()["error"]["fields"]


def test_a_bad_year_is_refused(world, api, browser):
    assert api(world.staff).get("/evaluation?year=1899").status_code == 422
    assert browser(world.staff).get("/evaluation?year=abcd").status_code == 422


def test_the_page_saves_the_rule_and_names_the_shortlisted(world, browser, year):
    staff = browser(world.staff)
    refused = staff.post("/evaluation/rule", data=RULE | {"min_success_rate": "lots"})
    assert refused.status_code == 422 and 'href="#min_success_rate"' in refused.get_data(as_text=True)
    saved = staff.post("/evaluation/rule", data=RULE, follow_redirects=True)
    assert saved.status_code == 200
    page = staff.get(f"/evaluation?year={year}").get_data(as_text=True)
    shortlist = page.split("商会调解之星", 1)[1]
    assert "mediator:" in shortlist and "other-mediator:" not in shortlist


def test_the_federation_gets_a_workbook_and_a_pdf_that_match_the_page(world, api, browser, year):
    api(world.staff).call("PUT", "/evaluation/rule", json=RULE)
    staff = browser(world.staff)
    with staff.get(f"/evaluation/export.xlsx?year={year}") as workbook:  # closes its temporary file
        assert workbook.status_code == 200
        content = workbook.data
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[0] == "调解员" and header[-1] == "调解之星候选"
    mine = next(row for row in rows if row[0] == "mediator")
    assert (mine[3], float(mine[9]), mine[-1]) == (1, 8.0, "是")  # settled, training hours, shortlisted
    pdf = staff.get(f"/evaluation/export.pdf?year={year}")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    text = pdf_text(pdf.data)
    assert f"{year}年度" in text and "调解员年度考评表" in text and "mediator" in text
    assert "结案不少于1件" in text.replace(" ", "")
