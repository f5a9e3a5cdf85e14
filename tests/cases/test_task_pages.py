"""Pages that start with the user's work: each role's landing page, the case page's one
next step, the mediator table, what a message or an error page says, the error summary
and the menu. Read in English (the pages' source language) through the real HTTP stack."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mediation_app.cases.labels import TRIGGER_DONE
from mediation_app.court.models import Referral
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.extensions import db
from tests.factories import registration
from tests.sessions.conftest import COURT_CASE, at, schedule


@pytest.fixture
def english(browser):
    """``english(person)``: a logged-in client that reads the pages in English."""

    def client(person):
        page = browser(person)
        page.post("/lang/en")
        return page

    return client


def _html(response) -> str:
    return response.get_data(as_text=True)


def _version(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("staff", "/dashboard"),
        ("mediator", "/queue"),
        ("liaison", "/court"),
        ("federation", "/federation"),
        ("applicant", "/cases"),
    ],
)
def test_each_role_lands_where_its_work_is(world, browser, who, landing):
    response = browser(getattr(world, who)).get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith(landing)


def test_the_staff_landing_page_lists_the_cases_to_accept_before_any_figure(world, english):
    case_id = world.case("filed")
    html = _html(english(world.staff).get("/dashboard"))
    to_accept = html.index("Cases to accept")
    assert to_accept < html.index(f'href="/cases/{case_id}"') < html.index('class="tiles"')
    assert to_accept < html.index("Time limits: overdue") < html.index('class="charts"')


def test_the_mediator_sees_this_weeks_sessions_and_overdue_cases_before_the_queue(
    world, english, client, api
):
    soon, overdue = world.case("mediated"), world.case("mediated")
    world.age_clock(overdue, 100)
    assert schedule(api(world.mediator), soon, **at(days=2)).status_code == 201
    html = _html(english(world.mediator).get("/queue"))
    week = html[html.index("Sessions today and this week") : html.index("Overdue cases")]
    late = html[html.index("Overdue cases") : html.index("All my open cases")]
    assert f'href="/cases/{soon}"' in week and f'href="/cases/{overdue}"' not in week
    assert f'href="/cases/{overdue}"' in late and f'href="/cases/{soon}"' not in late


# (who, state, the one next step); None: nothing moves the case on for them now.
NEXT_STEPS = [
    ("staff", "filed", "Accept and assign a mediator"),
    ("respondent", "assigned", "Invitation to mediate"),
    ("mediator", "mediated", "Record the agreement for signature"),
    ("applicant", "filed", None),
    ("liaison", "settled", None),
]


@pytest.mark.parametrize(("who", "state", "step"), NEXT_STEPS)
def test_the_case_page_offers_at_most_one_next_step(world, english, who, state, step):
    html = _html(english(getattr(world, who)).get(f"/cases/{world.case(state)}"))
    boxes = re.findall(r'<h2 id="next-step-heading">Next step: ([^<]+)</h2>', html)
    assert boxes == ([step] if step else [])
    if step:
        box = html[
            html.index('class="next-step"') : html.index("</section>", html.index('class="next-step"'))
        ]
        assert 'class="what-next"' in box and box.count('type="submit"') == 1


def test_steps_that_end_the_case_are_apart_and_refused_unconfirmed(world, english):
    case_id = world.case("filed")
    staff = english(world.staff)
    html = _html(staff.get(f"/cases/{case_id}"))
    apart = html[
        html.index('class="danger-zone"') : html.index("</details>", html.index('class="danger-zone"'))
    ]
    for trigger in ("reject", "withdraw"):
        assert f"/transitions/{trigger}" in apart and f'id="{trigger}-confirm"' in apart
        assert html.count(f"/transitions/{trigger}") == 1  # nowhere else on the page
    refused = staff.post(
        f"/cases/{case_id}/transitions/reject", data={"version": _version(html), "reason": "不属于受理范围"}
    )
    assert refused.status_code == 422
    assert "Please confirm: this step cannot be undone." in _html(refused)
    assert 'href="#reject-confirm"' in _html(refused)  # the summary links to the box to tick
    assert '<details class="danger-zone" id="ending" open>' in _html(refused)  # shown where it was
    assert '<details class="part" id="evidence">' in _html(refused)  # the other parts stay folded
    assert staff.get(f"/api/v1/cases/{case_id}").get_json()["state"] == "filed"


def test_mediators_are_a_table_conflict_free_first_with_every_conflict_in_full(world, english):
    world.case("mediated")  # the world's mediator now has an open case
    html = _html(english(world.staff).get(f"/cases/{world.case('filed')}"))
    table = html[html.index('id="next-step-heading"') : html.index("</table>")]
    chosen = re.findall(r'<input type="radio" name="mediator_id" id="[^"]+" value="(\d+)"', table)
    assert chosen == [str(p.id) for p in (world.other_mediator, world.mediator, world.conflicted_mediator)]
    conflicted = table[table.index(f'value="{world.conflicted_mediator.id}"') :]
    assert "<li>⚠ belongs to the same chamber as the applicant</li>" in conflicted
    assert "<select" not in table


TRIGGER_SAMPLES = [
    ("filed", "assign", "staff", lambda w: {"mediator_id": w.other_mediator.id}),
    ("filed", "reject", "staff", lambda w: {"reason": "不属于受理范围", "confirm": "y"}),
    ("assigned", "withdraw", "staff", lambda w: {"reason": "双方已自行和解。", "confirm": "y"}),
    ("mediated", "refer_to_court", "mediator", lambda w: {"reason": "分歧较大。", "confirm": "y"}),
]


@pytest.mark.parametrize(("state", "trigger", "who", "data"), TRIGGER_SAMPLES)
def test_the_message_says_what_the_step_did(world, english, state, trigger, who, data):
    case_id = world.case(state)
    page = english(getattr(world, who))
    version = _version(_html(page.get(f"/cases/{case_id}")))
    done = page.post(f"/cases/{case_id}/transitions/{trigger}", data={"version": version, **data(world)})
    assert done.status_code == 302
    expected = str(TRIGGER_DONE[trigger]) % {"mediator": "other-mediator"}
    assert f'<div class="flash success" role="status">{expected}</div>' in _html(page.get(done.location))


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [("/cases/999999", 404, "Page not found"), ("/ledger", 403, "You may not do this")],
)
def test_an_error_page_says_what_to_do_next_and_links_back(world, english, path, status, heading):
    response = english(world.applicant).get(path, headers={"Referer": "http://localhost/cases?state=filed"})
    html = _html(response)
    assert response.status_code == status and f"<h1>{heading}" in html
    assert "What to do next" in html and 'href="http://localhost/cases?state=filed"' in html
    assert 'href="/cases"' in html and re.search(r"Reference[^:]*: [0-9a-f]{12}", html)


def test_the_api_keeps_its_error_contract(world, api):
    response = api(world.applicant).get("/cases/999999")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_a_refused_form_opens_with_a_summary_linked_to_each_field(world, english):
    response = english(world.applicant).post(
        "/cases/new", data={"respondent_name": "", "respondent_uscc": "x", "claim_amount": "1e5"}
    )
    html = _html(response)
    summary = html[
        html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))
    ]
    assert response.status_code == 422 and 'role="alert"' in summary and "autofocus" in summary
    targets = re.findall(r'<a href="#([\w-]+)">', summary)
    assert {"respondent_name", "respondent_uscc", "claim_amount"} <= set(targets)
    assert all(f'id="{target}"' in html for target in targets)
    assert html.index('class="error-summary"') < html.index('id="respondent_name"')


def test_only_a_verified_enterprise_is_offered_to_file_a_case(world, browser, client):
    """The menu and the list's button ask the action registry (``file_case``)."""
    assert (
        client.post("/api/v1/registrations", json=registration(email="new@test.example")).status_code == 201
    )
    unverified = browser(SimpleNamespace(email="new@test.example", password="a-long-passphrase"))
    assert 'href="/cases/new"' not in _html(unverified.get("/cases"))
    assert unverified.get("/cases/new").status_code == 403
    assert 'href="/cases/new"' in _html(browser(world.applicant).get("/cases"))


