"""Rules of party dues (党费) as data, each with its citation, and the one pure calculator.

The source is 中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号,
in force from 2008-04-01), numbered by articles (第一条 …; docs/citations.md says which were checked). A bracket table carries the date it takes
effect, so a later regulation is one more table, not a code change; `table_for(category, month)`
picks the table in force in that month.

Rounding — the regulation sets none, so the system states its own:

    Dues are computed in yuan as base × rate and rounded to the cent (0.01 yuan) with
    ROUND_HALF_UP (half a cent rounds up: 3000.01 × 1% = 30.0001 → 30.00; 4567.50 × 1% =
    45.675 → 45.68). Every amount is a Decimal with two places; no float is ever involved.

A bracket includes its upper bound: 3000.00 pays 0.5%, 3000.01 pays 1%.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

from dangjian.core.errors import Rule, RuleViolation

REGULATION = "《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）"
CONSTITUTION = "《中国共产党章程》"
CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = "按缴费基数乘以比例计算，四舍五入到分（0.01 元，半分进为一分）"
EFFECTIVE_2008 = datetime.date(2008, 4, 1)
MAX_MONEY = Decimal("99999999.99")  # what Decimal(10, 2) holds

FIXED_MONTHLY = Decimal("0.20")  # students, unemployed, 低保: 0.2 yuan a month
REMIT_IN_FULL_FROM = Decimal("1000.00")  # a voluntary one-off ≥ 1000 yuan goes wholly upward
BACK_PAYMENT_MONTHS = 6
# Arrears (欠缴): a run of consecutive unpaid months, judged by `arrears_status` below.
# 6 months is the Constitution's: 《中国共产党章程》第九条 "党员如果没有正当理由，连续六个月不参加党的组织
# 生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。支部大会应当决定把这样的党员除名，并报上级党
# 组织批准。" 3 months is this system's working convention, not a regulation: the dues rules ask the
# organization to 及时批评教育、限期改正 a member who does not pay, without a number of months, and 3 is
# the point where the secretary is told to do so (half-way to the 6-month lapse).
WARNING_MONTHS = 3
LAPSE_MONTHS = 6
BASE_RECHECK_MONTHS = 12


class Category(models.TextChoices):
    """What the member's dues are computed from. Hardship is not a base category: it is an
    approval (HardshipApproval) that, while in force, replaces the computed amount."""

    IN_SERVICE = "in_service", "在职（按月工资收入）"
    RETIRED = "retired", "离退休（按离退休费）"
    ANNUAL_SALARY = "annual_salary", "年薪制（按当月实际领取薪酬）"
    STUDENT = "student", "学生"
    UNEMPLOYED = "unemployed", "下岗失业"
    LOW_INCOME = "low_income", "领取最低生活保障金"
    HARDSHIP = "hardship", "经济困难（经批准少交或免交）"


BASE_CATEGORIES = [c for c in Category if c != Category.HARDSHIP]
FIXED_CATEGORIES = {Category.STUDENT, Category.UNEMPLOYED, Category.LOW_INCOME}

R_IN_SERVICE = Rule("dues_in_service", "有工资收入的党员按月工资收入（税后）分档交纳：3000 元及以下 0.5%，3000 至 5000 元（含）1%，"
                    "5000 至 10000 元（含）1.5%，10000 元以上 2%", f"{REGULATION}第一条、第二条")
R_RETIRED = Rule("dues_retired", "离退休党员以实得离退休费总额为基数：5000 元及以下 0.5%，5000 元以上 1%", f"{REGULATION}第五条")
R_ANNUAL_SALARY = Rule("dues_annual_salary", "实行年薪制人员中的党员，每月以当月实际领取的薪酬收入为计算基数，按在职党员的比例交纳；"
                       "年终兑现年薪的当月，以当月实际领取的薪酬总额为基数", f"{REGULATION}第三条")
R_FIXED = Rule("dues_fixed", "学生党员、下岗失业的党员、领取当地最低生活保障金的党员，每月交纳党费 0.2 元", f"{REGULATION}第六条")
R_HARDSHIP = Rule("dues_hardship", "交纳党费确有困难的党员，经党支部研究，报上一级党委批准后，可以少交或者免交党费", f"{REGULATION}第七条")
R_EXTRA = Rule("dues_extra", "党员自愿多交党费不限；自愿一次多交纳 1000 元以上的党费，全部上缴中央", f"{REGULATION}第十一条")
R_PROBATIONARY = Rule("dues_probationary", "预备党员从支部大会通过其为预备党员之日起交纳党费", f"{REGULATION}第八条")
R_NEW_WAGE = Rule("dues_new_wage", "党员工资收入发生变化后，从按新工资标准领取工资的当月起，以新的工资收入为基数，按照规定比例交纳党费",
                   f"{REGULATION}第十条")
R_MONTHLY = Rule("dues_monthly", "党员应当主动按月交纳党费；遇到特殊情况，经党支部同意，可以每季度交纳一次党费", f"{REGULATION}第十二条")
R_BACK_PAYMENT = Rule("dues_back_payment", f"补交党费的时间一般不得超过 {BACK_PAYMENT_MONTHS} 个月", f"{REGULATION}第十二条")
R_NO_ADVANCE = Rule("dues_no_advance", "党组织“不得垫交或扣缴党员党费”；尚未到期的月份不能交纳（本系统不收预交）",
                     f"{REGULATION}第十四条")
# 党章第九条 checked against the published text. The 2008 规定 is numbered by articles (第一条 …);
# the copies found quote this rule without its number, so the 规定 is named without one
# (docs/citations.md, 未能核对).
R_ARREARS = Rule("dues_arrears", f"不按规定交纳党费的，党组织应及时批评教育，限期改正；无正当理由连续 {LAPSE_MONTHS} 个月不交纳党费的，"
                 "按自行脱党处理，由支部大会讨论决定", f"{CONSTITUTION}第九条；{REGULATION}")
R_MONEY = Rule("dues_money", f"金额以元为单位，最多两位小数，不能为负数；{ROUNDING_RULE}", "本系统党费计算规则")
R_BASE_RECHECK = Rule("dues_base_recheck", "党员交纳党费的计算基数每年核定一次", f"{REGULATION}（条号未能核对）")
R_CORRECTION = Rule("dues_correction", "已登记的党费收缴记录不得修改或删除，更正须登记冲正记录并写明原因",
                    "本系统党费记账规则（会计记录不改原始记录，以冲正更正）")
R_REMITTANCE = Rule("dues_remittance", "基层党组织收缴的党费按规定逐级上缴，上缴金额须与收缴记录相符", f"{REGULATION}（条号未能核对）")


@dataclass(frozen=True)
class Bracket:
    upper: Decimal | None  # inclusive; None for the open top bracket
    rate: Decimal          # as a fraction: 0.005 = 0.5%

    @property
    def percent(self) -> str:
        return f"{(self.rate * 100).normalize():f}%"


@dataclass(frozen=True)
class BracketTable:
    category: str
    effective_from: datetime.date
    brackets: tuple[Bracket, ...]
    rule: Rule

    def bracket_index(self, base: Decimal) -> int:
        """The position of the base's bracket (upper bounds are inclusive)."""
        for index, bracket in enumerate(self.brackets):
            if bracket.upper is None or base <= bracket.upper:
                return index
        raise AssertionError("bracket tables end with an open bracket")


