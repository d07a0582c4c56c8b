"""The pages of 民主评议党员 as a secretary, a member and a county administrator use them: opening a
round and taking its steps, the counts and grades tables (a refusal comes back 422 with the
rule and what was typed), the report as .docx and PDF, the results on the member record (the
member sees theirs once reported), the ballot on a phone, the statistics and the rules page."""

import io

from django.urls import reverse
from docx import Document

from dangjian.appraisal.models import MemberGrade, PollCount, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.appraisal.services import review as S
from dangjian.core.pdf import text_of
from dangjian.testing import login

from .review_helpers import branch_a_round, grade_all, member, on, reported, to_decision, to_poll


def test_the_secretary_opens_a_round_and_takes_the_first_step_in_the_pages(client, world, time_machine):
    on(time_machine, "2026-12-01")
    login(client, world.secretary_a)
    page = client.get(reverse("appraisal:review_new"))
    assert page.status_code == 200 and "开展民主评议党员" in page.content.decode()
    answer = client.post(reverse("appraisal:review_new"), {"org": world.branch_a.pk, "year": 2026,
                                                            "as_of": "2026-12-01", "note": "结合组织生活会"})
    round_ = ReviewRound.objects.get(org=world.branch_a)
    assert answer.status_code == 302 and answer["Location"] == reverse("appraisal:review", args=[round_.pk])
    html = client.get(answer["Location"]).content.decode()
    assert "学习教育" in html and "下一步：学习教育结束，开始个人自评" in html and "张伟" in html
    client.post(reverse("appraisal:review_step", args=[round_.pk]), {"occurred_on": "2026-12-01"})
    round_.refresh_from_db()
    assert round_.state == R.Step.SELF_REVIEW


def test_a_second_round_of_the_year_comes_back_with_the_yearly_rule(client, world, time_machine):
    on(time_machine, "2026-12-01")
    branch_a_round(world)
    login(client, world.secretary_a)
    answer = client.post(reverse("appraisal:review_new"), {"org": world.branch_a.pk, "year": 2026, "as_of": "2026-12-01"})
    assert answer.status_code == 422 and "每个支部每年一轮" in answer.content.decode()


def test_counts_above_the_number_present_come_back_422_with_the_rule_and_what_was_typed(client, world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world))
    login(client, world.secretary_a)
    yang = member(world, "杨帆")
    answer = client.post(reverse("appraisal:review_counts", args=[round_.pk]),
                         {"present": "8", f"c{yang.pk}-excellent": "6", f"c{yang.pk}-qualified": "3"})
    html = answer.content.decode()
    assert answer.status_code == 422 and "超过参加测评的 8 人" in html and 'value="6"' in html
    assert not PollCount.objects.filter(round=round_, excellent__gt=0).exists()
    answer = client.post(reverse("appraisal:review_counts", args=[round_.pk]),
                         {"present": "8", f"c{yang.pk}-excellent": "5", f"c{yang.pk}-qualified": "3"})
    assert answer.status_code == 302


