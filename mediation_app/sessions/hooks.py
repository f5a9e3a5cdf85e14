"""Where other domains attach to mediation sessions (see ``core.hooks`` and ``wiring``)."""

from mediation_app.core.hooks import Hook

#: A session's minutes were finalised: they are issued as a document (调解笔录).
minutes_finalised = Hook("minutes_finalised", ("case", "session", "actor", "remote_addr"))
