"""The lifecycle table of DESIGN.md, checked exhaustively: every state × trigger × actor."""

import itertools
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from workflows import Actor, CaseState, GuardRejected, TransitionForbidden, TransitionNotAllowed, fire
from workflows.case_workflow import MACHINE, TRIGGERS, allowed_triggers, triggers_from
from workflows.roles import Role

S = CaseState

# (trigger) -> (source states, destination or None for "same state"), written out
# independently of the implementation.
TABLE = {
    "assign": ({S.FILED}, S.ASSIGNED),
    "reject": ({S.FILED}, S.REJECTED),
    "start_mediation": ({S.ASSIGNED}, S.MEDIATED),
    "decline_mediation": ({S.ASSIGNED}, S.REFERRED_TO_COURT),
    "reassign": ({S.ASSIGNED, S.MEDIATED}, None),
    "record_agreement": ({S.MEDIATED}, None),
    "settle": ({S.MEDIATED}, S.SETTLED),
    "refer_to_court": ({S.ASSIGNED, S.MEDIATED}, S.REFERRED_TO_COURT),
    "withdraw": ({S.FILED, S.ASSIGNED, S.MEDIATED}, S.WITHDRAWN),
}

ACTORS = {
    "staff": Actor(Role.STAFF),
    "assigned_mediator": Actor(Role.MEDIATOR, is_assigned_mediator=True),
    "other_mediator": Actor(Role.MEDIATOR),
    "applicant": Actor(Role.ENTERPRISE, is_applicant=True),
    "respondent": Actor(Role.ENTERPRISE, is_respondent=True),
    "other_enterprise": Actor(Role.ENTERPRISE),
    "court_liaison": Actor(Role.COURT_LIAISON),
    "admin": Actor(Role.ADMIN),
    # whoever gives the agreement's last signature (the signing operation says who that is)
    "last_signatory": Actor(Role.MEDIATOR, is_assigned_mediator=True, signs_last=True),
}

WHO = {
    "assign": {"staff"},
    "reject": {"staff"},
    "start_mediation": {"assigned_mediator", "last_signatory"},
    "decline_mediation": {"respondent", "staff"},
    "reassign": {"staff"},
    "record_agreement": {"assigned_mediator", "last_signatory"},
    "settle": {"last_signatory"},
    "refer_to_court": {"assigned_mediator", "staff", "last_signatory"},
    "withdraw": {"applicant", "staff"},
}

TOMORROW = date.today() + timedelta(days=1)
VALID_DATA = {
    "assign": {"mediator": SimpleNamespace(id=7, conflicts=())},
    "reassign": {"mediator": SimpleNamespace(id=8, conflicts=())},
    "reject": {"reason": "不属于受理范围"},
    "refer_to_court": {"reason": "调解不成"},
    "withdraw": {},
    "start_mediation": {"respondent_consent": True},
    "decline_mediation": {"reason": "不同意调解"},
    "record_agreement": {
        "agreed_amount": Decimal("100.00"),
        "claim_amount": Decimal("100.00"),
        "terms": ["付款"],
        "performance_deadline": TOMORROW,
        "today": date.today(),
    },
    "settle": {"agreed_amount": Decimal("100.00"), "terms": ["付款"], "performance_deadline": TOMORROW},
}
AGREEMENT = VALID_DATA["record_agreement"]


def test_the_table_covers_every_trigger_of_the_machine():
    assert set(TABLE) == set(TRIGGERS) == set(MACHINE.events)


def test_there_are_no_auto_transitions():
    assert not any(name.startswith("to_") for name in MACHINE.events)


@pytest.mark.parametrize(
    ("state", "trigger", "actor_name"), list(itertools.product(CaseState, TABLE, ACTORS))
)
def test_every_state_trigger_and_actor(state, trigger, actor_name):
    case = SimpleNamespace(state=state, mediator_id=1)
    sources, destination = TABLE[trigger]
    if actor_name not in WHO[trigger]:
        with pytest.raises(TransitionForbidden):
            fire(case, trigger, ACTORS[actor_name], **VALID_DATA[trigger])
        assert case.state is state
    elif state not in sources:
        with pytest.raises(TransitionNotAllowed):
            fire(case, trigger, ACTORS[actor_name], **VALID_DATA[trigger])
        assert case.state is state
    else:
        assert fire(case, trigger, ACTORS[actor_name], **VALID_DATA[trigger]) is (destination or state)
        assert case.state is (destination or state)


