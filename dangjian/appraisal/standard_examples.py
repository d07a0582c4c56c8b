"""Example standard sets, entered for the demo city (演示数据), and how to enter one through the
services. Seed 001 says the city built "52项标准" in 8 areas (组织体系, 班子队伍, 教育管理, 组织生活,
工作载体, 工作运行机制, 活动场所, 基本工作保障) toward the 六好 goals and strips stars in "8种情形";
it does not publish the texts. The 52 items and 8 situations below are therefore written as an
example of what such a city enters — they are not an official text, and the set says so
(`is_example`, its note). Seed 004 names another standard, 五星三强 (党建强、发展强、治理强),
given here as a shorter second example a committee may use instead."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

A, U, T = "automatic", "upload", "attestation"

EXAMPLE_NOTE = ("本标准为示例：由演示城市按本市《2023年中小学校党建工作总结》所述“8个方面52项标准”自行录入，条目文字为演示数据，并非上级文件原文。"
                "各地使用时应按本地文件修改。")


@dataclass(frozen=True)
class ExampleSet:
    code: str
    name: str
    title_name: str
    title_min_score: Decimal | None
    levels: dict[int, Decimal]
    areas: list[tuple[str, list[tuple[str, str, str, str]]]]   # (area, [(text, points, evidence, check)])
    situations: list[str]


SIX_GOOD = ExampleSet(
    code="liuhao", name="中小学校党组织“六好”标准（8个方面52项）", title_name="六好党支部",
    title_min_score=Decimal("90"),
    levels={5: Decimal("95"), 4: Decimal("85"), 3: Decimal("75"), 2: Decimal("65"), 1: Decimal("60")},
    areas=[
        ("组织体系", [
            ("党组织按规定设置，隶属关系清楚，支委会配备符合规定", "2", A, "structure"),
            ("党组织按期换届，任期届满及时选举", "2", A, "elections"),
            ("按党员人数和分布合理设置党小组，党小组长配备到位", "1.5", T, ""),
            ("党组织会议与校长办公会（校务会）议事范围清晰，有书面规定", "2", U, ""),
            ("工会、共青团、少先队、教代会在党组织领导下开展工作，有工作记录", "1.5", U, ""),
            ("与学校举办者（出资人）或主管部门建立沟通协调机制", "1.5", T, ""),
            ("党员组织关系全部纳入党组织管理，无“口袋党员”", "1.5", T, ""),
        ]),
        ("班子队伍", [
            ("党组织书记政治素质好、熟悉党务，按规定配备副书记或党务干部", "2", U, ""),
            ("支委会（党委）委员分工明确，职责公开", "1.5", U, ""),
            ("书记每年向上级党组织和党员述职，接受评议", "2", U, ""),
            ("班子成员落实“一岗双责”，签订党风廉政建设责任书", "2", U, ""),
            ("党务干部每年参加培训不少于 1 次", "1.5", U, ""),
            ("班子成员带头讲党课、联系教师", "1.5", T, ""),
            ("班子团结，成员无违纪违法问题", "1.5", T, ""),
        ]),
        ("教育管理", [
            ("党员按月足额交纳党费，无连续欠缴", "2", A, "dues_arrears"),
            ("收缴的党费按季度足额上缴", "2", A, "dues_remittance"),
            ("发展党员程序规范，各环节符合时限规定", "2", A, "recruitment_breaches"),
            ("完成年度发展党员计划，注重从青年骨干教师中发展", "2", A, "recruitment_plan"),
            ("党员完成年度学习任务（读书笔记一万字）", "2", A, "study_notes"),
            ("党员信息及时更新，组织关系转接规范", "2", T, ""),
            ("关心关爱困难党员、离退休党员，有走访记录", "2", U, ""),
        ]),
        ("组织生活", [
            ("“三会一课”按规定频次开展，记录完整", "4", A, "orglife_activities"),
            ("每名党员每年至少参加 1 次谈心谈话", "2", A, "orglife_heart_talk"),
            ("书记每年至少为党员讲 1 次党课", "2", A, "orglife_secretary_lecture"),
            ("每月开展主题党日，主题鲜明、形式多样", "2", U, ""),
            ("每年召开组织生活会，开展批评和自我批评", "2", U, ""),
            ("每年开展民主评议党员，结果及时运用", "2", A, "member_review"),
            ("每月安排思想政治课，覆盖党员和教职工", "2", U, ""),
        ]),
        ("工作载体", [
            ("创建“一校一品”党建品牌，有方案、有成效", "2", U, ""),
            ("开展党员示范岗、党员责任区活动", "2", U, ""),
            ("开展师徒结对、党员教师先锋岗等活动", "1.5", U, ""),
            ("运用网络平台组织党员学习", "1.5", T, ""),
            ("开展党建与德育、课堂教学融合活动", "1.5", U, ""),
            ("与农村、薄弱学校党组织结对共建", "1.5", U, ""),
        ]),
        ("工作运行机制", [
            ("“三重一大”事项经党组织会议集体研究决定", "4", A, "decisions_major"),
            ("党组织会议达到法定人数，表决规范", "2", A, "decisions_quorum"),
            ("党组织会议的决定按期执行，执行情况有报告", "2", A, "decisions_execution"),
            ("建立党组织会议和校长办公会议事规则", "3", U, ""),
            ("书记、校长定期沟通，重要事项会前充分酝酿", "2", T, ""),
            ("落实党务公开，内容真实、及时", "3", U, ""),
        ]),
        ("活动场所", [
            ("有相对固定的党员活动室，面积满足需要", "2", U, ""),
            ("活动室标识规范，党旗、入党誓词上墙", "2", U, ""),
            ("设立党建宣传栏、学习园地，定期更新", "1.5", U, ""),
            ("配备必要的设备和学习资料", "1.5", T, ""),
            ("党群服务阵地向师生开放", "1.5", T, ""),
            ("党建档案分类归档，专柜保管", "1.5", U, ""),
        ]),
        ("基本工作保障", [
            ("党建工作经费纳入学校年度预算", "2", U, ""),
            ("党费使用规范，有使用记录", "2", U, ""),
            ("党务干部待遇落实", "1.5", T, ""),
            ("党建工作纳入学校年度考核", "1.5", U, ""),
            ("巡察、督导检查发现的问题按期整改到位", "1.5", A, "rectification"),
            ("落实党风廉政建设主体责任，无违规违纪问题", "1.5", T, ""),
        ]),
    ],
    situations=[
        "党组织书记或班子成员受到党纪政务处分",
        "发生师德师风严重失范事件，造成恶劣影响",
        "发生重大安全责任事故或群体性事件",
        "“三重一大”事项未经党组织集体研究决定，造成不良后果",
        "连续 3 个月以上未开展“三会一课”等组织生活",
        "巡察、督导检查发现严重问题且整改不力",
        "违规发展党员，或在评星定级中弄虚作假",
        "出现违背党的教育方针的办学行为",
    ],
)

FIVE_STARS_THREE_STRONG = ExampleSet(
    code="wuxing", name="“五星三强”基层党组织标准（示例）", title_name="", title_min_score=None,
    levels={5: Decimal("90"), 4: Decimal("80"), 3: Decimal("70"), 2: Decimal("60"), 1: Decimal("50")},
    areas=[
        ("党建强", [
            ("“三会一课”按规定频次开展，记录完整", "20", A, "orglife_activities"),
            ("党员按月足额交纳党费", "10", A, "dues_arrears"),
            ("党组织设置规范，按期换届", "10", A, "structure"),
        ]),
        ("发展强", [
            ("完成年度发展党员计划", "10", A, "recruitment_plan"),
            ("学校办学质量稳步提升，有年度评价结果", "20", U, ""),
        ]),
        ("治理强", [
            ("“三重一大”事项经党组织会议集体研究决定", "15", A, "decisions_major"),
            ("建立并公开小微权力清单", "15", U, ""),
        ]),
    ],
    situations=SIX_GOOD.situations,
)

EXAMPLES = {s.code: s for s in (SIX_GOOD, FIVE_STARS_THREE_STRONG)}


def enter_example(owner, year: int, example: ExampleSet = SIX_GOOD, *, acting_user=None):
    """Enter an example set for `owner` and `year` through the standards services (demo data,
    tests): the set, its areas and items, thresholds and situations."""
    from dangjian.appraisal.services import rating_standards as S

    standard = S.create_set(owner, year=year, code=example.code, name=example.name, note=EXAMPLE_NOTE, is_example=True,
                            title_name=example.title_name, title_min_score=example.title_min_score,
                            acting_user=acting_user)
    for area_name, items in example.areas:
        area = S.add_area(standard, name=area_name, acting_user=acting_user)
        for text, points, evidence, check in items:
            S.save_item(standard, {"text": text, "points": points, "evidence": evidence, "check_code": check},
                        area=area, acting_user=acting_user)
    S.set_levels(standard, dict(example.levels), acting_user=acting_user)
    for text in example.situations:
        S.save_situation(standard, text=text, acting_user=acting_user)
    return standard
