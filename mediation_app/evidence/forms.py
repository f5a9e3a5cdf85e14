from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, TextAreaField

from mediation_app.evidence.operations import CATEGORIES


class EvidenceForm(FlaskForm):
    file = FileField(_l("File (PDF, image, Word or Excel)"))
    category = SelectField(_l("Category"), choices=[SelectChoice(k, v) for k, v in CATEGORIES.items()])
    description = TextAreaField(_l("Description"), render_kw={"rows": 2})
    mediator_only = BooleanField(_l("For the mediator only (the other party will not see it)"))
