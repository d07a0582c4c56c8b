"""The objects the matrix needs beyond build_world(), made through the services like real ones:
a member of each side in a pending transfer, contact corrections, dues bases, ledgers and
payments (built once per module), and branch A's import job (per test: it stores a file)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from matrix.lifemeeting import extend_life_meetings
from matrix.supervision import extend_supervision

BASE = "4000.00"          # in service: 1 %, so 40.00 a month
MONTHS = ("2026-09", "2026-10", "2026-11")
PAID_MONTH = "2026-11"    # one paid month per member below, so there is an entry to reverse
PHONE = "13900001111"


def extend_world(w) -> None:
    """Transfers, corrections, dues over the whole city. The services act as the system
    (acting_user None) or as the member for their own correction."""
    from dangjian.dues import services as dues
    from dangjian.dues.models import DuesLine
    from dangjian.dues.rules import Category
    from dangjian.dues.services import record_payment
    from dangjian.members.models import Member
    from dangjian.members.services import request_contact_correction, start_transfer

    today = timezone.localdate()
    w.m_moving_a = Member.objects.get(org=w.branch_a, name="孙丽")
    w.transfer_a_to_b = start_transfer(w.m_moving_a, to_org=w.branch_b, letter_number="东教组转〔2026〕12号",
                                       requested_on=today, reason="工作调动")
    w.transfer_c_to_joint = start_transfer(w.m_c, to_org=w.joint, letter_number="西教组转〔2026〕3号",
                                           requested_on=today, reason="工作调动")
    w.correction_of_member_a = request_contact_correction(w.m_member_a, phone=PHONE, acting_user=w.member_a)
    w.correction_of_secretary_b = request_contact_correction(w.m_secretary_b, phone="13900002222",
                                                             acting_user=w.secretary_b)

    for member in Member.objects.all():
        dues.set_base(member, base=BASE, category=Category.IN_SERVICE, effective_month="2025-01")
    for month in MONTHS:
        dues.generate_ledger(w.city, month)

    def line(member, month):
        return DuesLine.objects.get(member=member, month=datetime.date.fromisoformat(f"{month}-01"))

    def pay(member, key):
        return record_payment(line(member, PAID_MONTH), amount="40.00", method="cash", paid_on=today,
                              idempotency_key=key).payment

    w.line_of_member_a, w.line_of_secretary_b, w.line_of_c = (
        line(m, "2026-10") for m in (w.m_member_a, w.m_secretary_b, w.m_c))
    w.payment_of_member_a = pay(w.m_member_a, "matrix-a")
    w.payment_of_secretary_b = pay(w.m_secretary_b, "matrix-b")
    w.payment_of_c = pay(w.m_c, "matrix-c")
    _recruitment_files(w, today)
    extend_life_meetings(w)
    extend_supervision(w)
    _reviews(w, today)
    from matrix.routes_rating import add_ratings  # 评星定级 (issue 13): built beside its routes

    add_ratings(w, today)
    from matrix.routes_duty_review import add_duty_reviews  # 述职评议 (issue 16): built beside its routes

    add_duty_reviews(w, today)
    from matrix.routes_staff import add_staff  # 教职工名册 (issue 17): built beside its routes

    add_staff(w)
    from matrix.routes_ethics import add_ethics  # 师德师风 (issue 17): built beside its routes

    add_ethics(w)
    from matrix.routes_pledges import add_pledges  # 责任书 / 承诺书 (issue 17): built beside its routes

    add_pledges(w)


def _recruitment_files(w, today) -> None:
    """One applicant's file in branch A, branch B and county B's branch (names used nowhere else)."""
    from dangjian.recruitment.services import open_file
    from dangjian.testing import make_id_number

    applied = today - datetime.timedelta(days=10)
    for attr, org, name, serial in (("file_a", w.branch_a, "钱立新", 801), ("file_b", w.branch_b, "孙志远", 802),
                                    ("file_c", w.branch_c1, "吴海燕", 803)):
        setattr(w, attr, open_file(org=org, name=name, applied_on=applied,
                                   id_number=make_id_number(datetime.date(1996, 1, 1), serial)))

    # organizational life: a 主题党日 of branch A, branch B and county B's branch (issue 4)
    from dangjian.orglife.services import record_meeting

    held = today - datetime.timedelta(days=3)
    w.meeting_a, w.meeting_b, w.meeting_c = (
        record_meeting(org, kind="theme_day", held_on=held, place="党员活动室", topic="主题党日：重温入党誓词")
        for org in (w.branch_a, w.branch_b, w.branch_c1))
    from dangjian.orglife.models import PlanItem
    from dangjian.orglife.services import generate_plan

    for org in (w.branch_a, w.branch_b, w.branch_c1):
        generate_plan(org, today.year)
    w.plan_item_a, w.plan_item_b, w.plan_item_c = (
        PlanItem.objects.filter(org=org, kind="theme_day").order_by("period_start").first()
        for org in (w.branch_a, w.branch_b, w.branch_c1))
    _decisions(w, today)


def _decisions(w, today) -> None:
    """议事决策 (issue 7): in branch A, branch B and county B's branch a 三重一大 matter taken
    through the 校长办公会, the talk and a committee meeting that passed it (ready to execute),
    and one 小微权力 each. County B's branch gets its secretary's seat (no account: nobody's scope)."""
    from dangjian.decisions import services as decisions
    from dangjian.decisions.services import record_meeting, record_votes
    from dangjian.orgs.models import Position

    Position.objects.create(org=w.branch_c1, post="secretary", person_name="韩磊", member=w.m_c,
                            started_on=datetime.date(2024, 9, 1))
    day = today - datetime.timedelta(days=20)
    for suffix, org, title in (("a", w.branch_a, "东城一中塑胶跑道改造"), ("b", w.branch_b, "实验小学食堂设备更新"),
                               ("c", w.branch_c1, "西城二中实验楼维修")):
        matter = decisions.create_matter(org, title=title, category="construction", amount="300000", raised_on=day)
        decisions.transition(matter, "proposed", occurred_on=day, facts={"meeting_note": "校长办公会研究"})
        decisions.transition(matter, "communicated", occurred_on=day, facts={"communication": "书记与校长沟通一致"})
        seats = list(Position.objects.filter(org=org, post__in=["secretary", "organization_member"]))
        meeting = record_meeting(org, held_on=day, host_name=seats[0].person_name, present=[p.pk for p in seats],
                                 matters=[matter])
        record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": len(seats)}])
        matter.refresh_from_db()
        setattr(w, f"matter_{suffix}", matter)
        setattr(w, f"meeting_decision_{suffix}", meeting)
        setattr(w, f"power_{suffix}", decisions.save_power(org, {
            "name": f"{title[:4]}教师外出培训审批", "basis": "学校教师培训管理办法", "responsible_post": "教务处主任",
            "steps": "教师申请\n教务处审核\n分管校长审批"}))


def _reviews(w, today) -> None:
    """民主评议党员 (issue 13): in branch A, branch B and county B's branch a round of this year taken
    to 上报 with its first member graded 基本合格 (so each has an 改进措施 task); and in branch A
    last year's round left open at an online 民主测评, so its members hold an unused ballot."""
    from dangjian.appraisal.rules import review as R
    from dangjian.appraisal.selectors.review import roster
    from dangjian.appraisal.services import review as reviews
    from dangjian.appraisal.services.review_grades import record_grades
    from dangjian.appraisal.services.review_poll import record_counts

    as_of = today - datetime.timedelta(days=3)
    for suffix, org in (("a", w.branch_a), ("b", w.branch_b), ("c", w.branch_c1)):
        round_ = reviews.create_round(org, year=as_of.year, as_of=as_of)
        for step in (R.Step.SELF_REVIEW, R.Step.PEER_REVIEW):
            reviews.transition(round_, step, occurred_on=as_of)
        reviews.transition(round_, R.Step.POLL, occurred_on=as_of, facts={"poll_mode": "entered"})
        entries = roster(round_)
        record_counts(round_, present=len(entries), rows=[{"member_id": e.member.pk, "qualified": 1} for e in entries])
        reviews.transition(round_, R.Step.DECISION, occurred_on=today)
        record_grades(round_, [{"member_id": e.member.pk, "grade": "basic" if i == 0 else "qualified"}
                               for i, e in enumerate(entries)])
        round_ = reviews.transition(round_, R.Step.REPORTED, occurred_on=today,
                                    facts={"decided_by": "committee_meeting", "decided_on": today})
        setattr(w, f"review_{suffix}", round_)
        setattr(w, f"follow_up_{suffix}", round_.grades.get(grade="basic").follow_ups.get())
    last_year = datetime.date(today.year - 1, 12, 1)
    w.review_a_online = reviews.create_round(w.branch_a, year=last_year.year, as_of=last_year)
    for step in (R.Step.SELF_REVIEW, R.Step.PEER_REVIEW):
        reviews.transition(w.review_a_online, step, occurred_on=last_year)
    reviews.transition(w.review_a_online, R.Step.POLL, occurred_on=last_year, facts={"poll_mode": "online"})


def import_job_a(w):
    """Branch A's validated import job of one new member, uploaded by secretary_a."""
    from dangjian.members import import_jobs

    return import_jobs.start_job(SimpleUploadedFile("党员信息.xlsx", import_file(org_code="")),
                                 user=w.secretary_a, org=w.branch_a)


def attachment_of(meeting):
    """A sign-in sheet photo (a 1×1 PNG) of the meeting, stored through the service."""
    from dangjian.orglife.services import add_attachment
    from dangjian.orglife.tests.images import png_bytes

    return add_attachment(meeting, SimpleUploadedFile("签到表.png", png_bytes()), kind="sign_in")


def attachment_of_matter(matter):
    """A scanned budget (a 1×1 PNG) of the matter, stored through the service."""
    from dangjian.decisions.services import add_attachment
    from dangjian.orglife.tests.images import png_bytes

    return add_attachment(matter, SimpleUploadedFile("预算表.png", png_bytes()))


def import_file(*, org_code: str) -> bytes:
    from dangjian.members.tests.importfiles import person, workbook

    return workbook([person(name="导入测试", org_code=org_code, group="")])


# Multipart uploads of the API import: a clean row for the chosen organization, and a row of
# county B's branch (outside everyone's edit scope but the city's).
UPLOADS = {
    "row_for_target": lambda: import_file(org_code=""),
    "row_of_branch_c1": lambda: import_file(org_code="C01B-001-1"),
}

