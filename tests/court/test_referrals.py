"""Referral back to court (转立案): the package, the liaison's queue and acknowledgement,
the 3-day flag, and the delegation letter at intake; scoped to the liaison's court."""

import base64
import hashlib
import io
import zipfile
from datetime import timedelta

import pytest

from mediation_app.court.package import latest_termination_notice
from mediation_app.court.queries import is_flagged, referral_of
from mediation_app.extensions import db
from mediation_app.sessions.operations import schedule_session
from mediation_app.types import utcnow
from tests.factories import MINIMAL_PDF
from tests.test_access import _held_session

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _referred(world, court, **filing) -> int:
    case_id = court.case("mediated", **filing)
    world.evidence(case_id, name="买卖合同.pdf")
    world.evidence(case_id, by=world.respondent, name="内部对账.pdf", mediator_only=True)
    world.fire(case_id, "refer_to_court", reason="双方对货款金额分歧较大，调解不成。")
    return case_id


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    data = response.get_data()
    response.close()
    return zipfile.ZipFile(io.BytesIO(data))


def test_a_referred_court_case_lands_in_its_liaisons_queue(world, api, court):
    case_id = _referred(world, court)
    items = api(world.liaison).get("/referrals").get_json()["items"]
    assert [(r["case_id"], r["acknowledged_at"], r["unacknowledged_over_3_days"]) for r in items] == [
        (case_id, None, False)
    ]
    assert items[0]["reason"] == "双方对货款金额分歧较大，调解不成。"
    assert api(world.other_liaison).get("/referrals").get_json()["items"] == []


def test_a_direct_case_referred_to_court_has_no_court_queue(world, court):
    case_id = world.case("referred_to_court")
    with world.app.app_context():
        assert referral_of(world.load(case_id)) is None


def test_the_package_holds_the_summary_the_evidence_list_and_the_files_the_court_may_read(world, api, court):
    case_id = _referred(world, court)
    package = _zip(api(world.liaison).get(f"/cases/{case_id}/referral/package"))
    names = package.namelist()
    assert "02-案件摘要.txt" in names and "03-证据清单.txt" in names
    assert "证据/01-买卖合同.pdf" in names
    assert not any("内部对账" in n for n in names)  # mediator-only evidence never goes to the court
    assert package.read("证据/01-买卖合同.pdf") == MINIMAL_PDF
    summary = package.read("02-案件摘要.txt").decode()
    assert "江苏常安纺织科技有限公司" in summary and "580,000.00" in summary
    assert "双方对货款金额分歧较大" in summary and "(2026)苏0621民诉前调1号" in summary
    evidence_list = package.read("03-证据清单.txt").decode()
    assert "买卖合同.pdf" in evidence_list and "内部对账" not in evidence_list


def test_the_package_is_the_same_bytes_on_every_download_with_its_hash(world, api, court):
    case_id = _referred(world, court)
    first = api(world.liaison).get(f"/cases/{case_id}/referral/package")
    second = api(world.staff).get(f"/cases/{case_id}/referral/package")
    assert first.get_data() == second.get_data()

    assert first.headers["X-Content-SHA256"] == hashlib.sha256(first.get_data()).hexdigest()
    first.close()
    second.close()


@pytest.mark.with_documents
def test_the_package_includes_the_latest_termination_notice(world, api, court):
    case_id = _referred(world, court)
    with world.app.app_context():
        notice = latest_termination_notice(world.load(case_id))
        assert notice is not None  # issued by the referral itself (documents.kinds)
        sha256 = notice.sha256
    package = _zip(api(world.liaison).get(f"/cases/{case_id}/referral/package"))
    assert hashlib.sha256(package.read("01-调解终结书.pdf")).hexdigest() == sha256


def test_who_may_fetch_a_package(world, api, court):
    case_id = _referred(world, court)
    expected = {
        world.liaison: 200,
        world.staff: 200,
        world.mediator: 200,
        world.applicant: 403,
        world.other_liaison: 404,  # court B asking for court A's package
        world.outsider: 404,
    }
    for person, status in expected.items():
        response = api(person).get(f"/cases/{case_id}/referral/package")
        assert response.status_code == status, person
        response.close()


def test_the_liaison_acknowledges_with_the_courts_filing_number(world, api, court, browser):
    case_id = _referred(world, court)
    liaison = api(world.liaison)
    for bad in ("2026苏0621民初1号", "(2026)苏0682民初1号", ""):  # malformed, another court's, missing
        response = liaison.post(f"/cases/{case_id}/referral/acknowledgement", json={"filing_number": bad})
        assert response.status_code == 422 and "filing_number" in response.get_json()["error"]["fields"]
    assert (
        api(world.staff)
        .post(f"/cases/{case_id}/referral/acknowledgement", json={"filing_number": "(2026)苏0621民初1号"})
        .status_code
        == 403
    )
    done = liaison.post(
        f"/cases/{case_id}/referral/acknowledgement", json={"filing_number": "（2026）苏0621民初1号"}
    )
    assert done.status_code == 200 and done.get_json()["filing_number"] == "(2026)苏0621民初1号"
    again = liaison.post(
        f"/cases/{case_id}/referral/acknowledgement", json={"filing_number": "(2026)苏0621民初2号"}
    )
    assert again.status_code == 409
    events = [e["action"] for e in liaison.get(f"/cases/{case_id}/events").get_json()]
    assert events[-1] == "acknowledge_referral"
    page = browser(world.liaison).get(f"/cases/{case_id}").get_data(as_text=True)
    assert "(2026)苏0621民初1号" in page


