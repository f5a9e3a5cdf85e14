"""Taking a filed case to any state of its lifecycle, for the demo, the tests and the
benchmarks alike: along the workflow's own path (``workflows.paths``), through the real
operations, each step fired by whoever fires it in practice with valid data.

A step of a case's history (``past=True``) is recorded as one whose papers already
exist (``record_past_transition``): no documents are rendered for it.

``settle`` is not a step anyone takes: the mediator records the agreement, and it
takes effect with the last signature. Here staff record each party's signature as the
scan of the page it signed at the centre, and the mediator countersigns; a history's
agreement was signed on paper.
"""

import io
from datetime import date, timedelta

from PIL import Image, ImageDraw

from mediation_app.cases.models import Case
from mediation_app.cases.operations import record_past_transition, transition_case
from mediation_app.documents.actions import PARTIES
from mediation_app.documents.signing import sign_agreement
from mediation_app.extensions import db
from mediation_app.types import utcnow
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.paths import path_to

# Steps the centre's staff take (a respondent's refusal they record from paper or phone);
# the mediator takes the others.
STAFF_TRIGGERS = frozenset({"assign", "reassign", "reject", "withdraw", "decline_mediation"})


def valid_data(trigger: str, *, mediator_id: int | None, today: date) -> dict:
    """Data each trigger accepts (a settlement of 500,000 yuan due in 30 days)."""
    deadline = today + timedelta(days=30)
    return {
        "assign": {"mediator_id": mediator_id},
        "reassign": {"mediator_id": mediator_id},
        "reject": {"reason": "申请事项不属于本中心受理范围。"},
        "start_mediation": {"respondent_consent": True},
        "decline_mediation": {"reason": "被申请人不同意调解。"},
        "record_agreement": {
            "agreed_amount": "500000.00",
            "terms": [
                f"被申请人于{deadline.year}年{deadline.month}月{deadline.day}日前向申请人支付人民币500,000.00元。",
                "被申请人按期足额履行的，申请人放弃其余请求。",
            ],
            "performance_deadline": deadline.isoformat(),
        },
        "settle": {},
        "refer_to_court": {"reason": "双方分歧较大，调解不成。"},
        "withdraw": {"reason": "双方已自行和解。"},
    }[trigger]


def take_step(
    case_id: int, trigger: str, *, staff, mediator, data: dict | None = None, past: bool = False
) -> Case:
    """Fire one ``trigger`` on the case, by whoever fires it in practice, with valid data
    (``data`` overrides it by trigger name). ``settle`` is the agreement's last signature:
    everyone's signatures, or (``past``) the mediator's on a paper already signed.
    ``mediator`` is None for a staff step before one is assigned."""
    if trigger == "settle" and not past:
        return sign_by_everyone(case_id, staff=staff, mediator=mediator)
    case = db.session.get(Case, case_id)
    body = {
        "trigger": trigger,
        "version": case.version,
        **valid_data(trigger, mediator_id=mediator and mediator.id, today=local_date(utcnow())),
        **(data or {}).get(trigger, {}),
    }
    operation = record_past_transition if past else transition_case
    return operation(staff if trigger in STAFF_TRIGGERS else mediator, case_id, body)


def drive(
    case_id: int, target: str, *, staff, mediator, data: dict | None = None, past: bool = False
) -> Case:
    """Fire the path from the case's state to ``target``. ``staff`` and ``mediator`` are
    the people (ORM rows) who act; ``data`` overrides a trigger's data by trigger name
    (``record_agreement``'s is the agreement that a ``settle`` step records and signs)."""
    case = db.session.get(Case, case_id)
    people = {"staff": staff, "mediator": mediator, "data": data, "past": past}
    for trigger in path_to(CaseState(target), start=case.state):
        if trigger == "settle" and case.agreement_recorded_at is None:
            case = take_step(case_id, "record_agreement", **people)
        case = take_step(case_id, trigger, **people)
    return case


def sign_by_everyone(case_id: int, *, staff, mediator) -> Case:
    """Both parties' signatures (recorded by staff from the signed paper), then the
    mediator's: the agreement takes effect and the case is settled."""
    for party in PARTIES:
        sign_for_party(case_id, party.value, staff=staff)
    sign_agreement(mediator, case_id, {"method": "drawn"}, {"signature": _SIGNATURE})
    return db.session.get(Case, case_id)


def sign_for_party(case_id: int, party: str, *, staff) -> None:
    """A party's signature, recorded by staff as the scan of the page it signed at the centre."""
    sign_agreement(staff, case_id, {"method": "scan", "party": party}, {"scan": _SIGNATURE})


def _signature_image() -> bytes:
    image = Image.new("RGBA", (240, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 60), (80, 20), (140, 55), (220, 25)], fill=(20, 20, 60, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


_SIGNATURE = _signature_image()
