"""Rules of the 廉政风险台账 (integrity-risk ledger) as data, each with its citation.

What a ledger line must hold comes from the practice seed 000 reports (a college branch's duty
report, cited as a reference practice): "建立了风险台账管理，明确了岗位责任人，制定了具体的操作流程，
建立了相应的风险防控机制", over 人才引进、干部晋升、教学管理、学生资助、招生、招标、物资采购、财务管理、
科研经费使用. The risk points of a school are tied to its posts and to the items of its 小微权力清单
(the pilot school's practice, decisions module).

No national text found here defines the three levels for schools nor the review interval: the
levels below are the three-grade division local 廉政风险防控 rules commonly use, and the yearly
review their 动态管理; both are this system's own rules and say so (docs/integrity-risks.md
"未能核对").
"""

from __future__ import annotations

import datetime

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import COLLEGE_DUTY_REPORT, PILOT_REPORT

SYSTEM = "本系统廉政风险台账规则"
LEVEL_SOURCE = f"{SYSTEM}（参照各地廉政风险防控通行的三级划分，未找到全国统一的学校风险等级文件）"


class Level(models.TextChoices):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


# What each level means, shown beside the choice on the form and in the ledger's legend.
LEVEL_MEANINGS: dict[str, str] = {
    Level.HIGH: "直接掌握人、财、物的分配或审批（招生、招标采购、财务报销、职称评聘、学生资助等），自由裁量空间大；"
                "一旦发生可能触犯法律或受到党纪政务处分",
    Level.MEDIUM: "承担一般性的审核、评定、管理职能，有一定自由裁量空间；一旦发生可能受到纪律处分",
    Level.LOW: "基本不掌握人、财、物管理权，自由裁量空间小；一旦发生属轻微违规，予以批评教育或组织处理",
}


class RiskState(models.TextChoices):
    ACTIVE = "active", "在册"
    CLOSED = "closed", "已销号"


class Outcome(models.TextChoices):
    KEPT = "kept", "维持"
    CHANGED = "changed", "调整等级"
    CLOSED = "closed", "销号"


R_LEDGER = Rule("risk_ledger", "廉政风险点须写明所在岗位、风险描述和风险等级，按台账管理",
                COLLEGE_DUTY_REPORT.cite("建立了风险台账管理"))
R_OWNER = Rule("risk_owner", "每个廉政风险点须明确岗位责任人，责任人须是本校在职教职工",
               COLLEGE_DUTY_REPORT.cite("明确了岗位责任人"))
R_MEASURES = Rule("risk_measures", "每个廉政风险点须制定防控措施",
                  COLLEGE_DUTY_REPORT.cite("建立了相应的风险防控机制"))
R_LEVEL = Rule("risk_level", "风险等级分高、中、低三级，各级含义按本系统界定", LEVEL_SOURCE)
R_POWER = Rule("risk_power", "风险点对应的小微权力事项须是本校小微权力清单中的事项", PILOT_REPORT.cite("小微权力清单"))
R_SCHOOL = Rule("risk_school", "廉政风险台账由学校党组织建立，风险点属于学校", COLLEGE_DUTY_REPORT.cite("建立了风险台账管理"))
R_REVIEW_YEARLY = Rule("risk_review_yearly", "廉政风险点每年至少复核一次：下次复核日期不得早于确定或复核之日，也不得晚于其后一年",
                       f"{SYSTEM}（参照各地廉政风险防控的动态管理做法）")
R_REVIEW = Rule("risk_review", "复核须写明结论（维持、调整等级或销号）和复核日期；调整等级须改为另一等级；销号须写明理由；"
                "复核日期不得早于风险点的确定日期或上一次复核，也不得晚于今天", SYSTEM)
R_CLOSED = Rule("risk_closed", "已销号的风险点不再复核", SYSTEM)
R_PUBLISH = Rule("risk_publish", "廉政风险点清单向本校教职工公示，公示的清单须至少有一个在册风险点，公示日期不得晚于今天",
                 f"{SYSTEM}；{COLLEGE_DUTY_REPORT.cite('建立了风险台账管理')}")

REVIEW_WITHIN_DAYS = 30   # the ledger's "due soon": a month's notice before a review date


def a_year_after(day: datetime.date) -> datetime.date:
    """The same date a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def review_state(due: datetime.date, today: datetime.date) -> tuple[str, str]:
    """(status colour, words) of an active risk's review date, as every page shows it."""
    if due < today:
        return "danger", "复核已逾期"
    if due <= today + datetime.timedelta(days=REVIEW_WITHIN_DAYS):
        return "warning", "即将到期复核"
    return "ok", "在复核周期内"


def rules_table() -> list[Rule]:
    return [R_LEDGER, R_OWNER, R_MEASURES, R_LEVEL, R_POWER, R_SCHOOL, R_REVIEW_YEARLY, R_REVIEW, R_CLOSED, R_PUBLISH]
