"""Drafts of the documents a school writes every year from the system's own data, and their
versions: generating writes version 1 (and a later regeneration a new version from the data of
that day); every save of people's edits is a new version; no version is ever changed or deleted,
so what the system wrote and what people made of it can both be read later."""

from django.conf import settings
from django.db import models

from dangjian.core.roles import Action
from dangjian.core.scoping import ScopedQuerySet

# Reading a draft: whoever reads the organization's members and dues (the figures in it) —
# the committee members, the clerk, the higher committee; not the principal, not a member.
READ_ACTION = Action.REPORT_VIEW
# Writing one: the posts that fill in the school's own self-assessment (评星定级 自评) — the
# secretary, deputy, organization committee member and clerk. The higher committee reads the
# school's report; it does not write it. (Both granted in dangjian.core.roles.)
WRITE_ACTION = Action.REPORT_DRAFT


class DraftKind(models.TextChoices):
    SELF_CHECK = "self_check", "党建工作自查报告"
    ANNUAL_SUMMARY = "annual_summary", "年度党建工作总结"
    DUTY_REPORT = "duty_report", "书记抓党建工作述职报告"


class DraftQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = READ_ACTION):
        return super().visible_to(user, action)


class ReportDraft(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文稿类型", max_length=20, choices=DraftKind.choices)
    period = models.CharField("报告期间", max_length=10)  # 2026, 2026-H1, 2026-H2 (facts.ReportPeriod)
    title = models.CharField("标题", max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("生成时间")
    updated_at = models.DateTimeField("最近保存")

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = "党建报告文稿"
        verbose_name_plural = verbose_name
        ordering = ["-period", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "period"], name="one_draft_per_kind_and_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def latest(self):
        return self.versions.order_by("-number").first()


class VersionOrigin(models.TextChoices):
    GENERATED = "generated", "系统根据数据生成"
    EDITED = "edited", "人工修改"


class DraftVersion(models.Model):
    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    origin = models.CharField("来源", max_length=10, choices=VersionOrigin.choices)
    # [{"key": "orglife", "heading": "一、…", "text": "…"}] in the document's order
    sections = models.JSONField("各部分内容")
    # What the generator knew, in the facts layer's order: [[key, label, text, url]] — the figures
    # behind a generated version stay readable after the data moves on (a list: jsonb keeps no key order).
    facts = models.JSONField("生成时的数据", default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作者", null=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField("作者姓名", max_length=150, blank=True)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = "文稿版本"
        verbose_name_plural = verbose_name
        ordering = ["draft", "-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="one_version_number_per_draft")]

    def __str__(self) -> str:
        return f"{self.draft} 第{self.number}版"

    @property
    def audit_org_path(self) -> str:
        return self.draft.org.path
