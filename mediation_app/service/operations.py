"""Service of documents: a party's address confirmation, serving each document of the
served kinds on every party by every channel it consented to, recording an opening,
a posting, and issuing the service certificate. The only module that changes service data."""

import logging
from datetime import datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app.cases.models import Case
from mediation_app.cases.notices import users_of
from mediation_app.cases.permissions import PARTIES, organisation_of, party_of
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.operations import issue_document
from mediation_app.errors import Conflict, NotVisible, ValidationFailed
from mediation_app.extensions import db
from mediation_app.notifications.operations import mail_enabled, queue_email, write_to_inbox
from mediation_app.notifications.render import InvalidMessage
from mediation_app.service import links, sms
from mediation_app.service.actions import CASE
from mediation_app.service.jobs import schedule_sms
from mediation_app.service.models import Channel, ServiceAddress, ServiceRecord
from mediation_app.service.presenters import certificate_entries
from mediation_app.service.queries import current_address, record_of_case, records_of
from mediation_app.service.schemas import CertificateRequest, PostalService, ServiceAddressIn, SmsReport
from mediation_app.sessions.queries import minutes_shared
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from workflows.deadlines import CHINA, local_date

log = logging.getLogger(__name__)

# The documents that must reach the parties (送达); the centre's own records (the
# confirmation of an address, the certificate) are handed over, not served.
SERVED_KINDS = frozenset(
    {
        "acceptance_notice",
        "refusal_notice",
        "rights_notice",
        "minutes",
        "agreement",
        "signed_agreement",
        "termination_notice",
        "confirmation_application",
    }
)
RACE = "The case changed at the same moment; please retry."
# One text message (about 70 characters a part): what, which case, and the recipient's link.
SMS_TEXT = "【{centre_name}】文书送达：《{document_title}》（{case_number}），请查阅：{open_url}"


def give_service_address(user, case_id: int, data: dict, *, remote_addr: str | None = None) -> ServiceAddress:
    """A party's 送达地址确认书, by its own user or by staff on its behalf: a new version
    (the earlier ones stay) and its document."""
    case = get_visible_case(user, case_id)
    CASE.require(user, case, "give_service_address")
    given = ServiceAddressIn.parse(data)
    own = party_of(user, case)
    party = own or given.party
    if party is None:
        raise ValidationFailed(fields={"party": _("is required")})
    inbox_user = user if own else next(iter(users_of(organisation_of(case, party).id, case)), None)
    if "sms" in given.channels and sms.gateway() is None:
        raise ValidationFailed(fields={"channels": _("This centre does not serve documents by SMS.")})
    if "in_app" in given.channels and inbox_user is None:
        message = _("The party has no account in this system to receive it.")
        raise ValidationFailed(fields={"channels": message})
    with committed(race_message=_(RACE)):
        previous = current_address(case.id, party)
        address = ServiceAddress(
            case_id=case.id,
            party=party,
            version=previous.version + 1 if previous else 1,
            channels=list(given.channels),
            email=given.email or "",
            mobile=given.mobile or "",
            inbox_user_id=inbox_user.id if "in_app" in given.channels else None,
            postal_recipient=given.postal_recipient,
            postal_address=given.postal_address,
            phone=given.phone,
            given_by_id=user.id,
            created_at=utcnow(),
        )
        db.session.add(address)
        db.session.flush()
        confirmation = _confirmation_values(case, address, user, inbox_user, on_behalf=own is None)
        document = issue_document(
            case,
            "service_address_confirmation",
            user,
            remote_addr=remote_addr,
            party=party,
            confirmation=confirmation,
        )
        address.document_id = document.id
        record_event(
            case,
            user,
            "give_service_address",
            remote_addr=remote_addr,
            data={"party": party, "version": address.version, "channels": address.channels},
        )
    return address


def _confirmation_values(case, address, user, inbox_user, *, on_behalf: bool) -> dict:
    labels = {"email": "电子邮件", "sms": "手机短信", "in_app": "系统站内信"}
    return {
        "party_name": organisation_of(case, address.party).name,
        "electronic": bool(address.channels),
        "channels": [labels[channel] for channel in address.channels],
        "email": address.email,
        "mobile": address.mobile,
        "inbox_account": inbox_user.name if address.inbox_user_id else "",
        "postal_recipient": address.postal_recipient,
        "postal_address": address.postal_address,
        "phone": address.phone,
        "version": address.version,
        "given_by": user.name,
        "on_behalf": on_behalf,
    }


def serve_document(document) -> None:
    """Serve a stored document of a served kind on both parties, in the transaction that
    stored it (attached to ``documents.hooks.document_stored``): a record per channel
    the party consented to, or a paper one for staff to post when it consented to none.
    A version that corrects another is served again: it is what now counts."""
    if document.kind not in SERVED_KINDS:
        return
    case = db.session.get(Case, document.case_id)
    for party in _readers(document):
        address = current_address(case.id, party)
        channels = [Channel(c) for c in address.channels] if address else []
        # a centre without a mail server or an SMS gateway serves by the other channels
        channels = [c for c in channels if _available(c)]
        for channel in channels or [Channel.PAPER]:
            _serve(case, document, party, address, channel)


