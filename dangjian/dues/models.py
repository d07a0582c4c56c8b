"""Party dues (党费): bases, the monthly ledger, payments, hardship approvals, remittances.

Money columns are Decimal(10, 2) in yuan. Nothing here is edited after it is written except
the two flags the services keep in step under a row lock (`DuesLine.paid_total/extra_total`,
`DuesPayment.is_reversed`); a correction is a reversing payment row with a reason. Every
change goes through dangjian.dues.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from dangjian.core.scoping import ScopedQuerySet, path_filter, scope_of
from dangjian.dues.rules import Category

MONEY = {"max_digits": 10, "decimal_places": 2}


class DuesQuerySet(ScopedQuerySet):
    """dues.view scope, plus the caller's own rows (a member sees their own dues)."""

    scope_fields = ("org__path",)
    own_field = "member__user"

    def visible_to(self, user, action: str = "dues.view"):
        scope = scope_of(user)
        if scope.is_superuser:
            return self.all()
        own = Q(**{self.own_field: user}) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
        return self.filter(path_filter(scope.paths_for(action), *self.scope_fields) | own)


class BaseQuerySet(DuesQuerySet):
    scope_fields = ("member__org__path",)


class DeclaredBy(models.TextChoices):
    MEMBER = "member", "党员本人申报"
    ORGANIZATION = "organization", "组织委员录入"


class DuesBase(models.Model):
    """A member's monthly base from a month on. A new row supersedes the older ones from its
    effective month; no row is ever edited, so the history is the table."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_bases")
    base = models.DecimalField("月缴费基数（元）", **MONEY)
    post_wage = models.DecimalField("岗位工资", null=True, blank=True, **MONEY)
    grade_wage = models.DecimalField("薪级工资", null=True, blank=True, **MONEY)
    performance_pay = models.DecimalField("绩效工资", null=True, blank=True, **MONEY)
    allowances = models.DecimalField("津贴补贴", null=True, blank=True, **MONEY)
    category = models.CharField("缴费类别", max_length=16, choices=[(c.value, c.label) for c in Category
                                                                  if c != Category.HARDSHIP])
    effective_month = models.DateField("起始月份")  # always the first day of a month
    declared_by = models.CharField("申报方式", max_length=12, choices=DeclaredBy.choices, default=DeclaredBy.ORGANIZATION)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    checked_on = models.DateField("核定日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = BaseQuerySet.as_manager()

    class Meta:
        verbose_name = "党费缴费基数"
        verbose_name_plural = verbose_name
        ordering = ["member_id", "effective_month", "id"]
        indexes = [models.Index(fields=["member", "effective_month"])]
        constraints = [
            models.CheckConstraint(condition=Q(base__gte=0), name="dues_base_not_negative"),
        ]

    def __str__(self):
        return f"{self.member_id} {self.effective_month:%Y-%m} {self.base}"


class HardshipApproval(models.Model):
    """少交或免交: approved by the higher committee for a span of months (amount 0 = waived)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_hardships")
    from_month = models.DateField("起始月份")
    to_month = models.DateField("截止月份", null=True, blank=True)
    amount = models.DecimalField("批准每月交纳（元）", **MONEY)
    approved_by = models.CharField("批准组织", max_length=120)
    approved_on = models.DateField("批准日期")
    reason = models.CharField("困难情况", max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = BaseQuerySet.as_manager()

    class Meta:
        ordering = ["member_id", "from_month", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="dues_hardship_not_negative")]


class PaymentPlan(models.TextChoices):
    MONTHLY = "monthly", "按月交纳"
    QUARTERLY = "quarterly", "按季度交纳（经支部同意）"


