"""Party members (党员): the record, its timeline (党员情况变更信息库), membership periods for
"as of" rosters, transfers (组织关系转接) and contact-correction requests.

Every change goes through dangjian.members.services; these models only hold the data."""

from typing import NamedTuple

from django.conf import settings
from django.db import models

from dangjian.core.personal_data import PersonalData
from dangjian.core.scoping import ScopedQuerySet


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class MemberStatus(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class Standing(models.TextChoices):
    NORMAL = "normal", "正常"
    RETAINED = "retained", "保留党籍"
    SUSPENDED = "suspended", "停止党籍"
    LEFT = "left", "已出党"
    DECEASED = "deceased", "已去世"
    TRANSFERRED_OUT = "transferred_out", "已转出"


ACTIVE_STANDINGS = (Standing.NORMAL, Standing.RETAINED, Standing.SUSPENDED)


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY = "secondary", "中专"
    HIGH_SCHOOL = "high_school", "高中及以下"


class Job(models.TextChoices):
    """工作岗位 as the rosters count it (DOMAIN.md: 教师/管理/工勤/离退休)."""

    TEACHER = "teacher", "专任教师"
    MANAGEMENT = "management", "管理人员"
    SUPPORT = "support", "工勤人员"
    RETIRED = "retired", "离退休人员"


ETHNICITIES = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族",
    "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
    "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
    "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
]


class MemberQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "member.view"):
        """Members in the user's member.view scope, plus the user's own record.

        The own record is OR-ed in only when it lies outside the scope: "under my paths OR mine"
        spans the member and organization tables, which made PostgreSQL read every member of the
        city for a school's list (84 ms at city scale instead of 7.5 ms at school scale)."""
        from dangjian.core.scoping import path_filter, scope_of

        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        paths = scope.paths_for(action)
        condition = path_filter(paths, *self.scope_fields)
        own = own_record(user)
        if own is not None and not any(own.org_path.startswith(path) for path in paths):
            condition = models.Q(pk=own.pk) if not paths else condition | models.Q(pk=own.pk)
        return self.filter(condition)

    def active(self):
        return self.filter(standing__in=ACTIVE_STANDINGS)


class OwnRecord(NamedTuple):
    pk: int
    org_path: str


def own_record(user) -> OwnRecord | None:
    """The id and organization path of the user's own member record, or None: one query, kept on
    the user object for the length of the request (as the scope is, dangjian.core.scoping)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user._dangjian_own_record
    except AttributeError:
        row = Member.objects.filter(user_id=user.pk).values_list("pk", "org__path").first()
        user._dangjian_own_record = OwnRecord(*row) if row else None
        return user._dangjian_own_record


class Member(PersonalData, models.Model):
    PERSONAL_DATA_AAD = "member"  # ID number and phone: dangjian.core.personal_data

    name = models.CharField("姓名", max_length=60)
    name_pinyin = models.CharField("姓名全拼", max_length=120, blank=True, db_index=True)
    name_initials = models.CharField("姓名首字母", max_length=30, blank=True, db_index=True)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=12, choices=[(e, e) for e in ETHNICITIES], default="汉族")
    birth_date = models.DateField("出生日期")
    id_number_encrypted = models.TextField("身份证号（密文）")
    id_number_index = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField("身份证号", max_length=18)
    phone_encrypted = models.TextField("手机号（密文）", blank=True)
    phone_masked = models.CharField("手机号", max_length=11, blank=True)
    education = models.CharField("学历", max_length=16, choices=Education.choices, blank=True)
    job = models.CharField("工作岗位", max_length=12, choices=Job.choices, default=Job.TEACHER)
    title = models.CharField("职称", max_length=30, blank=True)
    # The three below are items of the national member information system (全国党员管理信息系统)
    # that a school's record lacked. `job` is the roster's 工作岗位 category and `title` the
    # professional title (职称); `office` is the post held (职务), free text like 教导主任.
    office = models.CharField("职务", max_length=60, blank=True)
    native_place = models.CharField("籍贯", max_length=60, blank=True)
    work_started_on = models.DateField("参加工作时间", null=True, blank=True)
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="members")
    group = models.ForeignKey(
        "orgs.PartyOrg", verbose_name="党小组", null=True, blank=True, on_delete=models.SET_NULL, related_name="group_members"
    )
    status = models.CharField("党员类别", max_length=16, choices=MemberStatus.choices, default=MemberStatus.FULL)
    standing = models.CharField("党籍状态", max_length=20, choices=Standing.choices, default=Standing.NORMAL, db_index=True)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    confirmed_on = models.DateField("转正日期", null=True, blank=True)
    probation_extended_to = models.DateField("延长预备期至", null=True, blank=True)
    lost_contact = models.BooleanField("失联党员", default=False)
    is_mobile = models.BooleanField("流动党员", default=False)
    in_hardship = models.BooleanField("困难党员", default=False)
    left_on = models.DateField("离开日期（出党、去世、转出）", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="系统账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member",
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["org", "status", "standing"])]

    def __str__(self):
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def is_active(self) -> bool:
        return self.standing in ACTIVE_STANDINGS


class Membership(models.Model):
    """A period in one organization. The roster "as of" a date is the periods covering it, so
    a past roster needs no reconstruction from the audit log."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="memberships")
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["org", "started_on", "ended_on"])]
        constraints = [
            # One open period per member: a member is never active in two organizations.
            models.UniqueConstraint(fields=["member"], condition=models.Q(ended_on__isnull=True),
                                    name="one_open_membership_per_member"),
        ]


