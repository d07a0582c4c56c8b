"""Posts (任职) and what each may do: the one place where roles and their actions are declared.

A position on an organization covers that organization's whole subtree. A user with no
position sees only their own member record and what is published to members.
"""

from django.db import models


class Post(models.TextChoices):
    COMMITTEE_ADMIN = "committee_admin", "上级党组织管理员"
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    ORGANIZATION_MEMBER = "organization_member", "组织委员"
    PUBLICITY_MEMBER = "publicity_member", "宣传委员"
    DISCIPLINE_MEMBER = "discipline_member", "纪检委员"
    GROUP_LEADER = "group_leader", "党小组长"
    CLERK = "clerk", "党务干事"
    PRINCIPAL = "principal", "校长"


# Posts that sit on a party committee (支委会 / 党委会) and may vote there.
COMMITTEE_POSTS = {
    Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER, Post.PUBLICITY_MEMBER, Post.DISCIPLINE_MEMBER,
}


class Action(models.TextChoices):
    ORG_VIEW = "org.view", "查看组织与学校"
    ORG_EDIT = "org.edit", "维护组织信息"
    SCHOOL_EDIT = "school.edit", "维护学校信息"
    POSITION_MANAGE = "position.manage", "任免职务"
    MEMBER_VIEW = "member.view", "查看党员信息"
    MEMBER_EDIT = "member.edit", "维护党员信息"
    MEMBER_REVEAL = "member.reveal", "查看完整身份证号和手机号"
    EXPORT = "export", "批量导出"
    AUDIT_VIEW = "audit.view", "查看审计日志"
    DUES_VIEW = "dues.view", "查看党费台账"
    DUES_MANAGE = "dues.manage", "收缴和管理党费"
    ORGLIFE_VIEW = "orglife.view", "查看组织生活"
    ORGLIFE_MANAGE = "orglife.manage", "登记和管理组织生活"
    RECRUITMENT_VIEW = "recruitment.view", "查看发展党员档案"
    RECRUITMENT_MANAGE = "recruitment.manage", "办理发展党员（支部环节）"
    # Steps of the 上级党委 (备案, 预审, 谈话, 审批): only from a post on an organization above
    # the file's own (dangjian.recruitment.services checks "above", not just "in scope").
    RECRUITMENT_APPROVE = "recruitment.approve", "审批发展党员（上级党委环节）"
    RECRUITMENT_CONFIGURE = "recruitment.configure", "设定本辖区更严格的发展党员时限"
    DECISIONS_VIEW = "decisions.view", "查看议事决策"
    DECISIONS_PROPOSE = "decisions.propose", "提出议题、酝酿沟通"
    # The secretary sets the agenda (2022《意见》（六）) and the meeting's record is the committee's.
    DECISIONS_CONVENE = "decisions.convene", "确定议程、登记党组织会议与表决"
    DECISIONS_EXECUTE = "decisions.execute", "组织执行决定、报告执行情况"
    DECISIONS_OVERSEE = "decisions.oversee", "监督所辖学校议事决策、设定大额经费标准"
    # 民主评议党员: grades are sensitive (QUALITY.md), so seeing them is a right of its own.
    APPRAISAL_VIEW = "appraisal.view", "查看民主评议党员"
    APPRAISAL_MANAGE = "appraisal.manage", "组织民主评议党员、登记测评和评定结果"
    APPRAISAL_CONFIGURE = "appraisal.configure", "设定本辖区更严格的民主评议规定"
    # 评星定级 (seed 001: 自下而上、上下结合): the school rates itself; the higher committee reviews,
    # samples, publishes, grants and strips stars, and writes the standards.
    RATING_VIEW = "rating.view", "查看评星定级"
    RATING_SELF = "rating.self", "学校党组织自评、落实整顿任务"
    RATING_REVIEW = "rating.review", "审核、抽查、公示、评定星级和摘星（上级党组织）"
    RATING_CONFIGURE = "rating.configure", "制定评星定级标准"
    # 整改台账: the school carries out the rectification and asks for 销号; the level that raised the
    # problems (or the committee above it) issues batches and approves or returns a 销号 — services
    # check "above", not just "in scope": a school never closes its own items.
    RECTIFICATION_VIEW = "rectification.view", "查看整改台账"
    RECTIFICATION_MANAGE = "rectification.manage", "落实整改、报告进展、申请销号"
    RECTIFICATION_ISSUE = "rectification.issue", "下达整改任务、审核销号（上级党组织）"
    # 党务公开 (《中国共产党党务公开条例（试行）》第十五条: 提出 → 审核（保密审查）→ 审批 → 实施).
    DISCLOSURE_VIEW = "disclosure.view", "查看党务公开工作（含未公开的稿件）"
    DISCLOSURE_DRAFT = "disclosure.draft", "拟订党务公开事项"
    DISCLOSURE_REVIEW = "disclosure.review", "党务公开保密审查"
    DISCLOSURE_APPROVE = "disclosure.approve", "审批党务公开事项"
    DISCLOSURE_CONFIGURE = "disclosure.configure", "制定党务公开目录"
    # 报表: a school's drafts (自查报告, 年度党建工作总结, 述职报告) carry its members' and dues figures,
    # so they are read with the party work; the posts that fill in the school's self-assessment
    # write them (the higher committee reads a school's report, it does not write it); the
    # committees' 全景 over their schools is the higher committee's.
    REPORT_VIEW = "report.view", "查看党建报告初稿"
    REPORT_DRAFT = "report.draft", "生成和修改本组织的党建报告初稿"
    REPORT_PANORAMA = "report.panorama", "查看所辖学校党建全景和工作总结初稿"
    # 教职工名册 (party members or not): the school's party office and the principal keep it; ID
    # numbers and phones in full only for the posts that may see members' in full.
    STAFF_VIEW = "staff.view", "查看教职工名册"
    STAFF_EDIT = "staff.edit", "维护教职工名册和班子成员"
    STAFF_REVEAL = "staff.reveal", "查看教职工完整身份证号和手机号"
    # 师德师风: the yearly assessment and violations are personnel matters handled with the
    # principal; the party side is the secretary, the deputy and the 纪检委员; the higher committee
    # (the county's education bureau and committee) reads and records them too.
    ETHICS_VIEW = "ethics.view", "查看师德师风考核和违规记录"
    ETHICS_MANAGE = "ethics.manage", "登记师德师风考核、违规行为及处理"
    # 责任书 / 承诺书: a campaign is opened by the level whose people sign (the county for school
    # secretaries and principals, the school for its own staff); whoever signs signs for himself.
    PLEDGE_VIEW = "pledge.view", "查看责任书、承诺书签订情况"
    PLEDGE_MANAGE = "pledge.manage", "发起责任书、承诺书签订，登记签订情况"
    # 廉政风险台账: kept by the school's committee with the principal (who holds most small powers).
    RISK_VIEW = "risk.view", "查看廉政风险防控台账"
    RISK_MANAGE = "risk.manage", "维护廉政风险点及防控措施"
    # 党建工作联系点 and 督导: the higher committee assigns its members to schools and runs the rounds;
    # a school reads the visits and inspections that concern it.
    LIAISON_VIEW = "liaison.view", "查看党建联系点走访和督导情况"
    LIAISON_MANAGE = "liaison.manage", "安排联系点和巡回督导、登记走访与督导情况（上级党组织）"


