"""The payloads of the service API: a party's service address (送达地址确认书) in and
out, the service of the case's documents per party, and a certificate's request."""

from typing import Literal, Self

from flask_babel import gettext as _
from pydantic import Field, model_validator

from mediation_app.cases.schemas import Side
from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import Day, Items, Text, Timestamp
from mediation_app.parties.schemas import Email, Phone
from mediation_app.service.models import Channel, ServiceState

ElectronicChannel = Literal["email", "sms", "in_app"]


class ServiceAddressIn(Schema):
    """A party's consent to electronic service and its addresses. No electronic channel
    means service by post only; the postal address is always given, for the fallback."""

    party: Side | None = Field(None, description="staff name the party; a party's own user gives its own")
    channels: Items(ElectronicChannel, max_items=3) = Field(
        default_factory=list, description="the electronic channels consented to (电子送达)"
    )
    email: Email | None = None
    mobile: Phone | None = Field(None, description="a mainland mobile number, for service by SMS")
    postal_recipient: Text(100)
    postal_address: Text(300)
    phone: Phone = Field(description="the recipient's phone, which a postal sheet carries")

    @model_validator(mode="after")
    def _email_for_email(self) -> Self:
        if "email" in self.channels and not self.email:
            raise blame("email", _("is required for service by e-mail"))
        if "sms" in self.channels and not (self.mobile or "").startswith("1"):
            raise blame("mobile", _("a mobile number is required for service by SMS"))
        if len(set(self.channels)) != len(self.channels):
            raise blame("channels", _("name each channel once"))
        return self


class ServiceAddressOut(Out):
    party: Side
    version: int
    channels: list[str]
    email: str = Field(description="masked but for the party itself and staff")
    mobile: str = Field(description="masked but for the party itself and staff")
    postal_recipient: str
    postal_address: str
    phone: str = Field(description="masked but for the party itself and staff")
    document_id: int | None
    given_by: str
    created_at: Timestamp


class PartyAddressesOut(Out):
    party: Side
    current: ServiceAddressOut | None = Field(description="None until the party confirmed its address")
    history: list[ServiceAddressOut] = Field(description="every earlier version, newest first")


class ServiceRecordOut(Out):
    id: int
    party: Side
    document_id: int
    document_kind: str
    document_number: str | None
    channel: Channel
    address: str = Field(description="masked")
    state: ServiceState
    sent_at: Timestamp | None
    delivered_at: Timestamp | None = Field(description="the date of service")
    opened_at: Timestamp | None = Field(description="已阅知")
    failure: str | None
    tracking_number: str | None


class CaseServiceOut(Out):
    addresses: list[PartyAddressesOut]
    records: list[ServiceRecordOut]


class CertificateRequest(Schema):
    """The party whose service the certificate proves."""

    party: Side


class PostalService(Schema):
    """A paper record's posting (EMS number) and, once the receipt is back, the day it was received."""

    tracking_number: Text(40)
    received_on: Day | None = None


class SmsReport(Schema):
    """A delivery report from the SMS gateway (signed: ``service.sms``)."""

    id: Text(64)
    status: Literal["delivered", "failed"]
    detail: Text(200, required=False) = ""
