"""What the API shows of documents (文书) and of an agreement's signatures."""

from typing import Literal

from pydantic import ConfigDict, Field, RootModel

from mediation_app.cases.schemas import Person, Side
from mediation_app.core.schema import Out, Schema
from mediation_app.core.types import DayOut, Text, Timestamp
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import SignerRole, SigningMethod


class DocumentOut(Out):
    id: int
    kind: Literal[tuple(KINDS)] = Field(description="court liaisons see only the kinds a court needs")
    title: str = Field(examples=["调解协议书"])
    number: str | None = Field(examples=["(2026)海工商调协字第0003号"])
    version: int = Field(description="a correction is version + 1, same number")
    supersedes_id: int | None
    superseded: bool
    reason: str | None = Field(description="why this version")
    status: Literal["pending", "issued", "failed"] = Field(
        description="pending: being produced (its download answers 202); failed: staff send it again"
    )
    sha256: str | None = Field(description="of the PDF, once issued")
    size: int | None
    template_version: str
    created_at: Timestamp


class DocumentPending(Out):
    """A document still being produced: ask again after ``Retry-After`` seconds."""

    status: Literal["pending"]
    retry_after: int


class DocumentCorrection(Schema):
    reason: Text(1000, multiline=True) = Field(description="why the document is corrected")


class VerificationRequest(Schema):
    """A code printed on the document (a multipart request may send the PDF as ``file`` instead)."""

    code: str | None = Field(None, max_length=40, examples=["7K3Q-9XWM-2PRB"])


class DigitalSignatureOut(Out):
    """The centre's digital signature (PAdES) on its stored copy, checked at the request
    against the centre's certificate."""

    signer: str = Field(
        description="the certificate's subject (CN=)", examples=["海安市民营经济纠纷调解中心"]
    )
    organisation: str | None = Field(description="the certificate's organisation (O=)")
    signed_at: Timestamp | None = Field(description="the signing time the signature states")
    intact: bool = Field(description="the file is byte for byte what was signed")
    valid: bool = Field(description="the signature value is sound")
    trusted: bool = Field(description="signed with the centre's certificate")


class VerificationMatch(Out):
    match: Literal[True]
    kind: Literal[tuple(KINDS)]
    number: str = Field(description="the document's number")
    version: int
    superseded: bool = Field(description="a corrected version has since been issued")
    issued_on: DayOut
    signature: DigitalSignatureOut | None = Field(
        description="null for a document issued before the centre signed its documents"
    )


class VerificationMismatch(Out):
    match: Literal[False]


def _one_of(schema: dict) -> None:
    """Exactly one of the two answers applies (``match`` tells which)."""
    schema["oneOf"] = schema.pop("anyOf")


class VerificationOut(RootModel[VerificationMatch | VerificationMismatch]):
    """Only whether the copy matches the record, with its kind, number and date and the
    centre's signature: nothing about the parties or the terms."""

    model_config = ConfigDict(frozen=True, json_schema_extra=_one_of)


class SignatureOut(Out):
    signer_role: SignerRole
    method: SigningMethod
    signed_by: Person
    signed_at: Timestamp
    sha256: dict[str, str] = Field(description="of each stored image or scan, by name")


class RefusalOut(Out):
    signer_role: SignerRole
    reason: str
    refused_at: Timestamp


class SigningStatusOut(Out):
    agreement_id: int | None = Field(description="the version being signed")
    effective_on: DayOut | None
    sign_by: DayOut | None = Field(description="the last day of the signing period (AGREEMENT_SIGNING_DAYS)")
    signatures: list[SignatureOut]
    awaiting: list[SignerRole] = Field(description="who has yet to sign, in signing order")
    refusals: list[RefusalOut] = Field(
        description="parties who refused to sign this version: the mediator may end the mediation unsettled"
    )


class SignatureRefusal(Schema):
    reason: Text(2000, multiline=True) = Field(description="why the party will not sign")
    party: Side | None = Field(
        None, description="staff: the party whose refusal (on paper or by phone) they record"
    )
