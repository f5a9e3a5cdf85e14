"""Pages' forms: an operation's field errors shown beside the fields they name."""

from flask import flash

from mediation_app.errors import ValidationFailed


def show_errors(form, error: ValidationFailed) -> None:
    """Each error on the form field of the same name (``respondent.uscc`` → ``respondent_uscc``);
    one the form has no field for becomes a flashed message."""
    for api_field, message in error.fields.items():
        field = getattr(form, api_field.replace(".", "_"), None)
        if field is None:  # e.g. the version, or a centre the form does not offer
            flash(message, "error")
        else:
            field.errors = [*field.errors, message]
