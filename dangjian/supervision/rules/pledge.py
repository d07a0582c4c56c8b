"""Rules of 责任书 / 承诺书 (pledge letters) as data, each with its citation.

Seed 000 records the practice: "领导干部签订了《党风廉政责任书》，教职工签订了《廉洁从教书》和《遵守师德师风书》",
and the education committee has each school's secretary and principal sign the 全面从严治党主体责任书
for the year. A campaign (签订活动) is one kind of letter, one year, opened by one level:

- the county's education committee (区县教育工委) for the secretaries and principals of its schools;
- a school's party organization for its own staff: the leadership team and department heads sign
  the 党风廉政建设责任书, every leader, head and teacher the 廉洁从教 and 师德师风 承诺书.

The signers come from the staff register (dangjian.staff) on the day the campaign opens; each
signs once, on screen himself or through a scanned signed copy uploaded by the party office.
"""

from __future__ import annotations

import re

from django.db import models

from dangjian.core.errors import Rule
from dangjian.staff.models import LeadershipRole, StaffPost

# Verified (2020年3月9日中共中央办公厅发布; 第二条: 党的基层组织落实全面从严治党主体责任参照执行).
DUTY_RULE = "《党委（党组）落实全面从严治党主体责任规定》"
SYSTEM = "本系统责任书、承诺书签订规则"


class Kind(models.TextChoices):
    PARTY_DUTY = "party_duty", "全面从严治党主体责任书"
    INTEGRITY = "integrity", "党风廉政建设责任书"
    CLEAN_TEACHING = "clean_teaching", "廉洁从教承诺书"
    ETHICS = "ethics", "师德师风承诺书"


class Level(models.TextChoices):
    COUNTY = "county", "区县教育工委对学校书记、校长"
    SCHOOL = "school", "学校党组织对本校教职工"


class Method(models.TextChoices):
    SCREEN = "screen", "本人在线签订"
    SCAN = "scan", "上传签字扫描件"


# Which letters each level opens, and who signs them.
KINDS_BY_LEVEL: dict[str, tuple[str, ...]] = {
    Level.COUNTY: (Kind.PARTY_DUTY, Kind.INTEGRITY),
    Level.SCHOOL: (Kind.INTEGRITY, Kind.CLEAN_TEACHING, Kind.ETHICS),
}
# The county: the school's secretary and principal, by their seat on the leadership team.
COUNTY_ROLES: tuple[str, ...] = (LeadershipRole.SECRETARY, LeadershipRole.PRINCIPAL)
# The school: by the staff member's post (岗位类别).
SCHOOL_POSTS: dict[str, tuple[str, ...]] = {
    Kind.INTEGRITY: (StaffPost.LEADER, StaffPost.MIDDLE),
    Kind.CLEAN_TEACHING: (StaffPost.LEADER, StaffPost.MIDDLE, StaffPost.TEACHER),
    Kind.ETHICS: (StaffPost.LEADER, StaffPost.MIDDLE, StaffPost.TEACHER),
}

R_LEVEL = Rule("pledge_level", "区县教育党组织发起对所属学校党组织书记、校长的责任书签订；学校党组织发起对本校班子成员、中层干部和教师的签订；"
               "责任书（承诺书）种类须适合发起的层级",
               f"{DUTY_RULE}第二条（党的基层组织参照执行）；{SYSTEM}（分级签订）")
R_ONE_CAMPAIGN = Rule("pledge_one_campaign", "同一单位同一年度的同一种责任书（承诺书）只发起一次签订；后来入职的人员补充列入", SYSTEM)
R_SIGNER = Rule("pledge_signer", "签订人须是本次签订范围内学校的在职教职工，并属于本次签订的对象（书记、校长，或按种类的班子成员、中层干部、教师）",
                f"{SYSTEM}（签订对象取自教职工名册）")
