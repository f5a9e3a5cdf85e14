"""The centre's digital signature on every PDF it issues, checked by pyHanko's own
validator against the centre's certificate: intact, valid, trusted, the centre named,
and still PDF/A. A changed byte or another certificate fails; /verify reports it."""

import asyncio
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases.models import Case
from mediation_app.documents import render
from mediation_app.documents.centre_signature import signer_for
from mediation_app.documents.kinds import KINDS
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.documents.operations import issue_document
from mediation_app.documents.pades import Identity, PadesSigner
from mediation_app.errors import SigningUnavailable
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.types import utcnow
from tests.conftest import make_app
from tests.documents.test_document_set import _final_minutes
from tests.service.conftest import ADDRESS
from tests.sessions.conftest import COURT_CASE
from workflows.deadlines import local_date

pytestmark = pytest.mark.with_documents

CENTRE = "测试调解中心"  # the world's centre (tests/factories.py), code "test"
PAGE = "<html><head><title>测试</title></head><body><p>调解协议书</p></body></html>"


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _trusting(*certificates: x509.Certificate) -> ValidationContext:
    return ValidationContext(trust_roots=[_asn1(c) for c in certificates])


def _centres_certificate(app, code="test") -> x509.Certificate:
    """The certificate in the centre's key file, as an operator would export it."""
    pem = (app.config["CENTRE_SIGNING_KEYS"] / f"{code}.pem").read_bytes()
    return Identity.from_pem(pem).certificate


