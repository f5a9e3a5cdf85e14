"""Creating, restoring and verifying a backup archive (``flask backup``).

An archive is one tar file: ``manifest.json`` (what it holds, :mod:`.manifest`), the
database (``database.dump``, pg_dump's custom format, on PostgreSQL; ``database.sqlite3``,
SQLite's online backup, on SQLite) and the document and evidence stores. It restores
only into an empty database and empty stores, never over a deployment in use.
``AUDIT_KEY`` is not in it: the restored audit trails verify only with the key they
were sealed with, kept apart from the backups.
"""

import json
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, make_url, text

from mediation_app.backups.manifest import STORES, database_facts, differences, file_sha256, stored_files
from mediation_app.errors import Conflict, ValidationFailed
from mediation_app.extensions import db

MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# A stored file's name in an archive: a store's folder and a generated name, nothing else.
MEMBER = re.compile(r"(documents|evidence)/[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


class NotEmpty(Conflict):
    code = "not_empty"
    default_message = _l("A backup is restored only into an empty database and empty file stores.")


def _backend() -> str:
    return db.engine.dialect.name


def _tool(name: str) -> str:
    """A PostgreSQL client program (installed by scripts/ensure-system-deps.sh)."""
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed: install the PostgreSQL client tools")
    return path


def _libpq_url() -> str:
    """The database URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _dump_postgres(target: Path) -> dict:
    """pg_dump from the snapshot the manifest's facts are read in, so the two agree."""
    db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    try:
        snapshot = db.session.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        facts = database_facts()
        subprocess.run(  # noqa: S603  (our arguments; the URL is the app's own)
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                _libpq_url(),
            ],
            check=True,
            capture_output=True,
        )
    finally:
        db.session.rollback()
    return facts


def _dump_sqlite(target: Path) -> dict:
    """SQLite's online backup: a consistent copy even while the app writes. The facts
    are read just before it; take a backup of the embedded database when it is quiet."""
    facts = database_facts()
    db.session.rollback()
    source = db.engine.raw_connection()
    try:
        with sqlite3.connect(target) as copy:
            source.driver_connection.backup(copy)
        copy.close()
    finally:
        source.close()
    return facts


def create_backup(archive: Path) -> dict:
    """Write the archive; its manifest."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[_backend()]
        facts = _dump_postgres(dump) if _backend() == "postgresql" else _dump_sqlite(dump)
        files = stored_files()
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "backend": _backend(),
            "database": {"name": dump.name, "sha256": file_sha256(dump)},
            **facts,
            "files": {name: file_sha256(path) for name, path in files.items()},
        }
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w") as tar:
            (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for name, path in files.items():
                tar.add(path, arcname=name)
        partial.replace(archive)
    return manifest


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile(MANIFEST))


def _refuse_unless_empty() -> None:
    if inspect(db.engine).get_table_names() or any(stored_files()):
        raise NotEmpty()


def _restore_postgres(dump: Path) -> None:
    done = subprocess.run(  # noqa: S603  (our arguments; the URL is the app's own)
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={_libpq_url()}",
            str(dump),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ValidationFailed(fields={"archive": done.stderr.strip()[-500:]})


def _restore_sqlite(dump: Path) -> None:
    db.engine.dispose()
    with sqlite3.connect(dump) as source, sqlite3.connect(make_url(str(db.engine.url)).database) as target:
        source.backup(target)


def restore_backup(archive: Path) -> dict:
    """Load the archive into this deployment's empty database and stores; its manifest."""
    manifest = read_manifest(archive)
    if manifest["backend"] != _backend():
        raise ValidationFailed(
            fields={"archive": f"a {manifest['backend']} backup, this database is {_backend()}"}
        )
    _refuse_unless_empty()
    db.session.remove()
    with tarfile.open(archive) as tar, tempfile.TemporaryDirectory() as work:
        tar.extract(manifest["database"]["name"], work, filter="data")
        dump = Path(work) / manifest["database"]["name"]
        if file_sha256(dump) != manifest["database"]["sha256"]:
            raise ValidationFailed(fields={"archive": "the database dump does not match its manifest"})
        _restore_postgres(dump) if _backend() == "postgresql" else _restore_sqlite(dump)
        for member in tar.getmembers():
            if member.name in (MANIFEST, manifest["database"]["name"]):
                continue
            if not (member.isfile() and MEMBER.fullmatch(member.name)):
                raise ValidationFailed(fields={"archive": f"unexpected member {member.name!r}"})
            folder, name = member.name.split("/")
            with tar.extractfile(member) as source, open(STORES[folder].path_of(name), "wb") as target:
                shutil.copyfileobj(source, target)
    return manifest


def verify_backup(archive: Path) -> list[str]:
    """Every way this deployment differs from the archive's manifest (none: restored whole)."""
    db.session.remove()
    return differences(read_manifest(archive), stored_files())
