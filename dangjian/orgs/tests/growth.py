"""Grow the test world, for the query-count guards: a page must need no more queries for a
county of 17 schools than for one of 5."""

import datetime

from dangjian.core.roles import Post
from dangjian.orgs.models import OrgKind, Ownership, PartyOrg, Position, School, SchoolType
from dangjian.testing import add_member


def grow_county_a(world, n: int) -> None:
    """n more schools under county A, each with its branch, two party groups, a secretary and
    three members."""
    for i in range(n):
        branch = PartyOrg.objects.add_child(PartyOrg.objects.get(pk=world.county_a.pk), {
            "kind": OrgKind.BRANCH, "code": f"C01A-X{i:03d}", "name": f"东城区第{i}小学党支部",
            "term_start": datetime.date(2024, 1, 1), "term_end": datetime.date(2027, 1, 1)})
        for g in (1, 2):
            PartyOrg.objects.add_child(PartyOrg.objects.get(pk=branch.pk), {
                "kind": OrgKind.GROUP, "code": f"C01A-X{i:03d}-{g}", "name": f"第{g}党小组"})
        School.objects.create(code=f"S-X{i}", name=f"东城区第{i}小学", school_type=SchoolType.PRIMARY,
                              ownership=Ownership.PUBLIC, county="东城区", supervisor=world.county_a, party_org=branch)
        Position.objects.create(org=branch, post=Post.SECRETARY, person_name=f"书记{i}",
                                started_on=datetime.date(2024, 1, 1))
        for j in range(3):
            add_member(branch, f"党员{i}-{j}")
