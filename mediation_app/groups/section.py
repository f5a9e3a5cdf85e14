"""The case page's line naming the group the case belongs to (``cases.sections``);
``cases/show.html`` includes ``groups/_case_section.html``."""

from mediation_app.groups.queries import group_of


def group_section(case, user) -> dict:
    return {"case_group": group_of(case.id)}
