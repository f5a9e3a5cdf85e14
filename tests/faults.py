"""Fault trials (``tests/test_faults.py``): each kind of fault injected several times;
after each trial, what an answered request lost and what was left half-done are
counted. The suite prints the table at its end (``tests/conftest.py``)."""

import hashlib
from collections import defaultdict

from sqlalchemy import select

from mediation_app import storage
from mediation_app.cases.audit import chains, verify_case
from mediation_app.cases.workloads import workload_differences
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.evidence.models import EvidenceFile
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.reporting.queries import totals_differences
from mediation_app.reporting.recompute import figures_differences

TRIALS = 5
# kind -> [trials, losses, partial states], added up over the xdist workers by conftest.
RESULTS: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])


def record(kind: str, *, lost: list[str], partial: list[str]) -> None:
    figures = RESULTS[kind]
    figures[0] += 1
    figures[1] += len(lost)
    figures[2] += len(partial)


def half_done(app) -> list[str]:
    """Every state that a whole commit or a whole rollback could not have left: kept
    figures differing from the cases, a broken audit trail, an issued document
    without its file (or with another), a stored file no row names."""
    with app.app_context():
        problems = [
            f"{centre.code}: {difference}"
            for centre in db.session.scalars(select(Centre))
            for difference in totals_differences(centre.id)
            + figures_differences(centre.id)
            + workload_differences(centre.id)
        ]
        problems += [
            f"case {case_id}: {verify_case(case_id)}" for case_id in chains() if verify_case(case_id)
        ]
        named = {"documents": set(), "evidence": set()}
        for document in db.session.scalars(select(Document).where(Document.status == DocumentStatus.ISSUED)):
            path = storage.documents.path_of(document.storage_name)
            named["documents"].add(document.storage_name)
            if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != document.sha256:
                problems.append(f"document {document.id}: issued without its file")
        for evidence in db.session.scalars(select(EvidenceFile)):
            named["evidence"].add(evidence.storage_name)
            if not storage.evidence.path_of(evidence.storage_name).exists():
                problems.append(f"evidence {evidence.id}: without its file")
        for folder, store in (("documents", storage.documents), ("evidence", storage.evidence)):
            for path in store.root().iterdir():
                if path.name not in named[folder] and not path.name.startswith("."):
                    problems.append(f"{folder}/{path.name}: a file no row names")
        db.session.rollback()
        return problems


def table() -> list[str]:
    """The printed figures: one line per kind of fault."""
    lines = [f"{'fault':<28} {'trials':>6} {'losses':>6} {'partial states':>15}"]
    lines += [
        f"{kind:<28} {t:>6} {lost:>6} {partial:>15}" for kind, (t, lost, partial) in sorted(RESULTS.items())
    ]
    return lines