R_OWN = Rule("pledge_own", "在线签订须由签订人本人以其系统账号进行；他人代为登记的，须上传本人签字的扫描件", SYSTEM)
R_ONCE = Rule("pledge_once", "每人每份责任书（承诺书）只签订一次，已签订的不能重复签订或改签", SYSTEM)
R_TEXT = Rule("pledge_text", "文本须有标题和正文；占位符只能使用 {年度}、{单位}、{学校}、{姓名}、{职务}", SYSTEM)
R_SCAN = Rule("pledge_scan", "签字扫描件须为 PDF、PNG 或 JPEG 文件，不超过 10 MB", SYSTEM)
R_YEAR = Rule("pledge_year", "签订年度须为上一年、本年或下一年", SYSTEM)

SCAN_KINDS = {"pdf", "png", "jpeg"}
SCAN_MAX_BYTES = 10 * 1024 * 1024

PLACEHOLDERS = ("年度", "单位", "学校", "姓名", "职务")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

DEFAULT_TITLES: dict[str, str] = {
    Kind.PARTY_DUTY: "{年度}年度全面从严治党主体责任书",
    Kind.INTEGRITY: "{年度}年度党风廉政建设责任书",
    Kind.CLEAN_TEACHING: "{年度}年度廉洁从教承诺书",
    Kind.ETHICS: "{年度}年度师德师风承诺书",
}
DEFAULT_BODIES: dict[str, str] = {
    Kind.PARTY_DUTY: (
        "为落实{年度}年度全面从严治党主体责任，{单位}与{学校}{职务}{姓名}同志签订本责任书。\n"
        "一、{学校}党组织书记是全面从严治党第一责任人，校长对职责范围内的全面从严治党工作负领导责任，"
        "把党的建设与学校教育教学工作同谋划、同部署、同落实、同检查。\n"
        "二、落实“三会一课”、组织生活会、民主评议党员等组织生活制度，抓好党员教育管理和发展党员工作。\n"
        "三、落实“三重一大”集体决策和议事规则，落实意识形态工作责任制。\n"
        "四、每年向上级党组织报告履行全面从严治党主体责任情况，接受考核和监督。\n"
        "本责任书一式两份，{单位}和{学校}各执一份，有效期至{年度}年12月31日。"),
    Kind.INTEGRITY: (
        "为落实{年度}年度党风廉政建设责任制，{单位}与{学校}{职务}{姓名}同志签订本责任书。\n"
        "一、认真履行“一岗双责”，对分管范围内的党风廉政建设负直接领导责任。\n"
        "二、严格执行中央八项规定及其实施细则精神，不违规收受礼品礼金，不违规操办婚丧喜庆事宜。\n"
        "三、在招生、采购、基建、财务、评优评先和职称评审等工作中严格执行制度，主动接受监督。\n"
        "四、发现问题及时报告，按照要求落实整改。\n"
        "本责任书有效期至{年度}年12月31日。"),
    Kind.CLEAN_TEACHING: (
        "本人{姓名}（{学校}{职务}）郑重承诺，{年度}年度做到：\n"
        "一、不收受学生及家长的礼品礼金、购物卡和有价证券，不参加家长安排的宴请。\n"
        "二、不组织、不参与有偿补课，不向学生推销教辅资料和商品。\n"
        "三、不利用职务之便为本人或他人谋取不正当利益。\n"
        "如有违反，自愿接受组织处理。"),
    Kind.ETHICS: (
        "本人{姓名}（{学校}{职务}）郑重承诺，{年度}年度做到：\n"
        "一、坚定政治方向，自觉爱国守法，传播优秀文化。\n"
        "二、潜心教书育人，关心爱护学生，不体罚和变相体罚学生。\n"
        "三、坚持言行雅正，秉持公平诚信，坚守廉洁自律，规范从教行为。\n"
        "如有违反，自愿接受师德考核和相关处理，并在评优评先、职称评审中接受一票否决。"),
}


def check_placeholders(text: str) -> str | None:
    """The first placeholder of `text` that is not one of PLACEHOLDERS (None when all are)."""
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            return name
    return None


def render(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder filled in (unknown ones are refused when saving)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def valid_year(year: int, this_year: int) -> bool:
    return this_year - 1 <= year <= this_year + 1
