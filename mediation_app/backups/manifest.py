"""What an archive promises about what it holds: rows per table, each centre's kept
totals, the audit trails' state, and every stored file's SHA-256. Taken from the same
snapshot as the database dump, so the two agree however busy the centre is."""

import hashlib
from pathlib import Path

from sqlalchemy import func, select

from mediation_app import storage
from mediation_app.cases.audit import chains, verify_case
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.reporting.queries import totals

# The stores an archive carries, by their folder in it. Ledger uploads are left out:
# they live only until their import has run.
STORES = {"documents": storage.documents, "evidence": storage.evidence}
CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_files() -> dict[str, Path]:
    """Every finished file of the archived stores, by its name in the archive."""
    return {
        f"{folder}/{path.name}": path
        for folder, store in STORES.items()
        for path in sorted(store.root().iterdir())
        if path.is_file() and not path.name.endswith(".part")
    }


def database_facts() -> dict:
    """Rows per table, each centre's totals, and the cases whose audit trail is broken."""
    counts = {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
    centres = db.session.scalars(select(Centre).order_by(Centre.id)).all()
    return {
        "rows": counts,
        "totals": {centre.code: totals(centre.id).as_dict() for centre in centres},
        "broken_chains": [case_id for case_id in chains() if verify_case(case_id) is not None],
    }


def differences(expected: dict, files: dict[str, Path]) -> list[str]:
    """Where the database and stores at hand differ from the manifest ``expected``."""
    found = database_facts()
    problems = [
        f"table {name}: {found['rows'].get(name)} rows, the archive had {count}"
        for name, count in expected["rows"].items()
        if found["rows"].get(name) != count
    ]
    problems += [
        f"centre {code}: totals {found['totals'].get(code)}, the archive had {kept}"
        for code, kept in expected["totals"].items()
        if found["totals"].get(code) != kept
    ]
    problems += [f"case {case_id}: its audit trail does not verify" for case_id in found["broken_chains"]]
    for name, digest in expected["files"].items():
        if name not in files:
            problems.append(f"file {name}: missing")
        elif file_sha256(files[name]) != digest:
            problems.append(f"file {name}: its content differs from the archive's")
    return problems
