"""The monthly statistics report: rendered by the real PDF renderer, read back with pypdf."""

from mediation_app.types import utcnow
from tests.pdf import pdf_text
from workflows.deadlines import local_date


def test_the_report_prints_the_months_figures_charts_and_tables(world, browser):
    world.case("settled")
    world.case("referred_to_court")
    world.case("filed", claim_amount="1000.00")
    month = f"{local_date(utcnow()):%Y-%m}"
    response = browser(world.staff).get(f"/dashboard/monthly-report.pdf?month={month}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"monthly-report-{month}.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    year, number = month.split("-")
    assert "民营经济纠纷调解统计月报" in text and f"{year}年{int(number)}月" in text
    assert "测试调解中心" in text
    assert "580,000.00" in text and "500,000.00" in text  # resolved and agreed
    assert "50.0%" in text  # one settled of two concluded
    assert "按来源统计收案数" in text and "按调解员统计结案数" in text  # the charts' titles
    assert "各月案件数" in text


def test_the_report_through_the_api_and_its_refusals(world, api):
    staff = api(world.staff)
    assert staff.get("/statistics/monthly-report").status_code == 422
    refused = staff.get("/statistics/monthly-report?month=2026-13")
    assert refused.status_code == 422 and "month" in refused.get_json()["error"]["fields"]
    assert staff.get("/statistics/monthly-report?month=1999-12").status_code == 422
    assert api(world.liaison).get("/statistics/monthly-report?month=2026-01").status_code == 403
    empty = staff.get("/statistics/monthly-report?month=2025-01")
    assert empty.status_code == 200
    assert "本期无案件" in pdf_text(empty.data)
