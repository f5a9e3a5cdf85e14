"""Read throughput over real HTTP (gunicorn, 2 sync workers), PostgreSQL and SQLite.

Three reads of the same case: a bare ORM primary-key endpoint (``/_bench/bare``,
only in ``benchmarks.wsgi``), the API (``GET /api/v1/cases/<id>``, bearer token)
and the HTML case page (``GET /cases/<id>``, cookie session from a real log-in),
each as staff. A no-database ping shows the ceiling of this client and gunicorn.
Goal: page and API each ≥ 50 % of the bare endpoint's req/s.
"""

import contextlib

from benchmarks import support

NAME = "read"
THREADS = 4
SLICES = 5  # each endpoint's time is cut into turns taken round-robin
GOAL_SHARE = 0.50


def run(run: support.Run) -> None:
    seconds, warmup = run.pick(5.0, 1.0), run.pick(1.0, 0.5)
    for backend in ("postgresql", "sqlite"):
        with contextlib.ExitStack() as cleanup:
            _backend(run, backend, cleanup, seconds, warmup)


def _backend(run, backend, cleanup, seconds, warmup) -> None:
    support.progress(f"read: preparing {backend}")
    stack = run.stack(backend, cleanup)
    world = support.build_world(stack.app)
    # A case in mediation, with a few timeline entries; staff see it with their action forms.
    case_id = support.make_case(stack.app, world, "mediated")
    for serial in range(1, 20):  # some neighbours, so the tables are not single-row
        support.make_case(stack.app, world, ("filed", "assigned", "mediated")[serial % 3], serial=serial)
    token = support.issue_token(stack.app, world.staff_email)
    number = support.case_number(stack.app, case_id)
    stack.dispose()  # the benchmark process lets go of the database before gunicorn uses it

    server = cleanup.enter_context(support.gunicorn(run, stack))
    port = server.port
    cookie = support.http_login(port, world.staff_email)
    endpoints = {
        "bare ORM get": ("/_bench/bare/<id>", {}),
        "API case read": ("/api/v1/cases/<id>", {"Authorization": f"Bearer {token}"}),
        "HTML case page": ("/cases/<id>", {"Cookie": cookie}),
    }
    endpoints = {
        label: (path.replace("<id>", str(case_id)), path, h) for label, (path, h) in endpoints.items()
    }
    for label, (path, _shown, headers) in endpoints.items():  # each must really answer, not redirect or fail
        status, body, _headers = support.request(port, "GET", path, headers=headers)
        if status != 200 or not support.mentions(body, number):
            raise RuntimeError(f"{label}: GET {path} gave {status}, not case {number}\n{server.log_tail()}")

    if backend == "postgresql":  # the ceiling of this client and gunicorn: no database at all
        endpoints = {"no-database ping (ceiling, no goal)": ("/_bench/ping", "/_bench/ping", {}), **endpoints}
    support.progress(f"read: {backend}, {len(endpoints)} endpoints × {seconds:.0f} s, taking turns")
    results = support.load_alternating(
        port,
        {label: support.get_step(path, headers) for label, (path, _shown, headers) in endpoints.items()},
        threads=THREADS,
        seconds=seconds,
        slices=run.pick(SLICES, 2),
        warmup=warmup,
    )
    for label, (_path, shown, _headers) in endpoints.items():
        result = results[label]
        run.report.figure(
            NAME,
            f"{backend}: {label} (GET {shown})",
            f"{support.rate(result.successes_per_second)}",
            f"p50 {support.ms(result.p50)}, p99 {support.ms(result.p99)}, "
            f"{result.errors} errors of {len(result.latencies):,}",
        )

    bare = results["bare ORM get"].successes_per_second
    for label in ("HTML case page", "API case read"):
        share = results[label].successes_per_second / bare if bare else 0.0
        run.report.goal(
            NAME,
            f"{label} vs bare ORM get, {backend}",
            f"{share:.0%} ({support.rate(results[label].successes_per_second)} vs {support.rate(bare)})",
            f"≥ {GOAL_SHARE:.0%}",
            share >= GOAL_SHARE and results[label].errors == 0,
        )
