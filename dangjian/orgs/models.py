"""The organization tree (组织体系), schools and positions (任职)."""

import datetime

from django.conf import settings
from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from dangjian.core.roles import Post
from dangjian.core.scoping import ScopedQuerySet


class OrgKind(models.TextChoices):
    EDUCATION_COMMITTEE = "education_committee", "教育工委"
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    GROUP = "group", "党小组"


# Kinds that are a school's own party organization (the level members belong to).
SCHOOL_ORG_KINDS = {OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.JOINT_BRANCH}
BRANCH_KINDS = {OrgKind.BRANCH, OrgKind.JOINT_BRANCH}


class PartyOrgQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    scope_fields = ("path",)

    def within(self, org):
        return self.filter(path__startswith=org.path)


class PartyOrgManager(MP_NodeManager):
    """treebeard's manager (ordered by path) with the scoped queryset methods."""

    def get_queryset(self):
        return PartyOrgQuerySet(self.model).order_by("path")

    def visible_to(self, user, action: str = "org.view"):
        return self.get_queryset().visible_to(user, action)

    def within(self, org):
        return self.get_queryset().within(org)


class PartyOrg(MP_Node):
    kind = models.CharField("类别", max_length=24, choices=OrgKind.choices, db_index=True)
    code = models.CharField("组织代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=120)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    term_start = models.DateField("本届任期开始", null=True, blank=True)
    term_end = models.DateField("本届任期届满", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)

    objects = PartyOrgManager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = verbose_name
        indexes = [
            # On PostgreSQL a LIKE 'prefix%' can use a btree index only with pattern ops; other
            # databases ignore the opclass. This is what keeps subtree scoping fast at city scale.
            models.Index(fields=["path"], name="orgs_partyorg_path_like", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.path

    @property
    def is_branch_level(self) -> bool:
        return self.kind in BRANCH_KINDS


class SchoolType(models.TextChoices):
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    NINE_YEAR = "nine_year", "九年一贯制"
    COMPLETE = "complete", "完全中学"
    VOCATIONAL = "vocational", "职业学校"
    SPECIAL = "special", "特殊教育"


class Ownership(models.TextChoices):
    PUBLIC = "public", "公办"
    PRIVATE = "private", "民办"


class NoOrgReason(models.TextChoices):
    TOO_FEW_MEMBERS = "too_few_members", "正式党员不足3人，尚未联合组建"
    NO_MEMBERS = "no_members", "无党员"
    NEWLY_FOUNDED = "newly_founded", "新建学校，正在组建"
    SPONSOR_RESISTS = "sponsor_resists", "举办者（出资人）未配合组建"
    OTHER = "other", "其他"


class SchoolQuerySet(ScopedQuerySet):
    # A school is reached through its own party organization, or through the education
    # committee it belongs to (隶属) — schools with no organization must stay visible upward.
    scope_fields = ("party_org__path", "supervisor__path")


class School(models.Model):
    code = models.CharField("学校代码", max_length=32, unique=True)
    name = models.CharField("学校名称", max_length=120)
    school_type = models.CharField("学校类型", max_length=16, choices=SchoolType.choices)
    ownership = models.CharField("办学性质", max_length=8, choices=Ownership.choices, db_index=True)
    county = models.CharField("所在区县", max_length=60)
    supervisor = models.ForeignKey(
        PartyOrg, verbose_name="隶属教育党组织", on_delete=models.PROTECT, related_name="supervised_schools"
    )
    party_org = models.ForeignKey(
        PartyOrg, verbose_name="学校党组织", null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    # 五个清 (seed 001): 隶属情况, 教职工情况, 党员队伍情况, 出资人(负责人)情况, 未建党组织原因.
    affiliation = models.CharField("隶属情况", max_length=200, blank=True)
    staff_count = models.PositiveIntegerField("教职工数", default=0)
    teacher_count = models.PositiveIntegerField("专任教师数", default=0)
    student_count = models.PositiveIntegerField("学生数", default=0)
    declared_member_count = models.PositiveIntegerField(
        "党员人数（含组织关系不在本校者）", default=0, help_text="无党组织的学校据实填报"
    )
    sponsor = models.CharField("出资人（负责人）", max_length=120, blank=True)
    sponsor_is_member = models.BooleanField("出资人（负责人）是否党员", default=False)
    principal_name = models.CharField("校长", max_length=60, blank=True)
    no_org_reason = models.CharField("未建党组织原因", max_length=24, choices=NoOrgReason.choices, blank=True)
    no_org_note = models.CharField("未建党组织情况说明", max_length=300, blank=True)
    # The coverage history (覆盖率 as of a past day, seed 001's 由87%提高到100%): when the school
    # opened and since when it has had a party organization (its own, or a joint branch's).
    # Empty = from before the records: counted as open, and as covered when it has an organization.
    opened_on = models.DateField("建校（开办）日期", null=True, blank=True)
    covered_on = models.DateField("党组织覆盖日期", null=True, blank=True,
                                  help_text="建立本校党组织或纳入联合党支部之日；无党组织的学校为空")

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "学校"
        verbose_name_plural = verbose_name
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party_org__isnull=False) | ~models.Q(no_org_reason=""),
                name="school_without_org_needs_reason",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.party_org.path if self.party_org_id else self.supervisor.path


class PositionQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def active_on(self, day: datetime.date):
        return self.filter(started_on__lte=day).filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day))


class Position(models.Model):
    """A post held by a person in an organization over a period. Never deleted: a position
    ends by getting `ended_on`, so the history of who held what stays."""

    org = models.ForeignKey(PartyOrg, verbose_name="组织", on_delete=models.PROTECT, related_name="positions")
    post = models.CharField("职务", max_length=24, choices=Post.choices)
    person_name = models.CharField("姓名", max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="系统账号", null=True, blank=True, on_delete=models.PROTECT,
        related_name="positions",
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="党员", null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "post", "-started_on"]
        indexes = [models.Index(fields=["user", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="position_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.org} {self.get_post_display()} {self.person_name}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class RobotKind(models.TextChoices):
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉自定义机器人"


class GroupRobot(models.Model):
    """An organization's group robot (企业微信 / 钉钉): notices about the organization are posted
    to its group too. Off until its keeper turns it on; the address carries the robot's key and
    the 钉钉 signing secret is a credential, so both are stored encrypted (dangjian.core.crypto)
    and shown masked."""

    org = models.OneToOneField(PartyOrg, verbose_name="党组织", on_delete=models.CASCADE, related_name="group_robot")
    kind = models.CharField("机器人类型", max_length=12, choices=RobotKind.choices, default=RobotKind.WECOM)
    enabled = models.BooleanField("启用", default=False)
    url_encrypted = models.TextField(blank=True)
    secret_encrypted = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.org} {self.get_kind_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已送达"
    FAILED = "failed", "发送失败"


class RobotDelivery(models.Model):
    """One event posted to one group: once per robot and key, whatever number of people it told."""

    robot = models.ForeignKey(GroupRobot, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=120)
    text = models.TextField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["robot", "key"], name="robot_delivery_once_per_key")]


class RobotAttempt(models.Model):
    """Each try of a delivery, kept so the keeper sees why a group heard nothing."""

    delivery = models.ForeignKey(RobotDelivery, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField(default=False)
    status = models.PositiveIntegerField(null=True, blank=True)  # HTTP status, None when none came back
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]


# --- the register of local documents (本地文件登记, issue 18) -----------------------------------

class LocalDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A document reaches the user's organizations when it covers them (issued above them)
        or lies in their subtree (a county's document, seen from the city)."""
        from dangjian.core.scoping import scope_of

        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        paths = scope.paths_for("org.view")
        if not paths:
            return self.none()
        above = {path[:i] for path in paths for i in range(PartyOrg.steplen, len(path) + 1, PartyOrg.steplen)}
        below = models.Q()
        for path in paths:
            below |= models.Q(org__path__startswith=path)
        return self.filter(models.Q(org__path__in=above) | below)


class LocalDocument(models.Model):
    """A local document (a city's, a county's own opinion or notice) that local rules come from:
    data a higher committee keeps, so a rule cites it by its title, number and date and applies
    only in the subtree of `org`, the committee that registered it."""

    org = models.ForeignKey(PartyOrg, verbose_name="适用范围（本组织及下级）", on_delete=models.PROTECT,
                            related_name="local_documents")
    issuer = models.CharField("发文单位", max_length=120)
    title = models.CharField("文件标题", max_length=200)
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "本地文件"
        verbose_name_plural = verbose_name
        ordering = ["org__path", "-issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "issuer", "title"], name="local_document_once")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """How a rule cites it: 发文单位《标题》（文号）."""
        number = f"（{self.number}）" if self.number else ""
        return f"{self.issuer}《{self.title}》{number}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class LocalRuleSwitch(models.Model):
    """A committee switches a local rule (declared in code, dangjian.orgs.local_rules) on for its
    subtree from a date, citing the registered document it comes from. Never edited or deleted:
    what was in force on a past day must stay readable."""

    document = models.ForeignKey(LocalDocument, verbose_name="依据文件", on_delete=models.PROTECT,
                                 related_name="switches")
    rule = models.CharField("本地规定", max_length=64)
    org = models.ForeignKey(PartyOrg, verbose_name="启用范围（本组织及下级）", on_delete=models.PROTECT,
                            related_name="+")
    effective_from = models.DateField("生效日期")
    switched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    switched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "本地规定启用记录"
        verbose_name_plural = verbose_name
        ordering = ["org__path", "rule", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["rule", "org", "effective_from"], name="local_rule_switch_once")]

    def __str__(self):
        from dangjian.orgs.local_rules import local_rule

        declared = local_rule(self.rule)
        return f"{self.org} {declared.label if declared else '本地规定'} {self.effective_from:%Y-%m-%d}起"

    @property
    def audit_org_path(self) -> str:
        return self.org.path
