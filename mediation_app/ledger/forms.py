"""The ledger upload form (the file and the operator's choice; CSRF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField


class LedgerUploadForm(FlaskForm):
    file = FileField(_l("Ledger workbook (.xlsx)"))
    valid_only = BooleanField(_l("Import the valid rows even if other rows have errors"))
