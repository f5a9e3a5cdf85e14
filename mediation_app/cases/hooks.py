"""Where other domains attach to a case's life (see ``core.hooks`` and ``wiring``)."""

from collections.abc import Callable

from mediation_app.core.hooks import Hook

#: A case entered a state (``from_state`` None: it was filed): the centre's tallies.
case_moved = Hook("case_moved", ("case", "from_state", "to_state"))

#: A transition was fired and audited: the documents it causes, then what follows in
#: court. ``issue_documents`` is False for a case recorded after the fact (its papers exist).
transition_done = Hook(
    "transition_done", ("case", "trigger", "from_state", "actor", "remote_addr", "issue_documents")
)

#: The records of other domains a timeline event may name by id in its data, each with
#: the query of those a viewer may see: ``visible_ids(viewer, case_id)``. An event naming
#: a record of a kind whose rule is not attached is hidden (fail closed).
TIMELINE_REFERENCES = ("evidence_id", "session_id", "minutes_id")
timeline_rules: dict[str, Callable] = {}

#: The next session of each of a mediator's cases, for the workbench:
#: ``finder(user, case_ids, now) -> {case_id: session}``.
next_sessions = Hook("next_sessions", ("user", "case_ids", "now"))

#: The mediators a filer may name as preferred: those the centre's register lists today
#: (``mediators``), by name: ``listing(centre_id, today) -> [(mediator_id, name), …]``.
register_listing = Hook("register_listing", ("centre_id", "today"))

#: The first of a case's sessions (not cancelled) if none has started yet; None when
#: one has, or there is none: ``first_session_ahead(case, now) -> datetime | None``.
first_session_ahead = Hook("first_session_ahead", ("case", "now"))

#: The accounts acting for a party (``organisation_id``) in ``case`` as its agents,
#: told what the party's own users are: ``finder(case, organisation_id) -> [User, …]``.
party_agents = Hook("party_agents", ("case", "organisation_id"))
