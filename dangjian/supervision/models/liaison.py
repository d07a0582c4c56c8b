"""党建工作联系点 and 巡回督导: the higher committee's own look at its schools.

- LiaisonAssignment: for a year, one member of a county (or city) committee — someone holding a
  post on the committee organization — is assigned a liaison school; LiaisonVisit: the visits
  planned (a date) and made (date, who went, what was found) on that assignment.
- InspectionRound: a 巡回督导 round opened by a committee (period, schools in scope, checklist of
  ChecklistEntry with maximum scores); InspectionResult: one school's result in the round, with
  an InspectionScore per checklist entry and the findings.

Every change goes through dangjian.supervision.services.liaison. Visits and results are placed in
the tree by their school (its party organization, else its supervising committee): the school
sees what concerns it, the committee its subtree.
"""

from django.conf import settings
from django.db import models

from dangjian.core.scoping import ScopedQuerySet
from dangjian.supervision.rules.liaison import RoundState, VisitState


class BySchool(ScopedQuerySet):
    scope_fields = ("school__party_org__path", "school__supervisor__path")

    def visible_to(self, user, action: str = "liaison.view"):
        return super().visible_to(user, action)


class ByCommittee(ScopedQuerySet):
    scope_fields = ("committee__path",)

    def visible_to(self, user, action: str = "liaison.view"):
        return super().visible_to(user, action)


class LiaisonAssignment(models.Model):
    committee = models.ForeignKey("orgs.PartyOrg", verbose_name="安排单位", on_delete=models.PROTECT,
                                  related_name="liaison_assignments")
    year = models.PositiveSmallIntegerField("年度")
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="联系人账号", on_delete=models.PROTECT,
                                related_name="liaison_assignments")
    liaison_name = models.CharField("联系人", max_length=60)
    post_label = models.CharField("职务", max_length=30, blank=True)
    school = models.ForeignKey("orgs.School", verbose_name="联系学校", on_delete=models.PROTECT,
                               related_name="liaison_assignments")
    visits_required = models.PositiveSmallIntegerField("每年至少走访（次）", default=2)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BySchool.as_manager()

    class Meta:
        verbose_name = "党建工作联系点"
        verbose_name_plural = verbose_name
        ordering = ["-year", "school_id", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "school", "liaison"], name="one_liaison_per_school_year")]

    def __str__(self):
        return f"{self.year}年 {self.liaison_name} 联系 {self.school.name}"

    @property
    def name(self) -> str:
        return self.school.name

    @property
    def audit_org_path(self) -> str:
        return self.school.audit_org_path


class LiaisonVisit(models.Model):
    assignment = models.ForeignKey(LiaisonAssignment, on_delete=models.PROTECT, related_name="visits")
    # the assignment's school, kept on the visit: the school's record and scoping filter on it
    school = models.ForeignKey("orgs.School", verbose_name="学校", on_delete=models.PROTECT,
                               related_name="liaison_visits")
    state = models.CharField("状态", max_length=12, choices=VisitState.choices, default=VisitState.PLANNED)
    planned_on = models.DateField("计划日期", null=True, blank=True)
    visited_on = models.DateField("走访日期", null=True, blank=True)
    visitors = models.CharField("参加人员", max_length=200, blank=True)
    findings = models.TextField("调研指导情况与发现的问题", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BySchool.as_manager()

    class Meta:
        verbose_name = "联系点走访"
        verbose_name_plural = verbose_name
        ordering = ["school_id", "-visited_on", "-planned_on", "-id"]
        indexes = [models.Index(fields=["school", "visited_on"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(state=VisitState.DONE, visited_on__isnull=False)
            | models.Q(state=VisitState.PLANNED, planned_on__isnull=False, visited_on__isnull=True),
            name="liaison_visit_dates_match_state")]

    def __str__(self):
        day = self.visited_on or self.planned_on
        return f"{self.school.name} {day:%Y-%m-%d}"

    @property
    def name(self) -> str:
        return str(self)

    @property
    def audit_org_path(self) -> str:
        return self.school.audit_org_path


class InspectionRound(models.Model):
    committee = models.ForeignKey("orgs.PartyOrg", verbose_name="督导单位", on_delete=models.PROTECT,
                                  related_name="inspection_rounds")
    title = models.CharField("名称", max_length=120)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    state = models.CharField("状态", max_length=12, choices=RoundState.choices, default=RoundState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByCommittee.as_manager()

    class Meta:
        verbose_name = "巡回督导"
        verbose_name_plural = verbose_name
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def name(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.committee.path


class ChecklistEntry(models.Model):
    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="checklist")
    number = models.PositiveSmallIntegerField("序号")
    text = models.CharField("督导内容", max_length=200)
    max_score = models.DecimalField("分值", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["round_id", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="one_checklist_number_per_round")]


class InspectionResult(models.Model):
    round = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="results")
    school = models.ForeignKey("orgs.School", verbose_name="学校", on_delete=models.PROTECT,
                               related_name="inspection_results")
    inspected_on = models.DateField("督导日期", null=True, blank=True)
    inspectors = models.CharField("督导人员", max_length=200, blank=True)
    findings = models.TextField("发现的问题", blank=True)
    total = models.DecimalField("得分", max_digits=6, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    objects = BySchool.as_manager()

    class Meta:
        verbose_name = "巡回督导结果"
        verbose_name_plural = verbose_name
        ordering = ["round_id", "school__name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "school"], name="one_result_per_round_school")]

    def __str__(self):
        return f"{self.round.title}：{self.school.name}"

    @property
    def name(self) -> str:
        return self.school.name

    @property
    def audit_org_path(self) -> str:
        return self.school.audit_org_path


class InspectionScore(models.Model):
    result = models.ForeignKey(InspectionResult, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(ChecklistEntry, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["result_id", "entry__number"]
        constraints = [models.UniqueConstraint(fields=["result", "entry"], name="one_score_per_result_entry")]
