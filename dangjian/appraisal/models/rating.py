"""评星定级: the standards as data (a set per issuing committee and year, its areas, items with
points and evidence kind, star thresholds, 摘星 situations), a rating per organization and year
with its item scores and timeline, the city's sampling draws and 公示, and 摘星 with the 黑榜
notice, the 软弱涣散 list and its 整顿 tasks. Every change goes through
dangjian.appraisal.services.rating*."""

from django.conf import settings
from django.db import models

from dangjian.appraisal.rules.rating import (
    DEFAULT_FIVE_STAR_CAP,
    DEFAULT_PUBLICITY_DAYS,
    DEFAULT_SAMPLE_PERCENT,
    STAR_LABELS,
    EvidenceKind,
    State,
    WeakState,
)
from dangjian.core.scoping import ScopedQuerySet

SCORE = {"max_digits": 5, "decimal_places": 1}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class RatingQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "rating.view"):
        return super().visible_to(user, action)


class StandardQuerySet(ScopedQuerySet):
    """A set is read by whoever works under its issuing committee (the schools it applies to)
    and by the committee itself: scoped through the owner's path in both directions, so the
    view filters by ancestors of the user's organizations (selectors.rating.sets_for)."""

    scope_fields = ("owner__path",)


class StandardSet(models.Model):
    owner = models.ForeignKey("orgs.PartyOrg", verbose_name="制定单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    code = models.SlugField("代号", max_length=30)
    name = models.CharField("标准名称", max_length=120)
    note = models.TextField("说明", blank=True)
    is_example = models.BooleanField("示例标准（演示城市录入）", default=False)
    title_name = models.CharField("达标称号", max_length=40, blank=True, help_text="例如“六好党支部”；留空则不评称号")
    title_min_score = models.DecimalField("达标称号最低分", null=True, blank=True, **SCORE)
    five_star_cap = models.DecimalField("五星级占比上限（%）", null=True, blank=True, default=DEFAULT_FIVE_STAR_CAP,
                                        **PERCENT)
    sample_percent = models.DecimalField("市级抽查比例（%）", default=DEFAULT_SAMPLE_PERCENT, **PERCENT)
    publicity_days = models.PositiveSmallIntegerField("公示天数（工作日）", default=DEFAULT_PUBLICITY_DAYS)
    copied_from = models.ForeignKey("self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = "评星定级标准"
        verbose_name_plural = verbose_name
        ordering = ["-year", "owner_id", "code"]
        constraints = [models.UniqueConstraint(fields=["owner", "year", "code"], name="rating_set_once_a_year")]

    def __str__(self):
        return f"{self.year}年度{self.name}"

    @property
    def audit_org_path(self) -> str:
        return self.owner.path


class StandardArea(models.Model):
    standard = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="areas")
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("方面", max_length=60)

    class Meta:
        ordering = ["standard_id", "order"]
        constraints = [models.UniqueConstraint(fields=["standard", "order"], name="rating_area_order")]

    def __str__(self):
        return self.name


class StandardItem(models.Model):
    standard = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="items")
    area = models.ForeignKey(StandardArea, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("标准内容", max_length=300)
    points = models.DecimalField("分值", **SCORE)
    evidence = models.CharField("佐证方式", max_length=12, choices=EvidenceKind.choices)
    check_code = models.CharField("自动计算项", max_length=40, blank=True)
    guidance = models.CharField("评分办法", max_length=300, blank=True)

    class Meta:
        ordering = ["standard_id", "area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "order"], name="rating_item_order")]

    def __str__(self):
        return self.text

    @property
    def number(self) -> str:
        return f"{self.area.order}.{self.order}"


class StarLevel(models.Model):
    standard = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="levels")
    stars = models.PositiveSmallIntegerField("星级")
    min_score = models.DecimalField("最低分", **SCORE)

    class Meta:
        ordering = ["standard_id", "stars"]
        constraints = [models.UniqueConstraint(fields=["standard", "stars"], name="rating_level_once")]


class Situation(models.Model):
    """One of the 摘星 situations of a set (seed 001: 8 of them), an editable row."""

    standard = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="situations")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("情形", max_length=300)

    class Meta:
        ordering = ["standard_id", "order"]
        constraints = [models.UniqueConstraint(fields=["standard", "order"], name="rating_situation_order")]

    def __str__(self):
        return self.text


