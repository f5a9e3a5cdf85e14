"""Document pages: downloads, corrections and signatures from the case page, and the
public page where anyone holding a document checks it against the record."""

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app import storage
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.views import confirmed, render_case, submit_post
from mediation_app.core.workspace import require
from mediation_app.documents import operations, signing
from mediation_app.documents.actions import CASE, PARTIES, signer_role
from mediation_app.documents.delivery import RETRY_AFTER, send_document
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.operations import correct_document as correct
from mediation_app.documents.queries import get_visible_document
from mediation_app.documents.seal import seal_of, set_centre_seal
from mediation_app.documents.verification import verify
from mediation_app.errors import Forbidden, NotVisible, ValidationFailed
from mediation_app.extensions import limiter


@limiter.limit("60 per hour", methods=["POST"])  # codes are 60-bit random, but no guessing at speed
def verify_page():
    verdict = None
    if request.method == "POST":
        upload = request.files.get("file")
        content = upload.read() if upload and upload.filename else None
        verdict = verify(request.form.get("code") or None, content)
    return render_template("documents/verify.html", verdict=verdict, kinds=KINDS)


@login_required
def download_document(document_id: int):
    return send_document(current_user, document_id, while_pending=pending_page)


def pending_page(document):
    """A page that says the document is being produced, and reloads until it is."""
    page = render_template("documents/pending.html", document=document, kinds=KINDS, retry_after=RETRY_AFTER)
    return page, 202, {"Retry-After": str(RETRY_AFTER)}


@login_required
def correct_document(document_id: int):
    _document, case = get_visible_document(current_user, document_id)
    CASE.require(current_user, case, "correct_document")  # before asking for the confirmation
    if not confirmed():
        return render_case(case, status=422)
    return submit_post(
        case.id,
        _("A corrected version has been issued; the earlier one remains on record."),
        correct,
        document_id,
        {"reason": request.form.get("reason")},
    )


@login_required
def produce_again(document_id: int):
    _document, case = get_visible_document(current_user, document_id)
    return submit_post(
        case.id, _("The document is being produced again."), operations.produce_again, document_id
    )


@login_required
def sign_agreement(case_id: int):
    case = get_visible_case(current_user, case_id)
    if signer_role(current_user, case, request.form.get("party")) is None:
        raise Forbidden()
    if not confirmed():
        return render_case(case, status=422)
    data = {name: request.form.get(name) for name in ("method", "signature", "party")}
    files = {name: upload.read() for name, upload in request.files.items() if upload.filename}
    return submit_post(case_id, _("The signature is recorded."), signing.sign_agreement, case_id, data, files)


@login_required
def refuse_to_sign(case_id: int):
    case = get_visible_case(current_user, case_id)
    if signer_role(current_user, case, request.form.get("party")) not in PARTIES:
        raise Forbidden()
    if not confirmed():
        return render_case(case, status=422)
    data = {name: request.form.get(name) for name in ("reason", "party")}
    return submit_post(
        case_id,
        _("The refusal to sign is recorded; the mediator has been told."),
        signing.refuse_to_sign,
        case_id,
        data,
    )


@login_required
def centre_seal():
    """The centre's seal: the image in use, and a form to replace it."""
    require(current_user, "manage_centre_seal")
    status, errors = 200, {}
    if request.method == "POST":
        upload = request.files.get("seal")
        try:
            set_centre_seal(current_user, upload.read() if upload and upload.filename else None)
        except ValidationFailed as refused:
            status, errors = 422, refused.fields
        else:
            flash(_("The seal is saved: agreements that take effect from now on carry it."), "success")
            return redirect(url_for("documents.centre_seal"))
    centre = current_user.centre
    return render_template("documents/seal.html", centre=centre, errors=errors), status


@login_required
def centre_seal_image():
    require(current_user, "manage_centre_seal")
    name = seal_of(current_user.centre)
    if name is None:
        raise NotVisible()
    return send_file(storage.documents.path_of(name), mimetype="image/png", max_age=0)
