"""JSON bodies: nesting deeper than any payload of ours is malformed input (400),
not a ``RecursionError`` deep in the parser (500)."""

import json

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 32  # the deepest schema (a transition's instalments) nests 3 levels


def _depth_checked(value, depth: int = 0):
    if depth > MAX_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        for item in value.values():
            _depth_checked(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _depth_checked(item, depth + 1)
    return value


class JSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            return _depth_checked(json.loads(s, **kwargs))
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
