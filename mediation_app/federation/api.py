"""JSON API: a federation's roll-up and each member centre's figures (federation users)."""

from mediation_app.api_support import api, caller, endpoint, present
from mediation_app.federation.queries import federation_of, roll_up
from mediation_app.federation.schemas import RollUpOut


@api.get("/federation/totals")
@endpoint(ok=RollUpOut)
def federation_totals():
    """The caller's federation: the roll-up and each member centre's totals (figures only)."""
    return present(RollUpOut.of(roll_up(federation_of(caller()))))
