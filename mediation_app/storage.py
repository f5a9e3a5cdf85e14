"""Files kept beside the database (issued documents, evidence, uploads waiting for
their job), written so that a
failed transaction leaves no file behind.

Each store is a folder outside any served path, named by a config key. Files get
generated names, are written to a temporary path, synced and renamed into place;
the path is remembered on the session and removed again if the transaction rolls
back, so the database and the folder never disagree.
"""

import hashlib
import os
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

_NEW_FILES = "new_stored_files"


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
        final = self.path_of(name)
        temporary = final.with_name(final.name + ".part")
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        session.info.setdefault(_NEW_FILES, []).append(final)
        return name, hashlib.sha256(content).hexdigest()


documents = FileStore("DOCUMENT_STORAGE")
evidence = FileStore("EVIDENCE_STORAGE")
ledger_uploads = FileStore("LEDGER_UPLOADS")  # kept until their import has run


@event.listens_for(Session, "after_commit")
def _keep_files(session):
    session.info.pop(_NEW_FILES, None)


@event.listens_for(Session, "after_rollback")
def _remove_files(session):
    for path in session.info.pop(_NEW_FILES, []):
        path.unlink(missing_ok=True)
