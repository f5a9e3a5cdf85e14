"""JSON API of service; thin: parse, call one operation, present."""

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.cases.queries import get_visible_case
from mediation_app.documents.presenters import document_out
from mediation_app.documents.schemas import DocumentOut
from mediation_app.service import operations
from mediation_app.service.presenters import address_out, record_out
from mediation_app.service.schemas import (
    CaseServiceOut,
    CertificateRequest,
    PartyAddressesOut,
    PostalService,
    ServiceAddressIn,
    ServiceAddressOut,
    ServiceRecordOut,
)
from mediation_app.service.section import addresses_for, in_full, records_for


@api.get("/cases/<int:case_id>/service")
@endpoint(ok=CaseServiceOut)
def case_service(case_id: int):
    """Service of the case's documents: each party's service address and, per document,
    a record per channel with its state (sent → delivered → opened, or failed). A party
    sees its own; the centre, the mediator and the court both parties'."""
    user = caller()
    case = get_visible_case(user, case_id)
    return present(CaseServiceOut(addresses=addresses_for(user, case), records=records_for(user, case)))


@api.get("/cases/<int:case_id>/service-addresses")
@endpoint(ok=list[PartyAddressesOut])
def service_addresses(case_id: int):
    """Each party's service address (送达地址确认书) with its earlier versions; e-mail and
    phone masked but for the party itself and staff."""
    user = caller()
    case = get_visible_case(user, case_id)
    return present([PartyAddressesOut(**party) for party in addresses_for(user, case)])


@api.put("/cases/<int:case_id>/service-address")
@endpoint(body=ServiceAddressIn, ok=ServiceAddressOut)
def give_service_address(case_id: int):
    """Confirm or change a party's service address (its own user; staff name the
    ``party``): a new version, issued as a 送达地址确认书; the earlier ones stay."""
    user = caller()
    address = operations.give_service_address(user, case_id, json_body(), remote_addr=remote_addr())
    case = get_visible_case(user, case_id)
    return present(address_out(address, in_full=in_full(user, case, address.party)))


@api.post("/cases/<int:case_id>/service-certificates")
@endpoint(body=CertificateRequest, ok=DocumentOut, status=201)
def issue_service_certificate(case_id: int):
    """Issue the electronic service certificate (电子送达凭证) of one party from its
    service records (staff); the PDF follows as any document's."""
    document = operations.issue_service_certificate(caller(), case_id, json_body(), remote_addr=remote_addr())
    return present(document_out(document), 201)


@api.post("/cases/<int:case_id>/service-records/<int:record_id>/postal")
@endpoint(body=PostalService, ok=ServiceRecordOut)
def record_postal_service(case_id: int, record_id: int):
    """Record a paper record's EMS number and, once back, the day on its receipt (staff)."""
    record = operations.record_postal_service(
        caller(), case_id, record_id, json_body(), remote_addr=remote_addr()
    )
    return present(record_out(record))
