"""The statutory documents: render time per kind vs bare WeasyPrint, and downloads.

Each kind is laid out by ``documents.render.lay_out`` (in the time-bounded
worker process: asset-only URL fetcher, the stylesheet parsed once, one
FontConfiguration reused, PDF/A-3u; the centre's signature that follows is timed by
``benchmarks.signing``) and timed against bare WeasyPrint in this
process, ``weasyprint.HTML(string=html).write_pdf()``, on the same HTML with the
stylesheet inlined (the same document, hence the same work), warm, interleaved,
medians. Bare on the HTML alone (unstyled) is shown for reference. Later
downloads are served from storage: ``GET /api/v1/documents/<id>`` through gunicorn,
loaded by wrk in turns with the floor's bare ``send_file`` of the same file
(``benchmarks.floor``, its own gunicorn on the same database). Goals: every kind's
render ≤ 1.05× bare; downloads ≥ 1,000 req/s and ≥ 0.5× the floor, zero errors.
"""

import contextlib
import hashlib
import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import weasyprint

from benchmarks import support
from mediation_app import storage
from mediation_app.cases.models import Case
from mediation_app.documents import render
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import Document
from mediation_app.documents.operations import template_values
from mediation_app.extensions import db
from mediation_app.sessions.models import SessionKind
from mediation_app.types import utcnow

NAME = "pdf"
GOAL_RATIO = 1.05
GOAL_DOWNLOADS = 1_000
GOAL_SHARE = 0.5
FLOOR_FILE, DOWNLOAD = "floor: bare send_file of the agreement", "product: agreement download"


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
    """Collect WeasyPrint's warnings (none are expected)
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


def _minutes_session(case):
    """A held joint session with its minutes, as the minutes template reads it."""
    starts = utcnow()
    return SimpleNamespace(
        kind=SessionKind.JOINT,
        party=None,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="三楼调解室",
        video_link="",
        participants=[case.applicant, case.respondent],
        minutes=SimpleNamespace(text="申请人：要求支付货款。\n被申请人：同意分期支付。\n" * 10),
    )


def _html_of_every_kind(app, case_ids: dict[str, int]) -> dict[str, str]:
    """Each kind's HTML, built from cases as the issuing code builds it."""
    owners = {"refusal_notice": "rejected", "termination_notice": "referred_to_court"}
    html = {}
    with app.app_context():
        for key, kind in KINDS.items():
            case = db.session.get(Case, case_ids[owners.get(key, "settled")])
            details = {"session": _minutes_session(case)} if key == "minutes" else {}
            values = template_values(
                case, kind, utcnow(), "(2026)测调协字第0001号", "0000-0000-0000", **details
            )
            html[key] = render.render_html(kind.template_name, values)
        db.session.remove()
    return html


def every_kind(
    run: support.Run, cleanup: contextlib.ExitStack, name: str
) -> tuple[support.Stack, dict[str, int], dict[str, str]]:
    """Settled, rejected and referred cases on PostgreSQL, and each kind's HTML built from them."""
    support.progress(f"{name}: preparing settled, rejected and referred cases (their documents render once)")
    stack = run.stack("postgresql", cleanup)
    world = support.build_world(stack.app)
    states = ("settled", "rejected", "referred_to_court")
    # different parties for each case: no mediator is conflicted by an earlier one
    case_ids = {
        state: support.make_case(stack.app, world, state, serial=2 * i) for i, state in enumerate(states)
    }
    return stack, case_ids, _html_of_every_kind(stack.app, case_ids)


