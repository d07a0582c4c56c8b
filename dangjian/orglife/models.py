"""Organizational life (组织生活): stricter local rules, meeting records with attendance and
their amendments, and the annual plan. Every change goes through dangjian.orglife.services."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from dangjian.core.scoping import ScopedQuerySet
from dangjian.orglife.rules import Frequency, Kind, Quorum


class OrglifeQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "orglife.view"):
        return super().visible_to(user, action)


class LocalSetting(models.Model):
    """What every stricter local rule of organizational life holds: the higher committee that set
    it for its subtree, from when, on which document, and who entered it. Never edited: a later
    row with a later date supersedes it (FrequencyOverride) or adds to it (QuorumSetting)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="规定单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("活动类型", max_length=32, choices=Kind.choices)
    effective_from = models.DateField("生效日期")
    reason = models.CharField("依据（文件名称、文号）", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrglifeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["org_id", "kind", "effective_from"]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class FrequencyOverride(LocalSetting):
    """A higher committee's stricter frequency for its subtree from a date (e.g. a province asks
    for a 党员大会 every month)."""

    frequency = models.CharField("频次单位", max_length=12, choices=Frequency.choices)
    min_count = models.PositiveSmallIntegerField("每期至少次数", default=1)

    class Meta(LocalSetting.Meta):
        verbose_name = "组织生活频次规定"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["org", "kind", "effective_from"], name="orglife_override_once")]

    def __str__(self):
        return f"{self.org} {self.get_kind_display()} {self.get_frequency_display()}{self.min_count}次"


class QuorumSetting(LocalSetting):
    """A higher committee's stricter quorum for a meeting kind in its subtree from a date: today
    only the 党支部党员大会, whose national reading is 半数以上 (half included) and which a committee
    may make 超过半数 for every such meeting, as 细则第二十条 asks of the admission meetings. Never
    looser (rules.check_quorum_stricter); the strictest in force above an organization applies
    (rules.quorum_in_force)."""

    quorum = models.CharField("法定人数", max_length=20, choices=Quorum.choices)

    class Meta(LocalSetting.Meta):
        verbose_name = "党员大会法定人数规定"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["org", "kind", "effective_from"], name="orglife_quorum_once")]

    def __str__(self):
        return f"{self.org} {self.get_kind_display()} {self.get_quorum_display()}"


class AbsenceReason(models.TextChoices):
    PERSONAL_LEAVE = "personal_leave", "请假"
    SICK_LEAVE = "sick_leave", "病假"
    OFFICIAL_DUTY = "official_duty", "公差"
    OTHER = "other", "其他（须说明）"
    UNEXCUSED = "unexcused", "无故缺席"


# Absences that count toward 自行脱党 (党章 第九条: "无正当理由").
UNEXCUSED_REASONS = {AbsenceReason.UNEXCUSED}