_ALL_VIEW = {Action.ORG_VIEW}
# Whoever may see the members may see their dues; collecting them is the committee's work.
_PARTY_WORK = _ALL_VIEW | {Action.MEMBER_VIEW, Action.DUES_VIEW, Action.REPORT_VIEW}
_DUES = {Action.DUES_VIEW, Action.DUES_MANAGE}
# Organizational life: whoever does party work sees the meetings; the committee members who
# convene, record and check them (书记, 副书记, 组织委员, 宣传委员, 党务干事) and the higher committee
# (its stricter rules, its plans) manage them. 纪检委员 and 党小组长 see them; the principal does not.
_ORGLIFE = {Action.ORGLIFE_VIEW, Action.ORGLIFE_MANAGE}
# Recruitment is the 组织委员's work with the secretary; the clerk enters it; committee members who
# sit on the 支委会 read it. The higher committee also approves and may set stricter time limits.
_RECRUIT = {Action.RECRUITMENT_VIEW, Action.RECRUITMENT_MANAGE}
# Decisions: the committee members read them; the secretary (or the deputy in the chair) and the
# clerk who keeps the record convene and record votes; the principal proposes and executes but,
# unless also on the committee, only attends (列席) — never records a vote. The higher committee
# oversees and sets the money threshold.
_DECIDE = {Action.DECISIONS_VIEW, Action.DECISIONS_PROPOSE, Action.DECISIONS_CONVENE, Action.DECISIONS_EXECUTE}
# 民主评议党员: the committee members who run the round (书记, 副书记, 组织委员) and the clerk who
# enters it manage it; 宣传委员 and 纪检委员 sit on the 支委会 that decides the grades and see them;
# the higher committee oversees and may make the rules stricter (so may a school 党委's secretary
# for its branches). Group leaders and the principal do not see grades.
_APPRAISE = {Action.APPRAISAL_VIEW, Action.APPRAISAL_MANAGE}
# 评星定级: every committee member sees the organization's rating; the secretary, deputy,
# organization committee member and clerk fill in the self-assessment and report on the 整顿
# tasks. Review, sampling, 公示, the star and 摘星 are the higher committee's (services check
# "above", not just "in scope": a school never rates itself).
_RATE = {Action.RATING_VIEW, Action.RATING_SELF}
# 报表: the school's drafts are written by the posts that fill in its self-assessment (above).
_REPORT = {Action.REPORT_DRAFT}
# 整改台账: the committee members and the clerk keep the ledger (the 纪检委员 among them: seed 000 has
# the integrity and rectification ledgers as the discipline side's work); the principal, usually
# 责任领导 of the items, reads it. Issuing and 销号 are the higher committee's.
_RECTIFY = {Action.RECTIFICATION_VIEW, Action.RECTIFICATION_MANAGE}
# 党务公开: committee members and the clerk draft (the 宣传委员 above all); 保密审查 by the secretary,
# deputy, organization or discipline member (services refuse a review by the item's own drafter);
# approval by the secretary alone (the committee admin for its own committee's items).
_DISCLOSE = {Action.DISCLOSURE_VIEW, Action.DISCLOSURE_DRAFT}
_STAFF = {Action.STAFF_VIEW, Action.STAFF_EDIT}
_ETHICS = {Action.ETHICS_VIEW, Action.ETHICS_MANAGE}
_PLEDGE = {Action.PLEDGE_VIEW, Action.PLEDGE_MANAGE}
_RISK = {Action.RISK_VIEW, Action.RISK_MANAGE}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Post.COMMITTEE_ADMIN: frozenset(_PARTY_WORK | {
        Action.ORG_EDIT, Action.SCHOOL_EDIT, Action.POSITION_MANAGE, Action.MEMBER_EDIT,
        Action.MEMBER_REVEAL, Action.EXPORT, Action.AUDIT_VIEW, *_DUES, *_RECRUIT,
        Action.RECRUITMENT_APPROVE, Action.RECRUITMENT_CONFIGURE, *_ORGLIFE,
        Action.DECISIONS_VIEW, Action.DECISIONS_OVERSEE, *_APPRAISE, Action.APPRAISAL_CONFIGURE,
        Action.RATING_VIEW, Action.RATING_REVIEW, Action.RATING_CONFIGURE,
        Action.RECTIFICATION_VIEW, Action.RECTIFICATION_ISSUE, *_DISCLOSE, Action.DISCLOSURE_REVIEW,
        Action.DISCLOSURE_APPROVE, Action.DISCLOSURE_CONFIGURE, Action.REPORT_PANORAMA,
        *_STAFF, Action.STAFF_REVEAL, *_ETHICS, *_PLEDGE, Action.RISK_VIEW, Action.LIAISON_VIEW, Action.LIAISON_MANAGE,
    }),
    Post.SECRETARY: frozenset(_PARTY_WORK | {
        Action.ORG_EDIT, Action.POSITION_MANAGE, Action.MEMBER_EDIT, Action.MEMBER_REVEAL, Action.EXPORT, *_DUES,
        # a school 党委's secretary approves its branches' files (above them); never their own org's
        *_RECRUIT, Action.RECRUITMENT_APPROVE, *_ORGLIFE, *_DECIDE, *_APPRAISE, Action.APPRAISAL_CONFIGURE, *_RATE,
        *_REPORT, *_RECTIFY, *_DISCLOSE, Action.DISCLOSURE_REVIEW, Action.DISCLOSURE_APPROVE,
        *_STAFF, Action.STAFF_REVEAL, *_ETHICS, *_PLEDGE, *_RISK, Action.LIAISON_VIEW,
    }),
    Post.DEPUTY_SECRETARY: frozenset(_PARTY_WORK | _RECRUIT | _ORGLIFE | _DECIDE | _APPRAISE | _RATE | _REPORT |
                                     _RECTIFY |
                                     _DISCLOSE | _STAFF | _ETHICS | _PLEDGE | _RISK |
                                     {Action.MEMBER_EDIT, Action.EXPORT, Action.DISCLOSURE_REVIEW, Action.LIAISON_VIEW}),
    Post.ORGANIZATION_MEMBER: frozenset(_PARTY_WORK | _DUES | _RECRUIT | _ORGLIFE | _APPRAISE | _RATE | _REPORT |
                                        _RECTIFY |
                                        _DISCLOSE | {Action.MEMBER_EDIT, Action.MEMBER_REVEAL, Action.EXPORT,
                                                     Action.DECISIONS_VIEW, Action.DISCLOSURE_REVIEW,
                                                     *_STAFF, Action.STAFF_REVEAL, Action.PLEDGE_VIEW}),
    Post.PUBLICITY_MEMBER: frozenset(_PARTY_WORK | _ORGLIFE | _RECTIFY | _DISCLOSE | {
        Action.RECRUITMENT_VIEW, Action.DECISIONS_VIEW, Action.APPRAISAL_VIEW, Action.RATING_VIEW}),
    Post.DISCIPLINE_MEMBER: frozenset(_PARTY_WORK | _RECTIFY | _DISCLOSE | {
        Action.RECRUITMENT_VIEW, Action.ORGLIFE_VIEW, Action.DECISIONS_VIEW, Action.APPRAISAL_VIEW,
        Action.RATING_VIEW, Action.DISCLOSURE_REVIEW, Action.STAFF_VIEW, *_ETHICS, *_PLEDGE, *_RISK}),
    Post.GROUP_LEADER: frozenset(_PARTY_WORK | {Action.ORGLIFE_VIEW}),
    Post.CLERK: frozenset(_PARTY_WORK | _DUES | _RECRUIT | _ORGLIFE | _DECIDE | _APPRAISE | _RATE | _REPORT | _RECTIFY |
                          _DISCLOSE | _STAFF | _PLEDGE | _RISK | {Action.MEMBER_EDIT, Action.EXPORT}),
    # The principal sees the school and its organization, not the members' records; proposes
    # matters to the party organization and executes its decisions (2022《意见》（七）).
    # The principal also keeps the staff register with the party office, handles the staff's ethics
    # records (personnel matters) and holds most of the small powers the risk ledger is about.
    Post.PRINCIPAL: frozenset(_ALL_VIEW | _STAFF | _ETHICS | _RISK | {
        Action.DECISIONS_VIEW, Action.DECISIONS_PROPOSE, Action.DECISIONS_EXECUTE, Action.RECTIFICATION_VIEW,
        Action.PLEDGE_VIEW, Action.LIAISON_VIEW}),
}

# Roles whose holders must use a second factor (QUALITY.md item 9).
SECOND_FACTOR_POSTS = {Post.COMMITTEE_ADMIN}
