"""党务公开: the catalogue a higher committee keeps for its subtree (what, to whom, when), the
items an organization discloses — drafted, reviewed (保密审查), approved by the secretary,
published for an audience and a period, archived — and each item's history.

An item's content is a snapshot: the text and the table a source produced when the item was
drafted (the dues 公示表 of a year, the 小微权力清单 …). What was reviewed and approved is what
is published and kept, even if the ledger it came from changes later.
"""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.supervision.rules.disclosure import Audience, State, Step, Timing


class ByOrg(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "disclosure.view"):
        return super().visible_to(user, action)


class CatalogueEntry(models.Model):
    """One line of a higher committee's 党务公开目录; it applies to the committee's subtree."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="制定单位", on_delete=models.CASCADE,
                            related_name="disclosure_catalogue")
    position = models.PositiveSmallIntegerField("序号", default=0)
    title = models.CharField("公开事项", max_length=120)
    audience = models.CharField("公开范围", max_length=8, choices=Audience.choices)
    timing = models.CharField("公开时限", max_length=8, choices=Timing.choices)
    period = models.CharField("公开时间", max_length=60, blank=True)
    source_key = models.CharField("数据来源", max_length=40, blank=True)
    citation = models.CharField("依据", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByOrg.as_manager()

    class Meta:
        verbose_name = "党务公开目录"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class DisclosureItem(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="公开单位", on_delete=models.PROTECT,
                            related_name="disclosures")
    catalogue_title = models.CharField("目录事项", max_length=120, blank=True)
    catalogue_entry = models.ForeignKey(CatalogueEntry, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="items")
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文", blank=True)
    # {"columns": [...], "rows": [[...], ...]} from a source, as drafted
    table = models.JSONField("表格", default=dict, blank=True)
    source_key = models.CharField("数据来源", max_length=40, blank=True)
    source_year = models.PositiveSmallIntegerField("数据年度", null=True, blank=True)
    audience = models.CharField("公开范围", max_length=8, choices=Audience.choices)
    timing = models.CharField("公开时限", max_length=8, choices=Timing.choices)
    starts_on = models.DateField("公开开始日期", null=True, blank=True)
    ends_on = models.DateField("公开结束日期", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFTED)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByOrg.as_manager()

    class Meta:
        verbose_name = "党务公开事项"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "state"]), models.Index(fields=["state", "ends_on"])]
        constraints = [
            # R_PROCEDURE, in the database too: nothing is public without its review and approval
            models.CheckConstraint(
                condition=~models.Q(state__in=[State.PUBLISHED, State.ARCHIVED])
                | models.Q(reviewed_at__isnull=False, approved_at__isnull=False, published_on__isnull=False),
                name="disclosure_published_after_review_and_approval"),
            models.CheckConstraint(condition=models.Q(ends_on__isnull=True) | models.Q(starts_on__isnull=True)
                                   | models.Q(ends_on__gte=models.F("starts_on")), name="disclosure_period_in_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def name(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class DisclosureEvent(models.Model):
    """The history of an item (拟稿、审核、退回、审批、公开、归档), kept and exportable."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=12, choices=Step.choices)
    note = models.CharField("意见", max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField("办理人", max_length=60, blank=True)
    occurred_at = models.DateTimeField("时间")

    class Meta:
        ordering = ["item_id", "occurred_at", "id"]
