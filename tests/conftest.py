"""Shared fixtures: the app on each database backend, a clean database per test,
HTTP clients, and a small world of people and organisations to act with.

Database tests run once per backend. PostgreSQL is used when reachable
(``TEST_DATABASE_URL``, default the local server) in a throwaway database that is
dropped afterwards; where it is not reachable those tests skip with the reason,
except under CI, where an unreachable PostgreSQL fails the run.
"""

import contextlib
import os
import shutil
import threading
import uuid
from collections.abc import Iterator

import flask_migrate
import psycopg
import pytest
from sqlalchemy import make_url
from werkzeug.serving import make_server

from mediation_app import create_app
from mediation_app.extensions import db, limiter
from tests import faults
from tests.contract import CHECKED, ContractClient
from tests.factories import World

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IN_CI = bool(os.environ.get("CI"))


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _postgres_problem() -> str | None:
    try:
        with psycopg.connect(_libpq(make_url(PG_URL)), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {make_url(PG_URL).render_as_string()}: {error}".strip()


def pytest_configure(config):
    config.postgres_problem = _postgres_problem()
    if IN_CI and config.postgres_problem:
        raise pytest.UsageError(f"CI requires PostgreSQL. {config.postgres_problem}")


def pytest_report_header(config):
    backends = ["sqlite"] + ([] if config.postgres_problem else ["postgresql"])
    header = f"database backends: {', '.join(backends)}"
    return header + (f" (postgresql skipped: {config.postgres_problem})" if config.postgres_problem else "")


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):  # a pytest-xdist worker reports its counts
        session.config.workeroutput["api_checked"] = dict(CHECKED)
        session.config.workeroutput["faults"] = dict(faults.RESULTS)


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: the controller adds up the workers' counts
def pytest_testnodedown(node):
    CHECKED.update(getattr(node, "workeroutput", {}).get("api_checked", {}))
    for kind, figures in getattr(node, "workeroutput", {}).get("faults", {}).items():
        faults.RESULTS[kind] = [a + b for a, b in zip(faults.RESULTS[kind], figures, strict=True)]


def pytest_terminal_summary(terminalreporter):
    if CHECKED:
        counts = ", ".join(f"{status}: {n}" for status, n in sorted(CHECKED.items()))
        terminalreporter.write_line(
            f"API responses validated against openapi.json: {sum(CHECKED.values())} ({counts})"
        )
    if faults.RESULTS:
        terminalreporter.write_line("Fault trials (tests/test_faults.py):")
        for line in faults.table():
            terminalreporter.write_line("  " + line)


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    problem = metafunc.config.postgres_problem
    params = [
        pytest.param(
            "postgresql", id="postgresql", marks=pytest.mark.skipif(bool(problem), reason=problem or "")
        )
    ]
    if not metafunc.definition.get_closest_marker("postgresql_only"):
        params.insert(0, pytest.param("sqlite", id="sqlite"))
    metafunc.parametrize("backend", params, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request):
    return request.param


@contextlib.contextmanager
def new_database(backend: str, folder) -> Iterator[str]:
    """The URL of a new, empty database on ``backend`` (a file in ``folder`` for
    SQLite, a throwaway database on the PostgreSQL server), dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    server = make_url(PG_URL)
    name = f"mediation_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(server), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(server), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    with new_database(backend, tmp_path_factory.mktemp("sqlite")) as url:
        yield url


def make_app(database_url: str, storage, **overrides):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "AUDIT_KEY": "test-audit-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "DOCUMENT_STORAGE": storage / "documents",
            "EVIDENCE_STORAGE": storage / "evidence",
            "LEDGER_UPLOADS": storage / "ledger-uploads",
            "CENTRE_SIGNING_KEYS": storage / "signing-keys",  # self-signed, made on first use
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            **overrides,
        }
    )
    app.test_client_class = ContractClient
    return app


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = make_app(database_url, tmp_path_factory.mktemp("files"))
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_database(app):
    limiter.reset()  # log-in throttling counts must not leak between tests
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    for key in ("DOCUMENT_STORAGE", "EVIDENCE_STORAGE", "LEDGER_UPLOADS"):
        shutil.rmtree(app.config[key], ignore_errors=True)
        app.config[key].mkdir(parents=True, exist_ok=True)


@pytest.fixture
def clean_db(app):
    _empty_database(app)
    yield
    _empty_database(app)


@pytest.fixture
def ctx(app, clean_db):
    """An app context for calling operations and queries directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app, clean_db):
    return app.test_client()


@pytest.fixture
def server(app, clean_db):
    """The base URL of the app served by a real WSGI server in a thread."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


@pytest.fixture
def world(app, clean_db, request):
    """The test world. Its cases reach their states through the real transitions; the
    PDFs those transitions issue are rendered only in tests marked ``with_documents``
    (the ones about documents, or that read them): rendering is most of a test's time."""
    return World(app, documents=request.node.get_closest_marker("with_documents") is not None)


class Api:
    """The JSON API as an integrating court system uses it: bearer tokens over HTTP."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def login(self, person):
        response = self.client.post(
            "/api/v1/tokens", json={"email": person.email, "password": person.password}
        )
        assert response.status_code == 201, response.get_json()
        self.token = response.get_json()["token"]
        return self

    def call(self, method: str, path: str, **kwargs):
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.call("POST", path, **kwargs)

    def fire(self, case_id: int, trigger: str, **data):
        version = data.pop("version", None)
        if version is None:
            version = self.get(f"/cases/{case_id}").get_json()["version"]
        return self.post(
            f"/cases/{case_id}/transitions", json={"trigger": trigger, "version": version, **data}
        )


@pytest.fixture
def api(client):
    """``api(person)``: an API client logged in as ``person``."""
    return lambda person: Api(client).login(person)


def log_in(client, person):
    response = client.post("/login", data={"email": person.email, "password": person.password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def browser(app, clean_db):
    """``browser(person)``: a test client with a logged-in cookie session."""
    return lambda person: log_in(app.test_client(), person)
