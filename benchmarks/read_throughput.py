"""Read throughput over real HTTP against a floor outside the app, PostgreSQL and SQLite.

Two ``gunicorn -w 2`` (sync) on the same database, loaded by wrk in turns: the
product (``benchmarks.wsgi``) and the floor (``benchmarks.floor``, a minimal Flask +
SQLAlchemy app). Compared: the product's empty route with bare Flask's hello (the
product's middleware alone; no database in either, so on PostgreSQL's run only), and
the API case read (bearer token) and the HTML case page (cookie session from a real
log-in), as staff, with the floor's ORM primary-key read of the same case row.
Goals: the middleware ≤ 10 % over bare Flask (≥ 0.9× its rate); page and API each
≥ 0.5× the floor's read.
"""

import contextlib

from benchmarks import support

NAME = "read"
GOAL_MIDDLEWARE = 0.9
GOAL_SHARE = 0.5
HELLO, EMPTY, FLOOR_READ = "floor: bare Flask hello", "product: empty route", "floor: ORM primary-key read"
API, PAGE = "API case read", "HTML case page"


def run(run: support.Run) -> None:
    for backend in ("postgresql", "sqlite"):
        with contextlib.ExitStack() as cleanup:
            _backend(run, backend, cleanup)


def _backend(run: support.Run, backend: str, cleanup: contextlib.ExitStack) -> None:
    support.progress(f"read: preparing {backend}")
    stack = run.stack(backend, cleanup)
    world = support.build_world(stack.app)
    # A case in mediation, with a few timeline entries; staff see it with their action forms.
    case_id = support.make_case(stack.app, world, "mediated")
    for serial in range(1, run.pick(20, 5)):  # some neighbours, so the tables are not single-row
        support.make_case(stack.app, world, ("filed", "assigned", "mediated")[serial % 3], serial=serial)
    token = support.issue_token(stack.app, world.staff_email)
    number = support.case_number(stack.app, case_id)
    stack.dispose()  # the benchmark process lets go of the database before gunicorn uses it

    product = cleanup.enter_context(support.gunicorn(run, stack))
    floor = cleanup.enter_context(support.gunicorn(run, stack, app=support.FLOOR))
    cookie = support.http_login(product.port, world.staff_email)
    # label: (server, path shown in the report, headers, what the body must mention)
    endpoints = {
        FLOOR_READ: (floor, "/cases/<id>", {}, number),
        API: (product, "/api/v1/cases/<id>", {"Authorization": f"Bearer {token}"}, number),
        PAGE: (product, "/cases/<id>", {"Cookie": cookie}, number),
    }
    if backend == "postgresql":
        endpoints = {
            HELLO: (floor, "/hello", {}, "Hello"),
            EMPTY: (product, "/_bench/empty", {}, "Hello"),
            **endpoints,
        }
    loads = _loads(endpoints, case_id)
    support.progress(f"read: {backend}, {len(loads)} endpoints under wrk, taking turns")
    measured = support.wrk_alternating(run, loads, seconds=run.pick(2, 1))
    _report(run, backend, endpoints, measured)


def _loads(endpoints: dict, case_id: int) -> dict[str, support.Load]:
    """Each endpoint's one request, sent once first: it must really answer, not redirect."""
    loads = {}
    for label, (server, shown, headers, expected) in endpoints.items():
        path = shown.replace("<id>", str(case_id))
        status, body, _headers = support.request(server.port, "GET", path, headers=headers)
        if status != 200 or not support.mentions(body, expected):
            raise RuntimeError(f"{label}: GET {path} gave {status}, not {expected}\n{server.log_tail()}")
        loads[label] = support.Load(server.port, [support.Call("GET", path, headers)])
    return loads


def _report(run: support.Run, backend: str, endpoints: dict, measured: dict) -> None:
    for label, (_server, shown, _headers, _expected) in endpoints.items():
        support.http_figure(run, NAME, f"{backend}: {label} (GET {shown})", measured[label])
    if EMPTY in measured:
        support.ratio_goal(
            run,
            NAME,
            "product middleware: empty route vs bare Flask hello",
            measured[EMPTY],
            measured[HELLO],
            GOAL_MIDDLEWARE,
        )
    for label in (API, PAGE):
        support.ratio_goal(
            run,
            NAME,
            f"{label} vs floor's ORM pk read, {backend}",
            measured[label],
            measured[FLOOR_READ],
            GOAL_SHARE,
        )
