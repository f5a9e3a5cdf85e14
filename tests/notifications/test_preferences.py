"""A person's notice preferences: the inbox always; the e-mail copy only when wanted.
Statutory service follows the party's service address instead (tests/service)."""

from sqlalchemy import func, select

from mediation_app.extensions import db
from mediation_app.notifications.models import Notification, OutboxMessage
from mediation_app.notifications.operations import notify


def _notice(app, person):
    with app.app_context():
        context = {"case_number": "(2026)测商调字第0001号", "centre_name": "测试调解中心"}
        notify(person.id, person.email, "minutes_ready", context)
        db.session.commit()
        return (
            db.session.scalar(select(func.count()).select_from(Notification)),
            db.session.scalar(select(func.count()).select_from(OutboxMessage)),
        )


def test_a_person_who_wants_no_email_copies_gets_notices_in_the_inbox_only(app, world, api):
    person = api(world.applicant)
    assert person.get("/me/notice-preferences").get_json() == {"email": True}
    assert _notice(app, world.applicant) == (1, 1)
    assert person.call("PUT", "/me/notice-preferences", json={"email": False}).get_json() == {"email": False}
    assert _notice(app, world.applicant) == (2, 1)  # the inbox only
    refused = person.call("PUT", "/me/notice-preferences", json={"email": "nope"})
    assert refused.status_code == 422 and "email" in refused.get_json()["error"]["fields"]


def test_the_account_page_sets_the_preference(app, world, browser):
    page = browser(world.respondent)
    page.post("/lang/en")
    assert "Also send me each notice by e-mail" in page.get("/account/notices").get_data(as_text=True)
    assert page.post("/account/notices", data={}).status_code == 302  # the box unticked
    assert _notice(app, world.respondent) == (1, 0)
    page.post("/account/notices", data={"email": "yes"})
    assert _notice(app, world.respondent) == (2, 1)
