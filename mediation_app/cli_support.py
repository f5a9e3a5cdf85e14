"""Shared by the operators' commands of every domain."""

import click

from mediation_app.errors import DomainError


def cli_error(error: DomainError) -> click.ClickException:
    """A refused operation as a command's error: its message and each field's."""
    details = "".join(f"\n  {field}: {message}" for field, message in error.fields.items())
    return click.ClickException(f"{error.message!s}{details}")
