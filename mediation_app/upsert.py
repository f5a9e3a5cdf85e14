"""INSERT … ON CONFLICT for the two supported backends."""

from collections.abc import Sequence

from sqlalchemy.dialects import postgresql, sqlite

from mediation_app.extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(model, values: dict, key: list[str], update: dict):
    """An atomic upsert of ``values`` into ``model``; ``update`` gets ``excluded`` as argument."""
    insert = _INSERTS[db.session.get_bind().dialect.name]
    statement = insert(model).values(**values)
    return statement.on_conflict_do_update(index_elements=key, set_=update(statement.excluded))


def adding_upsert(model, key: Sequence[str], names: Sequence[str]):
    """INSERT … ON CONFLICT (key) DO UPDATE adding each of ``names`` to the row's value,
    for executing with a list of rows: one statement, compiled once, for all of them.
    ``model`` may also be a table (some of a table's columns only)."""
    table = getattr(model, "__table__", model)
    insert = _INSERTS[db.session.get_bind().dialect.name](table)
    return insert.on_conflict_do_update(
        index_elements=list(key),
        set_={name: table.c[name] + insert.excluded[name] for name in names},
    )


def insert_once(model, values: dict, key: list[str]):
    """Insert ``values`` unless a row with the same ``key`` exists; the statement
    returns the new row's id, or nothing when the row was already there."""
    insert = _INSERTS[db.session.get_bind().dialect.name]
    return insert(model).values(**values).on_conflict_do_nothing(index_elements=key).returning(model.id)
