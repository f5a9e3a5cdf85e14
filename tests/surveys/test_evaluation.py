"""The mediators' evaluation: figures per mediator over the cases filed in a period."""

from datetime import timedelta
from decimal import Decimal

from mediation_app.surveys.evaluation import mediator_evaluation
from mediation_app.types import utcnow
from workflows.deadlines import local_date


def _history(world, api):
    settled, referred = world.case("settled"), world.case("referred_to_court")
    world.case("withdrawn")  # before acceptance: no mediator
    overdue = world.case("mediated", source="court_delegated", court_case_number="(2024)苏0621民诉前调9号")
    world.age_clock(overdue, 40)  # the 30-day court limit has passed
    api(world.applicant).post(f"/cases/{settled}/survey", json={"score": 5})
    api(world.respondent).post(f"/cases/{settled}/survey", json={"score": 2})
    api(world.respondent).post(f"/cases/{referred}/survey", json={"score": 4})


def test_figures_per_mediator(world, api, app):
    _history(world, api)
    today = local_date(utcnow())
    with app.app_context():
        rows = {row.name: row for row in mediator_evaluation(world.centre_id, today)}
        assert set(rows) == {"mediator", "other-mediator", "chamber-mediator"}
        mine = rows["mediator"]
        assert (mine.handled, mine.concluded, mine.settled, mine.referred, mine.breaches) == (3, 2, 1, 1, 1)
        assert (mine.success_rate, mine.average_days) == (Decimal("50.0"), Decimal("0.0"))
        assert (mine.satisfaction, mine.answers) == (Decimal("3.7"), 3)
        idle = rows["other-mediator"]
        assert (idle.handled, idle.success_rate, idle.average_days, idle.satisfaction) == (
            0,
            None,
            None,
            None,
        )
        yesterday = today - timedelta(days=1)
        earlier = {r.name: r for r in mediator_evaluation(world.centre_id, today, None, yesterday)}
        assert (earlier["mediator"].handled, earlier["mediator"].answers) == (0, 0)


def test_the_page_shows_the_figures_to_staff_with_a_date_filter(world, api, browser):
    _history(world, api)
    staff = browser(world.staff)
    page = staff.get("/evaluation").get_data(as_text=True)
    assert "50.0%" in page and "3.7" in page
    today = local_date(utcnow()).isoformat()
    assert staff.get(f"/evaluation?filed_from={today}&filed_to={today}").status_code == 200
    inverted = staff.get("/evaluation?filed_from=2026-05-01&filed_to=2026-04-01")
    assert inverted.status_code == 422 and "不能早于开始日期" in inverted.get_data(as_text=True)
    assert staff.get("/evaluation?filed_from=1850-01-01").status_code == 422
    assert browser(world.mediator).get("/evaluation").status_code == 403
