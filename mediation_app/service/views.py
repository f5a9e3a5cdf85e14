"""Service pages: a party's service address (送达地址确认书), the recipient's page that
opens a served document, and staff's certificate, postal record and address sheet."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation_app.cases.labels import PARTY_LABELS
from mediation_app.cases.permissions import organisation_of, party_of
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.views import submit_post
from mediation_app.core.forms import show_errors
from mediation_app.documents.delivery import file_response
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.views import pending_page
from mediation_app.errors import Forbidden, ValidationFailed
from mediation_app.extensions import csrf
from mediation_app.service import links, operations, sms
from mediation_app.service.actions import CASE
from mediation_app.service.forms import ServiceAddressForm
from mediation_app.service.models import Channel
from mediation_app.service.presenters import CHANNEL_LABELS
from mediation_app.service.queries import current_address, records_of, served_record
from mediation_app.service.section import addresses_for


@login_required
def service_address(case_id: int):
    case = get_visible_case(current_user, case_id)
    CASE.require(current_user, case, "give_service_address")
    own = party_of(current_user, case)
    party = own or (request.args.get("party") if request.args.get("party") in PARTY_LABELS else None)
    posted = request.method == "POST"
    form = ServiceAddressForm(formdata=None if not posted else request.form, data=_prefill(case, party))
    status = 200
    if posted and form.validate_on_submit():
        try:
            operations.give_service_address(
                current_user, case.id, form.as_input(), remote_addr=request.remote_addr
            )
        except ValidationFailed as error:
            show_errors(form, error)
            status = 422
        else:
            flash(_("The service address is confirmed; its confirmation is issued."), "success")
            return redirect(url_for("cases.show_case", case_id=case.id) + "#service")
    elif posted:
        status = 422
    addresses = addresses_for(current_user, case)
    return render_template(
        "service/address.html",
        case=case,
        form=form,
        own=own,
        addresses=addresses,
        party_labels=PARTY_LABELS,
        channel_labels=CHANNEL_LABELS,
    ), status


def _prefill(case, party: str | None) -> dict:
    """The party's current version, or what its account already tells (its e-mail, its
    registered name and address)."""
    current = current_address(case.id, party) if party else None
    if current is not None:
        return {
            "party": party,
            "channels": current.channels,
            "email": current.email,
            "mobile": current.mobile,
            "postal_recipient": current.postal_recipient,
            "postal_address": current.postal_address,
            "phone": current.phone,
        }
    if party is None or party_of(current_user, case) != party:
        return {"party": party}
    organisation = current_user.organisation
    return {
        "party": party,
        "channels": [Channel.EMAIL.value, Channel.IN_APP.value],
        "email": current_user.email,
        "mobile": current_user.phone if current_user.phone.startswith("1") else "",
        "postal_recipient": organisation.name,
        "postal_address": organisation.address,
        "phone": current_user.phone,
    }


def open_document(token: str):
    """The recipient's own link from the notice: the page names the document; opening it
    (a POST: no state change on GET) records the reading (已阅知) and hands over the PDF."""
    try:
        record = served_record(links.record_id_of(token))
    except links.LinkExpired:
        return render_template("service/link_refused.html", expired=True), 410
    except links.LinkInvalid:
        return render_template("service/link_refused.html", expired=False), 404
    if request.method == "POST":
        operations.record_opening(record.id, remote_addr=request.remote_addr)
        return file_response(record.document, record.document.case, while_pending=pending_page)
    return render_template("service/open.html", record=record, title=KINDS[record.document.kind].title)


@login_required
def issue_certificate(case_id: int):
    return submit_post(
        case_id,
        _("The service certificate (电子送达凭证) is issued; it appears among the documents."),
        operations.issue_service_certificate,
        case_id,
        {"party": request.form.get("party")},
    )


@login_required
def record_postal_service(case_id: int, record_id: int):
    return submit_post(
        case_id,
        _("The postal service is recorded."),
        operations.record_postal_service,
        case_id,
        record_id,
        {
            "tracking_number": request.form.get("tracking_number"),
            "received_on": request.form.get("received_on") or None,
        },
    )


@login_required
def address_sheet(case_id: int, party: str):
    """A printable sheet for the envelope (EMS): the recipient, the full address and the
    phone, which the courier needs to deliver; only staff, who post, see it."""
    case = get_visible_case(current_user, case_id)
    CASE.require(current_user, case, "record_postal_service")
    records = records_of(case.id, party)
    waiting = [r for r in records if r.channel is Channel.PAPER and r.tracking_number is None]
    return render_template(
        "service/address_sheet.html",
        case=case,
        party=party,
        party_labels=PARTY_LABELS,
        organisation=organisation_of(case, party),
        address=current_address(case.id, party),
        waiting=waiting,
        kinds=KINDS,
    )


@csrf.exempt  # the gateway's own request, authenticated by its signature
def sms_callback():
    """A delivery report from the SMS gateway, signed with the shared key."""
    if not sms.signed_by_gateway(request.get_data(), request.headers.get(sms.SIGNATURE_HEADER, "")):
        raise Forbidden()
    operations.record_sms_report(request.get_json(silent=True) or {})
    return "", 204
