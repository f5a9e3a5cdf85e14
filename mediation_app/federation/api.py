"""JSON API: a federation's roll-up and each member centre's figures (federation users)."""

from flask import jsonify

from mediation_app.api_support import api, caller
from mediation_app.federation.queries import RollUp, federation_of, roll_up


def rollup_json(rollup: RollUp) -> dict:
    federation = rollup.federation
    return {
        "federation": {"id": federation.id, "name": federation.name, "level": federation.level.value},
        "totals": rollup.totals.as_dict(),
        "centres": [
            {"id": f.centre.id, "code": f.centre.code, "name": f.centre.name, "totals": f.totals.as_dict()}
            for f in rollup.centres
        ],
        "members": [rollup_json(member) for member in rollup.members],
    }


@api.get("/federation/totals")
def federation_totals():
    return jsonify(rollup_json(roll_up(federation_of(caller()))))
