"""The agreement PDF: first render vs bare WeasyPrint, and later downloads.

The first agreement of a case is rendered by ``documents.render.render_pdf``
(asset-only URL fetcher, one shared FontConfiguration, PDF/A-3u). It is timed
against bare WeasyPrint, ``weasyprint.HTML(string=html).write_pdf()``, on the
same HTML (``render.render_html``), warm, interleaved, median of ~10. Bare
WeasyPrint cannot fetch the template's ``asset:base.css``, so a third variant,
bare with that stylesheet inlined (same look, no custom fetcher), is shown too.
Later downloads are served from storage: ``GET /api/v1/documents/<id>`` through
gunicorn. Goals: first render ≤ 1.15× bare; downloads ≥ 1,000 req/s.
"""

import contextlib
import io
import logging

import weasyprint

from benchmarks import support
from mediation_app.cases.models import Case
from mediation_app.documents import render
from mediation_app.documents.context import agreement_context
from mediation_app.documents.models import Document
from mediation_app.extensions import db
from mediation_app.types import utcnow

NAME = "pdf"
GOAL_RATIO = 1.15
GOAL_DOWNLOADS = 1_000
THREADS = 4
STYLESHEET_LINK = '<link rel="stylesheet" href="asset:base.css">'


def run(run: support.Run) -> None:
    with contextlib.ExitStack() as cleanup:
        _run(run, cleanup)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_warnings():
    """Collect WeasyPrint's warnings (bare rendering warns about ``asset:`` URLs)
    instead of printing them over the report."""
    logger = logging.getLogger("weasyprint")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _pages(pdf: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:  # a dev dependency; the figure is optional
        return "?"
    return str(len(PdfReader(io.BytesIO(pdf)).pages))


def _run(run: support.Run, cleanup: contextlib.ExitStack) -> None:
    support.progress("pdf: preparing a settled case (renders its agreement once)")
    stack = run.stack("postgresql", cleanup)
    world = support.build_world(stack.app)
    case_id = support.make_case(stack.app, world, "settled")
    with stack.app.app_context():
        case = db.session.get(Case, case_id)
        context = agreement_context(case, utcnow())
        document = db.session.query(Document).filter_by(case_id=case_id, kind="agreement").one()
        document_id, document_sha256 = document.id, document.sha256
        db.session.remove()

    html = render.render_html("agreement", context)
    if STYLESHEET_LINK not in html:
        raise RuntimeError("the agreement template no longer links asset:base.css; update this benchmark")
    inline_html = html.replace(
        STYLESHEET_LINK, f"<style>{(render.ASSET_ROOT / 'base.css').read_text(encoding='utf-8')}</style>"
    )
    variants = {
        "render_pdf": lambda: render.render_pdf("agreement", context),
        "bare": lambda: weasyprint.HTML(string=html).write_pdf(),
        "bare, stylesheet inlined": lambda: weasyprint.HTML(string=inline_html).write_pdf(),
    }
    repeats = run.pick(10, 3)
    support.progress(f"pdf: rendering {len(variants)} variants × {repeats}, interleaved")
    with _weasyprint_warnings() as warnings:
        outputs = {name: fn() for name, fn in variants.items()}
        samples = support.interleaved(variants, repeats=repeats, warmup=1)
    for name, pdf in outputs.items():
        run.report.figure(
            NAME,
            f"agreement: {name}",
            support.ms(support.median(samples[name])),
            f"median of {len(samples[name])}; {support.size(len(pdf))}, {_pages(pdf)} page(s)",
        )
    if warnings:
        run.report.figure(
            NAME, "WeasyPrint warnings during bare renders", str(len(warnings)), warnings[0][:80]
        )
    product, bare = support.median(samples["render_pdf"]), support.median(samples["bare"])
    inline = support.median(samples["bare, stylesheet inlined"])
    run.report.figure(
        NAME, "render_pdf vs bare with the stylesheet inlined (no goal)", f"{product / inline:.2f}×"
    )
    run.report.goal(
        NAME,
        "first agreement render_pdf vs bare WeasyPrint, same HTML",
        f"{product / bare:.2f}× ({support.ms(product)} vs {support.ms(bare)})",
        f"≤ {GOAL_RATIO}×",
        product / bare <= GOAL_RATIO,
    )

    token = support.issue_token(stack.app, world.staff_email)
    stack.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/documents/{document_id}"
    seconds, warmup = run.pick(5.0, 1.0), run.pick(1.0, 0.5)
    with support.gunicorn(run, stack) as server:
        port = server.port
        status, body, response_headers = support.request(port, "GET", path, headers=headers)
        if status != 200 or response_headers.get("X-Content-SHA256") != document_sha256:
            raise RuntimeError(f"GET {path} gave {status}, not the stored agreement\n{server.log_tail()}")
        support.progress(f"pdf: downloads for {seconds:.0f} s")
        result = support.load(
            port, support.get_step(path, headers), threads=THREADS, seconds=seconds, warmup=warmup
        )
    run.report.figure(
        NAME,
        f"download GET /api/v1/documents/<id> ({support.size(len(body))}), PostgreSQL",
        support.rate(result.successes_per_second),
        f"p50 {support.ms(result.p50)}, p99 {support.ms(result.p99)}, {result.errors} errors",
    )
    run.report.goal(
        NAME,
        "agreement downloads served from storage",
        f"{support.rate(result.successes_per_second)}, {result.errors} errors",
        f"≥ {GOAL_DOWNLOADS:,}/s",
        result.successes_per_second >= GOAL_DOWNLOADS and result.errors == 0,
    )
