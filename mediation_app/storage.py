"""Files kept beside the database (issued documents, evidence, uploads waiting for
their job), written so that a
failed transaction leaves no file behind.

Each store is a folder outside any served path, named by a config key. Files get
generated names, are written to a temporary path, synced and renamed into place;
the path is remembered on the session and removed again if the transaction rolls
back, so the database and the folder never disagree.

A write the disk refuses (full, read-only, no permission) removes its temporary file
and raises a domain error (507 or 503), so the operation rolls back as a whole. Only a
process killed mid-write can leave a ``.part`` file; ``flask storage sweep`` removes
those once they are old enough that no writer can still own them.
"""

import contextlib
import errno
import hashlib
import logging
import os
import time
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from mediation_app.errors import StorageFull, StorageUnavailable

log = logging.getLogger(__name__)

_NEW_FILES = "new_stored_files"
PARTIAL_SUFFIX = ".part"  # never a stored name: rows only ever name renamed files
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


class FileStore:
    def __init__(self, config_key: str):
        self.config_key = config_key

    def root(self) -> Path:
        root = Path(current_app.config[self.config_key])
        root.mkdir(parents=True, exist_ok=True)
        return root

    def path_of(self, storage_name: str) -> Path:
        return self.root() / storage_name

    def store(self, session: Session, content: bytes, suffix: str) -> tuple[str, str]:
        """Write ``content``; return its generated storage name and SHA-256."""
        name = f"{uuid.uuid4().hex}{suffix}"
        temporary = None
        try:
            final = self.path_of(name)
            temporary = final.with_name(final.name + PARTIAL_SUFFIX)
            with open(temporary, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, final)
        except OSError as error:
            if temporary is not None:
                with contextlib.suppress(OSError):  # an unwritable folder may refuse this too
                    temporary.unlink(missing_ok=True)
            log.error("store %s could not be written: %s", self.config_key, error)
            raise (StorageFull if error.errno in _NO_SPACE else StorageUnavailable)() from error
        session.info.setdefault(_NEW_FILES, []).append(final)
        return name, hashlib.sha256(content).hexdigest()

    def sweep(self, older_than_seconds: float) -> list[Path]:
        """Remove the temporary files of writes that never finished (a killed process)
        once older than ``older_than_seconds``; return what was removed."""
        cutoff = time.time() - older_than_seconds
        removed = []
        for path in self.root().glob(f"*{PARTIAL_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):  # finished or swept meanwhile
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
        return removed


documents = FileStore("DOCUMENT_STORAGE")
evidence = FileStore("EVIDENCE_STORAGE")
ledger_uploads = FileStore("LEDGER_UPLOADS")  # kept until their import has run
STORES = (documents, evidence, ledger_uploads)


@event.listens_for(Session, "after_commit")
def _keep_files(session):
    session.info.pop(_NEW_FILES, None)


@event.listens_for(Session, "after_rollback")
def _remove_files(session):
    for path in session.info.pop(_NEW_FILES, []):
        path.unlink(missing_ok=True)
