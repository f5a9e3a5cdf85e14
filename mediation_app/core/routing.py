"""URL converters: an id in a path is bounded to its column's range, so
``/cases/2147483648`` is a missing case (404), not a database overflow."""

from werkzeug.routing import IntegerConverter

from mediation_app.core.types import MAX_ID


class IdConverter(IntegerConverter):
    """``<int:…>`` for database ids: 1 to 2³¹−1, ASCII digits only (Werkzeug's
    integer converter already refuses other scripts' digits and signs)."""

    def __init__(self, map, *args, min=1, max=MAX_ID, **kwargs):  # noqa: A002 (Werkzeug's names)
        super().__init__(map, *args, min=min, max=max, **kwargs)
