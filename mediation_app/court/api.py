"""JSON API of the court linkage: what a court system and the centre do after mediation.

A court system logs in as its liaison; its token then reaches only its court's
cases (``cases.queries.visible_to``): anything of another court is a 404.
"""

from flask import jsonify, request

from mediation_app.api_support import api, caller, json_body, remote_addr
from mediation_app.cases.queries import get_visible_case
from mediation_app.court import operations
from mediation_app.court.delivery import receive_letter, send_package
from mediation_app.court.listing import parse_referral_query, referral_cursor
from mediation_app.court.presenters import (
    confirmation_json,
    payment_json,
    performance_json,
    referral_json,
    visit_json,
)
from mediation_app.court.queries import (
    get_visible_referral,
    is_flagged,
    outcome_counts,
    performance_of,
    referrals_for,
    window_of,
)
from mediation_app.errors import NotVisible
from mediation_app.evidence.presenters import evidence_json
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.roles import Role


@api.get("/cases/<int:case_id>/performance")
def get_performance(case_id: int):
    """Instalments with what is paid and overdue, payments and follow-up visits."""
    case = get_visible_case(caller(), case_id)
    return jsonify(performance_json(performance_of(case, local_date(utcnow()))))


@api.post("/cases/<int:case_id>/payments")
def record_payment(case_id: int):
    payment = operations.record_payment(caller(), case_id, json_body(), remote_addr=remote_addr())
    return jsonify(payment_json(payment)), 201


@api.post("/cases/<int:case_id>/follow-up-visits")
def record_visit(case_id: int):
    visit = operations.record_visit(caller(), case_id, json_body(), remote_addr=remote_addr())
    return jsonify(visit_json(visit)), 201


# --- referrals back to court -------------------------------------------------------------


@api.get("/referrals")
def list_referrals():
    """The caller's court's referrals (a centre's, for staff) changed after ``since``,
    oldest change first; follow ``next_cursor`` for more."""
    user = caller(Role.COURT_LIAISON, Role.STAFF)
    position, limit = parse_referral_query(request.args)
    now = utcnow()
    page = referrals_for(user, changed_after=position, limit=limit + 1)
    items = page[:limit]
    return jsonify(
        {
            "items": [referral_json(r, is_flagged(r, now)) for r in items],
            "next_cursor": referral_cursor(items[-1]) if len(page) > limit else None,
        }
    )


@api.get("/cases/<int:case_id>/referral")
def get_referral(case_id: int):
    referral, _case = get_visible_referral(caller(), case_id)
    return jsonify(referral_json(referral, is_flagged(referral, utcnow())))


@api.get("/cases/<int:case_id>/referral/package")
def download_package(case_id: int):
    return send_package(caller(), case_id)


@api.post("/cases/<int:case_id>/referral/acknowledgement")
def acknowledge_referral(case_id: int):
    referral = operations.acknowledge_referral(caller(), case_id, json_body(), remote_addr=remote_addr())
    return jsonify(referral_json(referral, False))


# --- delegation letter and judicial confirmation ---------------------------------------------


@api.post("/cases/<int:case_id>/delegation-letter")
def attach_delegation_letter(case_id: int):
    """The court's letter of delegation (multipart ``file``): its liaison, or staff."""
    letter = receive_letter(caller(), case_id)
    return jsonify(evidence_json(letter)), 201


def _confirmation_of(user, case_id: int):
    case = get_visible_case(user, case_id)
    if case.state is not CaseState.SETTLED:
        raise NotVisible()  # only a settled case has an agreement to confirm
    return window_of(case, local_date(utcnow()))


@api.get("/cases/<int:case_id>/confirmation")
def get_confirmation(case_id: int):
    """The 30-day window (countdown), the joint application and the court's decision."""
    return jsonify(confirmation_json(_confirmation_of(caller(), case_id)))


@api.post("/cases/<int:case_id>/confirmation/application")
def apply_for_confirmation(case_id: int):
    user = caller()
    operations.apply_for_confirmation(user, case_id, json_body(), remote_addr=remote_addr())
    return jsonify(confirmation_json(_confirmation_of(user, case_id))), 201


@api.post("/cases/<int:case_id>/confirmation/outcome")
def record_confirmation(case_id: int):
    user = caller()
    operations.record_confirmation(user, case_id, json_body(), remote_addr=remote_addr())
    return jsonify(confirmation_json(_confirmation_of(user, case_id)))


@api.get("/court/outcomes")
def court_outcomes():
    """Cases by state for the caller's court (staff: the centre), with the referrals
    awaiting acknowledgement (and those flagged after 3 days), enforceable and defaulting ones."""
    user = caller(Role.COURT_LIAISON, Role.STAFF)
    now = utcnow()
    return jsonify(outcome_counts(user, local_date(now), now))