def _in_a_thread(function, *args):
    """Run ``function`` where no event loop runs: pyHanko's synchronous API starts one, and
    the browser tests leave Playwright's running in the thread of the tests."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(function, *args).result()


def _status(pdf: bytes, context: ValidationContext):
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return _in_a_thread(validate_pdf_signature, signature, context)


def assert_signed_by(pdf: bytes, context: ValidationContext, name: str = CENTRE) -> None:
    """Signed whole, soundly, with the trusted certificate naming ``name``; still PDF/A."""
    status = _status(pdf, context)
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (True, True, True, True)
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    subject = status.signing_cert.subject.native
    assert (subject["common_name"], subject["organization_name"]) == (name, name)
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert f'pdf:Producer="{reader.metadata["/Producer"]}"' in xmp  # PDF/A: the two Producers agree
    (widget,) = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert widget["/FT"] == "/Sig" and widget["/F"] & 4  # printed, so allowed in PDF/A
    assert [float(x) for x in widget["/Rect"]] == [0, 0, 0, 0]  # invisible: no appearance needed


def _stored(app) -> dict[str, tuple[Document, bytes]]:
    with app.app_context():
        found = {}
        for document in db.session.scalars(select(Document).order_by(Document.id)):
            found[document.kind] = (document, storage.documents.path_of(document.storage_name).read_bytes())
            db.session.expunge(document)
        return found


def test_every_statutory_document_is_signed_by_its_centre_and_hashed_after_signing(world, api, app):
    settled = world.case("settled", **COURT_CASE)  # acceptance, rights, agreement, signed agreement
    with app.app_context():
        case = db.session.get(Case, settled)
        case.agreement_effective_on = local_date(utcnow())
        issue_document(case, "confirmation_application", world.staff.user())
        db.session.commit()
    _final_minutes(api, world, world.case("mediated"), "双方同意分两期付款。")
    # the applicant's 送达地址确认书, and the service certificate of what was served on it
    address = api(world.applicant).call("PUT", f"/cases/{settled}/service-address", json=ADDRESS)
    assert address.status_code == 200, address.get_json()
    certificate = api(world.staff).post(f"/cases/{settled}/service-certificates", json={"party": "applicant"})
    assert certificate.status_code == 201, certificate.get_json()
    world.case("rejected")
    world.case("referred_to_court")
    documents = _stored(app)
    assert set(documents) == set(KINDS)
    context = _trusting(_centres_certificate(app))
    for document, pdf in documents.values():
        assert hashlib.sha256(pdf).hexdigest() == document.sha256  # the record is of the signed file
        assert_signed_by(pdf, context)


def test_the_report_the_evaluation_and_the_subject_access_summary_are_signed(world, browser, app, tmp_path):
    staff = browser(world.staff)
    today = local_date(utcnow())
    with staff.get(f"/dashboard/monthly-report.pdf?month={today:%Y-%m}") as report:
        assert report.status_code == 200
        issued = [report.data]
    with staff.get(f"/evaluation/export.pdf?year={today.year}") as evaluation:
        assert evaluation.status_code == 200
        issued.append(evaluation.data)
    exported = app.test_cli_runner().invoke(
        args=["privacy", "export", "--email", world.applicant.email, "--output", str(tmp_path)]
    )
    assert exported.exit_code == 0, exported.output
    issued.append((tmp_path / f"subject-{world.applicant.id}.pdf").read_bytes())
    context = _trusting(_centres_certificate(app))
    for pdf in issued:
        assert_signed_by(pdf, context)


def test_the_export_of_a_person_of_no_centre_is_signed_by_the_centre_that_hands_it_over(world, app, tmp_path):
    runner = app.test_cli_runner()
    export = ["privacy", "export", "--email", world.federation.email, "--output", str(tmp_path)]
    refused = runner.invoke(args=export)  # a federation's account: no centre of its own
    assert refused.exit_code == 2 and "--centre" in refused.output and list(tmp_path.iterdir()) == []
    exported = runner.invoke(args=[*export, "--centre", "test"])
    assert exported.exit_code == 0, exported.output
    summary = (tmp_path / f"subject-{world.federation.id}.pdf").read_bytes()
    assert_signed_by(summary, _trusting(_centres_certificate(app)))


def _agreement(world, app) -> tuple[Document, bytes]:
    world.case("settled")
    return _stored(app)["agreement"]


def test_a_byte_changed_or_added_after_signing_breaks_the_signature(world, app):
    _document, pdf = _agreement(world, app)
    context = _trusting(_centres_certificate(app))
    changed = bytearray(pdf)
    changed[pdf.index(b"/MediaBox") + 15] ^= 0x01  # a page's size, inside the signed bytes
    assert _status(bytes(changed), context).intact is False
    with app.app_context():
        signer = signer_for(db.session.scalars(select(Centre)).one())
        assert signer.check(bytes(changed)).holds is False
        appended = pdf + b"\n1 0 obj\n(\xe4\xbf\xae\xe6\x94\xb9)\nendobj\n"  # a later revision
        assert signer.check(appended).intact is False
        assert signer.check(pdf).holds is True
        assert signer.check(render.lay_out(PAGE)) is None  # carries no signature


def test_a_copy_signed_with_another_certificate_in_the_centres_name_is_not_the_centres(world, app):
    impostor = PadesSigner(Identity.self_signed(CENTRE), field_name="centre-test")
    forged = impostor.sign(render.lay_out(PAGE))
    with app.app_context():
        check = signer_for(db.session.scalars(select(Centre)).one()).check(forged)
    assert (check.signer, check.intact, check.valid, check.trusted) == (CENTRE, True, True, False)


def test_a_thread_running_an_event_loop_signs_and_checks_too(world, app):
    """pyHanko starts a loop of its own; an async host (Playwright in the browser tests) runs one."""

    async def in_a_loop(signer):
        signed = signer.sign(render.lay_out(PAGE))
        return signer.check(signed)

    with app.app_context():
        signer = signer_for(db.session.scalars(select(Centre)).one())
    check = _in_a_thread(asyncio.run, in_a_loop(signer))
    assert check.holds and check.signer == CENTRE


def test_verify_reports_the_signer_and_whether_the_stored_copy_still_holds(world, app, client, browser):
    document, pdf = _agreement(world, app)
    answer = client.post("/api/v1/verifications", json={"code": document.verification_code}).get_json()
    signature = answer["signature"]
    assert answer["match"] is True and signature["signer"] == signature["organisation"] == CENTRE
    assert (signature["intact"], signature["valid"], signature["trusted"]) == (True, True, True)
    assert abs(datetime.fromisoformat(signature["signed_at"]) - datetime.now(UTC)) < timedelta(minutes=5)
    page = browser(world.applicant).post("/verify", data={"code": document.verification_code})
    text = page.get_data(as_text=True)
    assert '<div id="signature" class="flash success"' in text and f"数字签名：{CENTRE}（{CENTRE}）" in text

    with app.app_context():  # the stored copy altered on disk: its hash no longer matches, nor its signature
        path = storage.documents.path_of(document.storage_name)
        path.write_bytes(pdf.replace(b"/MediaBox [ 0", b"/MediaBox [ 1", 1))
    altered = client.post("/api/v1/verifications", json={"code": document.verification_code}).get_json()
    assert altered["signature"]["intact"] is False
    page = browser(world.applicant).post("/verify", data={"code": document.verification_code})
    assert '<div id="signature" class="flash error"' in page.get_data(as_text=True)


def test_the_operator_sees_who_signs_for_each_centre(world, app):
    checked = app.test_cli_runner().invoke(args=["signing", "check"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith(
        f"test: PAdES, RSA key, CN={CENTRE},O={CENTRE},C=CN issued by CN={CENTRE}"
    )


def _certificate(subject: str, key, issuer: tuple[str, object] | None = None, *, ca: bool = False):
    """A certificate for ``key`` naming ``subject`` (O= and CN=), signed by ``issuer`` (name, key):
    a CA's, or one for signing documents (non-repudiation, which pyHanko's validator requires)."""
    name = lambda n: x509.Name(  # noqa: E731
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, n), x509.NameAttribute(NameOID.COMMON_NAME, n)]
    )
    issuer_name, issuer_key = issuer or (subject, key)
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def test_a_centre_signs_with_the_key_and_certificate_its_operator_gives(database_url, tmp_path):
    """A CA-issued certificate, an EC key under a passphrase, one PEM file: the chain validates
    to the CA, and no self-signed certificate is made."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("江苏省电子认证测试CA", ca_key, ca=True)
    certificate = _certificate("海安市民营经济纠纷调解中心", key, ("江苏省电子认证测试CA", ca_key))
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pass phrase"),
    )
    keys = tmp_path / "keys"
    keys.mkdir()
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (ca, certificate))  # any order
    (keys / "haian.pem").write_bytes(pem + encrypted)
    app = make_app(
        database_url,
        tmp_path,
        CENTRE_SIGNING_KEYS=keys,
        CENTRE_SIGNING_PASSPHRASE="pass phrase",
        CENTRE_SIGNING_SELF_SIGNED=False,
    )
    with app.app_context():
        centre = SimpleNamespace(code="haian", name="海安市民营经济纠纷调解中心")
        pdf = render.html_to_pdf(PAGE, signer=signer_for(centre))
    assert_signed_by(pdf, _trusting(ca), name="海安市民营经济纠纷调解中心")
    assert sorted(p.name for p in keys.iterdir()) == ["haian.pem"]


