"""What a user may do beyond any one object: the lists, tools and reports of their
centre, court or federation (``core.actions`` with no object). Each domain adds the
ones its pages and API offer; the pages, the API, the menu and the access test all
ask this registry."""

from mediation_app.core.actions import Actions

WORKSPACE = Actions("workspace")


def require(user, name: str):
    """``user``, if they may ever take workspace action ``name``; else never (403)."""
    WORKSPACE.require(user, None, name)
    return user


def may(user, name: str) -> bool:
    return WORKSPACE.allows(user, None, name)
