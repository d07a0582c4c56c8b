"""廉政风险台账: a school's integrity-risk points — each on a post and, where it has one, an item of
the school's 小微权力清单 (decisions.Power) — with level, prevention measures, the staff member
who owns it and the date of its next review; the yearly reviews (维持, 调整等级, 销号); and the
list's 公示 to the school's staff, kept as the snapshot that was published.

Every change goes through dangjian.supervision.services.integrity_risk.
"""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.supervision.rules.integrity_risk import Level, Outcome, RiskState


class RiskQuerySet(ScopedQuerySet):
    """A school's risks and its 公示 records alike: scoped by the school organization's path."""

    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "risk.view"):
        return super().visible_to(user, action)


class IntegrityRisk(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="学校党组织", on_delete=models.PROTECT,
                            related_name="integrity_risks")
    post = models.CharField("岗位", max_length=60)
    power = models.ForeignKey("decisions.Power", verbose_name="小微权力事项", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="integrity_risks")
    description = models.CharField("风险点描述", max_length=300)
    level = models.CharField("风险等级", max_length=8, choices=Level.choices)
    measures = models.TextField("防控措施")
    owner = models.ForeignKey("staff.StaffMember", verbose_name="责任人", on_delete=models.PROTECT,
                              related_name="integrity_risks")
    identified_on = models.DateField("确定日期")
    review_due = models.DateField("复核日期")
    state = models.CharField("状态", max_length=8, choices=RiskState.choices, default=RiskState.ACTIVE)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = "廉政风险点"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "power_id", "id"]
        indexes = [models.Index(fields=["org", "state", "review_due"]), models.Index(fields=["power", "state"])]
        constraints = [
            # R_MEASURES and R_OWNER in the database too: no line without measures
            models.CheckConstraint(condition=~models.Q(measures=""), name="integrity_risk_has_measures"),
            models.CheckConstraint(condition=models.Q(review_due__gte=models.F("identified_on")),
                                   name="integrity_risk_review_after_identified"),
        ]

    def __str__(self):
        return self.description

    @property
    def name(self) -> str:
        return self.description[:40]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class RiskReview(models.Model):
    """One review of a risk (年度复核): its outcome, the level before and after, and who did it."""

    risk = models.ForeignKey(IntegrityRisk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("复核日期")
    outcome = models.CharField("复核结论", max_length=8, choices=Outcome.choices)
    level_before = models.CharField("原等级", max_length=8, choices=Level.choices)
    level_after = models.CharField("复核后等级", max_length=8, choices=Level.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    next_due = models.DateField("下次复核日期", null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reviewer_name = models.CharField("复核人", max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "廉政风险点复核"
        verbose_name_plural = verbose_name
        ordering = ["risk_id", "reviewed_on", "id"]


class RiskPublication(models.Model):
    """A 公示 of the school's risk list to its staff: the date, who published, and the rows as
    published (the document printed later is this snapshot, not the ledger as it is now)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="学校党组织", on_delete=models.PROTECT,
                            related_name="risk_publications")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=120)
    school_names = models.CharField("学校", max_length=300)
    published_on = models.DateField("公示日期")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_by_name = models.CharField("公示人", max_length=60)
    rows = models.JSONField("公示清单", default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = "廉政风险点公示"
        verbose_name_plural = verbose_name
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["org", "year"])]

    def __str__(self):
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path
