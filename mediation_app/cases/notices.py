"""Who is told what when a case moves: in their inbox in the app and by e-mail (the
outbox), both in the same transaction.

A message that cannot be rendered is logged and skipped, and an account with an
unusable address gets the inbox row only: a notice must never stop the business
action it reports.
"""

import logging

from sqlalchemy import select

from mediation_app.auth.models import User
from mediation_app.cases.hooks import party_agents
from mediation_app.cases.queries import signing_ends_on
from mediation_app.core.links import link
from mediation_app.extensions import db
from mediation_app.notifications.operations import InvalidMessage, notify, queue_email
from workflows.deadlines import local_date
from workflows.roles import Role

log = logging.getLogger(__name__)


def users_of(organisation_id: int | None, case) -> list[User]:
    """The active users of an organisation at the case's centre (its accounts at other
    centres hear nothing of this one's cases: tenancy), and its agents in the case."""
    if organisation_id is None:
        return []
    own = db.session.scalars(
        select(User).where(
            User.organisation_id == organisation_id, User.centre_id == case.centre_id, User.active
        )
    ).all()
    agents = party_agents(case=case, organisation_id=organisation_id)
    return [*own, *(account for found in agents for account in found)]


def send_notice(people, kind: str, case, context: dict, *, attachment_for=None) -> None:
    """Tell each person (inbox, and e-mail); ``attachment_for(person)`` adds a file of
    their own (a calendar invitation)."""
    base = {"case_number": case.number, "centre_name": case.centre.name}
    for person in people:
        try:
            notify(
                person.id,
                person.email,
                kind,
                {**base, **context, "recipient_name": person.name},
                case_id=case.id,
                attachment=attachment_for(person) if attachment_for else None,
            )
        except InvalidMessage:
            log.warning("notice %s for case %d not queued for user %d", kind, case.id, person.id)


def party_users(case) -> list[User]:
    return users_of(case.applicant_id, case) + users_of(case.respondent_id, case)


def centre_staff(centre_id: int) -> list[User]:
    return db.session.scalars(
        select(User).where(User.centre_id == centre_id, User.role == Role.STAFF, User.active)
    ).all()


def _names(case) -> dict:
    return {"applicant_name": case.applicant.name, "respondent_name": case.respondent.name}


def notify_filed(case, filer: User) -> None:
    """A new application for the staff to accept or refuse, unless they filed it themselves."""
    if filer.role is Role.STAFF:
        return
    context = {
        **_names(case),
        "claim_amount": case.claim_amount,
        "case_url": link("cases.show_case", case_id=case.id),
    }
    send_notice(centre_staff(case.centre_id), "case_filed", case, context)


def registration_link(case) -> str:
    """Where a respondent without an account registers with the case's centre, its
    credit code filled in."""
    return link("parties.register", centre=case.centre.code, uscc=case.respondent.uscc or None)


def _invite_at_filing_contact(case, names: dict) -> None:
    """A respondent without an account at the centre is invited at the e-mail the filer
    gave, with the way to register and answer (and by SMS: ``service.invitations``)."""
    if not case.respondent_email:
        return
    register_url = registration_link(case)
    context = {
        "case_number": case.number,
        "centre_name": case.centre.name,
        **names,
        "claim_amount": case.claim_amount,
        "register_url": register_url,
    }
    try:
        queue_email(case.respondent_email, "respondent_invited", context, case_id=case.id)
    except InvalidMessage:
        log.warning("invitation of case %d not queued for the filing contact", case.id)


def notify_transition(case, trigger: str) -> None:
    """Tell those who must act on the step just taken (called before the commit)."""
    names = _names(case)
    # By id: the relationship attribute is not refreshed when the transition sets mediator_id.
    mediator = db.session.get(User, case.mediator_id) if case.mediator_id else None
    if trigger in ("assign", "reassign"):
        send_notice(
            [mediator],
            "mediator_assigned",
            case,
            {
                **names,
                "claim_amount": case.claim_amount,
                **({"deadline": case.deadline} if case.deadline else {}),
            },
        )
    if trigger == "reassign":  # 回避 or a change of hands: the parties learn who mediates now
        send_notice(party_users(case), "mediator_changed", case, {"mediator_name": mediator.name})
    if trigger == "assign":  # 受理: the applicant is told, the respondent invited to consent
        send_notice(
            users_of(case.applicant_id, case),
            "case_accepted",
            case,
            {**names, "mediator_name": mediator.name},
        )
        invited = users_of(case.respondent_id, case)
        send_notice(invited, "respondent_invited", case, {**names, "claim_amount": case.claim_amount})
        if not invited:
            _invite_at_filing_contact(case, names)
    elif trigger == "reject":
        send_notice(
            users_of(case.applicant_id, case),
            "case_rejected",
            case,
            {**names, "reason": case.outcome_reason or ""},
        )
    elif trigger == "start_mediation":  # the respondent agreed: the applicant learns mediation runs
        context = {**names, **({"deadline": case.deadline} if case.deadline else {})}
        send_notice(users_of(case.applicant_id, case), "mediation_started", case, context)
    elif trigger == "withdraw" and mediator is not None:  # before acceptance, nobody else knew of it
        send_notice([*users_of(case.respondent_id, case), mediator], "case_withdrawn", case, names)
    elif trigger == "record_agreement":
        send_notice(
            party_users(case),
            "agreement_ready",
            case,
            {
                "agreed_amount": case.agreed_amount,
                "performance_deadline": case.performance_deadline,
                "sign_by": signing_ends_on(case),
            },
        )
    elif trigger == "settle":
        send_notice(
            party_users(case) + users_of(case.court_id, case),
            "agreement_effective",
            case,
            {
                "agreed_amount": case.agreed_amount,
                "performance_deadline": case.performance_deadline,
                # a case recorded after the fact was signed on paper, by its conclusion
                "effective_on": case.agreement_effective_on or local_date(case.concluded_at),
                "survey_url": link("surveys.answer", case_id=case.id),
            },
        )
    elif trigger in ("refer_to_court", "decline_mediation"):
        court = case.court.name if case.court else "有管辖权的人民法院"
        send_notice(
            party_users(case) + users_of(case.court_id, case),
            "case_referred",
            case,
            {
                "court_name": court,
                "reason": case.outcome_reason or "",
                "survey_url": link("surveys.answer", case_id=case.id),
            },
        )


def notify_deadline(case, days_left: int) -> None:
    """Remind whoever runs the case: its mediator, or the centre's staff before assignment."""
    people = [db.session.get(User, case.mediator_id)] if case.mediator_id else centre_staff(case.centre_id)
    send_notice(people, "deadline_reminder", case, {"deadline": case.deadline, "days_left": days_left})


def notify_recusal_decided(case, request) -> None:
    """The party that asked for the mediator's withdrawal hears the decision (on a grant,
    the new mediator is told by the reassignment)."""
    context = {
        "granted": request.status == "granted",
        "note": request.decision_note or "",
        "mediator_name": db.session.get(User, case.mediator_id).name,
    }
    send_notice(users_of(request.party_id, case), "recusal_decided", case, context)
