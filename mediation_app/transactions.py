"""The one way an operation commits: everything the block did, or nothing."""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from mediation_app.errors import Conflict, StaleCase
from mediation_app.extensions import db


@contextmanager
def committed(stale_error: type[Conflict] = StaleCase, race_message=None, *, reload: bool = True):
    """Commit what the block did, or roll all of it back (outbox rows and stored files
    included). A lost compare-and-set on a version becomes ``stale_error``; with a
    ``race_message``, a unique constraint hit by a concurrent writer (e.g. two entries
    joining a case's hash chain at once) becomes a :class:`Conflict` to retry.

    ``reload=False`` keeps the loaded objects as they were written instead of reading
    them again after the commit: for an operation whose caller presents what it
    changed, when every change went through the ORM (the row then holds exactly what
    was committed: the new version, the columns set, relationships set with their keys)."""
    session = db.session()
    expire_on_commit = session.expire_on_commit
    session.expire_on_commit = reload
    try:
        yield
        session.commit()
    except StaleDataError:
        db.session.rollback()
        raise stale_error() from None
    except IntegrityError:
        db.session.rollback()
        if race_message is None:
            raise
        raise Conflict(race_message) from None
    except Exception:
        db.session.rollback()
        raise
    finally:
        session.expire_on_commit = expire_on_commit