class Meeting(models.Model):
    """One held activity (组织生活记录). `counts_month` is the first day of the month whose
    period it counts for: the month it was held, or for a 补开 (held late for an earlier period)
    that earlier month — so compliance is one grouped count over an indexed column.

    The figures (expected, present, voting, quorate) are computed by the service from the
    attendance when it is saved, and kept: the compliance table reads them, never the rows."""

    # indexed by (org, counts_month, kind) below, which leads with the organization
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="meetings",
                            db_index=False)
    group = models.ForeignKey("orgs.PartyOrg", verbose_name="党小组", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="group_meetings")
    kind = models.CharField("活动类型", max_length=32, choices=Kind.choices)
    held_on = models.DateField("日期")
    starts_at = models.TimeField("开始时间", null=True, blank=True)
    ends_at = models.TimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=120)
    host = models.ForeignKey("members.Member", verbose_name="主持人", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    recorder = models.ForeignKey("members.Member", verbose_name="记录人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    lecturer = models.ForeignKey("members.Member", verbose_name="授课人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    lecturer_name = models.CharField("授课人（系统外）", max_length=60, blank=True)
    topic = models.CharField("主题", max_length=200)
    agenda = models.TextField("议程", blank=True)
    minutes = models.TextField("会议记录", blank=True)
    resolutions = models.TextField("决议事项", blank=True)
    makeup_for = models.DateField("补开（所补期间的首日）", null=True, blank=True)
    counts_month = models.DateField("计入月份", db_index=True)
    expected_count = models.PositiveIntegerField("应到人数", default=0)
    present_count = models.PositiveIntegerField("实到人数", default=0)
    voting_expected = models.PositiveIntegerField("应到有表决权人数", default=0)
    voting_present = models.PositiveIntegerField("实到有表决权人数", default=0)
    quorate = models.BooleanField("达到法定人数", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    objects = OrglifeQuerySet.as_manager()
    # Not stored: set by dangjian.orglife.minutes.with_minutes_rows for the 会议记录 documents.
    minutes_rows: "list[Attendance]"
    minutes_amendments: "list[MeetingAmendment]"

    class Meta:
        verbose_name = "组织生活记录"
        verbose_name_plural = verbose_name
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "counts_month", "kind"]), models.Index(fields=["kind", "counts_month"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def lecturer_display(self) -> str:
        return self.lecturer.name if self.lecturer_id else self.lecturer_name


class AttendanceQuerySet(ScopedQuerySet):
    scope_fields = ("meeting__org__path",)

    def visible_to(self, user, action: str = "orglife.view"):
        """orglife.view scope, plus a member's own attendance."""
        from dangjian.core.scoping import path_filter, scope_of

        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        own = models.Q(member__user=user) if getattr(user, "is_authenticated", False) else models.Q(pk__in=[])
        return self.filter(path_filter(scope.paths_for(action), *self.scope_fields) | own)


class Attendance(models.Model):
    """One expected attendee of a meeting: present, or absent with a reason. `can_vote` is the
    member's standing on the day (正式党员 vote; 预备党员 attend without a vote)."""

    # No single-column indexes on the two keys: the unique (meeting, member) serves every lookup by
    # meeting and the cascade, the (member, held_on) index every lookup by member and the PROTECT
    # check. Each extra index was maintained for every row of the largest table (a province's
    # ~49 million rows, ~90 MB a city).
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", db_index=False)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="orglife_attendance",
                               db_index=False)
    present = models.BooleanField("出席", default=True)
    absence_reason = models.CharField("缺席原因", max_length=16, choices=AbsenceReason.choices, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    can_vote = models.BooleanField("有表决权", default=True)
    # denormalized from the meeting, so a member's months are one indexed range scan
    held_on = models.DateField("日期")

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="orglife_attendance_once")]
        indexes = [models.Index(fields=["member", "held_on"])]


class MeetingAmendment(models.Model):
    """A correction to a locked record: what changed, why, by whom. The history of a record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    reason = models.CharField("更正原因", max_length=300)
    changes = models.JSONField("更正内容", default=dict)
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    amended_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "amended_at", "id"]


class PlanItem(models.Model):
    """One line of an organization's 年度计划: an activity due in a month or quarter, generated
    from the rules in force, then edited (topic, planned date, lecturer)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("活动类型", max_length=32, choices=Kind.choices)
    period_start = models.DateField("所属期间首日")
    period_label = models.CharField("所属期间", max_length=20)
    unit = models.CharField("期间单位", max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY)
    sequence = models.PositiveSmallIntegerField("期内序号", default=1)
    planned_on = models.DateField("计划日期", null=True, blank=True)
    topic = models.CharField("主题", max_length=200, blank=True)
    lecturer_name = models.CharField("授课人 / 主讲人", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    rule_text = models.CharField("依据", max_length=300)

    objects = OrglifeQuerySet.as_manager()
    # Not stored: set on the items that services.plan_with_progress returns (the plan page, its xlsx).
    held: bool
    kind_label: str

    class Meta:
        verbose_name = "年度计划事项"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "period_start", "kind", "sequence"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "kind", "period_start", "sequence"],
                                               name="orglife_plan_item_once")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class ReadingNoteQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "orglife.view"):
        """The author's own notes; in orglife.view scope only the notes shared to 学习园地."""
        from dangjian.core.scoping import path_filter, scope_of

        scope = scope_of(user)
        own = models.Q(member__user=user) if getattr(user, "is_authenticated", False) else models.Q(pk__in=[])
        if scope.is_superuser:
            return self.filter(own | models.Q(shared=True))
        return self.filter(own | (path_filter(scope.paths_for(action), *self.scope_fields) & models.Q(shared=True)))