def _b(upper: str | None, rate: str) -> Bracket:
    return Bracket(Decimal(upper) if upper else None, Decimal(rate))


IN_SERVICE_2008 = (_b("3000.00", "0.005"), _b("5000.00", "0.01"), _b("10000.00", "0.015"), _b(None, "0.02"))
RETIRED_2008 = (_b("5000.00", "0.005"), _b(None, "0.01"))

TABLES: dict[str, list[BracketTable]] = {
    Category.IN_SERVICE: [BracketTable(Category.IN_SERVICE, EFFECTIVE_2008, IN_SERVICE_2008, R_IN_SERVICE)],
    # 年薪制: the in-service brackets on the pay actually received in the month (2008 规定). The
    # brief's "1% of last year's annual salary" is not in the 2008 text; it is the 1998 rule's
    # "上年月平均收入" basis that 2008 replaced.
    Category.ANNUAL_SALARY: [BracketTable(Category.ANNUAL_SALARY, EFFECTIVE_2008, IN_SERVICE_2008, R_ANNUAL_SALARY)],
    Category.RETIRED: [BracketTable(Category.RETIRED, EFFECTIVE_2008, RETIRED_2008, R_RETIRED)],
}


def table_for(category: str, month: datetime.date | None = None) -> BracketTable:
    """The table in force in `month` (the latest whose effective date is not after it)."""
    tables = TABLES[category]
    if month is None:
        return tables[-1]
    in_force = [t for t in tables if t.effective_from <= month]
    if not in_force:
        raise RuleViolation(f"{month:%Y年%m月}早于现行党费规定的施行日期", rule=tables[0].rule, field="month")
    return in_force[-1]


def to_cents(amount: Decimal) -> Decimal:
    """THE rounding rule of the system: to the cent, half up (see the module docstring)."""
    return amount.quantize(CENT, rounding=ROUNDING)


