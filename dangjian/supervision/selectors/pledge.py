"""Reads of 责任书 / 承诺书: the campaigns a user may see, their signature rows in the user's
scope, coverage (signed / due) by school and in total, and one's own letters.

A campaign is seen by the level that opened it (pledge.view on its organization) and by each school
whose people sign it (through its signature rows: a school sees its own rows only, never the other
schools' of the county's campaign)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from dangjian.supervision.models import PledgeCampaign, PledgeSignature


def signatures_seen(user) -> QuerySet[PledgeSignature]:
    return PledgeSignature.objects.visible_to(user)


def campaigns_seen(user) -> QuerySet[PledgeCampaign]:
    """Those opened in the user's scope, and those with a signature row in it."""
    return PledgeCampaign.objects.filter(
        Q(pk__in=PledgeCampaign.objects.visible_to(user).values("pk"))
        | Q(pk__in=signatures_seen(user).values("campaign_id"))).select_related("org")


def rows_of(user, campaign: PledgeCampaign) -> QuerySet[PledgeSignature]:
    return (signatures_seen(user).filter(campaign=campaign)
            .select_related("staff", "school", "recorded_by").order_by("school__code", "signed_on", "staff__name"))


@dataclass
class Coverage:
    school_id: int | None
    name: str
    due: int
    signed: int

    @property
    def unsigned(self) -> int:
        return self.due - self.signed

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.due) if self.due else 100


def coverage(rows: QuerySet[PledgeSignature]) -> tuple[Coverage, list[Coverage]]:
    """(total, per school) over `rows`, in one query."""
    per_school = [Coverage(r["school_id"], r["school__name"], r["due"], r["signed"]) for r in (
        rows.order_by().values("school_id", "school__name", "school__code")
        .annotate(due=Count("id"), signed=Count("id", filter=Q(signed_on__isnull=False))).order_by("school__code"))]
    total = Coverage(None, "合计", sum(c.due for c in per_school), sum(c.signed for c in per_school))
    return total, per_school


def coverage_by_campaign(user, campaigns: list[PledgeCampaign]) -> dict[int, Coverage]:
    """Each campaign's total over the rows the user sees, in one query."""
    found = {r["campaign_id"]: Coverage(None, "", r["due"], r["signed"]) for r in (
        signatures_seen(user).filter(campaign__in=campaigns).order_by().values("campaign_id")
        .annotate(due=Count("id"), signed=Count("id", filter=Q(signed_on__isnull=False))))}
    return {c.pk: found.get(c.pk, Coverage(None, "", 0, 0)) for c in campaigns}


def mine(user) -> QuerySet[PledgeSignature]:
    """The letters the user signs himself (through the account on his staff entry)."""
    if not getattr(user, "is_authenticated", False):
        return PledgeSignature.objects.none()
    return (PledgeSignature.objects.filter(staff__user=user)
            .select_related("campaign", "campaign__org", "school", "staff").order_by("-campaign__year", "campaign_id"))


def letter_values(signature: PledgeSignature) -> dict[str, str]:
    campaign = signature.campaign
    return {"年度": str(campaign.year), "单位": campaign.org.name, "学校": signature.school.name,
            "姓名": signature.staff.name, "职务": signature.role}