def _run(run: support.Run, cleanup: contextlib.ExitStack) -> None:
    stack, case_ids, html = every_kind(run, cleanup, NAME)
    with stack.app.app_context():
        document = db.session.query(Document).filter_by(case_id=case_ids["settled"], kind="agreement").one()
        document_id, document_sha256 = document.id, document.sha256
        db.session.remove()
    stylesheet = f"<style>{(render.ASSET_ROOT / render.STYLESHEET).read_text(encoding='utf-8')}</style>"
    variants = {}
    for key, page in html.items():
        inlined = page.replace("</head>", f"{stylesheet}</head>", 1)
        variants[f"{key}: render_pdf"] = lambda page=page: render.lay_out(page)
        variants[f"{key}: bare"] = lambda page=page: weasyprint.HTML(string=page).write_pdf()
        variants[f"{key}: inlined"] = lambda page=inlined: weasyprint.HTML(string=page).write_pdf()
    repeats = run.pick(5, 1)
    support.progress(f"pdf: rendering {len(variants)} variants × {repeats}, interleaved")
    with _weasyprint_warnings() as warnings:
        outputs = {name: fn() for name, fn in variants.items()}
        samples = support.interleaved(variants, repeats=repeats, warmup=0)  # outputs: the warm-up
    medians = {name: support.median(times) for name, times in samples.items()}
    ratios = {key: medians[f"{key}: render_pdf"] / medians[f"{key}: inlined"] for key in html}
    for key in html:
        product, bare, inlined = (medians[f"{key}: {v}"] for v in ("render_pdf", "bare", "inlined"))
        pdf = outputs[f"{key}: render_pdf"]
        run.report.figure(
            NAME,
            f"{key} ({KINDS[key].title})",
            support.ms(product),
            f"{ratios[key]:.2f}× bare on the same document ({support.ms(inlined)}), "
            f"{product / bare:.2f}× bare unstyled; "
            f"{support.size(len(pdf))}, {_pages(pdf)} page(s)",
        )
    if warnings:
        run.report.figure(
            NAME, "WeasyPrint warnings during bare renders", str(len(warnings)), warnings[0][:80]
        )
    worst = max(ratios, key=ratios.get)
    run.report.goal(
        NAME,
        "every document kind: render_pdf (worker process, PDF/A-3u) vs bare WeasyPrint, same document",
        f"{ratios[worst]:.2f}× at worst ({worst})",
        f"≤ {GOAL_RATIO}×",
        ratios[worst] <= GOAL_RATIO,
    )

    _downloads(run, cleanup, stack, document_id, document_sha256)


def _downloads(
    run: support.Run,
    cleanup: contextlib.ExitStack,
    stack: support.Stack,
    document_id: int,
    document_sha256: str,
) -> None:
    """The stored agreement through the product's API and by the floor's bare
    ``send_file`` of the same file, under wrk in turns."""
    with stack.app.app_context():
        document = db.session.get(Document, document_id)
        stored = storage.documents.path_of(document.storage_name)
        db.session.remove()
    token = support.issue_token(stack.app, support.World.staff_email)
    stack.dispose()
    product = cleanup.enter_context(support.gunicorn(run, stack))
    floor = cleanup.enter_context(
        support.gunicorn(run, stack, app=support.FLOOR, env={"FLOOR_DOCUMENT": str(stored)})
    )
    path = f"/api/v1/documents/{document_id}"
    calls = {
        FLOOR_FILE: (floor, support.Call("GET", "/document")),
        DOWNLOAD: (product, support.Call("GET", path, {"Authorization": f"Bearer {token}"})),
    }
    for label, (server, call) in calls.items():  # the same bytes from both
        status, body, _headers = support.request(server.port, "GET", call.path, headers=call.headers)
        if status != 200 or hashlib.sha256(body).hexdigest() != document_sha256:
            raise RuntimeError(
                f"{label}: GET {call.path} gave {status}, not the stored agreement\n{server.log_tail()}"
            )
    support.progress("pdf: downloads, floor and product under wrk, taking turns")
    measured = support.wrk_alternating(
        run,
        {label: support.Load(server.port, [call]) for label, (server, call) in calls.items()},
        seconds=run.pick(2, 1),
    )
    shown = f"{support.size(len(body))}, PostgreSQL"
    support.http_figure(run, NAME, f"{FLOOR_FILE} (GET /document, {shown})", measured[FLOOR_FILE])
    support.http_figure(run, NAME, f"{DOWNLOAD} (GET /api/v1/documents/<id>, {shown})", measured[DOWNLOAD])
    support.ratio_goal(
        run,
        NAME,
        "agreement downloads vs the floor's send_file",
        measured[DOWNLOAD],
        measured[FLOOR_FILE],
        GOAL_SHARE,
    )
    reached = measured[DOWNLOAD]
    run.report.goal(
        NAME,
        "agreement downloads served from storage",
        f"{support.rate(reached.per_second)}, {reached.errors} errors",
        f"≥ {GOAL_DOWNLOADS:,}/s, 0 errors",
        reached.per_second >= GOAL_DOWNLOADS and reached.errors == 0,
    )
