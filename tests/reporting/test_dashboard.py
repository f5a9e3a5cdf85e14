"""The dashboard and the statistics API: figures, charts with their tables, the
court liaison's slice, the period filter and its refusals."""

from decimal import Decimal

import pytest

from mediation_app.cases.operations import file_case
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.parties.operations import create_centre, create_user
from mediation_app.reporting.charts import Series, bar_chart, line_chart
from mediation_app.reporting.periods import Period
from mediation_app.reporting.queries import statistics
from mediation_app.types import utcnow
from tests.factories import PASSWORD
from workflows.deadlines import local_date

COURT_NUMBER = "(2024)苏0621民诉前调{}号"


@pytest.fixture
def history(world):
    """Two settled cases (one from the court), one referred, one filed, one rejected."""
    world.case("settled")
    world.case("settled", source="court_delegated", court_case_number=COURT_NUMBER.format(1))
    world.case("referred_to_court")
    world.case("filed")
    world.case("rejected", claim_amount="1000.00")
    return world


def test_the_api_gives_the_headline_months_and_breakdowns(history, api):
    body = api(history.staff).get("/statistics").get_json()
    this_month = f"{local_date(utcnow()):%Y-%m}"
    assert body["period"]["to"] == this_month
    headline = body["headline"]
    assert (headline["received"], headline["accepted"], headline["concluded"]) == (5, 3, 3)
    assert (headline["settled"], headline["referred_to_court"], headline["rejected"]) == (2, 1, 1)
    assert headline["success_rate"] == "66.7"
    assert headline["resolved_claim_amount"] == "1160000.00"
    assert headline["agreed_amount"] == "1000000.00"
    assert headline["average_days_to_conclude"] == "0.0"
    assert headline["overdue_now"] == 0 and headline["overdue_now_capped"] is False
    assert [m["month"] for m in body["months"]][-1] == this_month and len(body["months"]) == 12
    sources = {m["key"]: m["received"] for m in body["breakdowns"]["source"]}
    assert sources == {"direct": 4, "court_delegated": 1}
    mediators = body["breakdowns"]["mediator"]
    assert [(m["label"], m["concluded"], m["received"]) for m in mediators] == [(mediators[0]["label"], 3, 0)]
    assert {c["key"] for c in body["breakdowns"]["court"]} == {str(history.court)}


def test_a_court_liaison_sees_only_its_courts_slice(history, api):
    body = api(history.liaison).get("/statistics").get_json()
    assert (body["headline"]["received"], body["headline"]["settled"]) == (1, 1)
    assert body["headline"]["resolved_claim_amount"] == "580000.00"
    other = api(history.other_liaison).get("/statistics").get_json()
    assert other["headline"]["received"] == 0


