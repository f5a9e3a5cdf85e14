"""The court linkage through the pages: the case page's section and its forms."""

from datetime import timedelta

import pytest

from mediation_app.cases.queries import instalments_of
from tests.court.conftest import in_days, today


def test_the_case_page_shows_performance_to_everyone_who_sees_the_case(world, browser, court):
    case_id = court.settled()
    for person in (world.staff, world.mediator, world.liaison, world.applicant):
        page = browser(person).get(f"/cases/{case_id}")
        assert page.status_code == 200, page.get_data(as_text=True)[-3000:]
        assert "¥ 500,000.00" in page.get_data(as_text=True)


def test_a_payment_is_recorded_from_the_case_page_and_bad_input_is_shown(world, browser, court):
    case_id = court.settled()
    mediator = browser(world.mediator)
    bad = mediator.post(f"/cases/{case_id}/payments", data={"amount": "-5", "paid_on": in_days(1)})
    assert bad.status_code == 422
    assert "must not be in the future" in bad.get_data(as_text=True) or "不能晚于今天" in bad.get_data(
        as_text=True
    )
    done = mediator.post(f"/cases/{case_id}/payments", data={"amount": "1000.00", "paid_on": in_days(0)})
    assert done.status_code == 302
    page = mediator.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "1,000.00" in page and "499,000.00" in page


def test_the_liaison_acknowledges_and_records_the_decision_from_the_case_page(world, browser, court):
    referred = court.case("referred_to_court")
    liaison = browser(world.liaison)
    page = liaison.get(f"/cases/{referred}").get_data(as_text=True)
    assert f"/cases/{referred}/referral/package" in page
    assert (
        liaison.post(
            f"/cases/{referred}/referral/acknowledgement", data={"filing_number": "(2026)苏0621民初9号"}
        ).status_code
        == 302
    )
    settled = court.settled(effective_on=today() - timedelta(days=2))
    bad = liaison.post(
        f"/cases/{settled}/confirmation/outcome",
        data={"outcome": "confirmed", "confirmation_number": "x", "decided_on": today().isoformat()},
    )
    assert bad.status_code == 422
    good = liaison.post(
        f"/cases/{settled}/confirmation/outcome",
        data={
            "outcome": "confirmed",
            "confirmation_number": "(2026)苏0621民诉前调确8号",
            "decided_on": today().isoformat(),
        },
    )
    assert good.status_code == 302
    assert "(2026)苏0621民诉前调确8号" in liaison.get(f"/cases/{settled}").get_data(as_text=True)


def test_the_joint_application_from_the_page_asks_for_confirmation_first(world, browser, court):
    case_id = court.settled(effective_on=today())
    mediator = browser(world.mediator)
    assert mediator.post(f"/cases/{case_id}/confirmation/application", data={}).status_code == 422
    assert (
        mediator.post(f"/cases/{case_id}/confirmation/application", data={"confirm": "y"}).status_code == 302
    )


def test_the_agreement_form_takes_instalments_one_per_line(world, browser, court):

    case_id = court.case("mediated")
    with world.app.app_context():
        version = world.load(case_id).version
    form = {
        "version": str(version),
        "agreed_amount": "500000.00",
        "terms": "被申请人分两期付清货款。",
        "performance_deadline": in_days(30),
    }
    mediator = browser(world.mediator)
    bad = mediator.post(
        f"/cases/{case_id}/transitions/record_agreement", data={**form, "instalments": "250000.00\n"}
    )
    assert bad.status_code == 422
    lines = f"200000.00 {in_days(10)}\n\n300000.00 {in_days(30)}\n"
    done = mediator.post(
        f"/cases/{case_id}/transitions/record_agreement", data={**form, "instalments": lines}
    )
    assert done.status_code == 302, done.get_data(as_text=True)[-2000:]
    with world.app.app_context():
        stored = [(str(i.amount), i.due_on.isoformat()) for i in instalments_of(world.load(case_id))]
    assert stored == [("200000.00", in_days(10)), ("300000.00", in_days(30))]


# (days since the agreement took effect, whether the parties applied, whether the note shows)
WINDOW_NOTE = [(23, False, True), (23, True, False), (31, False, False)]


@pytest.mark.parametrize(("days", "applied", "shown"), WINDOW_NOTE)
def test_the_thirty_day_note_shows_only_while_the_parties_may_still_apply(
    world, browser, api, court, days, applied, shown
):
    case_id = court.settled(effective_on=today() - timedelta(days=days))
    if applied:
        assert (
            api(world.mediator).post(f"/cases/{case_id}/confirmation/application", json={}).status_code == 201
        )
    page = browser(world.mediator)
    page.post("/lang/en")
    html = page.get(f"/cases/{case_id}").get_data(as_text=True)
    assert ("may apply jointly for judicial confirmation within 30 days" in html) is shown
    assert "The agreement took effect on" in html