def _readers(document) -> tuple[str, ...]:
    """The parties who may read it (``documents.queries.visible_documents``): the one it
    concerns, or both; the minutes of a private session (背对背) neither."""
    if document.session_id is not None and not minutes_shared(document.session_id):
        return ()
    return (document.party,) if document.party else PARTIES


def _available(channel: Channel) -> bool:
    if channel is Channel.EMAIL:
        return mail_enabled()
    if channel is Channel.SMS:
        return sms.gateway() is not None
    return True


def _serve(case, document, party: str, address, channel: Channel) -> None:
    now = utcnow()
    record = ServiceRecord(
        case_id=case.id,
        document_id=document.id,
        party=party,
        channel=channel,
        address=_address_for(channel, address, organisation_of(case, party)),
        service_address_id=address.id if address else None,
        created_at=now,
        sent_at=now if channel in (Channel.EMAIL, Channel.IN_APP) else None,  # SMS: once the gateway took it
        delivered_at=now if channel is Channel.IN_APP else None,  # written to the inbox
    )
    db.session.add(record)
    db.session.flush()
    if channel is Channel.PAPER:
        return
    kind = KINDS[document.kind]
    context = {
        "case_number": case.number,
        "centre_name": case.centre.name,
        "document_title": kind.title,
        "document_number": document.number or "",
        "open_url": links.open_url(record.id),
        "expires_on": local_date(now + links.lifetime()),
    }
    if channel is Channel.SMS:
        schedule_sms(record, SMS_TEXT.format(**context))
    elif channel is Channel.EMAIL:
        try:
            record.outbox_message = queue_email(address.email, "document_served", context, case_id=case.id)
        except InvalidMessage as error:  # validated when given; kept as a failure for staff
            log.warning("service record %d: no e-mail queued (%s)", record.id, error)
    else:
        record.notification = write_to_inbox(
            address.inbox_user_id, "document_served", context, case_id=case.id
        )


def _address_for(channel: Channel, address, organisation) -> str:
    if channel is Channel.EMAIL:
        return address.email
    if channel is Channel.SMS:
        return address.mobile
    if channel is Channel.IN_APP:
        return address.inbox_user.email  # the account whose inbox receives it
    if address is None:  # no address confirmed: posted to the registered one
        return f"{organisation.address} {organisation.name}"
    return f"{address.postal_address} {address.postal_recipient}"


def record_opening(record_id: int, *, remote_addr: str | None = None) -> ServiceRecord:
    """The recipient opened the document through its link (已阅知); the first time counts."""
    with committed(race_message=_(RACE)):
        record = db.session.get(ServiceRecord, record_id)
        if record.opened_at is None:
            record.opened_at = utcnow()
            record_event(
                record.document.case,
                None,
                "open_served_document",
                remote_addr=remote_addr,
                data={
                    "document_id": record.document_id,
                    "party": record.party,
                    "channel": record.channel.value,
                },
            )
    return record


def record_sms_report(data: dict) -> ServiceRecord:
    """The gateway's delivery report of a text message (its signature checked by the
    caller): delivered (the date of service) or failed; a repeated report changes nothing."""
    report = SmsReport.parse(data)
    with committed(race_message=_(RACE)):
        record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.gateway_message_id == report.id))
        if record is None:
            raise NotVisible()
        if record.delivered_at is None and record.failure is None:
            if report.status == "delivered":
                record.delivered_at = utcnow()
            else:
                record.failure = report.detail or "the handset did not receive the message"
    return record


def record_postal_service(user, case_id: int, record_id: int, data: dict, *, remote_addr=None):
    """Staff record a paper record's EMS number and, once the receipt is back, the day it
    was received: the date of service."""
    case = get_visible_case(user, case_id)
    CASE.require(user, case, "record_postal_service")
    record = record_of_case(case, record_id)
    posted = PostalService.parse(data)
    if record.channel is not Channel.PAPER:
        raise Conflict(_("Only a document served by post has a tracking number."))
    if posted.received_on is not None and posted.received_on > local_date(utcnow()):
        raise ValidationFailed(fields={"received_on": _("cannot be in the future")})
    with committed(race_message=_(RACE)):
        record.tracking_number = posted.tracking_number
        record.sent_at = record.sent_at or utcnow()
        if posted.received_on is not None:
            # the receipt names a day: its start, in China, stands for the moment
            record.delivered_at = datetime.combine(posted.received_on, time(), CHINA)
        record_event(
            case,
            user,
            "record_postal_service",
            remote_addr=remote_addr,
            data={
                "document_id": record.document_id,
                "party": record.party,
                "tracking_number": posted.tracking_number,
                "received_on": posted.received_on.isoformat() if posted.received_on else None,
            },
        )
    return record


def issue_service_certificate(user, case_id: int, data: dict, *, remote_addr: str | None = None):
    """电子送达凭证 of one party: every document served on it, from its records."""
    case = get_visible_case(user, case_id)
    CASE.require(user, case, "issue_service_certificate")
    party = CertificateRequest.parse(data).party
    records = records_of(case.id, party)
    if not records:
        raise Conflict(_("Nothing has been served on this party yet."))
    with committed(race_message=_(RACE)):
        return issue_document(
            case,
            "service_certificate",
            user,
            remote_addr=remote_addr,
            party=party,
            entries=certificate_entries(records),
        )
