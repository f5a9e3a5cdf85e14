"""Secrets kept as files in the instance folder (keys, certificates): written whole,
readable by this user only, and once: the first process to write one wins."""

import os
import tempfile
from pathlib import Path


def write_once(path: Path, content: bytes) -> None:
    """Create ``path`` with ``content`` (0600) unless it exists already.

    Written whole under a name of its own, then linked into place: processes starting
    together agree on the first file and never read a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # private (0600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)