class DuesArrangement(models.Model):
    """按季度交纳 with the branch's consent: months of a quarter count as arrears only after
    the quarter ends."""

    member = models.OneToOneField("members.Member", on_delete=models.CASCADE, related_name="dues_arrangement")
    plan = models.CharField("交纳方式", max_length=10, choices=PaymentPlan.choices, default=PaymentPlan.MONTHLY)
    consented_on = models.DateField("支部同意日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    objects = BaseQuerySet.as_manager()


class DuesLedgerMonth(models.Model):
    """That an organization's ledger for a month has been generated (and when, by whom)."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="dues_months")
    month = models.DateField("月份")
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "month"], name="one_ledger_per_org_month")]


class LineQuerySet(DuesQuerySet):
    def settled(self):
        """Owes nothing for the month: paid in full, or waived (amount 0)."""
        return self.filter(amount_due__isnull=False, paid_total__gte=models.F("amount_due"))

    def unsettled(self):
        """Still owes something for the month (DuesLine.owing)."""
        return self.filter(owing=True)


class DuesLine(models.Model):
    """One member's dues for one month, in the organization that bills them that month.
    `amount_due` is null when the member had no base: they are listed, not guessed."""

    # No single-column indexes on the two keys: the unique (member, month) and the (org, month)
    # index lead with them and serve every lookup, and each index more is paid on every line
    # written (22,000 a month for a city, 1.3 million in the demo's five years).
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_lines", db_index=False)
    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="dues_lines", db_index=False)
    month = models.DateField("月份")
    category = models.CharField("缴费类别", max_length=16, choices=Category.choices)
    base = models.DecimalField("缴费基数", null=True, blank=True, **MONEY)
    rate = models.DecimalField("比例", max_digits=6, decimal_places=4, null=True, blank=True)
    amount_due = models.DecimalField("应缴金额", null=True, blank=True, **MONEY)
    rule = models.CharField("计算依据", max_length=300, blank=True)
    # Kept in step with the payments by the services under the line's row lock; the property
    # test checks both against the sum of the entries.
    paid_total = models.DecimalField("已缴（按月）", default=0, **MONEY)
    extra_total = models.DecimalField("自愿多交", default=0, **MONEY)
    # Still owes for the month (a base, and less paid than due), kept by the database from the two
    # amounts. A column, not the comparison written in each query: PostgreSQL cannot estimate
    # "paid_total < amount_due" (two columns compared: it assumes a third of the rows), so at
    # province scale it expected 1.9 million unsettled lines in the arrears' 24 months where there
    # were 36,000, and read all 14 million lines (1.4 s). A column has statistics of its own.
    owing = models.GeneratedField(expression=Q(amount_due__isnull=False, paid_total__lt=F("amount_due")),
                                  output_field=models.BooleanField(), db_persist=True)

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = "党费月度台账"
        verbose_name_plural = verbose_name
        ordering = ["org_id", "month", "member_id"]
        indexes = [models.Index(fields=["org", "month"]),
                   # with the amounts: a month's sums over a subtree (the collection sheet) come from the
                   # index alone on PostgreSQL (SQLite builds it without the included columns)
                   models.Index(fields=["month", "org"], include=["amount_due", "paid_total", "extra_total"],
                                name="dues_line_month_org"),
                   # the arrears (selectors.arrears: the 全景, the arrears page, the home's to-do) read the
                   # unsettled lines of 24 months: a few thousand among half a million at city scale, which
                   # the (month, org) index could only find by reading every line of those months
                   # with what the arrears read of each line: an index-only scan (36,000 lines of a province's
                   # 14 million, each on a heap page of its own, cost 108 ms to visit; from the index 6 ms)
                   models.Index(fields=["month"], include=["member", "org", "amount_due"], condition=Q(owing=True),
                                name="dues_line_unsettled")]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="one_dues_line_per_member_month")]

    def __str__(self):
        return f"{self.member_id} {self.month:%Y-%m}"

    @property
    def audit_org_path(self) -> str:
        return self.org.path

    @property
    def is_settled(self) -> bool:
        return self.amount_due is not None and self.paid_total >= self.amount_due


class Method(models.TextChoices):
    CASH = "cash", "现金"
    TRANSFER = "transfer", "银行转账"
    ONLINE = "online", "线上缴纳"


class PaymentKind(models.TextChoices):
    REGULAR = "regular", "按月交纳"
    BACK = "back", "补交"
    EXTRA = "extra", "自愿多交"


REGULAR_KINDS = (PaymentKind.REGULAR, PaymentKind.BACK)


class PaymentQuerySet(DuesQuerySet):
    scope_fields = ("line__org__path",)
    own_field = "line__member__user"


class DuesPayment(models.Model):
    """One entry of the ledger. A correction is another entry with `reverses` set, the negated
    amount and a reason; the reversed entry is only flagged, never changed or deleted."""

    line = models.ForeignKey(DuesLine, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField("类型", max_length=8, choices=PaymentKind.choices)
    amount = models.DecimalField("金额", **MONEY)
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    reference = models.CharField("交易凭证号", max_length=80, blank=True)
    paid_on = models.DateField("交纳日期")
    proxy_name = models.CharField("代交人", max_length=60, blank=True)
    remit_in_full = models.BooleanField("全额上缴", default=False)
    # Unique by a constraint (Meta), not unique=True: on PostgreSQL that would also build a second,
    # pattern-matching (LIKE) index on the key, which no query uses, for every payment written.
    idempotency_key = models.CharField(max_length=80)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal")
    is_reversed = models.BooleanField("已冲正", default=False)
    reason = models.CharField("冲正原因", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "党费收缴记录"
        verbose_name_plural = verbose_name
        ordering = ["line_id", "recorded_at", "id"]
        indexes = [models.Index(fields=["paid_on"])]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="dues_payment_idempotency_key_once"),
            # A member-month is paid once: at most one live (not reversed, not itself a
            # reversal) regular or back payment per line. After a reversal the old row no
            # longer matches the condition, so a new payment is possible.
            models.UniqueConstraint(fields=["line"], condition=Q(kind__in=REGULAR_KINDS, reverses__isnull=True,
                                                                  is_reversed=False),
                                    name="one_live_payment_per_line"),
            models.CheckConstraint(condition=Q(reverses__isnull=True, amount__gt=0)
                                   | Q(reverses__isnull=False, amount__lt=0), name="dues_payment_sign"),
            models.CheckConstraint(condition=Q(reverses__isnull=True) | ~Q(reason=""),
                                   name="dues_reversal_has_reason"),
        ]

    @property
    def audit_org_path(self) -> str:
        return self.line.org.path


class RemittanceQuerySet(ScopedQuerySet):
    scope_fields = ("org__path",)

    def visible_to(self, user, action: str = "dues.view"):
        return super().visible_to(user, action)


class Remittance(models.Model):
    """上缴: what an organization sent to the higher organization for a span of months."""

    org = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="dues_remittances")
    period_start = models.DateField("所属期起")
    period_end = models.DateField("所属期止")
    amount = models.DecimalField("上缴金额", **MONEY)
    remitted_on = models.DateField("上缴日期")
    to_org = models.ForeignKey("orgs.PartyOrg", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_org_name = models.CharField("接收组织", max_length=120, blank=True)
    reference = models.CharField("凭证号", max_length=80, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RemittanceQuerySet.as_manager()

    class Meta:
        ordering = ["org_id", "period_start", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dues_remittance_positive")]

    @property
    def audit_org_path(self) -> str:
        return self.org.path
