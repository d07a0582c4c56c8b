"""The local rules of organizational life, declared here and registered with the orgs app's
register of local documents (OrglifeConfig.ready()). They apply only where a committee above an
organization has switched them on, citing its registered document, from a date.

思想政治课: the city education bureau's party committee's opinion asks every school to set one
lesson a month for its members and staff; no national text asks for it, so an organization owes it
only under a switch (compliance, the plan, the reminders all ask `owes_local_kind`)."""

from __future__ import annotations

import datetime

from dangjian.core.local_documents import CITY_BUREAU_OPINION
from dangjian.orglife.rules import Kind
from dangjian.orgs.local_rules import ADDS, LocalRule, SwitchRow, in_force, since

POLITICAL_STUDY = LocalRule(
    "orglife_political_study", "组织生活", "思想政治课",
    "学校设立“思想政治课”，每月安排 1 个课时对党员和教职工进行理想信念、形势政策教育",
    CITY_BUREAU_OPINION, "在各学校设立“思想政治课”……每月调整安排一个课时", ADDS)

# The activities owed only where a local rule is switched on, and that rule.
LOCAL_KINDS: dict[str, LocalRule] = {Kind.POLITICAL_STUDY: POLITICAL_STUDY}
LOCAL_RULES = (POLITICAL_STUDY,)


def owes_local_kind(kind: str, path: str, until: datetime.date, rows: list[SwitchRow]) -> bool:
    """Whether an organization at `path` owes the local activity `kind` at any time up to `until`
    (a national activity is always owed as far as this is concerned)."""
    rule = LOCAL_KINDS.get(kind)
    if rule is None:
        return True
    first = since(rule.code, path, rows)
    return first is not None and first <= until


def local_since(kind: str, path: str, rows: list[SwitchRow]) -> datetime.date | None:
    """The day from which a local activity is owed at `path` (None for a national one)."""
    rule = LOCAL_KINDS.get(kind)
    return since(rule.code, path, rows) if rule is not None else None


def switch_for(kind: str, path: str, day: datetime.date, rows: list[SwitchRow]) -> SwitchRow | None:
    rule = LOCAL_KINDS.get(kind)
    return in_force(rule.code, path, day, rows) if rule is not None else None
