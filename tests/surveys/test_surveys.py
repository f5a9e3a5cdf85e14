"""The satisfaction survey: offered to each party of a concluded case, once per party,
on the case page, in the closing e-mail and through the API; refused to anyone else."""

import pytest
from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from mediation_app.surveys.models import SurveyAnswer


def test_each_party_answers_once_through_the_api(world, api, app):
    case_id = world.case("settled")
    applicant = api(world.applicant)
    response = applicant.post(f"/cases/{case_id}/survey", json={"score": 5, "comment": "调解员很专业"})
    assert response.status_code == 201
    assert response.get_json() | {"id": 0, "created_at": ""} == {
        "id": 0,
        "case_id": case_id,
        "score": 5,
        "comment": "调解员很专业",
        "created_at": "",
    }
    again = applicant.post(f"/cases/{case_id}/survey", json={"score": 1})
    assert again.status_code == 409
    assert api(world.respondent).post(f"/cases/{case_id}/survey", json={"score": 2}).status_code == 201
    with app.app_context():
        answers = db.session.scalars(select(SurveyAnswer).order_by(SurveyAnswer.id)).all()
        assert [(a.party_id, a.score, a.mediator_id) for a in answers] == [
            (world.applicant.organisation_id, 5, world.mediator.id),
            (world.respondent.organisation_id, 2, world.mediator.id),
        ]
    events = api(world.staff).get(f"/cases/{case_id}/events").get_json()
    answered = [e for e in events if e["action"] == "answer_survey"]
    assert len(answered) == 2 and all("score" not in str(e) for e in answered)


@pytest.mark.parametrize("state", ["referred_to_court", "withdrawn"])
def test_a_failed_or_withdrawn_case_is_surveyed_too(world, api, state):
    case_id = world.case(state)
    assert api(world.respondent).post(f"/cases/{case_id}/survey", json={"score": 3}).status_code == 201


@pytest.mark.parametrize(
    ("person", "status"),
    [("staff", 403), ("mediator", 403), ("liaison", 404), ("outsider", 404), ("other_mediator", 404)],
)
def test_no_one_but_the_parties_answers(world, api, person, status):
    case_id = world.case("settled")
    response = api(getattr(world, person)).post(f"/cases/{case_id}/survey", json={"score": 4})
    assert response.status_code == status


@pytest.mark.parametrize("state", ["filed", "assigned", "mediated", "rejected"])
def test_a_case_not_concluded_by_mediation_is_not_surveyed(world, api, state):
    case_id = world.case(state)
    response = api(world.applicant).post(f"/cases/{case_id}/survey", json={"score": 4})
    assert response.status_code == 409


@pytest.mark.parametrize("score", [0, 6, -1, "5", 3.5, True, None, [5]])
def test_a_score_outside_1_to_5_is_refused(world, api, app, score):
    case_id = world.case("settled")
    response = api(world.applicant).post(f"/cases/{case_id}/survey", json={"score": score})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"score": "必须为 1 到 5 的整数"}
    with app.app_context():
        assert db.session.scalars(select(SurveyAnswer)).all() == []


def test_a_comment_with_control_characters_is_refused(world, api):
    case_id = world.case("settled")
    response = api(world.applicant).post(f"/cases/{case_id}/survey", json={"score": 4, "comment": "好\x00"})
    assert response.status_code == 422 and "comment" in response.get_json()["error"]["fields"]


def test_the_case_page_offers_the_survey_to_a_party_until_it_answers(world, browser):
    open_case, closed_case = world.case("mediated"), world.case("settled")
    applicant = browser(world.applicant)
    assert f"/cases/{open_case}/survey" not in applicant.get(f"/cases/{open_case}").get_data(as_text=True)
    assert f"/cases/{closed_case}/survey" in applicant.get(f"/cases/{closed_case}").get_data(as_text=True)
    staff_page = browser(world.staff).get(f"/cases/{closed_case}").get_data(as_text=True)
    assert f"/cases/{closed_case}/survey" not in staff_page

    form = applicant.get(f"/cases/{closed_case}/survey").get_data(as_text=True)
    assert 'name="score"' in form
    bad = applicant.post(f"/cases/{closed_case}/survey", data={"comment": "无"})
    assert bad.status_code == 422 and "必须为 1 到 5 的整数" in bad.get_data(as_text=True)
    done = applicant.post(f"/cases/{closed_case}/survey", data={"score": "4", "comment": "满意"})
    assert done.status_code == 302
    page = applicant.get(f"/cases/{closed_case}").get_data(as_text=True)
    assert "已回答满意度调查" in page
    assert applicant.post(f"/cases/{closed_case}/survey", data={"score": "1"}).status_code == 409
    assert "评分为 4" in applicant.get(f"/cases/{closed_case}/survey").get_data(as_text=True)


def test_the_closing_e_mails_carry_the_survey_link(world, app):
    settled, referred = world.case("settled"), world.case("referred_to_court")
    with app.app_context():
        bodies = {
            (m.case_id, m.kind): m.body
            for m in db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind.in_(("agreement_effective", "case_referred")))
            )
        }
    assert f"/cases/{settled}/survey" in bodies[(settled, "agreement_effective")]
    assert f"/cases/{referred}/survey" in bodies[(referred, "case_referred")]
