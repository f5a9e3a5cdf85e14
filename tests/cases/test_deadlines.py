"""Time limits on real cases: when the clock starts, extensions, countdowns, the dashboard."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from mediation_app.types import utcnow
from tests.sessions.conftest import at, schedule
from workflows.deadlines import local_date


@pytest.mark.parametrize(
    ("source", "procedure", "days"),
    [
        ("court_delegated", None, 30),
        ("court_commissioned", None, 15),
        ("court_commissioned", "simple", 7),
        ("court_commissioned", "ordinary", 15),
    ],
)
def test_a_court_case_runs_from_delegation(world, api, source, procedure, days):
    body = world.filing(source=source, court_case_number="(2024)苏0621民初1号")
    if procedure:
        body["procedure"] = procedure
    case = api(world.liaison).post("/cases", json=body).get_json()
    today = local_date(utcnow())
    assert case["deadline"] == (today + timedelta(days=days)).isoformat()
    assert case["days_left"] == days and case["deadline_status"] == "running"


def test_a_direct_case_runs_from_its_first_session(world, api):
    staff, mediator = api(world.staff), api(world.mediator)
    case_id = world.case("mediated")
    case = staff.get(f"/cases/{case_id}").get_json()
    assert case["deadline"] is None and case["deadline_status"] == "not_started"
    later = schedule(mediator, case_id, **at(days=5)).get_json()
    first = schedule(mediator, case_id, **at(days=2)).get_json()
    first_day = local_date(datetime.fromisoformat(first["starts_at"]))
    assert (
        staff.get(f"/cases/{case_id}").get_json()["deadline"] == (first_day + timedelta(days=30)).isoformat()
    )
    mediator.post(f"/sessions/{first['id']}/cancel", json={"version": first["version"], "reason": "改期"})
    later_day = local_date(datetime.fromisoformat(later["starts_at"]))
    assert (
        staff.get(f"/cases/{case_id}").get_json()["deadline"] == (later_day + timedelta(days=30)).isoformat()
    )


def test_extensions_need_the_parties_agreement_and_stop_at_sixty_days(world, api):
    case_id = world.case("mediated")
    world.age_clock(case_id, 0)
    mediator = api(world.mediator)

    def extend(days, consent=True, version=None):
        version = version or mediator.get(f"/cases/{case_id}").get_json()["version"]
        return mediator.post(
            f"/cases/{case_id}/deadline-extensions",
            json={"version": version, "days": days, "parties_consent": consent, "note": "双方书面同意"},
        )

    assert extend(10, consent=False).status_code == 422
    assert extend(0).status_code == 422
    first = extend(20)
    assert first.status_code == 200 and first.get_json()["days_left"] == 50
    over = extend(11)
    assert over.status_code == 422 and "days" in over.get_json()["error"]["fields"]
    assert extend(10).get_json()["extension_days"] == [20, 10]
    assert extend(5, version=1).status_code == 409
    events = mediator.get(f"/cases/{case_id}/events").get_json()
    assert [e["data"]["days"] for e in events if e["action"] == "extend_deadline"] == [20, 10]
    assert (
        api(world.applicant)
        .post(
            f"/cases/{case_id}/deadline-extensions", json={"version": 5, "days": 1, "parties_consent": True}
        )
        .status_code
        == 403
    )


def test_overdue_and_due_soon_cases_are_listed_on_the_dashboard(world, app, browser):
    overdue, due_soon, later = (world.case("mediated") for _ in range(3))
    world.age_clock(overdue, 31)
    world.age_clock(due_soon, 28)
    page = browser(world.staff).get("/dashboard").get_data(as_text=True)
    watch = page.split('class="cases"')[1]
    assert f'/cases/{overdue}"' in watch and f'/cases/{due_soon}"' in watch
    assert f'/cases/{later}"' not in watch
    assert watch.index(f'/cases/{overdue}"') < watch.index(f'/cases/{due_soon}"')
    assert "已逾期 1 天" in watch and "剩余 2 天" in watch


def test_the_case_page_shows_the_countdown_and_takes_an_extension(world, app, browser):
    case_id = world.case("mediated")
    world.age_clock(case_id, 31)
    page = browser(world.mediator)
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "已逾期 1 天" in html
    version = html.split('name="version" type="hidden" value="')[1].split('"')[0]
    refused = page.post(f"/cases/{case_id}/deadline-extensions", data={"version": version, "days": "5"})
    assert refused.status_code == 422
    done = page.post(
        f"/cases/{case_id}/deadline-extensions",
        data={"version": version, "days": "5", "parties_consent": "y"},
    )
    assert done.status_code == 302
    assert "剩余 4 天" in page.get(f"/cases/{case_id}").get_data(as_text=True)


def test_reminders_go_once_per_case_deadline_and_kind(world, app):
    overdue, due_soon, _later = (world.case("mediated") for _ in range(3))
    world.age_clock(overdue, 31)
    world.age_clock(due_soon, 28)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["deadlines", "remind"]).output.startswith("2 reminder")
    assert runner.invoke(args=["deadlines", "remind"]).output.startswith("0 reminder")
    with app.app_context():
        reminders = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "deadline_reminder")
        ).all()
        assert sorted((m.recipient, m.case_id) for m in reminders) == sorted(
            [(world.mediator.email, overdue), (world.mediator.email, due_soon)]
        )
