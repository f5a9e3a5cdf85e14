"""An agent acting in the app (委托代理人 with its own account): it follows and acts in
the cases it is appointed in, for its party only, within its authority; a general
authorisation does not settle; revocation ends its access at once."""

import io
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mediation_app.auth.models import AccountChange, AccountEvent, User
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from tests.agents.test_agents import LAWYER, _appoint
from tests.evidence.test_evidence import _upload
from tests.factories import MINIMAL_PDF
from tests.sessions.conftest import COURT_CASE

EMAIL = "wangli@changan-law.test"
NEW_PASSWORD = "Changan-Law-Firm-2026"


def _agent_logs_in(api, answer):
    """The agent changes the temporary password it was handed, then logs in."""
    temporary = SimpleNamespace(email=EMAIL, password=answer["temporary_password"])
    first = api(temporary)
    assert first.get("/cases").status_code == 403  # nothing before the password is changed
    changed = first.post(
        "/me/password", json={"current_password": temporary.password, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 204
    return api(SimpleNamespace(email=EMAIL, password=NEW_PASSWORD))


def test_an_agents_account_reaches_its_partys_side_of_that_case_only(world, api, app):
    case_id = world.case("assigned")
    other_case = world.case("assigned")  # the same applicant's, where the lawyer does not act
    applicant = api(world.applicant)
    answer = _appoint(applicant, case_id, {**LAWYER, "email": EMAIL}).get_json()
    assert answer["acts_in_app"] is True and answer["temporary_password"]
    with app.app_context():
        account = db.session.scalar(select(User).where(User.email == EMAIL))
        assert account.organisation_id is None and account.must_change_password and account.verified_at
        event = db.session.scalar(select(AccountEvent).where(AccountEvent.user_id == account.id))
        assert event.change is AccountChange.CREATED and event.actor_id == world.applicant.id
    # the others see that the agent acts in the app, never its password
    [seen] = api(world.respondent).get(f"/cases/{case_id}/agents").get_json()
    assert seen["acts_in_app"] is True and seen["temporary_password"] is None

    agent = _agent_logs_in(api, answer)
    assert [case["id"] for case in agent.get("/cases").get_json()["items"]] == [case_id]
    assert agent.get(f"/cases/{other_case}").status_code == 404
    assert agent.get(f"/cases/{case_id}").get_json()["id"] == case_id

    # what it hands in is its party's: the other party does not see a file it keeps private
    upload = _upload(agent, case_id, "对账单.pdf", MINIMAL_PDF, mediator_only="true")
    assert upload.status_code == 201, upload.get_json()
    with app.app_context():
        stored = db.session.get(EvidenceFile, upload.get_json()["id"])
        assert stored.party_id == world.applicant.organisation_id
    names = {item["name"] for item in applicant.get(f"/cases/{case_id}/evidence").get_json()}
    assert "对账单.pdf" in names
    names = {item["name"] for item in api(world.respondent).get(f"/cases/{case_id}/evidence").get_json()}
    assert "对账单.pdf" not in names

    # it is told what its party is told
    world.fire(case_id, "start_mediation", respondent_consent=True)
    kinds = [item["kind"] for item in agent.get("/me/notifications").get_json()["items"]]
    assert "mediation_started" in kinds

    # an agent appoints no other, and its party ends its authority: access ends at once
    assert _appoint(agent, case_id, {**LAWYER, "name": "转委托"}).status_code == 403
    assert applicant.post(f"/cases/{case_id}/agents/{answer['id']}/revoke").status_code == 200
    assert agent.get(f"/cases/{case_id}").status_code == 404
    assert agent.get("/cases").get_json()["items"] == []


@pytest.mark.with_documents
@pytest.mark.parametrize(("scope", "signs"), [("general", False), ("special", True)])
def test_only_a_special_authorisation_signs_the_agreement_for_the_party(world, api, scope, signs):
    case_id = world.agreed(**COURT_CASE)
    answer = _appoint(api(world.applicant), case_id, {**LAWYER, "email": EMAIL, "scope": scope}).get_json()
    agent = _agent_logs_in(api, answer)
    signed = agent.post(
        f"/cases/{case_id}/signatures",
        data={"method": "scan", "scan": (io.BytesIO(MINIMAL_PDF), "signed.pdf")},
        content_type="multipart/form-data",
    )
    assert signed.status_code == (201 if signs else 403), signed.get_json()
    awaiting = api(world.staff).get(f"/cases/{case_id}/signatures").get_json()["awaiting"]
    assert ("applicant" in awaiting) is not signs


def test_an_agents_account_must_be_a_persons_own_and_acts_for_one_side(world, api, app):
    case_id = world.case("assigned")
    applicant, respondent = api(world.applicant), api(world.respondent)
    before = _counts_of_accounts(app)
    company_user = _appoint(applicant, case_id, {**LAWYER, "email": world.respondent.email})
    assert company_user.status_code == 422 and "email" in company_user.get_json()["error"]["fields"]
    bad = _appoint(applicant, case_id, {**LAWYER, "email": "not an address"})
    assert bad.status_code == 422 and "email" in bad.get_json()["error"]["fields"]
    assert _counts_of_accounts(app) == before

    made = _appoint(applicant, case_id, {**LAWYER, "email": EMAIL})
    assert made.status_code == 201
    # the same person for the other side of the same case: refused, nothing written
    other_side = _appoint(respondent, case_id, {**LAWYER, "name": "王立", "email": EMAIL})
    assert other_side.status_code == 409
    # an existing personal account is linked, not made again (no password in the answer)
    elsewhere = world.case("assigned")
    linked = _appoint(applicant, elsewhere, {**LAWYER, "email": EMAIL}).get_json()
    assert linked["acts_in_app"] is True and linked["temporary_password"] is None
    assert _counts_of_accounts(app) == before + 1


def _counts_of_accounts(app):
    with app.app_context():
        return len(db.session.scalars(select(User.id)).all())


def test_the_page_shows_the_temporary_password_once_and_the_section_says_who_acts_in_the_app(
    world, browser, app
):
    case_id = world.case("assigned")
    client = browser(world.applicant)
    client.post("/lang/en")
    done = client.post(
        f"/cases/{case_id}/agents/new",
        data={**LAWYER, "email": EMAIL, "letter": (io.BytesIO(MINIMAL_PDF), "letter.pdf")},
        content_type="multipart/form-data",
    )
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "Temporary password, shown only now" in page and EMAIL in page
    with app.app_context():
        account = db.session.scalar(select(User).where(User.email == EMAIL))
    case_page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "acts in the app" in case_page
    assert "Temporary password" not in case_page and account.password_hash not in case_page

    # the agent, on its own account, reads the case and acts for its party, no more
    agent = app.test_client()
    assert agent.post("/login", data={"email": EMAIL, "password": _shown_password(page)}).status_code == 302
    agent.post("/lang/en")
    changed = agent.post(
        "/account/password",
        data={
            "current_password": _shown_password(page),
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    agent.post("/login", data={"email": EMAIL, "password": NEW_PASSWORD})
    own_page = agent.get(f"/cases/{case_id}")
    text = own_page.get_data(as_text=True)
    assert own_page.status_code == 200 and "王立</a> · Agent" in text  # the top bar says what it is
    assert f"/cases/{case_id}/agents/new" not in text  # an agent appoints no other
    listing = agent.get("/cases").get_data(as_text=True)
    assert f'href="/cases/{case_id}"' in listing
    assert 'href="/cases/new"' not in listing  # an agent files nothing of its own


def _shown_password(page: str) -> str:
    return page.split('<code class="pre">', 1)[1].split("</code>", 1)[0]