@pytest.mark.parametrize(("state", "actor_name"), list(itertools.product(CaseState, ACTORS)))
def test_allowed_triggers_lists_exactly_what_may_be_fired(state, actor_name):
    expected = [t for t in TRIGGERS if state in TABLE[t][0] and actor_name in WHO[t]]
    assert allowed_triggers(state, ACTORS[actor_name]) == expected


@pytest.mark.parametrize("state", list(CaseState))
def test_final_states_have_no_way_out(state):
    assert (triggers_from(state) == []) is state.is_final


@pytest.mark.parametrize(
    ("trigger", "data", "field"),
    [
        ("assign", {}, "mediator_id"),
        ("assign", {"mediator": SimpleNamespace(id=7, conflicts=("same chamber",))}, "mediator_id"),
        ("reassign", {"mediator": SimpleNamespace(id=1, conflicts=())}, "mediator_id"),
        ("reject", {"reason": "   "}, "reason"),
        ("refer_to_court", {}, "reason"),
        ("start_mediation", {"respondent_consent": False}, "respondent_consent"),
        ("start_mediation", {"respondent_consent": "yes"}, "respondent_consent"),
        ("record_agreement", {**AGREEMENT, "agreed_amount": None}, "agreed_amount"),
        ("record_agreement", {**AGREEMENT, "agreed_amount": 100.0}, "agreed_amount"),
        ("record_agreement", {**AGREEMENT, "terms": []}, "terms"),
        ("record_agreement", {**AGREEMENT, "terms": ["ok", " "]}, "terms"),
        ("record_agreement", {**AGREEMENT, "performance_deadline": None}, "performance_deadline"),
        (
            "record_agreement",
            {**AGREEMENT, "performance_deadline": date.today() - timedelta(days=1)},
            "performance_deadline",
        ),
        # more than the claim: only with a reason and a confirmation
        ("record_agreement", {**AGREEMENT, "agreed_amount": Decimal("100.01")}, "over_claim_reason"),
        (
            "record_agreement",
            {**AGREEMENT, "agreed_amount": Decimal("120.00"), "over_claim_reason": "含利息"},
            "over_claim_confirmed",
        ),
        # while every session of the case is still to come, no agreement can have been reached
        ("record_agreement", {**AGREEMENT, "sessions_only_ahead": True}, "agreed_amount"),
        # the agreement takes effect only once recorded
        ("settle", {**VALID_DATA["settle"], "agreed_amount": None}, "agreed_amount"),
    ],
)
def test_guards_refuse_missing_or_bad_data_and_leave_the_state(trigger, data, field):
    state = next(iter(TABLE[trigger][0]))
    case = SimpleNamespace(state=state, mediator_id=1)
    actor = ACTORS[next(iter(sorted(WHO[trigger])))]
    with pytest.raises(GuardRejected) as rejection:
        fire(case, trigger, actor, **data)
    assert rejection.value.field == field
    assert case.state is state


def test_one_shared_machine_keeps_no_reference_to_cases():
    cases = [SimpleNamespace(state=S.FILED, mediator_id=None) for _ in range(1000)]
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for case in cases:
        fire(case, "assign", ACTORS["staff"], **VALID_DATA["assign"])
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert MACHINE.models == []
    assert all(case.state is S.ASSIGNED for case in cases)
    assert grown < 100 * 1024, f"firing 1,000 cases kept {grown} bytes alive"


def test_an_amount_above_the_claim_passes_with_a_reason_and_a_confirmation():
    case = SimpleNamespace(state=S.MEDIATED, mediator_id=1)
    data = {
        **AGREEMENT,
        "agreed_amount": Decimal("120.00"),
        "over_claim_reason": "含利息",
        "over_claim_confirmed": True,
    }
    assert fire(case, "record_agreement", ACTORS["assigned_mediator"], **data) is S.MEDIATED
