"""The 组织生活会 / 民主生活会 as a whole process: a local rule of a higher committee, the process
of one meeting (its preparation, the record it links to in orglife, the 情况报告) and its parts —
学习研讨, 征求意见, 谈心谈话, 对照检查材料 with their 查摆问题, 批评与自我批评. Every change goes
through dangjian.supervision.services.lifemeeting; reads are scoped like organizational life
(orglife.view on the organization)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangjian.core.scoping import ScopedQuerySet
from dangjian.supervision.rules import lifemeeting as R


class LifeQuerySet(ScopedQuerySet):
    """The process is organizational life: seen with orglife.view on its organization."""

    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "orglife.view"):
        return super().visible_to(user, action)


class PartQuerySet(ScopedQuerySet):
    scope_fields = ("life__org__path",)

    def visible_to(self, user, action: str = "orglife.view"):
        return super().visible_to(user, action)


class LifeMeetingRule(models.Model):
    """A higher committee's stricter rule for its subtree from a date: fewer days for the 情况报告,
    or 列席指导 required. Never edited: a later row supersedes it; `document` names the local
    document it comes from."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="规定单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("会议类型", max_length=32, choices=R.Kind.choices)
    report_days = models.PositiveSmallIntegerField("情况报告报送天数", null=True, blank=True)
    observer_required = models.BooleanField("须派人列席指导", default=False)
    effective_from = models.DateField("生效日期")
    document = models.CharField("依据（本地文件名称、文号）", max_length=R.DOCUMENT_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LifeQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活会本地规定"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "kind", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "effective_from"], name="lifemeeting_rule_once")]

    def __str__(self):
        return f"{self.org} {self.get_kind_display()}（{self.document}）"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class LifeMeeting(models.Model):
    """One 组织生活会 (or 民主生活会) from its preparation to the 情况报告. When it is held it links
    to the organizational-life record of its kind (orglife.Meeting, with the attendance); the
    report's due day is fixed then from the rule in force on the meeting's day."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("会议类型", max_length=32, choices=R.Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    topic = models.CharField("会议主题", max_length=200)
    planned_on = models.DateField("计划召开日期")
    stage = models.CharField("进展", max_length=16, choices=R.Stage.choices, default=R.Stage.PREPARING)
    opinion_summary = models.TextField("征求意见汇总", blank=True)
    summarized_on = models.DateField("汇总日期", null=True, blank=True)
    meeting = models.OneToOneField("orglife.Meeting", verbose_name="会议记录", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="life_process")
    held_on = models.DateField("召开日期", null=True, blank=True)
    observer_name = models.CharField("列席指导人员", max_length=60, blank=True)
    observer_org = models.ForeignKey("orgs.PartyOrg", verbose_name="列席指导单位", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    observer_required = models.BooleanField("须列席指导", default=False)
    dual_life = models.ManyToManyField("members.Member", verbose_name="以普通党员身份参会的领导干部", blank=True,
                                       related_name="+")
    report_days = models.PositiveSmallIntegerField("情况报告报送天数", null=True, blank=True)
    report_source = models.CharField("报送期限依据", max_length=400, blank=True)
    report_due = models.DateField("情况报告报送期限", null=True, blank=True)
    report_text = models.TextField("情况报告正文（其他需要报告的情况）", blank=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = LifeQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活会（全过程）"
        verbose_name_plural = verbose_name
        ordering = ["-year", "org_id", "-planned_on", "-id"]
        indexes = [models.Index(fields=["org", "year"]), models.Index(fields=["stage", "report_due"])]

    def __str__(self):
        return f"{self.year}年度{self.get_kind_display()}：{self.topic}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    def report_status(self, today=None) -> str:
        return R.report_status(self.report_due, self.reported_on, today or timezone.localdate())

    @property
    def report_badge(self) -> tuple[str, str]:
        """(colour, words) of the 情况报告 today, for partials/status.html."""
        status = self.report_status()
        return R.REPORT_STATUS_COLOURS[status], R.REPORT_STATUS_LABELS[status]


class StudySession(models.Model):
    """学习研讨 before the meeting: a collective study, a seminar, or the members' own study."""

    life = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="studies")
    held_on = models.DateField("日期")
    form = models.CharField("形式", max_length=16, choices=R.StudyForm.choices)
    topic = models.CharField("学习内容", max_length=200)
    note = models.TextField("研讨情况", blank=True)
    participants = models.PositiveIntegerField("参加人数", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["life_id", "held_on", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.life.org.path


class Opinion(models.Model):
    """One opinion collected before the meeting (征求意见): from whom, how, about whom — the
    leadership (`addressed_to` empty) or one participant."""

    life = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="opinions")
    collected_on = models.DateField("征求日期")
    channel = models.CharField("方式", max_length=16, choices=R.Channel.choices)
    source = models.CharField("意见来源", max_length=16, choices=R.Source.choices)
    addressed_to = models.ForeignKey("members.Member", verbose_name="针对", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    content = models.TextField("意见内容")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["life_id", "collected_on", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.life.org.path


class TalkPair(models.Model):
    """A planned 谈心谈话 between two participants, and once held its date and gist. A held talk
    counts for both in orglife's yearly check 每名党员谈心谈话 (through orglife's talk hook)."""

    life = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="talks")
    talker = models.ForeignKey("members.Member", verbose_name="谈话人", on_delete=models.PROTECT, related_name="+")
    talkee = models.ForeignKey("members.Member", verbose_name="谈话对象", on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField("计划日期", null=True, blank=True)
    held_on = models.DateField("谈话日期", null=True, blank=True)
    summary = models.TextField("谈话要点", blank=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["life_id", "planned_on", "id"]
        constraints = [models.UniqueConstraint(fields=["life", "talker", "talkee"], name="lifemeeting_talk_once")]
        indexes = [models.Index(fields=["held_on"])]

    @property
    def audit_org_path(self) -> str:
        return self.life.org.path


class ReviewMaterial(models.Model):
    """对照检查材料 of one participant (`member`), or of the leadership (`member` empty: 班子对照检查
    材料). Drafted, submitted, then approved or returned by the reviewer R_APPROVAL names."""

    life = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="materials")
    member = models.ForeignKey("members.Member", verbose_name="本人", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    causes = models.TextField("产生问题的原因")
    commitments = models.TextField("努力方向和整改措施", blank=True)
    state = models.CharField("状态", max_length=16, choices=R.MaterialState.choices, default=R.MaterialState.DRAFT)
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=R.SHORT_MAX, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        verbose_name = "对照检查材料"
        verbose_name_plural = verbose_name
        ordering = ["life_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["life", "member"], name="lifemeeting_material_once"),
            models.UniqueConstraint(fields=["life"], condition=models.Q(member__isnull=True),
                                    name="lifemeeting_leadership_material_once"),
        ]

    def __str__(self):
        return f"{self.member.name if self.member_id else '班子'}对照检查材料"

    @property
    def audit_org_path(self) -> str:
        return self.life.org.path

    @property
    def owner_label(self) -> str:
        return self.member.name if self.member_id else "领导班子"


class Problem(models.Model):
    """One problem a material finds (查摆问题) with its measures; once the meeting is held it
    may become an item of the 整改台账 (`rectification_item`)."""

    material = models.ForeignKey(ReviewMaterial, on_delete=models.CASCADE, related_name="problems")
    sequence = models.PositiveSmallIntegerField("序号")
    problem = models.TextField("存在的问题")
    measures = models.TextField("整改措施")
    deadline = models.DateField("整改期限", null=True, blank=True)
    rectification_item = models.OneToOneField("supervision.RectificationItem", verbose_name="整改台账事项", null=True,
                                              blank=True, on_delete=models.PROTECT, related_name="life_problem")

    class Meta:
        ordering = ["material_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["material", "sequence"], name="lifemeeting_problem_once")]

    @property
    def audit_org_path(self) -> str:
        return self.material.life.org.path


class Criticism(models.Model):
    """批评与自我批评 as recorded at the meeting, per participant (`subject`): the self-criticism,
    criticism by another participant (`critic`), and the subject's 表态."""

    life = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="criticisms")
    subject = models.ForeignKey("members.Member", verbose_name="对象", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=16, choices=R.CriticismKind.choices)
    critic = models.ForeignKey("members.Member", verbose_name="提出人", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    content = models.TextField("内容")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["life_id", "subject_id", "kind", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.life.org.path