class SamplingDraw(models.Model):
    """A city's random draw among the ratings its counties passed, recorded with its seed so
    that anyone can check it (R_SAMPLING)."""

    owner = models.ForeignKey("orgs.PartyOrg", verbose_name="抽查单位", on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(StandardSet, on_delete=models.PROTECT, related_name="draws")
    year = models.PositiveSmallIntegerField("年度")
    percent = models.DecimalField("抽查比例（%）", **PERCENT)
    population = models.PositiveIntegerField("待抽查的党组织数")
    drawn = models.PositiveIntegerField("抽中数")
    seed = models.CharField("随机种子", max_length=64)
    drawn_on = models.DateField("抽取日期")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["-drawn_on", "-id"]

    @property
    def audit_org_path(self) -> str:
        return self.owner.path


class Publicity(models.Model):
    """评定结果公示: a batch of ratings on notice for `working_days` working days from `start`."""

    owner = models.ForeignKey("orgs.PartyOrg", verbose_name="公示单位", on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(StandardSet, on_delete=models.PROTECT, related_name="publicities")
    year = models.PositiveSmallIntegerField("年度")
    start = models.DateField("公示开始")
    working_days = models.PositiveSmallIntegerField("公示天数（工作日）")
    end = models.DateField("公示截止（含）")
    closed_on = models.DateField("评定日期", null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]

    def __str__(self):
        return f"{self.year}年度评星定级结果公示（{self.start:%Y-%m-%d}起）"

    @property
    def audit_org_path(self) -> str:
        return self.owner.path


class StarRating(models.Model):
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="star_ratings")
    standard = models.ForeignKey(StandardSet, verbose_name="标准", on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    self_score = models.DecimalField("自评得分", null=True, blank=True, **SCORE)
    reviewed_score = models.DecimalField("审核得分", null=True, blank=True, **SCORE)
    final_score = models.DecimalField("评定得分", null=True, blank=True, **SCORE)
    stars = models.PositiveSmallIntegerField("星级", null=True, blank=True)
    title_awarded = models.BooleanField("达标称号", default=False)
    sampling = models.ForeignKey(SamplingDraw, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    drawn = models.BooleanField("被抽中", default=False)
    publicity = models.ForeignKey(Publicity, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    computed_at = models.DateTimeField("自动项目计算时间", null=True, blank=True)
    submitted_on = models.DateField("上报日期", null=True, blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    granted_on = models.DateField("评定日期", null=True, blank=True)
    revoked_on = models.DateField("摘星日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "评星定级"
        verbose_name_plural = verbose_name
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="rating_once_a_year")]
        indexes = [models.Index(fields=["year", "state"], name="rating_year_state")]

    def __str__(self):
        return f"{self.org.name} {self.year}年度评星定级"

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def stars_label(self) -> str:
        return STAR_LABELS.get(self.stars or 0, "") if self.stars is not None else "—"


class ItemScore(models.Model):
    rating = models.ForeignKey(StarRating, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField("自评得分", null=True, blank=True, **SCORE)
    self_note = models.CharField("自评说明", max_length=500, blank=True)
    auto_finding = models.CharField("系统计算情况", max_length=500, blank=True)
    auto_url = models.CharField("佐证页面", max_length=300, blank=True)
    auto_state = models.CharField(max_length=8, blank=True)
    review_score = models.DecimalField("审核得分", null=True, blank=True, **SCORE)
    review_reason = models.CharField("审核调整理由", max_length=500, blank=True)
    check_score = models.DecimalField("抽查得分", null=True, blank=True, **SCORE)
    check_reason = models.CharField("抽查调整理由", max_length=500, blank=True)

    class Meta:
        ordering = ["rating_id", "item__area__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["rating", "item"], name="rating_item_scored_once")]

    @property
    def final(self):
        for value in (self.check_score, self.review_score, self.self_score):
            if value is not None:
                return value
        return None


class Evidence(models.Model):
    """A file supporting one item's self-score (stored by dangjian.core.uploads)."""

    score = models.ForeignKey(ItemScore, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=200)
    file_kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class RatingEvent(models.Model):
    """The rating's timeline: one row per step (自评上报, 审核, 抽查, 公示, 评定, 摘星 …)."""

    rating = models.ForeignKey(StarRating, on_delete=models.CASCADE, related_name="events")
    source = models.CharField(max_length=12, choices=State.choices, blank=True)
    target = models.CharField(max_length=12, choices=State.choices)
    occurred_on = models.DateField()
    facts = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rating_id", "occurred_on", "id"]


class Revocation(models.Model):
    """摘星 and its 黑榜通报."""

    rating = models.OneToOneField(StarRating, on_delete=models.PROTECT, related_name="revocation")
    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    situation = models.ForeignKey(Situation, verbose_name="情形", on_delete=models.PROTECT, related_name="+")
    situation_text = models.CharField("情形", max_length=300)
    facts = models.TextField("事实")
    stars_before = models.PositiveSmallIntegerField("原星级")
    occurred_on = models.DateField("情形发生日期")
    decided_on = models.DateField("摘星日期")
    notice_no = models.CharField("黑榜通报文号", max_length=60)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "摘星（黑榜）"
        verbose_name_plural = verbose_name
        ordering = ["-decided_on", "-id"]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class WeakOrg(models.Model):
    """An organization on the 软弱涣散 list, with its 整顿 plan (the tasks)."""

    org = models.ForeignKey("orgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    revocation = models.OneToOneField(Revocation, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="weak")
    reason = models.CharField("纳入原因", max_length=300)
    listed_on = models.DateField("纳入日期")
    state = models.CharField("状态", max_length=12, choices=WeakState.choices, default=WeakState.RECTIFYING)
    lifted_on = models.DateField("销号日期", null=True, blank=True)
    lift_note = models.CharField("验收意见", max_length=300, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "软弱涣散党组织"
        verbose_name_plural = verbose_name
        ordering = ["-listed_on", "-id"]

    @property
    def audit_org_path(self) -> str:
        return self.org.path


class WeakTask(models.Model):
    """One 整顿 task: what, who answers for it, by when; done with a note of what was done."""

    weak = models.ForeignKey(WeakOrg, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("整顿任务", max_length=200)
    owner_name = models.CharField("责任人", max_length=60)
    deadline = models.DateField("完成时限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_note = models.CharField("完成情况", max_length=300, blank=True)

    class Meta:
        ordering = ["weak_id", "deadline", "id"]
