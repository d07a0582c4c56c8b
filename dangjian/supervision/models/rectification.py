"""整改台账: batches of problems from one source (a 巡察's feedback, a self-check, a 组织生活会 …),
their items with the people responsible and a deadline, each item's timeline (progress reports,
the 销号 request and the decision on it) and the evidence attached to a report.

Every change goes through dangjian.supervision.services.rectification; the state, progress and
dates stored on an item are what the services computed last, so the ledger, the overview and
the to-do lists are indexed queries (`org`, `state`, `deadline`).
"""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.supervision.rules.rectification import EventKind, ItemState, Source


class ByOrg(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "rectification.view"):
        return super().visible_to(user, action)


class ByItemOrg(ScopedQuerySet):
    scope_fields = ("item__org__path",)

    def visible_to(self, user, action: str = "rectification.view"):
        return super().visible_to(user, action)


class RectificationBatch(models.Model):
    """One source's problems for one organization: a 巡察's feedback list, a 督导 report, the
    problems a 组织生活会 found. `issuer` is the organization that raised them (the county for a
    巡察, the organization itself for a self-check); its level approves the 销号."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="整改单位", on_delete=models.PROTECT,
                            related_name="rectification_batches")
    source = models.CharField("问题来源", max_length=32, choices=Source.choices)
    issuer = models.ForeignKey("orgs.PartyOrg", verbose_name="下达单位", on_delete=models.PROTECT, related_name="+")
    issuer_detail = models.CharField("具体机构", max_length=60, blank=True, help_text="如：县委第二巡察组")
    title = models.CharField("名称", max_length=120)
    issued_on = models.DateField("反馈（下达）日期")
    reference = models.CharField("文号", max_length=60, blank=True)
    report_due = models.DateField("整改情况报告期限", null=True, blank=True)
    reported_on = models.DateField("整改情况报告报送日期", null=True, blank=True)
    # Set by the module that created the batch through the service (e.g. "orglife.meeting:42"):
    # the same origin twice gives back the first batch, never a second one.
    origin = models.CharField("来源记录", max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByOrg.as_manager()

    class Meta:
        verbose_name = "整改批次"
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["org", "issued_on"])]
        constraints = [models.UniqueConstraint(fields=["origin"], condition=~models.Q(origin=""),
                                               name="one_rectification_batch_per_origin")]

    def __str__(self):
        return self.title

    @property
    def name(self) -> str:  # what the permission matrix looks for in a page
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class RectificationItem(models.Model):
    batch = models.ForeignKey(RectificationBatch, on_delete=models.PROTECT, related_name="items")
    # the batch's organization, kept on the item: the ledger, overview and scoping filter on it
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="整改单位", on_delete=models.PROTECT,
                            related_name="rectification_items")
    number = models.PositiveSmallIntegerField("序号")
    problem = models.TextField("存在问题")
    measures = models.TextField("整改措施", blank=True)
    leader_name = models.CharField("责任领导", max_length=60, blank=True)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任领导账号", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    unit = models.CharField("责任单位", max_length=60, blank=True)
    owner_name = models.CharField("责任人", max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人账号", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="rectification_items")
    deadline = models.DateField("整改期限")
    state = models.CharField("状态", max_length=16, choices=ItemState.choices, default=ItemState.OPEN)
    progress = models.PositiveSmallIntegerField("整改进度（%）", default=0)
    requested_on = models.DateField("申请销号日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    escalated_on = models.DateField("逾期上报日期", null=True, blank=True)
    origin = models.CharField("来源记录", max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByOrg.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = verbose_name
        ordering = ["batch_id", "number"]
        indexes = [models.Index(fields=["org", "state"]), models.Index(fields=["state", "deadline"]),
                   models.Index(fields=["owner", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="one_rectification_number_per_batch"),
            models.UniqueConstraint(fields=["origin"], condition=~models.Q(origin=""),
                                    name="one_rectification_item_per_origin"),
            # 已销号 and a closure date go together (R_CLOSE_BY_ISSUER: only the approval sets both)
            models.CheckConstraint(condition=models.Q(state=ItemState.CLOSED, closed_on__isnull=False)
                                   | (~models.Q(state=ItemState.CLOSED) & models.Q(closed_on__isnull=True)),
                                   name="rectification_closed_has_date"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="rectification_progress_percent"),
        ]

    def __str__(self):
        return f"{self.number}. {self.problem[:40]}"

    @property
    def name(self) -> str:
        return self.problem[:40]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class ItemEvent(models.Model):
    """One step of an item's timeline, written by the services only, never edited."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=16, choices=EventKind.choices)
    occurred_on = models.DateField("日期")
    text = models.TextField("说明", blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField("办理人", max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByItemOrg.as_manager()

    class Meta:
        ordering = ["item_id", "occurred_on", "id"]


class EvidenceQuerySet(ScopedQuerySet):
    scope_fields = ("event__item__org__path",)

    def visible_to(self, user, action: str = "rectification.view"):
        return super().visible_to(user, action)


class Evidence(models.Model):
    """A file proving a report (文件、照片、记录): checked and stored by dangjian.core.uploads,
    outside the web root under a random name, served only through a view that checks scope."""

    event = models.ForeignKey(ItemEvent, on_delete=models.CASCADE, related_name="evidence")
    file_kind = models.CharField("文件类型", max_length=8)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.event.item.org.path


class EscalationSetting(models.Model):
    """A higher committee's stricter escalation (fewer days) for its subtree, from a date, with the
    local document it comes from. The nearest setting above an item, in force, applies."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="适用组织（含下级）", on_delete=models.CASCADE,
                            related_name="rectification_escalations")
    days = models.PositiveSmallIntegerField("逾期上报天数")
    citation = models.CharField("依据文件", max_length=300)
    effective_on = models.DateField("生效日期")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org_id", "-effective_on"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_on"], name="one_escalation_per_org_day")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path
