"""议事决策: matters (议题) and their timeline, decision meetings with attendance, recusals and
votes per agenda item (决议), execution reports, the 校长办公会 / 教代会 seats, the local money
threshold, the administration's expenditures (what oversight checks) and the 小微权力清单.

Every change goes through dangjian.decisions.services; the state, outcome and progress stored
on a matter are what the services computed last, so lists and oversight are indexed queries.
The party organization meeting's membership is not stored here: it is the committee posts
(dangjian.core.roles.COMMITTEE_POSTS) of the school's organization on the meeting's date.
"""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.decisions.rules import CATEGORIES, Category, State, Verdict


class ByOrg(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "decisions.view"):
        return super().visible_to(user, action)


class Body(models.TextChoices):
    PARTY = "party", "党组织会议"
    PRINCIPAL_OFFICE = "principal_office", "校长办公会"
    STAFF_CONGRESS = "staff_congress", "教代会"


class BodySeat(models.Model):
    """A seat on the 校长办公会 or the 教代会 over a period (the principal's own seat comes from
    the principal's position; vice principals, heads of office and representatives are here)."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="decision_seats")
    body = models.CharField("机构", max_length=20, choices=Body.choices)
    person_name = models.CharField("姓名", max_length=60)
    role = models.CharField("职务", max_length=60, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)

    objects = ByOrg.as_manager()

    class Meta:
        ordering = ["org_id", "body", "started_on", "id"]

    def __str__(self):
        return f"{self.get_body_display()} {self.person_name}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class CommitteeSetting(models.Model):
    """What a higher committee's setting for its subtree holds besides the organization: the
    document it comes from, the day it takes effect, who entered it and when."""

    citation = models.CharField("依据", max_length=300)
    effective_on = models.DateField("生效日期")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class ThresholdSetting(CommitteeSetting):
    """The 大额经费 threshold a higher committee sets for its subtree from a date, with the
    document it comes from. The nearest setting above a school, in force on the day, applies."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="适用组织（含下级）", on_delete=models.CASCADE,
                            related_name="decision_thresholds")
    amount = models.DecimalField("大额经费标准（元）", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["org_id", "-effective_on"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_on"], name="one_threshold_per_org_day")]


class QuorumSetting(CommitteeSetting):
    """A higher committee's stricter quorum for the 党组织会议 of its subtree from a date: more than
    half of the members instead of 《意见》（五）'s 半数以上 (half included). There is one stricter
    reading only, so a row means "strict from then", and a lower committee cannot undo it
    (services.strict_quorum_for: any row above applies)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="适用组织（含下级）", on_delete=models.PROTECT,
                            related_name="+")

    class Meta:
        verbose_name = "党组织会议法定人数规定"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "effective_on"]
        constraints = [models.UniqueConstraint(fields=["org", "effective_on"], name="one_quorum_setting_per_org_day")]


class Matter(models.Model):
    """议题 (major_matter when 三重一大)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="学校党组织", on_delete=models.PROTECT,
                            related_name="matters")
    title = models.CharField("议题名称", max_length=120)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    is_major = models.BooleanField("三重一大", default=False, db_index=True)
    needs_report_back = models.BooleanField("须向教代会报告", default=False)
    background = models.TextField("背景与方案", blank=True)
    proposer_name = models.CharField("提出人", max_length=60)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    raised_on = models.DateField("提出日期")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人账号", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="assigned_matters")
    owner_name = models.CharField("责任人", max_length=60, blank=True)
    unit = models.CharField("责任部门", max_length=60, blank=True)
    deadline = models.DateField("完成期限", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("执行进度（%）", default=0)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # The staff members a 评优选优 or 人事职称 matter concerns: the ethics veto is judged on them
    # (dangjian.staff.services.ethics.require_no_veto).
    persons = models.ManyToManyField("staff.StaffMember", verbose_name="涉及人员", blank=True, related_name="matters")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByOrg.as_manager()

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = verbose_name
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["org", "state"]), models.Index(fields=["state", "deadline"]),
                   models.Index(fields=["owner", "state"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                                              name="matter_amount_not_negative")]

    def __str__(self):
        return self.title

    @property
    def name(self) -> str:  # what the permission matrix looks for in a page
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def personnel(self) -> bool:
        return CATEGORIES[self.category].personnel

    def overdue_on(self, today) -> bool:
        return self.state == State.EXECUTING and self.deadline is not None and self.deadline < today


class MatterAttachment(models.Model):
    """A document of a matter (方案, 预算, 合同, 验收单 …): type judged by content and size-limited by
    dangjian.core.uploads, stored outside the web root under a random name, served only through a
    view that checks the matter's scope."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments")
    file_kind = models.CharField("文件类型", max_length=8)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "uploaded_at", "id"]


class MatterEvent(models.Model):
    """One step of a matter's timeline. Written only by the services, never edited."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="events")
    source = models.CharField("原状态", max_length=16, choices=State.choices, blank=True)
    target = models.CharField("新状态", max_length=16, choices=State.choices)
    occurred_on = models.DateField("日期")
    facts = models.JSONField("情况", default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "occurred_on", "id"]


class DecisionMeeting(models.Model):
    """A party organization meeting (支委会 / 党委会) that decides matters."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT,
                            related_name="decision_meetings")
    held_on = models.DateField("会议日期", db_index=True)
    place = models.CharField("地点", max_length=60, blank=True)
    host_name = models.CharField("主持人", max_length=60)
    recorder_name = models.CharField("记录人", max_length=60, blank=True)
    body_size = models.PositiveSmallIntegerField("应到会委员")
    present_count = models.PositiveSmallIntegerField("实到委员")
    quorate = models.BooleanField("达到法定人数")
    notes = models.TextField("会议记录", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByOrg.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self):
        return f"{self.org.name} {self.held_on:%Y-%m-%d} 党组织会议"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class Attendance(models.Model):
    """A committee member (with the right to vote on the meeting's date) present or absent, or
    someone attending without a vote (列席: the principal who is not on the committee …)."""

    meeting = models.ForeignKey(DecisionMeeting, on_delete=models.CASCADE, related_name="attendance")
    position = models.ForeignKey("orgs.Position", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField("姓名", max_length=60)
    role = models.CharField("身份", max_length=60, blank=True)
    voting = models.BooleanField("有表决权")
    present = models.BooleanField("到会", default=True)
    absence_reason = models.CharField("缺席原因", max_length=60, blank=True)

    class Meta:
        ordering = ["meeting_id", "-voting", "id"]


class AgendaItem(models.Model):
    """One matter on a meeting's agenda, with its votes and verdict (the 决议)."""

    meeting = models.ForeignKey(DecisionMeeting, on_delete=models.CASCADE, related_name="items")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("序号")
    votes_for = models.PositiveSmallIntegerField("赞成", default=0)
    votes_against = models.PositiveSmallIntegerField("反对", default=0)
    votes_abstain = models.PositiveSmallIntegerField("弃权", default=0)
    roll = models.JSONField("记名表决", default=list, blank=True)
    eligible = models.PositiveSmallIntegerField("有表决权的到会人数", null=True, blank=True)
    quorate = models.BooleanField("达到法定人数", null=True, blank=True)
    verdict = models.CharField("表决结果", max_length=12, choices=Verdict.choices, blank=True)
    resolution = models.TextField("决议内容", blank=True)

    class Meta:
        ordering = ["meeting_id", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "matter"], name="matter_once_per_meeting")]

    def __str__(self):
        return f"{self.order}. {self.matter.title}"


