"""The federation's roll-up page: figures of its centres, never a case."""

from flask import render_template
from flask_login import current_user, login_required

from mediation_app.federation.queries import federation_of, roll_up


@login_required
def rollup():
    return render_template("federation/rollup.html", rollup=roll_up(federation_of(current_user)))
