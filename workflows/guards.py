"""Named guards of the case lifecycle.

Each guard takes the ``transitions`` event (``send_event=True``) and either
returns ``True`` or raises :class:`GuardRejected` naming the field at fault, so
every face can show a field-specific message instead of a bare "not allowed".
Values arrive already parsed (``Decimal``, ``date``) from the application edge.
"""

from datetime import date
from decimal import Decimal


def N_(message: str) -> str:
    """Marks a message for translation; the faces translate it when they show it."""
    return message


class GuardRejected(Exception):
    """The data given with a trigger does not satisfy its guard."""

    def __init__(self, field: str, message: str, detail: str = ""):
        super().__init__(f"{field}: {message} {detail}".strip())
        self.field = field
        self.message = message
        self.detail = detail


def _require_text(event, field: str) -> str:
    value = event.kwargs.get(field)
    if not isinstance(value, str) or not value.strip():
        raise GuardRejected(field, N_("is required"))
    return value


def has_reason(event) -> bool:
    """Refusal (不予受理) and referral must say why: the parties are told."""
    _require_text(event, "reason")
    return True


def has_conflict_free_mediator(event) -> bool:
    """A mediator must be named and have no conflict of interest (回避), unless staff
    record why they assign a flagged mediator all the same."""
    mediator = event.kwargs.get("mediator")
    if mediator is None:
        raise GuardRejected("mediator_id", N_("is required"))
    if mediator.conflicts and not (event.kwargs.get("override_reason") or "").strip():
        raise GuardRejected("mediator_id", N_("has a conflict of interest:"), "; ".join(mediator.conflicts))
    return True


def is_a_different_mediator(event) -> bool:
    """Reassignment (after recusal) must actually change the mediator."""
    mediator = event.kwargs.get("mediator")
    if mediator is not None and mediator.id == getattr(event.model, "mediator_id", None):
        raise GuardRejected("mediator_id", N_("is already the assigned mediator"))
    return True


def respondent_consented(event) -> bool:
    """Mediation is voluntary: it cannot start without the respondent's consent."""
    if event.kwargs.get("respondent_consent") is not True:
        raise GuardRejected("respondent_consent", N_("the respondent must consent to mediation"))
    return True


def has_agreed_terms(event) -> bool:
    """An agreement states the amount, the terms and when they are performed."""
    amount = event.kwargs.get("agreed_amount")
    if not isinstance(amount, Decimal) or amount <= 0:
        raise GuardRejected("agreed_amount", N_("is required"))
    terms = event.kwargs.get("terms")
    if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise GuardRejected("terms", N_("at least one non-empty clause is required"))
    deadline = event.kwargs.get("performance_deadline")
    today = event.kwargs.get("today")
    if not isinstance(deadline, date):
        raise GuardRejected("performance_deadline", N_("is required"))
    if today is not None and deadline < today:
        raise GuardRejected("performance_deadline", N_("must not be in the past"))
    return True


def within_claim_or_explained(event) -> bool:
    """An agreed amount above the claim (interest, costs, a larger debt found in
    mediation) is possible, but never by a slip of the keyboard: it needs a recorded
    reason and an explicit confirmation."""
    amount, claim = event.kwargs.get("agreed_amount"), event.kwargs.get("claim_amount")
    if not isinstance(amount, Decimal) or not isinstance(claim, Decimal) or amount <= claim:
        return True
    if not (event.kwargs.get("over_claim_reason") or "").strip():
        raise GuardRejected(
            "over_claim_reason", N_("the agreed amount exceeds the claim: say why"), f"({amount} > {claim})"
        )
    if event.kwargs.get("over_claim_confirmed") is not True:
        raise GuardRejected("over_claim_confirmed", N_("confirm the agreed amount above the claim"))
    return True


def after_a_session(event) -> bool:
    """An agreement is reached at a session: while every session of the case is still
    to come, none can have been. (A case mediated by telephone or on paper, with no
    session in the system, is not held back.)"""
    if event.kwargs.get("sessions_only_ahead"):
        raise GuardRejected(
            "agreed_amount",
            N_("an agreement can be recorded once a session of the case has started"),
            event.kwargs.get("first_session", ""),
        )
    return True
