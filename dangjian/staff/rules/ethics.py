"""师德师风's rules as data, each with its source (ARCHITECTURE.md pattern 3).

National texts (verification state in docs/ethics.md):
- 教育部《新时代中小学教师职业行为十项准则》(2018, issued with the 高校 and 幼儿园 versions under
  教师〔2018〕16号): the ten standards a violation is recorded against.
- 教育部《中小学教师违反职业道德行为处理办法（2018年修订）》第三条: the kinds of handling (处分 and
  其他处理), the terms of the 处分, and that the 取消相关资格 handling runs for at least 24 months.

Local settings, said so where shown: the grades of the yearly assessment (the national texts we
could verify set none) and the veto's look-back period, which takes the 处理办法's 24 months; the
city's summary names the practice (实行师德一票否决制).
"""

from __future__ import annotations

import datetime

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import CITY_SUMMARY_2023

STANDARDS_DOC = "教育部《新时代中小学教师职业行为十项准则》（教师〔2018〕16号）"
HANDLING_DOC = "教育部《中小学教师违反职业道德行为处理办法（2018年修订）》"
LOCAL_GRADES = "本地师德考核等次设置（由上级教育部门的师德考核办法确定；本系统默认四个等次）"
REGISTER = "本系统师德档案规则"
CITY_VETO = CITY_SUMMARY_2023.cite("实行师德一票否决制，把师德表现作为教师资格注册、年度考核、职称评审、评优奖励的首要标准")

# The look-back of the veto: a violation that occurred within this many months before the day a
# matter is raised or moved on (both days included) vetoes the teacher. Local setting: the
# 处理办法 第三条 sets 24 months as the least term of the 取消相关资格 handling.
VETO_MONTHS = 24


class EthicsGrade(models.TextChoices):
    """Local setting (LOCAL_GRADES)."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class Standard(models.IntegerChoices):
    """《新时代中小学教师职业行为十项准则》."""

    POLITICAL = 1, "第一条 坚定政治方向"
    LAW = 2, "第二条 自觉爱国守法"
    CULTURE = 3, "第三条 传播优秀文化"
    TEACHING = 4, "第四条 潜心教书育人"
    CARE = 5, "第五条 关心爱护学生"
    SAFETY = 6, "第六条 加强安全防范"
    CONDUCT = 7, "第七条 坚持言行雅正"
    FAIRNESS = 8, "第八条 秉持公平诚信"
    INTEGRITY = 9, "第九条 坚守廉洁自律"
    PRACTICE = 10, "第十条 规范从教行为"


class Handling(models.TextChoices):
    """处理办法 第三条: 处分 (警告 … 开除) and 其他处理 (批评教育 … 取消相关资格)."""

    WARNING = "warning", "警告（处分，期限6个月）"
    DEMERIT = "demerit", "记过（处分，期限12个月）"
    DEMOTION = "demotion", "降低岗位等级或撤职（处分，期限24个月）"
    DISMISSAL = "dismissal", "开除（处分）"
    CRITICISM = "criticism", "批评教育"
    ADMONITION = "admonition", "诫勉谈话"
    SELF_EXAMINATION = "self_examination", "责令检查"
    CIRCULAR = "circular", "通报批评"
    DISQUALIFICATION = "disqualification", "取消评奖评优、职称评定等相关资格（不少于24个月）"


R_GRADE = Rule("ethics_grade", "师德考核等次为优秀、合格、基本合格、不合格之一", LOCAL_GRADES)
R_CURRENT = Rule("ethics_current", "师德考核对象为考核年度内在职的教职工；考核年度开始前已离职或年度结束后才入职的不参加该年度考核",
                 f"{REGISTER}（以教职工名册的入职、离职日期为准）")
R_ONCE = Rule("ethics_once", "每名教师每个年度只有一条师德考核结果", REGISTER)
R_YEAR = Rule("ethics_year", "考核年度须为已开始的年度（不晚于今年）", REGISTER)
R_STANDARD = Rule("ethics_standard", "违规行为须对照《新时代中小学教师职业行为十项准则》的一条认定", STANDARDS_DOC)
R_HANDLING = Rule("ethics_handling",
                  "处理包括处分和其他处理：处分包括警告、记过、降低岗位等级或撤职、开除；其他处理包括批评教育、诫勉谈话、"
                  "责令检查、通报批评，以及取消相关资格", f"{HANDLING_DOC}第三条")
R_FACTS = Rule("ethics_facts", "违规记录须写明行为事实、处理决定单位和决定日期；发生日期在职期间，决定日期不早于发生日期、不晚于今天",
               f"{HANDLING_DOC}（事实清楚、证据确凿、处理得当、程序合法、手续完备）")
R_VETO = Rule("ethics_veto",
              f"师德一票否决：近{VETO_MONTHS}个月内有违反职业道德行为记录的教师，不得参加评优选优、人事职称事项",
              f"{HANDLING_DOC}第三条（取消在评奖评优、职务晋升、职称评定等方面的资格，执行期限不少于24个月）；"
              f"{CITY_VETO}；回溯期限为本地设置（{VETO_MONTHS}个月）")


def veto_window(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day (both included) of the period whose violations veto on `on`: the same
    calendar day VETO_MONTHS months earlier, through `on` (29 February falls back to the 28th)."""
    months = on.year * 12 + on.month - 1 - VETO_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = on.day
    while True:
        try:
            return datetime.date(year, month, day), on
        except ValueError:
            day -= 1


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
