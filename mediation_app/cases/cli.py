"""``flask audit``: checking the cases' audit trails, and sealing the old ones once."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mediation_app.cases.audit import chains, seal_unsealed, verify_case
from mediation_app.cases.models import CaseEvent
from mediation_app.extensions import db

audit = AppGroup("audit", help="The cases' hash-chained, sealed audit trails.")


@audit.command("verify")
@click.option("--case", "case_id", type=int, help="Only this case (by id).")
def verify(case_id):
    """Check every chain (or one); name where each broken one first fails; exit 1 on any."""
    broken = 0
    checked = [case_id] if case_id else chains()
    for each in checked:
        found = verify_case(each)
        db.session.remove()  # one case's entries at a time in memory
        if found:
            broken += 1
            click.echo(f"case {each}: {found}", err=True)
    click.echo(f"{len(checked)} chain(s) checked, {broken} broken")
    if broken:
        raise SystemExit(1)


@audit.command("seal")
def seal():
    """Seal the chains written before seals existed (once, right after upgrading)."""
    unsealed = db.session.scalars(
        select(CaseEvent.case_id).where(CaseEvent.seal.is_(None)).distinct().order_by(CaseEvent.case_id)
    ).all()
    refused = [case_id for case_id in unsealed if not seal_unsealed(case_id)]
    for case_id in refused:
        click.echo(f"case {case_id}: not sealed, its chain does not hold or is partly sealed", err=True)
    click.echo(f"{len(unsealed) - len(refused)} chain(s) sealed, {len(refused)} refused")
    if refused:
        raise SystemExit(1)
