"""URL converters: an id in a path is bounded to its column's range, so
``/cases/2147483648`` is a missing case (404), not a database overflow."""

from werkzeug.routing import IntegerConverter

from mediation_app.core.types import MAX_ID

# 1 to 2147483647 (MAX_ID) in the pattern itself: Werkzeug checks a converter's range only
# after choosing a rule, and a path another rule serves with other methods would then be a
# 405 instead of a 404.
_UP_TO_MAX_ID = (
    r"(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}"
    r"|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])"
)


class IdConverter(IntegerConverter):
    """``<int:…>`` for database ids: 1 to 2³¹−1 in ASCII digits, no sign, no leading zero."""

    regex = _UP_TO_MAX_ID

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, min=1, max=MAX_ID, **kwargs)
