"""The referral package (移送材料) a court receives with a case that failed in
mediation: the termination notice, a case summary, the evidence list and the
evidence files, as one zip.

It holds exactly what the court may read, whoever downloads it: joint sessions
only, never private-session minutes or mediator-only evidence (the rules of
``sessions.queries``, ``evidence.queries`` and ``documents.queries`` for a court
liaison).
The zip is built from the stored files on each download, with fixed entry
times, so the same case gives the same bytes (and SHA-256) every time.
"""

import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases.labels import ENDING_LABELS
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.documents.queries import visible_documents
from mediation_app.errors import Unavailable
from mediation_app.evidence.models import EvidenceFile
from mediation_app.evidence.operations import CATEGORIES
from mediation_app.evidence.queries import visible_evidence
from mediation_app.extensions import db
from mediation_app.sessions.models import SessionStatus
from mediation_app.sessions.queries import sessions_of
from workflows.deadlines import CHINA
from workflows.roles import Role

TERMINATION_NOTICE = "termination_notice"
SPOOL_BYTES = 8 * 1024 * 1024  # larger packages spill to a temporary file


@dataclass(frozen=True)
class _Court:
    """Reads the case as the court does (see the module doc)."""

    role: Role = Role.COURT_LIAISON
    id: int | None = None
    organisation_id: int | None = None


COURT = _Court()


def latest_termination_notice(case) -> Document | None:
    return db.session.scalars(
        select(Document)
        .where(
            Document.case_id == case.id,
            Document.kind == TERMINATION_NOTICE,
            visible_documents(COURT, case),
        )
        .order_by(Document.id.desc())
        .limit(1)
    ).first()


def evidence_for_court(case) -> list[EvidenceFile]:
    return db.session.scalars(
        select(EvidenceFile)
        .where(EvidenceFile.case_id == case.id, visible_evidence(COURT))
        .order_by(EvidenceFile.id)
    ).all()


def _summary(case, referral) -> str:
    held = [
        s
        for s in sessions_of(COURT, case)
        if s.status is SessionStatus.SCHEDULED and s.starts_at <= referral.referred_at
    ]
    return render_template(
        "court/package_summary.txt",
        case=case,
        referral=referral,
        sessions=[(s.starts_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M"), s.place) for s in held],
        referred_on=referral.referred_at.astimezone(CHINA).strftime("%Y-%m-%d"),
        ending=_in_chinese(ENDING_LABELS.get(case.outcome_code)),
    )


def _in_chinese(label) -> str:
    """The court reads the package in Chinese, whoever downloads it."""
    with force_locale("zh"):
        return str(label) if label is not None else "未记录"


def _evidence_list(files: list[EvidenceFile], names: list[str]) -> str:
    return render_template(
        "court/package_evidence.txt",
        items=[
            {
                "entry": name,
                "category": str(CATEGORIES.get(f.category, "委派/委托函")),
                "uploaded_by": f.uploaded_by.name,
                "uploaded_on": f.created_at.astimezone(CHINA).strftime("%Y-%m-%d"),
                "size": f.size,
                "sha256": f.sha256,
            }
            for f, name in zip(files, names, strict=True)
        ],
    )


@dataclass
class Package:
    file: tempfile.SpooledTemporaryFile
    sha256: str
    download_name: str


def build_package(case, referral) -> Package:
    """The zip, positioned at its start; the caller sends and closes it."""
    stamp = referral.referred_at.astimezone(CHINA).timetuple()[:6]
    files = evidence_for_court(case)
    names = [f"证据/{n:02d}-{f.original_name}" for n, f in enumerate(files, start=1)]
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (closed by the response)

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    notice = latest_termination_notice(case)
    if notice is not None and notice.status is not DocumentStatus.ISSUED:
        raise Unavailable(_("The termination notice is still being produced; try again in a moment."))
    with zipfile.ZipFile(spool, "w") as archive:
        if notice is not None:
            with open(storage.documents.path_of(notice.storage_name), "rb") as source:
                archive.writestr(entry("01-调解终结书.pdf"), source.read())
        archive.writestr(entry("02-案件摘要.txt"), _summary(case, referral))
        archive.writestr(entry("03-证据清单.txt"), _evidence_list(files, names))
        for evidence, name in zip(files, names, strict=True):
            with (
                open(storage.evidence.path_of(evidence.storage_name), "rb") as source,
                archive.open(entry(name), "w") as target,
            ):
                shutil.copyfileobj(source, target)
    spool.seek(0)
    digest = hashlib.file_digest(spool, "sha256").hexdigest()
    spool.seek(0)
    return Package(spool, digest, f"移送材料-{case.number}.zip")