class Recusal(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    position = models.ForeignKey("orgs.Position", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("回避原因", max_length=120)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "position"], name="one_recusal_per_item_person")]


class ExecutionTask(models.Model):
    """One part of carrying out a decision (分解任务), with its own owner, unit and deadline; the
    matter's progress is the mean of its tasks' progress when it has any."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("任务", max_length=120)
    owner_name = models.CharField("责任人", max_length=60)
    unit = models.CharField("责任部门", max_length=60)
    deadline = models.DateField("完成期限")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "deadline", "id"]
        constraints = [models.UniqueConstraint(fields=["matter", "title"], name="one_task_title_per_matter")]

    def __str__(self):
        return self.title

    def overdue_on(self, today) -> bool:
        return self.progress < 100 and self.deadline < today


class ExecutionReport(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey(ExecutionTask, verbose_name="分解任务", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="reports")
    reported_on = models.DateField("报告日期")
    progress = models.PositiveSmallIntegerField("进度（%）")
    text = models.TextField("执行情况")
    evidence = models.CharField("佐证材料", max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter_id", "reported_on", "id"]


class Expenditure(models.Model):
    """A payment the administration recorded (from the school's finance ledger), with the
    matter that decided it, if any. Oversight looks for those at or above the threshold that
    no passed decision covers."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="expenditures")
    paid_on = models.DateField("支出日期")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    purpose = models.CharField("用途", max_length=120)
    voucher = models.CharField("凭证号", max_length=40, blank=True)
    matter = models.ForeignKey(Matter, null=True, blank=True, on_delete=models.SET_NULL, related_name="expenditures")
    # computed by the services from the threshold in force on paid_on (and again when a higher
    # committee sets a new one), so that oversight is one indexed aggregate
    above_threshold = models.BooleanField("达到大额经费标准", default=False)

    objects = ByOrg.as_manager()

    class Meta:
        ordering = ["-paid_on", "-id"]
        indexes = [models.Index(fields=["org", "paid_on"]), models.Index(fields=["above_threshold", "org"])]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="expenditure_not_negative")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class Power(models.Model):
    """One entry of the school's 小微权力清单."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="powers")
    name = models.CharField("权力事项", max_length=80)
    basis = models.CharField("设定依据", max_length=200)
    responsible_post = models.CharField("责任岗位", max_length=60)
    steps = models.TextField("运行流程（每行一步）")
    risk_points = models.TextField("风险点及防控措施", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ByOrg.as_manager()

    class Meta:
        ordering = ["org_id", "id"]

    def __str__(self):
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def step_list(self) -> list[str]:
        return [s.strip() for s in self.steps.splitlines() if s.strip()]