def parse_money(value, *, field: str = "amount", allow_zero: bool = True, label: str = "金额") -> Decimal:
    """A money amount from user input, or RuleViolation: a Decimal, an int or a numeric string
    with at most two decimals, not negative. Floats are refused — 0.1 + 0.2 is not 0.3 in
    binary, and money here is exact."""
    if isinstance(value, bool | float) or value is None:
        raise RuleViolation(f"{label}须为数字（以元为单位，最多两位小数，如 3500.00）", rule=R_MONEY, field=field, code="invalid")
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    else:
        text = str(value).strip()
        try:
            amount = Decimal(text)
        except (InvalidOperation, ValueError):
            raise RuleViolation(f"{label}“{text[:20]}”不是数字", rule=R_MONEY, field=field, code="invalid") from None
    if not amount.is_finite():
        raise RuleViolation(f"{label}须为有限的数字", rule=R_MONEY, field=field, code="invalid")
    exponent = amount.as_tuple().exponent  # an int for a finite amount ('n'/'N'/'F' are NaN and infinity)
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(CENT):
        raise RuleViolation(f"{label}最多两位小数（到分）", rule=R_MONEY, field=field, code="invalid")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise RuleViolation(f"{label}须大于 0" if not allow_zero else f"{label}不能为负数", rule=R_MONEY, field=field,
                            code="invalid")
    if amount > MAX_MONEY:
        raise RuleViolation(f"{label}超出允许范围", rule=R_MONEY, field=field, code="invalid")
    return amount.quantize(CENT)


@dataclass(frozen=True)
class Dues:
    rate: Decimal | None   # None where the amount is fixed or approved, not a rate of the base
    amount: Decimal
    rule: str              # the bracket said in words, with its citation

    def as_dict(self) -> dict:
        return {"rate": None if self.rate is None else f"{self.rate:f}", "amount": f"{self.amount:.2f}",
                "rule": self.rule}


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def dues_for(category: str, base, *, month: datetime.date | None = None,
             approved_amount: Decimal | None = None) -> Dues:
    """Monthly dues for a category and base: (rate, amount, rule). Pure: no database.

    `base` is validated like any money input. Fixed categories (students, unemployed, 低保)
    pay 0.20 whatever the base; hardship pays the amount the higher committee approved."""
    if category not in Category.values:
        raise RuleViolation(f"缴费类别“{str(category)[:20]}”无效，可选：{'、'.join(Category.values)}", field="category",
                            code="invalid")
    base = parse_money(base, field="base", label="缴费基数")
    if category == Category.HARDSHIP:
        if approved_amount is None:
            raise RuleViolation("经济困难党员少交或免交党费须有上级党委的批准记录", rule=R_HARDSHIP, field="category")
        approved_amount = parse_money(approved_amount, field="approved_amount", label="批准金额")
    elif category not in FIXED_CATEGORIES:
        table_for(category, month)  # refuses a month before the regulation, with its rule
    return stored_dues(category, base, month, approved_amount)


def stored_dues(category: str, base: Decimal, month: datetime.date | None,
                approved_amount: Decimal | None = None) -> Dues:
    """`dues_for` on values the system itself stored (a DuesBase, a HardshipApproval): they were
    validated by `dues_for`'s checks when written and by the columns' constraints, so only the
    calculation runs. The words of a bracket are built once per bracket (cached): the city's
    ledger asks for ~22,000 bases that fall into a handful of brackets."""
    if category == Category.HARDSHIP:
        if approved_amount is None:  # a stored hardship line always has its approval; never guess an amount
            raise RuleViolation("经济困难党员少交或免交党费须有上级党委的批准记录", rule=R_HARDSHIP, field="category")
        return Dues(None, approved_amount, _hardship_text(approved_amount))
    if category in FIXED_CATEGORIES:
        return Dues(None, FIXED_MONTHLY, _fixed_text(category))
    table = table_for(category, month)
    rate, text = _bracket_terms(category, table.effective_from, table.bracket_index(base))
    return Dues(rate, to_cents(base * rate), text)


@functools.cache
def _hardship_text(amount: Decimal) -> str:
    how = "免交" if amount == 0 else f"经批准每月交纳 {_yuan(amount)} 元"
    return f"经济困难党员{how}（{R_HARDSHIP.citation}）"


@functools.cache
def _fixed_text(category: str) -> str:
    return f"{Category(category).label}党员每月交纳 0.20 元（{R_FIXED.citation}）"


