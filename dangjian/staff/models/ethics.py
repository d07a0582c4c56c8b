"""师德师风: the yearly ethics assessment (师德考核) of each teacher and the records of violations of
professional ethics (违反职业道德行为) with their handling (处理). The rules they follow and their
sources are in dangjian.staff.rules.ethics; every change goes through dangjian.staff.services.ethics.

A violation is what the one-vote veto (一票否决) reads: dangjian.staff.services.ethics.ethics_veto
is asked by the decisions module (评优选优, 人事职称) and shown by the recruitment module."""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.staff.models.register import StaffMember
from dangjian.staff.rules.ethics import EthicsGrade, Handling, Standard


class EthicsQuerySet(ScopedQuerySet):
    # reached as the staff member is: through the school's party organization or its supervisor
    scope_fields = ("staff__school__party_org__path", "staff__school__supervisor__path")

    def visible_to(self, user, action: str = "ethics.view"):
        return super().visible_to(user, action)


class EthicsAssessment(models.Model):
    """One teacher's 师德考核 for one year (one row per teacher and year)."""

    staff = models.ForeignKey(StaffMember, verbose_name="教职工", on_delete=models.PROTECT,
                              related_name="ethics_assessments")
    year = models.PositiveSmallIntegerField("考核年度")
    grade = models.CharField("考核等次", max_length=16, choices=EthicsGrade.choices)
    note = models.CharField("评语", max_length=300, blank=True)
    assessed_on = models.DateField("考核日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EthicsQuerySet.as_manager()

    class Meta:
        verbose_name = "师德考核"
        verbose_name_plural = verbose_name
        ordering = ["-year", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="ethics_one_assessment_per_year")]

    def __str__(self):
        return f"{self.staff.name} {self.year}年度师德考核：{self.get_grade_display()}"

    @property
    def audit_org_path(self) -> str:
        return self.staff.audit_org_path


class EthicsViolation(models.Model):
    """A verified violation of professional ethics and how it was handled."""

    staff = models.ForeignKey(StaffMember, verbose_name="教职工", on_delete=models.PROTECT,
                              related_name="ethics_violations")
    occurred_on = models.DateField("发生日期", db_index=True)
    standard = models.PositiveSmallIntegerField("违反的准则条目", choices=Standard.choices)
    description = models.TextField("违规行为")
    handling = models.CharField("处理方式", max_length=20, choices=Handling.choices)
    handling_note = models.CharField("处理情况", max_length=300, blank=True)
    decided_on = models.DateField("处理决定日期")
    decided_by = models.CharField("处理决定单位", max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EthicsQuerySet.as_manager()

    class Meta:
        verbose_name = "师德违规记录"
        verbose_name_plural = verbose_name
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["staff", "occurred_on"])]

    def __str__(self):
        return f"{self.staff.name} {self.occurred_on:%Y-%m-%d} {self.get_standard_display()}"

    @property
    def name(self) -> str:  # what the permission matrix looks for in a page
        return self.staff.name

    @property
    def audit_org_path(self) -> str:
        return self.staff.audit_org_path

    @property
    def summary(self) -> str:
        """What a refusal names: the date, the standard broken and the handling."""
        return (f"{self.occurred_on:%Y年%m月%d日}违反{self.get_standard_display()}"
                f"（{self.description[:40]}），处理：{self.get_handling_display()}")
