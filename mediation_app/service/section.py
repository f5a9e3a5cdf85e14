"""What the case page's service section shows (``cases.sections``): each party's
service address, and each served document's records by channel;
``cases/show.html`` includes ``service/_case_section.html``."""

from collections import defaultdict

from mediation_app.cases.actions import CASE
from mediation_app.cases.labels import PARTY_LABELS
from mediation_app.cases.permissions import PARTIES, party_of
from mediation_app.documents.kinds import KINDS
from mediation_app.service.presenters import CHANNEL_LABELS, STATE_LABELS, address_out, record_out
from mediation_app.service.queries import addresses_of, attempts_of, records_of, undelivered
from workflows.roles import Role


def visible_parties(user, case) -> tuple[str, ...]:
    """Whose service ``user`` follows: a party its own; the centre and the court both."""
    own = party_of(user, case)
    if own is not None:
        return (own,)
    return () if user.role is Role.ENTERPRISE else PARTIES


def in_full(user, case, party: str) -> bool:
    """The party itself and staff, who serve on it, read its addresses unmasked."""
    return user.role is Role.STAFF or party_of(user, case) == party


def addresses_for(user, case) -> list[dict]:
    versions = addresses_of(case.id)
    return [
        {
            "party": party,
            "current": address_out(versions[party][0], in_full=in_full(user, case, party))
            if versions[party]
            else None,
            "history": [address_out(a, in_full=in_full(user, case, party)) for a in versions[party][1:]],
        }
        for party in visible_parties(user, case)
    ]


def records_for(user, case):
    parties = visible_parties(user, case)
    return [record_out(r) for r in records_of(case.id, reader=user) if r.party in parties]


def service_section(case, user) -> dict:
    records = records_for(user, case)
    by_document = defaultdict(list)
    for record in records:
        by_document[(record.document_id, record.document_kind, record.document_number)].append(record)
    addresses = addresses_for(user, case)
    staff = user.role is Role.STAFF
    return {
        "service_section": {
            "addresses": addresses,
            "by_document": by_document,
            "own_party": party_of(user, case),
            # a party is asked for its address until it gave one
            "missing": [a["party"] for a in addresses if a["current"] is None],
            "may_give": CASE.allows(user, case, "give_service_address"),
            "may_certify": CASE.allows(user, case, "issue_service_certificate"),
            "may_post": CASE.allows(user, case, "record_postal_service"),
            # each attempt at the SMS gateway, for staff (only SMS records have any)
            "attempts": attempts_of(case.id) if staff and any(r.channel == "sms" for r in records) else {},
            "kinds": KINDS,
            "party_labels": PARTY_LABELS,
            "channel_labels": CHANNEL_LABELS,
            "state_labels": STATE_LABELS,
        }
    }


def desk_entries(user, now) -> list[dict]:
    """The staff's desk: each document not delivered to a party in time, with its case."""
    return [
        {
            "case_id": record.case_id,
            "case_number": number,
            "title": KINDS[record.document.kind].title,
            "party": PARTY_LABELS[record.party],
            "channel": CHANNEL_LABELS[record.channel],
        }
        for record, number in undelivered(user, now)
    ]
