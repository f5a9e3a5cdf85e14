"""A service record's state and times, read where they are kept (an e-mail's in its
outbox message), and the plain values the pages, the API and the certificate show."""

from flask_babel import lazy_gettext as _l

from mediation_app.documents.kinds import KINDS
from mediation_app.notifications.models import MessageStatus
from mediation_app.notifications.render import when
from mediation_app.privacy.masking import mask_email, mask_phone
from mediation_app.service.models import Channel, ServiceState
from mediation_app.service.schemas import ServiceAddressOut, ServiceRecordOut

CHANNEL_LABELS = {
    Channel.EMAIL: _l("E-mail"),
    Channel.SMS: _l("SMS"),
    Channel.IN_APP: _l("Inbox in this system"),
    Channel.PAPER: _l("Post"),
}
STATE_LABELS = {
    ServiceState.AWAITING: _l("Awaiting posting"),
    ServiceState.SENT: _l("Sent"),
    ServiceState.DELIVERED: _l("Delivered"),
    ServiceState.OPENED: _l("Opened"),
    ServiceState.FAILED: _l("Failed"),
}
# As the certificate states them (a Chinese legal record whatever the reader's language).
CHANNEL_NAMES = {
    Channel.EMAIL: "电子邮件",
    Channel.SMS: "手机短信",
    Channel.IN_APP: "系统站内信",
    Channel.PAPER: "邮寄",
}


def delivered_at(record):
    """When the document reached the recipient's system: the date of service."""
    if record.channel is Channel.EMAIL:
        message = record.outbox_message
        return message.sent_at if message is not None and message.status is MessageStatus.SENT else None
    return record.delivered_at


def failure_of(record) -> str | None:
    message = record.outbox_message
    if record.channel is Channel.EMAIL and message is not None and message.status is MessageStatus.FAILED:
        return message.last_error or "failed"
    return record.failure


def state_of(record) -> ServiceState:
    if failure_of(record):
        return ServiceState.FAILED
    if record.opened_at is not None:
        return ServiceState.OPENED
    if delivered_at(record) is not None:
        return ServiceState.DELIVERED
    if record.channel is Channel.PAPER and record.tracking_number is None:
        return ServiceState.AWAITING
    return ServiceState.SENT


def masked_address(record) -> str:
    if record.channel is Channel.PAPER:
        return record.address  # the postman's to read
    if record.channel is Channel.SMS:
        return mask_phone(record.address)
    return mask_email(record.address)  # the mailbox, or the account's


def record_out(record) -> ServiceRecordOut:
    return ServiceRecordOut(
        id=record.id,
        party=record.party,
        document_id=record.document_id,
        document_kind=record.document.kind,
        document_number=record.document.number,
        channel=record.channel,
        address=masked_address(record),
        state=state_of(record),
        sent_at=record.sent_at,
        delivered_at=delivered_at(record),
        opened_at=record.opened_at,
        failure=failure_of(record),
        tracking_number=record.tracking_number,
    )


def address_out(address, *, in_full: bool) -> ServiceAddressOut:
    """A version of a service address; its e-mail and phone masked unless ``in_full``
    (the party itself and staff, who serve on it)."""
    return ServiceAddressOut(
        party=address.party,
        version=address.version,
        channels=list(address.channels),
        email=address.email if in_full or not address.email else mask_email(address.email),
        mobile=address.mobile if in_full or not address.mobile else mask_phone(address.mobile),
        postal_recipient=address.postal_recipient,
        postal_address=address.postal_address,
        phone=address.phone if in_full else mask_phone(address.phone),
        document_id=address.document_id,
        given_by=address.given_by.name,
        created_at=address.created_at,
    )


def certificate_entries(records) -> list[dict]:
    """One line per record of the certificate: the document, the channel, the address
    masked and the times, as read in China."""

    def moment(value):
        return when(value) if value is not None else ""

    return [
        {
            "title": KINDS[record.document.kind].title,
            "number": record.document.number or "",
            "channel": CHANNEL_NAMES[record.channel],
            "address": masked_address(record),
            "sent_at": moment(record.sent_at),
            "delivered_at": moment(delivered_at(record)),
            "opened_at": moment(record.opened_at),
            "failure": "未能送达" if failure_of(record) else "",
        }
        for record in records
    ]
