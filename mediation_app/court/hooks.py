"""Where other domains attach to the court linkage (see ``core.hooks`` and ``wiring``)."""

from mediation_app.core.hooks import Hook

#: A payment was made under a settled case's agreement: the performed amount.
payment_recorded = Hook("payment_recorded", ("case", "amount", "paid_on"))

#: The parties applied for judicial confirmation of a settled case's agreement (司法确认).
confirmation_applied = Hook("confirmation_applied", ("case",))