def test_a_third_excellent_in_the_grades_table_comes_back_422_naming_the_cap(client, world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    login(client, world.secretary_a)
    page = client.get(reverse("appraisal:review_grades", args=[round_.pk])).content.decode()
    assert "至多 <strong>3</strong> 人" in page
    lin = member(world, "林晓")
    assert '<option value="excellent"' not in page.split(f'id="g{lin.pk}"')[1].split("</select>")[0]
    data = {f"g{e.member.pk}": "qualified" for e in roster(round_)}
    for name in ("张伟", "陈静", "杨帆", "孙丽"):
        data[f"g{member(world, name).pk}"] = "excellent"
    answer = client.post(reverse("appraisal:review_grades", args=[round_.pk]), data)
    assert answer.status_code == 422 and "超过上限 3 人" in answer.content.decode()
    assert not MemberGrade.objects.filter(round=round_).exists()
    data[f"g{member(world, '杨帆').pk}"] = "qualified"
    assert client.post(reverse("appraisal:review_grades", args=[round_.pk]), data).status_code == 302
    assert MemberGrade.objects.filter(round=round_).count() == 10


def test_the_report_lists_every_member_with_counts_and_grade_in_word_and_pdf(client, world, time_machine):
    on(time_machine, "2026-12-05")
    round_ = reported(world, {"张伟": "excellent", "高峰": "basic"})
    login(client, world.secretary_a)
    answer = client.get(reverse("appraisal:review_report_docx", args=[round_.pk]))
    assert answer.status_code == 200
    document = Document(io.BytesIO(b"".join(answer.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "2026年度民主评议党员结果" in text and "东城区第一中学党支部" in text
    assert "基本合格" in cells and "优秀" in cells and "林晓" in cells and "预备党员" in cells
    assert "改进措施（基本合格）" in cells
    pdf = client.get(reverse("appraisal:review_report_pdf", args=[round_.pk]))
    assert pdf.status_code == 200 and "民主评议党员结果" in text_of(pdf.content)


def test_the_member_sees_the_grade_on_their_own_page_only_once_reported(client, world, time_machine):
    on(time_machine, "2026-12-04")
    round_ = to_decision(world)
    login(client, world.member_a)
    grade_all(world, round_, {"杨帆": "excellent"})
    own = client.get(reverse("members:me")).content.decode()
    assert "民主评议党员" in own and "还没有已通报的民主评议结果" in own
    S.transition(round_, R.Step.REPORTED, facts={"decided_by": "committee_meeting"}, acting_user=world.secretary_a)
    own = client.get(reverse("members:me")).content.decode()
    assert "2026年度" in own and "优秀" in own


def test_the_secretary_sees_the_results_on_a_members_record(client, world, time_machine):
    on(time_machine, "2026-12-05")
    reported(world, {"杨帆": "excellent"})
    login(client, world.secretary_a)
    html = client.get(reverse("members:detail", args=[world.m_member_a.pk])).content.decode()
    assert 'id="review-results"' in html and "优秀" in html


def test_a_member_votes_on_a_phone_once(client, world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world), mode=R.PollMode.ONLINE)
    login(client, world.member_a)
    listing = client.get(reverse("appraisal:review_ballots")).content.decode()
    assert "去测评" in listing
    zhang = member(world, "张伟")
    page = client.get(reverse("appraisal:review_ballot", args=[round_.pk])).content.decode()
    assert "张伟" in page and f'name="v{world.m_member_a.pk}"' not in page
    answer = client.post(reverse("appraisal:review_ballot", args=[round_.pk]), {f"v{zhang.pk}": "excellent"})
    assert answer.status_code == 302
    again = client.post(reverse("appraisal:review_ballot", args=[round_.pk]), {f"v{zhang.pk}": "excellent"})
    assert again.status_code == 422 and PollCount.objects.get(round=round_, member=zhang).excellent == 1


def test_another_branchs_member_cannot_open_the_ballot(client, world, time_machine):
    on(time_machine, "2026-12-02")
    round_ = to_poll(world, branch_a_round(world), mode=R.PollMode.ONLINE)
    login(client, world.secretary_b)
    assert client.get(reverse("appraisal:review_ballot", args=[round_.pk])).status_code == 404


def test_the_county_sees_grades_per_school_once_reported(client, world, time_machine):
    on(time_machine, "2026-12-05")
    reported(world, {"张伟": "excellent", "高峰": "unqualified"})
    login(client, world.county_admin)
    html = client.get(reverse("appraisal:review_statistics"), {"org": world.county_a.pk, "year": 2026}).content.decode()
    row = html.split("东城区第一中学")[1].split("</tr>")[0]
    assert "1（1）" in row and ">10<" in row
    assert "东城区实验小学" in html


def test_the_county_publishes_a_stricter_share_on_the_rules_page(client, world, time_machine):
    on(time_machine, "2026-11-20")
    login(client, world.county_admin)
    url = reverse("appraisal:review_rules") + f"?org={world.county_a.pk}"
    answer = client.post(url, {"excellent_percent": "40", "effective_from": "2026-11-20", "reason": "文件"})
    assert answer.status_code == 422 and "只能规定更低的比例" in answer.content.decode()
    assert client.post(url, {"excellent_percent": "25", "effective_from": "2026-11-20", "reason": "文件"}).status_code == 302
    assert "25%" in client.get(url).content.decode()


def test_a_member_writes_the_annual_report_in_the_page(client, world, time_machine):
    on(time_machine, "2026-12-01")
    login(client, world.member_a)
    answer = client.post(reverse("appraisal:self_reports"), {"year": "2026", "period": "annual",
                                                             "study": "学习党章", "work": "完成教学任务"})
    assert answer.status_code == 302
    assert "完成教学任务" in client.get(reverse("appraisal:self_reports")).content.decode()
    editing = client.get(reverse("appraisal:self_reports"), {"year": 2026, "period": "annual"}).content.decode()
    assert "完成教学任务</textarea>" in editing  # the form opens with the report to change
