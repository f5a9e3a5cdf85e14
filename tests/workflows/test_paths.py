"""The path to each state, read off the transition table."""

import pytest

from workflows.case_states import CaseState
from workflows.case_workflow import TRANSITIONS, triggers_from
from workflows.paths import path_to


def _destination(state: CaseState, trigger: str) -> CaseState:
    for transition in TRANSITIONS:
        sources = transition["source"] if isinstance(transition["source"], list) else [transition["source"]]
        if transition["trigger"] == trigger and state in sources:
            return state if transition["dest"] == "=" else transition["dest"]
    raise AssertionError(f"{trigger} does not leave {state.value}")


@pytest.mark.parametrize("target", list(CaseState))
def test_every_state_is_reached_from_filing_by_triggers_its_states_allow(target):
    state = CaseState.FILED
    for trigger in path_to(target):
        assert trigger in triggers_from(state)
        state = _destination(state, trigger)
    assert state is target


def test_the_paths_are_the_shortest_in_table_order():
    assert path_to(CaseState.FILED) == ()
    assert path_to(CaseState.SETTLED) == ("assign", "start_mediation", "settle")
    assert path_to(CaseState.REFERRED_TO_COURT) == ("assign", "decline_mediation")
    assert path_to(CaseState.MEDIATED, start=CaseState.ASSIGNED) == ("start_mediation",)


def test_a_state_that_cannot_be_reached_is_refused():
    with pytest.raises(ValueError, match="cannot be reached"):
        path_to(CaseState.FILED, start=CaseState.SETTLED)
