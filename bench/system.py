"""The system's side of each benchmark: the same calls the pages and the API make."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator

from bench.baselines import summarise
from dangjian.members.models import Member
from dangjian.orgs import selectors
from dangjian.orgs.models import SCHOOL_ORG_KINDS, OrgKind, PartyOrg

PAGE_SIZE = 50


def _fresh_scope(user):
    # scope_of caches the scope on the user object for one request; each repetition is a new one.
    user.__dict__.pop("_dangjian_scope", None)
    return user


def _school_orgs(org: PartyOrg) -> list[PartyOrg]:
    if hasattr(selectors, "school_orgs_within"):
        return selectors.school_orgs_within(org)
    return list(PartyOrg.objects.within(org).filter(kind__in=SCHOOL_ORG_KINDS, is_active=True))


def dashboard(org: PartyOrg, today: datetime.date) -> dict:
    """The city administrator's dashboard figures, through the selectors."""
    coverage = selectors.coverage_for(org)
    kinds_by_label = selectors.kind_counts(org)
    findings = selectors.findings_for(_school_orgs(org), today)
    members = Member.objects.active().filter(org__path__startswith=org.path).count()
    labels = dict(OrgKind.choices)
    cov = {}
    if coverage.public_schools:
        cov["public"] = (coverage.public_schools, coverage.public_covered)
    if coverage.private_schools:
        cov["private"] = (coverage.private_schools, coverage.private_covered)
    kinds = {value: kinds_by_label.get(labels[value], 0) for value in OrgKind.values}
    return summarise(cov, kinds, members, findings)


def subtree_page(user, org: PartyOrg) -> tuple[list[int], int]:
    """A county's subtree as the list page and the API read it: scoped, path order, page 1 + count."""
    qs = PartyOrg.objects.visible_to(_fresh_scope(user)).filter(path__startswith=org.path, is_active=True)
    page = Paginator(qs, PAGE_SIZE).get_page(1)
    return [o.id for o in page.object_list], page.paginator.count


def children(user, org: PartyOrg, limit: int) -> list[tuple[int, int]]:
    """Expanding one node in the tree browser: its children with their child counts."""
    qs = PartyOrg.objects.visible_to(_fresh_scope(user)).filter(
        path__startswith=org.path, depth=org.depth + 1, is_active=True)[:limit]
    return [(o.id, o.numchild) for o in qs]
