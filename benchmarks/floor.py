"""The floor of the HTTP benchmarks: a minimal Flask + SQLAlchemy app with none of the
product's middleware, served by the same ``gunicorn -w 2`` on the same database
(``DATABASE_URL``), so a ratio to it shows what the product adds (QUALITY.md,
Performance: a floor inside the product would carry its middleware and flatter it).

- ``GET /hello``: bare Flask;
- ``GET /cases/<id>``: one ORM primary-key read of a case row (every column, mapped
  from the table as it is), its number as JSON;
- ``GET /document``: ``send_file`` of the file at ``FLOOR_DOCUMENT`` (the agreement
  PDF the product serves);
- ``POST /cases/<id>/reassign``: the writes of a transition and nothing else, in one
  transaction: the version-checked UPDATE of the case (409 when the version is stale),
  the event INSERT and a tally UPDATE.

Nothing of ``mediation_app`` is imported: the tables are reflected from the database.
"""

import hashlib
import json
import os
from datetime import UTC, datetime

from flask import Flask, abort, jsonify, request, send_file
from sqlalchemy import Table, create_engine, insert, update
from sqlalchemy.orm import DeclarativeBase, Session

engine = create_engine(os.environ["DATABASE_URL"])


class Base(DeclarativeBase):
    pass


class Case(Base):
    __table__ = Table("cases", Base.metadata, autoload_with=engine)


events = Table("case_events", Base.metadata, autoload_with=engine)
tallies = Table("case_tallies", Base.metadata, autoload_with=engine)

app = Flask(__name__)


@app.get("/hello")
def hello():
    return "Hello, World!"


@app.get("/cases/<int:case_id>")
def case(case_id: int):
    with Session(engine) as session:
        found = session.get(Case, case_id)
        if found is None:
            abort(404)
        return jsonify({"number": found.number})


@app.get("/document")
def document():
    return send_file(os.environ["FLOOR_DOCUMENT"], mimetype="application/pdf")


@app.post("/cases/<int:case_id>/reassign")
def reassign(case_id: int):
    body = request.get_json()
    version, now = body["version"], datetime.now(UTC)
    with Session(engine) as session, session.begin():
        moved = session.execute(
            update(Case.__table__)
            .where(Case.id == case_id, Case.version == version)
            .values(mediator_id=body["mediator_id"], version=version + 1, updated_at=now)
            .returning(Case.centre_id, Case.state)
        ).first()
        if moved is None:
            abort(409)
        # A link of the case's chain: unique per case and version, as the product's
        # constraints require; the product reads the previous hash instead (a read,
        # not a write, so the floor leaves it out).
        fields = {
            "case_id": case_id,
            "actor_id": body["actor_id"],
            "action": "reassign",
            "from_state": moved.state,
            "to_state": moved.state,
            "data": {"mediator_id": body["mediator_id"]},
            "remote_addr": request.remote_addr,
            "created_at": now,
        }
        prev_hash = hashlib.sha256(f"floor:{case_id}:{version}".encode()).hexdigest()
        digest = hashlib.sha256((prev_hash + json.dumps(fields, default=str)).encode()).hexdigest()
        session.execute(insert(events).values(**fields, prev_hash=prev_hash, hash=digest))
        # A reassign moves no figure; the floor writes the centre's tally row of the
        # case's state all the same (the row write and its lock until commit are the
        # cost a transition that moves figures pays).
        tallied = session.execute(
            update(tallies)
            .where(tallies.c.centre_id == moved.centre_id, tallies.c.scope == "centre")
            .where(tallies.c.state == moved.state)
            .values(case_count=tallies.c.case_count + 0)
        )
        if tallied.rowcount != 1:
            abort(500)
    return jsonify({"id": case_id, "version": version + 1})
