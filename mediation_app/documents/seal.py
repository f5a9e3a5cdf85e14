"""The centre's seal (印章): staff upload its image once; every agreement that takes
effect afterwards carries it (the agreement's own clause: it takes effect "并加盖调解
中心印章"). A seal printed over text must let the text show: only a PNG with a
transparent background is taken, re-encoded without its metadata."""

import io
import logging

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from mediation_app import storage
from mediation_app.core.schema import FieldErrors
from mediation_app.core.workspace import require
from mediation_app.evidence.filetypes import PNG, detect
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from mediation_app.transactions import committed

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
SIDE = (200, 2000)  # pixels: sharp enough at 38 mm, and no larger than a seal needs
MIN_TRANSPARENT = 0.2  # a share of the pixels: a seal is a ring of ink on nothing


def _seal_image(fields: FieldErrors, content: bytes | None) -> bytes | None:
    if not content:
        fields.fail("seal", _("Choose the image of the centre's seal."))
        return None
    if len(content) > MAX_BYTES or detect(content) != PNG:
        fields.fail("seal", _("The seal must be a PNG image of at most 2 MB."))
        return None
    try:
        with Image.open(io.BytesIO(content)) as image:
            if not all(SIDE[0] <= side <= SIDE[1] for side in image.size):
                fields.fail("seal", _("The seal image must be 200 to 2000 pixels wide and high."))
                return None
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        fields.fail("seal", _("The seal must be a PNG image of at most 2 MB."))
        return None
    alpha = image.getchannel("A")
    transparent = alpha.histogram()[0] / (image.width * image.height)
    if transparent < MIN_TRANSPARENT or alpha.getbbox() is None:
        fields.fail("seal", _("The seal image needs a transparent background (a PNG with transparency)."))
        return None
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def set_centre_seal(actor, content: bytes | None) -> Centre:
    """Store the image as the seal of ``actor``'s centre (replacing an earlier one)."""
    require(actor, "manage_centre_seal")
    fields = FieldErrors()
    image = _seal_image(fields, content)
    fields.raise_if_any()
    centre = db.session.get(Centre, actor.centre_id)
    with committed():
        centre.seal_storage_name, centre.seal_sha256 = storage.documents.store(db.session, image, ".png")
    log.info("user %d set the seal of centre %d (sha256 %s)", actor.id, centre.id, centre.seal_sha256)
    return centre


def seal_of(centre: Centre) -> str | None:
    """The storage name of the centre's seal image, if staff uploaded one."""
    return centre.seal_storage_name
