"""The demo (``flask demo load``): the seed's centre with its headline, a second
centre and their city federation, loaded once, with two years of history that look
real. One test, because loading the demo is the expensive part: every check here
reads the same load."""

import json
from collections import Counter
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select, text

from mediation_app.cases.models import Case, CaseEvent
from mediation_app.court.models import Payment, Referral
from mediation_app.demo.loader import AWAITING_COURT, HAIAN, PASSWORD, RECENT_SETTLED, RUGAO
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.notifications.models import Notification
from mediation_app.sessions.models import MediationSession
from mediation_app.types import utcnow
from tests.conftest import Api
from tests.factories import Person
from workflows import CaseState
from workflows.deadlines import local_date

# The courts' mediation platform (2020): 23 days on average to conclude, 65 % settled.
AVERAGE_DAYS = (Decimal(10), Decimal(40))
SUCCESS_RATE = (Decimal(55), Decimal(75))


def _person(email: str) -> Person:
    return Person(0, email, "", None, password=PASSWORD)


def test_the_demo_has_the_seeds_headline_a_second_centre_and_their_federation_and_loads_once(
    app, client, clean_db
):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "staff@centre.test" in first.output
    shown = json.loads(runner.invoke(args=["totals", "show"]).output)
    haian, rugao = shown["haian"], shown["rugao"]
    # The seed: 125 cases concluded, over 58 million yuan.
    assert haian["concluded"] == 125 and haian["resolved_claim_amount"] == "58360000.00"
    assert all(haian["cases_by_state"][state.value] > 0 for state in CaseState)
    assert rugao["concluded"] == RUGAO.settled and Decimal(rugao["resolved_claim_amount"]) == RUGAO.resolved
    assert rugao["received"] == RUGAO.settled + sum(RUGAO.other_cases.values())
    with app.app_context():
        cases = db.session.scalar(select(func.count()).select_from(Case))
        agreements = db.session.scalars(
            select(Case.centre_id)
            .join(Document, Document.case_id == Case.id)
            .where(Document.kind == "agreement")
        ).all()
        # Historical cases come without documents; the recent settled ones have their
        # agreement, and so has each agreement awaiting signatures.
        assert sorted(Counter(agreements).values()) == sorted(
            RECENT_SETTLED + spec.other_cases["awaiting_signatures"] for spec in (HAIAN, RUGAO)
        )
        _assert_two_real_years()
        if db.engine.dialect.name == "sqlite":  # the load's commits skipped fsync; no longer
            assert db.session.execute(text("PRAGMA synchronous")).scalar() != 0
    today = local_date(utcnow())
    two_years = f"from={_months_back(today, 24)}&to={_months_back(today, 0)}"
    statistics = Api(client).login(_person("staff@centre.test")).get(f"/statistics?{two_years}").get_json()
    _assert_figures_look_real(statistics)

    rollup = Api(client).login(_person("federation@nantong.test")).get("/federation/totals").get_json()
    assert rollup["federation"]["name"] == "南通市工商联"
    assert {c["code"]: c["totals"] for c in rollup["centres"]} == {"haian": haian, "rugao": rugao}
    total = Decimal(haian["resolved_claim_amount"]) + Decimal(rugao["resolved_claim_amount"])
    assert Decimal(rollup["totals"]["resolved_claim_amount"]) == total
    # The shared enterprise follows each centre's cases through that centre's account.
    for email, prefix in (("changan@enterprise.test", "海工商调"), ("changan@rugao.test", "皋工商调")):
        listed = Api(app.test_client()).login(_person(email)).get("/cases?limit=100").get_json()["items"]
        assert listed and all(prefix in c["number"] for c in listed)

    # The register: every mediator in office, trained, the first one's term ending soon.
    register = Api(client).login(_person("staff@centre.test")).get("/mediator-register").get_json()
    assert len(register) == 4 and sum(entry["term_ending_soon"] for entry in register) == 1
    assert all(Decimal(entry["training_hours_this_year"]) > 0 for entry in register)
    assert len(Api(app.test_client()).get("/centres/haian/mediators").get_json()) == 4
    # Parties answered surveys, so the evaluation rates satisfaction; referrals say why.
    staff = Api(app.test_client()).login(_person("staff@centre.test"))
    evaluation = staff.get(f"/evaluation?year={today.year}").get_json()
    # (Only parties with an account answer, and which mediator their cases reach varies
    # with the day the demo is loaded: a mediator may have none this year.)
    rated = [row for row in evaluation["mediators"] if row["satisfaction"] is not None]
    assert len(rated) >= 2 and sum(row["answers"] for row in rated) >= 5, evaluation["mediators"]
    with app.app_context():
        codes = db.session.scalars(select(Case.outcome_code).where(Case.state == CaseState.REFERRED_TO_COURT))
        assert {"no_agreement", "party_absent", "respondent_declined"} <= set(codes)

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already present" in again.output
    assert json.loads(runner.invoke(args=["totals", "show"]).output) == shown
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == cases
    verified = runner.invoke(args=["totals", "verify"])
    assert verified.exit_code == 0, verified.output


