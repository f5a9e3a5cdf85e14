"""INSERT … ON CONFLICT DO UPDATE for the two supported backends."""

from sqlalchemy.dialects import postgresql, sqlite

from mediation_app.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(model, values: dict, key: list[str], update: dict):
    """An atomic upsert of ``values`` into ``model``; ``update`` gets ``excluded`` as argument."""
    insert = _INSERTS[db.session.get_bind().dialect.name]
    statement = insert(model).values(**values)
    return statement.on_conflict_do_update(index_elements=key, set_=update(statement.excluded))