@pytest.mark.parametrize("person", ["applicant", "mediator", "admin"])
def test_other_roles_get_no_statistics(history, api, person):
    assert api(getattr(history, person)).get("/statistics").status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-05&to=2026-01", "to"),  # inverted
        ("from=1899-01", "from"),  # absurd
        ("to=2999-12", "to"),
        ("from=2010-01&to=2026-01", "to"),  # over ten years
        ("from=2026-13", "from"),
        ("from=2026-1", "from"),
        ("year=20x6", "year"),
        ("year=2025&from=2025-01", "year"),
        ("from=%00", "from"),
    ],
)
def test_bad_periods_are_refused_with_the_field_named(world, api, browser, query, field):
    response = api(world.staff).get(f"/statistics?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    page = browser(world.staff).get(f"/dashboard?{query}")
    assert page.status_code == 422
    assert "统计期间有误" in page.get_data(as_text=True)  # the message, in the default language


def test_a_year_and_a_range_choose_the_months(world, api):
    assert api(world.staff).get("/statistics?year=2025").get_json()["period"] == {
        "from": "2025-01",
        "to": "2025-12",
    }
    body = api(world.staff).get("/statistics?from=2024-11&to=2025-02").get_json()
    assert [m["month"] for m in body["months"]] == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_the_dashboard_shows_figures_charts_and_their_numbers(history, browser):
    page = browser(history.staff).get("/dashboard").get_data(as_text=True)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 6
    assert page.count("<details>") == page.count('class="chart"')  # every chart has its table
    assert "1,160,000.00" in page and "66.7%" in page


def test_a_liaison_has_the_dashboard_of_its_court(history, browser):
    page = browser(history.liaison).get("/dashboard")
    assert page.status_code == 200
    assert "580,000.00" in page.get_data(as_text=True)
    assert "1,160,000.00" not in page.get_data(as_text=True)


def test_a_chamber_named_like_markup_stays_text(world, browser, app):
    with app.app_context():
        chamber = db.session.get(
            Organisation, db.session.get(Organisation, world.applicant.organisation_id).chamber_id
        )
        chamber.name = "<script>alert(1)</script>"
        db.session.commit()
    world.case("filed")
    page = browser(world.staff).get("/dashboard").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_charts_escape_labels_and_keep_money_exact():
    bars = str(bar_chart("<b>", [("<img src=x onerror=1>", Decimal("0.10")), ("b", 3)]))
    assert "<img" not in bars and "&lt;img src=x onerror=1&gt;" in bars and ">0.10<" in bars
    lines = str(line_chart("t", ["2026-01", "2026-02"], [Series("a&b", [0, Decimal("12.50")])]))
    assert "a&amp;b" in lines and "<polyline" in lines and "2026-02" in lines


def test_statistics_roll_up_several_centres(history, ctx):
    period = Period.ending(local_date(utcnow()))
    alone = statistics(history.centre_id, period)
    assert statistics([history.centre_id], period).headline == alone.headline


def test_a_liaisons_figures_stay_within_its_own_centre(world, api, app):
    """The same court sends cases to two centres; each centre's liaison sees only its own."""
    world.case("filed", source="court_delegated", court_case_number="(2024)苏0621民诉前调501号")
    with app.app_context():
        create_centre("other", "如皋市商会商事调解中心", "皋工商调")
        other_liaison = create_user(
            role="court_liaison",
            email="liaison@other-centre.test",
            password=PASSWORD,
            organisation="海安市人民法院",
            centre_code="other",
        )
        file_case(
            other_liaison,
            world.filing(source="court_delegated", court_case_number="(2024)苏0621民诉前调502号"),
        )
    for path in ("/totals", "/statistics"):
        body = api(world.liaison).get(path).get_json()
        received = body["received"] if path == "/totals" else body["headline"]["received"]
        assert received == 1, (path, body)


def test_the_endings_breakdown_says_how_cases_ended_by_outcome_code(history, api, browser):
    """Settled, rejected, and why mediation failed: the referral's and the withdrawal's
    outcome codes (the history's referral is a respondent's refusal; one more is absent)."""
    absent = history.case("mediated")
    history.fire(absent, "refer_to_court", outcome_code="party_absent")
    withdrawn = history.case("assigned")
    history.fire(withdrawn, "withdraw")
    endings = api(history.staff).get("/statistics").get_json()["breakdowns"]["ending"]
    counts = {
        m["key"]: (m["settled"], m["referred_to_court"], m["withdrawn"], m["rejected"], m["concluded"])
        for m in endings
    }
    assert counts == {
        "settled": (2, 0, 0, 0, 2),
        "respondent_declined": (0, 1, 0, 0, 1),
        "party_absent": (0, 1, 0, 0, 1),
        "withdrawn_by_applicant": (0, 0, 1, 0, 1),
        "rejected": (0, 0, 0, 1, 0),
    }
    assert all(m["received"] == 0 for m in endings)  # counted at conclusion only
    staff = browser(history.staff)
    staff.post("/lang/en")
    page = staff.get("/dashboard").get_data(as_text=True)
    assert "How cases ended" in page and "A party did not attend" in page
