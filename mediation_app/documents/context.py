"""Plain values for document templates, built from a case (never ORM objects).

Each builder returns what its kind of document states; ``common`` adds what every
document carries (the centre, the numbers, the date of issue).
"""

from datetime import date

from sqlalchemy import func, select

from mediation_app.agents.presenters import agent_line
from mediation_app.agents.queries import standing_agents
from mediation_app.cases.queries import instalments_of
from mediation_app.core.formatting import chinese_date, yuan
from mediation_app.documents.capitals import amount_in_capitals
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.sessions.models import MediationSession, SessionStatus
from workflows.deadlines import CHINA, local_date

_FORMAL_DIGITS = "〇一二三四五六七八九"


def _formal_number(n: int) -> str:
    """1..31 as written in a formal date: 十, 十一, 二十, 二十九, 三十一."""
    tens, units = divmod(n, 10)
    text = "" if tens == 0 else ("" if tens == 1 else _FORMAL_DIGITS[tens]) + "十"
    return text + (_FORMAL_DIGITS[units] if units else "") if n else _FORMAL_DIGITS[0]


def formal_chinese_date(day: date) -> str:
    """The date a document is signed off with: 二〇二六年十一月二十九日."""
    year = "".join(_FORMAL_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_formal_number(day.month)}月{_formal_number(day.day)}日"


def money(amount) -> dict:
    return {"figures": yuan(amount), "capitals": amount_in_capitals(amount)}


def _party(organisation, agents) -> dict:
    """A party's particulars as the documents state them, per kind (``party_table``): the
    full identity number, as the documents the parties sign must carry it; and its
    agents acting when the document is issued."""
    return {
        "agents": [agent_line(agent) for agent in agents],
        "kind": organisation.kind.value,
        "name": organisation.name,
        "uscc": organisation.uscc or "",
        "id_number": organisation.id_number or "",
        "operator_name": organisation.operator_name or "",
        "address": organisation.address or "",
        "legal_representative": organisation.legal_representative or "",
    }


def common(case, issued_at, number: str) -> dict:
    agents = standing_agents(case.id)
    return {
        "centre_name": case.centre.name,
        "centre_address": case.centre.address or "",
        "case_number": case.number,
        "court_case_number": case.court_case_number or "",
        "court_name": case.court.name if case.court else "",
        "source": case.source.value,
        "document_number": number,
        "applicant": _party(case.applicant, agents["applicant"]),
        "respondent": _party(case.respondent, agents["respondent"]),
        "mediator_name": case.mediator.name if case.mediator else "",
        "summary": case.summary,
        "claim": money(case.claim_amount),
        "filed_on": chinese_date(local_date(case.created_at)),
        "issued_on": formal_chinese_date(local_date(issued_at)),
    }


def acceptance_context(case, issued_at) -> dict:
    """受理通知书: accepted, who mediates, by when, and that taking part is voluntary."""
    return {"deadline": chinese_date(case.deadline) if case.deadline else ""}


def refusal_context(case, issued_at) -> dict:
    """不予受理通知书: why, and that the courts remain open to the applicant."""
    return {"reason": case.outcome_reason or ""}


def rights_context(case, issued_at) -> dict:
    """权利义务告知书 (人民调解法 arts. 23–24): the text is the template's; the case
    supplies who is told and who mediates."""
    return {}


def _sessions_held(case) -> int:
    return db.session.scalar(
        select(func.count()).where(
            MediationSession.case_id == case.id, MediationSession.status == SessionStatus.SCHEDULED
        )
    )


def minutes_context(case, issued_at, session) -> dict:
    """调解笔录 of one session, from its finalised minutes."""
    starts, ends = session.starts_at, session.ends_at
    return {
        "session_kind": session.kind.value,
        "session_party": session.party.name if session.party else "",
        "session_date": chinese_date(local_date(starts)),
        "session_time": f"{_local_time(starts)}—{_local_time(ends)}",
        "place": session.place or "",
        "video": bool(session.video_link),
        "participants": [p.name for p in session.participants],
        "minutes_text": session.minutes.text,
    }


def _local_time(moment) -> str:
    return moment.astimezone(CHINA).strftime("%H:%M")


def _instalments(case) -> list[dict]:
    """The payment schedule (one instalment at least)."""
    return [{"amount": money(i.amount), "due_on": chinese_date(i.due_on)} for i in instalments_of(case)]


PAYMENT_METHODS = {"bank_transfer": "银行转账", "cash": "现金", "cheque": "支票"}


def _payment_method(case) -> str:
    """How the amount is paid, as the payment clause words it ("" when not recorded)."""
    if case.payment_method == "other":
        return case.payment_method_other or ""
    return PAYMENT_METHODS.get(case.payment_method or "", "")


def agreement_context(case, issued_at, signatures: dict | None = None, seal: str | None = None) -> dict:
    """调解协议书 (人民调解法 art. 29; DOMAIN.md). ``signatures`` (signer role → what
    to print in its place) makes it the signed copy that took effect, with the centre's
    ``seal`` image. The payment clause is written from the recorded fields, so its
    figures, dates and method cannot disagree with them."""
    instalments = _instalments(case)
    effective_on = case.agreement_effective_on if signatures else None
    return {
        "agreed": money(case.agreed_amount),
        "terms": list(case.terms or []),
        "instalments": instalments if len(instalments) > 1 else [],
        "performance_deadline": chinese_date(case.performance_deadline),
        "payment_method": _payment_method(case),
        "signatures": signatures or {},
        "seal": seal or "",
        "effective_on": chinese_date(effective_on) if effective_on else "",
    }


def termination_context(case, issued_at) -> dict:
    """调解终结书: mediation ended without agreement; the parties may go to court."""
    return {
        "state": case.state.value,
        "reason": case.outcome_reason or "",
        "sessions_held": _sessions_held(case),
        "from_court": case.source.from_court,
    }


def confirmation_application_context(case, issued_at) -> dict:
    """司法确认申请书: the joint application and the materials a court needs."""
    agreement = _current_agreement_number(case)
    return {
        "agreed": money(case.agreed_amount),
        "agreement_number": agreement,
        "effective_on": chinese_date(case.agreement_effective_on) if case.agreement_effective_on else "",
        "terms": list(case.terms or []),
    }


def _current_agreement_number(case) -> str:
    return (
        db.session.scalars(
            select(Document.number).where(Document.case_id == case.id, Document.kind == "agreement")
        ).first()
        or ""
    )


def service_address_context(case, issued_at, party: str, confirmation: dict) -> dict:
    """送达地址确认书: the channels a party consents to and its addresses (plain values
    from ``service``)."""
    return {"party_side": party, "confirmation": confirmation}


def service_certificate_context(case, issued_at, party: str, entries: list[dict]) -> dict:
    """电子送达凭证: each document served on the party, by channel, with its times."""
    return {"party_side": party, "entries": entries}
