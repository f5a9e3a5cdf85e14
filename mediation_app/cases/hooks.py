"""Where other domains attach to a case's life (see ``core.hooks`` and ``wiring``)."""

from mediation_app.core.hooks import Hook

#: A case entered a state (``from_state`` None: it was filed): the centre's tallies.
case_moved = Hook("case_moved", ("case", "from_state", "to_state"))

#: A transition was fired and audited: the documents it causes, then what follows in
#: court. ``issue_documents`` is False for a case recorded after the fact (its papers exist).
transition_done = Hook(
    "transition_done", ("case", "trigger", "from_state", "actor", "remote_addr", "issue_documents")
)
