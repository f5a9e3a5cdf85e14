"""``flask ledger …``: export a centre's ledger, import a historical one."""

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.errors import DomainError
from mediation_app.extensions import db
from mediation_app.ledger.columns import COLUMNS, SHEET_TITLE
from mediation_app.ledger.operations import LedgerRefused, import_ledger
from mediation_app.ledger.queries import ledger_rows
from mediation_app.parties.models import Centre
from mediation_app.spreadsheets import write_workbook

ledger = AppGroup("ledger", help="The case ledger (台账) as an Excel workbook.")


def _centre(code: str | None) -> Centre:
    query = select(Centre).order_by(Centre.id)
    centres = db.session.scalars(query.where(Centre.code == code) if code else query.limit(2)).all()
    if code and not centres:
        raise click.BadParameter(f"no centre with code {code!r}", param_hint="--centre")
    if len(centres) != 1:
        raise click.BadParameter("several centres: say which one", param_hint="--centre")
    return centres[0]


@ledger.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--centre", "centre_code", help="Centre code (default: the only centre).")
def export(file, centre_code):
    """Write the centre's whole ledger to FILE (.xlsx), oldest case first."""
    centre = _centre(centre_code)
    count = 0

    def rows():
        nonlocal count
        for row in ledger_rows(Case.centre_id == centre.id):
            count += 1
            yield row

    write_workbook(file, COLUMNS, rows(), title=SHEET_TITLE)
    click.echo(f"{count} case(s) of {centre.code} written to {file}")


class _Bars:
    """One click progress bar per phase (validating, then importing)."""

    def __init__(self):
        self.phase = self.bar = None
        self.done = 0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.close()
            label = {"validating": "checking rows", "importing": "importing"}[phase]
            self.phase, self.done = phase, 0
            self.bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.length = max(total, done, 1)
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _echo_report(problems) -> None:
    for problem in problems:
        click.echo(f"第{problem.row}行 [{problem.column}] {problem.message}", err=True)


@ledger.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--staff", "email", required=True, help="E-mail of the staff account the import is made as.")
@click.option("--valid-only", is_flag=True, help="Import the valid rows even if others have errors.")
def import_(file, email, valid_only):
    """Import a historical ledger FILE (.xlsx) into the staff member's centre.

    Every row is checked first; unless --valid-only is given, one bad row stops the
    whole import. Cases already in the centre (same 案件编号) are skipped.
    """
    actor = db.session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if actor is None:
        raise click.BadParameter(f"no account {email!r}", param_hint="--staff")
    bars = _Bars()
    try:
        result = import_ledger(actor, file, file_name=file.name, valid_only=valid_only, progress=bars)
    except LedgerRefused as refusal:
        bars.close()
        _echo_report(refusal.result.problems)
        raise click.ClickException(refusal.message) from None
    except DomainError as error:
        bars.close()
        raise click.ClickException(str(error.message)) from None
    bars.close()
    _echo_report(result.problems + result.already_present)
    click.echo(
        f"{result.imported} case(s) imported, {len(result.already_present)} already present, "
        f"{result.invalid_rows} invalid row(s) left out"
    )
