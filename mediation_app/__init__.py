"""Case management for commercial-dispute mediation centres: the application factory."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from mediation_app.config import load_config
from mediation_app.core.jsonio import JSONProvider
from mediation_app.core.routing import IdConverter
from mediation_app.extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = IdConverter  # every <int:…> in a route is a database id
    app.json = JSONProvider(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the embedded database lives there
    app.config.update(load_config(Path(app.instance_path), overrides))

    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    from mediation_app import models, observability, web  # noqa: F401  (they need the extensions bound)
    from mediation_app.auth import sessions
    from mediation_app.cli import register_commands
    from mediation_app.jobs import runner  # noqa: F401  (dispatches the jobs of each commit)
    from mediation_app.wiring import connect_hooks

    babel.init_app(app, locale_selector=web.select_locale)
    sessions.init_app(app)
    web.init_app(app)
    observability.configure_logging(app)
    observability.init_metrics(app)
    register_commands(app)
    connect_hooks()
    return app
