"""What the orgs app needs from the apps above it.

The structure rules count an organization's (full) members, and an appointment may be linked to
one of the organization's members; but members builds on orgs (ARCHITECTURE.md's layers), so
the members app registers these readers in its AppConfig.ready() instead of orgs importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# root path → rows {"org__path", "total", "full"}: active members per organization in the subtree
MemberCounts = Callable[[str], Iterable[dict]]
# (user, org) → the members the user may link to a post of `org`, ordered for a select box
AppointableMembers = Callable[[Any, Any], Any]

_sources: dict[str, Callable] = {}


def register_member_sources(*, counts: MemberCounts, appointable: AppointableMembers) -> None:
    _sources.update(counts=counts, appointable=appointable)


def _source(name: str) -> Callable:
    try:
        return _sources[name]
    except KeyError:
        # Counting nobody would pass every "at least three full members" rule: refuse instead.
        raise ImproperlyConfigured("dangjian.members must be installed: it registers the member readers") from None


def member_count_rows(root_path: str) -> Iterable[dict]:
    return _source("counts")(root_path)


def appointable_members(user, org):
    return _source("appointable")(user, org)


# (request, school) → HTML shown on the school's page, or "" — a section of an app above orgs (the
# supervision app's 联系点走访与督导), rendered by that app from its own template with its own scoping.
SchoolSection = Callable[[Any, Any], str]
_school_sections: list[SchoolSection] = []


def register_school_section(section: SchoolSection) -> SchoolSection:
    """Add a section to the school's page; registering the same function twice keeps one."""
    if section not in _school_sections:
        _school_sections.append(section)
    return section


def school_sections(request, school) -> list[str]:
    return [html for section in _school_sections if (html := section(request, school))]


# school ids → {school id: (教职工, 专任教师)} of the staff register, for the schools that keep one;
# the staff app registers the reader. Without it (or for a school without a register) the school's
# declared figures (School.staff_count / teacher_count) stand.
StaffCounts = Callable[[Iterable[int]], dict]
_staff_counts: list[StaffCounts] = []


def register_staff_counts(reader: StaffCounts) -> None:
    _staff_counts[:] = [reader]


def staff_counts(school_ids: Iterable[int]) -> dict:
    return _staff_counts[0](school_ids) if _staff_counts else {}
