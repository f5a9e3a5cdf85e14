"""The case page, assembled from sections: the case's own part, and those the other
domains attach in ``wiring`` (evidence, sessions, documents, the court).

A section is ``section(case, user) -> dict``: the template variables its part of
``cases/show.html`` reads. A form posted from a section and refused is shown again
beside its errors (``cases.views.submit``), where the section finds it with
:func:`posted` under the key it was posted with.
"""

from collections.abc import Callable

from flask import g

SECTIONS: list[Callable[[object, object], dict]] = []


def attach(section: Callable[[object, object], dict]) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


def posted(key):
    """The form posted under ``key`` in this request and refused, to show again."""
    return (g.get("posted_forms") or {}).get(key)


def remember(key, form) -> None:
    g.posted_forms = {key: form}


def context(case, user) -> dict:
    variables = {}
    for section in SECTIONS:
        variables.update(section(case, user))
    return variables
