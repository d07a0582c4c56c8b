"""民主评议党员: a round per branch and year with its steps, the 测评 counts, one-use ballot
tokens for anonymous collection on phones, the grades, the follow-up tasks of 基本合格 / 不合格,
the members' own reports through the year, and the higher committees' stricter rules. Every
change goes through dangjian.appraisal.services (the review modules)."""

from django.conf import settings
from django.db import models

from dangjian.appraisal.rules.review import (
    Body,
    FollowUpKind,
    Grade,
    Outcome,
    PollMode,
    ProbationaryPolicy,
    ReportPeriod,
    Step,
)
from dangjian.core.scoping import ScopedQuerySet


class ReviewQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class ReviewOverride(models.Model):
    """A higher committee's stricter rule for its subtree from a date: a lower share of 优秀 and/or
    预备党员 不评定等次. Never edited: a later row supersedes it (the strictest in force wins)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="规定单位", on_delete=models.PROTECT, related_name="+")
    excellent_percent = models.PositiveSmallIntegerField("“优秀”比例上限（%）", null=True, blank=True)
    probationary_policy = models.CharField("预备党员评定办法", max_length=16, choices=ProbationaryPolicy.choices,
                                           blank=True)
    effective_from = models.DateField("生效日期")
    reason = models.CharField("依据（文件名称、文号）", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "民主评议规定"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="appraisal_override_once")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class ReviewRound(models.Model):
    """One branch's 民主评议党员 of one year. `state` is the step reached (rules.review.Step);
    the roster is the branch's members on `as_of` (评议基准日)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT,
                            related_name="review_rounds")
    year = models.PositiveSmallIntegerField("评议年度")
    as_of = models.DateField("评议基准日")
    state = models.CharField("进行到", max_length=16, choices=Step.choices, default=Step.STUDY)
    poll_mode = models.CharField("测评方式", max_length=12, choices=PollMode.choices, blank=True)
    present = models.PositiveIntegerField("参加测评人数", null=True, blank=True)
    decided_by = models.CharField("评定会议", max_length=24, choices=Body.choices, blank=True)
    decided_on = models.DateField("评定日期", null=True, blank=True)
    reported_on = models.DateField("上报日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "民主评议党员"
        verbose_name_plural = verbose_name
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="appraisal_one_round_a_year")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.org.name}{self.year}年度民主评议党员"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class RoundEventQuerySet(ScopedQuerySet):
    scope_fields = ("round__org__path",)


class RoundEvent(models.Model):
    """One step taken: the round's own timeline (not reconstructed from the audit log)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="events")
    source = models.CharField(max_length=16, choices=Step.choices, blank=True)
    target = models.CharField(max_length=16, choices=Step.choices)
    occurred_on = models.DateField("日期")
    facts = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "id"]


class RoundChildQuerySet(ScopedQuerySet):
    scope_fields = ("round__org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class PollCount(models.Model):
    """民主测评 votes for one member by grade: entered from the paper 测评表, or summed from the
    anonymous phone ballots (which leave no row of their own)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="counts")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    excellent = models.PositiveIntegerField("优秀", default=0)
    qualified = models.PositiveIntegerField("合格", default=0)
    basic = models.PositiveIntegerField("基本合格", default=0)
    unqualified = models.PositiveIntegerField("不合格", default=0)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="appraisal_one_count_row")]

    @property
    def total(self) -> int:
        return self.excellent + self.qualified + self.basic + self.unqualified

    def as_dict(self) -> dict[str, int]:
        return {Grade.EXCELLENT: self.excellent, Grade.QUALIFIED: self.qualified, Grade.BASIC: self.basic,
                Grade.UNQUALIFIED: self.unqualified}


class BallotToken(models.Model):
    """A member's one ballot in a round's anonymous 测评. It records only that it was used: the
    choices go into PollCount with nothing that links them to the voter."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="tokens")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="appraisal_one_ballot_each")]


class MemberGrade(models.Model):
    """The grade the 支委会 / 党员大会 gave one member in a round."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="grades")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="review_grades")
    grade = models.CharField("评定等次", max_length=16, choices=Grade.choices)
    probationary = models.BooleanField("评议基准日为预备党员", default=False)
    note = models.CharField("评定意见", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        verbose_name = "民主评议等次"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="appraisal_one_grade")]

    @property
    def audit_org_path(self) -> str:
        return self.round.org.path


class FollowUpQuerySet(ScopedQuerySet):
    scope_fields = ("grade__round__org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class FollowUp(models.Model):
    """A task opened by a grade: 改进措施 for 基本合格; 限期改正 → 劝退 → 除名 for 不合格 (党章
    第九条), or 延长预备期 / 取消预备党员资格 for a 预备党员 (第七条). Each with an owner and a
    deadline; closed with one of its kind's outcomes, which may open the next step."""

    grade = models.ForeignKey(MemberGrade, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField("任务", max_length=16, choices=FollowUpKind.choices)
    owner = models.ForeignKey("members.Member", verbose_name="责任人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField("开始日期")
    deadline = models.DateField("期限")
    measures = models.TextField("措施和进展", blank=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next")

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "评议结果处置任务"
        verbose_name_plural = verbose_name
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["closed_on", "deadline"])]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def audit_org_path(self) -> str:
        return self.grade.round.org.path


class SelfReportQuerySet(ScopedQuerySet):
    scope_fields = ("member__org__path",)

    def visible_to(self, user, action: str = "appraisal.view"):
        return super().visible_to(user, action)


class SelfReport(models.Model):
    """A member's 季度自查 / 半年初评 / 年终总评: a few short structured parts, read by the round."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="self_reports")
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("类别", max_length=8, choices=ReportPeriod.choices)
    study = models.TextField("学习情况", blank=True)
    work = models.TextField("履职尽责和完成工作情况", blank=True)
    role = models.TextField("发挥先锋模范作用情况", blank=True)
    shortcomings = models.TextField("存在的不足", blank=True)
    plans = models.TextField("努力方向和改进措施", blank=True)
    submitted_on = models.DateField("填写日期")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SelfReportQuerySet.as_manager()

    class Meta:
        verbose_name = "党员自查自评"
        verbose_name_plural = verbose_name
        ordering = ["year", "period"]
        constraints = [models.UniqueConstraint(fields=["member", "year", "period"], name="appraisal_one_self_report")]

    @property
    def audit_org_path(self) -> str:
        return self.member.org.path
