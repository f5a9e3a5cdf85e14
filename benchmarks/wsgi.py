"""What gunicorn serves in the HTTP benchmarks: the product app, configured from the
environment (DATABASE_URL, DOCUMENT_STORAGE, SECRET_KEY, PASSWORD_HASH_PROFILE),
plus two routes that exist only here:

- ``/_bench/ping``: no database, to know the workers are up;
- ``/_bench/bare/<id>``: the bare ORM primary-key read the case page and the API
  are compared with (``db.session.get(Case, id)``, its number as JSON), on the same
  stack (the app's request hooks, session handling and headers included).
"""

from flask import abort, jsonify

from mediation_app import create_app
from mediation_app.cases.models import Case
from mediation_app.extensions import db


def build():
    app = create_app()

    @app.get("/_bench/ping")
    def bench_ping():
        return "ok"

    @app.get("/_bench/bare/<int:case_id>")
    def bench_bare(case_id: int):
        case = db.session.get(Case, case_id)
        if case is None:
            abort(404)
        return jsonify({"number": case.number})

    return app


app = build()
