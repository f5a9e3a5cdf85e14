"""Cases as plain JSON-ready dicts, shared by the API and the CLI."""

from mediation_app.api_support import iso, money
from mediation_app.cases.permissions import available_triggers
from mediation_app.types import utcnow


def party(organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name, "uscc": organisation.uscc}


def case_json(case, viewer) -> dict:
    return {
        "id": case.id,
        "number": case.number,
        "state": case.state.value,
        "claim_amount": money(case.claim_amount),
        "agreed_amount": money(case.agreed_amount),
        "applicant": party(case.applicant),
        "respondent": party(case.respondent),
        "mediator": {"id": case.mediator.id, "name": case.mediator.name} if case.mediator else None,
        "source": case.source.value,
        "court_case_number": case.court_case_number,
        "summary": case.summary,
        "industry": case.industry,
        "dispute_type": case.dispute_type,
        "terms": case.terms,
        "performance_deadline": iso(case.performance_deadline),
        "outcome_reason": case.outcome_reason,
        "respondent_consent": case.respondent_consent,
        "deadline": iso(case.deadline),
        "deadline_status": case.clock.status(utcnow()).value,
        "days_left": case.clock.days_left(utcnow()),
        "procedure": case.procedure,
        "extension_days": list(case.extension_days or []),
        "version": case.version,
        "allowed_triggers": available_triggers(viewer, case),
        "created_at": iso(case.created_at),
        "updated_at": iso(case.updated_at),
        "concluded_at": iso(case.concluded_at),
    }


def event_json(event) -> dict:
    return {
        "id": event.id,
        "action": event.action,
        "actor": {"id": event.actor.id, "name": event.actor.name, "role": event.actor.role.value}
        if event.actor
        else None,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "data": event.data,
        "created_at": iso(event.created_at),
        "hash": event.hash,
    }
