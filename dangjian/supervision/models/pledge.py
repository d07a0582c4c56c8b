"""责任书 / 承诺书: a signing campaign (签订活动) of one kind, one year and one level, and one
signature row per signer taken from the staff register (dangjian.staff) — signed or not yet.

Every change goes through dangjian.supervision.services.pledge; these models hold the data. A
scanned signed copy is stored by dangjian.core.uploads (outside the web root, random name) and
served only through a view that checks scope, like the rectification evidence."""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.supervision.rules.pledge import Kind, Level, Method


class CampaignQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "pledge.view"):
        return super().visible_to(user, action)


class PledgeCampaign(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="发起单位", on_delete=models.PROTECT,
                            related_name="pledge_campaigns")
    level = models.CharField("签订层级", max_length=8, choices=Level.choices)
    kind = models.CharField("种类", max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=120)   # may hold placeholders ({年度} …)
    body = models.TextField("正文")                     # the template, rendered per signer
    opened_on = models.DateField("发起日期")
    deadline = models.DateField("签订截止日期", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "责任书签订活动"
        verbose_name_plural = verbose_name
        ordering = ["-year", "org_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "kind"], name="pledge_one_campaign_per_org_year_kind"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.year}年度{self.get_kind_display()}（{self.org.name}）"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class SignatureQuerySet(ScopedQuerySet):
    # A signature is the school's: its own party organization and the committee above it see it
    # (the county's campaign reaches its schools' rows through the supervisor path).
    scope_fields = ("school__party_org__path", "school__supervisor__path")

    def visible_to(self, user, action: str = "pledge.view"):
        return super().visible_to(user, action)

    def signed(self):
        return self.filter(signed_on__isnull=False)

    def unsigned(self):
        return self.filter(signed_on__isnull=True)


class PledgeSignature(models.Model):
    campaign = models.ForeignKey(PledgeCampaign, verbose_name="签订活动", on_delete=models.CASCADE,
                                 related_name="signatures")
    staff = models.ForeignKey("staff.StaffMember", verbose_name="签订人", on_delete=models.PROTECT,
                              related_name="pledge_signatures")
    school = models.ForeignKey("orgs.School", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职务", max_length=30)   # as on the day the signer was listed (校长, 专任教师 …)
    listed_on = models.DateField("列入日期")
    signed_on = models.DateField("签订日期", null=True, blank=True)
    method = models.CharField("签订方式", max_length=8, choices=Method.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField("登记时间", null=True, blank=True)
    scan_kind = models.CharField("扫描件类型", max_length=8, blank=True)
    scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    scan_size = models.PositiveIntegerField("扫描件大小（字节）", null=True, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scan_path = models.CharField(max_length=300, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = "责任书签订"
        verbose_name_plural = verbose_name
        ordering = ["campaign_id", "school_id", "id"]
        indexes = [models.Index(fields=["campaign", "school"])]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "staff"], name="pledge_one_signature_per_signer"),
            # R_ONCE in the database too: a row is signed with its method and date, or neither
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True, method="") | models.Q(signed_on__isnull=False, method__in=Method.values),
                name="pledge_signed_with_method"),
            models.CheckConstraint(condition=~models.Q(method=Method.SCAN) | ~models.Q(scan_path=""),
                                   name="pledge_scan_has_file"),
        ]

    def __str__(self):
        return f"{self.staff.name}（{self.role}）"

    @property
    def name(self) -> str:
        return self.staff.name

    @property
    def audit_org_path(self) -> str:
        return self.school.audit_org_path