def test_a_filing_number_is_recorded_once_per_court(world, api, court):
    first, second = _referred(world, court), _referred(world, court)
    liaison = api(world.liaison)
    body = {"filing_number": "(2026)苏0621民初7号"}
    assert liaison.post(f"/cases/{first}/referral/acknowledgement", json=body).status_code == 200
    duplicate = liaison.post(f"/cases/{second}/referral/acknowledgement", json=body)
    assert duplicate.status_code == 422 and "filing_number" in duplicate.get_json()["error"]["fields"]


def test_an_unacknowledged_referral_is_flagged_after_three_days(world, court):
    case_id = _referred(world, court)
    with world.app.app_context():
        referral = referral_of(world.load(case_id))
        at = referral.referred_at
        assert not is_flagged(referral, at + timedelta(days=3))
        assert is_flagged(referral, at + timedelta(days=3, seconds=1))
        referral.acknowledged_at = at + timedelta(days=1)
        assert not is_flagged(referral, at + timedelta(days=4))


def test_referrals_changed_since_a_moment_page_by_page(world, api, court):
    first, second = _referred(world, court), _referred(world, court)
    liaison = api(world.liaison)
    everything = liaison.get("/referrals").get_json()["items"]
    assert [r["case_id"] for r in everything] == [first, second]
    page = liaison.get("/referrals?limit=1").get_json()
    assert [r["case_id"] for r in page["items"]] == [first] and page["next_cursor"]
    rest = liaison.get(f"/referrals?limit=1&cursor={page['next_cursor']}").get_json()
    assert [r["case_id"] for r in rest["items"]] == [second] and rest["next_cursor"] is None
    since = everything[1]["updated_at"]
    assert liaison.get("/referrals", query_string={"since": since}).get_json()["items"] == []
    liaison.post(f"/cases/{first}/referral/acknowledgement", json={"filing_number": "(2026)苏0621民初3号"})
    changed = liaison.get("/referrals", query_string={"since": since}).get_json()["items"]
    assert [r["case_id"] for r in changed] == [first]


@pytest.mark.parametrize(
    "query",
    [
        {"since": "yesterday"},
        {"since": "2026-12-01T08:00:00"},
        {"cursor": "!!"},
        {"cursor": base64.urlsafe_b64encode(b"2026-12-01T08:00:00+00:00|2147483648").decode()},
        {"cursor": base64.urlsafe_b64encode(b"2026-12-01T08:00:00+00:00|" + b"9" * 5000).decode()},
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "\u00b2"},
    ],
)
def test_bad_referral_list_parameters_are_refused(world, api, query):
    response = api(world.liaison).get("/referrals", query_string=query)
    assert response.status_code == 422 and set(query) <= set(response.get_json()["error"]["fields"])


def test_the_delegation_letter_is_attached_by_the_liaison_and_read_by_the_parties(world, api, court):
    case_id = court.case("filed")
    liaison = api(world.liaison)
    html = liaison.post(
        f"/cases/{case_id}/delegation-letter", data={"file": (io.BytesIO(b"<html>"), "函.pdf")}
    )
    assert html.status_code == 422 and "file" in html.get_json()["error"]["fields"]
    done = liaison.post(
        f"/cases/{case_id}/delegation-letter", data={"file": (io.BytesIO(PNG), "委派调解函.png")}
    )
    assert done.status_code == 201 and done.get_json()["category"] == "delegation_letter"
    listed = api(world.applicant).get(f"/cases/{case_id}/evidence").get_json()
    assert [e["name"] for e in listed] == ["委派调解函.png"]
    refused = api(world.other_liaison).post(
        f"/cases/{case_id}/delegation-letter", data={"file": (io.BytesIO(PNG), "x.png")}
    )
    assert refused.status_code == 404
    applicant = api(world.applicant).post(
        f"/cases/{case_id}/delegation-letter", data={"file": (io.BytesIO(PNG), "x.png")}
    )
    assert applicant.status_code == 403
    with world.app.app_context():
        direct = world.case("filed")
    assert (
        api(world.staff)
        .post(f"/cases/{direct}/delegation-letter", data={"file": (io.BytesIO(PNG), "x.png")})
        .status_code
        == 403
    )


def test_liaisons_never_see_private_sessions_or_mediator_only_evidence(world, api, court):

    case_id = court.case("mediated")
    world.evidence(case_id, by=world.respondent, name="内部对账.pdf", mediator_only=True)
    joint = _held_session(world.app, world, case_id)

    start = utcnow() + timedelta(days=2)
    with world.app.app_context():
        private = schedule_session(
            world.mediator.user(),
            case_id,
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "place": "调解室",
                "kind": "private",
                "party_id": world.load(case_id).respondent_id,
            },
        ).id
        db.session.commit()
    liaison = api(world.liaison)
    assert [s["id"] for s in liaison.get(f"/cases/{case_id}/sessions").get_json()] == [joint]
    assert liaison.get(f"/sessions/{private}").status_code == 404
    assert liaison.get(f"/sessions/{private}/minutes").status_code == 404
    assert liaison.get(f"/cases/{case_id}/evidence").get_json() == []
    assert all(
        e["data"].get("session_id") != private for e in liaison.get(f"/cases/{case_id}/events").get_json()
    )


def test_the_court_reads_the_code_in_its_queue_and_package(world, api, court):
    case_id = court.case("mediated")
    world.fire(case_id, "refer_to_court", reason="多次联系未果。", outcome_code="party_unreachable")
    liaison = api(world.liaison)
    (referral,) = liaison.get("/referrals").get_json()["items"]
    assert referral["outcome_code"] == "party_unreachable"
    summary = _zip(liaison.get(f"/cases/{case_id}/referral/package")).read("02-案件摘要.txt").decode()
    assert "调解未成原因：无法联系当事人" in summary
