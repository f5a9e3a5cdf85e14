"""The mediator's queue: overdue first, days waiting, the next session."""

from tests.sessions.conftest import schedule


def test_the_queue_lists_the_mediators_open_cases_most_urgent_first(world, app, api, browser):
    calm = world.case("assigned")  # clock not started yet (direct case before mediation)
    soon = world.case("mediated")
    late = world.case("mediated")
    world.case("settled")  # closed: not in the queue
    world.age_clock(late, 31)
    mediator = api(world.mediator)
    booked = schedule(mediator, soon, place="调解室一")
    assert booked.status_code == 201, booked.get_json()
    queue = mediator.get("/queue").get_json()
    assert [e["case"]["id"] for e in queue] == [late, soon, calm]
    assert queue[0]["case"]["deadline_status"] == "overdue" and queue[0]["days_waiting"] >= 0
    assert queue[1]["next_session"]["location"] == "调解室一" and queue[0]["next_session"] is None
    assert api(world.other_mediator).get("/queue").get_json() == []
    assert api(world.staff).get("/queue").status_code == 403
    page = browser(world.mediator)
    assert page.get("/").headers["Location"].endswith("/queue")
    html = page.get("/queue").get_data(as_text=True)
    table = html[html.index('<table class="cases">') :]  # below the week's sessions and the overdue
    assert table.index(f'/cases/{late}"') < table.index(f'/cases/{soon}"') < table.index(f'/cases/{calm}"')
    assert "已逾期 1 天" in html and "调解室一" in html


def test_a_mediator_declares_a_conflict_from_the_queue_page(world, api, browser):
    page = browser(world.other_mediator)
    refused = page.post("/queue/conflict-declarations", data={"uscc": "123", "reason": "x"})
    assert refused.status_code == 302
    assert "必须为18位" in page.get("/queue").get_data(as_text=True)  # the error, flashed on the queue
    done = page.post(
        "/queue/conflict-declarations", data={"uscc": world.applicant_uscc, "reason": "曾任其顾问"}
    )
    assert done.status_code == 302
    case_id = world.case("filed")
    suggestions = api(world.staff).get(f"/cases/{case_id}/mediator-suggestions").get_json()
    assert {s["mediator"]["id"]: s for s in suggestions}[world.other_mediator.id]["conflicts"]
