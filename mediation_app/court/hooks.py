"""Where other domains attach to the court linkage (see ``core.hooks`` and ``wiring``)."""

from mediation_app.core.hooks import Hook

#: A payment was made under a settled case's agreement: the performed amount.
payment_recorded = Hook("payment_recorded", ("case", "amount", "paid_on"))
