"""书记抓党建述职评议 for the demo: for every county committee, last year's 年底 round taken to its
end and this year's 党建月 round under way — through the same services the pages call.

Last year's 年底 round (opened 1 December, reports due the 20th, the 党员大会 on the 28th): every
secretary submitted (one late where a county has enough schools, as the results list them), the
county entered the 测评 counts — those present at most the organization's members, the votes at
most those present, a few abstaining — and the two process scores; the composite and its grade
follow from the weights in force. Two 点评意见 on one school's report (school A's in the personas'
county), the first put on the school's 整改台账 in January and, once its dates have passed,
taken to 销号 with evidence like any item.

This year's 党建月 round, opened two weeks ago and due in a week: secretary A's report drafted from
the system's data and still a draft (her to-do), secretary B's submitted on time, most other
secretaries submitted, the rest — at least one school — not started.

A secretary with an account (the personas) has the report drafted by the registered drafter
(dangjian.appraisal.duty_drafts) and fills the paragraphs it leaves for people before submitting;
the others write short texts of the kind those reports hold. Everyone else acts as the system
(acting_user None), as in the other demo modules. The personas' schools and a few others of their
county go through the services, one call or two per school and round; the other written reports
and assessments go through the batch services (duty_review_bulk: the same judgement, one audit
entry per round), since a service call per school took the city's 2,211 schools minutes — each
call's audit entry costs more as the seed's one transaction grows (the audit head and the change
marks up to the root are updated by every entry, and no version of them is pruned before the
commit).
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.appraisal.duty_drafts import duty_report_drafter
from dangjian.appraisal.models import DutyEntry
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import member_counts
from dangjian.appraisal.services import duty_review as S
from dangjian.appraisal.services import duty_review_assessment as A
from dangjian.appraisal.services import duty_review_bulk as BULK
from dangjian.core.roles import Post
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.orgs.selectors import school_roots
from dangjian.supervision.models import Evidence
from dangjian.supervision.services import rectification_flow as F

D_ = datetime.timedelta
SUBMITTED_SHARE = 0.7       # of the other secretaries, this year's round so far
ABSENT_SHARE = (0.0, 0.15)  # of the members, away from the 党员大会
ABSTAIN = 0.03
# In the personas' county, besides the personas' own schools, this many entries a round go through
# the services one call at a time (an audit entry each, as on screen); the rest in batches.
SERVICE_ENTRIES = 5
RECTIFY_DAYS = 90
# Votes 好 / 较好 / 一般 / 差 by how a secretary's year went, and the process scores that go with it.
STANDING = {"strong": ((75, 20, 5, 0), (88, 98)), "solid": ((40, 45, 13, 2), (78, 92)),
            "weak": ((20, 45, 30, 5), (65, 84))}
STANDING_WEIGHTS = (55, 35, 10)

OPENING = ["本人担任{org}书记，是学校党建工作第一责任人。一年来，坚持党建工作与教育教学工作同谋划、同部署、同考核，"
           "现将抓党建工作情况报告如下。",
           "任职以来，本人认真履行全面从严治党主体责任，把抓好党建作为学校工作的根本，现就{org}党建工作述职如下。"]
# The opening's paragraph the drafter leaves to the secretary: the year as a whole.
OVERALL = ["一年来，学校党组织围绕立德树人根本任务，把党建工作融入教育教学全过程，党组织的政治功能和组织力进一步增强，"
           "党员教师在教学改革、课后服务和家校共育中发挥了示范作用。",
           "一年来，在上级党组织的领导下，学校党组织坚持“党建引领、铸魂育人”，以支部标准化规范化建设为抓手，"
           "较好地完成了年度党建工作任务。"]
# One pair per heading of R.REPORT_SECTIONS, in its order.
TEXTS = [
    ["年初召开支委会研究制定年度党建工作计划，与支部委员、党小组长签订党建工作责任书，每季度听取一次党建工作汇报。",
     "坚持“第一议题”制度，亲自部署、亲自过问党建重点工作，带头讲专题党课，落实“一岗双责”。"],
    ["组织党员教师集中学习习近平新时代中国特色社会主义思想和党的二十大精神，结合“三会一课”开展专题研讨。",
     "把师德师风建设融入思想政治工作，组织党员教师到爱国主义教育基地开展主题党日活动。"],
    ["坚持民主集中制，“三重一大”事项全部经党组织会议集体研究决定，班子成员分工明确、团结协作。",
     "认真开好组织生活会，班子成员之间开展批评与自我批评，对照检查的问题逐项整改。"],
    ["规范设置党小组，“三会一课”、主题党日、谈心谈话等制度落实到位。",
     "推进党支部标准化规范化建设，完善党员活动室，党建档案分类归档、规范管理。"],
    ["坚持把骨干教师培养成党员、把党员培养成骨干教师，严格履行发展党员程序。",
     "设立党员先锋岗、党员示范课，党员教师在教育教学和课后服务中带头攻坚。"],
    ["修订完善党支部议事规则和党员教育管理制度，把党建工作纳入学校年度考核。",
     "建立党建工作台账，每月对照检查“三会一课”、党费收缴、党务公开等制度的执行情况。"],
    ["组织党员干部签订党风廉政建设责任书，开展廉政警示教育，严格执行中央八项规定精神。",
     "围绕物资采购、招生收费、评优评先等环节开展廉政风险排查，规范小微权力运行。"],
    ["每学期专题研究意识形态工作，加强校园网站、公众号、宣传栏等阵地管理。",
     "建立讲座报告审批制度，及时掌握师生思想动态，牢牢把握意识形态工作主动权。"],
    ["对上年度述职评议指出的问题逐条建立整改台账，明确责任人和完成时限，已按期完成整改。",
     "针对上级督导反馈的问题，召开专题会议研究整改措施，整改情况在党员大会上通报。"],
    ["不足：理论学习的深度还不够，党建与业务融合还不够紧密。下一步，将创新学习形式，推动党建与教育教学深度融合。",
     "不足：党员发挥作用的平台还不够多，对青年教师的政治引领有待加强。下一步，将搭建更多党员示范岗位，加强青年教师培养。"],
]
COMMENTS = ["“三会一课”记录不够规范，部分党小组会缺少会议记录，须建立会议记录审核制度并逐月检查。",
            "述职报告对问题剖析不够深入，整改措施针对性不强，下一年度须量化整改目标、明确完成时限。",
            "党建与教育教学融合不够紧密，党员示范岗作用发挥不明显，须结合学科教研开展主题党日。",
            "青年教师入党积极分子培养偏少，须制定发展党员工作计划并按季度对照检查。"]
# A paragraph the drafter leaves for people: 【由书记撰写：…】.
LEFT_FOR_PEOPLE = re.compile(r"【由[^：】]*撰写：[^】]*】")
NUMERALS = "一二三四五六七八九十"


@dataclass
class DutyReviewCounts:
    rounds: int = 0
    entries: int = 0
    submitted: int = 0
    late: int = 0
    drafted_by_system: int = 0
    assessed: int = 0
    comments: int = 0
    rectified: int = 0
    vacant: int = 0


@dataclass
class Actors:
    """The persona accounts, where the demo has them (None acts as the system)."""

    county_admin: object = None
    county_path: str = ""
    school_a: int | None = None  # the organization of secretary A

    def committee_user(self, committee: PartyOrg):
        return self.county_admin if committee.path == self.county_path else None


def _actors() -> Actors:
    User = get_user_model()
    admin = User.objects.filter(username="county_admin").first()
    county = Position.objects.filter(user=admin, post=Post.COMMITTEE_ADMIN).select_related("org").first() if admin else None
    school_a = Position.objects.filter(user__username="secretary_a", post=Post.SECRETARY).values_list(
        "org_id", flat=True).first()
    return Actors(admin, county.org.path if county else "", school_a)


def county_committees() -> list[PartyOrg]:
    """The education committees with no committee below them: the 区县 (at school scale, the one county)."""
    committees = list(PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE, is_active=True).order_by("path"))
    return [c for c in committees if not any(o.path != c.path and o.path.startswith(c.path) for o in committees)]


def write_duty_reviews(today: datetime.date, seed: int) -> DutyReviewCounts:
    rng = random.Random(f"{seed}:duty_reviews")
    counts = DutyReviewCounts()
    actors = _actors()
    for committee in county_committees():
        if not school_roots(committee):
            continue
        _last_year(committee, today, rng, actors, counts)
        _this_year(committee, today, rng, actors, counts)
    return counts


# --- the reports ---------------------------------------------------------------------------------

def _written(rng: random.Random, org_name: str) -> list[dict]:
    opening = {"heading": "", "text": rng.choice(OPENING).format(org=org_name)}
    return [opening] + [{"heading": h, "text": rng.choice(TEXTS[i])} for i, h in enumerate(R.REPORT_SECTIONS)]


def _filled(rng: random.Random, sections: list[dict]) -> list[dict]:
    """The drafter's sections with the paragraphs it leaves for people written, as the secretary
    does before submitting; its 【待补充：…】 marks (figures the system does not hold) stay."""
    out = []
    for section in sections:
        heading = section["heading"]
        index = NUMERALS.find(heading[:1]) if heading else -1  # 一、… 十、 in R.REPORT_SECTIONS' order
        pool = TEXTS[index] if 0 <= index < len(TEXTS) else OVERALL
        out.append({"heading": heading, "text": LEFT_FOR_PEOPLE.sub(lambda _m, pool=pool: rng.choice(pool), section["text"])})
    return out


def _report(entry: DutyEntry, day: datetime.date, rng: random.Random, counts: DutyReviewCounts, *,
            submit: bool) -> DutyEntry:
    """The secretary's report: drafted from the data where the secretary has an account and a
    drafter is registered, else written; saved, and submitted on `day` if `submit`."""
    secretary = entry.secretary
    if secretary is not None and duty_report_drafter() is not None:
        entry = S.draft_from_system(entry, acting_user=secretary, today=day)
        counts.drafted_by_system += 1
        if not submit:
            return entry
        sections = _filled(rng, entry.sections)
    else:
        sections = _written(rng, entry.org.name)
    entry = S.save_report(entry, sections=sections, submit=submit, acting_user=secretary, today=day)
    if submit:
        counts.submitted += 1
        counts.late += entry.late
    return entry


# --- last year's 年底 round, assessed --------------------------------------------------------------

def _last_year(committee: PartyOrg, today: datetime.date, rng: random.Random, actors: Actors,
               counts: DutyReviewCounts) -> None:
    year = today.year - 1
    opened, deadline, meeting = datetime.date(year, 12, 1), datetime.date(year, 12, 20), datetime.date(year, 12, 28)
    user = actors.committee_user(committee)
    round_ = S.open_round(committee, kind=R.Kind.YEAR_END, year=year, deadline=deadline, meeting_on=meeting,
                          note="年底在党员大会上向全体党员述职，会上测评；上级党组织派员参加", acting_user=user, today=opened)
    entries = list(round_.entries.select_related("org", "round__org", "secretary").order_by("org__path"))
    # one secretary late (listed so in the results) where a county has more than the personas' schools
    late = (next((e for e in reversed(entries) if e.secretary_id is None and e.secretary_name), None)
            if len(entries) >= 3 else None)
    counts.rounds += 1
    counts.entries += len(entries)
    members = member_counts([e.org for e in entries])  # the service's own limit on those present at a 党员大会
    reports, assessments = [], []
    singles = SERVICE_ENTRIES if committee.path == actors.county_path else 0
    for entry in entries:
        day = deadline + D_(days=rng.randint(1, 3)) if entry is late else opened + D_(days=rng.randint(3, 19))
        if not entry.secretary_name:
            # The post was vacant the day the round opened (the demo's secretaries took office at
            # different dates): nobody was due to report, so the entry stays unsubmitted and unassessed.
            counts.vacant += 1
            continue
        if entry.secretary is not None or singles > 0:
            singles -= 1
            entry = _report(entry, day, rng, counts, submit=True)
            A.record_assessment(entry, **_assessment(members.get(entry.org_id, 0), rng), acting_user=user)
        else:
            reports.append((entry, _written(rng, entry.org.name), day))
            assessments.append((entry, _assessment(members.get(entry.org_id, 0), rng)))
        counts.assessed += 1
    _submit_batch(reports, counts)
    if assessments:
        BULK.record_assessments(assessments, acting_user=user)
    commented = (next((e for e in entries if e.org_id == actors.school_a), None)
                 or next((e for e in entries if e.secretary_name), entries[0]))
    _comments(commented, meeting, today, rng, user, counts)


def _assessment(members: int, rng: random.Random) -> dict:
    """The county's entry for one secretary: who came to the 党员大会 (at most the organization's
    `members`), their votes by how the year went, and the two process scores."""
    weights, (low, high) = STANDING[rng.choices(list(STANDING), STANDING_WEIGHTS)[0]]
    present, votes = None, {}
    if members:
        present = max(1, members - round(members * rng.uniform(*ABSENT_SHARE)))
        votes = dict.fromkeys(R.GRADES, 0)
        for _ in range(present):
            if rng.random() >= ABSTAIN:
                votes[rng.choices(R.GRADES, weights)[0]] += 1
        if not any(votes.values()):
            votes[R.Grade.GOOD] = 1
    return {"present": present, "counts": votes, "meeting_score": _score(rng, low, high),
            "supervision_score": _score(rng, low, high)}


def _submit_batch(reports: list, counts: DutyReviewCounts) -> None:
    """Written reports of secretaries without an account, submitted together (the system acts)."""
    if not reports:
        return
    for entry in BULK.submit_reports(reports, acting_user=None):
        counts.submitted += 1
        counts.late += entry.late


def _score(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 10, high * 10)) / 10


def _comments(entry: DutyEntry, meeting: datetime.date, today: datetime.date, rng: random.Random, user,
              counts: DutyReviewCounts) -> None:
    """Two 点评意见; the first put on the school's 整改台账 after the holidays and followed to 销号
    as far as its dates have come."""
    first, second = rng.sample(COMMENTS, 2)
    comment = A.add_comment(entry, first, acting_user=user)
    A.add_comment(entry, second, acting_user=user)
    counts.comments += 2
    issued = min(meeting + D_(days=rng.randint(8, 14)), today)
    item = A.rectify_comment(comment, deadline=issued + D_(days=RECTIFY_DAYS), acting_user=user, today=issued,
                             owner_name=entry.secretary_name or "支部委员会")
    counts.rectified += 1
    school = _school_user(entry)
    progress_on, requested_on, closed_on = (issued + D_(days=30), issued + D_(days=70), issued + D_(days=80))
    if progress_on > today:
        return
    evidence = _evidence(entry.org)
    F.report_progress(item, progress=60 if requested_on <= today else 50, text="已建立会议记录审核制度，逐月检查",
                      files=[evidence] if evidence else [], occurred_on=progress_on, acting_user=school, today=today)
    if requested_on > today or evidence is None:
        return
    F.request_closure(item, text="整改措施已全部落实，佐证材料齐全，申请销号", occurred_on=requested_on,
                      acting_user=school, today=today)
    if closed_on <= today:
        F.approve_closure(item, note="经核查，整改到位，同意销号", occurred_on=closed_on, acting_user=user,
                          today=today)


def _school_user(entry: DutyEntry):
    """The secretary's account acts for the school while still in post (else the system)."""
    return entry.secretary if entry.secretary is not None and Position.objects.filter(
        org=entry.org, post=Post.SECRETARY, user=entry.secretary, ended_on__isnull=True).exists() else None