class ReadingNote(models.Model):
    """A member's 读书笔记 (seed 000: 一年一万字), optionally shared on the 学习园地 of the
    organization for 心得交流. `org` is the member's organization when written (scoping)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="reading_notes")
    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("题目", max_length=120)
    book = models.CharField("学习材料（书名、篇目）", max_length=120)
    content = models.TextField("笔记内容")
    char_count = models.PositiveIntegerField("字数")
    written_on = models.DateField("日期")
    shared = models.BooleanField("发布到学习园地", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReadingNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "读书笔记"
        verbose_name_plural = verbose_name
        ordering = ["-written_on", "-id"]
        indexes = [models.Index(fields=["member", "written_on"]), models.Index(fields=["org", "written_on"])]

    def __str__(self):
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", "会议照片"
    SIGN_IN = "sign_in", "签到表扫描件"
    OTHER = "other", "其他材料"


class MeetingAttachment(models.Model):
    """A photo or a scanned sign-in sheet of a meeting: type judged by content (PNG, JPEG, PDF)
    and size-limited by dangjian.core.uploads, stored outside the web root under a random name,
    served only through a view that checks the meeting's scope."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO)
    file_kind = models.CharField("文件类型", max_length=8)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting_id", "uploaded_at", "id"]

    @property
    def audit_org_path(self) -> str:
        return self.meeting.org.path


class MeetingSignIn(models.Model):
    """A member's QR sign-in (扫码签到) at a meeting: when, and from which account. Kept apart from
    Attendance, whose rows the secretary's hand corrections write anew, so that who scanned and
    when stays known; once per member and meeting (a second scan is answered "已签到")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sign_ins")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    signed_at = models.DateTimeField("签到时间", default=timezone.now)

    class Meta:
        verbose_name = "扫码签到"
        verbose_name_plural = verbose_name
        ordering = ["meeting_id", "signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="orglife_sign_in_once")]

    @property
    def audit_org_path(self) -> str:
        return self.meeting.org.path


class MinutesExportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class MinutesExport(models.Model):
    """A year's 会议记录 written by the worker (a PDF of many records takes longer than a page
    should wait): what was asked, how far it is, and the file when done. Only the user who asked
    sees it; the file lives under MEDIA_ROOT with a random name and is removed after a day."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("活动类型", max_length=32, blank=True)
    fmt = models.CharField("格式", max_length=8)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField("状态", max_length=12, choices=MinutesExportState.choices,
                             default=MinutesExportState.QUEUED)
    done = models.PositiveIntegerField("已完成记录数", default=0)
    total = models.PositiveIntegerField("记录总数", default=0)
    path = models.CharField(max_length=300, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    error = models.CharField("失败原因", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "会议记录导出任务"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def percent(self) -> int:
        return 100 if self.state == MinutesExportState.DONE else int(100 * self.done / self.total) if self.total else 0


class ComplianceSnapshot(models.Model):
    """When a period's compliance summary was last computed in full (dangjian.orglife.summaries),
    and for which day: the verdicts of a day (what is still 未到期, what is missing) hold for that day
    only, so the pages read a summary only when it is of today, and say how old it is."""

    period = models.CharField("期间", max_length=7, unique=True)
    as_of = models.DateField("判定日")
    computed_at = models.DateTimeField("计算时间")
    seconds = models.FloatField("用时（秒）", default=0)

    class Meta:
        verbose_name = "组织生活落实情况汇总"
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.period}（{self.computed_at:%Y-%m-%d %H:%M}）"


class ComplianceSummary(models.Model):
    """One organization's compliance totals for a period, as the compliance table shows them
    (应开, 已开, 缺失或未达法定人数, 落实率): computed by the worker for the whole tree, and for one
    organization again whenever one of its meetings is recorded or changed."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.CASCADE, related_name="+")
    period = models.CharField("期间", max_length=7)
    required = models.PositiveIntegerField("应开")
    held = models.PositiveIntegerField("已开")
    missing = models.PositiveIntegerField("缺失")
    rate = models.FloatField("落实率", null=True)   # percent, one decimal, as OrgCompliance.rate; None: nothing due
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "组织生活落实情况（单个组织）"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["period", "org"], name="orglife_summary_once")]
        indexes = [models.Index(fields=["period", "rate"])]
