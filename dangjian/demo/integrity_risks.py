"""廉政风险台账 for the demo: every school whose 小微权力清单 the demo wrote gets the risk points of
each of its small powers — the points derived from what the power is (采购, 资助, 培训, 请假 …: the
fields seed 000 names, 人才引进、干部晋升、教学管理、学生资助、招生、招标、物资采购、财务管理) — with
their level, measures and an owner among the school's current staff heading the power's
responsible post; the older points reviewed once already (维持, or 调整等级), so that the ledger
shows a few reviews overdue and a few due within the month; and the school's list published to its
staff. All through dangjian.supervision.services.integrity_risk, as the system (acting_user None).

Owners come from the staff register. A school with powers and no register yet (the register's demo
writes the staff of the schools it covers) gets the heads of the powers' posts registered through
dangjian.staff.services.register, so that no risk is without its owner."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dangjian.core.validators import id_check_char
from dangjian.decisions.models import Power
from dangjian.staff.models import StaffMember, StaffPost
from dangjian.staff.services.register import create_staff_member
from dangjian.supervision.rules.integrity_risk import Level, Outcome
from dangjian.supervision.services import integrity_risk as risks

# (key word in the power's name, [(risk point, level, measures)]); the first that matches applies
RISKS_BY_KIND: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("采购", [
        ("指定供应商或询价走过场，拆分采购规避集体决策", Level.HIGH,
         "三家以上询价并留存记录；单笔达到限额提交校长办公会，达到“三重一大”标准的提交党组织会议；采购、验收分设专人"),
        ("验收不严，以次充好或虚报数量", Level.MEDIUM, "验收由使用部门、总务处和纪检委员共同签字；入库台账每学期盘点公开"),
    ]),
    ("资助", [
        ("资助对象认定优亲厚友、弄虚作假", Level.HIGH, "班级民主评议，名单公示五个工作日；纪检委员全程监督；受理举报并复核"),
        ("资助资金发放不及时或截留挪用", Level.MEDIUM, "资金直接发放到学生账户；财务每学期对账并报学校资助小组"),
    ]),
    ("培训", [
        ("培训审批随意，重复培训或借培训旅游", Level.MEDIUM, "年度培训计划经校长办公会研究后公开；审批结果每学期公示"),
        ("培训费用报销超标准", Level.LOW, "按差旅和培训费标准报销，财务审核后分管校长签批"),
    ]),
    ("请", [
        ("请销假审批不严，虚假请假或长期脱岗", Level.LOW, "请假记录每月汇总并在教职工大会公开；超过三天由分管校长审批"),
    ]),
    ("招生", [
        ("违规招生、择校收费", Level.HIGH, "招生计划和结果公开；招生工作小组集体研究；纪检委员监督"),
    ]),
    ("评", [
        ("评优评先、职称推荐标准不公开或暗箱操作", Level.HIGH, "标准和名额事先公开；评审小组集体评议并公示；师德一票否决"),
    ]),
]
GENERIC = [("权力运行程序不规范，未按流程办理", Level.LOW, "按清单所列流程办理并留痕；办理结果定期公开，接受教职工监督")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


@dataclass
class RiskCounts:
    schools: int = 0
    risks: int = 0
    reviews: int = 0
    publications: int = 0
    owners_registered: int = 0


def risks_of(power: Power) -> list[tuple[str, str, str]]:
    for word, found in RISKS_BY_KIND:
        if word in power.name:
            return found
    return GENERIC


def _id_number(rng: random.Random, used: set[str]) -> str:
    while True:
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 20))
        first17 = f"450902{birth:%Y%m%d}{2 * rng.randrange(499) + 1:03d}"   # a man registered in 玉州区
        if first17 not in used:
            used.add(first17)
            return first17 + id_check_char(first17)


def _owner(power: Power, staff: list[StaffMember], rng: random.Random, today: datetime.date,
           counts: RiskCounts, used: set[str]) -> StaffMember:
    """Who heads the power's post (总务处主任 …): the staff member whose office names it, else one of the
    school's leaders or middle managers, else the head registered here."""
    unit = power.responsible_post[:3]
    for s in staff:
        if unit and unit in (s.office or s.department):
            return s
    for s in staff:
        if s.post in (StaffPost.MIDDLE, StaffPost.LEADER):
            return s
    school = power.org.schools.order_by("code").first()
    head = create_staff_member(
        school, name=rng.choice(SURNAMES) + "主任", gender="male", id_number=_id_number(rng, used),
        post=StaffPost.MIDDLE, employed_from=today - datetime.timedelta(days=rng.randrange(3 * 365, 15 * 365)),
        office=power.responsible_post[:60], department=unit, acting_user=None)
    counts.owners_registered += 1
    staff.append(head)
    return head


def write_integrity_risks(today: datetime.date, seed: int) -> RiskCounts:
    rng = random.Random(f"{seed}:integrity_risks")
    counts = RiskCounts()
    used: set[str] = set()
    powers = list(Power.objects.filter(org__schools__isnull=False).distinct().select_related("org")
                  .order_by("org__path", "id"))
    by_org: dict[int, list[Power]] = {}
    for power in powers:
        by_org.setdefault(power.org_id, []).append(power)
    for org_powers in by_org.values():
        org = org_powers[0].org
        # the ledger was drawn up some 10 to 16 months ago: the older points have had their first review
        drawn_up = today - datetime.timedelta(days=rng.randrange(300, 480))
        staff = [s for s in risks.current_staff(org, drawn_up) if s.employed_until is None or s.employed_until >= today]
        for power in org_powers:
            for description, level, measures in risks_of(power):
                owner = _owner(power, staff, rng, drawn_up, counts, used)
                identified = drawn_up + datetime.timedelta(days=rng.randrange(0, 20))
                risk = risks.create_risk(org, post=power.responsible_post, power=power, description=description,
                                         level=level, measures=measures, owner=owner, identified_on=identified,
                                         acting_user=None, today=today)
                counts.risks += 1
                if risk.review_due <= today - datetime.timedelta(days=20):
                    # reviewed when due, most kept, a few lowered after the measures worked
                    lowered = level == Level.HIGH and rng.random() < 0.25
                    risks.review_risk(risk, outcome=Outcome.CHANGED if lowered else Outcome.KEPT,
                                      level=Level.MEDIUM if lowered else "", reviewed_on=risk.review_due,
                                      note="防控措施落实到位，风险降低" if lowered else "岗位职责和流程未变",
                                      acting_user=None, today=today)
                    counts.reviews += 1
        risks.publish_risks(org, published_on=max(drawn_up + datetime.timedelta(days=30),
                                                                  today - datetime.timedelta(days=rng.randrange(20, 60))),
                            acting_user=None, today=today)
        counts.publications += 1
        counts.schools += 1
    return counts
