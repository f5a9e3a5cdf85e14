"""What gunicorn serves as the product in the HTTP benchmarks: the product app,
configured from the environment (DATABASE_URL, DOCUMENT_STORAGE, SECRET_KEY,
PASSWORD_HASH_PROFILE), plus one route that exists only here:

- ``/_bench/empty``: an empty route, so all it costs is the app's middleware (request
  hooks, sessions, metrics, headers); compared with bare Flask's ``/hello`` of
  ``benchmarks.floor``. It also tells that the workers are up.
"""

from mediation_app import create_app


def build():
    app = create_app()

    @app.get("/_bench/empty")
    def bench_empty():
        return "Hello, World!"

    return app


app = build()
