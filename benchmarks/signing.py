"""The centre's digital signature: what it costs per document, and render + sign.

Each kind of the statutory set (HTML built as ``pdf`` builds it) is laid out once by
``render.lay_out``; then, warm, interleaved, medians: signing that PDF with the centre's
signer (``centre_signature.signer_for``: PAdES B-B with pyHanko, the demo's self-signed
RSA-2048 certificate), the whole render path as the document job runs it
(``render.html_to_pdf``: layout in the worker process, then the signature), and the
check /verify runs on a signed copy. The signature is an incremental update: its bytes
are reported beside the PDF's.
"""

import contextlib

from sqlalchemy import select

from benchmarks import support
from benchmarks.pdf_render import every_kind
from mediation_app.documents import render
from mediation_app.documents.centre_signature import signer_for
from mediation_app.documents.kinds import KINDS
from mediation_app.extensions import db
from mediation_app.parties.models import Centre

NAME = "signing"


def run(run: support.Run) -> None:
    with contextlib.ExitStack() as cleanup:
        stack, _case_ids, html = every_kind(run, cleanup, NAME)
        with stack.app.app_context():
            signer = signer_for(db.session.scalars(select(Centre)).first())
            db.session.remove()
        laid_out = {key: render.lay_out(page) for key, page in html.items()}
        signed = {key: signer.sign(pdf) for key, pdf in laid_out.items()}
        variants = {}
        for key, page in html.items():
            variants[f"{key}: sign"] = lambda pdf=laid_out[key]: signer.sign(pdf)
            variants[f"{key}: render + sign"] = lambda page=page: render.html_to_pdf(page, signer=signer)
            variants[f"{key}: check"] = lambda pdf=signed[key]: signer.check(pdf)
        repeats = run.pick(7, 2)
        support.progress(f"{NAME}: timing {len(variants)} variants × {repeats}, interleaved")
        medians = {
            name: support.median(times)
            for name, times in support.interleaved(variants, repeats=repeats, warmup=1).items()
        }
    for key in html:
        sign, total, check = (medians[f"{key}: {v}"] for v in ("sign", "render + sign", "check"))
        run.report.figure(
            NAME,
            f"{key} ({KINDS[key].title}): sign",
            support.ms(sign),
            f"render + sign {support.ms(total)} ({sign / total:.0%} of it); check {support.ms(check)}; "
            f"+{support.size(len(signed[key]) - len(laid_out[key]))} on {support.size(len(laid_out[key]))}",
        )
