"""发展党员档案: one file per person from the application on, its steps, and the stricter time
limits a higher committee sets for its subtree.

The person need not be a member or a user: the file keeps their own name and ID number
(encrypted, with a blind index and a mask, as members do). Every change goes through
dangjian.recruitment.services; the stage, next step and deadline stored on the file are what
the services computed last, so the board and the due list are plain indexed queries.
"""

from django.conf import settings
from django.db import models

from dangjian.core import crypto
from dangjian.core.scoping import ScopedQuerySet
from dangjian.core.validators import mask_id_number
from dangjian.recruitment.rules import STAGE_SHORT, Stage, step


class FileState(models.TextChoices):
    OPEN = "open", "在办"
    STOPPED = "stopped", "已终止"
    DONE = "done", "已办结"


class FileQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "recruitment.view"):
        return super().visible_to(user, action)


class RecruitmentFile(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="所在党组织", on_delete=models.PROTECT,
                            related_name="recruitment_files")
    name = models.CharField("姓名", max_length=60)
    gender = models.CharField("性别", max_length=8, choices=[("male", "男"), ("female", "女")])
    birth_date = models.DateField("出生日期")
    id_number_encrypted = models.TextField("身份证号（密文）")
    id_number_index = models.CharField(max_length=64, db_index=True)
    id_number_masked = models.CharField("身份证号", max_length=18)
    unit = models.CharField("工作单位及职务", max_length=120, blank=True)
    applied_on = models.DateField("递交申请书日期")
    state = models.CharField("状态", max_length=10, choices=FileState.choices, default=FileState.OPEN, db_index=True)
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, default=Stage.APPLICATION)
    last_code = models.CharField("最近步骤", max_length=2, default="01")
    next_code = models.CharField("下一步骤", max_length=2, blank=True)
    due_on = models.DateField("最近期限", null=True, blank=True)
    earliest_on = models.DateField("下一步骤最早日期", null=True, blank=True)
    stop_reason = models.CharField("终止原因", max_length=200, blank=True)
    member = models.OneToOneField("members.Member", verbose_name="党员档案", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="recruitment_file")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = FileQuerySet.as_manager()

    class Meta:
        verbose_name = "发展党员档案"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["org", "state", "stage"]), models.Index(fields=["state", "due_on"])]
        constraints = [
            # One open file per person; a stopped file may be followed by a new application.
            models.UniqueConstraint(fields=["id_number_index"], condition=models.Q(state="open"),
                                    name="one_open_recruitment_file_per_person"),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def stage_short(self) -> str:
        return STAGE_SHORT[self.stage]

    @property
    def next_step(self):
        return step(self.next_code) if self.next_code else None

    def set_id_number(self, number: str) -> None:
        self.id_number_encrypted = crypto.encrypt(number, aad="recruitment.id_number")
        self.id_number_index = crypto.blind_index(number)
        self.id_number_masked = mask_id_number(number)

    def get_id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted, aad="recruitment.id_number")


class StepQuerySet(ScopedQuerySet):
    scope_fields = ("file__org__path",)


class StepRecord(models.Model):
    """One recorded step of a file's timeline. Written only by record_step, never edited."""

    file = models.ForeignKey(RecruitmentFile, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField("步骤", max_length=2)
    occurred_on = models.DateField("日期")
    facts = models.JSONField("事实", default=dict, blank=True)
    passed = models.BooleanField("通过", default=True)
    breaches = models.JSONField("超出时限等情况", default=list, blank=True)
    reason = models.CharField("说明理由", max_length=500, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    # The organizational-life record of the 支委会 or 支部党员大会 that decided the step. A plain
    # number, not a foreign key: orglife is a sibling app that recruitment may not depend on; it is
    # resolved through dangjian.orgs.meeting_records.
    meeting_record = models.PositiveIntegerField("会议记录", null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["file_id", "occurred_on", "id"]
        # (code, day): the year's milestones and the plan's results of a subtree read only the
        # year's rows of a few steps instead of every step ever recorded.
        indexes = [models.Index(fields=["file", "code"]), models.Index(fields=["code", "occurred_on"])]

    def __str__(self):
        return f"{self.occurred_on} {self.step.label}"

    @property
    def step(self):
        return step(self.code)


class RuleSetting(models.Model):
    """A stricter value of an adjustable limit for an organization's subtree, set by its higher
    committee. The strictest of the national value and every setting above a file applies."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="适用组织（含下级）", on_delete=models.CASCADE,
                            related_name="recruitment_settings")
    rule_code = models.CharField("规则", max_length=40)
    value = models.PositiveIntegerField("数值")
    reason = models.CharField("依据", max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "rule_code"], name="one_setting_per_org_rule")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class DevelopmentPlan(models.Model):
    """年度发展计划: how many an organization plans to take in (发展党员 = 接收预备党员) in a year,
    and optionally how many activists and candidates to decide, set by the organization itself
    or its higher committee. Compared with the steps actually recorded (selectors.plan_vs_actual)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.CASCADE,
                            related_name="recruitment_plans")
    year = models.PositiveSmallIntegerField("年度")
    admitted = models.PositiveIntegerField("计划发展党员（接收预备党员）")
    activists = models.PositiveIntegerField("计划确定入党积极分子", null=True, blank=True)
    candidates = models.PositiveIntegerField("计划确定发展对象", null=True, blank=True)
    basis = models.CharField("依据或说明", max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度发展计划"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_plan_per_org_year")]

    def __str__(self):
        return f"{self.org} {self.year}年发展党员{self.admitted}名"

    @property
    def audit_org_path(self) -> str:
        return self.org.path