class EventKind(models.TextChoices):
    RECORD_CREATED = "record_created", "建立党员档案"
    ADMITTED = "admitted", "接收预备党员"
    CONFIRMED = "confirmed", "转为正式党员"
    PROBATION_EXTENDED = "probation_extended", "延长预备期"
    PROBATION_CANCELLED = "probation_cancelled", "取消预备党员资格"
    TRANSFER_IN = "transfer_in", "组织关系转入"
    TRANSFER_OUT = "transfer_out", "组织关系转出"
    GROUP_CHANGED = "group_changed", "调整党小组"
    STANDING_RETAINED = "standing_retained", "保留党籍"
    STANDING_SUSPENDED = "standing_suspended", "停止党籍"
    STANDING_RESTORED = "standing_restored", "恢复党籍"
    LOST_CONTACT = "lost_contact", "失去联系"
    CONTACT_RESTORED = "contact_restored", "恢复联系"
    MOBILE_REGISTERED = "mobile_registered", "流动党员登记"
    MOBILE_CANCELLED = "mobile_cancelled", "流动党员注销"
    LEFT = "left", "出党"
    DECEASED = "deceased", "去世"
    RECORD_UPDATED = "record_updated", "信息变更"


class LeaveKind(models.TextChoices):
    REMOVED = "removed", "除名"
    EXPELLED = "expelled", "开除党籍"
    WITHDREW = "withdrew", "退党"
    LAPSED = "lapsed", "自行脱党"


class EventQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)


class MemberEvent(models.Model):
    """One line of the member's timeline. Written only by the services, never edited."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=24, choices=EventKind.choices)
    occurred_on = models.DateField("日期")
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="所在组织", on_delete=models.PROTECT, related_name="+")
    other_org = models.ForeignKey("orgs.PartyOrg", verbose_name="对方组织", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    other_org_name = models.CharField("对方组织名称", max_length=120, blank=True)
    letter_number = models.CharField("介绍信编号", max_length=60, blank=True)
    decision_org = models.CharField("批准组织", max_length=120, blank=True)
    reason = models.CharField("原因 / 说明", max_length=500, blank=True)
    detail = models.JSONField("其他信息", default=dict, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["member_id", "occurred_on", "id"]
        indexes = [models.Index(fields=["org", "kind", "occurred_on"])]

    def __str__(self):
        return f"{self.occurred_on} {self.get_kind_display()}"


class TransferState(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    REJECTED = "rejected", "已退回"
    CANCELLED = "cancelled", "已撤回"
    EXPIRED = "expired", "已超期"


class TransferQuerySet(ScopedQuerySet):
    # Both sides see a pending transfer: the sending and the receiving organization.
    scope_fields = ("from_org__path", "to_org__path")


class Transfer(models.Model):
    """组织关系转接 inside the system: the sender starts it, the receiver accepts or rejects."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="transfers_out")
    to_org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="transfers_in")
    letter_number = models.CharField("介绍信编号", max_length=60)
    state = models.CharField("状态", max_length=10, choices=TransferState.choices, default=TransferState.PENDING)
    requested_on = models.DateField("开具日期")
    valid_until = models.DateField("有效期至")
    decided_on = models.DateField("办理日期", null=True, blank=True)
    reason = models.CharField("转接原因 / 退回原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TransferQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(state="pending"),
                                    name="one_pending_transfer_per_member"),
        ]

    @property
    def audit_org_path(self) -> str:
        return self.from_org.path


class CorrectionState(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "未同意"


class CorrectionQuerySet(ScopedQuerySet):
    scope_fields = ("member__org__path",)


class ContactCorrection(models.Model):
    """A member's request to correct their own contact data, approved by the 组织委员."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField("更正项目", max_length=16, choices=[("phone", "手机号")])
    new_value_encrypted = models.TextField()
    new_value_masked = models.CharField("更正为", max_length=20)
    note = models.CharField("说明", max_length=300, blank=True)
    state = models.CharField("状态", max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_note = models.CharField("审核意见", max_length=300, blank=True)

    objects = CorrectionQuerySet.as_manager()


class ImportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在校验"
    VALIDATED = "validated", "校验通过，待确认"
    FAILED = "failed", "未通过"
    COMMITTING = "committing", "正在写入"
    COMMITTED = "committed", "已导入"


class ImportJobQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "member.edit"):
        """The creator's own jobs, and jobs on organizations the user may edit members of."""
        own = models.Q(created_by=user) if getattr(user, "is_authenticated", False) else models.Q(pk__in=[])
        from dangjian.core.scoping import path_filter, scope_of

        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(path_filter(scope.paths_for(action), *self.scope_fields) | own)


class ImportJob(models.Model):
    """One upload of the member import: the stored file while it waits for confirmation, the
    validation's counts and errors, and the progress a background run reports."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="导入到", on_delete=models.PROTECT, related_name="+")
    file_path = models.CharField("存储位置", max_length=300, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    state = models.CharField("状态", max_length=12, choices=ImportState.choices, default=ImportState.QUEUED)
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", default=0)
    created = models.PositiveIntegerField("新建", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    sample = models.JSONField("预览", default=list, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "党员导入"
        verbose_name_plural = verbose_name
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name or '党员导入'}（{self.get_state_display()}）"

    @property
    def audit_org_path(self) -> str:
        return self.org.path
