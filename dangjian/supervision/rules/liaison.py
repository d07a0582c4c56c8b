"""Rules of 党建工作联系点 and 巡回督导 as data, each with its citation.

The city's own summary (本市《2023年中小学校党建工作总结》) is the source: its committee leaders
each keep a school party branch as a liaison point (挂点联系) and go there every half year (每半年调
研指导，听取汇报); 巡回督导考评 is one of the three ways the work is assessed. No national text
setting how often a liaison point is visited could be checked (docs/liaison.md: 未能核对), so the
floor is the city's: twice a year, at least once in each half. A committee below the city may ask
more of its members (more visits a year), never fewer.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models

from dangjian.core.errors import Rule
from dangjian.core.local_documents import CITY_SUMMARY_2023

MIN_VISITS_PER_YEAR = 2
MAX_VISITS_PER_YEAR = 12
MAX_CHECKLIST = 50
MAX_SCORE = Decimal("100")


class VisitState(models.TextChoices):
    PLANNED = "planned", "计划走访"
    DONE = "done", "已走访"


class RoundState(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


R_LIAISON_MEMBER = Rule(
    "liaison_member",
    "党建工作联系点由上级党委（党工委）班子成员挂点联系，联系人须在该党组织任职，联系学校须是其所辖学校",
    CITY_SUMMARY_2023.cite("建立市委班子领导挂点联系中小学校党支部制度"))
R_VISITS = Rule(
    "liaison_visits",
    f"联系人每半年到联系学校调研指导一次，每年不少于 {MIN_VISITS_PER_YEAR} 次；下级党委可以要求更多，不能更少",
    CITY_SUMMARY_2023.cite("每半年调研指导，听取汇报"))
R_VISIT_BY_LIAISON = Rule(
    "liaison_visit_by_liaison",
    "联系点走访由被安排联系该校的班子成员本人登记",
    CITY_SUMMARY_2023.cite("建立市委班子领导挂点联系中小学校党支部制度"))
R_VISIT_RECORD = Rule(
    "liaison_visit_record",
    "走访须写明日期、参加人员和调研指导情况（听取的汇报、发现的问题），日期在联系年度内且不晚于今天",
    CITY_SUMMARY_2023.cite("每半年调研指导，听取汇报"))
R_ROUND = Rule(
    "inspection_round",
    "巡回督导须明确督导期间、督导的学校和督导考评内容（每项有分值）",
    CITY_SUMMARY_2023.cite("通过党建工作例会测评、巡回督导考评、年终述职测评三个维度抓实过程考评"))
R_SCORE = Rule(
    "inspection_score",
    "督导考评逐项打分，每项得分在 0 与该项分值之间；督导日期在督导期间内且不晚于今天；督导结束后不再登记",
    CITY_SUMMARY_2023.cite("巡回督导考评"))


def half_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half year (上半年 / 下半年) a day falls in: the term in which one visit is due."""
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def half_label(day: datetime.date) -> str:
    return f"{day.year}年{'上' if day.month <= 6 else '下'}半年"


def expected_by(visits_required: int, day: datetime.date) -> int:
    """Visits due by the end of the half a day falls in: half the year's number (rounded up) by the
    end of June, all of them by the end of December — a county asking four a year wants two by June."""
    return -(-visits_required // 2) if day.month <= 6 else visits_required
