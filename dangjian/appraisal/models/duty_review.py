"""书记抓党建述职评议 (双向述职): a round opened by a higher committee for its subtree, one entry
per school party organization with the secretary's report and its assessment (测评 counts,
the process scores, the composite), the committee's 点评意见 (each may become a 整改 item), and the
committees' local weights and grade lines. Every change goes through
dangjian.appraisal.services.duty_review*."""

from django.conf import settings
from django.db import models

from dangjian.appraisal.rules.duty_review import Grade, Kind
from dangjian.core.scoping import ScopedQuerySet


class DutyRoundQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class DutyRound(models.Model):
    """One 述职评议 of a committee's subtree: its kind (党建月 or 年底), year and deadline."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="开展单位", on_delete=models.PROTECT,
                            related_name="duty_rounds")
    kind = models.CharField("述职类别", max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    deadline = models.DateField("述职报告截止日期")
    meeting_on = models.DateField("述职会议日期", null=True, blank=True)
    note = models.CharField("工作安排", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DutyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "书记抓党建述职评议"
        verbose_name_plural = verbose_name
        ordering = ["-year", "org__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "kind"], name="appraisal_one_duty_round")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.org.name}{self.year}年度书记抓党建述职评议（{self.get_kind_display()}）"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class DutyEntryQuerySet(ScopedQuerySet):
    # An entry is the school's own: its secretary and committee see it, and so does every
    # committee above (the round's opener among them).
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class DutyEntry(models.Model):
    """One school organization's secretary in a round: the report, then its assessment."""

    round = models.ForeignKey(DutyRound, on_delete=models.CASCADE, related_name="entries")
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="学校党组织", on_delete=models.PROTECT,
                            related_name="duty_entries")
    secretary_name = models.CharField("书记", max_length=60, blank=True)
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="书记账号", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="duty_entries")
    sections = models.JSONField("述职报告", default=list, blank=True)   # [{"heading", "text"}]
    report_file = models.CharField(max_length=300, blank=True)           # stored upload, outside the web root
    report_file_name = models.CharField("述职报告文件", max_length=200, blank=True)
    drafted_at = models.DateTimeField("保存草稿时间", null=True, blank=True)
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    late = models.BooleanField("逾期提交", default=False)
    present = models.PositiveIntegerField("参加测评人数", null=True, blank=True)
    good = models.PositiveIntegerField("好", default=0)
    fairly_good = models.PositiveIntegerField("较好", default=0)
    average = models.PositiveIntegerField("一般", default=0)
    poor = models.PositiveIntegerField("差", default=0)
    poll_score = models.DecimalField("述职测评得分", max_digits=5, decimal_places=1, null=True, blank=True)
    meeting_score = models.DecimalField("党建工作例会测评得分", max_digits=5, decimal_places=1, null=True, blank=True)
    supervision_score = models.DecimalField("巡回督导考评得分", max_digits=5, decimal_places=1, null=True, blank=True)
    composite = models.DecimalField("综合得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("综合评定", max_length=16, choices=Grade.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DutyEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "书记述职"
        verbose_name_plural = verbose_name
        ordering = ["round_id", "org__path"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="appraisal_one_duty_entry")]

    def __str__(self):
        return f"{self.org.name}{self.round.year}年度书记述职"

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def has_report(self) -> bool:
        return bool(self.report_file) or any(s.get("text", "").strip() for s in self.sections)

    def counts(self) -> dict[str, int]:
        return {Grade.GOOD: self.good, Grade.FAIRLY_GOOD: self.fairly_good, Grade.AVERAGE: self.average,
                Grade.POOR: self.poor}


class DutyCommentQuerySet(ScopedQuerySet):
    scope_fields = ("entry__org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class DutyComment(models.Model):
    """A 点评意见 of the committee on one secretary's report; `rectification_item_id` once it was
    put on the school's 整改台账 (supervision's item; an id, not a key: appraisal reads supervision
    only through its services)."""

    entry = models.ForeignKey(DutyEntry, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField("点评意见")
    rectification_item_id = models.PositiveIntegerField("整改事项", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DutyCommentQuerySet.as_manager()

    class Meta:
        verbose_name = "述职点评意见"
        verbose_name_plural = verbose_name
        ordering = ["entry_id", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.entry.org.path


class DutySetting(models.Model):
    """A committee's weights of the three dimensions and its grade lines from a date, with the
    document that fixes them. Never edited: a later row supersedes it."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="规定单位", on_delete=models.PROTECT, related_name="+")
    meeting_weight = models.PositiveSmallIntegerField("党建工作例会测评权重（%）")
    supervision_weight = models.PositiveSmallIntegerField("巡回督导考评权重（%）")
    poll_weight = models.PositiveSmallIntegerField("述职测评权重（%）")
    good_min = models.PositiveSmallIntegerField("“好”分数线")
    fairly_good_min = models.PositiveSmallIntegerField("“较好”分数线")
    average_min = models.PositiveSmallIntegerField("“一般”分数线")
    source = models.CharField("依据（文件名称、文号）", max_length=300)
    effective_from = models.DateField("生效日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DutyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "述职评议权重和分数线"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="appraisal_duty_setting_once")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path
