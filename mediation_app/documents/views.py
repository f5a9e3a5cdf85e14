"""The public page where anyone holding a document checks it against the record."""

from flask import render_template, request

from mediation_app.documents.kinds import KINDS
from mediation_app.documents.verification import verify
from mediation_app.extensions import limiter


@limiter.limit("60 per hour", methods=["POST"])  # codes are 60-bit random, but no guessing at speed
def verify_page():
    verdict = None
    if request.method == "POST":
        upload = request.files.get("file")
        content = upload.read() if upload and upload.filename else None
        verdict = verify(request.form.get("code") or None, content)
    return render_template("documents/verify.html", verdict=verdict, kinds=KINDS)
