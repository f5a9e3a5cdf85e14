"""JSON API of the court linkage: what a court system and the centre do after mediation.

A court system logs in as its liaison; its token then reaches only its court's
cases (``cases.queries.visible_to``): anything of another court is a 404.
"""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.cases.queries import get_visible_case
from mediation_app.court import operations
from mediation_app.court.delivery import receive_letter, send_package
from mediation_app.court.queries import (
    get_visible_referral,
    is_flagged,
    outcome_counts,
    performance_of,
    referrals_for,
    window_of,
)
from mediation_app.court.schemas import (
    Acknowledgement,
    ConfirmationApplication,
    ConfirmationOut,
    ConfirmationOutcome,
    CourtOutcomes,
    FollowUpVisitOut,
    NewPayment,
    NewVisit,
    PaymentOut,
    PerformanceOut,
    ReferralListQuery,
    ReferralOut,
    ReferralPage,
    referral_cursor,
)
from mediation_app.errors import NotVisible
from mediation_app.evidence.presenters import evidence_out
from mediation_app.evidence.schemas import EvidenceOut
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date


@api.get("/cases/<int:case_id>/performance")
@endpoint(ok=PerformanceOut)
def get_performance(case_id: int):
    """Instalments with what is paid and overdue, payments and follow-up visits."""
    case = get_visible_case(caller(), case_id)
    return present(PerformanceOut.of(performance_of(case, local_date(utcnow()))))


@api.post("/cases/<int:case_id>/payments")
@endpoint(body=NewPayment, ok=PaymentOut, status=201)
def record_payment(case_id: int):
    """Record a payment under the agreement (the case's mediator, staff; settled cases)."""
    payment = operations.record_payment(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(PaymentOut.model_validate(payment), 201)


@api.post("/cases/<int:case_id>/follow-up-visits")
@endpoint(body=NewVisit, ok=FollowUpVisitOut, status=201)
def record_visit(case_id: int):
    """Record a follow-up visit on performance (履行回访; the case's mediator, staff)."""
    visit = operations.record_visit(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(FollowUpVisitOut.model_validate(visit), 201)


# --- referrals back to court -------------------------------------------------------------


@api.get("/referrals")
@endpoint(query=ReferralListQuery, ok=ReferralPage)
def list_referrals():
    """The caller's court's referrals (staff: the centre's) changed after ``since``, oldest change first.

    Pass ``next_cursor`` back as ``cursor`` for the next page."""
    user = caller("court_workspace")
    query = ReferralListQuery.parse(request.args.to_dict())
    now = utcnow()
    page = referrals_for(user, changed_after=query.position, limit=query.limit + 1)
    items = page[: query.limit]
    return present(
        ReferralPage(
            items=[ReferralOut.of(r, is_flagged(r, now)) for r in items],
            next_cursor=referral_cursor(items[-1]) if len(page) > query.limit else None,
        )
    )


@api.get("/cases/<int:case_id>/referral")
@endpoint(ok=ReferralOut)
def get_referral(case_id: int):
    """The case's referral to court."""
    referral, _case = get_visible_referral(caller(), case_id)
    return present(ReferralOut.of(referral, is_flagged(referral, utcnow())))


@api.get("/cases/<int:case_id>/referral/package")
@endpoint(description="The zip (application/zip), its SHA-256 in X-Content-SHA256")
def download_package(case_id: int):
    """The referral package: termination notice, summary, evidence list and the files the court may read."""
    return send_package(caller(), case_id)


@api.post("/cases/<int:case_id>/referral/acknowledgement")
@endpoint(body=Acknowledgement, ok=ReferralOut)
def acknowledge_referral(case_id: int):
    """The court acknowledges receipt with its filing number (立案号; its liaison, once)."""
    referral = operations.acknowledge_referral(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(ReferralOut.of(referral, False))


# --- delegation letter and judicial confirmation ---------------------------------------------


@api.post("/cases/<int:case_id>/delegation-letter")
@endpoint(ok=EvidenceOut, status=201)
def attach_delegation_letter(case_id: int):
    """Attach the court's letter of delegation (multipart ``file``; the court's liaison or staff)."""
    letter = receive_letter(caller(), case_id)
    return present(evidence_out(letter), 201)


def _confirmation_of(user, case_id: int) -> ConfirmationOut:
    case = get_visible_case(user, case_id)
    if case.state is not CaseState.SETTLED:
        raise NotVisible()  # only a settled case has an agreement to confirm
    return ConfirmationOut.of(window_of(case, local_date(utcnow())))


@api.get("/cases/<int:case_id>/confirmation")
@endpoint(ok=ConfirmationOut)
def get_confirmation(case_id: int):
    """The 30-day window (countdown), the joint application and the court's decision."""
    return present(_confirmation_of(caller(), case_id))


@api.post("/cases/<int:case_id>/confirmation/application")
@endpoint(body=ConfirmationApplication, ok=ConfirmationOut, status=201)
def apply_for_confirmation(case_id: int):
    """Record and issue the parties' joint application (the case's mediator, staff); late: with why."""
    user = caller()
    operations.apply_for_confirmation(user, case_id, json_body(), remote_addr=remote_addr())
    return present(_confirmation_of(user, case_id), 201)


@api.post("/cases/<int:case_id>/confirmation/outcome")
@endpoint(body=ConfirmationOutcome, ok=ConfirmationOut)
def record_confirmation(case_id: int):
    """Record the court's decision once (its liaison, staff): confirmed with its 诉前调确 number, or not."""
    user = caller()
    operations.record_confirmation(user, case_id, json_body(), remote_addr=remote_addr())
    return present(_confirmation_of(user, case_id))


@api.get("/court/outcomes")
@endpoint(ok=CourtOutcomes)
def court_outcomes():
    """Cases by state of the caller's court (staff: the centre's), with what waits on the court."""
    user = caller("court_workspace")
    now = utcnow()
    return present(CourtOutcomes.model_validate(outcome_counts(user, local_date(now), now)))
