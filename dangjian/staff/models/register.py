"""The staff register (教职工): every member of a school's staff, party member or not, and the
school's leadership team (班子成员) over time. The supervision ledgers (责任书, 廉政风险台账) and
the professional-ethics records (师德师风) are about these people, not only about party members.

Every change goes through dangjian.staff.services; these models only hold the data. ID numbers
and phones follow the members' rules: ciphertext, blind index and mask, never plaintext."""

from django.conf import settings
from django.db import models

from dangjian.core.personal_data import PersonalData
from dangjian.core.scoping import ScopedQuerySet


class StaffPost(models.TextChoices):
    """岗位类别 (the categories of the education statistics: 专任教师 and the others)."""

    LEADER = "leader", "校级领导"
    MIDDLE = "middle", "中层干部"
    TEACHER = "teacher", "专任教师"
    ADMINISTRATIVE = "administrative", "行政人员"
    SUPPORT = "support", "教辅人员"
    WORKER = "worker", "工勤人员"


class StaffQuerySet(ScopedQuerySet):
    # A staff member is reached through the school's party organization, or through the
    # education committee the school belongs to — as the school itself is (orgs.SchoolQuerySet).
    scope_fields = ("school__party_org__path", "school__supervisor__path")

    def current(self, on=None):
        """Employed on `on` (today if not given)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(employed_from__lte=day).filter(
            models.Q(employed_until__isnull=True) | models.Q(employed_until__gte=day)
        )


class StaffMember(PersonalData, models.Model):
    PERSONAL_DATA_AAD = "staff"  # ID number and phone: dangjian.core.personal_data

    school = models.ForeignKey("orgs.School", verbose_name="学校", on_delete=models.PROTECT, related_name="staff")
    name = models.CharField("姓名", max_length=60)
    gender = models.CharField("性别", max_length=8, choices=[("male", "男"), ("female", "女")])
    id_number_encrypted = models.TextField("身份证号（密文）")
    id_number_index = models.CharField(max_length=64)
    id_number_masked = models.CharField("身份证号", max_length=18)
    phone_encrypted = models.TextField("手机号（密文）", blank=True)
    phone_masked = models.CharField("手机号", max_length=11, blank=True)
    post = models.CharField("岗位类别", max_length=16, choices=StaffPost.choices, default=StaffPost.TEACHER)
    office = models.CharField("职务", max_length=60, blank=True)  # 校长, 教导主任, 语文教研组长 …
    department = models.CharField("部门", max_length=60, blank=True)
    title = models.CharField("职称", max_length=30, blank=True)
    employed_from = models.DateField("入职日期")
    employed_until = models.DateField("离职日期", null=True, blank=True)
    # The member record when this person is a party member of the school (a member's record may
    # belong to one staff entry at a time: the school where he works now).
    member = models.OneToOneField(
        "members.Member", verbose_name="党员档案", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="staff_entry",
    )
    # The system account of a person who has one (a principal, a secretary): what he signs on
    # screen (责任书, 承诺书) is signed as this staff entry.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="系统账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="staff_entry",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = "教职工"
        verbose_name_plural = verbose_name
        constraints = [
            # One entry per person and school; the same person may appear at another school later.
            models.UniqueConstraint(fields=["school", "id_number_index"], name="staff_one_entry_per_school"),
        ]
        indexes = [models.Index(fields=["school", "post"])]

    def __str__(self):
        return self.name

    @property
    def audit_org_path(self) -> str:
        school = self.school
        return (school.party_org or school.supervisor).path

    @property
    def is_party_member(self) -> bool:
        return self.member_id is not None


class LeadershipRole(models.TextChoices):
    SECRETARY = "secretary", "党组织书记"
    DEPUTY_SECRETARY = "deputy_secretary", "党组织副书记"
    PRINCIPAL = "principal", "校长"
    VICE_PRINCIPAL = "vice_principal", "副校长"
    DISCIPLINE = "discipline", "纪检委员"
    OTHER = "other", "其他班子成员"


class LeadershipTermQuerySet(ScopedQuerySet):
    scope_fields = ("staff__school__party_org__path", "staff__school__supervisor__path")


class LeadershipTerm(models.Model):
    """A seat on the school's leadership team (班子成员), from a date to a date."""

    staff = models.ForeignKey(StaffMember, verbose_name="教职工", on_delete=models.PROTECT, related_name="leadership_terms")
    role = models.CharField("班子职务", max_length=20, choices=LeadershipRole.choices)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("卸任日期", null=True, blank=True)

    objects = LeadershipTermQuerySet.as_manager()

    class Meta:
        verbose_name = "班子成员任职"
        verbose_name_plural = verbose_name
        ordering = ["started_on"]

    def __str__(self):
        return f"{self.staff.name}（{self.get_role_display()}）"

    @property
    def audit_org_path(self) -> str:
        return self.staff.audit_org_path
