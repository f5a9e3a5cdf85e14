"""Hostile form input: characters that ``str.isdigit()`` accepts but ``int()`` refuses
(superscripts, circled digits) are refused with a 4xx where a form expects a whole
number, never a 500."""

import pytest

HOSTILE = ["²", "①", "٣²"]  # '²'.isdigit() is True, int('²') raises ValueError


@pytest.mark.parametrize("value", HOSTILE)
def test_a_transition_version_that_is_not_ascii_digits(world, browser, value):
    case_id = world.case("filed")
    response = browser(world.staff).post(
        f"/cases/{case_id}/transitions/reject", data={"version": value, "reason": "x", "confirm": "y"}
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("value", HOSTILE)
def test_a_consent_version_that_is_not_ascii_digits(world, browser, value):
    case_id = world.case("assigned")
    response = browser(world.mediator).post(
        f"/cases/{case_id}/respondent-consent", data={"version": value, "channel": "paper"}
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("value", HOSTILE)
def test_a_survey_score_that_is_not_ascii_digits(world, browser, value):
    case_id = world.case("settled")
    response = browser(world.applicant).post(f"/cases/{case_id}/survey", data={"score": value})
    assert response.status_code == 422
    assert "必须为 1 到 5 的整数" in response.get_data(as_text=True)


def test_a_session_id_with_superscript_digits_is_no_session(world, app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "²:1"
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