@functools.cache
def _bracket_terms(category: str, effective_from: datetime.date, index: int) -> tuple[Decimal, str]:
    """(rate, the bracket in words with its citation) of one bracket of the table in force
    from `effective_from`."""
    table = next(t for t in TABLES[category] if t.effective_from == effective_from)
    bracket = table.brackets[index]
    # Only the last bracket is open-ended, so the one below any bracket has an upper bound.
    lower = (table.brackets[index - 1].upper or Decimal("0")) if index else Decimal("0")
    if bracket.upper is None:
        band = f"{_yuan(lower)} 元以上"
    elif lower == 0:
        band = f"{_yuan(bracket.upper)} 元及以下"
    else:
        band = f"{_yuan(lower)} 元以上至 {_yuan(bracket.upper)} 元（含）"
    who = {Category.IN_SERVICE: "月工资收入（税后）", Category.ANNUAL_SALARY: "当月实际领取薪酬",
           Category.RETIRED: "离退休费"}[Category(category)]
    return bracket.rate, f"{who}{band}，按 {bracket.percent} 交纳，{ROUNDING_RULE}（{table.rule.citation}）"


# --- months --------------------------------------------------------------------------------

def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month_index(month) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return month_index(later) - month_index(earlier)


def last_day(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def quarter_end(month: datetime.date) -> datetime.date:
    """The first day of the last month of the month's quarter."""
    return datetime.date(month.year, (month.month - 1) // 3 * 3 + 3, 1)


def parse_month(value, *, field: str = "month") -> datetime.date:
    """"2026-11" (or a date) → date(2026, 11, 1); RuleViolation otherwise."""
    if isinstance(value, datetime.date):
        return first_of_month(value)
    text = str(value or "").strip()
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        raise RuleViolation(f"月份“{text[:20]}”格式不正确，应为 YYYY-MM（如 2026-11）", field=field, code="invalid") from None


# --- arrears state ---------------------------------------------------------------------------
# The one judgement of 欠缴, used by the pages, the API, the reminders and the member's own page
# alike. Which months count (this month is still payable; a quarterly payer owes at the end of a
# quarter) is dues.selectors.last_closed_month; how long a run is, is dues.selectors.arrears.

class ArrearsLevel:
    NONE = ""
    WARNING = "warning"   # WARNING_MONTHS: 批评教育，限期改正 (working convention, see above)
    LAPSE = "lapse"       # LAPSE_MONTHS: for the 支部大会 (党章第九条)


ARREARS_LEVEL_LABELS = {
    ArrearsLevel.WARNING: f"连续 {WARNING_MONTHS} 个月未交纳：批评教育，限期改正",
    ArrearsLevel.LAPSE: f"连续 {LAPSE_MONTHS} 个月未交纳：提请支部大会按党章第九条讨论",
}


@dataclass(frozen=True)
class ArrearsStatus:
    """A run of unpaid months in words and colour: `level` for machines ("", warning, lapse),
    `state` the colour of partials/status.html, `label` the word beside it, `note` what to do."""

    months: int
    level: str
    state: str
    label: str
    note: str


def arrears_level(months: int) -> str:
    """The level of a run of `months` consecutive unpaid months: lapse from LAPSE_MONTHS (6,
    党章第九条), warning from WARNING_MONTHS (3, working convention), none below."""
    if months >= LAPSE_MONTHS:
        return ArrearsLevel.LAPSE
    if months >= WARNING_MONTHS:
        return ArrearsLevel.WARNING
    return ArrearsLevel.NONE


def arrears_status(months: int) -> ArrearsStatus:
    """A run of unpaid months as shown everywhere: amber until 6 months, red from 6."""
    level = arrears_level(months)
    if level == ArrearsLevel.LAPSE:
        state, label = "danger", f"满 {LAPSE_MONTHS} 个月：提请支部大会"
    elif level == ArrearsLevel.WARNING:
        state, label = "warning", f"满 {WARNING_MONTHS} 个月：批评教育"
    else:
        state, label = "warning", "欠缴"
    return ArrearsStatus(months, level, state, label, ARREARS_LEVEL_LABELS.get(level, ""))


def line_status(amount_due: Decimal | None, settled: bool, month: datetime.date,
                today: datetime.date) -> tuple[str, str]:
    """(colour, word) of one month's ledger line: 缺少缴费基数, 免交, 已缴, 本月待缴 (this month
    and later are still payable), or 欠缴 with how many months ago."""
    this_month = first_of_month(today)
    if amount_due is None:
        return "na", "缺少缴费基数"
    if settled:
        return ("na", "免交") if amount_due == 0 else ("ok", "已缴")
    if month >= this_month:
        return "warning", "本月待缴"
    return "danger", f"欠缴（{months_between(month, this_month)} 个月前）"
