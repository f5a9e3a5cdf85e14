"""One shared ``transitions`` machine for every case, and the ``fire`` entry point.

The machine is built once with ``model=None``: cases are never added to it (a
machine per case costs ~16 KB and ``add_model`` would hold ORM rows and reset
their state). Events are fired on a case with ``MACHINE.events[t].trigger(case)``.
transitions does not undo a state change when a later step fails, so callers
run :func:`fire` inside a database transaction that rolls back on any error.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from transitions import Machine

from workflows import guards
from workflows.case_states import CaseState
from workflows.roles import Role

S = CaseState

TRANSITIONS = [
    {
        "trigger": "assign",
        "source": S.FILED,
        "dest": S.ASSIGNED,
        "conditions": [guards.has_conflict_free_mediator],
    },
    {"trigger": "reject", "source": S.FILED, "dest": S.REJECTED, "conditions": [guards.has_reason]},
    {
        "trigger": "start_mediation",
        "source": S.ASSIGNED,
        "dest": S.MEDIATED,
        "conditions": [guards.respondent_consented],
    },
    # Mediation is voluntary: a respondent who declines ends it (调解终结); court cases go
    # back to the court, and the parties of a direct application are told they may sue.
    {
        "trigger": "decline_mediation",
        "source": S.ASSIGNED,
        "dest": S.REFERRED_TO_COURT,
        "conditions": [guards.has_reason],
    },
    {
        "trigger": "reassign",
        "source": [S.ASSIGNED, S.MEDIATED],
        "dest": "=",
        "conditions": [guards.has_conflict_free_mediator, guards.is_a_different_mediator],
    },
    # The mediator records what was agreed and issues it for signature (协议待签署): the case
    # stays in mediation, and counts as settled only when the agreement takes effect, with
    # the last signature, which fires ``settle``.
    {
        "trigger": "record_agreement",
        "source": S.MEDIATED,
        "dest": "=",
        "conditions": [guards.has_agreed_terms, guards.within_claim_or_explained, guards.after_a_session],
    },
    {"trigger": "settle", "source": S.MEDIATED, "dest": S.SETTLED, "conditions": [guards.has_agreed_terms]},
    {
        "trigger": "refer_to_court",
        "source": [S.ASSIGNED, S.MEDIATED],
        "dest": S.REFERRED_TO_COURT,
        "conditions": [guards.has_reason],
    },
    {"trigger": "withdraw", "source": [S.FILED, S.ASSIGNED, S.MEDIATED], "dest": S.WITHDRAWN},
]

MACHINE = Machine(
    model=None,
    initial=None,
    states=CaseState,
    transitions=TRANSITIONS,
    model_attribute="state",
    auto_transitions=False,
    send_event=True,
)

TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))
# Triggers that end a case (their step cannot be undone: the pages ask for a confirmation).
FINAL_TRIGGERS = frozenset(
    t["trigger"] for t in TRANSITIONS if t["dest"] != "=" and CaseState(t["dest"]).is_final
)


@dataclass(frozen=True)
class Actor:
    """Who is firing, reduced to what the lifecycle rules need to know."""

    role: Role
    is_assigned_mediator: bool = False
    is_applicant: bool = False
    is_respondent: bool = False
    #: gives the agreement's last signature (or, for a case recorded after the fact, had it
    #: signed on paper): only this fires ``settle``
    signs_last: bool = False


def _staff(actor: Actor) -> bool:
    return actor.role is Role.STAFF


def _assigned_mediator(actor: Actor) -> bool:
    return actor.role is Role.MEDIATOR and actor.is_assigned_mediator


def _applicant(actor: Actor) -> bool:
    return actor.role is Role.ENTERPRISE and actor.is_applicant


def _respondent(actor: Actor) -> bool:
    return actor.role is Role.ENTERPRISE and actor.is_respondent


def _last_signatory(actor: Actor) -> bool:
    return actor.signs_last


# The "who" column of the lifecycle table in DESIGN.md.
WHO_MAY_FIRE: dict[str, tuple[Callable[[Actor], bool], ...]] = {
    "assign": (_staff,),
    "reject": (_staff,),
    "start_mediation": (_assigned_mediator,),
    "decline_mediation": (_respondent, _staff),  # staff record a refusal given on paper or by phone
    "reassign": (_staff,),
    "record_agreement": (_assigned_mediator,),
    "settle": (_last_signatory,),  # never fired by a caller: it comes with the last signature
    "refer_to_court": (_assigned_mediator, _staff),
    "withdraw": (_applicant, _staff),
}


class WorkflowError(Exception):
    """Base of the lifecycle's refusals."""


class UnknownTrigger(WorkflowError):
    pass


class TransitionForbidden(WorkflowError):
    """This actor may never fire this trigger on this case (HTTP 403)."""


class TransitionNotAllowed(WorkflowError):
    """The trigger does not apply to the case's current state (HTTP 409)."""


def may_fire(actor: Actor, trigger: str) -> bool:
    return any(rule(actor) for rule in WHO_MAY_FIRE.get(trigger, ()))


@cache
def _triggers_from(state: CaseState) -> tuple[str, ...]:
    available = set(MACHINE.get_triggers(state.name))
    return tuple(t for t in TRIGGERS if t in available)


def triggers_from(state: CaseState) -> list[str]:
    """Triggers defined for ``state``, whoever fires them, in table order."""
    return list(_triggers_from(CaseState(state)))


def allowed_triggers(state: CaseState, actor: Actor) -> list[str]:
    """What ``actor`` may fire now; guards on the data are checked at fire time."""
    return [t for t in triggers_from(state) if may_fire(actor, t)]


def check(state: CaseState, trigger: str, actor: Actor) -> None:
    """Raise unless ``actor`` may fire ``trigger`` in ``state`` (data not yet considered).

    Who-may checks come first: a role that may never fire a trigger is refused
    (403) whatever the case's state, rather than told the state is wrong (409).
    """
    if trigger not in MACHINE.events:
        raise UnknownTrigger(trigger)
    if not may_fire(actor, trigger):
        raise TransitionForbidden(trigger)
    if trigger not in triggers_from(state):
        raise TransitionNotAllowed(f"{trigger} is not possible in state {CaseState(state).value}")


def fire(case, trigger: str, actor: Actor, **data) -> CaseState:
    """Fire ``trigger`` on ``case`` (any object with a ``state`` attribute).

    Raises :class:`UnknownTrigger`, :class:`TransitionForbidden`,
    :class:`TransitionNotAllowed` or :class:`guards.GuardRejected`; on success the
    case's ``state`` holds the new state, which is returned.
    """
    check(case.state, trigger, actor)
    if not MACHINE.events[trigger].trigger(case, actor=actor, **data):
        raise TransitionNotAllowed(trigger)
    return case.state