def _months_back(today, months: int) -> str:
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12}-{index % 12 + 1:02d}"


def _assert_two_real_years():
    """Filed over the two years before today, each case's steps in order, none ahead of
    now; and today's work waiting on each landing page."""
    now = utcnow()
    filed = db.session.scalars(select(Case.created_at)).all()
    assert max(filed) < now and min(filed) >= now - timedelta(days=731)
    assert len({local_date(moment).replace(day=1) for moment in filed}) >= 20
    events = db.session.execute(select(CaseEvent.case_id, CaseEvent.created_at).order_by(CaseEvent.id)).all()
    last_of: dict[int, object] = {}
    for case_id, moment in events:
        assert last_of.get(case_id, moment) <= moment < now, f"case {case_id}: an event out of order"
        last_of[case_id] = moment
    concluded = db.session.execute(
        select(Case.created_at, Case.concluded_at).where(Case.concluded_at.is_not(None))
    )
    assert all(filed_at < concluded_at < now for filed_at, concluded_at in concluded)
    # Today's work: cases to accept, sessions to come, an agreement to sign, one overdue.
    assert db.session.scalar(select(func.count()).where(Case.state == CaseState.FILED)) >= 3
    upcoming = select(func.count()).where(MediationSession.starts_at > now)
    assert db.session.scalar(upcoming) >= 3
    waiting = select(func.count()).where(
        Case.state == CaseState.MEDIATED, Case.agreement_recorded_at.is_not(None)
    )
    assert db.session.scalar(waiting) == 2
    assert any(
        case.deadline < local_date(now)
        for case in db.session.scalars(select(Case).where(Case.state == CaseState.MEDIATED))
        if case.deadline
    )
    # The system came lately: the agreements signed in it are of the last months.
    signed_in_it = select(func.min(Document.created_at)).where(Document.kind == "agreement")
    assert db.session.scalar(signed_in_it) > now - timedelta(days=90)
    # The court files referrals back within days; the last ones still wait for it.
    waiting_court = select(func.count()).where(Referral.acknowledged_at.is_(None))
    assert (
        AWAITING_COURT * 2
        <= db.session.scalar(waiting_court)
        < db.session.scalar(select(func.count(Referral.id))) / 4
    )
    # People read their inbox: only the last days' messages are unread.
    unread = select(func.min(Notification.created_at)).where(Notification.read_at.is_(None))
    assert db.session.scalar(unread) > now - timedelta(days=14)
    # Performed: in full, in part, and still to come.
    paid = dict(
        db.session.execute(select(Payment.case_id, func.sum(Payment.amount)).group_by(Payment.case_id)).all()
    )
    settled = db.session.scalars(select(Case).where(Case.state == CaseState.SETTLED)).all()
    in_full = sum(1 for case in settled if paid.get(case.id) == case.agreed_amount)
    assert 0 < in_full < len(settled) and len(paid) < len(settled)


def _assert_figures_look_real(statistics: dict):
    headline = statistics["headline"]
    assert AVERAGE_DAYS[0] <= Decimal(headline["average_days_to_conclude"]) <= AVERAGE_DAYS[1]
    assert SUCCESS_RATE[0] <= Decimal(headline["success_rate"]) <= SUCCESS_RATE[1]
    assert Decimal(headline["performed_amount"]) > 0
    assert headline["settled"] == 125 and Decimal(headline["resolved_claim_amount"]) == Decimal("58360000.00")
    months = statistics["months"]
    assert sum(1 for month in months if month["received"]) >= 20
    assert sum(1 for month in months if month["settled"]) >= 18
    assert sum(1 for month in months if Decimal(month["performed_amount"])) >= 18