@pytest.mark.with_documents  # a document whose production gave up needs one produced
def test_the_staff_desk_lists_referrals_the_court_let_lie_and_documents_to_send_again(world, app, english):
    referred, failed = world.case("referred_to_court", **COURT_CASE), world.case("assigned")
    with app.app_context():
        # set-up of time and of a job that gave up, not of state
        referral = db.session.scalar(select(Referral).where(Referral.case_id == referred))
        referral.referred_at -= timedelta(days=4)
        document = db.session.scalars(select(Document).where(Document.case_id == failed)).first()
        document.status = DocumentStatus.FAILED
        db.session.commit()
    html = _html(english(world.staff).get("/dashboard"))
    late = html.index("Referrals the court has not acknowledged for over 3 days")
    broken = html.index("Documents that could not be produced")
    assert late < html.index(f'href="/cases/{referred}#court"') < broken
    assert broken < html.index(f'href="/cases/{failed}#documents"') < html.index('class="tiles"')


def test_the_agreement_step_waits_for_the_first_session_instead_of_offering_a_form(world, english, api):
    case_id = world.case("mediated")
    assert schedule(api(world.mediator), case_id, **at(days=2)).status_code == 201
    html = _html(english(world.mediator).get(f"/cases/{case_id}"))
    box = html[html.index('class="next-step"') : html.index("</section>", html.index('class="next-step"'))]
    assert "once the first session has started" in box and 'type="submit"' not in box