def _unreadable(keys):
    (keys / "test.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")


def _certificate_only(keys):
    (keys / "test.pem").write_bytes(
        Identity.self_signed(CENTRE).certificate.public_bytes(serialization.Encoding.PEM)
    )


def _locked(keys):
    identity = Identity.self_signed(CENTRE)
    key = identity.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"another passphrase"),
    )
    (keys / "test.pem").write_bytes(key + identity.certificate.public_bytes(serialization.Encoding.PEM))


@pytest.mark.parametrize("key_file", [lambda keys: None, _unreadable, _certificate_only, _locked])
def test_without_a_usable_key_no_document_is_issued_and_the_log_says_why(
    world, app, api, monkeypatch, tmp_path, caplog, key_file
):
    key_file(tmp_path)
    monkeypatch.setitem(app.config, "CENTRE_SIGNING_KEYS", tmp_path)
    monkeypatch.setitem(app.config, "CENTRE_SIGNING_SELF_SIGNED", False)
    monkeypatch.setitem(app.extensions, "centre_signers", {})
    caplog.set_level(logging.ERROR, "mediation_app.documents.centre_signature")
    refused = api(world.staff).get(f"/statistics/monthly-report?month={local_date(utcnow()):%Y-%m}")
    assert refused.status_code == 503 and refused.get_json()["error"]["code"] == "signing_unavailable"
    case_id = world.case("filed")
    world.fire(case_id, "assign")  # the acceptance commits; its documents wait for a key
    with app.app_context():
        documents = db.session.scalars(select(Document).where(Document.case_id == case_id)).all()
        assert [(d.status, d.storage_name) for d in documents] == [(DocumentStatus.PENDING, None)] * 2
        with pytest.raises(SigningUnavailable):
            signer_for(db.session.scalars(select(Centre)).one())
    assert f"centre test cannot sign documents: {tmp_path / 'test.pem'}" in caplog.text
    checked = app.test_cli_runner().invoke(args=["signing", "check"])
    assert checked.exit_code == 1 and "test: no usable key: " in checked.output
    assert "cannot sign documents: test" in checked.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pem") == (
        [] if key_file.__name__ == "<lambda>" else ["test.pem"]
    )  # nothing self-signed in its place
