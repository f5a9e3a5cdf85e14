"""``flask users reset-password``: the operator's reset, for an account whose owner
cannot log in and no administrator can help (the first administrator, say)."""

import click
from flask.cli import with_appcontext

from mediation_app.auth import operations
from mediation_app.cli_support import cli_error
from mediation_app.errors import DomainError


@click.command("reset-password")
@click.option("--email", required=True)
@with_appcontext
def reset_password(email):
    """Give the account a temporary password (printed once) that must be changed at the
    next log-in; every session and token of the account ends."""
    try:
        user = operations.user_by_email(email)
        password = operations.reset_password(None, user.id)
    except DomainError as error:
        raise cli_error(error) from None
    click.echo(f"temporary password for {user.email} (shown once; it must be changed at log-in): {password}")
