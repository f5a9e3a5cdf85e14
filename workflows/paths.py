"""The way to each state of the lifecycle from filing, read off the transition table:
the shortest sequence of triggers, the table's order breaking ties. The demo, the
tests and the benchmarks take cases to a state along it."""

from collections import deque
from functools import cache

from workflows.case_states import CaseState
from workflows.case_workflow import TRANSITIONS


def _moves(state: CaseState) -> list[tuple[str, CaseState]]:
    """(trigger, destination) out of ``state``, in table order; staying put is no move."""
    moves = []
    for transition in TRANSITIONS:
        sources = transition["source"] if isinstance(transition["source"], list) else [transition["source"]]
        if state in sources and transition["dest"] != "=":
            moves.append((transition["trigger"], transition["dest"]))
    return moves


@cache
def path_to(target: CaseState, start: CaseState = CaseState.FILED) -> tuple[str, ...]:
    """The triggers that take a case from ``start`` to ``target``."""
    paths = {start: ()}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for trigger, destination in _moves(state):
            if destination not in paths:
                paths[destination] = (*paths[state], trigger)
                queue.append(destination)
    if target not in paths:
        raise ValueError(f"{target.value} cannot be reached from {start.value}")
    return paths[target]
