"""Plain values for document templates, built from a case (never ORM objects)."""

from datetime import date

from mediation_app.documents.capitals import amount_in_capitals
from workflows.deadlines import local_date


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(amount) -> str:
    """Figures with thousands separators, as printed: 580,000.00."""
    return f"{amount:,.2f}"


def _party(organisation) -> dict:
    return {
        "name": organisation.name,
        "uscc": organisation.uscc or "",
        "address": organisation.address or "",
        "legal_representative": organisation.legal_representative or "",
    }


def agreement_context(case, issued_at) -> dict:
    """What 调解协议书 states (人民调解法 art. 29; DOMAIN.md)."""
    return {
        "centre_name": case.centre.name,
        "case_number": case.number,
        "court_case_number": case.court_case_number or "",
        "applicant": _party(case.applicant),
        "respondent": _party(case.respondent),
        "mediator_name": case.mediator.name if case.mediator else "",
        "summary": case.summary,
        "claim_amount": yuan(case.claim_amount),
        "claim_amount_capitals": amount_in_capitals(case.claim_amount),
        "agreed_amount": yuan(case.agreed_amount),
        "agreed_amount_capitals": amount_in_capitals(case.agreed_amount),
        "terms": list(case.terms or []),
        "performance_deadline": chinese_date(case.performance_deadline),
        "issued_on": chinese_date(local_date(issued_at)),
    }