def _evidence(org: PartyOrg) -> SimpleUploadedFile | None:
    """A copy of one of the school's stored evidence files (the supervision demo drew them): the
    rectification here needs one, and drawing another PDF would cost the seed a WeasyPrint run."""
    stored = Evidence.objects.filter(event__item__batch__org=org, file_kind="pdf").values_list("path", "name").first() \
        or Evidence.objects.filter(file_kind="pdf").values_list("path", "name").first()
    if stored is None or not Path(stored[0]).exists():
        return None
    return SimpleUploadedFile(stored[1], Path(stored[0]).read_bytes(), content_type="application/pdf")


# --- this year's 党建月 round, under way ------------------------------------------------------------

def _this_year(committee: PartyOrg, today: datetime.date, rng: random.Random, actors: Actors,
               counts: DutyReviewCounts) -> None:
    opened = today - D_(days=14)
    round_ = S.open_round(committee, kind=R.Kind.PARTY_MONTH, year=today.year, deadline=today + D_(days=7),
                          meeting_on=today + D_(days=14), note="“党建月”期间向上级党组织述职，会上测评",
                          acting_user=actors.committee_user(committee), today=opened)
    entries = list(round_.entries.select_related("org", "round__org", "secretary").order_by("org__path"))
    counts.rounds += 1
    counts.entries += len(entries)
    others = [e for e in entries if e.secretary_id is None]
    not_started = others[-1] if others else None
    reports = []
    singles = SERVICE_ENTRIES if committee.path == actors.county_path else 0
    for entry in entries:
        day = opened + D_(days=rng.randint(2, 13))
        if entry.org_id == actors.school_a:
            _report(entry, today - D_(days=1), rng, counts, submit=False)  # still her draft: her to-do
        elif entry.secretary_id is not None or (entry is not not_started and rng.random() < SUBMITTED_SHARE):
            if entry.secretary_id is not None or singles > 0:
                singles -= 1
                _report(entry, day, rng, counts, submit=True)
            else:
                reports.append((entry, _written(rng, entry.org.name), day))
    _submit_batch(reports, counts)
